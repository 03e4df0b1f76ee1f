"""Draw a game tree with matplotlib, optionally with an equilibrium highlighted.

Decision nodes are black dots labelled with the mover, chance nodes white circles labelled
"Nature" with the probabilities on their edges, terminals show the outcome label and the payoff
vector below. Nodes of one information set are joined by a dashed line (as in Gambit and
istgame), named in a legend under the tree. Leaves are spread so that no two labels overlap
(:mod:`~detente.games.label_spacing`). Given a solution, each
decision edge's width follows the probability of that move and edges on the path of play are
drawn in colour; mixed moves (QRE) carry their probability.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.errors import GameError, InputError
from detente.games.atomic_file import write_atomic
from detente.games.equilibrium_path import EquilibriumPath, equilibrium_path, point_index
from detente.games.label_spacing import (
    INCHES_PER_LEAF,
    TreeLabel,
    label_boxes,
    level_inches,
    spread_layout,
    text_sizes,
)
from detente.games.node_order import edge_labels
from detente.games.node_tables import CHANCE, DECISION, TERMINAL
from detente.games.tree_labels import (
    move_probability_texts,
    owner_texts,
    payoff_texts,
    wrap_formula,
)
from detente.games.tree_layout import tree_layout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from detente.games.tree import Game

PATH_COLOR = "#b03a2e"
EDGE_COLOR = "#7f8c8d"
INFOSET_COLORS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
)
INFOSET_DASHES = (0, (4, 3))
#: Behind move and outcome labels: the connector of an information set may pass there.
BACKING = {"facecolor": "white", "edgecolor": "none", "pad": 0.3, "alpha": 0.75}
#: Outcome names longer than this many characters are broken over lines.
OUTCOME_CHARACTERS = 20
#: Information sets per row of the legend; inches per row.
LEGEND_COLUMNS = 3
LEGEND_ROW_INCHES = 0.24
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")
#: Band above the tree for the title, inches; the largest figure side drawn, inches.
TITLE_INCHES = 0.45
MAX_FIGURE_INCHES = 200.0


def figure_size(
    game: Game, solution: Any = None, index: Any = None, **options: Any
) -> tuple[float, float]:
    """The figure size (inches) at which the tree's labels do not overlap.

    Takes the arguments of :func:`plot_game` (its labels decide the spacing).
    """
    return _TreeDrawing.build(game, solution, index, **options).size


def plot_game(
    game: Game,
    solution: Any = None,
    index: Any = None,
    ax: Axes | None = None,
    *,
    player_names: Mapping[str, str] | None = None,
    numeric: bool = False,
    params: Mapping[str, float] | None = None,
) -> Axes:
    """Draw ``game`` (and, optionally, an equilibrium of it) on a matplotlib Axes.

    Leaves are spread until no two labels overlap (see :mod:`detente.games.label_spacing`);
    without ``ax`` the new figure is sized for that (drawing into your own Axes, give it
    ``figure_size(game, ...)``).

    Parameters
    ----------
    game : Game
    solution : Solution or PBESolution, optional
        A solution of ``game``; its behaviour at point ``index`` is highlighted.
    index : int or tuple of int, optional
        Which parameter point of the solution to draw (needed when it holds several).
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure sized to the tree.
    player_names : mapping of str to str, optional
        Names to show for the players, e.g. the actors of a scenario
        (``{"Challenger": "USSR", "Defender": "United States"}``).
    numeric : bool
        Show payoffs and chance probabilities as numbers at the parameter point (the
        solution's point ``index``, else ``params`` over the game's defaults) instead of
        their formulas.
    params : mapping of str to float, optional
        Parameter values for ``numeric`` when no solution is given.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    GameError
        ``player_names`` names an unknown player, or ``params`` comes with a solution.
    ParameterError
        ``params`` names an unknown parameter, or one without a default is missing.
    """
    drawing = _TreeDrawing.build(
        game, solution, index, player_names=player_names, numeric=numeric, params=params
    )
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=drawing.size)
        drawing.fit(ax)
    drawing.draw(ax)
    return ax


def _point_params(
    game: Game, solution: Any, index: Any, params: Mapping[str, float] | None
) -> dict[str, float]:
    """One value per parameter: the solution's point ``index`` or ``params`` over defaults."""
    if solution is None:
        return {k: float(v) for k, v in game.resolve_parameters(params).items()}  # type: ignore[arg-type]
    if params:
        raise GameError("pass params= only without a solution (a solution has its own point)")
    shape = tuple(solution.shape)
    point = point_index(shape, index)
    return {k: float(np.broadcast_to(v, shape)[point]) for k, v in solution.params.items()}


