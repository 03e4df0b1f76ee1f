"""Shared fixtures.

``shared_data`` is the one way tests reach the real datasets in ``../shared/data``: next to
this checkout, next to the checkout it was cloned from (``git clone . /tmp/x``), or at
``DETENTE_TEST_DATA``. ``missing_resource`` is the one policy for anything a test needs from
outside the project (the data, Chromium, TeX Live; ``.ci/run`` installs the tools): a missing
resource fails the test, naming it and how to get it. Only a run outside CI that asks for it
with ``DETENTE_TEST_ALLOW_MISSING=1`` (a laptop without TeX Live, say) skips those tests.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


#: Set to 1 to skip, instead of fail, the tests whose outside resources are missing.
ALLOW_MISSING = "DETENTE_TEST_ALLOW_MISSING"


def _origin_checkout() -> Path | None:
    """The local checkout this one was cloned from, if any (``remote.origin.url``)."""
    try:
        url = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    url = url.removeprefix("file://")
    return Path(url) if url and Path(url).is_dir() else None


def _shared_data_dir() -> Path:
    env = os.environ.get("DETENTE_TEST_DATA")
    if env:
        return Path(env)
    here = REPO_ROOT.parent / "shared" / "data"
    origin = _origin_checkout()
    if not here.is_dir() and origin is not None:
        return origin.resolve().parent / "shared" / "data"
    return here


def _missing(message: str) -> NoReturn:
    """A resource the test needs is missing: fail, unless this run outside CI asked to skip."""
    in_ci = os.environ.get("CI", "").lower() == "true"
    if not in_ci and os.environ.get(ALLOW_MISSING) == "1":
        pytest.skip(f"{message} ({ALLOW_MISSING}=1)")
    pytest.fail(f"{message}; or set {ALLOW_MISSING}=1 to skip the tests that need it")


@pytest.fixture(scope="session")
def missing_resource() -> Callable[[str], NoReturn]:
    """Call with a message when a resource is missing: fails (skips only on request)."""
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
