"""The web explorer: models, scenarios, runs and stability calculators in the browser.

``detente serve`` starts it on http://127.0.0.1:8000; :func:`create_app` builds the FastAPI
application (pages, JSON API and OpenAPI schema); :func:`serve_in_background` runs it in a
thread, e.g. from a notebook. The web layer holds no analysis: every
page and endpoint calls the library and presents its answer. See ``docs/web.md``.
"""

from __future__ import annotations

from detente.web.app import create_app
from detente.web.background_server import serve_in_background

__all__ = ["create_app", "serve_in_background"]
