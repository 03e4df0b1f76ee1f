"""Deterrence by diplomacy: cheap-talk threats backed by a reputation for honesty (Sartori).

In each crisis a State is *resolved* (it would fight for the stake, worth 1, at war cost
``c_s``) with probability ``p`` or *irresolute* (it would concede). It threatens or stays
silent (cheap talk). A *determined* Challenger (probability ``theta``) presses regardless; an
opportunistic one backs down or presses, pressing iff its belief that the State is resolved
is below ``1/(1 + c_c)``. An irresolute State that threatened and is pressed backs down and
is *caught bluffing*: it loses ``reputation``, the value ``R`` of being believed in future
crises. Bluffing pays iff ``(1 - theta) > theta R``; honesty is kept iff

    R >= (1 - theta) / theta        (honesty condition)

and then *honest threats* form a PBE at every prior: the resolved State threatens, the
irresolute one stays silent, and words deter the opportunistic Challenger. Other pure PBE:
*bluffing* (both types threaten, the Challenger backs down) iff ``p >= 1/(1 + c_c)`` and
bluffing pays; *quiet deterrence* (silence, the Challenger backs down) iff
``p >= 1/(1 + c_c)``; *no deterrence* (silence, the Challenger presses) iff
``p < 1/(1 + c_c)``. The reported outcome is the most informative equilibrium: honest threats
if they exist, else bluffing, else quiet deterrence (never selected off the knife edge
``R = (1 - theta)/theta``: it coexists with one of the first two), else no deterrence.

What a reputation is worth: in the honest equilibrium a resolved State wins without war
against an opportunistic Challenger, so when ``p < 1/(1 + c_c)`` (the prior alone does not
deter) honesty is worth ``w = p (1 - theta) c_s`` per crisis over babbling, and losing it
forever costs ``R = delta/(1 - delta) w``; honesty is self-enforcing iff ``delta`` reaches
:func:`min_discount_for_honesty`. Across a sequence of crises, observers update the
probability ``rho`` that the State is an honest type (one that never bluffs) against a
strategic one that bluffs at rate ``b`` when irresolute: a caught bluff sets it to zero, a
threat carried out leaves it unchanged, an untested threat lowers it and silence raises it
(:func:`update_reputation`, :func:`reputation_path`, :func:`simulate_crises`).

References
----------
Sartori, A. E. (2002). The might of the pen: A reputational theory of communication in
international disputes. International Organization 56(1), 121-149.
Sartori, A. E. (2005). Deterrence by Diplomacy. Princeton University Press, ch. 3-4.
Guisinger, A. and Smith, A. (2002). Honest threats: The interaction of reputation and
political institutions in international crises. Journal of Conflict Resolution 46(2),
175-200.
Crawford, V. and Sobel, J. (1982). Strategic information transmission. Econometrica 50(6),
1431-1451.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.errors import ParameterError
from detente.games import Game, chance, decision, terminal
from detente.models.model_interface import (
    Model,
    ModelParameters,
    Theory,
    param,
    ranked_selection,
)

HONEST, BLUFFING, QUIET, NO_DETERRENCE = (
    "honest threats",
    "bluffing",
    "quiet deterrence",
    "no deterrence",
)
NO_EQUILIBRIUM = "no equilibrium"
#: Selection order: the most informative equilibrium first.
PREFERENCE = (HONEST, BLUFFING, QUIET, NO_DETERRENCE)

#: Observation codes of one crisis, as seen by third parties.
SILENT, UNTESTED_THREAT, THREAT_CARRIED_OUT, CAUGHT_BLUFFING = 0, 1, 2, 3


class DiplomaticReputationParameters(ModelParameters):
    """One crisis of the repeated game; the stake is worth 1 to both sides."""

    reputation: float = param(
        3.0,
        "value R of the reputation for honesty the State loses if caught bluffing",
        lo=0,
        hi=10,
        unit="stake",
        symbol="R",
    )
    theta: float = param(
        0.3,
        "probability the Challenger is determined (presses whatever the State says)",
        lo=0.02,
        hi=0.98,
        unit="probability",
        symbol="theta",
    )
    p: float = param(
        0.3, "probability the State is resolved", lo=0, hi=1, unit="probability", symbol="p"
    )
    c_s: float = param(0.5, "State's cost of war", lo=0.05, hi=2, unit="stake", symbol="c_S")
    c_c: float = param(1.0, "Challenger's cost of war", lo=0.05, hi=3, unit="stake", symbol="c_C")


def build() -> Game:
    """Nature draws resolve; the State talks; nature draws the Challenger; it responds."""

    def pressed(kind: str, message: str):
        if kind == "resolved":
            return terminal("war", State="1 - c_s", Challenger="-c_c")
        if message == "threat":
            return terminal("caught bluffing", State="-reputation", Challenger=1)
        return terminal("State concedes", State=0, Challenger=1)

    def after(kind: str, message: str):
        return chance(
            {
                "determined": ("theta", pressed(kind, message)),
                "opportunistic": (
                    "1 - theta",
                    decision(
                        "Challenger",
                        {
                            "back down": terminal("Challenger backs down", State=1, Challenger=0),
                            "press": pressed(kind, message),
                        },
                        infoset=f"Challenger after {message}",
                        name=f"Challenger: {kind} State, {message}",
                    ),
                ),
            },
            name=f"Challenger's type ({kind}, {message})",
        )

    def state(kind: str):
        return decision(
            "State",
            {"threaten": after(kind, "threat"), "stay silent": after(kind, "silence")},
            name=f"{kind} State",
        )

    return Game(
        title="Deterrence by diplomacy (one crisis)",
        players=["State", "Challenger"],
        parameters=DiplomaticReputationParameters().model_dump(),
        root=chance(
            {"resolved": ("p", state("resolved")), "irresolute": ("1 - p", state("irresolute"))},
            name="State's resolve",
        ),
    )


# --- closed forms ----------------------------------------------------------------------------
def honesty_threshold(theta: np.ndarray) -> np.ndarray:
    """Smallest reputation value that keeps an irresolute State honest: (1 - theta) / theta.

    A bluff wins the stake (1) against an opportunistic Challenger, probability
    ``1 - theta``, and is exposed by a determined one, probability ``theta``, costing ``R``.
    """
    theta = np.asarray(theta, dtype=float)
    return (1.0 - theta) / theta


def backing_down_belief(c_c: np.ndarray) -> np.ndarray:
    """Belief in the State's resolve at which an opportunistic Challenger backs down."""
    return 1.0 / (1.0 + np.asarray(c_c, dtype=float))


