"""Early warning and launch on warning: false alarms, Bayes and the time to decide.

Each day a real attack comes with probability ``prior``. The warning system then raises a
warning with probability ``detection``; with no attack it raises a false one with probability
``false_alarm``. The decision maker sees only the warning (an information set across attack
and no attack) and, within a decision window of ``decision_minutes``, launches or waits.
Launching under a real attack is worth ``launch_gain`` more than riding it out; launching on a
false alarm starts an inadvertent war, worth -1 (the unit); waiting with no attack is 0.

*Posterior* (Bayes' rule):

    q = detection prior / (detection prior + false_alarm (1 - prior))

*Decision rule* (the perfect Bayesian equilibrium of the one-player game): launch on warning
iff ``q (1 + launch_gain) >= 1``, i.e. iff ``q >= 1 / (1 + launch_gain)``
(``launch_threshold``). With the small priors of peacetime the posterior is tiny and the rule
never launches on a warning: a false alarm is far likelier than an attack (the base rate).

*Decision noise.* With little time, decisions are noisy: the decision maker launches with the
logit probability ``1 / (1 + exp(-lam (q (1 + launch_gain) - 1)))`` (the agent logit QRE,
McKelvey & Palfrey 1998), where the precision falls with the decision window as in the
misperception model, ``lam = decision_lambda(decision_minutes, time_ref=10)``: 10 at a
ten-minute window, halved at a quarter of it (Bogacz et al. 2006; a modelling assumption, not
an estimate). *Yearly probability of inadvertent launch:* with independent days,

    P(year) = 1 - (1 - (1 - prior) false_alarm s)^365

with ``s`` the launch probability after a warning (a launch decision is taken only on a
warning). Shorter
windows raise it; so do more false alarms. These formulas are derived here (Bayes' rule, the
logit choice rule and independent days); the fault-tree and Poisson treatment of false alarms
of Barrett, Baum & Hostetler (2013) is the same arithmetic at greater detail. The record of
historical false alarms (:func:`detente.models.historical_false_alarms`) gives a rate for the
worked example: 4 serious false alarms in 18 months in the US system (Senate report of 1980).

Sources consulted for this module (stored public pages): the abstract of Barrett, Baum &
Hostetler (2013); press summaries of the Senate report of 1980 and of the false alarms of
1960-1995, and the National Security Archive's 2022 briefing book; Forden, Podvig & Postol
(2000) in its web copy. Blair (1993) and Sagan (1993) are cited for the setting, not
consulted in full; the formulas are derived here.

References
----------
Bayes, T. (1763). An essay towards solving a problem in the doctrine of chances.
Philosophical Transactions of the Royal Society 53, 370-418.
Green, D. M. and Swets, J. A. (1966). Signal Detection Theory and Psychophysics. Wiley
(hit and false-alarm rates).
Blair, B. G. (1993). The Logic of Accidental Nuclear War. Brookings Institution (launch on
warning and decision times).
Sagan, S. D. (1993). The Limits of Safety: Organizations, Accidents, and Nuclear Weapons.
Princeton University Press (the false warnings of 1979 and 1980).
Barrett, A. M., Baum, S. D. and Hostetler, K. (2013). Analyzing and reducing the risks of
inadvertent nuclear war between the United States and Russia. Science & Global Security
21(2), 106-133.
McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive form
games. Experimental Economics 1(1), 9-41.
Bogacz, R., Brown, E., Moehlis, J., Holmes, P. and Cohen, J. D. (2006). The physics of optimal
decision making. Psychological Review 113(4), 700-765.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from detente.games import Game, chance, decision, terminal
from detente.models.library.misperception import LAM_REF, decision_lambda
from detente.models.model_interface import (
    Model,
    ModelParameters,
    Theory,
    most_likely_outcome,
    param,
)
from detente.models.model_picture import ModelPicture, Panel

#: Decision window (minutes) at which the logit precision is ``LAM_REF`` (10).
REFERENCE_MINUTES = 10.0
DAYS_PER_YEAR = 365

NO_LAUNCH = "No launch"
INADVERTENT = "Inadvertent launch"
LAUNCH_UNDER_ATTACK = "Launch under attack"
RIDE_OUT = "Ride out attack"
OUTCOMES = (NO_LAUNCH, INADVERTENT, LAUNCH_UNDER_ATTACK, RIDE_OUT)

MAP_AXES = (("false_alarm", 0.0, 0.05), ("decision_minutes", 0.5, 30.0))


class EarlyWarningParameters(ModelParameters):
    """The warning system, the prior of attack, the decision window and the stakes."""

    false_alarm: float = param(
        0.01,
        "probability of a false warning on a day without attack",
        lo=0.0,
        hi=1.0,
        unit="probability",
    )
    detection: float = param(
        0.95, "probability a real attack is detected", lo=0.0, hi=1.0, unit="probability"
    )
    prior: float = param(
        0.0001, "probability of a real attack on a given day", lo=0.0, hi=0.1, unit="probability"
    )
    decision_minutes: float = param(
        10.0, "time the decision maker has to decide", lo=0.5, hi=60.0, unit="minutes"
    )
    launch_gain: float = param(
        0.25,
        "gain from launching under a real attack rather than riding it out",
        lo=0.01,
        hi=1.0,
        unit="cost of an inadvertent war",
    )


def build() -> Game:
    """Nature draws attack and warning; after a warning the decision maker, who sees only the
    warning, launches or waits (without a warning there is no launch decision)."""

    def decide(attack: bool):
        launch = (
            terminal(LAUNCH_UNDER_ATTACK, "launch_gain") if attack else terminal(INADVERTENT, -1)
        )
        wait = terminal(RIDE_OUT, 0) if attack else terminal(NO_LAUNCH, 0)
        return decision(
            "Decision maker",
            {"wait": wait, "launch": launch},
            infoset="after a warning",
            name=f"warning, {'attack' if attack else 'no attack'}",
        )

    def sensor(attack: bool):
        p = "detection" if attack else "false_alarm"
        quiet = terminal(RIDE_OUT, 0) if attack else terminal(NO_LAUNCH, 0)
        return chance(
            {"warning": (p, decide(attack)), "no warning": (f"1 - {p}", quiet)},
            name="warning system (attack)" if attack else "warning system (no attack)",
        )

    return Game(
        title="Launch on warning",
        players=["Decision maker"],
        parameters=EarlyWarningParameters().model_dump(),
        root=chance({"attack": ("prior", sensor(True)), "no attack": ("1 - prior", sensor(False))}),
    )


def posterior(prior, detection, false_alarm) -> tuple[np.ndarray, np.ndarray]:
    """P(attack | warning) and P(attack | no warning) by Bayes' rule.

    Where a signal has probability 0 (it never occurs) its posterior is reported as the
    prior: Bayes' rule says nothing there.
    """
    pi, d, f = (np.asarray(x, dtype=float) for x in (prior, detection, false_alarm))
    warn = d * pi + f * (1 - pi)
    quiet = (1 - d) * pi + (1 - f) * (1 - pi)
    after_warning = np.where(warn > 0, d * pi / np.where(warn > 0, warn, 1.0), pi)
    after_quiet = np.where(quiet > 0, (1 - d) * pi / np.where(quiet > 0, quiet, 1.0), pi)
    return after_warning, after_quiet


def precision(p: dict[str, np.ndarray]) -> np.ndarray:
    """Logit precision of the launch decision: ``decision_lambda`` of the decision window."""
    return decision_lambda(p["decision_minutes"], lam_ref=LAM_REF, time_ref=REFERENCE_MINUTES)


def over_days(daily: np.ndarray, days: np.ndarray | float) -> np.ndarray:
    """Probability of at least one event in ``days`` independent days: ``1 - (1 - daily)^days``.

    ``days`` may be fractional or 0 (then 0, also when ``daily`` is 1); e.g. the days of a
    crisis, for the per-crisis probability of an inadvertent launch.
    """
    daily = np.asarray(daily, dtype=float)
    days = np.asarray(days, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = -np.expm1(days * np.log1p(-daily))
    return np.where(days > 0, out, 0.0)


def yearly(daily: np.ndarray) -> np.ndarray:
    """Probability of at least one event in a year of independent days."""
    return over_days(daily, DAYS_PER_YEAR)


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Posterior, decision rule, logit launch probabilities and the yearly risk, closed form."""
    pi, d, f, g = p["prior"], p["detection"], p["false_alarm"], p["launch_gain"]
    q_warn, q_quiet = posterior(pi, d, f)
    lam = precision(p)
    launch_w = expit(lam * (q_warn * (1 + g) - 1))
    threshold = 1.0 / (1.0 + g)
    rule_w = q_warn >= threshold
    attacked = pi * d * launch_w
    daily = (1 - pi) * f * launch_w
    probs = np.stack(np.broadcast_arrays(1 - pi - daily, daily, attacked, pi - attacked), axis=-1)
    order = np.sort(probs, axis=-1)
    daily_rule = (1 - pi) * f * rule_w
    return Theory(
        outcome=np.asarray(OUTCOMES, dtype=object)[np.argmax(probs, axis=-1)],
        values={
            "posterior_after_warning": q_warn,
            "posterior_after_no_warning": q_quiet,
            "launch_threshold": threshold,
            "launch_on_warning_rule": rule_w,
            "lam": lam,
            "p_launch_on_warning": launch_w,
            "daily_p_inadvertent_launch": daily,
            "yearly_p_inadvertent_launch": yearly(daily),
            "yearly_p_inadvertent_launch_rule": yearly(daily_rule),
            **{f"p_{o.lower().replace(' ', '_')}": probs[..., j] for j, o in enumerate(OUTCOMES)},
        },
        margin=order[..., -1] - order[..., -2],
    )


