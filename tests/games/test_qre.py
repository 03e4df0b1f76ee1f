"""Agent logit QRE: published values, limits, and cross-checks."""

from __future__ import annotations

import numpy as np
import pytest
from brute_force_solvers import brute_force_logit
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import ParameterError
from detente.games import (
    Game,
    chance,
    decision,
    deterrence_game,
    incomplete_information_deterrence,
    solve_qre,
    solve_spe,
    terminal,
)
from detente.games.random_games import random_game, random_payoff_batch


@pytest.mark.parametrize(
    ("lam", "challenge", "resist", "fight"),
    [(1.0, 0.512288, 0.716173, 0.574443), (5.0, 0.254758, 0.968081, 0.817574)],
)
def test_three_move_deterrence_game_qre_values(lam, challenge, resist, fight):
    """Values stated in detente issue #2 for the three-move deterrence game (SQ=(0,0),
    Concede=(1,-1), BackDown=(-a,b), War=(wC,wD), a=b=0.5, wC=-0.2, wD=-0.5), which follow
    from logit statistical backward induction (Signorino 1999, eq. 3-5; McKelvey & Palfrey
    1998): e.g. P(fight) = 1 / (1 + exp(-lam (wC + a))) = 0.574443 at lam = 1."""
    s = solve_qre(deterrence_game(), lam=lam)
    assert s.action_prob("Challenger initiates", "challenge") == pytest.approx(challenge, abs=1e-6)
    assert s.action_prob("Defender responds", "resist") == pytest.approx(resist, abs=1e-6)
    assert s.action_prob("Challenger escalates", "fight") == pytest.approx(fight, abs=1e-6)


def test_fixed_point_agrees_with_closed_form_recursion_on_perfect_information():
    """Both methods compute the unique AQRE of a perfect-information game."""
    lam = np.array([0.1, 1.0, 5.0, 20.0])
    for seed in range(10):
        game = random_game(seed, depth=4)
        batch = {k: v[:, None] for k, v in random_payoff_batch(game, 3, seed=seed).items()}
        a = solve_qre(game, batch, lam=lam, method="recursion")
        b = solve_qre(game, batch, lam=lam, method="fixed_point")
        assert b.converged.all()
        np.testing.assert_allclose(a.strategy, b.strategy, atol=1e-8)


@pytest.mark.parametrize("seed", range(50))
def test_qre_root_values_match_recursive_reference(seed):
    """Independent scalar recursion (statistical backward induction) on random trees."""
    game = random_game(seed, depth=int(seed % 5) + 1, chance_share=0.3)
    batch = random_payoff_batch(game, 3, seed=seed)
    lam = 2.5
    s = solve_qre(game, batch, lam=lam)
    for j in range(3):
        env = {k: float(v[j]) for k, v in batch.items()}
        np.testing.assert_allclose(s.payoffs[j], brute_force_logit(game, env, lam), atol=1e-12)


def test_qre_at_lambda_zero_is_uniform():
    """lam = 0: every action equally likely (McKelvey & Palfrey 1998, section 3)."""
    game = incomplete_information_deterrence()
    s = solve_qre(game, {"p": 0.3}, lam=0.0)
    np.testing.assert_allclose(s.strategy, 0.5)


def test_qre_approaches_spe_as_lambda_grows():
    """McKelvey & Palfrey (1998, Theorem 4): limit points of AQRE as lam -> infinity are
    sequential equilibria; with perfect information and no ties, the unique SPE."""
    game = deterrence_game()
    spe = solve_spe(game).strategy
    gaps = [np.abs(solve_qre(game, lam=lam).strategy - spe).max() for lam in (10, 100, 1000)]
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[2] < 1e-6


def test_qre_with_information_set_approaches_sequential_equilibrium():
    """Incomplete-information deterrence (Zagare & Kilgour 2000): with a=1, s=0, d=-1 the
    Challenger challenges iff p < 0.5. The AQRE limit (McKelvey & Palfrey 1998, Thm 4)
    must pick that sequential equilibrium."""
    p = np.array([0.2, 0.4, 0.6, 0.8])
    s = solve_qre(incomplete_information_deterrence(), {"p": p}, lam=400.0)
    assert s.converged.all()
    challenge = s.action_prob("Challenger (type unknown)", "challenge")
    np.testing.assert_allclose(challenge, [1, 1, 0, 0], atol=1e-6)


def test_qre_signaling_game_fixed_point_is_a_logit_response_to_itself():
    """Check the AQRE definition directly on a signaling game (Beer-Quiche, Cho & Kreps
    1987): the returned profile is a fixed point of the logit response, up to tolerance."""
    from detente.games.qre import _FixedPoint
    from detente.games.tree_passes import chance_edge_probs

    game = beer_quiche()
    lam = 3.0
    s = solve_qre(game, lam=lam)
    assert s.converged.all()
    t = game.tables
    env = dict(game.parameters)
    U = t.evaluate_payoffs(env, 1)
    E = chance_edge_probs(t, t.evaluate_chance(env, 1), 1)
    sigma = s.strategy.reshape(-1, 1)
    response = _FixedPoint(t).response(U, E, sigma, np.array([lam]))
    np.testing.assert_allclose(response, sigma, atol=1e-9)


def beer_quiche() -> Game:
    """Cho & Kreps (1987) Beer-Quiche: Sender strong (q) or weak; Receiver duels or not."""

    def sender(kind: str):
        strong = kind == "strong"

        def receiver(msg: str):
            liked = 1 if (msg == "beer") == strong else 0
            return decision(
                "Receiver",
                {
                    "duel": terminal(f"{msg}/duel", liked, -1 if strong else 1),
                    "no duel": terminal(f"{msg}/no duel", liked + 2, 0),
                },
                infoset=f"after {msg}",
                name=f"{kind} {msg}",
            )

        return decision(
            "Sender",
            {"beer": receiver("beer"), "quiche": receiver("quiche")},
            name=f"{kind} sender",
        )

    return Game(
        players=["Sender", "Receiver"],
        parameters={"q": 0.9},
        title="Beer-Quiche",
        root=chance({"strong": ("q", sender("strong")), "weak": ("1 - q", sender("weak"))}),
    )


def test_negative_lambda_is_rejected_with_advice():
    with pytest.raises(ParameterError, match="lam must be finite and >= 0"):
        solve_qre(deterrence_game(), lam=-1.0)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), lam=st.floats(0, 50))
def test_qre_probabilities_in_unit_interval_and_sum_to_one_per_infoset(seed, lam):
    game = random_game(seed, depth=4)
    s = solve_qre(game, random_payoff_batch(game, 4, seed=seed), lam=lam)
    t = game.tables
    assert ((s.strategy >= 0) & (s.strategy <= 1)).all()
    for h in range(len(t.infosets)):
        block = s.strategy[..., t.action_offset[h] : t.action_offset[h + 1]]
        np.testing.assert_allclose(block.sum(axis=-1), 1.0, atol=1e-12)
    np.testing.assert_allclose(s.terminal_probs.sum(axis=-1), 1.0, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_qre_tends_to_uniform_as_lambda_tends_to_zero(seed):
    game = random_game(seed, depth=3)
    s = solve_qre(game, random_payoff_batch(game, 2, seed=seed), lam=1e-9)
    t = game.tables
    for h, info in enumerate(t.infosets):
        block = s.strategy[..., t.action_offset[h] : t.action_offset[h + 1]]
        np.testing.assert_allclose(block, 1.0 / len(info.actions), atol=1e-8)
