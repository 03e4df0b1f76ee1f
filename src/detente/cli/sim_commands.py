"""``detente sweep MODEL`` and ``detente simulate CONFIG.toml``: chunked, resumable runs."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from detente.cli.main import app, err_console, fail
from detente.cli.parameter_options import parse_assignments
from detente.errors import DetenteError, InputError

if TYPE_CHECKING:
    import pandas as pd

    from detente.sim.chunk_runner import ChunkRun, ChunkRunInterrupted
    from detente.sim.stylized_facts import FactComparison

console = Console(highlight=False)

_SCHEDULER_HELP = (
    "Address of a Dask distributed scheduler (tcp://HOST:8786); default: a local process pool."
)


@app.command("sweep")
def sweep_command(
    model: str = typer.Argument(..., help="Registered model (see `detente models`)."),
    grid: list[str] = typer.Option(
        None, "--grid", help="Swept parameter K=LO:HI:N (repeat); with --lhs, K=LO:HI."
    ),
    lhs: int = typer.Option(None, "--lhs", help="Latin hypercube of N points instead of a grid."),
    set_: list[str] = typer.Option(None, "--set", help="Fixed parameter NAME=VALUE (repeat)."),
    out: Path = typer.Option(Path("sweep"), "--out", help="Results folder (resumable)."),
    method: str = typer.Option(None, "--method", help="spe or qre (default: the model's)."),
    lam: float = typer.Option(1.0, "--lam", help="Logit precision for --method qre."),
    seed: int = typer.Option(0, "--seed", help="Seed of the Latin hypercube."),
    chunk_size: int = typer.Option(250_000, "--chunk-size", help="Points per chunk."),
    scheduler: str = typer.Option(None, "--scheduler", help=_SCHEDULER_HELP),
    workers: int = typer.Option(None, "--workers", help="Local processes (default: CPUs)."),
    max_points: int = typer.Option(
        None,
        "--max-points",
        help="Run up to N points (default limit: 100,000,000); the estimate is printed first.",
    ),
    yes: bool = typer.Option(
        False, "--yes", help="Run whatever the point count and the disk space it may take."
    ),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Solve MODEL at every point of a grid or Latin hypercube, in chunks, into Parquet."""
    from detente.sim.chunk_runner import ChunkRunInterrupted
    from detente.sim.parameter_sweep import DEFAULT_MAX_POINTS, run_sweep

    if max_points is not None and max_points < 1:
        raise fail(f"--max-points must be at least 1, got {max_points}")
    try:
        run = run_sweep(
            model,
            list(grid or []),
            out,
            lhs=lhs,
            fixed=parse_assignments(set_),
            method=method,
            lam=lam,
            seed=seed,
            chunk_size=chunk_size,
            scheduler=scheduler,
            workers=workers,
            progress=not quiet and not as_json,
            max_points=None if yes else (max_points or DEFAULT_MAX_POINTS),
            check_disk=not yes,
            on_estimate=lambda e: err_console.print(f"sweep {model}: {e.describe()}", markup=False),
        )
    except DetenteError as exc:
        raise fail(escape(str(exc))) from None
    except ChunkRunInterrupted as exc:
        raise _interrupted(exc) from None
    _report(run, as_json)


@app.command("simulate")
def simulate_command(
    config: Path = typer.Argument(..., help="Simulation configuration (TOML)."),
    replications: int = typer.Option(1, "--replications", help="Number of replications."),
    out: Path = typer.Option(None, "--out", help="Results folder (default: CONFIG name)."),
    chunk_size: int = typer.Option(1, "--chunk-size", help="Replications per chunk."),
    scheduler: str = typer.Option(None, "--scheduler", help=_SCHEDULER_HELP),
    workers: int = typer.Option(None, "--workers", help="Local processes (default: CPUs)."),
    compare: bool = typer.Option(
        False, "--compare", help="Compare dispute rates with COW data (start source = data)."
    ),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Run replications of an international-system simulation into Parquet."""
    from detente.sim.chunk_runner import ChunkRunInterrupted
    from detente.sim.chunk_store import read_results
    from detente.sim.replications import replication_overview, run_replications
    from detente.sim.sim_config import load_config
    from detente.sim.stylized_facts import compare_facts, historical_facts, simulated_facts

    try:
        cfg = load_config(config)
        if compare and cfg.start.source != "data":
            raise InputError(
                f'{config}: --compare needs [start] source = "data" (got {cfg.start.source!r})'
            )
        folder = out if out is not None else config.with_suffix("")
        run = run_replications(
            cfg,
            replications,
            folder,
            chunk_size=chunk_size,
            scheduler=scheduler,
            workers=workers,
            progress=not quiet and not as_json,
        )
        summaries = read_results(folder, "summaries")  # read once, for both reports
        overview = replication_overview(summaries)
        comparison = None
        if compare:
            first = cfg.start.year
            last = first + cfg.periods - 1
            comparison = compare_facts(
                simulated_facts(summaries),
                historical_facts(first, last, cfg.start.data_dir),
            )
    except DetenteError as exc:
        raise fail(escape(str(exc))) from None
    except ChunkRunInterrupted as exc:
        raise _interrupted(exc) from None
    _report(run, as_json, comparison, overview)


def _interrupted(exc: ChunkRunInterrupted) -> typer.Exit:
    """Ctrl-C: say what is kept and how to resume; exit code 130 (128 + SIGINT)."""
    err_console.print(f"interrupted: {exc}", markup=False)
    return typer.Exit(code=130)


def _report(
    run: ChunkRun,
    as_json: bool,
    comparison: FactComparison | None = None,
    overview: pd.DataFrame | None = None,
) -> None:
    payload = {
        "out": str(run.out_dir),
        "chunks": run.n_chunks,
        "ran": run.ran,
        "skipped": run.skipped,
        "database": str(run.database) if run.database else None,
    }
    if overview is not None:
        payload["overview"] = json.loads(overview.to_json(orient="index"))
    if comparison is not None:
        payload["comparison"] = {
            "groups": json.loads(comparison.table.to_json(orient="index")),
            "distance": comparison.distance,
        }
    if as_json:
        typer.echo(json.dumps(payload, indent=2))
        return
    console.print(
        f"{run.ran} chunk(s) run, {run.skipped} already done, results in {run.out_dir}"
        + (f" (DuckDB views: {run.database})" if run.database else "")
    )
    if overview is not None:
        from detente.sim.replications import OVERVIEW_COLUMNS

        table = Table(title="the simulated system (mean over replications)", title_justify="left")
        for col in ("", "first period", "last period", "all periods", "sd across runs"):
            table.add_column(col, justify="right" if col else "left")
        for key, row in overview.iterrows():
            table.add_row(
                OVERVIEW_COLUMNS[str(key)],
                *(f"{row[c]:.3g}" for c in ("first", "last", "mean")),
                "-" if math.isnan(row["sd"]) else f"{row['sd']:.2g}",
            )
        console.print(table)
    if comparison is not None:
        table = Table(title="dispute onsets per dyad-year", title_justify="left")
        for col in ("group", "simulated", "observed", "log ratio"):
            table.add_column(col, justify="right" if col != "group" else "left")
        for group, row in comparison.table.iterrows():
            table.add_row(
                str(group),
                f"{row['simulated']:.4f}",
                f"{row['observed']:.4f}",
                f"{row['log_ratio']:+.2f}",
            )
        console.print(table)
        console.print(f"distance (RMS log ratio): {comparison.distance:.3f}")
