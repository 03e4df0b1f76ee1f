"""Stability results print plain values in a notebook (no ``np.float64(...)``/``array(...)``)."""

from __future__ import annotations

import pytest

from detente.stability import (
    inspection_equilibrium,
    lanchester,
    load_posture,
    stability_index,
)


@pytest.mark.parametrize(
    "make",
    [
        lambda: lanchester(100, 80),
        lambda: lanchester(100, 80, law="linear", breakpoint=0.2),
        lambda: inspection_equilibrium(0.9, 0.05),
        lambda: stability_index(load_posture("us"), load_posture("russia")),
    ],
)
def test_one_result_repr_lists_its_plain_values(make):
    result = make()
    text = repr(result)
    assert "np." not in text and "array(" not in text
    shown = ", ".join(f"{k}={v!r}" for k, v in result.to_dict().items())
    assert text == f"{type(result).__name__}({shown})"
