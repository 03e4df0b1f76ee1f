"""The two baselines detente's odds are scored against, on the same crises.

* **Base rate**: every crisis gets the class frequencies of the training crises.
* **Multinomial logit** on the pre-outcome ICB covariates of
  :func:`detente.data.baseline_covariates` (scikit-learn's ``LogisticRegression``, multinomial
  softmax, L2 penalty): columns constant in the training rows are dropped, the rest
  standardised on the training rows; the penalty ``C`` is chosen from :data:`C_GRID` by
  5-fold stratified cross-validation of the log loss *within the training rows* (folds fixed
  by ``seed``), so nothing of the test period is used. With 69 columns and a few hundred
  crises an unpenalised logit over-fits badly (its test log loss grows without bound as the
  penalty vanishes); the penalty is what makes it a fair baseline.

References
----------
Pedregosa, F. et al. (2011). Scikit-learn: machine learning in Python. *JMLR* 12, 2825-2830.
Hastie, T., Tibshirani, R. & Friedman, J. (2009). *The Elements of Statistical Learning*, 2nd
ed., sec. 4.4 (multinomial logistic regression) and 7.10 (cross-validation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from detente.errors import EstimationError

__all__ = ["C_GRID", "LogitBaseline", "base_rate", "fit_logit"]

#: Penalties searched (inverse L2 strength on standardised columns).
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)


def base_rate(y: np.ndarray, n_classes: int) -> np.ndarray:
    """Class frequencies of ``y`` (a forecast vector)."""
    counts = np.bincount(np.asarray(y, dtype=int), minlength=n_classes).astype(float)
    if counts.sum() == 0:
        raise EstimationError("no training crises: the base rate is undefined")
    return counts / counts.sum()


def _sklearn():
    try:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold
    except ImportError:  # pragma: no cover - depends on the installation
        raise EstimationError(
            "the multinomial-logit baseline needs scikit-learn: pip install 'detente[validate]'"
        ) from None
    return LogisticRegression, StratifiedKFold


@dataclass(frozen=True)
class LogitBaseline:
    """A fitted multinomial logit: columns used, their scaling, the penalty and the model."""

    columns: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    C: float
    cv_log_loss: dict[float, float]
    model: object
    n_classes: int

    def design(self, covariates: pd.DataFrame) -> np.ndarray:
        x = covariates.loc[:, list(self.columns)].to_numpy(dtype=float)
        return (x - self.mean) / self.scale

    def predict(self, covariates: pd.DataFrame) -> np.ndarray:
        """Class probabilities (rows: crises; columns: every class, 0 for unseen ones)."""
        proba = self.model.predict_proba(self.design(covariates))
        out = np.zeros((proba.shape[0], self.n_classes))
        out[:, self.model.classes_] = proba
        return out

    def refit(self, covariates: pd.DataFrame, y: np.ndarray) -> LogitBaseline:
        """The same columns, scaling and penalty refitted on other rows (warm start)."""
        model = _model(self.C)
        model.set_params(warm_start=True)
        model.coef_ = self.model.coef_.copy()
        model.intercept_ = self.model.intercept_.copy()
        model.classes_ = self.model.classes_
        model.fit(self.design(covariates), np.asarray(y, dtype=int))
        return LogitBaseline(
            self.columns, self.mean, self.scale, self.C, self.cv_log_loss, model, self.n_classes
        )


def _model(C: float):
    LogisticRegression, _ = _sklearn()
    return LogisticRegression(C=C, max_iter=5000, tol=1e-8)


def fit_logit(
    covariates: pd.DataFrame, y: np.ndarray, n_classes: int, seed: int = 0
) -> LogitBaseline:
    """Fit the penalised multinomial logit on training rows (module docstring).

    Parameters
    ----------
    covariates : DataFrame
        Training rows of :func:`detente.data.baseline_covariates`.
    y : ndarray of int
        Their observed classes.
    n_classes : int
    seed : int
        Fixes the cross-validation folds.
    """
    _, StratifiedKFold = _sklearn()
    y = np.asarray(y, dtype=int)
    x_all = covariates.to_numpy(dtype=float)
    keep = x_all.std(axis=0) > 0
    columns = tuple(c for c, k in zip(covariates.columns, keep, strict=True) if k)
    x = x_all[:, keep]
    mean, scale = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / scale
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    cv: dict[float, float] = {}
    for C in C_GRID:
        losses = []
        for train, test in folds.split(z, y):
            m = _model(C).fit(z[train], y[train])
            p = np.full((test.size, n_classes), 1e-12)
            p[:, m.classes_] = np.maximum(m.predict_proba(z[test]), 1e-12)
            losses.append(-np.log(p[np.arange(test.size), y[test]]))
        cv[C] = float(np.concatenate(losses).mean())
    best = min(cv, key=lambda c: (cv[c], c))
    model = _model(best).fit(z, y)
    return LogitBaseline(columns, mean, scale, best, cv, model, n_classes)
