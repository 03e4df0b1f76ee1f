"""The reassurance game and the spiral model against Kydd (1997, 2000, 2005)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

import detente.models as dm
from detente.models.library.spiral import (
    PREFERENCE,
    SEPARATING,
    SPIRAL,
    TRUST,
    _profile_classes,
    trust_threshold,
)

MODEL = dm.get("spiral")


def engine_classes(result) -> np.ndarray:
    """(points, classes) boolean: which PBE classes the engine finds at each point."""
    sol = result.solution
    classes = _profile_classes(sol.game, sol.profiles)
    eq = sol.is_equilibrium.reshape(-1, sol.profiles.shape[0])
    return np.stack([(eq & (classes == c)).any(axis=1) for c in range(len(PREFERENCE))], 1)


def test_trust_threshold_is_s_over_one_minus_t_plus_s():
    """Kydd (2005, ch. 1-3), payoffs CC = 1, DD = 0, CD = -s, DC = t: a security seeker
    cooperates with a cooperating security seeker iff pi >= s/(1 - t + s); s = 0.4, t = 0.5
    gives 4/9."""
    assert trust_threshold(0.4, 0.5) == pytest.approx(4 / 9)
    # at the threshold cooperating and defecting pay the same
    pi = trust_threshold(np.array([0.2, 1.0]), np.array([0.3, 0.9]))
    s, t = np.array([0.2, 1.0]), np.array([0.3, 0.9])
    np.testing.assert_allclose(pi * 1 + (1 - pi) * (-s), pi * t)


def test_cooperation_iff_prior_trust_reaches_threshold_on_a_grid():
    """Kydd (1997; 2005, ch. 2): without a useful signal (k_ss > 1), security seekers
    cooperate in equilibrium iff pi >= s/(1 - t + s), else the spiral (mutual defection);
    engine PBE on a pi x s grid away from the boundary."""
    pi, s = np.meshgrid(np.linspace(0.02, 0.98, 15), np.linspace(0.1, 1.9, 11))
    r = MODEL.solve({"pi": pi, "s": s, "t": 0.6, "k_ss": 1.5})
    mu = s / (1 - 0.6 + s)
    keep = np.abs(pi - mu) > 1e-3
    np.testing.assert_array_equal((r.outcome == TRUST)[keep], (pi >= mu)[keep])
    np.testing.assert_array_equal((r.outcome == SPIRAL)[keep], (pi < mu)[keep])
    assert (pi >= mu).any() and (pi < mu).any()


def test_costly_reassurance_separates_iff_cheap_for_security_seekers_dear_for_greedy():
    """Kydd (2000; 2005, ch. 7): a separating PBE (security seeker signals, greedy does not,
    B cooperates after the signal) exists iff k_ss <= 1 and k_greedy >= t_greedy; it turns
    the spiral (pi below threshold) into cooperation between security seekers."""
    k_ss, k_g = np.meshgrid(np.linspace(0.03, 1.97, 13), np.linspace(0.05, 2.95, 13))
    r = MODEL.solve({"pi": 0.2, "k_ss": k_ss, "k_greedy": k_g, "t_greedy": 1.5})
    expected = (k_ss <= 1) & (k_g >= 1.5)
    found = engine_classes(r)[:, PREFERENCE.index(SEPARATING)].reshape(k_ss.shape)
    np.testing.assert_array_equal(found, expected)
    np.testing.assert_array_equal(r.outcome == SEPARATING, expected)
    np.testing.assert_array_equal(r.theory.values["separating_exists"], expected)


@pytest.mark.parametrize(
    "params",
    [
        {"pi": 0.2},  # separating + spiral
        {"pi": 0.7},  # trust + separating + spiral
        {"pi": 0.7, "k_greedy": 1.0},  # trust + pooling reassurance + spiral
        {"pi": 0.1, "k_ss": 1.4},  # spiral only
    ],
)
def test_all_pure_pbe_are_found_each_with_its_beliefs(params):
    """Every pure PBE class the closed form predicts is found by the engine, no other, and
    each equilibrium reports B's beliefs at both information sets: Bayes' rule on the path
    (separating: 1 after the signal, 0 without; pooling: the prior pi), a range off it."""
    r = MODEL.solve(params)
    th = r.theory.point()
    expected = [
        th["trust_exists"],
        th["separating_exists"],
        th["pooling_reassurance_exists"],
        th["spiral_exists"],
    ]
    assert engine_classes(r)[0].tolist() == expected
    pi = float(np.asarray(r.params["pi"]).reshape(-1)[0])
    for e in r.solution.equilibria():
        assert set(e.beliefs) == {"B after reassure", "B after no signal"}
        for h in ("reassure", "no signal"):
            b = e.beliefs[f"B after {h}"]
            ss = [v for k, v in b.items() if "security-seeking" in k]
            if e.on_path[f"B after {h}"]:
                senders = [
                    t for t in ("security-seeking", "greedy") if e.strategy[f"{t} A signals"] == h
                ]
                want = (
                    1.0
                    if senders == ["security-seeking"]
                    else (0.0 if senders == ["greedy"] else pi)
                )
                assert sum(ss) == pytest.approx(want)
            else:
                assert all(isinstance(v, tuple) for v in b.values())


def test_engine_equals_closed_form_on_a_grid_away_from_boundaries():
    """On a 4-d grid, the selected PBE class (security seeker's preferred) equals theory
    wherever the point is not within 1e-3 of a region boundary."""
    g = np.meshgrid(
        np.linspace(0.05, 0.95, 5),
        np.linspace(0.1, 1.9, 4),
        np.linspace(0.1, 1.9, 4),
        np.linspace(0.2, 2.8, 4),
        indexing="ij",
    )
    r = MODEL.solve({"pi": g[0], "s": g[1], "k_ss": g[2], "k_greedy": g[3]})
    keep = r.theory.margin > 1e-3
    assert keep.mean() > 0.8
    assert (r.agrees_with_theory[keep]).all()
    assert set(np.unique(r.outcome)) == {TRUST, SEPARATING, SPIRAL}


def test_cli_model_json_has_theory_and_equilibria():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from detente.cli.main import run; run()",
            "model",
            "spiral",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["theory"]["trust_threshold"] == pytest.approx(4 / 9)
    assert data["outcome"] == SEPARATING == data["theory"]["outcome"]
    assert len(data["equilibria"]) == 2 and all("beliefs" in e for e in data["equilibria"])
