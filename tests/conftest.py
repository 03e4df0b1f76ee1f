"""Shared fixtures.

``shared_data`` is the one way tests reach the real datasets in ``../shared/data`` (override with
``DETENTE_TEST_DATA``). Outside CI a missing folder skips the test; in CI (``CI=true``) it fails
loudly, because data tests must run there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def _shared_data_dir() -> Path:
    env = os.environ.get("DETENTE_TEST_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to the real test datasets (``../shared/data`` or ``$DETENTE_TEST_DATA``)."""
    path = _shared_data_dir()
    if not path.is_dir():
        message = f"test data folder {path} not found (set DETENTE_TEST_DATA)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The project's root folder (for bundled scenarios, examples and docs)."""
    return REPO_ROOT
