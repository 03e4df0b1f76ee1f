"""Two runs' outcome probabilities side by side, as an inline SVG (for the web and reports)."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from detente.report.svg_figures import COLORS, to_svg


def comparison_figure(comparison: dict[str, Any]) -> str:
    """Paired horizontal bars: P(each outcome class) in run a and run b with their 95 % Monte
    Carlo intervals (from :func:`detente.scenario.run_comparison.compare_runs`)."""
    rows = [r for r in comparison["outcomes"] if r["a"] and r["b"]]
    fig = Figure(figsize=(6.4, 0.55 * max(len(rows), 2) + 1.1))
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1].astype(float)
    for offset, key, hatch in ((0.2, "a", ""), (-0.2, "b", "//")):
        p = np.array([r[key]["p"] for r in rows])
        lo = np.array([r[key]["lo"] for r in rows])
        hi = np.array([r[key]["hi"] for r in rows])
        colors = [COLORS.get(r["class"], "#7f8c8d") for r in rows]
        ax.barh(y + offset, p, height=0.38, color=colors, hatch=hatch, edgecolor="white")
        ax.errorbar(
            p,
            y + offset,
            xerr=[np.maximum(p - lo, 0), np.maximum(hi - p, 0)],
            fmt="none",
            ecolor="black",
            capsize=2,
            lw=0.8,
        )
        for yi, pi in zip(y + offset, p, strict=True):
            ax.text(min(pi + 0.015, 0.92), yi, f"{key}: {pi:.3f}", va="center", fontsize=7)
    names = [
        r["a"]["label"]
        if r["a"]["label"] == r["b"]["label"]
        else f"{r['a']['label']} / {r['b']['label']}"
        for r in rows
    ]
    ax.set_yticks(y, names, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("mean probability over the draws (95 % Monte Carlo interval)", fontsize=8)
    ax.set_title("Run a (plain) and run b (hatched)", loc="left", fontsize=10)
    fig.tight_layout()
    return to_svg(fig)
