"""Sentences and tables shared by the HTML and Markdown reports (and the CLI's text).

Every function takes the analysis as its JSON form (:meth:`ScenarioAnalysis.to_json`), so
the CLI can print a stored run exactly as a fresh one; runs recorded before outcome classes
existed fall back to the deterrence labels.
"""

from __future__ import annotations

from typing import Any

CAUSE_TEXT = {
    "capability": "capability (the challenger expects war itself to pay more than yielding)",
    "credibility": "credibility (even a correctly perceived threat fails)",
    "misperception": "misperception (a correct belief about the defender would have prevented it)",
}
DETERRENCE_LABELS = {
    "success": "Deterrence holds",
    "prevails": "Challenger prevails",
    "compromise": "Compromise",
    "war": "War",
    "nuclear": "Nuclear war",
}
HAND_SET_NOTE = (
    "Mapping constants: hand-set by the authors and not validated against data; the "
    "probabilities are those of the stated model under these constants, not estimated "
    "frequencies."
)


def prob(p: float) -> str:
    """A probability for tables: three decimals, or two significant digits below 0.001."""
    return f"{p:.3f}" if p >= 0.001 or p == 0 else f"{p:.1e}"


def pct(p: float) -> str:
    """A probability for sentences: a percentage, or two significant digits below 0.1 %."""
    return f"{p:.1%}" if p >= 0.001 or p == 0 else f"{100 * p:.1e} %"


def labels(result: dict[str, Any]) -> dict[str, str]:
    """Outcome class -> label of this analysis."""
    return result.get("labels") or DETERRENCE_LABELS


def p_of(result_outcomes: dict[str, Any], lab: dict[str, str], cls: str) -> float:
    row = result_outcomes.get(lab[cls])
    return float(row["p"]) if row else 0.0


def calibration_note(result: dict[str, Any]) -> str:
    return result.get("calibration_note") or HAND_SET_NOTE


def drivers_sentence(result: dict[str, Any]) -> str:
    """What the main probability depends on most, and what it becomes at the plausible ends
    of those assumptions (empty without a sensitivity analysis)."""
    drivers = result.get("drivers") or []
    if not drivers:
        return ""
    lab = labels(result)
    main = lab["success"]
    base = p_of(result["outcomes"], lab, "success")
    names = ", ".join(f"`{d['field']}`" for d in drivers)
    ends = "; ".join(
        f"`{d['field']}` (total Sobol index {d.get('ST', 0.0):.2f}) at {d['low_value']:.3g}: "
        f"{pct(d['p_low'])}, at {d['high_value']:.3g}: {pct(d['p_high'])}"
        for d in drivers
    )
    return (
        f"The answer depends most on {names}. P({main}) is {pct(base)} over all draws; with "
        f"one of these assumptions at the 5th or 95th percentile of its stated range (every "
        f"other input as drawn) it becomes: {ends}."
    )


def headline(result: dict[str, Any]) -> str:
    """The report's first paragraph: the dominant assumptions and their range effects, the
    main probability with its intervals, the most likely outcome, the main cause of failure,
    history, and whether the constants are validated."""
    lab = labels(result)
    main = lab["success"]
    o = result["outcomes"][main]
    parts = [f"**Warning:** {w}" for w in result.get("warnings", [])]
    parts += [drivers_sentence(result)] if result.get("drivers") else []
    spread = (
        f"; across the declared uncertainty {pct(o['q05'])} to {pct(o['q95'])} (5th-95th "
        "percentile of the per-draw probability)"
        if "q05" in o
        else ""
    )
    parts.append(
        f"P({main}) = {pct(o['p'])} (95 % Monte Carlo interval {pct(o['lo'])}-{pct(o['hi'])}"
        f"{spread}); the most likely outcome is **{result['most_likely']}**."
    )
    failed = {k: v for k, v in result["causes"].items() if v["count"]}
    if failed:
        cause = max(failed, key=lambda k: failed[k]["count"])
        parts.append(
            f"When the threat fails, the main cause is {CAUSE_TEXT[cause]} "
            f"({failed[cause]['share']:.0%} of the failure probability)."
        )
    info = result["scenario"]
    if info.get("expected"):
        verdict = "the same" if result["most_likely"] == info["expected"] else "not the same"
        p_hist = result["outcomes"].get(info["expected"], {}).get("p", 0.0)
        parts.append(
            f"History: {info['historical_outcome']} The model gives that outcome "
            f"{pct(p_hist)}; its most likely outcome is {verdict} (a consistency check of the "
            "inputs, not a validation)."
        )
    else:
        parts.append(
            "History: no recorded outcome (the scenario gives no `expected`), so nothing to "
            "compare with."
        )
    parts.append(calibration_note(result))
    return " ".join(parts)


