"""Reassurance with monitoring: the derived closed form (module docstring) against a brute-
force enumeration written here, the engine's PBE on the built tree, and the spiral model.

Sources: Kydd (1997, 2000, 2005) for the reassurance game and its trust threshold (as in the
``spiral`` model); Bayes' rule for the posteriors; the verification threshold, the value of
information and the finding that information can break trust are derived in the module.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente.models as dm
from detente.games import solve_pbe
from detente.models.library.reassurance_monitoring import (
    ALARMING_ONLY,
    ANY_REPORT,
    PREFERENCE,
    REASSURING_ONLY,
    SPIRAL,
    posteriors,
)
from detente.models.library.spiral import trust_threshold

MODEL = dm.get("reassurance_monitoring")


def _brute_force(pi: float, q: float, s: float, t: float, tg: float) -> tuple[str, float]:
    """Every pure profile of the game, checked for equilibrium by hand: per report, the
    security seeker's move and B's move must be best responses (B's belief by Bayes' rule
    from the joint probabilities of type and report; a greedy A defects). Returns the class
    the security seeker prefers and its P(mutual cooperation)."""
    joint = {
        ("ss", "reassuring"): pi * q,
        ("ss", "alarming"): pi * (1 - q),
        ("greedy", "reassuring"): (1 - pi) * (1 - q),
        ("greedy", "alarming"): (1 - pi) * q,
    }
    # (own move, other's move) -> payoff; A and B have the same stage payoffs here
    a_pay = {("C", "C"): 1, ("C", "D"): -s, ("D", "C"): t, ("D", "D"): 0}
    b_pay = dict(a_pay)
    best = None
    for moves in itertools.product("CD", repeat=4):
        a_move = {"reassuring": moves[0], "alarming": moves[1]}
        b_move = {"reassuring": moves[2], "alarming": moves[3]}
        ok = True
        for r in ("reassuring", "alarming"):
            total = joint[("ss", r)] + joint[("greedy", r)]
            if total <= 0:
                continue
            belief = joint[("ss", r)] / total
            # security seeker: best response to B's move
            other = "D" if a_move[r] == "C" else "C"
            if a_pay[(a_move[r], b_move[r])] < a_pay[(other, b_move[r])] - 1e-12:
                ok = False

            # B: expected payoff against (ss plays a_move, greedy plays D)
            def value(b, belief=belief, seeker=a_move[r]):
                return belief * b_pay[(b, seeker)] + (1 - belief) * b_pay[(b, "D")]

            other_b = "D" if b_move[r] == "C" else "C"
            if value(b_move[r]) < value(other_b) - 1e-12:
                ok = False
        if not ok:
            continue
        trust = {r: a_move[r] == "C" and b_move[r] == "C" for r in ("reassuring", "alarming")}
        label = (
            ANY_REPORT
            if trust["reassuring"] and trust["alarming"]
            else REASSURING_ONLY
            if trust["reassuring"]
            else ALARMING_ONLY
            if trust["alarming"]
            else SPIRAL
        )
        coop = sum(joint[("ss", r)] for r in trust if trust[r])
        if best is None or PREFERENCE.index(label) < PREFERENCE.index(best[0]):
            best = (label, coop)
    assert best is not None
    return best


def test_closed_form_equals_brute_force_enumeration():
    """Derived closed form (module docstring) against the brute-force enumeration of all 16
    pure profiles at 600 random points away from the boundaries: same class and the same
    P(mutual cooperation) = pi [q 1(pi_R >= mu*) + (1 - q) 1(pi_A >= mu*)]."""
    rng = np.random.default_rng(8)
    n = 600
    params = {k: rng.uniform(s["lo"], s["hi"], n) for k, s in MODEL.specs().items()}
    th = MODEL.theory(MODEL.resolve(params))
    checked = 0
    for i in range(n):
        if th.margin[i] < 1e-9:
            continue
        label, coop = _brute_force(
            *(float(params[k][i]) for k in ("pi", "precision", "s", "t", "t_greedy"))
        )
        assert th.outcome[i] == label
        assert th.values["p_mutual_cooperation"][i] == pytest.approx(coop, abs=1e-12)
        checked += 1
    assert checked > 500


def test_engine_pbe_has_the_closed_form_beliefs_class_and_cooperation():
    """The engine's PBE on the built tree (beliefs by Bayes' rule from its reach
    probabilities): B's beliefs after each report are the closed-form posteriors, and the
    selected equilibrium's class and P(mutual cooperation) are the theory's (pi x precision
    grid, away from boundaries)."""
    pi, q = np.meshgrid(np.linspace(0.02, 0.98, 25), np.linspace(0.5, 0.99, 20))
    sol = MODEL.solve({"pi": pi, "precision": q})
    keep = sol.theory.margin > 1e-6
    assert keep.mean() > 0.85
    assert sol.agrees_with_theory[keep].all()
    pbe = solve_pbe(MODEL.game, {"pi": pi, "precision": q})
    t = MODEL.game.tables
    after_r, after_a = posteriors(pi, q)
    first = pbe.is_equilibrium.argmax(axis=-1)
    for report, closed in (("reassuring", after_r), ("alarming", after_a)):
        h = next(h for h in t.infosets if h.name == f"B after a {report} report")
        nodes = [x for x in h.nodes if "ss A" in t.node_labels[x]]
        low = pbe.belief_low[..., list(nodes)]
        belief = np.take_along_axis(low.sum(axis=-1), first[..., None], axis=-1)[..., 0]
        np.testing.assert_allclose(belief, closed, atol=1e-12)
    chosen = MODEL.select_equilibrium(sol.solution, sol.params)
    probs = np.take_along_axis(sol.solution.terminal_probs, chosen[..., None, None], axis=-2)[
        ..., 0, :
    ]
    labels = np.asarray(t.terminal_labels)
    coop = probs[..., labels == "mutual cooperation"].sum(axis=-1)
    np.testing.assert_allclose(coop[keep], sol.theory.values["p_mutual_cooperation"][keep])


def test_verification_threshold_is_where_a_reassuring_report_reaches_trust():
    """Derived: for pi < mu*, the posterior after a reassuring report equals mu* exactly at
    q* = mu*(1 - pi) / (pi (1 - mu*) + mu*(1 - pi)); just below q* the states spiral, just
    above a reassuring report brings cooperation (engine PBE)."""
    pi, s, t = 0.2, 0.4, 0.5
    mu = float(trust_threshold(s, t))
    q_star = mu * (1 - pi) / (pi * (1 - mu) + mu * (1 - pi))
    th = MODEL.theory(MODEL.resolve({"pi": pi, "s": s, "t": t, "precision": q_star}))
    assert float(th.values["verification_threshold"]) == pytest.approx(q_star)
    assert float(th.values["posterior_after_reassuring"]) == pytest.approx(mu)
    below = MODEL.solve({"pi": pi, "s": s, "t": t, "precision": q_star - 0.01}).point()
    above = MODEL.solve({"pi": pi, "s": s, "t": t, "precision": q_star + 0.01}).point()
    assert below["outcome"] == SPIRAL and above["outcome"] == REASSURING_ONLY
    assert above["outcomes"]["mutual cooperation"] == pytest.approx(pi * (q_star + 0.01))


@settings(max_examples=200, deadline=None)
@given(
    pi=st.floats(0.0, 1.0),
    q=st.floats(0.5, 1.0),
    dq=st.floats(0.0, 0.5),
    s=st.floats(0.05, 2.0),
    t=st.floats(0.0, 0.95),
)
def test_value_of_information_has_the_sign_of_distrust(pi, q, dq, s, t):
    """Derived: when the states distrust each other (pi < mu*) better monitoring never
    lowers P(mutual cooperation) and its value is >= 0; when they already trust each other
    (pi >= mu*) the value of information is <= 0 (an alarming report about a security
    seeker can break trust) while B is exploited no more often."""
    mu = float(trust_threshold(s, t))
    lo = MODEL.theory(MODEL.resolve({"pi": pi, "precision": q, "s": s, "t": t})).values
    hi_q = min(q + dq, 1.0)
    hi = MODEL.theory(MODEL.resolve({"pi": pi, "precision": hi_q, "s": s, "t": t})).values
    if pi < mu:
        assert hi["p_mutual_cooperation"] >= lo["p_mutual_cooperation"] - 1e-15
        assert lo["value_of_information"] >= -1e-15
    else:
        assert lo["value_of_information"] <= 1e-15
        assert lo["p_b_exploited"] <= (1 - pi) + 1e-15


def test_uninformative_monitoring_reproduces_the_spiral_models_trust_result():
    """Kydd (2005), as in the ``spiral`` model: with no information (precision 1/2) the
    states cooperate iff pi >= s/(1 - t + s); spiral's theory (with a reassurance signal too
    costly to send, k_ss > 1) says trust exactly there."""
    spiral = dm.get("spiral")
    pis = np.linspace(0.01, 0.99, 50)
    for s, t in ((0.4, 0.5), (1.0, 0.2), (0.1, 0.9)):
        ours = MODEL.solve({"pi": pis, "precision": 0.5, "s": s, "t": t}).theory
        theirs = spiral.solve({"pi": pis, "s": s, "t": t, "k_ss": 2.0}).theory
        np.testing.assert_array_equal(ours.outcome == ANY_REPORT, theirs.outcome == "trust")
        np.testing.assert_array_equal(ours.outcome == SPIRAL, theirs.outcome == "spiral")


def test_picture_cooperation_against_precision_marks_the_threshold():
    pic = MODEL.draw({"pi": 0.2})
    (panel,) = pic.panels
    coop = np.asarray(panel.series["P(mutual cooperation)"])
    q = np.asarray(panel.x)
    q_star = panel.marks["verification threshold q*"]
    assert (coop[q < q_star] == 0).all() and (coop[q >= q_star] > 0).all()
