"""The validation page: how good detente's odds are on the ICB crisis record, and any ICB
crisis opened as a scenario.

The summary is the JSON that ``detente validate`` writes (bundled with the package next to the
fitted calibration, so the page needs no data); a crisis is translated on request by
:func:`detente.scenario.icb_scenarios.icb_scenario_text`, which needs the ICB and COW files
(``$DETENTE_DATA_DIR`` or the download cache): without them the API answers 400 with the one
line that says how to get them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from detente.web.page_templates import page

router = APIRouter()

CrisisNumber = Annotated[int, Path(ge=1, le=10_000, description="ICB crisis number (crisno).")]


@lru_cache(maxsize=1)
def _summary() -> dict[str, Any]:
    from detente.scenario.record_validation import validation_summary_path

    return json.loads(validation_summary_path().read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _records():
    from detente.scenario.icb_scenarios import icb_record

    return icb_record()


@router.get("/api/validation", tags=["validation"], summary="Validation summary")
def validation_summary() -> dict[str, Any]:
    """Scores of the bundled calibration on the ICB record (``detente validate --json``)."""
    return _summary()


@router.get(
    "/api/icb/{crisno}/scenario", tags=["validation"], summary="An ICB crisis as a scenario"
)
def icb_scenario(crisno: CrisisNumber) -> dict[str, Any]:
    """The TOML scenario of ICB crisis ``crisno`` (``detente scenario from-icb CRISNO``)."""
    from detente.scenario.icb_scenarios import crisis_record, icb_scenario_text

    records = _records()
    row = crisis_record(records, crisno)
    text = icb_scenario_text(row, records.attrs.get("state_names"))
    return {"crisno": crisno, "name": str(row["crisname"]), "toml": text}


@router.get("/validation", response_class=HTMLResponse, include_in_schema=False)
def validation_page(request: Request) -> HTMLResponse:
    """The validation summary and a form to open any ICB crisis as a scenario."""
    from detente.report.validation_report import MODEL_NAMES, score_rows, validation_text

    summary = _summary()
    return page(
        request,
        "validation.html",
        text=validation_text(summary),
        header=["model", "log loss", "Brier", "accuracy"],
        rows=score_rows(summary["scores"]),
        loo=score_rows(summary["loo"]["scores"]) if summary.get("loo") else [],
        note=summary["calibration"]["note"],
        worst=summary["worst"][:10],
        models=MODEL_NAMES,
    )
