"""Subgame-perfect equilibrium of perfect-information games, by batched backward induction.

Tie rule: when actions give the mover equal value (within ``tie_tol`` relative), the action
listed first at the node is chosen. ``Solution.tie`` flags the points where such a tie was
between actions whose consequences differ for some player, i.e. where another subgame-perfect
equilibrium with a different outcome or payoffs may exist.

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in extensive
games. International Journal of Game Theory 4(1), 25-55.
Osborne, M. J. and Rubinstein, A. (1994). A Course in Game Theory, Proposition 99.2 (Kuhn's
theorem: every finite perfect-information game has an SPE, found by backward induction).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from detente.errors import GameError
from detente.games.node_tables import CHANCE
from detente.games.parameter_batch import ParameterBatch
from detente.games.solution import Solution
from detente.games.tree import Game
from detente.games.tree_passes import chance_edge_probs, depth_levels, reach_probabilities


def solve_spe(
    game: Game, params: Mapping[str, object] | None = None, *, tie_tol: float = 1e-9
) -> Solution:
    """Solve a perfect-information game with chance moves for its subgame-perfect equilibrium.

    Parameters
    ----------
    game : Game
        A game whose information sets are all singletons.
    params : mapping, optional
        Parameter values (scalars or arrays broadcasting to one batch shape); unspecified
        parameters take the game's defaults.
    tie_tol : float
        Relative tolerance under which two action values count as tied.

    Returns
    -------
    Solution
        Pure behaviour strategy (0/1) at every node, outcome probabilities (chance moves make
        them fractional), expected payoffs and the ``tie`` flag.

    Raises
    ------
    GameError
        If the game has an information set with more than one node (use :func:`solve_pbe`
        or :func:`solve_qre`), or payoffs/probabilities are invalid at some point.
    """
    t = game.tables
    if not game.is_perfect_information:
        shared = [h.name for h in t.infosets if len(h.nodes) > 1]
        raise GameError(
            f"solve_spe needs perfect information, but game {game.title!r} has information "
            f"set(s) with several nodes: {', '.join(shared)}; use solve_pbe or solve_qre"
        )
    values = game.resolve_parameters(params)
    batch = ParameterBatch.from_values(values, context=f" of game {game.title!r}")
    n, P, A, T = t.n_nodes, t.n_players, t.n_actions, t.n_terminals
    size = max(batch.size, 1)
    strategy = np.empty((A, size))
    terminal_probs = np.empty((T, size))
    payoffs = np.empty((P, size))
    tie = np.zeros(size, dtype=bool)
    levels = depth_levels(t)
    dec_children = np.flatnonzero(t.edge_action >= 0)
    dec_actions = t.edge_action[dec_children]

    for sl, env in batch.chunks(entries_per_point=n * (P + 3)):
        b = sl.stop - sl.start
        U = t.evaluate_payoffs(env, b)
        E = chance_edge_probs(t, t.evaluate_chance(env, b), b)
        V = np.empty((n, P, b))
        V[t.terminal_nodes] = U
        for g in t.groups:
            Vc = V[g.children]  # (m, k, P, b)
            if g.kind == CHANCE:
                V[g.nodes] = np.einsum("mkb,mkpb->mpb", E[g.children], Vc)
                continue
            _choose(g.nodes, g.children, t.player[g.nodes], Vc, V, E, tie[sl], tie_tol)
        reach = reach_probabilities(t, E, levels)
        for j, node in enumerate(t.terminal_nodes):
            terminal_probs[j, sl] = reach[node]
        payoffs[:, sl] = V[0]
        for action, node in zip(dec_actions, dec_children, strict=True):
            strategy[action, sl] = E[node]

    shape = batch.shape
    return Solution(
        method="spe",
        game=game,
        shape=shape,
        params={k: np.broadcast_to(np.asarray(v, dtype=float), shape) for k, v in values.items()},
        strategy=strategy.T.reshape(*shape, A),
        terminal_probs=terminal_probs.T.reshape(*shape, T),
        payoffs=payoffs.T.reshape(*shape, P),
        tie=tie.reshape(shape),
    )


def _choose(
    nodes: np.ndarray,
    children: np.ndarray,
    movers: np.ndarray,
    Vc: np.ndarray,
    V: np.ndarray,
    E: np.ndarray,
    tie: np.ndarray,
    tie_tol: float,
) -> None:
    """Each mover picks its best action (first listed wins ties); writes ``V``, ``E``, ``tie``.

    A running maximum over the (few) actions keeps every operation a contiguous row sweep.
    """
    m, k = children.shape
    own = Vc[np.arange(m), :, movers, :]  # (m, k, b): mover's value of each action
    best_val = own[:, 0].copy()
    best = np.zeros(best_val.shape, dtype=np.intp)
    chosen = Vc[:, 0].copy()  # (m, P, b)
    for j in range(1, k):
        better = own[:, j] > best_val
        np.copyto(best_val, own[:, j], where=better)
        np.copyto(best, j, where=better)
        np.copyto(chosen, Vc[:, j], where=better[:, None, :])
    V[nodes] = chosen
    for j in range(k):
        E[children[:, j]] = best == j
    # Ties: count actions within tolerance of the best; only such points get the full check.
    threshold = best_val - tie_tol * np.maximum(1.0, np.abs(best_val))
    n_near = (own >= threshold[:, None, :]).sum(axis=1)
    candidates = np.flatnonzero((n_near > 1).any(axis=0))
    if candidates.size:
        tol = (best_val - threshold)[:, candidates]
        near = own[:, :, candidates] >= threshold[:, None, candidates]
        differs = (
            np.abs(Vc[:, :, :, candidates] - chosen[:, None, :, candidates]) > tol[:, None, None, :]
        ).any(axis=2)
        tie[candidates] |= (near & differs).any(axis=(0, 1))
