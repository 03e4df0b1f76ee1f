"""Stylized facts of dispute onset, simulated and historical, and the distance between them.

The facts are dispute-onset rates per non-directed dyad-year within groups of dyads that the
quantitative literature singles out: contiguous vs. not, allied (defense pledge) vs. not, and
by capability ratio (stronger/weaker CINC: parity < 3, advantage 3-10, preponderance >= 10).
The distance is the root mean square of the log ratios of simulated to observed rates over
the groups (0: identical; 0.69: off by a factor of two on average).

References
----------
Bremer, S. A. (1992). Dangerous dyads: Conditions affecting the likelihood of interstate war,
1816-1965. Journal of Conflict Resolution 36(2), 309-341.
Palmer, G. et al. (2022). The MID5 dataset (COW MIDs, via peacesciencer's whittled dyad-years).
Miller, S. V. (2022). peacesciencer. Conflict Management and Peace Science 39(6), 755-779.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from detente.errors import DataError
from detente.sim.international_system import RATIO_BINS

__all__ = ["GROUPS", "FactComparison", "compare_facts", "historical_facts", "simulated_facts"]

GROUPS = (
    "contiguous",
    "noncontiguous",
    "allied",
    "nonallied",
    "parity",
    "advantage",
    "preponderance",
)


def simulated_facts(summaries: pd.DataFrame) -> pd.DataFrame:
    """Dispute rates per group from simulation summaries (all periods and replications).

    Returns
    -------
    pandas.DataFrame
        Index ``group``; columns ``dyad_years``, ``disputes``, ``rate``.
    """
    missing = [f"dyads_{g}" for g in GROUPS if f"dyads_{g}" not in summaries.columns]
    if missing:
        raise DataError(
            f"the summaries table lacks {', '.join(missing)}; pass the 'summaries' table of "
            "a detente simulation"
        )
    dyads = np.array([summaries[f"dyads_{g}"].sum() for g in GROUPS], dtype=float)
    disputes = np.array([summaries[f"disputes_{g}"].sum() for g in GROUPS], dtype=float)
    return _facts(dyads, disputes)


def _facts(dyads: np.ndarray, disputes: np.ndarray) -> pd.DataFrame:
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(dyads > 0, disputes / np.maximum(dyads, 1), np.nan)
    return pd.DataFrame(
        {"dyad_years": dyads, "disputes": disputes, "rate": rate},
        index=pd.Index(GROUPS, name="group"),
    )


def historical_facts(start: int, end: int, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The same rates from COW data: MID onsets on non-directed dyad-years ``start..end``.

    Dyads: COW system members; contiguity: direct contiguity types 1-5; alliance: ATOP
    defense pledge; capability ratio: CINC (NMC v7); disputes: COW MID onsets (whittled
    dyad-years, ``cow_mid_ddydisps``).

    References
    ----------
    Bremer (1992); Miller (2022).
    """
    from detente import data as dd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dyads = dd.dyad_years(dd.load("cow_states", data_dir=data_dir), start, end)
        dyads = dd.add_contiguity(dyads, dd.load("cow_contdir", data_dir=data_dir))
        dyads = dd.add_alliances(dyads, dd.load("atop_alliance", data_dir=data_dir))
        dyads = dd.add_cinc(dyads, dd.load("cow_nmc_v7", data_dir=data_dir))
        dyads = dd.add_mid_onsets(dyads, dd.load("cow_mid_ddydisps", data_dir=data_dir))
    conttype = dyads["conttype"].fillna(0).to_numpy()
    contiguous = (conttype >= 1) & (conttype <= 5)
    allied = dyads["atop_defense"].fillna(0).to_numpy() > 0
    c1, c2 = dyads["cinc1"].to_numpy(float), dyads["cinc2"].to_numpy(float)
    known = np.isfinite(c1) & np.isfinite(c2) & (c1 > 0) & (c2 > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.maximum(c1, c2) / np.minimum(c1, c2)
    ratio_bin = np.where(known, np.searchsorted(RATIO_BINS, ratio, side="right"), -1)
    onset = dyads["cowmidonset"].fillna(0).to_numpy() > 0
    masks = {
        "contiguous": contiguous,
        "noncontiguous": ~contiguous,
        "allied": allied,
        "nonallied": ~allied,
        "parity": ratio_bin == 0,
        "advantage": ratio_bin == 1,
        "preponderance": ratio_bin == 2,
    }
    dyad_counts = np.array([masks[g].sum() for g in GROUPS], dtype=float)
    dispute_counts = np.array([(masks[g] & onset).sum() for g in GROUPS], dtype=float)
    return _facts(dyad_counts, dispute_counts)


@dataclass
class FactComparison:
    """Simulated and observed rates side by side, and their distance."""

    table: pd.DataFrame
    distance: float

    def __str__(self) -> str:
        table = self.table.to_string(float_format=lambda x: f"{x:.4g}")
        return f"{table}\ndistance (RMS log ratio) {self.distance:.3f}"


def compare_facts(simulated: pd.DataFrame, observed: pd.DataFrame) -> FactComparison:
    """Rates side by side; distance = RMS of ``log(simulated / observed)`` over the groups.

    Groups where either rate is zero or missing are left out of the distance (and listed
    with ``NaN`` log ratio).
    """
    table = pd.DataFrame(
        {"simulated": simulated["rate"], "observed": observed["rate"]}, index=simulated.index
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        log_ratio = np.log(table["simulated"].to_numpy() / table["observed"].to_numpy())
    log_ratio[~np.isfinite(log_ratio)] = np.nan
    table["log_ratio"] = log_ratio
    usable = np.isfinite(log_ratio)
    distance = float(np.sqrt(np.mean(log_ratio[usable] ** 2))) if usable.any() else float("nan")
    return FactComparison(table, distance)
