"""``detente validate``: score scenario odds on the ICB crisis record, and
``detente scenario from-icb CRISNO``: one ICB crisis as an editable scenario file."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from detente.cli.main import app
from detente.cli.scenario_commands import scenario_app

console = Console(highlight=False)

DATA_HELP = "Folder with icb1v14.csv, icb2v14.csv and the COW files (else $DETENTE_DATA_DIR)."


@app.command("validate")
def validate_command(
    until: int = typer.Option(1990, "--until", help="First year of the test period."),
    definition: str = typer.Option(
        "defender_outcome",
        "--definition",
        help="Outcome classes: defender_outcome, war_or_serious_clashes, challenger_outcome.",
    ),
    draws: int = typer.Option(200, "--draws", "-n", min=1, help="Draws per crisis."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed (draws, logit folds, bootstrap)."),
    calibration: str = typer.Option(
        None, "--calibration", help="Score this calibration (name or file) instead of fitting."
    ),
    refit: bool = typer.Option(
        False, "--refit", help="Fit even when the bundled fitted calibration matches."
    ),
    loo: bool = typer.Option(False, "--loo", help="Also leave-one-crisis-out (slower)."),
    write_calibration: Path = typer.Option(
        None, "--write-calibration", help="Write the fitted calibration to this TOML file."
    ),
    data_dir: Path = typer.Option(None, "--data-dir", help=DATA_HELP),
    out: Path = typer.Option(
        None, "--out", help="Write predictions.csv, report.html and validation.json here."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Predict every ICB crisis's outcome, score against what happened and the baselines."""
    from detente.report.validation_report import (
        MODEL_NAMES,
        score_rows,
        validation_text,
        write_validation_reports,
    )
    from detente.scenario.record_validation import validate_record

    result = validate_record(
        data_dir,
        until=until,
        definition=definition,
        draws=draws,
        seed=seed,
        calibration=calibration,
        refit=refit,
        loo=loo,
    )
    written = {}
    if write_calibration is not None:
        written["calibration"] = _write_calibration(result, write_calibration)
    if out is not None:
        written.update(write_validation_reports(result, out))
    record = result.to_json()
    if as_json:
        typer.echo(json.dumps(record, indent=2))
        return
    console.print(validation_text(record), markup=False)
    for title, scores in (
        (f"out of sample ({record['settings']['until']} on)", record["scores"]),
        ("leave-one-crisis-out", (record.get("loo") or {}).get("scores")),
    ):
        if not scores:
            continue
        t = Table(title=f"{title}: mean [95 % bootstrap interval]", title_justify="left")
        for col in ("model", "log loss", "Brier", "accuracy"):
            t.add_column(col)
        for row in score_rows(scores):
            t.add_row(*row)
        console.print(t)
    console.print(f"[dim]{record['calibration']['note']}[/]", markup=True)
    console.print(f"[dim]models: {', '.join(MODEL_NAMES.values())}[/]")
    for kind, path in written.items():
        console.print(f"[dim]{kind}: {path}[/]")


def _write_calibration(result, path: Path) -> Path:
    from dataclasses import replace

    from detente.errors import InputError
    from detente.games.atomic_file import write_atomic
    from detente.scenario.calibration_fit import calibration_text

    cal = result.fitted
    if cal is None or result.settings["calibration"]["how"] == "given":
        raise InputError("--write-calibration needs a fit: drop --calibration")
    scores = result.scores
    provenance = dict(cal.provenance) | {
        "n_test": result.n_test,
        "test_log_loss": round(scores["detente"]["log_loss"]["value"], 4),
        "base_rate_test_log_loss": round(scores["base_rate"]["log_loss"]["value"], 4),
        "logit_test_log_loss": round(scores["logit"]["log_loss"]["value"], 4),
    }
    cal = replace(cal, provenance=provenance)
    header = (
        "Mapping constants fitted to the ICB crisis record by `detente validate "
        f"--until {result.settings['until']} --draws {result.settings['draws']} --seed "
        f"{result.settings['seed']} --refit --write-calibration FILE`.\n"
        "Only the fitted constants are listed; every other constant comes from the base.\n"
        "Method, identification and scores: docs/validation.md."
    )
    try:
        write_atomic(path, calibration_text(cal, header))
    except OSError as exc:
        raise InputError(f"--write-calibration {path}: cannot write ({exc.strerror})") from None
    return path


@scenario_app.command("from-icb")
def scenario_from_icb(
    crisno: int = typer.Argument(..., help="ICB crisis number (1-487), e.g. 196 (Cuba 1962)."),
    out: Path = typer.Option(None, "--out", help="Write the scenario here (default: print it)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    data_dir: Path = typer.Option(None, "--data-dir", help=DATA_HELP),
) -> None:
    """Write one ICB crisis as a commented scenario file (the validation's translation)."""
    from detente.errors import InputError
    from detente.games.atomic_file import write_atomic
    from detente.scenario.icb_scenarios import (
        crisis_record,
        icb_record,
        icb_scenario,
        icb_scenario_text,
    )

    records = icb_record(data_dir)
    row = crisis_record(records, crisno)
    text = icb_scenario_text(row, records.attrs.get("state_names"))
    icb_scenario(row, records.attrs.get("state_names"))  # the text is a valid scenario
    if out is None:
        typer.echo(text, nl=False)
        return
    if out.exists() and not force:
        raise InputError(f"{out} already exists; pass --force to overwrite it")
    try:
        write_atomic(out, text)
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write ({exc.strerror})") from None
    console.print(f"wrote {out}; `detente scenario check {out}`, then `detente analyze {out}`")
