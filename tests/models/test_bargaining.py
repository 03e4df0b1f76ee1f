"""Bargaining with private costs against Fearon (1995), Rationalist explanations for war."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente.models as dm
from detente.models.library.bargaining import (
    DEMAND_STEPS,
    bargaining_range,
    optimal_demand,
)

MODEL = dm.get("bargaining")


def test_bargaining_range_is_p_minus_cA_to_p_plus_cB():
    """Fearon (1995, p. 386-388): with complete information every share in
    [p - c_A, p + c_B] beats war for both states."""
    low, high = bargaining_range(0.5, 0.1, 0.2)
    assert (float(low), float(high)) == pytest.approx((0.4, 0.7))


def test_issue_example_demand_06_and_war_one_third():
    """Fearon (1995, p. 395-397, fn. 24): x* = p + (cbar - c_A)/2 and
    P(war) = (cbar - c_A)/(2 cbar); issue #3: p=0.5, c_A=0.1, cbar=0.3 gives 0.6 and 1/3."""
    x, pw = optimal_demand(0.5, 0.1, 0.3)
    assert float(x) == pytest.approx(0.6)
    assert float(pw) == pytest.approx(1 / 3)
    result = MODEL.solve({"p": 0.5, "c_a": 0.1, "cbar": 0.3})
    point = result.point()
    assert point["outcome"] == point["theory"]["outcome"] == "Risk of war"
    assert point["outcomes"]["War"] == pytest.approx(1 / 3)  # 1/3 lies on the grid (K = 60)
    assert point["payoffs"]["A"] == pytest.approx(2 / 3 * 0.6 + 1 / 3 * 0.4)


def test_no_war_when_cA_at_least_cbar():
    """Fearon (1995): if A's cost exceeds every possible cost of B, A demands p and B
    always accepts (P(war) = 0)."""
    c_a = np.linspace(0.3, 1.0, 15)
    result = MODEL.solve({"p": 0.4, "c_a": c_a, "cbar": 0.3})
    assert (result.outcome == "Settlement").all()
    np.testing.assert_allclose(result.theory.values["optimal_demand"], 0.4)
    np.testing.assert_allclose(result.solution.outcome_prob("War"), 0.0)


def test_corner_demand_everything_when_x_star_exceeds_one():
    """Where p + (cbar - c_A)/2 > 1 the optimal demand is the whole good, x* = 1, and war
    occurs with probability (1 - p)/cbar (derived: A's payoff rises up to x = 1)."""
    x, pw = optimal_demand(0.9, 0.0, 0.6)
    assert float(x) == 1.0 and float(pw) == pytest.approx(0.1 / 0.6)
    result = MODEL.solve({"p": 0.9, "c_a": 0.0, "cbar": 0.6})
    assert result.point()["outcomes"]["War"] == pytest.approx(0.1 / 0.6)


def test_engine_matches_closed_form_at_grid_resolution_on_a_dense_grid():
    """The SPE demand is the grid level closest to x*: P(war) within 1/(2K) of Fearon's
    closed form, and equal to the theory's grid value wherever x* is not exactly halfway
    between two levels (there the engine flags a tie: both levels are SPE)."""
    p = np.linspace(0.0, 1.0, 41)[:, None, None]
    c_a = np.linspace(0.0, 0.6, 31)[None, :, None]
    cbar = np.linspace(0.05, 0.8, 26)[None, None, :]
    result = MODEL.solve({"p": p, "c_a": c_a, "cbar": cbar})
    war = result.solution.outcome_prob("War")
    tie = result.solution.tie
    assert tie.mean() < 0.02
    np.testing.assert_allclose(war[~tie], result.theory.values["p_war_grid"][~tie], atol=1e-12)
    assert np.abs(war - result.theory.values["p_war"]).max() <= 0.5 / DEMAND_STEPS + 1e-12


def test_map_boundary_lies_on_cA_equals_cbar():
    """On the (c_A, cbar) plane the war region is c_A < cbar (Fearon 1995); the engine's map
    differs from it only within one grid step of P(war) of the diagonal."""
    mp = dm.equilibrium_map(MODEL, x=("c_a", 0.0, 0.6, 61), y=("cbar", 0.05, 0.6, 56))
    c_a = np.linspace(0.0, 0.6, 61)[None, :]
    cbar = np.linspace(0.05, 0.6, 56)[:, None]
    s_star = (cbar - c_a) / (2 * cbar)
    clear = np.abs(s_star) > 0.5 / DEMAND_STEPS + 1e-9
    expected = np.where(c_a < cbar, "Risk of war", "Settlement")
    np.testing.assert_array_equal(mp.outcome[clear], expected[clear])


@settings(max_examples=60, deadline=None)
@given(
    p=st.floats(0, 1),
    cbar=st.floats(0.01, 1),
    c1=st.floats(0, 1),
    c2=st.floats(0, 1),
)
def test_p_war_is_non_increasing_in_cA(p, cbar, c1, c2):
    """Fearon (1995): a costlier war for A makes it demand less, so war is less likely."""
    lo, hi = sorted((c1, c2))
    _, war_lo = optimal_demand(p, lo, cbar)
    _, war_hi = optimal_demand(p, hi, cbar)
    assert war_hi <= war_lo + 1e-12


@settings(max_examples=60, deadline=None)
@given(p=st.floats(0, 1), c_a=st.floats(0, 1), cbar=st.floats(0.01, 1))
def test_optimal_demand_lies_between_p_and_one_and_p_war_in_zero_half(p, c_a, cbar):
    """Derived bounds: x* in [p, 1] (never below A's war odds, never above the good) and
    P(war) in [0, 1/2] (B's cutoff cost never exceeds cbar/2)."""
    x, pw = optimal_demand(p, c_a, cbar)
    assert p - 1e-12 <= x <= 1.0
    assert -1e-12 <= pw <= 0.5 + 1e-12
