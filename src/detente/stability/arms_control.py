"""Arms-control treaties as limits on force postures, and compliance checks.

A :class:`Treaty` is a list of :class:`TreatyLimit` (a counted quantity and its ceiling).
Counted quantities follow the treaty's counting rules: under New START each deployed heavy
bomber counts as one warhead whatever it carries (Treaty Article III.2(c)), and ICBM/SLBM
warheads are the reentry vehicles on deployed missiles.

References
----------
Treaty between the United States of America and the Russian Federation on Measures for the
Further Reduction and Limitation of Strategic Offensive Arms (New START), Prague, 8 April
2010, Article II (central limits: 700 deployed ICBMs, SLBMs and heavy bombers; 1,550 warheads
on them; 800 deployed and non-deployed launchers) and Article III (counting rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from detente.errors import ParameterError
from detente.stability.posture import ForcePosture, LauncherType

Quantity = Literal["deployed_warheads", "deployed_launchers", "total_launchers"]
QUANTITIES: tuple[str, ...] = ("deployed_warheads", "deployed_launchers", "total_launchers")


@dataclass(frozen=True)
class TreatyLimit:
    """One ceiling: ``quantity <= maximum``."""

    name: str
    quantity: Quantity
    maximum: float

    def __post_init__(self) -> None:
        if self.quantity not in QUANTITIES:
            raise ParameterError(
                f"treaty quantity {self.quantity!r} is unknown; use one of {', '.join(QUANTITIES)}"
            )
        if self.maximum < 0:
            raise ParameterError(f"limit {self.name!r}: maximum must be >= 0")


@dataclass(frozen=True)
class Treaty:
    """A set of limits and the warheads each deployed bomber counts as (None: actual load)."""

    name: str
    limits: tuple[TreatyLimit, ...]
    bomber_counts_as: float | None = None


NEW_START = Treaty(
    name="New START",
    limits=(
        TreatyLimit("deployed warheads", "deployed_warheads", 1550),
        TreatyLimit("deployed ICBMs, SLBMs and heavy bombers", "deployed_launchers", 700),
        TreatyLimit("deployed and non-deployed launchers", "total_launchers", 800),
    ),
    bomber_counts_as=1.0,
)

TREATIES: dict[str, Treaty] = {"new-start": NEW_START}


def get_treaty(name: str) -> Treaty:
    """A bundled treaty by name (``new-start``)."""
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    if key not in TREATIES:
        raise ParameterError(f"treaty {name!r} is unknown; use one of {', '.join(TREATIES)}")
    return TREATIES[key]


def counted_quantity(posture: ForcePosture, quantity: Quantity, treaty: Treaty) -> float:
    """The value of ``quantity`` for ``posture`` under ``treaty``'s counting rules."""
    if quantity == "deployed_warheads":
        total = 0.0
        for lc in posture.launchers:
            if lc.type == LauncherType.BOMBER and treaty.bomber_counts_as is not None:
                total += lc.deployed * treaty.bomber_counts_as
            else:
                total += lc.deployed_warheads
        return total
    if quantity == "deployed_launchers":
        return float(sum(lc.deployed for lc in posture.launchers))
    if quantity == "total_launchers":
        return float(sum(lc.deployed + lc.non_deployed for lc in posture.launchers))
    raise ParameterError(f"quantity {quantity!r} is unknown; use one of {', '.join(QUANTITIES)}")


@dataclass(frozen=True)
class LimitCheck:
    """Result of one limit."""

    limit: str
    quantity: str
    value: float
    maximum: float

    @property
    def passed(self) -> bool:
        """Whether the value is within the limit."""
        return self.value <= self.maximum

    @property
    def margin(self) -> float:
        """Headroom (negative when the limit is exceeded)."""
        return self.maximum - self.value


@dataclass(frozen=True)
class ComplianceReport:
    """All limits of a treaty checked against one posture."""

    posture: str
    treaty: str
    checks: tuple[LimitCheck, ...]

    @property
    def compliant(self) -> bool:
        """True if every limit passes."""
        return all(c.passed for c in self.checks)

    def to_dict(self) -> dict:
        """For JSON."""
        return {
            "posture": self.posture,
            "treaty": self.treaty,
            "compliant": self.compliant,
            "limits": [
                {
                    "limit": c.limit,
                    "quantity": c.quantity,
                    "value": c.value,
                    "maximum": c.maximum,
                    "margin": c.margin,
                    "passed": c.passed,
                }
                for c in self.checks
            ],
        }


def check_compliance(posture: ForcePosture, treaty: Treaty | str = NEW_START) -> ComplianceReport:
    """Check every limit of ``treaty`` against ``posture``.

    Parameters
    ----------
    posture : ForcePosture
        The force posture.
    treaty : Treaty or str
        A :class:`Treaty` or a bundled name (``"new-start"``).

    Returns
    -------
    ComplianceReport
        Each limit, the counted value, the ceiling and pass/fail.

    References
    ----------
    New START (2010), Articles II-III.
    """
    t = get_treaty(treaty) if isinstance(treaty, str) else treaty
    checks = tuple(
        LimitCheck(lim.name, lim.quantity, counted_quantity(posture, lim.quantity, t), lim.maximum)
        for lim in t.limits
    )
    return ComplianceReport(posture.name, t.name, checks)
