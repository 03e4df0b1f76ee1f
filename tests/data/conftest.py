"""Session-scoped real datasets for the data-layer tests (loaded once, via ``shared_data``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from detente.data import load


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
