"""The self-contained HTML report: one file, inline CSS and SVG figures, no network access."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from detente.report import report_text as rt
from detente.report.rung_risk_figure import rung_risk_figure
from detente.report.svg_figures import (
    game_tree_figure,
    intervention_figure,
    outcome_figure,
    sensitivity_figure,
    war_distribution_figure,
    whatif_figure,
)

if TYPE_CHECKING:
    from detente.scenario.analysis import ScenarioAnalysis

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#1c2833;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #d5d8dc}.meta{color:#566573;font-size:.85rem}
.headline{background:#f4f6f7;border-left:4px solid #2e86c1;padding:.6rem 1rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}td,th{border:1px solid #d5d8dc;
padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f4f6f7}
code{font-size:.85em}.fig svg{max-width:100%;height:auto}
"""


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _md_inline(text: str) -> str:
    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", out)


def _rung_section(record: dict) -> str:
    """The rung-by-rung risk figure, where the scenario gives an escalation ladder."""
    figure = rung_risk_figure(record)
    if not figure:
        return ""
    ladder = record["escalation"]["ladder"]
    return (
        "<h2>Escalation, rung by rung</h2><p>The escalation_ladder model (closed-form perfect "
        "Bayesian equilibrium at every draw), once the crisis has begun: how far it climbs, "
        "and how often it ends in a war chosen at the top or lost on the way. By its own "
        f"equilibrium, {html.escape(ladder['climber'])} would begin the climb at "
        f"{ladder['challenge']:.0%} of the draws. Beside it, the parts of the primary game's "
        "P(war) and P(nuclear war) that come from a crisis lost by accident.</p>"
        f"<div class='fig'>{figure}</div>"
    )


def render_html(a: ScenarioAnalysis) -> str:
    """The report as one self-contained HTML page (figures as inline SVG)."""
    info = a.scenario.scenario
    r = a.to_json()
    meta = " · ".join(f"{k}: <code>{html.escape(str(v))}</code>" for k, v in rt.meta(r).items())
    assumptions = "".join(f"<li>{html.escape(x)}</li>" for x in a.assumptions)
    sources = "".join(f"<li>{html.escape(s)}</li>" for s in info.sources)
    sections = [
        f"<h1>{html.escape(info.title)}</h1><p class='meta'>{meta}</p>",
        f"<p class='headline'>{_md_inline(rt.headline(r))}</p>",
        f"<p>{html.escape(info.description)}</p>" if info.description else "",
        "<h2>What drives the answer</h2>",
        _table(
            ["field", "distribution", "total Sobol ST", "5th percentile -> P", "95th -> P"],
            rt.driver_rows(r),
        )
        if r["drivers"]
        else "<p>No ranking: no uncertain inputs, or the sensitivity analysis was skipped.</p>",
        f"<div class='fig'>{whatif_figure(a)}</div>" if a.whatif else "",
        f"<h2>What the model assumes</h2><ul>{assumptions}</ul>",
        "<h2>Outcome probabilities</h2>",
        f"<div class='fig'>{outcome_figure(a)}</div>",
        _table(
            ["outcome", "p (mean over draws)", "95 % Monte Carlo interval", "5th-95th pct"],
            rt.outcome_rows(r),
        ),
        f"<div class='fig'>{war_distribution_figure(a)}</div>" if a.distributions else "",
        "<h2>Why the threat fails</h2>",
        _table(["cause", "share of failure", "95 % interval", "expected draws"], rt.cause_rows(r)),
        "<h2>Which assumptions drive the answer</h2>",
        f"<div class='fig'>{sensitivity_figure(a)}</div>",
        _table(
            ["field", "distribution", "total ST", "first-order S1", "total ST of P(war)"],
            rt.sensitivity_rows(r),
        ),
        "<h2>Interventions compared</h2>",
        f"<div class='fig'>{intervention_figure(a)}</div>",
        _table(rt.intervention_header(r), rt.intervention_rows(r)),
        _rung_section(r),
        "<h2>The game and its equilibrium</h2>",
        f"<div class='fig'>{game_tree_figure(a)}</div>",
        "<h2>Models</h2>",
        _table(
            ["model", "method", "outcome shares / reason", "agrees with theory"], rt.model_rows(r)
        ),
        "<h2>Mapping constants</h2>",
        f"<p>{html.escape(rt.calibration_note(r))}</p>",
        "<details class='appendix'><summary>Appendix: the mapping (model &larr; parameter "
        "&larr; formula) and its constants</summary>",
        _table(["model", "parameter", "formula"], rt.mapping_rows(r)),
        _table(["constant", "value", "range", "meaning", "source"], rt.constant_rows(r)),
        "</details>",
        f"<h2>Sources</h2><ul>{sources}</ul>" if sources else "",
    ]
    body = "\n".join(s for s in sections if s)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(info.title)} · detente</title><style>{CSS}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )
