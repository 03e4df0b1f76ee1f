"""The figures example runs end to end (so docs/stability never rots)."""

from __future__ import annotations

import importlib.util


def test_stability_figures_example_writes_all_figures(repo_root, tmp_path):
    path = repo_root / "examples" / "stability_figures.py"
    spec = importlib.util.spec_from_file_location("stability_figures_example", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(tmp_path)]) == 0
    for stem in ("exchange_curve", "stability_vs_interceptors"):
        for ext in ("svg", "png"):
            f = tmp_path / f"{stem}.{ext}"
            assert f.is_file() and f.stat().st_size > 1000
    committed = repo_root / "docs" / "stability"
    assert (committed / "exchange_curve.svg").is_file()
    assert (committed / "stability_vs_interceptors.png").is_file()
