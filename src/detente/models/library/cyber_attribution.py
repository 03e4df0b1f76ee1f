"""Deterrence with imperfect attribution (Baliga, Bueno de Mesquita & Wolitzky 2020).

An attacker who gets the opportunity (probability ``gamma``) privately draws a benefit ``x``
from attacking and attacks or not. The defender sees a noisy signal: an alarm with
probability ``pi_detect`` after an attack and ``pi_false`` (a false alarm) otherwise. After
each signal the defender, who privately draws a retaliation cost ``y``, retaliates iff the
posterior probability ``beta_s`` that the attacker is guilty is at least ``y`` (it gains 1 from
punishing the guilty, so retaliating is worth ``beta_s - y``); retaliation costs the attacker
``k`` whether or not it is guilty. So the attacker attacks iff ``x > k (pi_detect -
pi_false)(r_alarm - r_quiet)`` with ``r_s = G(beta_s)``, and the attack probability ``p`` solves
the fixed point ``p = 1 - F(k (pi_detect - pi_false)(G(beta_alarm(p)) - G(beta_quiet(p))))``
where ``beta_s`` follows Bayes' rule from ``gamma p`` (BBW 2020: attack and retaliation
decisions are cutoff rules and the equilibrium is unique). Better detection (higher
``pi_detect``) and fewer false alarms (lower ``pi_false``) lower ``p``.

With several attackers a signal that points at no one in particular couples them: if attacker
1 becomes more suspect, attacker 2 becomes less suspect and attacks more (the paper's strategic
complementarity). Detecting more of attacker 1's attacks through such an ambiguous signal can
therefore *raise* the total attack probability: an improvement in attribution that backfires
(BBW 2020: "detecting more attacks where the attacker is difficult to identify" can weaken
deterrence; see :func:`multi_attacker_equilibrium`).
The registered model takes logistic benefits ``x ~ Logistic(mu_x, s_x)`` and costs
``y ~ Logistic(mu_y, s_y)``; then the equilibrium is *exactly* the engine's agent logit QRE at
``lam = 1`` of the game whose payoffs are divided by the scales (logit choice = Gumbel payoff
shocks), so engine and theory can be compared point by point. :func:`attack_probability` also
solves the uniform case ``x, y ~ U[0, 1]`` (the issue's single-attacker formalization: with
``k = 1`` and ``gamma = 1`` it gives p* = 0.505912, 0.375000 and 0.407318 at (pi_detect,
pi_false) = (0.8, 0.1), (0.9, 0.1), (0.8, 0.05)). Checked against the paper, that
formalization is its model specialised to one attacker, a binary signal, uniform F and G and
an attack opportunity that always arises; where they differ we follow the paper: the attack
opportunity arrives with probability ``gamma`` (default 1, which gives the numbers above),
posteriors use ``gamma p``, and F and G may be any distributions (logistic in the registered
model). The defender's loss from being attacked is left out: it does not affect any decision.

References
----------
Baliga, S., Bueno de Mesquita, E. and Wolitzky, A. (2020). Deterrence with imperfect
attribution. American Political Science Review 114(4), 1155-1178.
McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive form
games. Experimental Economics 1(1), 9-41 (logit responses as Bayesian equilibrium with
extreme-value payoff shocks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

from detente.errors import ConvergenceError, ParameterError
from detente.games import Game, PBESolution, Solution, chance, decision, terminal
from detente.models.model_interface import Model, ModelParameters, Theory, param

ATTACKS, DETERRED = "Attack likely", "Mostly deterred"
ATTACKER_INFOSET = "Attacker"

Cdf = Callable[[np.ndarray], np.ndarray]


class CyberAttributionParameters(ModelParameters):
    """Signal quality, retaliation cost and the logistic benefit/cost distributions."""

    pi_detect: float = param(
        0.8,
        "probability of an alarm after an attack (detection)",
        lo=0.5,
        hi=1.0,
        unit="probability",
        symbol="pi_1",
    )
    pi_false: float = param(
        0.1,
        "probability of an alarm without an attack (false alarm)",
        lo=0.0,
        hi=0.5,
        unit="probability",
        symbol="pi_0",
    )
    k: float = param(1.0, "harm retaliation does to the attacker", lo=0.0, hi=3.0, symbol="K")
    gamma: float = param(
        1.0,
        "probability the attacker has an opportunity to attack",
        lo=0.05,
        hi=1.0,
        unit="probability",
        symbol="gamma",
    )
    mu_x: float = param(0.5, "median benefit of attacking (logistic x)", lo=-1.0, hi=2.0)
    s_x: float = param(0.2, "scale of the attacker's benefit (logistic x)", lo=0.1, hi=1.0)
    mu_y: float = param(
        0.5,
        "median retaliation cost to the defender, in units of the value of punishing the guilty",
        lo=-0.5,
        hi=1.5,
    )
    s_y: float = param(0.2, "scale of the retaliation cost (logistic y)", lo=0.1, hi=1.0)


def build() -> Game:
    """Opportunity, attack, alarm, retaliation; payoffs divided by the logistic scales.

    At ``lam = 1`` the agent logit QRE of this game is the BBW equilibrium with logistic
    benefits and costs: the attacker's logit choice between ``(mu_x - k P(ret | attack))/s_x``
    and ``-k P(ret | refrain)/s_x`` is ``1 - F(k Delta)``, the defender's between
    ``(beta - mu_y)/s_y`` and 0 is ``G(beta)``. At another precision ``lam`` the QRE is the
    same equilibrium with scales ``s_x / lam`` and ``s_y / lam``.
    """

    def signals(guilty: bool, attacked: bool, tag: str):
        p_alarm = "pi_detect" if attacked else "pi_false"
        benefit = "mu_x" if attacked else "0"

        def defender(infoset: str):
            return decision(
                "Defender",
                {
                    "retaliate": terminal(
                        "Attack, retaliation" if attacked else "No attack, retaliation",
                        f"({benefit} - k) / s_x",
                        f"({1 if guilty else 0} - mu_y) / s_y",
                    ),
                    "hold": terminal(
                        "Attack, no retaliation" if attacked else "No attack", f"{benefit} / s_x", 0
                    ),
                },
                infoset=infoset,
                name=f"Defender after {infoset} ({tag})",
            )

        return chance(
            {
                "alarm": (p_alarm, defender("alarm")),
                "quiet": (f"1 - {p_alarm}", defender("no alarm")),
            },
            name=f"signal ({tag})",
        )

    return Game(
        title="Deterrence with imperfect attribution",
        players=["Attacker", "Defender"],
        parameters=CyberAttributionParameters().model_dump(),
        root=chance(
            {
                "opportunity": (
                    "gamma",
                    decision(
                        "Attacker",
                        {
                            "attack": signals(True, True, "attack"),
                            "refrain": signals(False, False, "refrain"),
                        },
                        name=ATTACKER_INFOSET,
                    ),
                ),
                "no opportunity": ("1 - gamma", signals(False, False, "no opportunity")),
            },
            name="opportunity",
        ),
    )


def uniform_cdf(x: np.ndarray) -> np.ndarray:
    """CDF of U[0, 1]."""
    return np.clip(x, 0.0, 1.0)


def logistic_cdf(mu: np.ndarray | float, scale: np.ndarray | float) -> Cdf:
    """CDF of a logistic distribution with location ``mu`` and scale ``scale``."""
    return lambda x: 0.5 * (1.0 + np.tanh((np.asarray(x) - mu) / (2.0 * scale)))


def posteriors(
    attack: np.ndarray, pi_detect: np.ndarray, pi_false: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior probability of an attack after an alarm and after no alarm (Bayes' rule).

    ``attack`` is the unconditional attack probability ``gamma p``.
    """
    a = attack * pi_detect
    q = attack * (1 - pi_detect)
    alarm = np.divide(a, a + (1 - attack) * pi_false, out=np.zeros_like(a), where=a > 0)
    quiet = np.divide(q, q + (1 - attack) * (1 - pi_false), out=np.zeros_like(q), where=q > 0)
    return alarm, quiet


