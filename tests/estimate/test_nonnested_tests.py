"""Vuong and Clarke tests for non-nested strategic models."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from detente.errors import InputError
from detente.estimate import EstimationWarning, clarke, egame12, vuong


@pytest.fixture(scope="module")
def fits(shared_data):
    """games ``?vuong`` example: balance-of-power vs regime-type models of war1800."""
    war = pd.read_csv(shared_data / "games" / "war1800.csv").dropna(subset=["regime1", "regime2"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        m1 = egame12("esc + war ~ balanc + s_wt_re1 | 0 | balanc | balanc + s_wt_re1", war)
        m2 = egame12("esc + war ~ regime1 | 0 | regime1 + regime2 | regime1 + regime2", war)
    return m1, m2


def test_vuong_statistic_matches_its_definition(fits):
    """Vuong (1989) with the BIC correction (Clarke 2007, eq. 2)."""
    m1, m2 = fits
    res = vuong(m1, m2)
    d = m1.loglik_obs - m2.loglik_obs
    n = d.size
    expected = (d.sum() - (m1.n_params - m2.n_params) * np.log(n) / 2) / (np.sqrt(n) * d.std())
    assert res.statistic == pytest.approx(expected)
    assert res.p_value == pytest.approx(2 * stats.norm.sf(abs(expected)))
    assert vuong(m2, m1).statistic == pytest.approx(-expected)
    assert "Vuong test" in str(res)


def test_clarke_counts_observations_favouring_model1(fits):
    """Clarke (2007): sign test of l1 - l2 against the BIC correction, Binomial(n, 1/2)."""
    m1, m2 = fits
    res = clarke(m1, m2)
    n = m1.n
    corr = (m1.n_params - m2.n_params) * np.log(n) / (2 * n)
    assert res.statistic == np.sum(m1.loglik_obs - m2.loglik_obs > corr)
    assert 0 <= res.p_value <= 1


def test_models_on_different_rows_are_rejected(fits, shared_data):
    m1, _ = fits
    war = pd.read_csv(shared_data / "games" / "war1800.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        other = egame12("esc + war ~ balanc | 0 | regime1 | balanc", war)
    with pytest.raises(InputError, match="different numbers of observations"):
        vuong(m1, other)
