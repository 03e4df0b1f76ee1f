"""Plain JSON values from the library's results (NumPy scalars and arrays, non-finite floats).

Starlette refuses NaN and infinity in JSON; the explorer sends them as ``null`` so a
threshold that does not exist (say, a credibility threshold when two payoffs are equal) never
turns into a server error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np


def plain(value: Any) -> Any:
    """``value`` with NumPy types turned into Python ones and NaN/inf into ``None``."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
