"""Inspection game for arms-control verification: equilibrium violation and inspection rates.

The inspectee (a treaty party) acts legally or violates; the inspector inspects or not. An
inspection uses a statistical test with false-alarm probability ``alpha`` (an alarm although
the inspectee acted legally) and detection probability ``1 - beta`` (an alarm when it
violated). Payoffs (inspector, inspectee), as in the general model of Avenhaus, von Stengel &
Zamir (2002, section 3), as (inspector, inspectee)::

    legal, no alarm         (0, 0)
    legal, false alarm      (-e, -h)
    violation, detected     (-a, -b)
    violation, undetected   (-c, d)

with ``0 < a < c`` (a detected violation is better for the inspector than an undetected one),
``e > 0``, ``b, d, h > 0``. Not inspecting means no alarm: legal gives ``(0, 0)``, a
violation gives ``(-c, d)``. Here the test is fixed and the inspector decides whether to
inspect; the chapter's model lets the inspector choose ``alpha`` as well, and this is that
model restricted to a two-point choice {no inspection, test with (alpha, beta)}.

Mixed equilibrium (inspect with ``p``, violate with ``q``), from the indifference conditions::

    q* = e alpha / (e alpha + (c - a)(1 - beta))
    p* = d / ((1 - beta)(b + d) - h alpha)

valid when ``(1 - beta) b - beta d >= h alpha`` (so ``p* <= 1``); otherwise even certain
inspection cannot deter and the equilibrium is pure: inspect and violate. As in every 2x2
mixed equilibrium, the violation rate depends only on the inspector's payoffs and the
inspection rate only on the inspectee's. Under inspector leadership (section 5 of the
chapter) the inspector announces ``p >= p*`` and the inspectee acts legally.

References
----------
Avenhaus, R., von Stengel, B. & Zamir, S. (2002). Inspection games. In R. J. Aumann &
S. Hart (eds.), *Handbook of Game Theory with Economic Applications*, vol. 3, ch. 51.
North-Holland. The section on the general game as an extension of statistical hypothesis
testing (false-alarm and non-detection probabilities; section 3 as we recall it) and the
section on inspector leadership (section 5). Section and equation numbers were not checked
against the printed chapter; the equilibrium below is derived here and verified by brute
force in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike, NDArray

from detente.errors import ParameterError
from detente.plain_repr import PlainRepr


@dataclass(frozen=True)
class InspectionPayoffs:
    """Payoff parameters (all > 0, ``a < c``); defaults are illustrative, not from a source.

    Attributes
    ----------
    a : float
        Inspector's loss when a violation is detected.
    c : float
        Inspector's loss when a violation goes undetected.
    e : float
        Inspector's loss from a false alarm.
    b : float
        Inspectee's loss when its violation is detected.
    d : float
        Inspectee's gain from an undetected violation.
    h : float
        Inspectee's loss from a false alarm against it.
    """

    a: float = 0.5
    c: float = 1.0
    e: float = 0.1
    b: float = 1.0
    d: float = 0.5
    h: float = 0.1

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not np.isfinite(v) or v <= 0:
                raise ParameterError(f"inspection payoff {f.name} must be > 0 (got {v})")
        if self.a >= self.c:
            raise ParameterError(
                f"inspection payoffs need a < c (detected violation better for the inspector "
                f"than an undetected one); got a={self.a}, c={self.c}"
            )


@dataclass(frozen=True, repr=False)
class InspectionEquilibrium(PlainRepr):
    """Equilibrium of the inspection game (arrays broadcast over the inputs).

    Attributes
    ----------
    violation_probability : ndarray
        ``q*``.
    inspection_probability : ndarray
        ``p*`` (1 where the equilibrium is pure).
    deterrable : ndarray of bool
        Whether some inspection probability <= 1 makes the inspectee indifferent (leadership
        with ``p >= p*`` then deters).
    inspector_payoff, inspectee_payoff : ndarray
        Expected equilibrium payoffs.
    """

    violation_probability: NDArray[np.float64]
    inspection_probability: NDArray[np.float64]
    deterrable: NDArray[np.bool_]
    inspector_payoff: NDArray[np.float64]
    inspectee_payoff: NDArray[np.float64]

    def to_dict(self) -> dict:
        """Plain values for JSON."""
        return {f.name: np.asarray(getattr(self, f.name)).tolist() for f in fields(self)}


def payoff_matrices(
    detection: float, false_alarm: float, payoffs: InspectionPayoffs = InspectionPayoffs()
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Bimatrix of the game: rows (inspector) = (no inspection, inspect); columns (inspectee) =
    (legal, violate). Returns (inspector matrix, inspectee matrix)."""
    al, det = float(false_alarm), float(detection)
    pi = payoffs
    inspector = np.array(
        [[0.0, -pi.c], [-pi.e * al, -pi.a * det - pi.c * (1.0 - det)]], dtype=float
    )
    inspectee = np.array([[0.0, pi.d], [-pi.h * al, -pi.b * det + pi.d * (1.0 - det)]], dtype=float)
    return inspector, inspectee


def inspection_equilibrium(
    detection: ArrayLike,
    false_alarm: ArrayLike,
    payoffs: InspectionPayoffs = InspectionPayoffs(),
) -> InspectionEquilibrium:
    """Equilibrium violation and inspection probabilities.

    Parameters
    ----------
    detection : array_like
        Detection probability ``1 - beta`` of an inspection, in (0, 1].
    false_alarm : array_like
        False-alarm probability ``alpha``, in [0, 1).
    payoffs : InspectionPayoffs
        Payoff parameters.

    Returns
    -------
    InspectionEquilibrium

    References
    ----------
    Avenhaus, von Stengel & Zamir (2002), sections 3 and 5.
    """
    det = np.asarray(detection, dtype=float)
    al = np.asarray(false_alarm, dtype=float)
    if np.any(~np.isfinite(det)) or np.any((det <= 0) | (det > 1)):
        raise ParameterError(f"detection probability must lie in (0, 1] (got {detection!r})")
    if np.any(~np.isfinite(al)) or np.any((al < 0) | (al >= 1)):
        raise ParameterError(f"false-alarm probability must lie in [0, 1) (got {false_alarm!r})")
    det, al = np.broadcast_arrays(det, al)
    pi = payoffs
    q_mixed = pi.e * al / (pi.e * al + (pi.c - pi.a) * det)
    denom = det * (pi.b + pi.d) - pi.h * al
    deterrable = denom >= pi.d
    p_mixed = pi.d / np.where(denom > 0, denom, 1.0)
    q = np.where(deterrable, q_mixed, 1.0)
    p = np.where(deterrable, p_mixed, 1.0)
    # inspector: indifferent in the mixed case -> payoff of not inspecting, -c q
    inspector = np.where(deterrable, -pi.c * q, -pi.a * det - pi.c * (1.0 - det))
    # inspectee: indifferent -> payoff of acting legally, -h alpha p
    inspectee = np.where(deterrable, -pi.h * al * p, -pi.b * det + pi.d * (1.0 - det))
    return InspectionEquilibrium(q, p, deterrable, inspector, inspectee)
