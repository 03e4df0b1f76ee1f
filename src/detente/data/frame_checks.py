"""Checks shared by the builders: required columns, the unit of a frame, coverage warnings."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from detente.data.data_warnings import DataCoverageWarning
from detente.errors import InputError

__all__ = ["frame_unit", "require_columns", "warn_outside_coverage"]


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str, fix: str = "") -> None:
    """Raise :class:`InputError` naming the missing columns of ``frame`` (called ``what``)."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        hint = f"; {fix}" if fix else ""
        raise InputError(
            f"{what} lacks column(s) {', '.join(missing)} (has: "
            f"{', '.join(map(str, list(frame.columns)[:15]))}){hint}"
        )


def frame_unit(frame: pd.DataFrame, function: str) -> Literal["state", "dyad"]:
    """Whether ``frame`` is state-level (``ccode``) or dyadic (``ccode1``, ``ccode2``)."""
    if {"ccode1", "ccode2", "year"} <= set(frame.columns):
        return "dyad"
    if {"ccode", "year"} <= set(frame.columns):
        return "state"
    raise InputError(
        f"{function}() needs a state-year frame (columns ccode, year) or a dyad-year frame "
        f"(columns ccode1, ccode2, year); got columns {', '.join(map(str, frame.columns[:15]))}"
        "; build one with state_years() or dyad_years()"
    )


def warn_outside_coverage(
    years: pd.Series | np.ndarray,
    first: int,
    last: int,
    dataset: str,
    columns: Sequence[str],
) -> np.ndarray:
    """Warn (naming rows, years and columns) about rows outside ``first..last``; return mask."""
    values = np.asarray(years)
    outside = (values < first) | (values > last)
    count = int(outside.sum())
    if count:
        years_out = np.unique(values[outside])
        shown = ", ".join(str(y) for y in years_out[:10])
        more = " ..." if len(years_out) > 10 else ""
        warnings.warn(
            DataCoverageWarning(
                f"{count} row(s) in year(s) {shown}{more} lie outside {dataset}'s coverage "
                f"({first}-{last}); column(s) {', '.join(columns)} are left missing (NaN) "
                "there: restrict the years to drop them"
            ),
            stacklevel=3,
        )
    return outside
