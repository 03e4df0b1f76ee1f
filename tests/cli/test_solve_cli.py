"""`detente solve`: the JSON contract and one clear line for each kind of bad input (issue #2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from detente.games import deterrence_game, write_efg, write_game_toml

DETENTE = [sys.executable, "-c", "from detente.cli.main import run; run()"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*DETENTE, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def game_file(tmp_path: Path) -> Path:
    path = tmp_path / "deterrence.toml"
    path.write_text(write_game_toml(deterrence_game()))
    return path


def test_json_has_the_documented_keys_and_the_published_qre(game_file):
    """Issue #2: --json prints method, outcomes, payoffs, strategy; at lam=1 P(challenge) =
    0.512288 (three-move deterrence game)."""
    out = run("solve", str(game_file), "--method", "qre", "--lam", "1", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"method", "outcomes", "payoffs", "strategy"} <= set(data)
    assert data["method"] == "qre"
    challenge = data["strategy"]["Challenger initiates"]["challenge"]
    assert challenge == pytest.approx(0.512288, abs=1e-6)
    assert set(data["payoffs"]) == {"Challenger", "Defender"}


def test_set_changes_a_parameter(game_file):
    out = run("solve", str(game_file), "--set", "wC=-0.9", "--json")
    assert json.loads(out.stdout)["outcomes"]["SQ"] == 1.0


def test_efg_files_solve_too(tmp_path):
    path = tmp_path / "g.efg"
    path.write_text(write_efg(deterrence_game()))
    out = run("solve", str(path), "--method", "spe", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["outcomes"]["SQ"] == 1.0


def _assert_one_clear_line(out: subprocess.CompletedProcess, *needles: str) -> None:
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    lines = [x for x in out.stderr.strip().splitlines() if x.strip()]
    assert len(lines) == 1, out.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_malformed_efg_names_file_and_line(tmp_path):
    path = tmp_path / "broken.efg"
    path.write_text('EFG 2 R "x" { "A" "B" }\n""\n\np "" 1 1 "" { "l" "r" 0\n')
    _assert_one_clear_line(run("solve", str(path)), "broken.efg", "line")


def test_unknown_parameter_lists_the_known_ones(game_file):
    _assert_one_clear_line(run("solve", str(game_file), "--set", "zz=1"), "zz", "a, b, wC, wD")


def test_probabilities_not_summing_to_one(tmp_path):
    path = tmp_path / "chance.toml"
    path.write_text(
        '[game]\ntitle = "c"\nplayers = ["A"]\nroot = "n"\n'
        '[nodes.n]\nchance = {x = ["0.5", "t1"], y = ["0.6", "t2"]}\n'
        '[nodes.t1]\noutcome = "X"\npayoffs = {A = 1}\n'
        '[nodes.t2]\noutcome = "Y"\npayoffs = {A = 0}\n'
    )
    _assert_one_clear_line(run("solve", str(path)), "chance.toml", "sum")


def test_cycle_is_reported(tmp_path):
    path = tmp_path / "cycle.toml"
    path.write_text(
        '[game]\ntitle = "c"\nplayers = ["A"]\nroot = "n"\n'
        '[nodes.n]\nplayer = "A"\nactions = {go = "m", stop = "t"}\n'
        '[nodes.m]\nplayer = "A"\nactions = {back = "n", stop = "t2"}\n'
        '[nodes.t]\noutcome = "T"\npayoffs = {A = 1}\n'
        '[nodes.t2]\noutcome = "T2"\npayoffs = {A = 0}\n'
    )
    _assert_one_clear_line(run("solve", str(path)), "cycle.toml", "cycle")


def test_missing_terminal_payoff(tmp_path):
    path = tmp_path / "nopay.toml"
    path.write_text(
        '[game]\ntitle = "c"\nplayers = ["A", "B"]\nroot = "n"\n'
        '[nodes.n]\nplayer = "A"\nactions = {go = "t", stop = "t2"}\n'
        '[nodes.t]\noutcome = "T"\npayoffs = {A = 1}\n'
        '[nodes.t2]\noutcome = "T2"\npayoffs = {A = 0, B = 0}\n'
    )
    _assert_one_clear_line(run("solve", str(path)), "nopay.toml", "B")


def test_missing_file_and_bad_method(game_file):
    _assert_one_clear_line(run("solve", "no/such/file.efg"), "file.efg")
    _assert_one_clear_line(run("solve", str(game_file), "--method", "nash"), "spe, qre or pbe")
