"""Democracy scores (Polity2, V-Dem polyarchy, extended UDS) on state-years or dyad-years.

References
----------
Marshall, Monty G., Ted Robert Gurr, and Keith Jaggers. 2017. *Polity IV Project*.
Coppedge, Michael, et al. 2020. *V-Dem Dataset v10*.
Marquez, Xavier. 2016. "A Quick Method for Extending the Unified Democracy Scores."
Miller, Steven V. 2022. peacesciencer, ``add_democracy()``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from detente.data.frame_checks import require_columns, warn_outside_coverage
from detente.data.monadic_merge import merge_state_years

__all__ = ["DEMOCRACY_MEASURES", "add_democracy"]

DEMOCRACY_MEASURES: tuple[str, ...] = ("euds", "aeuds", "polity2", "v2x_polyarchy")


def add_democracy(
    frame: pd.DataFrame,
    democracy: pd.DataFrame,
    measures: Sequence[str] = DEMOCRACY_MEASURES,
) -> pd.DataFrame:
    """Add democracy scores: ``polity2`` etc. on state-years, ``polity21``/``polity22`` etc. on
    dyad-years.

    Scores missing in the source (e.g. Polity2 for small states) stay ``NaN``; years outside
    the table's coverage are warned about.

    Parameters
    ----------
    frame
        State-years (``ccode``, ``year``) or dyad-years (``ccode1``, ``ccode2``, ``year``).
    democracy
        ``load("cw_democracy")``.
    measures
        Which scores to add.

    References
    ----------
    Marshall, Gurr and Jaggers (2017); Coppedge et al. (2020); Marquez (2016); Miller (2022),
    ``add_democracy()``.
    """
    require_columns(
        democracy, ["ccode", "year", *measures], "the democracy table", "pass load('cw_democracy')"
    )
    out = merge_state_years(frame, democracy, list(measures), "add_democracy")
    added = [c for c in out.columns if c not in frame.columns]
    warn_outside_coverage(
        out["year"],
        int(democracy["year"].min()),
        int(democracy["year"].max()),
        "the democracy scores",
        added,
    )
    return out
