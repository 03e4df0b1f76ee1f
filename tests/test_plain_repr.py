"""Plain values for reprs (``detente.plain_repr``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from detente.plain_repr import PlainRepr, plain_value


@given(st.one_of(st.floats(allow_nan=False), st.integers(-(2**62), 2**62), st.booleans()))
def test_numpy_scalars_and_0d_arrays_become_equal_python_values(x):
    for wrapped in (np.asarray(x), np.asarray(x)[()], np.asarray([x])[0]):
        value = plain_value(wrapped)
        assert type(value) is type(x) and value == x


def test_strings_in_object_arrays_and_containers_become_str():
    cell = np.where(np.asarray(True), "A", "B")  # np.str_ inside a 0-d array
    assert type(plain_value(cell)) is str
    obj = np.asarray(np.str_("Status Quo"), dtype=object)
    assert type(plain_value(obj)) is str
    nested = plain_value({np.str_("k"): [np.float64(1.5), (np.int64(2), np.bool_(True))]})
    assert nested == {"k": [1.5, (2, True)]} and repr(nested) == "{'k': [1.5, (2, True)]}"


def test_arrays_with_an_axis_are_kept():
    a = np.arange(3)
    assert plain_value(a) is a


def test_mixin_repr_shows_plain_fields_and_hides_repr_false_fields():
    @dataclass(frozen=True, repr=False)
    class Result(PlainRepr):
        winner: np.ndarray
        ratio: float
        hidden: int = field(default=0, repr=False)

    assert repr(Result(np.asarray("A"), np.float64(1.25))) == "Result(winner='A', ratio=1.25)"
