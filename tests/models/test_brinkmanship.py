"""Brinkmanship against Schelling (1960, ch. 8) and Powell (1987, APSR 81(3); 1990, Nuclear
Deterrence Theory)."""

from __future__ import annotations

import numpy as np
import pytest

import detente.models as dm
from detente.errors import ParameterError
from detente.games import solve_qre, solve_spe
from detente.models.library.brinkmanship import (
    ladder_game,
    ladder_theory,
    private_ladder_game,
    risk_tolerance,
)

MODEL = dm.get("brinkmanship")


def test_risk_tolerance_is_v_over_v_plus_d():
    """Powell (1990): prevailing v, submitting 0, disaster -d gives the largest risk
    worth running r* = v/(v + d); v = 1, d = 4 gives 0.2."""
    assert float(risk_tolerance(1.0, 4.0)) == pytest.approx(0.2)
    v, d = np.meshgrid(np.linspace(0.1, 5, 7), np.linspace(0.1, 10, 9))
    r = risk_tolerance(v, d)
    np.testing.assert_allclose((1 - r) * v - r * d, 0.0, atol=1e-12)


def test_one_rung_challenge_iff_risk_within_tolerance_engine_grid():
    """Schelling (1960, ch. 8): a side runs a risk r of disaster to prevail iff r <= r*.
    One-rung ladder, no misperception: the engine's SPE challenges exactly where
    rho_1 < v_C/(v_C + d_C) (grid points away from the boundary)."""
    game = ladder_game([0.3])
    v, rho = np.meshgrid(np.linspace(0.15, 4.9, 37), np.linspace(0.02, 0.98, 41))
    sol = solve_spe(game, {"v_c": v, "d_c": 2.0, "rho_1": rho})
    rstar = v / (v + 2.0)
    away = np.abs(rho - rstar) > 1e-6
    challenged = sol.action_prob("Challenger at rung 1", "challenge") == 1.0
    np.testing.assert_array_equal(challenged[away], (rho < rstar)[away])


def test_complete_information_the_loser_gives_way_at_once():
    """Backward induction (module derivation; the reason Powell 1987, 1990 needs private
    resolve for escalation): with complete information the side that would lose gives way at
    its first move, so the Defender never prevails after a challenge and no risk beyond rung
    1 is run (5-rung ladder, random rising risks, engine SPE)."""
    rng = np.random.default_rng(7)
    n = 3000
    params = {k: rng.uniform(0.1, 5, n) for k in ("v_c", "d_c", "v_d", "d_d")}
    params |= {
        f"rho_{k}": np.sort(rng.uniform(0.01, 0.99, (n, 5)), axis=1)[:, k - 1] for k in range(1, 6)
    }
    sol = solve_spe(ladder_game([0.1, 0.2, 0.3, 0.4, 0.5]), params)
    assert np.abs(sol.outcome_prob("Defender prevails")).max() == 0.0
    # no risk beyond rung 1 is ever run: disaster comes only from the challenge itself
    challenged = sol.action_prob("Challenger at rung 1", "challenge")
    np.testing.assert_allclose(sol.outcome_prob("Disaster"), challenged * params["rho_1"])
    th = ladder_theory(
        {k: np.asarray(v) for k, v in params.items()}
        | {"misperception": np.zeros(n), "hotline": np.zeros(n)},
        5,
    )
    np.testing.assert_allclose(sol.outcome_prob("Disaster"), th.values["p_disaster"], atol=1e-12)


def test_user_ladder_engine_equals_closed_form_with_misperception():
    """Any user ladder (6 rungs, with missed submissions): engine SPE outcome probabilities
    equal the closed-form backward induction of `ladder_theory` at every point."""
    rng = np.random.default_rng(3)
    n = 2000
    params = {k: rng.uniform(0.1, 5, n) for k in ("v_c", "d_c", "v_d", "d_d")}
    params |= {"misperception": rng.uniform(0, 1, n), "hotline": rng.uniform(0, 1, n)}
    params |= {f"rho_{k}": rng.uniform(0.01, 0.99, n) for k in range(1, 7)}
    sol = solve_spe(ladder_game([0.05, 0.1, 0.2, 0.3, 0.5, 0.8]), params)
    th = ladder_theory({k: np.asarray(v) for k, v in params.items()}, 6)
    for label in ("Status Quo", "Challenger prevails", "Disaster"):
        key = "p_" + label.lower().replace(" ", "_")
        np.testing.assert_allclose(sol.outcome_prob(label), th.values[key], atol=1e-12)


def test_private_resolve_hard_defender_climbs_and_prevails_at_defaults():
    """Powell (1987): with private resolve the Challenger probes; a hard Defender (r* = 3/7)
    climbs to rung 2 and the Challenger (r* = 0.2 < rho_3 = 0.5) then gives in. At the
    defaults P(Defender prevails) = (1 - rho_1) p_hard (1 - rho_2)(1 - m rho_3) = 0.2052 and
    P(disaster) = 0.1564 (derived by hand from the tree)."""
    point = MODEL.solve().point()
    assert point["outcomes"]["Defender prevails"] == pytest.approx(0.95 * 0.3 * 0.8 * 0.9)
    assert point["outcomes"]["Disaster"] == pytest.approx(
        0.05 + 0.95 * (0.3 * (0.2 + 0.8 * 0.1) + 0.7 * 0.2 * 0.2)
    )
    assert point["theory"]["p_disaster"] == pytest.approx(point["outcomes"]["Disaster"])