@dataclass(frozen=True)
class _TreeDrawing:
    """A tree's labels and spread positions, ready to draw on any Axes."""

    game: Game
    path: EquilibriumPath | None
    labels: tuple[TreeLabel, ...]
    x: np.ndarray
    y: np.ndarray
    limits: tuple[float, float, float, float]
    level: float  # inches between levels

    @classmethod
    def build(
        cls,
        game: Game,
        solution: Any = None,
        index: Any = None,
        *,
        player_names: Mapping[str, str] | None = None,
        numeric: bool = False,
        params: Mapping[str, float] | None = None,
    ) -> _TreeDrawing:
        if params is not None and not numeric:
            raise GameError("params= gives the point of numeric=True; pass numeric=True too")
        path = equilibrium_path(game, solution, index) if solution is not None else None
        point = _point_params(game, solution, index, params) if numeric else None
        labels = _labels(game, path, player_names, point)
        sizes = text_sizes(labels)
        x, y = spread_layout(game, labels, sizes)
        level = level_inches(labels, sizes)
        parent = np.where(game.tables.parent < 0, 0, game.tables.parent)
        box = label_boxes(labels, sizes, x, y, parent, level)
        shown = sizes[:, 0] > 0
        pad = 0.15
        left = min(float(box[shown, 0].min()) if shown.any() else 0.0, x.min() * INCHES_PER_LEAF)
        right = max(float(box[shown, 2].max()) if shown.any() else 0.0, x.max() * INCHES_PER_LEAF)
        bottom = float(box[shown, 1].min()) if shown.any() else y.min() * level
        top = max(float(box[shown, 3].max()) if shown.any() else 0.0, 0.0)
        limits = (
            (left - pad) / INCHES_PER_LEAF,
            (right + pad) / INCHES_PER_LEAF,
            (bottom - pad) / level,
            (top + pad) / level,
        )
        return cls(game, path, tuple(labels), x, y, limits, level)

    @property
    def size(self) -> tuple[float, float]:
        """Figure size (inches) at which one layout unit is the inches labels were spaced
        for, plus a band for the title."""
        x0, x1, y0, y1 = self.limits
        width = (x1 - x0) * INCHES_PER_LEAF
        height = (y1 - y0) * self.level + TITLE_INCHES + self.legend_inches
        return (min(max(width, 4.0), MAX_FIGURE_INCHES), min(height, MAX_FIGURE_INCHES))

    @property
    def legend_inches(self) -> float:
        """Height of the band under the tree for the information-set legend."""
        rows = _legend_rows(self.game)
        return 0.0 if rows == 0 else 0.3 + rows * LEGEND_ROW_INCHES

    def fit(self, ax: Axes) -> None:
        """Make ``ax`` fill its figure between the title and legend bands (the scale the
        labels were spaced for)."""
        height = float(ax.figure.get_size_inches()[1])
        bottom = self.legend_inches / height
        top = max(bottom + 0.05, 1.0 - TITLE_INCHES / height)
        ax.set_position((0.0, bottom, 1.0, top - bottom))

    def draw(self, ax: Axes) -> None:
        from matplotlib.transforms import offset_copy

        game, path, x, y = self.game, self.path, self.x, self.y
        t = game.tables
        for i in range(1, t.n_nodes):
            p = int(t.parent[i])
            color, width, z = EDGE_COLOR, 1.3, 1
            if path is not None and t.kind[p] == DECISION:
                width = 0.8 + 3.2 * float(path.edge_prob[i])
                if path.on_path(i):
                    color, z = PATH_COLOR, 2
            elif path is not None and path.on_path(i):
                color, z = PATH_COLOR, 2
            ax.plot(
                [x[p], x[i]], [y[p], y[i]], color=color, lw=width, zorder=z, solid_capstyle="round"
            )
        for i in range(t.n_nodes):
            if t.kind[i] == DECISION:
                ax.plot(x[i], y[i], "o", color="black", ms=7, zorder=5)
            elif t.kind[i] == CHANCE:
                ax.plot(x[i], y[i], "o", mfc="white", mec="black", ms=11, mew=1.4, zorder=5)
            elif t.kind[i] == TERMINAL:
                on = path is not None and path.on_path(i)
                ax.plot(x[i], y[i], "s", color=PATH_COLOR if on else "#555", ms=4, zorder=5)
        for label in self.labels:
            i = label.node
            p = int(t.parent[i]) if label.on_edge else i
            where = offset_copy(ax.transData, fig=ax.figure, x=label.dx, y=label.dy, units="inches")
            ax.text(
                (x[p] + x[i]) / 2,
                (y[p] + y[i]) / 2,
                label.text,
                ha=label.ha,
                va=label.va,
                transform=where,
                **label.style,
            )
        handles = _draw_infosets(game, ax, x, y)
        if handles:
            ax.legend(
                handles=handles,
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                ncol=min(LEGEND_COLUMNS, len(handles)),
                fontsize=8,
                frameon=False,
                title="information sets (dashed: the mover cannot tell these nodes apart)",
                title_fontsize=8,
            )
        title = game.title + (f" — {path.label}" if path is not None else "")
        ax.set_title(title, fontsize=11)
        x0, x1, y0, y1 = self.limits
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_axis_off()


