"""Unilateral deterrence against Zagare & Kilgour (2000), Perfect Deterrence, ch. 4-5."""

from __future__ import annotations

import numpy as np
import pytest

import detente.models as dm
from detente.models.library.unilateral_deterrence import credibility_threshold

MODEL = dm.get("unilateral_deterrence")


def test_threshold_is_one_half_for_a1_s0_dm1():
    """Credibility condition p_Def >= (a_Ch - s_Ch)/(a_Ch - d_Ch): with a=1, s=0, d=-1 the
    threshold is 0.5 (issue #3's numeric example)."""
    assert credibility_threshold(0.0, 1.0, -1.0) == pytest.approx(0.5)


@pytest.mark.parametrize(("p", "outcome"), [(0.4, "Challenger Wins"), (0.6, "Status Quo")])
def test_p04_challenge_p06_status_quo(p, outcome):
    """Issue #3: p = 0.4 challenge, p = 0.6 status quo (a=1, s=0, d=-1)."""
    result = MODEL.solve({"p_def": p, "a_ch": 1, "s_ch": 0, "d_ch": -1})
    assert result.point()["outcome"] == outcome
    assert result.point()["theory"]["outcome"] == outcome


def test_capability_condition_without_it_no_threat_deters():
    """Zagare & Kilgour (2000): if the Challenger prefers conflict to the status quo
    (d_Ch > s_Ch) no credibility deters: it challenges even against a sure denial."""
    p = np.linspace(0, 1, 11)
    result = MODEL.solve({"p_def": p, "s_ch": 0.0, "d_ch": 0.2, "a_ch": 1.0})
    assert (result.outcome != "Status Quo").all()
    assert not result.theory.values["capability"].any()


def test_complete_information_incredible_threat_fails_to_deter():
    """Complete information (p_Def = 1) but the 'hard' Defender prefers conceding
    (d_def_hard < c_def): the threat is incredible and the Challenger wins (SPE)."""
    r = MODEL.solve({"p_def": 1.0, "d_def_hard": -3.0, "c_def": -1.0})
    assert r.point()["outcome"] == "Challenger Wins"
    assert r.point()["theory"]["credibility"] == 0.0


def test_map_boundaries_lie_on_theoretical_threshold():
    """On the p_def x d_ch plane the deterrence boundary is p = (a - s)/(a - d) = 1/(1 - d):
    every grid column switches to Status Quo exactly where theory says."""
    mp = dm.equilibrium_map(MODEL, x=("p_def", 0.0, 1.0, 201), y=("d_ch", -3.0, -0.1, 60))
    p = np.linspace(0, 1, 201)
    d = np.linspace(-3.0, -0.1, 60)
    expected = p[None, :] >= 1.0 / (1.0 - d[:, None])
    np.testing.assert_array_equal(mp.outcome == "Status Quo", expected)
