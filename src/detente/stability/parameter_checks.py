"""Validation of numeric array inputs shared by the stability modules.

Each check converts to a float array and raises :class:`detente.errors.ParameterError`
naming the parameter and the allowed range; nothing is silently clipped or turned into NaN.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from detente.errors import ParameterError


def positive(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """``value`` as floats, all finite and > 0."""
    arr = np.asarray(value, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr <= 0):
        raise ParameterError(f"{name} must be finite and > 0 (got {value!r})")
    return arr


def nonnegative(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """``value`` as floats, all finite and >= 0."""
    arr = np.asarray(value, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0):
        raise ParameterError(f"{name} must be finite and >= 0 (got {value!r})")
    return arr


def probability(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """``value`` as floats, all in [0, 1]."""
    arr = np.asarray(value, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any((arr < 0) | (arr > 1)):
        raise ParameterError(f"{name} must lie in [0, 1] (got {value!r})")
    return arr
