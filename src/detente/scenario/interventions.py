"""Interventions: diplomatic and military moves compared side by side with the baseline.

An intervention is declared in the scenario file (``[[interventions]] kind = "hotline"``) or on
the command line (``--intervention hotline`` or ``--intervention alliance:0.9``). What each one
changes is a documented override of a crisis variable (see
:func:`detente.scenario.crisis_variables.intervention_rules`):

=====================  ================================================================
``alliance``           commitment to the target rises to ``strength`` (public)
``hotline``            clarity rises: ``1 - (1 - clarity)(1 - strength)``
``missile_defense``    denial and resolve rise; nuclear costs re-derived from postures
``arms_control``       escalation risk falls by half of ``strength``
``public_commitment``  the defender's audience costs rise to ``strength``
=====================  ================================================================
"""

from __future__ import annotations

from detente.errors import InputError
from detente.scenario.scenario_schema import INTERVENTION_KINDS, Intervention

TITLES = {
    "alliance": "Add or strengthen an alliance",
    "hotline": "Open a hotline",
    "missile_defense": "Deploy missile defense",
    "arms_control": "Accept an arms-control limit",
    "public_commitment": "Make a public commitment",
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
