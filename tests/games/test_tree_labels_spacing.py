"""Tree pictures: labels never overlap, actor names and numeric payoffs, information sets.

The overlap checks measure the text boxes matplotlib actually draws in the finished figure
(an independent check of :mod:`detente.games.label_spacing`, which predicts them).
"""

from __future__ import annotations

from itertools import combinations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import detente.models as dm
from detente.errors import GameError, ParameterError
from detente.games import deterrence_game, incomplete_information_deterrence, solve_spe
from detente.games.label_spacing import INCHES_PER_LEAF, leaf_spans, spread_layout
from detente.games.random_games import random_game
from detente.games.tree_layout import children, tree_layout
from detente.games.tree_plot import MAX_FIGURE_INCHES, _TreeDrawing, render_figure


def _drawn_boxes(fig) -> list[tuple[str, np.ndarray]]:
    """(text, [x0, y0, x1, y1] in pixels) of every non-empty text on the tree's axes."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for text in fig.axes[0].texts:
        if text.get_text():
            b = text.get_window_extent(renderer)
            out.append((text.get_text(), np.array([b.x0, b.y0, b.x1, b.y1])))
    return out


def _overlaps(fig) -> list[tuple[str, str]]:
    boxes = _drawn_boxes(fig)
    clashes = []
    for (ta, a), (tb, b) in combinations(boxes, 2):
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
            clashes.append((ta, tb))
    return clashes


def _canvas(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    return fig


@pytest.mark.parametrize("name", dm.available())
def test_no_two_labels_of_a_model_tree_overlap(name):
    """Every bundled model's tree with its equilibrium (the brinkmanship tree's chance labels
    overlapped before the leaves were spread: issue 20)."""
    model = dm.get(name)
    solution = model.solve().solution
    needed = _TreeDrawing.build(model.game, solution).limits
    if (needed[1] - needed[0]) * INCHES_PER_LEAF > MAX_FIGURE_INCHES:
        # e.g. Fearon's bargaining game: 61 demands at the root; drawn, but at a scale at
        # which its labels cannot all fit
        width = render_figure(model.game, solution).get_size_inches()[0]
        # such a tree is drawn at the cap (its labels may touch there: documented in
        # plot_game), which is what this case asserts
        assert width == MAX_FIGURE_INCHES
        return
    fig = _canvas(render_figure(model.game, solution))
    assert _overlaps(fig) == []


def test_brinkmanship_numeric_tree_with_actor_names_has_no_overlap_and_shows_numbers():
    model = dm.get("brinkmanship")
    result = model.solve()
    names = {"Challenger": "USSR", "Defender": "United States"}
    fig = _canvas(render_figure(model.game, result.solution, player_names=names, numeric=True))
    texts = [t for t, _ in _drawn_boxes(fig)]
    assert _overlaps(fig) == []
    assert "USSR" in texts and "United States" in texts
    assert "Challenger" not in texts and "Defender" not in texts
    assert not any("rho_" in t or "v_d" in t for t in texts), "formulas left in a numeric tree"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), depth=st.integers(2, 4))
def test_spread_layout_keeps_order_centres_parents_and_separates_labels(seed, depth):
    """Invariants of the spread layout on random trees: leaves keep their order at least one
    unit apart, every parent stays centred over its first and last child, levels are kept,
    and the drawn labels do not overlap."""
    game = random_game(seed, depth=depth, max_actions=3)
    fig = _canvas(render_figure(game, solve_spe(game)))
    assert _overlaps(fig) == []
    from detente.games.tree_plot import _labels

    x, y = spread_layout(game, _labels(game, None, None, None))
    x0, y0 = tree_layout(game)
    t = game.tables
    order = np.argsort(x0[t.terminal_nodes])
    assert np.all(np.diff(x[t.terminal_nodes][order]) >= 1 - 1e-9)
    np.testing.assert_array_equal(y, y0)
    for i in range(t.n_nodes):
        kids = children(game, i)
        if len(kids):
            assert x[i] == pytest.approx((x[kids[0]] + x[kids[-1]]) / 2)
    span = leaf_spans(game, x0)
    assert span[0, 0] == 0 and span[0, 1] == t.n_terminals - 1


def test_a_long_label_widens_only_the_gaps_next_to_it():
    """Spreading is local: a long outcome name widens the gaps beside its leaf, and the
    short-labelled rest of the tree keeps unit spacing."""
    from detente.games import Game, decision, terminal

    leaves = {f"a{k}": terminal(f"o{k}", 0) for k in range(6)}
    leaves["a2"] = terminal("a very long outcome name that needs room", 0)
    game = Game(players=["P"], root=decision("P", leaves))
    from detente.games.tree_plot import _labels

    x, _ = spread_layout(game, _labels(game, None, None, None))
    gaps = np.diff(np.sort(x[game.tables.terminal_nodes]))
    assert gaps[1] > 1 and gaps[2] > 1
    np.testing.assert_allclose(gaps[[0, 4]], 1.0)


def test_numeric_payoffs_and_probabilities_are_the_values_at_the_point():
    game = incomplete_information_deterrence()
    ax = plt.figure().add_subplot()
    from detente.games.tree_plot import plot_game

    plot_game(game, ax=ax, numeric=True, params={"p": 0.25})
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith("resolute\n[0.25]") for t in texts)
    assert any(t.endswith("[0.75]") for t in texts)
    war = [t for t in texts if t.startswith("War")]
    values = {k: v for k, v in game.parameters.items()}
    expected = ", ".join(
        f"{float(e.evaluate({**values, 'p': 0.25})):.4g}"
        for e in game.tables.terminal_payoffs[game.tables.terminal_labels.index("War")]
    )
    assert any(f"({expected})" in t.replace("\n", " ") for t in war), war
    plt.close(ax.figure)


def test_numeric_point_comes_from_the_solution_and_bad_options_are_refused():
    game = deterrence_game()
    solution = solve_spe(game, {"wC": np.array([-0.2, 0.3])})
    ax = plt.figure().add_subplot()
    from detente.games.tree_plot import plot_game

    plot_game(game, solution, index=1, ax=ax, numeric=True)
    assert any(t.get_text().startswith("War\n(0.3, ") for t in ax.texts)
    with pytest.raises(GameError, match=r"not a player.*Challenger, Defender"):
        plot_game(game, ax=ax, player_names={"Attacker": "X"})
    with pytest.raises(GameError, match="params= only without a solution"):
        plot_game(game, solution, index=0, ax=ax, numeric=True, params={"wC": 0.1})
    with pytest.raises(GameError, match="pass numeric=True"):
        plot_game(game, ax=ax, params={"wC": 0.1})
    with pytest.raises(ParameterError, match="unknown parameter"):
        plot_game(game, ax=ax, numeric=True, params={"nope": 1.0})
    plt.close(ax.figure)


@pytest.mark.parametrize("name", ["spiral", "audience_costs", "crisis_2x2"])
def test_information_sets_are_dashed_connectors_named_in_a_legend(name):
    """Each information set with several nodes: dashed segments joining its nodes (one
    fewer than its nodes), in one colour, and its name in the legend (Gambit and istgame
    draw information sets as dashed lines)."""
    model = dm.get(name)
    fig = _canvas(render_figure(model.game, model.solve().solution))
    ax = fig.axes[0]
    sets = [h for h in model.game.tables.infosets if len(h.nodes) > 1]
    dashed = [line for line in ax.lines if line.get_linestyle() not in ("-", "None")]
    assert len(dashed) == sum(len(h.nodes) - 1 for h in sets)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [h.name for h in sets]
    legend_colors = [line.get_color() for line in ax.get_legend().get_lines()]
    assert len(set(legend_colors)) == len(sets)  # one colour per set while colours last
