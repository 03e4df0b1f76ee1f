"""From a ``games``-style formula and a DataFrame to design matrices, one per utility.

A formula has one left-hand side (one outcome column, or several binary decision columns joined
by ``+``) and one right-hand part per utility separated by ``|``:
``esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2``. A part ``0`` fixes that
utility at zero, ``1`` estimates a constant only, ``- 1`` drops the constant. Parts are parsed
with formulaic; categorical regressors get treatment contrasts named as in R
(``regime1dem``), the constant is ``(Intercept)``.

Rows with a missing value in any variable the model uses are dropped, with a warning that
names the columns and the first rows (as R's ``na.omit`` in the games package, which drops
them silently).

References
----------
Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8), section 3 (formula specification).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from detente.errors import InputError

_TREATMENT = re.compile(r"^(?P<var>.+)\[T\.(?P<level>.*)\]$")


class EstimationWarning(UserWarning):
    """Something about the data or the fit deserves attention (dropped rows, separation...)."""


@dataclass(frozen=True)
class DesignPart:
    """The regressors of one linear predictor (a utility or a log-scale equation)."""

    name: str
    matrix: np.ndarray
    columns: tuple[str, ...]
    spec: Any  # formulaic ModelSpec, or None for an empty part

    @property
    def n_columns(self) -> int:
        """Number of coefficients of this part."""
        return self.matrix.shape[1]

    def rebuild(self, data: pd.DataFrame) -> np.ndarray:
        """The same regressors evaluated on new data (same encoding of categories)."""
        if self.spec is None or self.n_columns == 0:
            return np.zeros((len(data), 0))
        try:
            mm = self.spec.get_model_matrix(data, na_action="ignore")
        except Exception as exc:  # formulaic: unknown category levels, wrong types...
            raise InputError(
                f"could not evaluate the regressors of {self.name} on new data: {exc}"
            ) from exc
        return np.asarray(mm, dtype=float)


@dataclass(frozen=True)
class ModelFrame:
    """The cleaned data and design matrices of a fit."""

    parts: tuple[DesignPart, ...]
    lhs: tuple[str, ...]
    data: pd.DataFrame
    n_input: int
    dropped_rows: tuple[Any, ...]
    formula: str

    @property
    def n(self) -> int:
        """Number of observations used."""
        return len(self.data)


def _r_name(col: str) -> str:
    if col == "Intercept":
        return "(Intercept)"
    match = _TREATMENT.match(col)
    if match:
        return f"{match['var']}{match['level']}"
    return col


def _parse(formula: str, what: str) -> Any:
    from formulaic import Formula

    try:
        return Formula(formula)
    except Exception as exc:  # formulaic raises several parser error types
        raise InputError(f"could not parse {what} {formula!r}: {exc}") from exc


def _rhs_parts(parsed: Any) -> list[Any]:
    from formulaic.formula import SimpleFormula

    rhs = parsed.rhs if hasattr(parsed, "rhs") else parsed
    if isinstance(rhs, tuple | list):
        return list(rhs)
    if isinstance(rhs, SimpleFormula):
        return [rhs]
    root = rhs.root  # a StructuredFormula without a left-hand side: '~ a | b'
    return list(root) if isinstance(root, tuple | list) else [root]


def describe_rows(index: pd.Index, limit: int = 5) -> str:
    """The first ``limit`` row labels of ``index`` (and how many there are), for messages."""
    shown = ", ".join(str(i) for i in index[:limit])
    more = f", ... ({len(index)} in all)" if len(index) > limit else ""
    return f"{shown}{more}"


def binary_column(data: pd.DataFrame, column: str, role: str, meaning: str) -> np.ndarray:
    """A 0/1 response column as floats; booleans count as 1/0.

    As in the R ``games`` package (``makeResponse12`` and siblings stop with "dummy responses
    must be dummy variables"), labels such as ``yes``/``no`` are not guessed at: which label
    means 1 is the user's to say.

    Parameters
    ----------
    data : DataFrame
    column : str
        The column's name.
    role : str
        What the column is, for the message ("decision column", "acceptance column").
    meaning : str
        What 1 stands for, for the message ("player 1 chose R").

    Raises
    ------
    InputError
        If the column holds labels, or numbers other than 0 and 1 (names the column, the values
        found, the first rows and the values expected).
    """
    s = data[column]
    if pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=float)
    expected = f"expected 0/1 (or true/false), 1 meaning {meaning}"
    if not pd.api.types.is_numeric_dtype(s):
        found = ", ".join(repr(v) for v in sorted(map(str, s.unique()))[:5])
        raise InputError(
            f"{role} {column!r} holds labels ({found}), {expected}; recode it as numbers "
            "(the R games package also requires 0/1 dummy responses)"
        )
    values = s.to_numpy(dtype=float)
    bad = ~np.isin(values, (0.0, 1.0))
    if bad.any():
        wrong = ", ".join(f"{v:g}" for v in np.unique(values[bad])[:5])
        raise InputError(
            f"{role} {column!r} must be 0/1 but has value(s) {wrong} in rows "
            f"{describe_rows(data.index[bad])}; {expected}"
        )
    return values


def split_formula(formula: str, n_parts: int, part_names: tuple[str, ...], model: str) -> Any:
    """Parse and check the number of right-hand parts; returns (lhs names, rhs formulas)."""
    if not isinstance(formula, str) or "~" not in formula:
        raise InputError(
            f"formula {formula!r} must have the form 'outcome ~ part1 | part2 | ...' "
            f"with {n_parts} right-hand parts ({' | '.join(part_names)})"
        )
    parsed = _parse(formula, "formula")
    if not hasattr(parsed, "lhs"):
        raise InputError(f"formula {formula!r} has no outcome on the left of '~'")
    lhs = [str(t) for t in parsed.lhs]
    for name in lhs:
        if not re.fullmatch(r"[A-Za-z_.][A-Za-z0-9_.]*", name):
            raise InputError(
                f"left-hand side term {name!r} of {formula!r} must be a plain column name"
            )
    parts = _rhs_parts(parsed)
    if len(parts) != n_parts:
        raise InputError(
            f"{model} needs {n_parts} right-hand parts separated by '|' "
            f"({' | '.join(part_names)}); the formula {formula!r} has {len(parts)}"
        )
    return lhs, parts


def build_model_frame(
    formula: str,
    data: pd.DataFrame,
    part_names: tuple[str, ...],
    model: str,
    sdformula: str | None = None,
) -> ModelFrame:
    """Parse ``formula`` (and an optional scale formula), drop incomplete rows, build designs.

    Parameters
    ----------
    formula : str
        ``games``-style formula with ``len(part_names)`` right-hand parts.
    data : DataFrame
        The data.
    part_names : tuple of str
        Names of the linear predictors (``u11``...), for messages.
    model : str
        Model name, for messages.
    sdformula : str, optional
        One-sided formula of the log error scale, ``sigma = exp(Z g)`` (e.g. ``"~ balanc - 1"``).

    Returns
    -------
    ModelFrame

    Raises
    ------
    InputError
        Unparseable formula, wrong number of parts, missing columns, infinite values or
        collinear regressors.
    """
    try:
        from formulaic import model_matrix
    except ImportError:
        raise InputError(
            "formulas are parsed with formulaic, which is not installed: "
            "pip install 'detente[estimate]'"
        ) from None

    if not isinstance(data, pd.DataFrame):
        raise InputError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    lhs, parts = split_formula(formula, len(part_names), part_names, model)
    names = list(part_names)
    if sdformula is not None:
        sd_parts = _rhs_parts(_parse(sdformula, "sdformula"))
        if len(sd_parts) != 1:
            raise InputError(
                f"sdformula {sdformula!r} must have exactly one right-hand part (one common "
                "scale equation)"
            )
        parts = [*parts, sd_parts[0]]
        names.append("log(sigma)")

    used: list[str] = list(dict.fromkeys(lhs))
    for part in parts:
        used.extend(sorted(v for v in part.required_variables if v not in used))
    missing = [v for v in used if v not in data.columns]
    if missing:
        available = ", ".join(map(str, list(data.columns)[:30]))
        raise InputError(
            f"column(s) {', '.join(repr(m) for m in missing)} used in the formula not found "
            f"in the data; available columns: {available}"
        )
    frame = data[used]
    na = frame.isna()
    bad = na.any(axis=1)
    dropped: tuple[Any, ...] = ()
    if bad.any():
        counts = na.sum()
        detail = "; ".join(
            f"column {c!r}: {int(k)} row(s), first {describe_rows(frame.index[na[c]])}"
            for c, k in counts.items()
            if k > 0
        )
        dropped = tuple(frame.index[bad])
        warnings.warn(
            f"dropped {int(bad.sum())} of {len(frame)} rows with missing values ({detail})",
            EstimationWarning,
            stacklevel=4,
        )
        frame = frame.loc[~bad]
    if len(frame) == 0:
        raise InputError(f"no complete rows left in the data for formula {formula!r}")
    for col in used:
        series = frame[col]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            inf = ~np.isfinite(series.to_numpy(dtype=float))
            if inf.any():
                raise InputError(
                    f"column {col!r} has infinite values in rows {describe_rows(frame.index[inf])}"
                )

    built: list[DesignPart] = []
    for name, part in zip(names, parts, strict=True):
        if not part.required_variables and "1" not in str(part):
            mat = np.zeros((len(frame), 0))
            built.append(DesignPart(name, mat, (), None))
            continue
        try:
            mm = model_matrix(part, frame, na_action="raise")
        except Exception as exc:
            raise InputError(f"could not build the regressors of {name} ({part}): {exc}") from exc
        mat = np.asarray(mm, dtype=float)
        cols = tuple(_r_name(c) for c in mm.columns)
        if mat.shape[1] and np.linalg.matrix_rank(mat) < mat.shape[1]:
            raise InputError(
                f"the regressors of {name} ({', '.join(cols)}) are collinear in the "
                f"{len(frame)} rows used (a constant or duplicated column?); drop one of them"
            )
        built.append(DesignPart(name, mat, cols, mm.model_spec))
    return ModelFrame(
        parts=tuple(built),
        lhs=tuple(lhs),
        data=frame,
        n_input=len(data),
        dropped_rows=dropped,
        formula=formula,
    )
