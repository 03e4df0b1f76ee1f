"""``detente analyze``, ``scenario new|check|schema|list``, ``explain`` and ``runs``."""

from __future__ import annotations

import json
import re
import sys

import pytest

from detente.cli.main import run
from detente.errors import InputError


def _run(monkeypatch, capsys, *args):
    monkeypatch.setattr(sys, "argv", ["detente", *args])
    code = 0
    try:
        run()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "runs.duckdb"
    monkeypatch.setenv("DETENTE_STORE", str(path))
    return path


def test_analyze_without_argument_runs_the_default_and_records_it(monkeypatch, capsys, store):
    code, out, _ = _run(monkeypatch, capsys, "analyze", "--draws", "2000")
    assert code == 0 and "Cuban Missile Crisis" in out and "Target complies" in out
    assert out.index("depends most on") < out.index("outcome probabilities")
    # the default constants are the fitted ones, and the report says how they scored
    assert "icb_v14_pre1990" in out and "fitted by simulated maximum likelihood" in out
    assert "do not beat the base rate" in " ".join(out.split())
    code, out, _ = _run(monkeypatch, capsys, "runs", "--json")
    runs = json.loads(out)
    assert code == 0 and runs[0]["scenario"] == "cuban_missile_crisis"
    code, out, _ = _run(monkeypatch, capsys, "runs", "show", runs[0]["id"])
    assert code == 0 and "outcome probabilities" in out


def test_analyze_json_out_and_intervention(monkeypatch, capsys, store, tmp_path):
    out_dir = tmp_path / "report"
    code, out, _ = _run(
        monkeypatch,
        capsys,
        "analyze",
        "korea_1950",
        "--draws",
        "1000",
        "--seed",
        "4",
        "--json",
        "--out",
        str(out_dir),
        "-i",
        "hotline:0.5",
    )
    data = json.loads(out)
    assert code == 0 and data["seed"] == 4 and data["kind"] == "deterrence"
    assert data["most_likely"] in data["labels"].values() and "War" in data["outcomes"]
    assert data["interventions"][-1]["kind"] == "hotline" and data["run_id"]
    assert {p.suffix for p in out_dir.iterdir()} == {".html", ".md", ".json"}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["analyze", "missing.toml"], "not found"),
        (["analyze", "--draws", "100", "-i", "blockade"], "unknown kind"),
        (["scenario", "check", "missing.toml"], "not found"),
        (["runs", "show", "nope"], "no run"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(monkeypatch, capsys, store, args, needle):
    code, _, err = _run(monkeypatch, capsys, *args)
    assert code == 2 and needle in err and err.strip().count("\n") == 0


def test_scenario_new_writes_a_template_that_checks(monkeypatch, capsys, tmp_path):
    path = tmp_path / "mine.toml"
    code, _, _ = _run(monkeypatch, capsys, "scenario", "new", str(path))
    assert code == 0 and path.exists()
    code, out, _ = _run(monkeypatch, capsys, "scenario", "check", str(path), "--json")
    assert code == 0 and json.loads(out)["valid"]
    code, _, err = _run(monkeypatch, capsys, "scenario", "new", str(path))
    assert code == 2 and "--force" in err


def test_scenario_check_names_file_line_and_field(monkeypatch, capsys, tmp_path):
    path = tmp_path / "bad.toml"
    from detente.scenario.scenario_template import TEMPLATE

    path.write_text(TEMPLATE.replace('resolve = "roughly even"', "resolve = 1.3"))
    code, _, err = _run(monkeypatch, capsys, "scenario", "check", str(path))
    assert code == 2 and str(path) in err and "actors.challenger.resolve" in err and "line" in err


def test_explain_schema_and_list(monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, "explain", "nato_baltic", "--json")
    data = json.loads(out)
    assert code == 0 and data["models"][0]["model"] == "crisis_deterrence"
    code, out, _ = _run(monkeypatch, capsys, "explain", "--calibration", "handset")
    assert code == 0 and "resolve_perceived" in out and "hand-set" in out
    code, out, _ = _run(monkeypatch, capsys, "explain")
    assert code == 0 and "icb_v14_pre1990 (fitted)" in out
    code, out, _ = _run(monkeypatch, capsys, "scenario", "schema")
    assert code == 0 and json.loads(out)["title"] == "detente scenario"
    code, out, _ = _run(monkeypatch, capsys, "scenario", "list")
    assert code == 0 and "falklands_1982" in out


def test_analyze_runs_with_core_dependencies_only(monkeypatch, capsys, tmp_path):
    """Without SALib and duckdb (optional extras) the main job still answers."""
    for mod in ("SALib", "SALib.analyze", "SALib.sample", "duckdb"):
        monkeypatch.setitem(sys.modules, mod, None)
    monkeypatch.setenv("DETENTE_STORE", str(tmp_path / "runs.duckdb"))
    code, out, err = _run(monkeypatch, capsys, "analyze", "--draws", "500", "--json")
    data = json.loads(out)
    assert code == 0 and data["sensitivity"] == [] and data["run_id"] is None
    assert "run not recorded" in err


@pytest.mark.parametrize("command", [["scenario", "check"], ["analyze", "--no-record", "-n", "10"]])
def test_year_outside_its_range_is_one_line_naming_file_line_field_and_range(
    tmp_path, run_detente, assert_refused, command
):
    """Issue 18, item 7: ``year = 99999999999999999999`` was accepted. The year has a range
    (-3000 to 2200, negative for BCE); the real CLI refuses it in one line, exit code 2."""
    from detente.scenario.scenario_template import TEMPLATE

    assert "\nyear = " in TEMPLATE
    path = tmp_path / "far_future.toml"
    path.write_text(re.sub(r"(?m)^year = .*$", "year = 99999999999999999999", TEMPLATE))
    result = run_detente(*command, str(path), timeout=120)
    assert_refused(result, "far_future.toml", "line", "scenario.year", "2200")


def test_years_inside_the_range_load_bce_included():
    from detente.scenario import load_scenario
    from detente.scenario.scenario_schema import YEAR_RANGE
    from detente.scenario.scenario_template import TEMPLATE

    for year in (YEAR_RANGE[0], -431, 1962, YEAR_RANGE[1]):
        text = re.sub(r"(?m)^year = .*$", f"year = {year}", TEMPLATE)
        assert load_scenario(text).scenario.year == year
    for year in (YEAR_RANGE[0] - 1, YEAR_RANGE[1] + 1):
        with pytest.raises(InputError, match=r"scenario\.year"):
            load_scenario(re.sub(r"(?m)^year = .*$", f"year = {year}", TEMPLATE))
