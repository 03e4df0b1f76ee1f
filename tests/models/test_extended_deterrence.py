"""Extended deterrence (Attacker, Defender, Protege) on Signorino & Tarar's (2006, Figure 1)
tree: attack or not; defend or abandon; back down or fight. Thresholds derived by hand.

Defaults: v_a = v_d = 1, c_a = 0.6, c_d = 0.7, back_down_cost = 0.2, protege_strength m = 0.5,
defender_strength g = 1, distance delta = 0.5, so the Attacker's war-win probability is
pi = 1/(1 + m + (1 - delta) g) = 1/2, the Attacker is resolved (pi v_a - c_a = -0.1 >
-0.2), and the commitment threshold is k* = c_d - (1 - pi) v_d = 0.7 - 0.5 = 0.2.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente.models as dm
from detente.models.library.extended_deterrence import commitment_threshold, win_probability

MODEL = dm.get("extended_deterrence")


def test_commitment_threshold_at_defaults_is_0_2():
    """By hand: pi = 1/(1 + 0.5 + 0.5 * 1) = 0.5 and k* = 0.7 - (1 - 0.5) * 1 = 0.2."""
    pi = win_probability(0.5, 0.5, 1.0)
    assert pi == pytest.approx(0.5)
    assert commitment_threshold(pi, 1.0, 0.7) == pytest.approx(0.2)
    assert MODEL.solve().point()["theory"]["commitment_threshold"] == pytest.approx(0.2)


@pytest.mark.parametrize(("k", "outcome"), [(0.5, "Status Quo"), (0.1, "Protege Abandoned")])
def test_commitment_above_threshold_deters_below_it_the_protege_is_abandoned(k, outcome):
    """Derived: the Attacker is resolved (it would fight a defense: -0.1 > -0.2). With
    k = 0.5 > k* = 0.2 the Defender defends (-0.5 - 0.7 = -1.2 > -1 - 0.5 = -1.5), and war
    is worth -0.1 < 0 to the Attacker: deterred. With k = 0.1 < 0.2 the Defender abandons
    the Protege (-1.2 < -1.1) and the Attacker attacks (v_a = 1 > 0)."""
    point = MODEL.solve({"commitment": k}).point()
    assert point["outcome"] == point["theory"]["outcome"] == outcome
    assert point["theory"]["defense_credible"] is (k > 0.2)


def test_credible_defense_against_an_attacker_for_whom_war_pays_ends_in_war():
    """Derived: v_a = 2 makes war worth pi v_a - c_a = 1 - 0.6 = 0.4 > 0 to the Attacker;
    k = 0.5 > k* = 0.2 so the Defender defends: complete information deterrence failure
    with war."""
    point = MODEL.solve({"v_a": 2.0}).point()
    assert point["outcome"] == point["theory"]["outcome"] == "War"
    assert point["outcomes"]["War"] == pytest.approx(1.0)


def test_an_unresolved_attacker_is_deterred_even_without_commitment():
    """Derived: c_a = 0.8, back_down_cost = 0 gives pi v_a - c_a = -0.3 < -0 so the Attacker
    would back down; defending then costs nothing and saves v_d = 1, so even a Defender with
    no commitment (k = 0 < k* = 0.2) defends, and the Attacker does not attack."""
    point = MODEL.solve({"c_a": 0.8, "back_down_cost": 0.0, "commitment": 0.0}).point()
    assert point["theory"]["attacker_resolved"] is False
    assert point["outcome"] == point["theory"]["outcome"] == "Status Quo"


def test_distance_raises_the_commitment_threshold():
    """Derived (back_down_cost = 0.3, k = 0.2): with no distance pi = 1/(1 + 0.5 + 1) = 0.4,
    k* = 0.7 - 0.6 = 0.1 < 0.2: defense credible, war worth 0.4 - 0.6 < 0, deterred. With
    full distance pi = 1/1.5 = 2/3, k* = 0.7 - 1/3 = 0.367 > 0.2: the Protege is abandoned
    (Huth 1988: power projection weakens extended deterrence)."""
    result = MODEL.solve({"distance": [0.0, 1.0], "back_down_cost": 0.3, "commitment": 0.2})
    np.testing.assert_allclose(
        result.theory.values["commitment_threshold"], [0.1, 0.7 - 1 / 3], atol=1e-12
    )
    assert list(result.outcome) == ["Status Quo", "Protege Abandoned"]
    assert list(result.theory.outcome) == ["Status Quo", "Protege Abandoned"]


def test_a_stronger_protege_makes_a_weak_commitment_credible():
    """Derived (k = 0.1, back_down_cost = 0.3): k* = c_d - (1 - pi) v_d = pi - 0.3 falls below
    0.1 iff pi < 0.4 iff m > 1. At m = 0.8, pi = 1/2.3, k* = 0.135: abandoned; at m = 1.2,
    pi = 1/2.7, k* = 0.070: the Defender defends and the Attacker (war worth pi - 0.6 < 0)
    is deterred (Huth 1988: the protege's own strength aids deterrence)."""
    result = MODEL.solve({"protege_strength": [0.8, 1.2], "commitment": 0.1, "back_down_cost": 0.3})
    assert list(result.outcome) == ["Protege Abandoned", "Status Quo"]


def test_protege_strength_needed_for_war_not_to_pay():
    """Derived: pi v_a <= c_a iff m + (1 - delta) g >= v_a / c_a - 1; at the defaults
    1 / 0.6 - 1 - 0.5 = 1/6, and with v_a = 2: 2 / 0.6 - 1 - 0.5 = 11/6."""
    result = MODEL.solve({"v_a": [1.0, 2.0]})
    np.testing.assert_allclose(
        result.theory.values["protege_strength_needed"], [1 / 6, 11 / 6], atol=1e-12
    )
    just_enough = MODEL.solve({"v_a": 2.0, "protege_strength": [11 / 6 - 0.01, 11 / 6 + 0.01]})
    assert list(just_enough.outcome) == ["War", "Status Quo"]


def test_engine_equals_theory_on_dense_grid_away_from_boundaries():
    """Engine SPE outcome equals the closed form on a commitment x protege strength x distance
    x stake grid (excluding knife-edge points)."""
    params = {
        "commitment": np.linspace(0, 2, 41)[:, None, None, None],
        "protege_strength": np.linspace(0, 3, 31)[None, :, None, None],
        "distance": np.linspace(0, 1, 6)[None, None, :, None],
        "v_a": np.array([0.5, 1.0, 2.0, 4.0])[None, None, None, :],
    }
    result = MODEL.solve(params)
    keep = result.theory.margin > 1e-6
    assert keep.mean() > 0.8
    np.testing.assert_array_equal(result.outcome[keep], result.theory.outcome[keep])
    assert {"Status Quo", "Protege Abandoned", "War"} <= set(np.unique(result.outcome))


def test_map_boundaries_lie_on_theoretical_thresholds():
    """On the commitment x protege strength plane (other parameters at defaults) with
    pi(m) = 1/(1.5 + m), derived by hand: the Attacker is resolved iff pi > 0.4 (m < 1);
    then the Defender defends iff k > k*(m) = pi(m) - 0.3, and war pays the Attacker iff
    pi > 0.6 (m < 1/6). Status Quo for m >= 1 or (k > k*, m >= 1/6); War for k > k*,
    m < 1/6; Protege Abandoned for k < k*, m < 1."""
    nx, ny = 161, 137
    mp = dm.equilibrium_map(
        MODEL, x=("commitment", 0.0, 1.0, nx), y=("protege_strength", 0.0, 2.0, ny)
    )
    k = np.linspace(0, 1, nx)[None, :]
    m = np.linspace(0, 2, ny)[:, None]
    pi = 1 / (1.5 + m)
    k_star = pi - 0.3
    expected = np.where(
        m >= 1, "Status Quo", np.where(k > k_star, np.where(m < 1 / 6, "War", "Status Quo"), "")
    )
    expected = np.where(expected == "", "Protege Abandoned", expected)
    near = (np.abs(k - k_star) < 1e-9) | (np.abs(m - 1) < 1e-9) | (np.abs(m - 1 / 6) < 1e-9)
    np.testing.assert_array_equal(mp.outcome[~near], expected[~near])
    # engine and theory differ only on knife edges (e.g. m = 1, where the Attacker is
    # indifferent between fighting and backing down up to rounding)
    np.testing.assert_array_equal(mp.outcome[~near], mp.theory_outcome[~near])


def test_qre_gives_every_outcome_positive_probability_and_approaches_spe():
    """Signorino & Tarar's (2006) statistical model gives all outcomes, including the
    Attacker backing down, positive probability; its logit analogue (agent QRE) does too,
    and converges to the SPE outcome (Status Quo at defaults) as precision grows."""
    noisy = MODEL.solve(method="qre", lam=2.0).point()["outcomes"]
    assert all(noisy[o] > 0.01 for o in MODEL.outcomes)
    precise = MODEL.solve(method="qre", lam=200.0).point()
    assert precise["outcome"] == "Status Quo"
    assert precise["outcomes"]["Status Quo"] > 0.9


positive = st.floats(0.01, 10.0)
rest = st.fixed_dictionaries(
    {
        "v_a": positive,
        "v_d": positive,
        "c_a": positive,
        "c_d": positive,
        "back_down_cost": positive,
        "defender_strength": st.floats(0.0, 5.0),
    }
)


@settings(max_examples=50, deadline=None)
@given(rest, st.floats(0.0, 5.0), st.floats(0.0, 1.0))
def test_more_commitment_never_makes_deterrence_fail(other, m, delta):
    """Along an increasing commitment grid, once the engine predicts Status Quo it stays."""
    params = other | {
        "commitment": np.linspace(0, 10, 201),
        "protege_strength": m,
        "distance": delta,
    }
    sq = MODEL.solve(params).outcome == "Status Quo"
    assert not (sq[:-1] & ~sq[1:]).any()


@settings(max_examples=50, deadline=None)
@given(rest, st.floats(0.0, 10.0), st.floats(0.0, 1.0))
def test_a_stronger_protege_never_makes_deterrence_fail(other, k, delta):
    """A stronger Protege lowers the Attacker's war-win probability, hence its war value and
    the commitment threshold: Status Quo, once reached, stays as protege strength rises."""
    params = other | {
        "commitment": k,
        "protege_strength": np.linspace(0, 5, 201),
        "distance": delta,
    }
    sq = MODEL.solve(params).outcome == "Status Quo"
    assert not (sq[:-1] & ~sq[1:]).any()


@settings(max_examples=50, deadline=None)
@given(rest, st.floats(0.0, 10.0), st.floats(0.0, 5.0))
def test_more_distance_never_makes_deterrence_succeed(other, k, m):
    """Distance raises the Attacker's war-win probability: deterrence, once lost as the
    Defender's power-projection loss grows, is never regained."""
    params = other | {"commitment": k, "protege_strength": m, "distance": np.linspace(0, 1, 201)}
    sq = MODEL.solve(params).outcome == "Status Quo"
    assert not (~sq[:-1] & sq[1:]).any()