def attack_probability(
    pi_detect: np.ndarray | float,
    pi_false: np.ndarray | float,
    k: np.ndarray | float = 1.0,
    gamma: np.ndarray | float = 1.0,
    *,
    benefit_cdf: Cdf | Literal["uniform"] = "uniform",
    cost_cdf: Cdf | Literal["uniform"] = "uniform",
    tol: float = 1e-13,
) -> dict[str, np.ndarray]:
    """Equilibrium attack probability of one attacker, by vectorized bisection.

    Solves ``p = 1 - F(k (pi_detect - pi_false)(G(beta_alarm) - G(beta_quiet)))`` with
    posteriors from the unconditional attack probability ``gamma p`` (BBW 2020's equilibrium
    conditions with one attacker and a binary signal). The left side minus the right is
    negative at ``p = 0`` and non-negative at ``p = 1``, and the root is unique (BBW 2020: the
    equilibrium is unique), so bisection on all points at once finds it.

    Parameters
    ----------
    pi_detect, pi_false, k, gamma : float or array
        Broadcast together.
    benefit_cdf, cost_cdf : callable or "uniform"
        CDFs F of the attacker's benefit and G of the defender's retaliation cost.
    tol : float
        Bisection stops when the bracket is narrower than ``tol`` everywhere.

    Returns
    -------
    dict
        ``attack`` (p, given an opportunity), ``unconditional`` (gamma p), ``belief_alarm``,
        ``belief_quiet``, ``retaliate_alarm``, ``retaliate_quiet`` (r_s = G(beta_s)) and
        ``deterrence_gap`` (k (pi_detect - pi_false)(r_alarm - r_quiet), the attacker's cutoff).

    References
    ----------
    Baliga, Bueno de Mesquita & Wolitzky (2020), APSR 114(4): equilibrium characterization.
    """
    F = uniform_cdf if benefit_cdf == "uniform" else benefit_cdf
    G = uniform_cdf if cost_cdf == "uniform" else cost_cdf
    pd, pf, k, gamma = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (pi_detect, pi_false, k, gamma))
    )

    def gap(p: np.ndarray) -> np.ndarray:
        ba, bq = posteriors(gamma * p, pd, pf)
        return k * (pd - pf) * (G(ba) - G(bq))

    lo = np.zeros(pd.shape)
    hi = np.ones(pd.shape)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        above = mid - (1.0 - F(gap(mid))) >= 0
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
        if (hi - lo).max(initial=0.0) < tol:
            break
    p = 0.5 * (lo + hi)
    ba, bq = posteriors(gamma * p, pd, pf)
    return {
        "attack": p,
        "unconditional": gamma * p,
        "belief_alarm": ba,
        "belief_quiet": bq,
        "retaliate_alarm": G(ba),
        "retaliate_quiet": G(bq),
        "deterrence_gap": gap(p),
    }


