"""Loss of control in a pressed crisis: monitoring, false warnings and the escalation ladder.

A crisis keeps forces on alert, and a crisis that the first mover presses climbs rungs of
escalation; either may start a war nobody chose. Schelling (1960, ch. 8) calls this the threat
that leaves something to chance, and Powell (1990) models it as a risk each round of
brinkmanship adds. This module turns the optional tables of a scenario (``[technology]``,
``[[institutions]]``, ``[escalation]``) into two *hazards* and folds them into the primary
game (:mod:`.outcome_probabilities`), reusing the registered models' own functions:

* **Monitoring** (:mod:`detente.models.library.reassurance_monitoring`). Surveillance of each
  other's forces, institutions both sides belong to, and a ``data_exchange`` move are
  independent sources of reports on the other side, with informativeness
  ``monitoring_eff = 1 - prod(1 - m_i)``. A symmetric report of precision ``q`` (right with
  probability ``q``) is, in Blackwell's (1953) sense, the same experiment as a perfect report
  with probability ``2q - 1`` and noise otherwise, so ``monitoring_precision = (1 +
  monitoring_eff) / 2``. It acts twice: (i) it joins the challenger's own intelligence in the
  clarity of its view of the defender (``informativeness``, weighted like intelligence by
  ``surveillance_weight``); (ii) each day of the crisis a report on whether an attack is
  being prepared (truly: none is) moves the prior of attack of the side reading a warning
  to the posteriors of :func:`~detente.models.library.reassurance_monitoring.posteriors`
  (Kydd's reassurance with monitoring: a reassuring report with probability ``q``).
* **False warnings** (:mod:`detente.models.library.early_warning`). After the report, a
  warning system with ``detection`` and ``false_alarm`` rates gives the posterior of attack
  after a warning; the launch decision is a logit choice whose precision falls with the
  decision window (:func:`~detente.models.library.early_warning.precision`, i.e.
  ``misperception.decision_lambda``); ``launch_gain`` sets the launch threshold
  ``1 / (1 + launch_gain)``. The daily probability of an inadvertent launch (the model's
  ``daily_p_inadvertent_launch``, averaged over the two reports) compounds over the
  ``alert_days`` of the crisis (:func:`~detente.models.library.early_warning.over_days`):
  ``launch_hazard``. Forces stand on alert for the crisis whatever its first move (Cuba: SAC
  at DEFCON 2 from 24 October; Able Archer: the Soviet alert during the exercise), so this
  hazard applies to every outcome, yielding at once included. ``de_alerting`` adds
  ``de_alerting_minutes`` times its strength to the window (Blair 1993: launch-ready forces
  leave minutes; de-alerted forces let a leader wait).
* **The escalation ladder** (:mod:`detente.models.library.escalation_ladder`). A pressed
  crisis stands at the top of its ``rungs``-rung ladder, where the ladder model's risk of
  losing control is ``rho_N = 1 - (1 - risk_per_rung)^rungs`` (equally: ``rungs``
  independent chances ``risk_per_rung``): ``control_hazard``. ``crisis_management`` removes
  ``crisis_management`` times its strength of the risk per rung (George 1991: crisis
  management keeps each step under political control).

An inadvertent launch is a nuclear war; a loss of control on the ladder is a war that turns
nuclear with the crisis's escalation risk ``r``. So a pressed crisis ends as the players
choose with probability ``kept = (1 - launch_hazard)(1 - control_hazard)``, in a war with
``lost_war = (1 - launch_hazard) control_hazard (1 - r)`` and in a nuclear war with
``lost_nuclear = launch_hazard + (1 - launch_hazard) control_hazard r``; a crisis the first
mover ends at once is lost only to a launch, with ``launch_hazard``. Both players anticipate
this: every payoff of an outcome reached after the first mover presses (``win_c``,
``back_c``, ``deal_c``; the defender's ``concede``, ``held``, ``deal`` of both types) becomes
its expected value over the lottery, ``X_exposed = kept X + lost_war war_X + lost_nuclear
nuc_X``, yielding at once becomes ``yield_c_exposed = (1 - launch_hazard) yield_c +
launch_hazard nuc_c``, and a chosen war turns nuclear with ``r_exposed = kept r +
lost_nuclear``. The primary game receives the ``_exposed`` parameters (so the engine solves
the same game), and :func:`realized_outcomes` moves the lost share of each non-war outcome
into war and nuclear war. With the neutral inputs of a scenario without the tables both
hazards are exactly 0, ``X_exposed`` is ``X`` bit for bit, and nothing changes (tested).

The weights and the reading of the ladder's top rung as the crisis's standoff are this
mapping's assumptions, hand-set like the other constants; the launch rule, Bayes' rule and
the ladder's compounding risk are the models' own.

References
----------
Schelling, T. C. (1960). The Strategy of Conflict. Harvard UP, ch. 8.
Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge UP.
Blair, B. G. (1993). The Logic of Accidental Nuclear War. Brookings Institution.
George, A. L. (ed.) (1991). Avoiding War: Problems of Crisis Management. Westview.
Kydd, A. (2000). Trust, reassurance, and cooperation. IO 54(2), 325-357.
Keohane, R. O. (1984). After Hegemony. Princeton UP, ch. 6.
Blackwell, D. (1953). Equivalent comparisons of experiments. Annals of Mathematical
Statistics 24(2), 265-272.
Bogacz, R. et al. (2006). The physics of optimal decision making. Psychological Review
113(4), 700-765.
"""

