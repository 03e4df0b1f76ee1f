"""Crisis compellence with a settlement: will the target undo what it did, and at what price?

A compellent threat demands that the Target act: withdraw, remove, give back (Schelling 1966,
ch. 2: deterrence asks an adversary not to move, compellence asks it to move, and a visible
compliance is costlier to the target). The Target complies at once or defies. The Coercer,
*resolute* with probability ``rho``, then enforces the demand, offers a compromise, or backs
down. After enforcement the Target complies late or fights; after an offer it accepts or
fights; a war turns nuclear with probability ``r``. The Coercer's type (payoffs ``*_h``
resolute, ``*_s`` irresolute) is its private information. Outcomes: **Target complies** (at
once or under enforcement), **Target defies** (the Coercer backs down), **Compromise**,
**War**, **Nuclear war**.

The game form is that of :mod:`.crisis_deterrence` with the roles reversed in spirit: the
first mover is the target of the threat and yielding means changing the status quo. What
makes compellence harder is in the payoffs the scenario layer gives it: the Target's cost of
complying includes the reputational cost of being seen to yield (Schelling 1966, ch. 2;
Sechser 2011 on why targets resist compellent threats), and the Coercer must itself start
the fighting to enforce. Sechser (2011) collects militarized compellent threats, 1918-2001,
to test such claims.

Subgame-perfect play (backward induction), with ``E_c = (1 - r) war_c + r nuc_c`` and
``E_t = (1 - r) war_t + r nuc_t`` for each Coercer type ``t``: the Target fights after
enforcement iff ``E_c > back_c`` and after an offer iff ``E_c > deal_c``; each Coercer type
picks the largest of enforcing, offering and backing down (``concede_t``) with its own
payoffs; the Target
defies iff its expected payoff of defiance exceeds ``yield_c`` (complying at once). Ties go
to the action listed first (comply, comply, accept, enforce). With logit precision ``lam``
(``method="qre"``) play is the agent logit QRE and tends to this SPE as ``lam`` grows.

References
----------
Schelling, T. C. (1966). Arms and Influence. Yale UP, ch. 2.
Sechser, T. S. (2011). Militarized compellent threats, 1918-2001. CMPS 28(4), 377-401.
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

COMPLIES, DEFIES, COMPROMISE, WAR, NUCLEAR = (
    "Target complies",
    "Target defies",
    "Compromise",
    "War",
    "Nuclear war",
)
OUTCOMES = (COMPLIES, DEFIES, COMPROMISE, WAR, NUCLEAR)
ROLES = cg.Roles(
    first="Target",
    threatener="Coercer",
    labels=dict(zip(cg.CLASSES, OUTCOMES, strict=True)),
    yield_now="comply",
    press="defy",
    stand="enforce",
    offer="offer compromise",
    give_in="back down",
    yield_late="comply",
    accept="accept",
    fight="fight",
    attribution=False,
)
MAP_AXES = (("war_h", -3.0, 1.0), ("rho", 0.0, 1.0))


class CrisisCompellenceParameters(ModelParameters):
    """Payoffs of both sides (utilities), the Coercer's type prior and the escalation risk."""

    yield_c: float = cg.payoff(-1.3, "Target's payoff of complying at once", "s_T")
    win_c: float = cg.payoff(0.0, "Target's payoff when the Coercer backs down", "w_T")
    back_c: float = cg.payoff(-1.5, "Target's payoff of complying under enforcement", "b_T")
    deal_c: float = cg.payoff(-0.6, "Target's payoff of the compromise", "k_T")
    war_c: float = cg.payoff(-1.2, "Target's payoff of a conventional war", "x_T")
    nuc_c: float = cg.payoff(-3.0, "Target's payoff of a nuclear war", "z_T")
    concede_h: float = cg.payoff(-0.8, "resolute Coercer's payoff of backing down", "l_Ch")
    held_h: float = cg.payoff(1.0, "resolute Coercer's payoff when the Target complies", "h_Ch")
    deal_h: float = cg.payoff(-0.4, "resolute Coercer's payoff of the compromise", "k_Ch")
    war_h: float = cg.payoff(0.0, "resolute Coercer's payoff of a conventional war", "x_Ch")
    nuc_h: float = cg.payoff(-3.0, "resolute Coercer's payoff of a nuclear war", "z_Ch")
    concede_s: float = cg.payoff(-0.3, "irresolute Coercer's payoff of backing down", "l_Cs")
    held_s: float = cg.payoff(0.3, "irresolute Coercer's payoff when the Target complies", "h_Cs")
    deal_s: float = cg.payoff(-0.2, "irresolute Coercer's payoff of the compromise", "k_Cs")
    war_s: float = cg.payoff(-0.6, "irresolute Coercer's payoff of a conventional war", "x_Cs")
    nuc_s: float = cg.payoff(-3.0, "irresolute Coercer's payoff of a nuclear war", "z_Cs")
    rho: float = param(
        0.5, "probability the Coercer is resolute", lo=0, hi=1, unit="probability", symbol="rho"
    )
    r: float = param(
        0.1, "probability a war escalates to nuclear use", lo=0, hi=1, unit="probability"
    )


def build() -> Game:
    """Target, the Coercer's type, Coercer, Target, escalation."""
    return cg.build_game(
        ROLES, "Crisis compellence with settlement", CrisisCompellenceParameters().model_dump()
    )


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Closed-form SPE: the most likely outcome, class probabilities, credibility."""
    return cg.theory(p, ROLES)


MODEL = Model(
    name="crisis_compellence",
    title="Crisis compellence with settlement (strategic choice)",
    summary=(
        "Will a compellent threat make the Target undo what it did? The Target complies or "
        "defies; the Coercer enforces, offers a compromise or backs down depending on its own "
        "payoffs; the Target complies late, accepts or fights, and a war turns nuclear with "
        "probability r. Solved exactly (SPE) or as an agent logit QRE."
    ),
    parameters=CrisisCompellenceParameters,
    build=build,
    theory=theory,
    outcome_of=most_likely_outcome,
    outcomes=OUTCOMES,
    references=(
        "Schelling, T. C. (1966). Arms and Influence. Yale University Press, ch. 2.",
        "Sechser, T. S. (2011). Militarized compellent threats, 1918-2001. Conflict "
        "Management and Peace Science 28(4), 377-401.",
        "George, A. L. (1991). Forceful Persuasion: Coercive Diplomacy as an Alternative to "
        "War. United States Institute of Peace Press.",
        "Signorino, C. S. (1999). Strategic interaction and the statistical analysis of "
        "international conflict. American Political Science Review 93(2), 279-297.",
        "McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive "
        "form games. Experimental Economics 1(1), 9-41.",
    ),
    methods=("spe", "qre"),
    information="incomplete",
    players=("Target", "Coercer"),
)
