"""The maximum-likelihood engine shared by every strategic model.

A model is a set of *slots* (linear predictors ``X_k b_k + offset_k``: one per utility, plus
log-scale terms) and a function mapping the slot values of every observation to its
log-likelihood. Forward-mode derivatives (:mod:`detente.estimate.forward_mode`) give the exact
gradient; BFGS (SciPy) maximises with it; the Hessian is the central finite difference of the
analytic gradient (as ``maxLik``'s numeric Hessian of an analytic gradient), and the
covariance its negative inverse.

References
----------
Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8), section 3 (estimation by BFGS, standard errors).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from detente.errors import EstimationError
from detente.estimate.forward_mode import Dual
from detente.estimate.model_frame import EstimationWarning

SlotFunction = Callable[[list[Dual], "np.ndarray | slice"], Dual]


@dataclass(frozen=True)
class Likelihood:
    """Log-likelihood of a strategic model as a function of its coefficient vector.

    Attributes
    ----------
    designs : list of ndarray
        One design matrix per slot (``(n, p_k)``; ``p_k`` may be 0).
    offsets : list of ndarray or float
        Fixed part of each slot (a fixed scale, or 0).
    evaluate : callable
        ``evaluate(slots, rows)`` returns the per-observation log-likelihood (a :class:`Dual`)
        of the observations ``rows`` given their slot values.
    """

    designs: list[np.ndarray]
    offsets: list[np.ndarray | float]
    evaluate: SlotFunction

    @property
    def n_params(self) -> int:
        """Number of coefficients."""
        return int(sum(x.shape[1] for x in self.designs))

    @property
    def n_obs(self) -> int:
        """Number of observations."""
        return self.designs[0].shape[0]

    def _split(self, theta: np.ndarray) -> list[np.ndarray]:
        cuts = np.cumsum([x.shape[1] for x in self.designs])[:-1]
        return np.split(theta, cuts)

    def _active(self) -> list[int]:
        """Slots with coefficients; only these carry derivative columns."""
        return [k for k, x in enumerate(self.designs) if x.shape[1]]

    def slots(self, theta: np.ndarray, rows: np.ndarray | slice, derivatives: bool) -> list[Dual]:
        """Slot values (as Duals with identity derivatives when ``derivatives``)."""
        active = self._active()
        position = {k: i for i, k in enumerate(active)}
        out = []
        for k, (x, off, b) in enumerate(
            zip(self.designs, self.offsets, self._split(theta), strict=True)
        ):
            values = x[rows] @ b + (off[rows] if isinstance(off, np.ndarray) else off)
            if derivatives and k in position:
                out.append(Dual.slot(values, position[k], len(active)))
            else:
                out.append(Dual(np.asarray(values, dtype=float), None))
        return out

    def loglik_obs(self, theta: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Per-observation log-likelihood."""
        r: np.ndarray | slice = slice(None) if rows is None else rows
        return self.evaluate(self.slots(theta, r, derivatives=False), r).v

    def value_and_gradient(
        self, theta: np.ndarray, rows: np.ndarray | None = None
    ) -> tuple[float, np.ndarray]:
        """Total log-likelihood and its analytic gradient."""
        r: np.ndarray | slice = slice(None) if rows is None else rows
        ll = self.evaluate(self.slots(theta, r, derivatives=True), r)
        if ll.d is None:  # no free coefficients
            return float(np.sum(ll.v)), np.zeros(0)
        grad = [self.designs[k][r].T @ ll.d[:, i] for i, k in enumerate(self._active())]
        return float(np.sum(ll.v)), np.concatenate(grad) if grad else np.zeros(0)

    def hessian(self, theta: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Central finite differences of the analytic gradient, symmetrised."""
        p = theta.size
        h = 1e-5 * np.maximum(1.0, np.abs(theta))
        cols = []
        for j in range(p):
            step = np.zeros(p)
            step[j] = h[j]
            g_plus = self.value_and_gradient(theta + step, rows)[1]
            g_minus = self.value_and_gradient(theta - step, rows)[1]
            cols.append((g_plus - g_minus) / (2.0 * h[j]))
        hess = np.column_stack(cols) if cols else np.zeros((0, 0))
        return 0.5 * (hess + hess.T)


@dataclass(frozen=True)
class Optimum:
    """Result of :func:`maximize`."""

    theta: np.ndarray
    loglik: float
    gradient: np.ndarray
    converged: bool
    iterations: int
    message: str


def maximize(
    lik: Likelihood,
    start: np.ndarray,
    rows: np.ndarray | None = None,
    gtol: float = 1e-6,
    max_iter: int = 2000,
) -> Optimum:
    """Maximise the log-likelihood by BFGS with the analytic gradient.

    A fit is reported as converged when BFGS succeeds or when it stops for loss of precision
    with a gradient that is small relative to the size of the log-likelihood.
    """

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = lik.value_and_gradient(theta, rows)
        if not np.isfinite(value):
            return np.inf, np.zeros_like(theta)
        return -value, -grad

    value0 = objective(start)[0]
    if not np.isfinite(value0):
        raise EstimationError(
            "the log-likelihood is not finite at the starting values; check the data for "
            "extreme regressor values"
        )
    res = optimize.minimize(
        objective,
        start,
        jac=True,
        method="BFGS",
        options={"gtol": gtol, "maxiter": max_iter},
    )
    value, grad = lik.value_and_gradient(res.x, rows)
    small = float(np.max(np.abs(grad), initial=0.0)) < 1e-3 * max(1.0, abs(value)) ** 0.5
    converged = bool(res.success or small)
    return Optimum(
        theta=np.asarray(res.x),
        loglik=value,
        gradient=grad,
        converged=converged,
        iterations=int(res.nit),
        message=str(res.message),
    )


def covariance(hess: np.ndarray, names: list[str]) -> np.ndarray:
    """``inv(-H)``; NaN (with a warning naming the problem) if ``-H`` is not positive definite."""
    p = hess.shape[0]
    if p == 0:
        return np.zeros((0, 0))
    neg = -hess
    eig = np.linalg.eigvalsh(neg)
    if not np.all(np.isfinite(neg)) or eig.min() <= 1e-10 * max(1.0, abs(eig).max()):
        flat = np.argsort(np.abs(np.diag(neg)))[:3]
        warnings.warn(
            "the Hessian is not negative definite at the estimate, so the coefficients may "
            "not be (locally) identified and standard errors are not available; flattest "
            f"directions involve {', '.join(names[i] for i in flat)}",
            EstimationWarning,
            stacklevel=4,
        )
        return np.full((p, p), np.nan)
    return np.linalg.inv(neg)


def bootstrap(
    lik: Likelihood,
    estimate: np.ndarray,
    n_boot: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Nonparametric bootstrap: refit on ``n_boot`` resamples of the rows (warm start).

    Replicates whose fit does not converge are dropped with a warning, as in games'
    ``gameBoot``.
    """
    n = lik.n_obs
    draws = rng.integers(0, n, size=(n_boot, n))
    out = np.full((n_boot, estimate.size), np.nan)
    failed = 0
    for b in range(n_boot):  # one optimisation per replicate; each is vectorised over rows
        opt = maximize(lik, estimate, rows=draws[b])
        if opt.converged:
            out[b] = opt.theta
        else:
            failed += 1
    if failed:
        warnings.warn(
            f"{failed} of {n_boot} bootstrap replicates did not converge and were dropped",
            EstimationWarning,
            stacklevel=3,
        )
    return out[~np.isnan(out).any(axis=1)]
