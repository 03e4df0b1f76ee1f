"""Reports of scenario analyses: self-contained HTML (inline SVG), Markdown and JSON.

``ScenarioAnalysis.to_html()``, ``.to_markdown()`` and ``.to_json()`` call into this package;
:func:`write_reports` writes all three atomically into a folder.
"""

from __future__ import annotations

from detente.report.html_report import render_html
from detente.report.markdown_report import render_markdown
from detente.report.report_files import write_reports

__all__ = ["render_html", "render_markdown", "write_reports"]
