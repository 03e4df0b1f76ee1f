"""``detente version``: print the package version."""

from __future__ import annotations

import typer

from detente import __version__
from detente.cli.main import app


@app.command("version")
def version_command() -> None:
    """Print detente's version."""
    typer.echo(__version__)
