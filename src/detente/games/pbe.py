"""Pure-strategy perfect Bayesian equilibria of small games with information sets.

Every pure behaviour profile (one action per information set) is checked at every parameter
point, all at once:

* at an information set reached with positive probability, beliefs follow Bayes' rule from
  the profile and chance, and the prescribed action must maximize the mover's expected payoff
  given those beliefs and the profile's continuation play;
* at an information set the profile does not reach, some belief must make the prescribed
  action optimal; the set of such beliefs (a polytope in the simplex) is reported by its range
  at each node (an interval for two-node sets).

This is the weak perfect Bayesian equilibrium of Mas-Colell, Whinston & Green (1995,
Definition 9.C.3), which in signaling games (one sender move, one receiver move) coincides
with perfect Bayesian equilibrium (Fudenberg & Tirole 1991, section 8.2). Enumeration grows
as the product of the number of actions over information sets, so this solver is meant for
small games (signaling games with 2-3 types, messages and responses).

References
----------
Fudenberg, D. and Tirole, J. (1991). Game Theory. MIT Press, ch. 8.
Mas-Colell, A., Whinston, M. D. and Green, J. R. (1995). Microeconomic Theory, ch. 9.C.
Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. Econometrica 50(4), 863-894.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.errors import GameError
from detente.games.parameter_batch import ParameterBatch
from detente.games.tree import Game
from detente.games.tree_passes import depth_levels, expected_values, reach_probabilities

if TYPE_CHECKING:  # pandas is imported where a frame is built
    import pandas as pd

#: Largest number of pure profiles solve_pbe enumerates.
MAX_PROFILES = 100_000


@dataclass(frozen=True)
class Equilibrium:
    """One pure-strategy PBE at one parameter point.

    Attributes
    ----------
    strategy : dict
        Information set -> chosen action.
    beliefs : dict
        Information set -> {node label: probability} on the equilibrium path, or
        {node label: (low, high)} off the path (the range of beliefs that support the
        prescribed action; any belief in the polytope they bound works for two-node sets).
    on_path : dict
        Information set -> whether it is reached with positive probability.
    outcomes : dict
        Outcome label -> probability.
    payoffs : dict
        Player -> expected payoff.
    """

    strategy: dict[str, str]
    beliefs: dict[str, dict[str, Any]]
    on_path: dict[str, bool]
    outcomes: dict[str, float]
    payoffs: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        """Plain-Python form (what ``detente solve --method pbe --json`` prints)."""
        return {
            "strategy": {h: {a: 1.0} for h, a in self.strategy.items()},
            "choices": dict(self.strategy),
            "beliefs": {
                h: {x: (list(v) if isinstance(v, tuple) else v) for x, v in b.items()}
                for h, b in self.beliefs.items()
            },
            "on_path": dict(self.on_path),
            "outcomes": dict(self.outcomes),
            "payoffs": dict(self.payoffs),
        }


@dataclass
class PBESolution:
    """All pure-strategy PBE over a batch of parameter points.

    Attributes
    ----------
    game : Game
    shape : tuple of int
    params : dict of str to ndarray
    profiles : ndarray, shape (n_profiles, n_infosets)
        Action index chosen at each information set, per profile.
    is_equilibrium : ndarray of bool, shape (*shape, n_profiles)
    belief_low, belief_high : ndarray, shape (*shape, n_profiles, n_nodes)
        Belief range at each decision node (equal on the path; NaN where the node is not in
        an information set with several nodes or the profile is no equilibrium).
    reached : ndarray of bool, shape (*shape, n_profiles, n_infosets)
    terminal_probs : ndarray, shape (*shape, n_profiles, n_terminals)
    payoffs : ndarray, shape (*shape, n_profiles, n_players)
    """

    game: Game
    shape: tuple[int, ...]
    params: dict[str, np.ndarray]
    profiles: np.ndarray
    is_equilibrium: np.ndarray
    belief_low: np.ndarray
    belief_high: np.ndarray
    reached: np.ndarray
    terminal_probs: np.ndarray
    payoffs: np.ndarray

    method = "pbe"

    @property
    def count(self) -> np.ndarray:
        """Number of pure-strategy PBE at each point."""
        return self.is_equilibrium.sum(axis=-1)

    def _index(self, index: tuple[int, ...] | int | None) -> tuple[int, ...]:
        if index is None:
            if self.shape not in ((), (1,)):
                raise GameError(
                    f"this solution holds {int(np.prod(self.shape))} points (shape {self.shape}); "
                    "pass index= to pick one"
                )
            return (0,) * len(self.shape)
        return (index,) if isinstance(index, int | np.integer) else tuple(index)

    def equilibria(self, index: tuple[int, ...] | int | None = None) -> list[Equilibrium]:
        """The equilibria at one parameter point, in enumeration order."""
        i = self._index(index)
        t = self.game.tables
        out = []
        labels = t.terminal_labels
        for p in np.flatnonzero(self.is_equilibrium[i]):
            strategy = {h.name: h.actions[self.profiles[p, j]] for j, h in enumerate(t.infosets)}
            beliefs: dict[str, dict[str, Any]] = {}
            on_path: dict[str, bool] = {}
            for j, h in enumerate(t.infosets):
                on = bool(self.reached[i][p, j])
                on_path[h.name] = on
                if len(h.nodes) < 2:
                    continue
                lo = self.belief_low[i][p, list(h.nodes)]
                hi = self.belief_high[i][p, list(h.nodes)]
                beliefs[h.name] = {
                    t.node_labels[x]: (float(a) if on else (float(a), float(c)))
                    for x, a, c in zip(h.nodes, lo, hi, strict=True)
                }
            outcomes: dict[str, float] = {}
            for k, label in enumerate(labels):
                outcomes[label] = outcomes.get(label, 0.0) + float(self.terminal_probs[i][p, k])
            payoffs = {pl: float(self.payoffs[i][p, j]) for j, pl in enumerate(self.game.players)}
            out.append(Equilibrium(strategy, beliefs, on_path, outcomes, payoffs))
        return out

    def point(self, index: tuple[int, ...] | int | None = None) -> dict[str, Any]:
        """One point as plain Python; top-level ``outcomes``/``payoffs``/``strategy`` describe the
        first equilibrium found (enumeration order), ``equilibria`` lists them all."""
        i = self._index(index)
        eqs = [e.as_dict() for e in self.equilibria(i)]
        first = eqs[0] if eqs else {"outcomes": {}, "payoffs": {}, "strategy": {}}
        return {
            "method": "pbe",
            "params": {k: float(np.broadcast_to(v, self.shape)[i]) for k, v in self.params.items()},
            "outcomes": first["outcomes"],
            "payoffs": first["payoffs"],
            "strategy": first["strategy"],
            "n_equilibria": len(eqs),
            "equilibria": eqs,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per (parameter point, equilibrium): parameters, choices, outcomes, payoffs."""
        import pandas as pd

        t = self.game.tables
        flat_eq = self.is_equilibrium.reshape(-1, self.profiles.shape[0])
        point, prof = np.nonzero(flat_eq)
        n = flat_eq.shape[0]
        cols: dict[str, Any] = {"point": point, "profile": prof}
        for k, v in self.params.items():
            cols[k] = np.broadcast_to(v, self.shape).reshape(n)[point]
        for j, h in enumerate(t.infosets):
            cols[h.name] = np.asarray(h.actions, dtype=object)[self.profiles[prof, j]]
        tp = self.terminal_probs.reshape(n, -1, t.n_terminals)[point, prof]
        for label in dict.fromkeys(t.terminal_labels):
            idx = [k for k, x in enumerate(t.terminal_labels) if x == label]
            cols[f"P({label})"] = tp[:, idx].sum(axis=1)
        pay = self.payoffs.reshape(n, -1, t.n_players)[point, prof]
        for j, pl in enumerate(self.game.players):
            cols[f"U({pl})"] = pay[:, j]
        return pd.DataFrame(cols)

    def __repr__(self) -> str:
        head = f"PBESolution(game={self.game.title!r}, shape={self.shape})"
        if self.shape in ((), (1,)):
            lines = [head]
            for e in self.equilibria():
                outcomes = {k: round(v, 4) for k, v in e.outcomes.items() if v}
                lines.append(f"  {e.strategy}  outcomes={outcomes}")
            return "\n".join(lines)
        return head

    def _repr_html_(self) -> str:
        return f"<p><b>PBE</b> of <i>{self.game.title}</i></p>" + self.to_frame().head(30).to_html()


