"""The run store: record, list, reopen; all-or-nothing writes; survives a killed process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from detente.errors import InputError
from detente.scenario import analyze_scenario, load_scenario, run_store


@pytest.fixture(scope="module")
def analysis():
    return analyze_scenario(load_scenario("falklands_1982"), draws=500, seed=3, sensitivity=False)


def test_record_list_and_reopen(tmp_path, analysis):
    store = tmp_path / "runs.duckdb"
    assert run_store.list_runs(store) == []
    rid = run_store.record_run(analysis, store)
    rows = run_store.list_runs(store)
    assert [r["id"] for r in rows] == [rid]
    assert rows[0]["seed"] == 3 and rows[0]["scenario_hash"] == analysis.hash
    run = run_store.open_run(rid[:6], store)
    assert run["result"]["outcomes"] == json.loads(json.dumps(analysis.outcomes))
    assert run["inputs"] == analysis.scenario.to_json()
    assert run["version"] == analysis.version
    with pytest.raises(InputError, match="no run with id 'zzz'"):
        run_store.open_run("zzz", store)


def test_store_from_environment_variable(tmp_path, monkeypatch, analysis):
    monkeypatch.setenv("DETENTE_STORE", str(tmp_path / "env.duckdb"))
    rid = run_store.record_run(analysis)
    assert (tmp_path / "env.duckdb").exists() and run_store.list_runs()[0]["id"] == rid


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_exception_mid_write_leaves_no_partial_run(tmp_path, monkeypatch, analysis, error):
    """An error, or Ctrl-C (KeyboardInterrupt, issue 18 item 9), between the run's row and
    its outcome rows rolls the whole run back."""
    store = tmp_path / "runs.duckdb"
    first = run_store.record_run(analysis, store)

    def boom(*args, **kwargs):
        raise error

    monkeypatch.setattr(run_store, "_insert_outcomes", boom)
    with pytest.raises(type(error)):
        run_store.record_run(analysis, store)
    monkeypatch.undo()
    assert [r["id"] for r in run_store.list_runs(store)] == [first]
    import duckdb

    con = duckdb.connect(str(store))
    orphans = con.execute(
        "SELECT count(*) FROM run_outcomes WHERE run_id NOT IN (SELECT id FROM runs)"
    ).fetchone()[0]
    con.close()
    assert orphans == 0


WRITER = """
import sys
from detente.scenario import analyze_scenario, load_scenario
from detente.scenario.run_store import record_run
a = analyze_scenario(load_scenario("falklands_1982"), draws=200, seed=1, sensitivity=False)
print("ready", flush=True)
while True:
    record_run(a, sys.argv[1])
"""


def test_killed_writer_leaves_a_readable_store(tmp_path):
    store = tmp_path / "runs.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not store.exists():
            time.sleep(0.05)
        time.sleep(1.0)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    rows = run_store.list_runs(store)
    assert rows, "the writer recorded nothing before it was killed"
    for r in rows:
        run = run_store.open_run(r["id"], store)
        assert set(run["result"]["outcomes"]) == set(run["summary"]["p"])
