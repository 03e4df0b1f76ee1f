"""One TOML literal for a plain JSON value: what the scenario layer writes into TOML text.

Used where a scenario (or one of its values) is written as text: ``detente scenario
from-icb`` and the input differences of two runs (:mod:`.run_comparison`). Tables become
inline tables, so a distribution reads as a scenario file writes it:
``{dist = "uniform", lo = 0.05, hi = 0.5}``.
"""

from __future__ import annotations

import json
from typing import Any


def toml_literal(value: Any, *, significant: int | None = None) -> str:
    """A TOML literal: booleans, integers, floats, strings, arrays and inline tables.

    Parameters
    ----------
    value : bool, int, float, str, list, tuple or dict
        A plain JSON value (dict keys are written bare: they are scenario field names).
    significant : int, optional
        Write floats with this many significant digits (always with a ``.``, ``e`` or
        ``n``, so TOML reads them as floats); default: the shortest text that reads back
        as the same float.

    Raises
    ------
    TypeError
        A value TOML cannot hold (e.g. None).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if significant is None:
            return json.dumps(value)
        text = f"{value:.{significant}g}"
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_literal(v, significant=significant) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(
            f"{k} = {toml_literal(v, significant=significant)}" for k, v in value.items()
        )
        return "{" + inner + "}"
    raise TypeError(f"cannot write {value!r} as TOML")
