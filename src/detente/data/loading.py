"""Load a registered dataset from a local copy into a :class:`pandas.DataFrame`."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from detente.data.registry import Dataset, get_dataset
from detente.data.storage import DATA_DIR_ENV, find_local
from detente.errors import DataError

__all__ = ["load", "read_dataset_file"]


def load(name: str, data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load dataset ``name`` from a local copy (never downloads; see ``detente data get``).

    The file is looked up by its registry file name in ``data_dir``, then
    ``$DETENTE_DATA_DIR``, then the download cache (see :mod:`detente.data.storage`).
    Column names are lower-cased, the dataset's documented missing-value codes (e.g. ``-9``)
    become ``NaN`` in the columns the registry lists, and the documented columns are checked.

    Parameters
    ----------
    name
        Registry name (``detente data list``), e.g. ``"cow_states"``.
    data_dir
        Folder with local copies (top level or one sub-folder down).

    Returns
    -------
    pandas.DataFrame
        All columns of the file.

    Raises
    ------
    DataError
        If no copy is found (naming where detente looked and how to fix it), the file cannot
        be parsed, or documented columns are missing.
    """
    dataset = get_dataset(name)
    path, searched = find_local(dataset, data_dir)
    if path is None:
        looked = ", ".join(str(p) for p in searched)
        raise DataError(
            f"dataset {dataset.name!r} not found: no {dataset.filename} in {looked}; fix: run "
            f"`detente data get {dataset.name}` or set {DATA_DIR_ENV} (or pass data_dir=) to a "
            f"folder holding {dataset.filename}"
        )
    return read_dataset_file(dataset, path)


def read_dataset_file(dataset: Dataset | str, path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read ``path`` as ``dataset`` (normalise names and missing codes, check columns)."""
    if isinstance(dataset, str):
        dataset = get_dataset(dataset)
    path = Path(path)
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig", low_memory=False)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise DataError(
            f"dataset {dataset.name!r}: could not read {path} as CSV ({reason}); delete it and "
            f"get it again (`detente data get {dataset.name}`)"
        ) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in dataset.column_names if c not in frame.columns]
    if missing:
        raise DataError(
            f"dataset {dataset.name!r}: file {path} lacks the documented column(s) "
            f"{', '.join(missing)} (has: {', '.join(map(str, frame.columns[:20]))}); it may be "
            f"another version or layout: replace it with the {dataset.version} file "
            f"({dataset.how_to_get})"
        )
    if dataset.missing_codes:
        for column in dataset.missing_code_columns:
            if column in frame.columns and pd.api.types.is_numeric_dtype(frame[column]):
                values = frame[column].to_numpy(dtype=float, copy=True)
                values[np.isin(values, dataset.missing_codes)] = np.nan
                frame[column] = values
    return frame
