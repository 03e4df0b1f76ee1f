"""Spread a tree's leaves so that the labels drawn on it do not overlap.

The tidy layout (:func:`~detente.games.tree_layout.tree_layout`) puts leaves one unit apart,
which is too close where labels are long: a chance move's probability formula, a long outcome
name or a payoff vector of formulas runs into its neighbour's. Text sizes do not depend on
the layout (fonts are set in points), so they are measured once; then the gap between two
neighbouring leaves is widened wherever a label left of it overlaps a label right of it, and
the node positions are recomputed (parents stay centred over their first and last child),
until no two labels overlap.

Widening the gap after leaf ``k`` moves every node whose subtree lies right of ``k`` by the
full amount and a common ancestor by at most that, so the distance between a label anchored
in the left part and one anchored in the right part grows by at least half of it: the loop
ends. Labels whose nodes lie on one root path (an owner above its own move labels) cannot be
separated this way and are left as drawn; the fixed offsets keep them apart.

References
----------
Reingold, E. M. and Tilford, J. S. (1981). Tidier drawings of trees. *IEEE Transactions on
Software Engineering* SE-7(2), 223-228 (parents centred over their children, subtrees kept
apart by a minimum separation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.games.node_tables import TERMINAL
from detente.games.tree_layout import children, tree_layout

if TYPE_CHECKING:
    from detente.games.tree import Game

#: Inches per unit of the tidy layout, horizontally (between neighbouring leaves before
#: widening) and vertically (between levels; more where move labels are tall, see
#: :func:`level_inches`).
INCHES_PER_LEAF = 1.0
INCHES_PER_LEVEL = 1.25
#: Space kept between two labels, inches.
LABEL_MARGIN = 0.15
#: Trees with more labels than this keep the tidy layout (pairwise checks grow as n^2).
MAX_SPREAD_LABELS = 3000


@dataclass(frozen=True)
class TreeLabel:
    """One text on a tree picture, anchored at a node or at the middle of the edge into it.

    Attributes
    ----------
    node : int
        The node whose position (or the edge into which) anchors the text.
    on_edge : bool
        Anchor at the midpoint of the edge from the node's parent, not at the node.
    text : str
    dx, dy : float
        Offset of the text's alignment point from the anchor, inches.
    ha, va : str
        matplotlib alignment (``left``/``center``/``right``, ``top``/``center``/``bottom``).
    style : dict
        Keyword arguments of ``Axes.text`` (font size, weight, colour...).
    """

    node: int
    on_edge: bool
    text: str
    dx: float
    dy: float
    ha: str
    va: str
    style: dict[str, Any]


def text_sizes(labels: Sequence[TreeLabel]) -> np.ndarray:
    """Width and height of each label's text in inches, shape (n, 2), as matplotlib draws it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(dpi=72)
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    out = np.zeros((len(labels), 2))
    for k, label in enumerate(labels):
        if not label.text:
            continue
        text = fig.text(0, 0, label.text, ha=label.ha, va=label.va, **label.style)
        box = text.get_window_extent(renderer)
        out[k] = box.width / 72.0, box.height / 72.0
        text.remove()
    return out


def level_inches(labels: Sequence[TreeLabel], sizes: np.ndarray) -> float:
    """Inches between levels: :data:`INCHES_PER_LEVEL`, or enough for the tallest move label.

    A move label sits above its edge's midpoint, half a level below the parent, whose owner
    label sits just above the parent: labels on one root path cannot be moved apart
    sideways, so the levels make room instead.
    """
    tallest = max((h for lab, (_, h) in zip(labels, sizes, strict=True) if lab.on_edge), default=0)
    return max(INCHES_PER_LEVEL, 2.0 * (tallest + LABEL_MARGIN))


def label_boxes(
    labels: Sequence[TreeLabel],
    sizes: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    parent: np.ndarray,
    level: float = INCHES_PER_LEVEL,
) -> np.ndarray:
    """Each label's box ``(left, bottom, right, top)`` in inches for node positions ``x, y``
    (layout units, scaled by :data:`INCHES_PER_LEAF` and ``level`` inches per level)."""
    node = np.array([lab.node for lab in labels], dtype=np.intp)
    edge = np.array([lab.on_edge for lab in labels], dtype=bool)
    up = np.where(edge, parent[node], node)
    ax = (x[node] + x[up]) / 2 * INCHES_PER_LEAF + np.array([lab.dx for lab in labels])
    ay = (y[node] + y[up]) / 2 * level + np.array([lab.dy for lab in labels])
    w, h = sizes[:, 0], sizes[:, 1]
    left_of = {"left": 0.0, "center": 0.5, "right": 1.0}
    below = {"bottom": 0.0, "center": 0.5, "baseline": 0.2, "center_baseline": 0.5, "top": 1.0}
    fx = np.array([left_of[lab.ha] for lab in labels])
    fy = np.array([below[lab.va] for lab in labels])
    left, bottom = ax - fx * w, ay - fy * h
    return np.stack([left, bottom, left + w, bottom + h], axis=-1)


