"""Sobol indices in NumPy (issue 17): SALib's estimators, checked against SALib itself on the
same design and outputs, and against closed-form indices of test functions."""

from __future__ import annotations

import numpy as np

from detente.scenario import load_calibration, load_scenario
from detente.scenario.sensitivity import BASE_SAMPLES, sobol_design, sobol_indices, sobol_ranking


def _design(n: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    a, b = sobol_design(seed, [f"x{j}" for j in range(k)], n)
    mixed = []
    for j in range(k):
        m = a.copy()
        m[:, j] = b[:, j]
        mixed.append(m)
    return a, b, mixed


def _ishigami(u: np.ndarray) -> np.ndarray:
    x = -np.pi + 2 * np.pi * u
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_indices_equal_salib_on_the_same_design_and_outputs():
    """The same Y laid out as SALib expects (rows A, AB_1..AB_k, B per base point) and the
    same bootstrap seed: SALib's S1, ST and their 95 % half-widths, to rounding."""
    from SALib.analyze import sobol  # the test extra's oracle

    n, k, seed = 1_024, 3, 17
    a, b, mixed = _design(n, k, 4)
    y_a, y_b = _ishigami(a), _ishigami(b)
    y_ab = np.column_stack([_ishigami(m) for m in mixed])
    ours = sobol_indices(y_a, y_b, y_ab, seed)
    y = np.column_stack([y_a, y_ab, y_b]).ravel()
    problem = {"num_vars": k, "names": ["x1", "x2", "x3"], "bounds": [[0, 1]] * k}
    theirs = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
    for key in ("S1", "ST", "S1_conf", "ST_conf"):
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-9, atol=1e-12, err_msg=key)


def test_ishigami_indices_match_their_closed_form():
    """Ishigami & Homma (1990), a = 7, b = 0.1: S1 = (0.3139, 0.4424, 0), ST = (0.5576,
    0.4424, 0.2437) (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, sec.
    4.7); the estimates lie within their bootstrap intervals (doubled, for a 95 % band that
    must hold for six numbers)."""
    a, b, mixed = _design(2**15, 3, 1)
    y_ab = np.column_stack([_ishigami(m) for m in mixed])
    est = sobol_indices(_ishigami(a), _ishigami(b), y_ab, 3)
    exact_s1 = np.array([0.3139, 0.4424, 0.0])
    exact_st = np.array([0.5576, 0.4424, 0.2437])
    assert np.all(np.abs(est["S1"] - exact_s1) <= 2 * est["S1_conf"] + 1e-3)
    assert np.all(np.abs(est["ST"] - exact_st) <= 2 * est["ST_conf"] + 1e-3)


def test_an_additive_model_has_equal_first_and_total_indices():
    """Y = sum a_j X_j with independent uniforms: S1_j = ST_j = a_j^2 / sum a^2 (no
    interactions)."""
    coef = np.array([3.0, 2.0, 1.0, 0.0])
    a, b, mixed = _design(2**14, 4, 9)
    est = sobol_indices(a @ coef, b @ coef, np.column_stack([m @ coef for m in mixed]), 5)
    exact = coef**2 / np.sum(coef**2)
    np.testing.assert_allclose(est["S1"], exact, atol=0.03)
    np.testing.assert_allclose(est["ST"], exact, atol=0.03)
    assert est["ST"][3] == 0.0 and est["ST_conf"][3] == 0.0


def test_a_constant_output_has_zero_indices():
    y = np.ones(64)
    est = sobol_indices(y, y, np.ones((64, 2)), 1)
    assert all(np.all(v == 0) for v in est.values())


def test_the_scenario_ranking_is_fixed_in_size_whatever_the_draws():
    """The design has BASE_SAMPLES points per matrix for every run (memory bounded): the
    ranking depends on the seed only, not on --draws."""
    s = load_scenario("korea_1950")
    cal = load_calibration()
    ranking = sobol_ranking(s, 7, cal)
    assert ranking == sobol_ranking(s, 7, cal, base_samples=BASE_SAMPLES)
    assert [r["ST"] for r in ranking] == sorted((r["ST"] for r in ranking), reverse=True)
    assert all(0 <= r["S1"] <= 1 and 0 <= r["ST"] <= 1 for r in ranking)
