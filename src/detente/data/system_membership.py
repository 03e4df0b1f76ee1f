"""State-years and dyad-years from state-system membership (the peacesciencer workflow).

References
----------
Correlates of War Project. 2017. "State System Membership List, v2016."
Miller, Steven V. 2022. "peacesciencer: An R Package for Quantitative Peace Science Research."
*Conflict Management and Peace Science* 39(6): 755-779 (``create_stateyears()``,
``create_dyadyears()``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.data.frame_checks import require_columns
from detente.data.year_spells import expand_years
from detente.errors import InputError

__all__ = ["dyad_years", "state_years"]

_FIX = "pass the COW state system table (load('cow_states'))"


def _year_range(spells: pd.DataFrame, start: int | None, end: int | None) -> tuple[int, int]:
    first = int(spells["styear"].min())
    last = int(spells["endyear"].max())
    start = first if start is None else int(start)
    end = last if end is None else int(end)
    if start < first or end > last or start > end:
        raise InputError(
            f"years {start}-{end} are outside the state system's coverage {first}-{last} (or "
            f"start > end); choose start and end within {first}-{last}"
        )
    return start, end


def state_years(
    states: pd.DataFrame, start: int | None = None, end: int | None = None
) -> pd.DataFrame:
    """One row per state system member and year.

    A state is a member in a year if any day of the year falls within one of its spells of
    membership.

    Parameters
    ----------
    states
        State system membership spells with columns ``ccode``, ``styear``, ``endyear``
        (``load("cow_states")``).
    start, end
        First and last year (inclusive); default: the whole coverage of ``states``.

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode``, ``year`` (plus ``stateabb``/``statenme`` when present), sorted.

    Raises
    ------
    InputError
        If columns are missing or the years fall outside the data's coverage.

    References
    ----------
    Miller (2022), ``create_stateyears()``; COW State System Membership v2016.
    """
    require_columns(states, ["ccode", "styear", "endyear"], "the state system table", _FIX)
    start, end = _year_range(states, start, end)
    extra = [c for c in ("stateabb", "statenme") if c in states.columns]
    years = expand_years(states[["ccode", "styear", "endyear", *extra]], "styear", "endyear")
    years = years[(years["year"] >= start) & (years["year"] <= end)]
    out = (
        years[["ccode", "year", *extra]]
        .drop_duplicates(["ccode", "year"])
        .sort_values(["ccode", "year"], kind="stable")
        .reset_index(drop=True)
    )
    out["ccode"] = out["ccode"].astype(np.int64)
    out["year"] = out["year"].astype(np.int64)
    return out


def _spell_days(states: pd.DataFrame) -> pd.DataFrame:
    """Spells with sortable day keys (yyyymmdd) for their first and last days."""
    spells = states[["ccode", "styear", "endyear"]].copy()
    for prefix, month_default, day_default in (("st", 1, 1), ("end", 12, 31)):
        year = spells[f"{prefix}year"].to_numpy(dtype=np.int64)
        month_col = f"{prefix}month"
        day_col = f"{prefix}day"
        month = (
            states[month_col].fillna(month_default).to_numpy(dtype=np.int64)
            if month_col in states.columns
            else np.full(len(states), month_default)
        )
        day = (
            states[day_col].fillna(day_default).to_numpy(dtype=np.int64)
            if day_col in states.columns
            else np.full(len(states), day_default)
        )
        spells[f"{prefix}key"] = year * 10_000 + month * 100 + day
    return spells


def dyad_years(
    states: pd.DataFrame,
    start: int | None = None,
    end: int | None = None,
    directed: bool = False,
) -> pd.DataFrame:
    """All dyad-years of state system members, false dyads removed.

    A dyad-year ``(ccode1, ccode2, year)`` is kept only if the two states were system members
    on at least one common day of that year (their spells of membership, cut to the year,
    overlap). Pairs of states that were both members at some point in the year but never at
    the same time (e.g. South Vietnam, which left in April 1975, and Papua New Guinea, which
    entered in September 1975) are "false dyads" and removed, as in peacesciencer's
    ``cow_ddy``. Without ``stmonth``/``stday``/``endmonth``/``endday`` columns spells cover
    whole years (and a missing month or day is taken as the
    first day of the start year or the last day of the end year).

    Parameters
    ----------
    states
        State system membership spells (``load("cow_states")``): ``ccode``, ``styear``,
        ``stmonth``, ``stday``, ``endyear``, ``endmonth``, ``endday``.
    start, end
        First and last year (inclusive); default: the coverage of ``states``.
    directed
        If True, both ``(a, b)`` and ``(b, a)``; otherwise one row per pair with
        ``ccode1 < ccode2``.

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode1``, ``ccode2``, ``year`` (int64), sorted by them.

    References
    ----------
    Miller (2022), ``create_dyadyears()`` and ``cow_ddy``: 1,912,290 directed dyad-years in
    1816-2016 and 842,655 non-directed dyad-years in 1816-2010 from COW system v2016.
    """
    require_columns(states, ["ccode", "styear", "endyear"], "the state system table", _FIX)
    start, end = _year_range(states, start, end)
    spells = expand_years(_spell_days(states), "styear", "endyear")
    spells = spells[(spells["year"] >= start) & (spells["year"] <= end)]
    year = spells["year"].to_numpy(dtype=np.int64)
    lo = np.maximum(spells["stkey"].to_numpy(), year * 10_000 + 101)
    hi = np.minimum(spells["endkey"].to_numpy(), year * 10_000 + 1231)
    table = pd.DataFrame(
        {"ccode": spells["ccode"].to_numpy(dtype=np.int64), "year": year, "lo": lo, "hi": hi}
    )
    pairs = table.merge(table, on="year", suffixes=("1", "2"))
    keep = (
        (pairs["ccode1"] < pairs["ccode2"]).to_numpy()
        if not directed
        else (pairs["ccode1"] != pairs["ccode2"]).to_numpy()
    )
    overlap = np.maximum(pairs["lo1"].to_numpy(), pairs["lo2"].to_numpy()) <= np.minimum(
        pairs["hi1"].to_numpy(), pairs["hi2"].to_numpy()
    )
    out = pairs.loc[keep & overlap, ["ccode1", "ccode2", "year"]]
    out = out.drop_duplicates().sort_values(["ccode1", "ccode2", "year"], kind="stable")
    return out.reset_index(drop=True)
