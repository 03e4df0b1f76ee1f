"""The text pictures put on a game tree: payoff vectors, move probabilities, node owners.

Shared by the matplotlib, TikZ and Graphviz exports so that all three say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from detente.errors import GameError
from detente.games.expressions import Expression
from detente.games.node_tables import CHANCE, DECISION

if TYPE_CHECKING:
    from detente.games.equilibrium_path import EquilibriumPath
    from detente.games.tree import Game

#: What a chance node is called in pictures.
NATURE = "Nature"
#: Formulas longer than this many characters are broken over lines in pictures.
LINE_CHARACTERS = 28


def wrap_formula(text: str, width: int = LINE_CHARACTERS) -> str:
    """``text`` broken over lines of at most ``width`` characters, at spaces only (so
    between the operands and operators of a formula, never inside a name)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def format_number(x: float) -> str:
    """Compact number: integers without decimals, others with up to 4 significant digits."""
    if x == int(x) and abs(x) < 1e9:
        return str(int(x))
    return f"{x:.4g}"


def expression_text(expr: Expression) -> str:
    """A number formatted compactly, or the formula as written."""
    return format_number(expr.constant) if expr.constant is not None else expr.text.strip()


def payoff_texts(game: Game, params: Mapping[str, float] | None = None) -> list[str]:
    """``"(u1, u2)"`` for each terminal, in the order of ``game.tables.terminal_nodes``.

    With ``params`` (one value per parameter) the payoffs are numbers at that point; without,
    each is its formula as written (numbers stay numbers).
    """
    if params is None:
        rows = [[expression_text(e) for e in row] for row in game.tables.terminal_payoffs]
    else:
        rows = [
            [format_number(float(e.evaluate(params))) for e in row]
            for row in game.tables.terminal_payoffs
        ]
    return ["(" + ", ".join(row) + ")" for row in rows]


def owner_texts(game: Game, player_names: Mapping[str, str] | None = None) -> list[str]:
    """Mover of each node: a player's name, ``"Nature"`` or ``""`` for terminals.

    ``player_names`` renames players for the picture (say ``{"Challenger": "USSR"}``);
    players it does not name keep their own names.
    """
    names = display_names(game, player_names)
    t = game.tables
    out = []
    for i in range(t.n_nodes):
        if t.kind[i] == DECISION:
            out.append(names[int(t.player[i])])
        elif t.kind[i] == CHANCE:
            out.append(NATURE)
        else:
            out.append("")
    return out


def display_names(game: Game, player_names: Mapping[str, str] | None = None) -> list[str]:
    """The players' names as a picture shows them, in the game's player order.

    Raises
    ------
    GameError
        If ``player_names`` names a player the game does not have (lists the players).
    """
    player_names = dict(player_names or {})
    unknown = sorted(set(player_names) - set(game.players))
    if unknown:
        raise GameError(
            f"player_names renames {', '.join(map(repr, unknown))}, not a player of "
            f"{game.title!r}; its players are: {', '.join(game.players)}"
        )
    return [str(player_names.get(p, p)) for p in game.players]


def move_probability_texts(
    game: Game, path: EquilibriumPath | None, params: Mapping[str, float] | None = None
) -> list[str]:
    """Probability to print on the edge into each node ("" where none should be shown).

    Chance moves always show their probability: the formula, the formula and its value at the
    solved point (``path``), or the value alone at ``params`` (numbers only); decision moves
    show theirs only when mixed.
    """
    t = game.tables
    out = [""] * t.n_nodes
    for i in range(1, t.n_nodes):
        parent = int(t.parent[i])
        if t.kind[parent] == CHANCE:
            expr = t.chance_probs[int(t.edge_chance[i])]
            if params is not None:
                out[i] = format_number(float(expr.evaluate(params)))
            elif expr.constant is None and path is not None:
                value = format_number(float(path.edge_prob[i]))
                out[i] = f"{expr.text.strip()} = {value}"
            else:
                out[i] = expression_text(expr)
        elif path is not None and path.mixed[i]:
            out[i] = format_number(round(float(path.edge_prob[i]), 3))
    return out
