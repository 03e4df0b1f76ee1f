"""Starting values by statistical backward induction (SBI).

Fit the last mover's choice by a binary probit/logit on the rows that reach her node, turn the
fitted probabilities into regressors for the previous mover's choice, and so on up the tree.
The resulting coefficients, times ``sqrt(2)`` (the agent-error scale), start the full
maximum-likelihood search, as in the R ``games`` package (``sbi12``, ``sbi122``, ``sbi123``).

References
----------
Bas, M. A., Signorino, C. S. and Walker, R. W. (2008). Statistical backwards induction: a
simple method for estimating recursive strategic models. *Political Analysis* 16(1): 21-40.

Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8), section 3.
"""

from __future__ import annotations

import numpy as np
from scipy import special

SQRT2 = float(np.sqrt(2.0))


def _cdf_pdf(eta: np.ndarray, link: str) -> tuple[np.ndarray, np.ndarray]:
    if link == "probit":
        return special.ndtr(eta), np.exp(-0.5 * eta**2) / np.sqrt(2.0 * np.pi)
    p = special.expit(eta)
    return p, p * (1.0 - p)


def binary_glm(
    x: np.ndarray,
    y: np.ndarray,
    link: str,
    offset: np.ndarray | None = None,
    max_iter: int = 50,
) -> np.ndarray:
    """Maximum-likelihood probit/logit coefficients by Fisher scoring (vectorised).

    Stops after ``max_iter`` steps under separation (the coefficients then are large but
    finite, as R's ``glm.fit`` returns them); returns zeros if there are no regressors.
    """
    n, k = x.shape
    if k == 0 or n == 0:
        return np.zeros(k)
    off = np.zeros(n) if offset is None else offset
    beta = np.zeros(k)

    def loglik(b: np.ndarray) -> float:
        p, _ = _cdf_pdf(x @ b + off, link)
        p = np.clip(p, 1e-300, 1.0 - 1e-16)
        return float(np.sum(y * np.log(p) + (1.0 - y) * np.log1p(-p)))

    current = loglik(beta)
    for _ in range(max_iter):
        p, dens = _cdf_pdf(x @ beta + off, link)
        p = np.clip(p, 1e-12, 1.0 - 1e-12)
        w = dens**2 / (p * (1.0 - p))
        score = x.T @ ((y - p) * dens / (p * (1.0 - p)))
        info = x.T @ (x * w[:, None])
        step = np.linalg.lstsq(info + 1e-10 * np.eye(k), score, rcond=None)[0]
        t = 1.0
        candidate, value = beta + step, loglik(beta + step)
        while value < current - 1e-12 and t > 1e-6:
            t /= 2.0
            candidate = beta + t * step
            value = loglik(candidate)
        if value < current - 1e-12:
            break
        beta, previous, current = candidate, current, value
        if abs(current - previous) < 1e-10 * (abs(current) + 1e-10):
            break
    return beta


def sbi_start(game: str, y: np.ndarray, designs: list[np.ndarray], link: str) -> np.ndarray:
    """SBI starting values for the utility coefficients of a tree game.

    Parameters
    ----------
    game : {"egame12", "egame122", "egame123"}
    y : ndarray of int
        Outcome index (0-based, tree order).
    designs : list of ndarray
        The utility design matrices, in formula order.
    link : {"probit", "logit"}

    Returns
    -------
    ndarray
        Starting coefficients for the utilities, in formula order.
    """

    def fit(x: np.ndarray, target: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return binary_glm(x[rows], target[rows].astype(float), link)

    def prob(x: np.ndarray, b: np.ndarray) -> np.ndarray:
        return _cdf_pdf(x @ b, link)[0]

    all_rows = np.ones_like(y, dtype=bool)
    if game == "egame12":
        x1, x3, x4, z = designs
        b2 = fit(z, y == 2, y != 0)
        p4 = prob(z, b2)
        reg1 = np.hstack([-x1, (1 - p4)[:, None] * x3, p4[:, None] * x4])
        b1 = fit(reg1, y != 0, all_rows)
        return SQRT2 * np.concatenate([b1, b2])
    if game == "egame122":
        x1, x2, x3, x4, z2, z4 = designs
        b_left = fit(z2, y == 1, y <= 1)
        b_right = fit(z4, y == 3, y >= 2)
        p2 = prob(z2, b_left)[:, None]
        p4 = prob(z4, b_right)[:, None]
        reg1 = np.hstack([-(1 - p2) * x1, -p2 * x2, (1 - p4) * x3, p4 * x4])
        b1 = fit(reg1, y >= 2, all_rows)
        return SQRT2 * np.concatenate([b1, b_left, b_right])
    x1, x3, x5, x6, z3, z5, z6, w6 = designs
    b3 = fit(w6, y == 3, y >= 2)
    p6 = prob(w6, b3)[:, None]
    reg2 = np.hstack([-z3, (1 - p6) * z5, p6 * z6])
    b2 = fit(reg2, y != 1, y != 0)
    p4 = prob(reg2, b2)[:, None]
    reg1 = np.hstack([-x1, (1 - p4) * x3, p4 * (1 - p6) * x5, p4 * p6 * x6])
    b1 = fit(reg1, y != 0, all_rows)
    return SQRT2 * np.concatenate([b1, b2, b3])
