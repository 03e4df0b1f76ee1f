"""Parameter points as a batch: broadcasting user values and cutting them into chunks.

Every solver takes parameter values that are scalars or NumPy arrays; they broadcast together
(NumPy rules) to a *batch shape*. Internally the batch is flattened and solved in chunks whose
size keeps the working memory bounded (linear in the batch, constant per chunk).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from detente.errors import ParameterError

#: Working-memory target per chunk, in float64 entries (~2 MiB, so a chunk stays in cache).
CHUNK_ENTRIES = 250_000


@dataclass(frozen=True)
class ParameterBatch:
    """Parameter values broadcast to one batch shape and flattened.

    Attributes
    ----------
    shape : tuple of int
        The batch shape (``()`` for a single point).
    flat : dict of str to ndarray
        Each parameter as a 1-D float array of length ``size`` (scalars stay 0-d).
    """

    shape: tuple[int, ...]
    flat: dict[str, np.ndarray]

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @classmethod
    def from_values(cls, values: Mapping[str, object], context: str = "") -> ParameterBatch:
        """Broadcast ``values`` (name -> scalar or array) to a common batch shape.

        Raises
        ------
        ParameterError
            If a value is not numeric, not finite, or shapes do not broadcast.
        """
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
            k: (a if a.ndim == 0 else np.broadcast_to(a, shape).reshape(-1))
            for k, a in arrays.items()
        }
        return cls(shape=tuple(shape), flat=flat)

    def chunks(self, entries_per_point: int) -> Iterator[tuple[slice, dict[str, np.ndarray]]]:
        """Yield ``(slice, values)`` for consecutive chunks of the flattened batch."""
        size = max(self.size, 1)
        step = max(256, CHUNK_ENTRIES // max(entries_per_point, 1))
        for start in range(0, size, step):
            sl = slice(start, min(start + step, size))
            yield sl, {k: (v if v.ndim == 0 else v[sl]) for k, v in self.flat.items()}
