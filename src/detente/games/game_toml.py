"""detente's native game file: a game tree written as TOML tables that name each other.

A file has a ``[game]`` table, optional ``[parameters]`` defaults and one ``[nodes.NAME]`` table
per node::

    [game]
    title = "Three-move deterrence game"
    players = ["Challenger", "Defender"]
    root = "Challenger initiates"

    [parameters]
    a = 0.5          # a default; `nan` declares a parameter without default
    b = 0.5

    [nodes."Challenger initiates"]
    player = "Challenger"
    actions = { "status quo" = "SQ", challenge = "Defender responds" }

    [nodes.Nature]                     # a chance node: label = [probability, child]
    chance = { resolute = ["p", "Facing resolute"], irresolute = ["1 - p", "Facing weak"] }

    [nodes.SQ]                         # a terminal: outcome label and one payoff per player
    outcome = "SQ"
    payoffs = { Challenger = 0, Defender = "-a" }

Decision nodes may add ``infoset = "name"``: nodes sharing it form one information set (same
player, same actions in the same order). Actions keep the order in which they are written (the
SPE tie rule picks the first). Payoffs and probabilities are numbers or formulas of the declared
parameters (:mod:`detente.games.expressions`); ``outcome`` defaults to the node's name.

Because nodes refer to each other by name, :func:`read_game_toml` checks that the names form a
tree: every name refers to a defined node, no node has two parents, there is no cycle, every
node is reachable from the root, every terminal has a payoff for every player. Each problem is
reported with the file, the node (and its line) and the fix.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any

from detente.errors import FileFormatError, GameError
from detente.games import game_limits as limits
from detente.games.atomic_file import write_atomic
from detente.games.expressions import Expression, brief
from detente.games.node_order import node_objects
from detente.games.node_tables import PROBABILITY_TOL
from detente.games.toml_reading import read_toml
from detente.games.tree import Chance, Decision, Game, Node, Terminal

DECISION_KEYS = {"player", "actions", "infoset"}
CHANCE_KEYS = {"chance"}
TERMINAL_KEYS = {"outcome", "payoffs"}
GAME_KEYS = {"title", "players", "root"}
TOP_KEYS = {"game", "parameters", "nodes"}


_NODE_HEADER = re.compile(
    r"""^[ \t]*\[\s*nodes\s*\.\s*("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[A-Za-z0-9_-]+)\s*\]""",
    re.MULTILINE,
)


class _Source:
    """A file's text and name, for messages that point at a node's line."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self._lines: dict[str, int] | None = None

    def node_line(self, node: str) -> int | None:
        """Line of the ``[nodes.NAME]`` header of ``node`` (found in one pass over the text,
        on first use), or ``None``."""
        if self._lines is None:
            lines: dict[str, int] = {}
            line, last = 1, 0
            for m in _NODE_HEADER.finditer(self.text):
                line += self.text.count("\n", last, m.start())
                last = m.start()
                key = m.group(1)
                if key[0] == '"':
                    try:
                        key = json.loads(key)
                    except ValueError:
                        continue
                elif key[0] == "'":
                    key = key[1:-1]
                lines.setdefault(key, line)
            self._lines = lines
        return self._lines.get(node)

    def at(self, node: str) -> str:
        line = self.node_line(node)
        return f"{self.name}, line {line}" if line else self.name


def _read_source(path_or_text: str | os.PathLike[str]) -> tuple[_Source, str | None]:
    if isinstance(path_or_text, str) and ("\n" in path_or_text or "[game]" in path_or_text):
        return _Source(path_or_text, "<toml text>"), None
    path = Path(path_or_text)
    try:
        return _Source(path.read_text(encoding="utf-8"), str(path)), path.stem
    except OSError as exc:
        raise FileFormatError(f"{path}: cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{path}: not a UTF-8 text file ({exc.reason})") from None


def _value(raw: object, where: str) -> Expression:
    """A payoff or probability as an expression: a finite number or a valid formula."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise FileFormatError(
            f"{where}: expected a number or a formula string, found {type(raw).__name__} "
            f"{brief(repr(raw), 60)}"
        )
    try:
        return Expression.of(raw)
    except GameError as exc:
        raise FileFormatError(f"{where}: {exc}") from None


