"""Export a game tree to Graphviz DOT (render with ``dot -Tsvg game.dot > game.svg``).

Decision nodes are black dots with the mover as an outside label, chance nodes open circles
("Nature"), terminals boxes with the outcome label and payoffs. Edges carry the action label
(and the probability of chance moves and mixed moves). Nodes of one information set are joined
by dashed, undirected edges that do not affect the ranking, and kept on one rank when they are
at the same depth. Given a solution, moves chosen with probability ~1 are bold and edges on the
path of play are coloured.

References
----------
Gansner, E. R., Koutsofios, E., North, S. C. and Vo, K.-P. (1993). A technique for drawing
directed graphs. IEEE Transactions on Software Engineering 19(3), 214-230 (the ``dot`` layout).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from detente.games.equilibrium_path import equilibrium_path
from detente.games.node_order import edge_labels
from detente.games.node_tables import CHANCE, DECISION
from detente.games.tree_labels import move_probability_texts, owner_texts, payoff_texts

if TYPE_CHECKING:
    from detente.games.tree import Game

PATH_COLOR = "#b03a2e"
INFOSET_COLOR = "#2e86c1"


def dot_quote(text: str) -> str:
    """A DOT double-quoted string (backslashes and quotes escaped, newlines as ``\\n``)."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def to_dot(game: Game, solution: Any = None, index: Any = None) -> str:
    """The game tree as a Graphviz DOT digraph.

    Parameters
    ----------
    game : Game
    solution : Solution or PBESolution, optional
        Highlight this solution at point ``index``.
    index : int or tuple of int, optional
        The parameter point to draw when the solution holds several.

    Returns
    -------
    str
        DOT source.
    """
    t = game.tables
    path = equilibrium_path(game, solution, index) if solution is not None else None
    actions = edge_labels(game)
    owners = owner_texts(game)
    probs = move_probability_texts(game, path)
    payoffs = payoff_texts(game)
    terminal_k = {int(n): k for k, n in enumerate(t.terminal_nodes)}
    title = game.title + (f" ({path.label})" if path is not None else "")
    lines = [
        f"digraph {dot_quote(game.title)} {{",
        f"  graph [rankdir=TB, labelloc=t, fontname=Helvetica, label={dot_quote(title)}];",
        "  node [fontname=Helvetica, fontsize=11];",
        "  edge [fontname=Helvetica, fontsize=10, arrowhead=none];",
    ]
    for i in range(t.n_nodes):
        if t.kind[i] == DECISION:
            attrs = (
                f'shape=circle, style=filled, fillcolor=black, width=0.14, label="", '
                f"xlabel={dot_quote(owners[i])}"
            )
        elif t.kind[i] == CHANCE:
            attrs = f'shape=circle, width=0.25, label="", xlabel={dot_quote(owners[i])}'
        else:
            k = terminal_k[i]
            text = f"{t.terminal_labels[k]}\n{payoffs[k]}"
            if path is not None and 1e-9 < path.reach[i] < 1 - 1e-9:
                text += f"\nP = {path.reach[i]:.3g}"
            attrs = f"shape=box, style=rounded, label={dot_quote(text)}"
            if path is not None and path.on_path(i):
                attrs += f', color="{PATH_COLOR}", fontcolor="{PATH_COLOR}"'
        lines.append(f"  n{i} [{attrs}];")
    for i in range(1, t.n_nodes):
        p = int(t.parent[i])
        label = actions[i] + (f"\n[{probs[i]}]" if probs[i] else "")
        attrs = [f"label={dot_quote(label)}"]
        if path is not None:
            if t.kind[p] == DECISION:
                attrs.append(f"penwidth={0.8 + 2.7 * float(path.edge_prob[i]):.2f}")
                if path.chosen[i]:
                    attrs.append("style=bold")
            if path.on_path(i):
                attrs.append(f'color="{PATH_COLOR}"')
        lines.append(f"  n{p} -> n{i} [{', '.join(attrs)}];")
    for h in t.infosets:
        if len(h.nodes) < 2:
            continue
        for a, b in pairwise(h.nodes):
            lines.append(
                f"  n{a} -> n{b} [style=dashed, dir=none, constraint=false, "
                f'color="{INFOSET_COLOR}", label={dot_quote(h.name)}, '
                f'fontcolor="{INFOSET_COLOR}"];'
            )
        depths = {int(t.depth[n]) for n in h.nodes}
        if len(depths) == 1:
            lines.append("  { rank=same; " + " ".join(f"n{n};" for n in h.nodes) + " }")
    lines.append("}")
    return "\n".join(lines) + "\n"
