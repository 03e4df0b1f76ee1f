"""Ctrl-C during ``detente analyze``: one line, exit code 130, nothing half-written (issue 18,
item 9). A real SIGINT is sent to the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.scenario import run_store

#: CPU seconds that show the analysis itself is running: starting the CLI and importing the
#: analysis takes under one; ten million draws take about a minute. (Memory no longer tells:
#: the draws stream in chunks, so the analysis runs in constant memory.)
RUNNING_CPU_SECONDS = 3.0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (``/proc/PID/stat`` fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; POSIX signals")
def test_sigint_stops_analyze_with_one_line_exit_130_and_the_store_unchanged(
    tmp_path: Path, run_detente
) -> None:
    store = tmp_path / "store" / "runs.duckdb"
    reports = tmp_path / "reports"
    first = run_detente("analyze", "-n", "200", "--store", str(store), "--json")
    assert first.returncode == 0, first.stderr
    first_id = json.loads(first.stdout)["run_id"]
    files_before = sorted(p.name for p in store.parent.iterdir())

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    args = ["analyze", "-n", "10000000", "--store", str(store), "--out", str(reports)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "detente.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 180
        while proc.poll() is None and _cpu_seconds(proc.pid) < RUNNING_CPU_SECONDS:
            assert time.monotonic() < deadline, "the analysis never started"
            time.sleep(0.05)
        assert proc.poll() is None, "the analysis ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        out, err = proc.communicate(timeout=60)
        stopped_after = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    assert proc.returncode == 130, (proc.returncode, err)
    assert "Traceback" not in err and "Traceback" not in out
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("interrupted: the analysis stopped"), err
    assert stopped_after < 30  # the 10^7-draw analysis takes a minute; Ctrl-C ends it now
    assert [r["id"] for r in run_store.list_runs(store)] == [first_id]
    assert run_store.open_run(first_id, store)["draws"] == 200
    assert sorted(p.name for p in store.parent.iterdir()) == files_before
    assert not reports.exists()