def leaf_spans(game: Game, x: np.ndarray) -> np.ndarray:
    """First and last leaf (in left-to-right order) under each node, shape (n_nodes, 2)."""
    t = game.tables
    order = np.argsort(x[t.terminal_nodes], kind="stable")
    rank = np.empty(t.n_nodes, dtype=np.intp)
    rank[np.asarray(t.terminal_nodes)[order]] = np.arange(order.size)
    span = np.zeros((t.n_nodes, 2), dtype=np.intp)
    for i in range(t.n_nodes - 1, -1, -1):  # children have larger (breadth-first) ids
        kids = children(game, i)
        if t.kind[i] == TERMINAL or len(kids) == 0:
            span[i] = rank[i], rank[i]
        else:
            span[i] = span[kids[0], 0], span[kids[-1], 1]
    return span


def positions_from_gaps(game: Game, span: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """Node x positions when neighbouring leaves are ``gaps`` apart (parents centred)."""
    t = game.tables
    leaf_x = np.concatenate([[0.0], np.cumsum(gaps)])
    x = np.zeros(t.n_nodes)
    for i in range(t.n_nodes - 1, -1, -1):
        kids = children(game, i)
        if t.kind[i] == TERMINAL or len(kids) == 0:
            x[i] = leaf_x[span[i, 0]]
        else:
            x[i] = (x[kids[0]] + x[kids[-1]]) / 2
    return x


def spread_layout(
    game: Game, labels: Sequence[TreeLabel], sizes: np.ndarray | None = None, max_rounds: int = 60
) -> tuple[np.ndarray, np.ndarray]:
    """Node positions (layout units) with leaves spread until the labels do not overlap.

    Parameters
    ----------
    game : Game
    labels : sequence of TreeLabel
    sizes : ndarray, shape (n, 2), optional
        Text sizes in inches (default: measured with :func:`text_sizes`).
    max_rounds : int
        Widening rounds at most (each round widens every gap with an overlap across it).

    Returns
    -------
    x, y : ndarray, shape (n_nodes,)
        As :func:`~detente.games.tree_layout.tree_layout`, with leaf gaps of at least 1.
    """
    t = game.tables
    x, y = tree_layout(game)
    if len(labels) > MAX_SPREAD_LABELS or t.n_terminals < 2:
        return x, y
    sizes = text_sizes(labels) if sizes is None else sizes
    parent = np.where(np.asarray(t.parent) < 0, 0, np.asarray(t.parent))
    span = leaf_spans(game, x)
    owner = np.array([lab.node for lab in labels], dtype=np.intp)
    first, last = span[owner, 0], span[owner, 1]
    # pairs (a, b) whose nodes' leaf ranges are disjoint, a's left of b's: only those can be
    # separated by widening a gap between them
    left_pair = last[:, None] < first[None, :]
    shown = (sizes[:, 0] > 0)[:, None] & (sizes[:, 0] > 0)[None, :]
    gaps = np.ones(t.n_terminals - 1)
    for _ in range(max_rounds):
        x = positions_from_gaps(game, span, gaps)
        box = label_boxes(labels, sizes, x, y, parent, level_inches(labels, sizes))
        overlap_x = box[None, :, 0] - box[:, None, 2]  # b.left - a.right (< margin: too close)
        apart_y = (box[:, None, 3] <= box[None, :, 1]) | (box[None, :, 3] <= box[:, None, 1])
        clash = left_pair & shown & ~apart_y & (overlap_x < LABEL_MARGIN)
        if not clash.any():
            break
        a, b = np.nonzero(clash)
        need = (LABEL_MARGIN - overlap_x[a, b]) / INCHES_PER_LEAF
        widen = np.zeros_like(gaps)
        np.maximum.at(widen, last[a], need)  # the gap just right of the left label's leaves
        gaps = gaps + widen
    return positions_from_gaps(game, span, gaps), y
