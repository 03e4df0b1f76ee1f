"""Simulated maximum likelihood of the mapping's constants on a record of crises.

The data are crises selected on a challenge (an ICB crisis exists because the defender
perceived a threat), so each crisis is scored with the outcome classes *given that the
challenger pressed* (``success_if_pressed``, ``prevails_if_pressed``, ``compromise_if_pressed``
and ``war_if_pressed + nuclear_if_pressed`` of
:func:`~detente.scenario.outcome_probabilities.outcome_probabilities`). A crisis's predicted
probability of a class is the mean over its fixed draws (common random numbers: the draws do
not change while the constants move, so the simulated likelihood is smooth in them):

    log L(c) = sum_i log( (1/D) sum_d P(y_i | inputs_id, c) ).

The constants are estimated on an unbounded scale: each is the logit of its position in its
allowed range (``precision`` on the log scale), so every value the optimiser tries is
allowed. The maximisation and the Hessian use the project's engine
(:mod:`detente.estimate.maximum_likelihood`): each constant is a slot whose design is a
column of ones; the per-crisis derivatives are central finite differences of the simulated
log-likelihood (the kernel is plain NumPy). Standard errors come from the negative inverse
Hessian on the fitted scale and are carried back to each constant by the delta method.

Which constants are fitted (:data:`FITTED_CONSTANTS`) and why is in docs/validation.md: those
the record's outcome classes identify given the translation of
:mod:`detente.scenario.icb_scenarios`. The rest keep their base (hand-set) values.

References
----------
Gourieroux, C. & Monfort, A. (1996). *Simulation-Based Econometric Methods*. Oxford UP,
ch. 3 (simulated maximum likelihood; bias of order 1/D with D draws per observation).
Signorino, C. S. (1999). Strategic interaction and the statistical analysis of international
conflict. *APSR* 93(2), 279-297.
Kenkel, B. & Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from detente.errors import EstimationError, ParameterError
from detente.estimate.forward_mode import Dual
from detente.estimate.maximum_likelihood import Likelihood, covariance, maximize
from detente.estimate.model_frame import EstimationWarning
from detente.scenario.calibration import Calibration
from detente.scenario.crisis_variables import Env
from detente.scenario.outcome_probabilities import outcome_probabilities

__all__ = [
    "FITTED_CONSTANTS",
    "RECORD_CLASSES",
    "CalibrationFit",
    "class_probabilities",
    "fit_constants",
    "to_fitted_scale",
    "to_natural_scale",
]

#: The four classes of the record, in the order of :data:`detente.data.OUTCOME_CLASSES`.
RECORD_CLASSES = ("success", "prevails", "compromise", "war")

#: Constants fitted by default (the identifiable subset: see docs/validation.md).
FITTED_CONSTANTS = (
    "precision",
    "settlement_share",
    "irresolute_share",
    "challenger_resolve",
    "backdown_cost",
    "compliance_cost",
    "alliance_tie",
)
#: Constants whose fitted scale is the logit of the position of their *logarithm* in range.
_LOG_SCALE = ("precision",)
#: Step of the central differences on the fitted scale.
_STEP = 1e-4
#: Elements (crises x draws) evaluated at once: small blocks stay in the CPU cache.
_BLOCK_ELEMENTS = 8192
#: |z| beyond which an estimate is at the edge of its range (position within 0.1 % of it).
_EDGE = 6.9


def _bounds(calibration: Calibration, name: str) -> tuple[float, float, bool]:
    c = calibration.constants[name]
    log = name in _LOG_SCALE
    if log and c.lo <= 0:
        raise ParameterError(f"constant {name!r}: a log-scale constant needs a range above 0")
    return c.lo, c.hi, log


def to_fitted_scale(calibration: Calibration, name: str, value: float) -> float:
    """A constant's value -> its unbounded fitted scale (logit of its position in range)."""
    lo, hi, log = _bounds(calibration, name)
    if log:
        u = (np.log(value) - np.log(lo)) / (np.log(hi) - np.log(lo))
    else:
        u = (value - lo) / (hi - lo)
    u = float(np.clip(u, 1e-9, 1 - 1e-9))
    return float(np.log(u) - np.log1p(-u))


