"""Subgame-perfect equilibrium: known results, brute-force cross-checks and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from brute_force_solvers import brute_force_spe
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import GameError, ParameterError
from detente.games import (
    deterrence_game,
    incomplete_information_deterrence,
    solve_spe,
)
from detente.games.random_games import random_game, random_payoff_batch


def test_deterrence_game_spe_is_status_quo_when_challenger_prefers_war_to_backing_down():
    """Three-move deterrence game (Signorino 1999 tree; Zagare & Kilgour 2000 ch. 4 logic).

    With wC = -0.2 > -a = -0.5 the Challenger fights if resisted; the Defender prefers war
    (-0.5) to conceding (-1), so resists; challenging then yields -0.2 < 0: status quo.
    """
    s = solve_spe(deterrence_game())
    assert s.point()["outcomes"] == {"SQ": 1.0, "Concede": 0.0, "BackDown": 0.0, "War": 0.0}
    assert s.action_prob("Defender responds", "resist") == 1.0
    assert s.action_prob("Challenger escalates", "fight") == 1.0


def test_deterrence_game_outcome_regions_match_backward_induction_by_hand():
    """Derived by hand: if -a > wC the Challenger backs down, so the Defender resists
    (b > -1) and the Challenger, getting -a < 0 from challenging, stays put; if wC > -a the
    Defender resists iff wD > -1, else concedes, and then the Challenger challenges."""
    wC = np.array([-0.7, -0.2, -0.2, 0.3])
    wD = np.array([-0.5, -0.5, -1.5, -1.5])
    s = solve_spe(deterrence_game(), {"wC": wC, "wD": wD})
    assert s.outcome_prob("SQ").tolist() == [1.0, 1.0, 0.0, 0.0]
    assert s.outcome_prob("Concede").tolist() == [0.0, 0.0, 1.0, 1.0]
    assert s.shape == (4,)
    assert not s.tie.any()


def test_tie_is_flagged_and_broken_toward_first_listed_action():
    """At wC = -a the Challenger is indifferent between backing down and fighting, and the
    consequences differ for the Defender: the first listed action (back down) is chosen and
    the point is flagged."""
    s = solve_spe(deterrence_game(), {"wC": [-0.2, -0.5], "a": 0.5})
    assert s.tie.tolist() == [False, True]
    assert s.action_prob("Challenger escalates", "back down")[1] == 1.0


def test_batch_shape_broadcasts_like_numpy():
    g = deterrence_game()
    s = solve_spe(g, {"a": np.linspace(0, 1, 3)[:, None], "wC": np.linspace(-1, 0, 4)[None, :]})
    assert s.shape == (3, 4)
    assert s.terminal_probs.shape == (3, 4, 4)
    assert np.allclose(s.terminal_probs.sum(axis=-1), 1.0)
    assert len(s.to_frame()) == 12


def test_spe_rejects_games_with_information_sets():
    with pytest.raises(GameError, match="solve_pbe or solve_qre"):
        solve_spe(incomplete_information_deterrence())


def test_unknown_parameter_names_the_allowed_ones():
    with pytest.raises(ParameterError, match=r"unknown parameter\(s\) zz.*a, b, wC, wD"):
        solve_spe(deterrence_game(), {"zz": 1.0})


@pytest.mark.parametrize("seed", range(200))
def test_spe_matches_brute_force_on_random_trees(seed):
    """Cross-check against an independent recursive solver on 200 random trees (depth up to
    5, chance nodes, 2-3 players), five parameter points per tree solved in one batch."""
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(1, 6))
    game = random_game(rng, depth=depth, n_players=int(rng.integers(2, 4)), chance_share=0.25)
    batch = random_payoff_batch(game, 5, seed=rng)
    sol = solve_spe(game, batch)
    term_ids = [id(n) for n in _terminal_objects(game)]
    for j in range(5):
        env = {k: float(v[j]) for k, v in batch.items()}
        pay, reach = brute_force_spe(game, env)
        assert not sol.tie[j]
        np.testing.assert_allclose(sol.payoffs[j], pay, atol=1e-12)
        np.testing.assert_allclose(sol.terminal_probs[j], [reach[i] for i in term_ids], atol=1e-12)


def _terminal_objects(game):
    """Terminal node objects in breadth-first order (the engine's terminal order)."""
    from collections import deque

    from detente.games.tree import Chance, Terminal

    out, queue = [], deque([game.root])
    while queue:
        node = queue.popleft()
        if isinstance(node, Terminal):
            out.append(node)
            continue
        for child in node.actions.values():
            queue.append(child[1] if isinstance(node, Chance) else child)
    return out


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    shift=st.floats(-50, 50, allow_nan=False),
    scale=st.floats(0.01, 100),
)
def test_spe_invariant_to_positive_affine_transformation_of_one_players_payoffs(seed, shift, scale):
    """Von Neumann-Morgenstern utilities are defined up to positive affine maps: adding a
    constant to (or positively rescaling) one player's payoffs leaves the SPE unchanged."""
    game = random_game(seed, depth=4)
    batch = random_payoff_batch(game, 8, seed=seed)
    base = solve_spe(game, batch)
    moved = {k: (v * scale + shift if k.endswith("_0") else v) for k, v in batch.items()}
    other = solve_spe(game, moved)
    ok = ~base.tie & ~other.tie
    np.testing.assert_array_equal(base.strategy[ok], other.strategy[ok])
    np.testing.assert_allclose(base.terminal_probs[ok], other.terminal_probs[ok], atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_spe_probabilities_are_pure_and_sum_to_one_per_information_set(seed):
    game = random_game(seed, depth=4)
    s = solve_spe(game, random_payoff_batch(game, 6, seed=seed))
    t = game.tables
    for h in range(len(t.infosets)):
        block = s.strategy[..., t.action_offset[h] : t.action_offset[h + 1]]
        assert set(np.unique(block)) <= {0.0, 1.0}
        np.testing.assert_array_equal(block.sum(axis=-1), 1.0)
    np.testing.assert_allclose(s.terminal_probs.sum(axis=-1), 1.0)


def test_equal_node_names_without_infoset_are_an_error_not_a_silent_information_set():
    """Only infoset= joins nodes into an information set (reported by the formats engineer)."""
    from detente.games import Game, decision, terminal

    with pytest.raises(GameError, match="both called 'B moves'"):
        Game(
            players=["A", "B"],
            root=decision(
                "A",
                {
                    "l": decision(
                        "B", {"x": terminal("L1", 1, 0), "y": terminal("L2", 0, 1)}, name="B moves"
                    ),
                    "r": decision(
                        "B", {"x": terminal("R1", 0, 0), "y": terminal("R2", 2, 2)}, name="B moves"
                    ),
                },
            ),
        )
