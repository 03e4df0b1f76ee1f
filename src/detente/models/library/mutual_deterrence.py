"""Mutual deterrence with uncertain resolve on both sides (Zagare & Kilgour 2000, ch. 4).

Two states, A and B, each may cooperate (keep the status quo) or defect. A moves first; if A
cooperates, B cooperates (Status Quo) or defects; whoever is defected against then retaliates
(Conflict) or concedes (the defector wins). Each side is *hard* (it prefers conflict to
conceding, ``d > c_hard``) with probability ``p_a`` / ``p_b`` and *soft* otherwise, so the
*credibility* of A's retaliatory threat is ``q_A = p_a`` when only the hard type retaliates
(in general ``q_A = p_a [d_a > c_a_hard] + (1 - p_a) [d_a > c_a_soft]``, likewise ``q_B``).
Side i is deterred from defecting iff ``q_j d_i + (1 - q_j) a_i <= s_i``, i.e. (when
``a_i > d_i``) iff the other side's credibility reaches i's threshold
``C_i = (a_i - s_i) / (a_i - d_i)``. The deterrence (Status Quo) equilibrium holds iff both
are deterred, ``q_B >= C_A`` and ``q_A >= C_B``, the condition of Zagare & Kilgour's Mutual
Deterrence Game; it needs both capability conditions ``s_i > d_i`` (else ``C_i > 1``).

The other equilibria follow by backward induction. If B is deterred (``q_A >= C_B``) but A is
not (``q_B < C_A``), A defects and B retaliates with probability ``q_B`` (outcome *A
defects*). If A is deterred but B is not, A cooperates and B defects (*B defects*, conflict
with probability ``q_A``). If neither is deterred, A compares defecting first,
``q_B d_a + (1 - q_B) a_a``, with waiting to be defected against, ``E[max(d_a, c_a)]`` over its
own type, and pre-empts iff the former is larger. Each side learns its own resolve when it has
to respond (nature moves after the defection), which gives a perfect-information game solved by
batched backward induction; with resolve known in advance both types pool on cooperation where
deterrence holds, so the Status Quo condition is the same, but signalling equilibria of the
Bayesian game (bluffs, separating play) are outside this formulation. We could not consult the
book's text here: the conditions above are derived by backward induction on this tree.

References
----------
Zagare, F. C. and Kilgour, D. M. (2000). Perfect Deterrence. Cambridge University Press,
ch. 4 "Uncertainty and mutual deterrence", pp. 99-132 (the Mutual Deterrence Game).
Kilgour, D. M. and Zagare, F. C. (1991). Credibility, uncertainty, and deterrence. American
Journal of Political Science 35(2), 305-334 (credibility of a retaliatory threat = the
probability that its owner prefers retaliation to capitulation).
Zagare, F. C. (2004). Reconciling rationality with deterrence: A re-examination of the
logical foundations of deterrence theory. Journal of Theoretical Politics 16(2), 107-141.
"""

from __future__ import annotations

import numpy as np

from detente.games import Game, PBESolution, Solution, chance, decision, terminal
from detente.models.library.unilateral_deterrence import credibility_threshold
from detente.models.model_interface import Model, ModelParameters, Theory, outcome_labels, param

STATUS_QUO, A_DEFECTS, B_DEFECTS = "Status Quo", "A defects", "B defects"
OUTCOMES = (STATUS_QUO, A_DEFECTS, B_DEFECTS)


