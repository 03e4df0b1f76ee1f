"""Reports of scenario analyses: self-contained HTML (inline SVG), Markdown and JSON.

The pipeline flows one way: :func:`detente.scenario.analyze_scenario` computes a record
(:class:`~detente.scenario.ScenarioAnalysis`), and this package renders it::

    from detente.report import analysis_json, render_html, render_markdown, write_reports

    page = render_html(analysis)            # one self-contained HTML page
    text = render_markdown(analysis)        # the same as Markdown (tables, no figures)
    data = analysis_json(analysis)          # the record as JSON, with the report's headline
    files = write_reports(analysis, "out")  # all three, each written atomically

The renderers are imported on first use (the HTML figures need matplotlib), so the command
line's text output does not pay for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["analysis_json", "render_html", "render_markdown", "write_reports"]

_HOMES = {
    "analysis_json": "detente.report.result_json",
    "render_html": "detente.report.html_report",
    "render_markdown": "detente.report.markdown_report",
    "write_reports": "detente.report.report_files",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'detente.report' has no attribute {name!r}")
