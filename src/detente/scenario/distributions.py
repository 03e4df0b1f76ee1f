"""Uncertain numbers in scenario files: fixed values, distributions and named expert ranges.

Any number in a scenario may be written as

* a plain number: ``resolve = 0.7``;
* a distribution table: ``{dist = "uniform", lo = 0.5, hi = 0.9}``, ``{dist = "normal",
  mean = 0.6, sd = 0.1}``, ``{dist = "beta", a = 4, b = 2}``, ``{dist = "triangular", lo = 0.2,
  mode = 0.5, hi = 0.6}``, ``{dist = "discrete", values = [0.2, 0.8], weights = [0.3, 0.7]}``;
* a named expert range (a uniform range): the words of estimative probability of US
  Intelligence Community Directive 203 for probabilities (``"likely"`` = 0.55-0.80), and
  ``"low"``, ``"moderate"``, ``"high"``, ... for magnitudes (scaled to the field's range).

Every distribution draws by its inverse CDF (``ppf``) from uniform numbers, so Monte Carlo
draws and the Sobol design of the sensitivity analysis share one code path; normal draws are
clipped to the field's allowed range (stated in the report's assumptions).

References
----------
Office of the Director of National Intelligence (2015). Intelligence Community Directive 203,
Analytic Standards (expressions of likelihood).
Kent, S. (1964). Words of estimative probability. Studies in Intelligence 8(4), 49-65.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import special

#: ICD 203 expressions of likelihood -> probability ranges.
PROBABILITY_WORDS: dict[str, tuple[float, float]] = {
    "almost no chance": (0.01, 0.05),
    "very unlikely": (0.05, 0.20),
    "unlikely": (0.20, 0.45),
    "roughly even": (0.45, 0.55),
    "likely": (0.55, 0.80),
    "very likely": (0.80, 0.95),
    "almost certain": (0.95, 0.99),
}

#: Magnitude words -> ranges as shares of the field's allowed range (analyst convention).
MAGNITUDE_WORDS: dict[str, tuple[float, float]] = {
    "negligible": (0.0, 0.05),
    "low": (0.05, 0.30),
    "moderate": (0.30, 0.60),
    "high": (0.60, 0.85),
    "very high": (0.85, 1.0),
}

PRESETS = {**PROBABILITY_WORDS, **MAGNITUDE_WORDS}
KINDS = ("uniform", "normal", "beta", "triangular", "discrete")


@dataclass(frozen=True)
class Distribution:
    """A value or a distribution over [lo, hi] drawn through its inverse CDF.

    Attributes
    ----------
    kind : str
        ``"fixed"``, ``"uniform"``, ``"normal"``, ``"beta"``, ``"triangular"`` or
        ``"discrete"``.
    args : tuple of float
        Kind-specific parameters (see :func:`parse_uncertain`).
    values, weights : tuple of float
        Discrete support and weights (empty otherwise).
    preset : str
        The expert-range word it came from, if any.
    """

    kind: str
    args: tuple[float, ...] = ()
    values: tuple[float, ...] = ()
    weights: tuple[float, ...] = ()
    preset: str = ""
    bounds: tuple[float, float] = (-math.inf, math.inf)

    @property
    def is_fixed(self) -> bool:
        return self.kind == "fixed" or (self.kind == "discrete" and len(self.values) == 1)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF at uniform numbers ``u`` (vectorized), clipped to the field's bounds.

        Normal and beta quantiles are ``scipy.special.ndtri`` and ``betaincinv``, the
        functions behind ``scipy.stats.norm.ppf`` and ``beta.ppf`` (importing
        ``scipy.stats`` would cost a small analysis a third of a second).
        """
        u = np.asarray(u, dtype=float)
        a = self.args
        if self.kind == "fixed":
            out = np.full(u.shape, a[0])
        elif self.kind == "uniform":
            out = a[0] + (a[1] - a[0]) * u
        elif self.kind == "normal":
            out = a[0] + a[1] * special.ndtri(np.clip(u, 1e-12, 1 - 1e-12))
        elif self.kind == "beta":
            out = a[2] + (a[3] - a[2]) * special.betaincinv(a[0], a[1], u)
        elif self.kind == "triangular":
            lo_, mode, hi_ = a
            f = (mode - lo_) / (hi_ - lo_) if hi_ > lo_ else 0.5
            left = lo_ + np.sqrt(u * (hi_ - lo_) * (mode - lo_))
            right = hi_ - np.sqrt((1 - u) * (hi_ - lo_) * (hi_ - mode))
            out = np.where(u < f, left, right)
        else:  # discrete
            cum = np.cumsum(self.weights) / np.sum(self.weights)
            idx = np.minimum(np.searchsorted(cum, u, side="right"), len(self.values) - 1)
            out = np.asarray(self.values)[idx]
        return np.clip(out, *self.bounds)

    @property
    def central(self) -> float:
        """The median (the value used for the central point and the game-tree figure)."""
        return float(self.ppf(np.array([0.5]))[0])

    def to_json(self) -> float | dict[str, Any] | str:
        """The TOML/JSON form it was written in (a number, a table or a preset word)."""
        if self.preset:
            return self.preset
        if self.kind == "fixed":
            return self.args[0]
        names = {
            "uniform": ("lo", "hi"),
            "normal": ("mean", "sd"),
            "beta": ("a", "b", "lo", "hi"),
            "triangular": ("lo", "mode", "hi"),
        }
        if self.kind == "discrete":
            return {"dist": "discrete", "values": list(self.values), "weights": list(self.weights)}
        return {"dist": self.kind, **dict(zip(names[self.kind], self.args, strict=True))}

    def describe(self) -> str:
        """Short human-readable form, e.g. ``uniform(0.5, 0.9)`` or ``"likely" (0.55-0.8)``."""
        if self.preset:
            return f'"{self.preset}" ({self.args[0]:g}-{self.args[1]:g})'
        if self.kind == "fixed":
            return f"{self.args[0]:g}"
        if self.kind == "discrete":
            pairs = ", ".join(
                f"{v:g}:{w:g}" for v, w in zip(self.values, self.weights, strict=True)
            )
            return f"discrete({pairs})"
        return f"{self.kind}({', '.join(f'{x:g}' for x in self.args)})"