class MutualDeterrenceParameters(ModelParameters):
    """Each side's credibility and payoffs (von Neumann-Morgenstern utilities)."""

    p_a: float = param(
        0.6,
        "probability A is hard (credibility of A's retaliation)",
        lo=0,
        hi=1,
        unit="probability",
        symbol="p_A",
    )
    p_b: float = param(
        0.7,
        "probability B is hard (credibility of B's retaliation)",
        lo=0,
        hi=1,
        unit="probability",
        symbol="p_B",
    )
    a_a: float = param(
        1.0, "A's payoff when it defects and B concedes", lo=-10, hi=10, symbol="a_A"
    )
    s_a: float = param(0.0, "A's payoff of the status quo", lo=-10, hi=10, symbol="s_A")
    d_a: float = param(-1.0, "A's payoff of conflict", lo=-10, hi=10, symbol="d_A")
    c_a_hard: float = param(-2.0, "hard A's payoff of conceding to B's defection", lo=-10, hi=10)
    c_a_soft: float = param(-0.5, "soft A's payoff of conceding to B's defection", lo=-10, hi=10)
    a_b: float = param(
        1.0, "B's payoff when it defects and A concedes", lo=-10, hi=10, symbol="a_B"
    )
    s_b: float = param(0.0, "B's payoff of the status quo", lo=-10, hi=10, symbol="s_B")
    d_b: float = param(-1.0, "B's payoff of conflict", lo=-10, hi=10, symbol="d_B")
    c_b_hard: float = param(-2.0, "hard B's payoff of conceding to A's defection", lo=-10, hi=10)
    c_b_soft: float = param(-0.5, "soft B's payoff of conceding to A's defection", lo=-10, hi=10)


def _response(responder: str, kind: str, conflict: tuple[str, str], win: tuple[str, str]):
    """The responder of type ``kind`` retaliates (Conflict) or concedes (defector wins)."""
    label = "B Wins" if responder == "A" else "A Wins"
    return decision(
        responder,
        {"retaliate": terminal("Conflict", *conflict), "concede": terminal(label, *win)},
        name=f"{kind} {responder} responds",
    )


def build() -> Game:
    """A cooperates or defects; B answers; the side defected against retaliates or concedes.

    Nature draws the responder's resolve (hard with probability ``p_a`` / ``p_b``) just before
    it responds, so the game has perfect information.
    """

    def resolve(side: str, conflict: tuple[str, str], win: dict[str, tuple[str, str]]):
        p = f"p_{side.lower()}"
        return chance(
            {
                "hard": (p, _response(side, "hard", conflict, win["hard"])),
                "soft": (f"1 - {p}", _response(side, "soft", conflict, win["soft"])),
            },
            name=f"{side}'s resolve",
        )

    a_retaliates = resolve(
        "A", ("d_a", "d_b"), {"hard": ("c_a_hard", "a_b"), "soft": ("c_a_soft", "a_b")}
    )
    b_retaliates = resolve(
        "B", ("d_a", "d_b"), {"hard": ("a_a", "c_b_hard"), "soft": ("a_a", "c_b_soft")}
    )
    return Game(
        title="Mutual deterrence",
        players=["A", "B"],
        parameters=MutualDeterrenceParameters().model_dump(),
        root=decision(
            "A",
            {
                "cooperate": decision(
                    "B",
                    {"cooperate": terminal(STATUS_QUO, "s_a", "s_b"), "defect": a_retaliates},
                    name="B",
                ),
                "defect": b_retaliates,
            },
            name="A",
        ),
    )