from __future__ import annotations

import hashlib

import numpy as np

from detente.models.library import early_warning, reassurance_monitoring
from detente.scenario.crisis_variables import Env, Rule

#: Payoffs of outcomes reached after the first mover presses (the game's parameter names).
AT_RISK = (
    "win_c",
    "back_c",
    "deal_c",
    *(f"{k}_{t}" for t in ("h", "s") for k in ("concede", "held", "deal")),
)
#: The first mover's view of the defender's concession payoffs (misperception), also exposed.
AT_RISK_SEEN = ("concede_h_seen", "concede_s_seen")


def _monitoring_eff(e: Env) -> np.ndarray:
    return e["monitoring"] + e["move_data_exchange"] * (1 - e["monitoring"])


#: Inputs of the launch hazard: an analysis evaluates the same draws for the baseline, each
#: intervention and each driver end, and most of them leave these inputs unchanged.
_LAUNCH_READS = (
    "alert_days",
    "false_alarm",
    "detection",
    "attack_prior",
    "decision_minutes_eff",
    "monitoring_precision",
    "launch_gain",
)
_launch_memo: dict[bytes, np.ndarray] = {}


def _launch_hazard(e: Env) -> np.ndarray:
    """Per-crisis probability of an inadvertent launch on a false warning (see module).

    The result is remembered for the last few distinct inputs (keyed by a digest of their
    values, so a repeated evaluation returns exactly what a new one would)."""
    if not np.any(e["alert_days"] > 0):  # no warning system, or no days on alert: no risk
        return np.zeros(np.broadcast_shapes(*(np.shape(e[k]) for k in _LAUNCH_READS)))
    digest = hashlib.blake2b(digest_size=16)
    for k in _LAUNCH_READS:
        x = np.ascontiguousarray(e[k], dtype=float)
        digest.update(repr(x.shape).encode())
        digest.update(x.tobytes())
    key = digest.digest()
    if key not in _launch_memo:
        if len(_launch_memo) >= 4:
            _launch_memo.pop(next(iter(_launch_memo)))
        hazard = _compute_launch_hazard(e)
        hazard.flags.writeable = False
        _launch_memo[key] = hazard
    return _launch_memo[key]


def _compute_launch_hazard(e: Env) -> np.ndarray:
    q = e["monitoring_precision"]
    # The report is symmetric (right with probability q about either side's intent), so
    # posteriors(P(attack), q) gives P(attack) after an alarming and after a reassuring
    # report, without the cancellation of 1 - P(no attack).
    attack_a, attack_r = reassurance_monitoring.posteriors(e["attack_prior"], q)
    base = {
        "detection": e["detection"],
        "false_alarm": e["false_alarm"],
        "decision_minutes": e["decision_minutes_eff"],
        "launch_gain": e["launch_gain"],
    }
    daily = {
        report: early_warning.theory(base | {"prior": prior}).values["daily_p_inadvertent_launch"]
        for report, prior in (("reassuring", attack_r), ("alarming", attack_a))
    }
    mean_daily = q * daily["reassuring"] + (1 - q) * daily["alarming"]
    return early_warning.over_days(mean_daily, e["alert_days"])


