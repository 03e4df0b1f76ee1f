"""Line plots of the stability calculators: survivors of an exchange, missile-defense leakage
and Lanchester battles.

Each function draws on a matplotlib Axes (a new figure when none is given) and returns it, as
:func:`detente.games.plot_game` does; the web explorer's stability page draws the same
pictures. The numbers come from the calculators themselves (:func:`exchange_curve`,
:func:`expected_leakers`, :func:`lanchester_paths`), computed on a grid in one vectorized call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from detente.errors import ParameterError
from detente.stability.counterforce import exchange_curve, force_arrays, prompt_warheads
from detente.stability.lanchester import Law, lanchester, lanchester_paths
from detente.stability.missile_defense import MissileDefense
from detente.stability.posture import AlertLevel, ForcePosture

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Colours of side A and side B (the path colour of the tree pictures is kept for neither).
SIDE_COLORS = ("#1f77b4", "#d62728")
#: Share of its initial force at which a loser that never reaches 0 (linear law, draws) is
#: taken to be destroyed, for the length of the time axis.
NEGLIGIBLE_SHARE = 0.02


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(6.4, 4.2), layout="constrained")[1]


def plot_exchange(
    a: ForcePosture,
    b: ForcePosture,
    level: AlertLevel = "generated",
    points: int = 101,
    ax: Axes | None = None,
) -> Axes:
    """Survivors in a counterforce exchange, both ways: the defender's surviving warheads
    (solid) and deliverable second strike (dashed) against the size of the first strike.

    Parameters
    ----------
    a, b : ForcePosture
        The two sides; each strikes the other first in turn.
    level : {"day_to_day", "generated"}
        Alert level of both sides.
    points : int
        Attack sizes per direction, from 0 to the attacker's prompt warheads.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Kent, G. A. and Thaler, D. E. (1989). *First-Strike Stability: A Methodology for
    Evaluating Strategic Forces*. RAND R-3765-AF (exchange curves).
    """
    if int(points) < 2:
        raise ParameterError(f"points must be at least 2 (got {points})")
    ax = _axes(ax)
    for (attacker, defender), color in zip(((a, b), (b, a)), SIDE_COLORS, strict=True):
        full = float(prompt_warheads(force_arrays([attacker], level))[0])
        curve = exchange_curve(attacker, defender, np.linspace(0.0, full, int(points)), level)
        x = curve.attack_sizes[0]
        who = f"{attacker.name} strikes {defender.name}"
        ax.plot(x, curve.surviving_warheads[0], "-", color=color, label=f"{who}: survivors")
        ax.plot(
            x, curve.second_strike[0], "--", color=color, label=f"{who}: deliverable 2nd strike"
        )
    ax.set_xlabel("warheads spent in the first strike")
    ax.set_ylabel("defender's warheads")
    ax.set_ylim(bottom=0)
    ax.set_xlim(left=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    ax.set_title(f"Counterforce exchange ({level.replace('_', '-')} alert)", fontsize=10)
    return ax


def plot_leakage(
    defense: MissileDefense,
    max_warheads: float,
    marks: ArrayLike | None = None,
    points: int = 201,
    ax: Axes | None = None,
) -> Axes:
    """Expected warheads leaking through a missile defense against the size of the attack.

    Parameters
    ----------
    defense : MissileDefense
        Interceptors, kill probability, doctrine, shots, decoys and discrimination.
    max_warheads : float
        Largest attack on the horizontal axis (> 0).
    marks : array_like, optional
        Attack sizes to mark on the curve (say, the ones a table lists).
    points : int
        Attack sizes on the curve.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Wilkening, D. A. (2000). A simple model for calculating ballistic missile defense
    effectiveness. *Science & Global Security* 8(2), 183-215.
    """
    if not np.isfinite(max_warheads) or max_warheads <= 0:
        raise ParameterError(f"max_warheads must be finite and > 0 (got {max_warheads!r})")
    if int(points) < 2:
        raise ParameterError(f"points must be at least 2 (got {points})")
    ax = _axes(ax)
    w = np.linspace(0.0, float(max_warheads), int(points))
    ax.plot(w, w, ":", color="#7f7f7f", label="no defense")
    ax.plot(w, defense.leakers(w), "-", color=SIDE_COLORS[0], label="expected leakers")
    if marks is not None:
        m = np.asarray(marks, dtype=float).ravel()
        ax.plot(m, defense.leakers(m), "o", color=SIDE_COLORS[0], ms=5, label="computed sizes")
    ax.set_xlabel("attacking warheads")
    ax.set_ylabel("expected warheads leaking through")
    ax.set_xlim(0, float(max_warheads))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    per = defense.decoys_per_warhead
    decoys = f", {per:g} decoys/warhead" if per else ""
    ax.set_title(
        _wrap(
            f"Missile defense: {defense.interceptors:g} interceptors, pk {defense.pk:g}, "
            f"{defense.doctrine}{decoys}"
        ),
        fontsize=10,
    )
    return ax


def plot_lanchester(
    a0: float,
    b0: float,
    alpha: float = 1.0,
    beta: float = 1.0,
    law: Law = "square",
    breakpoint: float = 0.0,
    points: int = 201,
    ax: Axes | None = None,
) -> Axes:
    """Lanchester curves: both forces over time until the loser reaches its breakpoint.

    Parameters
    ----------
    a0, b0, alpha, beta, law, breakpoint
        As in :func:`~detente.stability.lanchester`.
    points : int
        Times on the curves.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Notes
    -----
    The time axis ends when the loser reaches its breakpoint; when it never does (a draw, or
    the linear law with breakpoint 0) it ends when the weaker side is down to
    :data:`NEGLIGIBLE_SHARE` of its initial force.

    References
    ----------
    Lanchester (1916), ch. V; Taylor (1983), vol. 1 (time histories).
    """
    if int(points) < 2:
        raise ParameterError(f"points must be at least 2 (got {points})")
    out = lanchester(a0, b0, alpha, beta, law, breakpoint)
    end = float(out.time_to_defeat)
    if not np.isfinite(end):
        end = _negligible_time(a0, b0, alpha, beta, law)
    # an overwhelming side wins at once (time 0 to within rounding): draw the outcome on a
    # unit time axis rather than an empty one
    end = end if end > 0 else 1.0
    ax = _axes(ax)
    t = np.linspace(0.0, end, int(points))
    force_a, force_b = lanchester_paths(a0, b0, alpha, beta, law, t)
    ax.plot(t, force_a, "-", color=SIDE_COLORS[0], label=f"A (α = {alpha:g})")
    ax.plot(t, force_b, "-", color=SIDE_COLORS[1], label=f"B (β = {beta:g})")
    winner = str(np.asarray(out.winner).item())
    ax.set_xlabel("time")
    ax.set_ylabel("force")
    ax.set_xlim(0, end)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    if winner == "draw":
        verdict = "draw (both sides wear down alike)"
    else:
        loser = "B" if winner == "A" else "A"
        left = float(out.survivors_a if winner == "A" else out.survivors_b)
        verdict = f"{winner} wins with {left:.4g} left"
        if np.isfinite(float(out.time_to_defeat)):
            verdict += f" when {loser} breaks at t = {end:.3g}"
    ax.set_title(_wrap(f"Lanchester {law} law: {verdict}"), fontsize=10)
    return ax


def _wrap(title: str, width: int = 48) -> str:
    """A title broken over lines of at most ``width`` characters (panels may be narrow)."""
    import textwrap

    return "\n".join(textwrap.wrap(title, width))


def _negligible_time(a0: float, b0: float, alpha: float, beta: float, law: Law) -> float:
    """When the weaker side is down to :data:`NEGLIGIBLE_SHARE` of its force (draws and the
    linear law, whose losers only approach 0)."""
    out = lanchester(a0, b0, alpha, beta, law, NEGLIGIBLE_SHARE)
    if np.isfinite(float(out.time_to_defeat)):
        return float(out.time_to_defeat)
    # a draw: both decay alike (square: e^(-g t); linear: B0 / (1 + beta B0 t))
    if law == "square":
        return float(np.log(1.0 / NEGLIGIBLE_SHARE) / np.sqrt(alpha * beta))
    return float((1.0 / NEGLIGIBLE_SHARE - 1.0) / (beta * b0))
