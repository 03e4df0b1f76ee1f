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
from detente.games.node_tables import CHANCE, NodeGroup
from detente.games.parameter_batch import ParameterBatch
from detente.games.solution import Solution
from detente.games.tree import Game
from detente.games.tree_passes import chance_edge_probs, depth_levels, reach_probabilities


def solve_spe(
    game: Game,
    params: Mapping[str, object] | None = None,
    *,
    tie_tol: float = 1e-9,
    threads: int | None = None,
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
        Two action values count as tied when they differ by at most
        ``tie_tol * max(1, largest absolute payoff at the point)``.
    threads : int, optional
        Threads for independent chunks of the batch (default: ``$DETENTE_THREADS`` or the
        number of CPUs, at most 4).

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
    n, P, T, H = t.n_nodes, t.n_players, t.n_terminals, len(t.infosets)
    size = max(batch.size, 1)
    choice = np.empty((H, size), dtype=np.int8 if t.n_children.max() < 128 else np.int64)
    terminal_probs = np.empty((T, size))
    payoffs = np.empty((P, size))
    tie = np.zeros(size, dtype=bool)
    levels = depth_levels(t)

    def work(sl: slice, env: dict[str, np.ndarray]) -> None:
        b = sl.stop - sl.start
        V = np.empty((n, P, b))
        scale = t.fill_payoffs(V, env)
        # one tie tolerance per point, relative to its largest payoff
        tol = tie_tol * np.maximum(1.0, scale)
        E = chance_edge_probs(t, t.evaluate_chance(env, b), b)
        tie_chunk = tie[sl]
        for g in t.groups:
            Vc = g.child_view(V)  # (m, k, P, b), a view when the children are contiguous
            if g.kind == CHANCE:
                V[g.node_index()] = np.einsum("mkb,mkpb->mpb", g.child_view(E), Vc)
                continue
            best = _choose(g, t.player, Vc, V, E, tie_chunk, tol)
            choice[t.infoset_of[g.nodes], sl] = best
        reach = reach_probabilities(t, E, levels)
        terminal_probs[:, sl] = reach[t.terminal_nodes]
        payoffs[:, sl] = V[0]

    batch.run_chunks(n * (P + 2), work, threads)

    shape = batch.shape
    return Solution(
        method="spe",
        game=game,
        shape=shape,
        params={k: np.broadcast_to(np.asarray(v, dtype=float), shape) for k, v in values.items()},
        behaviour=None,
        choice=choice.T.reshape(*shape, H),
        terminal_probs=terminal_probs.T.reshape(*shape, T),
        payoffs=payoffs.T.reshape(*shape, P),
        tie=tie.reshape(shape),
    )


def _choose(
    g: NodeGroup,
    player: np.ndarray,
    Vc: np.ndarray,
    V: np.ndarray,
    E: np.ndarray,
    tie: np.ndarray,
    tol: np.ndarray,
) -> np.ndarray:
    """Each mover picks its best action; writes ``V``, ``E`` and ``tie``; returns the choices.

    The first listed action wins ties. A point is flagged when an action other than the
    chosen one comes within ``tol`` of the best value and its consequences differ for some
    player.
    """
    m, k = g.children.shape
    # (m, k, b): the mover's value of each action (a view when one player moves throughout)
    own = Vc[:, :, g.mover, :] if g.mover is not None else Vc[np.arange(m), :, player[g.nodes], :]
    nodes = g.node_index()
    Ec = g.child_view(E) if g.child_slice is not None else None
    if k == 2:
        diff = own[:, 1] - own[:, 0]
        better = diff > 0
        best = better.view(np.int8)
        V[nodes] = np.where(better[:, None, :], Vc[:, 1], Vc[:, 0])
        if Ec is not None:
            Ec[:, 1] = better
            np.logical_not(better, out=Ec[:, 0], casting="unsafe")
        else:
            E[g.children[:, 1]] = better
            E[g.children[:, 0]] = ~better
        near = np.abs(diff) <= tol
    else:
        best = own.argmax(axis=1)  # first maximum: the first listed action
        V[nodes] = np.take_along_axis(Vc, best[:, None, None, :], axis=1)[:, 0]
        for j in range(k):
            if Ec is not None:
                Ec[:, j] = best == j
            else:
                E[g.children[:, j]] = best == j
        best_val = np.take_along_axis(own, best[:, None, :], axis=1)
        near = (own >= best_val - tol).sum(axis=1) > 1
    candidates = np.flatnonzero(near.any(axis=0))
    if candidates.size:
        c_own = own[:, :, candidates]
        c_best = np.take_along_axis(c_own, best[:, None, candidates].astype(np.intp), axis=1)
        c_tol = tol[candidates]
        close = c_own >= c_best - c_tol
        c_vals = Vc[:, :, :, candidates]
        c_chosen = np.take_along_axis(
            c_vals, best[:, None, None, candidates].astype(np.intp), axis=1
        )
        differs = (np.abs(c_vals - c_chosen) > c_tol).any(axis=2)
        tie[candidates] |= (close & differs).any(axis=(0, 1))
    return best
