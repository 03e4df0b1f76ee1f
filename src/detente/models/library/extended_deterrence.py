"""Extended immediate deterrence: Attacker, Defender and its Protege (Huth 1988).

The game tree is Signorino & Tarar's (2006, Figure 1): the Attacker attacks the Protege or
not (Status Quo); the Defender defends it or abandons it (Protege Abandoned: the Attacker
takes the stake ``v_a``, the Defender loses its stake ``v_d`` and pays ``commitment``, the
audience and reputation cost of abandoning an ally); facing a defense, the Attacker backs
down (paying ``back_down_cost``) or fights. In war the Attacker wins with probability
``pi = 1 / (1 + protege_strength + (1 - distance) defender_strength)`` (strengths relative to
the Attacker's; distance is the share of the Defender's strength lost to power projection),
gaining ``v_a`` and paying ``c_a``; the Defender loses ``v_d`` with probability ``pi`` and pays
``c_d``. Backward induction: the Attacker fights a defense iff ``pi v_a - c_a > -back_down_cost``
(it is *resolved*); a Defender facing a resolved Attacker defends iff
``commitment > k* = c_d - (1 - pi) v_d`` (the commitment threshold that makes defense credible),
and always defends an Attacker that would back down. Deterrence succeeds (Status Quo) iff
defense is credible and war does not pay the Attacker, ``pi v_a <= c_a``; with a credible
defense and ``pi v_a > c_a`` the crisis ends in War; without one the Protege is abandoned.

Comparative statics follow at once: a stronger commitment only widens the credible region; a
stronger Protege lowers ``pi``, hence both ``k*`` and the Attacker's war value, so it never
makes deterrence fail; distance raises ``pi`` and never helps. Deterrence needs the combined
local strength ``protege_strength + (1 - distance) defender_strength >= v_a / c_a - 1``
(reported as ``protege_strength_needed``). Under
complete information an Attacker never attacks to back down, so Attacker Backs Down occurs
only with noisy play: ``method="qre"`` gives the logit counterpart of Signorino & Tarar's
strategic probit, where every outcome has positive probability. The mapping of alliance ties,
protege strength and distance into utilities is this module's own specification in the spirit
of Huth's (1988) explanatory variables, not Signorino & Tarar's regression equations (whose
text we could not consult here); the thresholds are derived by hand and tested.

References
----------
Huth, P. K. (1988). Extended Deterrence and the Prevention of War. Yale University Press.
Huth, P. and Russett, B. (1984). What makes deterrence work? Cases from 1900 to 1980. World
Politics 36(4), 496-526.
Signorino, C. S. and Tarar, A. (2006). A unified theory and test of extended immediate
deterrence. American Journal of Political Science 50(3), 586-605, Figure 1.
"""

from __future__ import annotations

import numpy as np

from detente.games import Game, decision, terminal
from detente.models.model_interface import (
    Model,
    ModelParameters,
    Theory,
    most_likely_outcome,
    most_likely_outcome_codes,
    outcome_labels,
    param,
)

STATUS_QUO, ABANDONED, BACKS_DOWN, WAR = (
    "Status Quo",
    "Protege Abandoned",
    "Attacker Backs Down",
    "War",
)
OUTCOMES = (STATUS_QUO, ABANDONED, BACKS_DOWN, WAR)

#: The Attacker's probability of winning a war against Protege and Defender.
WIN_PROBABILITY = "1 / (1 + protege_strength + (1 - distance) * defender_strength)"


class ExtendedDeterrenceParameters(ModelParameters):
    """Alliance ties, strengths, stakes and costs (utilities; status quo worth 0 to both)."""

    commitment: float = param(
        0.5,
        "Defender's cost of abandoning its ally (commitment strength)",
        lo=0,
        hi=10,
        symbol="k",
    )
    protege_strength: float = param(
        0.5,
        "Protege's strength relative to the Attacker's",
        lo=0,
        hi=5,
        unit="ratio",
        symbol="m",
    )
    distance: float = param(
        0.5,
        "Defender's strength lost to distance (share)",
        lo=0,
        hi=1,
        unit="share",
        symbol="delta",
    )
    defender_strength: float = param(
        1.0,
        "Defender's strength relative to the Attacker's",
        lo=0,
        hi=5,
        unit="ratio",
        symbol="g",
    )
    v_a: float = param(1.0, "Attacker's value of taking the Protege (its stake)", lo=0, hi=10)
    v_d: float = param(1.0, "Defender's value of the Protege's survival (its stake)", lo=0, hi=10)
    c_a: float = param(0.6, "Attacker's cost of war", lo=0, hi=10)
    c_d: float = param(0.7, "Defender's cost of war", lo=0, hi=10)
    back_down_cost: float = param(
        0.2, "Attacker's cost of backing down after a defense", lo=0, hi=10, symbol="b_A"
    )