def reputation_worth_per_crisis(p, theta, c_s, c_c) -> np.ndarray:
    """Per-crisis value of being believed: ``p (1 - theta) c_s`` when the prior does not deter.

    In the honest equilibrium a resolved State avoids war against an opportunistic
    Challenger; a State without credibility faces a Challenger that acts on the prior, pressing
    iff ``p < 1/(1 + c_c)``, so the reputation is worthless when the prior alone deters.
    """
    p, theta, c_s, c_c = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (p, theta, c_s, c_c))
    )
    return np.where(p < backing_down_belief(c_c), p * (1.0 - theta) * c_s, 0.0)


def reputation_value(delta, p, theta, c_s, c_c) -> np.ndarray:
    """Discounted value ``delta/(1 - delta) * w`` of a reputation lost forever when caught.

    Parameters
    ----------
    delta : array_like
        Discount factor between crises, in [0, 1).

    References
    ----------
    Sartori (2005), ch. 3: reputations are valuable because they let a state be believed in
    future disputes; here the loss is permanent (a grim-trigger simplification of her
    reputations, which recover over time).
    """
    delta = np.asarray(delta, dtype=float)
    if np.any((delta < 0) | (delta >= 1)):
        raise ParameterError("delta (discount factor) must lie in [0, 1)")
    return delta / (1.0 - delta) * reputation_worth_per_crisis(p, theta, c_s, c_c)


