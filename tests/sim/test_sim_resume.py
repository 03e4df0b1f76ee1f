"""A sweep or simulation killed part-way and resumed gives exactly the uninterrupted rows."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from detente.errors import InputError
from detente.sim.chunk_store import read_results
from detente.sim.parameter_sweep import run_sweep
from detente.sim.replications import run_replications
from detente.sim.sim_config import SimulationConfig, StartConfig

GRID = ["p_def=0:1:41", "d_ch=-2:0.5:30"]


class Killed(KeyboardInterrupt):
    """Stands in for Ctrl-C or a crash after some chunks."""


def _kill_after(k: int):
    def hook(chunk: int, done: int) -> None:
        if done >= k:
            raise Killed

    return hook


@pytest.mark.parametrize("lhs", [None, 500])
def test_killed_sweep_resumed_has_exactly_the_rows_of_an_uninterrupted_one(
    tmp_path: Path, lhs: int | None
) -> None:
    axes = GRID if lhs is None else ["p_def=0:1", "d_ch=-2:0.5"]
    opts = {"lhs": lhs, "chunk_size": 97, "workers": 1, "progress": False, "seed": 4}
    whole = run_sweep("unilateral_deterrence", axes, tmp_path / "whole", **opts)
    with pytest.raises(Killed):
        run_sweep(
            "unilateral_deterrence", axes, tmp_path / "cut", after_chunk=_kill_after(3), **opts
        )
    manifest = json.loads((tmp_path / "cut" / "manifest.json").read_text())
    assert len(manifest["completed"]) == 3
    resumed = run_sweep("unilateral_deterrence", axes, tmp_path / "cut", **opts)
    assert resumed.skipped == 3 and resumed.ran == whole.n_chunks - 3
    a = read_results(tmp_path / "whole", "points", order_by="point")
    b = read_results(tmp_path / "cut", "points", order_by="point")
    assert len(b) == (41 * 30 if lhs is None else lhs)
    assert b["point"].is_unique
    pd.testing.assert_frame_equal(a, b)


def test_killed_simulation_resumed_has_exactly_the_rows(tmp_path: Path) -> None:
    cfg = SimulationConfig(periods=8, seed=2, start=StartConfig(n_states=15))
    run_replications(cfg, 5, tmp_path / "whole", workers=1, progress=False)
    with pytest.raises(Killed):
        run_replications(
            cfg, 5, tmp_path / "cut", workers=1, progress=False, after_chunk=_kill_after(2)
        )
    run_replications(cfg, 5, tmp_path / "cut", workers=1, progress=False)
    for table in ("events", "summaries"):
        order = "replication, period" + (", challenger, defender" if table == "events" else "")
        pd.testing.assert_frame_equal(
            read_results(tmp_path / "whole", table, order_by=order),
            read_results(tmp_path / "cut", table, order_by=order),
        )


def test_a_chunk_file_without_manifest_entry_is_rewritten_not_duplicated(tmp_path: Path) -> None:
    opts = {"chunk_size": 200, "workers": 1, "progress": False}
    run_sweep("unilateral_deterrence", GRID, tmp_path, **opts)
    manifest_path = tmp_path / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["completed"]["2"]  # killed after writing chunk 2, before recording it
    manifest_path.write_text(json.dumps(manifest))
    again = run_sweep("unilateral_deterrence", GRID, tmp_path, **opts)
    assert again.ran == 1
    assert len(read_results(tmp_path, "points")) == 41 * 30


def test_killed_subprocess_resumes(tmp_path: Path) -> None:
    """A real kill (SIGKILL of the process) mid-sweep, then a rerun in-process."""
    code = (
        "from detente.sim.parameter_sweep import run_sweep\n"
        "import time\n"
        f"run_sweep('unilateral_deterrence', {GRID!r}, {str(tmp_path)!r}, chunk_size=40,"
        " workers=1, progress=False, after_chunk=lambda c, d: time.sleep(0.2))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    manifest = tmp_path / "manifest.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if manifest.exists():
            try:
                if len(json.loads(manifest.read_text())["completed"]) >= 3:
                    break
            except (json.JSONDecodeError, KeyError):
                pass
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    done_before = len(json.loads(manifest.read_text())["completed"])
    assert 0 < done_before < 31
    run_sweep("unilateral_deterrence", GRID, tmp_path, chunk_size=40, workers=1, progress=False)
    rows = read_results(tmp_path, "points", order_by="point")
    assert len(rows) == 41 * 30 and rows["point"].is_unique


def test_other_settings_in_the_same_folder_are_refused(tmp_path: Path) -> None:
    run_sweep("unilateral_deterrence", GRID, tmp_path, chunk_size=500, workers=1, progress=False)
    with pytest.raises(InputError, match="different sweep"):
        run_sweep(
            "unilateral_deterrence", GRID, tmp_path, chunk_size=400, workers=1, progress=False
        )