def test_hotline_lowers_the_probability_of_disaster():
    """Schelling (1960, ch. 8): a channel that makes submissions seen at once (missed with
    probability m = misperception (1 - hotline)) lowers the risk of disaster."""
    h = np.linspace(0, 1, 11)
    sol = MODEL.solve({"hotline": h})
    disaster = sol.solution.outcome_prob("Disaster")
    assert (np.diff(disaster) < 0).all()
    np.testing.assert_allclose(disaster, sol.theory.values["p_disaster"], atol=1e-12)


def test_engine_equals_theory_on_resolve_by_risk_grid():
    """Engine SPE outcome equals the closed form on the p_hard x rho_2 plane (away from
    boundaries), and outcome probabilities agree everywhere."""
    p, r2 = np.meshgrid(np.linspace(0, 1, 41), np.linspace(0.01, 0.99, 49))
    sol = MODEL.solve({"p_hard": p, "rho_2": r2, "misperception": 0.1})
    keep = sol.theory.margin > 1e-6
    assert keep.mean() > 0.9
    assert sol.agrees_with_theory[keep].all()
    np.testing.assert_allclose(
        sol.solution.outcome_prob("Defender prevails"),
        sol.theory.values["p_defender_prevails"],
        atol=1e-12,
    )


def test_qre_approaches_spe_as_lambda_grows():
    """McKelvey & Palfrey (1998): the logit QRE converges to the SPE as lam -> infinity."""
    spe = MODEL.solve().point()["outcomes"]
    qre = MODEL.solve(method="qre", lam=2000.0).point()["outcomes"]
    for label, prob in spe.items():
        assert qre[label] == pytest.approx(prob, abs=1e-3)


def test_ladder_rejects_bad_rungs():
    with pytest.raises(ParameterError, match="rung risks"):
        ladder_game([])
    with pytest.raises(ParameterError, match="rung risks"):
        ladder_game([0.1, 1.5])


def test_private_ladder_of_three_rungs_has_the_registered_models_limit():
    """With three rungs the Challenger's last choice does not depend on the Defender's type,
    so the information-set version (`private_ladder_game`) has, in the logit QRE limit
    (McKelvey & Palfrey 1998), the registered model's SPE outcome probabilities."""
    qre = solve_qre(private_ladder_game([0.05, 0.2, 0.5]), {}, lam=5000.0)
    spe = MODEL.solve().point()["outcomes"]
    assert qre.converged.all()
    for label, prob in spe.items():
        assert float(qre.outcome_prob(label)) == pytest.approx(prob, abs=1e-6)


def test_private_ladder_with_identical_types_equals_complete_information_closed_form():
    """A 5-rung private-resolve ladder whose two types are identical is the complete-
    information ladder: its QRE at lam = 300 equals `ladder_theory` at points whose decision
    margins exceed 0.1 (logit errors below exp(-30))."""
    stake = np.array([1.0, 2.0, 3.0])
    v_c = np.array([1.0, 1.5, 0.5])
    risks = {"rho_1": 0.05, "rho_2": 0.1, "rho_3": 0.2, "rho_4": 0.35, "rho_5": 0.6}
    game = private_ladder_game(list(risks.values()))
    qre = solve_qre(game, {"v_d_hard": stake, "v_d_soft": stake, "v_c": v_c}, lam=300.0)
    base = {k: np.asarray(v) for k, v in game.parameters.items()}
    closed = ladder_theory(
        {k: base[k] for k in ("d_c", "d_d", "misperception", "hotline")}
        | {k: np.asarray(v) for k, v in risks.items()}
        | {"v_d": stake, "v_c": v_c},
        5,
    )
    assert (closed.margin > 0.1).all()
    for label in ("Status Quo", "Challenger prevails", "Defender prevails", "Disaster"):
        key = "p_" + label.lower().replace(" ", "_")
        np.testing.assert_allclose(qre.outcome_prob(label), closed.values[key], atol=1e-9)


def test_private_resolve_makes_the_crisis_climb_and_deters_when_likely_hard():
    """Powell (1987): escalation happens under private resolve. On a 5-rung ladder (QRE
    limit) a Challenger facing a possibly hard Defender challenges; the hard type climbs and
    prevails, so disaster risk exceeds the challenge's own rho_1; a likely-hard Defender
    deters the challenge altogether."""
    p = np.linspace(0, 1, 6)
    qre = solve_qre(private_ladder_game([0.05, 0.1, 0.2, 0.35, 0.6]), {"p_hard": p}, lam=300.0)
    status_quo = qre.outcome_prob("Status Quo")
    assert (np.diff(status_quo) >= -1e-12).all() and status_quo[-1] == pytest.approx(1.0)
    probing = (p > 0) & (status_quo < 1e-6)
    assert probing.any()
    assert (qre.outcome_prob("Defender prevails")[probing] > 0.1).all()
    assert (qre.outcome_prob("Disaster")[probing] > 0.05 + 1e-3).all()