def to_natural_scale(calibration: Calibration, name: str, z: np.ndarray | float) -> np.ndarray:
    """Inverse of :func:`to_fitted_scale` (vectorized over ``z``)."""
    lo, hi, log = _bounds(calibration, name)
    u = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    if log:
        return np.exp(np.log(lo) + u * (np.log(hi) - np.log(lo)))
    return lo + u * (hi - lo)


def _derivative(calibration: Calibration, name: str, z: float) -> float:
    """d value / d z at ``z`` (for the delta method)."""
    lo, hi, log = _bounds(calibration, name)
    u = 1.0 / (1.0 + np.exp(-z))
    du = u * (1 - u)
    if log:
        return float(to_natural_scale(calibration, name, z) * (np.log(hi) - np.log(lo)) * du)
    return float((hi - lo) * du)


def class_probabilities(inputs: Env, constants: dict[str, object]) -> np.ndarray:
    """Per-crisis probability of each record class given a challenge, averaged over draws.

    Parameters
    ----------
    inputs : dict
        Stacked crisis inputs, arrays ``(crises, draws)``
        (:func:`~detente.scenario.record_inputs.stacked_inputs`).
    constants : dict
        Every constant (scalars, or arrays ``(crises, 1)``: one calibration per crisis).

    Returns
    -------
    ndarray, shape (crises, 4)
        Columns in :data:`RECORD_CLASSES` order; rows sum to 1.
    """
    n, draws = np.shape(inputs["stakes_c"])
    block = max(1, _BLOCK_ELEMENTS // max(draws, 1))
    parts = []
    for start in range(0, n, block):  # blocks of crises keep the temporaries in cache
        rows = slice(start, start + block)
        sub = {k: v[rows] for k, v in inputs.items()}
        const = {
            k: (v[rows] if np.ndim(v) == 2 and np.shape(v)[0] == n else v)
            for k, v in constants.items()
        }
        out = outcome_probabilities(sub, const)
        cols = [
            out["success_if_pressed"],
            out["prevails_if_pressed"],
            out["compromise_if_pressed"],
            out["war_if_pressed"] + out["nuclear_if_pressed"],
        ]
        parts.append(np.stack([np.asarray(c).mean(axis=-1) for c in cols], axis=-1))
    return np.concatenate(parts, axis=0)


@dataclass(frozen=True)
class CalibrationFit:
    """A fitted set of constants.

    Attributes
    ----------
    names : tuple of str
        The fitted constants.
    values, se : ndarray
        Estimates and their standard errors (delta method; NaN where the Hessian is not
        negative definite).
    z, covariance_z : ndarray
        Estimates and their covariance on the fitted (logit) scale.
    loglik : float
        Simulated log-likelihood at the estimate.
    n : int
        Crises in the fit.
    converged : bool
    iterations : int
    message : str
        The optimiser's report.
    gradient : ndarray
        Gradient at the estimate (fitted scale).
    hessian : ndarray
        Hessian of the log-likelihood at the estimate (fitted scale).
    scores : ndarray, shape (n, k)
        Per-crisis gradient of the log-likelihood at the estimate (for approximate
        leave-one-out and influence).
    start : dict
        The starting values (the base calibration's).
    at_bound : dict
        Constants whose estimate ran to the edge of their allowed range, with that edge:
        they are fixed there (boundary estimates, no standard error) and the others refitted.
    """

    names: tuple[str, ...]
    values: np.ndarray
    se: np.ndarray
    z: np.ndarray
    covariance_z: np.ndarray
    loglik: float
    n: int
    converged: bool
    iterations: int
    message: str
    gradient: np.ndarray
    hessian: np.ndarray
    scores: np.ndarray = field(repr=False)
    start: dict[str, float] = field(default_factory=dict)
    at_bound: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, float]:
        """Constant -> fitted value (interior estimates and those at a bound of the range)."""
        return {k: float(v) for k, v in zip(self.names, self.values, strict=True)} | dict(
            self.at_bound
        )

    def calibration(self, start: Calibration, **fields: object) -> Calibration:
        """``start`` with the fitted values (status ``fitted``; ``fields`` replace others)."""
        from dataclasses import replace

        cal = start.with_values(**self.as_dict())
        constants = {
            k: replace(c, se=_finite(self.se[self.names.index(k)])) if k in self.names else c
            for k, c in cal.constants.items()
        }
        return replace(cal, constants=constants, status="fitted", **fields)


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


