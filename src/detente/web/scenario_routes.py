"""Scenario pages (pick, upload or edit a TOML scenario; run with progress; read the report)
and their JSON API (the runs they record are in :mod:`detente.web.run_routes`).

Scenarios arrive as TOML text (an upload is read into the editor by the browser) or as the
name of a bundled scenario; no request names a file on the server. The text is validated by
:func:`detente.scenario.load_scenario`, whose errors name the line and field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from detente.errors import InputError
from detente.web.json_payload import plain
from detente.web.page_templates import error_page, page
from detente.web.request_limits import MAX_DRAWS, MAX_INTERVENTIONS, MAX_SCENARIO_CHARS
from detente.web.scenario_jobs import ScenarioJob, ScenarioJobs, TooBusy

if TYPE_CHECKING:
    from detente.scenario import Scenario

router = APIRouter()

#: The report is static HTML with inline styles and SVG: it needs nothing else.
REPORT_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
JOB_ID = r"^[0-9a-f]{16}$"
JobId = Annotated[str, Path(pattern=JOB_ID, description="A job id from POST /api/scenarios/jobs.")]
ScenarioName = Annotated[str, Path(max_length=100, description="A bundled scenario's name.")]


class ScenarioSource(BaseModel):
    """A scenario: TOML text, or the name of a bundled scenario (exactly one)."""

    model_config = ConfigDict(extra="forbid")

    toml: str | None = Field(
        None, max_length=MAX_SCENARIO_CHARS, description="Scenario TOML (as in scenarios/)."
    )
    bundled: str | None = Field(None, max_length=100, description="A bundled scenario's name.")
    name: str | None = Field(
        None,
        max_length=80,
        pattern=r"^[A-Za-z0-9_. -]+$",
        description="Name of the scenario in results and the run store (for TOML text).",
    )


class AnalyzeRequest(ScenarioSource):
    """A scenario and how hard to sample it."""

    draws: int = Field(
        20_000, ge=100, le=MAX_DRAWS, description=f"Monte Carlo draws (100 to {MAX_DRAWS})."
    )
    seed: int = Field(0, ge=0, le=2**32 - 1)
    interventions: list[Annotated[str, Field(max_length=60)]] = Field(
        default_factory=list,
        max_length=MAX_INTERVENTIONS,
        description="Extra interventions besides those in the file: KIND or KIND:STRENGTH "
        "(e.g. hotline, alliance:0.9).",
    )


def _jobs(request: Request) -> ScenarioJobs:
    return request.app.state.scenario_jobs


def _bundled() -> dict[str, Any]:
    from detente.scenario import bundled_scenarios

    return bundled_scenarios()


def _bundled_path(name: str) -> Any:
    scenarios = _bundled()
    if name not in scenarios:
        raise InputError(
            f"no bundled scenario called {name!r}; choose one of: {', '.join(sorted(scenarios))}"
        )
    return scenarios[name]


def _load(source: ScenarioSource) -> Scenario:
    from detente.scenario import load_scenario

    if (source.toml is None) == (source.bundled is None):
        raise InputError("give either 'toml' (the scenario text) or 'bundled' (a name), not both")
    if source.bundled is not None:
        return load_scenario(_bundled_path(source.bundled))
    if not source.toml.strip():
        raise InputError("the scenario text is empty; paste a scenario TOML or pick a bundled one")
    # a one-line string could be taken for a file name: a newline makes it TOML text
    return load_scenario(source.toml + "\n", name=source.name or "uploaded_scenario")


def _job(request: Request, job_id: str) -> ScenarioJob:
    job = _jobs(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no analysis {job_id!r} (finished ones are kept for a while)")
    return job


def _finished(request: Request, job_id: str) -> ScenarioJob:
    job = _job(request, job_id)
    if job.status != "done":
        raise HTTPException(409, f"analysis {job_id} is {job.status}, not done")
    return job


# --- JSON API ------------------------------------------------------------------------------
@router.get("/api/scenarios", tags=["scenarios"], summary="List the bundled scenarios")
def list_scenarios() -> list[str]:
    """Names of the scenarios shipped with detente."""
    return sorted(_bundled())


@router.get("/api/scenarios/{name}", tags=["scenarios"], summary="A bundled scenario's TOML")
def show_scenario(name: ScenarioName) -> dict[str, str]:
    """The TOML text of a bundled scenario (to read or edit and submit back)."""
    try:
        path = _bundled_path(name)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None
    return {"name": name, "toml": path.read_text(encoding="utf-8")}


@router.post("/api/scenarios/validate", tags=["scenarios"], summary="Check a scenario")
def validate_scenario(body: ScenarioSource) -> dict[str, Any]:
    """Parse and validate a scenario; 400 with the file, line and field when it is invalid."""
    scenario = _load(body)
    return {"valid": True, "name": scenario.name, "title": scenario.scenario.title}


@router.post(
    "/api/scenarios/jobs",
    tags=["scenarios"],
    summary="Start a scenario analysis",
    status_code=202,
    responses={429: {"description": "Too many analyses running; retry later."}},
)
def start_analysis(request: Request, body: AnalyzeRequest) -> JSONResponse:
    """Validate the scenario and start its analysis; poll the returned job for progress."""
    from detente.scenario import parse_intervention

    scenario = _load(body)
    for text in body.interventions:
        parse_intervention(text)  # a bad one is a 400 now, not a failed job later
    try:
        job = _jobs(request).start(
            scenario, draws=body.draws, seed=body.seed, interventions=list(body.interventions)
        )
    except TooBusy as exc:
        return JSONResponse({"detail": str(exc)}, status_code=429)
    return JSONResponse(job.state(), status_code=202)


@router.get("/api/scenarios/jobs/{job_id}", tags=["scenarios"], summary="An analysis' progress")
def job_state(request: Request, job_id: JobId) -> dict[str, Any]:
    """Status (queued, running, done, failed), progress in [0, 1], error message, run id."""
    return _job(request, job_id).state()


@router.get(
    "/api/scenarios/jobs/{job_id}/report",
    tags=["scenarios"],
    summary="An analysis' report (HTML)",
    response_class=HTMLResponse,
)
def job_report(request: Request, job_id: JobId) -> HTMLResponse:
    """The self-contained report page of a finished analysis.

    Served sandboxed (no scripts, nothing fetched): it shows text from the uploaded scenario.
    """
    from detente.report import render_html

    return HTMLResponse(
        render_html(_finished(request, job_id).analysis),
        headers={"Content-Security-Policy": REPORT_POLICY},
    )


@router.get(
    "/api/scenarios/jobs/{job_id}/result",
    tags=["scenarios"],
    summary="An analysis' result (JSON)",
)
def job_result(request: Request, job_id: JobId) -> dict[str, Any]:
    """The machine-readable result of a finished analysis (with the report's headline)."""
    from detente.report import analysis_json

    return plain(analysis_json(_finished(request, job_id).analysis))


# --- pages ---------------------------------------------------------------------------------
@router.get("/scenarios", response_class=HTMLResponse, include_in_schema=False)
def scenarios_page(request: Request) -> HTMLResponse:
    """Pick, upload or edit a scenario; run it with progress; read the report."""
    try:
        names = sorted(_bundled())
    except ImportError:
        return error_page(request, "scenario analysis is not available in this build", 503)
    from detente.scenario.interventions import INTERVENTION_KINDS

    return page(
        request,
        "scenarios.html",
        scenarios=names,
        max_draws=MAX_DRAWS,
        intervention_kinds=list(INTERVENTION_KINDS),
    )
