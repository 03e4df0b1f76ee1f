"""egame122 on the games package's simulated data_122 (true parameters known)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from detente.estimate import egame122

FORMULA = "y ~ x1 + x2 | x3 + f1 | 0 | x4 + x5 | z1 + z2 | z3 + f2"
LEVELS = ["LL", "LR", "RL", "RR"]
# games simdata122.r (github.com/brentonk/games): u11 = 0.5 - 0.5 x1 + 0.5 x2;
# u12 = -0.5 + 0.5 x3 - 0.5 f1b + 0.5 f1c; u13 = 0; u14 = 0.5 - 0.5 x4 + 0.5 x5;
# u22 = 1 - z1 + z2; u24 = -1 + z3 - f2b + f2c; logistic agent errors.
TRUE = [0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5, -0.5, 0.5, 1, -1, 1, -1, 1, -1, 1]


@pytest.fixture(scope="module")
def data_122(shared_data) -> pd.DataFrame:
    return pd.read_csv(shared_data / "games" / "data_122.csv")


def test_data_122_logit_fit_recovers_simulation_parameters(data_122):
    """games ``?egame122`` example (logit link) on data_122: every estimate within 3 SEs of
    the value used to simulate the data, and a joint Wald test does not reject the truth."""
    fit = egame122(FORMULA, data_122, link="logit", outcome_levels=LEVELS)
    assert fit.n == 1000 and fit.converged
    assert fit.names[:2] == ("u1(LL):(Intercept)", "u1(LL):x1")
    assert fit.names[-1] == "u2(RR):f2c"
    diff = fit.theta - np.asarray(TRUE)
    z = diff / fit.std_errors.to_numpy()
    assert np.all(np.abs(z) < 3), z
    wald = float(diff @ np.linalg.solve(fit.vcov_matrix, diff))
    assert stats.chi2.sf(wald, len(TRUE)) > 0.001


def test_two_and_three_decision_columns_match_the_factor_outcome(data_122):
    """games ``makeResponse122``: (a1, a2) and (a1, a2 after L, a2 after R) codings."""
    by_factor = egame122(FORMULA, data_122, link="logit", outcome_levels=LEVELS)
    by_columns = egame122(FORMULA.replace("y ~", "a1 + a2 ~"), data_122, link="logit")
    assert by_columns.loglik == pytest.approx(by_factor.loglik, abs=1e-8)
    d = data_122.assign(aL=np.where(data_122.a1 == 0, data_122.a2, 0))
    d["aR"] = np.where(d.a1 == 1, d.a2, 1)
    three = egame122(FORMULA.replace("y ~", "a1 + aL + aR ~"), d, link="logit")
    assert three.loglik == pytest.approx(by_factor.loglik, abs=1e-8)


@pytest.mark.parametrize(("link", "errors"), [("probit", "agent"), ("probit", "private")])
def test_data_122_probit_fits_converge(data_122, link, errors):
    fit = egame122(FORMULA, data_122, link=link, errors=errors, outcome_levels=LEVELS)
    assert fit.converged and np.all(np.isfinite(fit.std_errors))
    pred = fit.predict(data_122.head(10))
    np.testing.assert_allclose(pred.sum(axis=1), 1.0)
