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
    r = a.to_json()
    m = rt.meta(r)
    parts = [
        f"# {info.title}",
        " · ".join(f"{k}: `{v}`" for k, v in m.items()),
        rt.headline(r),
        "## What drives the answer (plausible ends of the top assumptions)",
        _table(
            ["field", "distribution", "total Sobol ST", "5th percentile -> P", "95th -> P"],
            rt.driver_rows(r),
        )
        if r["drivers"]
        else "No ranking: no uncertain inputs, or the sensitivity analysis was skipped.",
        "## What the model assumes",
        "\n".join(f"- {x}" for x in a.assumptions),
        "## Outcome probabilities",
        _table(
            ["outcome", "p (mean over draws)", "95 % Monte Carlo interval", "5th-95th pct"],
            rt.outcome_rows(r),
        ),
        "## Why the threat fails",
        _table(["cause", "share of failure", "95 % interval", "expected draws"], rt.cause_rows(r)),
        "## Which assumptions drive the answer (Sobol indices)",
        _table(
            ["field", "distribution", "total ST", "first-order S1", "total ST of P(war)"],
            rt.sensitivity_rows(r),
        )
        if a.sensitivity
        else "No ranking: no uncertain inputs, or the sensitivity analysis was skipped.",
        "## Interventions (same draws)",
        _table(rt.intervention_header(r), rt.intervention_rows(r)),
        "## Models",
        _table(
            ["model", "method", "outcome shares / reason", "agrees with theory"], rt.model_rows(r)
        ),
        "## Mapping: model <- parameter <- formula",
        _table(["model", "parameter", "formula"], rt.mapping_rows(r)),
        "## Mapping constants",
        rt.calibration_note(r),
        _table(["constant", "value", "range", "meaning", "source"], rt.constant_rows(r)),
    ]
    if info.sources:
        parts += ["## Sources", "\n".join(f"- {s}" for s in info.sources)]
    return "\n\n".join(parts) + "\n"
