"""Reputations for resolve and honesty as Beta beliefs updated by Bayes' rule.

Observer ``i`` believes target ``j`` is resolute (stands firm when challenged) with a
Beta(``firm``, ``back``) distribution over ``j``'s propensity. Observing ``j`` stand firm is a
Bernoulli success, so Bayes' rule gives Beta(``firm + 1``, ``back``): the posterior mean rises;
backing down gives Beta(``firm``, ``back + 1``): it falls. Third parties observe a crisis with
weight ``w`` in [0, 1] (a tempered likelihood, Bernoulli^w), which keeps the update conjugate.

A threat is cheap talk: a hard defender always threatens, a soft one bluffs with probability
``b``. By Bayes' rule the challenger's belief after a threat is
``P(hard | threat) = r / (r + (1 - r) b)`` and after silence it is 0.

References
----------
Gelman, A. et al. (2013). Bayesian Data Analysis, 3rd ed., sec. 2.4 (Beta-Bernoulli
conjugacy: the posterior after ``y`` successes in ``n`` trials is Beta(a + y, b + n - y)).
Sartori, A. E. (2005). Deterrence by Diplomacy. Princeton University Press (reputations for
honesty; bluffs that are called destroy credibility).
Alt, J. E., Calvert, R. L. and Humes, B. D. (1988). Reputation and hegemonic stability: A
game-theoretic analysis. APSR 82(2), 445-466.
"""

from __future__ import annotations

import numpy as np

__all__ = ["beta_mean", "observe_crises", "posterior_after_threat"]


def beta_mean(success: np.ndarray, failure: np.ndarray) -> np.ndarray:
    """Posterior mean ``success / (success + failure)`` of a Beta belief."""
    return success / (success + failure)


def posterior_after_threat(
    resolve_belief: np.ndarray, bluff_belief: np.ndarray, threatened: np.ndarray
) -> np.ndarray:
    """Belief that the defender is hard after seeing whether it threatened (Bayes' rule).

    ``P(hard | threat) = r / (r + (1 - r) b)``; ``P(hard | no threat) = 0`` (only soft types
    stay silent).

    References
    ----------
    Sartori (2005), ch. 3; Bayes' rule.
    """
    r, b = resolve_belief, bluff_belief
    after_threat = r / (r + (1.0 - r) * b)
    return np.where(threatened, after_threat, 0.0)


def observe_crises(
    private_success: np.ndarray,
    private_failure: np.ndarray,
    public_success: np.ndarray,
    public_failure: np.ndarray,
    participant: np.ndarray,
    target: np.ndarray,
    succeeded: np.ndarray,
    observed: np.ndarray | None,
    audience_weight: float,
) -> None:
    """Update Beta counts in place after a batch of crises (Bayes' rule, Beta-Bernoulli).

    Observer ``i``'s counts about target ``j`` are ``private[i, j] + public[j]``: what every
    state saw (weight ``audience_weight``) is kept once per target in ``public``, and the
    extra weight ``1 - audience_weight`` of the participant's own observation in ``private``,
    so an update costs O(crises), not O(states^2).

    Parameters
    ----------
    private_success, private_failure
        ``(n, n)`` pseudo-counts; row = observer, column = target.
    public_success, public_failure
        ``(n,)`` pseudo-counts every observer shares.
    participant, target
        Crisis participants (the opponent of ``target``) and the state observed, (m,).
    succeeded
        Target stood firm (resolve) / kept its threat (honesty), (m,) bool.
    observed
        The crisis revealed the target's behaviour, (m,) bool; ``None``: every crisis did.
    audience_weight
        Weight of the observation for every state other than ``participant`` (which observes
        with weight 1).

    References
    ----------
    Gelman et al. (2013), sec. 2.4.
    """
    if observed is not None:
        participant, target = participant[observed], target[observed]
        succeeded = succeeded[observed]
    succeeded = np.asarray(succeeded, dtype=bool)
    failed = ~succeeded
    n = public_success.shape[0]
    w = audience_weight
    if w > 0:
        public_success += w * np.bincount(target[succeeded], minlength=n)
        public_failure += w * np.bincount(target[failed], minlength=n)
    if w < 1:
        np.add.at(private_success, (participant[succeeded], target[succeeded]), 1.0 - w)
        np.add.at(private_failure, (participant[failed], target[failed]), 1.0 - w)
