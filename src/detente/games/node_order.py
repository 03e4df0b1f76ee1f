"""The builder's node objects in the engine's breadth-first order, with their edge labels.

:func:`~detente.games.node_tables.compile_tables` numbers nodes breadth-first; file writers and
pictures need the same numbering together with what the tables do not keep (chance action
labels, node names, the original payoff entries). :func:`node_objects` replays the engine's
traversal, so ``node_objects(game)[i]`` is the node with id ``i`` in ``game.tables``.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from detente.games.tree import Game, Node


def node_objects(game: Game) -> list[Node]:
    """Node objects of ``game`` indexed by their breadth-first id in ``game.tables``."""
    from detente.games.tree import Chance, Terminal

    order: list[Node] = []
    queue: deque[Node] = deque([game.root])
    while queue:
        node = queue.popleft()
        order.append(node)
        if isinstance(node, Terminal):
            continue
        for child in node.actions.values():
            queue.append(child[1] if isinstance(node, Chance) else child)
    return order


def edge_labels(game: Game) -> list[str]:
    """Label of the action leading to each node (``""`` at the root), by node id."""
    t = game.tables
    nodes = node_objects(game)
    labels = [""] * t.n_nodes
    for i in range(1, t.n_nodes):
        labels[i] = str(list(nodes[int(t.parent[i])].actions)[int(t.parent_action[i])])
    return labels
