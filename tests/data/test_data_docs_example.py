"""The builder example in docs/data.md runs on the real data (so the docs never rot)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from detente.data.storage import DATA_DIR_ENV


def test_docs_builder_example_runs(
    repo_root: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs the example and checks the figure it quotes: 842,655 non-directed dyad-years
    1816-2010 (peacesciencer, Miller 2022)."""
    text = (repo_root / "docs" / "data.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "docs/data.md has no python example"
    monkeypatch.setenv(DATA_DIR_ENV, str(shared_data))
    namespace: dict[str, object] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the example must run without data warnings
        exec(compile(blocks[0], "docs/data.md", "exec"), namespace)
    dyads = namespace["dyads"]
    relevant = namespace["relevant"]
    assert len(dyads) == 842_655  # type: ignore[arg-type]
    assert 0 < len(relevant) < len(dyads)  # type: ignore[arg-type]
    expected = {"cowmidspell", "alliance_s", "alliance_taub", "capdist", "conttype", "cinc1"}
    assert expected <= set(dyads.columns)  # type: ignore[attr-defined]
