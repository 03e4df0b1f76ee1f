"""Sentences and tables shared by the HTML and Markdown reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from detente.scenario.analysis import ScenarioAnalysis

CAUSE_TEXT = {
    "capability": "capability (the challenger expects to gain from war itself)",
    "credibility": "credibility (even the true threat is too weak to deter)",
    "misperception": "misperception (the true threat would have deterred)",
}


def headline(a: ScenarioAnalysis) -> str:
    """One paragraph: the most likely outcome, its odds and the main reason for failure."""
    o = a.outcomes
    holds = o["Deterrence holds"]
    text = (
        f"Deterrence holds in {holds['p']:.1%} of {a.draws:,} draws "
        f"(95 % interval {holds['lo']:.1%}-{holds['hi']:.1%}); the most likely outcome is "
        f"**{a.most_likely}**."
    )
    failed = {k: v for k, v in a.causes.items() if v["count"]}
    if failed:
        main = max(failed, key=lambda k: failed[k]["count"])
        text += (
            f" When deterrence fails, the main cause is {CAUSE_TEXT[main]} "
            f"({failed[main]['share']:.0%} of failures)."
        )
    if a.sensitivity and a.sensitivity[0]["ST"] > 0:
        text += f" The assumption that drives the risk most is `{a.sensitivity[0]['field']}`."
    expected = a.scenario.scenario.expected
    if expected:
        verdict = "matches" if a.most_likely == expected else "does not match"
        text += f" History: {a.scenario.scenario.historical_outcome} (the model {verdict})."
    return text


def outcome_rows(a: ScenarioAnalysis) -> list[list[str]]:
    return [[k, f"{v['p']:.3f}", f"{v['lo']:.3f}-{v['hi']:.3f}"] for k, v in a.outcomes.items()]


def cause_rows(a: ScenarioAnalysis) -> list[list[str]]:
    return [
        [k, f"{v['share']:.3f}", f"{v['lo']:.3f}-{v['hi']:.3f}", str(v["count"])]
        for k, v in a.causes.items()
    ]


def sensitivity_rows(a: ScenarioAnalysis) -> list[list[str]]:
    return [
        [r["field"], r["distribution"], f"{r['ST']:.3f}", f"{r['S1']:.3f}"] for r in a.sensitivity
    ]


def intervention_rows(a: ScenarioAnalysis) -> list[list[str]]:
    out = []
    for r in a.interventions:
        o = r["outcomes"]
        war = o["War"]["p"] + o["Nuclear war"]["p"]
        out.append(
            [
                r["name"],
                f"{o['Deterrence holds']['p']:.3f}",
                f"{war:.3f}",
                f"{o['Nuclear war']['p']:.3f}",
                f"{r['delta_holds']:+.3f}",
                f"{r['delta_war']:+.3f}",
            ]
        )
    return out


def mapping_rows(a: ScenarioAnalysis) -> list[list[str]]:
    rows = [["(crisis variable)", v["variable"], v["formula"]] for v in a.mapping["variables"]]
    for m in a.mapping["models"]:
        rows += [[m["model"], p["parameter"], p["formula"]] for p in m["parameters"]]
    return rows


def model_rows(a: ScenarioAnalysis) -> list[list[str]]:
    out = []
    for name, m in a.models.items():
        shares = ", ".join(f"{k} {v:.3f}" for k, v in m["outcomes"].items())
        method = f"{m['method']} ({m['draws']:,} draws)"
        out.append([name, method, shares, f"{m['agrees_with_theory']:.3f}"])
    for s in a.mapping["status"]:
        if s["status"] != "used":
            out.append([s["model"], s["status"], s["reason"], ""])
    return out


def meta(a: ScenarioAnalysis) -> dict[str, Any]:
    return {
        "scenario": a.name,
        "hash": a.hash,
        "seed": a.seed,
        "draws": a.draws,
        "version": a.version,
        "seconds": f"{a.elapsed:.2f}",
    }
