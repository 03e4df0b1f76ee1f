"""Validate scenario odds on the whole crisis record: predict, score, compare, calibrate.

:func:`validate_record` translates every classified ICB crisis into a scenario
(:mod:`detente.scenario.icb_scenarios`), predicts its outcome class given the challenge with
the mapping (:func:`~detente.scenario.calibration_fit.class_probabilities` on the stacked
inputs of :mod:`detente.scenario.record_inputs`: one vectorized pass over crises x draws), and
scores the predictions against what happened, side by side with the training base rate and a
penalised multinomial logit (:mod:`detente.scenario.baseline_forecasts`) on the same crises:

* **temporal split**: the constants are fitted on crises triggered before ``until`` (1990 by
  default) and scored on the crises from ``until`` on; the crises of the bundled scenarios
  (:data:`BUNDLED_CRISES`) are in neither and are reported on their own;
* **leave-one-crisis-out** (``loo=True``): every crisis predicted by models fitted on all the
  others. The logit is refitted exactly (warm start, same penalty), the base rate in closed
  form; detente's constants by one Newton step from the fit on all crises,
  ``c_-i = c - H^-1 g_i`` (``g_i`` the crisis's score, ``H`` the Hessian: the approximate
  leave-one-out of the infinitesimal jackknife; Efron 1982, ch. 3), because 480 exact
  simulated-likelihood refits take too long (docs/validation.md compares it with exact
  refits).

The result, :class:`RecordValidation`, is the analysis record; :mod:`detente.report` renders
it (HTML, JSON, ``predictions.csv``) and the CLI prints it. Nothing here is tuned on the test
period: the fit sees only training crises, the logit's penalty is cross-validated inside them.

References
----------
Efron, B. (1982). *The Jackknife, the Bootstrap and Other Resampling Plans*. SIAM.
Gneiting, T. & Raftery, A. E. (2007). Strictly proper scoring rules, prediction, and
estimation. *JASA* 102(477), 359-378.
"""

from __future__ import annotations

import os
import time
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

import detente
from detente.data.crisis_outcomes import OUTCOME_CLASSES, OUTCOME_DEFINITIONS
from detente.errors import InputError, ParameterError
from detente.estimate.model_frame import EstimationWarning
from detente.scenario.baseline_forecasts import base_rate, fit_logit
from detente.scenario.calibration import (
    MAPPING_VERSION,
    Calibration,
    bundled_calibrations,
    load_calibration,
)
from detente.scenario.calibration_fit import (
    FITTED_CONSTANTS,
    CalibrationFit,
    class_probabilities,
    fit_constants,
    to_fitted_scale,
    to_natural_scale,
)
from detente.scenario.forecast_scores import (
    bootstrap_indices,
    case_scores,
    paired_difference,
    reliability,
    score_summary,
)
from detente.scenario.icb_scenarios import TRANSLATION_VERSION, icb_record, icb_scenario
from detente.scenario.record_inputs import stacked_inputs, take_rows

__all__ = [
    "BUNDLED_CRISES",
    "CLASS_SLUGS",
    "DEFAULT_DRAWS",
    "FITTED_CALIBRATION",
    "MODELS",
    "RecordValidation",
    "validate_record",
    "validation_summary_path",
]

#: ICB crisis number -> bundled scenario of the same crisis (kept out of training).
BUNDLED_CRISES = {
    196: "cuban_missile_crisis",
    132: "korea_1950",
    336: "falklands_1982",
    431: "kargil_1999",
}
#: The bundled fitted calibration (``detente validate --write-calibration`` regenerates it).
FITTED_CALIBRATION = "icb_v14_pre1990"
#: Draws per crisis of a validation and of the bundled fit.
DEFAULT_DRAWS = 200
DEFAULT_UNTIL = 1990
#: Column slugs of the classes in ``predictions.csv``.
CLASS_SLUGS = ("deterrence_holds", "challenger_prevails", "compromise_or_stalemate", "war")
#: The models scored: key -> description.
MODELS = {
    "detente": "detente, calibrated (the constants fitted on the training crises)",
    "detente_handset": "detente, hand-set constants (handset.toml)",
    "base_rate": "training base rate (class frequencies of the training crises)",
    "logit": "multinomial logit on the pre-outcome ICB covariates (L2, cross-validated)",
}
#: Eras of the per-era table (first year, last year, name).
ERAS = (
    (1918, 1938, "1918-1938 interwar"),
    (1939, 1945, "1939-1945 Second World War"),
    (1946, 1989, "1946-1989 Cold War"),
    (1990, 2100, "1990-2017 post-Cold War"),
)
N_BOOT = 2000
WORST = 20


