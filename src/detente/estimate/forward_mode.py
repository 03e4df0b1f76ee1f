"""Forward-mode derivatives over a batch of observations.

A :class:`Dual` holds, for every observation, a value and its derivatives with respect to a few
*slots* (the linear predictors of a model: one per utility, plus the log-scale terms). The
strategic likelihoods are short compositions of sums, products, ratios, square roots and link
CDFs, so carrying exact derivatives through them gives the analytic gradient of the
log-likelihood without hand-deriving every model: the gradient with respect to the
coefficients of slot ``k`` is ``X_k.T @ dlogL/dslot_k``.

All operations are NumPy array operations over the observation axis; nothing loops over
observations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

EPS = float(np.finfo(float).eps)
# R's ``.Machine$double.neg.eps``: the probabilities in the games package are clipped to
# [EPS, 1 - NEG_EPS] (``finiteProbs``).
NEG_EPS = EPS / 2.0

_SQRT_2PI = np.sqrt(2.0 * np.pi)


@dataclass(frozen=True)
class Dual:
    """Values ``v`` (shape ``(n,)``) and derivatives ``d`` (shape ``(n, k)``, or ``None``).

    With ``d=None`` the same model code evaluates values only (used for prediction).
    """

    v: np.ndarray
    d: np.ndarray | None

    # Make ``ndarray <op> Dual`` defer to Dual's reflected operators.
    __array_ufunc__ = None

    # -- construction -------------------------------------------------------------------------
    @staticmethod
    def slot(values: np.ndarray, index: int, n_slots: int | None) -> Dual:
        """The ``index``-th independent variable (derivative 1 in its own slot)."""
        if n_slots is None:
            return Dual(np.asarray(values, dtype=float), None)
        d = np.zeros((values.shape[0], n_slots))
        d[:, index] = 1.0
        return Dual(np.asarray(values, dtype=float), d)

    def _lift(self, other: Dual | float | np.ndarray) -> Dual:
        if isinstance(other, Dual):
            return other
        return Dual(np.broadcast_to(np.asarray(other, dtype=float), self.v.shape), None)

    @staticmethod
    def _scale(d: np.ndarray | None, factor: np.ndarray | float) -> np.ndarray | None:
        if d is None:
            return None
        return d * np.asarray(factor)[..., None] if np.ndim(factor) else d * factor

    @staticmethod
    def _add(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
        if a is None:
            return b
        if b is None:
            return a
        return a + b

    # -- arithmetic ---------------------------------------------------------------------------
    def __add__(self, other: Dual | float | np.ndarray) -> Dual:
        o = self._lift(other)
        return Dual(self.v + o.v, self._add(self.d, o.d))

    __radd__ = __add__

    def __neg__(self) -> Dual:
        return Dual(-self.v, None if self.d is None else -self.d)

    def __sub__(self, other: Dual | float | np.ndarray) -> Dual:
        return self + (-self._lift(other))

    def __rsub__(self, other: Dual | float | np.ndarray) -> Dual:
        return self._lift(other) + (-self)

    def __mul__(self, other: Dual | float | np.ndarray) -> Dual:
        o = self._lift(other)
        d = self._add(self._scale(self.d, o.v), self._scale(o.d, self.v))
        return Dual(self.v * o.v, d)

    __rmul__ = __mul__

    def __truediv__(self, other: Dual | float | np.ndarray) -> Dual:
        o = self._lift(other)
        v = self.v / o.v
        d = self._add(self._scale(self.d, 1.0 / o.v), self._scale(o.d, -v / o.v))
        return Dual(v, d)

    def __rtruediv__(self, other: Dual | float | np.ndarray) -> Dual:
        return self._lift(other) / self

    def square(self) -> Dual:
        """``x**2``."""
        return Dual(self.v**2, self._scale(self.d, 2.0 * self.v))

    def sqrt(self) -> Dual:
        """Square root (arguments are strictly positive variances here)."""
        r = np.sqrt(self.v)
        return Dual(r, self._scale(self.d, 0.5 / r))

    def exp(self) -> Dual:
        """Exponential, with the argument clipped at 700 (as R's ``finitize``)."""
        e = np.exp(np.minimum(self.v, 700.0))
        return Dual(e, self._scale(self.d, e))

    def log(self) -> Dual:
        """Natural logarithm."""
        return Dual(np.log(self.v), self._scale(self.d, 1.0 / self.v))

    def log_sigmoid(self) -> Dual:
        """``log(1 / (1 + exp(-x)))``, computed stably."""
        return Dual(-np.logaddexp(0.0, -self.v), self._scale(self.d, special.expit(-self.v)))

    def softplus(self) -> Dual:
        """``log(1 + exp(x))``, computed stably."""
        return Dual(np.logaddexp(0.0, self.v), self._scale(self.d, special.expit(self.v)))

    def clip_probability(self) -> Dual:
        """Clip to ``[eps, 1 - eps]`` as the games package's ``finiteProbs`` does.

        Where a value is clipped its derivative is zero (the exact derivative of the clipped
        function).
        """
        inside = (self.v >= EPS) & (self.v <= 1.0 - NEG_EPS)
        v = np.clip(self.v, EPS, 1.0 - NEG_EPS)
        return Dual(v, self._scale(self.d, inside.astype(float)))

    def clip_log_below(self, floor: float) -> Dual:
        """``max(x, floor)`` with zero derivative where the floor binds."""
        above = self.v >= floor
        return Dual(np.maximum(self.v, floor), self._scale(self.d, above.astype(float)))


def link_cdf(x: Dual, link: str) -> Dual:
    """Standard link CDF: ``Phi(x)`` for probit, ``1 / (1 + exp(-x))`` for logit.

    References
    ----------
    Signorino, C. S. (2003). Structure and uncertainty in discrete choice models.
    *Political Analysis* 11: 316-344.
    """
    if link == "probit":
        pdf = np.exp(-0.5 * x.v**2) / _SQRT_2PI
        return Dual(special.ndtr(x.v), Dual._scale(x.d, pdf))
    p = special.expit(x.v)
    return Dual(p, Dual._scale(x.d, p * (1.0 - p)))


def select_outcome(log_probs: list[Dual], y: np.ndarray) -> Dual:
    """Pick, for observation ``i``, the log-probability of its observed outcome ``y[i]``."""
    rows = np.arange(y.shape[0])
    values = np.stack([lp.v for lp in log_probs], axis=1)[rows, y]
    with_d = [lp.d for lp in log_probs if lp.d is not None]
    if not with_d:
        return Dual(values, None)
    zeros = np.zeros_like(with_d[0])
    derivs = np.stack([zeros if lp.d is None else lp.d for lp in log_probs], axis=1)
    return Dual(values, derivs[rows, y, :])
