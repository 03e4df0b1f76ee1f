"""Draw a game tree with matplotlib, optionally with an equilibrium highlighted.

Decision nodes are black dots labelled with the mover, chance nodes white circles labelled
"Nature" with the probabilities on their edges, terminals show the outcome label and the payoff
vector below. Nodes of one information set are joined by a dashed line. Given a solution, each
decision edge's width follows the probability of that move and edges on the path of play are
drawn in colour; mixed moves (QRE) carry their probability.
"""

from __future__ import annotations

import io
import os
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.errors import InputError
from detente.games.atomic_file import write_atomic
from detente.games.equilibrium_path import EquilibriumPath, equilibrium_path
from detente.games.node_order import edge_labels
from detente.games.node_tables import CHANCE, DECISION, TERMINAL
from detente.games.tree_labels import move_probability_texts, owner_texts, payoff_texts
from detente.games.tree_layout import tree_layout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from detente.games.tree import Game

PATH_COLOR = "#b03a2e"
EDGE_COLOR = "#7f8c8d"
INFOSET_COLORS = ("#2e86c1", "#239b56", "#8e44ad", "#d68910")
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def figure_size(game: Game) -> tuple[float, float]:
    """A figure size (inches) that gives every leaf and level room."""
    t = game.tables
    leaves = max(t.n_terminals, 2)
    return (min(max(1.6 * leaves, 5.0), 40.0), min(max(1.5 * (t.max_depth + 1), 3.5), 30.0))


