"""The bundled record of false warnings of nuclear attack, with sources.

``data/historical_false_alarms.toml`` lists incidents in which a warning system told
operators or leaders that an attack was under way when none was (NORAD November 1979 and June
1980, the Soviet Oko satellites in September 1983, the Norwegian rocket of January 1995, and
others), each with the citations it rests on, and counts of false alarms over a period. The
early-warning model (:mod:`detente.models.library.early_warning`) uses them in its worked
example: a rate of serious false alarms per day read from the record.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib import resources

from detente.errors import DataError

RECORD = "historical_false_alarms.toml"
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class FalseAlarm:
    """One false warning: when, whose system, what was seen, what was done, the sources."""

    date: dt.date
    side: str
    system: str
    what: str
    outcome: str
    sources: tuple[str, ...]
    minutes: float | None = None


@dataclass(frozen=True)
class FalseAlarmCount:
    """False alarms counted over ``months`` months, ``serious`` of them acted upon."""

    months: float
    alarms: int
    serious: int
    what: str
    sources: tuple[str, ...]

    def per_day(self, serious_only: bool = True) -> float:
        """Alarms per day over the period (serious ones by default)."""
        count = self.serious if serious_only else self.alarms
        return count / (self.months * DAYS_PER_MONTH)


def _record() -> dict:
    text = resources.files("detente.models").joinpath("data", RECORD).read_text(encoding="utf-8")
    return tomllib.loads(text)


def historical_false_alarms() -> list[FalseAlarm]:
    """The bundled incidents, in date order.

    Raises
    ------
    DataError
        If a row lacks a field or a source (names the row and the field).
    """
    out = []
    for i, row in enumerate(_record().get("alarm", [])):
        missing = [
            k for k in ("date", "side", "system", "what", "outcome", "sources") if not row.get(k)
        ]
        if missing:
            raise DataError(f"{RECORD}: [[alarm]] number {i + 1} lacks {', '.join(missing)}")
        out.append(
            FalseAlarm(
                date=dt.date.fromisoformat(row["date"]),
                side=row["side"],
                system=row["system"],
                what=row["what"],
                outcome=row["outcome"],
                sources=tuple(row["sources"]),
                minutes=float(row["minutes"]) if "minutes" in row else None,
            )
        )
    return sorted(out, key=lambda a: a.date)


def false_alarm_counts() -> list[FalseAlarmCount]:
    """The bundled counts of false alarms over a period."""
    return [
        FalseAlarmCount(
            months=float(row["months"]),
            alarms=int(row["alarms"]),
            serious=int(row["serious"]),
            what=row["what"],
            sources=tuple(row["sources"]),
        )
        for row in _record().get("rate", [])
    ]
