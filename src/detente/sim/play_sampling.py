"""Sample one play of a solved game per batch point: players follow the equilibrium, nature
follows the true probabilities.

Players choose with the behaviour strategy computed from their beliefs; chance moves use the
*true* parameters (e.g. the defender's actual type). The walk goes depth by depth, vectorized
over the batch (the loop is over tree depth and branching, never over points).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from detente.games import Game
from detente.games.node_tables import CHANCE, DECISION

__all__ = ["sample_terminals"]


def sample_terminals(
    game: Game,
    strategy: np.ndarray,
    truth: Mapping[str, np.ndarray],
    rng: np.random.Generator,
) -> np.ndarray:
    """Index (into ``game.tables.terminal_nodes``) of the terminal reached at each point.

    Parameters
    ----------
    game
        The engine game.
    strategy
        Behaviour probabilities, shape (m, n_actions) (``Solution.strategy``).
    truth
        Parameters for nature's moves, arrays of shape (m,).
    rng
        Random generator.
    """
    t = game.tables
    m = strategy.shape[0]
    chance = t.evaluate_chance(truth, m) if len(t.chance_probs) else np.zeros((0, m))
    node = np.zeros(m, dtype=np.int64)
    k_max = int(t.n_children.max())
    rows = np.arange(m)
    for _ in range(t.max_depth):
        kind = t.kind[node]
        moving = kind != 0
        if not moving.any():
            break
        first = t.first_child[node]
        count = t.n_children[node]
        probs = np.zeros((m, k_max))
        for k in range(k_max):
            child = np.where(k < count, first + k, 0)
            valid = moving & (k < count)
            action = t.edge_action[child]
            edge = t.edge_chance[child]
            dec = valid & (kind == DECISION)
            cha = valid & (kind == CHANCE)
            probs[dec, k] = strategy[rows[dec], action[dec]]
            probs[cha, k] = chance[edge[cha], rows[cha]]
        cum = np.cumsum(probs, axis=1)
        u = rng.random(m) * cum[:, -1]
        pick = np.minimum((cum <= u[:, None]).sum(axis=1), np.maximum(count - 1, 0))
        node = np.where(moving, first + pick, node)
    terminal_of = np.full(t.n_nodes, -1, dtype=np.int64)
    terminal_of[t.terminal_nodes] = np.arange(t.n_terminals)
    return terminal_of[node]
