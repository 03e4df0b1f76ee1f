"""The report's figures as inline SVG strings (matplotlib, no pyplot state, no files).

Four figures: the outcome probabilities with their intervals, the Sobol ranking of
assumptions, the intervention comparison, and the primary game's tree at the central point
with its logit choice probabilities (:func:`detente.games.plot_game`).
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from detente.scenario.analysis import ScenarioAnalysis

#: Colour of each outcome class (labels differ between deterrence and compellence).
COLORS = {
    "success": "#239b56",
    "prevails": "#d68910",
    "compromise": "#2e86c1",
    "war": "#c0392b",
    "nuclear": "#5b2c6f",
}


def _color(analysis: ScenarioAnalysis, label: str) -> str:
    by_label = {v: k for k, v in analysis.labels.items()}
    return COLORS.get(by_label.get(label, ""), "#7f8c8d")


def to_svg(fig: Figure) -> str:
    """A figure as an ``<svg>`` element (XML prolog stripped, reproducible ids)."""
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "detente", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buf.getvalue()
    start = text.find("<svg")
    return re.sub(r"\s+$", "", text[start:])


def outcome_figure(analysis: ScenarioAnalysis) -> str:
    """Horizontal bars: P(each outcome) with its 95 % interval."""
    labels = list(analysis.outcomes)
    p = np.array([analysis.outcomes[k]["p"] for k in labels])
    lo = np.array([analysis.outcomes[k]["lo"] for k in labels])
    hi = np.array([analysis.outcomes[k]["hi"] for k in labels])
    fig = Figure(figsize=(6.4, 2.4))
    ax = fig.add_subplot()
    y = np.arange(len(labels))[::-1]
    ax.barh(y, p, color=[_color(analysis, k) for k in labels])
    ax.errorbar(p, y, xerr=[p - lo, hi - p], fmt="none", ecolor="black", capsize=3, lw=1)
    for yi, pi in zip(y, p, strict=True):
        text = f"{pi:.1%}" if pi >= 0.001 else f"{100 * pi:.1e} %"
        ax.text(min(pi + 0.02, 0.9), yi, text, va="center", fontsize=9)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"mean probability over {analysis.draws:,} draws (95 % Monte Carlo interval)")
    ax.set_title("Outcome distribution", loc="left", fontsize=10)
    return to_svg(fig)


def whatif_figure(analysis: ScenarioAnalysis) -> str:
    """P(war or nuclear war) against the top Sobol field at its quantiles, every other field
    as drawn (from the record's ``whatif``)."""
    w = analysis.whatif
    fig = Figure(figsize=(6.4, 2.6))
    ax = fig.add_subplot()
    ax.plot(w["values"], w["p_war"], marker="o", color="#b2182b")
    for x, y, q in zip(w["values"], w["p_war"], w["quantiles"], strict=True):
        if q in (0.05, 0.5, 0.95):
            ax.annotate(
                f"{q:.0%} pct",
                (x, y),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7,
            )
    ax.set_xlabel(f"{w['field']} (other inputs as drawn; first {w['draws']:,} draws)", fontsize=8)
    ax.set_ylabel("P(war or nuclear war)", fontsize=8)
    ax.set_ylim(0, max(max(w["p_war"]) * 1.25, 0.01))
    ax.tick_params(labelsize=8)
    ax.set_title("What if the top driver were known", loc="left", fontsize=10)
    fig.tight_layout()
    return to_svg(fig)


def war_distribution_figure(analysis: ScenarioAnalysis) -> str:
    """Histograms of the per-draw P(war) and P(nuclear war) across the declared uncertainty
    (from the record's ``distributions``: the run's percentile sketch, every draw)."""
    labels = analysis.scenario.labels
    fig = Figure(figsize=(6.4, 2.6))
    axes = fig.subplots(1, 2)
    for ax, cls in zip(axes, ("war", "nuclear"), strict=True):
        d = analysis.distributions[cls]
        edges, counts = np.asarray(d["edges"]), np.asarray(d["counts"], dtype=float)
        share = counts / max(counts.sum(), 1.0)
        ax.bar(edges[:-1], share, width=np.diff(edges), align="edge", color="#b2182b")
        mean = analysis.outcomes[labels[cls]]["p"]
        ax.axvline(mean, color="black", lw=1, ls="--")
        ax.set_xlabel(f"per-draw P({labels[cls]}) (dashed: mean {mean:.3f})", fontsize=8)
        ax.set_ylabel("share of draws", fontsize=8)
        ax.tick_params(labelsize=8)
    fig.suptitle(
        f"P(war) across the declared uncertainty ({analysis.draws:,} draws)",
        x=0.02,
        ha="left",
        fontsize=10,
    )
    fig.tight_layout()
    return to_svg(fig)


def sensitivity_figure(analysis: ScenarioAnalysis, top: int = 10) -> str:
    """Tornado-style Sobol chart: total and first-order indices of the main probability."""
    rows = analysis.sensitivity[:top]
    fig = Figure(figsize=(6.4, 0.45 * max(len(rows), 2) + 1.0))
    ax = fig.add_subplot()
    if not rows:
        ax.text(0.5, 0.5, "no uncertain inputs", ha="center", va="center")
        ax.set_axis_off()
        return to_svg(fig)
    names = [r["field"] for r in rows]
    y = np.arange(len(rows))[::-1]
    ax.barh(y + 0.18, [r["ST"] for r in rows], height=0.36, color="#2e86c1", label="total (ST)")
    ax.barh(y - 0.18, [r["S1"] for r in rows], height=0.36, color="#aed6f1", label="first-order")
    ax.set_yticks(y, names, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"Sobol index of P({analysis.labels['success']})")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title("Which assumptions drive the answer", loc="left", fontsize=10)
    return to_svg(fig)


def intervention_figure(analysis: ScenarioAnalysis) -> str:
    """Stacked bars: the outcome shares of the baseline and each intervention."""
    rows = analysis.interventions
    fig = Figure(figsize=(6.4, 0.5 * len(rows) + 1.2))
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    left = np.zeros(len(rows))
    for cls, color in COLORS.items():
        label = analysis.labels[cls]
        w = np.array([r["outcomes"][label]["p"] for r in rows])
        ax.barh(y, w, left=left, color=color, label=label)
        left += w
    ax.set_yticks(y, [_short(r["name"]) for r in rows], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("mean probability over the draws")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=5, fontsize=8, frameon=False)
    ax.set_title("Interventions compared (same draws)", loc="left", fontsize=10)
    return to_svg(fig)


def game_tree_figure(analysis: ScenarioAnalysis) -> str:
    """The primary model's game tree at the central point, equilibrium path in colour."""
    from detente.games import plot_game
    from detente.games.tree_plot import figure_size

    sol: Any = analysis.central_solution()
    if sol is None:
        return ""
    game = sol.model.game
    fig = Figure(figsize=figure_size(game))
    ax = fig.add_subplot()
    plot_game(game, sol.solution, index=0, ax=ax)
    ax.set_title(
        "Game tree at the central point (medians, true payoffs); line width: logit choice "
        "probability",
        fontsize=9,
    )
    return to_svg(fig)


def _short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