def solve_pbe(
    game: Game,
    params: Mapping[str, object] | None = None,
    *,
    tol: float = 1e-9,
    max_profiles: int = MAX_PROFILES,
) -> PBESolution:
    """Find all pure-strategy (weak) perfect Bayesian equilibria at every parameter point.

    Parameters
    ----------
    game : Game
    params : mapping, optional
        Parameter values (scalars or arrays broadcasting to one batch shape).
    tol : float
        Payoff tolerance for optimality (ties count as optimal) and for "reached".
    max_profiles : int
        Refuse games with more pure profiles than this.

    Returns
    -------
    PBESolution
    """
    t = game.tables
    sizes = [len(h.actions) for h in t.infosets]
    n_profiles = math.prod(sizes)  # exact: a product in int64 could wrap around
    if n_profiles > max_profiles:
        raise GameError(
            f"game {game.title!r} has {n_profiles:,} pure behaviour profiles, more than "
            f"max_profiles={max_profiles:,}; solve_pbe enumerates them, so use solve_qre for "
            "large games"
        )
    profiles = np.array(list(itertools.product(*(range(k) for k in sizes))), dtype=np.int64)
    profiles = profiles.reshape(n_profiles, len(sizes))
    A = t.n_actions
    onehot = np.zeros((A, n_profiles))
    for j in range(len(sizes)):
        onehot[t.action_offset[j] + profiles[:, j], np.arange(n_profiles)] = 1.0

    values = game.resolve_parameters(params)
    batch = ParameterBatch.from_values(values, context=f" of game {game.title!r}")
    n, P, T, H = t.n_nodes, t.n_players, t.n_terminals, len(sizes)
    size = max(batch.size, 1)
    is_eq = np.zeros((size, n_profiles), dtype=bool)
    low = np.full((size, n_profiles, n), np.nan)
    high = np.full((size, n_profiles, n), np.nan)
    reached = np.zeros((size, n_profiles, H), dtype=bool)
    term = np.empty((size, n_profiles, T))
    pay = np.empty((size, n_profiles, P))
    levels = depth_levels(t)
    dec_children = np.flatnonzero(t.edge_action >= 0)

    # a larger working set than the other solvers: profiles multiply the batch
    per_point = n * (P + 3) * n_profiles
    for sl, env in batch.chunks(entries_per_point=max(1, per_point // 16)):
        b = sl.stop - sl.start
        U = t.evaluate_payoffs(env, b)  # (T, P, b)
        chance = t.evaluate_chance(env, b)  # (n_chance, b)
        nb = n_profiles * b  # flattened (profile, point), point fastest
        E = np.ones((n, n_profiles, b))
        if chance.size:
            E[t.chance_edge_node] = chance[:, None, :]
        E[dec_children] = onehot[t.edge_action[dec_children]][:, :, None]
        E = E.reshape(n, nb)
        Ub = np.broadcast_to(U[:, :, None, :], (T, P, n_profiles, b)).reshape(T, P, nb)
        V = expected_values(t, Ub, E)
        reach = reach_probabilities(t, E, levels)
        ok = np.ones(nb, dtype=bool)
        lo_c = np.full((n, nb), np.nan)
        hi_c = np.full((n, nb), np.nan)
        reached_c = np.zeros((H, nb), dtype=bool)
        for j, h in enumerate(t.infosets):
            nodes = np.asarray(h.nodes)
            k = len(h.actions)
            chosen = np.repeat(profiles[:, j], b)  # (nb,)
            # Q[x, a, :]: mover's value of action a at node x
            kids = t.first_child[nodes][:, None] + np.arange(k)[None, :]
            Q = V[kids, h.player, :]  # (m, k, nb)
            Qc = np.take_along_axis(Q, np.broadcast_to(chosen, (len(nodes), 1, nb)), axis=1)
            D = Qc - Q  # (m, k, nb): advantage of the prescribed action over each action
            R = reach[nodes]  # (m, nb)
            total = R.sum(axis=0)
            on = total > tol
            reached_c[j] = on
            scale = tol * np.maximum(1.0, np.abs(Q).max(axis=(0, 1)))
            # on the path: Bayes' rule
            mu = R / np.where(on, total, 1.0)
            on_ok = (np.einsum("mb,mkb->kb", mu, D) >= -scale).all(axis=0)
            # off the path: some belief must support the prescribed action
            off_ok, off_lo, off_hi = _supporting_beliefs(D, scale)
            ok &= np.where(on, on_ok, off_ok)
            if len(nodes) > 1:
                lo_c[nodes] = np.where(on, mu, off_lo)
                hi_c[nodes] = np.where(on, mu, off_hi)
        rs = (n_profiles, b)
        is_eq[sl] = ok.reshape(rs).T
        low[sl] = np.where(ok, lo_c, np.nan).reshape(n, *rs).transpose(2, 1, 0)
        high[sl] = np.where(ok, hi_c, np.nan).reshape(n, *rs).transpose(2, 1, 0)
        reached[sl] = reached_c.reshape(H, *rs).transpose(2, 1, 0)
        term[sl] = reach[t.terminal_nodes].reshape(T, *rs).transpose(2, 1, 0)
        pay[sl] = V[0].reshape(P, *rs).transpose(2, 1, 0)

    shape = batch.shape
    return PBESolution(
        game=game,
        shape=shape,
        params=batch.broadcast_values(values),
        profiles=profiles,
        is_equilibrium=is_eq.reshape(*shape, n_profiles),
        belief_low=low.reshape(*shape, n_profiles, n),
        belief_high=high.reshape(*shape, n_profiles, n),
        reached=reached.reshape(*shape, n_profiles, H),
        terminal_probs=term.reshape(*shape, n_profiles, T),
        payoffs=pay.reshape(*shape, n_profiles, P),
    )


def _supporting_beliefs(
    D: np.ndarray, scale: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Beliefs mu in the simplex with ``sum_x mu_x D[x, a] >= -scale`` for every action a.

    Parameters
    ----------
    D : ndarray, shape (m, k, nb)
        Advantage of the prescribed action over each action at each node of the set.
    scale : ndarray, shape (nb,)
        Tolerance.

    Returns
    -------
    feasible : ndarray of bool, shape (nb,)
    low, high : ndarray, shape (m, nb)
        Range of each node's belief over the feasible set (NaN where infeasible).
    """
    m, k, nb = D.shape
    if m == 1:
        feasible = (D[0] >= -scale).all(axis=0)
        one = np.where(feasible, 1.0, np.nan)[None, :]
        return feasible, one, one
    if m == 2:
        # mu = belief on the first node: D1 + mu * (D0 - D1) >= 0 for every action
        slope = D[0] - D[1]  # (k, nb)
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = -D[1] / slope
        pos = slope > scale
        neg = slope < -scale
        flat = ~pos & ~neg
        lo = np.maximum(0.0, np.where(pos, bound, -np.inf).max(axis=0))
        hi = np.minimum(1.0, np.where(neg, bound, np.inf).min(axis=0))
        flat_bad = (flat & (D[1] < -scale) & (D[0] < -scale)).any(axis=0)
        feasible = (lo <= hi + scale) & ~flat_bad
        lo = np.where(feasible, np.clip(lo, 0, 1), np.nan)
        hi = np.where(feasible, np.clip(np.maximum(hi, lo), 0, 1), np.nan)
        return feasible, np.stack([lo, 1 - hi]), np.stack([hi, 1 - lo])
    # m >= 3: enumerate the vertices of {mu in simplex : D^T mu >= -scale}
    rows = np.concatenate(
        [np.transpose(D, (1, 0, 2)), np.broadcast_to(np.eye(m)[:, :, None], (m, m, nb))]
    )
    rhs = np.concatenate([-np.broadcast_to(scale, (k, nb)), np.zeros((m, nb))])  # rows mu >= rhs
    best_lo = np.full((m, nb), np.inf)
    best_hi = np.full((m, nb), -np.inf)
    for combo in itertools.combinations(range(rows.shape[0]), m - 1):
        M = np.concatenate([rows[list(combo)], np.ones((1, m, nb))])  # (m, m, nb)
        r = np.concatenate([rhs[list(combo)], np.ones((1, nb))])
        Mb = np.moveaxis(M, 2, 0)
        det = np.linalg.det(Mb)
        good = np.abs(det) > 1e-12
        if not good.any():
            continue
        mu = np.full((nb, m), np.nan)
        mu[good] = np.linalg.solve(Mb[good], r.T[good][:, :, None])[:, :, 0]
        mu = mu.T  # (m, nb)
        inside = good & (np.einsum("rmb,mb->rb", rows, np.nan_to_num(mu)) >= rhs - 1e-9).all(axis=0)
        best_lo = np.where(inside, np.minimum(best_lo, mu), best_lo)
        best_hi = np.where(inside, np.maximum(best_hi, mu), best_hi)
    feasible = np.isfinite(best_lo).all(axis=0)
    return (
        feasible,
        np.where(feasible, np.clip(best_lo, 0, 1), np.nan),
        np.where(feasible, np.clip(best_hi, 0, 1), np.nan),
    )
