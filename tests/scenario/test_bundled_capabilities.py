"""Bundled cases take their capabilities from the Correlates of War NMC data (CINC)."""

from __future__ import annotations

import pandas as pd
import pytest

from detente.scenario import bundled_scenarios, load_scenario


@pytest.fixture(scope="module")
def nmc(shared_data):
    return pd.read_csv(shared_data / "cow" / "cow_nmc.csv", usecols=["ccode", "year", "cinc"])


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_every_bundled_capability_is_the_cinc_of_its_states(nmc, name):
    """Singer, Bremer & Stuckey (1972), COW National Material Capabilities v7.0: each actor's
    `capability` is the CINC score (summed over `ccode`) of the scenario's `cinc_year`, as
    written in the file to four significant digits."""
    s = load_scenario(name)
    year = s.scenario.cinc_year
    assert year is not None, f"{name}: no cinc_year"
    for key, actor in s.actors.items():
        assert actor.ccode is not None, f"{name}: actors.{key} has no ccode"
        codes = actor.ccode if isinstance(actor.ccode, list) else [actor.ccode]
        rows = nmc[(nmc.year == year) & nmc.ccode.isin(codes)]
        assert len(rows) == len(codes), f"{name}: actors.{key}: ccode {codes} not all in {year}"
        cinc = float(rows.cinc.sum())
        written = float(actor.capability.args[0])
        assert actor.capability.is_fixed
        assert written == pytest.approx(cinc, rel=1e-3), f"{name}: actors.{key}"


JUDGEMENTS = (
    "stakes",
    "cost_of_war",
    "nuclear_war_cost",
    "resolve",
    "perceived_resolve",
    "escalation_risk",
    "public_commitment",
    "attribution",
    "commitment",
    "intensity",
    "quality",
    "cyber",
    "surveillance",
    "decision_time_minutes",
    "false_alarm_rate",
    "detection",
    "attack_prior",
    "alert_days",
    "monitoring",
    "rungs",
    "risk_per_rung",
)


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_bundled_judgements_are_marked_and_uncertain(name):
    """Issue 19: every judgement written in a bundled file says what it rests on (a cited
    "[source]", "analyst", or "not used"), and the stakes, costs of war and the defender's
    resolve, on which the answer rests, are ranges, not points."""
    s = load_scenario(name)
    for line in s.text.splitlines():
        key = line.split("=", 1)[0].strip()
        if key in JUDGEMENTS:
            comment = line.split("#", 1)[1] if "#" in line else ""
            assert "[" in comment or "analyst" in comment or "not used" in comment, (name, line)
    c, d = s.crisis.challenger, s.crisis.defender
    fields = s.uncertain_fields()
    for field in ("stakes", "cost_of_war"):
        for actor in (c, d):
            assert not fields[f"actors.{actor}.{field}"].is_fixed, f"{name}: {actor}.{field}"
    assert not fields[f"actors.{d}.resolve"].is_fixed, f"{name}: {d}.resolve"
