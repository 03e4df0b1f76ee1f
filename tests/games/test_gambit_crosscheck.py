"""Cross-checks against Gambit (pygambit), run where pygambit is installed.

pygambit is an oracle for QRE values; it has no SPE solver, and its logit limit is not an SPE
selector at near ties (issue #2), so SPE is checked against the brute-force solver instead.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_qre import beer_quiche

from detente.games import deterrence_game, incomplete_information_deterrence, solve_qre
from detente.games.random_games import random_game

pytest.importorskip("pygambit")
from detente.games.gambit_bridge import gambit_logit_qre

pytestmark = pytest.mark.gambit


@pytest.mark.parametrize("lam", [1.0, 5.0])
def test_deterrence_game_qre_equals_gambit(lam):
    """Gambit's principal logit branch (Turocy 2005) at lam, three-move deterrence game."""
    game = deterrence_game()
    np.testing.assert_allclose(
        solve_qre(game, lam=lam).strategy, gambit_logit_qre(game, None, lam), atol=1e-6
    )


@pytest.mark.parametrize("seed", range(60))
def test_random_tree_qre_equals_gambit(seed):
    """Random perfect-information trees with chance moves (depth <= 5), lam in (0.2, 8)."""
    rng = np.random.default_rng(1000 + seed)
    game = random_game(rng, depth=int(rng.integers(1, 6)), chance_share=0.25)
    lam = float(rng.uniform(0.2, 8.0))
    np.testing.assert_allclose(
        solve_qre(game, lam=lam).strategy, gambit_logit_qre(game, None, lam), atol=1e-6
    )


@pytest.mark.parametrize(("p", "lam"), [(0.3, 2.0), (0.6, 4.0), (0.45, 10.0)])
def test_information_set_qre_equals_gambit(p, lam):
    """A game with a two-node information set: fixed point vs Gambit's path following."""
    game = incomplete_information_deterrence()
    ours = solve_qre(game, {"p": p}, lam=lam)
    assert ours.converged.all()
    np.testing.assert_allclose(ours.strategy, gambit_logit_qre(game, {"p": p}, lam), atol=1e-6)


@pytest.mark.parametrize("lam", [0.5, 2.0, 4.0])
def test_signaling_game_qre_equals_gambit(lam):
    """Beer-Quiche (Cho & Kreps 1987): sender and receiver information sets interact."""
    game = beer_quiche()
    ours = solve_qre(game, lam=lam)
    assert ours.converged.all()
    np.testing.assert_allclose(ours.strategy, gambit_logit_qre(game, None, lam), atol=1e-6)


def _gambit_profile(game, gg, strategy):
    from detente.games.gambit_bridge import gambit_action_order

    prof = gg.mixed_behavior_profile(rational=False)
    order = gambit_action_order(game, gg)
    actions = [a for p in gg.players for i in p.infosets for a in i.actions]
    for k, action in enumerate(actions):
        prof[action] = float(strategy[order[k]])
    return prof


@pytest.mark.parametrize("seed", range(200))
def test_spe_is_subgame_perfect_by_gambits_own_node_values(seed):
    """On 200 random trees (depth <= 5, chance nodes), the SPE profile has zero agent regret
    in Gambit (no information set's mover gains by deviating) and at every decision node the
    chosen child maximizes the mover's Gambit node value (sequential rationality in every
    subgame, Selten 1975). (Gambit's global max_regret is far too slow on deep trees.)"""
    from detente.games import solve_spe
    from detente.games.gambit_bridge import to_pygambit

    rng = np.random.default_rng(5000 + seed)
    game = random_game(rng, depth=int(rng.integers(1, 6)), chance_share=0.25)
    sol = solve_spe(game)
    assert not sol.tie.any()
    gg = to_pygambit(game)
    prof = _gambit_profile(game, gg, sol.strategy)
    assert prof.agent_max_regret() <= 1e-9

    def walk(node):
        if node.is_terminal:
            return
        kids = list(node.children)
        if not node.player.is_chance:
            values = [prof.node_value(node.player, c) for c in kids]
            chosen = [float(prof[a]) for a in node.infoset.actions]
            assert values[int(np.argmax(chosen))] >= max(values) - 1e-9
        for child in kids:
            walk(child)

    walk(gg.root)
