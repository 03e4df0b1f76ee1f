"""Backward and forward sweeps over node tables, vectorized over the batch axis.

Arrays are node-major with the batch last: edge probabilities ``E`` (n_nodes, b) hold, for each
node, the probability of the move that leads to it from its parent (1 at the root); values ``V``
(n_nodes, n_players, b) hold expected payoffs; reach probabilities (n_nodes, b).
"""

from __future__ import annotations

import numpy as np

from detente.games.node_tables import NodeTables


def depth_levels(t: NodeTables) -> list[np.ndarray]:
    """Node ids at each depth 1..max_depth (the root is depth 0)."""
    return [np.flatnonzero(t.depth == d) for d in range(1, t.max_depth + 1)]


def chance_edge_probs(t: NodeTables, chance: np.ndarray, b: int) -> np.ndarray:
    """Edge-probability table with chance edges filled (decision edges left for a strategy)."""
    E = np.ones((t.n_nodes, b))
    if chance.size:
        E[t.chance_edge_node] = chance
    return E


def set_strategy_edges(t: NodeTables, E: np.ndarray, strategy: np.ndarray) -> None:
    """Write a behaviour strategy (n_actions, b) onto the decision edges of ``E`` in place."""
    dec = t.edge_action >= 0
    E[dec] = strategy[t.edge_action[dec]]


def expected_values(t: NodeTables, U: np.ndarray, E: np.ndarray) -> np.ndarray:
    """Expected payoffs at every node given all edge probabilities (backward induction)."""
    b = U.shape[-1]
    V = np.empty((t.n_nodes, t.n_players, b))
    V[t.terminal_nodes] = U
    for g in t.groups:
        V[g.nodes] = np.einsum("mkb,mkpb->mpb", E[g.children], V[g.children])
    return V


def reach_probabilities(t: NodeTables, E: np.ndarray, levels: list[np.ndarray]) -> np.ndarray:
    """Probability of reaching every node given all edge probabilities (forward sweep)."""
    reach = np.empty_like(E)
    reach[0] = 1.0
    for nodes in levels:
        reach[nodes] = reach[t.parent[nodes]] * E[nodes]
    return reach
