"""Compilation, made inspectable: model <- parameter <- formula <- inputs <- scenario fields.

:func:`explain_scenario` lists, for a scenario, every crisis input with its formula and the
fields it reads, every derived variable of the mapping, then every applicable registered model
with the formula of each parameter it receives, the registered models that were not used (and
why), and the calibration's constants. ``detente explain`` prints it; the reports include it,
so a reader can audit each number.
"""

from __future__ import annotations

from typing import Any

from detente.scenario.calibration import Calibration, load_calibration
from detente.scenario.crisis_variables import variable_rules
from detente.scenario.interventions import EFFECTS
from detente.scenario.model_mappings import applicable_mappings, mapping_status
from detente.scenario.outcome_probabilities import DERIVED_RULES
from detente.scenario.scenario_schema import Scenario


def explain_scenario(
    scenario: Scenario, calibration: Calibration | str | None = None
) -> dict[str, Any]:
    """The full mapping of ``scenario`` onto the registered models.

    Returns
    -------
    dict
        ``variables``: list of {variable, formula, reads, source} (crisis inputs, then the
        mapping's derived variables); ``models``: list of {model, method, primary, why,
        parameters: [{parameter, formula, reads}]}; ``status``: every registered model with
        ``used`` / ``not applicable`` / ``not mapped``; ``interventions``: what each declared
        intervention changes; ``calibration``: name, status and every constant (value,
        range, meaning, source).
    """
    cal = load_calibration(calibration)
    variables = [
        {"variable": r.target, "formula": r.formula, "reads": list(r.fields), "source": r.source}
        for r in (
            *variable_rules(scenario, None, cal["defense_interceptors"]),
            *DERIVED_RULES,
        )
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
            "overrides": [{"variable": f"move_{m.kind}", "formula": EFFECTS[m.kind], "source": ""}],
        }
        for m in scenario.interventions
    ]
    return {
        "variables": variables,
        "models": models,
        "status": mapping_status(scenario),
        "interventions": moves,
        "calibration": {
            "name": cal.name,
            "status": cal.status,
            "mapping_version": cal.mapping_version,
            "note": cal.note(),
            "constants": [
                {
                    "constant": k,
                    "value": c.value,
                    "range": [c.lo, c.hi],
                    "meaning": c.meaning,
                    "source": c.source,
                }
                for k, c in cal.constants.items()
            ],
        },
    }


def assumptions(scenario: Scenario, calibration: Calibration | None = None) -> list[str]:
    """What the analysis assumes, in plain words (printed at the top of every report)."""
    cal = load_calibration(calibration)
    c = scenario.actor_name(scenario.crisis.challenger)
    d = scenario.actor_name(scenario.crisis.defender)
    if scenario.crisis.kind == "compellence":
        game = (
            f"{d} demands that {c} undo a move (compellence, Schelling 1966). {c} complies or "
            f"defies; {d} enforces, offers a compromise or backs down; {c} then complies, "
            "accepts or fights; a war may turn nuclear. Complying visibly costs the target "
            "more than not moving would (Sechser 2011)."
        )
    else:
        game = (
            f"{c} keeps the status quo or challenges it; {d} stands firm, offers a compromise "
            f"or concedes; {c} then backs down, accepts or fights; a war may turn nuclear."
        )
    out = [
        game + " Each side weighs its own payoffs (stakes, costs of war and of nuclear war, "
        "audience and alliance costs), so the defender's threat is only as credible as "
        "fighting is worth to it.",
        "Choices are noisy best replies (agent logit QRE, McKelvey & Palfrey 1998; Signorino "
        f"1999) with precision {cal['precision']:g}: every outcome keeps some probability, and "
        "each draw yields a probability of each outcome.",
        f"{c} acts on what it believes about {d}'s resolve (perceived resolve, narrowed by "
        "channels and intelligence); every later move follows the truth.",
        f"{d}'s `resolve` is the prior probability that it values the issue at its full "
        f"stakes (otherwise at {cal['irresolute_share']:g} of them); either type stands firm "
        f"only when its payoffs make that worth it. {c}'s `resolve` is its commitment to its "
        "move: retreating after pressing costs it more.",
        "Stakes, costs and resolve are the analyst's judgements written in the scenario file; "
        "capabilities are CINC scores where the file says so. Uncertain inputs are drawn "
        "independently (no correlations between them).",
        cal.note(),
        "Causes of failure split each draw's failure probability: capability (war itself "
        "pays the challenger more than yielding), misperception (what a correct belief would "
        "have prevented), credibility (the rest).",
        "Intervention effects are stylised formulas with calibration constants, run on the "
        "same draws as the baseline; compare them with each other, not as forecasts.",
        "Intervals are 95 % Monte Carlo intervals of the mean probability; they shrink with "
        "more draws. The spread across draws (5th-95th percentile) shows what the declared "
        "uncertainty does.",
    ]
    if any(a.posture for a in scenario.actors.values()):
        out.append(
            "Nuclear costs come from open-source force postures through the Kent-Thaler "
            "stability model (detente.stability); they are approximate."
        )
    return out
