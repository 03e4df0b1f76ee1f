"""Counterforce kill probability: lethal radius, single-shot kill probability, salvos.

All functions broadcast over NumPy arrays (yields, hardnesses, CEPs, reliabilities, salvo
sizes), so whole grids of postures are evaluated at once.

Formulas
--------
Lethal radius against a target of hardness ``H`` (psi) for a ground burst of yield ``Y`` (Mt),
by cube-root (Hopkinson-Cranz) scaling of the overpressure-distance curve::

    LR [nmi] = 2.62 * Y**(1/3) / H**(1/3)

Single-shot kill probability for a circular normal miss distribution with circular error
probable ``CEP``::

    SSPK = 1 - 0.5 ** ((LR / CEP) ** 2)

Substituting LR gives the "lethality" form ``SSPK = 1 - exp(-K / (c * H**(2/3)))`` with
``K = Y**(2/3) / CEP**2`` (Y in Mt, CEP in nmi) and ``c = 1 / (ln 2 * 2.62**2) = 0.2102``.

References
----------
Glasstone, S. & Dolan, P. J. (1977). *The Effects of Nuclear Weapons*, 3rd ed., US DoD/ERDA,
section 3.60 (cube-root scaling of blast-wave distances with yield).
Davis, L. E. & Schilling, W. R. (1973). All you ever wanted to know about MIRV and ICBM
calculations but were not cleared to ask. *Journal of Conflict Resolution* 17(2), 207-242
(SSPK from lethal radius and CEP).
Tsipis, K. (1975). Physics and calculus of countercity and counterforce nuclear attacks.
*Science* 187(4175), 393-397 (lethality K = Y^(2/3)/CEP^2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from detente.errors import ParameterError
from detente.stability.parameter_checks import positive as _positive
from detente.stability.parameter_checks import probability as _probability

#: Lethal-radius constant, nautical miles at 1 Mt against 1 psi (ground burst, open literature).
LETHAL_RADIUS_NMI_1MT_1PSI: float = 2.62
#: Metres per nautical mile.
METRES_PER_NMI: float = 1852.0
#: Constant ``c`` of the lethality form ``SSPK = 1 - exp(-K / (c H^(2/3)))``.
LETHALITY_HARDNESS_CONSTANT: float = 1.0 / (np.log(2.0) * LETHAL_RADIUS_NMI_1MT_1PSI**2)


def lethal_radius_m(yield_kt: ArrayLike, hardness_psi: ArrayLike) -> NDArray[np.float64]:
    """Lethal radius (metres) of a ground burst against a target of a given hardness.

    Parameters
    ----------
    yield_kt : array_like
        Warhead yield in kilotons (> 0).
    hardness_psi : array_like
        Peak overpressure the target withstands, psi (> 0).

    Returns
    -------
    ndarray
        ``2.62 nmi * (Y/1 Mt)**(1/3) * (H/1 psi)**(-1/3)`` converted to metres.

    References
    ----------
    Glasstone & Dolan (1977), section 3.60 (cube-root scaling); Davis & Schilling (1973).
    """
    y_mt = _positive("yield_kt", yield_kt) / 1000.0
    h = _positive("hardness_psi", hardness_psi)
    return LETHAL_RADIUS_NMI_1MT_1PSI * METRES_PER_NMI * np.cbrt(y_mt) / np.cbrt(h)


def sspk(lethal_radius: ArrayLike, cep: ArrayLike) -> NDArray[np.float64]:
    """Single-shot kill probability from lethal radius and CEP (same length unit).

    ``SSPK = 1 - 0.5 ** ((LR / CEP) ** 2)``: the probability that a circular-normal impact
    point lies within LR of the aimpoint, CEP being the radius holding half the impacts.

    References
    ----------
    Davis & Schilling (1973), eq. for the single-shot kill probability.
    """
    lr = np.asarray(lethal_radius, dtype=float)
    if np.any(lr < 0) or np.any(~np.isfinite(lr)):
        raise ParameterError(f"lethal_radius must be finite and >= 0 (got {lethal_radius!r})")
    c = _positive("cep", cep)
    with np.errstate(over="ignore"):  # LR far beyond the CEP: the ratio overflows, SSPK -> 1
        return 1.0 - np.power(0.5, (lr / c) ** 2)


def lethality_k(yield_kt: ArrayLike, cep_m: ArrayLike) -> NDArray[np.float64]:
    """Counter-military potential ``K = Y**(2/3) / CEP**2`` (Y in Mt, CEP in nmi).

    References
    ----------
    Tsipis (1975).
    """
    y_mt = _positive("yield_kt", yield_kt) / 1000.0
    cep_nmi = _positive("cep_m", cep_m) / METRES_PER_NMI
    return y_mt ** (2.0 / 3.0) / cep_nmi**2


def sspk_from_yield(
    yield_kt: ArrayLike, cep_m: ArrayLike, hardness_psi: ArrayLike
) -> NDArray[np.float64]:
    """SSPK of a warhead (yield, CEP) against a target of given hardness.

    Equivalent to ``1 - exp(-K / (0.2102 * H**(2/3)))`` with ``K`` from :func:`lethality_k`.
    """
    return sspk(lethal_radius_m(yield_kt, hardness_psi), cep_m)


def salvo_kill_probability(
    single_shot: ArrayLike, reliability: ArrayLike, n_warheads: ArrayLike
) -> NDArray[np.float64]:
    """Probability that at least one of ``n`` independent warheads kills the target.

    ``P_kill = 1 - (1 - R * SSPK) ** n``.

    Parameters
    ----------
    single_shot : array_like
        SSPK of one warhead, in [0, 1].
    reliability : array_like
        Probability a warhead arrives and detonates, in [0, 1].
    n_warheads : array_like
        Warheads aimed at the target (>= 0; real values interpolate).

    References
    ----------
    Davis & Schilling (1973) (independent shots, reliability times SSPK).
    """
    p = _probability("single_shot", single_shot) * _probability("reliability", reliability)
    n = np.asarray(n_warheads, dtype=float)
    if np.any(n < 0):
        raise ParameterError(f"n_warheads must be >= 0 (got {n_warheads!r})")
    return 1.0 - np.power(1.0 - p, n)


@dataclass(frozen=True)
class KillAssessment:
    """One warhead type against one target: lethal radius, SSPK and salvo kill probabilities.

    Attributes
    ----------
    yield_kt, hardness_psi, cep_m, reliability : float
        The inputs.
    lethal_radius_m : float
        Radius within which the target is destroyed (cube-root scaling).
    sspk : float
        Single-shot kill probability of an arriving warhead.
    lethality_k : float
        Counter-military potential ``Y^(2/3) / CEP^2`` (Mt, nmi).
    warheads : ndarray
        Salvo sizes.
    kill_probability : ndarray
        ``1 - (1 - reliability * SSPK)^n`` for each salvo size.
    """

    yield_kt: float
    hardness_psi: float
    cep_m: float
    reliability: float
    lethal_radius_m: float
    sspk: float
    lethality_k: float
    warheads: NDArray[np.float64]
    kill_probability: NDArray[np.float64]

    def to_dict(self) -> dict[str, Any]:
        """Plain Python (what ``detente stability sspk --json`` prints)."""
        return {
            "yield_kt": self.yield_kt,
            "hardness_psi": self.hardness_psi,
            "cep_m": self.cep_m,
            "reliability": self.reliability,
            "lethal_radius_m": self.lethal_radius_m,
            "sspk": self.sspk,
            "lethality_k": self.lethality_k,
            "warheads": self.warheads.tolist(),
            "kill_probability": self.kill_probability.tolist(),
        }


def kill_assessment(
    yield_kt: float,
    hardness_psi: float,
    cep_m: float,
    reliability: float = 1.0,
    warheads: ArrayLike = (1, 2, 3),
) -> KillAssessment:
    """Lethal radius, SSPK, lethality and the kill probability of salvos of ``warheads``.

    Raises
    ------
    ParameterError
        For a non-positive yield, hardness or CEP, a reliability outside [0, 1] or a negative
        number of warheads (names the input).

    References
    ----------
    Davis & Schilling (1973); Tsipis (1975); Glasstone & Dolan (1977), section 3.60.
    """
    _positive("cep_m", cep_m)
    _probability("reliability", reliability)
    radius = float(lethal_radius_m(yield_kt, hardness_psi))
    single = float(sspk(radius, cep_m))
    n = np.atleast_1d(np.asarray(warheads, dtype=float))
    return KillAssessment(
        yield_kt=float(yield_kt),
        hardness_psi=float(hardness_psi),
        cep_m=float(cep_m),
        reliability=float(_probability("reliability", reliability)),
        lethal_radius_m=radius,
        sspk=single,
        lethality_k=float(lethality_k(yield_kt, cep_m)),
        warheads=n,
        kill_probability=salvo_kill_probability(single, reliability, n),
    )
