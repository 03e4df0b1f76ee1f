"""Readable reprs of result objects: NumPy scalars and 0-d arrays shown as Python values.

In a notebook ``lanchester(100, 80)`` should read ``winner='A', survivors_a=60.0``, not
``winner=array('A', dtype='<U4')`` or ``np.float64(1.25)`` (NumPy 2 prints its scalars with
their type). Arrays with at least one axis keep NumPy's own repr.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

import numpy as np


def plain_value(value: Any) -> Any:
    """``value`` with NumPy scalars and 0-d arrays as Python scalars, inside dicts, lists and
    tuples too; arrays with at least one axis are returned unchanged."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        # an object array's item may itself be a NumPy scalar (np.str_ from np.where)
        return plain_value(value.item()) if value.ndim == 0 else value
    if isinstance(value, Mapping):
        return {plain_value(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(plain_value(v) for v in value)
    return value


class PlainRepr:
    """Mixin for dataclasses (declared with ``repr=False``): the fields' repr, plain values.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> import numpy as np
    >>> @dataclass(repr=False)
    ... class Result(PlainRepr):
    ...     winner: np.ndarray
    ...     ratio: float
    >>> Result(np.asarray("A"), np.float64(1.25))
    Result(winner='A', ratio=1.25)
    """

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={plain_value(getattr(self, f.name))!r}"
            for f in fields(self)  # type: ignore[arg-type]
            if f.repr
        )
        return f"{type(self).__name__}({shown})"
