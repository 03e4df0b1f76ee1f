"""The statistical ultimatum game on the games package's simulated data_ult."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detente.errors import InputError
from detente.estimate import ultimatum

FORMULA = "offer + accept ~ x1 + x2 + x3 + x4 + w1 + w2 | z1 + z2 + z3 + z4 + w1 + w2"
# games data/simdatault.r (github.com/brentonk/games): R1 = 5 - 2x1 + 2x2 - 2x3 + 2x4 + w1 - w2,
# R2 = 10 + 2z1 - 2z2 + 2z3 - 2z4 - w1 + w2, s1 = 5, s2 = 1, Q = 15.
TRUE = np.array([5, -2, 2, -2, 2, 1, -1, 10, 2, -2, 2, -2, -1, 1, np.log(5), 0.0])


@pytest.fixture(scope="module")
def data_ult(shared_data) -> pd.DataFrame:
    return pd.read_csv(shared_data / "games" / "data_ult.csv")


def test_data_ult_recovers_simulation_parameters(data_ult):
    """Ramsay and Signorino (2009) model on games' data_ult: estimates within 3.5 SEs of the
    values used to simulate the data (``?ultimatum`` example, maxOffer = 15)."""
    fit = ultimatum(FORMULA, data_ult, max_offer=15)
    assert fit.n == 1500 and fit.converged
    assert fit.names[0] == "R1:(Intercept)" and fit.names[-2:] == ("log(s1)", "log(s2)")
    z = (fit.theta - TRUE) / fit.std_errors.to_numpy()
    assert np.all(np.abs(z) < 3.5), z


def test_offer_only_and_fixed_scales(data_ult):
    offer_only = ultimatum(
        FORMULA.replace("offer + accept", "offer"), data_ult, max_offer=15, outcome="offer"
    )
    assert offer_only.converged and offer_only.n_params == 16
    fixed = ultimatum(FORMULA, data_ult, max_offer=15, s1=5.0, s2=1.0)
    assert fixed.n_params == 14 and "log(s1)" not in fixed.names
    pred = fixed.predict(data_ult.head(4))
    assert list(pred.columns) == ["E(offer)", "Pr(accept)"]
    assert np.all((pred["E(offer)"] <= 15) & (pred["Pr(accept)"] > 0) & (pred["Pr(accept)"] < 1))


def test_missing_acceptance_column_needs_offer_outcome(data_ult):
    with pytest.raises(InputError, match="outcome='offer'"):
        ultimatum(FORMULA.replace("offer + accept", "offer"), data_ult, max_offer=15)