def validation_summary_path():
    """The bundled summary of the fitted calibration's validation (``validation.json`` of
    ``detente validate --out DIR``, copied next to the calibration; the web page reads it)."""
    from importlib.resources import files
    from pathlib import Path

    folder = files("detente.scenario").joinpath("calibrations")
    return Path(str(folder.joinpath(f"{FITTED_CALIBRATION}.validation.json")))


@dataclass
class RecordValidation:
    """The validation record: settings, predictions, scores, fit and timings.

    ``predictions`` has one row per classified crisis (``crisno``, ``name``, ``year``,
    ``challenger``, ``defender``, ``split`` of train/test/bundled, ``observed``, ``p_<class>``
    of the calibrated model and ``<model>_p_<class>`` of the others). ``scores`` holds the
    test-period scores per model (metric -> value, lo, hi), ``differences`` paired
    differences of detente from each baseline, ``loo`` the leave-one-out scores (or None).
    """

    settings: dict[str, Any]
    predictions: pd.DataFrame
    scores: dict[str, dict[str, dict[str, float]]]
    train_scores: dict[str, dict[str, dict[str, float]]]
    differences: dict[str, dict[str, dict[str, float]]]
    reliability: dict[str, list[dict[str, Any]]]
    eras: list[dict[str, Any]]
    worst: list[dict[str, Any]]
    bundled: list[dict[str, Any]]
    calibration: dict[str, Any]
    logit: dict[str, Any]
    loo: dict[str, Any] | None
    timings: dict[str, float]
    version: str = detente.__version__
    fit: CalibrationFit | None = field(default=None, repr=False)
    fitted: Calibration | None = field(default=None, repr=False)

    @property
    def n_train(self) -> int:
        return int((self.predictions["split"] == "train").sum())

    @property
    def n_test(self) -> int:
        return int((self.predictions["split"] == "test").sum())

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (the ``--json`` output): ``n_train``, ``n_test``, ``scores`` and the rest."""
        return {
            "n_train": self.n_train,
            "n_test": self.n_test,
            "n_bundled": int((self.predictions["split"] == "bundled").sum()),
            "scores": self.scores,
            "differences": self.differences,
            "train_scores": self.train_scores,
            "loo": self.loo,
            "models": dict(MODELS),
            "classes": list(OUTCOME_CLASSES),
            "settings": self.settings,
            "calibration": self.calibration,
            "logit": self.logit,
            "eras": self.eras,
            "worst": self.worst,
            "bundled": self.bundled,
            "reliability": self.reliability,
            "timings": self.timings,
            "version": self.version,
        }


def _fit_provenance(
    settings: dict[str, Any], fit: CalibrationFit, n_train: int, bundled: list[int]
) -> dict[str, Any]:
    return {
        "data": "International Crisis Behavior v14 (icb1v14.csv, icb2v14.csv) with COW NMC "
        "v7.0 CINC",
        "definition": settings["definition"],
        "training": f"crises triggered before {settings['until']}, classified, without the "
        f"crises of the bundled scenarios ({', '.join(map(str, bundled))})",
        "until": settings["until"],
        "n": n_train,
        "method": "simulated maximum likelihood of the classes given a challenge; BFGS with "
        "central-difference scores (detente.estimate.maximum_likelihood); standard errors "
        "from the Hessian (delta method)",
        "loglik": round(fit.loglik, 6),
        "converged": bool(fit.converged),
        "iterations": int(fit.iterations),
        "fitted": list(fit.names),
        "at_bound": dict(fit.at_bound),
        "seed": settings["seed"],
        "draws": settings["draws"],
        "translation_version": TRANSLATION_VERSION,
        "detente_version": detente.__version__,
    }


def _matches(cal: Calibration, settings: dict[str, Any]) -> bool:
    """Whether a bundled fitted calibration was made with these settings (so no refit)."""
    prov = cal.provenance
    return (
        cal.fitted
        and prov.get("until") == settings["until"]
        and prov.get("definition") == settings["definition"]
        and prov.get("draws") == settings["draws"]
        and prov.get("seed") == settings["seed"]
        and prov.get("translation_version") == TRANSLATION_VERSION
    )


def _observed_index(outcomes: pd.Series) -> np.ndarray:
    index = {c: i for i, c in enumerate(OUTCOME_CLASSES)}
    return outcomes.map(index).to_numpy(dtype=int)


def validate_record(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    until: int = DEFAULT_UNTIL,
    definition: str = "defender_outcome",
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    calibration: str | Calibration | None = None,
    refit: bool = False,
    loo: bool = False,
    n_boot: int = N_BOOT,
) -> RecordValidation:
    """Predict and score every classified ICB crisis (module docstring).

    Parameters
    ----------
    data_dir : path, optional
        Folder with the ICB and COW files (else ``$DETENTE_DATA_DIR`` or the cache).
    until : int
        First year of the test period; training crises are triggered before it.
    definition : str
        Outcome-class definition (:data:`detente.data.OUTCOME_DEFINITIONS`).
    draws, seed : int
        Monte Carlo draws per crisis (fixed common random numbers) and the seed of the
        crises' streams, the logit's folds and the bootstrap.
    calibration : str or Calibration, optional
        Score this calibration as ``detente`` instead of fitting (e.g. a file of yours).
    refit : bool
        Fit on the training crises even when the bundled fitted calibration matches the
        settings (it then reproduces it).
    loo : bool
        Also compute leave-one-crisis-out scores (slower: one more fit on all crises).
    n_boot : int
        Bootstrap resamples of the intervals.

    Returns
    -------
    RecordValidation

    Raises
    ------
    DataError
        The data are missing (naming how to get them) or lack a column.
    InputError
        An unknown definition, a ``until`` that leaves no training or no test crisis, a bad
        calibration file.
    """
    if definition not in OUTCOME_DEFINITIONS:
        raise InputError(
            f"--definition {definition!r} is not an outcome definition; use one of: "
            f"{', '.join(OUTCOME_DEFINITIONS)}"
        )
    for name, value, lo in (("draws", draws, 1), ("seed", seed, 0), ("n_boot", n_boot, 10)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < lo:
            raise ParameterError(f"{name} must be an integer >= {lo}, got {value!r}")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    records = icb_record(data_dir, definition)
    names = records.attrs.get("state_names", {})
    scored = records.loc[records["outcome"].notna()].reset_index(drop=True)
    years = scored["yrtrig"].to_numpy(dtype=float)
    is_bundled = scored["crisno"].isin(list(BUNDLED_CRISES)).to_numpy()
    train = (years < until) & ~is_bundled
    test = (years >= until) & ~is_bundled
    if not train.any() or not test.any():
        lo, hi = int(np.nanmin(years)) + 1, int(np.nanmax(years))
        raise InputError(
            f"--until {until} leaves no {'training' if not train.any() else 'test'} crisis; "
            f"give a year from {lo} to {hi}"
        )
    split = np.where(is_bundled, "bundled", np.where(train, "train", "test"))
    y = _observed_index(scored["outcome"])
    timings["read"] = time.perf_counter() - t0

    t = time.perf_counter()
    scenarios = [icb_scenario(row, names) for row in scored.to_dict("records")]
    crisnos = scored["crisno"].astype(int).tolist()
    handset = load_calibration("handset")
    inputs = stacked_inputs(scenarios, crisnos, draws, seed, handset["defense_interceptors"])
    timings["translate"] = time.perf_counter() - t

    settings = {
        "until": int(until),
        "definition": definition,
        "draws": int(draws),
        "seed": int(seed),
        "n_boot": int(n_boot),
        "translation_version": TRANSLATION_VERSION,
        "mapping_version": MAPPING_VERSION,
        "bundled_crises": dict(BUNDLED_CRISES),
    }
    t = time.perf_counter()
    fit: CalibrationFit | None = None
    if calibration is not None:
        cal = load_calibration(calibration)
        how = "given"
    else:
        bundled = bundled_calibrations()
        cal = load_calibration(FITTED_CALIBRATION) if FITTED_CALIBRATION in bundled else None
        how = "bundled"
        if refit or cal is None or not _matches(cal, settings):
            fit = fit_constants(take_rows(inputs, train), y[train], handset, FITTED_CONSTANTS)
            provenance = _fit_provenance(settings, fit, int(train.sum()), list(BUNDLED_CRISES))
            cal = fit.calibration(
                handset,
                name=FITTED_CALIBRATION if until == DEFAULT_UNTIL else f"icb_v14_pre{until}",
                description=f"Mapping constants fitted to ICB v14 crises triggered before "
                f"{until} (detente validate).",
                origin="fitted by detente validate",
                provenance=provenance,
                base="handset",
            )
            how = "refitted"
    settings["calibration"] = {"name": cal.name, "status": cal.status, "how": how}
    timings["fit"] = time.perf_counter() - t

    t = time.perf_counter()
    probs = {
        "detente": class_probabilities(inputs, cal.values()),
        "detente_handset": class_probabilities(inputs, handset.values()),
        "base_rate": np.tile(base_rate(y[train], len(OUTCOME_CLASSES)), (y.size, 1)),
    }
    from detente.data import baseline_covariates

    covariates = baseline_covariates(scored)
    logit = fit_logit(covariates.loc[train], y[train], len(OUTCOME_CLASSES), seed)
    probs["logit"] = logit.predict(covariates)
    timings["predict"] = time.perf_counter() - t

    t = time.perf_counter()
    resamples = bootstrap_indices(int(test.sum()), n_boot, seed)
    train_resamples = bootstrap_indices(int(train.sum()), n_boot, seed + 1)
    scores = {m: score_summary(p[test], y[test], resamples) for m, p in probs.items()}
    train_scores = {m: score_summary(p[train], y[train], train_resamples) for m, p in probs.items()}
    differences = {
        f"detente - {m}": paired_difference(
            probs["detente"][test], probs[m][test], y[test], resamples
        )
        for m in ("base_rate", "logit", "detente_handset")
    }
    timings["score"] = time.perf_counter() - t

    predictions = _predictions(scored, split, y, probs)
    result = RecordValidation(
        settings=settings,
        predictions=predictions,
        scores=scores,
        train_scores=train_scores,
        differences=differences,
        reliability={m: reliability(p[test], y[test]) for m, p in probs.items()},
        eras=_eras(scored, split, y, probs),
        worst=_worst(predictions, y, probs["detente"], split),
        bundled=_bundled(predictions),
        calibration=_calibration_summary(cal, handset, fit),
        logit={
            "C": logit.C,
            "cv_log_loss": {str(k): v for k, v in logit.cv_log_loss.items()},
            "columns": len(logit.columns),
        },
        loo=None,
        timings=timings,
        fit=fit,
        fitted=cal,
    )
    if loo:
        t = time.perf_counter()
        result.loo = _leave_one_out(
            inputs, y, ~is_bundled, cal, handset, covariates, logit, n_boot, seed
        )
        timings["loo"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return result


def _predictions(
    scored: pd.DataFrame, split: np.ndarray, y: np.ndarray, probs: dict[str, np.ndarray]
) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "crisno": scored["crisno"].astype(int).to_numpy(),
            "name": scored["crisname"].astype(str).to_numpy(),
            "year": scored["yrtrig"].astype(int).to_numpy(),
            "challenger": scored["challenger_name"].astype(str).to_numpy(),
            "defender": scored["defender_name"].astype(str).to_numpy(),
            "split": split,
        }
    )
    for m, p in probs.items():
        prefix = "p_" if m == "detente" else f"{m}_p_"
        for j, slug in enumerate(CLASS_SLUGS):
            out[f"{prefix}{slug}"] = p[:, j]
    out["observed"] = [OUTCOME_CLASSES[i] for i in y]
    return out


def _eras(
    scored: pd.DataFrame, split: np.ndarray, y: np.ndarray, probs: dict[str, np.ndarray]
) -> list[dict[str, Any]]:
    years = scored["yrtrig"].to_numpy(dtype=float)
    rows = []
    for lo, hi, name in ERAS:
        mask = (years >= lo) & (years <= hi) & (split != "bundled")
        if not mask.any():
            continue
        counts = np.bincount(y[mask], minlength=len(OUTCOME_CLASSES))
        row: dict[str, Any] = {
            "era": name,
            "n": int(mask.sum()),
            "split": "/".join(sorted(set(split[mask]))),
            "observed": {c: int(k) for c, k in zip(OUTCOME_CLASSES, counts, strict=True)},
        }
        for m, p in probs.items():
            row[m] = float(case_scores(p[mask], y[mask])["log_loss"].mean())
        rows.append(row)
    return rows


def _worst(
    predictions: pd.DataFrame, y: np.ndarray, p: np.ndarray, split: np.ndarray
) -> list[dict[str, Any]]:
    loss = case_scores(p, y)["log_loss"]
    order = [i for i in np.argsort(-loss, kind="stable") if split[i] != "bundled"][:WORST]
    return [
        {
            "crisno": int(predictions["crisno"].iat[i]),
            "name": str(predictions["name"].iat[i]),
            "year": int(predictions["year"].iat[i]),
            "split": str(split[i]),
            "observed": str(predictions["observed"].iat[i]),
            "p_observed": float(p[i, y[i]]),
            "most_likely": OUTCOME_CLASSES[int(np.argmax(p[i]))],
            "log_loss": float(loss[i]),
        }
        for i in order
    ]


def _bundled(predictions: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for _, r in predictions.loc[predictions["split"] == "bundled"].iterrows():
        rows.append(
            {
                "crisno": int(r["crisno"]),
                "name": str(r["name"]),
                "year": int(r["year"]),
                "scenario": BUNDLED_CRISES.get(int(r["crisno"]), ""),
                "observed": str(r["observed"]),
                **{
                    m: {
                        c: float(r[("p_" if m == "detente" else f"{m}_p_") + s])
                        for c, s in zip(OUTCOME_CLASSES, CLASS_SLUGS, strict=True)
                    }
                    for m in MODELS
                },
            }
        )
    return rows


def _calibration_summary(
    cal: Calibration, handset: Calibration, fit: CalibrationFit | None
) -> dict[str, Any]:
    rows = []
    for k, c in cal.constants.items():
        h = handset.constants[k]
        if c.value != h.value or c.se is not None:
            rows.append(
                {
                    "constant": k,
                    "handset": h.value,
                    "value": c.value,
                    "se": c.se,
                    "at_bound": bool(k in cal.provenance.get("at_bound", {})),
                    "range": [c.lo, c.hi],
                }
            )
    return {
        "name": cal.name,
        "status": cal.status,
        "origin": cal.origin,
        "note": cal.note(),
        "provenance": dict(cal.provenance),
        "changed": rows,
        "eigenvalues": (
            [float(v) for v in np.linalg.eigvalsh(-fit.hessian)] if fit is not None else None
        ),
    }


def _leave_one_out(
    inputs: dict[str, np.ndarray],
    y: np.ndarray,
    rows: np.ndarray,
    cal: Calibration,
    handset: Calibration,
    covariates: pd.DataFrame,
    logit: Any,
    n_boot: int,
    seed: int,
) -> dict[str, Any]:
    """Leave-one-crisis-out predictions of every model on the crises ``rows``."""
    idx = np.flatnonzero(rows)
    sub = take_rows(inputs, idx)
    ys = y[idx]
    n = idx.size
    k = 4
    # detente: fit on all crises (warm start at the training fit), then one Newton step each
    free = [c for c in FITTED_CONSTANTS if c not in cal.provenance.get("at_bound", {})]
    start = {c: cal[c] for c in free}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        full = fit_constants(sub, ys, handset, FITTED_CONSTANTS, start=start)
    base_cal = full.calibration(handset)
    inv = np.linalg.pinv(-full.hessian)
    steps = -(full.scores @ inv)  # row i: c_-i - c on the fitted scale
    constants: dict[str, object] = dict(base_cal.values())
    for j, name in enumerate(full.names):
        z = full.z[j] + steps[:, j]
        constants[name] = to_natural_scale(handset, name, z)[:, None]
    probs = {
        "detente": class_probabilities(sub, constants),
        "detente_handset": class_probabilities(sub, handset.values()),
    }
    counts = np.bincount(ys, minlength=k).astype(float)
    loo_counts = counts[None, :] - np.eye(k)[ys]
    probs["base_rate"] = loo_counts / (n - 1)
    logit_full = logit.refit(covariates.iloc[idx], ys)
    pl = np.empty((n, k))
    for i in range(n):  # one warm-started refit per left-out crisis
        keep = np.ones(n, dtype=bool)
        keep[i] = False
        model = logit_full.refit(covariates.iloc[idx[keep]], ys[keep])
        pl[i] = model.predict(covariates.iloc[idx[[i]]])[0]
    probs["logit"] = pl
    resamples = bootstrap_indices(n, n_boot, seed + 2)
    return {
        "n": int(n),
        "method": {
            "detente": "one Newton step from the fit on all crises (approximate)",
            "detente_handset": "no fitted constants (same as its predictions)",
            "base_rate": "exact (frequencies without the crisis)",
            "logit": "exact refits (warm start, penalty chosen on the training crises)",
        },
        "full_fit": {
            "values": full.as_dict(),
            "se": {c: float(s) for c, s in zip(full.names, full.se, strict=True)},
            "loglik": full.loglik,
            "converged": bool(full.converged),
            "max_step": float(np.max(np.abs(steps))),
            "start": {c: float(to_fitted_scale(handset, c, v)) for c, v in start.items()},
        },
        "scores": {m: score_summary(p, ys, resamples) for m, p in probs.items()},
    }
