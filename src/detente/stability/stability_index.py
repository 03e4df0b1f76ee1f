"""First-strike (crisis) stability indices in the manner of Kent & Thaler.

For each side the index compares the cost of striking first with the cost of striking
second (absorbing the opponent's best first strike, then retaliating).

Exchange (side A strikes first with ``x`` prompt warheads at B's forces)::

    B retaliates on A's value with its deliverable second strike S_B(x)
    A follows up on B's value with its remaining ready warheads R_A(x)
    Missile defenses of A and B intercept the ballistic part of what reaches their value.

Damage to a side's value from ``w`` arriving warheads is ``d(w) = 1 - exp(-w / w0)``, with
``w0`` the posture's ``value_scale_warheads``. The cost to a side is its own damage plus a
weight ``k`` times the damage it fails to inflict on the opponent::

    C_A = d_A + k * (1 - d_B)

Each first striker picks ``x`` on a grid to minimise its own cost (``C_A^first``); the
victim's cost in that exchange is its cost of striking second (``C_B^second``). The
per-side index and the combined crisis-stability index are::

    s_A = C_A^first / C_A^second,    s_B likewise,    S = s_A * s_B

``s < 1`` means striking first is cheaper than waiting (an incentive to pre-empt); values
near 1 mean no first-strike advantage. ``S`` falls as either side's incentive grows.

References
----------
Kent, G. A., DeValk, R. J. & Thaler, D. E. (1988). *A Calculus of First-Strike Stability (A
Criterion for Evaluating Strategic Forces)*. RAND N-2526-AF.
Kent, G. A. & Thaler, D. E. (1989). *First-Strike Stability: A Methodology for Evaluating
Strategic Forces*. RAND R-3765 (costs of striking first and second, the index
as a ratio of the two, combined over both sides).
The saturating damage function and the default weight ``k`` are modelling choices of this
module (approximations of Kent & Thaler's damage-expectancy tables), documented in
docs/stability.md.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike, NDArray

from detente.errors import ParameterError
from detente.plain_repr import PlainRepr
from detente.stability.counterforce import (
    ExchangeCurve,
    ForceArrays,
    exchange_arrays,
    force_arrays,
    prompt_warheads,
)
from detente.stability.missile_defense import MissileDefense
from detente.stability.posture import AlertLevel, ForcePosture

#: Default weight on damage a side fails to inflict (relative to damage it suffers).
DEFAULT_COST_WEIGHT: float = 0.5
#: Attack sizes examined per first strike (fractions of the striker's prompt warheads).
ATTACK_GRID: int = 201


@dataclass(frozen=True, repr=False)
class StabilityResult(PlainRepr):
    """Costs and indices of a posture pair (arrays of shape ``(batch,)``, or floats).

    Attributes
    ----------
    cost_first_a, cost_second_a, cost_first_b, cost_second_b
        Costs of striking first / second for each side.
    index_a, index_b
        ``cost_first / cost_second`` per side.
    crisis_stability
        ``index_a * index_b``.
    attack_a, attack_b
        The first striker's cost-minimising counterforce attack size (warheads).
    damage_to_a_first, damage_to_b_first
        Damage suffered by A and B when A strikes first; ``*_second`` when B strikes first.
    """

    cost_first_a: NDArray[np.float64]
    cost_second_a: NDArray[np.float64]
    cost_first_b: NDArray[np.float64]
    cost_second_b: NDArray[np.float64]
    index_a: NDArray[np.float64]
    index_b: NDArray[np.float64]
    crisis_stability: NDArray[np.float64]
    attack_a: NDArray[np.float64]
    attack_b: NDArray[np.float64]
    damage_to_a_first: NDArray[np.float64]
    damage_to_b_first: NDArray[np.float64]
    damage_to_a_second: NDArray[np.float64]
    damage_to_b_second: NDArray[np.float64]

    def to_dict(self) -> dict[str, float | list[float]]:
        """Plain floats (scalar batch) or lists, for JSON."""
        out: dict[str, float | list[float]] = {}
        for f in fields(self):
            v = np.asarray(getattr(self, f.name))
            out[f.name] = float(v) if v.ndim == 0 else v.tolist()
        return out


def value_damage(warheads: ArrayLike, scale: ArrayLike) -> NDArray[np.float64]:
    """Share of value destroyed by ``warheads`` arriving: ``1 - exp(-w / scale)``."""
    return 1.0 - np.exp(-np.asarray(warheads, dtype=float) / np.asarray(scale, dtype=float))


def _arriving(
    total: NDArray, ballistic: NDArray, defense: MissileDefense | None, interceptors: NDArray
) -> NDArray:
    if defense is None:
        return total
    return total - ballistic + defense.leakers(ballistic, interceptors)


def _one_direction(
    striker: ForceArrays,
    victim: ForceArrays,
    defense_striker: MissileDefense | None,
    defense_victim: MissileDefense | None,
    int_striker: NDArray,
    int_victim: NDArray,
    weight: float,
) -> tuple[NDArray, ...]:
    frac = np.linspace(0.0, 1.0, ATTACK_GRID)
    sizes = prompt_warheads(striker)[:, None] * frac[None, :]  # (B, M)
    ex: ExchangeCurve = exchange_arrays(striker, victim, sizes)
    to_striker = _arriving(
        ex.second_strike, ex.second_strike_ballistic, defense_striker, int_striker[:, None]
    )
    to_victim = _arriving(
        ex.attacker_reserve, ex.attacker_reserve_ballistic, defense_victim, int_victim[:, None]
    )
    d_striker = value_damage(to_striker, striker.value_scale[:, None])
    d_victim = value_damage(to_victim, victim.value_scale[:, None])
    cost_striker = d_striker + weight * (1.0 - d_victim)
    best = np.argmin(cost_striker, axis=1)
    pick = np.arange(best.shape[0])
    cost_first = cost_striker[pick, best]
    cost_second = d_victim[pick, best] + weight * (1.0 - d_striker[pick, best])
    return (
        cost_first,
        cost_second,
        ex.attack_sizes[pick, best],
        d_striker[pick, best],
        d_victim[pick, best],
    )


def stability_arrays(
    force_a: ForceArrays,
    force_b: ForceArrays,
    defense_a: MissileDefense | None = None,
    defense_b: MissileDefense | None = None,
    interceptors_a: ArrayLike | None = None,
    interceptors_b: ArrayLike | None = None,
    cost_weight: float = DEFAULT_COST_WEIGHT,
) -> StabilityResult:
    """Kent-Thaler indices for a batch of force pairs (see module docstring).

    ``interceptors_a``/``interceptors_b`` (shape ``(batch,)``) override the defenses'
    interceptor counts, so one call sweeps a grid of defense sizes.
    """
    if not np.isfinite(cost_weight) or cost_weight < 0:
        raise ParameterError(f"cost_weight must be >= 0 (got {cost_weight!r})")
    batch = force_a.warheads.shape[0]

    def _ints(d: MissileDefense | None, n: ArrayLike | None) -> NDArray:
        base = 0.0 if d is None else d.interceptors
        return np.broadcast_to(np.asarray(base if n is None else n, dtype=float), (batch,))

    ia, ib = _ints(defense_a, interceptors_a), _ints(defense_b, interceptors_b)
    if defense_a is None and interceptors_a is not None:
        defense_a = MissileDefense()
    if defense_b is None and interceptors_b is not None:
        defense_b = MissileDefense()
    cfa, csb, xa, d_a1, d_b1 = _one_direction(
        force_a, force_b, defense_a, defense_b, ia, ib, cost_weight
    )
    cfb, csa, xb, d_b2, d_a2 = _one_direction(
        force_b, force_a, defense_b, defense_a, ib, ia, cost_weight
    )

    def _ratio(num: NDArray, den: NDArray) -> NDArray:
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 1.0)

    sa, sb = _ratio(cfa, csa), _ratio(cfb, csb)
    return StabilityResult(
        cost_first_a=cfa,
        cost_second_a=csa,
        cost_first_b=cfb,
        cost_second_b=csb,
        index_a=sa,
        index_b=sb,
        crisis_stability=sa * sb,
        attack_a=xa,
        attack_b=xb,
        damage_to_a_first=d_a1,
        damage_to_b_first=d_b1,
        damage_to_a_second=d_a2,
        damage_to_b_second=d_b2,
    )


def _squeeze(result: StabilityResult) -> StabilityResult:
    return StabilityResult(**{f.name: getattr(result, f.name)[0] for f in fields(result)})


def stability_index(
    posture_a: ForcePosture,
    posture_b: ForcePosture,
    level: AlertLevel = "generated",
    defense_a: MissileDefense | None = None,
    defense_b: MissileDefense | None = None,
    surveillance_of_a: float = 0.0,
    surveillance_of_b: float = 0.0,
    cost_weight: float = DEFAULT_COST_WEIGHT,
) -> StabilityResult:
    """First-strike stability of a posture pair.

    Parameters
    ----------
    posture_a, posture_b : ForcePosture
        The two sides.
    level : {"day_to_day", "generated"}
        Alert level of both sides.
    defense_a, defense_b : MissileDefense, optional
        Missile defenses of each side's value targets.
    surveillance_of_a, surveillance_of_b : float
        Share of that side's dispersed mobile ICBMs the opponent can locate.
    cost_weight : float
        Weight ``k`` on damage not inflicted.

    Returns
    -------
    StabilityResult
        Scalar fields.

    References
    ----------
    Kent & Thaler (1989); Kent, DeValk & Thaler (1988).
    """
    fa = force_arrays([posture_a], level, surveillance_of_a)
    fb = force_arrays([posture_b], level, surveillance_of_b)
    return _squeeze(stability_arrays(fa, fb, defense_a, defense_b, cost_weight=cost_weight))


def _repeat(force: ForceArrays, n: int) -> ForceArrays:
    return ForceArrays(
        **{f.name: np.repeat(getattr(force, f.name), n, axis=0) for f in fields(force)}
    )


def stability_vs_interceptors(
    posture_a: ForcePosture,
    posture_b: ForcePosture,
    interceptors_a: ArrayLike,
    defense: MissileDefense | None = None,
    level: AlertLevel = "generated",
    cost_weight: float = DEFAULT_COST_WEIGHT,
) -> StabilityResult:
    """Stability indices as side A's interceptor count varies (one vectorized call).

    Parameters
    ----------
    interceptors_a : array_like, shape (n,)
        Interceptor counts of side A.
    defense : MissileDefense, optional
        Intercept probability, doctrine and decoys (its ``interceptors`` is ignored).

    Returns
    -------
    StabilityResult
        Fields of shape ``(n,)``.
    """
    n_int = np.atleast_1d(np.asarray(interceptors_a, dtype=float))
    if np.any(n_int < 0):
        raise ParameterError(f"interceptors_a must be >= 0 (got {interceptors_a!r})")
    fa = _repeat(force_arrays([posture_a], level), n_int.shape[0])
    fb = _repeat(force_arrays([posture_b], level), n_int.shape[0])
    return stability_arrays(
        fa, fb, defense or MissileDefense(), None, interceptors_a=n_int, cost_weight=cost_weight
    )


def expected_leakers_grid(
    attack_sizes: ArrayLike, interceptors: ArrayLike, defense: MissileDefense
) -> NDArray[np.float64]:
    """Leakers on an (attack size x interceptors) grid, shape ``(len(attack), len(int))``."""
    w = np.asarray(attack_sizes, dtype=float)[:, None]
    return defense.leakers(w, np.asarray(interceptors, dtype=float)[None, :])
