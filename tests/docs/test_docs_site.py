"""The documentation site (mkdocs.yml) builds with warnings as errors.

The build renders every page of docs/, generates the API reference from the docstrings and
executes the example notebooks of docs/examples/ (jupytext scripts): a broken link, a
docstring mkdocstrings cannot read or a notebook cell that raises fails this test, and so CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.stem for p in (REPO / "docs" / "examples").glob("*.py"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
        "NO_MKDOCS_2_WARNING": "1",  # Material's notice about MkDocs 2 (not a build warning)
        "MPLBACKEND": "Agg",
    }
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-6000:]
    return out


def test_every_docs_page_is_built(site: Path) -> None:
    for page in (REPO / "docs").rglob("*.md"):
        rel = page.relative_to(REPO / "docs").with_suffix("")
        target = site / ("index.html" if rel.name == "index" else rel / "index.html")
        if rel.name == "index" and rel.parent != Path("."):
            target = site / rel.parent / "index.html"
        assert target.exists(), f"{page} was not built"


def test_api_reference_comes_from_the_docstrings_without_raw_sphinx_roles(site: Path) -> None:
    games = (site / "api" / "games" / "index.html").read_text()
    assert "solve_spe" in games
    stability = (site / "api" / "stability" / "index.html").read_text()
    assert "References" in stability and "Washburn" in stability  # lanchester's References
    for page in (site / "api").rglob("index.html"):
        text = page.read_text()
        for role in (":func:`", ":class:`", ":meth:`", ":mod:`"):
            assert role not in text, f"{page}: raw {role}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_notebooks_ran_and_show_their_outputs(site: Path, name: str) -> None:
    page = (site / "examples" / name / "index.html").read_text()
    assert "Out[" in page or "output_area" in page, f"{name}: no cell output"
    assert "Traceback" not in page and "ename" not in page, f"{name}: a cell raised"


def test_the_gallery_has_the_five_kinds_of_example() -> None:
    assert EXAMPLES == ["estimation", "models", "quickstart", "scenario", "simulation"]
