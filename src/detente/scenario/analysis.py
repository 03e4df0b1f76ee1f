"""``analyze_scenario``: outcome odds, causes of failure, sensitivity and what-ifs.

One call compiles the scenario, draws its uncertainty, solves every applicable registered
model in one batched engine call per model, ranks the assumptions by Sobol index, and runs
each intervention on the same draws. The result, :class:`ScenarioAnalysis`, renders itself as
HTML, Markdown or JSON (:mod:`detente.report`).
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
from detente.scenario.interventions import intervention_title, parse_intervention
from detente.scenario.model_mappings import (
    applicable_mappings,
    model_parameters,
    primary_model,
)
from detente.scenario.monte_carlo import (
    Z95,
    Batch,
    cause_table,
    evaluate,
    outcome_table,
    seed_entropy,
    stream,
    uncertain_paths,
)
from detente.scenario.outcome_probabilities import CLASSES
from detente.scenario.scenario_schema import Intervention, Scenario
from detente.scenario.sensitivity import range_effects, sobol_ranking

MAX_DRAWS = 5_000_000
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
        The top Sobol fields with the main probability at their 5th/95th percentiles.
    interventions : list of dict
        Baseline first, then each intervention: name, kind, strength, outcomes, deltas (with
        paired 95 % intervals: same draws).
    models : dict
        The primary model's mean probabilities and each secondary model's outcome shares.
    calibration : Calibration
        The mapping's constants used.
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
        """Everything as plain JSON (keys: scenario, seed, draws, version, kind, labels,
        outcomes, causes, sensitivity, drivers, interventions, models, central, mapping,
        assumptions, calibration, calibration_note, inputs, headline: the report's first
        paragraph)."""
        from detente.report.report_text import headline

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
            "elapsed_seconds": self.elapsed,
        }
        out["headline"] = headline(out)
        return out

    def to_html(self) -> str:
        """A self-contained HTML report (inline SVG figures, no external files)."""
        from detente.report.html_report import render_html

        return render_html(self)

    def to_markdown(self) -> str:
        """The report as Markdown (tables; figures are in the HTML report)."""
        from detente.report.markdown_report import render_markdown

        return render_markdown(self)

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
) -> ScenarioAnalysis:
    """Analyze a scenario: outcome probabilities, causes, drivers and interventions.

    Parameters
    ----------
    scenario : Scenario
        From :func:`~detente.scenario.load_scenario`.
    draws : int
        Monte Carlo draws (the batch axis of every engine call).
    seed : int, numpy Generator or None
        Same scenario and seed give identical results.
    interventions : list of str, optional
        Extra interventions (``"hotline"``, ``"alliance:0.9"``) besides those in the file.
    progress : callable, optional
        Called with the fraction done (0..1) after each stage.
    sensitivity : bool
        Compute the Sobol ranking and the range effects of the top fields.
    calibration : Calibration, str or None
        The mapping's constants: a :class:`Calibration`, a bundled name or a TOML file
        (default: the bundled fitted ``icb_v14_pre1990``; ``"handset"`` for the hand-set one).

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
        raise ParameterError(f"draws = {draws} is more than {MAX_DRAWS:,}; use fewer draws")
    draws = int(draws)
    cal = load_calibration(calibration)
    moves: list[Intervention] = list(scenario.interventions) + [
        parse_intervention(t) for t in interventions or []
    ]
    tick = progress or (lambda f: None)
    start = time.perf_counter()
    entropy = seed_entropy(seed)
    paths = uncertain_paths(scenario)
    uniforms = {p: stream(entropy, p, draws) for p in paths}
    steps = 3 + len(moves)
    tick(0.0)
    base = evaluate(scenario, uniforms, draws, cal)
    tick(1 / steps)
    outcomes = outcome_table(base.probs, scenario.labels)
    ranking = sobol_ranking(scenario, entropy, cal) if sensitivity else []
    top = [r["field"] for r in ranking[:TOP_DRIVERS] if r["ST"] > 0]
    drivers = range_effects(scenario, uniforms, draws, cal, top)
    for row, r in zip(drivers, ranking, strict=False):
        row["ST"] = r["ST"]
    tick(2 / steps)
    rows = [_move_row("Baseline", "baseline", 0.0, base, base, scenario.labels)]
    for i, move in enumerate(moves):
        b = evaluate(scenario, uniforms, draws, cal, [move], secondary=False)
        rows.append(
            _move_row(intervention_title(move), move.kind, move.strength, b, base, scenario.labels)
        )
        tick((3 + i) / steps)
    central_solution, central = _central(scenario, cal)
    result = ScenarioAnalysis(
        scenario=scenario,
        seed=entropy,
        draws=draws,
        outcomes=outcomes,
        causes=cause_table(base.causes),
        sensitivity=ranking,
        interventions=rows,
        models=_model_shares(scenario, base),
        central=central,
        mapping=explain_scenario(scenario, cal),
        assumptions=assumptions(scenario, cal),
        elapsed=time.perf_counter() - start,
        calibration=cal,
        drivers=drivers,
        hash=scenario_hash(scenario),
        _central_solution=central_solution,
    )
    tick(1.0)
    return result


