"""Percentiles of per-draw probabilities from a fixed-bin histogram, in constant memory.

The 5th and 95th percentiles of a per-draw probability cannot be read from running sums, and
keeping every draw would make memory grow with ``--draws``. The draws are instead counted into
fixed bins over [0, 1] whose edges never depend on the data, so a sketch is the sum of the
sketches of its chunks, whatever the chunk size, order or machine: the counts are integers and
the minimum and maximum are exact, so merged sketches are bit-identical.

Bins are log-spaced towards both ends, like the floating-point numbers themselves
(HdrHistogram's layout, Tene 2015): a value ``x`` is binned by the distance ``y = min(x, 1 - x)``
to the nearer end, by the exponent and the first :data:`MANTISSA_BITS` bits of the significand
of ``y``. Each bin therefore spans at most ``2**-11`` (0.05 %) of ``y``: 0.00024 at ``x = 0.5``,
5e-7 at ``x = 0.001`` (two significant digits of a tiny probability stay right). Values within
``2**-40`` of 0 or 1 share the end bins. A percentile is read with NumPy's default (linear)
rule between order statistics, each order statistic placed inside its bin by rank and then
clamped to the exact sample minimum and maximum (so a constant quantity has exact percentiles);
the error is at most one bin width.

References
----------
Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. The American
Statistician 50(4), 361-365 (definition 7, NumPy's default).
Tene, G. (2015). HdrHistogram: a high dynamic range histogram. http://hdrhistogram.org.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Significand bits kept per bin: relative bin width ``2**-MANTISSA_BITS`` of ``min(x, 1 - x)``.
MANTISSA_BITS = 11
#: Values closer than ``2**FLOOR_EXPONENT`` to 0 or 1 share the end bin.
FLOOR_EXPONENT = -40

_SHIFT = 52 - MANTISSA_BITS
_FLOOR = 2.0**FLOOR_EXPONENT
_BASE = int(np.float64(_FLOOR).view(np.int64)) >> _SHIFT
#: Bins on each side of 0.5 (codes of ``y`` in [2**-40, 0.5]).
SIDE = (int(np.float64(0.5).view(np.int64)) >> _SHIFT) - _BASE + 1
#: Bins of one sketch (about 160,000: 1.3 MB of counts).
BINS = 2 * SIDE


def bin_index(x: np.ndarray) -> np.ndarray:
    """The bin of each value in [0, 1] (bins ascend with ``x``)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.maximum(np.minimum(x, 1.0 - x), _FLOOR)  # 1 - x is exact for x >= 0.5 (Sterbenz)
    code = (y.view(np.int64) >> _SHIFT) - _BASE
    return np.where(x <= 0.5, code, BINS - 1 - code)


def _code_floor(code: np.ndarray) -> np.ndarray:
    """Smallest ``y`` of each code (0 for the first: it also holds everything below 2**-40)."""
    y = ((np.asarray(code, dtype=np.int64) + _BASE) << _SHIFT).view(np.float64)
    return np.where(code == 0, 0.0, y)