def read_game_toml(path_or_text: str | os.PathLike[str], *, max_nodes: int | None = None) -> Game:
    """Read a detente game file (``.toml``) into a :class:`~detente.games.tree.Game`.

    Parameters
    ----------
    path_or_text : str or path-like
        A file path, or the file's contents (a string with a newline or a ``[game]`` table).
    max_nodes : int, optional
        Refuse a game with more nodes (default: :func:`detente.games.game_limits.max_nodes`,
        ``$DETENTE_MAX_NODES`` or 1,000,000). Paths longer than
        :data:`~detente.games.game_limits.MAX_DEPTH` moves are refused too.

    Returns
    -------
    Game

    Raises
    ------
    FileFormatError
        TOML syntax errors (file and line from the TOML parser; see
        :func:`detente.games.toml_reading.read_toml`), missing or mistyped fields,
        unknown keys, names of nodes that are not defined.
        Payoffs or probabilities that are not finite numbers or valid formulas (names the
        node and its line).
    GameError
        A structure that is not a tree (cycle, a node with two parents, unreachable nodes), a
        terminal without payoffs, or anything the game engine rejects.
    InputError
        More than ``max_nodes`` nodes, or a tree too deep (names the limit).
    """
    src, stem = _read_source(path_or_text)
    doc = read_toml(src.text, src.name)  # bounded: long dotted keys, deep nesting, huge ints
    unknown = set(doc) - TOP_KEYS
    if unknown:
        raise FileFormatError(
            f"{src.name}: unknown top-level table(s) {', '.join(sorted(unknown))}; "
            "expected [game], [parameters] and [nodes.NAME]"
        )
    game = doc.get("game")
    if not isinstance(game, dict):
        raise FileFormatError(f"{src.name}: missing [game] table with title, players and root")
    extra = set(game) - GAME_KEYS
    if extra:
        raise FileFormatError(
            f"{src.name}: unknown key(s) {', '.join(sorted(extra))} in [game]; allowed: "
            "title, players, root"
        )
    players = game.get("players")
    if not (isinstance(players, list) and players and all(isinstance(p, str) for p in players)):
        raise FileFormatError(
            f"{src.name}: [game] players must be a non-empty list of names, e.g. "
            'players = ["Challenger", "Defender"]'
        )
    root = game.get("root")
    if not isinstance(root, str):
        raise FileFormatError(
            f'{src.name}: [game] root must name the first node, e.g. root = "start"'
        )
    title = game.get("title", stem or "Untitled game")
    if not isinstance(title, str):
        raise FileFormatError(f"{src.name}: [game] title must be a string")

    parameters: dict[str, float | None] = {}
    raw_params = doc.get("parameters", {})
    if not isinstance(raw_params, dict):
        raise FileFormatError(f"{src.name}: [parameters] must be a table of name = default")
    for name, default in raw_params.items():
        if isinstance(default, bool) or not isinstance(default, int | float):
            raise FileFormatError(
                f"{src.name}: parameter {name!r} must have a numeric default (or nan for none), "
                f"found {default!r}"
            )
        parameters[name] = None if math.isnan(default) else float(default)

    nodes = doc.get("nodes")
    if not isinstance(nodes, dict) or not nodes:
        raise FileFormatError(f"{src.name}: no nodes; define them as [nodes.NAME] tables")
    limit = limits.max_nodes() if max_nodes is None else max_nodes
    if len(nodes) > limit:
        raise limits.too_many_nodes(src.name, limit)
    children = {name: _children(src, name, spec) for name, spec in nodes.items()}
    _check_tree(src, root, children)
    built = _build(src, root, nodes, players)
    try:
        return Game(players=players, root=built, parameters=parameters, title=title)
    except GameError as exc:
        raise GameError(f"{src.name}: {exc}") from None


