"""The rung-by-rung risk figure of a scenario with an ``[escalation]`` ladder (inline SVG).

Drawn from the analysis record's JSON alone (its ``escalation`` entry, written by
:func:`detente.scenario.escalation_record.escalation_record`), so a recorded run redraws it:
bars of the probability that the crisis reaches each rung of the ``escalation_ladder`` model
(mean over the draws) once the crisis has begun, and bars of its deliberate and inadvertent
war; where the primary game has loss-of-control hazards, the parts of its P(war) and
P(nuclear war) that come from a lost crisis (over all draws) are set beside them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from detente.report.svg_figures import COLORS, to_svg


def rung_risk_figure(record: dict[str, Any]) -> str:
    """Two panels as one ``<svg>``: P(reach rung k), and deliberate vs inadvertent war.

    Parameters
    ----------
    record : dict
        An analysis record (``ScenarioAnalysis.to_json()``); empty string when it has no
        escalation ladder.
    """
    entry = record.get("escalation") or {}
    ladder = entry.get("ladder")
    if not ladder:
        return ""
    hazards = entry.get("hazards") or {}
    rungs = np.arange(1, ladder["rungs"] + 1)
    fig = Figure(figsize=(8.4, 3.0))
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1]})
    reach = np.asarray(ladder["reach"], dtype=float)
    colors = ["#2e86c1" if k % 2 else "#d68910" for k in rungs]
    left.bar(rungs, reach, color=colors)
    for k, p in zip(rungs, reach, strict=True):
        left.text(k, p + 0.01, f"{p:.2f}", ha="center", fontsize=7)
    left.set_xticks(rungs)
    left.set_ylim(0, 1.1)
    climber, holder = ladder.get("climber", "first side"), ladder.get("holder", "second side")
    left.set_xlabel(f"rung (odd: {climber} climbs; even: {holder})", fontsize=8)
    left.set_ylabel("P(rung reached)", fontsize=8)
    left.set_title(
        f"Once the crisis has begun (risk per rung {ladder['risk_per_rung']:.3f})",
        loc="left",
        fontsize=9,
    )
    names = ["deliberate war (ladder)", "inadvertent war (ladder)"]
    values = [ladder["deliberate_war"], ladder["inadvertent_war"]]
    bar_colors = [COLORS["war"], "#e59866"]
    if hazards:
        names += ["war, lost control (primary)", "nuclear, lost control (primary)"]
        values += [hazards["inadvertent_war"], hazards["inadvertent_nuclear"]]
        bar_colors += ["#f5b7b1", COLORS["nuclear"]]
    y = np.arange(len(values))[::-1]
    right.barh(y, values, color=bar_colors)
    top = max(0.02, 1.3 * max(values))
    for yi, p in zip(y, values, strict=True):
        right.text(p + 0.01 * top, yi, f"{p:.3f}", va="center", fontsize=7)
    right.set_yticks(y, names, fontsize=7)
    right.set_xlim(0, top)
    right.set_xlabel("probability (mean over draws)", fontsize=8)
    right.set_title("War by choice and by accident", loc="left", fontsize=9)
    fig.tight_layout()
    return to_svg(fig)
