"""Inspection game: closed-form equilibrium cross-checked by brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import ParameterError
from detente.stability.inspection_game import (
    InspectionPayoffs,
    inspection_equilibrium,
    payoff_matrices,
)


def test_worked_example_closed_form():
    """The general inspection game of Avenhaus, von Stengel & Zamir (2002, ch. 51) restricted
    to {no inspection, one test}, evaluated at illustrative payoffs a = 0.5, c = 1, e = 0.1,
    b = 1, d = 0.5, h = 0.1, detection 0.9, false alarm 0.05 (not a number printed in the
    chapter; the equilibrium is cross-checked by brute force below):
    q* = e a / (e a + (c - a)(1 - beta)) = 0.005 / 0.455; p* = d / ((1-beta)(b+d) - h a)
    = 0.5 / 1.345."""
    eq = inspection_equilibrium(0.9, 0.05)
    assert eq.violation_probability == pytest.approx(0.005 / 0.455)
    assert eq.inspection_probability == pytest.approx(0.5 / 1.345)
    assert bool(eq.deterrable)


def _best_response_gaps(p, q, inspector, inspectee):
    """Regret of each player at the mixed profile (p inspect, q violate)."""
    col = np.array([1 - q, q])
    row = np.array([1 - p, p])
    u_insp = inspector @ col
    u_insp_mixed = row @ u_insp
    u_ee = row @ inspectee
    u_ee_mixed = u_ee @ col
    return u_insp.max() - u_insp_mixed, u_ee.max() - u_ee_mixed


@settings(max_examples=40, deadline=None)
@given(
    det=st.floats(0.3, 1.0),
    alpha=st.floats(0.0, 0.3),
    a=st.floats(0.05, 0.9),
    e=st.floats(0.01, 1.0),
    b=st.floats(0.1, 3.0),
    d=st.floats(0.05, 1.0),
    h=st.floats(0.01, 1.0),
)
def test_closed_form_is_a_nash_equilibrium_by_best_response_check(det, alpha, a, e, b, d, h):
    pay = InspectionPayoffs(a=a, c=1.0, e=e, b=b, d=d, h=h)
    eq = inspection_equilibrium(det, alpha, pay)
    ins, ee = payoff_matrices(det, alpha, pay)
    g1, g2 = _best_response_gaps(
        float(eq.inspection_probability), float(eq.violation_probability), ins, ee
    )
    assert g1 <= 1e-9 and g2 <= 1e-9


def test_grid_best_responses_switch_at_the_closed_form():
    """Brute force on a grid: the inspectee's best response switches from violating to legal
    exactly where the inspection rate crosses p*, and the inspector's from not inspecting to
    inspecting where the violation rate crosses q*; no pure profile is an equilibrium."""
    pay = InspectionPayoffs()
    ins, ee = payoff_matrices(0.8, 0.1, pay)
    eq = inspection_equilibrium(0.8, 0.1, pay)
    grid = np.linspace(0, 1, 100001)
    # inspectee: payoff(violate) - payoff(legal) as the inspection rate p varies
    rows = np.stack([1 - grid, grid], axis=1)
    ee_gain = rows @ ee[:, 1] - rows @ ee[:, 0]
    p_switch = grid[np.argmax(ee_gain < 0)]
    # inspector: payoff(inspect) - payoff(no inspection) as the violation rate q varies
    cols = np.stack([1 - grid, grid], axis=1)
    ins_gain = cols @ ins[1] - cols @ ins[0]
    q_switch = grid[np.argmax(ins_gain > 0)]
    assert p_switch == pytest.approx(float(eq.inspection_probability), abs=2e-5)
    assert q_switch == pytest.approx(float(eq.violation_probability), abs=2e-5)
    for pi_, qj in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        g1, g2 = _best_response_gaps(pi_, qj, ins, ee)
        assert max(g1, g2) > 1e-6


def test_undeterrable_when_detection_is_too_weak():
    """If even certain inspection leaves violation profitable, the equilibrium is pure."""
    eq = inspection_equilibrium(0.2, 0.05, InspectionPayoffs(b=0.5, d=1.0))
    assert not bool(eq.deterrable)
    assert eq.violation_probability == 1 and eq.inspection_probability == 1


def test_better_detection_lowers_needed_inspection_rate():
    eq = inspection_equilibrium(np.array([0.6, 0.8, 0.99]), 0.05)
    assert np.all(np.diff(eq.inspection_probability) < 0)
    assert np.all(np.diff(eq.violation_probability) < 0)


def test_payoff_validation():
    with pytest.raises(ParameterError, match="a < c"):
        InspectionPayoffs(a=2.0, c=1.0)
    with pytest.raises(ParameterError, match="false-alarm"):
        inspection_equilibrium(0.9, 1.2)
