"""Per-period summaries agree with the state and the event table they summarise."""

from __future__ import annotations

import numpy as np
import pytest

from detente.errors import InputError
from detente.models import get
from detente.sim import CrisisMapping, InternationalSystem, SimRules, synthetic_state
from detente.sim.reputation import observe_crises


def test_summary_reputations_are_the_mean_beliefs_of_the_state() -> None:
    system = InternationalSystem(synthetic_state(30, seed=2), seed=3, rules={"crisis_rate": 0.2})
    last = system.run(12).summaries.iloc[-1]
    state = system.state
    assert last["reputation_resolve"] == pytest.approx(np.mean(state.reputation_for_resolve()))
    assert last["reputation_honesty"] == pytest.approx(np.mean(state.reputation_for_honesty()))


def test_dispute_counts_match_the_event_table() -> None:
    """Each dyad has at most one crisis a period, so disputes per period are dispute events."""
    system = InternationalSystem(synthetic_state(40, seed=5), seed=6, rules={"crisis_rate": 0.3})
    result = system.run(10)
    events, summaries = result.events, result.summaries.set_index("period")
    pairs = events[["period", "challenger", "defender"]].to_numpy()
    undirected = {(p, min(c, d), max(c, d)) for p, c, d in pairs}
    assert len(undirected) == len(pairs)
    disputes = events[events["dispute"]]
    per_period = disputes.groupby("period").size().reindex(summaries.index, fill_value=0)
    np.testing.assert_array_equal(summaries["disputes"], per_period)
    contiguous = disputes[disputes["contiguous"]].groupby("period").size()
    np.testing.assert_array_equal(
        summaries["disputes_contiguous"], contiguous.reindex(summaries.index, fill_value=0)
    )
    np.testing.assert_array_equal(
        summaries["crises"], events.groupby("period").size().reindex(summaries.index)
    )
    wars = events.groupby("period")["war"].sum().reindex(summaries.index)
    np.testing.assert_array_equal(summaries["wars"], wars)
    n_pairs = 40 * 39 // 2
    for kinds in (("contiguous", "noncontiguous"), ("allied", "nonallied")):
        total = summaries[f"dyads_{kinds[0]}"] + summaries[f"dyads_{kinds[1]}"]
        assert (total == n_pairs).all()
    ratio = summaries[["disputes_parity", "disputes_advantage", "disputes_preponderance"]]
    np.testing.assert_array_equal(ratio.sum(axis=1), summaries["disputes"])


def test_hostility_counts_each_dispute_in_both_directions() -> None:
    """Without decay, hostility is the number of disputes of each pair (symmetric)."""
    rules = SimRules(crisis_rate=0.3, hostility_decay=1.0)
    system = InternationalSystem(synthetic_state(25, seed=1), seed=2, rules=rules)
    events = system.run(8).events
    disputes = events[events["dispute"]]
    expected = np.zeros((25, 25))
    np.add.at(expected, (disputes["challenger"], disputes["defender"]), 1.0)
    expected += expected.T
    np.testing.assert_array_equal(system.state.hostility, expected)


def test_a_belief_array_replaced_between_steps_is_used_and_updated() -> None:
    system = InternationalSystem(synthetic_state(20, seed=1), seed=2, rules={"crisis_rate": 0.5})
    system.run(2)
    replaced = np.full((20, 20), 50.0)
    system.state.belief_firm = replaced
    system.run(3)
    assert system.state.belief_firm.min() >= 50.0
    assert system.state.belief_firm.max() > 50.0  # the challengers' own observations
    assert np.mean(system.state.reputation_for_resolve()) > 0.9
    assert system.result().summaries["reputation_resolve"].iloc[-1] > 0.9


def test_state_fields_replaced_between_steps_by_other_types_are_used() -> None:
    """A user may replace state fields between steps with lists, integer arrays or strided
    views: the run converts them once (to what the compiled kernels take) and goes on with
    the new values: no alliances left means no pledge is counted, capabilities keep growing
    from the values given, hostility decays from the matrix given."""
    n = 15
    system = InternationalSystem(synthetic_state(n, seed=3), seed=4, rules={"crisis_rate": 0.3})
    system.run(2)
    s = system.state
    s.allied = np.zeros((n, n), dtype=np.int64)  # every pledge dropped, as integers
    s.capability = [1.0] * n  # a list
    s.hostility = np.full((n, 2 * n), 10.0)[:, ::2]  # a strided view
    system.step()
    assert s.allied.dtype == bool and s.capability.dtype == float
    assert system.result().summaries["alliance_density"].iloc[-1] <= 2 / (n * (n - 1) / 2)
    assert np.all(s.capability > 0.5) and np.all(s.capability < 2.0)
    assert s.hostility.min() == pytest.approx(10.0 * system.rules.hostility_decay)


def test_mapping_parameters_are_clipped_arrays_of_the_batch_size() -> None:
    model = get("unilateral_deterrence")
    mapping = CrisisMapping(model, {"d_ch": "100 * p_win"})
    quantities = {
        "p_win": np.array([0.0, 0.5, 1.0]),
        "resolve": np.array([0.2, 0.4, 0.6]),
        "stake": 1.0,
        "cost_ch": 0.5,
        "cost_def": 0.5,
        "audience_ch": np.zeros(3),
        "audience_def": np.zeros(3),
        "ally_share": np.zeros(3),
    }
    params = mapping.parameters(quantities, 3)
    lo, hi = mapping.bounds["d_ch"]
    np.testing.assert_array_equal(params["d_ch"], np.clip([0.0, 50.0, 100.0], lo, hi))
    assert all(v.shape == (3,) and v.dtype == float for v in params.values())
    assert not params["s_ch"].flags.writeable  # constants are shared read-only views
    del quantities["ally_share"]
    with pytest.raises(InputError, match="ally_share"):
        mapping.parameters(quantities, 3)


def test_belief_counts_are_the_event_table_replayed_through_observe_crises() -> None:
    """The packed in-step update equals :func:`observe_crises` (Beta-Bernoulli, Gelman et al.
    2013, sec. 2.4) applied to every period's crises from the event table."""
    start = synthetic_state(70, seed=4)
    rules = SimRules(crisis_rate=0.3, audience_weight=0.25)
    system = InternationalSystem(start, seed=8, rules=rules)
    events = system.run(10).events
    replay = start.copy()
    for _, e in events.groupby("period"):
        ch, df = e["challenger"].to_numpy(), e["defender"].to_numpy()
        firm, dispute = (e["role"] == "firm").to_numpy(), e["dispute"].to_numpy()
        threat = e["threat"].to_numpy()
        observe_crises(
            replay.belief_firm,
            replay.belief_back,
            replay.public_firm,
            replay.public_back,
            ch,
            df,
            firm,
            dispute,
            0.25,
        )
        observe_crises(
            replay.honest,
            replay.bluffed,
            replay.public_honest,
            replay.public_bluffed,
            ch,
            df,
            firm,
            dispute & threat,
            0.25,
        )
    for name in ("belief_firm", "belief_back", "honest", "bluffed"):
        np.testing.assert_allclose(getattr(system.state, name), getattr(replay, name))
    for name in ("public_firm", "public_back", "public_honest", "public_bluffed"):
        np.testing.assert_allclose(getattr(system.state, name), getattr(replay, name))
