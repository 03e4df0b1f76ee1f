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

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detente.errors import InputError
from detente.games import solve_qre, solve_spe
from detente.models import get
from detente.sim.crisis_mapping import ROLES, CrisisMapping
from detente.sim.play_sampling import sample_terminals
from detente.sim.reputation import observe_crises, posterior_after_threat
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
        self._labels = np.array(list(self.model.game.tables.terminal_labels), dtype=object)
        n = self.state.n
        self._iu, self._ju = np.triu_indices(n, 1)
        s = self.state
        relevant = s.contiguous[self._iu, self._ju] | s.major[self._iu] | s.major[self._ju]
        self._pi, self._pj = self._iu[relevant], self._ju[relevant]
        self._n_contiguous = int(s.contiguous.sum()) // 2
        self._by_resolve = self.mapping.depending_on("resolve")
        self._events: list[dict[str, np.ndarray]] = []
        self._summaries: list[dict[str, float]] = []

    # --- one period ---------------------------------------------------------------------
    def step(self) -> None:
        """Advance one period: draw, solve, sample and apply every crisis at once."""
        s, r, rng = self.state, self.rules, self.rng
        n = s.n
        pi, pj = self._pi, self._pj
        rate = np.full(pi.size, r.crisis_rate)
        rate *= np.where(s.contiguous[pi, pj], r.contiguity_multiplier, 1.0)
        rate *= np.where(s.allied[pi, pj], r.alliance_multiplier, 1.0)
        rate *= np.where((s.regime[pi] > 0) & (s.regime[pj] > 0), r.democratic_peace, 1.0)
        crisis = rng.random(pi.size) < np.minimum(rate, 1.0)
        flip = rng.random(pi.size) < 0.5
        ch = np.where(flip, pj, pi)[crisis]
        df = np.where(flip, pi, pj)[crisis]
        m = ch.size

        strength = s.capability * (1.0 + r.arms_weight * s.arms) if r.arms_race else s.capability
        allied_now = s.allied[ch, df]
        allies = s.allied[df].astype(float) @ strength - s.allied[df, ch] * strength[ch]
        support = r.ally_weight * allies
        p_win = strength[ch] / (strength[ch] + strength[df] + support)
        hard = rng.random(m) < s.resolve[df]
        threat = hard | (rng.random(m) < s.bluff[df])
        belief = posterior_after_threat(s.resolve_belief(ch, df), s.bluff_belief(ch, df), threat)
        quantities = {
            "p_win": p_win,
            "resolve": belief,
            "stake": r.stake,
            "cost_ch": r.war_cost,
            "cost_def": r.war_cost,
            "audience_ch": r.audience_cost * s.regime[ch],
            "audience_def": r.audience_cost * s.regime[df],
            "ally_share": support / (strength[df] + support),
        }
        if m:
            params = self.mapping.parameters(quantities, m)
            truth_q = {**quantities, "resolve": hard.astype(float)}
            truth = {**params, **self.mapping.parameters(truth_q, m, self._by_resolve)}
            game = self.model.game
            if self.method == "spe":
                solution = solve_spe(game, params, threads=1)
            else:
                solution = solve_qre(game, params, lam=self.lam)
            terminal = sample_terminals(game, solution.strategy, truth, rng)
        else:
            terminal = np.zeros(0, dtype=np.int64)
        role = self._roles[terminal]
        firm, back = role == _FIRM, role == _BACKDOWN
        demanded = firm | back
        war = firm & (rng.random(m) < r.war_escalation)
        hostility = np.select([war, firm, back], [5, 4, 3], 0).astype(np.int8)

        # reputations (Bayes' rule on what the crisis revealed)
        w = r.audience_weight
        observe_crises(
            s.belief_firm, s.belief_back, s.public_firm, s.public_back, ch, df, firm, demanded, w
        )
        observe_crises(
            s.honest,
            s.bluffed,
            s.public_honest,
            s.public_bluffed,
            ch,
            df,
            firm,
            demanded & threat,
            w,
        )

        # capabilities: war losses, transfers, growth
        cap = s.capability
        win = rng.random(m) < p_win
        loss = np.zeros(n)
        gain = np.zeros(n)
        fought = firm.astype(float) * (1.0 + war)
        np.add.at(loss, ch, r.war_loss * fought * cap[ch])
        np.add.at(loss, df, r.war_loss * fought * cap[df])
        prize = r.war_loss * fought * np.where(win, cap[df], cap[ch])
        np.add.at(gain, np.where(win, ch, df), prize)
        np.add.at(loss, np.where(win, df, ch), prize)
        conceded = r.concession_transfer * back * cap[df]
        np.add.at(gain, ch, conceded)
        np.add.at(loss, df, conceded)
        cap = np.maximum(cap - loss + gain, 1e-9)
        cap = cap * np.exp(r.growth_mean + r.growth_sd * rng.standard_normal(n))
        s.capability = cap

        # alliances: abandonment in conflicts, formation under a common threat, lapse
        if m:
            pledged = s.allied[df[firm]]
            pledged[np.arange(pledged.shape[0]), ch[firm]] = False
            abandon = pledged & (rng.random(pledged.shape) >= r.alliance_reliability)
            rows, cols = np.nonzero(abandon)
            s.allied[df[firm][rows], cols] = False
            s.allied[cols, df[firm][rows]] = False
        # pairs of states challenged by the same state (the challenger excluded) may ally
        cd, dd = ch[demanded], df[demanded]
        same = (cd[:, None] == cd[None, :]) & (dd[:, None] < dd[None, :])
        a, b = np.nonzero(same)
        a, b = dd[a], dd[b]
        hostile = np.zeros((n, n), dtype=bool)
        hostile[cd, dd] = True
        ok = ~(hostile[a, b] | hostile[b, a]) & (rng.random(a.size) < r.alliance_formation)
        rows, cols = np.nonzero(s.allied)
        rows, cols = rows[rows < cols], cols[rows < cols]
        lapse = rng.random(rows.size) < r.alliance_decay
        s.allied[rows[lapse], cols[lapse]] = False
        s.allied[cols[lapse], rows[lapse]] = False
        s.allied[a[ok], b[ok]] = True
        s.allied[b[ok], a[ok]] = True

        # hostility memory and Richardson arms racing: dx = k * threat - a * x + g
        s.hostility *= r.hostility_decay
        np.add.at(s.hostility, (cd, dd), 1.0)
        np.add.at(s.hostility, (dd, cd), 1.0)
        if r.arms_race:
            threat_level = s.hostility @ s.arms
            s.arms = np.maximum(
                s.arms
                + r.arms_reactivity * threat_level
                - r.arms_fatigue * s.arms
                + r.arms_grievance,
                0.0,
            )

        self._events.append(
            {
                "period": np.full(m, self.period, dtype=np.int64),
                "challenger": s.ids[ch],
                "defender": s.ids[df],
                "outcome": self._labels[terminal],
                "role": np.asarray(ROLES, dtype=object)[role],
                "hostility": hostility,
                "dispute": demanded,
                "war": war,
                "threat": threat,
                "defender_hard": hard,
                "belief": belief,
                "p_win": p_win,
                "contiguous": s.contiguous[ch, df],
                "allied": allied_now,
            }
        )
        self._summaries.append(self._summary(ch[demanded], df[demanded], m, war.sum()))
        self.period += 1

    def _summary(self, ch: np.ndarray, df: np.ndarray, crises: int, wars: int) -> dict:
        """Per-period system summary plus dyad and dispute counts by dyad type.

        Dyad types: contiguity, a defense pledge, and the capability ratio (stronger/weaker)
        in :data:`RATIO_BINS` (Bremer 1992's dangerous-dyad correlates).
        """
        s = self.state
        log_cap = np.log(s.capability)
        cuts = np.log(RATIO_BINS)
        # pairs with log-capability gap >= c, from the sorted values (O(n log n), no pairs)
        x = np.sort(log_cap)
        above = [int((s.n - np.searchsorted(x, x + c, side="left")).sum()) for c in cuts]
        n_pairs = self._iu.size
        n_allied = int(s.allied.sum()) // 2
        n_contig = self._n_contiguous
        dyads = {
            "contiguous": n_contig,
            "noncontiguous": n_pairs - n_contig,
            "allied": n_allied,
            "nonallied": n_pairs - n_allied,
            "parity": n_pairs - above[0],
            "advantage": above[0] - above[1],
            "preponderance": above[1],
        }
        # disputing pairs (each pair once)
        key = np.unique(np.minimum(ch, df) * s.n + np.maximum(ch, df))
        a, b = key // s.n, key % s.n
        d_gap = np.abs(log_cap[a] - log_cap[b])
        d_bin = np.searchsorted(cuts, d_gap, side="right")
        contiguous, allied = s.contiguous[a, b], s.allied[a, b]
        disputes = {
            "contiguous": contiguous.sum(),
            "noncontiguous": (~contiguous).sum(),
            "allied": allied.sum(),
            "nonallied": (~allied).sum(),
            "parity": (d_bin == 0).sum(),
            "advantage": (d_bin == 1).sum(),
            "preponderance": (d_bin == 2).sum(),
        }
        share = s.capability / s.capability.sum()
        out: dict = {
            "period": self.period,
            "crises": crises,
            "disputes": int(key.size),
            "wars": int(wars),
            "reputation_resolve": float(np.mean(s.reputation_for_resolve())),
            "reputation_honesty": float(np.mean(s.reputation_for_honesty())),
            "alliance_density": n_allied / max(n_pairs, 1),
            "concentration": float((share**2).sum()),
            "mean_arms": float(s.arms.mean()),
        }
        for name in dyads:
            out[f"dyads_{name}"] = int(dyads[name])
            out[f"disputes_{name}"] = int(disputes[name])
        return out

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
        if self._events:
            events = pd.DataFrame(
                {k: np.concatenate([e[k] for e in self._events]) for k in self._events[0]}
            )
        else:
            events = pd.DataFrame()
        return SimulationResult(events, pd.DataFrame(self._summaries), self.state)
