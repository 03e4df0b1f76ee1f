"""Crisis bargaining with private costs: the risk-return tradeoff (Fearon 1995).

Two states divide a good of size 1; A's share is ``x``. War gives A the good with probability
``p`` and costs ``c_A`` and ``c_B``, so A prefers a deal to war iff ``x >= p - c_A`` and B iff
``x <= p + c_B``: with complete information every share in the bargaining range
``[p - c_A, p + c_B]`` beats war for both, and A simply demands ``p + c_B``. When B's cost is
private, ``c_B ~ U[0, cbar]``, B accepts a demand ``x`` iff ``c_B >= x - p``, so a larger demand
buys more when accepted but is rejected (war) more often. A's optimal demand balances this risk
and return: ``x* = p + (cbar - c_A)/2``, rejected with probability
``P(war) = (x* - p)/cbar = (cbar - c_A)/(2 cbar)``; when ``c_A >= cbar`` A demands ``p`` and
there is no war, and when ``x*`` would exceed 1 A demands everything (``x* = 1``,
``P(war) = (1 - p)/cbar``).

In the engine game A chooses how far beyond ``p`` to push, ``x = min(p + s cbar, 1)``, from the
grid ``s = 0, 1/K, ..., 1`` (``K = DEMAND_STEPS``; demands below ``p`` are always accepted and
worth less than ``p``, so they are never optimal). B's private cost is a chance node whose
acceptance probability ``1 - min(s cbar, 1 - p)/cbar`` is the cutoff rule above. A's expected
payoff is a parabola in ``s`` with its peak at ``s* = P(war)``, so the SPE picks the grid level
closest to ``s*``: the engine reproduces ``x*`` and ``P(war)`` at grid resolution (``P(war)``
within ``1/(2K)``, the demand within ``cbar/(2K)``). The theory reports both the exact values
and the grid values the engine must find; the outcome ("Settlement" when ``P(war) = 0``, "Risk
of war" otherwise) differs only where ``0 < P(war) < 1/(2K)``, which the margin flags.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3),
379-414 (bargaining range, p. 386-390; risk-return tradeoff, p. 395-397 and fn. 24).
Powell, R. (1999). In the Shadow of Power. Princeton University Press, ch. 3.
"""

from __future__ import annotations

import numpy as np

from detente.games import Game, PBESolution, Solution, chance, decision, terminal
from detente.models.model_interface import Model, ModelParameters, Theory, param

SETTLEMENT, RISK_OF_WAR = "Settlement", "Risk of war"

#: Number of steps of A's demand grid ``s = 0, 1/K, ..., 1`` (``x = p + s cbar``).
DEMAND_STEPS = 60

#: Map axes for the docs (``examples/build_model_docs.py``).
MAP_AXES = (("c_a", 0.0, 0.6), ("cbar", 0.05, 0.6))


class BargainingParameters(ModelParameters):
    """Probability of victory and costs of war (shares of the disputed good)."""

    p: float = param(
        0.5, "probability that A wins a war", lo=0, hi=1, unit="probability", symbol="p"
    )
    c_a: float = param(0.1, "A's cost of war", lo=0, hi=1, unit="share of the good", symbol="c_A")
    cbar: float = param(
        0.3,
        "upper bound of B's private cost of war, c_B ~ U[0, cbar]",
        lo=0.01,
        hi=1,
        unit="share of the good",
        symbol="cbar",
    )


def _level(k: int) -> str:
    return f"{k}/{DEMAND_STEPS}"


def build() -> Game:
    """A picks a demand level; B's private cost decides acceptance (a chance node)."""
    actions = {}
    for k in range(DEMAND_STEPS + 1):
        s = _level(k)
        gap = f"min({s}*cbar, 1 - p)"  # x - p, the demand beyond A's war odds
        actions[f"x = p + {k / DEMAND_STEPS:.3f} cbar"] = chance(
            {
                "B accepts": (
                    f"1 - {gap}/cbar",
                    terminal(SETTLEMENT, f"p + {gap}", f"1 - p - {gap}"),
                ),
                "B fights": (f"{gap}/cbar", terminal("War", "p - c_a", f"1 - p - {gap}/2")),
            },
            name=f"B's cost (demand {k})",
        )
    return Game(
        title="Bargaining with private costs (Fearon 1995)",
        players=["A", "B"],
        parameters=BargainingParameters().model_dump(),
        root=decision("A", actions, name="A's demand"),
    )


def bargaining_range(p: np.ndarray, c_a: np.ndarray, c_b: np.ndarray) -> tuple[np.ndarray, ...]:
    """Complete-information bargaining range of A's share, ``[p - c_A, p + c_B]`` in [0, 1].

    References
    ----------
    Fearon (1995), p. 386-388: with risk-neutral states and positive costs of war, every
    division in ``(p - c_A, p + c_B)`` is strictly preferred to war by both.
    """
    p, c_a, c_b = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (p, c_a, c_b)))
    return np.clip(p - c_a, 0.0, 1.0), np.clip(p + c_b, 0.0, 1.0)