def picture(p: dict[str, np.ndarray]) -> ModelPicture:
    """Posterior against the false-alarm rate; yearly risk against the decision window."""
    f = np.geomspace(1e-5, 1.0, 121)
    q_warn, _ = posterior(p["prior"], p["detection"], f)
    minutes = np.linspace(0.5, 60.0, 120)
    risk = theory(dict(p) | {"decision_minutes": minutes}).values["yearly_p_inadvertent_launch"]
    here = theory(p).values
    after, risk_now = (
        float(here["posterior_after_warning"]),
        float(here["yearly_p_inadvertent_launch"]),
    )
    current_f = max(float(p["false_alarm"]), 1e-5)
    return ModelPicture(
        title=(
            f"Launch on warning: posterior {after:.3g} after a warning; "
            f"yearly P(inadvertent launch) {risk_now:.3g}"
        ),
        panels=[
            Panel(
                title="Posterior of attack after a warning",
                xlabel="false-alarm probability per day (log scale)",
                ylabel="P(attack | warning)",
                kind="lines",
                x=list(f),
                series={"posterior": list(q_warn)},
                marks={"current false-alarm rate": current_f},
                levels={"launch threshold 1/(1 + gain)": float(here["launch_threshold"])},
                xscale="log",
            ),
            Panel(
                title="Yearly probability of inadvertent launch (decision noise)",
                xlabel="decision window (minutes)",
                ylabel="P(at least one inadvertent launch in a year)",
                kind="lines",
                x=list(minutes),
                series={"yearly risk": list(risk)},
                marks={"current window": float(p["decision_minutes"])},
                ylim=None,
            ),
        ],
    )


