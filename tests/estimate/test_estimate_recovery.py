"""Fits recover the parameters of simulated data. Probit data are drawn *structurally* (payoff
or action errors drawn, each player best-responding), an independent check of the agent and
private-information likelihood conventions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from detente.estimate import egame12, egame123


def _recovered(fit, truth: dict[str, float], limit: float = 4.0) -> None:
    t = pd.Series(truth)[list(fit.names)].to_numpy()
    z = (fit.theta - t) / fit.std_errors.to_numpy()
    assert np.all(np.abs(z) < limit), dict(zip(fit.names, np.round(z, 2), strict=True))


def test_egame12_private_information_recovers_structural_parameters():
    """Signorino (2003), private information: player 2 sees her payoff errors (e23, e24) and
    player 1 his (e11, e13, e14); player 1 best-responds to Pr(2 chooses R) = Phi(u24 / sqrt 2).
    """
    rng = np.random.default_rng(99)
    n = 4000
    x, z = rng.normal(size=(2, n))
    u11 = 0.4 + 0.8 * x
    u13, u14 = -0.3, 0.6
    u24 = -0.2 + 1.0 * z
    e = rng.normal(size=(5, n))
    a2 = u24 + e[4] > e[3]
    p4 = norm.cdf(u24 / np.sqrt(2))
    a1 = (1 - p4) * (u13 + e[1]) + p4 * (u14 + e[2]) > u11 + e[0]
    data = pd.DataFrame({"x": x, "z": z, "a1": a1.astype(int), "a2": (a1 & a2).astype(int)})
    fit = egame12("a1 + a2 ~ x | 1 | 1 - 1 | z", data, link="probit", errors="private")
    # u14's constant is dropped, so u11 and u13 carry differences from u14 = 0.6
    truth = {
        "u11:(Intercept)": 0.4 - 0.6,
        "u11:x": 0.8,
        "u13:(Intercept)": -0.3 - 0.6,
        "u24:(Intercept)": -0.2,
        "u24:z": 1.0,
    }
    _recovered(fit, truth)


def test_egame12_agent_logit_recovers_structural_parameters():
    """Agent error, logit link: choices drawn from the model's own probabilities (logistic
    with scale sqrt 2 at every node, games' convention; a difference of two logistic errors
    is not exactly logistic, so a structural draw would not be this model)."""
    rng = np.random.default_rng(5)
    n = 4000
    x, z = rng.normal(size=(2, n))
    u11 = 0.3 - 0.7 * x
    u24 = 0.2 + 0.9 * z
    p4 = 1 / (1 + np.exp(-u24 / np.sqrt(2)))
    p2 = 1 / (1 + np.exp(-(p4 * 0.5 - u11) / np.sqrt(2)))
    a1 = rng.random(n) < p2
    a2 = rng.random(n) < p4
    data = pd.DataFrame({"x": x, "z": z, "a1": a1.astype(int), "a2": (a1 & a2).astype(int)})
    fit = egame12("a1 + a2 ~ x | 0 | 1 | z", data, link="logit")
    truth = {
        "u11:(Intercept)": 0.3,
        "u11:x": -0.7,
        "u14:(Intercept)": 0.5,
        "u24:(Intercept)": 0.2,
        "u24:z": 0.9,
    }
    _recovered(fit, truth)


@pytest.mark.parametrize("errors", ["private", "agent"])
def test_egame123_recovers_structural_parameters(errors):
    """Signorino and Tarar (2006) three-player game, probit errors drawn structurally:
    private information puts errors on each player's outcome payoffs; agent error on each
    action (scale sqrt 2 at every node)."""
    rng = np.random.default_rng(123 if errors == "private" else 321)
    n = 6000
    x1, x2, x3 = rng.normal(size=(3, n))
    u11 = 0.2 + 0.8 * x1
    u13, u15, u16 = 0.0, 0.5, -0.4
    u23 = 0.0
    u25 = -0.3 + 0.7 * x2
    u26 = 0.4
    u36 = 0.1 + 1.0 * x3
    e = rng.normal(size=(12, n))
    p6 = norm.cdf(u36 / np.sqrt(2))
    p5 = 1 - p6
    a3 = u36 + e[0] > e[1]
    if errors == "private":
        a2 = p5 * (u25 + e[2]) + p6 * (u26 + e[3]) > u23 + e[4]
        p4 = norm.cdf((p5 * u25 + p6 * u26 - u23) / np.sqrt(1 + p5**2 + p6**2))
        p3 = 1 - p4
        a1 = p3 * (u13 + e[5]) + p4 * p5 * (u15 + e[6]) + p4 * p6 * (u16 + e[7]) > u11 + e[8]
    else:
        a2 = p5 * u25 + p6 * u26 + e[2] > u23 + e[3]
        p4 = norm.cdf((p5 * u25 + p6 * u26 - u23) / np.sqrt(2))
        p3 = 1 - p4
        a1 = p3 * u13 + p4 * (p5 * u15 + p6 * u16) + e[5] > u11 + e[6]
    y = np.where(~a1, 1, np.where(~a2, 3, np.where(a3, 6, 5)))
    data = pd.DataFrame({"x1": x1, "x2": x2, "x3": x3, "y": y})
    fit = egame123("y ~ x1 | 0 | 1 | 1 | 0 | x2 | 1 | x3", data, errors=errors)
    truth = {
        "u11:(Intercept)": 0.2,
        "u11:x1": 0.8,
        "u15:(Intercept)": 0.5,
        "u16:(Intercept)": -0.4,
        "u25:(Intercept)": -0.3,
        "u25:x2": 0.7,
        "u26:(Intercept)": 0.4,
        "u36:(Intercept)": 0.1,
        "u36:x3": 1.0,
    }
    _recovered(fit, truth)


def test_egame122_private_information_recovers_structural_parameters():
    """Two players, four outcomes, private information: player 2 sees her payoff errors at
    either node; player 1 weighs each outcome's payoff error by its probability."""
    from detente.estimate import egame122

    rng = np.random.default_rng(122)
    n = 6000
    x, z1, z2 = rng.normal(size=(3, n))
    u11 = 0.0
    u12 = 0.3 + 0.6 * x
    u13 = -0.2
    u14 = 0.5
    u22 = 0.2 + 0.8 * z1
    u24 = -0.3 + 0.9 * z2
    e = rng.normal(size=(8, n))
    p4 = norm.cdf(u22 / np.sqrt(2))
    p6 = norm.cdf(u24 / np.sqrt(2))
    p3, p5 = 1 - p4, 1 - p6
    a1 = p5 * (u13 + e[0]) + p6 * (u14 + e[1]) > p3 * (u11 + e[2]) + p4 * (u12 + e[3])
    a2 = np.where(a1, u24 + e[4] > e[5], u22 + e[6] > e[7])
    data = pd.DataFrame({"x": x, "z1": z1, "z2": z2, "a1": a1.astype(int), "a2": a2.astype(int)})
    fit = egame122("a1 + a2 ~ 0 | x | 1 | 1 | z1 | z2", data, errors="private")
    truth = {
        "u12:(Intercept)": 0.3,
        "u12:x": 0.6,
        "u13:(Intercept)": -0.2,
        "u14:(Intercept)": 0.5,
        "u22:(Intercept)": 0.2,
        "u22:z1": 0.8,
        "u24:(Intercept)": -0.3,
        "u24:z2": 0.9,
    }
    _recovered(fit, truth)
