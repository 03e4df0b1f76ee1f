"""Crisis deterrence with a settlement: will a challenge be deterred, bought off or fought?

A Challenger keeps the status quo or challenges it (the challenge is attributed to it with
probability ``a``; an unattributed challenge cannot be answered and prevails). The Defender is
*resolute* with probability ``rho`` (payoffs ``*_h``) and *irresolute* otherwise (``*_s``):
how much the issue is worth to it is its private information (Fearon 1995; the hard and soft
types of Zagare & Kilgour 2000). Knowing its type it stands firm, offers a compromise, or
concedes. After a stand the Challenger backs down or fights; after an offer it accepts or
fights; a war turns nuclear with probability ``r``.
Outcomes: **Deterrence holds** (no challenge, or the Challenger backs down), **Challenger
prevails**, **Compromise**, **War**, **Nuclear war**.

Unlike the unilateral deterrence game, the Defender's resistance is not an input: each type
stands firm only when that is worth more to it than conceding, given its own expected payoff
of war ``(1 - r) war_t + r nuc_t``. A threat to fight a war that is very costly to the
threatener is hard to believe (Schelling 1966, ch. 2; Powell 1990), and a compromise can end
the crisis when it is worth more than a stand to the Defender and more than war to the
Challenger (Bueno de Mesquita & Lalman 1992 include negotiation and acquiescence in their
international interaction game; Signorino & Tarar 2006 estimate a deterrence game of this
kind as a statistical model).

Subgame-perfect play (backward induction). With ``E_c = (1 - r) war_c + r nuc_c`` and
``E_t = (1 - r) war_t + r nuc_t`` for each Defender type ``t``, the Challenger fights after a
stand iff ``E_c > back_c`` and after an offer iff ``E_c > deal_c``. Each Defender type picks
the largest of ``V_stand = E_t or held_t``, ``V_offer = E_t or deal_t`` (whichever the
Challenger's reply gives) and ``concede_t``, so a higher cost of war to the Defender lowers
``V_stand`` and can turn a stand into a concession. The Challenger challenges iff
``(1 - a) win_c + a [give_in win_c + offer V_offer_c + stand V_stand_c] > yield_c``.
Ties go to the action listed first (status quo, back down, accept, stand firm).

With logit precision ``lam`` (``method="qre"``) each choice is a logit response to the
expected payoffs of its actions (agent QRE; the strategic choice model of Signorino 1999),
and as ``lam`` grows the outcome probabilities tend to the subgame-perfect ones.
:func:`detente.models.library.coercion_game.logit_probabilities` gives the same QRE in closed
form, also when the Challenger misperceives the Defender.

References
----------
Schelling, T. C. (1966). Arms and Influence. Yale UP, ch. 2.
Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge UP.
"""

from __future__ import annotations

import numpy as np

from detente.games import Game
from detente.models.library import coercion_game as cg
from detente.models.model_interface import (
    Model,
    ModelParameters,
    Theory,
    most_likely_outcome,
    param,
)

HOLDS, PREVAILS, COMPROMISE, WAR, NUCLEAR = (
    "Deterrence holds",
    "Challenger prevails",
    "Compromise",
    "War",
    "Nuclear war",
)
OUTCOMES = (HOLDS, PREVAILS, COMPROMISE, WAR, NUCLEAR)
ROLES = cg.Roles(
    first="Challenger",
    threatener="Defender",
    labels=dict(zip(cg.CLASSES, OUTCOMES, strict=True)),
    yield_now="status quo",
    press="challenge",
    stand="stand firm",
    offer="offer compromise",
    give_in="concede",
    yield_late="back down",
    accept="accept",
    fight="fight",
    attribution=True,
)
MAP_AXES = (("war_h", -3.0, 1.0), ("rho", 0.0, 1.0))