def min_discount_for_honesty(p, theta, c_s, c_c) -> np.ndarray:
    """Smallest discount factor at which honesty is self-enforcing (1 where it never is).

    Solves ``theta * delta/(1 - delta) * w = 1 - theta`` for ``delta``.
    """
    w = reputation_worth_per_crisis(p, theta, c_s, c_c)
    theta = np.asarray(theta, dtype=float)
    need = np.divide((1.0 - theta), theta * w, out=np.full(w.shape, np.inf), where=w > 0)
    finite = np.isfinite(need)
    return np.where(finite, np.where(finite, need, 0.0) / (1.0 + np.where(finite, need, 0.0)), 1.0)


def theory(q: dict[str, np.ndarray]) -> Theory:
    """Closed form: every pure PBE class with its beliefs, and the selected outcome."""
    R, theta, p = (np.asarray(q[k], dtype=float) for k in ("reputation", "theta", "p"))
    h = honesty_threshold(theta)
    mu = backing_down_belief(q["c_c"])
    honest = h <= R
    prior_deters = p >= mu
    bluff = prior_deters & (h >= R)
    outcome = np.where(
        honest, HONEST, np.where(bluff, BLUFFING, np.where(prior_deters, QUIET, NO_DETERRENCE))
    )
    shape = np.broadcast(R, theta, p, mu).shape
    margin = np.minimum.reduce(
        [np.abs(theta * R - (1 - theta)), np.abs(p - mu), R, np.minimum(p, 1 - p)]
    )
    return Theory(
        outcome=np.broadcast_to(outcome, shape).astype(object),
        values={
            "honesty_threshold": h,
            "bluffing_pays": h > R,
            "backing_down_belief": mu,
            "reputation_worth_per_crisis": reputation_worth_per_crisis(
                p, theta, q["c_s"], q["c_c"]
            ),
            "min_discount_for_honesty": min_discount_for_honesty(p, theta, q["c_s"], q["c_c"]),
            "honest_exists": honest,
            "honest_belief_after_threat": np.ones(shape),
            "honest_belief_after_silence": np.zeros(shape),
            "bluffing_exists": bluff,
            "bluffing_belief_after_threat": p,
            "quiet_deterrence_exists": prior_deters,
            "quiet_belief_after_silence": p,
            "no_deterrence_exists": ~prior_deters,
            "no_deterrence_belief_after_silence": p,
        },
        margin=margin,
    )


def _profile_classes(game: Game, profiles: np.ndarray) -> np.ndarray:
    """Class of each pure profile (index into PREFERENCE, len(PREFERENCE) for other ones)."""
    names = [h.name for h in game.infosets]
    act = {
        h.name: np.asarray(h.actions, dtype=object)[profiles[:, names.index(h.name)]]
        for h in game.infosets
    }
    res, irr = act["resolved State"], act["irresolute State"]
    backs = {m: act[f"Challenger after {m}"] == "back down" for m in ("threat", "silence")}
    out = np.full(len(profiles), len(PREFERENCE))
    out[(res == "threaten") & (irr == "stay silent")] = PREFERENCE.index(HONEST)
    both_threat = (res == "threaten") & (irr == "threaten")
    out[both_threat & backs["threat"]] = PREFERENCE.index(BLUFFING)
    both_silent = (res == "stay silent") & (irr == "stay silent")
    out[both_silent & backs["silence"]] = PREFERENCE.index(QUIET)
    out[both_silent & ~backs["silence"]] = PREFERENCE.index(NO_DETERRENCE)
    return out


# The most informative pure PBE at each point.
#
# Order: honest threats, bluffing, quiet deterrence, no deterrence (other profiles, which
# are PBE only on knife edges such as ``R = 0``, rank last as ``"no equilibrium"``).
outcome_of, select_equilibrium = ranked_selection(_profile_classes, PREFERENCE, NO_EQUILIBRIUM)


