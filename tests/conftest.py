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
import sys
from collections.abc import Callable, Iterator
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


def _run_detente(
    *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real ``detente`` command (``python -m detente.cli ARGS``) in a subprocess, with this
    checkout's sources first on the path."""
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO_ROOT / "src"), full_env.get("PYTHONPATH", "")) if p
    )
    return subprocess.run(
        [sys.executable, "-m", "detente.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
    )


def _assert_refused(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit code 2, no traceback, exactly one non-empty line on standard error, containing every
    needle; returns that line."""
    assert result.returncode == 2, (result.returncode, result.stdout[-2000:], result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


@pytest.fixture(scope="session")
def run_detente() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real CLI in a subprocess: ``run_detente("solve", "g.efg", timeout=60)``."""
    return _run_detente


@pytest.fixture(scope="session")
def assert_refused() -> Callable[..., str]:
    """Check a CLI refusal: ``assert_refused(result, "file.efg", "limit")``."""
    return _assert_refused


@pytest.fixture
def short_dask_connect_timeout() -> Iterator[None]:
    """Dask's connect timeout at 1 s for the test, so an unreachable scheduler fails fast.

    ``distributed`` is imported first: it loads its config defaults, and ``dask.config.set``
    on a missing "distributed" section would delete the whole section on exit.
    """
    import dask
    import distributed  # noqa: F401

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        yield
