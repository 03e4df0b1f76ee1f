"""Escalation ladder: the closed-form PBE (derived in the module docstring) against hand
derivations, an independent backward induction, and the engine's solvers on the built trees.

Sources: Schelling (1960, ch. 8; 1966, ch. 3) for the risk that each rung adds; Powell (1987,
APSR 81(3); 1990, Nuclear Deterrence Theory) for risk tolerance v/(v + d) and the findings
that the side with the weaker resolve sometimes prevails and that a state may escalate more
the greater its adversary's resolve. The equilibrium formulas themselves are derived, not
taken from those texts; each test says which.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente.models as dm
from detente.errors import ParameterError
from detente.games import solve_spe
from detente.games.tree_passes import (
    chance_edge_probs,
    depth_levels,
    expected_values,
    reach_probabilities,
    set_strategy_edges,
)
from detente.models.library.escalation_ladder import (
    MAX_RUNGS,
    MIXED,
    TERMINALS,
    complete_information_theory,
    ladder_equilibrium,
    ladder_game,
    ladder_strategy,
)

MODEL = dm.get("escalation_ladder")
KEY = {label: "p_" + label.lower().replace(" ", "_") for label in TERMINALS}


def _random_points(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "p_resolute": rng.uniform(0, 1, n),
        "risk": rng.uniform(0.001, 0.3, n),
        "v_c": rng.uniform(0.1, 5, n),
        "c_c": rng.uniform(0.1, 20, n),
        "c_resolute": rng.uniform(0, 0.99, n),
        "c_irresolute": rng.uniform(1.01, 20, n),
        "rungs": rng.integers(1, MAX_RUNGS + 1, n).astype(float),
    }


def _point(params: dict[str, np.ndarray], i: int) -> dict[str, float]:
    return {k: float(v[i]) for k, v in params.items()}


def test_two_rung_ladder_closed_form():
    """Derived (module docstring, N = 2): the Challenger backs down at the top, so an
    irresolute Defender that can bear one more climb (rho_2 <= 1/c_irresolute) always holds
    out and no challenge is made; otherwise it concedes at rung 1, and the Challenger
    challenges iff p < b_0 = (1 - kappa_1) v_c / (v_c + rho_2 c_c). Then P(Challenger
    prevails) = s_1 (1 - p), P(Defender prevails) = s_1 p s_2, P(inadvertent war) = rho_1 +
    s_1 p rho_2, no deliberate war. Checked against the theory and the engine's PBE."""
    r, vc, cc = 0.1, 3.0, 2.0
    rho1, rho2 = r, 1 - (1 - r) ** 2
    s1, s2 = 1 - rho1, 1 - rho2
    b0 = (1 - rho1 * cc / (s1 * vc)) * vc / (vc + rho2 * cc)
    base = {"risk": r, "v_c": vc, "c_c": cc, "rungs": 2.0, "c_irresolute": 10.0}  # 1/10 < rho2
    for p in (0.1, 0.4, 0.7, 0.95):
        sol = MODEL.solve(base | {"p_resolute": p})
        point = sol.point()
        th = point["theory"]
        assert th["challenge_threshold"] == pytest.approx(b0)
        if p < b0:
            want = {
                "Challenger prevails": s1 * (1 - p),
                "Defender prevails": s1 * p * s2,
                "Inadvertent war": rho1 + s1 * p * rho2,
                "Status quo": 0.0,
            }
            assert point["outcome"] == "resolve revealed at rung 1"
        else:
            want = {"Status quo": 1.0, "Challenger prevails": 0.0, "Inadvertent war": 0.0}
            assert point["outcome"] == "no challenge"
        for label, prob in want.items():
            assert th[KEY[label]] == pytest.approx(prob, abs=1e-12)
            assert point["outcomes"][label] == pytest.approx(prob, abs=1e-12)
        assert th["p_deliberate_war"] == 0.0
    bears = MODEL.solve(base | {"c_irresolute": 1.5, "p_resolute": 0.1}).point()  # rho2 < 2/3
    assert bears["outcome"] == "no challenge" and bears["theory"]["challenge_threshold"] < 0


