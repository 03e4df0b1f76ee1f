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


def test_analyze_ranks_the_assumptions_without_salib(monkeypatch, capsys, tmp_path):
    """Without SALib (a test-only package) the main job still ranks its assumptions: the
    Sobol indices are computed in NumPy, SALib only checks them in the tests. (Without any
    extra at all: tests/cli/test_core_install_cli.py, in a subprocess.)"""
    for mod in ("SALib", "SALib.analyze", "SALib.sample"):
        monkeypatch.setitem(sys.modules, mod, None)
    monkeypatch.setenv("DETENTE_STORE", str(tmp_path / "runs.duckdb"))
    code, out, _ = _run(monkeypatch, capsys, "analyze", "--draws", "500", "--json")
    data = json.loads(out)
    assert code == 0 and data["sensitivity"] and data["drivers"]


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


def test_analyze_chunk_size_and_quiet_change_nothing_but_memory(monkeypatch, capsys, store):
    """``--chunk-size`` changes how many draws are held at once, not the answer."""
    results = []
    for chunk in ("250", "1000"):
        code, out, _ = _run(
            monkeypatch,
            capsys,
            "analyze",
            "--draws",
            "1000",
            "--seed",
            "4",
            "--chunk-size",
            chunk,
            "--quiet",
            "--no-record",
            "--json",
        )
        data = json.loads(out)
        data.pop("elapsed_seconds")
        results.append(data)
    assert code == 0 and results[0] == results[1] and results[0]["headline"]


def test_analyze_unreachable_scheduler_is_one_line_exit_2(
    monkeypatch, capsys, store, short_dask_connect_timeout
):
    code, _, err = _run(
        monkeypatch, capsys, "analyze", "-n", "100", "--scheduler", "tcp://127.0.0.1:1"
    )
    assert code == 2 and "cannot reach the Dask scheduler" in err
    assert len(err.strip().splitlines()) == 1


def test_progress_bar_appears_only_after_a_second_with_the_draw_rate():
    from detente.cli.analyze_command import PROGRESS_AFTER, DrawProgress

    quick = DrawProgress(10_000, "x", enabled=True)
    quick(0.5)
    assert quick.bar is None  # a run shorter than a second prints no bar
    slow = DrawProgress(10_000, "x", enabled=True)
    slow.start -= 2 * PROGRESS_AFTER
    slow(0.5)
    try:
        task = slow.bar.tasks[0]
        assert task.completed == 5_000 and 0 < task.fields["rate"] <= 5_000 / PROGRESS_AFTER
    finally:
        slow.close()
    silent = DrawProgress(10_000, "x", enabled=False)
    silent.start -= 10
    silent(0.5)
    assert silent.bar is None


_MODULES_AT_EXIT = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sys.modules) + '\\n'))\n"
    "from detente.cli.main import run\n"
    "run()\n"
)


