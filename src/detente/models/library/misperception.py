"""Misperception and decision noise: deterrence that fails by misjudgment, not by design.

Any registered model of perfect information can be solved with *perception noise*: each
player sees the parameters it does not own (the other side's payoffs -- resolve, capability,
costs -- and the chance probabilities) with independent normal errors of standard deviation
``perception_sd`` (clipped to each parameter's allowed range) and plays its subgame-perfect
strategy in the game it perceives; its own payoffs it knows. Jervis (1976) argues that such
misjudgments of the adversary's resolve and capability, more than design, explain why
deterrence fails; Lebow (1981) finds them in the brinkmanship crises he studies. *Decision
noise* is the agent logit quantal response equilibrium (McKelvey & Palfrey 1998; Signorino
1999) at precision ``lam``. :func:`misperception_analysis` draws the perception errors,
solves all draws of all players' perceived games in one batched engine call per solver (the
draws are the batch axis) and splits the probability that deterrence fails (any outcome other
than the success outcome, by default the model's first, e.g. "Status Quo") into *by design*
(the true game's SPE fails), *perception* (deterrence holds by design but a player's
misjudgment breaks it), *decision* (logit errors alone break it) and their interaction.

Decision-time compression -- faster weapons, less time to decide -- lowers the logit precision.
We take an evidence-accumulation view (a drift-diffusion decision: the signal-to-noise ratio of
what a decision maker has gathered grows with the square root of deliberation time, Bogacz et
al. 2006), so ``lam = lam_ref * sqrt(decision_time / time_ref)`` (:func:`decision_lambda`): a
quarter of the time halves the precision. This mapping is a modelling assumption, not an
estimate. The registered model ``misperception`` applies both to unilateral deterrence
(Zagare & Kilgour 2000), where the failure probabilities have closed forms: the Challenger
misjudges the Defender's resolve (``p_def``, ``d_def_hard``, ``d_def_soft``, ``c_def``), so it
sees credibility ``q_hat = p_hat 1[d_hat_hard > c_hat] + (1 - p_hat) 1[d_hat_soft > c_hat]``
and challenges iff ``q_hat d_ch + (1 - q_hat) a_ch > s_ch`` (integrated over the common error
in ``c_hat`` by Gauss-Hermite quadrature); with decision noise the Defender denies with
probability ``logistic(lam (d_def - c_def))`` and the Challenger demands with probability
``logistic(lam (V_demand - s_ch))`` (statistical backward induction, Signorino 1999).

References
----------
Jervis, R. (1976). Perception and Misperception in International Politics. Princeton
University Press, ch. 3.
Lebow, R. N. (1981). Between Peace and War: The Nature of International Crisis. Johns Hopkins
University Press.
McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive form
games. Experimental Economics 1(1), 9-41.
Signorino, C. S. (1999). Strategic interaction and the statistical analysis of international
conflict. American Political Science Review 93(2), 279-297.
Bogacz, R., Brown, E., Moehlis, J., Holmes, P. and Cohen, J. D. (2006). The physics of optimal
decision making. Psychological Review 113(4), 700-765.
Zagare, F. C. and Kilgour, D. M. (2000). Perfect Deterrence. Cambridge University Press.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.special import expit, ndtr

import detente
from detente.errors import ParameterError
from detente.games import Game, solve_qre, solve_spe
from detente.games.tree_passes import (
    chance_edge_probs,
    depth_levels,
    reach_probabilities,
    set_strategy_edges,
)
from detente.models.library import unilateral_deterrence as ud
from detente.models.model_interface import (
    Model,
    Theory,
    most_likely_outcome,
    most_likely_outcome_codes,
    param,
)

#: Reference precision and decision time of :func:`decision_lambda`.
LAM_REF = 10.0
TIME_REF = 1.0
#: Plane for the generated docs map: credibility against the cost of conflict.
MAP_AXES = (("p_def", 0.0, 1.0), ("d_ch", -3.0, -0.1))


def decision_lambda(
    decision_time: np.ndarray | float, lam_ref: float = LAM_REF, time_ref: float = TIME_REF
) -> np.ndarray:
    """Logit precision for a given time to decide: ``lam_ref * sqrt(decision_time / time_ref)``.

    Assumption (documented in the module): precision grows like the signal-to-noise ratio of
    accumulated evidence, i.e. with the square root of deliberation time (Bogacz et al. 2006).
    Faster weapons (a shorter ``decision_time``) therefore mean noisier decisions.

    Raises
    ------
    ParameterError
        If a decision time is negative or not finite.
    """
    t = np.asarray(decision_time, dtype=float)
    if not np.isfinite(t).all() or (t < 0).any():
        raise ParameterError(f"decision_time must be finite and >= 0, got {decision_time!r}")
    return lam_ref * np.sqrt(t / time_ref)


@dataclass
class MisperceptionResult:
    """Probabilities that deterrence fails, by cause, at each parameter point.

    Attributes
    ----------
    by_design : ndarray
        Failure probability in the true game's SPE (no noise).
    perception : ndarray
        Failure because of perception errors alone, where deterrence holds by design.
    decision : ndarray
        Failure because of logit decision noise alone, where deterrence holds by design.
    both : ndarray
        Failure with perception and decision noise together, where it holds by design.
    interaction : ndarray
        ``both - perception - decision``.
    averted : ndarray
        Failure by design that noise (both kinds) prevents.
    total : ndarray
        Failure probability with both kinds of noise: ``by_design - averted + both``.
    perception_se, both_se : ndarray
        Monte Carlo standard errors of ``perception`` and ``both``.
    lam : ndarray
    inputs : dict
        Model name, parameters, ``perception_sd``, ``draws``, ``seed`` and success outcome.
    """

    by_design: np.ndarray
    perception: np.ndarray
    decision: np.ndarray
    both: np.ndarray
    interaction: np.ndarray
    averted: np.ndarray
    total: np.ndarray
    perception_se: np.ndarray
    both_se: np.ndarray
    lam: np.ndarray
    inputs: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain Python (floats for single points, lists otherwise)."""
        out: dict[str, Any] = {}
        for k in (
            "by_design",
            "perception",
            "decision",
            "both",
            "interaction",
            "averted",
            "total",
            "perception_se",
            "both_se",
            "lam",
        ):
            v = np.asarray(getattr(self, k))
            out[k] = float(v) if v.ndim == 0 else v.tolist()
        return out | {"inputs": self.inputs}


