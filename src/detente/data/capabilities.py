"""Composite Indicator of National Capability (CINC) from the six NMC components.

References
----------
Singer, J. David, Stuart Bremer, and John Stuckey. 1972. "Capability Distribution, Uncertainty,
and Major Power War, 1820-1965." In Bruce Russett (ed.), *Peace, War, and Numbers*, 19-48.
Correlates of War Project. National Material Capabilities Data Documentation, version 6.0/7.0
(CINC: the mean of a state's shares of the system totals of the six components).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from detente.data.data_warnings import DataCoverageWarning
from detente.data.frame_checks import require_columns, warn_outside_coverage
from detente.data.monadic_merge import merge_state_years
from detente.errors import InputError

__all__ = ["CINC_COMPONENTS", "add_cinc", "cinc_shares", "compute_cinc"]

CINC_COMPONENTS: tuple[str, ...] = ("milex", "milper", "irst", "pec", "tpop", "upop")


def cinc_shares(nmc: pd.DataFrame, components: tuple[str, ...] = CINC_COMPONENTS) -> pd.DataFrame:
    """Each state's share of the system total of each component, per year.

    Missing values (``NaN``; ``load`` turns COW's ``-9`` into ``NaN``) are left out of the
    system total and give a missing share; a component whose system total in a year is zero
    gives missing shares for that year.

    Returns
    -------
    pandas.DataFrame
        Same index as ``nmc``, one column per component.
    """
    require_columns(
        nmc,
        ["ccode", "year", *components],
        "the NMC table",
        "pass load('cow_nmc_v7') or a table with the six components",
    )
    values = nmc[list(components)].astype(float)
    if (values < 0).any().any():
        bad = values.columns[(values < 0).any()].tolist()
        raise InputError(
            f"NMC component column(s) {', '.join(bad)} hold negative values; missing-value "
            "codes such as -9 must be NaN (load() converts them)"
        )
    totals = values.groupby(nmc["year"].to_numpy()).transform("sum")
    totals = totals.where(totals > 0)
    return values / totals


def compute_cinc(nmc: pd.DataFrame, components: tuple[str, ...] = CINC_COMPONENTS) -> pd.DataFrame:
    """CINC per state-year: the mean of the available component shares.

    For each year and component, a state's share is its value divided by the sum over all
    states with a non-missing value that year. CINC is the mean of the state's *available*
    shares (missing shares are skipped, as in the COW computation, so a state with five of
    six components gets the mean of five shares). A state-year with no component at all gets
    ``NaN`` and a :class:`~detente.data.data_warnings.DataCoverageWarning` naming it.
    Because missing shares are skipped, CINC sums to 1 over a year only if no component is
    missing that year.

    Parameters
    ----------
    nmc
        National Material Capabilities (``load("cow_nmc_v7")``): ``ccode``, ``year`` and the
        six components ``milex``, ``milper``, ``irst``, ``pec``, ``tpop``, ``upop``.
    components
        The components to average (default: all six).

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode``, ``year``, ``cinc``, in the row order of ``nmc``.

    References
    ----------
    Singer, Bremer and Stuckey (1972); COW NMC documentation v7.0. Replicates the published
    ``cinc`` (United States 1945: 0.38386354 in NMC v7).
    """
    shares = cinc_shares(nmc, components)
    counts = shares.notna().sum(axis=1).to_numpy()
    sums = shares.sum(axis=1, skipna=True).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        cinc = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    empty = counts == 0
    if empty.any():
        rows = nmc.loc[empty, ["ccode", "year"]].head(5).to_numpy().tolist()
        warnings.warn(
            DataCoverageWarning(
                f"{int(empty.sum())} state-year(s) have none of the components "
                f"{', '.join(components)} (e.g. ccode/year {rows}); their cinc is NaN"
            ),
            stacklevel=2,
        )
    return pd.DataFrame(
        {
            "ccode": nmc["ccode"].to_numpy(dtype=np.int64),
            "year": nmc["year"].to_numpy(dtype=np.int64),
            "cinc": cinc,
        },
        index=nmc.index,
    )


def add_cinc(frame: pd.DataFrame, nmc: pd.DataFrame) -> pd.DataFrame:
    """Add CINC (computed by :func:`compute_cinc`) to a state-year or dyad-year frame.

    State-year frames get ``cinc``; dyad-year frames get ``cinc1`` and ``cinc2``. Rows
    outside the NMC coverage get ``NaN`` and a warning.

    References
    ----------
    Miller (2022), peacesciencer ``add_nmc()``; Singer, Bremer and Stuckey (1972).
    """
    cinc = compute_cinc(nmc)
    first, last = int(cinc["year"].min()), int(cinc["year"].max())
    out = merge_state_years(frame, cinc, ["cinc"], "add_cinc")
    warn_outside_coverage(out["year"], first, last, "NMC", [c for c in out if c.startswith("cinc")])
    return out
