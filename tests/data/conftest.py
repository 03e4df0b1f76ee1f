"""Session-scoped real datasets for the data-layer tests (loaded once, via ``shared_data``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from detente.data import load
from detente.data.storage import DATA_DIR_ENV


@pytest.fixture(scope="session")
def cow_dir(shared_data: Path) -> Path:
    """The COW folder of the shared test data."""
    return shared_data / "cow"


@pytest.fixture(scope="session")
def cow_frames(cow_dir: Path) -> dict[str, pd.DataFrame]:
    """A cache of loaded COW-folder datasets: ``cow_frames[name]`` loads on first use."""

    class _Frames(dict):
        def __missing__(self, name: str) -> pd.DataFrame:
            frame = load(name, data_dir=cow_dir)
            self[name] = frame
            return frame

    return _Frames()


@pytest.fixture(scope="session")
def states(cow_frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """COW state system membership v2016."""
    return cow_frames["cow_states"]


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty download cache and no ``$DETENTE_DATA_DIR``: nothing is found locally."""
    cache = tmp_path / "cache"
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setattr("detente.data.storage.cache_dir", lambda: cache)
    monkeypatch.setattr("detente.data.download.cache_dir", lambda: cache)
    return cache
