"""Writing a report folder atomically: ``report.html``, ``report.md`` and ``result.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from detente.errors import InputError
from detente.games.atomic_file import write_atomic
from detente.report.html_report import render_html
from detente.report.markdown_report import render_markdown
from detente.report.result_json import analysis_json

if TYPE_CHECKING:
    from detente.scenario.analysis import ScenarioAnalysis


def write_reports(analysis: ScenarioAnalysis, folder: str | Path) -> dict[str, Path]:
    """Write the HTML, Markdown and JSON reports into ``folder`` (each file atomically).

    Returns
    -------
    dict
        ``{"html": path, "markdown": path, "json": path}``.
    """
    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    stem = analysis.name
    files = {
        "html": out / f"{stem}.html",
        "markdown": out / f"{stem}.md",
        "json": out / f"{stem}.json",
    }
    write_atomic(files["json"], json.dumps(analysis_json(analysis), indent=2) + "\n")
    write_atomic(files["markdown"], render_markdown(analysis))
    write_atomic(files["html"], render_html(analysis))
    return files
