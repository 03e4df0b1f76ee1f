"""TikZ export in istgame conventions: macros, labels, highlighting, optional compilation."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from detente.errors import GameError
from detente.games import (
    deterrence_game,
    incomplete_information_deterrence,
    solve_pbe,
    solve_qre,
    solve_spe,
)
from detente.games.tikz_export import tex_escape, to_tikz


def _balanced(text: str) -> bool:
    depth = 0
    for i, c in enumerate(text):
        if c in "{}" and i > 0 and text[i - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def test_macros_and_all_labels_present() -> None:
    game = deterrence_game()
    tex = to_tikz(game)
    assert tex.count(r"\begin{istgame}") == 1 and tex.count(r"\end{istgame}") == 1
    assert tex.count(r"\istroot") == 3
    assert tex.count(r"\endist") == 3
    assert tex.count(r"\istb") == 6
    for label in ["status quo", "challenge", "concede", "resist", "back down", "fight"]:
        assert "\\istb{\\mbox{\\small " + label in tex
    for outcome in ["SQ", "Concede", "BackDown", "War"]:
        assert outcome in tex
    assert "$(-a, b)$" in tex and "$(wC, wD)$" in tex and "$(1, -1)$" in tex
    assert "{Challenger}" in tex and "{Defender}" in tex
    assert r"\istroot(v2)(v0-2)" in tex  # children hang on their parent's branch coordinates
    assert _balanced(tex)
    assert "detente path" in tex and r"\draw[detente path]" not in tex


def test_spe_path_is_highlighted() -> None:
    game = deterrence_game()
    tex = to_tikz(game, solve_spe(game))
    drawn = re.findall(r"\\draw\[detente path\] \((v\d+)\) -- \((v\d+-\d+)\);", tex)
    # SPE at the defaults: status quo, resist, fight
    assert drawn == [("v0", "v0-1"), ("v2", "v2-2"), ("v4", "v4-2")]
    assert "% highlighted: SPE" in tex


def test_information_sets_chance_nodes_and_mixed_probabilities() -> None:
    game = incomplete_information_deterrence()
    tex = to_tikz(game, solve_qre(game, lam=1.0))
    assert r"\xtInfoset(v1)(v2){Challenger}" in tex
    assert r"\istroot(v0)[detente chance]<above>{Nature}" in tex
    assert "resolute (p = 0.5)" in tex
    assert re.search(r"\\istb\{\\mbox\{\\small challenge \(0\.\d+\)\}\}", tex)
    assert r"\draw[detente path]" not in tex  # QRE: nothing is chosen with probability 1
    assert _balanced(tex)


def test_batch_solution_needs_an_index() -> None:
    game = deterrence_game()
    sol = solve_spe(game, {"a": np.array([0.1, 2.0])})
    with pytest.raises(GameError, match="pass index="):
        to_tikz(game, sol)
    assert "point 1" in to_tikz(game, sol, index=1)


def test_pbe_solution_is_drawn() -> None:
    game = incomplete_information_deterrence()
    tex = to_tikz(game, solve_pbe(game, {"p": 0.7}))
    assert "PBE 1 of" in tex and r"\draw[detente path] (v1) -- (v1-1);" in tex


def test_special_characters_are_escaped() -> None:
    assert tex_escape("a_b & 50% #1 {x}") == r"a\_b \& 50\% \#1 \{x\}"


def _latex_with_istgame() -> str | None:
    """Why LaTeX with istgame is unavailable, or None when it is there."""
    if shutil.which("pdflatex") is None or shutil.which("kpsewhich") is None:
        return "pdflatex is not installed (apt-get install texlive-latex-extra texlive-pictures)"
    for sty in ("istgame.sty", "standalone.cls"):
        if not subprocess.run(["kpsewhich", sty], capture_output=True).stdout:
            return f"LaTeX file {sty} is not installed"
    return None


@pytest.mark.latex
@pytest.mark.parametrize("solver", ["spe", "qre"])
def test_standalone_document_compiles(tmp_path: Path, solver: str, missing_resource) -> None:
    """The istgame output compiles with pdflatex. A missing TeX Live (``.ci/run`` installs it)
    fails the test instead of skipping it, like the data and browser tests."""
    missing = _latex_with_istgame()
    if missing:
        missing_resource(missing, "latex")
    if solver == "spe":
        game = deterrence_game()
        sol = solve_spe(game)
    else:
        game = incomplete_information_deterrence()
        sol = solve_qre(game)
    (tmp_path / "tree.tex").write_text(to_tikz(game, sol, standalone=True))
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "tree.tex"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout.decode(errors="replace")[-2000:]
    assert (tmp_path / "tree.pdf").exists()
