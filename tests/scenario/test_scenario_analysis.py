"""Scenario analysis: reproducibility, historical directions, causes, sensitivity, what-ifs."""

from __future__ import annotations

import json

import numpy as np
import pytest

import detente.models as dm
from detente.errors import InputError, ParameterError
from detente.scenario import (
    OUTCOMES,
    analyze_scenario,
    bundled_scenarios,
    explain_scenario,
    load_scenario,
)
from detente.scenario.model_mappings import MAPPINGS, mapping_status

DRAWS = 4_000


@pytest.fixture(scope="module")
def cuba():
    return load_scenario("cuban_missile_crisis")


@pytest.fixture(scope="module")
def cuba_result(cuba):
    return analyze_scenario(cuba, draws=DRAWS, seed=7, interventions=["alliance:0.9"])


def test_same_scenario_and_seed_give_identical_results(cuba, cuba_result):
    again = analyze_scenario(cuba, draws=DRAWS, seed=7, interventions=["alliance:0.9"])
    a, b = cuba_result.to_json(), again.to_json()
    a.pop("elapsed_seconds")
    b.pop("elapsed_seconds")
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_seed_may_be_a_generator_and_different_seeds_differ(cuba, cuba_result):
    g1 = analyze_scenario(cuba, draws=DRAWS, seed=np.random.default_rng(3), sensitivity=False)
    g2 = analyze_scenario(cuba, draws=DRAWS, seed=np.random.default_rng(3), sensitivity=False)
    assert g1.outcomes == g2.outcomes and g1.seed == g2.seed
    other = analyze_scenario(cuba, draws=DRAWS, seed=8, sensitivity=False)
    assert other.outcomes != cuba_result.outcomes


def test_json_contract_keys_and_intervals(cuba_result):
    data = cuba_result.to_json()
    for key in (
        "scenario",
        "seed",
        "draws",
        "version",
        "outcomes",
        "causes",
        "sensitivity",
        "interventions",
    ):
        assert key in data
    assert set(data["outcomes"]) == set(OUTCOMES)
    assert sum(v["p"] for v in data["outcomes"].values()) == pytest.approx(1.0)
    for v in data["outcomes"].values():
        assert 0 <= v["lo"] <= v["p"] <= v["hi"] <= 1
    json.dumps(data)  # plain JSON
    summary = cuba_result.summary()
    assert summary["most_likely"] == "Deterrence holds" and summary["seed"] == 7


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_bundled_scenario_reproduces_the_direction_of_its_historical_outcome(name):
    """Historical outcomes from the sources cited in each file: Cuba 1962 and the Baltic
    (deterrence held), Falklands 1982, Korea 1950 and Kargil 1999 (war), Estonia 2007 (the
    challenger prevailed without retaliation)."""
    s = load_scenario(name)
    r = analyze_scenario(s, draws=DRAWS, seed=0, sensitivity=False)
    assert r.most_likely == s.scenario.expected
    assert r.outcomes[s.scenario.expected]["p"] > 0.5


def test_falklands_fails_through_misperception_and_a_clear_warning_helps():
    """Freedman (2005): the junta misjudged British resolve."""
    r = analyze_scenario(load_scenario("falklands_1982"), draws=DRAWS, seed=1, sensitivity=False)
    causes = {k: v["share"] for k, v in r.causes.items()}
    assert max(causes, key=causes.get) == "misperception"
    warning = r.interventions[1]
    assert warning["kind"] == "public_commitment" and warning["delta_holds"] > 0.2


def test_cyber_case_fails_for_lack_of_credibility_driven_by_attribution():
    """Rid & Buchanan (2015): punishment without attribution is not credible."""
    r = analyze_scenario(load_scenario("cyber_estonia_2007"), draws=DRAWS, seed=2)
    causes = {k: v["share"] for k, v in r.causes.items()}
    assert max(causes, key=causes.get) == "credibility"
    assert r.sensitivity[0]["field"] == "crisis.attribution"
    assert "cyber_attribution" in r.models


def test_sensitivity_ranks_fields_with_indices_in_unit_interval(cuba_result):
    rows = cuba_result.sensitivity
    assert rows and all(0 <= r["ST"] <= 1 and 0 <= r["S1"] <= 1 for r in rows)
    assert [r["ST"] for r in rows] == sorted((r["ST"] for r in rows), reverse=True)


def test_interventions_share_the_baseline_draws(cuba, cuba_result):
    names = [r["name"] for r in cuba_result.interventions]
    assert names[0] == "Baseline" and len(names) == 1 + len(cuba.interventions) + 1
    hotline = cuba_result.interventions[1]
    assert hotline["kind"] == "hotline" and hotline["delta_holds"] >= 0
    zero = analyze_scenario(
        cuba, draws=DRAWS, seed=7, interventions=["hotline:0"], sensitivity=False
    )
    assert zero.interventions[-1]["outcomes"] == zero.interventions[0]["outcomes"]


def test_unknown_intervention_and_bad_draws_are_one_line_errors(cuba):
    with pytest.raises(InputError, match=r"unknown kind 'blockade'.*hotline"):
        analyze_scenario(cuba, draws=10, interventions=["blockade"])
    with pytest.raises(InputError, match=r"strength 1\.5 must be in \[0, 1\]"):
        analyze_scenario(cuba, draws=10, interventions=["hotline:1.5"])
    with pytest.raises(ParameterError, match="draws must be a positive integer"):
        analyze_scenario(cuba, draws=0)


def test_progress_is_reported_from_zero_to_one(cuba):
    seen: list[float] = []
    analyze_scenario(cuba, draws=500, seed=0, progress=seen.append, sensitivity=False)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_explain_lists_every_registered_model(cuba):
    ex = explain_scenario(cuba)
    status = {row["model"]: row["status"] for row in ex["status"]}
    assert set(status) == set(dm.available())
    assert status["unilateral_deterrence"] == "used"
    primary = ex["models"][0]
    assert primary["primary"] and {p["parameter"] for p in primary["parameters"]} == set(
        dm.get("unilateral_deterrence").specs()
    )
    assert any("actors.ussr.stakes" in p["reads"] for p in primary["parameters"])


@pytest.mark.parametrize("name", sorted(MAPPINGS))
def test_each_mapping_names_only_parameters_its_model_has(name):
    assert name in dm.available(), f"mapping for unregistered model {name!r}"
    specs = dm.get(name).specs()
    for scenario in bundled_scenarios():
        s = load_scenario(scenario)
        for rule in MAPPINGS[name].rules(s) if MAPPINGS[name].applies(s)[0] else []:
            assert rule.target in specs


def test_mapping_status_marks_unmapped_models():
    s = load_scenario("korea_1950")
    rows = mapping_status(s)
    assert all(r["status"] in {"used", "not applicable", "not mapped"} for r in rows)
    assert {r["model"] for r in rows if r["status"] == "used"} >= {"unilateral_deterrence"}


def test_posture_names_go_through_the_stability_bridge():
    s = load_scenario("nato_baltic")
    ex = explain_scenario(s)
    nuc = next(v for v in ex["variables"] if v["variable"] == "nuclear_cost_ch")
    assert nuc["formula"].startswith("crisis_parameters('russia', 'us'")