def _paired(diff: np.ndarray) -> tuple[float, float, float]:
    """Mean of paired per-draw differences and its 95 % interval."""
    d = float(diff.mean())
    se = float(diff.std(ddof=1) / np.sqrt(diff.size)) if diff.size > 1 else 0.0
    return d, d - Z95 * se, d + Z95 * se


def _move_row(
    name: str,
    kind: str,
    strength: float,
    batch: Batch,
    base: Batch,
    labels: dict[str, str],
) -> dict[str, Any]:
    table = outcome_table(batch.probs, labels)
    war = batch.probs["war"] + batch.probs["nuclear"]
    base_war = base.probs["war"] + base.probs["nuclear"]
    settled = batch.probs["success"] + batch.probs["compromise"]
    base_settled = base.probs["success"] + base.probs["compromise"]
    d_holds = _paired(batch.probs["success"] - base.probs["success"])
    d_war = _paired(war - base_war)
    d_settled = _paired(settled - base_settled)
    return {
        "name": name,
        "kind": kind,
        "strength": strength,
        "outcomes": table,
        "delta_holds": d_holds[0],
        "delta_holds_interval": [d_holds[1], d_holds[2]],
        "delta_war": d_war[0],
        "delta_war_interval": [d_war[1], d_war[2]],
        "delta_settled": d_settled[0],
        "delta_settled_interval": [d_settled[1], d_settled[2]],
    }


def _model_shares(scenario: Scenario, batch: Batch) -> dict[str, dict[str, Any]]:
    import detente.models as dm

    primary = dm.get(primary_model(scenario))
    out: dict[str, dict[str, Any]] = {
        primary.name: {
            "title": primary.title,
            "method": "qre (closed form, misperceiving first mover)",
            "draws": batch.n,
            "outcomes": {scenario.labels[k]: float(batch.probs[k].mean()) for k in CLASSES},
            "agrees_with_theory": None,
        }
    }
    for name, sol in batch.models.items():
        solved = int(sol.outcome.size)
        labels, counts = np.unique(sol.outcome.astype(str), return_counts=True)
        shares = {str(k): int(c) / solved for k, c in zip(labels, counts, strict=True)}
        agree = float(np.mean(sol.agrees_with_theory))
        out[name] = {
            "title": sol.model.title,
            "method": sol.method,
            "draws": solved,
            "outcomes": {k: shares.get(k, 0.0) for k in sol.model.outcomes} | shares,
            "agrees_with_theory": agree,
        }
    return out


def _central(scenario: Scenario, cal: Calibration) -> tuple[Any, dict[str, Any]]:
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
