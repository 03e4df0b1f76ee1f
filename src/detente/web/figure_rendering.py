"""Turn the library's matplotlib pictures into bytes for HTTP responses.

Only presentation: the game tree comes from :func:`detente.games.tree_plot.render_figure`,
the equilibrium map from :meth:`detente.models.EquilibriumMap.figure` and the stability
calculators' line plots from :mod:`detente.stability.calculator_plots`. The server handles
requests on several threads and pyplot keeps global state, so every drawing holds one lock.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from detente.models import EquilibriumMap, ModelPicture, ModelSolution

_DRAWING = threading.Lock()
IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def tree_svg(result: ModelSolution) -> str:
    """The game tree with the equilibrium at ``result``'s single point, as an SVG element."""
    from detente.games.tree_plot import render_figure

    with _DRAWING, matplotlib.rc_context({"svg.hashsalt": "detente"}):
        fig = render_figure(result.model.game, result.solution)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def map_image(eq_map: EquilibriumMap, fmt: str) -> bytes:
    """The equilibrium map drawn as ``png`` or ``svg`` bytes."""
    import matplotlib.pyplot as plt

    with _DRAWING, matplotlib.rc_context({"svg.hashsalt": "detente"}):
        fig = eq_map.figure(theory_resolution=200)
        try:
            buf = io.BytesIO()
            meta = {"Date": None} if fmt == "svg" else {}
            fig.savefig(buf, format=fmt, dpi=100, metadata=meta)
        finally:
            plt.close(fig)
    return buf.getvalue()


def picture_svg(picture: ModelPicture) -> str:
    """A model's own picture (:meth:`detente.models.ModelPicture.figure`) as an SVG element."""
    import matplotlib.pyplot as plt

    with _DRAWING, matplotlib.rc_context({"svg.hashsalt": "detente"}):
        fig = picture.figure()
        try:
            buf = io.StringIO()
            fig.savefig(buf, format="svg", metadata={"Date": None})
        finally:
            plt.close(fig)
    svg = buf.getvalue()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def plot_svg(draw: Callable[[Axes], Any], size: tuple[float, float] = (6.4, 4.0)) -> str:
    """``draw(ax)`` on a fresh standalone figure, as an SVG element (no pyplot state)."""
    from matplotlib.figure import Figure

    # text as <text> elements (not glyph outlines): selectable, readable by screen readers
    with _DRAWING, matplotlib.rc_context({"svg.hashsalt": "detente", "svg.fonttype": "none"}):
        fig = Figure(figsize=size, layout="constrained")
        draw(fig.add_subplot())
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
