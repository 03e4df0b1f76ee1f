"""A recorded analysis read back from its JSON record renders the very report analyze wrote,
and two records compare outcome by outcome (``stored_analysis``, ``run_comparison``)."""

from __future__ import annotations

import json

import pytest

import detente
from detente.errors import DataError
from detente.report import render_html, render_markdown
from detente.scenario import analyze_scenario, load_scenario, run_store
from detente.scenario.run_comparison import Z95, compare_runs, input_differences, value_text
from detente.scenario.stored_analysis import analysis_from_json, redrawn_parts

CUBA_RISK = 'escalation_risk = {dist = "uniform", lo = 0.05, hi = 0.5}'


def _record(analysis) -> dict:
    """The record as the run store gives it back (through JSON text)."""
    return json.loads(json.dumps(analysis.to_json()))


@pytest.fixture(scope="module")
def cuba():
    return analyze_scenario(load_scenario("cuban_missile_crisis"), draws=1000, seed=2)


@pytest.fixture(scope="module")
def cuba_riskier():
    """Cuba with a higher judged escalation risk, same seed and draws."""
    path = detente.scenario.bundled_scenarios()["cuban_missile_crisis"]
    text = path.read_text(encoding="utf-8")
    assert CUBA_RISK in text
    riskier = text.replace(CUBA_RISK, 'escalation_risk = {dist = "uniform", lo = 0.3, hi = 0.6}')
    return analyze_scenario(load_scenario(riskier, name="cuban_missile_crisis"), draws=1000, seed=2)


@pytest.mark.parametrize("name", ["cuban_missile_crisis", "nato_baltic", "able_archer_1983"])
def test_stored_record_renders_the_same_report(name):
    """Every number of the report comes from the record: the HTML and Markdown drawn from
    the JSON record equal those drawn from the live analysis, byte for byte (the game tree,
    solved again at the central point, is deterministic)."""
    analysis = analyze_scenario(load_scenario(name), draws=1000, seed=5, interventions=["hotline"])
    again = analysis_from_json(_record(analysis))
    assert render_html(again) == render_html(analysis)
    assert render_markdown(again) == render_markdown(analysis)
    assert json.dumps(again.to_json(), sort_keys=True) == json.dumps(
        _record(analysis), sort_keys=True
    )


def test_a_run_from_the_store_renders(tmp_path, cuba):
    store = tmp_path / "runs.duckdb"
    rid = run_store.record_run(cuba, store)
    run = run_store.open_run(rid, store)
    assert render_html(analysis_from_json(run["result"])) == render_html(cuba)


def test_record_without_inputs_is_refused_by_name():
    with pytest.raises(DataError, match=r"run 1234: the record has no .*inputs"):
        analysis_from_json(
            {"scenario": {}, "seed": 0, "draws": 1, "outcomes": {}}, where="run 1234"
        )


def test_record_whose_scenario_no_longer_validates_names_the_version(cuba):
    record = _record(cuba)
    record["version"] = "0.0.1"
    record["inputs"]["crisis"]["kind"] = "blockade"  # not a crisis kind of this version
    with pytest.raises(DataError, match=r"recorded by detente 0\.0\.1.*cannot read"):
        analysis_from_json(record)


def test_record_without_an_outcome_of_this_version_is_refused(cuba):
    """Runs recorded before the compromise outcome existed (mapping v1) hold four outcomes:
    their report cannot be drawn, and the error says so rather than a KeyError."""
    record = _record(cuba)
    del record["outcomes"]["Compromise"]
    with pytest.raises(DataError, match="without the outcomes Compromise"):
        analysis_from_json(record)


def test_a_report_redrawn_by_another_version_says_so(cuba):
    record = _record(cuba)
    assert detente.__version__ in redrawn_parts(analysis_from_json(record))
    record["version"] = "0.0.1"
    note = redrawn_parts(analysis_from_json(record))
    assert "made by detente 0.0.1" in note and "may differ" in note


def test_p_war_in_the_run_list_is_war_plus_nuclear_war(tmp_path, cuba):
    store = tmp_path / "runs.duckdb"
    run_store.record_run(cuba, store)
    (row,) = run_store.list_runs(store)
    assert row["p_war"] == pytest.approx(cuba.p("war") + cuba.p("nuclear"), rel=1e-12)


def test_a_run_compared_with_itself_differs_by_nothing(cuba):
    cmp = compare_runs(_record(cuba), _record(cuba))
    assert cmp["inputs"] == [] and cmp["same_draws"]
    assert all(r["diff"] == 0.0 and r["diff_lo"] < 0 < r["diff_hi"] for r in cmp["outcomes"])
    assert "conservative" in cmp["note"] and "base rate" in cmp["note"]


def test_comparison_gives_b_minus_a_with_independent_sample_intervals(cuba, cuba_riskier):
    """The difference is b - a per outcome class; its 95 % interval is
    d +/- z sqrt(se_a^2 + se_b^2), each se read off its run's interval (hi - lo) / (2 z)."""
    a, b = _record(cuba), _record(cuba_riskier)
    cmp = compare_runs(a, b)
    rows = {r["class"]: r for r in cmp["outcomes"]}
    for label, va in a["outcomes"].items():
        vb = b["outcomes"][label]
        row = rows[va["class"]]
        assert row["diff"] == pytest.approx(vb["p"] - va["p"], abs=1e-15)
        se = (
            ((va["hi"] - va["lo"]) / (2 * Z95)) ** 2 + ((vb["hi"] - vb["lo"]) / (2 * Z95)) ** 2
        ) ** 0.5
        assert row["diff_hi"] - row["diff"] == pytest.approx(Z95 * se, rel=1e-9)
    war_any = rows["war_any"]
    assert war_any["a"]["p"] == pytest.approx(cuba.p("war") + cuba.p("nuclear"), rel=1e-12)
    assert war_any["diff"] == pytest.approx(
        cuba_riskier.p("war") + cuba_riskier.p("nuclear") - cuba.p("war") - cuba.p("nuclear"),
        abs=1e-12,
    )
    assert [d["field"] for d in cmp["inputs"]] == ["crisis.escalation_risk"]
    assert cmp["inputs"][0]["b_text"] == '{dist = "uniform", lo = 0.3, hi = 0.6}'


def test_runs_of_different_kinds_compare_by_outcome_class(cuba):
    """Cuba is a compellence crisis, Korea 1950 a deterrence one: rows pair the classes
    (Target complies with Deterrence holds) and keep both labels."""
    korea = analyze_scenario(load_scenario("korea_1950"), draws=500, seed=2, sensitivity=False)
    cmp = compare_runs(_record(cuba), _record(korea))
    first = cmp["outcomes"][0]
    assert first["class"] == "success"
    assert (first["a"]["label"], first["b"]["label"]) == ("Target complies", "Deterrence holds")
    assert not cmp["same_draws"] and "conservative" not in cmp["note"]
    fields = {d["field"] for d in cmp["inputs"]}
    assert "crisis.kind" in fields and "scenario.title" in fields


def test_input_differences_name_absent_fields_and_keep_tables_whole():
    a = {"x": {"d": {"dist": "uniform", "lo": 0.1, "hi": 0.2}, "l": [1, 2]}}
    b = {"x": {"d": {"dist": "uniform", "lo": 0.1, "hi": 0.3}, "l": [1, 2], "n": True}}
    rows = input_differences(a, b)
    assert [r["field"] for r in rows] == ["x.d", "x.n"]
    assert rows[1]["a_text"] == "(absent)" and rows[1]["b_text"] == "true"
    assert value_text([0.5, "a"]) == '[0.5, "a"]'
