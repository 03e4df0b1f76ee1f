"""Shared fixtures.

``shared_data`` is the one way tests reach the real datasets in ``../shared/data`` (override with
``DETENTE_TEST_DATA``). ``missing_resource`` is the one policy for anything a test needs from
outside the project (the data, Chromium, TeX Live): outside CI a missing resource skips the
test; in CI (``CI=true``, where ``.ci/run`` installs all of them) it fails loudly.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def _shared_data_dir() -> Path:
    env = os.environ.get("DETENTE_TEST_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data"


def _missing(message: str) -> NoReturn:
    """A resource the test needs is missing: fail in CI (which installs it), else skip."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def missing_resource() -> Callable[[str], NoReturn]:
    """Call with a message when a resource is missing: fails in CI, skips elsewhere."""
    return _missing


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to the real test datasets (``../shared/data`` or ``$DETENTE_TEST_DATA``)."""
    path = _shared_data_dir()
    if not path.is_dir():
        _missing(f"test data folder {path} not found (set DETENTE_TEST_DATA)")
    return path


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The project's root folder (for bundled scenarios, examples and docs)."""
    return REPO_ROOT
