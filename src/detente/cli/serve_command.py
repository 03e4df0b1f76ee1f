"""``detente serve``: start the web explorer (models, scenarios, runs, stability) locally."""

from __future__ import annotations

import ipaddress

import typer

from detente.cli.main import app, err_console
from detente.errors import InputError


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: loopback)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
) -> None:
    """Start the web explorer at http://HOST:PORT (Ctrl-C stops it)."""
    try:
        import uvicorn

        from detente.web import create_app
    except ImportError as exc:
        raise InputError(
            f"the web explorer needs the 'web' extra ({exc.name} is missing): "
            "pip install 'detente[web]'"
        ) from None
    if not _is_loopback(host):
        err_console.print(
            f"warning: binding to {host} exposes the explorer to other machines; it has no "
            "login. Use the default 127.0.0.1 unless you mean it.",
            markup=False,
        )
    typer.echo(f"detente explorer on http://{host}:{port}/  (API schema: /openapi.json)")
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