def multi_attacker_equilibrium(
    signal_probs: np.ndarray,
    gamma: np.ndarray,
    k: np.ndarray | float = 1.0,
    *,
    tol: float = 1e-12,
    max_iter: int = 100_000,
) -> np.ndarray:
    """Attack probabilities of ``n`` attackers with uniform benefits and costs (BBW 2020).

    At most one attacker has an opportunity: attacker ``i`` with probability ``gamma[..., i]``
    (``sum_i gamma_i <= 1``). After signal ``s`` the defender's posterior that ``i`` attacked
    is ``beta_i^s = gamma_i p_i pi_i^s / ((1 - sum_j gamma_j p_j) pi_0^s + sum_j gamma_j p_j
    pi_j^s)``; with ``y_i ~ U[0, 1]`` it retaliates against ``i`` with probability ``beta_i^s``
    and with ``x_i ~ U[0, 1]`` attacker ``i`` attacks with probability
    ``1 - k sum_s (pi_i^s - pi_0^s) beta_i^s`` (clipped to [0, 1]).

    Parameters
    ----------
    signal_probs : array, shape (..., n + 1, S)
        Row 0: signal distribution without an attack; row ``i``: after an attack by ``i``.
    gamma : array, shape (..., n)
    k : float or array broadcasting to (..., n)

    Returns
    -------
    ndarray, shape (..., n)
        Attack probability of each attacker given its opportunity, solved by damped iteration
        of the best responses on the whole batch at once (the equilibrium is unique: BBW 2020,
        abstract and uniqueness result).

    Raises
    ------
    ConvergenceError
        If the iteration has not settled within ``max_iter`` steps.
    """
    pi = np.asarray(signal_probs, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    if pi.shape[-2] != gamma.shape[-1] + 1:
        raise ParameterError(
            f"signal_probs has {pi.shape[-2]} rows; it needs one for 'no attack' plus one per "
            f"attacker ({gamma.shape[-1] + 1})"
        )
    k = np.asarray(k, dtype=float)
    n = gamma.shape[-1]
    batch = np.broadcast_shapes(pi.shape[:-2], gamma.shape[:-1], k.shape[:-1] if k.ndim else ())
    k = np.broadcast_to(k, (*batch, n))
    p = np.full((*batch, n), 0.5)
    excess = pi[..., 1:, :] - pi[..., :1, :]
    for _ in range(max_iter):
        att = gamma * p
        den = (1 - att.sum(-1, keepdims=True)) * pi[..., 0, :] + np.einsum(
            "...i,...is->...s", att, pi[..., 1:, :]
        )
        beta = np.divide(
            att[..., None] * pi[..., 1:, :],
            den[..., None, :],
            out=np.zeros(np.broadcast_shapes(att[..., None].shape, pi[..., 1:, :].shape)),
            where=den[..., None, :] > 0,
        )
        new = np.clip(1 - k * (excess * beta).sum(-1), 0.0, 1.0)
        step = new - p
        p = p + 0.5 * step
        if np.abs(step).max(initial=0.0) < tol:
            return p
    raise ConvergenceError(
        f"multi_attacker_equilibrium did not converge in max_iter={max_iter} steps; raise it"
    )


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Logistic-benefit equilibrium (comparable with the engine) and the uniform benchmark."""
    eq = attack_probability(
        p["pi_detect"],
        p["pi_false"],
        p["k"],
        p["gamma"],
        benefit_cdf=logistic_cdf(p["mu_x"], p["s_x"]),
        cost_cdf=logistic_cdf(p["mu_y"], p["s_y"]),
    )
    uniform = attack_probability(p["pi_detect"], p["pi_false"], p["k"], p["gamma"])
    attack = eq["attack"]
    return Theory(
        outcome=np.where(attack >= 0.5, ATTACKS, DETERRED).astype(object),
        values={
            "attack_probability": attack,
            "unconditional_attack_probability": eq["unconditional"],
            "belief_after_alarm": eq["belief_alarm"],
            "belief_after_no_alarm": eq["belief_quiet"],
            "retaliation_after_alarm": eq["retaliate_alarm"],
            "retaliation_after_no_alarm": eq["retaliate_quiet"],
            "attack_probability_uniform": uniform["attack"],
        },
        margin=np.abs(attack - 0.5),
    )


def outcome_of(solution: Solution | PBESolution, params: dict[str, np.ndarray]) -> np.ndarray:
    """``Attack likely`` where the engine's attack probability is at least one half."""
    attack = solution.action_prob(ATTACKER_INFOSET, "attack")
    return np.where(attack >= 0.5, ATTACKS, DETERRED).astype(object)


MODEL = Model(
    name="cyber_attribution",
    title="Deterrence with imperfect attribution (cyber)",
    summary=(
        "How often does an attacker strike when the defender cannot be sure who attacked? The "
        "attack probability is the fixed point of the attacker's cutoff and the defender's "
        "retaliation after an alarm or silence; better detection and fewer false alarms deter, "
        "while with several attackers some attribution improvements backfire."
    ),
    parameters=CyberAttributionParameters,
    build=build,
    theory=theory,
    outcome_of=outcome_of,
    outcomes=(DETERRED, ATTACKS),
    references=(
        "Baliga, S., Bueno de Mesquita, E. and Wolitzky, A. (2020). Deterrence with imperfect "
        "attribution. American Political Science Review 114(4), 1155-1178.",
        "McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive "
        "form games. Experimental Economics 1(1), 9-41.",
    ),
    methods=("qre",),
    information="incomplete",
    players=("Attacker", "Defender"),
)
