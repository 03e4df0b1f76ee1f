"""The run store: every analysis recorded in an embedded DuckDB database.

Each run stores its scenario hash, seed, detente version, the scenario inputs, the summary and
the full JSON result, in one transaction: a run is either recorded completely or not at all,
and an interrupted process leaves the store readable (DuckDB's write-ahead log rolls back
uncommitted work). The store is ``--store PATH``, else ``$DETENTE_STORE``, else
``runs.duckdb`` in the platform's user data folder (platformdirs).

References
----------
Raasveldt, M. & Mühleisen, H. (2019). DuckDB: an embeddable analytical database. SIGMOD '19.
"""

from __future__ import annotations

import json
import os
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.errors import DataError, InputError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from detente.scenario.analysis import ScenarioAnalysis

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS runs (
        id VARCHAR PRIMARY KEY,
        created TIMESTAMP,
        scenario VARCHAR,
        title VARCHAR,
        scenario_hash VARCHAR,
        seed UBIGINT,
        draws BIGINT,
        version VARCHAR,
        inputs VARCHAR,
        summary VARCHAR,
        result VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS run_outcomes (
        run_id VARCHAR,
        outcome VARCHAR,
        p DOUBLE,
        lo DOUBLE,
        hi DOUBLE
    )""",
]


def default_store() -> Path:
    """``$DETENTE_STORE`` or ``runs.duckdb`` in the user data folder."""
    env = os.environ.get("DETENTE_STORE")
    if env:
        return Path(env)
    try:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("detente", appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs ships with detente
        folder = Path.home() / ".local" / "share" / "detente"
    return folder / "runs.duckdb"


@contextmanager
def _connect(store: str | Path | None, *, write: bool) -> Iterator[Any]:
    try:
        import duckdb
    except ImportError:  # pragma: no cover
        raise DataError("the run store needs duckdb: pip install 'detente[scenario]'") from None
    path = Path(store) if store is not None else default_store()
    if write:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"run store {path}: cannot create folder ({exc.strerror})") from None
    elif not path.exists():
        yield None
        return
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise DataError(
            f"run store {path} cannot be opened ({exc}); move it aside or pass --store"
        ) from None
    try:
        for stmt in SCHEMA:
            con.execute(stmt)
        yield con
    finally:
        con.close()


def record_run(analysis: ScenarioAnalysis, store: str | Path | None = None) -> str:
    """Record an analysis; returns its run id (12 hex digits).

    The run and its outcome rows are written in one transaction (all or nothing).
    """
    run_id = uuid.uuid4().hex[:12]
    result = analysis.to_json()
    with _connect(store, write=True) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    run_id,
                    datetime.now(UTC).replace(tzinfo=None),
                    analysis.name,
                    analysis.scenario.scenario.title,
                    analysis.hash,
                    analysis.seed,
                    analysis.draws,
                    analysis.version,
                    json.dumps(result["inputs"]),
                    json.dumps(analysis.summary()),
                    json.dumps(result),
                ],
            )
            _insert_outcomes(con, run_id, analysis.outcomes)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return run_id


def _insert_outcomes(con: Any, run_id: str, outcomes: dict[str, dict[str, float]]) -> None:
    con.executemany(
        "INSERT INTO run_outcomes VALUES (?, ?, ?, ?, ?)",
        [[run_id, k, v["p"], v["lo"], v["hi"]] for k, v in outcomes.items()],
    )


def list_runs(store: str | Path | None = None) -> list[dict[str, Any]]:
    """Past runs, newest first: id, created, scenario, title, hash, seed, draws, version,
    most_likely, p_war (P(war) + P(nuclear war), the mean over the run's draws)."""
    with _connect(store, write=False) as con:
        if con is None:
            return []
        rows = con.execute(
            "SELECT id, created, scenario, title, scenario_hash, seed, draws, version, summary "
            "FROM runs ORDER BY created DESC, id"
        ).fetchall()
    out = []
    for r in rows:
        summary = json.loads(r[8])
        out.append(
            {
                "id": r[0],
                "created": r[1].isoformat(timespec="seconds"),
                "scenario": r[2],
                "title": r[3],
                "scenario_hash": r[4],
                "seed": int(r[5]),
                "draws": int(r[6]),
                "version": r[7],
                "most_likely": summary.get("most_likely"),
                "p_war": war_probability(summary.get("kind", ""), summary.get("p") or {}),
            }
        )
    return out


def war_probability(kind: str, p: dict[str, float]) -> float | None:
    """P(war) + P(nuclear war) from a run summary's outcome probabilities (keyed by label);
    None when the summary does not say (an unknown crisis kind or a missing outcome)."""
    from detente.scenario.scenario_schema import OUTCOME_LABELS

    labels = OUTCOME_LABELS.get(kind)
    if not labels:
        return None
    try:
        return float(p[labels["war"]]) + float(p[labels["nuclear"]])
    except (KeyError, TypeError, ValueError):
        return None


def open_run(run_id: str, store: str | Path | None = None) -> dict[str, Any]:
    """A past run: its metadata plus ``inputs``, ``summary`` and the full ``result`` JSON.

    A unique prefix of the id is enough.

    Raises
    ------
    InputError
        No run (or more than one) matches ``run_id``.
    """
    with _connect(store, write=False) as con:
        rows = (
            []
            if con is None
            else con.execute(
                "SELECT id, created, scenario, title, scenario_hash, seed, draws, version, "
                "inputs, summary, result FROM runs WHERE starts_with(id, ?)",
                [str(run_id)],
            ).fetchall()
        )
    if len(rows) != 1:
        what = "no run" if not rows else f"{len(rows)} runs"
        raise InputError(f"{what} with id {run_id!r}; see `detente runs` for the ids")
    r = rows[0]
    return {
        "id": r[0],
        "created": r[1].isoformat(timespec="seconds"),
        "scenario": r[2],
        "title": r[3],
        "scenario_hash": r[4],
        "seed": int(r[5]),
        "draws": int(r[6]),
        "version": r[7],
        "inputs": json.loads(r[8]),
        "summary": json.loads(r[9]),
        "result": json.loads(r[10]),
    }