def plot_game(game: Game, solution: Any = None, index: Any = None, ax: Axes | None = None) -> Axes:
    """Draw ``game`` (and, optionally, an equilibrium of it) on a matplotlib Axes.

    Parameters
    ----------
    game : Game
    solution : Solution or PBESolution, optional
        A solution of ``game``; its behaviour at point ``index`` is highlighted.
    index : int or tuple of int, optional
        Which parameter point of the solution to draw (needed when it holds several).
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure sized to the tree.

    Returns
    -------
    matplotlib Axes
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figure_size(game))
    path = equilibrium_path(game, solution, index) if solution is not None else None
    _draw(game, ax, path)
    return ax


def _draw(game: Game, ax: Axes, path: EquilibriumPath | None) -> None:
    t = game.tables
    x, y = tree_layout(game)
    actions = edge_labels(game)
    owners = owner_texts(game)
    probs = move_probability_texts(game, path)
    payoffs = payoff_texts(game)
    terminal_k = {int(n): k for k, n in enumerate(t.terminal_nodes)}

    for i in range(1, t.n_nodes):
        p = int(t.parent[i])
        color, width, z = EDGE_COLOR, 1.3, 1
        if path is not None and t.kind[p] == DECISION:
            width = 0.8 + 3.2 * float(path.edge_prob[i])
            if path.on_path(i):
                color, z = PATH_COLOR, 2
        elif path is not None and path.on_path(i):
            color, z = PATH_COLOR, 2
        ax.plot([x[p], x[i]], [y[p], y[i]], color=color, lw=width, zorder=z, solid_capstyle="round")
        mx, my = (x[p] + x[i]) / 2, (y[p] + y[i]) / 2
        left = x[i] < x[p] - 1e-9
        ha = "right" if left else "left"
        dx = -0.08 if left else 0.08
        text = actions[i] + (f"\n[{probs[i]}]" if probs[i] else "")
        ax.text(mx + dx, my, text, ha=ha, va="center", fontsize=9, zorder=4, color="#222")

    for i in range(t.n_nodes):
        if t.kind[i] == DECISION:
            ax.plot(x[i], y[i], "o", color="black", ms=7, zorder=5)
            ax.text(
                x[i],
                y[i] + 0.12,
                owners[i],
                ha="center",
                va="bottom",
                fontsize=10,
                fontweight="bold",
                zorder=5,
            )
        elif t.kind[i] == CHANCE:
            ax.plot(x[i], y[i], "o", mfc="white", mec="black", ms=11, mew=1.4, zorder=5)
            ax.text(
                x[i],
                y[i] + 0.14,
                owners[i],
                ha="center",
                va="bottom",
                fontsize=10,
                fontstyle="italic",
                zorder=5,
            )
        elif t.kind[i] == TERMINAL:
            k = terminal_k[i]
            on = path is not None and path.on_path(i)
            ax.plot(x[i], y[i], "s", color=PATH_COLOR if on else "#555", ms=4, zorder=5)
            reach = ""
            if path is not None and 1e-9 < path.reach[i] < 1 - 1e-9:
                reach = f"\nP = {path.reach[i]:.3g}"
            ax.text(
                x[i],
                y[i] - 0.1,
                f"{t.terminal_labels[k]}\n{payoffs[k]}{reach}",
                ha="center",
                va="top",
                fontsize=9,
                zorder=5,
                color=PATH_COLOR if on else "#222",
            )

    _draw_infosets(game, ax, x, y)

    title = game.title + (f" — {path.label}" if path is not None else "")
    ax.set_title(title, fontsize=11)
    ax.set_xlim(float(x.min()) - 0.8, float(x.max()) + 0.8)
    ax.set_ylim(float(y.min()) - 0.9, 0.5)
    ax.set_axis_off()


def _draw_infosets(game: Game, ax: Axes, x: np.ndarray, y: np.ndarray) -> None:
    """Dashed connectors between the nodes of each information set.

    A lone set on its level is a straight dashed line; when several sets share a level their
    connectors are arcs of different depths and colours, so interleaved sets stay readable.
    """
    t = game.tables
    sets = [h for h in t.infosets if len(h.nodes) > 1]
    per_level: dict[float, int] = {}
    for h in sets:
        level = float(min(y[n] for n in h.nodes))
        per_level[level] = per_level.get(level, 0) + 1
    seen: dict[float, int] = {}
    for j, h in enumerate(sets):
        color = INFOSET_COLORS[j % len(INFOSET_COLORS)]
        nodes = sorted(h.nodes, key=lambda n: (x[n], y[n]))
        level = float(min(y[n] for n in h.nodes))
        k = seen.get(level, 0)
        seen[level] = k + 1
        sag = 0.0 if per_level[level] == 1 else 0.12 * (k + 1)
        lowest = (0.0, np.inf)
        for a, b in pairwise(nodes):
            u = np.linspace(0.0, 1.0, 40)
            xs = x[a] + (x[b] - x[a]) * u
            ys = y[a] + (y[b] - y[a]) * u - sag * 4 * u * (1 - u)
            ax.plot(xs, ys, ls=(0, (4, 3)), color=color, lw=1.4, zorder=3)
            m = int(np.argmin(ys)) if sag else len(u) // 2
            if ys[m] < lowest[1] or lowest[1] == np.inf:
                lowest = (float(xs[m]), float(ys[m]))
        ax.text(
            lowest[0],
            lowest[1] - 0.05,
            h.name,
            ha="center",
            va="top",
            fontsize=8,
            color=color,
            zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.8},
        )


def render_figure(game: Game, solution: Any = None, index: Any = None) -> Figure:
    """A standalone matplotlib Figure of the tree (no pyplot state; safe in servers)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figure_size(game), layout="tight")
    ax = fig.add_subplot()
    plot_game(game, solution, index, ax=ax)
    return fig


def save_game_figure(
    game: Game,
    path: str | os.PathLike[str],
    solution: Any = None,
    index: Any = None,
    *,
    dpi: int = 150,
) -> Path:
    """Draw the tree and save it (``.png``, ``.svg`` or ``.pdf``) atomically.

    Parameters
    ----------
    game : Game
    path : path-like
        Target file; the suffix picks the format.
    solution, index
        As in :func:`plot_game`.
    dpi : int
        Resolution of PNG output.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    InputError
        If the suffix is not one of ``.png``, ``.svg``, ``.pdf``.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FIGURE_SUFFIXES:
        raise InputError(
            f"{target}: cannot save a game figure as {suffix or '(no suffix)'!r}; use "
            f"{', '.join(FIGURE_SUFFIXES)}"
        )
    import matplotlib

    fig = render_figure(game, solution, index)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "detente"}):  # reproducible SVG ids
        fig.savefig(buf, format=suffix[1:], dpi=dpi, metadata=_metadata(suffix))
    return write_atomic(target, buf.getvalue())


def _metadata(suffix: str) -> dict[str, Any]:
    """Reproducible files: no creation date in SVG/PDF output."""
    if suffix == ".svg":
        return {"Date": None}
    if suffix == ".pdf":
        return {"CreationDate": None, "ModDate": None}
    return {}
