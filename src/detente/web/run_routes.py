"""Past runs: the list (with P(war)), one run rendered as its report, two runs side by side.

Every run in the store keeps its full JSON record; a run's page shows the same report
``detente analyze`` wrote for it, rebuilt from that record by
:func:`detente.scenario.stored_analysis.analysis_from_json` (no number is recomputed). The
comparison page and ``GET /api/runs/compare`` put two runs' odds, their differences and the
inputs that differ side by side (:func:`detente.scenario.run_comparison.compare_runs`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

import detente
from detente.errors import DataError, DetenteError, InputError
from detente.web.json_payload import plain
from detente.web.page_templates import error_page, page
from detente.web.scenario_routes import REPORT_POLICY

router = APIRouter()

RUN_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$"
RunId = Annotated[str, Path(pattern=RUN_ID, description="A run id from GET /api/runs.")]
RunRef = Annotated[
    str | None,
    Query(pattern=RUN_ID, description="A run id (or a unique prefix) from GET /api/runs."),
]


def _store_lock(request: Request) -> Any:
    return request.app.state.scenario_jobs.store_lock


def _list_runs(request: Request) -> list[dict[str, Any]]:
    from detente.scenario.run_store import list_runs

    with _store_lock(request):
        return plain(list_runs(store=request.app.state.run_store))


def _open_run(request: Request, run_id: str) -> dict[str, Any]:
    from detente.scenario.run_store import open_run

    with _store_lock(request):
        return plain(open_run(run_id, store=request.app.state.run_store))


def _report_html(record: dict[str, Any]) -> str:
    """The run's report page (raises DataError when the record cannot be drawn)."""
    from detente.report import render_html
    from detente.scenario.stored_analysis import analysis_from_json

    where = f"run {record['id']}"
    analysis = analysis_from_json(record["result"], where=where)
    try:
        return render_html(analysis)
    except (KeyError, TypeError, ValueError, IndexError) as exc:  # a record of another shape
        raise DataError(
            f"{where} (recorded by detente {record['version']}) lacks what this version's "
            f"report draws ({type(exc).__name__}: {exc}); its JSON record is at /api/runs/"
            f"{record['id']}"
        ) from None


def _compare(request: Request, a: str, b: str) -> tuple[dict, dict, dict[str, Any]]:
    from detente.scenario.run_comparison import compare_runs

    ra, rb = _open_run(request, a), _open_run(request, b)
    return ra, rb, compare_runs(ra["result"], rb["result"])


# --- JSON API ------------------------------------------------------------------------------
@router.get("/api/runs", tags=["runs"], summary="Past runs in the store")
def runs(request: Request) -> list[dict[str, Any]]:
    """Every recorded run, newest first, with its most likely outcome and ``p_war``
    (P(war) + P(nuclear war), the mean over its draws)."""
    return _list_runs(request)


@router.get("/api/runs/compare", tags=["runs"], summary="Two runs side by side")
def compare(
    request: Request,
    a: Annotated[str, Query(pattern=RUN_ID, description="The first run's id.")],
    b: Annotated[str, Query(pattern=RUN_ID, description="The second run's id.")],
) -> dict[str, Any]:
    """Both runs' outcome probabilities with intervals, the differences (b minus a) with
    their 95 % intervals, and the scenario inputs that differ."""
    try:
        return plain(_compare(request, a, b)[2])
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/api/runs/{run_id}", tags=["runs"], summary="One past run")
def run(request: Request, run_id: RunId) -> dict[str, Any]:
    """A recorded run: its inputs, seed, version, summary and full result."""
    try:
        return _open_run(request, run_id)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get(
    "/api/runs/{run_id}/report",
    tags=["runs"],
    summary="One past run's report (HTML)",
    response_class=HTMLResponse,
)
def run_report(request: Request, run_id: RunId) -> HTMLResponse:
    """The run's self-contained report, drawn from its stored record (every number as
    recorded). Served sandboxed: it shows text from the scenario file."""
    try:
        record = _open_run(request, run_id)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None
    return HTMLResponse(_report_html(record), headers={"Content-Security-Policy": REPORT_POLICY})


# --- pages ---------------------------------------------------------------------------------
@router.get("/runs", response_class=HTMLResponse, include_in_schema=False)
def runs_page(request: Request) -> HTMLResponse:
    """Past runs from the store, newest first, and a form to compare two of them."""
    return page(request, "runs.html", runs=_list_runs(request))


@router.get("/runs/compare", response_class=HTMLResponse, include_in_schema=False)
def compare_page(request: Request, a: RunRef = None, b: RunRef = None) -> HTMLResponse:
    """Two runs side by side: the odds and their differences, the inputs that differ, and
    both reports."""
    rows = _list_runs(request)
    if not a or not b:
        return page(request, "runs_compare.html", runs=rows, comparison=None, a=a, b=b)
    from detente.report.comparison_figure import comparison_figure

    try:
        ra, rb, comparison = _compare(request, a, b)
    except InputError as exc:
        return error_page(request, str(exc), 404)
    return page(
        request,
        "runs_compare.html",
        runs=rows,
        a=ra["id"],
        b=rb["id"],
        records={"a": ra, "b": rb},
        comparison=comparison,
        figure=comparison_figure(comparison),
    )


@router.get("/runs/{run_id}", response_class=HTMLResponse, include_in_schema=False)
def run_page(request: Request, run_id: RunId) -> HTMLResponse:
    """One past run, shown as its report (drawn from the stored record)."""
    from detente.scenario.run_store import war_probability
    from detente.scenario.stored_analysis import analysis_from_json, redrawn_parts

    try:
        record = _open_run(request, run_id)
    except InputError as exc:
        return error_page(request, str(exc), 404)
    problem, note = None, ""
    try:
        note = redrawn_parts(analysis_from_json(record["result"], where=f"run {record['id']}"))
    except DetenteError as exc:
        problem = str(exc)
    summary = record["summary"]
    return page(
        request,
        "run.html",
        run=record,
        p_war=war_probability(summary.get("kind", ""), summary.get("p") or {}),
        note=note,
        problem=problem,
        version=detente.__version__,
        others=[r for r in _list_runs(request) if r["id"] != record["id"]],
        raw=json.dumps(record, indent=2, default=str) if problem else "",
    )
