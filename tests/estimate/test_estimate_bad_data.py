"""Bad input to the estimators: a clear error or warning naming the column and rows."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from detente.errors import EstimationError, InputError, ParameterError
from detente.estimate import EstimationWarning, egame12, egame122, ultimatum


@pytest.fixture()
def data() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 300
    d = pd.DataFrame(
        {
            "x1": rng.normal(size=n),
            "x2": rng.normal(size=n),
            "z": rng.normal(size=n),
            "a1": rng.integers(0, 2, n),
            "a2": rng.integers(0, 2, n),
        }
    )
    d["y"] = np.where(d.a1 == 0, 1, np.where(d.a2 == 1, 4, 3))
    return d


def test_missing_column_is_named(data):
    with pytest.raises(InputError, match=r"'nope'.*not found.*available columns: x1"):
        egame12("y ~ x1 | 0 | nope | z", data)


def test_outcome_value_outside_the_tree_names_value_and_rows(data):
    data.loc[[5, 9], "y"] = 2
    with pytest.raises(InputError, match=r"value\(s\) 2 .*allowed: 1, 3, 4.*rows 5, 9"):
        egame12("y ~ x1 | 0 | x2 | z", data)


def test_label_outcome_without_levels_asks_for_them(data):
    data["lab"] = np.where(data.y == 1, "sq", np.where(data.y == 3, "cap", "war"))
    with pytest.raises(InputError, match=r"'lab' holds labels.*outcome_levels"):
        egame12("lab ~ x1 | 0 | x2 | z", data)
    with pytest.raises(InputError, match=r"'war' not among outcome_levels"):
        egame12("lab ~ x1 | 0 | x2 | z", data, outcome_levels=["sq", "cap", "WAR"])


def test_non_binary_decision_column_is_named(data):
    data.loc[3, "a2"] = 2
    with pytest.raises(InputError, match=r"decision column 'a2' must be 0/1.*rows 3"):
        egame12("a1 + a2 ~ x1 | 0 | x2 | z", data)


def test_nan_rows_are_dropped_with_a_warning_naming_column_and_rows(data):
    data.loc[[4, 11, 12], "x2"] = np.nan
    with pytest.warns(EstimationWarning, match=r"dropped 3 of 300.*'x2': 3 row\(s\), first 4, 11"):
        fit = egame12("y ~ x1 | 0 | x2 | z", data)
    assert fit.n == 297 and fit.n_dropped == 3


def test_infinite_values_are_an_error(data):
    data.loc[8, "x1"] = np.inf
    with pytest.raises(InputError, match=r"'x1' has infinite values in rows 8"):
        egame12("y ~ x1 | 0 | x2 | z", data)


def test_regressor_in_all_player1_utilities_is_unidentified(data):
    """Lewis and Schultz (2003): no regressor may appear in all of u11, u13 and u14."""
    with pytest.raises(InputError, match=r"identification problem: x1.*u11, u13, u14"):
        egame12("y ~ x1 | x1 - 1 | x1 + x2 | z", data)
    with pytest.raises(InputError, match=r"identification problem: \(Intercept\)"):
        egame12("y ~ x1 | 1 | x2 | z", data)


def test_choice_without_variation_is_an_error(data):
    data["a2"] = np.where(data.a1 == 1, 1, data.a2)
    with pytest.raises(EstimationError, match=r"player 2's move never varies.*chose R"):
        egame12("a1 + a2 ~ x1 | 0 | x2 | z", data)


def test_perfect_separation_by_a_dummy_warns_with_column_and_rows(data):
    data["d"] = (np.arange(len(data)) % 10 == 0).astype(int)
    data.loc[data.d == 1, "a1"] = 1
    data.loc[data.d == 1, "a2"] = 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        egame12("a1 + a2 ~ x1 | 0 | x2 | z + d", data)
    messages = [str(w.message) for w in caught if issubclass(w.category, EstimationWarning)]
    assert any(
        "column 'd' (in u24) perfectly predicts player 2's move" in m and "rows 0, 10" in m
        for m in messages
    ), messages
    # the fit itself also reports the diverging estimates / singular Hessian
    assert any("very large estimate" in m or "not negative definite" in m for m in messages)


def test_predict_rejects_unseen_category(data):
    data["g"] = np.where(data.x1 > 0, "hi", "lo")
    fit = egame12("y ~ x1 | 0 | x2 + g | z", data)
    new = data.head(3).assign(g="middle")
    with pytest.raises(InputError, match=r"newdata column 'g' has value\(s\) 'middle'"):
        fit.predict(new)
    with pytest.raises(InputError, match=r"newdata lacks column\(s\) 'z'"):
        fit.predict(data.head(3).drop(columns="z"))


def test_collinear_regressors_are_an_error(data):
    data["x1copy"] = 2.0 * data.x1
    with pytest.raises(InputError, match=r"regressors of u11.*collinear"):
        egame12("y ~ x1 + x1copy | 0 | x2 | z", data)


def test_wrong_number_of_formula_parts(data):
    with pytest.raises(InputError, match=r"egame12 needs 4 right-hand parts.*has 3"):
        egame12("y ~ x1 | 0 | z", data)
    with pytest.raises(InputError, match=r"egame122 needs 6"):
        egame122("a1 + a2 ~ x1 | 0 | z", data)


def test_bad_options_are_parameter_errors(data):
    with pytest.raises(ParameterError, match="link must be"):
        egame12("y ~ x1 | 0 | x2 | z", data, link="cauchit")
    with pytest.raises(ParameterError, match="private-information model is defined for the probit"):
        egame12("y ~ x1 | 0 | x2 | z", data, link="logit", errors="private")


def test_ultimatum_offers_above_max_offer_are_an_error(data):
    data["offer"] = np.abs(data.x1) * 5
    data.loc[2, "offer"] = 40.0
    with pytest.raises(InputError, match=r"outside \[0, 15\] in rows 2"):
        ultimatum("offer + a1 ~ x2 | z", data, max_offer=15)


def test_no_silent_nan_in_a_successful_fit(data):
    with warnings.catch_warnings():
        warnings.simplefilter("error", EstimationWarning)
        fit = egame12("y ~ x1 | 0 | x2 | z", data)
    assert np.all(np.isfinite(fit.theta)) and np.all(np.isfinite(fit.std_errors))


def test_numeric_outcome_codes_can_be_mapped_with_outcome_levels(data):
    data["code"] = np.where(data.a1 == 0, 0, np.where(data.a2 == 1, 2, 1))
    by_codes = egame12("code ~ x1 | 0 | x2 | z", data, outcome_levels=[0, 1, 2])
    by_columns = egame12("a1 + a2 ~ x1 | 0 | x2 | z", data)
    assert by_codes.loglik == pytest.approx(by_columns.loglik, abs=1e-9)
    assert by_codes.names[0] == "u1(0):(Intercept)"
