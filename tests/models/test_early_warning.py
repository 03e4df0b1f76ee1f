"""Early warning: Bayes' rule, the launch rule, decision noise from the decision window, the
yearly risk, and the bundled record of historical false alarms.

Sources: Bayes (1763) and Green & Swets (1966) for the posterior from detection and
false-alarm probabilities; McKelvey & Palfrey (1998) for the logit choice rule; the decision-
time mapping is misperception's (Bogacz et al. 2006, an assumption); the yearly risk of
independent days is derived in the module docstring. The record's facts are from the sources
listed in each row (Forden, Podvig & Postol 2000; the Senate report of 1980; Hoffman 2009...).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente.models as dm
from detente.errors import ParameterError
from detente.games import solve_pbe
from detente.models.library import early_warning, misperception
from detente.models.library.early_warning import over_days, posterior, yearly

MODEL = dm.get("early_warning")


def test_posterior_after_a_warning_by_hand():
    """Bayes (1763): with detection 0.95, a false alarm on 1% of days and an attack on one
    day in ten thousand, a warning means an attack with probability 0.95e-4 / (0.95e-4 +
    0.01 x 0.9999) = 0.00941: nearly every warning is false (the base rate)."""
    after, quiet = posterior(1e-4, 0.95, 0.01)
    assert float(after) == pytest.approx(0.95e-4 / (0.95e-4 + 0.01 * 0.9999))
    assert float(after) == pytest.approx(0.009411531, rel=1e-6)
    assert float(quiet) == pytest.approx(0.05e-4 / (0.05e-4 + 0.99 * 0.9999))


def test_engine_pbe_beliefs_are_the_closed_form_posterior_and_rule():
    """The engine's PBE (beliefs by Bayes' rule on its own reach probabilities) holds the
    closed-form posterior at the warning information set, and launches on warning exactly
    where the posterior reaches 1/(1 + launch_gain) (grid away from the boundary)."""
    prior, f = np.meshgrid(np.linspace(0.0005, 0.1, 25), np.linspace(0.0005, 0.2, 21))
    params = {"prior": prior, "false_alarm": f, "launch_gain": 0.3}
    sol = solve_pbe(MODEL.game, params)
    th = MODEL.theory(MODEL.resolve(params))
    t = MODEL.game.tables
    h = next(h for h in t.infosets if h.name == "after a warning")
    attack = next(x for x in h.nodes if t.node_labels[x] == "warning, attack")
    eq = sol.is_equilibrium
    assert (eq.sum(axis=-1) >= 1).all()
    first = eq.argmax(axis=-1)
    belief = np.take_along_axis(sol.belief_low[..., attack], first[..., None], axis=-1)[..., 0]
    np.testing.assert_allclose(belief, th.values["posterior_after_warning"], rtol=1e-12)
    launch = sol.profiles[first, 0] == h.actions.index("launch")
    q, q_star = th.values["posterior_after_warning"], th.values["launch_threshold"]
    away = np.abs(q - q_star) > 1e-9
    np.testing.assert_array_equal(launch[away], (q >= q_star)[away])
    assert launch.any() and (~launch).any()


def test_engine_qre_equals_the_closed_form_logit_launch_and_yearly_risk():
    """McKelvey & Palfrey (1998): the logit QRE of the one-decision game launches on warning
    with probability logistic(lam (q (1 + gain) - 1)); the engine's QRE at lam from the
    decision window gives the closed form's outcome probabilities at 500 random points."""
    rng = np.random.default_rng(2)
    specs = MODEL.specs()
    params = {k: rng.uniform(s["lo"], s["hi"], 500) for k, s in specs.items()}
    sol = MODEL.solve(params)  # qre, lam = decision_lambda(decision window)
    assert sol.solution.converged.all()
    for label in early_warning.OUTCOMES:
        key = "p_" + label.lower().replace(" ", "_")
        np.testing.assert_allclose(
            sol.solution.outcome_prob(label), sol.theory.values[key], rtol=1e-6, atol=1e-12
        )
    np.testing.assert_allclose(
        sol.solution.action_prob("after a warning", "launch"),
        sol.theory.values["p_launch_on_warning"],
        rtol=1e-6,
        atol=1e-12,
    )


def test_decision_time_enters_through_misperceptions_decision_lambda():
    """The precision is misperception's decision_lambda (reused, not copied): 10 at a
    ten-minute window and half of it at a quarter of the time (sqrt scaling, Bogacz et al.
    2006; an assumption)."""
    assert early_warning.decision_lambda is misperception.decision_lambda
    lam = MODEL.theory(MODEL.resolve({"decision_minutes": [10.0, 2.5, 40.0]})).values["lam"]
    np.testing.assert_allclose(lam, [10.0, 5.0, 20.0])
    sol = MODEL.solve({"decision_minutes": 2.5})
    assert float(sol.solution.lam) == pytest.approx(5.0)