# --- reputation across crises ---------------------------------------------------------------
def _likelihoods(observed, p, bluff_rate, challenge_prob):
    """P(observation | honest type) and P(observation | strategic type)."""
    o = np.asarray(observed)
    if not np.issubdtype(o.dtype, np.integer) or np.any((o < 0) | (o > 3)):
        raise ParameterError(
            "observed must hold integer codes 0 (silent), 1 (untested threat), "
            "2 (threat carried out) or 3 (caught bluffing)"
        )
    p, b, k = (np.asarray(x, dtype=float) for x in (p, bluff_rate, challenge_prob))
    for name, x in (("p", p), ("bluff_rate", b), ("challenge_prob", k)):
        if np.any((x < 0) | (x > 1)):
            raise ParameterError(f"{name} must lie in [0, 1]")
    threat_s = p + (1 - p) * b
    cases = [o == SILENT, o == UNTESTED_THREAT, o == THREAT_CARRIED_OUT, o == CAUGHT_BLUFFING]
    honest = np.select(cases, [1 - p, p * (1 - k), p * k, 0 * p])
    strategic = np.select(cases, [(1 - p) * (1 - b), threat_s * (1 - k), p * k, (1 - p) * b * k])
    return honest, strategic


def update_reputation(prior, observed, p=0.3, bluff_rate=1.0, challenge_prob=0.3) -> np.ndarray:
    """Posterior probability that the State is an honest type after one crisis (Bayes' rule).

    Parameters
    ----------
    prior : array_like
        Prior probability ``rho`` that the State never bluffs.
    observed : array_like of int
        0 silent, 1 threat not tested, 2 threat tested and carried out, 3 caught bluffing.
    p : array_like
        Probability the State is resolved in a crisis.
    bluff_rate : array_like
        Probability a strategic State bluffs when irresolute (1 when bluffing pays, 0 when
        honesty is kept: see :func:`honesty_threshold`).
    challenge_prob : array_like
        Probability a threat is tested (the Challenger presses).

    Returns
    -------
    ndarray
        Posterior, broadcast over all inputs.

    Raises
    ------
    ParameterError
        For an observation impossible under both types (e.g. a bluff when ``bluff_rate = 0``).

    References
    ----------
    Sartori (2005), ch. 3: a state caught bluffing loses its reputation for honesty.
    """
    rho = np.asarray(prior, dtype=float)
    if np.any((rho < 0) | (rho > 1)):
        raise ParameterError("prior reputation must lie in [0, 1]")
    lh, ls = _likelihoods(observed, p, bluff_rate, challenge_prob)
    num = rho * lh
    den = num + (1 - rho) * ls
    if np.any(den <= 0):
        bad = np.argwhere(np.broadcast_to(den <= 0, den.shape))[0]
        raise ParameterError(
            f"observation at index {tuple(int(i) for i in bad)} is impossible under both "
            "types (check observed codes against bluff_rate, challenge_prob and p)"
        )
    return num / den


