"""The Jinja2 templates of the explorer's pages (``detente/web/templates``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render template ``name`` with ``context`` (autoescaped) as a full HTML page."""
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, message: str, status_code: int) -> HTMLResponse:
    """A page that states what went wrong and how to fix it (never a traceback)."""
    return page(request, "error.html", status_code=status_code, message=message)
