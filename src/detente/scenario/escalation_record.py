"""The escalation part of an analysis record: the ladder rung by rung, and the lost crises.

Where a scenario gives ``[escalation]``, the registered ``escalation_ladder`` model, mapped
as in :mod:`.model_mappings`, is solved in closed form (its perfect Bayesian equilibrium,
:func:`detente.models.library.escalation_ladder.ladder_equilibrium`) at *every* draw, for a
crisis that has begun (the first rung climbed, as the primary game's pressed crisis; the
ladder's own challenge decision is recorded beside it): the record holds the mean
probability that each rung is reached, of deliberate war (a resolute side fighting at the
top) and of inadvertent war (control lost on the way). Where a scenario gives
``[technology.early_warning]`` or ``[escalation]``, it also holds the primary game's
loss-of-control hazards (:mod:`.crisis_hazards`) and the parts of P(war) and P(nuclear war)
that come from a lost crisis. The report draws the rung-by-rung figure from this record
(:func:`detente.report.rung_risk_figure.rung_risk_figure`).

References
----------
Powell, R. (1987). Crisis bargaining, escalation, and MAD. APSR 81(3), 717-735.
Schelling, T. C. (1966). Arms and Influence. Yale UP, ch. 3.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from detente.scenario.crisis_variables import Env
from detente.scenario.scenario_schema import Scenario

HAZARDS = ("launch_hazard", "control_hazard", "inadvertent_war", "inadvertent_nuclear")


def escalation_names(scenario: Scenario) -> tuple[str, ...]:
    """Names of the per-draw quantities the ``escalation`` entry averages (empty when the
    scenario gives neither ``[escalation]`` nor ``[technology.early_warning]``)."""
    tech = scenario.technology
    warned = tech is not None and tech.early_warning is not None
    if scenario.escalation is None and not warned:
        return ()
    names = [f"hazards.{k}" for k in HAZARDS]
    if scenario.escalation is not None:
        names += [f"ladder.reach.{k}" for k in range(1, scenario.escalation.rungs + 1)]
        names += [
            f"ladder.{k}"
            for k in ("challenge", "deliberate_war", "inadvertent_war", "risk_per_rung")
        ]
    return tuple(names)


def escalation_draws(scenario: Scenario, env: Env, n: int) -> dict[str, np.ndarray]:
    """Per-draw values (arrays of ``n``) of :func:`escalation_names` for an evaluated batch:
    the primary game's hazards and, with ``[escalation]``, the ladder's closed-form PBE once
    the climb has begun (and its own challenge decision)."""
    names = escalation_names(scenario)
    if not names:
        return {}

    def draws(x: object) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=float), (n,))

    out = {f"hazards.{k}": draws(env[k]) for k in HAZARDS}
    if scenario.escalation is not None:
        from detente.models.library.escalation_ladder import ladder_equilibrium
        from detente.scenario.model_mappings import MAPPINGS, model_parameters

        params = model_parameters(MAPPINGS["escalation_ladder"], scenario, env, n)
        begun = ladder_equilibrium(params, challenged=True)
        for k in range(1, scenario.escalation.rungs + 1):
            out[f"ladder.reach.{k}"] = draws(begun["reach"][k])
        # the ladder's own challenge decision, as its theory gives it (p_resolute < b_0;
        # the thresholds do not depend on whether the climb has begun)
        out["ladder.challenge"] = draws(np.asarray(params["p_resolute"]) < begun["thresholds"][0])
        out["ladder.deliberate_war"] = draws(begun["outcomes"]["Deliberate war"])
        out["ladder.inadvertent_war"] = draws(begun["outcomes"]["Inadvertent war"])
        out["ladder.risk_per_rung"] = draws(params["risk"])
    return out


def escalation_entry(scenario: Scenario, mean: Callable[[str], float]) -> dict[str, Any] | None:
    """The record's ``escalation`` entry from the means over all draws of
    :func:`escalation_names` (``mean(name)``), or None.

    Returns
    -------
    dict or None
        ``ladder``: {``rungs``, ``climber`` and ``holder`` (names of the side that climbs
        into the odd rungs and of the side whose resolve is private), ``reach`` (mean
        P(rung k is reached) once the climb has begun, k = 1..rungs), ``challenge`` (mean
        P(the first climber starts it, by the ladder's own equilibrium)), ``deliberate_war``
        and ``inadvertent_war`` (once begun), ``risk_per_rung`` (mean, after
        interventions)} or None without ``[escalation]``;
        ``hazards``: mean ``launch_hazard``, ``control_hazard``, and the primary game's
        ``inadvertent_war`` and ``inadvertent_nuclear``. None when the scenario has neither
        table.
    """
    if not escalation_names(scenario):
        return None
    hazards = {k: mean(f"hazards.{k}") for k in HAZARDS}
    ladder = None
    if scenario.escalation is not None:
        rungs = scenario.escalation.rungs
        comp = scenario.crisis.kind == "compellence"
        first, second = scenario.crisis.defender, scenario.crisis.challenger
        if not comp:
            first, second = second, first
        ladder = {
            "rungs": rungs,
            "climber": scenario.actor_name(first),
            "holder": scenario.actor_name(second),
            "reach": [mean(f"ladder.reach.{k}") for k in range(1, rungs + 1)],
        } | {
            k: mean(f"ladder.{k}")
            for k in ("challenge", "deliberate_war", "inadvertent_war", "risk_per_rung")
        }
    return {"ladder": ladder, "hazards": hazards}


def escalation_record(scenario: Scenario, env: Env, n: int) -> dict[str, Any] | None:
    """The ``escalation`` entry of one evaluated batch of ``n`` draws held in memory (the
    streamed analysis sums :func:`escalation_draws` chunk by chunk instead)."""
    values = escalation_draws(scenario, env, n)
    return escalation_entry(scenario, lambda name: float(np.mean(values[name])))
