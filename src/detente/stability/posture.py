"""Force postures: a typed description of one side's strategic nuclear forces.

A :class:`ForcePosture` is a list of :class:`LauncherClass` entries (one per launcher type:
silo ICBM, mobile ICBM, SLBM, bomber) with counts, warheads per launcher, yield, accuracy,
reliability, readiness and survivability by basing mode. Postures load from TOML with
:func:`load_posture`; the bundled open-source postures of the United States, Russia and China
are available by name (``"us"``, ``"russia"``, ``"china"``).

Survivability is described per launcher class by two fractions for each alert level
(``day_to_day`` and ``generated``):

``survivable_fraction``
    The share of launchers that cannot be targeted by a first strike: submarines at sea,
    mobile missiles dispersed from garrison, bombers on alert that escape their bases. Silos
    have 0 (they survive by hardness only).
``alert_rate``
    The share of launchers ready to launch promptly: what a side can use in a first strike,
    and the share of survivors that can retaliate.

References
----------
Kent, G. A. & Thaler, D. E. (1989). *First-Strike Stability: A Methodology for Evaluating
Strategic Forces*. RAND R-3765 (generated vs day-to-day alert, targetable forces).
"""

from __future__ import annotations

from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from detente.errors import InputError, ParameterError
from detente.games.toml_reading import read_toml, read_toml_file

AlertLevel = Literal["day_to_day", "generated"]
ALERT_LEVELS: tuple[str, ...] = ("day_to_day", "generated")


class LauncherType(StrEnum):
    """Basing mode of a launcher class."""

    ICBM_SILO = "icbm_silo"
    ICBM_MOBILE = "icbm_mobile"
    SLBM = "slbm"
    BOMBER = "bomber"


BALLISTIC_TYPES: frozenset[LauncherType] = frozenset(
    {LauncherType.ICBM_SILO, LauncherType.ICBM_MOBILE, LauncherType.SLBM}
)


class Readiness(BaseModel):
    """Fractions of a launcher class ready to launch and untargetable, at one alert level."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    alert_rate: float = Field(ge=0.0, le=1.0, description="share ready to launch promptly")
    survivable_fraction: float = Field(
        ge=0.0, le=1.0, description="share untargetable (at sea, dispersed, airborne)"
    )


class LauncherClass(BaseModel):
    """One class of launchers (e.g. 400 Minuteman III silos) and its warheads.

    Attributes
    ----------
    name : str
        Display name ("Minuteman III").
    type : LauncherType
        ``icbm_silo``, ``icbm_mobile``, ``slbm`` or ``bomber``.
    deployed, non_deployed : int
        Launchers counted as deployed / non-deployed (New START sense).
    warheads_per_launcher : float
        Average warheads loaded per deployed launcher (bombers: weapons at bomber bases per
        aircraft).
    yield_kt : float
        Average yield of a warhead (kilotons).
    cep_m : float
        Circular error probable (metres).
    reliability : float
        Probability that a launched warhead arrives and detonates as planned.
    hardness_psi : float
        Peak overpressure (psi) the launcher withstands when targeted (silos ~1,000-2,000;
        garrisons, ports and airfields ~5-10).
    launchers_per_platform : int
        Launchers destroyed by one aimpoint (tubes per submarine in port; 1 otherwise).
    day_to_day, generated : Readiness
        Readiness and survivability at each alert level.
    sources : dict[str, str]
        Source and year for each figure, keyed by field name.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    type: LauncherType
    deployed: int = Field(ge=0)
    non_deployed: int = Field(default=0, ge=0)
    warheads_per_launcher: float = Field(ge=0.0)
    yield_kt: float = Field(gt=0.0)
    cep_m: float = Field(gt=0.0)
    reliability: float = Field(ge=0.0, le=1.0)
    hardness_psi: float = Field(gt=0.0)
    launchers_per_platform: int = Field(default=1, ge=1)
    day_to_day: Readiness
    generated: Readiness
    sources: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _silos_are_targetable(self) -> LauncherClass:
        if self.type == LauncherType.ICBM_SILO and (
            self.day_to_day.survivable_fraction > 0 or self.generated.survivable_fraction > 0
        ):
            raise ValueError(
                "silo ICBMs survive by hardness only: set survivable_fraction = 0 "
                "and describe protection with hardness_psi"
            )
        return self

    @property
    def deployed_warheads(self) -> float:
        """Warheads loaded on deployed launchers."""
        return self.deployed * self.warheads_per_launcher

    def readiness(self, level: AlertLevel) -> Readiness:
        """Readiness at ``level`` (``"day_to_day"`` or ``"generated"``)."""
        if level not in ALERT_LEVELS:
            raise ParameterError(
                f"alert level {level!r} is unknown; use one of {', '.join(ALERT_LEVELS)}"
            )
        return self.day_to_day if level == "day_to_day" else self.generated


