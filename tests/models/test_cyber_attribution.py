"""Deterrence with imperfect attribution against Baliga, Bueno de Mesquita & Wolitzky (2020),
"Deterrence with Imperfect Attribution", APSR 114(4), 1155-1178."""

from __future__ import annotations

import numpy as np
import pytest

import detente.models as dm
from detente.models.library.cyber_attribution import (
    attack_probability,
    logistic_cdf,
    multi_attacker_equilibrium,
)

MODEL = dm.get("cyber_attribution")


@pytest.mark.parametrize(
    ("pi_detect", "pi_false", "expected"),
    [(0.8, 0.1, 0.505912), (0.9, 0.1, 0.375000), (0.8, 0.05, 0.407318)],
)
def test_single_attacker_uniform_fixed_point_matches_issue_numbers(pi_detect, pi_false, expected):
    """Issue #4: one attacker, x, y ~ U[0, 1], K = 1, binary alarm (BBW 2020 with n = 1 and
    gamma = 1) gives q* = 0.505912, 0.375000, 0.407318."""
    q = attack_probability(pi_detect, pi_false, 1.0, 1.0)["attack"]
    assert float(q) == pytest.approx(expected, abs=1e-6)


def test_fixed_point_is_solved_on_arrays_at_once():
    """The three issue points in one vectorized call equal the scalar calls."""
    q = attack_probability(np.array([0.8, 0.9, 0.8]), np.array([0.1, 0.1, 0.05]))["attack"]
    np.testing.assert_allclose(q, [0.505912, 0.375000, 0.407318], atol=1e-6)


def test_fixed_point_conditions_hold_at_the_solution():
    """BBW 2020 equilibrium conditions: r_s = G(beta_s) with Bayes posteriors and
    p = 1 - F(K (pi_1 - pi_0)(r_alarm - r_quiet))."""
    pd, pf = np.meshgrid(np.linspace(0.55, 0.99, 9), np.linspace(0.01, 0.45, 7))
    eq = attack_probability(pd, pf, 1.3, 0.7)
    p = eq["attack"]
    a = 0.7 * p
    beta = a * pd / (a * pd + (1 - a) * pf)
    np.testing.assert_allclose(eq["belief_alarm"], beta, atol=1e-12)
    np.testing.assert_allclose(
        p,
        np.clip(1 - 1.3 * (pd - pf) * (eq["retaliate_alarm"] - eq["retaliate_quiet"]), 0, 1),
        atol=1e-10,
    )


def test_better_detection_and_fewer_false_alarms_strengthen_deterrence():
    """BBW 2020 (single attacker): raising detection pi_1 or lowering false alarms pi_0
    lowers the equilibrium attack probability (uniform F, G on a grid)."""
    pd = np.linspace(0.6, 1.0, 40)  # interior: below 0.6 every type attacks (q* = 1)
    pf = np.linspace(0.0, 0.35, 40)
    q_detect = attack_probability(pd, 0.1)["attack"]
    q_false = attack_probability(0.8, pf)["attack"]
    assert (np.diff(q_detect) < 0).all()
    assert (np.diff(q_false) > 0).all()


def test_engine_logit_qre_equals_logistic_fixed_point_on_grid():
    """Agent logit QRE at lam = 1 with payoffs scaled by the logistic scales is the BBW
    equilibrium with logistic F and G (McKelvey & Palfrey 1998): engine attack probability
    equals the closed-form fixed point on a grid away from boundaries."""
    pd, pf, mu = np.meshgrid(
        np.linspace(0.55, 0.95, 5), np.linspace(0.02, 0.4, 4), np.linspace(0.0, 1.5, 4)
    )
    result = MODEL.solve({"pi_detect": pd, "pi_false": pf, "mu_x": mu}, method="qre")
    engine = result.solution.action_prob("Attacker", "attack")
    np.testing.assert_allclose(engine, result.theory.values["attack_probability"], atol=1e-9)
    assert result.agrees_with_theory.all()


