"""Estimation on simulated data recovers the true parameters (95% interval coverage)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy.stats import norm

from detente.estimate import EstimationWarning, egame12

TRUE = {
    "u11:(Intercept)": 0.5,
    "u11:x1": -1.0,
    "u14:(Intercept)": -0.5,
    "u14:x2": 1.0,
    "u24:(Intercept)": 0.3,
    "u24:x3": 1.0,
}


def simulate_egame12_agent_probit(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """Draw choices from the agent-error probit egame12 (Signorino 2003, eqs. for p2, p4):
    p4 = Phi(u24 / sqrt 2), p2 = Phi((p3 u13 + p4 u14 - u11) / sqrt 2), u13 = 0."""
    x1, x2, x3 = rng.normal(size=(3, n))
    u11 = TRUE["u11:(Intercept)"] + TRUE["u11:x1"] * x1
    u14 = TRUE["u14:(Intercept)"] + TRUE["u14:x2"] * x2
    u24 = TRUE["u24:(Intercept)"] + TRUE["u24:x3"] * x3
    p4 = norm.cdf(u24 / np.sqrt(2))
    p2 = norm.cdf((p4 * u14 - u11) / np.sqrt(2))
    a1 = rng.random(n) < p2
    a2 = a1 & (rng.random(n) < p4)
    return pd.DataFrame({"x1": x1, "x2": x2, "x3": x3, "a1": a1.astype(int), "a2": a2.astype(int)})


def test_egame12_agent_probit_95pct_intervals_cover_truth_about_95pct():
    """Monte Carlo: 200 samples of n = 500; Wald intervals from the inverse Hessian should
    cover each true coefficient in about 95% of samples (binomial sd ~1.5 points)."""
    rng = np.random.default_rng(20140601)
    truth = pd.Series(TRUE)
    covered = []
    estimates = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        for _ in range(200):
            fit = egame12("a1 + a2 ~ x1 | 0 | x2 | x3", simulate_egame12_agent_probit(500, rng))
            ci = fit.conf_int(0.95)
            t = truth[list(fit.names)]
            covered.append(((ci.lower <= t) & (t <= ci.upper)).to_numpy())
            estimates.append(fit.theta)
    coverage = np.mean(covered, axis=0)
    assert 0.90 <= coverage.mean() <= 0.99, coverage
    assert np.all((coverage >= 0.88) & (coverage <= 0.995)), coverage
    # and the estimator is centred on the truth (mean error within 3 Monte Carlo SEs)
    est = np.asarray(estimates)
    bias = est.mean(axis=0) - truth.to_numpy()
    mc_se = est.std(axis=0, ddof=1) / np.sqrt(len(est))
    assert np.all(np.abs(bias) < 3 * mc_se + 0.02), (bias, mc_se)
