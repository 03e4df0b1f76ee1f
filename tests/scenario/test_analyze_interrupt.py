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

#: Resident memory (MiB) that shows the analysis itself is running: importing the CLI takes
#: ~200 MiB, and 150,000 draws grow past 2 GiB.
RUNNING_MIB = 500


def _rss_mib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


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
    args = ["analyze", "-n", "150000", "--store", str(store), "--out", str(reports)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "detente.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 180
        while proc.poll() is None and _rss_mib(proc.pid) < RUNNING_MIB:
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
    assert stopped_after < 30  # the 150,000-draw analysis takes minutes; Ctrl-C ends it now
    assert [r["id"] for r in run_store.list_runs(store)] == [first_id]
    assert run_store.open_run(first_id, store)["draws"] == 200
    assert sorted(p.name for p in store.parent.iterdir()) == files_before
    assert not reports.exists()
