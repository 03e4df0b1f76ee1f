"""Ballistic-missile defense: expected warheads leaking through interceptors.

A defense holds ``N`` interceptors, each killing the object it engages with probability
``pk`` (single-shot intercept probability), independent across shots. The attack has ``W``
warheads and ``D`` decoys; the defense recognises each decoy with probability ``delta``
(discrimination) and engages every object it cannot tell from a warhead, so it faces
``O = W + (1 - delta) D`` threatening objects. All functions broadcast over arrays.

Doctrines
---------
``barrage`` (salvo, no look)
    All interceptors are fired at once, spread as evenly as possible over the ``O`` objects:
    with ``m = N / O`` per object, a share ``f = m - floor(m)`` gets ``floor(m) + 1`` and the
    rest ``floor(m)``. Leak probability per warhead
    ``q = (1 - f)(1 - pk)**floor(m) + f (1 - pk)**(floor(m) + 1)``. With a fixed
    ``salvo_size`` ``s``, ``E = min(O, N / s)`` objects get ``s`` interceptors each and
    ``q = (E/O)(1 - pk)**s + (1 - E/O)``.
``shoot-look-shoot``
    Up to ``shots`` engagement opportunities; at each look one interceptor is fired at every
    surviving object while interceptors last (expected-value recursion
    ``r' = r - pk * min(r, n)``, ``n' = n - min(r, n)``), and interceptors left at the last
    opportunity are spread barrage-style over the survivors. With ample interceptors
    ``q = (1 - pk)**shots`` using on average ``(1 - (1 - pk)**shots) / pk`` per object,
    fewer than a barrage achieving the same ``q``.

Expected leakers are ``W * q``; they never increase with more interceptors, higher ``pk`` or
better discrimination.

References
----------
Wilkening, D. A. (2000). A simple model for calculating ballistic missile defense
effectiveness. *Science & Global Security* 8(2), 183-215 (salvo and shoot-look-shoot firing
doctrines, leakage, decoys and discrimination).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from detente.errors import ParameterError
from detente.stability.parameter_checks import nonnegative as _nonneg
from detente.stability.parameter_checks import probability as _prob

Doctrine = Literal["barrage", "shoot-look-shoot"]
DOCTRINES: tuple[str, ...] = ("barrage", "shoot-look-shoot")


#: Interceptors per object beyond which the leak probability is treated as saturated.
_MAX_PER_OBJECT = 1.0e6


def _per_object(interceptors: NDArray, objects: NDArray) -> NDArray:
    """``interceptors / objects`` capped at ``_MAX_PER_OBJECT`` without overflow."""
    return np.minimum(interceptors, _MAX_PER_OBJECT * objects) / objects


def _even_spread_leak(per_object: NDArray[np.float64], pk: NDArray[np.float64]) -> NDArray:
    base = np.floor(per_object)
    frac = per_object - base
    miss = 1.0 - pk
    return (1.0 - frac) * miss**base + frac * miss ** (base + 1.0)


def leak_probability(
    objects: ArrayLike,
    interceptors: ArrayLike,
    pk: ArrayLike,
    doctrine: Doctrine = "barrage",
    shots: int = 2,
    salvo_size: int | None = None,
) -> NDArray[np.float64]:
    """Probability that a given threatening object (hence a warhead) is not intercepted.

    Parameters
    ----------
    objects : array_like
        Threatening objects the defense engages (warheads plus undiscriminated decoys).
    interceptors : array_like
        Interceptors available.
    pk : array_like
        Single-shot intercept probability, in [0, 1].
    doctrine : {"barrage", "shoot-look-shoot"}
        Firing doctrine.
    shots : int
        Engagement opportunities for shoot-look-shoot (>= 1; 1 equals barrage).
    salvo_size : int, optional
        Fixed interceptors per object for ``barrage``; default spreads all evenly.

    References
    ----------
    Wilkening (2000).
    """
    o = _nonneg("objects", objects)
    n = _nonneg("interceptors", interceptors)
    p = _prob("pk", pk)
    o, n, p = np.broadcast_arrays(o, n, p)
    safe_o = np.where(o > 0, o, 1.0)
    if doctrine == "barrage":
        if salvo_size is None:
            q = _even_spread_leak(_per_object(n, safe_o), p)
        else:
            if int(salvo_size) < 1:
                raise ParameterError(f"salvo_size must be >= 1 (got {salvo_size!r})")
            engaged = np.minimum(1.0, _per_object(n, salvo_size * safe_o))
            q = engaged * (1.0 - p) ** salvo_size + (1.0 - engaged)
    elif doctrine == "shoot-look-shoot":
        if int(shots) < 1:
            raise ParameterError(f"shots must be >= 1 (got {shots!r})")
        r = safe_o.copy()
        left = n.copy()
        for _ in range(int(shots) - 1):  # loop over engagement opportunities, not points
            fired = np.minimum(r, left)
            r = r - p * fired
            left = left - fired
        safe_r = np.where(r > 0, r, 1.0)
        q = (r / safe_o) * _even_spread_leak(_per_object(left, safe_r), p)
    else:
        raise ParameterError(f"doctrine {doctrine!r} is unknown; use one of {', '.join(DOCTRINES)}")
    return np.where(o > 0, q, 1.0)


def expected_leakers(
    warheads: ArrayLike,
    interceptors: ArrayLike,
    pk: ArrayLike,
    doctrine: Doctrine = "barrage",
    decoys: ArrayLike = 0.0,
    discrimination: ArrayLike = 1.0,
    shots: int = 2,
    salvo_size: int | None = None,
) -> NDArray[np.float64]:
    """Expected warheads that get through a missile defense.

    Parameters
    ----------
    warheads : array_like
        Attacking warheads (e.g. a grid of attack sizes).
    interceptors : array_like
        Interceptors available.
    pk : array_like
        Single-shot intercept probability.
    doctrine : {"barrage", "shoot-look-shoot"}
        Firing doctrine.
    decoys : array_like
        Decoys accompanying the warheads.
    discrimination : array_like
        Probability the defense recognises a decoy and ignores it, in [0, 1].
    shots, salvo_size
        See :func:`leak_probability`.

    Returns
    -------
    ndarray
        ``W * q`` broadcast over all inputs.

    References
    ----------
    Wilkening (2000).
    """
    w = _nonneg("warheads", warheads)
    d = _nonneg("decoys", decoys)
    delta = _prob("discrimination", discrimination)
    objects = w + (1.0 - delta) * d
    return w * leak_probability(objects, interceptors, pk, doctrine, shots, salvo_size)


@dataclass(frozen=True)
class MissileDefense:
    """A side's missile defense of its value targets (used by the stability index).

    Attributes
    ----------
    interceptors : float
        Interceptors available.
    pk : float
        Single-shot intercept probability.
    doctrine : {"barrage", "shoot-look-shoot"}
        Firing doctrine.
    shots : int
        Engagement opportunities (shoot-look-shoot).
    decoys_per_warhead : float
        Decoys the opponent's ballistic missiles carry per warhead.
    discrimination : float
        Probability a decoy is recognised.
    """

    interceptors: float = 0.0
    pk: float = 0.7
    doctrine: Doctrine = "shoot-look-shoot"
    shots: int = 2
    decoys_per_warhead: float = 0.0
    discrimination: float = 1.0

    def leakers(self, warheads: ArrayLike, interceptors: ArrayLike | None = None) -> NDArray:
        """Expected leakers of ``warheads`` ballistic warheads (interceptors may be an array)."""
        w = np.asarray(warheads, dtype=float)
        n = self.interceptors if interceptors is None else interceptors
        return expected_leakers(
            w,
            n,
            self.pk,
            self.doctrine,
            decoys=w * self.decoys_per_warhead,
            discrimination=self.discrimination,
            shots=self.shots,
        )