def test_three_rung_war_of_nerves_closed_form():
    """Derived (module docstring, N = 3, the Defender at the top): b_2 = (1 - kappa_3) v_c /
    (v_c + c_c); if the irresolute Defender may bluff at rung 1, b_0 = b_2 (1 - kappa_1) v_c
    / (v_c + rho_2 c_c). For p < b_0 the Defender climbs at rung 1 with total probability
    p / b_2, the Challenger backs down at rung 2 with beta = (rho_2 e / s_2 + rho_3 e) /
    (1 + rho_3 e), and at the top the resolute share b_2 goes to war by choice. The theory's
    outcome probabilities equal these products (the engine check of this mixed equilibrium
    is the sequential-rationality test below)."""
    r, vc, cc, ci, p = 0.03, 2.0, 4.0, 4.0, 0.1
    e = ci - 1
    rho = {k: 1 - (1 - r) ** k for k in (1, 2, 3)}
    s = {k: 1 - v for k, v in rho.items()}
    kappa = {k: rho[k] * cc / (s[k] * vc) for k in rho}
    assert s[2] - rho[2] * e >= 0  # the irresolute Defender may bluff at rung 1
    b2 = (1 - kappa[3]) * vc / (vc + cc)
    b0 = b2 * (1 - kappa[1]) * vc / (vc + rho[2] * cc)
    assert p < b0
    climbs = p / b2
    beta = (rho[2] * e / s[2] + rho[3] * e) / (1 + rho[3] * e)
    at2 = s[1] * climbs * s[2]
    want = {
        "Status quo": 0.0,
        "Challenger prevails": s[1] * (1 - climbs) + at2 * (1 - beta) * s[3] * (1 - b2),
        "Defender prevails": at2 * beta,
        "Deliberate war": at2 * (1 - beta) * s[3] * b2,
        "Inadvertent war": rho[1] + s[1] * climbs * rho[2] + at2 * (1 - beta) * rho[3],
    }
    params = {"risk": r, "v_c": vc, "c_c": cc, "c_irresolute": ci, "p_resolute": p, "rungs": 3}
    th = MODEL.solve(params).point()["theory"]
    assert th["outcome"] == MIXED and th["challenge_threshold"] == pytest.approx(b0)
    for label, prob in want.items():
        assert th[KEY[label]] == pytest.approx(prob, abs=1e-12)
    assert th["reach_rung_2"] == pytest.approx(at2)


def _action_values(game, params, strategy):
    """Engine tree pass: each information set's action values under ``strategy``, with the
    Challenger's beliefs by Bayes' rule along the ladder (its own earlier moves do not tell
    it anything about the type, so beliefs are taken with the Challenger always climbing)."""
    t = game.tables
    env = {
        k: np.atleast_1d(np.asarray(v, float)) for k, v in game.resolve_parameters(params).items()
    }
    U = t.evaluate_payoffs(env, 1)
    E = chance_edge_probs(t, t.evaluate_chance(env, 1), 1)
    sigma = np.zeros((t.n_actions, 1))
    climbing = np.zeros((t.n_actions, 1))
    for j, h in enumerate(t.infosets):
        up = h.actions.index("challenge" if "challenge" in h.actions else "escalate")
        x = float(np.asarray(strategy[h.name]))
        sigma[t.action_offset[j] + up] = x
        sigma[t.action_offset[j] + 1 - up] = 1 - x
        climbing[t.action_offset[j] : t.action_offset[j + 1]] = sigma[
            t.action_offset[j] : t.action_offset[j + 1]
        ]
        if h.player == 0:
            climbing[t.action_offset[j] : t.action_offset[j + 1]] = 0
            climbing[t.action_offset[j] + up] = 1
    set_strategy_edges(t, E, sigma)
    V = expected_values(t, U, E)
    E_up = E.copy()
    set_strategy_edges(t, E_up, climbing)
    reach = reach_probabilities(t, E_up, depth_levels(t))
    out = {}
    for h in t.infosets:
        w = np.array([reach[x, 0] for x in h.nodes])
        if w.sum() <= 1e-300:
            continue  # above the top rung: never reached
        w = w / w.sum()
        up = h.actions.index("challenge" if "challenge" in h.actions else "escalate")
        q = sum(
            wi * np.array([V[t.first_child[x] + a, h.player, 0] for a in range(2)])
            for x, wi in zip(h.nodes, w, strict=True)
        )
        out[h.name] = (q[up], q[1 - up])
    return out


