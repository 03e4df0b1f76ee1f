"""One contract every registered model must pass (after scikit-learn's common estimator
checks): a new model is tested the day it is registered."""

from __future__ import annotations

import numpy as np
import pytest

import detente.models as dm
from detente.errors import ParameterError

MODELS = dm.available()


@pytest.fixture(params=MODELS)
def model(request):
    return dm.get(request.param)


def test_registry_is_not_empty():
    assert "unilateral_deterrence" in MODELS


def test_parameters_are_documented_with_ranges_containing_defaults(model):
    specs = model.specs()
    assert specs, f"{model.name} declares no parameters"
    for name, s in specs.items():
        assert s["meaning"], f"{model.name}.{name} has no meaning"
        assert s["unit"], f"{model.name}.{name} has no unit"
        assert s["lo"] is not None and s["hi"] is not None and s["lo"] < s["hi"]
        assert s["lo"] <= s["default"] <= s["hi"], f"{model.name}.{name} default out of range"


def test_metadata_is_complete(model):
    assert model.title and model.summary and model.references
    assert model.outcomes and len(set(model.outcomes)) == len(model.outcomes)
    assert set(model.methods) <= {"spe", "qre", "pbe"}
    assert model.information in ("complete", "incomplete")


def test_game_parameters_are_exactly_the_declared_parameters(model):
    assert set(model.game.parameters) == set(model.specs())


def test_solves_at_defaults_with_every_method_and_reports_theory(model):
    for method in model.methods:
        result = model.solve(method=method)
        point = result.point()
        assert point["model"] == model.name
        assert point["outcome"] in model.outcomes or point["outcome"] == "no equilibrium"
        assert point["theory"]["outcome"] in model.outcomes
        # no pure equilibrium (or none the model's selection rule accepts): no engine outcomes
        no_pure = (
            point["outcome"] == "no equilibrium" or point.get("selected_equilibrium", 0) is None
        )
        assert no_pure or abs(sum(point["outcomes"].values()) - 1) < 1e-9


def test_engine_equals_theory_on_random_points_away_from_boundaries(model):
    """The engine's equilibrium outcome equals the closed-form prediction wherever the point
    is not within a small margin of a region boundary."""
    rng = np.random.default_rng(12345)
    specs = model.specs()
    method = model.methods[0]
    n = 600 if method == "pbe" else 4000  # PBE enumerates every pure profile at each point
    params = {
        k: rng.integers(s["lo"], s["hi"] + 1, n).astype(float)
        if s["integer"]
        else rng.uniform(s["lo"], s["hi"], n)
        for k, s in specs.items()
    }
    result = model.solve(params, method=method)
    margin = result.theory.margin
    keep = np.ones(n, dtype=bool) if margin is None else np.asarray(margin) > 1e-6
    assert keep.mean() > 0.5, "too many random points on boundaries to test"
    disagree = np.flatnonzero(keep & ~result.agrees_with_theory)
    assert disagree.size == 0, (
        f"{model.name}: engine and theory disagree at {disagree.size} points, e.g. "
        f"{ {k: float(v[disagree[0]]) for k, v in params.items()} }: engine "
        f"{result.outcome[disagree[0]]!r}, theory {result.theory.outcome[disagree[0]]!r}"
    )


def test_out_of_range_value_names_parameter_and_range(model):
    name, spec = next(iter(model.specs().items()))
    with pytest.raises(ParameterError, match=rf"{name}.*allowed range"):
        model.solve({name: spec["hi"] + 1.0 + abs(spec["hi"])})


def test_whole_number_parameters_refuse_fractions_naming_the_range(model):
    for name, spec in model.specs().items():
        if spec["integer"]:
            with pytest.raises(ParameterError, match=rf"{name}.*whole number in \["):
                model.solve({name: spec["lo"] + 0.5})


def test_unknown_parameter_lists_the_real_ones(model):
    with pytest.raises(ParameterError, match="its parameters are"):
        model.solve({"no_such_parameter": 1.0})


def test_equilibrium_map_solves_a_grid_and_mostly_agrees_with_theory(model):
    names = [k for k, s in model.specs().items() if not s["integer"]]  # counts make no grid
    x, y = names[0], names[1]
    sx, sy = model.specs()[x], model.specs()[y]
    result = dm.equilibrium_map(model, x=(x, sx["lo"], sx["hi"], 21), y=(y, sy["lo"], sy["hi"], 17))
    assert result.outcome.shape == (17, 21)
    assert len(result.frame) == 21 * 17
    assert result.agreement > 0.9


@pytest.mark.parametrize(
    "name",
    [n for n in MODELS if "pbe" in dm.get(n).methods and dm.get(n).select_equilibrium],
)
def test_point_reports_the_selected_equilibrium_at_the_top_level(name):
    """For PBE models with a selection rule, the top-level outcomes/strategy in point() are
    those of the equilibrium the model selects (the one its `outcome` describes)."""
    point = dm.get(name).solve(method="pbe").point()
    if point["selected_equilibrium"] is None:  # mixed at the defaults: nothing selected
        assert point["outcomes"] == {} and point["strategy"] == {}
        return
    assert point["equilibria"], f"{name} has no pure PBE at its defaults"
    chosen = point["equilibria"][point["selected_equilibrium"]]
    assert point["strategy"] == chosen["strategy"]
    assert point["outcomes"] == chosen["outcomes"]