def perceived_parameters(game: Game) -> list[frozenset[str]]:
    """For each player, the parameters it perceives with error: all but its exclusive own.

    A parameter is a player's own when it appears only in that player's payoffs; chance
    probabilities and parameters in several players' payoffs are the world, misjudged by all.
    Parameters the game does not use are never perturbed.
    """
    t = game.tables
    used_by: dict[str, set[int]] = {}
    for row in t.terminal_payoffs:
        for i, expr in enumerate(row):
            for name in expr.names:
                used_by.setdefault(name, set()).add(i)
    for expr in t.chance_probs:
        for name in expr.names:
            used_by.setdefault(name, set()).add(-1)
    return [
        frozenset(n for n, users in used_by.items() if users != {i}) for i in range(t.n_players)
    ]


def misperception_analysis(
    model: Model,
    params: Mapping[str, Any] | None = None,
    *,
    perception_sd: float | np.ndarray | Mapping[str, float] | None = None,
    lam: float | np.ndarray | None = None,
    decision_time: float | np.ndarray | None = None,
    draws: int = 2000,
    seed: int | np.random.Generator | None = None,
    success: str | None = None,
) -> MisperceptionResult:
    """Probability that deterrence fails by misjudgment rather than design, split by cause.

    Parameters
    ----------
    model : Model
        A registered model whose game has perfect information (SPE best responses).
    params : mapping, optional
        Parameter values (scalars or arrays with a common batch shape ``S``).
    perception_sd : float, array or mapping, optional
        Standard deviation of perception errors, in each parameter's own unit (an array
        broadcasts with ``S``; a mapping gives one per parameter, unnamed ones get 0). Default:
        the model's own ``perception_sd`` parameter if it has one (the registered
        ``misperception`` model), else 0.1.
    lam : float or array, optional
        Logit precision of decisions (broadcasts with ``S``). Default: from ``decision_time``,
        else from the model's own ``decision_time`` parameter if it has one, else
        :data:`LAM_REF`.
    decision_time : float or array, optional
        Time to decide, mapped to ``lam`` by :func:`decision_lambda`.
    draws : int
        Monte Carlo draws of perception errors.
    seed : int, numpy Generator or None
    success : str, optional
        The outcome that counts as deterrence holding (default ``model.outcomes[0]``).

    Returns
    -------
    MisperceptionResult

    Notes
    -----
    The players' perceived games (``draws`` x ``S`` each) and the true game are stacked on a
    leading axis and solved in one :func:`~detente.games.solve_spe` call and one
    :func:`~detente.games.solve_qre` call. Each player's strategy is taken from its own
    perceived game and the outcome computed with the true chance probabilities. Failure by
    design is 0 or 1 whenever success is decided by pure moves (as in every model here);
    where chance makes it fractional, the split treats it as independent of the noise.

    Raises
    ------
    ParameterError
        If the game has imperfect information, ``draws < 1``, a negative ``perception_sd``,
        both ``lam`` and ``decision_time`` are given, or ``success`` is not an outcome.

    References
    ----------
    Jervis (1976), ch. 3; McKelvey & Palfrey (1998); Signorino (1999).
    """
    game = model.game
    if not game.is_perfect_information:
        raise ParameterError(
            f"misperception_analysis needs a model whose game has perfect information; "
            f"{model.name!r} has information sets with several nodes"
        )
    if int(draws) < 1:
        raise ParameterError(f"draws must be a positive integer, got {draws!r}")
    if lam is not None and decision_time is not None:
        raise ParameterError("give either lam or decision_time, not both")
    success = model.outcomes[0] if success is None else success
    labels = game.tables.terminal_labels
    if success not in labels:
        raise ParameterError(
            f"success={success!r} is not an outcome of {model.name!r}; outcomes: "
            f"{', '.join(dict.fromkeys(labels))}"
        )
    values = model.resolve(params)
    shape = np.broadcast(*values.values()).shape
    if lam is None and decision_time is None and "decision_time" in values:
        decision_time = values["decision_time"]
    if decision_time is not None:
        lam = decision_lambda(decision_time)
    lam_arr = np.broadcast_to(np.asarray(LAM_REF if lam is None else lam, dtype=float), shape)
    specs = model.specs()
    if perception_sd is None:
        perception_sd = values.get("perception_sd", 0.1)
    sds = (
        {k: np.asarray(v, dtype=float) for k, v in perception_sd.items()}
        if isinstance(perception_sd, Mapping)
        else dict.fromkeys(specs, np.asarray(perception_sd, dtype=float))
    )
    unknown = set(sds) - set(specs)
    if unknown or any(((v < 0) | ~np.isfinite(v)).any() for v in sds.values()):
        raise ParameterError(
            f"perception_sd must be >= 0 and name parameters of {model.name!r} "
            f"({', '.join(specs)}); got {perception_sd!r}"
        )
    rng = np.random.default_rng(seed)
    owned = perceived_parameters(game)
    n_players = len(game.players)
    draws = int(draws)
    stacked: dict[str, np.ndarray] = {}
    for name, value in values.items():
        base = np.broadcast_to(value, (n_players + 1, draws, *shape)).copy()
        sd = sds.get(name, np.zeros(()))
        for i in range(n_players):
            if name in owned[i] and (sd > 0).any():
                noisy = base[i] + sd * rng.standard_normal((draws, *shape))
                base[i] = np.clip(noisy, specs[name]["lo"], specs[name]["hi"])
        stacked[name] = base
    lam_stacked = np.broadcast_to(lam_arr, (n_players + 1, draws, *shape))
    spe = solve_spe(game, stacked)
    qre = solve_qre(game, stacked, lam=lam_stacked)

    t = game.tables
    owner = np.repeat(
        [h.player for h in t.infosets], np.diff(t.action_offset).astype(np.int64)
    )  # player of each flat action

    def failure_of(strategy: np.ndarray) -> np.ndarray:
        """Failure probability under ``strategy`` (slots, draws, *S, A) with true chance."""
        mixed = np.take_along_axis(
            strategy, np.broadcast_to(owner, strategy.shape[1:])[None], axis=0
        )[0]  # each action from its owner's perceived game: (draws, *S, A)
        b = mixed[..., 0].size
        env = {k: np.broadcast_to(v, (draws, *shape)).reshape(b) for k, v in values.items()}
        E = chance_edge_probs(t, t.evaluate_chance(env, b), b)
        set_strategy_edges(t, E, mixed.reshape(b, -1).T)
        reach = reach_probabilities(t, E, depth_levels(t))
        ok = np.array([label == success for label in labels])
        return 1.0 - reach[t.terminal_nodes[ok]].sum(axis=0).reshape(draws, *shape)

    design = 1.0 - spe.outcome_prob(success)[n_players, 0]
    perceived = failure_of(spe.strategy[:n_players])
    both = failure_of(qre.strategy[:n_players])
    decision = 1.0 - qre.outcome_prob(success)[n_players, 0]
    holds = 1.0 - design
    perception = holds * perceived.mean(axis=0)
    both_mean = holds * both.mean(axis=0)
    decision_part = holds * decision
    averted = design * (1.0 - both.mean(axis=0))
    return MisperceptionResult(
        by_design=design,
        perception=perception,
        decision=decision_part,
        both=both_mean,
        interaction=both_mean - perception - decision_part,
        averted=averted,
        total=design - averted + both_mean,
        perception_se=holds * perceived.std(axis=0) / np.sqrt(draws),
        both_se=holds * both.std(axis=0) / np.sqrt(draws),
        lam=lam_arr,
        inputs={
            "model": model.name,
            "params": {k: np.asarray(v).tolist() for k, v in values.items()},
            "perception_sd": (
                {k: v.tolist() for k, v in sds.items()}
                if isinstance(perception_sd, Mapping)
                else np.asarray(perception_sd).tolist()
            ),
            "draws": draws,
            "seed": seed if isinstance(seed, int | None) else "Generator",
            "success": success,
            "detente_version": detente.__version__,
        },
    )


