"""What a notebook shows of models: plain reprs, the model table and equilibrium maps.

NumPy 2 prints its scalars with their type (``np.str_('Status Quo')``, ``np.float64(0.5)``);
a notebook user should read plain Python values instead.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import detente.models as dm

MODELS = dm.available()
NUMPY_REPRS = ("np.", "array(", "dtype")


def _plain_types(value, path="point"):
    """Paths inside ``value`` that hold anything but str, int, float, bool or None."""
    if isinstance(value, dict):
        bad = [f"{path} key {k!r}" for k in value if type(k) is not str]
        return bad + [p for k, v in value.items() for p in _plain_types(v, f"{path}[{k!r}]")]
    if isinstance(value, list | tuple):
        return [p for i, v in enumerate(value) for p in _plain_types(v, f"{path}[{i}]")]
    return [] if type(value) in (str, int, float, bool, type(None)) else [f"{path}: {value!r}"]


@pytest.mark.parametrize("name", MODELS)
def test_one_point_shows_plain_values_in_reprs_and_point(name):
    model = dm.get(name)
    for method in model.methods:
        result = model.solve(method=method)
        for text in (repr(result), repr(result.theory), repr(result.solution)):
            assert not any(s in text for s in NUMPY_REPRS), f"{name} {method}: {text[:300]}"
        assert _plain_types(result.point()) == []
        assert f"outcome {str(result.outcome.reshape(-1)[0])!r}" in repr(result)


def test_model_list_is_a_table_of_the_registry_and_available_keeps_the_names():
    table = dm.list()
    assert isinstance(table, pd.DataFrame)
    assert list(table["name"]) == dm.available() == sorted(dm.available())
    assert isinstance(dm.available(), list)
    for row in table.itertuples():
        model = dm.get(row.name)
        assert row.title == model.title
        assert row.references == "; ".join(model.references) and row.references
        assert row.players == ", ".join(model.players)
        assert row.methods.split(", ")[0] == model.methods[0]


def test_star_import_does_not_hide_the_builtin_list():
    namespace: dict = {}
    exec("from detente.models import *", namespace)
    assert "list" not in namespace and "model_table" in namespace


@pytest.fixture(scope="module")
def eq_map():
    model = dm.get("unilateral_deterrence")
    return dm.equilibrium_map(model, x=("p_def", 0, 1, 7), y=("d_ch", -2, 0.5, 5))


def test_map_to_frame_is_a_copy_with_one_row_per_grid_point_in_grid_order(eq_map):
    frame = eq_map.to_frame()
    assert len(frame) == 7 * 5
    # rows run over x fastest (the solution's (n_y, n_x) grid, flattened)
    assert list(frame["outcome"]) == list(eq_map.outcome.ravel())
    assert np.allclose(frame["p_def"].to_numpy().reshape(5, 7)[0], np.linspace(0, 1, 7))
    assert frame["agree"].mean() == pytest.approx(eq_map.agreement)
    frame.loc[0, "outcome"] = "changed"
    assert eq_map.frame.loc[0, "outcome"] != "changed"


def test_map_plots_into_given_axes_with_the_engine_outcome_as_image(eq_map):
    fig, axes = plt.subplots(1, 2)
    try:
        returned = eq_map.plot(ax=axes[1])
        assert returned is axes[1] and not axes[0].images
        codes = np.asarray(axes[1].images[0].get_array())
        labels = list(eq_map.model.outcomes)
        assert (np.asarray(labels, dtype=object)[codes] == eq_map.outcome).all()
        legend = [t.get_text() for t in axes[1].get_legend().get_texts()]
        assert set(legend) == set(np.unique(eq_map.outcome)) | {"theory boundary"}
    finally:
        plt.close(fig)
    own = eq_map.plot()
    assert own.images and own.figure is not fig
    plt.close(own.figure)


def test_map_repr_is_one_plain_line(eq_map):
    text = repr(eq_map)
    assert "\n" not in text and not any(s in text for s in NUMPY_REPRS)
    assert "p_def in [0, 1] (7 points)" in text and f"{100 * eq_map.agreement:.1f}%" in text
