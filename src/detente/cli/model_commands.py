"""``detente models``, ``detente model NAME`` and ``detente map NAME``."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from detente.cli.main import app
from detente.cli.parameter_options import parse_assignments, parse_axis

console = Console(highlight=False)


@app.command("models")
def models_command(
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """List the registered models with their parameters and references."""
    import detente.models as dm

    models = dm.all_models()
    if as_json:
        payload = [
            {
                "name": m.name,
                "title": m.title,
                "summary": m.summary,
                "methods": list(m.methods),
                "information": m.information,
                "outcomes": list(m.outcomes),
                "parameters": m.specs(),
                "references": list(m.references),
            }
            for m in models
        ]
        typer.echo(json.dumps(payload, indent=2))
        return
    for m in models:
        table = Table(title=f"{m.name}: {m.title}", title_justify="left", show_lines=False)
        for col in ("parameter", "meaning", "default", "range", "unit"):
            table.add_column(col)
        for name, s in m.specs().items():
            table.add_row(
                name, s["meaning"], f"{s['default']:g}", f"[{s['lo']:g}, {s['hi']:g}]", s["unit"]
            )
        console.print(table)
        console.print(f"  methods: {', '.join(m.methods)}; outcomes: {', '.join(m.outcomes)}")
        console.print("  references:")
        for ref in m.references:
            console.print(f"    - {ref}")
        console.print()


@app.command("model")
def model_command(
    name: str = typer.Argument(..., help="Model name (see `detente models`)."),
    set_: list[str] = typer.Option(None, "--set", help="Parameter value NAME=VALUE (repeat)."),
    method: str = typer.Option(None, "--method", help="spe, qre or pbe (default: the model's)."),
    lam: float = typer.Option(
        None,
        "--lam",
        help="Logit precision for --method qre (default: the model's, e.g. from its decision "
        "time; else 1).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Solve one model at one parameter point and compare with its closed-form theory."""
    import detente.models as dm

    model = dm.get(name)
    result = model.solve(parse_assignments(set_), method=method, lam=lam)
    point = result.point()
    if as_json:
        typer.echo(json.dumps(point, indent=2, default=_json_default))
        return
    console.print(f"[bold]{model.title}[/] ({point['method'].upper()})")
    table = Table(show_header=True)
    table.add_column("parameter")
    table.add_column("value", justify="right")
    for k, v in point["params"].items():
        table.add_row(k, f"{v:g}")
    console.print(table)
    if point["outcomes"]:
        outcomes = Table(title="outcome probabilities (engine)", title_justify="left")
        outcomes.add_column("outcome")
        outcomes.add_column("probability", justify="right")
        for k, v in point["outcomes"].items():
            outcomes.add_row(k, f"{v:.4f}")
        console.print(outcomes)
    else:
        console.print(
            "the engine found no pure-strategy equilibrium the model selects here (the "
            "equilibrium mixes); the closed form below gives its probabilities"
        )
    console.print(f"predicted outcome: [bold]{point['outcome']}[/]")
    theory = Table(title="theory (closed form)", title_justify="left")
    theory.add_column("quantity")
    theory.add_column("value", justify="right")
    for k, v in point["theory"].items():
        theory.add_row(k, _fmt(v))
    console.print(theory)


@app.command("map")
def map_command(
    name: str = typer.Argument(..., help="Model name (see `detente models`)."),
    x: str = typer.Option(..., "--x", help="x axis NAME:LOW:HIGH:N."),
    y: str = typer.Option(..., "--y", help="y axis NAME:LOW:HIGH:N."),
    out: Path = typer.Option(..., "--out", help="Output .png, .svg, .pdf, .csv or .parquet."),
    set_: list[str] = typer.Option(None, "--set", help="Fixed parameter NAME=VALUE (repeat)."),
    method: str = typer.Option(None, "--method", help="spe, qre or pbe (default: the model's)."),
) -> None:
    """Solve a model on a grid and write its equilibrium map.

    Missing folders of ``--out`` are created; the message says which, and where the file went.
    """
    import detente.models as dm
    from detente.errors import InputError

    if out.suffix.lower() not in MAP_SUFFIXES:  # before the grid is solved
        raise InputError(f"--out {out}: the suffix must be one of {', '.join(MAP_SUFFIXES)}")
    _check_folder(out)
    model = dm.get(name)
    result = dm.equilibrium_map(
        model,
        x=parse_axis(x, "--x"),
        y=parse_axis(y, "--y"),
        fixed=parse_assignments(set_),
        method=method,
    )
    created = _create_folder(out)
    try:
        result.save(str(out))
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write the file ({exc.strerror})") from None
    made = f"; created the folder {created}" if created else ""
    console.print(
        f"wrote {out.resolve()} ({result.x[3]} x {result.y[3]} points, agreement with theory "
        f"{100 * result.agreement:.1f}%{made})",
        markup=False,
        soft_wrap=True,  # a path is never broken across lines
    )


#: File types ``detente map --out`` writes.
MAP_SUFFIXES = (".png", ".svg", ".pdf", ".csv", ".parquet")


def _missing_top(folder: Path) -> Path | None:
    """The outermost missing folder on the way to ``folder`` (None if it exists)."""
    top = None
    folder = folder.absolute()
    while not folder.exists():
        top, folder = folder, folder.parent
    return top


def _check_folder(out: Path) -> None:
    """Refuse an ``--out`` whose folder is a file, or sits under one."""
    from detente.errors import InputError

    folder = out.absolute().parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        raise InputError(f"--out {out}: {folder} is a file, not a folder")


def _create_folder(out: Path) -> Path | None:
    """Create the missing folders of ``out``; returns the outermost one created, or None."""
    from detente.errors import InputError

    top = _missing_top(out.parent)
    if top is not None:
        try:
            out.absolute().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"--out {out}: cannot create the folder {top} ({exc.strerror})"
            ) from None
    return top


def _fmt(v: object) -> str:
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def _json_default(v: object) -> object:
    import numpy as np

    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, np.ndarray):
        return v.tolist()
    raise TypeError(f"not JSON serializable: {type(v).__name__}")
