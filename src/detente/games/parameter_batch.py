"""Parameter points as a batch: broadcasting user values and cutting them into chunks.

Every solver takes parameter values that are scalars or NumPy arrays; they broadcast together
(NumPy rules) to a *batch shape*. Internally the batch is flattened and solved in chunks whose
size keeps the working memory bounded (linear in the batch, constant per chunk).

A small batch (at most :data:`STACK_POINTS` points) is also held as one stacked
``(n_parameters, size)`` array: one finiteness check covers every parameter, and a solver
can gather many payoffs from it with one call instead of one per parameter.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from detente.errors import ParameterError

#: Working-memory target per chunk, in float64 entries (~4 MiB: a chunk stays in cache).
CHUNK_ENTRIES = 500_000
#: Fewest points per chunk (unless that would exceed MAX_CHUNK_ENTRIES).
MIN_CHUNK_POINTS = 4096
#: Hard bound on working-memory entries per chunk (~256 MiB).
MAX_CHUNK_ENTRIES = 32_000_000
#: Batches of at most this many points are also stacked into one array (see module doc).
STACK_POINTS = MIN_CHUNK_POINTS


@dataclass(frozen=True)
class ParameterBatch:
    """Parameter values broadcast to one batch shape and flattened.

    Attributes
    ----------
    shape : tuple of int
        The batch shape (``()`` for a single point).
    flat : dict of str to ndarray
        Each parameter as a 1-D float array of length ``size`` (scalars stay 0-d).
    stacked : ndarray or None
        Small batches only: all parameters, in the order of ``flat``, broadcast to the batch
        and stacked, shape ``(len(flat), size)``, read-only (``flat`` then holds its rows);
        ``None`` for large or empty batches.
    abs_max : float or None
        With ``stacked``: the largest absolute parameter value.
    """

    shape: tuple[int, ...]
    flat: dict[str, np.ndarray]
    stacked: np.ndarray | None = field(default=None, repr=False)
    abs_max: float | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @classmethod
    def from_values(cls, values: Mapping[str, object], context: str = "") -> ParameterBatch:
        """Broadcast ``values`` (name -> scalar or array) to a common batch shape.

        Raises
        ------
        ParameterError
            If a value is not numeric, not finite, or shapes do not broadcast.
        """
        fast = cls._small_batch(values)
        if fast is not None:
            return fast
        arrays: dict[str, np.ndarray] = {}
        for name, value in values.items():
            try:
                arr = np.asarray(value, dtype=float)
            except (TypeError, ValueError):
                raise ParameterError(
                    f"parameter {name!r}{context}: expected a number or numeric array, "
                    f"got {value!r}"
                ) from None
            if not np.isfinite(arr).all():
                raise ParameterError(
                    f"parameter {name!r}{context}: values must be finite (found NaN or inf)"
                )
            arrays[name] = arr
        try:
            shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
        except ValueError:
            shapes = ", ".join(f"{k}{a.shape}" for k, a in arrays.items())
            raise ParameterError(
                f"parameter arrays{context} do not broadcast to one batch shape: {shapes}"
            ) from None
        flat = {
            k: (
                a if a.ndim == 0 else (a if a.shape == shape else np.broadcast_to(a, shape)).ravel()
            )
            for k, a in arrays.items()
        }
        return cls(shape=tuple(shape), flat=flat)

    @classmethod
    def _small_batch(cls, values: Mapping[str, object]) -> ParameterBatch | None:
        """The batch with ``stacked`` filled in, or ``None`` when it is large or empty, or when
        a value is invalid (then the per-parameter checks of :meth:`from_values` run and raise
        the error naming the first offending parameter)."""
        if not values:
            return None
        try:  # the common case, values of one shape: one call converts and stacks them all
            stacked = np.array(list(values.values()), dtype=float)
            shape = stacked.shape[1:]
        except (TypeError, ValueError):
            try:
                arrays = [np.asarray(v, dtype=float) for v in values.values()]
                shape = np.broadcast_shapes(*(a.shape for a in arrays))
            except (TypeError, ValueError):
                return None
            stacked = None
        size = math.prod(shape)
        if not 0 < size <= STACK_POINTS:
            return None
        if stacked is None:
            stacked = np.empty((len(arrays), *shape))
            for i, a in enumerate(arrays):
                stacked[i] = a
        stacked = stacked.reshape(len(values), size)
        # one reduction checks every value (NaN and inf propagate) and bounds every payoff
        # that is a bare parameter
        abs_max = float(np.maximum.reduce(np.abs(stacked), axis=None))
        if not math.isfinite(abs_max):
            return None
        stacked.flags.writeable = False
        flat = dict(zip(values, stacked, strict=True))
        return cls(shape=tuple(shape), flat=flat, stacked=stacked, abs_max=abs_max)

    def read_only_values(self) -> dict[str, np.ndarray]:
        """The parameters as read-only float arrays of the batch shape (what
        :meth:`broadcast_values` gives for the values the batch was built from); for a
        stacked batch these are rows of ``stacked``."""
        if self.stacked is not None:
            if len(self.shape) == 1:  # the rows in ``flat`` have the batch shape already
                return self.flat
            if not self.shape:  # 0-d arrays, as broadcast_values gives, not NumPy scalars
                return {k: row.reshape(()) for k, row in zip(self.flat, self.stacked, strict=True)}
            return dict(zip(self.flat, self.stacked.reshape(-1, *self.shape), strict=True))
        return self.broadcast_values(self.flat)

    def broadcast_values(self, values: Mapping[str, object]) -> dict[str, np.ndarray]:
        """``values`` as read-only float arrays of the batch shape (views, no copies)."""
        out: dict[str, np.ndarray] = {}
        for name, value in values.items():
            arr = np.asarray(value, dtype=float)
            if arr.shape == self.shape:
                arr = arr.view()
                arr.flags.writeable = False
                out[name] = arr
            else:
                out[name] = np.broadcast_to(arr, self.shape)
        return out

    def chunks(
        self, entries_per_point: int, parts: int = 1
    ) -> Iterator[tuple[slice, dict[str, np.ndarray]]]:
        """Yield ``(slice, values)`` for consecutive chunks of the flattened batch.

        With ``parts > 1`` (threads sharing the work) the number of chunks is rounded up to
        a multiple of ``parts`` and the chunks are of equal size, so no thread idles while
        another finishes a last chunk.
        """
        size = max(self.size, 1)
        step = chunk_points(entries_per_point)
        if parts > 1 and size > step:
            count = -(-size // step)
            count = -(-count // parts) * parts
            step = -(-size // count)
        for start in range(0, size, step):
            sl = slice(start, min(start + step, size))
            yield sl, {k: (v if v.ndim == 0 else v[sl]) for k, v in self.flat.items()}

    def run_chunks(
        self,
        entries_per_point: int,
        work: Callable[[slice, dict[str, np.ndarray]], None],
        threads: int | None = None,
    ) -> None:
        """Call ``work(slice, values)`` on every chunk, on a few threads.

        Chunks are independent and ``work`` writes only its own slice of the outputs; NumPy
        releases the GIL inside its loops, so threads use several cores. The number of threads
        is ``threads``, else ``$DETENTE_THREADS``, else the number of CPUs (at most 4).
        """
        n = solver_threads(threads)
        chunks = list(self.chunks(entries_per_point, parts=n))
        if n <= 1 or len(chunks) <= 1:
            for sl, env in chunks:
                work(sl, env)
            return
        with ThreadPoolExecutor(max_workers=n) as pool:
            for future in [pool.submit(work, sl, env) for sl, env in chunks]:
                future.result()


def chunk_points(entries_per_point: int) -> int:
    """Points per chunk for a solver needing ``entries_per_point`` working-memory entries:
    cache-sized chunks, but never so few points that per-call overhead dominates."""
    per = max(entries_per_point, 1)
    return max(CHUNK_ENTRIES // per, min(MIN_CHUNK_POINTS, MAX_CHUNK_ENTRIES // per), 1)


def solver_threads(threads: int | None = None) -> int:
    """Threads a solver uses: the argument, else ``$DETENTE_THREADS``, else min(CPUs, 4)."""
    if threads is not None:
        return max(1, int(threads))
    env = os.environ.get("DETENTE_THREADS")
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise ParameterError(f"DETENTE_THREADS must be a whole number, got {env!r}") from None
    return _default_threads()


@functools.cache
def _default_threads() -> int:
    return max(1, min(os.cpu_count() or 1, 4))
