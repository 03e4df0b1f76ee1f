"""Unilateral deterrence with uncertain resolve (Zagare & Kilgour 2000, Perfect Deterrence).

A Challenger keeps the status quo or makes a demand. The Defender is *hard* (its conflict
payoff ``d_def_hard``) with probability ``p_def`` and *soft* (``d_def_soft``) otherwise; it
concedes (Challenger Wins) or denies (Conflict). A type that prefers conflict to conceding
(``d_def > c_def``) denies; so the Challenger faces denial with probability ``q``, the
*credibility* of the threat (``q = p_def`` when only the hard type denies). The Challenger is
deterred iff ``q d_ch + (1 - q) a_ch <= s_ch``, i.e., when ``a_ch > d_ch``, iff

    q >= (a_ch - s_ch) / (a_ch - d_ch)        (credibility condition)

and deterrence is possible at all only if the Challenger prefers the status quo to conflict,
``s_ch > d_ch`` (capability condition: otherwise the threshold exceeds 1). With complete
information ``p_def`` is 0 or 1.

The Defender learns its type after the Challenger moves and before it responds, so nature is
placed after the demand: the game has perfect information (strategically equivalent to
nature moving first, since the Challenger moves once, before any signal) and is solved by
batched backward induction.

References
----------
Zagare, F. C. and Kilgour, D. M. (2000). Perfect Deterrence. Cambridge University Press,
ch. 4-5 (Unilateral Deterrence Game; credibility and capability conditions).
Zagare, F. C. (2004). Reconciling rationality with deterrence: A re-examination of the
logical foundations of deterrence theory. Journal of Theoretical Politics 16(2), 107-141.
"""

from __future__ import annotations

import numpy as np

from detente.games import Game, chance, decision, terminal
from detente.models.model_interface import (
    Model,
    ModelParameters,
    Theory,
    most_likely_outcome,
    most_likely_outcome_codes,
    param,
    unbroadcast,
)
from detente.models.outcome_codes import OutcomeCodes

STATUS_QUO, CHALLENGER_WINS, CONFLICT = "Status Quo", "Challenger Wins", "Conflict"
OUTCOMES = (STATUS_QUO, CHALLENGER_WINS, CONFLICT)


class UnilateralDeterrenceParameters(ModelParameters):
    """Payoffs (von Neumann-Morgenstern utilities) and the Defender's credibility."""

    s_ch: float = param(0.0, "Challenger's payoff of the status quo", lo=-10, hi=10, symbol="s_Ch")
    a_ch: float = param(
        1.0, "Challenger's payoff when the Defender concedes", lo=-10, hi=10, symbol="a_Ch"
    )
    d_ch: float = param(-1.0, "Challenger's payoff of conflict", lo=-10, hi=10, symbol="d_Ch")
    p_def: float = param(
        0.5,
        "probability the Defender is hard (credibility of its threat)",
        lo=0,
        hi=1,
        unit="probability",
        symbol="p_Def",
    )
    s_def: float = param(0.0, "Defender's payoff of the status quo", lo=-10, hi=10)
    c_def: float = param(-1.0, "Defender's payoff of conceding", lo=-10, hi=10)
    d_def_hard: float = param(-0.5, "hard Defender's payoff of conflict", lo=-10, hi=10)
    d_def_soft: float = param(-2.0, "soft Defender's payoff of conflict", lo=-10, hi=10)


def build() -> Game:
    """The game tree: Challenger, then nature (Defender's type), then Defender."""

    def defender(kind: str):
        return decision(
            "Defender",
            {
                "concede": terminal(CHALLENGER_WINS, "a_ch", "c_def"),
                "deny": terminal(CONFLICT, "d_ch", f"d_def_{kind}"),
            },
            name=f"{kind} Defender",
        )

    return Game(
        title="Unilateral deterrence",
        players=["Challenger", "Defender"],
        parameters=UnilateralDeterrenceParameters().model_dump(),
        root=decision(
            "Challenger",
            {
                "status quo": terminal(STATUS_QUO, "s_ch", "s_def"),
                "demand": chance(
                    {"hard": ("p_def", defender("hard")), "soft": ("1 - p_def", defender("soft"))},
                    name="Defender's resolve",
                ),
            },
            name="Challenger",
        ),
    )


