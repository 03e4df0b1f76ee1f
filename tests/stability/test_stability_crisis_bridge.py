"""The bridge from postures to crisis-model parameters."""

from __future__ import annotations

import pytest

from detente.errors import ParameterError
from detente.stability.crisis_bridge import ConventionalBalance, crisis_parameters
from detente.stability.posture import load_posture

KEYS = {
    "cost_of_war_a",
    "cost_of_war_b",
    "first_strike_advantage_a",
    "first_strike_advantage_b",
    "probability_victory_a",
    "crisis_stability",
    "index_a",
    "index_b",
    "punishment_a",
    "punishment_b",
    "denial_a",
    "denial_b",
}


def test_crisis_parameters_keys_and_ranges():
    out = crisis_parameters(load_posture("us"), load_posture("china"), "day_to_day")
    assert set(out) == KEYS
    assert 0 <= out["probability_victory_a"] <= 1
    assert out["probability_victory_a"] > 0.5  # the larger force suffers relatively less
    assert out["first_strike_advantage_a"] >= 0
    assert out["denial_a"] is None


def test_symmetric_pair_gives_even_odds():
    ru = load_posture("russia")
    out = crisis_parameters(ru, ru)
    assert out["probability_victory_a"] == pytest.approx(0.5)
    assert out["cost_of_war_a"] == pytest.approx(out["cost_of_war_b"])


def test_conventional_balance_enters_victory_and_denial():
    us, ru = load_posture("us"), load_posture("russia")
    weak = crisis_parameters(us, ru, conventional=ConventionalBalance(100, 300))
    strong = crisis_parameters(us, ru, conventional=ConventionalBalance(300, 100))
    assert strong["probability_victory_a"] > weak["probability_victory_a"]
    assert strong["denial_a"] > weak["denial_a"]
    with pytest.raises(ParameterError):
        crisis_parameters(us, ru, nuclear_weight=2.0)


def test_probability_of_victory_follows_the_documented_ratio_mapping():
    """P_A = D_B / (D_A + D_B), D = mean damage a side suffers over who strikes first
    (ratio contest-success function, Hirshleifer 1989)."""
    from detente.stability.stability_index import stability_index

    us, cn = load_posture("us"), load_posture("china")
    r = stability_index(us, cn, "day_to_day")
    d_a = 0.5 * (float(r.damage_to_a_first) + float(r.damage_to_a_second))
    d_b = 0.5 * (float(r.damage_to_b_first) + float(r.damage_to_b_second))
    out = crisis_parameters(us, cn, "day_to_day")
    assert out["probability_victory_a"] == pytest.approx(d_b / (d_a + d_b))
    assert out["first_strike_advantage_a"] == pytest.approx(float(r.cost_second_a - r.cost_first_a))
