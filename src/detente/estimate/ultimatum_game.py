"""The statistical ultimatum game (Ramsay and Signorino 2009): likelihood and predictions.

Player 1 offers ``y`` in ``[0, Q]`` out of a good of size ``Q``; player 2 accepts if ``y`` is at
least her reservation value ``R2 + e2``; player 1's own reservation value is ``R1 + e1``. The
errors are logistic with scales ``s1`` and ``s2``. Player 1's optimal offer has the closed-form
distribution used below (censored at 0 and ``Q``); the acceptance probability is
``1 / (1 + exp(-(y - R2) / s2))``. Conventions follow the R ``games`` package (``ultimatum``).

References
----------
Ramsay, K. W. and Signorino, C. S. (2009). A statistical model of the ultimatum game.
Working paper, University of Rochester.

Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8).

Barry, D. A., Culligan-Hensley, P. J. and Barry, S. J. (1995). Real values of the W-function.
*ACM Transactions on Mathematical Software* 21(2): 161-171.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from detente.estimate.forward_mode import EPS, NEG_EPS, Dual

LOG_EPS = float(np.log(EPS))


def ultimatum_loglik(
    slots: list[Dual],
    offer: np.ndarray,
    accept: np.ndarray | None,
    max_offer: float,
    offertol: float,
) -> tuple[Dual, Dual | None]:
    """Per-observation log-likelihood of the offers and (if observed) of the acceptances.

    Parameters
    ----------
    slots : list of Dual
        ``[R1, R2, log s1, log s2]`` per observation.
    offer, accept : ndarray
        Observed offers and 0/1 acceptances (``accept=None`` models offers only).
    max_offer : float
        The largest feasible offer ``Q``.
    offertol : float
        Offers within this distance of 0 or ``Q`` are treated as censored there.

    Returns
    -------
    (Dual, Dual or None)
        Log-likelihood of each offer, and of each acceptance decision.
    """
    r1, r2, ls1, ls2 = slots
    s1, s2 = ls1.exp(), ls2.exp()
    t = (offer - r2) / s2  # player 2's standardised surplus from the offer
    # A(y) = (Q - y - R1 - s2 (1 + exp((y - R2)/s2))) / s1;  offer CDF F(y) = 1/(1 + exp(A)).
    a_int = (max_offer - offer - r1 - s2 * (1.0 + t.exp())) / s1
    log_density = (-a_int).log_sigmoid() + a_int.log_sigmoid() + t.softplus() - ls1
    t0 = (0.0 - r2) / s2
    a0 = (max_offer - 0.0 - r1 - s2 * (1.0 + t0.exp())) / s1
    tq = (max_offer - r2) / s2
    aq = (max_offer - max_offer - r1 - s2 * (1.0 + tq.exp())) / s1
    low = (-a0).log_sigmoid()  # log F(0): probability of offering nothing
    high = aq.log_sigmoid()  # log(1 - F(Q)): probability of offering everything
    log_low = low.clip_log_below(LOG_EPS)
    log_high = high.clip_log_below(LOG_EPS)
    is_max = np.abs(offer - max_offer) < offertol
    is_min = np.abs(offer) < offertol
    offer_ll = _where(is_max, log_high, _where(is_min, log_low, log_density))
    offer_ll = offer_ll.clip_log_below(LOG_EPS)
    if accept is None:
        return offer_ll, None
    # log Pr(accept) = log sigmoid(t); log Pr(reject) = log sigmoid(-t), clipped as finiteProbs
    acc_ll = _where(accept == 1, t.log_sigmoid(), (-t).log_sigmoid())
    acc_ll = acc_ll.clip_log_below(LOG_EPS)
    upper = float(np.log1p(-NEG_EPS))
    acc_ll = Dual(np.minimum(acc_ll.v, upper), acc_ll.d)
    return offer_ll, acc_ll


def _where(mask: np.ndarray, a: Dual, b: Dual) -> Dual:
    v = np.where(mask, a.v, b.v)
    if a.d is None or b.d is None:
        return Dual(v, None)
    return Dual(v, np.where(mask[:, None], a.d, b.d))


def lambert_w(x: np.ndarray) -> np.ndarray:
    """Principal branch of Lambert's W for ``x >= 0`` (solves ``w * exp(w) = x``)."""
    return np.real(special.lambertw(np.asarray(x, dtype=float)))


def ultimatum_predict(
    r1: np.ndarray, r2: np.ndarray, s1: float, s2: float, max_offer: float
) -> tuple[np.ndarray, np.ndarray]:
    """Expected (optimal, error-free) offer and its probability of acceptance.

    ``E(offer) = Q - R1 - s2 (1 + W(exp((Q - R1 - s2 - R2) / s2)))`` and
    ``Pr(accept) = 1 / (1 + exp(-(E(offer) - R2) / s2))``, as ``predict.ultimatum`` in games.
    For large exponents ``W(e^z)`` is solved in log space (Newton steps on ``w + log w = z``).
    """
    z = (max_offer - r1 - s2 - r2) / s2
    big = z > 500.0
    w = np.empty_like(z)
    w[~big] = lambert_w(np.exp(z[~big]))
    zb = z[big]
    wb = zb - np.log(zb)
    for _ in range(4):  # Newton on w + log(w) = z; converges to machine precision
        wb = wb - (wb + np.log(wb) - zb) / (1.0 + 1.0 / wb)
    w[big] = wb
    expected = max_offer - r1 - s2 * (1.0 + w)
    pr_accept = special.expit((expected - r2) / s2)
    return expected, pr_accept