def fixed(value: float) -> Distribution:
    """A known number."""
    return Distribution("fixed", (float(value),))


def _number(table: dict[str, Any], key: str) -> float:
    if key not in table:
        raise ValueError(f"distribution {table.get('dist')!r} needs {key!r}")
    x = table[key]
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise ValueError(f"{key!r} must be a number, got {x!r}")
    if not math.isfinite(x):
        raise ValueError(f"{key!r} must be finite, got {x!r}")
    return float(x)


def _check_keys(table: dict[str, Any], allowed: tuple[str, ...]) -> None:
    extra = sorted(set(table) - {"dist", *allowed})
    if extra:
        raise ValueError(
            f"distribution {table['dist']!r} has no {', '.join(map(repr, extra))}; "
            f"it takes {', '.join(allowed)}"
        )


def parse_uncertain(raw: Any, lo: float, hi: float) -> Distribution:
    """Parse a scenario number and remember the field's bounds [lo, hi] (see :func:`_parse`)."""
    return replace(_parse(raw, lo, hi), bounds=(lo, hi))


def _parse(raw: Any, lo: float, hi: float) -> Distribution:
    """Parse a scenario number (plain, distribution table or preset) for a field in [lo, hi].

    Raises
    ------
    ValueError
        With a message that says what is wrong and how to write it instead (pydantic turns it
        into a field error; the loader adds the file and line).
    """
    rng = f"[{lo:g}, {hi:g}]"
    if isinstance(raw, Distribution):
        return raw
    if isinstance(raw, bool):
        raise ValueError(f"expected a number in {rng}, got {raw!r}")
    if isinstance(raw, int | float):
        x = float(raw)
        if not math.isfinite(x) or x < lo or x > hi:
            raise ValueError(f"{raw!r} is outside the allowed range {rng}; give a value in {rng}")
        return fixed(x)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in PROBABILITY_WORDS:
            a, b = PROBABILITY_WORDS[word]
            if lo > a or hi < b:
                raise ValueError(f"{raw!r} is a probability word but this field's range is {rng}")
            return Distribution("uniform", (a, b), preset=word)
        if word in MAGNITUDE_WORDS and math.isfinite(hi - lo):
            a, b = MAGNITUDE_WORDS[word]
            return Distribution("uniform", (lo + a * (hi - lo), lo + b * (hi - lo)), preset=word)
        raise ValueError(
            f"unknown expert range {raw!r}; use a number, a distribution table such as "
            f'{{dist = "uniform", lo = ..., hi = ...}}, or one of: '
            + ", ".join(f'"{w}"' for w in PRESETS)
        )
    if isinstance(raw, dict):
        return _parse_table(raw, lo, hi)
    raise ValueError(
        f"expected a number in {rng}, a distribution table or an expert range, got {raw!r}"
    )


