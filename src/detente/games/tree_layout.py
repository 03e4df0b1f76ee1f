"""Tidy positions for drawing a game tree: leaves evenly spaced, parents centred above.

Leaves get consecutive x positions in depth-first order (left to right as the actions are
listed); every internal node sits midway between its first and last child; y is minus the
depth. Pictures (matplotlib, TikZ) share this layout so they look alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from detente.games.node_tables import TERMINAL

if TYPE_CHECKING:
    from detente.games.tree import Game


def children(game: Game, node: int) -> range:
    """Ids of ``node``'s children, in action order."""
    t = game.tables
    first = int(t.first_child[node])
    return range(first, first + int(t.n_children[node])) if first >= 0 else range(0)


def tree_layout(game: Game) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) coordinates of every node (breadth-first ids); leaves at x = 0, 1, 2, ...

    Returns
    -------
    x, y : ndarray, shape (n_nodes,)
    """
    t = game.tables
    x = np.zeros(t.n_nodes)
    y = -t.depth.astype(float)
    next_leaf = 0
    # iterative post-order walk (depth-first, actions left to right)
    stack: list[tuple[int, bool]] = [(0, False)]
    while stack:
        node, done = stack.pop()
        kids = children(game, node)
        if t.kind[node] == TERMINAL or len(kids) == 0:
            x[node] = next_leaf
            next_leaf += 1
        elif done:
            x[node] = (x[kids[0]] + x[kids[-1]]) / 2
        else:
            stack.append((node, True))
            stack.extend((k, False) for k in reversed(kids))
    return x, y