class ForcePosture(BaseModel):
    """A side's strategic nuclear forces.

    Attributes
    ----------
    name : str
        Side ("United States").
    year : int
        Year the figures describe.
    source : str
        Main source of the figures.
    value_scale_warheads : float
        Arriving warheads that destroy 1 - 1/e (63 %) of the side's value targets; sets the
        saturating damage function used by the stability index.
    launchers : list[LauncherClass]
        The launcher classes.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    year: int
    source: str = ""
    value_scale_warheads: float = Field(default=200.0, gt=0.0)
    launchers: list[LauncherClass] = Field(min_length=1)

    @property
    def deployed_warheads(self) -> float:
        """Warheads loaded on deployed launchers (physical count, bombers included)."""
        return float(sum(lc.deployed_warheads for lc in self.launchers))

    @property
    def deployed_launchers(self) -> int:
        """Deployed launchers of all classes."""
        return int(sum(lc.deployed for lc in self.launchers))

    def with_launchers(self, launchers: list[LauncherClass]) -> ForcePosture:
        """A copy with a different list of launcher classes."""
        return self.model_copy(update={"launchers": launchers})


BUNDLED_POSTURES: dict[str, str] = {
    "us": "us.toml",
    "united-states": "us.toml",
    "russia": "russia.toml",
    "china": "china.toml",
}


def _describe_validation_error(exc: ValidationError, where: str) -> str:
    lines = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(top level)"
        message = err["msg"]
        if err["type"] == "enum":
            allowed = ", ".join(t.value for t in LauncherType)
            message = f"{message} (allowed: {allowed})"
        elif err["type"] == "extra_forbidden":
            message = "unknown field; check the spelling against docs/stability.md"
        lines.append(f"field {field}: {message}")
    return f"{where}: " + "; ".join(lines)


def posture_from_dict(data: dict, where: str = "posture") -> ForcePosture:
    """Build a :class:`ForcePosture` from a parsed TOML/JSON mapping.

    Parameters
    ----------
    data : dict
        Mapping with a ``[posture]`` table and a ``[[launchers]]`` array.
    where : str
        Name used in error messages (usually the file path).

    Raises
    ------
    InputError
        Naming ``where``, the field and the allowed values.
    """
    if "posture" not in data or not isinstance(data["posture"], dict):
        raise InputError(f"{where}: missing [posture] table (with name, year, source)")
    if "launchers" not in data:
        raise InputError(f"{where}: missing [[launchers]] entries (at least one launcher class)")
    payload = dict(data["posture"])
    payload["launchers"] = data["launchers"]
    try:
        return ForcePosture.model_validate(payload)
    except ValidationError as exc:
        raise InputError(_describe_validation_error(exc, where)) from exc


def load_posture(path: str | Path) -> ForcePosture:
    """Load a force posture from a TOML file or a bundled name.

    Parameters
    ----------
    path : str or Path
        A TOML file, or one of the bundled names ``us``, ``russia``, ``china``.

    Returns
    -------
    ForcePosture

    Raises
    ------
    FileFormatError
        The file is not valid TOML (names the file and the line).
    InputError
        The file is missing, or a field is invalid (names the file, the field and the allowed
        values).
    """
    key = str(path).strip().lower()
    # a bare bundled name ("us") means the bundled file, even if a file of that name exists
    if key in BUNDLED_POSTURES and Path(path).suffix == "" and len(Path(path).parts) == 1:
        folder = resources.files("detente.stability").joinpath("postures")
        ref = folder.joinpath(BUNDLED_POSTURES[key])
        text = ref.read_text(encoding="utf-8")
        where = f"bundled posture {key!r}"
    else:
        p = Path(path)
        if not p.is_file():
            names = ", ".join(sorted({"us", "russia", "china"}))
            raise InputError(f"posture file {p} not found; give a TOML file or one of: {names}")
        return posture_from_dict(read_toml_file(p, "posture file"), str(p))
    return posture_from_dict(read_toml(text, where), where)
