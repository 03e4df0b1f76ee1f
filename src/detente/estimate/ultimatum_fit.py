"""Maximum-likelihood fit of the statistical ultimatum game.

References
----------
Ramsay, K. W. and Signorino, C. S. (2009). A statistical model of the ultimatum game.
Working paper, University of Rochester.

Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from detente.errors import InputError, ParameterError
from detente.estimate.fit_result import GameFit
from detente.estimate.forward_mode import Dual
from detente.estimate.maximum_likelihood import Likelihood, bootstrap, covariance, maximize
from detente.estimate.model_frame import (
    EstimationWarning,
    binary_column,
    build_model_frame,
    describe_rows,
)
from detente.estimate.starting_values import binary_glm
from detente.estimate.ultimatum_game import ultimatum_loglik, ultimatum_predict


def ultimatum(
    formula: str,
    data: pd.DataFrame,
    *,
    max_offer: float,
    offertol: float = float(np.sqrt(np.finfo(float).eps)),
    s1: float | None = None,
    s2: float | None = None,
    outcome: str = "both",
    boot: int = 0,
    seed: int | np.random.Generator | None = None,
    link: str = "logit",
    errors: str = "private",
) -> GameFit:
    """Fit the statistical ultimatum game (Ramsay and Signorino 2009).

    Player 1 offers ``y`` in ``[0, max_offer]``; player 2 accepts when ``y`` is at least her
    reservation value. Reservation values are linear in regressors, ``R1 = X b`` and
    ``R2 = Z g``, with logistic errors of scales ``s1`` and ``s2`` (estimated as ``log(s1)``,
    ``log(s2)`` unless fixed).

    Parameters
    ----------
    formula : str
        ``offer + accept ~ x1 + x2 | z1 + z2`` (R1 | R2); ``offer ~ ... | ...`` with
        ``outcome="offer"``.
    data : pandas.DataFrame
        The data; incomplete rows are dropped with a warning.
    max_offer : float
        The largest feasible offer ``Q``; offers above it are an error.
    offertol : float
        Offers within this distance of 0 or ``Q`` count as censored at that bound.
    s1, s2 : float, optional
        Fix a scale instead of estimating it.
    outcome : {"both", "offer"}
        Model offers and acceptances, or offers only.
    boot : int
        Bootstrap replicates (0: none).
    seed : int, numpy.random.Generator or None
        Randomness of the bootstrap.
    link, errors : str
        Only ``"logit"`` and ``"private"`` (the model's own structure); accepted so every model
        shares one call signature.

    Returns
    -------
    GameFit

    References
    ----------
    Ramsay, K. W. and Signorino, C. S. (2009). A statistical model of the ultimatum game.

    Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
    Statistical Software* 56(8).
    """
    if link != "logit" or errors != "private":
        raise ParameterError(
            "the ultimatum model has logistic private-information errors only "
            f"(got link={link!r}, errors={errors!r}); omit these options"
        )
    if outcome not in ("both", "offer"):
        raise ParameterError(f"outcome must be 'both' or 'offer', got {outcome!r}")
    if not np.isfinite(max_offer) or max_offer <= 0:
        raise ParameterError(f"max_offer must be a positive number, got {max_offer!r}")
    for name, value in (("s1", s1), ("s2", s2)):
        if value is not None and not value > 0:
            raise ParameterError(f"{name} must be positive, got {value!r}")
    frame = build_model_frame(formula, data, ("R1", "R2"), "ultimatum")
    lhs = list(frame.lhs)
    offer_s = frame.data[lhs[0]]
    if not pd.api.types.is_numeric_dtype(offer_s):
        raise InputError(f"offer column {lhs[0]!r} must be numeric")
    offer = offer_s.to_numpy(dtype=float)
    bad = (offer < -offertol) | (offer > max_offer + offertol)
    if bad.any():
        raise InputError(
            f"offer column {lhs[0]!r} has values outside [0, {max_offer:g}] in rows "
            f"{describe_rows(frame.data.index[bad])}; check max_offer"
        )
    accept: np.ndarray | None = None
    if len(lhs) == 2:
        accept = binary_column(frame.data, lhs[1], "acceptance column", "the offer was accepted")
    elif len(lhs) > 2:
        raise InputError("the ultimatum formula takes 'offer + accept ~ ...' on the left")
    elif outcome == "both":
        raise InputError(
            "give the acceptance column ('offer + accept ~ ...'), or set outcome='offer'"
        )
    accept_for_start = accept
    if outcome == "offer":
        accept = None

    x, z = frame.parts[0].matrix, frame.parts[1].matrix
    n = frame.n
    ones = np.ones((n, 1))
    designs = [
        x,
        z,
        ones if s1 is None else np.zeros((n, 0)),
        ones if s2 is None else np.zeros((n, 0)),
    ]
    offsets: list[np.ndarray | float] = [
        0.0,
        0.0,
        0.0 if s1 is None else float(np.log(s1)),
        0.0 if s2 is None else float(np.log(s2)),
    ]

    def evaluate(slots: list[Dual], rows: np.ndarray | slice) -> Dual:
        acc = None if accept is None else accept[rows]
        off_ll, acc_ll = ultimatum_loglik(slots, offer[rows], acc, max_offer, offertol)
        return off_ll if acc_ll is None else off_ll + acc_ll

    lik = Likelihood(designs=designs, offsets=offsets, evaluate=evaluate)
    start = _start(x, z, offer, accept_for_start, max_offer, s1, s2)
    if not np.isfinite(lik.value_and_gradient(start)[0]):
        start = np.concatenate(
            [
                _const_start(x, max_offer - offer.mean()),
                _const_start(z, max_offer - offer.mean()),
                start[x.shape[1] + z.shape[1] :],
            ]
        )
    opt = maximize(lik, start, gtol=1e-7)
    names = [f"R1:{c}" for c in frame.parts[0].columns] + [
        f"R2:{c}" for c in frame.parts[1].columns
    ]
    names += [n_ for n_, v in (("log(s1)", s1), ("log(s2)", s2)) if v is None]
    if not opt.converged:
        warnings.warn(
            f"ultimatum did not converge after {opt.iterations} BFGS iterations ({opt.message})",
            EstimationWarning,
            stacklevel=2,
        )
    vcov = covariance(lik.hessian(opt.theta), names)
    theta = opt.theta

    def predictor(newdata: pd.DataFrame, th: np.ndarray, kind: str) -> pd.DataFrame:
        xb = frame.parts[0].rebuild(newdata) @ th[: x.shape[1]]
        zg = frame.parts[1].rebuild(newdata) @ th[x.shape[1] : x.shape[1] + z.shape[1]]
        rest = list(th[x.shape[1] + z.shape[1] :])
        ls1 = rest.pop(0) if s1 is None else np.log(s1)
        ls2 = rest.pop(0) if s2 is None else np.log(s2)
        expected, pr = ultimatum_predict(xb, zg, float(np.exp(ls1)), float(np.exp(ls2)), max_offer)
        return pd.DataFrame({"E(offer)": expected, "Pr(accept)": pr}, index=newdata.index)

    def refitter(n_boot: int, rng: np.random.Generator) -> np.ndarray:
        return bootstrap(lik, theta, n_boot, rng)

    fit = GameFit(
        model="ultimatum",
        formula=formula,
        link="logit",
        errors="private",
        names=tuple(names),
        theta=theta,
        vcov_matrix=vcov,
        loglik_obs=lik.loglik_obs(theta),
        n=n,
        n_dropped=len(frame.dropped_rows),
        converged=opt.converged,
        iterations=opt.iterations,
        outcome_labels=("offer", "accept") if accept is not None else ("offer",),
        data=frame.data,
        y=offer,
        predictor=predictor,
        refitter=refitter,
        objective=lik.value_and_gradient,
        reference="Ramsay and Signorino (2009); Kenkel and Signorino (2014)",
    )
    if boot:
        fit = fit.bootstrap(boot, seed)
    return fit


def _const_start(x: np.ndarray, value: float) -> np.ndarray:
    b = np.zeros(x.shape[1])
    if x.shape[1]:
        const = np.flatnonzero(np.all(x == 1.0, axis=0))
        if const.size:
            b[const[0]] = value
    return b


def _start(
    x: np.ndarray,
    z: np.ndarray,
    offer: np.ndarray,
    accept: np.ndarray | None,
    max_offer: float,
    s1: float | None,
    s2: float | None,
) -> np.ndarray:
    """Pseudo-SBI: OLS of ``Q - offer`` on X for R1; a logit of acceptance with offset for R2.

    The acceptance logit is ``Pr(accept) = logistic(offer - Z g)`` (scale 1), fitted with the
    offer as an offset; without acceptance data, offers above the mean stand in for it (as
    in games).
    """
    b1 = np.linalg.lstsq(x, max_offer - offer, rcond=None)[0] if x.shape[1] else np.zeros(0)
    acc = accept if accept is not None else (offer >= offer.mean()).astype(float)
    b2 = binary_glm(-z, acc, "logit", offset=offer) if z.shape[1] else np.zeros(0)
    rest = []
    if s1 is None:
        rest.append(float(np.log(np.std(offer, ddof=1))))
    if s2 is None:
        rest.append(0.0)
    return np.concatenate([b1, b2, np.array(rest)])
