"""Outcome labels held as small integer codes into a tuple of labels.

A map of a million points names one of a handful of outcomes at each point. Held as an
object array of Python strings, every step after the solve (the labels themselves, a pandas
column, a comparison with the theory) touches a million Python objects; held as ``int8`` codes
into the labels, the same steps are array operations. :class:`OutcomeCodes` is that compact
form, and turns into the label array or a DataFrame column on demand, with the values and
dtype pandas would give the label array itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas is imported where a frame is built
    import pandas as pd


@dataclass(frozen=True)
class OutcomeCodes:
    """Outcome labels ``labels[codes]``, stored as integer codes.

    Attributes
    ----------
    codes : ndarray of int
        Index into ``labels`` at each point (any shape).
    labels : tuple of str
        The labels the codes index.
    """

    codes: np.ndarray
    labels: tuple[str, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return self.codes.shape

    def labels_array(self) -> np.ndarray:
        """The labels at each point, an object array of ``str`` of the codes' shape."""
        out = np.asarray(self.labels, dtype=object)[self.codes]
        return out if isinstance(out, np.ndarray) else np.asarray(out, dtype=object)  # 0-d

    def broadcast_to(self, shape: tuple[int, ...]) -> OutcomeCodes:
        """The same labels broadcast to ``shape`` (a view of the codes, no copy)."""
        return OutcomeCodes(np.broadcast_to(self.codes, shape), self.labels)

    def same_labels(self, other: OutcomeCodes) -> bool:
        """True when both index the same label tuple, so codes compare as labels do."""
        return self.labels == other.labels

    def categorical(self, categories: list[str]) -> pd.Categorical:
        """``pd.Categorical(self.labels_array().ravel(), categories=categories)`` from the
        codes (a label outside ``categories`` is missing there too)."""
        import pandas as pd

        position = np.array([categories.index(x) if x in categories else -1 for x in self.labels])
        return pd.Categorical.from_codes(position[self.codes].reshape(-1), categories=categories)

    def column(self) -> pd.api.extensions.ExtensionArray | np.ndarray:
        """The flattened labels as a pandas column, as ``pd.Series(self.labels_array())``
        would hold them (pandas' default string dtype, or ``object`` where strings are not
        inferred), built from the codes without a Python object per point."""
        import pandas as pd

        flat = np.ascontiguousarray(self.codes).reshape(-1)
        dtype = pd.Series(list(self.labels[:1]) or [""]).dtype  # what pandas infers for str
        if getattr(dtype, "storage", None) == "pyarrow":
            import pyarrow as pa

            labels = pa.array(list(self.labels), type=pa.large_string())
            return pd.array(labels.take(pa.array(flat)), dtype=dtype)
        labels = np.asarray(self.labels, dtype=object)[flat]
        return labels if dtype == np.dtype(object) else pd.array(labels, dtype=dtype)
