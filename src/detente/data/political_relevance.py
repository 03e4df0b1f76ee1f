"""Politically relevant dyads: contiguous, or at least one side a major power.

References
----------
Weede, Erich. 1976. "Overwhelming Preponderance as a Pacifying Condition among Contiguous
Asian Dyads." *Journal of Conflict Resolution* 20: 395-411.
Lemke, Douglas, and William Reed. 2001. "The Relevance of Politically Relevant Dyads."
*Journal of Conflict Resolution* 45(1): 126-144.
Miller, Steven V. 2022. peacesciencer, ``filter_prd()``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.data.frame_checks import require_columns

__all__ = ["politically_relevant"]


def politically_relevant(dyads: pd.DataFrame) -> pd.DataFrame:
    """Keep the dyad-years that are contiguous (any type 1-5) or include a major power.

    Needs the columns added by :func:`~detente.data.add_contiguity` (``conttype``) and
    :func:`~detente.data.add_major_powers` (``cowmaj1``, ``cowmaj2``). Rows with missing
    values in those columns are not relevant (and so dropped).

    References
    ----------
    Weede (1976); Lemke and Reed (2001); Miller (2022), ``filter_prd()``.
    """
    require_columns(
        dyads,
        ["conttype", "cowmaj1", "cowmaj2"],
        "the dyad-year frame",
        "run add_contiguity() and add_major_powers() first",
    )
    conttype = dyads["conttype"].to_numpy(dtype=float)
    relevant = (
        ((conttype >= 1) & (conttype <= 5))
        | (dyads["cowmaj1"].to_numpy(dtype=float) == 1)
        | (dyads["cowmaj2"].to_numpy(dtype=float) == 1)
    )
    return dyads.loc[np.asarray(relevant)].reset_index(drop=True)
