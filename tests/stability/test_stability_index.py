"""Kent-Thaler stability indices and their response to posture changes."""

from __future__ import annotations

import numpy as np
import pytest

from detente.stability.missile_defense import MissileDefense
from detente.stability.posture import Readiness, load_posture
from detente.stability.posture_changes import (
    dealert,
    delta_dealert,
    delta_defense,
    delta_mirv,
    delta_surveillance,
    mirv,
)
from detente.stability.stability_index import (
    stability_index,
    stability_vs_interceptors,
    value_damage,
)


def _all_at_sea(posture):
    full = Readiness(alert_rate=1.0, survivable_fraction=1.0)
    return posture.with_launchers(
        [
            lc.model_copy(update={"type": "slbm", "day_to_day": full, "generated": full})
            for lc in posture.launchers
        ]
    )


def test_symmetric_postures_have_equal_indices():
    """Kent & Thaler (1989): the index of a symmetric posture pair is the same for both."""
    ru = load_posture("russia")
    r = stability_index(ru, ru)
    assert r.index_a == pytest.approx(r.index_b)
    assert r.crisis_stability == pytest.approx(r.index_a * r.index_b)


def test_invulnerable_forces_are_perfectly_stable():
    """With every weapon untargetable, striking first limits no damage: cost first = cost
    second and the index is 1 (Kent & Thaler 1989, the survivable-force limit)."""
    us = _all_at_sea(load_posture("us"))
    ru = _all_at_sea(load_posture("russia"))
    r = stability_index(us, ru)
    assert r.index_a == pytest.approx(1.0)
    assert r.index_b == pytest.approx(1.0)


def test_first_strike_never_costs_more_than_no_counterforce():
    """The first striker may spend 0 warheads on counterforce, so its optimal cost is at most
    the all-countervalue cost."""
    us, cn = load_posture("us"), load_posture("china")
    r = stability_index(us, cn, "day_to_day")
    assert r.cost_first_a <= r.cost_second_a + 1e-12
    assert 0 <= r.index_a <= 1 + 1e-12


def test_dealerting_a_vulnerable_force_raises_day_to_day_stability():
    """De-alerting removes prompt counterforce warheads: the US-Russia index rises."""
    d = delta_dealert(load_posture("us"), load_posture("russia"), 0.5, side="a")
    assert d.crisis_stability > 0


def test_demirving_silo_icbms_does_not_lower_stability():
    """Kent & Thaler (1989): fewer warheads per silo (same warheads, more aimpoints) is
    stabilising."""
    ru, us = load_posture("russia"), load_posture("us")
    d = delta_mirv(ru, us, 1.0, side="a", launcher_type="icbm_silo")
    assert d.crisis_stability >= -1e-12
    m = mirv(ru, 1.0)
    silo = next(lc for lc in m.launchers if lc.type.value == "icbm_silo")
    assert silo.deployed_warheads == pytest.approx(468, abs=1)


def test_surveillance_of_mobiles_lowers_stability():
    d = delta_surveillance(load_posture("us"), load_posture("russia"), 1.0, of_side="b")
    assert d.crisis_stability < 0 and d.index_a < 0


def test_moderate_missile_defense_lowers_stability():
    """A defense that blunts retaliation but not a first strike lowers the defender's
    cost of striking first (the classic destabilising case)."""
    d = delta_defense(load_posture("us"), load_posture("russia"), MissileDefense(800, 0.8))
    assert d.index_a < 0 and d.crisis_stability < 0


def test_interceptor_sweep_is_vectorized_and_matches_single_calls():
    us, ru = load_posture("us"), load_posture("russia")
    n = np.array([0.0, 300.0, 900.0])
    sweep = stability_vs_interceptors(us, ru, n, MissileDefense(pk=0.7))
    for i, k in enumerate(n):
        one = stability_index(us, ru, defense_a=MissileDefense(k, 0.7))
        assert sweep.crisis_stability[i] == pytest.approx(float(one.crisis_stability))


def test_value_damage_saturates():
    np.testing.assert_allclose(value_damage([0, 200, 1e6], 200), [0, 1 - np.exp(-1), 1])


def test_dealert_keeps_untargetable_share():
    us = load_posture("us")
    d = dealert(us, 1.0, "slbm")
    slbm = next(lc for lc in d.launchers if lc.type.value == "slbm")
    assert slbm.day_to_day.alert_rate == 0
    assert slbm.day_to_day.survivable_fraction == 0.6
