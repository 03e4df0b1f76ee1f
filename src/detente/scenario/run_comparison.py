"""Two recorded analyses side by side: their outcome odds, what differs in their inputs.

:func:`compare_runs` takes two JSON records (``open_run(id)["result"]`` or
``ScenarioAnalysis.to_json()``) and returns plain JSON: each outcome class with both runs'
probabilities and Monte Carlo intervals and the difference, the inputs that differ (dotted
paths), and each run's top drivers and best intervention.

The interval of a difference treats the two runs as independent samples,
``se = sqrt(se_a**2 + se_b**2)`` with each ``se`` read off its run's 95 % interval. Runs with
the same seed and the same uncertain fields share their random numbers, which makes the true
interval narrower: the one given is then conservative. Like every Monte Carlo interval here it
measures sampling noise only, not whether the model is right (see docs/validation.md).
"""

from __future__ import annotations

from typing import Any

from detente.scenario.toml_literal import toml_literal

#: Outcome classes in report order (labels differ between deterrence and compellence).
CLASSES = ("success", "prevails", "compromise", "war", "nuclear")
Z95 = 1.959963984540054


def _by_class(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Outcome class -> {label, p, lo, hi} of a record (P(war or nuclear war) as ``war_any``)."""
    from detente.scenario.scenario_schema import OUTCOME_LABELS

    # runs recorded before outcome classes existed used the deterrence labels
    labels = record.get("labels") or OUTCOME_LABELS["deterrence"]
    out: dict[str, dict[str, Any]] = {}
    for label, v in record["outcomes"].items():
        cls = v.get("class") or next((k for k, lab in labels.items() if lab == label), label)
        out[cls] = {"label": label, "p": v["p"], "lo": v["lo"], "hi": v["hi"]}
    if "war" in out and "nuclear" in out:
        w, n = out["war"], out["nuclear"]
        se = ((w["hi"] - w["lo"]) ** 2 + (n["hi"] - n["lo"]) ** 2) ** 0.5 / (2 * Z95)
        p = w["p"] + n["p"]
        out["war_any"] = {
            "label": "War or nuclear war",
            "p": p,
            "lo": max(p - Z95 * se, 0.0),
            "hi": min(p + Z95 * se, 1.0),
        }
    return out


def _flatten(obj: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted path -> leaf value; a distribution table or a list of numbers stays one leaf."""
    if isinstance(obj, dict) and not ("dist" in obj and prefix):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            out |= _flatten(v, f"{prefix}.{k}" if prefix else str(k))
        return out
    if isinstance(obj, list) and any(isinstance(v, dict | list) for v in obj):
        out = {}
        for i, v in enumerate(obj):
            out |= _flatten(v, f"{prefix}[{i}]")
        return out
    return {prefix: obj}


def value_text(value: Any) -> str:
    """An input value as a scenario file writes it (TOML inline form; "(absent)" for None)."""
    return "(absent)" if value is None else toml_literal(value)


def input_differences(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """The scenario inputs that differ: path, value in ``a``, value in ``b`` (None: absent),
    and both as TOML text (``a_text``, ``b_text``)."""
    fa, fb = _flatten(a), _flatten(b)
    rows = []
    for path in sorted(set(fa) | set(fb)):
        va, vb = fa.get(path), fb.get(path)
        if va != vb:
            rows.append(
                {
                    "field": path,
                    "a": va,
                    "b": vb,
                    "a_text": value_text(va),
                    "b_text": value_text(vb),
                }
            )
    return rows


def _best_intervention(record: dict[str, Any]) -> str | None:
    moves = (record.get("interventions") or [])[1:]
    if not moves:
        return None
    return max(moves, key=lambda m: m.get("delta_holds", 0.0))["name"]


def _run_facts(record: dict[str, Any]) -> dict[str, Any]:
    info = record.get("scenario", {})
    cal = record.get("calibration") or {}
    return {
        "name": info.get("name"),
        "title": info.get("title"),
        "hash": info.get("hash"),
        "kind": record.get("kind"),
        "seed": record.get("seed"),
        "draws": record.get("draws"),
        "version": record.get("version"),
        "calibration": cal.get("name"),
        "most_likely": record.get("most_likely"),
        "top_drivers": [d["field"] for d in (record.get("sensitivity") or [])[:3]],
        "best_intervention": _best_intervention(record),
        "interventions": [m["name"] for m in (record.get("interventions") or [])[1:]],
        "warnings": list(record.get("warnings") or []),
        "calibration_note": record.get("calibration_note") or "",
    }


def compare_runs(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Compare two analysis records (``b`` minus ``a``).

    Returns
    -------
    dict
        ``runs``: the facts of each run (title, seed, draws, version, calibration, top
        drivers, best intervention, warnings); ``outcomes``: one row per outcome class with
        ``a`` and ``b`` ({label, p, lo, hi}), ``diff`` and its 95 % interval ``diff_lo``,
        ``diff_hi``; ``inputs``: the differing inputs; ``same_draws``: whether both runs
        used the same seed and number of draws; ``note``: how to read the intervals.
    """
    oa, ob = _by_class(a), _by_class(b)
    rows = []
    for cls in (*CLASSES, "war_any"):
        if cls not in oa and cls not in ob:
            continue
        ra, rb = oa.get(cls), ob.get(cls)
        row: dict[str, Any] = {"class": cls, "a": ra, "b": rb}
        if ra and rb:
            se = ((ra["hi"] - ra["lo"]) ** 2 + (rb["hi"] - rb["lo"]) ** 2) ** 0.5 / (2 * Z95)
            d = rb["p"] - ra["p"]
            row |= {"diff": d, "diff_lo": d - Z95 * se, "diff_hi": d + Z95 * se}
        rows.append(row)
    same = a.get("seed") == b.get("seed") and a.get("draws") == b.get("draws")
    return {
        "runs": {"a": _run_facts(a), "b": _run_facts(b)},
        "outcomes": rows,
        "inputs": input_differences(a.get("inputs") or {}, b.get("inputs") or {}),
        "same_draws": same,
        "note": (
            "Differences are b minus a. Their 95 % intervals treat the runs as independent "
            "samples"
            + (
                "; these runs share seed and draws, so where their uncertain inputs match the "
                "true intervals are narrower (the ones shown are conservative)"
                if same
                else ""
            )
            + ". They measure Monte Carlo noise only, not whether the model is right: see "
            "each run's calibration note and docs/validation.md (out of sample, the odds do "
            "not beat the crisis record's base rate)."
        ),
    }
