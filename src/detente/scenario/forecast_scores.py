"""Scores of probability forecasts of a class, with bootstrap intervals over the forecast cases.

For forecasts ``p`` (rows: cases, columns: classes, rows summing to 1) of observed classes
``y``:

* **log loss** ``-log p[i, y_i]`` (Good 1952; lower is better; a uniform forecast over four
  classes scores log 4 = 1.386);
* **Brier score**, multi-class: ``sum_k (p[i, k] - [y_i = k])^2`` (Brier 1950; 0 to 2, lower
  is better);
* **accuracy**: the most probable class is the observed one (ties go to the first class).

Each is the mean over cases; its 95 % interval is the percentile bootstrap over cases
(Efron & Tibshirani 1993, ch. 13), with one seeded resampling shared by every model scored on
the same cases, so differences between models are paired (:func:`paired_difference`).
:func:`reliability` bins the forecasts of every class (one-vs-rest, pooled) for a reliability
diagram (Murphy & Winkler 1977).

References
----------
Brier, G. W. (1950). Verification of forecasts expressed in terms of probability. *Monthly
Weather Review* 78(1), 1-3.
Good, I. J. (1952). Rational decisions. *JRSS B* 14(1), 107-114.
Murphy, A. H. & Winkler, R. L. (1977). Reliability of subjective probability forecasts of
precipitation and temperature. *JRSS C* 26(1), 41-47.
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from detente.errors import ParameterError

__all__ = [
    "METRICS",
    "bootstrap_indices",
    "case_scores",
    "paired_difference",
    "reliability",
    "score_summary",
]

METRICS = ("log_loss", "brier", "accuracy")
#: Probabilities are floored here before the log (a forecast of exactly 0 is not infinite).
_FLOOR = 1e-12


def _check(p: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=int)
    if p.ndim != 2 or y.shape != (p.shape[0],):
        raise ParameterError(
            f"forecasts must be (cases, classes) with one class per case, got "
            f"{p.shape} and {y.shape}"
        )
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ParameterError("forecasts must be finite probabilities >= 0")
    if y.size and (y.min() < 0 or y.max() >= p.shape[1]):
        raise ParameterError(f"observed classes must be 0..{p.shape[1] - 1}")
    return p, y


def case_scores(p: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Per-case log loss, Brier score and accuracy (0/1)."""
    p, y = _check(p, y)
    rows = np.arange(y.size)
    onehot = np.zeros_like(p)
    onehot[rows, y] = 1.0
    return {
        "log_loss": -np.log(np.maximum(p[rows, y], _FLOOR)),
        "brier": np.sum((p - onehot) ** 2, axis=1),
        "accuracy": (np.argmax(p, axis=1) == y).astype(float),
    }


def bootstrap_indices(n: int, n_boot: int, seed: int) -> np.ndarray:
    """``n_boot`` resamples of ``n`` cases (rows of indices), from ``seed``."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, n, size=(n_boot, n))


def _summary(values: np.ndarray, resamples: np.ndarray) -> dict[str, float]:
    if values.size == 0:
        return {"value": float("nan"), "lo": float("nan"), "hi": float("nan")}
    boot = values[resamples].mean(axis=1)
    lo, hi = np.quantile(boot, [0.025, 0.975])
    return {"value": float(values.mean()), "lo": float(lo), "hi": float(hi)}


def score_summary(
    p: np.ndarray, y: np.ndarray, resamples: np.ndarray
) -> dict[str, dict[str, float]]:
    """Metric -> {value, lo, hi}: the mean over cases and its 95 % bootstrap interval."""
    scores = case_scores(p, y)
    return {m: _summary(scores[m], resamples) for m in METRICS}


def paired_difference(
    p_a: np.ndarray, p_b: np.ndarray, y: np.ndarray, resamples: np.ndarray
) -> dict[str, dict[str, float]]:
    """Metric -> {value, lo, hi} of score(a) - score(b) on the same cases and resamples."""
    a, b = case_scores(p_a, y), case_scores(p_b, y)
    return {m: _summary(a[m] - b[m], resamples) for m in METRICS}


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    """Reliability diagram data: every (case, class) forecast binned by its probability.

    Returns
    -------
    list of dict
        One per non-empty bin: ``lo``, ``hi`` (bin edges), ``predicted`` (mean forecast),
        ``observed`` (share of those forecasts whose class happened), ``count``.
    """
    p, y = _check(p, y)
    onehot = np.zeros_like(p)
    onehot[np.arange(y.size), y] = 1.0
    flat, hit = p.ravel(), onehot.ravel()
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(flat, edges[1:-1]), 0, bins - 1)
    out = []
    for b in range(bins):
        mask = which == b
        if mask.any():
            out.append(
                {
                    "lo": float(edges[b]),
                    "hi": float(edges[b + 1]),
                    "predicted": float(flat[mask].mean()),
                    "observed": float(hit[mask].mean()),
                    "count": int(mask.sum()),
                }
            )
    return out
