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
from detente.scenario.compilation import assumptions, explain_scenario
from detente.scenario.interventions import intervention_title, parse_intervention
from detente.scenario.monte_carlo import (
    HOLDS,
    NUCLEAR,
    OUTCOMES,
    WAR,
    Batch,
    cause_table,
    evaluate,
    outcome_table,
    seed_entropy,
    stream,
    uncertain_paths,
)
from detente.scenario.scenario_schema import Intervention, Scenario
from detente.scenario.sensitivity import sobol_ranking

MAX_DRAWS = 5_000_000


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
        Outcome label -> {"p", "lo", "hi"} (95 % Wilson interval).
    causes : dict
        Cause of failure -> {"share", "lo", "hi", "count"} among failed draws.
    sensitivity : list of dict
        Uncertain fields ranked by total Sobol index of the risk of war.
    interventions : list of dict
        Baseline first, then each intervention: name, kind, strength, outcomes, deltas.
    models : dict
        Each applicable model's outcome shares over the draws.
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
    version: str = detente.__version__
    hash: str = ""
    _central_solution: Any = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.scenario.name

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
            "p": {k: v["p"] for k, v in self.outcomes.items()},
            "main_cause": max(failed, key=lambda c: self.causes[c]["count"]) if failed else None,
            "top_driver": top,
            "best_intervention": best["name"] if best else None,
            "expected": self.scenario.scenario.expected,
        }

    def to_json(self) -> dict[str, Any]:
        """Everything as plain JSON (keys: scenario, seed, draws, version, outcomes, causes,
        sensitivity, interventions, models, central, mapping, assumptions, inputs)."""
        info = self.scenario.scenario
        return {
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
            "outcomes": self.outcomes,
            "causes": self.causes,
            "sensitivity": self.sensitivity,
            "interventions": self.interventions,
            "models": self.models,
            "central": self.central,
            "mapping": self.mapping,
            "assumptions": self.assumptions,
            "inputs": self.scenario.to_json(),
            "elapsed_seconds": self.elapsed,
        }

    def to_html(self) -> str:
        """A self-contained HTML report (inline SVG figures, no external files)."""
        from detente.report.html_report import render_html

        return render_html(self)

    def to_markdown(self) -> str:
        """The report as Markdown (tables; figures are in the HTML report)."""
        from detente.report.markdown_report import render_markdown

        return render_markdown(self)

    def central_solution(self):
        """The primary model solved at the central point (medians), for the game tree."""
        return self._central_solution


def analyze_scenario(
    scenario: Scenario,
    *,
    draws: int = 20_000,
    seed: int | np.random.Generator | None = 0,
    interventions: list[str] | None = None,
    progress: Callable[[float], None] | None = None,
    sensitivity: bool = True,
) -> ScenarioAnalysis:
    """Analyze a scenario: Monte Carlo odds, causes, Sobol ranking and interventions.

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
        Compute the Sobol ranking (the slowest stage on large scenarios).

    Returns
    -------
    ScenarioAnalysis

    References
    ----------
    Zagare, F. C. & Kilgour, D. M. (2000). Perfect Deterrence. Cambridge UP.
    """
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ParameterError(f"draws must be a positive integer, got {draws!r}")
    if draws > MAX_DRAWS:
        raise ParameterError(f"draws = {draws} is more than {MAX_DRAWS:,}; use fewer draws")
    draws = int(draws)
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
    base = evaluate(scenario, uniforms, draws, entropy)
    tick(1 / steps)
    outcomes = outcome_table(base.outcome)
    ranking = sobol_ranking(scenario, entropy) if sensitivity else []
    tick(2 / steps)
    rows = [_move_row("Baseline", "baseline", 0.0, base, outcomes)]
    for i, move in enumerate(moves):
        b = evaluate(scenario, uniforms, draws, entropy, [move], secondary=False)
        rows.append(_move_row(intervention_title(move), move.kind, move.strength, b, outcomes))
        tick((3 + i) / steps)
    central_solution, central = _central(scenario, entropy)
    result = ScenarioAnalysis(
        scenario=scenario,
        seed=entropy,
        draws=draws,
        outcomes=outcomes,
        causes=cause_table(base.cause),
        sensitivity=ranking,
        interventions=rows,
        models=_model_shares(base),
        central=central,
        mapping=explain_scenario(scenario),
        assumptions=assumptions(scenario),
        elapsed=time.perf_counter() - start,
        hash=scenario_hash(scenario),
        _central_solution=central_solution,
    )
    tick(1.0)
    return result


def _move_row(
    name: str, kind: str, strength: float, batch: Batch, base: dict[str, dict[str, float]]
) -> dict[str, Any]:
    table = outcome_table(batch.outcome)
    war = table[WAR]["p"] + table[NUCLEAR]["p"]
    base_war = base[WAR]["p"] + base[NUCLEAR]["p"]
    return {
        "name": name,
        "kind": kind,
        "strength": strength,
        "outcomes": table,
        "delta_holds": table[HOLDS]["p"] - base[HOLDS]["p"],
        "delta_war": war - base_war,
    }


def _model_shares(batch: Batch) -> dict[str, dict[str, Any]]:
    out = {}
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


def _central(scenario: Scenario, entropy: int) -> tuple[Any, dict[str, Any]]:
    batch = evaluate(scenario, {}, 1, entropy, secondary=False)
    sol = batch.models["unilateral_deterrence"]
    point = sol.point(0)
    variables = {k: float(v[0]) for k, v in batch.env.items() if "." not in k and "[" not in k}
    return sol, {
        "model_outcome": point["outcome"],
        "params": point["params"],
        "theory": {
            k: (v if isinstance(v, bool | str) else float(v)) for k, v in point["theory"].items()
        },
        "variables": variables,
        "labels": list(OUTCOMES),
    }
