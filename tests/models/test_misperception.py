"""Misperception and decision noise (Jervis 1976; McKelvey & Palfrey 1998; Signorino 1999)
applied to unilateral deterrence (Zagare & Kilgour 2000) and to brinkmanship."""

from __future__ import annotations

import numpy as np
import pytest

import detente.models as dm
from detente.errors import ParameterError
from detente.models.library.misperception import (
    decision_lambda,
    misperception_analysis,
    perceived_parameters,
)

MODEL = dm.get("misperception")


def test_challenger_misjudges_only_the_defenders_parameters():
    """Jervis (1976, ch. 3): a side misjudges the adversary's resolve and the world, not its own
    payoffs. In unilateral deterrence the Challenger perceives p_def and the Defender's
    payoffs with error, and its own s_ch, a_ch, d_ch exactly."""
    challenger, defender = perceived_parameters(MODEL.game)
    assert challenger == {"p_def", "s_def", "c_def", "d_def_hard", "d_def_soft"}
    assert defender == {"p_def", "s_ch", "a_ch", "d_ch"}


@pytest.mark.parametrize("p_def", [0.6, 0.75, 0.9])
def test_monte_carlo_perception_failure_matches_closed_form(p_def):
    """Perception-only failure probability (Challenger challenges a Defender that deters by
    design) from 40,000 Monte Carlo draws agrees with the closed form (normal errors, the
    common error in c_hat integrated by Gauss-Hermite quadrature) within 4 standard errors."""
    params = {"p_def": p_def, "perception_sd": 0.2}
    res = misperception_analysis(MODEL, params, perception_sd=0.2, draws=40_000, seed=11)
    closed = MODEL.solve(params).theory.values["fail_by_perception"]
    assert abs(float(res.perception) - float(closed)) < 4 * float(res.perception_se) + 1e-4


def test_decision_noise_failure_equals_statistical_backward_induction_on_grid():
    """Signorino (1999): the logit QRE of a perfect-information game is statistical backward
    induction; the engine's decision-noise failure equals the closed form on a grid."""
    p, t = np.meshgrid(np.linspace(0.55, 0.95, 9), np.array([0.05, 0.25, 1.0, 4.0]))
    res = misperception_analysis(
        MODEL, {"p_def": p, "decision_time": t}, decision_time=t, draws=3, seed=0
    )
    closed = MODEL.solve({"p_def": p, "decision_time": t}).theory.values
    np.testing.assert_allclose(res.decision, closed["fail_by_decision_noise"], atol=1e-10)
    qre = MODEL.solve({"p_def": p, "decision_time": t}, method="qre", lam=decision_lambda(t))
    np.testing.assert_allclose(
        1 - qre.solution.outcome_prob("Status Quo"), closed["fail_by_decision_noise"], atol=1e-10
    )


def test_decision_time_compression_lowers_lambda_and_raises_failure():
    """Module assumption (evidence accumulation, Bogacz et al. 2006): lam = 10 sqrt(t); a
    quarter of the time halves the precision, and less time to decide means more failures."""
    assert float(decision_lambda(0.25)) == pytest.approx(0.5 * float(decision_lambda(1.0)))
    t = np.geomspace(0.01, 10, 12)
    fail = MODEL.solve({"decision_time": t}).theory.values["fail_by_decision_noise"]
    assert (np.diff(fail) < 0).all()


def test_failure_by_design_is_not_counted_as_misjudgment():
    """Where the threat is not credible enough (p_def = 0.3 < 0.5) deterrence fails by design:
    by_design = 1 and no failure is attributed to perception or decision noise."""
    res = misperception_analysis(MODEL, {"p_def": 0.3}, draws=500, seed=2)
    assert float(res.by_design) == 1.0
    assert float(res.perception) == float(res.decision) == float(res.both) == 0.0
    assert 0.0 <= float(res.averted) <= 1.0


def test_perception_failure_vanishes_with_precise_perception():
    """With (almost) exact perception a deterring threat deters: perception failure -> 0."""
    res = misperception_analysis(MODEL, {"p_def": 0.8}, perception_sd=1e-4, draws=2000, seed=3)
    assert float(res.perception) == 0.0


def test_seed_reproducibility_and_generator_accepted():
    """Same seed, same draws; a numpy Generator is accepted (CONTRIBUTING: reproducibility)."""
    a = misperception_analysis(MODEL, {"p_def": 0.7}, draws=300, seed=5)
    b = misperception_analysis(MODEL, {"p_def": 0.7}, draws=300, seed=5)
    c = misperception_analysis(MODEL, {"p_def": 0.7}, draws=300, seed=np.random.default_rng(5))
    assert a.as_dict()["both"] == b.as_dict()["both"] == c.as_dict()["both"]


def test_split_adds_up_and_works_on_brinkmanship():
    """Any perfect-information model: total = by_design - averted + both and
    both = perception + decision + interaction; on brinkmanship 'Status Quo' is success."""
    brink = dm.get("brinkmanship")
    res = misperception_analysis(
        brink,
        {"p_hard": np.array([0.2, 0.6, 0.9])},
        perception_sd=0.3,
        lam=5.0,
        draws=400,
        seed=4,
    )
    np.testing.assert_allclose(res.total, res.by_design - res.averted + res.both)
    np.testing.assert_allclose(res.both, res.perception + res.decision + res.interaction)
    spe = brink.solve({"p_hard": np.array([0.2, 0.6, 0.9])})
    np.testing.assert_allclose(res.by_design, 1 - spe.solution.outcome_prob("Status Quo"))
    for v in (res.perception, res.decision, res.both, res.total):
        assert ((v >= 0) & (v <= 1)).all()


def test_imperfect_information_model_is_refused_with_a_clear_error():
    with pytest.raises(ParameterError, match="perfect information"):
        misperception_analysis(dm.get("cyber_attribution"), draws=10)


def test_bad_inputs_name_the_argument():
    with pytest.raises(ParameterError, match="draws"):
        misperception_analysis(MODEL, draws=0)
    with pytest.raises(ParameterError, match="success"):
        misperception_analysis(MODEL, success="Peace", draws=5)
    with pytest.raises(ParameterError, match="perception_sd"):
        misperception_analysis(MODEL, perception_sd={"nope": 1.0}, draws=5)


def test_registered_model_noise_parameters_are_the_defaults_of_the_analysis():
    """The `misperception` model's own perception_sd (an array here) and decision_time set
    the analysis' noise, so Monte Carlo and the model's closed forms describe the same
    experiment (perception within 4 standard errors, decision noise exactly)."""
    params = {"perception_sd": np.array([0.05, 0.3]), "p_def": 0.7, "decision_time": 0.5}
    res = misperception_analysis(MODEL, params, draws=40_000, seed=8)
    closed = MODEL.solve(params).theory.values
    assert (
        np.abs(res.perception - closed["fail_by_perception"]) < 4 * res.perception_se + 1e-4
    ).all()
    np.testing.assert_allclose(res.decision, closed["fail_by_decision_noise"], atol=1e-10)
    np.testing.assert_allclose(res.lam, decision_lambda(0.5))
