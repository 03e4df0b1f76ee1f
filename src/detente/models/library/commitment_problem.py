"""Preventive war as a commitment problem (Fearon 1995; Powell 2006).

State A is declining: it wins a war today with probability ``p0``, but from tomorrow on, for
ever, only with ``p1``. Each period the two divide a flow good of size 1; both discount by
``delta``; war ends bargaining and costs ``c_A`` and ``c_B`` per period (payoffs are averages,
``(1 - delta)`` times discounted sums). After the shift the rising state B need never give A
more than A's new war value ``v1 = max(p1 - c_A, 0)`` per period, and B cannot commit today to
give more later. So the most peace can be worth to A is the whole good today and ``v1`` after:
``(1 - delta) + delta v1``. A fights now (preventive war) iff this is less than fighting now,
``p0 - c_A``, i.e. (with ``p1 >= c_A``)

    delta (p0 - p1) > (1 - delta)(1 - p0 + c_A):

a large, fast shift in power (or patience) makes war, though it is inefficient, because B's
promise of future concessions is not credible.

The engine game makes the comparison explicit: A chooses between attacking now and accepting
the best deal B can credibly offer (the whole good today, ``v1`` per period after the shift).
When that deal beats war, B actually offers only the least A accepts,
``y = max((p0 - c_A - delta v1)/(1 - delta), 0)`` today (reported by the theory as
``offer_today``); when ``y > 1`` even the best deal loses to war and no offer prevents it.

This is the flow-cost form used in issue #3 and in Powell (2006). With Fearon's one-time
costs (war worth ``p/(1 - delta) - c_A`` in discounted sums) the right-hand side becomes
``(1 - delta)(1 - p0 + (1 - delta) c_A)``; both forms agree on issue #3's three examples.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3),
379-414, section "Preventive war as a commitment problem" (p. 404-409).
Powell, R. (2006). War as a commitment problem. International Organization 60(1), 169-203.
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
    param,
)

PEACE, PREVENTIVE_WAR = "Peace", "Preventive war"

MAP_AXES = (("p1", 0.0, 1.0), ("delta", 0.0, 0.99))


class CommitmentProblemParameters(ModelParameters):
    """Power today and after the shift, costs of war (per period) and the discount factor."""

    p0: float = param(
        0.8, "probability that A wins a war today", lo=0, hi=1, unit="probability", symbol="p_0"
    )
    p1: float = param(
        0.2,
        "probability that A wins a war after the power shift",
        lo=0,
        hi=1,
        unit="probability",
        symbol="p_1",
    )
    c_a: float = param(
        0.05, "A's cost of war per period", lo=0, hi=1, unit="share of the good", symbol="c_A"
    )
    c_b: float = param(
        0.05, "B's cost of war per period", lo=0, hi=1, unit="share of the good", symbol="c_B"
    )
    delta: float = param(
        0.9, "discount factor of both states", lo=0, hi=0.99, unit="per period", symbol="delta"
    )


#: A's value of peace after the shift: B need not give A more than A's war value.
FUTURE = "max(p1 - c_a, 0)"


def build() -> Game:
    """A attacks now or accepts B's best credible deal (everything today, ``v1`` after)."""
    return Game(
        title="Preventive war as a commitment problem",
        players=["A", "B"],
        parameters=CommitmentProblemParameters().model_dump(),
        root=decision(
            "A",
            {
                "accept the best deal": terminal(
                    PEACE, f"(1 - delta) + delta*{FUTURE}", f"delta*(1 - {FUTURE})"
                ),
                "attack now": terminal(PREVENTIVE_WAR, "p0 - c_a", "1 - p0 - c_b"),
            },
            name="A (declining)",
        ),
    )


def preventive_war(
    p0: np.ndarray, p1: np.ndarray, c_a: np.ndarray, delta: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Whether the declining state attacks now, and by how much war beats the best peace.

    War iff ``p0 - c_A > (1 - delta) + delta max(p1 - c_A, 0)``; for ``p1 >= c_A`` this is
    ``delta (p0 - p1) > (1 - delta)(1 - p0 + c_A)``.

    References
    ----------
    Fearon (1995), p. 404-409; Powell (2006), section "Preventive war".
    """
    p0, p1, c_a, delta = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (p0, p1, c_a, delta))
    )
    gain = (p0 - c_a) - ((1 - delta) + delta * np.maximum(p1 - c_a, 0.0))
    return gain > 0, gain


def theory(q: dict[str, np.ndarray]) -> Theory:
    """Closed form: war iff the whole good today cannot compensate for the shift."""
    war, gain = preventive_war(q["p0"], q["p1"], q["c_a"], q["delta"])
    lhs = q["delta"] * (q["p0"] - q["p1"])
    rhs = (1 - q["delta"]) * (1 - q["p0"] + q["c_a"])
    future = np.maximum(q["p1"] - q["c_a"], 0.0)
    return Theory(
        outcome=np.where(war, PREVENTIVE_WAR, PEACE).astype(object),
        values={
            "war": war,
            "war_gain": gain,
            "shift_term": lhs,
            "peace_term": rhs,
            "future_value": future,
            # the least share today that A accepts; above 1 no feasible deal buys peace
            "offer_today": np.maximum(q["p0"] - q["c_a"] - q["delta"] * future, 0.0)
            / (1 - q["delta"]),
        },
        margin=np.abs(gain),
    )


MODEL = Model(
    name="commitment_problem",
    title="Preventive war as a commitment problem (Fearon 1995; Powell 2006)",
    summary=(
        "When does a shift in power cause war? A declining state that wins with p0 today but "
        "p1 tomorrow attacks now iff delta (p0 - p1) > (1 - delta)(1 - p0 + c_A): the rising "
        "state cannot credibly promise future concessions, and even the whole good today "
        "cannot make up for the loss."
    ),
    parameters=CommitmentProblemParameters,
    build=build,
    theory=theory,
    outcome_of=most_likely_outcome,
    outcome_codes_of=most_likely_outcome_codes,
    outcomes=(PEACE, PREVENTIVE_WAR),
    references=(
        "Fearon, J. D. (1995). Rationalist explanations for war. International Organization "
        "49(3), 379-414.",
        "Powell, R. (2006). War as a commitment problem. International Organization 60(1), "
        "169-203.",
    ),
    methods=("spe", "qre"),
    information="complete",
    players=("A", "B"),
)
