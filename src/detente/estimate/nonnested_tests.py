"""Vuong and Clarke tests for choosing between non-nested models of the same outcome.

Both compare per-observation log-likelihoods ``l1_i - l2_i`` of two fits on the same rows, with
the Schwarz (BIC) correction for the difference in the number of parameters, as in the R
``games`` package (``vuong``, ``clarke``).

References
----------
Vuong, Q. H. (1989). Likelihood ratio tests for model selection and non-nested hypotheses.
*Econometrica* 57(2): 307-333.

Clarke, K. A. (2007). A simple distribution-free test for nonnested model selection.
*Political Analysis* 15(3): 347-363.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from detente.errors import InputError
from detente.estimate.fit_result import GameFit


@dataclass(frozen=True)
class NonNestedTest:
    """Result of :func:`vuong` or :func:`clarke`."""

    test: str
    statistic: float
    p_value: float
    n: int
    loglik1: float
    loglik2: float
    preferred: int | None
    level: float

    def __str__(self) -> str:
        verdict = (
            f"model {self.preferred} is preferred"
            if self.preferred
            else "neither model is significantly preferred"
        )
        extra = f" ({100 * self.statistic / self.n:.0f}%)" if self.test == "clarke" else ""
        return (
            f"{self.test.capitalize()} test for non-nested models\n"
            f"Model 1 log-likelihood: {self.loglik1:.4f}\n"
            f"Model 2 log-likelihood: {self.loglik2:.4f}\n"
            f"Observations: {self.n}\nTest statistic: {self.statistic:.4g}{extra}\n"
            f"p = {self.p_value:.4g}: {verdict} at level {self.level}"
        )


def _pair(fit1: GameFit, fit2: GameFit) -> tuple[np.ndarray, np.ndarray, int]:
    l1, l2 = fit1.loglik_obs, fit2.loglik_obs
    if l1.shape != l2.shape:
        raise InputError(
            f"the models were fitted on different numbers of observations ({l1.size} and "
            f"{l2.size}); fit both on the same rows"
        )
    if not np.array_equal(fit1.y, fit2.y):
        raise InputError("the models do not have the same outcome on the same rows")
    return l1, l2, l1.size


def vuong(fit1: GameFit, fit2: GameFit, level: float = 0.05) -> NonNestedTest:
    """Vuong's test with the BIC correction.

    The statistic is ``(sum(l1 - l2) - (p1 - p2) log(n) / 2) / (sqrt(n) * sd(l1 - l2))``,
    standard normal under the null that both models are equally close to the truth.

    Notes
    -----
    The standard deviation is the maximum-likelihood one (denominator ``n``), as in Vuong
    (1989, eq. 4.2); games 1.1.2 multiplies R's ``sd`` by ``sqrt(n / (n - 1))`` instead, a
    difference that vanishes with ``n``.

    References
    ----------
    Vuong (1989), section 5; Clarke (2007), section 2.
    """
    l1, l2, n = _pair(fit1, fit2)
    d = l1 - l2
    correction = (fit1.n_params - fit2.n_params) * np.log(n) / 2.0
    sd = float(np.std(d))
    if sd == 0.0:
        raise InputError("the two models give identical per-observation log-likelihoods")
    stat = float((d.sum() - correction) / (np.sqrt(n) * sd))
    p = float(2.0 * stats.norm.sf(abs(stat)))
    preferred = (1 if stat > 0 else 2) if p < level else None
    return NonNestedTest("vuong", stat, p, n, float(l1.sum()), float(l2.sum()), preferred, level)


def clarke(fit1: GameFit, fit2: GameFit, level: float = 0.05) -> NonNestedTest:
    """Clarke's distribution-free (sign) test with the BIC correction.

    The statistic is the number of observations with ``l1 - l2 > (p1 - p2) log(n) / (2n)``,
    Binomial(n, 1/2) under the null.

    References
    ----------
    Clarke (2007), section 3.
    """
    l1, l2, n = _pair(fit1, fit2)
    correction = (fit1.n_params - fit2.n_params) * np.log(n) / (2.0 * n)
    stat = int(np.sum(l1 - l2 > correction))
    b = min(stat, n - stat)
    p = float(min(1.0, 2.0 * stats.binom.cdf(b, n, 0.5)))
    preferred = (1 if stat > n - stat else 2) if p < level else None
    return NonNestedTest(
        "clarke", float(stat), p, n, float(l1.sum()), float(l2.sum()), preferred, level
    )
