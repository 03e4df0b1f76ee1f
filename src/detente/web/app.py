"""The web explorer's FastAPI application: pages, the JSON API and their error handling.

``create_app()`` builds a fresh app (tests give each one its own run store). Errors detente
raises on purpose (:class:`detente.errors.DetenteError`) become 400 with their message: JSON
``{"detail": ...}`` on ``/api/...`` and an error page elsewhere. Anything else becomes a short
500 message without a traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import detente
from detente.errors import DetenteError
from detente.web import (
    model_routes,
    run_routes,
    scenario_form_routes,
    scenario_routes,
    stability_routes,
    validation_routes,
)
from detente.web.page_templates import error_page
from detente.web.request_limits import MAX_BODY_BYTES, BodySizeLimit, SecurityHeaders
from detente.web.scenario_jobs import ScenarioJobs

log = logging.getLogger("detente.web")

DESCRIPTION = f"""
The detente web explorer's JSON API: models (schema, solve, game tree, equilibrium map),
scenario analysis (validate, run with progress, report), past runs and the strategic-stability
calculators. Invalid input gives 400 (or 422 for a malformed body) with a message naming the
parameter, field or line. Request bodies are limited to {MAX_BODY_BYTES} bytes; see docs/web.md
for every limit.
"""


def create_app(run_store: str | Path | None = None) -> FastAPI:
    """Build the explorer.

    Parameters
    ----------
    run_store : path, optional
        The run store's database file (default: ``$DETENTE_STORE`` or the store's own default,
        see :func:`detente.scenario.run_store.default_store`).

    Returns
    -------
    FastAPI
    """
    app = FastAPI(
        title="detente explorer",
        version=detente.__version__,
        description=DESCRIPTION,
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.run_store = Path(run_store) if run_store is not None else None
    app.state.scenario_jobs = ScenarioJobs(app.state.run_store)
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)

    app.add_middleware(SecurityHeaders)

    @app.exception_handler(DetenteError)
    async def detente_error(request: Request, exc: DetenteError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return error_page(request, str(exc), 400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return await http_exception_handler(request, exc)
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"there is no page at {request.url.path}"
        return error_page(request, message, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, exc)
        fields = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
        )
        return error_page(request, f"invalid address: {fields}", 422)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        message = f"internal error ({type(exc).__name__}); please report it with your input"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=500)
        return error_page(request, message, 500)

    static = Path(__file__).parent / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(model_routes.router)
    app.include_router(scenario_routes.router)
    app.include_router(run_routes.router)
    app.include_router(scenario_form_routes.router)
    app.include_router(stability_routes.router)
    app.include_router(validation_routes.router)
    return app