def _modules_loaded(repo_root, *args: str) -> set[str]:
    """Top-level packages imported by the real CLI running ``args`` in a fresh process."""
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(repo_root / "src")}
    done = subprocess.run(
        [sys.executable, "-c", _MODULES_AT_EXIT, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    assert done.returncode == 0, done.stderr
    return {name.split(".")[0] for name in line.split()[1:]} | set(line.split()[1:])


def test_start_up_imports_only_what_the_command_needs(repo_root):
    """Issue 17: ``detente --help`` loads no NumPy; a text analysis loads neither pandas,
    matplotlib, scipy.stats, SALib nor Dask (they cost seconds at start-up)."""
    assert "numpy" not in _modules_loaded(repo_root, "--help")
    loaded = _modules_loaded(repo_root, "analyze", "--draws", "300", "--no-record")
    for heavy in ("pandas", "matplotlib", "scipy.stats", "SALib", "dask", "distributed"):
        assert heavy not in loaded, heavy


def test_a_scenario_without_expected_says_no_recorded_outcome(monkeypatch, capsys, tmp_path, store):
    """Issue 20 item 1: without `expected` the report says there is no recorded outcome (it
    used to print a comparison with nothing); the template's optional `expected`, once
    uncommented, is checked against the kind's labels and compared."""
    path = tmp_path / "mine.toml"
    code, _, _ = _run(monkeypatch, capsys, "scenario", "new", str(path))
    assert code == 0
    code, out, _ = _run(monkeypatch, capsys, "analyze", str(path), "-n", "300", "--json")
    headline = json.loads(out)["headline"]
    assert code == 0 and "no recorded outcome" in headline and "consistency check" not in headline
    text = path.read_text().replace(
        '# expected = "Deterrence holds"', 'expected = "Deterrence holds"'
    )
    path.write_text(text)
    code, out, _ = _run(monkeypatch, capsys, "analyze", str(path), "-n", "300", "--json")
    headline = json.loads(out)["headline"]
    assert code == 0 and "consistency check" in headline and "no recorded outcome" not in headline


def test_a_degenerate_analysis_says_which_inequality_decides_it(
    monkeypatch, capsys, tmp_path, store
):
    """Issue 20 item 1: a challenger with negligible stakes and a war costing twice them never
    gains by pressing (value_press_believed < yield_c at every draw, as in the crisis model's
    backward induction: Zagare & Kilgour 2000, ch. 4); the analysis says so in its record and
    its first paragraph instead of printing a near-certain answer silently. A contested case
    (the Falklands: the challenger pressed) gives no warning."""
    path = tmp_path / "deg.toml"
    code, _, _ = _run(monkeypatch, capsys, "scenario", "new", str(path))
    text = path.read_text()
    text = text.replace('stakes = "high"', 'stakes = "negligible"', 1)
    text = text.replace('cost_of_war = "moderate"', "cost_of_war = 2.0", 1)
    path.write_text(text)
    code, out, _ = _run(monkeypatch, capsys, "analyze", str(path), "-n", "2000", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["warnings"]) == 1
    assert "value_press_believed" in data["warnings"][0] and "yield_c" in data["warnings"][0]
    assert data["headline"].startswith("**Warning:** In 100.0% of the draws")
    code, out, _ = _run(monkeypatch, capsys, "analyze", str(path), "-n", "2000")
    assert code == 0 and "Warning: In 100.0% of the draws" in " ".join(out.split())
    code, out, _ = _run(monkeypatch, capsys, "analyze", "falklands_1982", "-n", "2000", "--json")
    assert code == 0 and json.loads(out)["warnings"] == []


def test_scenario_new_from_a_bundled_case_and_a_misspelt_field(monkeypatch, capsys, tmp_path):
    """Issue 20 item 3: `scenario new --from NAME` writes the bundled case to edit (it checks
    like the case itself); an unknown case names the choices; a misspelt field
    gets a did-you-mean, listed before the 'missing' error it causes."""
    path = tmp_path / "fk.toml"
    code, _, _ = _run(monkeypatch, capsys, "scenario", "new", str(path), "--from", "falklands_1982")
    assert code == 0
    from detente.scenario import bundled_scenarios

    assert path.read_text() == bundled_scenarios()["falklands_1982"].read_text()
    code, _, _ = _run(monkeypatch, capsys, "scenario", "check", str(path))
    assert code == 0
    code, _, err = _run(
        monkeypatch, capsys, "scenario", "new", str(tmp_path / "x.toml"), "--from", "falkland"
    )
    assert code == 2 and "not a bundled case" in err and "falklands_1982" in err
    text = path.read_text().replace("cost_of_war =", "cost_of_wra =", 1)
    path.write_text(text)
    code, _, err = _run(monkeypatch, capsys, "scenario", "check", str(path))
    assert code == 2 and len(err.strip().splitlines()) == 1
    first = err.split(";")[0]
    assert "cost_of_wra: unknown field (did you mean 'cost_of_war'?)" in first


def test_runs_compare_and_show_out(monkeypatch, capsys, store, tmp_path):
    """`detente runs` lists P(war); `runs compare A B` prints both runs' odds and b - a;
    `runs show ID --out DIR` writes the run's report from its record."""
    for seed in ("1", "2"):
        code, _, _ = _run(monkeypatch, capsys, "analyze", "--draws", "500", "--seed", seed)
        assert code == 0
    code, out, _ = _run(monkeypatch, capsys, "runs", "--json")
    runs = json.loads(out)
    a, b = runs[1]["id"], runs[0]["id"]
    code, out, _ = _run(monkeypatch, capsys, "runs")
    assert code == 0 and "P(war)" in out and f"{runs[0]['p_war']:.3f}" in out and a in out
    code, out, _ = _run(monkeypatch, capsys, "runs", "compare", a, b, "--json")
    cmp = json.loads(out)
    assert code == 0 and (cmp["a"], cmp["b"]) == (a, b) and cmp["inputs"] == []
    war_any = next(r for r in cmp["outcomes"] if r["class"] == "war_any")
    assert war_any["diff"] == pytest.approx(runs[0]["p_war"] - runs[1]["p_war"], abs=1e-12)
    code, out, _ = _run(monkeypatch, capsys, "runs", "compare", a, b)
    assert code == 0 and "b - a" in out and "same scenario inputs" in out
    assert "interventions" in out and "Moscow-Washington" in out
    code, out, _ = _run(monkeypatch, capsys, "runs", "show", a, "--out", str(tmp_path / "r"))
    assert code == 0 and "written to" in out
    assert {p.suffix for p in (tmp_path / "r").iterdir()} == {".html", ".md", ".json"}
    code, _, err = _run(monkeypatch, capsys, "runs", "compare", a, "zzz")
    assert code == 2 and "no run with id 'zzz'" in err and "Traceback" not in err


def test_intervention_table_fits_an_80_column_terminal(monkeypatch, capsys, store):
    """On a narrow terminal the moves are numbered and their titles listed under the table,
    rather than folded into one word per line."""
    from detente.cli import scenario_commands

    monkeypatch.setattr(scenario_commands.console, "width", 80)
    code, out, _ = _run(monkeypatch, capsys, "analyze", "--draws", "500")
    assert code == 0
    table = out[out.index("interventions (same draws)") : out.index("  main: ")]
    assert max(len(line) for line in table.splitlines()) <= 80
    assert "  1  Moscow-Washington hotline (as agreed in 1963)" in out
    assert "[+0.0" in table or "[-0.0" in table  # the paired intervals are kept
