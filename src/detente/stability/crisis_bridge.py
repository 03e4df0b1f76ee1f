"""The bridge: crisis-model parameters from a pair of force postures.

:func:`crisis_parameters` turns two postures (and optionally a conventional balance) into the
quantities crisis-bargaining models take as inputs:

``cost_of_war_a``, ``cost_of_war_b``
    Expected cost of a nuclear war to each side, the mean of its costs of striking first and
    second (Kent & Thaler cost: own damage + k x damage not inflicted), on a 0..(1+k) scale.
``first_strike_advantage_a``, ``first_strike_advantage_b``
    ``cost_second - cost_first``: how much a side gains by pre-empting (> 0: an incentive).
``probability_victory_a``
    Probability that A prevails, by a ratio contest-success function on the damage each side
    can impose: ``P_A = D_B / (D_A + D_B)`` with ``D_X`` the damage X suffers in the war (mean
    over who strikes first), so the side that suffers relatively less is likelier to prevail.
    With a conventional balance given, the Lanchester ratio ``P_conv`` is combined as
    ``w_nuc P_nuc + (1 - w_nuc) P_conv``.
``denial_a``, ``punishment_a`` (and ``_b``)
    Deterrence by denial: probability that the side, as defender, defeats a conventional
    attack (Lanchester; ``None`` without a conventional balance). Deterrence by punishment:
    damage its deliverable second strike inflicts on the attacker after absorbing a first
    strike.

References
----------
Kent, G. A. & Thaler, D. E. (1989). *First-Strike Stability*. RAND R-3765.
Snyder, G. H. (1961). *Deterrence and Defense*. Princeton University Press, ch. 1 (deterrence
by denial vs by punishment).
Hirshleifer, J. (1989). Conflict and rent-seeking success functions. *Public Choice* 63(2),
101-112 (ratio success function).
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization* 49(3),
379-414 (costs of war and probability of victory as the crisis-bargaining inputs).
"""

from __future__ import annotations

from dataclasses import dataclass

from detente.errors import ParameterError
from detente.plain_repr import PlainRepr
from detente.stability.lanchester import Law, victory_probability
from detente.stability.missile_defense import MissileDefense
from detente.stability.posture import AlertLevel, ForcePosture
from detente.stability.stability_index import DEFAULT_COST_WEIGHT, stability_index


@dataclass(frozen=True, repr=False)
class ConventionalBalance(PlainRepr):
    """Conventional forces of A and B and their Lanchester attrition coefficients."""

    forces_a: float
    forces_b: float
    alpha: float = 1.0
    beta: float = 1.0
    law: Law = "square"
    #: Force-ratio advantage of a defender (e.g. 3 for the "3:1 rule"); multiplies the
    #: defender's attrition coefficient when computing deterrence by denial.
    defender_advantage: float = 1.0


def crisis_parameters(
    posture_a: ForcePosture,
    posture_b: ForcePosture,
    level: AlertLevel = "generated",
    defense_a: MissileDefense | None = None,
    defense_b: MissileDefense | None = None,
    conventional: ConventionalBalance | None = None,
    nuclear_weight: float = 0.5,
    cost_weight: float = DEFAULT_COST_WEIGHT,
) -> dict[str, float | None]:
    """Crisis-model parameters of a posture pair (see module docstring for the mapping).

    Parameters
    ----------
    posture_a, posture_b : ForcePosture
        The two sides.
    level : {"day_to_day", "generated"}
        Alert level.
    defense_a, defense_b : MissileDefense, optional
        Missile defenses.
    conventional : ConventionalBalance, optional
        Conventional forces; adds denial terms and mixes into the probability of victory.
    nuclear_weight : float
        Weight of the nuclear term in the probability of victory when ``conventional`` is
        given, in [0, 1].
    cost_weight : float
        Kent-Thaler weight on damage not inflicted.

    Returns
    -------
    dict
        ``cost_of_war_a/b``, ``first_strike_advantage_a/b``, ``probability_victory_a``,
        ``crisis_stability``, ``index_a/b``, ``punishment_a/b``, ``denial_a/b``.
    """
    if not 0.0 <= nuclear_weight <= 1.0:
        raise ParameterError(f"nuclear_weight must lie in [0, 1] (got {nuclear_weight})")
    r = stability_index(posture_a, posture_b, level, defense_a, defense_b, cost_weight=cost_weight)
    dmg_a = 0.5 * (float(r.damage_to_a_first) + float(r.damage_to_a_second))
    dmg_b = 0.5 * (float(r.damage_to_b_first) + float(r.damage_to_b_second))
    total = dmg_a + dmg_b
    p_nuc = 0.5 if total == 0 else dmg_b / total
    out: dict[str, float | None] = {
        "cost_of_war_a": 0.5 * float(r.cost_first_a + r.cost_second_a),
        "cost_of_war_b": 0.5 * float(r.cost_first_b + r.cost_second_b),
        "first_strike_advantage_a": float(r.cost_second_a - r.cost_first_a),
        "first_strike_advantage_b": float(r.cost_second_b - r.cost_first_b),
        "crisis_stability": float(r.crisis_stability),
        "index_a": float(r.index_a),
        "index_b": float(r.index_b),
        # punishment: damage a side's retaliation does to the first striker
        "punishment_a": float(r.damage_to_b_second),
        "punishment_b": float(r.damage_to_a_first),
        "denial_a": None,
        "denial_b": None,
        "probability_victory_a": p_nuc,
    }
    if conventional is not None:
        c = conventional
        p_conv = float(victory_probability(c.forces_a, c.forces_b, c.alpha, c.beta, c.law))
        adv = c.defender_advantage
        out["denial_a"] = 1.0 - float(
            victory_probability(c.forces_b, c.forces_a, c.beta, c.alpha * adv, c.law)
        )
        out["denial_b"] = 1.0 - float(
            victory_probability(c.forces_a, c.forces_b, c.alpha, c.beta * adv, c.law)
        )
        out["probability_victory_a"] = nuclear_weight * p_nuc + (1 - nuclear_weight) * p_conv
    return out
