"""Conventional balance: Lanchester square and linear laws in closed form.

Two forces ``A`` and ``B`` with per-unit effectiveness ``alpha`` (A's kill rate) and ``beta``
(B's kill rate).

Square law (aimed fire)::

    dA/dt = -beta B,  dB/dt = -alpha A;   alpha A^2 - beta B^2 is constant.

A wins if ``alpha A0^2 > beta B0^2`` with ``A_f = sqrt(A0^2 - (beta/alpha) B0^2)``. With
``g = sqrt(alpha beta)`` and ``K = A0 sqrt(alpha/beta)``,
``B(t) = B0 cosh(g t) - K sinh(g t)``; B falls to ``x`` at
``t = ln((sqrt(x^2 + K^2 - B0^2) - x) / (K - B0)) / g`` (``atanh(B0/K)/g`` for ``x = 0``).

Linear law (unaimed, area fire)::

    dA/dt = -beta A B,  dB/dt = -alpha A B;   alpha A - beta B is constant.

A wins if ``alpha A0 > beta B0`` with ``A_f = A0 - (beta/alpha) B0``. With
``c = A0 - (beta/alpha) B0``, ``B(t) = alpha c B0 / ((alpha c + beta B0) e^(alpha c t) - beta
B0)``; B never reaches 0 in finite time, so time to defeat is measured to a breakpoint ``x``:
``t = ln((alpha c B0 / x + beta B0) / (alpha c + beta B0)) / (alpha c)``.

All functions broadcast over arrays of forces and coefficients. :func:`lanchester_paths`
gives the time histories ``A(t)``, ``B(t)`` (square law:
``A(t) = A0 cosh(g t) - B0 sqrt(beta/alpha) sinh(g t)``; linear law:
``A(t) = c + (beta/alpha) B(t)``).

References
----------
Lanchester, F. W. (1916). *Aircraft in Warfare: The Dawn of the Fourth Arm*. Constable,
ch. V (the N-square law; two equal-quality forces of 1,000 and 500 leave sqrt(1000^2 - 500^2)
= 866 survivors).
Washburn, A. (2000). *Lanchester Systems*. Naval Postgraduate School notes, sections 2.2-2.3
(square and linear laws and their solutions).
Taylor, J. G. (1983). *Lanchester Models of Warfare*, vol. 1. Operations Research Society of
America (closed-form time histories).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from detente.errors import ParameterError
from detente.plain_repr import PlainRepr

Law = Literal["square", "linear"]
LAWS: tuple[str, ...] = ("square", "linear")


@dataclass(frozen=True, repr=False)
class LanchesterOutcome(PlainRepr):
    """Outcome of a Lanchester battle (arrays broadcast over the inputs).

    Attributes
    ----------
    winner : ndarray of str
        ``"A"``, ``"B"`` or ``"draw"``.
    survivors_a, survivors_b : ndarray
        Forces left when the loser reaches its breakpoint (0 for the loser's breakpoint
        being 0 under the square law).
    time_to_defeat : ndarray
        Time until the loser reaches its breakpoint (inf for draws, and for the linear law
        with breakpoint 0).
    force_ratio : ndarray
        ``A0 / B0``.
    strength_ratio : ndarray
        ``alpha A0^2 / (beta B0^2)`` (square) or ``alpha A0 / (beta B0)`` (linear); > 1 means A
        wins.
    """

    winner: NDArray[np.str_]
    survivors_a: NDArray[np.float64]
    survivors_b: NDArray[np.float64]
    time_to_defeat: NDArray[np.float64]
    force_ratio: NDArray[np.float64]
    strength_ratio: NDArray[np.float64]

    def to_dict(self) -> dict:
        """Plain values for JSON."""
        out = {}
        for f in fields(self):
            v = np.asarray(getattr(self, f.name))
            out[f.name] = v.item() if v.ndim == 0 else v.tolist()
        return out


def _square_time(b0, k, x, g):
    # time for the losing side (initial b0, opponent's scaled force k > b0) to fall to x
    # (sqrt(x^2 + d) - x) / (k - b0) with d = (k - b0)(k + b0), rationalised: both the
    # numerator and the denominator of the textbook form vanish as k -> b0 (a near draw), and
    # their cancellation gave times off by a third there (found by Hypothesis)
    with np.errstate(divide="ignore", invalid="ignore"):
        u = (k + b0) / (np.sqrt(x**2 + (k - b0) * (k + b0)) + x)
        return np.log(u) / g


def _linear_time(b0, lose_coef, win_coef, c, x):
    # dB/dt = -win_coef c B - lose_coef B^2 ; c > 0 is the winner's final margin
    with np.errstate(divide="ignore", invalid="ignore"):
        ac = win_coef * c
        # ln((ac b0/x + L b0) / (ac + L b0)) / ac written as w ln(1 + z) / z with z = ac w:
        # the textbook form divides a vanishing logarithm by a vanishing margin near a draw
        w = (b0 / x - 1) / (ac + lose_coef * b0)
        z = ac * w
        t = w * np.where(z == 0, 1.0, np.log1p(z) / np.where(z == 0, 1.0, z))
        return np.where(x > 0, t, np.inf)


def lanchester(
    a0: ArrayLike,
    b0: ArrayLike,
    alpha: ArrayLike = 1.0,
    beta: ArrayLike = 1.0,
    law: Law = "square",
    breakpoint: ArrayLike = 0.0,
) -> LanchesterOutcome:
    """Closed-form outcome of a Lanchester battle.

    Parameters
    ----------
    a0, b0 : array_like
        Initial forces (> 0).
    alpha, beta : array_like
        Attrition coefficients of A and B (> 0).
    law : {"square", "linear"}
        Aimed-fire (square) or unaimed-fire (linear) law.
    breakpoint : array_like
        Share of its initial force at which the loser quits, in [0, 1).

    Returns
    -------
    LanchesterOutcome

    References
    ----------
    Lanchester (1916), ch. V; Washburn (2000), sections 2.2-2.3; Taylor (1983).
    """
    a, b, al, be, bp = (np.asarray(v, dtype=float) for v in (a0, b0, alpha, beta, breakpoint))
    for name, v in (("a0", a), ("b0", b), ("alpha", al), ("beta", be)):
        if np.any(~np.isfinite(v)) or np.any(v <= 0):
            raise ParameterError(f"{name} must be finite and > 0")
    if np.any((bp < 0) | (bp >= 1)):
        raise ParameterError(f"breakpoint must lie in [0, 1) (got {breakpoint!r})")
    a, b, al, be, bp = np.broadcast_arrays(a, b, al, be, bp)
    if law == "square":
        sa, sb = al * a**2, be * b**2
        ratio = sa / sb
        a_wins, b_wins = sa > sb, sb > sa
        g = np.sqrt(al * be)
        xb, xa = bp * b, bp * a
        # survivors when the loser is at its breakpoint: invariant alpha A^2 - beta B^2
        surv_a = np.where(a_wins, np.sqrt(np.maximum(a**2 - (be / al) * (b**2 - xb**2), 0)), xa)
        surv_b = np.where(b_wins, np.sqrt(np.maximum(b**2 - (al / be) * (a**2 - xa**2), 0)), xb)
        t_a_wins = _square_time(b, a * np.sqrt(al / be), xb, g)
        t_b_wins = _square_time(a, b * np.sqrt(be / al), xa, g)
    elif law == "linear":
        sa, sb = al * a, be * b
        ratio = sa / sb
        a_wins, b_wins = sa > sb, sb > sa
        xb, xa = bp * b, bp * a
        surv_a = np.where(a_wins, a - (be / al) * (b - xb), xa)
        surv_b = np.where(b_wins, b - (al / be) * (a - xa), xb)
        # dB/dt = -alpha A B with A = c + (beta/alpha) B, c = A0 - (beta/alpha) B0
        c_a = a - (be / al) * b
        c_b = b - (al / be) * a
        t_a_wins = _linear_time(b, be, al, c_a, xb)
        t_b_wins = _linear_time(a, al, be, c_b, xa)
    else:
        raise ParameterError(f"law {law!r} is unknown; use one of {', '.join(LAWS)}")
    winner = np.where(a_wins, "A", np.where(b_wins, "B", "draw"))
    time = np.where(a_wins, t_a_wins, np.where(b_wins, t_b_wins, np.inf))
    surv_a = np.where(a_wins | b_wins, surv_a, 0.0)
    surv_b = np.where(a_wins | b_wins, surv_b, 0.0)
    return LanchesterOutcome(winner, surv_a, surv_b, time, a / b, ratio)


def victory_probability(
    a0: ArrayLike,
    b0: ArrayLike,
    alpha: ArrayLike = 1.0,
    beta: ArrayLike = 1.0,
    law: Law = "square",
) -> NDArray[np.float64]:
    """Probability that A prevails, from Lanchester strengths by a ratio contest-success
    function: ``P_A = S_A / (S_A + S_B)`` with ``S = alpha A0^2`` (square) or ``alpha A0``
    (linear).

    References
    ----------
    Hirshleifer, J. (1989). Conflict and rent-seeking success functions: ratio vs. difference
    models of relative success. *Public Choice* 63(2), 101-112 (ratio form).
    """
    out = lanchester(a0, b0, alpha, beta, law)
    r = out.strength_ratio
    return r / (1.0 + r)


def lanchester_paths(
    a0: ArrayLike,
    b0: ArrayLike,
    alpha: ArrayLike = 1.0,
    beta: ArrayLike = 1.0,
    law: Law = "square",
    times: ArrayLike = 0.0,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Forces ``A(t)`` and ``B(t)`` of a Lanchester battle fought to the end, in closed form.

    Under the square law the loser reaches 0 in finite time and the battle stops there (the
    winner keeps its survivors); under the linear law the loser only approaches 0. A
    breakpoint does not change the paths, only when the battle is called off (see
    :func:`lanchester`'s ``time_to_defeat``).

    Parameters
    ----------
    a0, b0, alpha, beta, law
        As in :func:`lanchester`.
    times : array_like
        Times ``t >= 0`` (broadcast with the other inputs).

    Returns
    -------
    A, B : ndarray
        Forces at each time, broadcast over all inputs.

    References
    ----------
    Taylor (1983), vol. 1 (closed-form time histories); Washburn (2000), sections 2.2-2.3.
    """
    out = lanchester(a0, b0, alpha, beta, law)  # validates the inputs
    a, b, al, be, t = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (a0, b0, alpha, beta, times))
    )
    if np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ParameterError("times must be finite and >= 0")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if law == "square":
            end = np.broadcast_to(out.time_to_defeat, t.shape)  # loser at 0 (breakpoint 0)
            g = np.sqrt(al * be)
            u = g * np.minimum(t, end)
            force_a = a * np.cosh(u) - b * np.sqrt(be / al) * np.sinh(u)
            force_b = b * np.cosh(u) - a * np.sqrt(al / be) * np.sinh(u)
            force_a, force_b = np.maximum(force_a, 0.0), np.maximum(force_b, 0.0)
            force_a = np.where(t >= end, np.broadcast_to(out.survivors_a, t.shape), force_a)
            force_b = np.where(t >= end, np.broadcast_to(out.survivors_b, t.shape), force_b)
        else:
            c = a - (be / al) * b  # A's margin: alpha A - beta B = alpha c stays constant
            ac = al * c
            tied = np.abs(ac) <= 1e-12 * be * b
            safe = np.where(tied, 1.0, ac)
            force_b = np.where(
                tied,
                b / (1.0 + be * b * t),
                safe * b / ((safe + be * b) * np.exp(safe * t) - be * b),
            )
            force_a = np.where(tied, 0.0, c) + (be / al) * force_b
    return force_a, force_b
