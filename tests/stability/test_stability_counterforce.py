"""Counterforce exchange: greedy allocation optimality and exchange properties."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.stability.counterforce import allocation_curve, exchange_curve
from detente.stability.posture import Readiness, load_posture


def _brute_force_best(n_targets, values, probs, budget):
    """Best expected damage by enumerating every integer allocation (tiny cases)."""
    targets = [(v, p) for nt, v, p in zip(n_targets, values, probs, strict=True) for _ in range(nt)]
    best = 0.0
    for alloc in itertools.product(range(budget + 1), repeat=len(targets)):
        if sum(alloc) != budget:
            continue
        dmg = sum(v * (1 - (1 - p) ** k) for (v, p), k in zip(targets, alloc, strict=True))
        best = max(best, dmg)
    return best


@pytest.mark.parametrize("budget", [0, 1, 2, 3, 5, 7])
def test_greedy_allocation_matches_exhaustive_search(budget):
    """Greedy marginal analysis is optimal for separable concave kill functions
    (Fox 1966; den Broeder, Ellison & Emerling 1959): check against enumeration."""
    n, v, p = [2, 1, 2], [1.0, 10.0, 3.0], [0.7, 0.2, 0.5]
    got = allocation_curve([n], [v], [p], [float(budget)]).sum(axis=-1)[0, 0]
    assert got == pytest.approx(_brute_force_best(n, v, p, budget), rel=1e-9)


def test_allocation_is_vectorized_over_batch_and_attack_sizes():
    out = allocation_curve(
        [[10, 5], [3, 0]], [[1, 4], [2, 0]], [[0.5, 0.3], [0.9, 0]], np.linspace(0, 30, 7)
    )
    assert out.shape == (2, 7, 2)
    assert np.all(np.diff(out.sum(axis=-1), axis=1) >= -1e-12)


def test_exchange_curve_conserves_warheads_and_is_monotone():
    us, ru = load_posture("us"), load_posture("russia")
    e = exchange_curve(ru, us, np.linspace(0, 1500, 31))
    total = us.deployed_warheads
    np.testing.assert_allclose(e.destroyed_warheads + e.surviving_warheads, total)
    assert np.all(np.diff(e.surviving_warheads[0]) <= 1e-9)
    assert np.all(np.diff(e.second_strike[0]) <= 1e-9)
    assert np.all(np.diff(e.attacker_reserve[0]) <= 1e-9)
    # untargetable forces bound the second strike from below
    assert e.second_strike[0, -1] > 0.5 * e.second_strike[0, 0]


def test_surveillance_of_mobiles_lowers_russian_second_strike():
    us, ru = load_posture("us"), load_posture("russia")
    blind = exchange_curve(us, ru, [800.0], surveillance=0.0).second_strike
    seen = exchange_curve(us, ru, [800.0], surveillance=1.0).second_strike
    assert seen[0, 0] < blind[0, 0]


def _scale_reliability(posture, r):
    return posture.with_launchers(
        [lc.model_copy(update={"reliability": r}) for lc in posture.launchers]
    )


@settings(max_examples=25, deadline=None)
@given(r1=st.floats(0.05, 1.0), r2=st.floats(0.05, 1.0), x=st.floats(0, 1200))
def test_more_reliability_never_lowers_damage(r1, r2, x):
    us, ru = load_posture("us"), load_posture("russia")
    lo, hi = sorted((r1, r2))
    d_lo = exchange_curve(_scale_reliability(us, lo), ru, [x]).destroyed_warheads[0, 0]
    d_hi = exchange_curve(_scale_reliability(us, hi), ru, [x]).destroyed_warheads[0, 0]
    assert d_hi >= d_lo - 1e-9


def _with_survivability(posture, s):
    out = []
    for lc in posture.launchers:
        if lc.type.value != "icbm_silo":
            r = Readiness(alert_rate=max(lc.generated.alert_rate, s), survivable_fraction=s)
            lc = lc.model_copy(update={"generated": r})
        out.append(lc)
    return posture.with_launchers(out)


@settings(max_examples=25, deadline=None)
@given(s1=st.floats(0, 1), s2=st.floats(0, 1), x=st.floats(0, 1200))
def test_more_survivable_forces_never_lower_the_second_strike(s1, s2, x):
    us, ru = load_posture("us"), load_posture("russia")
    lo, hi = sorted((s1, s2))
    low = exchange_curve(us, _with_survivability(ru, lo), [x]).second_strike[0, 0]
    high = exchange_curve(us, _with_survivability(ru, hi), [x]).second_strike[0, 0]
    assert high >= low - 1e-9


def test_batch_of_posture_pairs_matches_single_calls():
    us, ru, cn = (load_posture(n) for n in ("us", "russia", "china"))
    sizes = np.array([0.0, 100.0, 400.0])
    batch = exchange_curve([us, ru, us], [ru, us, cn], sizes)
    for i, (a, b) in enumerate([(us, ru), (ru, us), (us, cn)]):
        one = exchange_curve(a, b, sizes)
        np.testing.assert_allclose(batch.second_strike[i], one.second_strike[0])