class _RecordLikelihood:
    """The simulated log-likelihood of a record as a function of the fitted scale."""

    def __init__(
        self,
        inputs: Env,
        observed: np.ndarray,
        base: Calibration,
        names: Sequence[str],
    ) -> None:
        self.inputs = inputs
        self.observed = np.asarray(observed, dtype=int)
        self.base = base
        self.names = tuple(names)
        self.rows = np.arange(self.observed.size)

    def constants(self, z: np.ndarray) -> dict[str, object]:
        values: dict[str, object] = dict(self.base.values())
        for name, zk in zip(self.names, z, strict=True):
            values[name] = to_natural_scale(self.base, name, zk)
        return values

    def loglik_obs(self, z: np.ndarray) -> np.ndarray:
        p = class_probabilities(self.inputs, self.constants(z))
        chosen = p[self.rows, self.observed]
        return np.log(np.maximum(chosen, 1e-300))

    def value_and_scores(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-crisis log-likelihood and its derivative in each fitted constant."""
        base = self.loglik_obs(z)
        scores = np.empty((base.size, z.size))
        for k in range(z.size):
            step = np.zeros_like(z)
            step[k] = _STEP
            scores[:, k] = (self.loglik_obs(z + step) - self.loglik_obs(z - step)) / (2 * _STEP)
        return base, scores

    def engine(self) -> Likelihood:
        """The same log-likelihood in the engine's form: one slot per constant."""
        ones = np.ones((self.observed.size, 1))

        def evaluate(slots: list[Dual], rows: np.ndarray | slice) -> Dual:
            if not (isinstance(rows, slice) and rows == slice(None)):
                raise EstimationError("the record likelihood is evaluated on all crises")
            z = np.array([s.v[0] for s in slots])
            if slots[0].d is None:
                return Dual(self.loglik_obs(z), None)
            value, scores = self.value_and_scores(z)
            return Dual(value, scores)

        return Likelihood(
            designs=[ones] * len(self.names), offsets=[0.0] * len(self.names), evaluate=evaluate
        )


def fit_constants(
    inputs: Env,
    observed: np.ndarray,
    base: Calibration,
    names: Sequence[str] = FITTED_CONSTANTS,
    start: dict[str, float] | None = None,
    gtol: float = 1e-4,
    max_iter: int = 200,
) -> CalibrationFit:
    """Fit constants ``names`` by simulated maximum likelihood (module docstring).

    Parameters
    ----------
    inputs : dict
        Stacked crisis inputs ``(crises, draws)`` of the training crises.
    observed : ndarray of int
        Each crisis's observed class (index into :data:`RECORD_CLASSES`).
    base : Calibration
        Values of every constant not fitted, and the starting values.
    names : sequence of str
        Constants to fit.
    start : dict, optional
        Starting values (default: the base's), e.g. a previous fit (warm start).
    gtol, max_iter
        BFGS stopping rule (gradient norm on the fitted scale) and iteration budget.

    Returns
    -------
    CalibrationFit

    Raises
    ------
    ParameterError
        An unknown constant name.
    EstimationError
        The log-likelihood is not finite at the start.
    """
    unknown = [k for k in names if k not in base.constants]
    if unknown:
        raise ParameterError(f"cannot fit unknown constant(s) {', '.join(unknown)}")
    if not len(names):
        raise ParameterError("give at least one constant to fit")
    first = {k: base[k] for k in names} | dict(start or {})
    z0 = np.array([to_fitted_scale(base, k, first[k]) for k in names])
    record = _RecordLikelihood(inputs, observed, base, names)
    opt = maximize(record.engine(), z0, gtol=gtol, max_iter=max_iter)
    iterations = opt.iterations
    # constants whose estimate runs to the edge of their range: fixed there (a boundary
    # estimate, no standard error); the others are refitted from where they are
    edge = np.abs(opt.theta) > _EDGE
    bounds: dict[str, float] = {}
    if edge.any():
        bounds = {
            k: float(base.constants[k].lo if zk < 0 else base.constants[k].hi)
            for k, zk, e in zip(names, opt.theta, edge, strict=True)
            if e
        }
        inner = [k for k, e in zip(names, edge, strict=True) if not e]
        if not inner:
            raise EstimationError(
                f"every fitted constant ran to the edge of its range ({', '.join(bounds)}); "
                "the record does not identify them"
            )
        fixed_base = base.with_values(**bounds)
        record = _RecordLikelihood(inputs, observed, fixed_base, inner)
        opt = maximize(record.engine(), opt.theta[~edge], gtol=gtol, max_iter=max_iter)
        iterations += opt.iterations
        base, names = fixed_base, tuple(inner)
    lik = record.engine()
    hess = lik.hessian(opt.theta)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", EstimationWarning)
        cov = covariance(hess, list(names))
    for w in caught:
        warnings.warn(str(w.message), EstimationWarning, stacklevel=2)
    _, scores = record.value_and_scores(opt.theta)
    jac = np.array([_derivative(base, k, zk) for k, zk in zip(names, opt.theta, strict=True)])
    se = np.sqrt(np.maximum(np.diag(cov), 0.0)) * np.abs(jac)
    values = np.array(
        [float(to_natural_scale(base, k, zk)) for k, zk in zip(names, opt.theta, strict=True)]
    )
    return CalibrationFit(
        at_bound=bounds,
        names=tuple(names),
        values=values,
        se=se,
        z=opt.theta,
        covariance_z=cov,
        loglik=float(opt.loglik),
        n=int(np.asarray(observed).size),
        converged=opt.converged,
        iterations=iterations,
        message=opt.message,
        gradient=opt.gradient,
        hessian=hess,
        scores=scores,
        start=first,
    )


def calibration_text(calibration: Calibration, header: str = "") -> str:
    """A fitted calibration as a TOML file that inherits from its base (``base = ...``):
    only the fitted constants (value and standard error) and the provenance are written."""
    from detente.scenario.icb_scenarios import _toml

    lines = [f"# {line}".rstrip() for line in header.splitlines()] + [""] if header else []
    lines += [
        f"name = {_toml(calibration.name)}",
        f"mapping_version = {calibration.mapping_version}",
        f"status = {_toml(calibration.status)}",
        f"base = {_toml(calibration.base or 'handset')}",
        f"description = {_toml(calibration.description)}",
        "",
        "[provenance]",
    ]
    for key, value in calibration.provenance.items():
        if isinstance(value, dict):
            continue
        lines.append(f"{key} = {_toml(value)}")
    for key, value in calibration.provenance.items():
        if isinstance(value, dict):
            lines += ["", f"[provenance.{key}]"]
            lines += [f"{k} = {_toml(v)}" for k, v in value.items()]
    fitted = list(calibration.provenance.get("fitted", [])) + list(
        calibration.provenance.get("at_bound", {})
    )
    for name in fitted:
        c = calibration.constants[name]
        lines += ["", f"[constants.{name}]", f"value = {_toml(float(c.value))}"]
        if c.se is not None:
            lines.append(f"se = {_toml(float(c.se))}")
    return "\n".join(lines) + "\n"
