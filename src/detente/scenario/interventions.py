"""Interventions: diplomatic and military moves compared side by side with the baseline.

An intervention is declared in the scenario file (``[[interventions]] kind = "hotline"``) or on
the command line (``--intervention hotline`` or ``--intervention alliance:0.9``). Its strength
``s`` in [0, 1] becomes a crisis input ``move_KIND`` that the mapping's kernel
(:mod:`detente.scenario.outcome_probabilities`) applies with the calibration's constants:

=====================  ================================================================
``alliance``           commitment to the target rises to ``s`` (public): giving in costs the
                       defender ``alliance_tie`` times it (tying hands, Fearon 1997)
``hotline``            clarity rises: ``1 - (1 - clarity)(1 - s)`` (Jervis 1976)
``public_commitment``  the defender's public commitment rises to ``s`` (audience costs)
``missile_defense``    the challenger's chance of winning falls by ``defense_denial s``, the
                       defender's nuclear cost by ``defense_protection s``; nuclear costs
                       from postures are re-derived with ``defense_interceptors s``
``risk_reduction``     escalation risk falls by ``risk_reduction s``. This makes war less
                       dreadful to *both* sides: it can make a challenge more likely and a
                       stand less so (the stability-instability paradox, Snyder 1965); it
                       is risk reduction, not a deterrent (``arms_control`` is an old name)
``concession``         the challenger's payoff of yielding rises by ``concession_value s``
                       of its stakes (assurance, Schelling 1966 ch. 2: e.g. a no-invasion
                       pledge)
``inducement``         ending the crisis once pressed, by retreating or by a compromise, pays
                       the challenger ``inducement_value s`` of its stakes and costs the
                       defender ``inducement_cost s`` of its own (the carrot of coercive
                       diplomacy, George 1991: e.g. the Jupiter trade)
``de_alerting``        the launch decision window grows by ``de_alerting_minutes s``: a
                       steadier launch decision on a false warning (Blair 1993). Needs
                       ``[technology.early_warning]``. Where the posterior of attack after a
                       warning is below the launch threshold (false alarms far likelier than
                       attacks) it lowers the risk of an inadvertent launch; where a leader
                       already believes an attack likely it raises it (more time, surer act)
``data_exchange``      the shared monitoring's informativeness rises:
                       ``1 - (1 - monitoring)(1 - s)`` (observers, notifications, data
                       exchanges: Keohane 1984; the Stockholm Document of 1986). It narrows
                       the challenger's misperception (clarity) and lowers the prior of attack
                       a false warning meets (reassurance with monitoring, Kydd 2000)
``crisis_management``  the risk of losing control per rung falls by ``crisis_management s``
                       (George 1991). Needs ``[escalation]``. Like ``risk_reduction`` it makes
                       a pressed crisis less dangerous, so it can make pressing more likely
=====================  ================================================================

Each move is run on the same draws as the baseline; what it changes is the formula above,
and :mod:`.crisis_hazards` says how the hazards enter the primary game.
"""

from __future__ import annotations

from detente.errors import InputError
from detente.scenario.scenario_schema import INTERVENTION_ALIASES, INTERVENTION_KINDS, Intervention

TITLES = {
    "alliance": "Add or strengthen an alliance",
    "hotline": "Open a hotline",
    "missile_defense": "Deploy missile defense",
    "risk_reduction": "Reduce the risk of escalation",
    "public_commitment": "Make a public commitment",
    "concession": "Concede part of the issue (assurance)",
    "inducement": "Offer an inducement for a compromise",
    "de_alerting": "De-alert forces (longer decision time)",
    "data_exchange": "Exchange data and admit observers",
    "crisis_management": "Crisis-management mechanism (lower risk per rung)",
}

#: What each kind changes, as printed by ``detente explain`` (constants named as in the
#: calibration file).
EFFECTS = {
    "alliance": "commitment_eff, commitment_seen <- max(., s)",
    "hotline": "clarity <- 1 - (1 - clarity) (1 - s)",
    "missile_defense": "p_win <- p_win_ch (1 - defense_denial s); nuclear_d <- nuclear_cost_d "
    "(1 - defense_protection s); posture bridge with defense_interceptors s",
    "risk_reduction": "escalation <- escalation_risk (1 - risk_reduction s) (both sides fear "
    "war less: stability-instability paradox, Snyder 1965)",
    "public_commitment": "public_commitment_eff <- max(public_commitment, s)",
    "concession": "yield_c += concession_value s stakes_c",
    "inducement": "back_c, deal_c += inducement_value s stakes_c; held_t, deal_t -= "
    "inducement_cost s stakes_d",
    "de_alerting": "decision_minutes_eff <- decision_minutes + de_alerting_minutes s (launch "
    "hazard through early_warning)",
    "data_exchange": "monitoring_eff <- 1 - (1 - monitoring) (1 - s) (clarity and the prior "
    "of attack after a report)",
    "crisis_management": "risk_per_rung_eff <- risk_per_rung (1 - crisis_management s) "
    "(control hazard of the ladder)",
}


def parse_intervention(text: str) -> Intervention:
    """``"kind"`` or ``"kind:strength"`` (``"alliance:0.9"``) -> :class:`Intervention`.

    Raises
    ------
    InputError
        Unknown kind (lists the kinds) or a strength outside [0, 1].
    """
    raw = text.strip()
    kind, _, value = raw.replace("=", ":").partition(":")
    kind = kind.strip().lower().replace("-", "_").replace(" ", "_")
    kind = INTERVENTION_ALIASES.get(kind, kind)
    if kind not in INTERVENTION_KINDS:
        raise InputError(
            f"--intervention {text!r}: unknown kind {kind!r}; use one of "
            f"{', '.join(INTERVENTION_KINDS)} (optionally KIND:STRENGTH, e.g. alliance:0.9)"
        )
    strength = 0.8
    if value.strip():
        try:
            strength = float(value)
        except ValueError:
            raise InputError(
                f"--intervention {text!r}: strength {value!r} is not a number in [0, 1]"
            ) from None
        if not 0.0 <= strength <= 1.0:
            raise InputError(f"--intervention {text!r}: strength {strength:g} must be in [0, 1]")
    return Intervention(kind=kind, strength=strength, name=TITLES[kind])


def intervention_title(move: Intervention) -> str:
    """Display name: the declared name, or the kind's title with its strength."""
    return move.name or f"{TITLES[move.kind]} ({move.strength:g})"
