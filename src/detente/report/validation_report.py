"""The validation report: one self-contained HTML page, ``predictions.csv`` and the JSON.

:func:`render_validation_html` renders the JSON form of a
:class:`~detente.scenario.record_validation.RecordValidation` (scores with intervals side by
side with the baselines, the reliability diagram, the per-era table, the 20 worst-predicted
crises, the bundled cases, what the calibration changed, leave-one-out); :func:`validation_text`
gives the CLI's summary sentences; :func:`write_validation_reports` writes the folder
atomically.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.errors import InputError
from detente.games.atomic_file import write_atomic
from detente.report.html_report import CSS

if TYPE_CHECKING:
    from detente.scenario.record_validation import RecordValidation

MODEL_NAMES = {
    "detente": "detente (calibrated)",
    "detente_handset": "detente (hand-set)",
    "base_rate": "base rate",
    "logit": "multinomial logit",
}
METRIC_NAMES = {"log_loss": "log loss", "brier": "Brier", "accuracy": "accuracy"}
COLORS = {
    "detente": "#2e86c1",
    "detente_handset": "#aab7b8",
    "base_rate": "#d35400",
    "logit": "#27ae60",
}


def _cell(s: dict[str, float]) -> str:
    return f"{s['value']:.3f} [{s['lo']:.3f}, {s['hi']:.3f}]"


def score_rows(scores: dict[str, dict[str, dict[str, float]]]) -> list[list[str]]:
    """Rows: model, then each metric as ``value [lo, hi]``."""
    return [
        [MODEL_NAMES.get(m, m), *(_cell(s[k]) for k in METRIC_NAMES)] for m, s in scores.items()
    ]


def validation_text(r: dict[str, Any]) -> str:
    """The summary paragraph: n, the out-of-sample log losses and the verdict."""
    s = r["scores"]
    d, b, lg = (s[m]["log_loss"]["value"] for m in ("detente", "base_rate", "logit"))
    until = r["settings"]["until"]
    diff = r["differences"]["detente - base_rate"]["log_loss"]
    verdict = (
        "beats the training base rate"
        if diff["hi"] < 0
        else "does not beat the training base rate"
        if diff["lo"] > 0 or d >= b
        else "is not distinguishable from the training base rate"
    )
    gap = r["differences"]["detente - logit"]["log_loss"]
    return (
        f"Trained on {r['n_train']} crises triggered before {until}, scored on {r['n_test']} "
        f"from {until} on (the {r.get('n_bundled', 0)} crises of the bundled scenarios are "
        f"reported apart). Out of sample, calibrated detente has log loss {d:.3f}, the base "
        f"rate {b:.3f}, the multinomial logit {lg:.3f}: detente {verdict} (difference "
        f"{diff['value']:+.3f}, 95 % interval [{diff['lo']:+.3f}, {diff['hi']:+.3f}]) and is "
        f"{abs(gap['value']):.3f} {'worse' if gap['value'] > 0 else 'better'} than the logit "
        f"([{gap['lo']:+.3f}, {gap['hi']:+.3f}])."
    )


def _table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def reliability_svg(curves: dict[str, list[dict[str, Any]]], size: int = 320) -> str:
    """A reliability diagram: observed frequency against forecast probability per model."""
    pad = 40
    w = h = size
    inner = size - 2 * pad

    def x(v: float) -> float:
        return pad + v * inner

    def y(v: float) -> float:
        return h - pad - v * inner

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{w + 170}' height='{h}' "
        "role='img' aria-label='reliability diagram'>",
        f"<rect x='{pad}' y='{pad}' width='{inner}' height='{inner}' fill='none' "
        "stroke='#d5d8dc'/>",
        f"<line x1='{x(0)}' y1='{y(0)}' x2='{x(1)}' y2='{y(1)}' stroke='#566573' "
        "stroke-dasharray='4 3'/>",
    ]
    for t in (0, 0.5, 1):
        parts.append(
            f"<text x='{x(t)}' y='{h - pad + 14}' font-size='10' text-anchor='middle'>{t:g}</text>"
        )
        parts.append(
            f"<text x='{pad - 6}' y='{y(t) + 3}' font-size='10' text-anchor='end'>{t:g}</text>"
        )
    parts.append(
        f"<text x='{w / 2}' y='{h - 6}' font-size='11' text-anchor='middle'>"
        "forecast probability</text>"
    )
    parts.append(
        f"<text x='12' y='{h / 2}' font-size='11' text-anchor='middle' "
        f"transform='rotate(-90 12 {h / 2})'>observed frequency</text>"
    )
    for i, (model, bins) in enumerate(curves.items()):
        color = COLORS.get(model, "#000")
        label = html.escape(MODEL_NAMES.get(model, model))
        pts = " ".join(f"{x(b['predicted']):.1f},{y(b['observed']):.1f}" for b in bins)
        parts.append(f"<polyline points='{pts}' fill='none' stroke='{color}' stroke-width='2'/>")
        for b in bins:
            r = 2 + min(6, b["count"] ** 0.5 / 3)
            parts.append(
                f"<circle cx='{x(b['predicted']):.1f}' cy='{y(b['observed']):.1f}' r='{r:.1f}' "
                f"fill='{color}' fill-opacity='0.6'><title>{label}"
                f": forecast {b['predicted']:.2f}, observed {b['observed']:.2f}, n = {b['count']}"
                "</title></circle>"
            )
        parts.append(
            f"<rect x='{w + 5}' y='{pad + 18 * i}' width='12' height='12' fill='{color}'/>"
            f"<text x='{w + 22}' y='{pad + 18 * i + 10}' font-size='11'>{label}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def render_validation_html(r: dict[str, Any]) -> str:
    """The validation report as one self-contained HTML page (inline SVG, no scripts)."""
    settings = r["settings"]
    cal = r["calibration"]
    classes = r["classes"]
    meta = " · ".join(
        f"{k}: <code>{html.escape(str(v))}</code>"
        for k, v in (
            ("until", settings["until"]),
            ("definition", settings["definition"]),
            ("draws per crisis", settings["draws"]),
            ("seed", settings["seed"]),
            ("calibration", f"{cal['name']} ({cal['status']}, {settings['calibration']['how']})"),
            ("detente", r["version"]),
        )
    )
    era_rows = [
        [
            e["era"],
            e["n"],
            e["split"],
            ", ".join(f"{k}: {v}" for k, v in e["observed"].items()),
            *(f"{e[m]:.3f}" for m in MODEL_NAMES),
        ]
        for e in r["eras"]
    ]
    worst = [
        [
            w["crisno"],
            w["name"],
            w["year"],
            w["split"],
            w["observed"],
            f"{w['p_observed']:.3f}",
            w["most_likely"],
            f"{w['log_loss']:.2f}",
        ]
        for w in r["worst"]
    ]
    bundled = [
        [
            b["crisno"],
            b["name"],
            b["scenario"],
            b["observed"],
            *(", ".join(f"{b[m][c]:.2f}" for c in classes) for m in MODEL_NAMES),
        ]
        for b in r["bundled"]
    ]
    changed = [
        [
            c["constant"],
            f"{c['handset']:g}",
            f"{c['value']:.4g}",
            "at the edge of its range"
            if c["at_bound"]
            else (f"{c['se']:.3g}" if c["se"] is not None else "n/a"),
            f"[{c['range'][0]:g}, {c['range'][1]:g}]",
        ]
        for c in cal["changed"]
    ]
    diffs = [[name, *(_cell(v[k]) for k in METRIC_NAMES)] for name, v in r["differences"].items()]
    sections = [
        "<h1>Validation of detente's odds on the ICB crisis record</h1>",
        f"<p class='meta'>{meta}</p>",
        f"<p class='headline'>{html.escape(validation_text(r))}</p>",
        "<h2>Out-of-sample scores (test period)</h2>",
        "<p>Mean over crises with 95 % bootstrap intervals (resampling crises). Lower log loss "
        "and Brier are better; a uniform forecast of the four classes has log loss 1.386.</p>",
        _table(["model", *METRIC_NAMES.values()], score_rows(r["scores"])),
        "<h3>Paired differences (same crises, same resamples)</h3>",
        _table(["difference", *METRIC_NAMES.values()], diffs),
        "<h2>In-sample scores (training period)</h2>",
        _table(["model", *METRIC_NAMES.values()], score_rows(r["train_scores"])),
    ]
    if r.get("loo"):
        loo = r["loo"]
        sections += [
            f"<h2>Leave-one-crisis-out ({loo['n']} crises, every period)</h2>",
            _table(["model", *METRIC_NAMES.values()], score_rows(loo["scores"])),
            _table(["model", "how"], [[MODEL_NAMES[k], v] for k, v in loo["method"].items()]),
        ]
    sections += [
        "<h2>Reliability (test period, every class one-vs-rest)</h2>",
        f"<div class='fig'>{reliability_svg(r['reliability'])}</div>",
        "<h2>Log loss by era</h2>",
        "<p>Eras before the test year are in-sample for the fitted models.</p>",
        _table(["era", "n", "split", "observed", *MODEL_NAMES.values()], era_rows),
        f"<h2>The {len(worst)} worst-predicted crises (calibrated detente)</h2>",
        _table(
            [
                "crisis",
                "name",
                "year",
                "split",
                "observed",
                "P(observed)",
                "most likely",
                "log loss",
            ],
            worst,
        ),
        "<h2>Crises of the bundled scenarios (kept out of training)</h2>",
        f"<p>Probabilities of {', '.join(classes)}, from the ICB translation.</p>",
        _table(["crisis", "name", "scenario", "observed", *MODEL_NAMES.values()], bundled),
        "<h2>What the calibration changed</h2>",
        f"<p>{html.escape(cal['note'])}</p>",
        _table(["constant", "hand-set", "fitted", "standard error", "range"], changed),
        "<h2>Baseline logit</h2>",
        f"<p>L2 penalty C = {r['logit']['C']:g} chosen by 5-fold cross-validation within the "
        f"training crises; {r['logit']['columns']} covariate columns.</p>",
    ]
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>Validation · detente</title><style>{CSS}</style></head>"
        f"<body>\n{''.join(sections)}\n</body></html>\n"
    )


def write_validation_reports(validation: RecordValidation, folder: str | Path) -> dict[str, Path]:
    """Write ``predictions.csv``, ``report.html`` and ``validation.json`` into ``folder``
    (each atomically)."""
    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    record = validation.to_json()
    files = {
        "predictions": out / "predictions.csv",
        "html": out / "report.html",
        "json": out / "validation.json",
    }
    write_atomic(files["predictions"], validation.predictions.to_csv(index=False))
    write_atomic(files["json"], json.dumps(record, indent=2) + "\n")
    write_atomic(files["html"], render_validation_html(record))
    return files
