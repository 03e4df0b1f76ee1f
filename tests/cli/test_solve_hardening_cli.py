"""``detente solve`` on the hostile game files of issue 18 (items 1-4), through the real CLI
in a subprocess: a one-node game is solved; too deep, too large and non-finite games are
refused with exit code 2 and one line naming the file and the limit, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

SOLVERS = ["spe", "qre", "pbe"]


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def chain_efg(depth: int) -> str:
    """At move i, player 1 + i % 2 stops (payoff (i mod 7, -(i mod 5))) or goes on; the end
    pays (3, 3)."""
    lines = ['EFG 2 R "chain" { "A" "B" } ""']
    for i in range(depth):
        lines.append(f'p "" {1 + i % 2} {i + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {i + 1} "" {{ {i % 7}, {-(i % 5)} }}')
    lines.append(f't "" {depth + 1} "end" {{ 3, 3 }}')
    return "\n".join(lines) + "\n"


def chain_spe_payoffs(depth: int) -> list[float]:
    """Backward induction along the chain, stop winning ties (it is listed first)."""
    value = [3.0, 3.0]
    for i in range(depth - 1, -1, -1):
        stop = [float(i % 7), float(-(i % 5))]
        if stop[i % 2] >= value[i % 2]:
            value = stop
    return value


# --- item 1: a root that is a terminal -----------------------------------------------------
@pytest.mark.parametrize("method", SOLVERS)
@pytest.mark.parametrize("suffix", [".efg", ".toml"])
def test_a_game_whose_root_is_terminal_is_solved(tmp_path, run_detente, method, suffix) -> None:
    if suffix == ".efg":  # the file, with a payoff to tell players apart
        text = 'EFG 2 R "x" { "A" "B" }\n""\nt "" 1 "" { 2, -1 }\n'
    else:
        text = '[game]\nplayers = ["A", "B"]\nroot = "x"\n[nodes.x]\npayoffs = [2, -1]\n'
    path = write(tmp_path / f"one{suffix}", text)
    result = run_detente("solve", str(path), "--method", method, "--json", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    point = json.loads(result.stdout)
    assert point["payoffs"] == {"A": 2.0, "B": -1.0}
    assert list(point["outcomes"].values()) == [1.0]
    assert point["strategy"] == {}


# --- item 2: deep trees and formulas ---------------------------------------------------------
def test_a_chain_of_5000_moves_is_solved(tmp_path, run_detente) -> None:
    result = run_detente("solve", str(write(tmp_path / "c.efg", chain_efg(5_000))), "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    payoffs = json.loads(result.stdout)["payoffs"]
    assert [payoffs["A"], payoffs["B"]] == chain_spe_payoffs(5_000)


def test_a_chain_deeper_than_the_limit_is_refused(tmp_path, run_detente, assert_refused):
    path = write(tmp_path / "deep.efg", chain_efg(10_001))
    result = run_detente("solve", str(path), timeout=300)
    assert_refused(result, str(path), "10,000 moves deep", "MAX_DEPTH")


def test_a_formula_nested_too_deep_is_refused(tmp_path, run_detente, assert_refused) -> None:
    formula = "+".join(["1"] * 5_000)
    path = write(tmp_path / "f.efg", f'EFG 2 R "x" {{ "A" }} ""\nt "" 1 "o" {{ "{formula}" }}\n')
    result = run_detente("solve", str(path))
    assert_refused(result, f"{path}, line 2", "payoff of A", "MAX_FORMULA_DEPTH")


# --- item 3: too many nodes ------------------------------------------------------------------
def test_a_file_above_the_default_node_limit_is_refused_quickly_in_little_memory(
    tmp_path, assert_refused
) -> None:
    """1,000,001 node entries (7 MB): refused by the count before any node is built; the
    process stays far below the ~1.3 GB reading it would take."""
    path = write(tmp_path / "huge.efg", 'EFG 2 R "x" { "A" } ""\n' + 't "" 0\n' * 1_000_001)
    source = str(Path(__file__).parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}
    env.pop("DETENTE_MAX_NODES", None)
    out, err, peak = tmp_path / "out.txt", tmp_path / "err.txt", tmp_path / "peak.txt"
    # the child's own peak (VmHWM of its address space; ru_maxrss would count the memory of
    # the pytest worker it was forked from)
    measure = (
        "import atexit, pathlib, runpy, sys\n"
        "def peak():\n"
        "    status = pathlib.Path('/proc/self/status').read_text().splitlines()\n"
        "    kb = next(x for x in status if x.startswith('VmHWM:')).split()[1]\n"
        f"    pathlib.Path({str(peak)!r}).write_text(kb)\n"
        "atexit.register(peak)\n"
        "sys.argv = ['detente', *sys.argv[1:]]\n"
        "runpy.run_module('detente.cli', run_name='__main__')\n"
    )
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-c", measure, "solve", str(path)],
            stdout=stdout,
            stderr=stderr,
            env=env,
        )
        watchdog = threading.Timer(300, proc.kill)
        watchdog.start()
        _, status, _ = os.wait4(proc.pid, 0)
        watchdog.cancel()
    code = proc.returncode = os.waitstatus_to_exitcode(status)
    result = subprocess.CompletedProcess(proc.args, code, out.read_text(), err.read_text())
    assert_refused(result, str(path), "more than 1,000,000 nodes", "DETENTE_MAX_NODES")
    assert int(peak.read_text()) < 600 * 1024  # kB


def test_the_node_limit_follows_detente_max_nodes(tmp_path, run_detente, assert_refused):
    path = write(tmp_path / "c.efg", chain_efg(100))  # 201 nodes
    assert run_detente("solve", str(path), env={"DETENTE_MAX_NODES": "201"}).returncode == 0
    result = run_detente("solve", str(path), env={"DETENTE_MAX_NODES": "200"})
    assert_refused(result, str(path), "more than 200 nodes", "DETENTE_MAX_NODES")
    result = run_detente("solve", str(path), env={"DETENTE_MAX_NODES": "lots"})
    assert_refused(result, "DETENTE_MAX_NODES='lots'", "positive integer")


# --- item 4: payoffs that are not finite ------------------------------------------------------
def test_a_payoff_formula_that_overflows_is_refused_naming_it(
    tmp_path, run_detente, assert_refused
) -> None:
    text = (
        'EFG 2 R "x" { "A" "B" } ""\np "" 1 1 "" { "L" "R" } 0\n'
        't "" 1 "peace" { 0, 0 }\nt "" 2 "war" { "9**9**9**9", 0 }\n'
    )
    path = write(tmp_path / "inf.efg", text)
    result = run_detente("solve", str(path))
    assert_refused(result, f"{path}, line 4", "outcome 2 ('war')", "'9**9**9**9'", "finite")
    assert "RuntimeWarning" not in result.stderr


@pytest.mark.parametrize("method", SOLVERS)
def test_a_formula_overflowing_at_the_chosen_point_names_it(
    tmp_path, run_detente, assert_refused, method
) -> None:
    text = (
        'EFG 2 R "x" { "A" "B" } "detente-parameters: a=1"\np "" 1 1 "" { "L" "R" } 0\n'
        't "" 1 "peace" { 0, 0 }\nt "" 2 "war" { "exp(a)**a", 0 }\n'
    )
    path = write(tmp_path / "over.efg", text)
    assert run_detente("solve", str(path), "--set", "a=26", "--method", method).returncode == 0
    result = run_detente("solve", str(path), "--set", "a=27", "--method", method)
    assert_refused(result, str(path), "'exp(a)**a'", "is inf", "a = 27")


def test_a_toml_payoff_of_inf_is_refused_naming_the_node(tmp_path, run_detente, assert_refused):
    text = '[game]\nplayers = ["A"]\nroot = "x"\n\n[nodes.x]\npayoffs = { A = inf }\n'
    path = write(tmp_path / "inf.toml", text)
    assert_refused(run_detente("solve", str(path)), f"{path}, line 5", "node 'x'", "finite")