#: Monitoring (before clarity): informativeness of the reports each side gets on the other.
MONITORING_RULES: list[Rule] = [
    Rule(
        "monitoring_eff",
        "1 - (1 - monitoring)(1 - move_data_exchange)",
        ("monitoring", "move_data_exchange"),
        _monitoring_eff,
        "a data exchange or observers add an independent report (Keohane 1984)",
    ),
    Rule(
        "monitoring_precision",
        "(1 + monitoring_eff) / 2",
        ("monitoring_eff",),
        lambda e: (1 + e["monitoring_eff"]) / 2,
        "a report right with probability q is a perfect one with probability 2q - 1 "
        "(Blackwell 1953); reassurance_monitoring's precision",
    ),
    Rule(
        "informativeness",
        "1 - (1 - surveillance)(1 - monitoring_eff)",
        ("surveillance", "monitoring_eff"),
        lambda e: e["surveillance"] + e["monitoring_eff"] * (1 - e["surveillance"]),
        "the challenger's intelligence and the shared monitoring, independent sources",
    ),
]

#: The two hazards of a pressed crisis and the lottery they make (after ``escalation``).
HAZARD_RULES: list[Rule] = [
    Rule(
        "decision_minutes_eff",
        "decision_minutes + de_alerting_minutes move_de_alerting",
        ("decision_minutes", "de_alerting_minutes", "move_de_alerting"),
        lambda e: e["decision_minutes"] + e["de_alerting_minutes"] * e["move_de_alerting"],
        "de-alerted forces lengthen the time to decide (Blair 1993)",
    ),
    Rule(
        "launch_threshold",
        "1 / (1 + launch_gain)",
        ("launch_gain",),
        lambda e: 1 / (1 + e["launch_gain"]),
        "early_warning's decision rule: launch iff P(attack | warning) reaches it",
    ),
    Rule(
        "launch_hazard",
        "1 - (1 - (q d_R + (1 - q) d_A))^alert_days, with d_R, d_A the early_warning "
        "daily_p_inadvertent_launch (false_alarm, detection, decision_minutes_eff, launch_gain) "
        "at the prior of attack after a reassuring or an alarming report of precision "
        "q = monitoring_precision",
        (
            "false_alarm",
            "detection",
            "attack_prior",
            "alert_days",
            "decision_minutes_eff",
            "launch_gain",
            "monitoring_precision",
        ),
        _launch_hazard,
        "early_warning (Bayes, logit launch rule, decision_lambda) and reassurance_monitoring "
        "posteriors",
    ),
    Rule(
        "risk_per_rung_eff",
        "risk_per_rung (1 - crisis_management move_crisis_management)",
        ("risk_per_rung", "crisis_management", "move_crisis_management"),
        lambda e: e["risk_per_rung"] * (1 - e["crisis_management"] * e["move_crisis_management"]),
        "crisis management keeps each step under control (George 1991)",
    ),
    Rule(
        "control_hazard",
        "1 - (1 - risk_per_rung_eff)^rungs",
        ("risk_per_rung_eff", "rungs"),
        lambda e: -np.expm1(e["rungs"] * np.log1p(-e["risk_per_rung_eff"])),
        "escalation_ladder's risk of climbing into the top rung (Schelling 1960 ch. 8; "
        "Powell 1990)",
    ),
    Rule(
        "kept",
        "(1 - launch_hazard)(1 - control_hazard)",
        ("launch_hazard", "control_hazard"),
        lambda e: (1 - e["launch_hazard"]) * (1 - e["control_hazard"]),
        "a pressed crisis ends as the players choose",
    ),
    Rule(
        "lost_war",
        "(1 - launch_hazard) control_hazard (1 - escalation)",
        ("launch_hazard", "control_hazard", "escalation"),
        lambda e: (1 - e["launch_hazard"]) * e["control_hazard"] * (1 - e["escalation"]),
        "control lost on the ladder: a war that stays conventional",
    ),
    Rule(
        "lost_nuclear",
        "launch_hazard + (1 - launch_hazard) control_hazard escalation",
        ("launch_hazard", "control_hazard", "escalation"),
        lambda e: (
            e["launch_hazard"] + (1 - e["launch_hazard"]) * e["control_hazard"] * e["escalation"]
        ),
        "an inadvertent launch, or a lost war that escalates",
    ),
]


