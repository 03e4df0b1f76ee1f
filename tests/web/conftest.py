"""Fixtures of the web tests: an app with its own run store, a live server on a free loopback
port, and headless Debian Chromium driven by Playwright.

Browser tests (``@pytest.mark.browser``) need Debian's ``chromium`` (``.ci/run`` installs it);
without it they fail, naming it (see ``missing_resource`` in ``tests/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _wait_done(client, job: dict, timeout: float = 120.0) -> dict:
    """Poll an analysis job until it is done or failed (the bound only guards against a
    hang)."""
    import time

    deadline = time.monotonic() + timeout
    while job["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, f"analysis still {job['status']} after {timeout} s"
        time.sleep(0.1)
        job = client.get(f"/api/scenarios/jobs/{job['id']}").json()
    return job


@pytest.fixture
def wait_done():
    """``wait_done(client, job)``: poll a scenario analysis job until it has finished."""
    return _wait_done


def _run_on_page(page, draws: int, title: str) -> None:
    """On the Scenarios page: set the draws, press Run, wait for the report titled ``title``
    and check no error is shown."""
    page.fill("#draws", str(draws))
    page.click("#run")
    page.locator("#report-panel").wait_for(state="visible", timeout=120_000)
    page.frame_locator("#report").locator("body").get_by_text(title).first.wait_for()
    assert page.locator("#scenario-error").is_hidden()


@pytest.fixture
def run_on_page():
    """``run_on_page(page, draws, title)``: run the Scenarios page's analysis and wait for
    its report."""
    return _run_on_page


@pytest.fixture
def web_app(tmp_path: Path):
    """A fresh explorer app whose run store is a temporary folder."""
    from detente.web import create_app

    return create_app(run_store=tmp_path / "runs.duckdb")


@pytest.fixture
def client(web_app):
    """FastAPI's TestClient on :func:`web_app` (server errors come back as responses)."""
    from fastapi.testclient import TestClient

    with TestClient(web_app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The explorer served by uvicorn on a free loopback port in a thread; yields its URL."""
    from detente.web import serve_in_background

    with serve_in_background(tmp_path_factory.mktemp("store") / "runs.duckdb") as url:
        yield url


@pytest.fixture(scope="session")
def chromium(missing_resource) -> Path:
    """Debian's Chromium (a missing one fails the test; skips only on request)."""
    if not CHROMIUM.exists():
        missing_resource(f"{CHROMIUM} not found: apt-get install -y chromium", "browser")
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium: Path):
    """Headless Debian Chromium (never Playwright's own download)."""
    from playwright.sync_api import sync_playwright

    # Playwright starts Chromium with a fresh temporary --user-data-dir of its own (it refuses
    # the flag in ``args``), so every launch has an empty profile.
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_FLAGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A new browser page (its own context), closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
