"""Agent logit quantal response equilibrium (AQRE), batched over parameter points and lambdas.

At every information set the mover chooses action ``a`` with probability proportional to
``exp(lam * Q(a))``, where ``Q(a)`` is the mover's expected payoff of ``a`` given beliefs
(Bayes' rule on the equilibrium's own reach probabilities) and everyone's equilibrium
behaviour afterwards. ``lam = 0`` is uniform play; as ``lam`` grows the AQRE approaches a
sequential equilibrium (McKelvey & Palfrey 1998, Theorem 4).

* Perfect information: the AQRE is unique and found exactly by one backward sweep
  ("statistical backward induction", Signorino 1999).
* Information sets: a damped fixed-point iteration, continued along a geometric schedule of
  lambdas from a small value up to the target (each solution starts the next), which follows
  the principal branch of the logit correspondence in the cases tested. ``Solution.converged``
  flags points that met the tolerance.

References
----------
McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive form
games. Experimental Economics 1(1), 9-41.
Signorino, C. S. (1999). Strategic interaction and the statistical analysis of international
conflict. American Political Science Review 93(2), 279-297.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. Games and Economic Behavior 51(2), 243-263.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import numpy as np

from detente.errors import GameError, ParameterError
from detente.games.node_tables import CHANCE, NodeTables
from detente.games.parameter_batch import ParameterBatch
from detente.games.solution import Solution
from detente.games.tree import Game
from detente.games.tree_passes import (
    chance_edge_probs,
    depth_levels,
    expected_values,
    reach_probabilities,
    set_strategy_edges,
)

if TYPE_CHECKING:  # scipy.sparse is imported when a QRE plan is built
    pass

_LAMBDA = "__lambda__"


def solve_qre(
    game: Game,
    params: Mapping[str, object] | None = None,
    lam: float | np.ndarray = 1.0,
    *,
    method: Literal["auto", "recursion", "fixed_point"] = "auto",
    tol: float = 1e-12,
    max_iter: int = 20_000,
    damping: float = 0.5,
    threads: int | None = None,
) -> Solution:
    """Agent logit QRE at precision ``lam`` for every parameter point.

    Parameters
    ----------
    game : Game
    params : mapping, optional
        Parameter values (scalars or arrays); ``lam`` broadcasts together with them.
    lam : float or array
        Logit precision(s), >= 0 and finite.
    method : {"auto", "recursion", "fixed_point"}
        ``"auto"`` uses the exact recursion for perfect-information games and the fixed point
        otherwise.
    tol : float
        Fixed point: stop when no action probability moves more than ``tol`` in an iteration.
    max_iter : int
        Fixed point: iteration budget at the target lambda.
    damping : float
        Fixed point: weight of the new logit response in each update, in (0, 1].
    threads : int, optional
        Threads for independent chunks of the batch (default: ``$DETENTE_THREADS`` or the
        number of CPUs, at most 4).

    Returns
    -------
    Solution
        Behaviour strategies, outcome probabilities, expected payoffs, ``lam`` and
        ``converged``.
    """
    t = game.tables
    values = game.resolve_parameters(params)
    lam_arr = np.asarray(lam, dtype=float)
    if not np.isfinite(lam_arr).all() or (lam_arr < 0).any():
        raise ParameterError(
            f"lam must be finite and >= 0 (got {lam!r}); for the lam -> infinity limit use "
            "solve_spe or solve_pbe"
        )
    if not 0 < damping <= 1:
        raise ParameterError(f"damping must lie in (0, 1], got {damping}")
    if method not in ("auto", "recursion", "fixed_point"):
        raise ParameterError(f"method must be 'auto', 'recursion' or 'fixed_point', got {method!r}")
    if method == "recursion" and not game.is_perfect_information:
        raise GameError(
            f"the closed-form QRE recursion needs perfect information; game {game.title!r} "
            "has information sets with several nodes: use method='fixed_point'"
        )
    recursion = method == "recursion" or (method == "auto" and game.is_perfect_information)
    batch = ParameterBatch.from_values({**values, _LAMBDA: lam_arr}, context=f" of {game.title!r}")
    n, P, A, T = t.n_nodes, t.n_players, t.n_actions, t.n_terminals
    size = max(batch.size, 1)
    strategy = np.empty((A, size))
    terminal_probs = np.empty((T, size))
    payoffs = np.empty((P, size))
    converged = np.ones(size, dtype=bool)
    levels = depth_levels(t)
    fixed_point = None if recursion else _FixedPoint(t)

    def work(sl: slice, env: dict[str, np.ndarray]) -> None:
        b = sl.stop - sl.start
        lam_b = np.broadcast_to(env[_LAMBDA], (b,))
        U = t.evaluate_payoffs(env, b)
        E = chance_edge_probs(t, t.evaluate_chance(env, b), b)
        if fixed_point is None:
            V = _logit_backward_induction(t, U, E, lam_b)
            sigma = np.empty((A, b))
            dec = t.edge_action >= 0
            sigma[t.edge_action[dec]] = E[dec]
        else:
            sigma, ok = fixed_point.solve(U, E, lam_b, tol, max_iter, damping)
            converged[sl] = ok
            set_strategy_edges(t, E, sigma)
            V = expected_values(t, U, E)
        reach = reach_probabilities(t, E, levels)
        terminal_probs[:, sl] = reach[t.terminal_nodes]
        payoffs[:, sl] = V[0]
        strategy[:, sl] = sigma

    batch.run_chunks(n * (P + 3), work, threads)

    shape = batch.shape
    return Solution(
        method="qre",
        game=game,
        shape=shape,
        params=batch.broadcast_values(values),
        behaviour=strategy.T.reshape(*shape, A),
        terminal_probs=terminal_probs.T.reshape(*shape, T),
        payoffs=payoffs.T.reshape(*shape, P),
        converged=converged.reshape(shape),
        lam=np.broadcast_to(lam_arr, shape),
    )


def _softmax(values: np.ndarray, lam: np.ndarray, axis: int) -> np.ndarray:
    """Logit choice probabilities ``exp(lam v) / sum exp(lam v)`` along ``axis``, stably."""
    z = values * lam
    z -= z.max(axis=axis, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=axis, keepdims=True)
    return z


def _logit_backward_induction(
    t: NodeTables, U: np.ndarray, E: np.ndarray, lam: np.ndarray
) -> np.ndarray:
    """Statistical backward induction: the exact AQRE of a perfect-information game.

    Fills the decision edges of ``E`` with logit choice probabilities and returns node values.
    """
    b = U.shape[-1]
    V = np.empty((t.n_nodes, t.n_players, b))
    V[t.terminal_nodes] = U
    for g in t.groups:
        Vc = V[g.children]
        if g.kind != CHANCE:
            m = g.children.shape[0]
            own = Vc[np.arange(m), :, t.player[g.nodes], :]  # (m, k, b)
            E[g.children] = _softmax(own, lam, axis=1)
        V[g.nodes] = np.einsum("mkb,mkpb->mpb", E[g.children], Vc)
    return V


class _FixedPoint:
    """Damped logit fixed point over information sets, with a lambda schedule."""

    def __init__(self, t: NodeTables) -> None:
        import scipy.sparse as sp

        self.t = t
        self.levels = depth_levels(t)
        # every edge out of a decision node: child id, parent id, mover, flat action index
        self.child = np.flatnonzero(t.edge_action >= 0)
        self.parent = t.parent[self.child]
        self.mover = t.player[self.parent]
        action = t.edge_action[self.child]
        ones = np.ones(self.child.size)
        # S sums edge terms into their action: (A x n_edges)
        self.S = sp.csr_matrix(
            (ones, (action, np.arange(self.child.size))), shape=(t.n_actions, self.child.size)
        )
        counts = np.asarray(self.S.sum(axis=1)).ravel()
        self.inv_count = 1.0 / counts
        # actions of information sets grouped by number of actions, for the softmax
        self.segments: list[np.ndarray] = []
        sizes = np.diff(t.action_offset)
        for k in np.unique(sizes):
            hs = np.flatnonzero(sizes == k)
            self.segments.append(t.action_offset[hs][:, None] + np.arange(k)[None, :])

    def response(
        self, U: np.ndarray, E: np.ndarray, sigma: np.ndarray, lam: np.ndarray
    ) -> np.ndarray:
        """Logit response to ``sigma``: beliefs by Bayes' rule from reach probabilities."""
        t = self.t
        set_strategy_edges(t, E, sigma)
        V = expected_values(t, U, E)
        reach = reach_probabilities(t, E, self.levels)
        w = reach[self.parent]  # (n_edges, b)
        val = V[self.child, self.mover, :]  # (n_edges, b)
        num = self.S @ (w * val)
        den = self.S @ w
        # an information set reached with probability 0 (a zero chance probability): uniform beliefs
        unreached = den <= 1e-300
        if unreached.any():
            plain = (self.S @ val) * self.inv_count[:, None]
            q = np.where(unreached, plain, num / np.where(unreached, 1.0, den))
        else:
            q = num / den
        out = np.empty_like(sigma)
        for seg in self.segments:
            out[seg] = _softmax(q[seg], lam, axis=1)
        return out

    def solve(
        self,
        U: np.ndarray,
        E: np.ndarray,
        lam: np.ndarray,
        tol: float,
        max_iter: int,
        damping: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        t = self.t
        b = U.shape[-1]
        sigma = np.empty((t.n_actions, b))
        for seg in self.segments:
            sigma[seg] = 1.0 / seg.shape[1]
        lam_max = float(lam.max()) if lam.size else 0.0
        # geometric schedule of fractions of the target lambda, starting near lam = 0.1
        steps = int(np.ceil(np.log(max(lam_max, 0.1) / 0.1) / np.log(1.25))) if lam_max > 0.1 else 0
        fractions = [1.25 ** (-j) for j in range(steps, 0, -1)]
        for f in fractions:
            sigma = self._iterate(U, E, sigma, lam * f, 1e-7, 2_000, damping)[0]
        sigma, delta = self._iterate(U, E, sigma, lam, tol, max_iter, damping)
        return sigma, delta <= max(tol, 1e-9)

    def _iterate(
        self,
        U: np.ndarray,
        E: np.ndarray,
        sigma: np.ndarray,
        lam: np.ndarray,
        tol: float,
        max_iter: int,
        damping: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        delta = np.full(sigma.shape[1], np.inf)
        for _ in range(max_iter):
            new = self.response(U, E, sigma, lam)
            delta = np.abs(new - sigma).max(axis=0)
            sigma = sigma + damping * (new - sigma)
            if delta.max() <= tol:
                break
        return sigma, delta
