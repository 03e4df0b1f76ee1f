"""Scenario analysis: a crisis description -> registered models -> odds, causes, what-ifs.

::

    from detente.scenario import analyze_scenario, bundled_scenarios, load_scenario

    scenario = load_scenario(bundled_scenarios()["cuban_missile_crisis"])
    result = analyze_scenario(scenario, draws=100_000, seed=0, interventions=["hotline"])
    result.outcomes["Target complies"]        # {"p": ..., "lo": ..., "hi": ..., ...}
    result.p("success")                       # the same, by outcome class
    result.to_json()                          # the record; detente.report renders it
    analysis_from_json(record)                # a stored record back as an analysis
    compare_runs(record_a, record_b)          # two records' odds and inputs side by side

See ``docs/scenarios.md`` for the file format and the mapping onto models.
"""

from __future__ import annotations

from detente.scenario.analysis import ScenarioAnalysis, analyze_scenario, scenario_hash
from detente.scenario.calibration import Calibration, bundled_calibrations, load_calibration
from detente.scenario.compilation import assumptions, explain_scenario
from detente.scenario.distributions import Distribution, parse_uncertain
from detente.scenario.interventions import parse_intervention
from detente.scenario.monte_carlo import CAUSES, OUTCOMES
from detente.scenario.outcome_probabilities import outcome_probabilities
from detente.scenario.run_comparison import compare_runs
from detente.scenario.scenario_loading import (
    DEFAULT_SCENARIO,
    bundled_scenarios,
    load_scenario,
    validate_scenario,
)
from detente.scenario.scenario_schema import OUTCOME_LABELS, Scenario, scenario_json_schema
from detente.scenario.stored_analysis import analysis_from_json

__all__ = [
    "CAUSES",
    "DEFAULT_SCENARIO",
    "OUTCOMES",
    "OUTCOME_LABELS",
    "Calibration",
    "Distribution",
    "Scenario",
    "ScenarioAnalysis",
    "analysis_from_json",
    "analyze_scenario",
    "assumptions",
    "bundled_calibrations",
    "bundled_scenarios",
    "compare_runs",
    "explain_scenario",
    "load_calibration",
    "load_scenario",
    "outcome_probabilities",
    "parse_intervention",
    "parse_uncertain",
    "scenario_hash",
    "scenario_json_schema",
    "validate_scenario",
]
