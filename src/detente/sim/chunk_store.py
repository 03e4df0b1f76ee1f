"""A results folder of chunked runs: Parquet partitions, a manifest, a DuckDB view.

Layout of ``out_dir``::

    manifest.json                  what was run (spec, seed, version) and which chunks are done
    <table>/chunk=000007/part.parquet   one file per table and chunk (hive-partitioned)
    results.duckdb                 views ``<table>`` over ``<table>/*/*.parquet``

Every file is written atomically (a temporary file in the same folder, then ``os.replace``),
and a chunk counts as done only once the manifest lists it, so a run killed at any moment
leaves no half-written file and, rerun, rewrites (never duplicates) an unlisted chunk.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd

from detente.errors import InputError
from detente.games.atomic_file import write_atomic

__all__ = ["ChunkStore", "read_results"]

MANIFEST = "manifest.json"
DATABASE = "results.duckdb"


def _normal(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as it reads back from JSON (tuples -> lists, keys sorted)."""
    return json.loads(json.dumps(spec, sort_keys=True, default=str))


class ChunkStore:
    """The results folder of one run.

    Parameters
    ----------
    out_dir
        Folder (created if missing).
    kind
        ``"sweep"`` or ``"simulate"``.
    spec
        JSON-serialisable description of the run (model, grid, seed, chunk size, ...). A
        folder that already holds a run with another spec is refused.
    n_chunks
        Number of chunks of the run.
    """

    def __init__(self, out_dir: str | Path, kind: str, spec: dict[str, Any], n_chunks: int):
        from detente import __version__

        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.kind, self.spec, self.n_chunks = kind, _normal(spec), int(n_chunks)
        path = self.out_dir / MANIFEST
        if path.exists():
            try:
                manifest = json.loads(path.read_text())
            except json.JSONDecodeError:
                raise InputError(
                    f"{path} is not valid JSON; delete the folder or choose another --out"
                ) from None
            if manifest.get("kind") != kind or manifest.get("spec") != self.spec:
                raise InputError(
                    f"{self.out_dir} holds a different {manifest.get('kind', 'run')} "
                    "(other model, grid, seed, chunk size or config); rerun with the same "
                    "settings to resume, or choose another --out"
                )
            self.completed: dict[str, dict[str, int]] = manifest.get("completed", {})
        else:
            self.completed = {}
        self.version = __version__
        for stray in self.out_dir.glob("*/chunk=*/.*.tmp"):
            stray.unlink(missing_ok=True)
        self._write_manifest()

    # --- chunks --------------------------------------------------------------------------
    def pending(self) -> list[int]:
        """Chunks not yet listed as done."""
        return [k for k in range(self.n_chunks) if str(k) not in self.completed]

    def mark_done(self, chunk: int, rows: dict[str, int]) -> None:
        """List ``chunk`` as done (rewrites the manifest atomically)."""
        self.completed[str(chunk)] = rows
        self._write_manifest()

    def _write_manifest(self) -> None:
        manifest = {
            "kind": self.kind,
            "spec": self.spec,
            "n_chunks": self.n_chunks,
            "detente_version": self.version,
            "completed": dict(sorted(self.completed.items(), key=lambda kv: int(kv[0]))),
        }
        write_atomic(self.out_dir / MANIFEST, json.dumps(manifest, indent=1))

    @property
    def done(self) -> bool:
        return not self.pending()

    # --- views ---------------------------------------------------------------------------
    def tables(self) -> list[str]:
        """Tables with at least one chunk file."""
        return sorted(
            p.name for p in self.out_dir.iterdir() if p.is_dir() and any(p.glob("*/*.parquet"))
        )

    def write_views(self) -> Path:
        """(Re)create ``results.duckdb`` with one view per table over its Parquet files."""
        import duckdb

        path = self.out_dir / DATABASE
        tmp = path.with_name(f".{DATABASE}.tmp")
        tmp.unlink(missing_ok=True)
        con = duckdb.connect(str(tmp))
        try:
            for table in self.tables():
                pattern = str((self.out_dir / table).resolve() / "*" / "*.parquet")
                con.execute(
                    f"CREATE VIEW \"{table}\" AS SELECT * FROM read_parquet('{pattern}', "
                    "hive_partitioning = true)"
                )
        finally:
            con.close()
        tmp.replace(path)
        return path


def write_chunk_tables(out_dir: str | Path, chunk: int, tables: dict[str, pd.DataFrame]) -> dict:
    """Write each table of one chunk to ``<table>/chunk=NNNNNN/part.parquet`` atomically.

    Returns the number of rows written per table. Runs on a worker (needs a folder the
    workers share with the client).
    """
    rows = {}
    for name, frame in tables.items():
        folder = Path(out_dir) / name / f"chunk={chunk:06d}"
        folder.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        write_atomic(folder / "part.parquet", buffer.getvalue())
        rows[name] = len(frame)
    return rows


def read_results(out_dir: str | Path, table: str, order_by: str | None = None) -> pd.DataFrame:
    """One table of a results folder as a DataFrame (through DuckDB; ``chunk`` included).

    Raises
    ------
    InputError
        If the folder has no such table (lists the tables it has).
    """
    import duckdb

    out = Path(out_dir)
    files = sorted((out / table).glob("*/*.parquet"))
    if not files:
        have = sorted(p.name for p in out.iterdir() if p.is_dir()) if out.is_dir() else []
        raise InputError(
            f"{out} has no table {table!r}; tables: {', '.join(have) or 'none (empty folder)'}"
        )
    pattern = str(out.resolve() / table / "*" / "*.parquet")
    order = f" ORDER BY {order_by}" if order_by else ""
    with duckdb.connect() as con:
        return con.execute(
            f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = true){order}"
        ).df()
