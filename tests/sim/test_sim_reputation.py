"""Reputations move in the direction Bayes' rule says."""

from __future__ import annotations

import numpy as np

from detente.sim import InternationalSystem, SimRules, synthetic_state
from detente.sim.reputation import beta_mean, observe_crises, posterior_after_threat


def test_standing_firm_raises_and_backing_down_lowers_the_belief() -> None:
    """Beta-Bernoulli conjugacy (Gelman et al. 2013, BDA3, sec. 2.4): after one success the
    posterior is Beta(a + 1, b), mean (a + 1)/(a + b + 1) > a/(a + b); after one failure
    Beta(a, b + 1), mean a/(a + b + 1) < a/(a + b)."""
    a, b = np.full((3, 3), 2.0), np.full((3, 3), 3.0)
    observe_crises(
        a,
        b,
        np.zeros(3),
        np.zeros(3),
        np.array([0, 1]),
        np.array([2, 0]),
        np.array([True, False]),
        np.array([True, True]),
        audience_weight=0.0,
    )
    mean = beta_mean(a, b)
    assert mean[0, 2] == (2 + 1) / (2 + 3 + 1)  # observer 0 saw 2 stand firm
    assert mean[1, 0] == 2 / (2 + 3 + 1)  # observer 1 saw 0 back down
    assert mean[1, 1] == 2 / 5  # nothing observed: unchanged


def test_audience_updates_in_the_same_direction_with_less_weight() -> None:
    """A tempered likelihood (weight w) keeps conjugacy: Beta(a + w, b) for third parties."""
    a, b, pa, pb = np.ones((4, 4)), np.ones((4, 4)), np.zeros(4), np.zeros(4)
    observe_crises(
        a, b, pa, pb, np.array([0]), np.array([1]), np.array([True]), np.array([True]), 0.25
    )
    mean = beta_mean(a + pa, b + pb)
    assert mean[0, 1] > mean[2, 1] > 0.5  # participant moves most, third parties less, both up
    assert np.isclose(mean[2, 1], 1.25 / 2.25)


def test_unrevealed_crises_do_not_move_beliefs() -> None:
    """A challenger deterred learns nothing about the defender's type (likelihood 1/1)."""
    a, b, pa, pb = np.ones((2, 2)), np.ones((2, 2)), np.zeros(2), np.zeros(2)
    observe_crises(
        a, b, pa, pb, np.array([0]), np.array([1]), np.array([True]), np.array([False]), 0.5
    )
    assert (a == 1).all() and (b == 1).all() and (pa == 0).all() and (pb == 0).all()


def test_threat_posterior_is_bayes_rule() -> None:
    """P(hard | threat) = r / (r + (1 - r) b) (Sartori 2005, ch. 3): a threat from a state
    believed honest (low bluff rate) is more credible; silence reveals a soft type."""
    r = np.array([0.5, 0.5, 0.5])
    b = np.array([0.1, 0.5, 1.0])
    post = posterior_after_threat(r, b, np.array([True, True, True]))
    np.testing.assert_allclose(post, [0.5 / 0.55, 0.5 / 0.75, 0.5])
    assert np.all(np.diff(post) < 0)
    assert posterior_after_threat(r, b, np.array([False] * 3)).tolist() == [0.0] * 3


def test_in_a_run_resolute_states_earn_higher_reputations() -> None:
    """States that always stand firm end with higher reputations for resolve than states
    that always back down (beliefs follow observed behaviour, Bayes' rule)."""
    state = synthetic_state(40, seed=3)
    state.resolve[:20] = 1.0
    state.resolve[20:] = 0.0
    system = InternationalSystem(state, seed=4, rules=SimRules(crisis_rate=0.1))
    before = system.state.reputation_for_resolve().copy()
    system.run(40)
    after = system.state.reputation_for_resolve()
    events = system.result().events
    revealed = events[events["dispute"]]
    firm = set(revealed.loc[revealed["role"] == "firm", "defender"])
    back = set(revealed.loc[revealed["role"] == "backdown", "defender"])
    assert firm and back
    assert firm <= set(range(20)) and back <= set(range(20, 40))
    assert (after[sorted(firm)] > before[sorted(firm)]).all()
    assert (after[sorted(back)] < before[sorted(back)]).all()