def _exposed(target: str, war: str, nuc: str) -> Rule:
    return Rule(
        f"{target}_exposed",
        f"kept {target} + lost_war {war} + lost_nuclear {nuc}",
        ("kept", target, "lost_war", war, "lost_nuclear", nuc),
        lambda e: e["kept"] * e[target] + e["lost_war"] * e[war] + e["lost_nuclear"] * e[nuc],
        "the payoff of an outcome after a press, over the loss-of-control lottery (anticipated)",
    )


def _side(name: str) -> str:
    """``"c"`` for the first mover, else the defender type of a payoff name."""
    return "c" if name.endswith("_c") else name.removesuffix("_seen")[-1]


#: The primary game's parameters after a press, exposed to the hazards (after the payoffs).
EXPOSURE_RULES: list[Rule] = [
    *(_exposed(k, f"war_{_side(k)}", f"nuc_{_side(k)}") for k in (*AT_RISK, *AT_RISK_SEEN)),
    Rule(
        "yield_c_exposed",
        "(1 - launch_hazard) yield_c + launch_hazard nuc_c",
        ("launch_hazard", "yield_c", "nuc_c"),
        lambda e: (1 - e["launch_hazard"]) * e["yield_c"] + e["launch_hazard"] * e["nuc_c"],
        "a crisis ended at once is lost only to a launch on a false warning",
    ),
    Rule(
        "r_exposed",
        "kept r + lost_nuclear",
        ("kept", "r", "lost_nuclear"),
        lambda e: e["kept"] * e["r"] + e["lost_nuclear"],
        "a chosen war turns nuclear by escalation or by an inadvertent launch",
    ),
]

#: Game parameter -> the variable the primary game receives (exposed where it is at risk).
EXPOSED = {k: f"{k}_exposed" for k in (*AT_RISK, "yield_c", "r")}


def realized_outcomes(probs: dict[str, np.ndarray], env: Env) -> dict[str, np.ndarray]:
    """Outcome classes once the crisis may be lost: the share ``1 - kept`` of each outcome
    after a press other than war moves to war (``lost_war``) and nuclear war
    (``lost_nuclear``), and the share ``launch_hazard`` of yielding at once to nuclear war;
    so do the ``*_if_pressed`` classes (after a press only) and ``success_if_informed``.
    Adds ``inadvertent_war`` and ``inadvertent_nuclear``: the parts of P(war) and P(nuclear
    war) that come from a lost crisis.

    Parameters
    ----------
    probs : dict
        :func:`detente.models.library.coercion_game.logit_probabilities` of the game with
        the ``_exposed`` parameters.
    env : dict
        Holds ``launch_hazard``, ``lost_war`` and ``lost_nuclear``.
    """
    launch, lost_w, lost_n = env["launch_hazard"], env["lost_war"], env["lost_nuclear"]
    lost = lost_w + lost_n
    after = {k: probs[f"{k}_if_pressed"] for k in ("success", "prevails", "compromise")}
    calm = after["success"] + after["prevails"] + after["compromise"]
    press, informed = probs["press"], probs["press_if_informed"]
    at_once = (1 - press) * launch  # yielded at once, then a launch on a false warning
    out = dict(probs)
    for k, v in after.items():
        out[k] = probs[k] - press * lost * v
        out[f"{k}_if_pressed"] = v - lost * v
    out["success"] = out["success"] - at_once
    out["war"] = probs["war"] + press * lost_w * calm
    out["nuclear"] = probs["nuclear"] + press * lost_n * calm + at_once
    out["war_if_pressed"] = probs["war_if_pressed"] + lost_w * calm
    out["nuclear_if_pressed"] = probs["nuclear_if_pressed"] + lost_n * calm
    out["success_if_informed"] = (
        probs["success_if_informed"] - informed * lost * after["success"] - (1 - informed) * launch
    )
    out["inadvertent_war"] = press * lost_w * calm
    out["inadvertent_nuclear"] = press * lost_n * calm + at_once
    shape = np.broadcast_shapes(*(np.shape(v) for v in out.values()))
    return {k: np.broadcast_to(v, shape) for k, v in out.items()}