def _children(src: _Source, name: str, spec: Any) -> list[tuple[str, str]]:
    """(action label, child name) pairs of a node, validating its keys and kind."""
    where = f"{src.at(name)}: node {name!r}"
    if not isinstance(spec, dict):
        raise FileFormatError(f"{where} must be a table ([nodes.{name}])")
    keys = set(spec)
    if "actions" in spec and "chance" in spec:
        raise FileFormatError(f"{where} has both actions and chance; a node is one or the other")
    if "actions" in spec or "player" in spec:
        allowed = DECISION_KEYS
        if not isinstance(spec.get("player"), str):
            raise FileFormatError(f'{where}: a decision node needs player = "<player name>"')
        actions = spec.get("actions")
        if not isinstance(actions, dict) or not actions:
            raise FileFormatError(
                f'{where}: a decision node needs actions = {{ label = "child node", ... }}'
            )
        pairs = []
        for label, child in actions.items():
            if not isinstance(child, str):
                raise FileFormatError(
                    f"{where}: action {label!r} must name its child node as a string, found "
                    f"{child!r}"
                )
            pairs.append((label, child))
    elif "chance" in spec:
        allowed = CHANCE_KEYS
        moves = spec["chance"]
        if not isinstance(moves, dict) or not moves:
            raise FileFormatError(
                f'{where}: chance must be a table {{ label = ["probability", "child"] }}'
            )
        pairs = []
        for label, move in moves.items():
            if not (isinstance(move, list) and len(move) == 2 and isinstance(move[1], str)):
                raise FileFormatError(
                    f'{where}: chance move {label!r} must be [probability, "child node"], '
                    f"found {move!r}"
                )
            _value(move[0], f"{where}: probability of {label!r}")
            pairs.append((label, move[1]))
    elif "payoffs" in spec or "outcome" in spec:
        allowed = TERMINAL_KEYS
        if "payoffs" not in spec:
            raise GameError(
                f"{where} is a terminal without payoffs; add payoffs = {{ <player> = <value>, "
                "... }"
            )
        pairs = []
    else:
        raise GameError(
            f"{where} has no actions, chance moves or payoffs; a decision node needs player and "
            "actions, a chance node chance, a terminal payoffs"
        )
    extra = keys - allowed
    if extra:
        raise FileFormatError(
            f"{where}: unknown or misplaced key(s) {', '.join(sorted(extra))}; this kind of node "
            f"takes {', '.join(sorted(allowed))}"
        )
    return pairs


def _check_tree(src: _Source, root: str, children: dict[str, list[tuple[str, str]]]) -> None:
    if root not in children:
        raise FileFormatError(
            f"{src.name}: [game] root {root!r} is not a node; define [nodes.{root}] or name an "
            f"existing node ({_list_names(children)})"
        )
    for name, pairs in children.items():
        for label, child in pairs:
            if child not in children:
                raise FileFormatError(
                    f"{src.at(name)}: node {name!r}, action {label!r} leads to unknown node "
                    f"{child!r}; known nodes: {_list_names(children)}"
                )
    # cycles: depth-first from the root with an explicit stack of the current path
    state: dict[str, int] = {}
    stack: list[tuple[str, int]] = [(root, 0)]
    path: list[str] = []
    state[root] = 1
    path.append(root)
    while stack:
        name, k = stack.pop()
        pairs = children[name]
        if k < len(pairs):
            stack.append((name, k + 1))
            child = pairs[k][1]
            if state.get(child) == 1:
                loop = [*path[path.index(child) :], child]
                raise GameError(
                    f"{src.at(child)}: the nodes form a cycle: {' -> '.join(loop)}; a game tree "
                    "cannot return to an earlier node"
                )
            if child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, 0))
        else:
            state[name] = 2
            path.pop()
    parent: dict[str, tuple[str, str]] = {}
    for name, pairs in children.items():
        if name not in state:
            continue
        for label, child in pairs:
            if child == root:
                raise GameError(
                    f"{src.at(name)}: node {name!r}, action {label!r} leads back to the root "
                    f"{root!r}; the root has no parent"
                )
            if child in parent:
                other, other_label = parent[child]
                raise GameError(
                    f"{src.at(child)}: node {child!r} is the child of both {other!r} (action "
                    f"{other_label!r}) and {name!r} (action {label!r}); a tree node has one "
                    "parent: copy it under a new name for each path"
                )
            parent[child] = (name, label)
    unreachable = [name for name in children if name not in state]
    if unreachable:
        first = unreachable[0]
        raise GameError(
            f"{src.at(first)}: node(s) {', '.join(repr(u) for u in unreachable)} cannot be "
            f"reached from the root {root!r}; connect them or delete them"
        )


