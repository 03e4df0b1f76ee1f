"""Sample one play of a solved game per batch point: players follow the equilibrium, nature
follows the true probabilities.

Players choose with the behaviour strategy computed from their beliefs; chance moves use the
*true* parameters (e.g. the defender's actual type). Reach probabilities are products along
each terminal's path, in one compiled pass over the points
(:func:`~detente.sim.period_kernels.sample_paths`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from detente.errors import InputError
from detente.games import Game
from detente.games.node_tables import CHANCE, DECISION
from detente.sim.period_kernels import sample_paths

__all__ = ["sample_terminals"]


def _path_columns(game: Game) -> np.ndarray:
    """For each terminal, the columns of its path's edges in ``[strategy | chance | 1]``.

    Shape (n_terminals, max_depth); decision edges index the strategy, chance edges the
    chance table (offset by the number of actions), padding the trailing column of ones.
    """
    cached = _PATHS.get(id(game))
    if cached is not None and cached[0] is game:
        return cached[1]
    t = game.tables
    n_actions, n_chance = t.n_actions, len(t.chance_probs)
    pad = n_actions + n_chance
    out = np.full((t.n_terminals, max(t.max_depth, 1)), pad, dtype=np.int64)
    for k, node in enumerate(t.terminal_nodes):
        depth = 0
        while t.parent[node] >= 0:
            parent = t.parent[node]
            if t.kind[parent] == DECISION:
                out[k, depth] = t.edge_action[node]
            elif t.kind[parent] == CHANCE:
                out[k, depth] = n_actions + t.edge_chance[node]
            node, depth = parent, depth + 1
    _PATHS[id(game)] = (game, out)
    return out


_PATHS: dict[int, tuple[Game, np.ndarray]] = {}


def sample_terminals(
    game: Game,
    strategy: np.ndarray,
    truth: Mapping[str, np.ndarray],
    rng: np.random.Generator | None = None,
    *,
    uniforms: np.ndarray | None = None,
) -> np.ndarray:
    """Index (into ``game.tables.terminal_nodes``) of the terminal reached at each point.

    The probability of reaching a terminal is the product, along its path, of the players'
    behaviour probabilities and nature's true probabilities; one terminal per point is drawn
    from these (one uniform number per point).

    Parameters
    ----------
    game
        The engine game.
    strategy
        Behaviour probabilities, shape (m, n_actions) (``Solution.strategy``).
    truth
        Parameters for nature's moves, arrays of shape (m,).
    rng
        Random generator (one uniform number per point is drawn from it).
    uniforms
        The uniform numbers in [0, 1), shape (m,), instead of drawing them from ``rng``.
    """
    t = game.tables
    m = strategy.shape[0]
    if uniforms is None:
        if rng is None:
            raise InputError("sample_terminals: pass rng or uniforms (one number per point)")
        uniforms = rng.random(m)
    chance = t.evaluate_chance(truth, m) if t.chance_probs else np.zeros((0, m))
    return sample_paths(
        np.ascontiguousarray(strategy, dtype=float),
        np.ascontiguousarray(chance, dtype=float),
        _path_columns(game),
        np.ascontiguousarray(uniforms, dtype=float),
    )
