"""A game whose root is a terminal node is a valid game: every reader accepts it and every
solver solves it (issue 18, item 1).

The answer needs no theory: with no move to make, the one outcome is reached with probability
one and each player receives its payoff (Osborne & Rubinstein 1994, Definition 200.1 admits a
history set holding only the empty history; its strategy profiles are empty).
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.games import (
    Game,
    read_efg,
    read_game_toml,
    solve_pbe,
    solve_qre,
    solve_spe,
    terminal,
    write_efg,
    write_game_toml,
)

EFG = 'EFG 2 R "x" { "A" "B" } ""\nt "" 1 "peace" { 3, -1 }\n'
EFG_NULL = 'EFG 2 R "x" { "A" "B" } ""\nt "" 1 "" { 0, 0 }\n'
TOML = """[game]
title = "one"
players = ["A", "B"]
root = "peace"

[nodes.peace]
payoffs = { A = 3, B = -1 }
"""
SOLVERS = {
    "spe": solve_spe,
    "qre": lambda g, p=None: solve_qre(g, p, lam=2.0),
    "pbe": solve_pbe,
}


@pytest.mark.parametrize("read", [lambda: read_efg(EFG), lambda: read_game_toml(TOML)])
@pytest.mark.parametrize("method", list(SOLVERS))
def test_the_only_outcome_is_reached_with_its_payoffs(read, method) -> None:
    game = read()
    assert game.tables.n_nodes == 1 and game.infosets == ()
    point = SOLVERS[method](game).point()
    assert point["outcomes"] == {"peace": 1.0}
    assert point["payoffs"] == {"A": 3.0, "B": -1.0}
    assert point["strategy"] == {}


@pytest.mark.parametrize("method", list(SOLVERS))
def test_the_issue_example_with_the_null_outcome_pays_zero(method) -> None:
    """The file from the issue (``t "" 1 "" { 0, 0 }``): an unnamed outcome, zero payoffs."""
    point = SOLVERS[method](read_efg(EFG_NULL)).point()
    assert list(point["outcomes"].values()) == [1.0]
    assert point["payoffs"] == {"A": 0.0, "B": 0.0}


@pytest.mark.parametrize(
    ("method", "size"),
    # one chunk for every solver; 300,000 points also take spe's and qre's chunked path
    [("spe", 3), ("qre", 3), ("pbe", 3), ("spe", 300_000), ("qre", 300_000)],
)
def test_a_batch_of_formula_payoffs_is_the_formula(method, size) -> None:
    game = Game(players=["A", "B"], root=terminal("end", "2*a", "-a"), parameters={"a": 1.0})
    a = np.linspace(-5, 5, size)
    solution = SOLVERS[method](game, {"a": a})
    payoffs, probs = solution.payoffs, solution.terminal_probs
    if method == "pbe":  # one (empty) profile per point
        payoffs, probs = payoffs[:, 0], probs[:, 0]
        assert solution.is_equilibrium.all()
    assert np.array_equal(payoffs[..., 0], 2 * a)
    assert np.array_equal(payoffs[..., 1], -a)
    assert np.all(probs == 1.0)


@pytest.mark.parametrize("write", [write_efg, write_game_toml])
def test_a_one_node_game_round_trips(write) -> None:
    game = read_game_toml(TOML)
    text = write(game)
    again = read_efg(text) if text.startswith("EFG") else read_game_toml(text)
    assert solve_spe(again).point() == solve_spe(game).point()
