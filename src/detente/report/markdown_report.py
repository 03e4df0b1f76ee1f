"""The analysis as Markdown: headline, assumptions, tables (figures live in the HTML)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.report import report_text as rt

if TYPE_CHECKING:
    from detente.scenario.analysis import ScenarioAnalysis


def _table(header: list[str], rows: list[list[str]]) -> str:
    def esc(x: str) -> str:
        return str(x).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def render_markdown(a: ScenarioAnalysis) -> str:
    """The report as a Markdown document."""
    info = a.scenario.scenario
    m = rt.meta(a)
    parts = [
        f"# {info.title}",
        " · ".join(f"{k}: `{v}`" for k, v in m.items()),
        rt.headline(a),
        "## What the model assumes",
        "\n".join(f"- {x}" for x in a.assumptions),
        "## Outcome probabilities",
        _table(["outcome", "p", "95 % interval"], rt.outcome_rows(a)),
        "## Why deterrence fails",
        _table(["cause", "share of failures", "95 % interval", "draws"], rt.cause_rows(a)),
        "## Which assumptions drive the risk (Sobol indices of the risk of war)",
        _table(["field", "distribution", "total ST", "first-order S1"], rt.sensitivity_rows(a))
        if a.sensitivity
        else "No ranking: no uncertain inputs, or SALib is not installed.",
        "## Interventions (same draws)",
        _table(
            ["move", "P(holds)", "P(war)", "P(nuclear)", "Δ holds", "Δ war"],
            rt.intervention_rows(a),
        ),
        "## Models",
        _table(
            ["model", "method", "outcome shares / reason", "agrees with theory"], rt.model_rows(a)
        ),
        "## Mapping: model <- parameter <- formula",
        _table(["model", "parameter", "formula"], rt.mapping_rows(a)),
    ]
    if info.sources:
        parts += ["## Sources", "\n".join(f"- {s}" for s in info.sources)]
    return "\n\n".join(parts) + "\n"
