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
from detente.sim.period_kernels import sample_choice_paths, sample_paths

__all__ = ["sample_choice_terminals", "sample_terminals"]


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


def _action_owners(game: Game) -> tuple[np.ndarray, np.ndarray]:
    """Information set of each global action, and its index within that set (cached)."""
    cached = _OWNERS.get(id(game))
    if cached is not None and cached[0] is game:
        return cached[1]
    offset = game.tables.action_offset
    sizes = np.diff(offset)
    infoset = np.repeat(np.arange(sizes.size, dtype=np.int64), sizes)
    local = np.arange(int(offset[-1]), dtype=np.int64) - offset[infoset]
    _OWNERS[id(game)] = (game, (infoset, local))
    return infoset, local


_OWNERS: dict[int, tuple[Game, tuple[np.ndarray, np.ndarray]]] = {}


def _uniforms_and_chance(
    game: Game,
    m: int,
    truth: Mapping[str, np.ndarray],
    rng: np.random.Generator | None,
    uniforms: np.ndarray | None,
    caller: str,
) -> tuple[np.ndarray, np.ndarray]:
    """The uniforms (drawn from ``rng`` if not given; checked) and nature's true probabilities."""
    t = game.tables
    if uniforms is None:
        if rng is None:
            raise InputError(f"{caller}: pass rng or uniforms (one number per point)")
        uniforms = rng.random(m)
    uniforms = np.ascontiguousarray(uniforms, dtype=float)
    if uniforms.shape != (m,):
        raise InputError(f"{caller}: uniforms must have shape ({m},), got {uniforms.shape}")
    chance = t.evaluate_chance(truth, m) if t.chance_probs else np.zeros((0, m))
    return uniforms, np.ascontiguousarray(chance, dtype=float)


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
    m = strategy.shape[0]
    uniforms, chance = _uniforms_and_chance(game, m, truth, rng, uniforms, "sample_terminals")
    return sample_paths(
        np.ascontiguousarray(strategy, dtype=float), chance, _path_columns(game), uniforms
    )


def sample_choice_terminals(
    game: Game,
    choice: np.ndarray,
    truth: Mapping[str, np.ndarray],
    rng: np.random.Generator | None = None,
    *,
    uniforms: np.ndarray | None = None,
) -> np.ndarray:
    """As :func:`sample_terminals` for pure strategies: ``choice`` (m, n_infosets) is the
    index of the action chosen at each information set (``Solution.choice`` of SPE).

    Gives the same terminals as ``sample_terminals(game, solution.strategy, ...)`` with the
    same uniforms, without building the one-hot (m, n_actions) strategy.
    """
    choice = np.asarray(choice)
    n_infosets = len(game.tables.infosets)
    if choice.ndim != 2 or choice.shape[1] != n_infosets:
        raise InputError(
            f"sample_choice_terminals: choice must have shape (m, {n_infosets}), got {choice.shape}"
        )
    m = choice.shape[0]
    uniforms, chance = _uniforms_and_chance(
        game, m, truth, rng, uniforms, "sample_choice_terminals"
    )
    infoset, local = _action_owners(game)
    return sample_choice_paths(
        np.ascontiguousarray(choice), infoset, local, chance, _path_columns(game), uniforms
    )
