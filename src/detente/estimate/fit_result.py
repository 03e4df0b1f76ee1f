"""The result of fitting a strategic model: coefficients, standard errors, tables, predictions.

:class:`GameFit` is what :func:`~detente.estimate.egame12` and friends return. It prints a
coefficient table (``summary()``), exports it (``to_frame()``, ``to_latex()``), shows as an
HTML table in Jupyter, predicts outcome probabilities on new data (``predict``), traces them
as one regressor varies (``profile`` / ``plot_profile``), and bootstraps its standard errors
(``bootstrap``).

References
----------
Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8), section 4 (post-estimation analysis).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from detente.errors import InputError

Predictor = Callable[[pd.DataFrame, np.ndarray, str], pd.DataFrame]


@dataclass(frozen=True)
class GameFit:
    """A fitted strategic model.

    Attributes
    ----------
    model : str
        ``"egame12"``, ``"egame122"``, ``"egame123"`` or ``"ultimatum"``.
    formula, link, errors : str
        The specification (``errors`` is ``"agent"`` or ``"private"``).
    names : tuple of str
        Coefficient names, games-style (``u1(no attack):lreserves``).
    theta : ndarray
        Estimates.
    vcov_matrix : ndarray
        Negative inverse Hessian (NaN if it is not invertible).
    loglik_obs : ndarray
        Per-observation log-likelihoods (for Vuong/Clarke tests).
    n, n_dropped : int
        Observations used and rows dropped for missing values.
    converged : bool, iterations : int
        Optimiser report.
    outcome_labels : tuple of str
        Labels of the terminal outcomes (tree order).
    data : DataFrame
        The variables used, rows used (the model frame).
    y : ndarray
        The outcome of each observation (0-based outcome index, or offers for ultimatum).
    objective : callable
        ``objective(theta)`` returns the log-likelihood and its analytic gradient at any
        coefficient vector (for profiling and checks).
    """

    model: str
    formula: str
    link: str
    errors: str
    names: tuple[str, ...]
    theta: np.ndarray
    vcov_matrix: np.ndarray
    loglik_obs: np.ndarray
    n: int
    n_dropped: int
    converged: bool
    iterations: int
    outcome_labels: tuple[str, ...]
    data: pd.DataFrame
    y: np.ndarray
    predictor: Predictor = field(repr=False)
    refitter: Callable[[int, np.random.Generator], np.ndarray] | None = field(
        default=None, repr=False
    )
    objective: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = field(
        default=None, repr=False
    )
    boot_matrix: np.ndarray | None = None
    sdformula: str | None = None
    reference: str = ""

    # -- numbers -----------------------------------------------------------------------------
    @property
    def loglik(self) -> float:
        """Maximised log-likelihood."""
        return float(np.sum(self.loglik_obs))

    @property
    def n_params(self) -> int:
        """Number of estimated coefficients."""
        return len(self.names)

    @property
    def coefficients(self) -> pd.Series:
        """Estimates by name."""
        return pd.Series(self.theta, index=list(self.names), name="estimate")

    @property
    def vcov(self) -> pd.DataFrame:
        """Covariance of the estimates (negative inverse Hessian)."""
        return pd.DataFrame(self.vcov_matrix, index=list(self.names), columns=list(self.names))

    @property
    def std_errors(self) -> pd.Series:
        """Standard errors from the inverse Hessian."""
        se = np.sqrt(np.diag(self.vcov_matrix)) if self.n_params else np.zeros(0)
        return pd.Series(se, index=list(self.names), name="std_error")

    @property
    def boot_std_errors(self) -> pd.Series | None:
        """Bootstrap standard errors (``None`` until :meth:`bootstrap` was run)."""
        if self.boot_matrix is None:
            return None
        se = np.std(self.boot_matrix, axis=0, ddof=1)
        return pd.Series(se, index=list(self.names), name="boot_std_error")

    @property
    def aic(self) -> float:
        """Akaike information criterion."""
        return -2.0 * self.loglik + 2.0 * self.n_params

    @property
    def bic(self) -> float:
        """Bayesian information criterion."""
        return -2.0 * self.loglik + np.log(self.n) * self.n_params

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Wald confidence intervals from the Hessian standard errors."""
        z = stats.norm.ppf(0.5 + level / 2.0)
        se = self.std_errors.to_numpy()
        return pd.DataFrame(
            {"lower": self.theta - z * se, "upper": self.theta + z * se}, index=list(self.names)
        )

    # -- tables ------------------------------------------------------------------------------
    def to_frame(self, use_boot: bool = False) -> pd.DataFrame:
        """Coefficient table: estimate, std_error, z, p_value (bootstrap SEs if ``use_boot``)."""
        se = self.std_errors
        if use_boot:
            if self.boot_matrix is None:
                raise InputError("no bootstrap replicates: call .bootstrap(n_boot, seed) first")
            se = self.boot_std_errors
        z = self.theta / se.to_numpy()
        p = 2.0 * stats.norm.sf(np.abs(z))
        return pd.DataFrame(
            {"estimate": self.theta, "std_error": se.to_numpy(), "z": z, "p_value": p},
            index=pd.Index(list(self.names), name="coefficient"),
        )

    def _header(self) -> list[str]:
        errors = "private information" if self.errors == "private" else "agent error"
        lines = [
            f"Strategic model {self.model} ({self.link} link, {errors})",
            f"Formula: {self.formula}",
        ]
        if self.sdformula:
            lines.append(f"Scale formula: {self.sdformula}")
        dropped = f" ({self.n_dropped} dropped for missing values)" if self.n_dropped else ""
        lines.append(f"Observations: {self.n}{dropped}")
        lines.append(f"Log-likelihood: {self.loglik:.4f}   AIC: {self.aic:.2f}")
        if not self.converged:
            lines.append("WARNING: the optimiser did not converge")
        return lines

    def summary(self, use_boot: bool = False) -> None:
        """Print the table of estimates (bootstrap standard errors with ``use_boot=True``)."""
        print(self.summary_text(use_boot=use_boot))

    def summary_text(self, use_boot: bool = False) -> str:
        """The table printed by :meth:`summary`, as a string."""
        table = self.to_frame(use_boot=use_boot)
        width = max([len("coefficient"), *(len(n) for n in self.names)])
        head = (
            f"{'':<{width}}  {'Estimate':>10}  {'Std. Error':>10}  {'z value':>8}  {'Pr(>|z|)':>9}"
        )
        rows = [
            f"{name:<{width}}  {r.estimate:>10.4f}  {r.std_error:>10.4f}  {r.z:>8.3f}  "
            f"{_fmt_p(r.p_value):>9}"
            for name, r in table.iterrows()
        ]
        se_kind = "bootstrap" if use_boot else "inverse Hessian"
        return "\n".join([*self._header(), "", head, *rows, "", f"Standard errors: {se_kind}."])

    def __str__(self) -> str:
        return "\n".join(self._header())

    def to_latex(self, use_boot: bool = False, digits: int = 3) -> str:
        """LaTeX ``tabular`` of estimates with standard errors in parentheses."""
        table = self.to_frame(use_boot=use_boot)
        lines = [
            "\\begin{tabular}{lr}",
            "\\hline",
            " & Estimate (SE) \\\\",
            "\\hline",
        ]
        for name, r in table.iterrows():
            stars = "*" if r.p_value < 0.05 else ""
            lines.append(
                f"{_latex_escape(str(name))} & ${r.estimate:.{digits}f}^{{{stars}}}$ "
                f"(${r.std_error:.{digits}f}$) \\\\"
            )
        lines += [
            "\\hline",
            f"$N$ & {self.n} \\\\",
            f"Log-likelihood & ${self.loglik:.{digits}f}$ \\\\",
            "\\hline",
            "\\end{tabular}",
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        table = self.to_frame()
        head = "<br>".join(html.escape(line) for line in self._header())
        body = "".join(
            f"<tr><td style='text-align:left'>{html.escape(str(name))}</td>"
            f"<td>{r.estimate:.4f}</td><td>{r.std_error:.4f}</td><td>{r.z:.3f}</td>"
            f"<td>{_fmt_p(r.p_value)}</td></tr>"
            for name, r in table.iterrows()
        )
        return (
            f"<div><p>{head}</p><table><thead><tr><th></th><th>Estimate</th>"
            f"<th>Std. Error</th><th>z</th><th>Pr(&gt;|z|)</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>"
        )

    # -- predictions -------------------------------------------------------------------------
    def predict(self, newdata: pd.DataFrame | None = None, kind: str = "outcome") -> pd.DataFrame:
        """Predicted probabilities for each row of ``newdata`` (default: the data used).

        Parameters
        ----------
        newdata : DataFrame, optional
            Must contain the regressors of the formula (not the outcome).
        kind : {"outcome", "action"}
            Terminal-outcome probabilities (``Pr(label)``) or the probability of every action
            (``p1``... in the games package's numbering). For ``ultimatum``: the expected offer
            and the probability it is accepted.
        """
        if kind not in ("outcome", "action"):
            raise InputError(f"kind must be 'outcome' or 'action', got {kind!r}")
        if newdata is None:
            return self.predictor(self.data, self.theta, kind)
        for col in self.data.columns:
            known = self.data[col]
            if col not in newdata.columns or pd.api.types.is_numeric_dtype(known):
                continue
            bad = ~newdata[col].isin(set(known.unique()))
            if bad.any():
                values = ", ".join(repr(v) for v in newdata[col][bad].unique()[:5])
                raise InputError(
                    f"newdata column {col!r} has value(s) {values} not seen in the fit "
                    f"(known: {', '.join(map(repr, sorted(map(str, known.unique()))))})"
                )
        return self.predictor(newdata, self.theta, kind)

    def profile(
        self,
        variable: str,
        values: np.ndarray | list[float] | None = None,
        n_points: int = 50,
        at: dict[str, Any] | None = None,
        center: str = "mean",
    ) -> pd.DataFrame:
        """Predicted outcome probabilities as ``variable`` varies, the others held fixed.

        Numeric regressors are held at their mean (or median with ``center="median"``),
        categorical ones at their most frequent value; ``at`` overrides any of them.
        """
        from detente.estimate.profile_plots import profile_frame

        return profile_frame(self, variable, values, n_points, at, center)

    def plot_profile(self, variable: str, ax: Any = None, **kwargs: Any) -> Any:
        """Plot :meth:`profile` with matplotlib; returns the axes."""
        from detente.estimate.profile_plots import plot_profile

        return plot_profile(self, variable, ax=ax, **kwargs)

    # -- bootstrap ---------------------------------------------------------------------------
    def bootstrap(
        self, n_boot: int = 200, seed: int | np.random.Generator | None = None
    ) -> GameFit:
        """A copy with ``n_boot`` nonparametric bootstrap replicates of the estimates.

        Parameters
        ----------
        n_boot : int
            Number of resamples of the rows (with replacement).
        seed : int, numpy.random.Generator or None
            Randomness, for reproducibility.
        """
        if self.refitter is None:
            raise InputError(f"bootstrap is not available for this {self.model} fit")
        if n_boot < 2:
            raise InputError(f"n_boot must be at least 2, got {n_boot}")
        rng = np.random.default_rng(seed)
        return replace(self, boot_matrix=self.refitter(n_boot, rng))


def _fmt_p(p: float) -> str:
    if not np.isfinite(p):
        return "NA"
    return "<2e-16" if p < 2e-16 else f"{p:.4f}" if p >= 1e-4 else f"{p:.1e}"


def _latex_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\textbackslash{}")
        elif ch in "_%&#${}":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)