class CrisisDeterrenceParameters(ModelParameters):
    """Payoffs of both sides (utilities), the Defender's type prior and two chance moves."""

    yield_c: float = cg.payoff(0.0, "Challenger's payoff of the status quo", "s_C")
    win_c: float = cg.payoff(1.0, "Challenger's payoff when the Defender concedes", "w_C")
    back_c: float = cg.payoff(-1.2, "Challenger's payoff of backing down after a stand", "b_C")
    deal_c: float = cg.payoff(0.4, "Challenger's payoff of the compromise", "k_C")
    war_c: float = cg.payoff(-0.5, "Challenger's payoff of a conventional war", "x_C")
    nuc_c: float = cg.payoff(-3.0, "Challenger's payoff of a nuclear war", "z_C")
    concede_h: float = cg.payoff(-1.5, "resolute Defender's payoff of conceding", "l_Dh")
    held_h: float = cg.payoff(0.0, "resolute Defender's payoff when the status quo holds", "h_Dh")
    deal_h: float = cg.payoff(-0.5, "resolute Defender's payoff of the compromise", "k_Dh")
    war_h: float = cg.payoff(-0.2, "resolute Defender's payoff of a conventional war", "x_Dh")
    nuc_h: float = cg.payoff(-3.0, "resolute Defender's payoff of a nuclear war", "z_Dh")
    concede_s: float = cg.payoff(-0.4, "irresolute Defender's payoff of conceding", "l_Ds")
    held_s: float = cg.payoff(0.0, "irresolute Defender's payoff when the status quo holds", "h_Ds")
    deal_s: float = cg.payoff(-0.2, "irresolute Defender's payoff of the compromise", "k_Ds")
    war_s: float = cg.payoff(-0.8, "irresolute Defender's payoff of a conventional war", "x_Ds")
    nuc_s: float = cg.payoff(-3.0, "irresolute Defender's payoff of a nuclear war", "z_Ds")
    rho: float = param(
        0.5, "probability the Defender is resolute", lo=0, hi=1, unit="probability", symbol="rho"
    )
    r: float = param(
        0.1, "probability a war escalates to nuclear use", lo=0, hi=1, unit="probability"
    )
    a: float = param(1.0, "probability the challenge is attributed", lo=0, hi=1, unit="probability")


def build() -> Game:
    """Challenger, attribution, the Defender's type, Defender, Challenger, escalation."""
    return cg.build_game(
        ROLES, "Crisis deterrence with settlement", CrisisDeterrenceParameters().model_dump()
    )


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Closed-form SPE: the most likely outcome, class probabilities, credibility."""
    return cg.theory(p, ROLES)


MODEL = Model(
    name="crisis_deterrence",
    title="Crisis deterrence with settlement (strategic choice)",
    summary=(
        "Will a challenge be deterred, bought off or fought? The Defender stands firm, offers "
        "a compromise or concedes depending on its own payoffs, so a threat to fight a war "
        "that is very costly to the Defender is not credible; the Challenger backs down, "
        "accepts or fights, and a war turns nuclear with probability r. Solved exactly (SPE) "
        "or as an agent logit QRE, the scenario layer's primary game."
    ),
    parameters=CrisisDeterrenceParameters,
    build=build,
    theory=theory,
    outcome_of=most_likely_outcome,
    outcomes=OUTCOMES,
    references=(
        "Schelling, T. C. (1966). Arms and Influence. Yale University Press, ch. 2.",
        "Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge "
        "University Press.",
        "Bueno de Mesquita, B. and Lalman, D. (1992). War and Reason. Yale University Press.",
        "Zagare, F. C. and Kilgour, D. M. (2000). Perfect Deterrence. Cambridge University "
        "Press, ch. 4-5.",
        "Signorino, C. S. (1999). Strategic interaction and the statistical analysis of "
        "international conflict. American Political Science Review 93(2), 279-297.",
        "Signorino, C. S. and Tarar, A. (2006). A unified theory and test of extended "
        "immediate deterrence. American Journal of Political Science 50(3), 586-605.",
        "McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive "
        "form games. Experimental Economics 1(1), 9-41.",
    ),
    methods=("spe", "qre"),
    information="incomplete",
    players=("Challenger", "Defender"),
)
