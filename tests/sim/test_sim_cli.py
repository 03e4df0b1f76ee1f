"""``detente sweep`` and ``detente simulate``: results, resumption and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli.main import app

runner = CliRunner()


def test_sweep_grid_writes_parquet_and_duckdb_view(tmp_path: Path) -> None:
    import duckdb

    args = [
        "sweep",
        "unilateral_deterrence",
        "--grid",
        "p_def=0:1:11",
        "--grid",
        "d_ch=-2:0.5:6",
        "--out",
        str(tmp_path),
        "--workers",
        "1",
        "--json",
        "--chunk-size",
        "20",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["chunks"] == 4 and report["ran"] == 4
    with duckdb.connect(report["database"], read_only=True) as con:
        assert con.execute("SELECT count(*) FROM points").fetchone()[0] == 66
    again = json.loads(runner.invoke(app, args).stdout)
    assert again["ran"] == 0 and again["skipped"] == 4


def test_bundled_example_config_runs_and_reports_the_system(tmp_path: Path) -> None:
    """``examples/simulation.toml`` (the config docs/simulation.md points new users to) loads,
    runs, and ``simulate --json`` reports the overview computed from the written summaries."""
    import pandas as pd

    from detente.sim.chunk_store import read_results
    from detente.sim.replications import replication_overview

    text = (Path(__file__).parents[2] / "examples" / "simulation.toml").read_text()
    config = tmp_path / "simulation.toml"
    config.write_text(text.replace("periods = 100 ", "periods = 6 "))
    args = ["simulate", str(config), "--replications", "2", "--workers", "1", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    summaries = read_results(tmp_path / "simulation", "summaries")
    assert sorted(summaries["replication"].unique()) == [0, 1]
    assert summaries["period"].nunique() == 6
    expected = replication_overview(summaries)
    got = pd.DataFrame(report["overview"]).T
    pd.testing.assert_frame_equal(
        got.astype(float), expected, check_names=False, check_index_type=False
    )


def test_replication_overview_by_hand() -> None:
    """First/last are per-period means over replications, sd is across replication means."""
    import numpy as np
    import pandas as pd

    from detente.errors import InputError
    from detente.sim.replications import OVERVIEW_COLUMNS, replication_overview

    rows = []
    for rep, values in ((0, (1.0, 3.0)), (1, (2.0, 6.0))):
        for period, v in zip((1816, 1817), values, strict=True):
            rows.append(
                {"replication": rep, "period": period, **dict.fromkeys(OVERVIEW_COLUMNS, v)}
            )
    overview = replication_overview(pd.DataFrame(rows))
    row = overview.loc["disputes"]
    assert (row["first"], row["last"], row["mean"]) == (1.5, 4.5, 3.0)
    assert row["sd"] == np.std([2.0, 4.0], ddof=1)
    with pytest.raises(InputError, match="lack column"):
        replication_overview(pd.DataFrame({"replication": [0], "period": [1]}))


def test_simulate_config(tmp_path: Path) -> None:
    config = tmp_path / "run.toml"
    config.write_text("periods = 4\nseed = 1\n[start]\nn_states = 12\n[rules]\ncrisis_rate = 0.1\n")
    result = runner.invoke(
        app, ["simulate", str(config), "--replications", "2", "--workers", "1", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "run" / "events").is_dir() and (tmp_path / "run" / "results.duckdb").exists()


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ("[rules]\ncrisis_rate = 2\n", "rules.crisis_rate"),
        ("[rules]\ncrisis = 2\n", "allowed fields: crisis_rate"),
        ('model = "nope"\n', "available models"),
        ('[mapping]\nd_ch = "foo"\n', "formulas may use: p_win"),
        ('[outcome_roles]\n"Conflict" = "boom"\n', "allowed roles: status_quo"),
        ("periods = [\n", "TOML syntax error"),
    ],
)
def test_bad_config_is_one_line_naming_file_and_field(
    tmp_path: Path, toml: str, needle: str
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(toml)
    result = runner.invoke(app, ["simulate", str(config), "--quiet"])
    assert result.exit_code == 2
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "bad.toml" in lines[0] and needle in lines[0], lines


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--grid", "p_def=0:1"], "needs a point count"),
        (["--grid", "p_def=0:7:3"], "allowed range [0, 1]"),
        (["--grid", "zz=0:1:3"], "its parameters are"),
        (["--grid", "p_def=a:b"], "expected K=LO:HI:N"),
        (["--lhs", "0", "--grid", "p_def=0:1"], "--lhs must be at least 1"),
        ([], "give at least one --grid"),
    ],
)
def test_bad_sweep_options_are_one_line(tmp_path: Path, args: list[str], needle: str) -> None:
    result = runner.invoke(
        app, ["sweep", "unilateral_deterrence", *args, "--out", str(tmp_path), "--quiet"]
    )
    assert result.exit_code == 2
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and needle in lines[0], lines


def test_unreachable_scheduler_is_one_line(tmp_path: Path, short_dask_connect_timeout) -> None:
    args = ["sweep", "unilateral_deterrence", "--grid", "p_def=0:1:3", "--out", str(tmp_path)]
    args += ["--scheduler", "tcp://127.0.0.1:9", "--quiet"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "Dask scheduler" in result.stderr


def test_simulate_compare_with_cow(shared_data: Path, tmp_path: Path) -> None:
    config = tmp_path / "cow.toml"
    config.write_text(
        f'periods = 3\nseed = 4\n[start]\nsource = "data"\nyear = 1816\n'
        f'data_dir = "{shared_data / "cow"}"\n'
    )
    result = runner.invoke(
        app,
        ["simulate", str(config), "--replications", "1", "--workers", "1", "--compare", "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["comparison"]["groups"]) >= {"contiguous", "allied", "parity"}
    assert report["comparison"]["distance"] >= 0


def test_compare_needs_a_data_start(tmp_path: Path) -> None:
    config = tmp_path / "syn.toml"
    config.write_text("periods = 2\n[start]\nn_states = 5\n")
    result = runner.invoke(app, ["simulate", str(config), "--compare", "--workers", "1", "--quiet"])
    assert result.exit_code == 2 and 'source = "data"' in result.stderr


def test_ctrl_c_keeps_done_chunks_and_says_how_to_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during a sweep: exit code 130 (128 + SIGINT), one line naming what is kept and
    how to resume, no traceback; rerunning finishes with every point exactly once."""
    import duckdb

    import detente.sim.chunk_runner as chunk_runner

    args = ["sweep", "unilateral_deterrence", "--grid", "p_def=0:1:11", "--grid", "d_ch=-2:0.5:6"]
    args += ["--out", str(tmp_path), "--workers", "1", "--chunk-size", "10", "--quiet"]
    real = chunk_runner.compute_and_write
    calls = []

    def interrupted_on_third(*a, **k):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(chunk_runner, "compute_and_write", interrupted_on_third)
    result = runner.invoke(app, args)
    assert result.exit_code == 130, result.output
    assert "2 of 7 chunk(s) done" in result.stderr and "rerun the same command" in result.stderr
    assert "Traceback" not in result.output
    monkeypatch.setattr(chunk_runner, "compute_and_write", real)
    again = runner.invoke(app, [*args, "--json"])
    assert json.loads(again.stdout)["skipped"] == 2
    with duckdb.connect(str(tmp_path / "results.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT point) FROM points").fetchone() == (
            66,
            66,
        )


def test_missing_parquet_writer_is_one_line_naming_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``pip install detente`` without ``[sim]`` has no pyarrow: simulate says which extra to
    install (exit code 2) before running anything, instead of pandas' ImportError."""
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` fail
    config = tmp_path / "run.toml"
    config.write_text("periods = 2\n[start]\nn_states = 5\n")
    result = runner.invoke(app, ["simulate", str(config), "--workers", "1", "--quiet"])
    assert result.exit_code == 2, result.output
    assert "pip install 'detente[sim]'" in result.stderr
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("workers", ["0", "-2"])
def test_workers_below_one_is_one_line(tmp_path: Path, workers: str) -> None:
    """``--workers 0`` is refused (it used to fall through to 'all CPUs')."""
    config = tmp_path / "run.toml"
    config.write_text("periods = 2\n[start]\nn_states = 5\n")
    args = ["simulate", str(config), "--replications", "2", "--workers", workers, "--quiet"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert f"--workers must be at least 1, got {workers}" in result.stderr
    assert not (tmp_path / "run").exists()  # refused before any folder is made


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (  # issue 18 item 6: 10^10 points, 410 GB at most, started writing at 4-5 GB a minute
            ["--grid", "p_def=0:1:100000", "--grid", "d_ch=-3:0.9:100000"],
            ["10,000,000,000 points", "limit of 100,000,000 points", "--max-points", "GB"],
        ),
        (
            ["--lhs", "1000000000000", "--grid", "p_def=0:1", "--grid", "d_ch=-3:0.9"],
            ["1,000,000,000,000 points", "limit of 100,000,000 points", "--yes"],
        ),
        (  # the point limit raised, the disk check remains: 41 TB at most
            [
                "--lhs",
                "1000000000000",
                "--max-points",
                "1000000000000",
                "--grid",
                "p_def=0:1",
                "--grid",
                "d_ch=-3:0.9",
            ],
            ["1,000,000,000,000 points", "free disk space", "--yes"],
        ),
        (
            ["--grid", "p_def=0:1:10", "--chunk-size", "1000000000"],
            ["--chunk-size", "4,000,000"],
        ),
    ],
)
def test_oversized_sweep_is_refused_before_anything_is_written(
    tmp_path: Path, run_detente, assert_refused, args: list[str], needles: list[str]
) -> None:
    """Issue 18, item 6, with the real CLI in a subprocess: one line with the estimate (points,
    chunks, bytes at most, free space) and the limit that refused it, exit code 2, and the
    results folder never created."""
    out = tmp_path / "never"
    result = run_detente("sweep", "unilateral_deterrence", *args, "--out", str(out), timeout=120)
    assert_refused(result, *needles)
    assert not out.exists()


def test_sweep_prints_its_estimate_and_writes_no_more_than_it(tmp_path: Path, run_detente) -> None:
    """The estimate is printed before the sweep runs, and is an upper bound: a Latin
    hypercube (random floats, the least compressible case) writes fewer Parquet bytes."""
    from detente.sim.parameter_sweep import estimate_sweep

    out = tmp_path / "lhs"
    args = ["--lhs", "60000", "--grid", "p_def=0:1", "--grid", "d_ch=-3:0.9"]
    result = run_detente(
        "sweep", "unilateral_deterrence", *args, "--out", str(out), "--workers", "1", "--quiet"
    )
    assert result.returncode == 0, result.stderr
    assert "sweep unilateral_deterrence: 60,000 points in 1 chunk(s), up to 2.46 MB" in (
        result.stderr
    )
    spec = {"lhs": 60000, "axes": [["p_def", 0, 1, None], ["d_ch", -3, 0.9, None]]}
    bound = estimate_sweep({**spec, "chunk_size": 250_000}, out, n_players=2).max_bytes
    written = sum(f.stat().st_size for f in (out / "points").rglob("*") if f.is_file())
    assert 0.5 * bound < written <= bound


def test_max_points_is_a_limit_on_the_library_call_too(tmp_path: Path) -> None:
    """run_sweep refuses more than max_points (nothing written) and runs at the limit."""
    from detente.errors import InputError
    from detente.sim.parameter_sweep import run_sweep

    grid = ["p_def=0:1:20", "d_ch=-2:0.5:20"]
    opts = {"workers": 1, "progress": False}
    with pytest.raises(InputError, match=r"400 points.*limit of 399 points"):
        run_sweep("unilateral_deterrence", grid, tmp_path / "a", max_points=399, **opts)
    assert not (tmp_path / "a").exists()
    seen = []
    run = run_sweep(
        "unilateral_deterrence",
        grid,
        tmp_path / "b",
        max_points=400,
        on_estimate=seen.append,
        **opts,
    )
    assert run.ran == 1 and seen[0].points == 400 and seen[0].chunks == 1
