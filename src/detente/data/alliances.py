"""ATOP alliance pledges on dyad-years.

References
----------
Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002.
"Alliance Treaty Obligations and Provisions, 1815-1944." *International Interactions* 28:
237-260.
Miller, Steven V. 2022. peacesciencer, ``add_atop_alliance()``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.data.frame_checks import require_columns, warn_outside_coverage

__all__ = ["ATOP_PLEDGES", "add_alliances"]

ATOP_PLEDGES: tuple[str, ...] = (
    "atop_defense",
    "atop_offense",
    "atop_neutral",
    "atop_nonagg",
    "atop_consul",
)
_KEYS = ["ccode1", "ccode2", "year"]


def add_alliances(
    dyads: pd.DataFrame, atop: pd.DataFrame, directed: bool | None = None
) -> pd.DataFrame:
    """Add ATOP pledges (defense, offense, neutrality, non-aggression, consultation).

    ATOP dyad-years are directed: ``atop_defense`` on ``(a, b)`` means ``a`` pledged to defend
    ``b``. Directed dyad-years get the pledges of ``ccode1`` to ``ccode2``. Non-directed
    dyad-years (``ccode1 < ccode2`` throughout) get, for each pledge, the maximum over both
    directions (a pledge made by either state), as peacesciencer's default ``ndir = TRUE``.

    Parameters
    ----------
    dyads
        Dyad-years with ``ccode1``, ``ccode2``, ``year``.
    atop
        ``load("atop_alliance")``.
    directed
        Treat ``dyads`` as directed; default: directed if any row has ``ccode1 > ccode2``.

    Returns
    -------
    pandas.DataFrame
        ``dyads`` with the five ``atop_*`` columns (0/1; NaN outside ATOP's years, warned).

    References
    ----------
    Leeds et al. (2002); Miller (2022), ``add_atop_alliance()``.
    """
    require_columns(dyads, _KEYS, "the dyad-year frame", "build it with dyad_years()")
    require_columns(atop, [*_KEYS, *ATOP_PLEDGES], "the ATOP table", "pass load('atop_alliance')")
    if directed is None:
        directed = bool((dyads["ccode1"] > dyads["ccode2"]).any())
    pledges = atop[[*_KEYS, *ATOP_PLEDGES]]
    if not directed:
        low = np.minimum(pledges["ccode1"], pledges["ccode2"])
        high = np.maximum(pledges["ccode1"], pledges["ccode2"])
        pledges = (
            pledges.assign(ccode1=low, ccode2=high)
            .groupby(_KEYS, as_index=False)[list(ATOP_PLEDGES)]
            .max()
        )
    else:
        pledges = pledges.drop_duplicates(_KEYS)
    out = dyads.merge(pledges, on=_KEYS, how="left", validate="many_to_one")
    first, last = int(atop["year"].min()), int(atop["year"].max())
    outside = warn_outside_coverage(out["year"], first, last, "ATOP", ATOP_PLEDGES)
    for column in ATOP_PLEDGES:
        values = out[column].to_numpy(dtype=float, copy=True)
        values[np.isnan(values) & ~outside] = 0.0
        out[column] = values
    return out
