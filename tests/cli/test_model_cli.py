"""`detente models`, `detente model`, `detente map` (issue #3)."""

from __future__ import annotations

import json
import subprocess
import sys

DETENTE = [sys.executable, "-c", "from detente.cli.main import run; run()"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*DETENTE, *args], capture_output=True, text=True, timeout=120)


def test_models_json_lists_every_registered_model_with_parameters():
    import detente.models as dm

    out = run("models", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [m["name"] for m in data] == dm.available()
    assert all(m["parameters"] for m in data)


def test_model_json_has_model_params_outcomes_theory():
    """Zagare & Kilgour (2000): a=1, s=0, d=-1 gives threshold 0.5, so p=0.6 deters."""
    out = run("model", "unilateral_deterrence", "--set", "p_def=0.6", "--json")
    data = json.loads(out.stdout)
    assert {"model", "params", "outcomes", "theory"} <= set(data)
    assert data["theory"]["credibility_threshold"] == 0.5
    assert data["outcome"] == "Status Quo"


def test_out_of_range_and_unknown_names_give_one_line_exit_2():
    for args, needle in [
        (("model", "unilateral_deterrence", "--set", "p_def=1.3"), "[0, 1]"),
        (("model", "no_such_model"), "available models"),
        (("model", "unilateral_deterrence", "--set", "zz=1"), "its parameters are"),
        (("model", "unilateral_deterrence", "--set", "p_def"), "NAME=VALUE"),
        (
            (
                "map",
                "unilateral_deterrence",
                "--x",
                "p_def:0:1",
                "--y",
                "d_ch:-1:0:5",
                "--out",
                "x.png",
            ),
            "NAME:LOW:HIGH:N",
        ),
    ]:
        out = run(*args)
        assert out.returncode == 2, (args, out.stderr)
        assert "Traceback" not in out.stderr
        assert needle in out.stderr, (args, out.stderr)


def test_map_writes_csv_and_png(tmp_path):
    for suffix in ("csv", "png"):
        target = tmp_path / f"map.{suffix}"
        out = run(
            "map",
            "unilateral_deterrence",
            "--x",
            "p_def:0:1:30",
            "--y",
            "d_ch:-3:0.5:20",
            "--out",
            str(target),
        )
        assert out.returncode == 0, out.stderr
        assert target.stat().st_size > 0
    import pandas as pd

    frame = pd.read_csv(tmp_path / "map.csv")
    assert len(frame) == 600 and frame["agree"].all()


MAP_AXES = ("--x", "p_def:0:1:6", "--y", "d_ch:-1:0:5")


def test_map_says_which_folders_it_created_and_where_the_file_went(tmp_path, run_detente):
    """Issue 18, item 8: ``--out /nonexistent/dir/m.png`` silently created folders from /.
    Creating the missing folders is kept, and the real CLI now names the outermost folder it
    created and the file's absolute path."""
    out = tmp_path / "new" / "deeper" / "m.csv"
    result = run_detente("map", "unilateral_deterrence", *MAP_AXES, "--out", str(out))
    assert result.returncode == 0, result.stderr
    said = result.stdout.strip()
    assert said.startswith(f"wrote {out} (") and "\n" not in said
    assert said.endswith(f"; created the folder {tmp_path / 'new'})")
    assert out.is_file() and len(out.read_text().splitlines()) == 1 + 6 * 5
    again = run_detente("map", "unilateral_deterrence", *MAP_AXES, "--out", str(out))
    assert again.returncode == 0 and "created" not in again.stdout


def test_map_out_under_a_file_or_with_a_bad_suffix_is_one_line(
    tmp_path, run_detente, assert_refused
):
    (tmp_path / "afile").write_text("x")
    blocked = tmp_path / "afile" / "sub" / "m.png"
    result = run_detente("map", "unilateral_deterrence", *MAP_AXES, "--out", str(blocked))
    assert_refused(result, "--out", "afile is a file, not a folder")
    assert not blocked.parent.exists()
    result = run_detente(
        "map", "unilateral_deterrence", *MAP_AXES, "--out", str(tmp_path / "m.gif")
    )
    assert_refused(result, "m.gif", ".png, .svg, .pdf, .csv, .parquet")


def test_new_models_print_their_outcome_probabilities_as_json():
    """Issue 16: `detente model escalation_ladder --set rungs=6 --json`, `early_warning` and
    `reassurance_monitoring` print outcome probabilities (closed form in ``theory``; the
    engine's in ``outcomes`` where it has a pure equilibrium or a QRE)."""
    ladder = json.loads(run("model", "escalation_ladder", "--set", "rungs=6", "--json").stdout)
    th = ladder["theory"]
    probs = [th[k] for k in th if k.startswith("p_")]
    assert len(probs) == 5 and abs(sum(probs) - 1) < 1e-12
    assert th["reach_rung_6"] > 0 and th["reach_rung_7"] == 0
    warning = json.loads(run("model", "early_warning", "--json").stdout)
    assert abs(sum(warning["outcomes"].values()) - 1) < 1e-9
    assert 0 < warning["theory"]["yearly_p_inadvertent_launch"] < 1
    trust = json.loads(run("model", "reassurance_monitoring", "--json").stdout)
    assert trust["outcomes"]["mutual cooperation"] == trust["theory"]["p_mutual_cooperation"]


def test_models_lists_references():
    import detente.models as dm

    out = run("models")
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    for name in ("escalation_ladder", "early_warning", "reassurance_monitoring"):
        assert name in text
        first = dm.get(name).references[0]
        assert " ".join(first.split())[:40] in text


def test_bad_ladder_and_warning_input_is_one_line_naming_the_range():
    for args, needle in [
        (("model", "escalation_ladder", "--set", "rungs=0"), "'rungs'"),
        (("model", "escalation_ladder", "--set", "rungs=10000"), "[1, 8]"),
        (("model", "escalation_ladder", "--set", "rungs=2.5"), "whole number in [1, 8]"),
        (("model", "early_warning", "--set", "false_alarm=1.5"), "'false_alarm'"),
        (("model", "early_warning", "--set", "decision_minutes=-1"), "[0.5, 60]"),
    ]:
        out = run(*args)
        assert out.returncode == 2, (args, out.stderr)
        assert "Traceback" not in out.stderr and out.stderr.count("\n") == 1
        assert needle in out.stderr, (args, out.stderr)
