"""Peace years (spells since the last conflict year) with optional time terms.

References
----------
Beck, Nathaniel, Jonathan N. Katz, and Richard Tucker. 1998. "Taking Time Seriously:
Time-Series-Cross-Section Analysis with a Binary Dependent Variable." *American Journal of
Political Science* 42(4): 1260-1288.
Carter, David B., and Curtis S. Signorino. 2010. "Back to the Future: Modeling Time Dependence
in Binary Data." *Political Analysis* 18(3): 271-292.
Miller, Steven V. 2022. peacesciencer, ``add_peace_years()`` / ``add_spells()``, computed with
``stevemisc::ps_spells()`` (after ``spduration::add_duration()``, Beger et al. 2018).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy.interpolate import BSpline

from detente.errors import InputError

__all__ = ["add_peace_years", "bspline_basis", "peace_spells"]


def peace_spells(units: np.ndarray, years: np.ndarray, event: np.ndarray) -> np.ndarray:
    """Spell counter per observation, vectorized.

    Within each unit, observations are taken in year order; the counter is 0 at the unit's
    first observation and right after an observation with ``event == 1``, and otherwise
    grows by one per observation. An event year itself carries the number of peaceful
    observations before it (``ps_spells(..., ongoing = FALSE)`` semantics). Gaps in a
    unit's years are not padded: the counter counts observations.

    Returns
    -------
    numpy.ndarray
        Integer spells, aligned with the inputs.
    """
    units = np.asarray(units)
    years = np.asarray(years)
    event = np.asarray(event)
    order = np.lexsort((years, units))
    u = units[order]
    e = event[order]
    n = len(u)
    new_block = np.ones(n, dtype=bool)
    if n > 1:
        new_block[1:] = (u[1:] != u[:-1]) | (e[:-1] == 1)
    position = np.arange(n)
    block_start = np.maximum.accumulate(np.where(new_block, position, 0))
    spells = np.empty(n, dtype=np.int64)
    spells[order] = position - block_start
    return spells


#: Interior knots are rounded to this many decimals of the spell range (see bspline_basis).
KNOT_DIGITS = 12


def bspline_basis(x: np.ndarray, df: int = 4, degree: int = 3) -> np.ndarray:
    """B-spline basis of ``x`` like R's ``splines::bs(x, df, degree)`` (no intercept column).

    Interior knots sit at the quantiles of ``x`` (``df - degree`` of them), boundary knots at
    its range; the first basis function is dropped, as R does without an intercept.

    References
    ----------
    Beck, Katz and Tucker (1998); R Core Team, ``splines::bs``.
    """
    x = np.asarray(x, dtype=float)
    n_interior = df - degree
    if n_interior < 0:
        raise InputError(f"spline_df={df} must be at least the degree ({degree})")
    lo, hi = float(x.min()), float(x.max())
    if hi <= lo:
        raise InputError("splines need at least two distinct spell values; got one value")
    probs = np.linspace(0, 1, n_interior + 2)[1:-1]
    interior = np.quantile(x, probs) if n_interior else np.array([])
    # knots within 1e-12 of the range (relative) are the same knot numerically: de Boor's
    # ratios divide by their difference (spells [0, 2e-308, 2] gave an infinite basis)
    width = hi - lo
    if n_interior:
        interior = lo + np.round((interior - lo) / width, KNOT_DIGITS) * width
    if n_interior and (interior.min() <= lo or interior.max() >= hi):
        raise InputError(
            f"spline knots at the quantiles {np.round(interior, 3).tolist()} coincide with the "
            f"range [{lo}, {hi}] of the spells (too many equal values for spline_df={df}); use "
            "time_terms='cubic' or a smaller spline_df"
        )
    # B-splines are invariant to an affine map of x and the knots together: work on [0, 1]
    # so a tiny range (e.g. subnormal spell values) cannot turn de Boor's ratios into NaN.
    u = (x - lo) / width
    knots = np.concatenate([np.zeros(degree + 1), (interior - lo) / width, np.ones(degree + 1)])
    # scipy's basis is right-open at the upper boundary; there the last basis function is 1
    # (clamped knots), as in R, also when an interior knot coincides with the boundary.
    at_top = x >= hi
    ue = np.where(at_top, 0.0, u)
    basis = BSpline.design_matrix(ue, knots, degree).toarray()
    basis[at_top] = 0.0
    basis[at_top, -1] = 1.0
    if not np.isfinite(basis).all():
        raise InputError(
            f"the spline basis of spells in [{lo}, {hi}] is not finite (the range is too "
            "narrow for splines); use time_terms='cubic'"
        )
    return basis[:, 1:]


def add_peace_years(
    frame: pd.DataFrame,
    event: str = "cowmidongoing",
    time_terms: Literal["cubic", "splines"] | None = None,
    spline_df: int = 4,
    name: str | None = None,
) -> pd.DataFrame:
    """Add peace years since the last year with ``event`` (and optional time terms).

    Parameters
    ----------
    frame
        Dyad-years (``ccode1``, ``ccode2``, ``year``) or state-years (``ccode``, ``year``)
        with a 0/1 ``event`` column, e.g. ``cowmidongoing`` from
        :func:`~detente.data.add_mid_onsets` (peacesciencer counts peace years on *ongoing*
        disputes by default; pass ``cowmidonset`` to count from onsets).
    event
        The 0/1 column marking conflict years. Missing values are an error: restrict the
        years to the conflict data's coverage first.
    time_terms
        ``"cubic"`` adds ``<spell>2`` and ``<spell>3`` (Carter and Signorino 2010);
        ``"splines"`` adds a cubic B-spline basis ``<spell>_bs1..`` with ``spline_df``
        columns, like R's ``splines::bs(spell, df)`` (Beck, Katz and Tucker 1998).
    spline_df
        Degrees of freedom of the spline basis.
    name
        Name of the spell column; default: ``event`` with ``ongoing``/``onset`` replaced by
        ``spell`` (``cowmidongoing`` -> ``cowmidspell``).

    Returns
    -------
    pandas.DataFrame
        ``frame`` with the spell column (and time terms).

    References
    ----------
    Miller (2022), ``add_peace_years()``; Beck, Katz and Tucker (1998); Carter and Signorino
    (2010).
    """
    if {"ccode1", "ccode2", "year"} <= set(frame.columns):
        unit_columns = ["ccode1", "ccode2"]
    elif {"ccode", "year"} <= set(frame.columns):
        unit_columns = ["ccode"]
    else:
        raise InputError(
            "add_peace_years() needs ccode1, ccode2, year (dyad-years) or ccode, year "
            "(state-years); build the frame with dyad_years() or state_years()"
        )
    if event not in frame.columns:
        raise InputError(
            f"add_peace_years(): no event column {event!r}; add it first (e.g. "
            "add_mid_onsets() adds cowmidongoing)"
        )
    values = frame[event].to_numpy(dtype=float)
    missing = np.isnan(values)
    if missing.any():
        years = np.unique(frame.loc[missing, "year"].to_numpy())
        raise InputError(
            f"column {event!r} is missing in {int(missing.sum())} row(s) (years "
            f"{years[:5].tolist()}{' ...' if len(years) > 5 else ''}); restrict the frame to "
            "the years the conflict data cover before computing peace years"
        )
    if not np.isin(values, (0.0, 1.0)).all():
        raise InputError(f"column {event!r} must be 0/1; found other values")
    if time_terms not in (None, "cubic", "splines"):
        raise InputError(f"time_terms={time_terms!r}; allowed: None, 'cubic', 'splines'")
    if name is None:
        base = event.removesuffix("ongoing").removesuffix("onset")
        name = f"{base}spell" if base != event else f"{event}_spell"
    if len(unit_columns) == 2:
        c1 = frame["ccode1"].to_numpy(dtype=np.int64)
        c2 = frame["ccode2"].to_numpy(dtype=np.int64)
        units = c1 * 100_000 + c2
    else:
        units = frame["ccode"].to_numpy(dtype=np.int64)
    spells = peace_spells(units, frame["year"].to_numpy(), values)
    out = frame.copy()
    out[name] = spells
    if time_terms == "cubic":
        out[f"{name}2"] = spells.astype(float) ** 2
        out[f"{name}3"] = spells.astype(float) ** 3
    elif time_terms == "splines":
        basis = bspline_basis(spells, df=spline_df)
        for j in range(basis.shape[1]):
            out[f"{name}_bs{j + 1}"] = basis[:, j]
    return out
