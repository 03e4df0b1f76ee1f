"""Posture and technology changes, and how each moves the stability index.

Each ``delta_*`` function takes a posture pair and a change and returns the stability index
before and after (:class:`StabilityDelta`). The changes mirror the cases Kent & Thaler study:
MIRVing (more warheads per launcher at a fixed warhead total), de-alerting, missile defense,
and surveillance that locates dispersed mobile missiles.

References
----------
Kent, G. A. & Thaler, D. E. (1989). *First-Strike Stability*. RAND R-3765 (effects of
MIRVing, basing, alert posture and defenses on the index).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from detente.errors import ParameterError
from detente.plain_repr import PlainRepr
from detente.stability.missile_defense import MissileDefense
from detente.stability.posture import AlertLevel, ForcePosture, LauncherType, Readiness
from detente.stability.stability_index import (
    DEFAULT_COST_WEIGHT,
    StabilityResult,
    stability_index,
)

Side = Literal["a", "b"]


@dataclass(frozen=True, repr=False)
class StabilityDelta(PlainRepr):
    """Stability before and after a change, and the differences."""

    before: StabilityResult
    after: StabilityResult

    @property
    def crisis_stability(self) -> float:
        """Change of the combined index (after - before)."""
        return float(self.after.crisis_stability - self.before.crisis_stability)

    @property
    def index_a(self) -> float:
        """Change of side A's index."""
        return float(self.after.index_a - self.before.index_a)

    @property
    def index_b(self) -> float:
        """Change of side B's index."""
        return float(self.after.index_b - self.before.index_b)

    def to_dict(self) -> dict[str, float]:
        """Summary for JSON."""
        return {
            "crisis_stability_before": float(self.before.crisis_stability),
            "crisis_stability_after": float(self.after.crisis_stability),
            "delta_crisis_stability": self.crisis_stability,
            "delta_index_a": self.index_a,
            "delta_index_b": self.index_b,
        }


def _check_side(side: str) -> None:
    if side not in ("a", "b"):
        raise ParameterError(f"side must be 'a' or 'b' (got {side!r})")


def mirv(
    posture: ForcePosture,
    warheads_per_launcher: float,
    launcher_type: LauncherType | str = LauncherType.ICBM_SILO,
    keep_warheads: bool = True,
) -> ForcePosture:
    """Load ``warheads_per_launcher`` on every class of ``launcher_type``.

    With ``keep_warheads`` the launcher count is cut so the class keeps its warhead total
    (the Kent & Thaler comparison: same warheads on fewer, MIRVed launchers).
    """
    if warheads_per_launcher <= 0:
        raise ParameterError(f"warheads_per_launcher must be > 0 (got {warheads_per_launcher})")
    kind = LauncherType(launcher_type)
    new = []
    for lc in posture.launchers:
        if lc.type == kind:
            deployed = lc.deployed
            if keep_warheads:
                deployed = round(lc.deployed_warheads / warheads_per_launcher)
            lc = lc.model_copy(
                update={"warheads_per_launcher": warheads_per_launcher, "deployed": deployed}
            )
        new.append(lc)
    return posture.with_launchers(new)


def dealert(
    posture: ForcePosture,
    fraction: float,
    launcher_type: LauncherType | str | None = None,
    level: AlertLevel = "day_to_day",
) -> ForcePosture:
    """Take ``fraction`` of the alert launchers (of one type, or all) off prompt alert."""
    if not 0.0 <= fraction <= 1.0:
        raise ParameterError(f"fraction must lie in [0, 1] (got {fraction})")
    kind = None if launcher_type is None else LauncherType(launcher_type)
    new = []
    for lc in posture.launchers:
        if kind is None or lc.type == kind:
            r = lc.readiness(level)
            alert = r.alert_rate * (1.0 - fraction)
            # de-alerted forces that were untargetable (at sea, dispersed) stay untargetable
            new_r = Readiness(alert_rate=alert, survivable_fraction=r.survivable_fraction)
            lc = lc.model_copy(update={level: new_r})
        new.append(lc)
    return posture.with_launchers(new)


def _pair(a: ForcePosture, b: ForcePosture, side: str, changed: ForcePosture):
    return (changed, b) if side == "a" else (a, changed)


def delta_mirv(
    posture_a: ForcePosture,
    posture_b: ForcePosture,
    warheads_per_launcher: float,
    side: Side = "a",
    launcher_type: LauncherType | str = LauncherType.ICBM_SILO,
    level: AlertLevel = "generated",
    cost_weight: float = DEFAULT_COST_WEIGHT,
) -> StabilityDelta:
    """Index change when ``side`` MIRVs a launcher type at a constant warhead total."""
    _check_side(side)
    target = posture_a if side == "a" else posture_b
    a2, b2 = _pair(posture_a, posture_b, side, mirv(target, warheads_per_launcher, launcher_type))
    return StabilityDelta(
        stability_index(posture_a, posture_b, level, cost_weight=cost_weight),
        stability_index(a2, b2, level, cost_weight=cost_weight),
    )


def delta_dealert(
    posture_a: ForcePosture,
    posture_b: ForcePosture,
    fraction: float,
    side: Side = "a",
    launcher_type: LauncherType | str | None = LauncherType.ICBM_SILO,
    level: AlertLevel = "day_to_day",
    cost_weight: float = DEFAULT_COST_WEIGHT,
) -> StabilityDelta:
    """Index change when ``side`` de-alerts ``fraction`` of a launcher type."""
    _check_side(side)
    target = posture_a if side == "a" else posture_b
    changed = dealert(target, fraction, launcher_type, level)
    a2, b2 = _pair(posture_a, posture_b, side, changed)
    return StabilityDelta(
        stability_index(posture_a, posture_b, level, cost_weight=cost_weight),
        stability_index(a2, b2, level, cost_weight=cost_weight),
    )


def delta_defense(
    posture_a: ForcePosture,
    posture_b: ForcePosture,
    defense: MissileDefense,
    side: Side = "a",
    level: AlertLevel = "generated",
    cost_weight: float = DEFAULT_COST_WEIGHT,
) -> StabilityDelta:
    """Index change when ``side`` deploys ``defense`` over its value targets."""
    _check_side(side)
    kw = {"defense_a": defense} if side == "a" else {"defense_b": defense}
    return StabilityDelta(
        stability_index(posture_a, posture_b, level, cost_weight=cost_weight),
        stability_index(posture_a, posture_b, level, cost_weight=cost_weight, **kw),
    )


def delta_surveillance(
    posture_a: ForcePosture,
    posture_b: ForcePosture,
    share_located: float,
    of_side: Side = "b",
    level: AlertLevel = "generated",
    cost_weight: float = DEFAULT_COST_WEIGHT,
) -> StabilityDelta:
    """Index change when the opponent can locate ``share_located`` of ``of_side``'s dispersed
    mobile ICBMs."""
    _check_side(of_side)
    kw = (
        {"surveillance_of_a": share_located}
        if of_side == "a"
        else {"surveillance_of_b": share_located}
    )
    return StabilityDelta(
        stability_index(posture_a, posture_b, level, cost_weight=cost_weight),
        stability_index(posture_a, posture_b, level, cost_weight=cost_weight, **kw),
    )