# --- the registered model: unilateral deterrence with misperception ---------------------------
class MisperceptionParameters(ud.UnilateralDeterrenceParameters):
    """Unilateral deterrence's parameters plus perception and decision noise."""

    p_def: float = param(
        0.7,
        "probability the Defender is hard (credibility of its threat)",
        lo=0,
        hi=1,
        unit="probability",
        symbol="p_Def",
    )

    perception_sd: float = param(
        0.1,
        "standard deviation of the Challenger's errors in judging the Defender's resolve",
        lo=0.001,
        hi=2.0,
        unit="parameter units",
    )
    decision_time: float = param(
        1.0,
        "time to decide relative to the reference (lam = 10 sqrt(time))",
        lo=0.01,
        hi=10.0,
        unit="reference decision times",
    )


def build() -> Game:
    """The unilateral deterrence game, declaring the noise parameters too (unused in payoffs)."""
    base = ud.build()
    return Game(
        title="Unilateral deterrence with misperception",
        players=base.players,
        parameters=MisperceptionParameters().model_dump(),
        root=base.root,
    )


_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(80)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


def _p_hat_below(x: np.ndarray, p: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """P(clip(p + e, 0, 1) < x) for e ~ N(0, sd)."""
    inside = ndtr((x - p) / sd)
    return np.where(x <= 0, 0.0, np.where(x > 1, 1.0, inside))


def _p_hat_above(x: np.ndarray, p: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """P(clip(p + e, 0, 1) > x) for e ~ N(0, sd)."""
    inside = 1.0 - ndtr((x - p) / sd)
    return np.where(x < 0, 1.0, np.where(x >= 1, 0.0, inside))


def _demand_probability(p: dict[str, np.ndarray], alpha: float, beta: float) -> np.ndarray:
    """P(Challenger demands) when it perceives credibility ``alpha + beta p_hat``."""
    a, s, d = p["a_ch"], p["s_ch"], p["d_ch"]
    slope = beta * (a - d)
    rhs = a - s - alpha * (a - d)  # demand iff slope * p_hat < rhs
    safe = np.where(slope == 0, 1.0, slope)
    x = rhs / safe
    sd = p["perception_sd"]
    return np.where(
        slope > 0,
        _p_hat_below(x, p["p_def"], sd),
        np.where(slope < 0, _p_hat_above(x, p["p_def"], sd), (rhs > 0).astype(float)),
    )


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Design (unilateral deterrence), perception-only and decision-only failure in closed form."""
    base = ud.theory(p)
    design = 1.0 - base.values["deterred"].astype(float)
    sd = p["perception_sd"]
    # hard/soft perceived as denying, given the common error in c_hat (quadrature node z)
    z = _NODES.reshape((-1,) + (1,) * np.broadcast(*p.values()).ndim)
    w = _WEIGHTS.reshape(z.shape)
    hard = ndtr((p["d_def_hard"] - p["c_def"] - sd * z) / sd)
    soft = ndtr((p["d_def_soft"] - p["c_def"] - sd * z) / sd)
    both, only_h = (w * hard * soft).sum(0), (w * hard * (1 - soft)).sum(0)
    only_s, neither = (w * (1 - hard) * soft).sum(0), (w * (1 - hard) * (1 - soft)).sum(0)
    perceived = (
        both * _demand_probability(p, 1.0, 0.0)
        + only_h * _demand_probability(p, 0.0, 1.0)
        + only_s * _demand_probability(p, 1.0, -1.0)
        + neither * _demand_probability(p, 0.0, 0.0)
    )
    lam = decision_lambda(p["decision_time"])
    deny_h = expit(lam * (p["d_def_hard"] - p["c_def"]))
    deny_s = expit(lam * (p["d_def_soft"] - p["c_def"]))
    deny = p["p_def"] * deny_h + (1 - p["p_def"]) * deny_s
    v_demand = deny * p["d_ch"] + (1 - deny) * p["a_ch"]
    noisy = expit(lam * (v_demand - p["s_ch"]))
    return Theory(
        outcome=base.outcome,
        codes=base.codes,
        values=base.values
        | {
            "fail_by_design": design,
            "fail_by_perception": (1 - design) * perceived,
            "fail_by_decision_noise": (1 - design) * noisy,
            "lam": lam,
        },
        margin=base.margin,
    )


MODEL = Model(
    name="misperception",
    title="Misperception and decision noise in unilateral deterrence",
    summary=(
        "How often does deterrence fail because a side misjudged the other, or decided in "
        "haste, rather than by design? The Challenger sees the Defender's resolve with error "
        "and both decide with logit noise whose precision falls with less time to decide; the "
        "failure probability is split into design, perception and decision noise."
    ),
    parameters=MisperceptionParameters,
    build=build,
    theory=theory,
    outcome_of=most_likely_outcome,
    outcome_codes_of=most_likely_outcome_codes,
    outcomes=ud.MODEL.outcomes,
    references=(
        "Jervis, R. (1976). Perception and Misperception in International Politics. Princeton "
        "University Press.",
        "McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive "
        "form games. Experimental Economics 1(1), 9-41.",
        "Signorino, C. S. (1999). Strategic interaction and the statistical analysis of "
        "international conflict. American Political Science Review 93(2), 279-297.",
        "Bogacz, R. et al. (2006). The physics of optimal decision making. Psychological "
        "Review 113(4), 700-765.",
        "Zagare, F. C. and Kilgour, D. M. (2000). Perfect Deterrence. Cambridge University Press.",
    ),
    methods=("spe", "qre"),
    information="incomplete",
    players=("Challenger", "Defender"),
)
