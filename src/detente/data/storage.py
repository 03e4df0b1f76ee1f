"""Where dataset files live: an explicit folder, ``$DETENTE_DATA_DIR``, or the download cache.

A file is looked up by its registry file name (e.g. ``cow_nmc.csv``) in these places, in order:

1. the ``data_dir`` argument (``--data-dir`` on the command line), if given;
2. the folder named by the environment variable ``DETENTE_DATA_DIR``, if set;
3. detente's download cache (``platformdirs.user_cache_dir("detente")/data``).

In each folder the file may sit at the top level or one level down (so a folder holding
``cow/`` and ``icb/`` sub-folders works as it is).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from detente.data.registry import Dataset

__all__ = ["DATA_DIR_ENV", "cache_dir", "candidate_dirs", "find_local"]

DATA_DIR_ENV = "DETENTE_DATA_DIR"


def cache_dir() -> Path:
    """detente's download cache for datasets (created on first download, not here)."""
    return Path(platformdirs.user_cache_dir("detente")) / "data"


def candidate_dirs(data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """The folders searched for local copies, in order (see the module docstring)."""
    folders: list[Path] = []
    if data_dir is not None:
        folders.append(Path(data_dir).expanduser())
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        folders.append(Path(env).expanduser())
    folders.append(cache_dir())
    return folders


def find_local(
    dataset: Dataset, data_dir: str | os.PathLike[str] | None = None
) -> tuple[Path | None, list[Path]]:
    """Find a local copy of ``dataset``.

    Returns
    -------
    (path, searched)
        The first file named ``dataset.filename`` found (or ``None``) and the list of places
        looked at, for error messages.
    """
    searched: list[Path] = []
    for folder in candidate_dirs(data_dir):
        direct = folder / dataset.filename
        searched.append(direct)
        if direct.is_file():
            return direct, searched
        if folder.is_dir():
            for nested in sorted(folder.glob(f"*/{dataset.filename}")):
                if nested.is_file():
                    return nested, searched
    return None, searched
