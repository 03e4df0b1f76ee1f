"""Predicted-probability profiles: outcome probabilities as one regressor varies.

References
----------
Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8), section 4.2 (``predProbs`` and its plots).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from detente.errors import InputError

if TYPE_CHECKING:
    from detente.estimate.fit_result import GameFit


def _typical(series: pd.Series, center: str) -> Any:
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return float(series.median() if center == "median" else series.mean())
    return series.mode().iloc[0]


def profile_frame(
    fit: GameFit,
    variable: str,
    values: np.ndarray | list[float] | None = None,
    n_points: int = 50,
    at: dict[str, Any] | None = None,
    center: str = "mean",
) -> pd.DataFrame:
    """Profile data: a row per value of ``variable`` with its predicted probabilities.

    Parameters
    ----------
    fit : GameFit
    variable : str
        A regressor of the model.
    values : array-like, optional
        Values to evaluate at; default ``n_points`` evenly spaced over its observed range.
    n_points : int
        Number of points when ``values`` is not given.
    at : dict, optional
        Values at which to hold other regressors.
    center : {"mean", "median"}
        How numeric regressors are held; categorical ones are held at their mode.
    """
    if center not in ("mean", "median"):
        raise InputError(f"center must be 'mean' or 'median', got {center!r}")
    data = fit.data
    if variable not in data.columns:
        raise InputError(
            f"{variable!r} is not a variable of this model; choose one of "
            f"{', '.join(map(repr, data.columns))}"
        )
    if values is None:
        col = data[variable]
        if pd.api.types.is_numeric_dtype(col) and col.nunique() > 2:
            values = np.linspace(col.min(), col.max(), n_points)
        else:
            values = np.sort(col.unique())
    values = np.asarray(values)
    base = {c: _typical(data[c], center) for c in data.columns}
    base.update(at or {})
    grid = pd.DataFrame({c: [v] * len(values) for c, v in base.items()})
    grid[variable] = values
    for c in data.columns:  # keep categories so the encoding matches the fit
        if isinstance(data[c].dtype, pd.CategoricalDtype):
            grid[c] = pd.Categorical(grid[c], categories=data[c].cat.categories)
    probs = fit.predict(grid)
    return pd.concat(
        [grid[[variable]].reset_index(drop=True), probs.reset_index(drop=True)], axis=1
    )


def plot_profile(fit: GameFit, variable: str, ax: Any = None, **kwargs: Any) -> Any:
    """Plot the predicted outcome probabilities of :func:`profile_frame` (matplotlib axes)."""
    import matplotlib.pyplot as plt

    frame = profile_frame(fit, variable, **kwargs)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    x = frame[variable].to_numpy()
    for col in frame.columns[1:]:
        ax.plot(x, frame[col].to_numpy(), label=col)
    ax.set_xlabel(variable)
    if fit.model == "ultimatum":
        ax.set_ylabel("prediction")
    else:
        ax.set_ylabel("predicted probability")
        ax.set_ylim(0, 1)
    ax.set_title(f"{fit.model}: predicted outcomes by {variable}")
    ax.legend(loc="best", fontsize="small")
    return ax
