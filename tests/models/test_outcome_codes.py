"""Outcome codes: the fast map/frame path gives exactly what the label arrays give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import detente.models as dm
from detente.models.model_interface import _first_argmax, unbroadcast

MODELS = dm.available()


def frame_from_label_arrays(result: dm.ModelSolution) -> pd.DataFrame:
    """The table as built before outcome codes: pandas given the object arrays of labels."""
    shape, n = result.shape, int(np.prod(result.shape))
    cols = {k: np.asarray(v).reshape(n) for k, v in result.params.items()}
    cols["outcome"] = result.outcome.reshape(n)
    cols["theory_outcome"] = np.broadcast_to(result.theory.outcome, shape).reshape(n)
    for k, v in result.theory.values.items():
        cols[f"theory_{k}"] = np.broadcast_to(v, shape).reshape(n)
    return pd.DataFrame(cols)


@pytest.mark.parametrize("name", MODELS)
def test_map_frame_equals_the_frame_built_from_label_arrays(name):
    """Same columns, values and dtypes (pandas' string dtype included) as the label-array
    frame, and ``agree`` equals comparing the label columns."""
    model = dm.get(name)
    (x, sx), (y, sy) = list(model.specs().items())[:2]
    mp = dm.equilibrium_map(model, x=(x, sx["lo"], sx["hi"], 13), y=(y, sy["lo"], sy["hi"], 11))
    grid = {x: np.linspace(sx["lo"], sx["hi"], 13)[None, :]}
    grid[y] = np.linspace(sy["lo"], sy["hi"], 11)[:, None]
    expected = frame_from_label_arrays(model.solve(grid))
    expected["agree"] = expected["outcome"] == expected["theory_outcome"]
    pd.testing.assert_frame_equal(mp.frame, expected)
    assert mp.agreement == pytest.approx(float(expected["agree"].mean()))


@pytest.mark.parametrize("name", MODELS)
def test_codes_name_the_same_outcomes_as_the_label_arrays(name):
    """Where a model gives codes (engine or theory), they decode to its label arrays, at
    random points and with every method."""
    model = dm.get(name)
    rng = np.random.default_rng(7)
    params = {
        k: (
            rng.integers(s["lo"], s["hi"] + 1, 300).astype(float)
            if s["integer"]
            else rng.uniform(s["lo"], s["hi"], 300)
        )
        for k, s in model.specs().items()
    }
    for method in model.methods:
        result = model.solve(params, method=method)
        if model.outcome_codes_of is not None:
            assert result.outcome_codes is not None
            decoded = result.outcome_codes.labels_array()
            np.testing.assert_array_equal(decoded, model.outcome_of(result.solution, result.params))
            categories = list(model.outcomes)
            pd.testing.assert_extension_array_equal(
                result.outcome_codes.categorical(categories),
                pd.Categorical(decoded, categories=categories),
            )
        if result.theory.codes is not None:
            np.testing.assert_array_equal(result.theory.codes.labels_array(), result.theory.outcome)
        pd.testing.assert_frame_equal(result.to_frame(), frame_from_label_arrays(result))


def test_theory_on_a_broadcast_grid_equals_theory_on_materialized_arrays():
    """Unilateral deterrence computes its theory on the grid's compact form: every value and
    the outcome equal those computed on full, contiguous copies of the same parameters."""
    model = dm.get("unilateral_deterrence")
    grid = {"p_def": np.linspace(0, 1, 41)[None, :], "d_ch": np.linspace(-3, 0.9, 29)[:, None]}
    full = {k: np.broadcast_to(v, (29, 41)) for k, v in model.resolve(grid).items()}
    copies = {k: np.ascontiguousarray(v) for k, v in full.items()}
    compact, plain = model.theory(full), model.theory(copies)
    np.testing.assert_array_equal(compact.outcome, plain.outcome)
    np.testing.assert_array_equal(compact.margin, plain.margin)
    for k, v in plain.values.items():
        assert compact.values[k].shape == v.shape and compact.values[k].dtype == v.dtype
        np.testing.assert_array_equal(compact.values[k], v)


@given(
    hnp.arrays(
        float,
        st.tuples(st.integers(1, 5), st.integers(1, 40)),
        elements=st.sampled_from([0.0, 0.25, 0.5, 1.0, -0.0, np.nan]),
    )
)
def test_first_argmax_equals_numpy_argmax_ties_and_nan_included(stack):
    """The column-wise argmax picks what ``np.argmax`` picks: the first maximum, or the first
    NaN (values from a small set, so ties are frequent)."""
    columns = list(stack)
    np.testing.assert_array_equal(_first_argmax(columns), np.argmax(stack, axis=0))


@given(
    st.lists(st.sampled_from([1, 3]), min_size=0, max_size=3),
    st.integers(0, 2),
)
def test_unbroadcast_is_smallest_and_broadcasts_back(shape_choice, which):
    """``unbroadcast`` keeps the values (it broadcasts back to the same array) and cuts
    exactly the broadcast axes to length 1."""
    shape = tuple(shape_choice)
    base = np.arange(int(np.prod(shape)), dtype=float).reshape(shape)
    target = (2, *shape) if which else shape
    view = np.broadcast_to(base, target)
    small = unbroadcast(view)
    np.testing.assert_array_equal(np.broadcast_to(small, target), view)
    assert small.size == base.size