def build() -> Game:
    """Attacker: attack or not; Defender: defend or not; Attacker: back down or fight."""
    return Game(
        title="Extended deterrence",
        players=["Attacker", "Defender"],
        parameters=ExtendedDeterrenceParameters().model_dump(),
        root=decision(
            "Attacker",
            {
                "no attack": terminal(STATUS_QUO, 0, 0),
                "attack": decision(
                    "Defender",
                    {
                        "abandon": terminal(ABANDONED, "v_a", "-v_d - commitment"),
                        "defend": decision(
                            "Attacker",
                            {
                                "back down": terminal(BACKS_DOWN, "-back_down_cost", 0),
                                "fight": terminal(
                                    WAR,
                                    f"({WIN_PROBABILITY}) * v_a - c_a",
                                    f"-({WIN_PROBABILITY}) * v_d - c_d",
                                ),
                            },
                            name="Attacker after defense",
                        ),
                    },
                    name="Defender",
                ),
            },
            name="Attacker",
        ),
    )


def win_probability(
    protege_strength: np.ndarray, distance: np.ndarray, defender_strength: np.ndarray
) -> np.ndarray:
    """The Attacker's probability of winning the war, ``1 / (1 + m + (1 - delta) g)``."""
    return 1.0 / (1.0 + protege_strength + (1.0 - distance) * defender_strength)


def commitment_threshold(pi: np.ndarray, v_d: np.ndarray, c_d: np.ndarray) -> np.ndarray:
    """Smallest commitment that makes defense against a resolved Attacker credible:
    ``k* = c_d - (1 - pi) v_d`` (defend iff ``-pi v_d - c_d > -v_d - k``)."""
    return c_d - (1.0 - pi) * v_d


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Closed form (backward induction): resolve, credibility and the predicted outcome."""
    pi = win_probability(p["protege_strength"], p["distance"], p["defender_strength"])
    war_value = pi * p["v_a"] - p["c_a"]
    resolve = war_value + p["back_down_cost"]  # > 0: the Attacker fights a defense
    resolved = resolve > 0
    k_star = commitment_threshold(pi, p["v_d"], p["c_d"])
    # defending a bluffing Attacker costs nothing and saves v_d + k: always defend (if > 0)
    # (boolean algebra, not np.where: keeps 0-d results np.bool_ for Theory.point)
    credible = (resolved & (p["commitment"] > k_star)) | (
        ~resolved & (p["v_d"] + p["commitment"] > 0)
    )
    code = np.where(credible, np.where(war_value > 0, 3, 0), 1)
    margin = np.minimum.reduce(
        [
            np.abs(resolve),
            np.abs(war_value),
            np.where(resolved, np.abs(p["commitment"] - k_star), p["v_d"] + p["commitment"]),
            np.where(credible, np.inf, p["v_a"]),
            np.where(credible & ~resolved, p["back_down_cost"], np.inf),
        ]
    )
    # pi v_a <= c_a  <=>  m + (1 - delta) g >= v_a / c_a - 1: the Protege strength needed
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(p["c_a"] > 0, p["v_a"] / p["c_a"], np.inf)
    strength_needed = ratio - 1.0 - (1.0 - p["distance"]) * p["defender_strength"]
    return Theory(
        outcome=outcome_labels(OUTCOMES, code),
        values={
            "win_probability": pi,
            "commitment_threshold": k_star,
            "protege_strength_needed": strength_needed,
            "attacker_resolved": resolved,
            "defense_credible": credible,
            "war_pays_attacker": war_value > 0,
            "deterrence_success": credible & (war_value <= 0),
        },
        margin=margin,
    )


MODEL = Model(
    name="extended_deterrence",
    title="Extended deterrence (Attacker, Defender, Protege)",
    summary=(
        "Will an alliance deter an attack on a protege? The Attacker attacks or not, the "
        "Defender defends its protege or abandons it, the Attacker backs down or fights. "
        "Defense is credible iff the commitment (cost of abandoning the ally) exceeds "
        "k* = c_d - (1 - pi) v_d, and deterrence succeeds iff defense is credible and war "
        "does not pay the Attacker (pi v_a <= c_a); a stronger protege lowers pi, distance "
        "raises it."
    ),
    parameters=ExtendedDeterrenceParameters,
    build=build,
    theory=theory,
    outcome_of=most_likely_outcome,
    outcome_codes_of=most_likely_outcome_codes,
    outcomes=OUTCOMES,
    references=(
        "Huth, P. K. (1988). Extended Deterrence and the Prevention of War. Yale University Press.",
        "Huth, P. and Russett, B. (1984). What makes deterrence work? Cases from 1900 to "
        "1980. World Politics 36(4), 496-526.",
        "Signorino, C. S. and Tarar, A. (2006). A unified theory and test of extended "
        "immediate deterrence. American Journal of Political Science 50(3), 586-605.",
    ),
    methods=("spe", "qre"),
    information="complete",
    players=("Attacker", "Defender"),
)
