"""Pure-strategy perfect Bayesian equilibria: known games and an independent LP check."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from test_qre import beer_quiche

from detente.errors import GameError
from detente.games import (
    Game,
    chance,
    decision,
    incomplete_information_deterrence,
    solve_pbe,
    terminal,
)
from detente.games.pbe import _supporting_beliefs


def test_beer_quiche_has_exactly_the_two_pooling_equilibria_with_their_belief_conditions():
    """Cho & Kreps (1987, section II): with Pr(strong) = 0.9 the pure PBE are pooling on beer
    (Receiver duels after quiche, supported iff Pr(weak | quiche) >= 1/2) and pooling on
    quiche (duel after beer, iff Pr(weak | beer) >= 1/2); no separating equilibrium."""
    eqs = solve_pbe(beer_quiche()).equilibria()
    assert len(eqs) == 2
    beer, quiche = eqs
    assert beer.strategy == {
        "strong sender": "beer",
        "weak sender": "beer",
        "after beer": "no duel",
        "after quiche": "duel",
    }
    assert beer.beliefs["after beer"] == pytest.approx({"strong beer": 0.9, "weak beer": 0.1})
    assert not beer.on_path["after quiche"]
    assert beer.beliefs["after quiche"]["weak quiche"] == pytest.approx((0.5, 1.0))
    assert quiche.strategy["strong sender"] == "quiche"
    assert quiche.beliefs["after beer"]["weak beer"] == pytest.approx((0.5, 1.0))
    assert beer.outcomes["beer/no duel"] == 1.0


def test_beer_quiche_with_weak_prior_has_no_pure_pooling_equilibrium():
    """With Pr(strong) = 0.3 < 1/2 the Receiver duels any pooled message, so neither type
    wants to pool; nor does any separating profile survive (the weak type would mimic):
    no pure PBE (Cho & Kreps 1987; Fudenberg & Tirole 1991, ex. 8.2)."""
    s = solve_pbe(beer_quiche(), {"q": 0.3})
    assert s.count == 0


def test_uncertain_resolve_deters_iff_credibility_reaches_threshold():
    """Zagare & Kilgour (2000), credibility condition: the Challenger is deterred iff
    p >= (a - s) / (a - d); with a = 1, s = 0, d = -1 the threshold is 0.5."""
    p = np.array([0.1, 0.3, 0.45, 0.55, 0.7, 0.95])
    s = solve_pbe(incomplete_information_deterrence(), {"p": p})
    assert s.count.tolist() == [1] * 6
    deterred = [
        e.strategy["Challenger (type unknown)"] == "status quo"
        for i in range(6)
        for e in s.equilibria(i)
    ]
    assert deterred == [False, False, False, True, True, True]


def test_too_many_profiles_is_refused_with_advice():
    with pytest.raises(GameError, match="use solve_qre"):
        solve_pbe(beer_quiche(), max_profiles=4)


def three_type_signaling_game() -> Game:
    """Three sender types, two messages, three responses: receiver sets hold three nodes."""
    types = {"t0": ("p0", 0), "t1": ("p1", 1), "t2": ("1 - p0 - p1", 2)}

    def sender(name: str, k: int):
        def receiver(m: int):
            return decision(
                "Receiver",
                {f"r{r}": terminal(f"m{m}r{r}", f"s{k}_{m}_{r}", f"v{k}_{r}") for r in range(3)},
                infoset=f"after m{m}",
                name=f"{name} m{m}",
            )

        return decision("Sender", {f"m{m}": receiver(m) for m in range(2)}, name=f"{name} sends")

    params = {"p0": 0.3, "p1": 0.3}
    params |= {f"s{k}_{m}_{r}": 0.0 for k in range(3) for m in range(2) for r in range(3)}
    params |= {f"v{k}_{r}": 0.0 for k in range(3) for r in range(3)}
    return Game(
        players=["Sender", "Receiver"],
        parameters=params,
        title="three-type signaling",
        root=chance({n: (p, sender(n, k)) for n, (p, k) in types.items()}),
    )


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_off_path_belief_polytope_matches_linear_programming(seed):
    """The vertex enumeration behind off-path beliefs (three-node information sets) agrees
    with scipy's LP: feasibility of {mu in simplex: D^T mu >= 0} and each coordinate's
    min and max over it."""
    rng = np.random.default_rng(seed)
    m, k = 3, int(rng.integers(2, 4))
    D = rng.normal(size=(m, k, 1))
    D[:, 0, :] = 0.0  # the prescribed action has zero advantage over itself
    feasible, lo, hi = _supporting_beliefs(D, np.zeros(1))
    A_ub = -D[:, :, 0].T  # -D^T mu <= 0
    for x in range(m):
        c = np.zeros(m)
        c[x] = 1.0
        res_lo = linprog(
            c, A_ub=A_ub, b_ub=np.zeros(k), A_eq=np.ones((1, m)), b_eq=[1], bounds=[(0, 1)] * m
        )
        res_hi = linprog(
            -c, A_ub=A_ub, b_ub=np.zeros(k), A_eq=np.ones((1, m)), b_eq=[1], bounds=[(0, 1)] * m
        )
        assert feasible[0] == (res_lo.status == 0)
        if feasible[0]:
            assert lo[x, 0] == pytest.approx(res_lo.fun, abs=1e-7)
            assert hi[x, 0] == pytest.approx(-res_hi.fun, abs=1e-7)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_every_reported_pbe_survives_a_direct_check(seed):
    """Each reported equilibrium of a random 3-type signaling game: the Sender's choice is a
    best reply for every type, and the Receiver's response is optimal under the reported
    (Bayes) belief on path."""
    rng = np.random.default_rng(seed)
    game = three_type_signaling_game()
    params = {k: float(rng.normal()) for k in game.parameters if k not in ("p0", "p1")}
    params |= {"p0": 0.25, "p1": 0.35}
    sol = solve_pbe(game, params)
    prior = {"t0": 0.25, "t1": 0.35, "t2": 0.4}
    for e in sol.equilibria():
        resp = {m: int(e.strategy[f"after m{m}"][1]) for m in range(2)}
        for k in range(3):
            sent = int(e.strategy[f"t{k} sends"][1])
            best = max(params[f"s{k}_{m}_{resp[m]}"] for m in range(2))
            assert params[f"s{k}_{sent}_{resp[sent]}"] >= best - 1e-12
        for m in range(2):
            senders = [k for k in range(3) if int(e.strategy[f"t{k} sends"][1]) == m]
            if not senders:
                continue
            mass = sum(prior[f"t{k}"] for k in senders)
            value = [
                sum(prior[f"t{k}"] / mass * params[f"v{k}_{r}"] for k in senders) for r in range(3)
            ]
            assert value[resp[m]] >= max(value) - 1e-12