def outcome_rows(result: dict[str, Any]) -> list[list[str]]:
    rows = []
    for k, v in result["outcomes"].items():
        spread = f"{prob(v['q05'])}-{prob(v['q95'])}" if "q05" in v else ""
        rows.append([k, prob(v["p"]), f"{prob(v['lo'])}-{prob(v['hi'])}", spread])
    return rows


def cause_rows(result: dict[str, Any]) -> list[list[str]]:
    return [
        [k, f"{v['share']:.3f}", f"{v['lo']:.3f}-{v['hi']:.3f}", f"{v['count']:g}"]
        for k, v in result["causes"].items()
    ]


def driver_rows(result: dict[str, Any]) -> list[list[str]]:
    return [
        [
            d["field"],
            d["distribution"],
            f"{d.get('ST', 0.0):.3f}",
            f"{d['low_value']:.3g} -> {prob(d['p_low'])}",
            f"{d['high_value']:.3g} -> {prob(d['p_high'])}",
        ]
        for d in result.get("drivers") or []
    ]


def sensitivity_rows(result: dict[str, Any]) -> list[list[str]]:
    return [
        [
            r["field"],
            r["distribution"],
            f"{r['ST']:.3f}",
            f"{r['S1']:.3f}",
            f"{r.get('ST_war', 0.0):.3f}",
        ]
        for r in result["sensitivity"]
    ]


def intervention_header(result: dict[str, Any]) -> list[str]:
    main = labels(result)["success"]
    return [
        "move",
        f"P({main})",
        "P(compromise)",
        "P(war or nuclear)",
        "P(nuclear)",
        "Δ main [95 %]",
        "Δ war or nuclear",
        "Δ nuclear [95 %]",
    ]


def intervention_rows(result: dict[str, Any]) -> list[list[str]]:
    lab = labels(result)
    out = []
    for r in result["interventions"]:
        o = r["outcomes"]
        war = p_of(o, lab, "war") + p_of(o, lab, "nuclear")
        lo_hi = r.get("delta_holds_interval")
        delta = f"{r['delta_holds']:+.3f}" + (
            f" [{lo_hi[0]:+.3f}, {lo_hi[1]:+.3f}]" if lo_hi and r["kind"] != "baseline" else ""
        )
        out.append(
            [
                r["name"],
                prob(p_of(o, lab, "success")),
                prob(p_of(o, lab, "compromise")),
                prob(war),
                prob(p_of(o, lab, "nuclear")),
                delta,
                f"{r['delta_war']:+.3f}",
                _nuclear_delta(r),
            ]
        )
    return out


def _nuclear_delta(r: dict[str, Any]) -> str:
    """Change in P(nuclear war) with its paired interval (runs recorded before it: blank)."""
    if "delta_nuclear" not in r:
        return ""
    lo_hi = r.get("delta_nuclear_interval")
    tail = f" [{lo_hi[0]:+.4f}, {lo_hi[1]:+.4f}]" if lo_hi and r["kind"] != "baseline" else ""
    return f"{r['delta_nuclear']:+.4f}{tail}"


def mapping_rows(result: dict[str, Any]) -> list[list[str]]:
    mapping = result["mapping"]
    rows = [["(crisis variable)", v["variable"], v["formula"]] for v in mapping["variables"]]
    for m in mapping["models"]:
        rows += [[m["model"], p["parameter"], p["formula"]] for p in m["parameters"]]
    return rows


def constant_rows(result: dict[str, Any]) -> list[list[str]]:
    cal = result["mapping"].get("calibration") or {}
    return [
        [
            c["constant"],
            f"{c['value']:g}",
            f"[{c['range'][0]:g}, {c['range'][1]:g}]",
            c["meaning"],
            c["source"],
        ]
        for c in cal.get("constants", [])
    ]


def model_rows(result: dict[str, Any]) -> list[list[str]]:
    out = []
    for name, m in result["models"].items():
        shares = ", ".join(f"{k} {prob(v)}" for k, v in m["outcomes"].items())
        method = f"{m['method']} ({m['draws']:,} draws)"
        agree = m["agrees_with_theory"]
        out.append([name, method, shares, "n/a" if agree is None else f"{agree:.3f}"])
    for s in result["mapping"]["status"]:
        if s["status"] != "used":
            out.append([s["model"], s["status"], s["reason"], ""])
    return out


def meta(result: dict[str, Any]) -> dict[str, Any]:
    cal = result.get("calibration") or {}
    return {
        "scenario": result["scenario"]["name"],
        "kind": result.get("kind", "deterrence"),
        "hash": result["scenario"].get("hash", ""),
        "seed": result["seed"],
        "draws": result["draws"],
        "calibration": f"{cal.get('name', 'handset')} ({cal.get('status', 'hand-set')})",
        "version": result["version"],
        "seconds": f"{result.get('elapsed_seconds', 0.0):.2f}",
    }