def _labels(
    game: Game,
    path: EquilibriumPath | None,
    player_names: Mapping[str, str] | None,
    point: Mapping[str, float] | None,
) -> list[TreeLabel]:
    """Every text of the picture: moves (with probabilities), owners, outcomes and payoffs."""
    t = game.tables
    actions = edge_labels(game)
    owners = owner_texts(game, player_names)
    probs = move_probability_texts(game, path, point)
    payoffs = payoff_texts(game, point)
    x, _ = tree_layout(game)
    out: list[TreeLabel] = []
    for i in range(1, t.n_nodes):
        p = int(t.parent[i])
        left = x[i] < x[p] - 1e-9
        text = actions[i] + (f"\n{wrap_formula(f'[{probs[i]}]')}" if probs[i] else "")
        style = {"fontsize": 9, "zorder": 4, "color": "#222", "bbox": BACKING}
        ha, dx = ("right", -0.08) if left else ("left", 0.08)
        # above the edge's midpoint, on the side away from the parent: the edge itself runs
        # below the text there, so a label of several lines never crosses its own edge
        out.append(TreeLabel(i, True, text, dx, 0.02, ha, "bottom", style))
    for i in range(t.n_nodes):
        if t.kind[i] in (DECISION, CHANCE):
            font = {"fontweight": "bold"} if t.kind[i] == DECISION else {"fontstyle": "italic"}
            style = {"fontsize": 10, "zorder": 5, **font}
            out.append(TreeLabel(i, False, owners[i], 0.0, 0.13, "center", "bottom", style))
    for k, i in enumerate(t.terminal_nodes):
        i = int(i)
        on = path is not None and path.on_path(i)
        reach = ""
        if path is not None and 1e-9 < path.reach[i] < 1 - 1e-9:
            reach = f"\nP = {path.reach[i]:.3g}"
        style = {"fontsize": 9, "zorder": 5, "color": PATH_COLOR if on else "#222", "bbox": BACKING}
        outcome = wrap_formula(t.terminal_labels[k], OUTCOME_CHARACTERS)
        text = f"{outcome}\n{wrap_formula(payoffs[k])}{reach}"
        out.append(TreeLabel(i, False, text, 0.0, -0.1, "center", "top", style))
    return out


def _draw_infosets(game: Game, ax: Axes, x: np.ndarray, y: np.ndarray) -> list[Any]:
    """Dashed connectors between the nodes of each information set; returns legend handles.

    As in Gambit and istgame, the nodes a player cannot tell apart are joined by a dashed
    line: straight for a lone set on its level; when several sets share a level their
    connectors are arcs of different depths and colours, so interleaved sets stay readable.
    The sets' names go in a legend under the tree (a name written on the tree would sit among
    the outcome labels).
    """
    from matplotlib.lines import Line2D

    t = game.tables
    sets = [h for h in t.infosets if len(h.nodes) > 1]
    per_level: dict[float, int] = {}
    for h in sets:
        level = float(min(y[n] for n in h.nodes))
        per_level[level] = per_level.get(level, 0) + 1
    seen: dict[float, int] = {}
    handles = []
    for j, h in enumerate(sets):
        color = INFOSET_COLORS[j % len(INFOSET_COLORS)]
        nodes = sorted(h.nodes, key=lambda n: (x[n], y[n]))
        level = float(min(y[n] for n in h.nodes))
        k = seen.get(level, 0)
        seen[level] = k + 1
        sag = 0.0 if per_level[level] == 1 else 0.12 * (k + 1)
        for a, b in pairwise(nodes):
            u = np.linspace(0.0, 1.0, 40)
            xs = x[a] + (x[b] - x[a]) * u
            ys = y[a] + (y[b] - y[a]) * u - sag * 4 * u * (1 - u)
            ax.plot(xs, ys, ls=INFOSET_DASHES, color=color, lw=1.8, zorder=3)
        handles.append(Line2D([], [], ls=INFOSET_DASHES, color=color, lw=1.8, label=h.name))
    return handles


def _legend_rows(game: Game) -> int:
    """Rows of the information-set legend under the tree (0 without information sets)."""
    n = sum(len(h.nodes) > 1 for h in game.tables.infosets)
    return -(-n // LEGEND_COLUMNS)


def render_figure(game: Game, solution: Any = None, index: Any = None, **options: Any) -> Figure:
    """A standalone matplotlib Figure of the tree (no pyplot state; safe in servers).

    ``options`` are :func:`plot_game`'s keyword options (``player_names``, ``numeric``,
    ``params``).
    """
    from matplotlib.figure import Figure

    drawing = _TreeDrawing.build(game, solution, index, **options)
    fig = Figure(figsize=drawing.size)
    ax = fig.add_subplot()
    drawing.fit(ax)
    drawing.draw(ax)
    return fig


def save_game_figure(
    game: Game,
    path: str | os.PathLike[str],
    solution: Any = None,
    index: Any = None,
    *,
    dpi: int = 150,
    **options: Any,
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
    **options
        :func:`plot_game`'s keyword options (``player_names``, ``numeric``, ``params``).

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

    fig = render_figure(game, solution, index, **options)
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
