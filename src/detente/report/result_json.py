"""The analysis as JSON for machines: the scenario layer's record plus the report's headline.

``detente analyze --json``, the ``--out`` folder's JSON file and the web API all print this,
so a script reads the same first paragraph a person reads at the top of the reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from detente.report.report_text import headline

if TYPE_CHECKING:
    from detente.scenario.analysis import ScenarioAnalysis


def analysis_json(analysis: ScenarioAnalysis) -> dict[str, Any]:
    """:meth:`ScenarioAnalysis.to_json` with ``headline``, the report's first paragraph
    (Markdown: ``**bold**`` and ``code`` marks)."""
    out = analysis.to_json()
    out["headline"] = headline(out)
    return out
