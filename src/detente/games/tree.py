"""Extensive-form games: the builder users write, and its validation.

A game is a tree of three kinds of node, built with :func:`decision`, :func:`chance` and
:func:`terminal`, and wrapped in a :class:`Game` with named players and parameter defaults::

    from detente.games import Game, decision, terminal

    game = Game(
        players=["Challenger", "Defender"],
        parameters={"a": 0.5, "b": 0.5, "wC": -0.2, "wD": -0.5},
        root=decision("Challenger", {
            "status quo": terminal("SQ", 0, 0),
            "challenge": decision("Defender", {
                "concede": terminal("Concede", 1, -1),
                "resist": decision("Challenger", {
                    "back down": terminal("BackDown", "-a", "b"),
                    "fight": terminal("War", "wC", "wD"),
                }),
            }),
        }),
    )

Payoffs and chance probabilities are numbers or formulas of named parameters
(:mod:`detente.games.expressions`). Nodes that share an ``infoset`` name form one information
set: the mover cannot tell them apart. A built game compiles once to flat node tables
(:mod:`detente.games.node_tables`) that every solver works on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from detente.errors import GameError, ParameterError
from detente.games.expressions import Expression

if TYPE_CHECKING:
    from detente.games.node_tables import NodeTables

Number = float | int
Payoff = Number | str | Expression


@dataclass(eq=False)
class Terminal:
    """An end of play with one payoff per player."""

    label: str
    payoffs: tuple[Payoff, ...] | dict[str, Payoff]

    kind = "terminal"


@dataclass(eq=False)
class Decision:
    """A node where ``player`` chooses one of ``actions`` (label -> next node)."""

    player: str
    actions: dict[str, Node]
    infoset: str | None = None
    name: str | None = None

    kind = "decision"


@dataclass(eq=False)
class Chance:
    """A move of nature: ``actions`` maps a label to ``(probability, next node)``."""

    actions: dict[str, tuple[Payoff, Node]]
    name: str | None = None

    kind = "chance"


Node = Terminal | Decision | Chance


def terminal(label: str, *payoffs: Payoff, **named: Payoff) -> Terminal:
    """A terminal node with one payoff per player.

    Payoffs are given in player order, ``terminal("War", "wC", "wD")``, or by player name,
    ``terminal("War", Challenger="wC", Defender="wD")``; every player must receive one.
    """
    if payoffs and named:
        raise GameError(f"terminal {label!r}: give payoffs by position or by player name, not both")
    return Terminal(label=str(label), payoffs=dict(named) if named else tuple(payoffs))


def decision(
    player: str,
    actions: Mapping[str, Node],
    *,
    infoset: str | None = None,
    name: str | None = None,
) -> Decision:
    """A decision node of ``player`` with ``actions`` (label -> next node), in order.

    Nodes with the same ``infoset`` name form one information set (same player, same actions).
    """
    return Decision(player=player, actions=dict(actions), infoset=infoset, name=name)


def chance(actions: Mapping[str, tuple[Payoff, Node]], *, name: str | None = None) -> Chance:
    """A chance node: ``chance({"resolute": ("p", n1), "irresolute": ("1-p", n2)})``."""
    return Chance(actions=dict(actions), name=name)


@dataclass(frozen=True)
class InfoSet:
    """An information set: the decision nodes a player cannot tell apart.

    Attributes
    ----------
    name : str
        Unique name (given by the user, or derived from the path to the node).
    player : int
        Index of the mover in ``Game.players``.
    actions : tuple of str
        Action labels, in order (the order is the SPE tie rule: first listed wins).
    nodes : tuple of int
        Node ids (breadth-first numbering) in the set.
    """

    name: str
    player: int
    actions: tuple[str, ...]
    nodes: tuple[int, ...]


@dataclass(eq=False)
class Game:
    """A finite extensive-form game with named players and parameters.

    Parameters
    ----------
    players : sequence of str
        Player names, in the order payoffs are listed.
    root : Node
        The root node built with :func:`decision`, :func:`chance` and :func:`terminal`.
    parameters : mapping of str to float, optional
        Default values of the parameters used in payoffs and probabilities. Every name used in
        a formula must appear here (a value of ``None`` marks a parameter without default).
    title : str, optional
        A short title shown in pictures and reports.

    Notes
    -----
    Validation happens at construction: unique players, every decision node's player known,
    at least one action per node, a payoff for every player at every terminal, information
    sets with one player and identical action labels, no node used twice (a tree, no cycles),
    formulas naming only declared parameters. Chance probabilities are checked for each
    parameter point when the game is solved.
    """

    players: Sequence[str]
    root: Node
    parameters: Mapping[str, float | None] = field(default_factory=dict)
    title: str = "Untitled game"

    def __post_init__(self) -> None:
        self.players = tuple(str(p) for p in self.players)
        if not self.players:
            raise GameError(f"game {self.title!r} has no players")
        if len(set(self.players)) != len(self.players):
            raise GameError(f"game {self.title!r}: player names must be unique: {self.players}")
        self.parameters = {
            str(k): (None if v is None else float(v)) for k, v in self.parameters.items()
        }
        _ = self.tables  # validate and compile now, so errors surface where the game is built

    @cached_property
    def tables(self) -> NodeTables:
        """The compiled flat node tables (built once)."""
        from detente.games.node_tables import compile_tables

        tables = compile_tables(self)
        unknown = tables.parameter_names - set(self.parameters)
        if unknown:
            raise GameError(
                f"game {self.title!r} uses parameter(s) {', '.join(sorted(unknown))} that are "
                f"not declared; declare them in parameters= with a default value"
            )
        return tables

    # --- convenient views ---------------------------------------------------------------
    @property
    def infosets(self) -> tuple[InfoSet, ...]:
        """Information sets in breadth-first order of their first node."""
        return self.tables.infosets

    @property
    def outcome_labels(self) -> tuple[str, ...]:
        """Labels of the terminal nodes (may repeat), in breadth-first order."""
        return self.tables.terminal_labels

    @property
    def is_perfect_information(self) -> bool:
        """True when every information set holds exactly one node."""
        return all(len(h.nodes) == 1 for h in self.infosets)

    def infoset(self, name: str) -> InfoSet:
        """Look up an information set by name."""
        for h in self.infosets:
            if h.name == name:
                return h
        raise GameError(
            f"no information set {name!r} in game {self.title!r}; "
            f"known: {', '.join(h.name for h in self.infosets)}"
        )

    def resolve_parameters(self, values: Mapping[str, object] | None) -> dict[str, object]:
        """Merge user values over the defaults, rejecting unknown names and missing values."""
        values = dict(values or {})
        unknown = set(values) - set(self.parameters)
        if unknown:
            known = ", ".join(sorted(self.parameters)) or "(none)"
            raise ParameterError(
                f"unknown parameter(s) {', '.join(sorted(unknown))} for game {self.title!r}; "
                f"its parameters are: {known}"
            )
        merged: dict[str, object] = {}
        for name, default in self.parameters.items():
            if name in values:
                merged[name] = values[name]
            elif default is None:
                raise ParameterError(
                    f"parameter {name!r} of game {self.title!r} has no default; give a value"
                )
            else:
                merged[name] = default
        return merged

    def with_defaults(self, **defaults: float) -> Game:
        """A copy of the game with some parameter defaults changed."""
        merged = dict(self.parameters)
        unknown = set(defaults) - set(merged)
        if unknown:
            raise ParameterError(
                f"unknown parameter(s) {', '.join(sorted(unknown))} for game {self.title!r}; "
                f"its parameters are: {', '.join(sorted(merged))}"
            )
        merged.update({k: float(v) for k, v in defaults.items()})
        return Game(players=self.players, root=self.root, parameters=merged, title=self.title)

    def __repr__(self) -> str:
        t = self.tables
        return (
            f"Game({self.title!r}, players={list(self.players)}, nodes={t.n_nodes}, "
            f"terminals={t.n_terminals}, infosets={len(t.infosets)}, "
            f"parameters={dict(self.parameters)})"
        )

    def _repr_html_(self) -> str:
        from detente.games.game_display import game_html

        return game_html(self)