def worked_example() -> str:
    """Markdown for the docs page: the bundled false alarms, and the model fed with the rate
    of serious false alarms the Senate report of 1980 gives (computed here, not typed)."""
    from detente.models.historical_false_alarms import false_alarm_counts, historical_false_alarms

    rows = ["| date | side | system | what happened | outcome |", "| --- | --- | --- | --- | --- |"]
    for a in historical_false_alarms():
        rows.append(f"| {a.date} | {a.side} | {a.system} | {a.what} | {a.outcome} |")
    sources = sorted({src for a in historical_false_alarms() for src in a.sources})
    count = false_alarm_counts()[0]
    f = count.per_day()
    lines = []
    for prior, label in ((1e-4, "peacetime, 1e-4 a day"), (1e-2, "acute crisis, 1e-2 a day")):
        for minutes in (3.0, 10.0, 30.0):
            p = {"false_alarm": f, "prior": prior, "decision_minutes": minutes}
            v = MODEL.theory(MODEL.resolve(p)).values
            year = float(v["yearly_p_inadvertent_launch"]) if prior < 1e-3 else None
            lines.append(
                f"| {label} | {minutes:g} | {float(v['posterior_after_warning']):.4f} | "
                f"{float(v['lam']):.2f} | {float(v['p_launch_on_warning']):.2e} | "
                f"{float(v['daily_p_inadvertent_launch']):.2e} | "
                f"{'-' if year is None else f'{year:.2e}'} |"
            )
    return "\n".join(
        [
            "The package bundles a record of false warnings (`detente.models."
            "historical_false_alarms()`), each row with its sources:",
            "",
            *rows,
            "",
            "Sources of the rows:",
            "",
            *[f"- {src}" for src in sources],
            "",
            f"The Senate report of 1980 counted {count.alarms} false indications in "
            f"{count.months:g} months, {count.serious} of them serious enough to act on "
            f"(`false_alarm_counts()`): {365.25 * f:.2f} serious false alarms a year, a daily "
            f"false-alarm probability of {f:.4f}. With that rate, detection 0.95 and the default "
            "launch gain (threshold 0.8), the model gives:",
            "",
            "| prior of attack | decision window (min) | P(attack given warning) | lambda | "
            "P(launch given warning) | daily P(inadvertent launch) | yearly |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            *lines,
            "",
            "The decision rule never launches on these warnings (the posterior stays below "
            "0.8); the risk comes from decision noise, and it falls steeply with the time to "
            "decide. A crisis does not last a year, so its rows give the daily risk only. The "
            "numbers rest on the logit precision's square-root scaling with time, an "
            "assumption, not an estimate.",
        ]
    )


