"""egame123 on the games package's simulated data_123."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detente.errors import InputError
from detente.estimate import egame123

# games ``?egame123`` example (github.com/ccrismancox/games2, man/egame123.Rd): probit,
# private information. The script that simulated data_123 is not in the package sources, so
# its true parameters are unknown; these tests check the fit itself.
FORMULA = "y ~ x1 + x2 | 0 | x3 | x4 + x5 | 0 | x6 | x7 | x8"


@pytest.fixture(scope="module")
def data_123(shared_data) -> pd.DataFrame:
    return pd.read_csv(shared_data / "games" / "data_123.csv")


def test_data_123_private_probit_example_fits(data_123):
    fit = egame123(FORMULA, data_123, link="probit", errors="private")
    assert fit.n == 1000 and fit.converged
    assert len(fit.names) == 14 and fit.names[-1] == "u36:x8"
    assert np.all(np.isfinite(fit.std_errors)) and np.all(fit.std_errors > 0)
    # the gradient vanishes at the reported maximum
    _, grad = fit.objective(fit.theta)
    assert np.max(np.abs(grad)) < 1e-2
    pred = fit.predict(data_123.head(5))
    assert list(pred.columns) == ["Pr(1)", "Pr(3)", "Pr(5)", "Pr(6)"]
    np.testing.assert_allclose(pred.sum(axis=1), 1.0)


def test_three_decision_columns_match_node_numbers(data_123):
    """games ``makeResponse123``: y in (1, 3, 5, 6) and (a1, a2, a3) give the same fit."""
    by_nodes = egame123(FORMULA, data_123)
    by_columns = egame123(FORMULA.replace("y ~", "a1 + a2 + a3 ~"), data_123)
    assert by_columns.loglik == pytest.approx(by_nodes.loglik, abs=1e-8)
    np.testing.assert_allclose(by_columns.theta, by_nodes.theta, atol=1e-6)


def test_player2_identification_check(data_123):
    with pytest.raises(InputError, match="player 2's utilities u23, u25, u26"):
        egame123("y ~ x1 | 0 | x3 | x4 | x6 | x6 | x6 + x7 | x8", data_123)