@settings(max_examples=150, deadline=None)
@given(
    minutes=st.floats(0.5, 59.0),
    more=st.floats(0.1, 30.0),
    f=st.floats(0.0, 1.0),
    prior=st.floats(0.0, 0.1),
    gain=st.floats(0.01, 1.0),
)
def test_more_time_lowers_the_yearly_risk_when_warnings_do_not_justify_launch(
    minutes, more, f, prior, gain
):
    """Derived: below the launch threshold the logit launch probability falls as precision
    rises, so a longer decision window (de-alerting) lowers the yearly risk of inadvertent
    launch; it stays between 0 and 1."""
    params = {"false_alarm": f, "prior": prior, "launch_gain": gain}
    short = MODEL.theory(MODEL.resolve(params | {"decision_minutes": minutes})).values
    long = MODEL.theory(MODEL.resolve(params | {"decision_minutes": min(minutes + more, 60)}))
    if short["posterior_after_warning"] < short["launch_threshold"]:
        assert long.values["yearly_p_inadvertent_launch"] <= short["yearly_p_inadvertent_launch"]
    assert 0.0 <= short["yearly_p_inadvertent_launch"] <= 1.0


def test_yearly_risk_is_one_minus_the_chance_of_365_quiet_days():
    """Derived: independent days, so P(year) = 1 - (1 - daily)^365."""
    daily = np.array([0.0, 1e-6, 1e-3, 0.5])
    # the naive power loses digits for tiny rates; yearly() uses expm1/log1p
    np.testing.assert_allclose(yearly(daily), 1 - (1 - daily) ** 365, rtol=1e-9)


def test_historical_record_has_sources_and_the_named_incidents():
    """The bundled record holds the incidents the issue names, each with a source, in date
    order: NORAD's training tape (9 Nov 1979, Forden, Podvig & Postol 2000), the failed chip
    (3 Jun 1980, Senate report 1980), Petrov (26 Sep 1983, Hoffman 2009) and the Norwegian
    rocket (25 Jan 1995, Forden et al. 2000)."""
    alarms = dm.historical_false_alarms()
    dates = [a.date for a in alarms]
    assert dates == sorted(dates)
    for day in ("1979-11-09", "1980-06-03", "1983-09-26", "1995-01-25"):
        assert dt.date.fromisoformat(day) in dates
    for a in alarms:
        assert a.sources and all(len(s) > 20 for s in a.sources)
        assert a.system and a.what and a.outcome and a.side
    petrov = next(a for a in alarms if a.date == dt.date(1983, 9, 26))
    assert petrov.side == "Soviet Union" and "Petrov" in petrov.outcome
    tape = next(a for a in alarms if a.date == dt.date(1979, 11, 9))
    assert tape.minutes == 6


def test_worked_example_rate_from_the_record():
    """Worked example (docs/models/early_warning.md): the Senate report of 1980 counts 4
    serious false alarms in 18 months, 0.0073 a day (2.67 a year). With that rate, a 0.95
    detection and a peacetime prior of 1e-4 a day, a warning means attack with probability
    0.013, far below the launch threshold, and the yearly risk of inadvertent launch falls
    from a three-minute to a thirty-minute window by orders of magnitude."""
    count = dm.false_alarm_counts()[0]
    assert (count.alarms, count.serious, count.months) == (147, 4, 18.0)
    f = count.per_day()
    assert f == pytest.approx(4 / (18 * 365.25 / 12))
    assert 365.25 * f == pytest.approx(4 / 1.5)
    values = MODEL.theory(MODEL.resolve({"false_alarm": f, "decision_minutes": [3.0, 30.0]}))
    risk = values.values["yearly_p_inadvertent_launch"]
    q = values.values["posterior_after_warning"]
    assert float(q) == pytest.approx(0.95e-4 / (0.95e-4 + f * 0.9999))
    assert not values.values["launch_on_warning_rule"].any()
    sigma = values.values["p_launch_on_warning"]
    np.testing.assert_allclose(risk, 1 - (1 - 0.9999 * f * sigma) ** 365, rtol=1e-7)
    assert risk[0] > 100 * risk[1] > 0


@pytest.mark.parametrize(
    ("name", "value", "pattern"),
    [
        ("false_alarm", 1.5, r"false_alarm.*\[0, 1\]"),
        ("false_alarm", -0.1, r"false_alarm.*\[0, 1\]"),
        ("decision_minutes", -5.0, r"decision_minutes.*\[0.5, 60\]"),
    ],
)
def test_bad_input_names_the_parameter_and_its_range(name, value, pattern):
    with pytest.raises(ParameterError, match=pattern):
        MODEL.solve({name: value})


def test_picture_posterior_against_false_alarm_rate_and_risk_against_time():
    pic = MODEL.draw({"false_alarm": 0.02})
    posterior_panel, risk_panel = pic.panels
    assert posterior_panel.xscale == "log"
    q = np.asarray(posterior_panel.series["posterior"])
    assert (np.diff(q) < 0).all()  # more false alarms, less belief in a warning
    assert posterior_panel.marks["current false-alarm rate"] == 0.02
    risk = np.asarray(risk_panel.series["yearly risk"])
    assert (np.diff(risk) <= 0).all()


def test_risk_over_the_days_of_a_crisis_is_one_minus_the_chance_of_quiet_days():
    """Independent days: 1 - (1 - daily)^days for any (fractional) number of days; a year is
    365 of them; no days, no risk, even when a false alarm is certain each day (the scenario
    mapping's per-crisis launch hazard)."""
    daily = np.array([1e-6, 1e-3, 0.2])
    for days in (0.5, 7.0, 13.0, 365.0):
        np.testing.assert_allclose(over_days(daily, days), 1 - (1 - daily) ** days, rtol=1e-9)
    np.testing.assert_array_equal(over_days(daily, 365), yearly(daily))
    np.testing.assert_array_equal(over_days(np.array([0.5, 1.0]), 0.0), [0.0, 0.0])
    assert float(over_days(1.0, 3.0)) == 1.0
