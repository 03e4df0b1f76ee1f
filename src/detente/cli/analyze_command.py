"""``detente analyze [SCENARIO.toml]``: the main job.

Loads a scenario (default: the bundled Cuban Missile Crisis), runs the Monte Carlo analysis
(outcome probabilities with intervals, the assumptions that drive them, causes of failure,
Sobol ranking, interventions), prints the answers, records the run in the run store, and with
``--out DIR`` writes the HTML, Markdown and JSON reports."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from detente.cli.main import app

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

P = ParamSpec("P")

#: Draws from which a progress bar is shown.
PROGRESS_FROM = 50_000


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


@app.command("analyze")
@stops_on_ctrl_c
def analyze_command(
    scenario_file: str = typer.Argument(
        None, help="Scenario file or bundled name (default: cuban_missile_crisis)."
    ),
    draws: int = typer.Option(20_000, "--draws", "-n", min=1, help="Monte Carlo draws."),
    seed: int = typer.Option(0, "--seed", min=0, help="Random seed (same seed, same results)."),
    out: Path = typer.Option(None, "--out", help="Write HTML, Markdown and JSON reports here."),
    intervention: list[str] = typer.Option(
        None,
        "--intervention",
        "-i",
        help="Extra what-if KIND[:STRENGTH] (alliance, hotline, missile_defense, "
        "risk_reduction, public_commitment, concession, inducement); repeat.",
    ),
    calibration: str = typer.Option(
        None,
        "--calibration",
        help="Mapping constants: a bundled calibration name or a calibration TOML file "
        "(default: icb_v14_pre1990, fitted to the ICB record before 1990; handset: hand-set).",
    ),
    store: Path = typer.Option(
        None, "--store", help="Run store (DuckDB); default $DETENTE_STORE or user data folder."
    ),
    no_record: bool = typer.Option(False, "--no-record", help="Do not record the run."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Analyze a crisis scenario: outcome probabilities, drivers, causes and interventions."""
    from detente.errors import DataError
    from detente.scenario import DEFAULT_SCENARIO, analyze_scenario, load_scenario

    scenario = load_scenario(scenario_file or DEFAULT_SCENARIO)
    show_bar = draws >= PROGRESS_FROM and not as_json and err_console.is_terminal
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not show_bar,
    ) as bar:
        task = bar.add_task(f"analyzing {scenario.name}", total=1.0)
        analysis = analyze_scenario(
            scenario,
            draws=draws,
            seed=seed,
            interventions=intervention or None,
            progress=lambda f: bar.update(task, completed=f),
            calibration=calibration,
        )
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
        payload = analysis.to_json() | {"run_id": run_id}
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
