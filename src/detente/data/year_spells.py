"""Expand spells (a first and a last year per row) into one row per year, vectorized."""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.errors import InputError

__all__ = ["expand_years"]


def expand_years(spells: pd.DataFrame, start: str, end: str, year: str = "year") -> pd.DataFrame:
    """Repeat each row of ``spells`` once per year from ``spells[start]`` to ``spells[end]``.

    Parameters
    ----------
    spells
        One row per spell.
    start, end
        Columns with the first and last year (inclusive, integers).
    year
        Name of the new column.

    Returns
    -------
    pandas.DataFrame
        The rows repeated, with a new integer column ``year``; the index is reset.
    """
    first = spells[start].to_numpy(dtype=np.int64)
    last = spells[end].to_numpy(dtype=np.int64)
    lengths = last - first + 1
    if (lengths < 0).any():
        bad = np.flatnonzero(lengths < 0)[:5].tolist()
        raise InputError(
            f"spells end before they start in row(s) {bad} ({start} > {end}); fix the dates"
        )
    rows = np.repeat(np.arange(len(spells)), lengths)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    out = spells.iloc[rows].reset_index(drop=True)
    out[year] = first[rows] + offsets
    return out
