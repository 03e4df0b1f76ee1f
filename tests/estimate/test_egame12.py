"""egame12: replication of Kenkel and Signorino (2014), the war1800 example, outputs."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from detente.estimate import EstimationWarning, GameFit, egame12

matplotlib.use("Agg")

LEBLANG_FORMULA = (
    "outcome ~ capcont + lreserves + overval + creditgrow + USinterest + service + contagion"
    " + prioratt - 1 | 1 | 1 | unifgov + lexports + preelec + postelec + rightgov"
    " + realinterest + capcont + lreserves"
)
LEBLANG_LEVELS = ["no attack", "devaluation", "defense"]
WAR_FORMULA = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"

# Kenkel and Signorino (2014), J. Stat. Software 56(8), Table 1.
TABLE1 = {
    "u1(no attack):capcont": -0.4525,
    "u1(no attack):lreserves": 0.2292,
    "u1(no attack):overval": -0.4413,
    "u1(no attack):creditgrow": -0.0648,
    "u1(no attack):USinterest": -0.0505,
    "u1(no attack):service": -0.0288,
    "u1(no attack):contagion": -0.1159,
    "u1(no attack):prioratt": -0.1218,
    "u1(devaluation):(Intercept)": -3.6648,
    "u1(defense):(Intercept)": -3.1385,
    "u2(defense):(Intercept)": 0.4269,
    "u2(defense):unifgov": -0.3568,
    "u2(defense):lexports": -0.1997,
    "u2(defense):preelec": 1.6632,
    "u2(defense):postelec": 1.0623,
    "u2(defense):rightgov": -0.9358,
    "u2(defense):realinterest": 1.7955,
    "u2(defense):capcont": 0.0656,
    "u2(defense):lreserves": 0.3099,
}


@pytest.fixture(scope="module")
def leblang_fit(shared_data) -> GameFit:
    data = pd.read_csv(shared_data / "games" / "leblang2003.csv")
    return egame12(
        LEBLANG_FORMULA, data, link="probit", errors="private", outcome_levels=LEBLANG_LEVELS
    )


@pytest.fixture(scope="module")
def war_data(shared_data) -> pd.DataFrame:
    return pd.read_csv(shared_data / "games" / "war1800.csv")


@pytest.fixture(scope="module")
def war_fit(war_data) -> GameFit:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        return egame12(WAR_FORMULA, war_data)


def test_leblang2003_loglik_replicates_table1(leblang_fit):
    """Kenkel and Signorino (2014), J. Stat. Software 56(8), Table 1: N = 7,240,
    log-likelihood -482.0155 (egame12, private information, probit, Leblang 2003 data)."""
    assert leblang_fit.n == 7240
    assert leblang_fit.converged
    assert leblang_fit.loglik == pytest.approx(-482.0155, abs=1e-3)


def test_leblang2003_coefficients_replicate_table1(leblang_fit):
    """Kenkel and Signorino (2014), J. Stat. Software 56(8), Table 1: every coefficient to
    1e-3 (published to four decimals; the table's bootstrap SEs are not compared)."""
    est = leblang_fit.coefficients
    assert list(est.index) == list(TABLE1)
    for name, published in TABLE1.items():
        assert est[name] == pytest.approx(published, abs=1.1e-3), name


def test_leblang2003_hessian_standard_errors_are_finite_and_positive(leblang_fit):
    se = leblang_fit.std_errors
    assert np.all(np.isfinite(se)) and np.all(se > 0)
    # the inverse Hessian is symmetric positive definite
    v = leblang_fit.vcov.to_numpy()
    assert np.allclose(v, v.T)
    assert np.linalg.eigvalsh(v).min() > 0


def test_war1800_example_uses_282_of_313_rows(war_data):
    """games 1.1.2 ``?egame12`` example: rows with missing regime1/regime2 are dropped,
    leaving 282 of 313 disputes (reference/strategic-estimation.md)."""
    with pytest.warns(EstimationWarning, match=r"dropped 31 of 313 rows.*regime2"):
        fit = egame12(WAR_FORMULA, war_data)
    assert fit.n == 282 and fit.n_dropped == 31
    assert fit.converged
    assert list(fit.names) == [
        "u11:(Intercept)",
        "u11:s_wt_re1",
        "u11:revis1",
        "u14:(Intercept)",
        "u14:regime1dem",
        "u14:regime1mixed",
        "u24:(Intercept)",
        "u24:balanc",
        "u24:regime2dem",
        "u24:regime2mixed",
    ]


def test_factor_and_decision_column_outcomes_give_the_same_fit(war_data, war_fit):
    """games tests (test_egame12.r): factor- and matrix-form left-hand sides agree."""
    data = war_data.copy()
    data["y"] = np.where(data.esc == 1, np.where(data.war == 1, "war", "cap"), "sq")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        fit = egame12(
            WAR_FORMULA.replace("esc + war", "y"), data, outcome_levels=["sq", "cap", "war"]
        )
    np.testing.assert_allclose(fit.theta, war_fit.theta, rtol=1e-6, atol=1e-8)
    assert fit.loglik == pytest.approx(war_fit.loglik, abs=1e-9)
    assert fit.names[0] == "u1(sq):(Intercept)"
    assert fit.names[-1] == "u2(war):regime2mixed"


def test_loglik_matches_hand_computed_agent_probit_formula(war_fit):
    """games tests (test_egame12.r): p4 = pnorm(u24, sd = sqrt 2),
    p2 = pnorm(p4 u14 + p3 u13 - u11, sd = sqrt 2); loglik = sum log Pr(observed outcome)."""
    d, b = war_fit.data, war_fit.coefficients
    u11 = b["u11:(Intercept)"] + b["u11:s_wt_re1"] * d.s_wt_re1 + b["u11:revis1"] * d.revis1
    u14 = (
        b["u14:(Intercept)"]
        + b["u14:regime1dem"] * (d.regime1 == "dem")
        + b["u14:regime1mixed"] * (d.regime1 == "mixed")
    )
    u24 = (
        b["u24:(Intercept)"]
        + b["u24:balanc"] * d.balanc
        + b["u24:regime2dem"] * (d.regime2 == "dem")
        + b["u24:regime2mixed"] * (d.regime2 == "mixed")
    )
    p4 = norm.cdf(u24, scale=np.sqrt(2))
    p2 = norm.cdf(p4 * u14 - u11, scale=np.sqrt(2))
    pr = np.where(d.esc == 0, 1 - p2, np.where(d.war == 1, p2 * p4, p2 * (1 - p4)))
    assert war_fit.loglik == pytest.approx(np.log(pr).sum(), abs=1e-9)
    pred = war_fit.predict()
    observed = pred.to_numpy()[np.arange(war_fit.n), war_fit.y]
    np.testing.assert_allclose(np.log(observed), war_fit.loglik_obs, atol=1e-12)


def test_predicted_outcome_probabilities_sum_to_one(war_fit, war_data):
    pred = war_fit.predict(war_data.dropna().head(20))
    assert list(pred.columns) == ["Pr(1)", "Pr(3)", "Pr(4)"]
    np.testing.assert_allclose(pred.sum(axis=1), 1.0)
    actions = war_fit.predict(war_data.dropna().head(5), kind="action")
    np.testing.assert_allclose(actions.p1 + actions.p2, 1.0)


def test_summary_latex_frame_and_html(war_fit, capsys):
    text = war_fit.summary_text()
    assert "Log-likelihood: -286.12" in text and "u14:regime1dem" in text
    war_fit.summary()
    assert capsys.readouterr().out.strip() == text.strip()
    frame = war_fit.to_frame()
    assert list(frame.columns) == ["estimate", "std_error", "z", "p_value"]
    latex = war_fit.to_latex()
    assert latex.startswith("\\begin{tabular}") and "u14:regime1dem" in latex
    assert "$N$ & 282" in latex
    assert "<table>" in war_fit._repr_html_()
    assert "u14:regime1dem" in war_fit._repr_html_()


def test_profile_varies_one_regressor_and_plots(war_fit):
    prof = war_fit.profile("balanc", n_points=7)
    assert len(prof) == 7 and prof.balanc.is_monotonic_increasing
    np.testing.assert_allclose(prof[["Pr(1)", "Pr(3)", "Pr(4)"]].sum(axis=1), 1.0)
    ax = war_fit.plot_profile("s_wt_re1", n_points=5)
    assert len(ax.get_lines()) == 3


def test_bootstrap_is_reproducible_with_a_seed(war_fit):
    a = war_fit.bootstrap(8, seed=3)
    b = war_fit.bootstrap(8, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(a.boot_matrix, b.boot_matrix)
    assert a.boot_std_errors is not None and np.all(a.boot_std_errors > 0)
    assert "Standard errors: bootstrap" in a.summary_text(use_boot=True)


def test_scale_equation_adds_log_sigma_terms(war_data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        fit = egame12(
            "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | regime2",
            war_data,
            sdformula="~ balanc - 1",
        )
    assert fit.names[-1] == "log(sigma):balanc"
    assert fit.converged and np.isfinite(fit.loglik)
