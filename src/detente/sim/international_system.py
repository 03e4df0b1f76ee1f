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
from detente.sim.period_kernels import (
    STATUS_QUO,
    UniformStream,
    apply_disputes,
    draw_crises,
    dyad_counts,
    mean_beta_beliefs,
    warm_up,
)
from detente.sim.play_sampling import sample_choice_terminals, sample_terminals
from detente.sim.system_rules import SimRules
from detente.sim.system_state import SystemState

__all__ = ["RATIO_BINS", "InternationalSystem", "SimulationResult"]

#: Capability-ratio bins (stronger / weaker CINC): parity, advantage, preponderance.
RATIO_BINS = (3.0, 10.0)


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
        self._uniforms = UniformStream(self.rng)
        self._prepared: list = [None] * len(_KERNEL_FIELDS)  # fields as last checked
        warm_up()  # compiled kernels loaded now, not in the first period
        self._rule_values = np.array(
            [
                r.audience_weight,
                r.war_escalation,
                r.war_loss,
                r.concession_transfer,
                r.growth_mean,
                r.growth_sd,
                r.alliance_reliability,
                r.alliance_decay,
                r.alliance_formation,
                r.hostility_decay,
            ]
        )
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
        self._beliefs = np.stack(fields[:4]).astype(np.float64, copy=False)
        self._public = np.stack(fields[4:]).astype(np.float64, copy=False)
        s = self.state
        s.belief_firm, s.bluffed, s.belief_back, s.honest = self._beliefs
        s.public_firm, s.public_bluffed, s.public_back, s.public_honest = self._public
        self._packed = self._belief_fields()

    def _check_packed(self) -> None:
        """Re-pack if a state field was replaced by another array since the last step."""
        if not all(map(operator.is_, self._belief_fields(), self._packed)):
            self._pack_beliefs()

    # --- one period ---------------------------------------------------------------------
    def _prepare_state(self) -> None:
        """Give the compiled kernels the dtypes and layouts they take (no copy if already so).

        A field the user replaced between steps (say with a list or a transposed view) is
        converted once here; the run then updates the converted array in place. Fields that
        are the arrays checked last time are not checked again.
        """
        self._check_packed()
        s = self.state
        current = [getattr(s, name) for name, _ in _KERNEL_FIELDS]
        if all(map(operator.is_, current, self._prepared)):
            return
        for (name, dtype), value in zip(_KERNEL_FIELDS, current, strict=True):
            if (
                not isinstance(value, np.ndarray)
                or value.dtype != dtype
                or not value.flags.c_contiguous
                or not value.flags.writeable
            ):
                setattr(s, name, np.array(value, dtype=dtype, order="C"))
        self._prepared = [getattr(s, name) for name, _ in _KERNEL_FIELDS]

    def step(self) -> None:
        """Advance one period: draw, solve, sample and apply every crisis at once."""
        s, r, rng = self.state, self.rules, self.rng
        self._prepare_state()

        # 1. crisis opportunities on the relevant dyads, challengers, types, talk, beliefs
        strength = s.capability * (1.0 + r.arms_weight * s.arms) if r.arms_race else s.capability
        stream = self._uniforms
        stream.reserve(7 * self._pi.size)
        (
            crisis,
            ch,
            df,
            hard,
            threat,
            p_win,
            ally_share,
            belief,
            allied_now,
            uniforms,
            stream.pos,
        ) = draw_crises(
            stream.buffer,
            stream.pos,
            self._pi,
            self._pj,
            self._rate,
            self._rate_allied,
            s.allied,
            strength,
            s.resolve,
            s.bluff,
            self._beliefs,
            self._public,
            r.ally_weight,
        )
        m = crisis.size
        u_war, u_win, u_play = uniforms

        # 2. one engine call for every crisis; one play each (nature follows the truth)
        if m:
            quantities = {
                "p_win": p_win,
                "resolve": belief,
                "stake": r.stake,
                "cost_ch": r.war_cost,
                "cost_def": r.war_cost,
                "audience_ch": r.audience_cost * s.regime[ch],
                "audience_def": r.audience_cost * s.regime[df],
                "ally_share": ally_share,
            }
            params = self.mapping.parameters(quantities, m)
            quantities["resolve"] = hard.astype(float)
            truth = {**params, **self.mapping.parameters(quantities, m, self._by_resolve)}
            game = self.model.game
            if self.method == "spe":
                solution = solve_spe(game, params, threads=1)
            else:
                solution = solve_qre(game, params, lam=self.lam)
            if solution.choice is not None:  # SPE: pure strategies, no one-hot matrix
                terminal = sample_choice_terminals(game, solution.choice, truth, uniforms=u_play)
            else:
                terminal = sample_terminals(game, solution.strategy, truth, uniforms=u_play)
        else:
            terminal = np.zeros(0, dtype=np.int64)
        role = self._roles[terminal]

        # 3. consequences of the disputes (crises where the challenger demanded)
        growth = rng.standard_normal(s.n)
        while True:
            war, d, n_allied, end = apply_disputes(
                stream.buffer,
                stream.pos,
                growth,
                ch,
                df,
                role,
                threat,
                p_win,
                u_war,
                u_win,
                self._beliefs,
                self._public,
                s.capability,
                s.allied,
                s.hostility,
                self._hostile,
                self._rule_values,
            )
            if n_allied >= 0:
                break
            stream.reserve(end)  # too few uniforms left: nothing was changed; draw, retry
        stream.pos = end
        if r.arms_race:  # Richardson: dx = k * threat - a * x + g
            threat_level = s.hostility @ s.arms
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
        self._summaries.append(self._summary(ch[d], df[d], m, int(war.sum()), n_allied))
        self.period += 1

    def _summary(
        self, cd: np.ndarray, dd: np.ndarray, crises: int, wars: int, n_allied: int
    ) -> tuple:
        """Per-period system summary plus dyad and dispute counts by dyad type.

        Dyad types: contiguity, a defense pledge, and the capability ratio (stronger/weaker)
        in :data:`RATIO_BINS` (Bremer 1992's dangerous-dyad correlates). Each disputing dyad
        counts once (a dyad has at most one crisis a period).
        """
        s = self.state
        n, n_pairs, n_contig = s.n, self._n_pairs, self._n_contiguous
        above, contiguous, allied, by_ratio, concentration = dyad_counts(
            s.capability, self._log_cuts, s.contiguous, s.allied, cd, dd
        )
        disputes = cd.size
        return (
            self.period,
            crises,
            disputes,
            wars,
            *mean_beta_beliefs(self._beliefs, self._public),
            n_allied / max(n_pairs, 1),
            concentration,
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
                    "dispute": role != STATUS_QUO,
                    "war": war,
                    "threat": threat,
                    "defender_hard": hard,
                    "belief": belief,
                    "p_win": p_win,
                    "contiguous": self._pair_contiguous[crisis],
                    "allied": allied,
                },
                copy=False,  # every column is a fresh array: no second copy into blocks
            )
        else:
            events = pd.DataFrame()
        summaries = pd.DataFrame.from_records(self._summaries, columns=_SUMMARY_COLUMNS)
        return SimulationResult(events, summaries, s)


#: State fields the compiled kernels read or update, with the dtype they take.
_KERNEL_FIELDS = (
    ("capability", np.float64),
    ("resolve", np.float64),
    ("bluff", np.float64),
    ("regime", np.float64),
    ("arms", np.float64),
    ("contiguous", np.bool_),
    ("allied", np.bool_),
    ("hostility", np.float64),
)
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
