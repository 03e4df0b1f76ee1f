"""Merge a state-year table onto a state-year or dyad-year frame (``x`` -> ``x1``, ``x2``)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from detente.data.frame_checks import frame_unit

__all__ = ["merge_state_years"]


def merge_state_years(
    frame: pd.DataFrame, table: pd.DataFrame, columns: Sequence[str], function: str
) -> pd.DataFrame:
    """Left-join ``table[ccode, year, *columns]`` onto ``frame``.

    On a state-year frame the columns keep their names; on a dyad-year frame they are added
    twice, as ``<column>1`` (for ``ccode1``) and ``<column>2`` (for ``ccode2``). ``table`` must
    hold at most one row per ``(ccode, year)``. Row order and count of ``frame`` are kept.
    """
    unit = frame_unit(frame, function)
    values = table[["ccode", "year", *columns]].drop_duplicates(["ccode", "year"])
    if unit == "state":
        return frame.merge(values, on=["ccode", "year"], how="left", validate="many_to_one")
    out = frame
    for side in ("1", "2"):
        renamed = values.rename(
            columns={"ccode": f"ccode{side}", **{c: f"{c}{side}" for c in columns}}
        )
        out = out.merge(renamed, on=[f"ccode{side}", "year"], how="left", validate="many_to_one")
    return out
