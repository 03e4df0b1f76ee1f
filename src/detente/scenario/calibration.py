"""The constants of the scenario mapping, as data: one named, versioned, validated record.

Every free constant that turns a scenario's fields into outcome probabilities (audience costs,
the weight of an alliance, channel weights, the value of resolve, the logit precision, the
size of each intervention, ...) is read from a calibration file, never written in the code.
Bundled calibrations live in ``detente/scenario/calibrations/``: ``handset`` (the authors'
judgement) and ``icb_v14_pre1990`` (fitted to the ICB crisis record before 1990 by ``detente
validate``; the default).
A file looks like::

    name = "handset"
    mapping_version = 2          # the version of the mapping whose constants these are
    status = "hand-set"          # or "fitted" (then say from what in [provenance])
    description = "..."

    [constants.precision]
    value = 5.0
    range = [0.05, 200.0]        # allowed values (a fitter searches inside them)
    meaning = "logit precision of every choice, per unit of stakes"
    source = "McKelvey & Palfrey (1998); Signorino (1999); hand-set"

    [provenance]                 # optional: data, method, log-likelihood of a fit
    data = "ICB v14"

:func:`load_calibration` checks the version, that every constant of :data:`CONSTANTS` is there
(and no other), and that each value lies in its range; errors name the file and the constant.

**Inheritance.** A file with ``base = "handset"`` (a bundled name, or a file relative to it)
lists only the constants it changes: every constant it does not list comes from the base
(loaded and validated the same way, same mapping version), and a listed constant may give only
its ``value`` (and ``se``, the standard error of a fit), taking ``range``, ``meaning`` and
``source`` from the base. A fitted calibration inherits this way, so constants that later
versions add to ``handset.toml`` do not break it.

Until a calibration is fitted to data (``status = "fitted"``), the mapping's constants are the
author's judgement and every report says so (:meth:`Calibration.note`).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from detente.errors import FileFormatError, InputError

#: Version of the mapping (the formulas of :mod:`detente.scenario.outcome_probabilities`);
#: a calibration made for another version is refused.
MAPPING_VERSION = 2

#: Every constant of the mapping, in the order they are documented.
CONSTANTS = (
    "precision",
    "audience_democracy",
    "audience_anocracy",
    "audience_autocracy",
    "alliance_tie",
    "irresolute_share",
    "backdown_cost",
    "challenger_resolve",
    "settlement_share",
    "compliance_cost",
    "channel_hotline",
    "channel_backchannel",
    "channel_mediator",
    "rivalry_clouding",
    "surveillance_weight",
    "defense_denial",
    "defense_protection",
    "defense_interceptors",
    "risk_reduction",
    "concession_value",
    "inducement_value",
    "inducement_cost",
    "launch_gain",
    "de_alerting_minutes",
    "crisis_management",
)
STATUSES = ("hand-set", "fitted")
#: The default of ``detente analyze``: the constants fitted to the ICB record before 1990.
DEFAULT_CALIBRATION = "icb_v14_pre1990"


@dataclass(frozen=True)
class Constant:
    """One constant: its value, allowed range, meaning and source."""

    value: float
    lo: float
    hi: float
    meaning: str
    source: str = ""
    #: Standard error of a fitted value (``None`` when hand-set or not fitted).
    se: float | None = None


@dataclass(frozen=True)
class Calibration:
    """A validated set of mapping constants.

    Attributes
    ----------
    name : str
    mapping_version : int
    status : str
        ``"hand-set"`` (the author's judgement) or ``"fitted"`` (estimated from data).
    description : str
    origin : str
        Where it was read from (a file path, or ``bundled:NAME``).
    constants : dict of str to Constant
    provenance : dict
        Free-form record of a fit (data, method, log-likelihood); empty when hand-set.
    """

    name: str
    mapping_version: int
    status: str
    description: str
    origin: str
    constants: dict[str, Constant]
    provenance: dict[str, Any] = field(default_factory=dict)
    #: The calibration it inherits unlisted constants from (``""``: none).
    base: str = ""

    def __getitem__(self, name: str) -> float:
        return self.constants[name].value

    def values(self) -> dict[str, float]:
        """Name -> value of every constant (what :func:`outcome_probabilities` takes)."""
        return {k: c.value for k, c in self.constants.items()}

    @property
    def fitted(self) -> bool:
        return self.status == "fitted"

    def note(self) -> str:
        """One sentence for reports: which constants were used and whether they are validated."""
        head = (
            f"Mapping constants: calibration '{self.name}' (mapping version {self.mapping_version})"
        )
        if self.fitted:
            return f"{head}, {_fitted_note(self.provenance)}"
        return (
            f"{head}, hand-set by the authors and not validated against data; the "
            "probabilities are those of the stated model under these constants, not "
            "estimated frequencies."
        )

    def with_values(self, **values: float) -> Calibration:
        """A copy with some values changed (each checked against its range)."""
        constants = dict(self.constants)
        for k, v in values.items():
            if k not in constants:
                raise InputError(
                    f"calibration {self.name!r}: no constant {k!r}; constants are: "
                    f"{', '.join(constants)}"
                )
            c = constants[k]
            _check_value(self.origin, k, v, c.lo, c.hi)
            constants[k] = replace(c, value=float(v))
        return replace(self, constants=constants)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: name, version, status, origin and every value (recorded with a run)."""
        return {
            "name": self.name,
            "mapping_version": self.mapping_version,
            "status": self.status,
            "origin": self.origin,
            "values": self.values(),
            "se": {k: c.se for k, c in self.constants.items() if c.se is not None},
            "base": self.base,
            "provenance": dict(self.provenance),
        }


def _fitted_note(p: dict[str, Any]) -> str:
    """What a fitted calibration was fitted to and how it scored out of sample."""
    data = p.get("data", "data")
    n = p.get("n")
    text = (
        f"fitted by simulated maximum likelihood to {n} crises of {data} ({p['training']})"
        if n and "training" in p
        else f"fitted to {data}"
    )
    if all(k in p for k in ("test_log_loss", "base_rate_test_log_loss", "logit_test_log_loss")):
        test, base, logit = (
            p["test_log_loss"],
            p["base_rate_test_log_loss"],
            p["logit_test_log_loss"],
        )
        text += (
            f". Out of sample ({p.get('n_test', '?')} crises from {p.get('until', '?')} on) its "
            f"log loss is {test:.3f}, against {base:.3f} for the training base rate and "
            f"{logit:.3f} for a multinomial logit on ICB covariates"
        )
        if test >= base:
            text += (
                ": these odds do not beat the base rate out of sample; read them as the "
                "stated model's, not as validated frequencies (docs/validation.md)"
            )
        else:
            text += " (docs/validation.md)"
    return text + "."


def bundled_calibrations() -> dict[str, Path]:
    """Bundled calibration name -> file (:data:`DEFAULT_CALIBRATION` is the default)."""
    folder = files("detente.scenario").joinpath("calibrations")
    found = {Path(str(p)).stem: Path(str(p)) for p in folder.iterdir() if str(p).endswith(".toml")}
    return dict(sorted(found.items()))


def load_calibration(source: str | Path | Calibration | None = None) -> Calibration:
    """Load and validate a calibration: a bundled name, a TOML file, or a Calibration.

    Raises
    ------
    InputError
        Unknown name or missing file; a wrong ``mapping_version``; a missing, unknown or
        malformed constant; a value outside its range (each names the file and the constant).
    FileFormatError
        The file is not valid TOML.
    """
    if isinstance(source, Calibration):
        return source
    source = DEFAULT_CALIBRATION if source is None else source
    bundled = bundled_calibrations()
    if isinstance(source, str) and source in bundled:
        path, origin = bundled[source], f"bundled:{source}"
    else:
        path = Path(source)
        origin = str(path)
        if not path.is_file():
            raise InputError(
                f"calibration {str(source)!r} not found: give a TOML file or one of the bundled "
                f"calibrations ({', '.join(bundled)})"
            )
    return _load_file(path, origin, ())


def _load_file(path: Path, origin: str, chain: tuple[str, ...]) -> Calibration:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(f"{origin}: TOML syntax error: {exc}; fix the line") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{origin}: cannot be read ({exc}); give a UTF-8 TOML file") from None
    base = None
    if "base" in data:
        base = _base(data["base"], path, origin, (*chain, str(path.resolve())))
    return _validate(data, origin, path.stem, base)


def _base(name: Any, path: Path, origin: str, chain: tuple[str, ...]) -> Calibration:
    """The calibration ``base = NAME`` points to (bundled name or file next to ``path``)."""
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{origin}: base must be a calibration name or file, got {name!r}")
    bundled = bundled_calibrations()
    if name in bundled:
        target, where = bundled[name], f"bundled:{name}"
    else:
        target = (path.parent / name).resolve()
        where = str(target)
        if not target.is_file():
            raise InputError(
                f"{origin}: base {name!r} not found: give a bundled calibration "
                f"({', '.join(bundled)}) or a file next to this one"
            )
    if str(target.resolve()) in chain:
        raise InputError(f"{origin}: base {name!r} inherits from itself (a cycle of bases)")
    return _load_file(target, where, chain)


def _validate(
    data: dict[str, Any], origin: str, stem: str, base: Calibration | None = None
) -> Calibration:
    version = data.get("mapping_version")
    if version != MAPPING_VERSION:
        raise InputError(
            f"{origin}: mapping_version = {version!r}, but this detente's scenario mapping is "
            f"version {MAPPING_VERSION}; refit or update the calibration for version "
            f"{MAPPING_VERSION}"
        )
    status = data.get("status", "hand-set")
    if status not in STATUSES:
        raise InputError(f"{origin}: status = {status!r}; use one of {', '.join(STATUSES)}")
    table = data.get("constants")
    if not isinstance(table, dict):
        raise InputError(f"{origin}: no [constants.NAME] tables; every constant needs one")
    unknown = [k for k in table if k not in CONSTANTS]
    if unknown:
        raise InputError(
            f"{origin}: unknown constant {unknown[0]!r}; the mapping's constants are: "
            f"{', '.join(CONSTANTS)}"
        )
    constants = {}
    for name in CONSTANTS:
        if name not in table:
            if base is not None:
                constants[name] = base.constants[name]
                continue
            raise InputError(
                f"{origin}: constant {name!r} is missing; add [constants.{name}] with value, "
                'range and meaning (or inherit it: base = "handset")'
            )
        inherited = base.constants[name] if base is not None else None
        constants[name] = _constant(origin, name, table[name], inherited)
    provenance = data.get("provenance", {})
    if not isinstance(provenance, dict):
        raise InputError(f"{origin}: provenance must be a table")
    return Calibration(
        name=str(data.get("name", stem)),
        mapping_version=MAPPING_VERSION,
        status=status,
        description=str(data.get("description", "")),
        origin=origin,
        constants=constants,
        provenance=provenance,
        base=str(data.get("base", "")),
    )


def _constant(origin: str, name: str, raw: Any, inherited: Constant | None = None) -> Constant:
    where = f"{origin}: constant {name!r}"
    if not isinstance(raw, dict):
        raise InputError(f"{where} must be a table with value, range and meaning")
    if inherited is not None:
        raw = {
            "range": [inherited.lo, inherited.hi],
            "meaning": inherited.meaning,
            "source": inherited.source,
        } | raw
    rng = raw.get("range")
    if (
        not isinstance(rng, list)
        or len(rng) != 2
        or not all(_is_number(x) for x in rng)
        or not rng[0] < rng[1]
    ):
        raise InputError(f"{where}: range must be [lo, hi] with lo < hi, got {rng!r}")
    value = raw.get("value")
    if not _is_number(value):
        raise InputError(f"{where}: value must be a number, got {value!r}")
    _check_value(origin, name, value, rng[0], rng[1])
    meaning = raw.get("meaning", "")
    if not isinstance(meaning, str) or not meaning.strip():
        raise InputError(f'{where}: say what it means (meaning = "...")')
    se = raw.get("se")
    if se is not None and (not _is_number(se) or se < 0):
        raise InputError(f"{where}: se must be a number >= 0, got {se!r}")
    return Constant(
        float(value),
        float(rng[0]),
        float(rng[1]),
        meaning,
        str(raw.get("source", "")),
        None if se is None else float(se),
    )


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _check_value(origin: str, name: str, value: Any, lo: float, hi: float) -> None:
    if not _is_number(value) or not lo <= value <= hi:
        raise InputError(
            f"{origin}: constant {name!r} = {value!r} is outside its allowed range [{lo:g}, {hi:g}]"
        )
