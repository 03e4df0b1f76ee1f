"""Mutual deterrence against Zagare & Kilgour (2000), Perfect Deterrence, ch. 4, and
Kilgour & Zagare (1991): the status quo holds iff each side's credibility reaches the other's
threshold C_i = (a_i - s_i)/(a_i - d_i).

Unless a test says otherwise the payoffs are the defaults: a = 1, s = 0, d = -1 for both sides
(so C_A = C_B = 0.5), hard types concede at -2 (they retaliate), soft types at -0.5 (they
concede), so the credibilities equal p_a and p_b.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente.models as dm
from detente.models.library.mutual_deterrence import effective_credibility

MODEL = dm.get("mutual_deterrence")


def test_thresholds_are_one_half_for_a1_s0_dm1():
    """C_i = (a_i - s_i)/(a_i - d_i) = (1 - 0)/(1 + 1) = 0.5 for both sides (issue #3)."""
    theory = MODEL.solve().point()["theory"]
    assert theory["threshold_a"] == pytest.approx(0.5)
    assert theory["threshold_b"] == pytest.approx(0.5)


def test_p06_p07_is_status_quo():
    """Issue #3, thresholds 0.5/0.5: p = (0.6, 0.7) gives the status quo, since
    p_A = 0.6 >= C_B = 0.5 and p_B = 0.7 >= C_A = 0.5 (Zagare & Kilgour 2000, ch. 4:
    deterrence holds iff each credibility exceeds the other's threshold)."""
    point = MODEL.solve({"p_a": 0.6, "p_b": 0.7}).point()
    assert point["outcome"] == point["theory"]["outcome"] == "Status Quo"
    assert point["theory"]["status_quo_equilibrium"] is True
    assert point["outcomes"]["Status Quo"] == pytest.approx(1.0)


def test_p_b_04_a_defects():
    """Issue #3: with p_B = 0.4 < C_A = 0.5, A defects. By hand: defecting is worth
    0.4 * (-1) + 0.6 * 1 = 0.2 > s_A = 0 while B (p_A = 0.6 >= 0.5) stays deterred; B then
    retaliates with probability 0.4 (Conflict) and concedes with 0.6 (A Wins)."""
    point = MODEL.solve({"p_a": 0.6, "p_b": 0.4}).point()
    assert point["outcome"] == point["theory"]["outcome"] == "A defects"
    assert point["outcomes"]["Conflict"] == pytest.approx(0.4)
    assert point["outcomes"]["A Wins"] == pytest.approx(0.6)
    assert point["theory"]["conflict_probability"] == pytest.approx(0.4)
    assert point["theory"]["a_deterred"] is False and point["theory"]["b_deterred"] is True


def test_b_defects_when_only_a_is_deterred_and_preemption_does_not_pay():
    """Derived by backward induction: p = (0.4, 0.9). B is not deterred (0.4 < C_B):
    defecting is worth 0.4 * (-1) + 0.6 = 0.2 > 0. A's options: defect first,
    0.9 * (-1) + 0.1 * 1 = -0.8, or face B's defection, 0.4 * (-1) + 0.6 * (-0.5) = -0.7.
    A cooperates; B defects; A retaliates with probability 0.4."""
    point = MODEL.solve({"p_a": 0.4, "p_b": 0.9}).point()
    assert point["outcome"] == point["theory"]["outcome"] == "B defects"
    assert point["outcomes"]["Conflict"] == pytest.approx(0.4)
    assert point["outcomes"]["B Wins"] == pytest.approx(0.6)


def test_neither_deterred_a_preempts():
    """Derived: p = (0.3, 0.3). Defecting first is worth 0.3 * (-1) + 0.7 = 0.4 to A;
    waiting for B's defection is worth 0.3 * (-1) + 0.7 * (-0.5) = -0.65: A pre-empts."""
    point = MODEL.solve({"p_a": 0.3, "p_b": 0.3}).point()
    assert point["outcome"] == point["theory"]["outcome"] == "A defects"


def test_capability_condition_without_it_no_credibility_deters():
    """Zagare & Kilgour (2000): if A prefers conflict to the status quo (d_A > s_A) even a
    certain retaliation (p_B = 1) does not deter A: C_A > 1."""
    p = np.linspace(0, 1, 11)
    result = MODEL.solve({"p_b": p, "d_a": 0.5, "s_a": 0.0, "c_a_hard": 0.0, "c_a_soft": 0.8})
    assert (result.outcome != "Status Quo").all()
    assert (result.theory.values["threshold_a"] > 1).all()


def test_incredible_threat_of_a_hard_type_that_prefers_conceding():
    """Complete information p_B = 1 but the 'hard' B prefers conceding (c_b_hard > d_b): the
    threat is incredible (credibility 0) and A defects (subgame perfection)."""
    point = MODEL.solve({"p_b": 1.0, "c_b_hard": -0.5}).point()
    assert point["theory"]["credibility_b"] == 0.0
    assert point["outcome"] == "A defects"


def test_engine_equals_theory_on_dense_grid_away_from_boundaries():
    """Engine SPE outcome equals the closed form on a 41 x 41 credibility grid crossed with
    payoff variations (status quo values and conflict costs), excluding knife-edge points."""
    p = np.linspace(0.0, 1.0, 41)
    s = np.array([-0.5, 0.0, 0.3])
    d = np.array([-3.0, -1.0, -0.7])
    params = {
        "p_a": p[:, None, None, None],
        "p_b": p[None, :, None, None],
        "s_a": s[None, None, :, None],
        "s_b": s[::-1][None, None, :, None],
        "d_a": d[None, None, None, :],
        "d_b": d[None, None, None, :],
    }
    result = MODEL.solve(params)
    keep = result.theory.margin > 1e-6
    assert keep.mean() > 0.8
    np.testing.assert_array_equal(result.outcome[keep], result.theory.outcome[keep])
    assert {"Status Quo", "A defects", "B defects"} <= set(np.unique(result.outcome))


def test_map_boundaries_lie_on_theoretical_thresholds():
    """On the p_A x p_B plane (defaults, C_A = C_B = 0.5) the status quo region is exactly
    {p_A >= 0.5, p_B >= 0.5}; below p_A = 0.5 B defects iff A does not pre-empt, i.e. iff
    1 - 2 p_B <= -p_A - 0.5 (1 - p_A), that is p_B >= 0.75 + p_A / 4 (derived by hand)."""
    n = 173
    mp = dm.equilibrium_map(MODEL, x=("p_a", 0.0, 1.0, n), y=("p_b", 0.0, 1.0, n))
    pa = np.linspace(0, 1, n)[None, :]
    pb = np.linspace(0, 1, n)[:, None]
    sq = (pa >= 0.5) & (pb >= 0.5)
    b_defects = (pa < 0.5) & (pb >= 0.75 + pa / 4)
    expected = np.where(sq, "Status Quo", np.where(b_defects, "B defects", "A defects"))
    near = (
        (np.abs(pa - 0.5) < 1e-9) | (np.abs(pb - 0.5) < 1e-9) | (np.abs(pb - 0.75 - pa / 4) < 1e-9)
    )
    np.testing.assert_array_equal(mp.outcome[~near], expected[~near])
    assert mp.agreement == 1.0


def test_qre_converges_to_the_spe_outcome_for_precise_players():
    """Agent logit QRE (McKelvey & Palfrey 1998) with a high precision puts most mass on the
    SPE path: at p = (0.6, 0.4), A defects."""
    result = MODEL.solve({"p_a": 0.6, "p_b": 0.4}, method="qre", lam=50.0)
    assert result.point()["outcome"] == "A defects"


def test_effective_credibility_counts_only_types_that_retaliate():
    """Kilgour & Zagare (1991): credibility is the probability of a type that prefers
    retaliation (d) to capitulation (c)."""
    got = effective_credibility(
        np.array([0.3, 0.3, 0.3]),
        np.array([-1.0, -1.0, -1.0]),
        np.array([-2.0, -0.5, -2.0]),
        np.array([-0.5, -0.5, -2.0]),
    )
    np.testing.assert_allclose(got, [0.3, 0.0, 1.0])


payoffs = st.fixed_dictionaries(
    {
        "a": st.floats(0.5, 5.0),
        "s_gap": st.floats(0.1, 2.0),  # a - s
        "d_gap": st.floats(0.1, 2.0),  # s - d (capability: s > d)
    }
)


def _params(side: dict[str, float], other: dict[str, float]) -> dict[str, float]:
    out = {}
    for name, x in (("a", side), ("b", other)):
        a, s = x["a"], x["a"] - x["s_gap"]
        d = s - x["d_gap"]
        out |= {f"a_{name}": a, f"s_{name}": s, f"d_{name}": d}
        out |= {f"c_{name}_hard": d - 1.0, f"c_{name}_soft": (d + s) / 2}
    return out


@settings(max_examples=40, deadline=None)
@given(payoffs, payoffs, st.floats(0.0, 1.0))
def test_raising_p_a_never_destroys_the_status_quo(pay_a, pay_b, p_b):
    """Zagare & Kilgour (2000): credibility helps deterrence here (hard types retaliate,
    soft concede, capability holds): once the status quo holds, more credibility of A keeps
    it (engine solution along an increasing p_A grid)."""
    params = _params(pay_a, pay_b) | {"p_a": np.linspace(0, 1, 101), "p_b": p_b}
    sq = MODEL.solve(params).outcome == "Status Quo"
    assert not (sq[:-1] & ~sq[1:]).any()


@settings(max_examples=40, deadline=None)
@given(payoffs, payoffs, st.floats(0.0, 1.0))
def test_raising_p_b_never_makes_a_defect(pay_a, pay_b, p_a):
    """More credibility of B's retaliation lowers A's value of defecting and leaves its
    alternative unchanged: once A does not defect, it never starts to as p_B rises."""
    params = _params(pay_a, pay_b) | {"p_a": p_a, "p_b": np.linspace(0, 1, 101)}
    defects = MODEL.solve(params).outcome == "A defects"
    assert not (~defects[:-1] & defects[1:]).any()