MODEL = Model(
    name="early_warning",
    title="Early warning: launch on warning under false alarms",
    summary=(
        "How likely is an inadvertent launch when a warning system raises false alarms and "
        "the decision maker has minutes to decide? Bayes' rule gives the posterior of attack "
        "after a warning; the decision rule launches only above 1/(1 + gain); with less time, "
        "noisier decisions (lower logit precision) turn false alarms into a yearly risk of "
        "inadvertent launch."
    ),
    parameters=EarlyWarningParameters,
    build=build,
    theory=theory,
    outcome_of=most_likely_outcome,
    outcomes=OUTCOMES,
    references=(
        "Bayes, T. (1763). An essay towards solving a problem in the doctrine of chances. "
        "Philosophical Transactions of the Royal Society 53, 370-418.",
        "Green, D. M. and Swets, J. A. (1966). Signal Detection Theory and Psychophysics. Wiley.",
        "Blair, B. G. (1993). The Logic of Accidental Nuclear War. Brookings Institution.",
        "Sagan, S. D. (1993). The Limits of Safety: Organizations, Accidents, and Nuclear "
        "Weapons. Princeton University Press.",
        "Barrett, A. M., Baum, S. D. and Hostetler, K. (2013). Analyzing and reducing the risks "
        "of inadvertent nuclear war between the United States and Russia. Science & Global "
        "Security 21(2), 106-133.",
        "McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive "
        "form games. Experimental Economics 1(1), 9-41.",
        "Bogacz, R. et al. (2006). The physics of optimal decision making. Psychological Review "
        "113(4), 700-765.",
    ),
    methods=("qre", "pbe"),
    information="incomplete",
    players=("Decision maker",),
    precision=precision,
    picture=picture,
)
