"""matplotlib tree drawing, figure files and the Jupyter HTML display."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from detente.errors import GameError, InputError
from detente.games import (
    deterrence_game,
    incomplete_information_deterrence,
    solve_pbe,
    solve_qre,
    solve_spe,
)
from detente.games.equilibrium_path import equilibrium_path
from detente.games.game_display import game_html
from detente.games.tree_layout import tree_layout
from detente.games.tree_plot import plot_game, save_game_figure


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_layout_spaces_leaves_evenly_and_centres_parents() -> None:
    game = incomplete_information_deterrence()
    x, y = tree_layout(game)
    t = game.tables
    leaves = np.sort(x[t.terminal_nodes])
    np.testing.assert_allclose(np.diff(leaves), 1.0)
    for i in range(t.n_nodes):
        if t.n_children[i]:
            kids = np.arange(t.first_child[i], t.first_child[i] + t.n_children[i])
            assert x[i] == pytest.approx((x[kids[0]] + x[kids[-1]]) / 2)
            assert np.all(y[kids] == y[i] - 1)


def test_plot_shows_players_actions_payoffs_and_path() -> None:
    game = deterrence_game()
    ax = plot_game(game, solve_spe(game))
    texts = " ".join(_texts(ax))
    for s in ["Challenger", "Defender", "status quo", "fight", "SQ\n(0, 0)", "War\n(wC, wD)"]:
        assert s in texts
    assert "SPE" in ax.get_title()
    widths = sorted(line.get_linewidth() for line in ax.lines if len(line.get_xdata()) == 2)
    assert widths[-1] > 3 * widths[0]  # chosen moves are drawn thicker
    plt.close(ax.figure)


def test_plot_information_set_chance_and_mixed_labels() -> None:
    game = incomplete_information_deterrence()
    ax = plot_game(game, solve_qre(game, lam=1.0))
    texts = _texts(ax)
    assert "Nature" in texts
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Challenger (type unknown)"]
    assert any(s.startswith("resolute\n[p = 0.5]") for s in texts)
    assert any(s.startswith("challenge\n[0.") for s in texts)
    dashed = [line for line in ax.lines if line.get_linestyle() not in ("-", "None")]
    assert len(dashed) == 1
    plt.close(ax.figure)


def test_equilibrium_path_reach_probabilities() -> None:
    game = incomplete_information_deterrence()
    path = equilibrium_path(game, solve_pbe(game, {"p": 0.7}))
    t = game.tables
    assert path.reach[t.terminal_nodes].sum() == pytest.approx(1.0)
    with pytest.raises(GameError, match="pass index="):
        equilibrium_path(game, solve_qre(game, {"p": np.array([0.2, 0.8])}))


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_game_figure_writes_each_format(tmp_path: Path, suffix: str) -> None:
    game = deterrence_game()
    out = save_game_figure(game, tmp_path / f"tree{suffix}", solve_spe(game))
    data = out.read_bytes()
    magic = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix]
    assert data.startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [f"tree{suffix}"]  # no temporary left


def test_save_game_figure_rejects_other_suffixes(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.png, \.svg, \.pdf"):
        save_game_figure(deterrence_game(), tmp_path / "tree.jpg")


def test_game_html_has_svg_and_tables() -> None:
    game = incomplete_information_deterrence()
    page = game._repr_html_()
    assert page == game_html(game)
    assert "<svg" in page and "</svg>" in page
    for s in ["Players", "Parameters", "Information sets", "Challenger (type unknown)", "wDi"]:
        assert s in page
