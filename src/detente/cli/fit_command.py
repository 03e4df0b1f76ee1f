"""``detente fit``: estimate a strategic model on a CSV file.

Parses the options, calls :mod:`detente.estimate`, and presents the estimates as a rich table
or, with ``--json``, as ``{"loglik", "n", "coefficients", "std_errors"}``.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from detente.cli.main import app
from detente.errors import FileFormatError, InputError, ParameterError

if TYPE_CHECKING:  # pandas is imported when a fit runs
    import pandas as pd


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"data file {str(path)!r} not found")
    import pandas as pd

    try:
        return pd.read_csv(path)
    except Exception as exc:  # pandas raises several parser errors
        raise FileFormatError(f"could not read {str(path)!r} as CSV: {exc}") from exc


def _number(x: float) -> float | None:
    return None if not math.isfinite(x) else float(x)


@app.command("fit")
def fit_command(
    model: Annotated[str, typer.Argument(help="egame12, egame122, egame123 or ultimatum.")],
    data: Annotated[Path, typer.Option("--data", help="CSV file: outcome and regressors.")],
    formula: Annotated[
        str, typer.Option("--formula", help="games-style formula: 'esc + war ~ x1 | 0 | x2 | x3'.")
    ],
    link: Annotated[str | None, typer.Option("--link", help="probit (default) or logit.")] = None,
    errors: Annotated[
        str | None, typer.Option("--errors", help="agent (default) or private.")
    ] = None,
    levels: Annotated[
        str | None,
        typer.Option("--levels", help="Comma-separated outcome labels in tree order."),
    ] = None,
    sdformula: Annotated[
        str | None, typer.Option("--sdformula", help="Scale formula, e.g. '~ z - 1'.")
    ] = None,
    max_offer: Annotated[
        float | None, typer.Option("--max-offer", help="ultimatum: the largest feasible offer.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Fit a strategic model by maximum likelihood and print its estimates."""
    from detente.estimate import MODELS

    if model not in MODELS:
        raise ParameterError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    frame = _read_csv(data)
    kwargs: dict[str, object] = {}
    if link is not None:
        kwargs["link"] = link
    if errors is not None:
        kwargs["errors"] = errors
    if model == "ultimatum":
        if max_offer is None:
            raise ParameterError("ultimatum needs --max-offer (the largest feasible offer)")
        if levels or sdformula:
            raise ParameterError("--levels and --sdformula do not apply to ultimatum")
        kwargs["max_offer"] = max_offer
    else:
        if max_offer is not None:
            raise ParameterError(f"--max-offer applies to ultimatum only, not {model}")
        if levels:
            kwargs["outcome_levels"] = [v.strip() for v in levels.split(",")]
        if sdformula:
            kwargs["sdformula"] = sdformula
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = MODELS[model](formula, frame, **kwargs)
        except ParameterError:
            raise
        except InputError as exc:  # a problem with the data: name the file
            raise type(exc)(f"{data}: {exc}") from None
    for w in caught:
        err.print(f"warning: {w.message}", markup=False)
    if json_output:
        payload = {
            "loglik": fit.loglik,
            "n": fit.n,
            "coefficients": {k: _number(v) for k, v in fit.coefficients.items()},
            "std_errors": {k: _number(v) for k, v in fit.std_errors.items()},
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    table = Table(title=f"{fit.model}: {fit.link} link, {fit.errors} errors")
    for col in ("coefficient", "estimate", "std. error", "z", "p"):
        table.add_column(col, justify="left" if col == "coefficient" else "right")
    for name, row in fit.to_frame().iterrows():
        table.add_row(
            str(name),
            f"{row.estimate:.4f}",
            f"{row.std_error:.4f}",
            f"{row.z:.2f}",
            f"{row.p_value:.3g}",
        )
    console = Console(highlight=False)
    console.print(table)
    dropped = f" ({fit.n_dropped} rows dropped for missing values)" if fit.n_dropped else ""
    console.print(f"n = {fit.n}{dropped}   log-likelihood = {fit.loglik:.4f}", markup=False)
