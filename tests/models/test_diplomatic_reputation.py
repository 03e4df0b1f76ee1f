"""Deterrence by diplomacy against Sartori (2002, 2005) and Bayes' rule."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

import detente.models as dm
from detente.errors import ParameterError
from detente.models.library.diplomatic_reputation import (
    BLUFFING,
    CAUGHT_BLUFFING,
    HONEST,
    NO_DETERRENCE,
    PREFERENCE,
    SILENT,
    THREAT_CARRIED_OUT,
    UNTESTED_THREAT,
    _profile_classes,
    honesty_threshold,
    min_discount_for_honesty,
    reputation_path,
    reputation_value,
    reputation_worth_per_crisis,
    simulate_crises,
    update_reputation,
)

MODEL = dm.get("diplomatic_reputation")


def engine_classes(result) -> np.ndarray:
    sol = result.solution
    classes = _profile_classes(sol.game, sol.profiles)
    eq = sol.is_equilibrium.reshape(-1, sol.profiles.shape[0])
    return np.stack([(eq & (classes == c)).any(axis=1) for c in range(len(PREFERENCE))], 1)


def test_honesty_threshold_at_theta_03_is_7_over_3():
    """A bluff wins the stake (1) against an opportunistic Challenger (1 - theta) and loses
    the reputation R to a determined one (theta): honest iff R >= (1 - theta)/theta."""
    assert honesty_threshold(0.3) == pytest.approx(7 / 3)


def test_honest_threats_are_an_equilibrium_iff_reputation_outweighs_bluffing():
    """Sartori (2005, ch. 3): honesty is kept when the reputation at stake is worth more than
    what a bluff gains; engine PBE on an R x theta grid, both sides of R = (1 - theta)/theta."""
    R, theta = np.meshgrid(np.linspace(0.1, 9.9, 23), np.linspace(0.05, 0.95, 19))
    r = MODEL.solve({"reputation": R, "theta": theta})
    h = (1 - theta) / theta
    keep = np.abs(theta * R - (1 - theta)) > 1e-3
    found = engine_classes(r)[:, PREFERENCE.index(HONEST)].reshape(R.shape)
    np.testing.assert_array_equal(found[keep], (h <= R)[keep])
    assert (h <= R).any() and (h > R).any()


def test_bluffing_pays_only_without_enough_reputation_and_with_a_deterring_prior():
    """Pooling on threats (irresolute States bluff) is a PBE iff bluffing pays
    (R < (1 - theta)/theta) and the prior alone makes the Challenger back down
    (p >= 1/(1 + c_c))."""
    R, p = np.meshgrid(np.linspace(0.1, 5, 15), np.linspace(0.03, 0.97, 15))
    r = MODEL.solve({"reputation": R, "p": p, "theta": 0.3, "c_c": 1.0})
    expected = (R < 7 / 3) & (p >= 0.5)
    found = engine_classes(r)[:, PREFERENCE.index(BLUFFING)].reshape(R.shape)
    np.testing.assert_array_equal(found, expected)


@pytest.mark.parametrize(
    "params",
    [
        {"reputation": 3.0, "p": 0.3},  # honest + no deterrence
        {"reputation": 3.0, "p": 0.7},  # honest + quiet deterrence
        {"reputation": 1.0, "p": 0.7},  # bluffing + quiet deterrence
        {"reputation": 1.0, "p": 0.3},  # no deterrence only
    ],
)
def test_all_pure_pbe_are_found_each_with_its_beliefs(params):
    """The engine finds exactly the closed form's PBE classes, and each equilibrium reports
    the Challenger's beliefs: Bayes on the path (honest: 1 after a threat, 0 after silence;
    pooling: the prior p), a supporting range off it."""
    r = MODEL.solve(params)
    th = r.theory.point()
    keys = ["honest_exists", "bluffing_exists", "quiet_deterrence_exists", "no_deterrence_exists"]
    assert engine_classes(r)[0].tolist() == [th[k] for k in keys]
    p = params["p"]
    for e in r.solution.equilibria():
        for m in ("threat", "silence"):
            b = e.beliefs[f"Challenger after {m}"]
            resolved = b[f"Challenger: resolved State, {m}"]
            if e.on_path[f"Challenger after {m}"]:
                action = "threaten" if m == "threat" else "stay silent"
                who = [t for t in ("resolved", "irresolute") if e.strategy[f"{t} State"] == action]
                want = {("resolved",): 1.0, ("irresolute",): 0.0}.get(tuple(who), p)
                assert resolved == pytest.approx(want)
            else:
                assert isinstance(resolved, tuple)


def test_engine_equals_closed_form_on_a_grid_away_from_boundaries():
    g = np.meshgrid(
        np.linspace(0.2, 9.8, 9),
        np.linspace(0.05, 0.95, 7),
        np.linspace(0.05, 0.95, 7),
        np.linspace(0.1, 2.9, 5),
        indexing="ij",
    )
    r = MODEL.solve({"reputation": g[0], "theta": g[1], "p": g[2], "c_c": g[3]})
    keep = r.theory.margin > 1e-3
    assert keep.mean() > 0.8
    assert r.agrees_with_theory[keep].all()
    # quiet deterrence is a PBE wherever bluffing or honest threats are, so never selected
    assert set(np.unique(r.outcome)) == {HONEST, BLUFFING, NO_DETERRENCE}


def test_reputation_worth_and_discount_threshold():
    """Per crisis, honesty saves a resolved State the war cost against an opportunistic
    Challenger: w = p (1 - theta) c_s = 0.3 * 0.7 * 0.5 = 0.105 (p < 1/(1 + c_c)); forever
    lost it is worth delta/(1 - delta) w; at the minimum discount factor theta R = 1 - theta."""
    assert reputation_worth_per_crisis(0.3, 0.3, 0.5, 1.0) == pytest.approx(0.105)
    assert reputation_worth_per_crisis(0.6, 0.3, 0.5, 1.0) == 0.0  # the prior deters alone
    assert reputation_value(0.9, 0.3, 0.3, 0.5, 1.0) == pytest.approx(9 * 0.105)
    d = min_discount_for_honesty(0.3, 0.3, 0.5, 1.0)
    assert 0.3 * reputation_value(d, 0.3, 0.3, 0.5, 1.0) == pytest.approx(0.7)
    assert min_discount_for_honesty(0.6, 0.3, 0.5, 1.0) == 1.0
    with pytest.raises(ParameterError, match="delta"):
        reputation_value(1.0, 0.3, 0.3, 0.5, 1.0)


def test_update_reputation_is_bayes_rule_and_vectorized():
    """Sartori (2005, ch. 3): a State caught bluffing loses its reputation for honesty (0);
    a carried-out threat is equally likely for both types (unchanged); silence, which only an
    honest type shows when strategic types always bluff, reveals honesty; an untested threat
    follows Bayes' rule: rho p / (rho p + (1 - rho)(p + (1 - p) b))."""
    rho = np.array([0.2, 0.5, 0.9])
    obs = np.array([[CAUGHT_BLUFFING], [THREAT_CARRIED_OUT], [SILENT], [UNTESTED_THREAT]])
    post = update_reputation(rho, obs, p=0.3, bluff_rate=1.0, challenge_prob=0.4)
    assert post.shape == (4, 3)
    np.testing.assert_allclose(post[0], 0.0)
    np.testing.assert_allclose(post[1], rho)
    np.testing.assert_allclose(post[2], 1.0)
    np.testing.assert_allclose(post[3], rho * 0.3 / (rho * 0.3 + (1 - rho) * 1.0))
    half = update_reputation(0.5, UNTESTED_THREAT, p=0.3, bluff_rate=0.5, challenge_prob=0.4)
    assert half == pytest.approx(0.3 / (0.3 + 0.65))


