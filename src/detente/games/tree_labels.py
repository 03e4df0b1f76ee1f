"""The text pictures put on a game tree: payoff vectors, move probabilities, node owners.

Shared by the matplotlib, TikZ and Graphviz exports so that all three say the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.games.expressions import Expression
from detente.games.node_tables import CHANCE, DECISION

if TYPE_CHECKING:
    from detente.games.equilibrium_path import EquilibriumPath
    from detente.games.tree import Game

#: What a chance node is called in pictures.
NATURE = "Nature"


def format_number(x: float) -> str:
    """Compact number: integers without decimals, others with up to 4 significant digits."""
    if x == int(x) and abs(x) < 1e9:
        return str(int(x))
    return f"{x:.4g}"


def expression_text(expr: Expression) -> str:
    """A number formatted compactly, or the formula as written."""
    return format_number(expr.constant) if expr.constant is not None else expr.text.strip()


def payoff_texts(game: Game) -> list[str]:
    """``"(u1, u2)"`` for each terminal, in the order of ``game.tables.terminal_nodes``."""
    return [
        "(" + ", ".join(expression_text(e) for e in row) + ")"
        for row in game.tables.terminal_payoffs
    ]


def owner_texts(game: Game) -> list[str]:
    """Mover of each node: a player's name, ``"Nature"`` or ``""`` for terminals."""
    t = game.tables
    out = []
    for i in range(t.n_nodes):
        if t.kind[i] == DECISION:
            out.append(game.players[int(t.player[i])])
        elif t.kind[i] == CHANCE:
            out.append(NATURE)
        else:
            out.append("")
    return out


def move_probability_texts(game: Game, path: EquilibriumPath | None) -> list[str]:
    """Probability to print on the edge into each node ("" where none should be shown).

    Chance moves always show their probability (the formula, or its value at the solved point);
    decision moves show theirs only when mixed.
    """
    t = game.tables
    out = [""] * t.n_nodes
    for i in range(1, t.n_nodes):
        parent = int(t.parent[i])
        if t.kind[parent] == CHANCE:
            expr = t.chance_probs[int(t.edge_chance[i])]
            if expr.constant is None and path is not None:
                out[i] = f"{expr.text.strip()} = {format_number(float(path.edge_prob[i]))}"
            else:
                out[i] = expression_text(expr)
        elif path is not None and path.mixed[i]:
            out[i] = format_number(round(float(path.edge_prob[i]), 3))
    return out
