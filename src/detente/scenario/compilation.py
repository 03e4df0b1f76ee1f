"""Compilation, made inspectable: model <- parameter <- formula <- scenario fields.

:func:`explain_scenario` lists, for a scenario, every crisis variable with its formula and the
fields it reads, then every applicable registered model with the formula of each parameter it
receives, and the registered models that were not used (and why). ``detente explain`` prints
it; the reports include it, so a reader can audit each number.
"""

from __future__ import annotations

from typing import Any

from detente.scenario.crisis_variables import intervention_rules, variable_rules
from detente.scenario.model_mappings import applicable_mappings, mapping_status
from detente.scenario.scenario_schema import Scenario


def explain_scenario(scenario: Scenario) -> dict[str, Any]:
    """The full mapping of ``scenario`` onto the registered models.

    Returns
    -------
    dict
        ``variables``: list of {variable, formula, reads, source};
        ``models``: list of {model, method, primary, why, parameters: [{parameter, formula,
        reads}]}; ``status``: every registered model with ``used`` / ``not applicable`` /
        ``not mapped``; ``interventions``: the overrides of each declared intervention.
    """
    variables = [
        {"variable": r.target, "formula": r.formula, "reads": list(r.fields), "source": r.source}
        for r in variable_rules(scenario)
    ]
    models = []
    for mapping, why in applicable_mappings(scenario):
        models.append(
            {
                "model": mapping.model,
                "method": mapping.method,
                "primary": mapping.primary,
                "why": why,
                "parameters": [
                    {"parameter": r.target, "formula": r.formula, "reads": list(r.fields)}
                    for r in mapping.rules(scenario)
                ],
            }
        )
    moves = [
        {
            "kind": m.kind,
            "strength": m.strength,
            "overrides": [
                {"variable": r.target, "formula": r.formula, "source": r.source}
                for r in intervention_rules(scenario, m)
            ],
        }
        for m in scenario.interventions
    ]
    return {
        "variables": variables,
        "models": models,
        "status": mapping_status(scenario),
        "interventions": moves,
    }


def assumptions(scenario: Scenario) -> list[str]:
    """What the analysis assumes, in plain words (printed at the top of every report)."""
    c = scenario.actor_name(scenario.crisis.challenger)
    d = scenario.actor_name(scenario.crisis.defender)
    out = [
        f"{c} decides once whether to challenge; {d} then resists or concedes. This is the "
        "unilateral deterrence game of Zagare & Kilgour (2000): rational, unitary actors, one "
        "move each, no bargaining after the challenge.",
        f"{c} acts on the credibility it perceives; {d} resists with its true credibility. "
        "The gap between them is misperception, narrowed by communication channels and "
        "intelligence (formulas in the mapping table).",
        "Resolve, stakes and costs are the analyst's judgements written in the scenario file; "
        "the outcome probabilities are only as good as those judgements. Uncertain inputs are "
        "drawn independently (no correlations between them).",
        "Deterrence fails for lack of capability when the challenger expects to gain from war "
        "itself; for lack of credibility when even the true credibility is below the "
        "threshold; through misperception when the true credibility would have deterred.",
        "Intervention effects are stylised formulas (stated in the mapping table), not "
        "estimates; compare them with each other, not as forecasts.",
        "Intervals are 95 % Wilson intervals of the Monte Carlo estimate; they shrink with "
        "more draws and do not add uncertainty beyond what the file declares.",
    ]
    if scenario.crisis.escalation_risk.args != (0.0,):
        out.append(
            "A war escalates to nuclear use with the scenario's escalation risk, independently "
            "of how it started."
        )
    if any(a.posture for a in scenario.actors.values()):
        out.append(
            "Nuclear costs come from open-source force postures through the Kent-Thaler "
            "stability model (detente.stability); they are approximate."
        )
    return out