def test_reputation_path_equals_repeated_updates():
    rng = np.random.default_rng(7)
    obs = rng.choice([SILENT, UNTESTED_THREAT, THREAT_CARRIED_OUT], size=(6, 12))
    path = reputation_path(obs, 0.4, p=0.3, bluff_rate=0.6, challenge_prob=0.3)
    step = np.full(6, 0.4)
    for t in range(12):
        step = update_reputation(step, obs[:, t], p=0.3, bluff_rate=0.6, challenge_prob=0.3)
        np.testing.assert_allclose(path[:, t + 1], step, rtol=1e-10)


def test_impossible_observation_is_refused():
    with pytest.raises(ParameterError, match="impossible under both"):
        update_reputation(0.5, CAUGHT_BLUFFING, bluff_rate=0.0)
    with pytest.raises(ParameterError, match="integer codes"):
        update_reputation(0.5, 7)


def test_simulated_honest_states_are_never_caught_and_seeds_reproduce():
    a = simulate_crises(30, n_runs=200, prior=0.5, seed=3)
    b = simulate_crises(30, n_runs=200, prior=0.5, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(a.observations, b.observations)
    assert a.reputation.shape == (200, 31)
    honest = a.honest
    assert not (a.observations[honest] == CAUGHT_BLUFFING).any()
    assert (a.reputation[honest, -1] > 0).all()
    caught = (a.observations == CAUGHT_BLUFFING).any(axis=1)
    assert (a.reputation[caught, -1] == 0).all() and caught.any()
    # observers learn: honest States end with a higher reputation than strategic ones
    assert a.reputation[honest, -1].mean() > a.reputation[~honest, -1].mean() + 0.5


def test_cli_model_json_has_theory_and_equilibria():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from detente.cli.main import run; run()",
            "model",
            "diplomatic_reputation",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["theory"]["honesty_threshold"] == pytest.approx(7 / 3)
    assert data["outcome"] == HONEST == data["theory"]["outcome"]
    assert all("beliefs" in e for e in data["equilibria"])