def _check_constant_probabilities(where: str, probs: dict[str, Expression]) -> None:
    """Numeric chance probabilities must lie in [0, 1] and sum to 1 (formulas are checked by
    the engine at every parameter point)."""
    values = {k: v.constant for k, v in probs.items()}
    if any(v is None for v in values.values()):
        return
    for label, v in values.items():
        if not -PROBABILITY_TOL <= v <= 1 + PROBABILITY_TOL:
            raise GameError(f"{where}: probability {v!r} of {label!r} is outside [0, 1]")
    total = sum(values.values())
    if abs(total - 1.0) > PROBABILITY_TOL:
        raise GameError(
            f"{where}: chance probabilities sum to {total:.12g}, not 1; fix the probabilities"
        )


def _list_names(children: dict[str, Any]) -> str:
    names = list(children)
    shown = ", ".join(repr(n) for n in names[:12])
    return shown + (f", ... ({len(names)} in all)" if len(names) > 12 else "")


def _build(src: _Source, root: str, nodes: dict[str, Any], players: list[str]) -> Node:
    """Builder nodes from the checked node tables, from the root down without recursion:
    each node is made with its action slots and filled as its children are made."""

    def make(name: str) -> Node:
        spec = nodes[name]
        where = f"{src.at(name)}: node {name!r}"
        if "actions" in spec:
            infoset = spec.get("infoset")
            if infoset is not None and not isinstance(infoset, str):
                raise FileFormatError(f"{where}: infoset must be a string name")
            return Decision(
                player=spec["player"],
                actions=dict.fromkeys(spec["actions"]),  # children filled below
                infoset=infoset,
                name=name,
            )
        if "chance" in spec:
            moves = {
                label: _value(p, f"{where}: probability of {label!r}")
                for label, (p, _) in spec["chance"].items()
            }
            _check_constant_probabilities(where, moves)
            return Chance(actions={label: (p, None) for label, p in moves.items()}, name=name)
        return _terminal(where, spec, name, players)

    built = make(root)
    stack: list[tuple[Node, int]] = [(built, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Terminal):
            continue
        if depth >= limits.MAX_DEPTH:
            raise limits.too_deep(src.at(node.name or root), f": node {node.name!r}")
        spec = nodes[node.name]
        if isinstance(node, Decision):
            for label, child_name in spec["actions"].items():
                child = node.actions[label] = make(child_name)
                stack.append((child, depth + 1))
        else:
            for label, (_, child_name) in spec["chance"].items():
                child = make(child_name)
                node.actions[label] = (node.actions[label][0], child)
                stack.append((child, depth + 1))
    return built


def _terminal(where: str, spec: dict[str, Any], name: str, players: list[str]) -> Terminal:
    outcome = spec.get("outcome", name)
    if not isinstance(outcome, str):
        raise FileFormatError(f"{where}: outcome must be a string label")
    raw = spec["payoffs"]
    if isinstance(raw, list):
        if len(raw) != len(players):
            raise GameError(
                f"{where}: payoffs lists {len(raw)} value(s) for {len(players)} players "
                f"({', '.join(players)}); give one per player"
            )
        raw = dict(zip(players, raw, strict=True))
    if not isinstance(raw, dict):
        raise FileFormatError(
            f"{where}: payoffs must be a table {{ <player> = <value> }} or a list in player order"
        )
    unknown = set(raw) - set(players)
    if unknown:
        raise FileFormatError(
            f"{where}: payoffs name unknown player(s) {', '.join(sorted(unknown))}; "
            f"players are {', '.join(players)}"
        )
    missing = [p for p in players if p not in raw]
    if missing:
        raise GameError(
            f"{where}: terminal has no payoff for {', '.join(missing)}; every terminal "
            "needs one payoff per player"
        )
    payoffs = {p: _value(raw[p], f"{where}: payoff of {p}") for p in players}
    return Terminal(label=outcome, payoffs=payoffs)


# --- writing ---------------------------------------------------------------------------
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else json.dumps(name, ensure_ascii=False)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _number(x: float) -> str:
    if math.isnan(x):
        return "nan"
    if x == 0 and math.copysign(1.0, x) < 0:
        return "-0.0"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def _entry(expr: Expression) -> str:
    return _number(expr.constant) if expr.constant is not None else _string(expr.text)


def write_game_toml(game: Game, path: str | os.PathLike[str] | None = None) -> str:
    """Write ``game`` as a detente game file (``.toml``) and return the text.

    Node names are the builder's ``name=`` where given and unique, else a terminal's outcome
    label if unique, else the path of actions from the root (``"challenge/resist"``).

    Parameters
    ----------
    game : Game
    path : path-like, optional
        Where to write the file (atomically).

    Returns
    -------
    str
    """
    t = game.tables
    objs = node_objects(game)
    terminal_index = {int(node): k for k, node in enumerate(t.terminal_nodes)}
    names = _node_names(game, objs, terminal_index)
    lines = [
        "[game]",
        f"title = {_string(game.title)}",
        f"players = [{', '.join(_string(p) for p in game.players)}]",
        f"root = {_string(names[0])}",
        "",
    ]
    if game.parameters:
        lines.append("[parameters]")
        lines += [
            f"{_key(k)} = {_number(math.nan if v is None else v)}"
            for k, v in game.parameters.items()
        ]
        lines.append("")
    for i, node in enumerate(objs):
        lines.append(f"[nodes.{_key(names[i])}]")
        kids = range(int(t.first_child[i]), int(t.first_child[i] + t.n_children[i]))
        if isinstance(node, Decision):
            h = t.infosets[int(t.infoset_of[i])]
            lines.append(f"player = {_string(node.player)}")
            acts = ", ".join(
                f"{_key(a)} = {_string(names[c])}" for a, c in zip(h.actions, kids, strict=True)
            )
            lines.append(f"actions = {{ {acts} }}")
            if h.name != names[i]:
                lines.append(f"infoset = {_string(h.name)}")
        elif isinstance(node, Chance):
            moves = ", ".join(
                f"{_key(str(a))} = [{_entry(t.chance_probs[int(t.edge_chance[c])])}, "
                f"{_string(names[c])}]"
                for a, c in zip(node.actions, kids, strict=True)
            )
            lines.append(f"chance = {{ {moves} }}")
        else:
            k = terminal_index[i]
            lines.append(f"outcome = {_string(t.terminal_labels[k])}")
            pays = ", ".join(
                f"{_key(p)} = {_entry(e)}"
                for p, e in zip(game.players, t.terminal_payoffs[k], strict=True)
            )
            lines.append(f"payoffs = {{ {pays} }}")
        lines.append("")
    text = "\n".join(lines)
    if path is not None:
        write_atomic(path, text)
    return text


def _node_names(game: Game, objs: list[Node], terminal_index: dict[int, int]) -> list[str]:
    t = game.tables
    wanted: list[str] = []
    for i, node in enumerate(objs):
        if isinstance(node, Terminal):
            wanted.append(t.terminal_labels[terminal_index[i]])
        else:
            wanted.append(node.name or t.node_labels[i])
    counts: dict[str, int] = {}
    for w in wanted:
        counts[w] = counts.get(w, 0) + 1
    names: list[str] = []
    used: set[str] = set()
    for i, w in enumerate(wanted):
        name = w if counts[w] == 1 else t.node_labels[i]
        base, k = name, 1
        while name in used:
            k += 1
            name = f"{base} ({k})"
        used.add(name)
        names.append(name)
    return names


def load_game(path: str | os.PathLike[str]) -> Game:
    """Read a game file, choosing the format by suffix: ``.efg`` (Gambit) or ``.toml``.

    Raises
    ------
    FileFormatError
        For another suffix (names the supported ones), or a malformed file.
    """
    from detente.games.efg_format import read_efg

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".efg":
        return read_efg(p)
    if suffix == ".toml":
        return read_game_toml(p)
    raise FileFormatError(
        f"{p}: unknown game file type {suffix or '(no suffix)'!r}; use a Gambit .efg file or a "
        "detente .toml game file"
    )