def test_closed_form_strategy_is_sequentially_rational_on_the_engine_tree():
    """Derived PBE, checked with the engine: at 1500 random points the closed-form behaviour
    at every information set (mixed where the formulas say so) is a best response given the
    others' and Bayes beliefs, computed by the engine's own tree passes on the built game:
    pure moves are optimal, mixed moves leave the mover indifferent."""
    game = MODEL.game
    params = _random_points(1500, seed=4)
    strategy = ladder_strategy(params)
    mixed = 0
    for i in range(1500):
        here = _point(params, i)
        moves = {k: float(v[i]) for k, v in strategy.items()}
        mixed += any(0 < x < 1 for x in moves.values())
        for name, (climb, stop) in _action_values(game, here, moves).items():
            x, scale = moves[name], max(1.0, abs(climb), abs(stop))
            if 0 < x < 1:
                assert abs(climb - stop) <= 1e-7 * scale, (i, name, x, climb, stop)
            elif x == 1:
                assert climb >= stop - 1e-9 * scale, (i, name, climb, stop)
            else:
                assert stop >= climb - 1e-9 * scale, (i, name, climb, stop)
    assert mixed > 20  # the check covers mixed equilibria, not only pure ones


def test_engine_pbe_confirms_the_equilibrium_class_on_a_grid():
    """The engine's pure PBE, read with Bayes' rule along the ladder, has the closed form's
    class on a p_resolute x risk grid (5 rungs), and where it is pure its outcome
    probabilities are the closed form's."""
    p, r = np.meshgrid(np.linspace(0.02, 0.98, 15), np.linspace(0.002, 0.2, 13))
    sol = MODEL.solve({"p_resolute": p, "risk": r, "rungs": 5, "c_irresolute": 6.0})
    keep = sol.theory.margin > 1e-6
    assert keep.mean() > 0.9
    assert sol.agrees_with_theory[keep].all()
    assert {str(x) for x in np.unique(sol.outcome)} >= {"no challenge", MIXED}
    chosen = MODEL.select_equilibrium(sol.solution, sol.params)
    pure = chosen >= 0
    probs = np.take_along_axis(
        sol.solution.terminal_probs, np.maximum(chosen, 0)[..., None, None], axis=-2
    )[..., 0, :]
    labels = np.asarray(MODEL.game.tables.terminal_labels)
    for label in TERMINALS:
        engine = probs[..., labels == label].sum(axis=-1)
        np.testing.assert_allclose(engine[pure], sol.theory.values[KEY[label]][pure], atol=1e-12)


def _backward_induction(params: dict[str, float], resolute: bool) -> dict[str, float]:
    """Independent SPE of the ladder with the Defender's type known: plain recursion over
    rungs (ties: backing down, the engine's first-listed action)."""
    n, r = int(params["rungs"]), params["risk"]
    vc, cc = params["v_c"], params["c_c"]
    c_d = params["c_resolute"] if resolute else params["c_irresolute"]
    war = {"C": -cc, "D": 1 - c_d}

    def at(k: int) -> tuple[dict[str, float], dict[str, float]]:
        """(outcome probabilities, payoffs) from rung k on, the mover about to choose."""
        mover = "C" if k % 2 == 0 else "D"
        if k == 0:
            stop = ({"Status quo": 1.0}, {"C": 0.0, "D": 1.0})
        elif mover == "C":
            stop = ({"Defender prevails": 1.0}, {"C": 0.0, "D": 1.0})
        else:
            stop = ({"Challenger prevails": 1.0}, {"C": vc, "D": 0.0})
        if k == n:
            go = ({"Deliberate war": 1.0}, dict(war))
        else:
            rho = 1 - (1 - r) ** (k + 1)
            probs, pay = at(k + 1)
            go_probs = {"Inadvertent war": rho}
            for label, q in probs.items():
                go_probs[label] = go_probs.get(label, 0.0) + (1 - rho) * q
            go = (go_probs, {i: rho * war[i] + (1 - rho) * pay[i] for i in ("C", "D")})
        if mover == "D" and resolute and k > 0:
            return go  # the resolute Defender's climb is fixed (strictly dominant)
        return go if go[1][mover] > stop[1][mover] + 1e-12 else stop

    return at(0)[0]