def _parse_table(t: dict[str, Any], lo: float, hi: float) -> Distribution:
    rng = f"[{lo:g}, {hi:g}]"
    kind = t.get("dist")
    if kind not in KINDS:
        raise ValueError(
            f"a distribution table needs dist = one of {', '.join(map(repr, KINDS))} (got {kind!r})"
        )

    def inside(name: str, x: float) -> None:
        if x < lo or x > hi:
            raise ValueError(f"{kind} {name} = {x:g} is outside the field's range {rng}")

    if kind == "uniform":
        _check_keys(t, ("lo", "hi"))
        a, b = _number(t, "lo"), _number(t, "hi")
        if a > b:
            raise ValueError(f"uniform lo = {a:g} > hi = {b:g}; swap them so that lo <= hi")
        inside("lo", a)
        inside("hi", b)
        return Distribution("uniform", (a, b))
    if kind == "normal":
        _check_keys(t, ("mean", "sd"))
        m, s = _number(t, "mean"), _number(t, "sd")
        if s <= 0:
            raise ValueError(f"normal sd = {s:g} must be > 0")
        inside("mean", m)
        return Distribution("normal", (m, s))
    if kind == "beta":
        _check_keys(t, ("a", "b", "lo", "hi"))
        a, b = _number(t, "a"), _number(t, "b")
        l0 = _number(t, "lo") if "lo" in t else max(lo, 0.0)
        h0 = _number(t, "hi") if "hi" in t else min(hi, 1.0)
        if a <= 0 or b <= 0:
            raise ValueError(f"beta shape parameters must be > 0 (got a = {a:g}, b = {b:g})")
        if l0 >= h0:
            raise ValueError(f"beta lo = {l0:g} >= hi = {h0:g}; swap them so that lo < hi")
        inside("lo", l0)
        inside("hi", h0)
        return Distribution("beta", (a, b, l0, h0))
    if kind == "triangular":
        _check_keys(t, ("lo", "mode", "hi"))
        a, m, b = _number(t, "lo"), _number(t, "mode"), _number(t, "hi")
        if not a <= m <= b or a == b:
            raise ValueError(
                f"triangular needs lo <= mode <= hi and lo < hi (got {a:g}, {m:g}, {b:g})"
            )
        inside("lo", a)
        inside("hi", b)
        return Distribution("triangular", (a, m, b))
    _check_keys(t, ("values", "weights"))
    values = t.get("values")
    if not isinstance(values, list) or not values:
        raise ValueError("discrete needs values = [ ... ] (a non-empty list of numbers)")
    weights = t.get("weights", [1.0] * len(values))
    if not isinstance(weights, list) or len(weights) != len(values):
        raise ValueError(
            f"discrete weights must be a list as long as values ({len(values)} numbers)"
        )
    vs = tuple(_number({"dist": kind, "values": v}, "values") for v in values)
    ws = tuple(_number({"dist": kind, "weights": w}, "weights") for w in weights)
    if any(w < 0 for w in ws) or sum(ws) <= 0:
        raise ValueError("discrete weights must be >= 0 and not all zero")
    for v in vs:
        inside("value", v)
    return Distribution("discrete", (), vs, ws)


def json_schema(lo: float, hi: float, description: str) -> dict[str, Any]:
    """JSON Schema of an uncertain number in [lo, hi] (for editors)."""
    num = {"type": "number", "minimum": lo, "maximum": hi}
    if not math.isfinite(hi):
        num.pop("maximum")
    return {
        "description": description,
        "anyOf": [
            num,
            {"type": "string", "enum": list(PRESETS)},
            {
                "type": "object",
                "required": ["dist"],
                "properties": {
                    "dist": {"enum": list(KINDS)},
                    "lo": {"type": "number"},
                    "hi": {"type": "number"},
                    "mean": {"type": "number"},
                    "sd": {"type": "number", "exclusiveMinimum": 0},
                    "a": {"type": "number", "exclusiveMinimum": 0},
                    "b": {"type": "number", "exclusiveMinimum": 0},
                    "mode": {"type": "number"},
                    "values": {"type": "array", "items": {"type": "number"}},
                    "weights": {"type": "array", "items": {"type": "number", "minimum": 0}},
                },
                "additionalProperties": False,
            },
        ],
    }
