"""COW major-power status on state-years or dyad-years.

References
----------
Correlates of War Project. 2017. "State System Membership List, v2016."
Miller, Steven V. 2022. peacesciencer, ``add_cow_majors()``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.data.frame_checks import require_columns, warn_outside_coverage
from detente.data.monadic_merge import merge_state_years
from detente.data.year_spells import expand_years

__all__ = ["add_major_powers"]


def add_major_powers(frame: pd.DataFrame, majors: pd.DataFrame) -> pd.DataFrame:
    """Add ``cowmaj`` (state-years) or ``cowmaj1``/``cowmaj2`` (dyad-years): 1 if major power.

    A state counts as a major power in every year that overlaps one of its spells (from
    ``styear`` to ``endyear``), as peacesciencer does; other years get 0, and years after the
    data's last year get ``NaN`` (warned).

    References
    ----------
    COW State System Membership v2016; Miller (2022), ``add_cow_majors()``.
    """
    require_columns(
        majors, ["ccode", "styear", "endyear"], "the major-powers table", "pass load('cow_majors')"
    )
    years = expand_years(majors[["ccode", "styear", "endyear"]], "styear", "endyear")
    years = years.drop_duplicates(["ccode", "year"]).assign(cowmaj=1.0)
    out = merge_state_years(frame, years, ["cowmaj"], "add_major_powers")
    columns = [c for c in ("cowmaj", "cowmaj1", "cowmaj2") if c in out.columns]
    outside = warn_outside_coverage(
        out["year"],
        int(majors["styear"].min()),
        int(majors["endyear"].max()),
        "COW major powers",
        columns,
    )
    for column in columns:
        values = out[column].to_numpy(dtype=float, copy=True)
        values[np.isnan(values) & ~outside] = 0.0
        out[column] = values
    return out
