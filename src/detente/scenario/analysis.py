"""``analyze_scenario``: outcome odds, causes of failure, sensitivity and what-ifs.

One call compiles the scenario, ranks its uncertain assumptions by Sobol index, then streams
its draws in chunks through the mapping's kernel (baseline, each intervention and each driver
end on the same draws), reducing them on the fly in constant memory; the other applicable
models are solved on the first draws as a cross-check. The result, :class:`ScenarioAnalysis`,
is a record: :meth:`ScenarioAnalysis.to_json` gives it as plain JSON, and
:mod:`detente.report` renders it (HTML, Markdown, the JSON with its headline). Results are the
same for a given seed whatever the chunk size or the Dask cluster that ran the chunks.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import detente
from detente.errors import ParameterError
from detente.scenario.calibration import Calibration, load_calibration
from detente.scenario.compilation import assumptions, explain_scenario
from detente.scenario.crisis_variables import check_moves
from detente.scenario.draw_chunks import (
    DEFAULT_CHUNK,
    DELTAS,
    DRIVER_DRAWS,
    WHATIF_DRAWS,
    WHATIF_QUANTILES,
    DrawPlan,
    DrawTotals,
    run_draws,
)
from detente.scenario.escalation_record import escalation_entry
from detente.scenario.interventions import intervention_title, parse_intervention
from detente.scenario.model_mappings import (
    applicable_mappings,
    model_parameters,
    primary_model,
)
from detente.scenario.monte_carlo import evaluate, seed_entropy, uncertain_paths
from detente.scenario.outcome_probabilities import CLASSES
from detente.scenario.scenario_schema import Intervention, Scenario
from detente.scenario.secondary_models import secondary_shares
from detente.scenario.sensitivity import BASE_SAMPLES, driver_values, sobol_ranking

MAX_DRAWS = 10_000_000
#: How many of the top Sobol fields the report re-evaluates at their plausible ends.
TOP_DRIVERS = 3


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 (first 16 hex digits) of the scenario's canonical JSON form."""
    text = json.dumps(scenario.to_json(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class ScenarioAnalysis:
    """The answers for one scenario, seed and number of draws.

    Attributes
    ----------
    scenario : Scenario
    seed : int
        The integer every random stream was derived from (repeat the run with it).
    draws : int
    outcomes : dict
        Outcome label -> {"p", "lo", "hi", "q05", "q95", "class"}: the mean over the draws of
        the per-draw probability, its 95 % Monte Carlo interval, and the 5th/95th
        percentiles of the per-draw probability.
    causes : dict
        Cause of failure -> {"share", "lo", "hi", "count"}: its share of the failure
        probability summed over the draws (``count``: expected failing draws it explains).
    sensitivity : list of dict
        Uncertain fields ranked by total Sobol index of the main probability (``ST``), with
        the indices of the risk of war (``ST_war``).
    drivers : list of dict
        The top Sobol fields with the main probability at their 5th/95th percentiles
        (``p_low``, ``p_high``: means over the first ``draws`` = min(draws,
        :data:`~detente.scenario.draw_chunks.DRIVER_DRAWS`) draws).
    interventions : list of dict
        Baseline first, then each intervention: name, kind, strength, outcomes, deltas (with
        paired 95 % intervals: same draws).
    models : dict
        The primary model's mean probabilities and each secondary model's outcome shares.
    calibration : Calibration
        The mapping's constants used.
    escalation : dict or None
        The escalation ladder rung by rung and the loss-of-control hazards
        (:func:`~detente.scenario.escalation_record.escalation_record`), where the scenario
        gives ``[escalation]`` or ``[technology.early_warning]``.
    """

    scenario: Scenario
    seed: int
    draws: int
    outcomes: dict[str, dict[str, float]]
    causes: dict[str, dict[str, float]]
    sensitivity: list[dict[str, Any]]
    interventions: list[dict[str, Any]]
    models: dict[str, dict[str, Any]]
    central: dict[str, Any]
    mapping: dict[str, Any]
    assumptions: list[str]
    elapsed: float
    calibration: Calibration | None = None
    drivers: list[dict[str, Any]] = field(default_factory=list)
    escalation: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)
    distributions: dict[str, dict[str, list]] = field(default_factory=dict)
    whatif: dict[str, Any] | None = None
    version: str = detente.__version__
    hash: str = ""
    _central_solution: Any = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def kind(self) -> str:
        """``"deterrence"`` or ``"compellence"``."""
        return self.scenario.crisis.kind

    @property
    def labels(self) -> dict[str, str]:
        """Outcome class -> label (e.g. ``"success"`` -> ``"Deterrence holds"``)."""
        return self.scenario.labels

    def p(self, cls: str) -> float:
        """Mean probability of an outcome class (``success``, ``prevails``, ``compromise``,
        ``war``, ``nuclear``)."""
        return self.outcomes[self.labels[cls]]["p"]

    @property
    def most_likely(self) -> str:
        return max(self.outcomes, key=lambda k: self.outcomes[k]["p"])

    def summary(self) -> dict[str, Any]:
        """A few plain numbers: most likely outcome, P(each outcome), top driver, best move."""
        top = self.sensitivity[0]["field"] if self.sensitivity else None
        moves = self.interventions[1:]
        best = max(moves, key=lambda m: m["delta_holds"]) if moves else None
        failed = [c for c in self.causes if self.causes[c]["count"]]
        return {
            "scenario": self.name,
            "title": self.scenario.scenario.title,
            "seed": self.seed,
            "draws": self.draws,
            "version": self.version,
            "most_likely": self.most_likely,
            "kind": self.kind,
            "p": {k: v["p"] for k, v in self.outcomes.items()},
            "main_cause": max(failed, key=lambda c: self.causes[c]["count"]) if failed else None,
            "top_driver": top,
            "best_intervention": best["name"] if best else None,
            "expected": self.scenario.scenario.expected,
            "calibration": self.calibration.name if self.calibration else None,
        }

    def to_json(self) -> dict[str, Any]:
        """The record as plain JSON (keys: scenario, seed, draws, version, kind, labels,
        outcomes, causes, sensitivity, drivers, interventions, models, central, mapping,
        assumptions, calibration, calibration_note, inputs, escalation, elapsed_seconds).

        :func:`detente.report.analysis_json` adds the report's first paragraph
        (``headline``)."""
        info = self.scenario.scenario
        out = {
            "scenario": {
                "name": self.name,
                "title": info.title,
                "year": info.year,
                "hash": self.hash,
                "historical_outcome": info.historical_outcome,
                "expected": info.expected,
                "sources": list(info.sources),
            },
            "seed": self.seed,
            "draws": self.draws,
            "version": self.version,
            "most_likely": self.most_likely,
            "kind": self.kind,
            "labels": dict(self.labels),
            "outcomes": self.outcomes,
            "causes": self.causes,
            "sensitivity": self.sensitivity,
            "drivers": self.drivers,
            "interventions": self.interventions,
            "models": self.models,
            "central": self.central,
            "mapping": self.mapping,
            "assumptions": self.assumptions,
            "calibration": self.calibration.to_json() if self.calibration else None,
            "calibration_note": self.calibration.note() if self.calibration else "",
            "inputs": self.scenario.to_json(),
            "escalation": self.escalation,
            "warnings": self.warnings,
            "distributions": self.distributions,
            "whatif": self.whatif,
            "elapsed_seconds": self.elapsed,
        }
        return out

    def central_solution(self):
        """The primary model solved at the central point (medians; true payoffs, logit
        precision of the calibration), for the game tree."""
        return self._central_solution


def analyze_scenario(
    scenario: Scenario,
    *,
    draws: int = 20_000,
    seed: int | np.random.Generator | None = 0,
    interventions: list[str] | None = None,
    progress: Callable[[float], None] | None = None,
    sensitivity: bool = True,
    calibration: Calibration | str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    scheduler: Any = None,
) -> ScenarioAnalysis:
    """Analyze a scenario: outcome probabilities, causes, drivers and interventions.

    Parameters
    ----------
    scenario : Scenario
        From :func:`~detente.scenario.load_scenario`.
    draws : int
        Monte Carlo draws (up to :data:`MAX_DRAWS`); memory does not grow with them.
    seed : int, numpy Generator or None
        Same scenario and seed give identical results.
    interventions : list of str, optional
        Extra interventions (``"hotline"``, ``"alliance:0.9"``) besides those in the file.
    progress : callable, optional
        Called with the fraction of the work done (0..1), at the start, after the Sobol
        design and after each chunk of draws.
    sensitivity : bool
        Compute the Sobol ranking and the drivers (the main probability with each top field
        at its plausible ends).
    calibration : Calibration, str or None
        The mapping's constants: a :class:`Calibration`, a bundled name or a TOML file
        (default: the bundled fitted ``icb_v14_pre1990``; ``"handset"`` for the hand-set one).
    chunk_size : int
        Draws evaluated together (memory grows with it; the results do not change).
    scheduler : str, distributed.Client or None
        Run the chunks on a Dask cluster (its address, e.g. ``tcp://host:8786``, or a
        client); same results as in this process.

    Returns
    -------
    ScenarioAnalysis

    References
    ----------
    Signorino, C. S. (1999). Strategic interaction and the statistical analysis of
    international conflict. APSR 93(2), 279-297.
    """
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ParameterError(f"draws must be a positive integer, got {draws!r}")
    if draws > MAX_DRAWS:
        raise ParameterError(f"draws = {draws:,} is more than {MAX_DRAWS:,}; use fewer draws")
    draws = int(draws)
    cal = load_calibration(calibration)
    moves: list[Intervention] = list(scenario.interventions) + [
        parse_intervention(t) for t in interventions or []
    ]
    check_moves(scenario, moves)
    tick = progress or (lambda f: None)
    start = time.perf_counter()
    entropy = seed_entropy(seed)
    tick(0.0)
    fields = len(uncertain_paths(scenario))
    sobol_work = (fields + 2) * BASE_SAMPLES if sensitivity and fields else 0
    ranking = sobol_ranking(scenario, entropy, cal) if sobol_work else []
    top = tuple(r["field"] for r in ranking[:TOP_DRIVERS] if r["ST"] > 0)
    plan = DrawPlan(scenario, cal, entropy, draws, tuple(moves), top)
    per_draw = plan.variants + 2 * len(top) * min(draws, DRIVER_DRAWS) / draws
    work = sobol_work + draws * per_draw
    tick(sobol_work / work)
    totals = run_draws(
        plan,
        chunk_size=chunk_size,
        scheduler=scheduler,
        progress=lambda done: tick((sobol_work + done * per_draw) / work),
    )
    labels = scenario.labels
    rows = [_move_row("Baseline", "baseline", 0.0, totals, 0, labels)]
    for v, move in enumerate(moves, start=1):
        rows.append(
            _move_row(intervention_title(move), move.kind, move.strength, totals, v, labels)
        )
    central_solution, central = central_point(scenario, cal)
    result = ScenarioAnalysis(
        scenario=scenario,
        seed=entropy,
        draws=draws,
        outcomes=rows[0]["outcomes"],
        causes=totals.cause_table(),
        sensitivity=ranking,
        interventions=rows,
        models=_model_shares(scenario, cal, entropy, totals),
        central=central,
        mapping=explain_scenario(scenario, cal),
        assumptions=assumptions(scenario, cal),
        elapsed=0.0,
        calibration=cal,
        drivers=_drivers(scenario, totals, ranking),
        escalation=escalation_entry(scenario, lambda q: totals.mean(f"escalation.{q}")),
        distributions={k: totals.distribution(k) for k in ("war", "nuclear")},
        whatif=_whatif(scenario, totals),
        warnings=degenerate_warnings(scenario, rows[0]["outcomes"], ranking, totals),
        hash=scenario_hash(scenario),
        _central_solution=central_solution,
    )
    result.elapsed = time.perf_counter() - start
    tick(1.0)
    return result


#: An outcome whose per-draw probability is at least this in 95 % of the draws is certain.
CERTAIN = 0.999
#: Below this every total Sobol index is noise: the ranking says nothing.
UNINFORMATIVE_ST = 0.01


def degenerate_warnings(
    scenario: Scenario,
    outcomes: dict[str, dict[str, Any]],
    ranking: list[dict[str, Any]],
    totals: DrawTotals,
) -> list[str]:
    """Warnings for an analysis that cannot discriminate: the challenger, as it believes,
    gains nothing by pressing in (almost) every draw (the inequality that makes deterrence
    certain but for the logit noise), an outcome whose per-draw probability is at least
    :data:`CERTAIN` in 95 % of the draws, and a Sobol table whose indices are all noise."""
    out = []
    labels = scenario.labels
    worse = totals.mean("press_worse")
    if worse >= CERTAIN:
        out.append(
            f"In {worse:.1%} of the draws the challenger's expected value of pressing "
            "(value_press_believed, as it perceives the defender) is below its payoff of "
            f"yielding at once (yield_c): that inequality decides {labels['success']!r} in "
            "every draw, and the other outcomes' probability comes from the model's noise (its "
            "logit precision) and any loss-of-control hazard, not from the stated uncertainty "
            "about the challenger's choice. Widen the ranges of the challenger's "
            "stakes, cost of war or perceived resolve if that is not the judgement."
        )
    for label, row in outcomes.items():
        if row.get("q05", 0.0) >= CERTAIN:
            out.append(
                f"{label} is certain: its probability is at least {CERTAIN} in 95 % of the "
                "draws, so the stated uncertainty does not change the answer; check the "
                "ranges of the inputs that decide it (`detente explain`)."
            )
    if ranking and max(r["ST"] for r in ranking) < UNINFORMATIVE_ST:
        out.append(
            f"The Sobol table is uninformative: every total index is below {UNINFORMATIVE_ST} "
            "(the main probability hardly varies across the draws)."
        )
    return out


def _whatif(scenario: Scenario, totals: DrawTotals) -> dict[str, Any] | None:
    """P(war or nuclear war) against the top Sobol field at several of its quantiles, the
    other fields as drawn (the report's what-if curve), or None without a driver."""
    if not totals.plan.drivers:
        return None
    path = totals.plan.drivers[0]
    dist = scenario.uncertain_fields()[path]
    return {
        "field": path,
        "quantiles": list(WHATIF_QUANTILES),
        "values": [float(dist.ppf(np.asarray(q))) for q in WHATIF_QUANTILES],
        "p_war": totals.whatif_means(),
        "draws": min(totals.n, WHATIF_DRAWS),
    }


def _drivers(
    scenario: Scenario, totals: DrawTotals, ranking: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The top Sobol fields with the main probability at their 5th/95th percentiles."""
    dists = scenario.uncertain_fields()
    out = []
    for j, path in enumerate(totals.plan.drivers):
        low_value, high_value = driver_values(scenario, path)
        p_low, p_high = totals.driver_means(j)
        out.append(
            {
                "field": path,
                "distribution": dists[path].describe(),
                "low_value": low_value,
                "p_low": p_low,
                "high_value": high_value,
                "p_high": p_high,
                "ST": ranking[j]["ST"],
                "draws": min(totals.n, DRIVER_DRAWS),
            }
        )
    return out


def _move_row(
    name: str,
    kind: str,
    strength: float,
    totals: DrawTotals,
    variant: int,
    labels: dict[str, str],
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "strength": strength,
        "outcomes": totals.outcome_table(variant, labels),
    }
    deltas = totals.deltas(variant) if variant else {}
    for d in DELTAS:
        mean_d, lo, hi = deltas.get(d, (0.0, 0.0, 0.0))
        row[f"delta_{d}"] = mean_d
        row[f"delta_{d}_interval"] = [lo, hi]
    return row


def _model_shares(
    scenario: Scenario, cal: Calibration, entropy: int, totals: DrawTotals
) -> dict[str, dict[str, Any]]:
    import detente.models as dm

    primary = dm.get(primary_model(scenario))
    out: dict[str, dict[str, Any]] = {
        primary.name: {
            "title": primary.title,
            "method": "qre (closed form, misperceiving first mover)",
            "draws": totals.n,
            "outcomes": {scenario.labels[k]: totals.mean(f"0.{k}") for k in CLASSES},
            "agrees_with_theory": None,
        }
    }
    return out | secondary_shares(scenario, cal, entropy, totals.n)


def central_point(scenario: Scenario, cal: Calibration) -> tuple[Any, dict[str, Any]]:
    """The primary model solved at the central point (medians, true payoffs, the
    calibration's logit precision): its solution and the record's ``central`` entry."""
    import detente.models as dm

    batch = evaluate(scenario, {}, 1, cal, secondary=False)
    mapping = next(m for m, _ in applicable_mappings(scenario) if m.primary)
    model = dm.get(mapping.model)
    params = model_parameters(mapping, scenario, batch.env, 1)
    sol = model.solve(params, method="qre", lam=cal["precision"])
    point = sol.point(0)
    skip = {"values"}
    variables = {
        k: float(v[0])
        for k, v in batch.env.items()
        if "." not in k and "[" not in k and k not in skip
    }
    return sol, {
        "model": model.name,
        "model_outcome": point["outcome"],
        "params": point["params"],
        "theory": {
            k: (v if isinstance(v, bool | str) else float(v)) for k, v in point["theory"].items()
        },
        "variables": variables,
        "probabilities": {scenario.labels[k]: float(batch.probs[k][0]) for k in CLASSES},
        "labels": [scenario.labels[k] for k in CLASSES],
    }
