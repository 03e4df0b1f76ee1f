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

__all__ = ["sample_choice_terminals", "sample_terminals"]


def _layout(game: Game) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the sampler needs of a game's tree, built once per game (cached).

    Returns ``paths`` (n_terminals, max_depth): for each terminal, the columns of its path's
    edges in ``[actions | chance | 1]`` (decision edges index the global actions, chance edges
    the chance table offset by the number of actions, padding the trailing column of ones);
    and for each global action its information set and its index within that set.
    """
    cached = _LAYOUTS.get(id(game))
    if cached is not None and cached[0] is game:
        return cached[1]
    t = game.tables
    n_actions, n_chance = t.n_actions, len(t.chance_probs)
    paths = np.full((t.n_terminals, max(t.max_depth, 1)), n_actions + n_chance, dtype=np.int64)
    for k, node in enumerate(t.terminal_nodes):
        depth = 0
        while t.parent[node] >= 0:
            parent = t.parent[node]
            if t.kind[parent] == DECISION:
                paths[k, depth] = t.edge_action[node]
            elif t.kind[parent] == CHANCE:
                paths[k, depth] = n_actions + t.edge_chance[node]
            node, depth = parent, depth + 1
    sizes = np.diff(t.action_offset)
    infoset = np.repeat(np.arange(sizes.size, dtype=np.int64), sizes)
    local = np.arange(n_actions, dtype=np.int64) - t.action_offset[infoset]
    _LAYOUTS[id(game)] = (game, (paths, infoset, local))
    return paths, infoset, local


_LAYOUTS: dict[int, tuple[Game, tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}

_NO_STRATEGY = np.zeros((0, 0))
_NO_CHOICE = np.zeros((0, 0), np.int8)


def _sample(
    game: Game,
    strategy: np.ndarray,
    choice: np.ndarray,
    m: int,
    truth: Mapping[str, np.ndarray],
    rng: np.random.Generator | None,
    uniforms: np.ndarray | None,
    caller: str,
) -> np.ndarray:
    """Check or draw the uniforms, evaluate nature's true probabilities, run the kernel."""
    t = game.tables
    if uniforms is None:
        if rng is None:
            raise InputError(f"{caller}: pass rng or uniforms (one number per point)")
        uniforms = rng.random(m)
    uniforms = np.ascontiguousarray(uniforms, dtype=float)
    if uniforms.shape != (m,):
        raise InputError(f"{caller}: uniforms must have shape ({m},), got {uniforms.shape}")
    chance = t.evaluate_chance(truth, m) if t.chance_probs else np.zeros((0, m))
    paths, infoset, local = _layout(game)
    return sample_paths(
        strategy, choice, infoset, local, np.ascontiguousarray(chance, dtype=float), paths,
        uniforms,
    )  # fmt: skip


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
    strategy = np.ascontiguousarray(strategy, dtype=float)
    m = strategy.shape[0]
    if m == 0:  # an empty strategy would read as "use the choices"
        return np.zeros(0, np.int64)
    return _sample(game, strategy, _NO_CHOICE, m, truth, rng, uniforms, "sample_terminals")


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
    choice = np.ascontiguousarray(choice)
    n_infosets = len(game.tables.infosets)
    if choice.ndim != 2 or choice.shape[1] != n_infosets:
        raise InputError(
            f"sample_choice_terminals: choice must have shape (m, {n_infosets}), got {choice.shape}"
        )
    return _sample(
        game, _NO_STRATEGY, choice, choice.shape[0], truth, rng, uniforms,
        "sample_choice_terminals",
    )  # fmt: skip
