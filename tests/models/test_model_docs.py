"""examples/build_model_docs.py runs for every registered model, so the docs never rot."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import detente.models as dm

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "build_model_docs.py"


def _load():
    spec = importlib.util.spec_from_file_location("build_model_docs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_build_a_page_with_tree_map_parameters_theory_and_references_per_model(tmp_path):
    docs = _load()
    assert docs.main([str(tmp_path), "--map-points", "8", "--dpi", "30"]) == 0
    index = (tmp_path / "index.md").read_text()
    for model in dm.all_models():
        page = (tmp_path / f"{model.name}.md").read_text()
        assert (tmp_path / f"{model.name}-tree.png").stat().st_size > 0
        assert (tmp_path / f"{model.name}-map.png").stat().st_size > 0
        for heading in ("## Game tree", "## Parameters", "## Theory", "## Equilibrium map"):
            assert heading in page, f"{model.name}.md lacks {heading}"
        for name in model.specs():
            assert f"`{name}`" in page
        assert all(ref in page for ref in model.references)
        assert "References\n---" not in page  # the docstring's own section is cut off
        assert f"({model.name}.md)" in index
        if model.picture is not None:
            assert (tmp_path / f"{model.name}-picture.png").stat().st_size > 0
            assert "## Picture" in page
    warning = (tmp_path / "early_warning.md").read_text()
    assert "## Worked example" in warning and "1983-09-26" in warning


def test_map_axes_attribute_overrides_the_first_two_parameters():
    docs = _load()
    assert docs.map_axes(dm.get("bargaining")) == (("c_a", 0.0, 0.6), ("cbar", 0.05, 0.6))
    for model in dm.all_models():
        module = importlib.import_module(model.build.__module__)
        if getattr(module, "MAP_AXES", None) is None:
            (x, x0, x1), (y, y0, y1) = docs.map_axes(model)
            specs = model.specs()
            assert [x, y] == list(specs)[:2]
            assert (x0, x1, y0, y1) == (
                specs[x]["lo"],
                specs[x]["hi"],
                specs[y]["lo"],
                specs[y]["hi"],
            )