def reputation_path(observations, prior, p=0.3, bluff_rate=1.0, challenge_prob=0.3) -> np.ndarray:
    """Reputation after each crisis of a sequence (last axis), vectorized over sequences.

    Bayes' rule applied crisis after crisis is a running product of likelihood ratios, so the
    whole path is one cumulative sum of log-likelihoods; the first column is the prior.

    Returns
    -------
    ndarray, shape (..., n_crises + 1)
    """
    obs = np.asarray(observations)
    lh, ls = _likelihoods(obs, p, bluff_rate, challenge_prob)
    with np.errstate(divide="ignore"):
        llh = np.cumsum(np.log(lh), axis=-1)
        lls = np.cumsum(np.log(ls), axis=-1)
    rho = np.asarray(prior, dtype=float)[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        log_odds = np.log(rho) - np.log1p(-rho) + llh - lls
        post = 1.0 / (1.0 + np.exp(-log_odds))
    impossible = np.isneginf(llh) & np.isneginf(lls)
    if impossible.any():
        bad = np.argwhere(impossible)[0]
        raise ParameterError(
            f"observation sequence at index {tuple(int(i) for i in bad)} is impossible under "
            "both types (check observed codes against bluff_rate, challenge_prob and p)"
        )
    post = np.where(np.isnan(post), rho, post)
    first = np.broadcast_to(rho, (*post.shape[:-1], 1))
    return np.concatenate([first, post], axis=-1)


@dataclass
class CrisisHistory:
    """Simulated crises: ``observations`` (runs, crises), ``reputation`` (runs, crises + 1),
    ``honest`` (runs,) the true types, ``resolved`` and ``bluffed`` (runs, crises)."""

    observations: np.ndarray
    reputation: np.ndarray
    honest: np.ndarray
    resolved: np.ndarray
    bluffed: np.ndarray


def simulate_crises(
    n_crises: int,
    *,
    prior: float = 0.5,
    p: float = 0.3,
    bluff_rate: float = 1.0,
    challenge_prob: float = 0.3,
    n_runs: int = 1,
    honest: bool | None = None,
    seed: int | np.random.Generator | None = None,
) -> CrisisHistory:
    """Simulate sequences of crises and the observers' reputation for honesty.

    Parameters
    ----------
    n_crises, n_runs : int
    prior : float
        Observers' prior that the State is honest (and, if ``honest`` is None, the
        probability each run's State is drawn honest).
    honest : bool, optional
        Fix the true type in every run.
    seed : int, Generator or None

    Returns
    -------
    CrisisHistory
    """
    if n_crises < 1 or n_runs < 1:
        raise ParameterError("n_crises and n_runs must be at least 1")
    rng = np.random.default_rng(seed)
    is_honest = rng.random(n_runs) < prior if honest is None else np.full(n_runs, bool(honest))
    resolved = rng.random((n_runs, n_crises)) < p
    bluffed = ~resolved & ~is_honest[:, None] & (rng.random((n_runs, n_crises)) < bluff_rate)
    threat = resolved | bluffed
    tested = rng.random((n_runs, n_crises)) < challenge_prob
    obs = np.where(
        ~threat,
        SILENT,
        np.where(~tested, UNTESTED_THREAT, np.where(resolved, THREAT_CARRIED_OUT, CAUGHT_BLUFFING)),
    )
    rep = reputation_path(obs, prior, p=p, bluff_rate=bluff_rate, challenge_prob=challenge_prob)
    return CrisisHistory(obs, rep, is_honest, resolved, bluffed)


#: The plane ``examples/build_model_docs.py`` maps.
MAP_AXES = (("reputation", 0.0, 6.0), ("p", 0.01, 0.99))


MODEL = Model(
    name="diplomatic_reputation",
    title="Deterrence by diplomacy (reputation for honesty)",
    summary=(
        "When are cheap-talk threats believed? A State caught bluffing loses a reputation "
        "worth R; honesty is kept iff R >= (1 - theta)/theta, theta the chance a threat is "
        "tested, and then honest threats deter. The reputation is worth p(1 - theta)c_s per "
        "crisis (wars avoided by being believed), discounted over future crises."
    ),
    parameters=DiplomaticReputationParameters,
    build=build,
    theory=theory,
    outcome_of=outcome_of,
    select_equilibrium=select_equilibrium,
    outcomes=PREFERENCE,
    references=(
        "Sartori, A. E. (2002). The might of the pen: A reputational theory of communication "
        "in international disputes. International Organization 56(1), 121-149.",
        "Sartori, A. E. (2005). Deterrence by Diplomacy. Princeton University Press.",
        "Guisinger, A. and Smith, A. (2002). Honest threats. Journal of Conflict Resolution "
        "46(2), 175-200.",
    ),
    methods=("pbe",),
    information="incomplete",
    players=("State", "Challenger"),
)
