"""Entry point of the ``detente`` command.

Each command group lives in its own module and registers itself here. Errors that detente
raises on purpose (:class:`detente.errors.DetenteError`) become one line on standard error and
exit code 2, never a traceback.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from detente.errors import DetenteError

app = typer.Typer(
    name="detente",
    help="Model military deterrence and crisis diplomacy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def main_callback() -> None:
    """Model military deterrence and crisis diplomacy."""


def fail(message: str) -> typer.Exit:
    """Print one clear error line and return the exit signal (code 2) to raise."""
    err_console.print(f"[bold red]error:[/] {message}", markup=True)
    return typer.Exit(code=2)


# --- command groups register below (one line each) ---------------------------------------
from detente.cli import (  # noqa: E402, F401
    analyze_command,
    data_commands,
    fit_command,
    model_commands,
    scenario_commands,
    serve_command,
    sim_commands,
    solve_command,
    stability_commands,
    validate_command,
    version_command,
)

# --- end of command groups ---------------------------------------------------------------


def run() -> None:
    """Run the CLI, turning detente's own errors into one line and exit code 2.

    Usage errors (unknown option, missing argument) are reported by typer itself, also with
    exit code 2.
    """
    try:
        app()
    except DetenteError as exc:
        err_console.print(f"error: {exc}", markup=False)
        sys.exit(2)