def bin_edges(index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper edge in ``x`` of each bin."""
    index = np.asarray(index, dtype=np.int64)
    low = index < SIDE
    code = np.where(low, index, BINS - 1 - index)
    y0, y1 = _code_floor(code), _code_floor(code + 1)
    return np.where(low, y0, 1.0 - y1), np.where(low, y1, 1.0 - y0)


@dataclass
class PercentileSketch:
    """Bin counts and exact extremes of several per-draw quantities (one row each).

    Attributes
    ----------
    counts : ndarray of int64, shape (rows, BINS)
    low, high : ndarray, shape (rows,)
        Exact minimum and maximum of each row's values (``inf``/``-inf`` while empty).
    """

    rows: int
    counts: np.ndarray = field(init=False)
    low: np.ndarray = field(init=False)
    high: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.counts = np.zeros((self.rows, BINS), dtype=np.int64)
        self.low = np.full(self.rows, np.inf)
        self.high = np.full(self.rows, -np.inf)

    @property
    def n(self) -> int:
        """Values counted per row."""
        return int(self.counts[0].sum()) if self.rows else 0

    def add(self, values: np.ndarray) -> None:
        """Count ``values`` (shape (rows, n), each in [0, 1])."""
        self.merge(chunk_sketch(values))

    def merge(self, part: SparseCounts) -> None:
        """Add a chunk's counts (any order gives the same sketch)."""
        if part.n == 0:
            return
        np.add.at(self.counts.reshape(-1), part.bins, part.counts)
        np.minimum(self.low, part.low, out=self.low)
        np.maximum(self.high, part.high, out=self.high)

    def histogram(self, row: int, edges: np.ndarray) -> np.ndarray:
        """Counts of row ``row`` in the coarse bins ``[edges[i], edges[i + 1])`` (the last one
        closed), each fine bin counted where its lower edge falls (a fine bin is at most
        0.05 % of the distance to 0 or 1 wide, so this moves no count by more than that)."""
        lower, _ = bin_edges(np.arange(BINS))
        where = np.clip(np.searchsorted(edges, lower, side="right") - 1, 0, len(edges) - 2)
        return np.bincount(where, weights=self.counts[row], minlength=len(edges) - 1).astype(
            np.int64
        )

    def quantiles(self, q: tuple[float, ...], rows: range | None = None) -> np.ndarray:
        """Percentiles ``q`` (in [0, 1]) of the given rows (default all), shape
        (len(rows), len(q))."""
        rows = range(self.rows) if rows is None else rows
        out = np.empty((len(rows), len(q)))
        for i, r in enumerate(rows):
            out[i] = _row_quantiles(self.counts[r], self.low[r], self.high[r], q)
        return out


@dataclass(frozen=True)
class SparseCounts:
    """A chunk's sketch: the occupied bins (flat index ``row * BINS + bin``) and their counts,
    with each row's extremes; small enough to send back from a Dask worker."""

    n: int
    bins: np.ndarray
    counts: np.ndarray
    low: np.ndarray
    high: np.ndarray


def chunk_sketch(values: np.ndarray) -> SparseCounts:
    """The sketch of one chunk of values (shape (rows, n), each in [0, 1])."""
    values = np.asarray(values, dtype=np.float64)
    rows, n = values.shape
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return SparseCounts(0, empty, empty, np.full(rows, np.inf), np.full(rows, -np.inf))
    flat = bin_index(values) + (np.arange(rows, dtype=np.int64) * BINS)[:, None]
    # sorting the chunk's bins beats counting into all rows * BINS bins (0.3 M per row)
    bins, counts = np.unique(flat.reshape(-1), return_counts=True)
    return SparseCounts(n, bins, counts, values.min(axis=1), values.max(axis=1))


def _row_quantiles(counts: np.ndarray, low: float, high: float, q: tuple[float, ...]) -> np.ndarray:
    n = int(counts.sum())
    if n == 0:
        return np.full(len(q), np.nan)
    occupied = np.flatnonzero(counts)
    cum = np.cumsum(counts[occupied])
    lo_edge, hi_edge = bin_edges(occupied)

    def order_statistic(j: int) -> float:
        """The ``j``-th smallest value (0-based), placed by rank inside its bin."""
        b = int(np.searchsorted(cum, j, side="right"))
        c = int(counts[occupied[b]])
        rank = j - (int(cum[b]) - c)
        x = lo_edge[b] + (hi_edge[b] - lo_edge[b]) * (rank + 0.5) / c
        return float(min(max(x, low), high))

    out = []
    for level in q:
        h = (n - 1) * level
        j = int(np.floor(h))
        below = order_statistic(j)
        above = order_statistic(min(j + 1, n - 1))
        out.append(below + (h - j) * (above - below))
    return np.asarray(out)