def test_logistic_theory_responds_like_the_paper():
    """BBW 2020 (abstract): better detection strengthens deterrence; it holds for logistic
    benefits and costs too."""
    F, G = logistic_cdf(0.5, 0.2), logistic_cdf(0.5, 0.2)
    q = attack_probability(np.linspace(0.6, 1.0, 9), 0.1, benefit_cdf=F, cost_cdf=G)["attack"]
    assert (np.diff(q) < 0).all()


def test_single_attacker_case_of_multi_attacker_solver_matches_bisection():
    """The n-attacker iteration with one attacker and a binary signal equals the bisection."""
    pi = np.array([[[0.9, 0.1], [0.2, 0.8]], [[0.9, 0.1], [0.1, 0.9]]])
    p = multi_attacker_equilibrium(pi, np.ones((2, 1)))[:, 0]
    np.testing.assert_allclose(p, [0.505912, 0.375000], atol=1e-6)


def test_ambiguous_detection_of_one_attacker_backfires_with_two_attackers():
    """BBW 2020 (abstract): "detecting more attacks where the attacker is difficult to
    identify" can weaken deterrence. Two attackers, signals (none, points
    at 1, points at 2, ambiguous); moving 10% of attacker 1's undetected attacks to the
    ambiguous signal makes attacker 2 less suspect after that signal, so attacker 2 attacks
    more, and total attacks rise."""
    base = np.array([[0.9, 0.05, 0.05, 0.0], [0.5, 0.5, 0.0, 0.0], [0.2, 0.0, 0.4, 0.4]])
    better = base.copy()
    better[1] = [0.4, 0.5, 0.0, 0.1]
    gamma = np.array([0.5, 0.5])
    p = multi_attacker_equilibrium(np.stack([base, better]), gamma)
    total = (gamma * p).sum(-1)
    assert p[1, 1] > p[0, 1] + 0.05  # attacker 2 more aggressive
    assert total[1] > total[0] + 0.02  # deterrence weakened overall


def test_model_json_point_has_theory_with_uniform_benchmark():
    """`detente model cyber_attribution --json` content: theory carries the uniform q*."""
    point = MODEL.solve(method="qre").point()
    assert point["theory"]["attack_probability_uniform"] == pytest.approx(0.505912, abs=1e-6)


def test_replacing_misidentification_with_non_detection_strengthens_deterrence():
    """BBW 2020 (abstract: "replacing misidentification with non-detection"): when attacks by
    attacker 1 that were blamed on attacker 2 go undetected instead, both attackers attack
    less (two attackers, signals: none, points at 1, points at 2)."""
    base = np.array([[0.9, 0.05, 0.05], [0.4, 0.4, 0.2], [0.4, 0.2, 0.4]])
    better = base.copy()
    better[1] = [0.6, 0.4, 0.0]
    p = multi_attacker_equilibrium(np.stack([base, better]), np.array([0.5, 0.5]))
    assert (p[1] < p[0] - 0.01).all()


def test_attackers_are_strategic_complements():
    """BBW 2020 (abstract): if one attacker becomes more aggressive (retaliation hurts it less,
    K_1 = 0.5 instead of 1) it becomes more suspect, the other less suspect, and the other
    attacks more as well."""
    base = np.array([[0.9, 0.05, 0.05], [0.4, 0.4, 0.2], [0.4, 0.2, 0.4]])
    p = multi_attacker_equilibrium(base, np.array([0.5, 0.5]), k=np.array([[1.0, 1.0], [0.5, 1.0]]))
    assert p[1, 0] > p[0, 0] and p[1, 1] > p[0, 1]


def test_qre_precision_rescales_the_logistic_distributions():
    """Logit choice at precision lam with payoffs divided by s is the logistic model with
    scale s / lam (McKelvey & Palfrey 1998): QRE at lam = 4 equals the theory with s / 4."""
    params = {"s_x": 0.8, "s_y": 0.6, "mu_x": 0.3}
    engine = MODEL.solve(params, method="qre", lam=4.0).solution.action_prob("Attacker", "attack")
    closed = MODEL.solve(params | {"s_x": 0.2, "s_y": 0.15}).theory.values["attack_probability"]
    assert float(engine) == pytest.approx(float(closed), abs=1e-9)