def effective_credibility(
    p: np.ndarray, d: np.ndarray, c_hard: np.ndarray, c_soft: np.ndarray
) -> np.ndarray:
    """Probability that a side retaliates: each type retaliates iff conflict beats conceding.

    Kilgour & Zagare (1991): credibility is the probability that the side prefers retaliation
    to capitulation; with ``c_soft > d > c_hard`` it equals ``p``.
    """
    return p * (d > c_hard) + (1 - p) * (d > c_soft)


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Closed form (backward induction): credibilities, thresholds and the predicted outcome."""
    q_a = effective_credibility(p["p_a"], p["d_a"], p["c_a_hard"], p["c_a_soft"])
    q_b = effective_credibility(p["p_b"], p["d_b"], p["c_b_hard"], p["c_b_soft"])
    # B, after A cooperated: defect is worth q_A d_B + (1 - q_A) a_B against s_B
    b_defect_value = q_a * p["d_b"] + (1 - q_a) * p["a_b"]
    b_deterred = b_defect_value <= p["s_b"]
    # A at the root: defecting against cooperating (status quo, or facing B's defection)
    a_defect_value = q_b * p["d_a"] + (1 - q_b) * p["a_a"]
    a_facing_defection = p["p_a"] * np.maximum(p["d_a"], p["c_a_hard"]) + (1 - p["p_a"]) * (
        np.maximum(p["d_a"], p["c_a_soft"])
    )
    a_cooperate_value = np.where(b_deterred, p["s_a"], a_facing_defection)
    a_defects = a_defect_value > a_cooperate_value
    code = np.where(a_defects, 1, np.where(b_deterred, 0, 2))
    p_conflict = np.where(a_defects, q_b, np.where(b_deterred, 0.0, q_a))
    margin = np.minimum.reduce(
        [
            np.abs(b_defect_value - p["s_b"]),
            np.abs(a_defect_value - a_cooperate_value),
            np.abs(p["d_a"] - p["c_a_hard"]),
            np.abs(p["d_a"] - p["c_a_soft"]),
            np.abs(p["d_b"] - p["c_b_hard"]),
            np.abs(p["d_b"] - p["c_b_soft"]),
        ]
    )
    return Theory(
        outcome=outcome_labels(OUTCOMES, code),
        values={
            "credibility_a": q_a,
            "credibility_b": q_b,
            "threshold_a": credibility_threshold(p["s_a"], p["a_a"], p["d_a"]),
            "threshold_b": credibility_threshold(p["s_b"], p["a_b"], p["d_b"]),
            "a_deterred": a_defect_value <= p["s_a"],
            "b_deterred": b_deterred,
            "status_quo_equilibrium": (a_defect_value <= p["s_a"]) & b_deterred,
            "conflict_probability": p_conflict,
        },
        margin=margin,
    )


def who_defects(solution: Solution | PBESolution, params: dict[str, np.ndarray]) -> np.ndarray:
    """Outcome read off an engine solution: Status Quo, A defects or B defects, whichever is
    most likely (A's and B's first moves; the retaliation stage is in ``outcomes``)."""
    a_defects = solution.action_prob("A", "defect")
    b_defects = (1 - a_defects) * solution.action_prob("B", "defect")
    probs = np.stack([1 - a_defects - b_defects, a_defects, b_defects], axis=-1)
    return outcome_labels(OUTCOMES, np.argmax(probs, axis=-1))


MODEL = Model(
    name="mutual_deterrence",
    title="Mutual deterrence (Perfect Deterrence)",
    summary=(
        "Can two rivals deter each other? Each may defect from the status quo, unsure whether "
        "the other will retaliate. The status quo is an equilibrium iff each side's "
        "credibility reaches the other's threshold, p_A >= (a_B - s_B)/(a_B - d_B) and "
        "p_B >= (a_A - s_A)/(a_A - d_A); otherwise the side facing an incredible threat "
        "defects (or pre-empts)."
    ),
    parameters=MutualDeterrenceParameters,
    build=build,
    theory=theory,
    outcome_of=who_defects,
    outcomes=OUTCOMES,
    references=(
        "Zagare, F. C. and Kilgour, D. M. (2000). Perfect Deterrence. Cambridge University "
        "Press, ch. 4 (Uncertainty and mutual deterrence), pp. 99-132.",
        "Kilgour, D. M. and Zagare, F. C. (1991). Credibility, uncertainty, and deterrence. "
        "American Journal of Political Science 35(2), 305-334.",
        "Zagare, F. C. (2004). Reconciling rationality with deterrence. Journal of "
        "Theoretical Politics 16(2), 107-141.",
    ),
    methods=("spe", "qre"),
    information="incomplete",
    players=("A", "B"),
)