def test_complete_information_ladder_spe_equals_brute_force_backward_induction():
    """With the Defender's resolve known to both (``ladder_game(private=False)``) the game has
    perfect information: the engine's SPE, an independent backward induction written here,
    and the closed form at beliefs 0 and 1 (``complete_information_theory``) agree at 400
    random points with 1 to 8 rungs."""
    params = _random_points(400, seed=9)
    spe = solve_spe(ladder_game(private=False), params)
    closed = complete_information_theory(params)
    for i in range(400):
        here = _point(params, i)
        hard, soft = _backward_induction(here, True), _backward_induction(here, False)
        prior = here["p_resolute"]
        for label in TERMINALS:
            brute = prior * hard.get(label, 0.0) + (1 - prior) * soft.get(label, 0.0)
            assert float(spe.outcome_prob(label)[i]) == pytest.approx(brute, abs=1e-9)
            assert closed[KEY[label]][i] == pytest.approx(brute, abs=1e-9), (i, label)


def test_qre_on_the_private_tree_approaches_the_closed_form_where_it_is_pure():
    """McKelvey & Palfrey (1998): the logit QRE approaches a sequential equilibrium as lam
    grows. On the private-resolve tree, at points whose equilibrium is pure (two and seven
    rungs, the resolve revealed at once; a deterred challenge), the engine's QRE at lam =
    3000 converges to the closed form's outcome probabilities. (Where the equilibrium is
    mixed the engine's damped fixed point circles it without converging; the engine check
    there is the sequential-rationality test.)"""
    base = {"risk": 0.1, "v_c": 3.0, "c_c": 2.0, "c_irresolute": 10.0, "p_resolute": 0.4}
    points = [base | {"rungs": 2}, base | {"rungs": 7}, base | {"p_resolute": 0.9, "rungs": 4}]
    for here in points:
        result = MODEL.solve(here, method="qre", lam=3000.0)
        th = result.point()["theory"]
        assert th["outcome"] != MIXED
        assert bool(result.solution.converged)
        assert result.outcome == th["outcome"]
        for label in TERMINALS:
            assert float(result.solution.outcome_prob(label)) == pytest.approx(
                th[KEY[label]], abs=1e-4
            )


@settings(max_examples=150, deadline=None)
@given(
    r=st.floats(0.001, 0.29),
    dr=st.floats(0.0005, 0.1),
    ci=st.floats(1.01, 20.0),
    rungs=st.integers(1, MAX_RUNGS),
)
def test_more_risk_per_rung_makes_the_less_resolved_side_concede_no_later(r, dr, ci, rungs):
    """Powell (1990): a side quits once the risk of going on exceeds its tolerance. Here the
    irresolute Defender's last rung at which it may still climb (module docstring, derived)
    is non-increasing in the risk each rung adds, and it concedes for sure above it."""
    base = {"c_irresolute": ci, "rungs": rungs}
    low = MODEL.theory(MODEL.resolve(base | {"risk": r}))
    high = MODEL.theory(MODEL.resolve(base | {"risk": min(r + dr, 0.3)}))
    last_low = low.values["irresolute_last_bluff_rung"]
    last_high = high.values["irresolute_last_bluff_rung"]
    assert last_high <= last_low
    eq = ladder_equilibrium(MODEL.resolve(base | {"risk": min(r + dr, 0.3)}))
    for j, x in eq["defender_escalates"].items():
        if last_high < j <= rungs:
            assert float(x) == 0.0


@settings(max_examples=100, deadline=None)
@given(ci=st.floats(1.05, 9.0), dc=st.floats(0.01, 5.0), r=st.floats(0.001, 0.05))
def test_the_challenger_escalates_more_the_more_resolute_the_irresolute_defender(ci, dc, r):
    """Powell (1987, abstract): some states are more likely to escalate the greater their
    adversary's resolve. In the war of nerves the Challenger climbs at rung 2 with
    probability 1 - beta_2 (derived), which falls as the irresolute Defender's cost of war
    rises (its resolve falls)."""
    params = {"risk": r, "rungs": 5}
    more = ladder_equilibrium(MODEL.resolve(params | {"c_irresolute": ci}))["beta"][2]
    less = ladder_equilibrium(MODEL.resolve(params | {"c_irresolute": min(ci + dc, 20)}))["beta"][2]
    assert 1 - float(less) <= 1 - float(more) + 1e-15


def test_the_weaker_side_sometimes_prevails():
    """Powell (1987, abstract): "the state with the weakest resolve sometimes prevails". At
    the defaults (a war of nerves) the irresolute Defender reaches rung 2 with positive
    probability and the Challenger then backs down with probability beta_2 > 0."""
    eq = ladder_equilibrium(MODEL.resolve({}))
    assert 0 < float(eq["defender_escalates"][1]) < 1
    assert 0 < float(eq["beta"][2]) < 1
    assert 0 < float(eq["challenger_escalates"][2]) < 1


