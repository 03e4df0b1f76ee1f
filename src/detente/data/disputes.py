"""MID onsets on dyad-years, with peacesciencer's documented whittling of multiple disputes.

A dyad can be in several militarized disputes in one year (France and Italy had three onsets
in 1860: MIDs 112, 113 and 306). To merge dispute-years into dyad-years, one dispute is kept
per directed dyad-year, by these rules applied in order (each rule only breaks the ties left
by the previous ones):

1. a dispute that *starts* in the year (onset) over one that is only ongoing;
2. the highest dispute ``fatality`` level (unknown fatality, COW ``-9``, ranks between 0 and
   1, as peacesciencer's 0.5);
3. the highest ``hostlev``;
4. the longest ``mindur``, then the longest ``maxdur``;
5. reciprocated over unreciprocated (``recip``);
6. the earliest start month ``stmon``;
7. if still tied (this does not happen in MID 5.0), the lowest ``dispnum``.

The rules are one lexicographic sort, so the whittling is a single vectorized sort and
``drop_duplicates``, no loop over dyads.

References
----------
Miller, Steven V. 2022. "peacesciencer: An R Package for Quantitative Peace Science Research."
*Conflict Management and Peace Science* 39(6): 755-779; ``add_cow_mids()`` and the article
"Coerce dispute-year data to dyad-year data" (svmiller.com/peacesciencer).
Palmer, Glenn et al. 2022. "The MID5 Dataset, 2011-2014." *Conflict Management and Peace
Science* 39(4): 470-482.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.data.frame_checks import require_columns, warn_outside_coverage
from detente.errors import InputError

__all__ = ["WHITTLE_ORDER", "add_mid_onsets", "whittle_disputes"]

#: (column, keep the highest?) in the order the rules apply.
WHITTLE_ORDER: tuple[tuple[str, bool], ...] = (
    ("onset", True),
    ("fatality", True),
    ("hostlev", True),
    ("mindur", True),
    ("maxdur", True),
    ("recip", True),
    ("stmon", False),
    ("dispnum", False),
)
_DISPUTE_FIELDS = ("fatality", "hostlev", "mindur", "maxdur", "recip", "stmon")
_KEYS = ["ccode1", "ccode2", "year"]


def _event_columns(dispute_years: pd.DataFrame, prefix: str) -> tuple[str, str]:
    """The (onset, ongoing) column names in ``dispute_years``."""
    for onset, ongoing in (
        (f"{prefix}onset", f"{prefix}ongoing"),
        ("disponset", "dispongoing"),
    ):
        if onset in dispute_years.columns and ongoing in dispute_years.columns:
            return onset, ongoing
    raise InputError(
        f"dispute-year table needs onset/ongoing columns ({prefix}onset/{prefix}ongoing or "
        f"disponset/dispongoing); has {', '.join(map(str, dispute_years.columns[:15]))}; pass "
        "load('cow_mid_dirdisps') or load('gml_mid_ddydisps')"
    )


def whittle_disputes(
    dispute_years: pd.DataFrame,
    disputes: pd.DataFrame | None = None,
    prefix: str = "cowmid",
) -> pd.DataFrame:
    """Keep one dispute per directed dyad-year by the documented rules (module docstring).

    Parameters
    ----------
    dispute_years
        Directed dispute-dyad-years (``load("cow_mid_dirdisps")``): ``dispnum``, ``ccode1``,
        ``ccode2``, ``year`` and onset/ongoing indicators (``disponset``/``dispongoing`` or
        ``<prefix>onset``/``<prefix>ongoing``).
    disputes
        Dispute-level table (``load("cow_mid_disps")``) supplying ``fatality``, ``hostlev``,
        ``mindur``, ``maxdur``, ``recip``, ``stmon`` by ``dispnum``; optional when
        ``dispute_years`` already holds them.
    prefix
        Prefix of the output indicators: ``<prefix>onset`` and ``<prefix>ongoing``.

    Returns
    -------
    pandas.DataFrame
        One row per ``(ccode1, ccode2, year)``, with the columns of ``dispute_years`` (onset
        and ongoing renamed) plus the dispute-level fields.

    References
    ----------
    Miller (2022); reproduces peacesciencer's ``cow_mid_ddydisps`` from ``cow_mid_dirdisps``.
    """
    require_columns(
        dispute_years,
        ["dispnum", *_KEYS],
        "the dispute-year table",
        "pass load('cow_mid_dirdisps')",
    )
    onset, ongoing = _event_columns(dispute_years, prefix)
    table = dispute_years.rename(columns={onset: f"{prefix}onset", ongoing: f"{prefix}ongoing"})
    missing = [c for c in _DISPUTE_FIELDS if c not in table.columns]
    if missing:
        if disputes is None:
            raise InputError(
                f"whittling needs dispute-level column(s) {', '.join(missing)}; pass the "
                "dispute table as disputes=load('cow_mid_disps')"
            )
        require_columns(
            disputes, ["dispnum", *missing], "the dispute table", "pass load('cow_mid_disps')"
        )
        fields = disputes[["dispnum", *missing]].drop_duplicates("dispnum")
        table = table.merge(fields, on="dispnum", how="left", validate="many_to_one")
        unmatched = table[missing[0]].isna() & ~table["dispnum"].isin(fields["dispnum"])
        if unmatched.any():
            raise InputError(
                f"{int(unmatched.sum())} dispute-year row(s) have dispnum(s) "
                f"{sorted(table.loc[unmatched, 'dispnum'].unique())[:10]} absent from the "
                "dispute table; use the dispute table of the same MID version"
            )
    ranks = pd.DataFrame(index=table.index)
    for column, highest in WHITTLE_ORDER:
        source = f"{prefix}onset" if column == "onset" else column
        values = table[source].to_numpy(dtype=float, copy=True)
        if column == "fatality":
            values = np.where(np.isnan(values), 0.5, values)
        values = np.where(np.isnan(values), -np.inf if highest else np.inf, values)
        ranks[column] = -values if highest else values
    order = np.lexsort(
        [ranks[c].to_numpy() for c, _ in reversed(WHITTLE_ORDER)]
        + [table[k].to_numpy() for k in reversed(_KEYS)]
    )
    ordered = table.iloc[order]
    kept = ordered.drop_duplicates(_KEYS, keep="first")
    return kept.sort_values(_KEYS, kind="stable").reset_index(drop=True)


def add_mid_onsets(
    dyads: pd.DataFrame,
    dispute_years: pd.DataFrame,
    disputes: pd.DataFrame | None = None,
    prefix: str = "cowmid",
    keep: tuple[str, ...] = ("dispnum",),
) -> pd.DataFrame:
    """Add MID onset and ongoing indicators (one whittled dispute per dyad-year).

    Parameters
    ----------
    dyads
        Dyad-years (directed or non-directed): ``ccode1``, ``ccode2``, ``year``.
    dispute_years
        Directed dispute-dyad-years (``load("cow_mid_dirdisps")``), or an already whittled
        dyad-year table (``load("cow_mid_ddydisps")``, ``load("gml_mid_ddydisps")``).
    disputes
        Dispute-level table for the whittling rules (``load("cow_mid_disps")``); not needed
        when ``dispute_years`` holds the dispute-level fields.
    prefix
        ``"cowmid"`` (COW MIDs) or ``"gmlmid"`` (Gibler-Miller-Little MIDs).
    keep
        Further columns of the whittled dispute to add (e.g. ``("dispnum", "hostlev")``).

    Returns
    -------
    pandas.DataFrame
        ``dyads`` with ``<prefix>onset`` and ``<prefix>ongoing`` (0/1; NaN outside the
        disputes' coverage, with a warning) and the ``keep`` columns (NaN where no dispute).

    References
    ----------
    Miller (2022), peacesciencer ``add_cow_mids()`` / ``add_gml_mids()``.
    """
    require_columns(dyads, _KEYS, "the dyad-year frame", "build it with dyad_years()")
    whittled = whittle_disputes(dispute_years, disputes, prefix)
    events = [f"{prefix}onset", f"{prefix}ongoing"]
    extra = [c for c in keep if c not in events]
    require_columns(whittled, extra, "the whittled dispute table", "choose keep= among its columns")
    first, last = int(whittled["year"].min()), int(whittled["year"].max())
    if disputes is not None and "styear" in disputes.columns:
        first = min(first, int(disputes["styear"].min()))
    out = dyads.merge(
        whittled[[*_KEYS, *events, *extra]], on=_KEYS, how="left", validate="many_to_one"
    )
    outside = warn_outside_coverage(out["year"], first, last, f"the {prefix} disputes", events)
    for column in events:
        values = out[column].to_numpy(dtype=float, copy=True)
        values[np.isnan(values) & ~outside] = 0.0
        out[column] = values
    return out
