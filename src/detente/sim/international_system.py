"""The international system: one ``step`` plays every crisis of a period at once.

In Mesa's words, :class:`InternationalSystem` is the *model*, each state an *agent* (a row of
:class:`~detente.sim.system_state.SystemState`), ``step()`` advances one period and the
per-period summaries are the *data collector*. Unlike Mesa, nothing loops over agents or dyads:

1. politically relevant dyads (contiguous, or with a major power) draw crisis opportunities;
   a random side challenges;
2. the defender's type is drawn (hard with its true ``resolve``); a hard defender threatens,
   a soft one bluffs with its ``bluff`` rate; the challenger updates its belief by Bayes' rule;
3. all crises are solved in **one** batched engine call with the configured model; one play
   per crisis is sampled (players follow the equilibrium, nature the truth);
4. outcomes update reputations (Bayes' rule), capabilities (war costs, transfers, growth),
   alliances (formation under a common threat, abandonment, lapse) and, optionally, arms
   (Richardson).

References
----------
Zagare, F. C. and Kilgour, D. M. (2000). Perfect Deterrence.
Sartori, A. E. (2005). Deterrence by Diplomacy.
Richardson, L. F. (1960). Arms and Insecurity.
Walt, S. M. (1987). The Origins of Alliances. Cornell UP (alliances against a common threat).
Bremer, S. A. (1992). Dangerous dyads. JCR 36(2), 309-341.
Kazil, J., Masad, D. and Crooks, A. (2020). Utilizing Python for agent-based modeling: the
Mesa framework (the model/agent/step vocabulary).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detente.errors import InputError
from detente.games import solve_qre, solve_spe
from detente.models import get
from detente.sim.crisis_mapping import ROLES, CrisisMapping
from detente.sim.play_sampling import sample_terminals
from detente.sim.reputation import posterior_after_threat
from detente.sim.system_rules import SimRules
from detente.sim.system_state import SystemState

__all__ = ["RATIO_BINS", "InternationalSystem", "SimulationResult"]

#: Capability-ratio bins (stronger / weaker CINC): parity, advantage, preponderance.
RATIO_BINS = (3.0, 10.0)
_STATUS_QUO, _BACKDOWN, _FIRM = range(3)


@dataclass
class SimulationResult:
    """Events and per-period summaries of one run."""

    events: pd.DataFrame
    summaries: pd.DataFrame
    state: SystemState
    extra: dict = field(default_factory=dict)


class InternationalSystem:
    """A system of states stepping through crises with a registered deterrence model.

    Parameters
    ----------
    state
        Initial :class:`SystemState` (copied; the run never changes the argument).
    model
        Registered model name (``detente.models.get``).
    rules
        :class:`SimRules` or a dict of its fields.
    mapping, outcome_roles
        Formulas and roles for :class:`~detente.sim.crisis_mapping.CrisisMapping`.
    method
        ``"spe"`` or ``"qre"`` (default: the model's first method if it is one of them).
    lam
        Logit precision for QRE.
    seed
        ``int``, ``numpy.random.Generator`` or ``None``.
    start_period
        Label of the first period (e.g. a year).
    """

    def __init__(
        self,
        state: SystemState,
        model: str = "unilateral_deterrence",
        rules: SimRules | dict | None = None,
        *,
        mapping: dict[str, str] | None = None,
        outcome_roles: dict[str, str] | None = None,
        method: str | None = None,
        lam: float = 5.0,
        seed: int | np.random.Generator | None = None,
        start_period: int = 0,
    ) -> None:
        self.state = state.copy()
        self.model = get(model)
        self.rules = rules if isinstance(rules, SimRules) else SimRules(**(rules or {}))
        self.mapping = CrisisMapping(self.model, mapping, outcome_roles)
        method = method or next((m for m in self.model.methods if m in ("spe", "qre")), None)
        if method not in ("spe", "qre") or method not in self.model.methods:
            raise InputError(
                f"simulation method {method!r} is not available for model {self.model.name!r}; "
                f"allowed: {', '.join(m for m in self.model.methods if m in ('spe', 'qre'))}"
            )
        self.method, self.lam = method, lam
        self.rng = np.random.default_rng(seed)
        self.period = start_period
        self._roles = self.mapping.role_codes()
        # labels as pandas arrays (whatever string dtype pandas infers), taken by index
        labels = np.array(list(self.model.game.tables.terminal_labels), dtype=object)
        self._outcome_strings = pd.Series(labels).array
        self._by_resolve = self.mapping.depending_on("resolve")
        s, r = self.state, self.rules
        n = s.n
        # politically relevant dyads (i < j), fixed for the run: contiguity, major-power
        # status and regime do not change, so the crisis rate varies only with alliances
        iu, ju = np.triu_indices(n, 1)
        relevant = s.contiguous[iu, ju] | s.major[iu] | s.major[ju]
        self._pi, self._pj = iu[relevant], ju[relevant]
        self._pair_gap = self._pj - self._pi
        self._pair_flat = self._pi * n + self._pj
        self._pair_contiguous = s.contiguous[self._pi, self._pj]
        base = np.full(self._pi.size, r.crisis_rate)
        base[self._pair_contiguous] *= r.contiguity_multiplier
        base[(s.regime[self._pi] > 0) & (s.regime[self._pj] > 0)] *= r.democratic_peace
        self._rate = np.minimum(base, 1.0)
        self._rate_allied = np.minimum(base * r.alliance_multiplier, 1.0)
        self._n_pairs = n * (n - 1) // 2
        self._n_contiguous = int(s.contiguous.sum()) // 2
        self._log_cuts = np.log(RATIO_BINS)
        self._hostile = np.zeros(n * n, dtype=bool)  # scratch: flags of this period's disputes
        self._num = np.empty((n, n))
        self._den = np.empty((n, n))
        self._pack_beliefs()
        self._events: list[tuple[np.ndarray, ...]] = []
        self._summaries: list[tuple] = []

    # --- belief counts, packed ------------------------------------------------------------
    def _belief_fields(self) -> tuple[np.ndarray, ...]:
        s = self.state
        return (
            s.belief_firm,
            s.bluffed,
            s.belief_back,
            s.honest,
            s.public_firm,
            s.public_bluffed,
            s.public_back,
            s.public_honest,
        )

    def _pack_beliefs(self) -> None:
        """Hold the belief counts in two blocks and make the state's fields views of them.

        ``_beliefs`` is (4, n, n) and ``_public`` (4, n), in the order (firm, bluffed, back,
        honest): rows 0-1 are the successes of the resolve and bluff beliefs, rows 2-3 their
        failures, so one gather and one division give both beliefs of every crisis.
        """
        fields = self._belief_fields()
        self._beliefs = np.stack(fields[:4])
        self._public = np.stack(fields[4:])
        s = self.state
        s.belief_firm, s.bluffed, s.belief_back, s.honest = self._beliefs
        s.public_firm, s.public_bluffed, s.public_back, s.public_honest = self._public
        self._packed = self._belief_fields()

    def _check_packed(self) -> None:
        """Re-pack if a state field was replaced by another array since the last step."""
        if not all(map(operator.is_, self._belief_fields(), self._packed)):
            self._pack_beliefs()

    # --- one period ---------------------------------------------------------------------
    def step(self) -> None:
        """Advance one period: draw, solve, sample and apply every crisis at once."""
        s, r, rng = self.state, self.rules, self.rng
        n = s.n
        self._check_packed()
        allied = s.allied

        # 1. crisis opportunities on the relevant dyads; a random side challenges
        rate = np.where(allied.take(self._pair_flat), self._rate_allied, self._rate)
        crisis = np.flatnonzero(rng.random(rate.size) < rate)
        m = crisis.size
        u_flip, u_hard, u_bluff, u_war, u_win, u_play = rng.random((6, m))
        pi = self._pi[crisis]
        swap = self._pair_gap[crisis] * (u_flip < 0.5)  # pj - pi where j challenges
        ch = pi + swap
        df = self._pj[crisis] - swap
        pair = ch * n + df

        # 2. capabilities, allies, types, talk and beliefs
        strength = s.capability * (1.0 + r.arms_weight * s.arms) if r.arms_race else s.capability
        s_ch, s_df = strength[ch], strength[df]
        allied_now = allied.take(pair)
        # allies' strength of every state (the challenger's own strength taken out below)
        pledges = np.flatnonzero(allied)
        ally, other = np.divmod(pledges, n)
        support = np.bincount(ally, strength[other], minlength=n)[df] - allied_now * s_ch
        support *= r.ally_weight
        p_win = s_ch / (s_ch + s_df + support)
        hard = u_hard < s.resolve[df]
        threat = hard | (u_bluff < s.bluff[df])
        # resolve and bluff beliefs (Beta means), then Bayes' rule on the threat
        counts = self._beliefs.reshape(4, n * n).take(pair, axis=1)
        counts += self._public.take(df, axis=1)
        resolve_belief, bluff_belief = counts[:2] / (counts[:2] + counts[2:])
        belief = posterior_after_threat(resolve_belief, bluff_belief, threat)

        # 3. one engine call for every crisis; one play each (nature follows the truth)
        if m:
            quantities = {
                "p_win": p_win,
                "resolve": belief,
                "stake": r.stake,
                "cost_ch": r.war_cost,
                "cost_def": r.war_cost,
                "audience_ch": r.audience_cost * s.regime[ch],
                "audience_def": r.audience_cost * s.regime[df],
                "ally_share": support / (s_df + support),
            }
            params = self.mapping.parameters(quantities, m)
            quantities["resolve"] = hard.astype(float)
            truth = {**params, **self.mapping.parameters(quantities, m, self._by_resolve)}
            game = self.model.game
            if self.method == "spe":
                solution = solve_spe(game, params, threads=1)
            else:
                solution = solve_qre(game, params, lam=self.lam)
            terminal = sample_terminals(game, solution.strategy, truth, rng, uniforms=u_play)
        else:
            terminal = np.zeros(0, dtype=np.int64)
        role = self._roles[terminal]
        war = (role == _FIRM) & (u_war < r.war_escalation)

        # 4. consequences of the disputes (crises where the challenger demanded)
        d = np.flatnonzero(role != _STATUS_QUO)
        cd, dd, pd_ = ch[d], df[d], pair[d]
        firm = role[d] == _FIRM
        self._update_reputations(dd, pd_, firm, threat[d])
        self._update_capabilities(cd, dd, firm, war[d], u_win[d] < p_win[d])
        self._update_alliances(cd, dd, pd_, firm, pledges)

        # hostility memory and Richardson arms racing: dx = k * threat - a * x + g
        if not s.hostility.flags.c_contiguous:
            s.hostility = np.ascontiguousarray(s.hostility)
        hostility = s.hostility
        hostility *= r.hostility_decay
        both = np.concatenate((pd_, dd * n + cd))  # a dyad has one crisis a period at most
        flat = hostility.reshape(-1)
        flat[both] += 1.0
        if r.arms_race:
            threat_level = hostility @ s.arms
            s.arms = np.maximum(
                s.arms
                + r.arms_reactivity * threat_level
                - r.arms_fatigue * s.arms
                + r.arms_grievance,
                0.0,
            )

        self._events.append(
            (ch, df, terminal, war, threat, hard, belief, p_win, crisis, allied_now)
        )
        self._summaries.append(self._summary(cd, dd, pd_, crisis[d], m, int(war.sum())))
        self.period += 1

    def _update_reputations(
        self,
        dd: np.ndarray,
        pair: np.ndarray,
        firm: np.ndarray,
        threat: np.ndarray,
    ) -> None:
        """Bayes' rule on what the disputes revealed (as :func:`observe_crises`, both beliefs).

        A dispute reveals resolve (firm: a success, backing down: a failure); a dispute after a
        threat also reveals honesty (threat kept: a success, bluff called: a failure). Every
        state observes with ``audience_weight`` (the shared counts), the challenger with the
        rest (its own counts; a dyad has at most one crisis a period, so no pair repeats).
        """
        n, w = self.state.n, self.rules.audience_weight
        # rows of the packed blocks: (firm, bluffed, back, honest)
        twice = 2 * firm.astype(np.intp)
        resolve_row = 2 - twice
        honesty_row = (1 + twice)[threat]
        if w > 0:
            target = np.concatenate((resolve_row * n + dd, honesty_row * n + dd[threat]))
            self._public += w * np.bincount(target, minlength=4 * n).reshape(4, n)
        if w < 1:
            private = self._beliefs.reshape(4, n * n)
            private[resolve_row, pair] += 1.0 - w
            private[honesty_row, pair[threat]] += 1.0 - w

    def _update_capabilities(
        self,
        cd: np.ndarray,
        dd: np.ndarray,
        firm: np.ndarray,
        war: np.ndarray,
        win: np.ndarray,
    ) -> None:
        """War losses, the winner's prize, concessions, then growth of every state."""
        s, r = self.state, self.rules
        cap = s.capability
        cap_c, cap_d = cap[cd], cap[dd]
        fought = r.war_loss * (firm.astype(float) + war)  # twice the loss in a war
        loss_c, loss_d = fought * cap_c, fought * cap_d
        conceded = r.concession_transfer * ~firm * cap_d
        winner = dd + (cd - dd) * win
        loser = cd + dd - winner
        prize = fought * cap[loser]  # the loser's loss once more, to the winner
        index = np.concatenate((cd, dd, winner, loser, cd, dd))
        change = np.concatenate((-loss_c, -loss_d, prize, -prize, conceded, -conceded))
        cap = np.maximum(cap + np.bincount(index, change, minlength=s.n), 1e-9)
        cap *= np.exp(r.growth_mean + r.growth_sd * self.rng.standard_normal(s.n))
        s.capability = cap

    def _update_alliances(
        self,
        cd: np.ndarray,
        dd: np.ndarray,
        pair: np.ndarray,
        firm: np.ndarray,
        pledges: np.ndarray,
    ) -> None:
        """Abandonment in conflicts, lapse, and formation under a common threat.

        ``pledges`` are the flat indices of ``allied`` that were true at the start of the
        period.
        """
        s, r, rng = self.state, self.rules, self.rng
        n, allied = s.n, s.allied
        # each ally of a defender that stood firm honours its pledge with the reliability
        df = dd[firm]
        if df.size:
            pledged = allied.take(df, axis=0)
            pledged[np.arange(df.size), cd[firm]] = False
            k, ally = np.divmod(np.flatnonzero(pledged), n)
            left = rng.random(ally.size) >= r.alliance_reliability
            a, b = df[k[left]], ally[left]
            allied[a, b] = False
            allied[b, a] = False
        # every pledge (still in force) lapses with alliance_decay
        a, b = np.divmod(pledges[allied.take(pledges)] if df.size else pledges, n)
        upper = a < b
        lapse = rng.random(np.count_nonzero(upper)) < r.alliance_decay
        a, b = a[upper][lapse], b[upper][lapse]
        allied[a, b] = False
        allied[b, a] = False
        # pairs of states challenged by the same state (and not disputing each other) may ally:
        # with disputes sorted by (challenger, defender), dispute x pairs with the next
        # ``partners[x]`` disputes of its challenger
        k = cd.size
        order = np.argsort(pair)
        c_sorted = cd[order]
        partners = np.searchsorted(c_sorted, c_sorted, side="right")
        partners -= np.arange(1, k + 1)
        total = int(partners.sum())
        if total:
            first = np.repeat(np.arange(k), partners)
            start = np.cumsum(partners)
            start -= partners
            second = np.arange(total) + np.repeat(np.arange(1, k + 1) - start, partners)
            d_sorted = dd[order]
            a, b = d_sorted[first], d_sorted[second]
            hostile = self._hostile
            hostile[pair] = True
            ok = ~(hostile.take(a * n + b) | hostile.take(b * n + a))
            hostile[pair] = False
            ok &= rng.random(total) < r.alliance_formation
            a, b = a[ok], b[ok]
            allied[a, b] = True
            allied[b, a] = True

    def _summary(
        self,
        cd: np.ndarray,
        dd: np.ndarray,
        pair: np.ndarray,
        relevant: np.ndarray,
        crises: int,
        wars: int,
    ) -> tuple:
        """Per-period system summary plus dyad and dispute counts by dyad type.

        Dyad types: contiguity, a defense pledge, and the capability ratio (stronger/weaker)
        in :data:`RATIO_BINS` (Bremer 1992's dangerous-dyad correlates). Each disputing dyad
        counts once (a dyad has at most one crisis a period).
        """
        s = self.state
        n, n_pairs = s.n, self._n_pairs
        cap = s.capability
        log_cap = np.log(cap)
        # pairs with log-capability gap >= c, from the sorted values (O(n log n), no pairs)
        x = np.sort(log_cap)
        above = n - np.searchsorted(x, (x + self._log_cuts[:, None]).ravel(), side="left")
        above = above.reshape(2, n).sum(axis=1)
        n_allied = np.count_nonzero(s.allied) // 2
        n_contig = self._n_contiguous
        disputes = cd.size
        contiguous = int(np.count_nonzero(self._pair_contiguous[relevant]))
        allied = int(np.count_nonzero(s.allied.take(pair)))
        gap = np.abs(log_cap[cd] - log_cap[dd])
        by_ratio = np.bincount(np.searchsorted(self._log_cuts, gap, side="right"), minlength=3)
        total = cap.sum()
        return (
            self.period,
            crises,
            disputes,
            wars,
            *self._mean_beliefs(),
            n_allied / max(n_pairs, 1),
            float(np.square(cap).sum() / (total * total)),
            float(s.arms.sum() / n),
            n_contig,
            contiguous,
            n_pairs - n_contig,
            disputes - contiguous,
            n_allied,
            allied,
            n_pairs - n_allied,
            disputes - allied,
            n_pairs - int(above[0]),
            int(by_ratio[0]),
            int(above[0] - above[1]),
            int(by_ratio[1]),
            int(above[1]),
            int(by_ratio[2]),
        )

    def _mean_beliefs(self) -> tuple[float, float]:
        """Mean over observers ``i != j`` and targets ``j`` of ``i``'s Beta means about ``j``.

        The same numbers as ``np.mean(reputation_for_resolve())`` and
        ``np.mean(reputation_for_honesty())``: every observer-target pair is evaluated, as in
        the Mesa peer, in scratch buffers.
        """
        num, den = self._num, self._den
        n = num.shape[0]
        out = []
        # rows of the packed blocks: (firm, bluffed, back, honest)
        for success, failure in ((0, 2), (3, 1)):
            np.add(self._beliefs[success], self._public[success], out=num)
            np.add(num, self._beliefs[failure], out=den)
            den += self._public[failure]
            num /= den
            out.append(float((num.sum() - np.trace(num)) / max(n * (n - 1), 1)))
        return out[0], out[1]

    # --- running ------------------------------------------------------------------------
    def run(self, periods: int) -> SimulationResult:
        """Step ``periods`` times and return the event table and summaries."""
        if periods < 0:
            raise InputError(f"periods must be >= 0, got {periods}")
        for _ in range(periods):
            self.step()
        return self.result()

    def result(self) -> SimulationResult:
        """Events and summaries so far."""
        s = self.state
        if self._events:
            (ch, df, terminal, war, threat, hard, belief, p_win, crisis, allied) = (
                np.concatenate(column) for column in zip(*self._events, strict=True)
            )
            first = self._summaries[0][0]
            crises = np.array([len(e[0]) for e in self._events])
            role = self._roles[terminal]
            events = pd.DataFrame(
                {
                    "period": np.repeat(np.arange(first, first + crises.size), crises),
                    "challenger": s.ids[ch],
                    "defender": s.ids[df],
                    "outcome": self._outcome_strings.take(terminal),
                    "role": _ROLE_STRINGS.take(role),
                    "hostility": (_HOSTILITY[role] + war).astype(np.int8),
                    "dispute": role != _STATUS_QUO,
                    "war": war,
                    "threat": threat,
                    "defender_hard": hard,
                    "belief": belief,
                    "p_win": p_win,
                    "contiguous": self._pair_contiguous[crisis],
                    "allied": allied,
                }
            )
        else:
            events = pd.DataFrame()
        summaries = pd.DataFrame.from_records(self._summaries, columns=_SUMMARY_COLUMNS)
        return SimulationResult(events, summaries, s)


_ROLE_STRINGS = pd.Series(np.asarray(ROLES, dtype=object)).array
#: Hostility level by role (MID levels: 0 none, 3 display/concession, 4 use of force; +1 war).
_HOSTILITY = np.array([0, 3, 4], dtype=np.int8)
_DYAD_TYPES = (
    "contiguous",
    "noncontiguous",
    "allied",
    "nonallied",
    "parity",
    "advantage",
    "preponderance",
)
_SUMMARY_COLUMNS = (
    "period",
    "crises",
    "disputes",
    "wars",
    "reputation_resolve",
    "reputation_honesty",
    "alliance_density",
    "concentration",
    "mean_arms",
    *(f"{kind}_{name}" for name in _DYAD_TYPES for kind in ("dyads", "disputes")),
)
