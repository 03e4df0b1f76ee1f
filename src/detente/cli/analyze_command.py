"""``detente analyze [SCENARIO.toml]``: the main job.

Loads a scenario (default: the bundled Cuban Missile Crisis), runs the Monte Carlo analysis
(outcome probabilities with intervals, the assumptions that drive them, causes of failure,
Sobol ranking, interventions) in chunks of draws, here or on a Dask cluster (``--scheduler``),
prints the answers, records the run in the run store, and with ``--out DIR`` writes the HTML,
Markdown and JSON reports. A progress bar with the draw rate appears once a run has taken
more than a second (not with ``--json`` or ``--quiet``)."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec

import typer
from rich.console import Console

from detente.cli.main import app

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

P = ParamSpec("P")

#: Seconds after which a running analysis shows its progress bar.
PROGRESS_AFTER = 1.0


def stops_on_ctrl_c(command: Callable[P, None]) -> Callable[P, None]:
    """Ctrl-C (SIGINT) during ``command``: one line and exit code 130 (128 + SIGINT), no
    traceback. Nothing is left half-written: a run enters the store in one transaction and
    each report file is written atomically."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except KeyboardInterrupt:
            err_console.print(
                "interrupted: the analysis stopped; the run store and the reports keep only "
                "complete results (a run or report file is saved whole or not at all)",
                markup=False,
                soft_wrap=True,
            )
            raise typer.Exit(code=130) from None

    return run


class DrawProgress:
    """A progress callback that shows a rich bar, with the draw rate, once the analysis has run
    for :data:`PROGRESS_AFTER` seconds (short runs print nothing)."""

    def __init__(self, draws: int, label: str, enabled: bool) -> None:
        self.draws, self.label, self.enabled = draws, label, enabled
        self.start = time.perf_counter()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, fraction: float) -> None:
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.start
        if self.bar is None:
            if elapsed < PROGRESS_AFTER or fraction >= 1.0:
                return
            from rich.progress import (
                BarColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed:>12,.0f} / {task.total:,.0f} draws"),
                TextColumn("{task.fields[rate]:>10,.0f} draws/s"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=err_console,
                transient=True,
            )
            self.task = self.bar.add_task(self.label, total=self.draws, rate=0.0)
            self.bar.start()
        done = fraction * self.draws
        self.bar.update(self.task, completed=done, rate=done / elapsed if elapsed > 0 else 0.0)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command("analyze")
@stops_on_ctrl_c
def analyze_command(
    scenario_file: str = typer.Argument(
        None, help="Scenario file or bundled name (default: cuban_missile_crisis)."
    ),
    draws: int = typer.Option(
        20_000, "--draws", "-n", min=1, help="Monte Carlo draws (up to 10,000,000)."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Random seed (same seed, same results)."),
    out: Path = typer.Option(None, "--out", help="Write HTML, Markdown and JSON reports here."),
    intervention: list[str] = typer.Option(
        None,
        "--intervention",
        "-i",
        help="Extra what-if KIND[:STRENGTH] (alliance, hotline, missile_defense, "
        "risk_reduction, public_commitment, concession, inducement, de_alerting, "
        "data_exchange, crisis_management); repeat.",
    ),
    calibration: str = typer.Option(
        None,
        "--calibration",
        help="Mapping constants: a bundled calibration name or a calibration TOML file "
        "(default: icb_v14_pre1990, fitted to the ICB record before 1990; handset: hand-set).",
    ),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        help="Run the chunks of draws on a Dask scheduler (tcp://HOST:8786), as the sweeps "
        "do; same results as a local run.",
    ),
    chunk_size: int = typer.Option(
        None,
        "--chunk-size",
        min=1,
        help="Draws per chunk (default 50,000; memory grows with it, results do not change).",
    ),
    store: Path = typer.Option(
        None, "--store", help="Run store (DuckDB); default $DETENTE_STORE or user data folder."
    ),
    no_record: bool = typer.Option(False, "--no-record", help="Do not record the run."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Analyze a crisis scenario: outcome probabilities, drivers, causes and interventions."""
    from detente.errors import DataError
    from detente.scenario import DEFAULT_SCENARIO, analyze_scenario, load_scenario

    scenario = load_scenario(scenario_file or DEFAULT_SCENARIO)
    show_bar = not (as_json or quiet) and err_console.is_terminal
    bar = DrawProgress(draws, f"analyzing {scenario.name}", show_bar)
    options: dict[str, Any] = {"chunk_size": chunk_size} if chunk_size else {}
    try:
        analysis = analyze_scenario(
            scenario,
            draws=draws,
            seed=seed,
            interventions=intervention or None,
            progress=bar,
            calibration=calibration,
            scheduler=scheduler,
            **options,
        )
    finally:
        bar.close()
    run_id = None
    if not no_record:
        from detente.scenario.run_store import record_run

        try:
            run_id = record_run(analysis, store)
        except DataError as exc:
            err_console.print(f"note: run not recorded ({exc})", markup=False)
    files = {}
    if out is not None:
        from detente.report import write_reports

        files = write_reports(analysis, out)
    if as_json:
        from detente.report import analysis_json

        payload = analysis_json(analysis) | {"run_id": run_id}
        typer.echo(json.dumps(payload, indent=2))
        return
    from detente.cli.scenario_commands import present

    info = scenario.scenario
    console.print(
        f"[bold]{info.title}[/] ({scenario.name}; {analysis.draws:,} draws, seed "
        f"{analysis.seed}, {analysis.elapsed:.2f} s)"
    )
    present(analysis.to_json())
    if run_id:
        console.print(f"[dim]recorded as run {run_id} (`detente runs show {run_id}`)[/]")
    for kind, path in files.items():
        console.print(f"[dim]{kind} report: {path}[/]")