def optimal_demand(
    p: np.ndarray, c_a: np.ndarray, cbar: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A's optimal demand and the probability of war when ``c_B ~ U[0, cbar]``.

    ``x* = p + (cbar - c_A)/2`` and ``P(war) = (cbar - c_A)/(2 cbar)``, with the corners: if
    ``c_A >= cbar`` A demands ``p`` (``P(war) = 0``); if ``p + (cbar - c_A)/2 > 1`` A demands
    everything (``x* = 1``, ``P(war) = (1 - p)/cbar``).

    References
    ----------
    Fearon (1995), p. 395-397 and footnote 24 (the risk-return tradeoff).
    """
    p, c_a, cbar = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (p, c_a, cbar)))
    x = np.clip(p + (cbar - c_a) / 2, p, 1.0)
    return x, (x - p) / cbar


def theory(q: dict[str, np.ndarray]) -> Theory:
    """Closed form: optimal demand, probability of war, and their grid values."""
    p, c_a, cbar = q["p"], q["c_a"], q["cbar"]
    x_star, p_war = optimal_demand(p, c_a, cbar)
    s_free = (cbar - c_a) / (2 * cbar)  # unconstrained peak of A's payoff in s
    s_cap = (1 - p) / cbar  # level from which A demands everything
    gap_grid = _grid_gap(p, c_a, cbar, s_free, s_cap)
    low, high = bargaining_range(p, c_a, cbar)
    outcome = np.where(p_war > 0, RISK_OF_WAR, SETTLEMENT).astype(object)
    half = 0.5 / DEMAND_STEPS
    margin = np.where(s_free > 0, np.maximum(np.minimum(s_free, s_cap) - half, 0.0), np.abs(s_free))
    # halfway between two grid levels the engine's tie rule decides: not a boundary of the
    # outcome, but keep the margin honest where the outcome could flip (s* near 0)
    return Theory(
        outcome=outcome,
        values={
            "optimal_demand": x_star,
            "p_war": p_war,
            "optimal_demand_grid": p + gap_grid,
            "p_war_grid": gap_grid / cbar,
            "range_low": low,
            "range_high_max": high,
        },
        margin=margin,
    )


def _grid_gap(
    p: np.ndarray, c_a: np.ndarray, cbar: np.ndarray, s_free: np.ndarray, s_cap: np.ndarray
) -> np.ndarray:
    """``x - p`` at the grid level the engine picks: the best of the two levels around the
    peak and the first level that demands everything (lowest level wins ties)."""
    lo = np.clip(np.floor(s_free * DEMAND_STEPS), 0, DEMAND_STEPS)
    cap = np.clip(np.ceil(s_cap * DEMAND_STEPS), 0, DEMAND_STEPS)
    levels = np.sort(np.stack([lo, np.minimum(lo + 1, DEMAND_STEPS), cap]), axis=0)
    gap = np.minimum(levels / DEMAND_STEPS * cbar, 1 - p)
    value = (1 - gap / cbar) * (p + gap) + gap / cbar * (p - c_a)
    best = np.argmax(value >= value.max(axis=0) - 1e-12, axis=0)
    return np.take_along_axis(gap, best[None], axis=0)[0]


def outcome_of(solution: Solution | PBESolution, q: dict[str, np.ndarray]) -> np.ndarray:
    """ "Risk of war" where the solution fights with positive probability."""
    war = solution.outcome_prob("War")
    return np.where(war > 1e-9, RISK_OF_WAR, SETTLEMENT).astype(object)


MODEL = Model(
    name="bargaining",
    title="Bargaining and the risk-return tradeoff (Fearon 1995)",
    summary=(
        "Why do rational states fight? With complete information every share in [p - c_A, "
        "p + c_B] beats war for both. When B's cost is private (c_B ~ U[0, cbar]) A trades "
        "risk for return: it demands x* = p + (cbar - c_A)/2 and war follows with "
        "probability (cbar - c_A)/(2 cbar), zero when c_A >= cbar."
    ),
    parameters=BargainingParameters,
    build=build,
    theory=theory,
    outcome_of=outcome_of,
    outcomes=(SETTLEMENT, RISK_OF_WAR),
    references=(
        "Fearon, J. D. (1995). Rationalist explanations for war. International Organization "
        "49(3), 379-414.",
        "Powell, R. (1999). In the Shadow of Power: States and Strategies in International "
        "Politics. Princeton University Press, ch. 3.",
    ),
    methods=("spe", "qre"),
    information="incomplete",
    players=("A", "B"),
)
