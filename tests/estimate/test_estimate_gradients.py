"""The analytic gradient of every model's log-likelihood equals its finite-difference gradient."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from detente.estimate import EstimationWarning, GameFit, egame12, egame122, egame123, ultimatum


def _data(seed: int = 11, n: int = 250) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    d = pd.DataFrame(rng.normal(size=(n, 6)), columns=[f"x{i}" for i in range(1, 7)])
    d["f"] = rng.choice(["a", "b", "c"], n)
    for a in ("a1", "a2", "a3"):
        d[a] = rng.integers(0, 2, n)
    d["offer"] = np.clip(rng.normal(6, 4, n), 0, 15)
    d.loc[:9, "offer"] = 0.0
    d.loc[10:19, "offer"] = 15.0
    return d


def _fits() -> dict[str, GameFit]:
    d = _data()
    fits: dict[str, GameFit] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        for link, errors in (("probit", "agent"), ("logit", "agent"), ("probit", "private")):
            key = f"{link}-{errors}"
            fits[f"egame12-{key}"] = egame12(
                "a1 + a2 ~ x1 | 0 | x2 + f | x3", d, link=link, errors=errors
            )
            fits[f"egame12-scale-{key}"] = egame12(
                "a1 + a2 ~ x1 | 0 | x2 | x3", d, link=link, errors=errors, sdformula="~ x4 - 1"
            )
            fits[f"egame122-{key}"] = egame122(
                "a1 + a2 ~ x1 | x2 | 0 | x3 | x4 | x5 + f", d, link=link, errors=errors
            )
            fits[f"egame123-{key}"] = egame123(
                "a1 + a2 + a3 ~ x1 | 0 | x2 | x3 | 0 | x4 | x5 | x6",
                d,
                link=link,
                errors=errors,
                sdformula="~ x1 - 1" if errors == "private" else None,
            )
        fits["ultimatum"] = ultimatum("offer + a1 ~ x1 + x2 | x3 + f", d, max_offer=15)
        fits["ultimatum-offer"] = ultimatum(
            "offer ~ x1 | x3", d, max_offer=15, outcome="offer", s1=2.0
        )
    return fits


FITS = _fits()


@pytest.mark.parametrize("key", sorted(FITS))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_analytic_gradient_equals_finite_difference_gradient(key, data):
    """Invariant: d loglik / d theta (forward mode) = central differences, at random theta.

    Checked where every choice probability lies in [1e-7, 1 - 1e-7]: closer to 0 or 1 the
    games package's clipping (``finiteProbs``) makes the likelihood non-smooth and
    ``1 - p`` loses the digits finite differences need.
    """
    fit = FITS[key]
    p = fit.theta.size
    offsets = data.draw(
        st.lists(
            st.floats(-0.75, 0.75, allow_nan=False, allow_infinity=False), min_size=p, max_size=p
        )
    )
    # around the estimate when the fit is well behaved, else around zero (random outcomes
    # can make a flexible model diverge; the identity must hold anywhere)
    base = fit.theta if fit.converged and np.abs(fit.theta).max() < 20 else np.zeros(p)
    theta = base + np.asarray(offsets)
    if fit.model != "ultimatum":
        actions = fit.predictor(fit.data, theta, "action").to_numpy()
        assume(bool(np.all((actions > 1e-7) & (actions < 1 - 1e-7))))
    value, grad = fit.objective(theta)
    assert np.isfinite(value)
    numeric = np.empty(p)
    for j in range(p):
        h = 1e-6 * max(1.0, abs(theta[j]))
        step = np.zeros(p)
        step[j] = h
        numeric[j] = (fit.objective(theta + step)[0] - fit.objective(theta - step)[0]) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-5 * max(1.0, abs(value)) ** 0.5)
