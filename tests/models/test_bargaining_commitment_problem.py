"""Preventive war as a commitment problem against Fearon (1995) and Powell (2006)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente.models as dm
from detente.models.library.commitment_problem import preventive_war

MODEL = dm.get("commitment_problem")


@pytest.mark.parametrize(
    ("p0", "p1", "c_a", "delta", "outcome"),
    [
        (0.8, 0.2, 0.05, 0.9, "Preventive war"),
        (0.5, 0.45, 0.05, 0.9, "Peace"),
        (0.5, 0.45, 0.05, 0.95, "Preventive war"),
    ],
)
def test_issue_examples(p0, p1, c_a, delta, outcome):
    """Issue #3 / Fearon (1995, p. 404-409): war iff delta (p0 - p1) > (1 - delta)
    (1 - p0 + c_A). (0.8,0.2,0.05,0.9) war, (0.5,0.45,0.05,0.9) peace, (..,0.95) war."""
    war, _ = preventive_war(p0, p1, c_a, delta)
    assert bool(war) == (outcome == "Preventive war")
    point = MODEL.solve({"p0": p0, "p1": p1, "c_a": c_a, "delta": delta}).point()
    assert point["outcome"] == point["theory"]["outcome"] == outcome


def test_condition_equals_issue_formula_when_p1_at_least_cA():
    """For p1 >= c_A the general condition p0 - c_A > (1 - delta) + delta (p1 - c_A) is
    exactly delta (p0 - p1) > (1 - delta)(1 - p0 + c_A) (algebra, Powell 2006)."""
    rng = np.random.default_rng(3)
    p0, p1, c_a, delta = rng.uniform(0, 1, (4, 20000))
    c_a = np.minimum(c_a, p1)
    war, _ = preventive_war(p0, p1, c_a, delta)
    issue = delta * (p0 - p1) - (1 - delta) * (1 - p0 + c_a)
    keep = np.abs(issue) > 1e-12
    np.testing.assert_array_equal(war[keep], issue[keep] > 0)


def test_no_war_without_a_power_shift():
    """Fearon (1995): without a shift (p1 >= p0) the declining-state problem vanishes."""
    p = np.linspace(0, 1, 21)
    result = MODEL.solve({"p0": p, "p1": p, "delta": 0.95})
    assert (result.outcome == "Peace").all()


def test_map_boundary_lies_on_theoretical_curve():
    """On the (p1, delta) plane with p0=0.8, c_A=0.05 the engine's war region is exactly
    delta (p0 - p1) > (1 - delta)(1 - p0 + c_A) where p1 >= c_A (Fearon 1995)."""
    mp = dm.equilibrium_map(MODEL, x=("p1", 0.05, 1.0, 96), y=("delta", 0.0, 0.99, 100))
    p1 = np.linspace(0.05, 1.0, 96)[None, :]
    delta = np.linspace(0.0, 0.99, 100)[:, None]
    lhs, rhs = delta * (0.8 - p1), (1 - delta) * (1 - 0.8 + 0.05)
    clear = np.abs(lhs - rhs) > 1e-9
    expected = np.where(lhs > rhs, "Preventive war", "Peace")
    np.testing.assert_array_equal(mp.outcome[clear], expected[clear])


@settings(max_examples=60, deadline=None)
@given(
    p0=st.floats(0, 1),
    p1=st.floats(0, 1),
    c_a=st.floats(0, 1),
    d1=st.floats(0, 0.99),
    d2=st.floats(0, 0.99),
)
def test_war_region_grows_with_patience_when_power_declines(p0, p1, c_a, d1, d2):
    """Powell (2006): with a decline (p1 <= p0), a more patient state weighs the worse
    future more, so if war is chosen at delta it is also chosen at any larger delta."""
    if p1 > p0:
        p0, p1 = p1, p0
    lo, hi = sorted((d1, d2))
    war_lo, _ = preventive_war(p0, p1, c_a, lo)
    war_hi, _ = preventive_war(p0, p1, c_a, hi)
    assert not (bool(war_lo) and not bool(war_hi))
