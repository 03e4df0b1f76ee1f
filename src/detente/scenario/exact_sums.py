"""Sums over draws that do not depend on how the draws were chunked: exact fixed-point integers.

A floating-point sum depends on the order of its terms, so a mean computed chunk by chunk
would change, in its last bits, with the chunk size or the order in which Dask workers finish.
Each per-draw value here lies in [-1, 1] (a probability, a product of two, or a paired
difference of two); it is rounded to a multiple of ``2**-40`` (an error below 5e-13, far
under any Monte Carlo error) and summed as an integer. Integer addition is exact and
associative, so sums merged in any order and from any chunking are identical; the means,
variances and ratios the reports need are then computed from the exact integers with one
rounding at the end (no cancellation in ``n * sum(x**2) - sum(x)**2``).

References
----------
Demmel, J. & Nguyen, H. D. (2015). Parallel reproducible summation. IEEE Transactions on
Computers 64(7), 2060-2070 (reproducible sums by pre-rounding to a fixed grid).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from detente.errors import ParameterError

#: Values are summed in units of ``2**-SCALE_BITS``.
SCALE_BITS = 40
#: Rows summed in one int64 pass: ``2**20 * (2**40 + 1) < 2**63``.
_BLOCK = 1 << 20


def fixed_point_sums(values: np.ndarray) -> list[int]:
    """Exact sums of each row of ``values`` (shape (k, n), entries in [-1, 1]) in units of
    ``2**-40``, as Python integers.

    Raises
    ------
    ParameterError
        A value is NaN or outside [-1, 1] (the kernel broke its contract; never summed
        silently).
    """
    values = np.asarray(values, dtype=np.float64)
    k, n = values.shape
    totals = [0] * k
    for start in range(0, n, _BLOCK):
        part = values[:, start : start + _BLOCK]
        worst = float(np.max(np.abs(part))) if part.size else 0.0
        if not worst <= 1.0 + 1e-9:
            raise ParameterError(
                f"a per-draw probability is {worst!r} (not in [-1, 1]): the scenario's "
                "mapping produced an invalid value; check the scenario's inputs"
            )
        scaled = np.rint(np.ldexp(part, SCALE_BITS)).astype(np.int64)
        for i, s in enumerate(scaled.sum(axis=1).tolist()):
            totals[i] += s
    return totals


def mean(total: int, n: int) -> float:
    """The mean of ``n`` values whose exact sum is ``total`` (units of ``2**-40``)."""
    return float(Fraction(total, n << SCALE_BITS)) if n else 0.0


def sample_variance(total: int, total_sq: int, n: int) -> float:
    """Sample variance (``ddof=1``) from the exact sums of ``x`` and ``x**2``; at least 0."""
    if n < 2:
        return 0.0
    unit = 1 << SCALE_BITS
    # sum (x - mean)^2 = sum x^2 - (sum x)^2 / n, exactly in rationals
    ss = Fraction(total_sq, unit) - Fraction(total * total, unit * unit * n)
    return max(0.0, float(ss / (n - 1)))
