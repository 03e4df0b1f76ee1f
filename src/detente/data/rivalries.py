"""Strategic rivalries on dyad-years.

References
----------
Thompson, William R., and David Dreyer. 2012. *Handbook of International Rivalries,
1494-2010*. Washington DC: CQ Press.
Thompson, William R., Kentaro Sakuwa, and Prashant Hosur Suhas. 2022. *Analyzing Strategic
Rivalries in World Politics*. Singapore: Springer.
Miller, Steven V. 2022. peacesciencer, ``add_strategic_rivalries()``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.data.frame_checks import require_columns, warn_outside_coverage
from detente.data.year_spells import expand_years
from detente.errors import InputError

__all__ = ["RIVALRY_TYPES", "add_rivalries", "rivalry_years"]

RIVALRY_TYPES: tuple[str, ...] = ("positional", "spatial", "ideological", "interventionary")
_KEYS = ["ccode1", "ccode2", "year"]


def rivalry_years(rivalries: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Directed dyad-years of ongoing rivalries, both directions, from 1816.

    Accepts the Thompson-Sakuwa-Suhas table (``tssr_id``, ``start``, ``end`` and 0/1 type
    columns) or the Thompson-Dreyer table (``rivalryno``, ``styear``, ``endyear``, ``type1``..
    ``type3`` naming the types). Austria-Hungary (300) becomes Austria (305) from 1919, as in
    peacesciencer (the Austria-Serbia/Yugoslavia rivalry). A dyad-year in two rivalries at once
    gets one row: the lowest rivalry id, each type the maximum.

    Returns
    -------
    (rivalry_years, last_year)
        Columns ``ccode1``, ``ccode2``, ``year``, ``rivalry_id``, the four types; and the last
        year the table covers (2020 for TSS, 2010 for TD, as in peacesciencer).
    """
    if {"tssr_id", "start", "end"} <= set(rivalries.columns):
        table = rivalries[["tssr_id", "ccode1", "ccode2", "start", "end"]].rename(
            columns={"tssr_id": "rivalry_id", "start": "styear", "end": "endyear"}
        )
        for kind in RIVALRY_TYPES:
            present = kind in rivalries.columns
            table[kind] = rivalries[kind].fillna(0).to_numpy(dtype=float) if present else 0.0
        last = 2020
    elif {"rivalryno", "styear", "endyear"} <= set(rivalries.columns):
        table = rivalries[["rivalryno", "ccode1", "ccode2", "styear", "endyear"]].rename(
            columns={"rivalryno": "rivalry_id"}
        )
        named = [c for c in ("type1", "type2", "type3") if c in rivalries.columns]
        for kind in RIVALRY_TYPES:
            hits = np.zeros(len(rivalries), dtype=bool)
            for column in named:
                hits |= (rivalries[column].astype(str).str.strip().str.lower() == kind).to_numpy()
            table[kind] = hits.astype(float)
        last = 2010
    else:
        raise InputError(
            "rivalry table needs tssr_id/start/end (load('tss_rivalries')) or "
            f"rivalryno/styear/endyear (load('td_rivalries')); has {', '.join(rivalries.columns)}"
        )
    require_columns(table, ["ccode1", "ccode2"], "the rivalry table")
    years = expand_years(table, "styear", "endyear")
    years = years[years["year"] >= 1816]
    for side in ("ccode1", "ccode2"):
        years[side] = np.where((years[side] == 300) & (years["year"] >= 1919), 305, years[side])
    both = pd.concat(
        [years, years.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})],
        ignore_index=True,
    )
    agg = {"rivalry_id": "min", **{kind: "max" for kind in RIVALRY_TYPES}}
    out = both.groupby(_KEYS, as_index=False).agg(agg)
    return out, last


def add_rivalries(dyads: pd.DataFrame, rivalries: pd.DataFrame) -> pd.DataFrame:
    """Add ``ongoingrivalry`` (0/1), ``rivalry_id`` and the four rivalry-type indicators.

    Parameters
    ----------
    dyads
        Dyad-years (directed or not).
    rivalries
        ``load("tss_rivalries")`` (default in peacesciencer) or ``load("td_rivalries")``.

    Returns
    -------
    pandas.DataFrame
        ``dyads`` with ``ongoingrivalry`` and ``positional``, ``spatial``, ``ideological``,
        ``interventionary`` (0 where no rivalry; NaN after the data's last year, warned) and
        ``rivalry_id`` (NaN where no rivalry).

    References
    ----------
    Thompson and Dreyer (2012); Thompson, Sakuwa and Suhas (2022); Miller (2022),
    ``add_strategic_rivalries()``.
    """
    require_columns(dyads, _KEYS, "the dyad-year frame", "build it with dyad_years()")
    years, last = rivalry_years(rivalries)
    out = dyads.merge(years, on=_KEYS, how="left", validate="many_to_one")
    columns = ["ongoingrivalry", *RIVALRY_TYPES]
    outside = warn_outside_coverage(out["year"], 1816, last, "the rivalry data", columns)
    ongoing = out["rivalry_id"].notna().to_numpy().astype(float)
    ongoing[outside] = np.nan
    out["ongoingrivalry"] = ongoing
    for kind in RIVALRY_TYPES:
        values = out[kind].to_numpy(dtype=float, copy=True)
        values[np.isnan(values) & ~outside] = 0.0
        out[kind] = values
    return out