def credibility_threshold(s_ch: np.ndarray, a_ch: np.ndarray, d_ch: np.ndarray) -> np.ndarray:
    """Smallest credibility that deters: (a_Ch - s_Ch) / (a_Ch - d_Ch).

    Zagare & Kilgour (2000), credibility condition. Where ``a_ch <= d_ch`` a threat cannot
    deter (the Challenger likes conflict at least as much as winning): +inf if the Challenger
    prefers winning to the status quo, -inf if it never wants to challenge.
    """
    s_ch, a_ch, d_ch = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (s_ch, a_ch, d_ch))
    )
    gap = a_ch - d_ch
    out = np.where(a_ch > s_ch, np.inf, -np.inf)
    np.divide(a_ch - s_ch, gap, out=out, where=gap > 0)
    return out


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Closed form: effective credibility, the two conditions and the predicted outcome.

    Every quantity is computed on the parameters' smallest broadcastable form (on a grid,
    the credibility varies along one axis and the threshold along the other), then broadcast
    to the points' shape: the same arithmetic per point, without repeating it across an axis
    on which it does not vary.
    """
    shape = np.broadcast_shapes(*(np.shape(v) for v in p.values()))
    c = {k: unbroadcast(v) for k, v in p.items()}
    hard_denies = c["d_def_hard"] > c["c_def"]
    soft_denies = c["d_def_soft"] > c["c_def"]
    q = c["p_def"] * hard_denies + (1 - c["p_def"]) * soft_denies
    threshold = credibility_threshold(c["s_ch"], c["a_ch"], c["d_ch"])
    value_of_demand = q * c["d_ch"] + (1 - q) * c["a_ch"]
    deterred = value_of_demand <= c["s_ch"]
    # integer codes into OUTCOMES, then labels: far cheaper than np.where on strings
    code = np.where(deterred, np.int8(0), np.where(q > 0.5, np.int8(2), np.int8(1)))
    margin = np.minimum(
        np.minimum(
            np.abs(value_of_demand - c["s_ch"]),
            np.where(deterred, np.inf, np.abs(q - 0.5)),
        ),
        np.minimum(np.abs(c["d_def_hard"] - c["c_def"]), np.abs(c["d_def_soft"] - c["c_def"])),
    )
    codes = OutcomeCodes(np.broadcast_to(code, shape), OUTCOMES)
    return Theory(
        outcome=codes.labels_array(),
        values={
            "credibility": np.broadcast_to(q, shape),
            "credibility_threshold": np.broadcast_to(threshold, shape),
            "capability": np.broadcast_to(c["s_ch"] > c["d_ch"], shape),
            "credibility_condition": np.broadcast_to(q >= threshold, shape),
            "deterred": np.broadcast_to(deterred, shape),
        },
        margin=np.broadcast_to(margin, shape),
        codes=codes,
    )


MODEL = Model(
    name="unilateral_deterrence",
    title="Unilateral deterrence (Perfect Deterrence)",
    summary=(
        "Will a threat deter? A Challenger decides whether to demand a change to the status "
        "quo, unsure whether the Defender is resolute. Deterrence holds iff the threat is "
        "credible enough, p_Def >= (a_Ch - s_Ch)/(a_Ch - d_Ch), which requires the Challenger "
        "to prefer the status quo to conflict (capability)."
    ),
    parameters=UnilateralDeterrenceParameters,
    build=build,
    theory=theory,
    outcome_of=most_likely_outcome,
    outcome_codes_of=most_likely_outcome_codes,
    outcomes=OUTCOMES,
    references=(
        "Zagare, F. C. and Kilgour, D. M. (2000). Perfect Deterrence. Cambridge University "
        "Press, ch. 4-5.",
        "Zagare, F. C. (2004). Reconciling rationality with deterrence. Journal of "
        "Theoretical Politics 16(2), 107-141.",
    ),
    methods=("spe", "qre"),
    information="incomplete",
    players=("Challenger", "Defender"),
)
