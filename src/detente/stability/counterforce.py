"""Counterforce exchange: optimal first-strike allocation, surviving forces, second strike.

The attacker spends ``x`` prompt ballistic-missile warheads against the defender's targetable
aimpoints (silos; mobile launchers in garrison; submarines in port; bombers on the ground).
Each aimpoint class ``t`` has ``N_t`` identical aimpoints, each holding ``v_t`` warheads, and a
per-warhead kill probability ``p_t = R * SSPK`` of the attacker's (warhead-weighted) ballistic
force against its hardness. Aiming ``n`` warheads at one aimpoint destroys it with probability
``1 - (1 - p_t)**n``, so the ``(n+1)``-th warhead adds ``v_t p_t (1 - p_t)**n`` expected
warheads destroyed.

Optimal allocation
------------------
The expected damage is a sum over aimpoints of concave functions of the integer number of
warheads aimed at each (the marginal gain ``v p (1-p)**n`` decreases in ``n``). For such
separable concave objectives under a single budget, greedy marginal analysis -- always give
the next warhead to the aimpoint with the largest marginal gain -- is optimal (Fox 1966;
den Broeder, Ellison & Emerling 1959 for weapon-target allocation with identical weapons).
Within a class the greedy rule spreads warheads evenly ("layers" of ``N_t`` warheads, layer
``l`` worth ``v_t p_t (1-p_t)**l`` per warhead), so the damage curve is the piecewise-linear
concave function obtained by sorting all layers of all classes by marginal value. It is
computed for a whole batch of postures and attack sizes with array operations only.

Assumptions (documented in docs/stability.md): the defender rides out the attack (no launch on
warning); untargetable forces (at sea, dispersed, airborne) survive unless ``surveillance``
locates a share of dispersed mobile missiles; the attacker's warheads are represented by the
warhead-weighted mean kill probability of its alert ballistic missiles.

References
----------
Fox, B. (1966). Discrete optimization via marginal analysis. *Management Science* 13(3),
210-216.
den Broeder, G. G., Ellison, R. E. & Emerling, L. (1959). On optimum target assignments.
*Operations Research* 7(3), 322-326.
Kent, G. A. & Thaler, D. E. (1989). *First-Strike Stability*. RAND R-3765.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from detente.errors import ParameterError
from detente.stability.kill_probability import sspk_from_yield
from detente.stability.posture import (
    BALLISTIC_TYPES,
    AlertLevel,
    ForcePosture,
    LauncherType,
)

#: Layers (warheads per aimpoint) considered by the allocation; beyond this the marginal
#: value is below (1 - p)**MAX_LAYERS of the first warhead's.
MAX_LAYERS: int = 40


@dataclass(frozen=True)
class ForceArrays:
    """Per-class arrays of a batch of postures, shape ``(batch, classes)`` (zero-padded)."""

    warheads: NDArray[np.float64]  # deployed warheads per class
    targetable_warheads: NDArray[np.float64]
    aimpoints: NDArray[np.float64]
    warheads_per_aimpoint: NDArray[np.float64]
    hardness_psi: NDArray[np.float64]
    reliability: NDArray[np.float64]
    ready_untargetable: NDArray[np.float64]  # ready share of untargetable warheads
    ready_targetable: NDArray[np.float64]  # ready share of targetable warheads
    alert_rate: NDArray[np.float64]
    ballistic: NDArray[np.bool_]
    yield_kt: NDArray[np.float64]
    cep_m: NDArray[np.float64]
    value_scale: NDArray[np.float64]  # (batch,)


def force_arrays(
    postures: Sequence[ForcePosture],
    level: AlertLevel = "generated",
    surveillance: ArrayLike = 0.0,
) -> ForceArrays:
    """Stack postures into zero-padded per-class arrays.

    Parameters
    ----------
    postures : sequence of ForcePosture
        The batch.
    level : {"day_to_day", "generated"}
        Alert level.
    surveillance : float or array of shape (batch,)
        Share of dispersed mobile ICBMs the opponent can locate and target, in [0, 1].
    """
    if len(postures) == 0:
        raise ParameterError("postures must hold at least one ForcePosture")
    surv = np.broadcast_to(np.asarray(surveillance, dtype=float), (len(postures),))
    if np.any((surv < 0) | (surv > 1)):
        raise ParameterError(f"surveillance must lie in [0, 1] (got {surveillance!r})")
    n_cls = max(len(p.launchers) for p in postures)
    shape = (len(postures), n_cls)
    fields = {
        k: np.zeros(shape)
        for k in (
            "warheads",
            "targetable_warheads",
            "aimpoints",
            "warheads_per_aimpoint",
            "reliability",
            "ready_untargetable",
            "ready_targetable",
            "alert_rate",
        )
    }
    hardness = np.ones(shape)
    yields = np.ones(shape)
    ceps = np.ones(shape)
    ballistic = np.zeros(shape, dtype=bool)
    for b, posture in enumerate(postures):
        for c, lc in enumerate(posture.launchers):
            r = lc.readiness(level)
            s = r.survivable_fraction
            if lc.type == LauncherType.ICBM_MOBILE:
                s = s * (1.0 - surv[b])
            wh = lc.deployed * lc.warheads_per_launcher
            fields["warheads"][b, c] = wh
            fields["targetable_warheads"][b, c] = wh * (1.0 - s)
            fields["aimpoints"][b, c] = lc.deployed * (1.0 - s) / lc.launchers_per_platform
            fields["warheads_per_aimpoint"][b, c] = (
                lc.launchers_per_platform * lc.warheads_per_launcher
            )
            fields["reliability"][b, c] = lc.reliability
            a = r.alert_rate
            fields["alert_rate"][b, c] = a
            # ready shares: untargetable forces are the first to be ready (at sea, dispersed)
            fields["ready_untargetable"][b, c] = 1.0 if s <= a else a / s
            fields["ready_targetable"][b, c] = (a - s) / (1.0 - s) if s < a else 0.0
            hardness[b, c] = lc.hardness_psi
            yields[b, c] = lc.yield_kt
            ceps[b, c] = lc.cep_m
            ballistic[b, c] = lc.type in BALLISTIC_TYPES
    return ForceArrays(
        hardness_psi=hardness,
        yield_kt=yields,
        cep_m=ceps,
        ballistic=ballistic,
        value_scale=np.array([p.value_scale_warheads for p in postures], dtype=float),
        **fields,
    )


def prompt_warheads(force: ForceArrays) -> NDArray[np.float64]:
    """Alert ballistic-missile warheads available for a counterforce first strike, ``(batch,)``."""
    return np.sum(force.warheads * force.alert_rate * force.ballistic, axis=-1)


def kill_matrix(attacker: ForceArrays, defender: ForceArrays) -> NDArray[np.float64]:
    """Per-warhead kill probability ``R * SSPK`` of the attacker's alert ballistic force
    against each defender class, warhead-weighted over attacker classes; ``(batch, classes)``.
    """
    # (batch, attacker class, defender class)
    p = attacker.reliability[:, :, None] * sspk_from_yield(
        attacker.yield_kt[:, :, None], attacker.cep_m[:, :, None], defender.hardness_psi[:, None, :]
    )
    w = attacker.warheads * attacker.alert_rate * attacker.ballistic
    total = w.sum(axis=1)
    safe = np.where(total > 0, total, 1.0)
    return np.einsum("ba,bad->bd", w, p) / safe[:, None] * (total > 0)[:, None]


def allocation_curve(
    aimpoints: ArrayLike,
    value_per_aimpoint: ArrayLike,
    kill_prob: ArrayLike,
    attack_sizes: ArrayLike,
) -> NDArray[np.float64]:
    """Expected value destroyed per class by an optimal (greedy) allocation of ``x`` warheads.

    Parameters
    ----------
    aimpoints, value_per_aimpoint, kill_prob : array_like, shape (batch, classes)
        ``N_t``, ``v_t`` and per-warhead kill probability ``p_t`` (reliability included).
    attack_sizes : array_like, shape (m,) or (batch, m)
        Warheads spent.

    Returns
    -------
    ndarray, shape (batch, m, classes)
        Expected value destroyed in each class.

    References
    ----------
    Fox (1966); den Broeder, Ellison & Emerling (1959).
    """
    n = np.atleast_2d(np.asarray(aimpoints, dtype=float))
    v = np.atleast_2d(np.asarray(value_per_aimpoint, dtype=float))
    p = np.atleast_2d(np.asarray(kill_prob, dtype=float))
    n, v, p = np.broadcast_arrays(n, v, p)
    if np.any(n < 0) or np.any(v < 0) or np.any((p < 0) | (p > 1)):
        raise ParameterError("aimpoints and values must be >= 0 and kill_prob in [0, 1]")
    batch, n_cls = n.shape
    x = np.asarray(attack_sizes, dtype=float)
    if np.any(x < 0):
        raise ParameterError(f"attack sizes must be >= 0 (got {attack_sizes!r})")
    x = np.broadcast_to(x, (batch, x.shape[-1])) if x.ndim <= 1 else x
    layers = np.arange(MAX_LAYERS, dtype=float)
    # marginal value per warhead of layer l of class t, and the layer's width in warheads
    marginal = v[:, :, None] * p[:, :, None] * (1.0 - p[:, :, None]) ** layers  # (B, T, L)
    width = np.broadcast_to(n[:, :, None], marginal.shape)
    cls = np.broadcast_to(np.arange(n_cls)[None, :, None], marginal.shape)
    marginal = marginal.reshape(batch, -1)
    width = width.reshape(batch, -1)
    cls = cls.reshape(batch, -1)
    order = np.argsort(-marginal, axis=1, kind="stable")
    m_sorted = np.take_along_axis(marginal, order, axis=1)
    w_sorted = np.take_along_axis(width, order, axis=1)
    c_sorted = np.take_along_axis(cls, order, axis=1)
    start = np.concatenate([np.zeros((batch, 1)), np.cumsum(w_sorted, axis=1)], axis=1)
    # warheads spent in each segment at each attack size: clip(x - start_k, 0, width_k)
    spent = np.clip(x[:, :, None] - start[:, None, :-1], 0.0, w_sorted[:, None, :])  # (B, M, K)
    gain = spent * m_sorted[:, None, :]
    onehot = c_sorted[:, :, None] == np.arange(n_cls)[None, None, :]  # (B, K, T)
    return np.einsum("bmk,bkt->bmt", gain, onehot.astype(float))


@dataclass(frozen=True)
class ExchangeCurve:
    """Outcome of counterforce first strikes of several sizes (arrays ``(batch, m)``).

    Attributes
    ----------
    attack_sizes : ndarray
        Warheads spent by the attacker.
    destroyed_warheads : ndarray
        Expected defender warheads destroyed.
    surviving_warheads : ndarray
        Expected defender warheads surviving (physical count).
    second_strike : ndarray
        Expected defender warheads that survive, are ready and arrive (reliability applied):
        the deliverable retaliation.
    attacker_reserve : ndarray
        Expected attacker warheads that remain ready and arrive after the first strike.
    second_strike_ballistic, attacker_reserve_ballistic : ndarray
        The parts of the two above carried by ballistic missiles (what missile defense faces).
    """

    attack_sizes: NDArray[np.float64]
    destroyed_warheads: NDArray[np.float64]
    surviving_warheads: NDArray[np.float64]
    second_strike: NDArray[np.float64]
    attacker_reserve: NDArray[np.float64]
    second_strike_ballistic: NDArray[np.float64]
    attacker_reserve_ballistic: NDArray[np.float64]


def deliverable_warheads(force: ForceArrays) -> NDArray[np.float64]:
    """Ready, arriving warheads of an unattacked force at its alert level, ``(batch,)``."""
    return np.sum(force.warheads * force.alert_rate * force.reliability, axis=-1)


def exchange_arrays(
    attacker: ForceArrays, defender: ForceArrays, attack_sizes: ArrayLike
) -> ExchangeCurve:
    """Counterforce exchange for a batch of (attacker, defender) pairs and attack sizes.

    Attack sizes above the attacker's prompt warheads are clipped to that number.
    """
    avail = prompt_warheads(attacker)  # (B,)
    x = np.asarray(attack_sizes, dtype=float)
    x = np.broadcast_to(x, (avail.shape[0], x.shape[-1])) if x.ndim <= 1 else x
    x = np.minimum(x, avail[:, None])
    p = kill_matrix(attacker, defender)
    destroyed_cls = allocation_curve(
        defender.aimpoints, defender.warheads_per_aimpoint, p, x
    )  # (B, M, T)
    destroyed_cls = np.minimum(destroyed_cls, defender.targetable_warheads[:, None, :])
    untargetable = defender.warheads - defender.targetable_warheads
    surviving_targeted = defender.targetable_warheads[:, None, :] - destroyed_cls
    second_cls = (
        untargetable[:, None, :] * defender.ready_untargetable[:, None, :]
        + surviving_targeted * defender.ready_targetable[:, None, :]
    ) * defender.reliability[:, None, :]
    # attacker: ready warheads minus those spent (spent pro rata from alert ballistic classes)
    ready = attacker.warheads * attacker.alert_rate
    ballistic_ready = np.sum(ready * attacker.ballistic, axis=-1)
    share = np.where(ballistic_ready[:, None] > 0, ready * attacker.ballistic, 0.0) / np.where(
        ballistic_ready[:, None] > 0, ballistic_ready[:, None], 1.0
    )
    left = ready[:, None, :] - x[:, :, None] * share[:, None, :]
    reserve_cls = np.maximum(left, 0.0) * attacker.reliability[:, None, :]
    destroyed = destroyed_cls.sum(axis=-1)
    return ExchangeCurve(
        attack_sizes=x,
        destroyed_warheads=destroyed,
        surviving_warheads=defender.warheads.sum(axis=-1)[:, None] - destroyed,
        second_strike=second_cls.sum(axis=-1),
        attacker_reserve=reserve_cls.sum(axis=-1),
        second_strike_ballistic=np.sum(second_cls * defender.ballistic[:, None, :], axis=-1),
        attacker_reserve_ballistic=np.sum(reserve_cls * attacker.ballistic[:, None, :], axis=-1),
    )


def exchange_curve(
    attacker: ForcePosture | Sequence[ForcePosture],
    defender: ForcePosture | Sequence[ForcePosture],
    attack_sizes: ArrayLike | None = None,
    level: AlertLevel = "generated",
    surveillance: ArrayLike = 0.0,
) -> ExchangeCurve:
    """Surviving and deliverable warheads of ``defender`` vs the size of ``attacker``'s strike.

    Parameters
    ----------
    attacker, defender : ForcePosture or sequence of ForcePosture
        One pair, or equally long sequences of pairs (a batch).
    attack_sizes : array_like, optional
        Warheads spent; defaults to 101 points from 0 to the attacker's prompt warheads.
    level : {"day_to_day", "generated"}
        Alert level of both sides.
    surveillance : float or array
        Share of the defender's dispersed mobile ICBMs the attacker can locate, in [0, 1].

    Returns
    -------
    ExchangeCurve
        Arrays of shape ``(batch, m)``.

    References
    ----------
    Kent & Thaler (1989) (exchange calculations); Fox (1966) (greedy allocation).
    """
    atk = [attacker] if isinstance(attacker, ForcePosture) else list(attacker)
    dfn = [defender] if isinstance(defender, ForcePosture) else list(defender)
    if len(atk) != len(dfn):
        raise ParameterError(
            f"attacker and defender batches differ in length ({len(atk)} vs {len(dfn)})"
        )
    a = force_arrays(atk, level)
    d = force_arrays(dfn, level, surveillance)
    if attack_sizes is None:
        top = float(prompt_warheads(a).max())
        attack_sizes = np.linspace(0.0, top, 101)
    return exchange_arrays(a, d, attack_sizes)
