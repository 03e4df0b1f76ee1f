"""``detente data``: list, get and build peace-science datasets.

Commands only parse, call :mod:`detente.data` and present; errors become one line on standard
error and exit code 2.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from detente.cli.main import app, fail
from detente.errors import DetenteError, InputError

if TYPE_CHECKING:  # pandas is imported by the commands that use it
    import pandas as pd

data_app = typer.Typer(
    help="Peace-science datasets: list, download, build dyad-years.",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Folder with local copies (searched before $DETENTE_DATA_DIR and the cache).",
    ),
]


@data_app.command("list")
def list_command(
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """List the registered datasets."""
    from detente.data import DATASETS

    if json_output:
        records = [
            {
                "name": d.name,
                "title": d.title,
                "version": d.version,
                "unit": d.unit,
                "filename": d.filename,
                "source": d.source,
                "url": d.url,
                "sha256": d.sha256,
                "licence": d.licence,
                "citation": d.citation,
                "columns": list(d.column_names),
            }
            for d in DATASETS.values()
        ]
        typer.echo(json.dumps(records, indent=2))
        return
    table = Table(title="detente datasets")
    for column in ("name", "title", "version", "unit", "download"):
        table.add_column(column)
    for d in DATASETS.values():
        table.add_row(d.name, d.title, d.version, d.unit, "pooch" if d.url else "manual")
    Console().print(table)


@data_app.command("get")
def get_command(
    name: Annotated[str, typer.Argument(help="Dataset name (see `detente data list`).")],
    data_dir: DataDirOption = None,
) -> None:
    """Download NAME into the cache, or report where its local copy is."""
    from detente.data import UnverifiedDownloadWarning, fetch

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UnverifiedDownloadWarning)
            path = fetch(name, data_dir=data_dir)
    except DetenteError as exc:
        raise fail(escape(str(exc))) from None
    for warning in caught:
        if issubclass(warning.category, UnverifiedDownloadWarning):
            typer.echo(f"warning: {warning.message}", err=True)
    typer.echo(str(path))


def _write_atomically(frame: pd.DataFrame, out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise InputError(f"--out {str(out)!r}: the file must end in .parquet or .csv")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"--out {str(out)!r}: folder {str(folder)!r} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=suffix)
    os.close(handle)
    try:
        if suffix == ".parquet":
            frame.to_parquet(temporary, index=False)
        else:
            frame.to_csv(temporary, index=False)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@data_app.command("dyadyears")
def dyadyears_command(
    start: Annotated[int, typer.Option("--start", help="First year.")],
    end: Annotated[int, typer.Option("--end", help="Last year.")],
    out: Annotated[Path, typer.Option("--out", help="Output file (.parquet or .csv).")],
    directed: Annotated[
        bool, typer.Option("--directed", help="Both (a, b) and (b, a); default ccode1 < ccode2.")
    ] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Build COW dyad-years (false dyads removed) from the state system and write them."""
    from detente.data import dyad_years, load

    try:
        states = load("cow_states", data_dir=data_dir)
        frame = dyad_years(states, start, end, directed=directed)
        _write_atomically(frame, out)
    except DetenteError as exc:
        raise fail(escape(str(exc))) from None
    kind = "directed" if directed else "non-directed"
    typer.echo(f"wrote {len(frame):,} {kind} dyad-years {start}-{end} to {out}")