@settings(max_examples=200, deadline=None)
@given(
    p=st.floats(0, 1),
    r=st.floats(0.001, 0.3),
    vc=st.floats(0.1, 5),
    cc=st.floats(0.1, 20),
    ci=st.floats(1.01, 20),
    rungs=st.integers(1, MAX_RUNGS),
)
def test_probabilities_sum_to_one_and_higher_rungs_are_reached_less_often(p, r, vc, cc, ci, rungs):
    """Invariants of any strategy profile: the five outcomes exhaust the probability, and a
    rung is reached no more often than the one below it (nothing above the top)."""
    params = {"p_resolute": p, "risk": r, "v_c": vc, "c_c": cc, "c_irresolute": ci}
    th = MODEL.theory(MODEL.resolve(params | {"rungs": rungs})).values
    assert sum(float(th[KEY[x]]) for x in TERMINALS) == pytest.approx(1.0, abs=1e-12)
    reach = [float(th[f"reach_rung_{k}"]) for k in range(1, MAX_RUNGS + 1)]
    assert all(a >= b - 1e-15 for a, b in itertools.pairwise(reach))
    assert all(x == 0.0 for x in reach[rungs:])


@pytest.mark.parametrize("value", [0, 10_000, 2.5])
def test_bad_rungs_are_refused_naming_the_parameter_and_range(value):
    with pytest.raises(ParameterError, match=r"rungs.*\[1, 8\]"):
        MODEL.solve({"rungs": value})


def test_picture_shows_one_bar_per_rung_and_the_outcomes():
    pic = MODEL.draw({"rungs": 6})
    reach, outcomes = pic.panels
    assert reach.x == [str(k) for k in range(1, 7)]
    th = MODEL.solve({"rungs": 6}).point()["theory"]
    assert reach.series["reached"] == pytest.approx([th[f"reach_rung_{k}"] for k in range(1, 7)])
    assert sum(outcomes.series["probability"]) == pytest.approx(1.0)
    with pytest.raises(ParameterError, match="one point"):
        MODEL.draw({"risk": [0.01, 0.02]})


def test_a_challenged_ladder_continues_by_the_same_equilibrium_on_the_engine_tree():
    """``ladder_equilibrium(challenged=True)`` (used by the scenario record for a crisis that
    has begun): the Challenger's first climb forced, every other information set played by
    the closed-form strategy (``ladder_strategy``, defined at every information set). The
    engine's forward pass over the built tree gives the closed form's outcome probabilities
    at 300 random points, mixed equilibria included; where the equilibrium challenges anyway
    the forced and unforced ladders agree, and a forced challenge never reaches the status
    quo."""
    game = MODEL.game
    t = game.tables
    n = 300
    params = _random_points(n, seed=11)
    strategy = ladder_strategy(params) | {"Challenger at rung 0": np.ones(n)}
    env = {
        k: np.broadcast_to(np.asarray(v, float), (n,))
        for k, v in game.resolve_parameters(params).items()
    }
    E = chance_edge_probs(t, t.evaluate_chance(env, n), n)
    sigma = np.zeros((t.n_actions, n))
    for j, h in enumerate(t.infosets):
        up = h.actions.index("challenge" if "challenge" in h.actions else "escalate")
        sigma[t.action_offset[j] + up] = strategy[h.name]
        sigma[t.action_offset[j] + 1 - up] = 1 - strategy[h.name]
    set_strategy_edges(t, E, sigma)
    reach = reach_probabilities(t, E, depth_levels(t))
    labels = np.asarray(t.terminal_labels)
    forced = ladder_equilibrium(params, challenged=True)
    free = ladder_equilibrium(params)
    challenges = free["challenger_escalates"][0] == 1
    assert 0 < challenges.mean() < 1
    assert sum(((x > 0) & (x < 1)).sum() for x in strategy.values()) > 20  # mixed points too
    for label in TERMINALS:
        engine = reach[np.asarray(t.terminal_nodes)[labels == label]].sum(axis=0)
        np.testing.assert_allclose(forced["outcomes"][label], engine, atol=1e-12, err_msg=label)
        np.testing.assert_allclose(
            forced["outcomes"][label][challenges], free["outcomes"][label][challenges], atol=0
        )
    assert not forced["outcomes"]["Status quo"].any()
