"""COW direct contiguity on dyad-years.

References
----------
Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl, and Charles Gochman. 2002.
"The Correlates of War Project Direct Contiguity Data, Version 3." *Conflict Management and
Peace Science* 19(2): 59-67.
Miller, Steven V. 2022. peacesciencer, ``add_contiguity()``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.data.frame_checks import require_columns, warn_outside_coverage
from detente.data.year_spells import expand_years

__all__ = ["add_contiguity", "contiguity_years"]

_KEYS = ["ccode1", "ccode2", "year"]


def contiguity_years(contdir: pd.DataFrame) -> pd.DataFrame:
    """Directed dyad-years with the closest contiguity observed in each year.

    A master record is active in every year from the year of ``stdate`` to the year of
    ``enddate``. When several records are active in a year (the relationship changed), the
    closest positive type (lowest of 1-5) is kept; a year with only ``conttype == 0`` records
    gets 0. Both directions are produced whatever the input holds.
    """
    require_columns(
        contdir,
        ["ccode1", "ccode2", "conttype", "stdate", "enddate"],
        "the contiguity table",
        "pass load('cow_contdir')",
    )
    spells = contdir[["ccode1", "ccode2", "conttype"]].copy()
    spells["styear"] = contdir["stdate"].astype(str).str.slice(0, 4).astype(np.int64)
    spells["endyear"] = contdir["enddate"].astype(str).str.slice(0, 4).astype(np.int64)
    years = expand_years(spells, "styear", "endyear")
    both = pd.concat(
        [years, years.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})],
        ignore_index=True,
    )
    rank = both["conttype"].where(both["conttype"] > 0, 99)
    both = both.assign(rank=rank).sort_values([*_KEYS, "rank"], kind="stable")
    out = both.drop_duplicates(_KEYS)[[*_KEYS, "conttype"]]
    return out.reset_index(drop=True)


def add_contiguity(dyads: pd.DataFrame, contdir: pd.DataFrame) -> pd.DataFrame:
    """Add ``conttype``: 0 not directly contiguous, 1 land, 2-5 water (12/24/150/400 miles).

    Dyad-years with no contiguity record get 0; years outside the contiguity data's coverage
    get ``NaN`` (warned).

    References
    ----------
    Stinnett et al. (2002); Miller (2022), ``add_contiguity()``.
    """
    require_columns(dyads, _KEYS, "the dyad-year frame", "build it with dyad_years()")
    years = contiguity_years(contdir)
    out = dyads.merge(years, on=_KEYS, how="left", validate="many_to_one")
    first, last = int(years["year"].min()), int(years["year"].max())
    outside = warn_outside_coverage(out["year"], first, last, "COW contiguity", ["conttype"])
    values = out["conttype"].to_numpy(dtype=float, copy=True)
    values[np.isnan(values) & ~outside] = 0.0
    out["conttype"] = values
    return out
