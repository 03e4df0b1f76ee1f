"""Payoffs and probabilities are finite or refused: a formula without parameters that is not
a finite number is refused when read (naming the node and the formula), and a formula that
overflows only at some parameter points is refused when solved, naming the parameter values
there; never a silent inf or NaN (issue 18, item 4)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from detente.errors import FileFormatError, GameError
from detente.games import (
    Expression,
    Game,
    chance,
    decision,
    read_efg,
    read_game_toml,
    solve_pbe,
    solve_qre,
    solve_spe,
    terminal,
)

NOT_FINITE = ["9**9**9**9", "1/0", "0/0", "log(0)", "exp(1000)", "10**400", "1e999 - 1e999"]


@pytest.mark.parametrize("formula", NOT_FINITE)
def test_a_constant_formula_that_is_not_finite_is_refused_naming_it(formula) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way either
        with pytest.raises(GameError, match="finite") as exc:
            Expression(formula)
    assert repr(formula) in str(exc.value) or "the number" in str(exc.value)


@pytest.mark.parametrize("formula", ["9**9**9**9", "1/0", "exp(1000)"])
def test_an_efg_payoff_that_is_not_finite_names_line_outcome_and_formula(formula) -> None:
    text = (
        'EFG 2 R "x" { "A" "B" } ""\n'
        'p "" 1 1 "" { "L" "R" } 0\n'
        't "" 1 "peace" { 0, 0 }\n'
        f't "" 2 "war" {{ "{formula}", 1 }}\n'
    )
    with pytest.raises(FileFormatError) as exc:
        read_efg(text)
    message = str(exc.value)
    for needle in ["<efg text>, line 4", "payoff of A in outcome 2 ('war')", formula, "finite"]:
        assert needle in message
    assert "\n" not in message


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", '"9**9**9**9"', "1e400"])
def test_a_toml_payoff_that_is_not_finite_names_the_node_and_its_line(value) -> None:
    text = (
        '[game]\nplayers = ["A", "B"]\nroot = "start"\n\n'
        '[nodes.start]\nplayer = "A"\nactions = { l = "peace", r = "war" }\n\n'
        "[nodes.peace]\npayoffs = { A = 0, B = 0 }\n\n"
        f"[nodes.war]\npayoffs = {{ A = {value}, B = 1 }}\n"
    )
    with pytest.raises(FileFormatError, match=r"<toml text>, line 12: node 'war': payoff of A"):
        read_game_toml(text)


def overflow_game() -> Game:
    """exp(a)**a overflows for a > sqrt(709.78) = 26.64...; the chance probability p must lie
    in [0, 1]."""
    return Game(
        players=["A", "B"],
        parameters={"a": 1.0, "p": 0.5},
        root=chance(
            {
                "h": (
                    "p",
                    decision("A", {"L": terminal("x", "exp(a)**a", 0), "R": terminal("y", 1, 1)}),
                ),
                "t": ("1 - p", terminal("z", 0, 0)),
            }
        ),
    )


SOLVERS = [solve_spe, lambda g, p: solve_qre(g, p, lam=1.0), solve_pbe]


@pytest.mark.parametrize("solve", SOLVERS)
@pytest.mark.parametrize("size", [5, 200_001])
def test_a_formula_overflowing_at_some_points_names_the_first_such_point(solve, size) -> None:
    a = np.linspace(0.0, 40.0, size)
    if solve is solve_pbe and size > 5:
        a = a[::1000]
    with pytest.raises(GameError) as exc:
        solve(overflow_game(), {"a": a})
    message = str(exc.value)
    with np.errstate(over="ignore"):
        first = a[~np.isfinite(np.exp(a) ** a)][0]
    assert "'exp(a)**a'" in message and "terminal 'x'" in message
    assert f"a = {first:.6g}" in message
    assert "\n" not in message


@pytest.mark.parametrize("solve", SOLVERS)
def test_a_probability_formula_outside_0_1_names_the_parameter_values(solve) -> None:
    with pytest.raises(GameError, match=r"'p' at chance node 'root' is 1.25 at .*p = 1.25"):
        solve(overflow_game(), {"p": np.array([0.5, 1.25, 2.0])})


@pytest.mark.parametrize("solve", SOLVERS)
def test_below_the_overflow_every_point_is_solved(solve) -> None:
    solution = solve(overflow_game(), {"a": np.linspace(0.0, 26.0, 7)})
    assert np.isfinite(solution.payoffs).all()
