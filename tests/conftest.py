"""Shared fixtures.

``shared_data`` is the one way tests reach the real datasets in ``../shared/data``: next to
this checkout, next to the checkout it was cloned from (``git clone . /tmp/x``), or at
``DETENTE_TEST_DATA``. ``missing_resource`` is the one policy for anything a test needs from
outside the project (the data, Chromium, TeX Live; ``.ci/run`` installs the tools): a missing
resource fails the test, naming it and how to get it; nothing is skipped. A machine without
one leaves those tests out explicitly by marker (they are then reported as deselected, not as
passed): ``-m "not data"`` (every test using ``shared_data``, marked here at collection),
``-m "not browser"`` (Chromium), ``-m "not latex"`` (TeX Live).
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reads the shared datasets ``data`` and every test that drives
    Chromium ``browser`` (so ``-m "not data"`` or ``-m "not browser"`` can leave them out on a
    machine without them)."""
    for item in items:
        used = getattr(item, "fixturenames", ())
        if "shared_data" in used:
            item.add_marker(pytest.mark.data)
        if "chromium" in used:
            item.add_marker(pytest.mark.browser)


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


def _missing(message: str, marker: str) -> NoReturn:
    """A resource the test needs is missing: fail, naming it and the marker that deselects
    the tests needing it."""
    pytest.fail(f'{message}; or leave these tests out with -m "not {marker}"')


@pytest.fixture(scope="session")
def missing_resource() -> Callable[[str, str], NoReturn]:
    """Call with a message and the tests' marker when a resource is missing: fails."""
    return _missing


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to the real test datasets (``../shared/data`` or ``$DETENTE_TEST_DATA``)."""
    path = _shared_data_dir()
    if not path.is_dir():
        _missing(f"test data folder {path} not found (set DETENTE_TEST_DATA)", "data")
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
