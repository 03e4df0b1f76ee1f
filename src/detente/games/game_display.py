"""Rich display of a game in Jupyter: an inline SVG of the tree and tables of its parts.

:meth:`Game._repr_html_ <detente.games.tree.Game._repr_html_>` calls :func:`game_html`.
"""

from __future__ import annotations

import html
import io
import re
from typing import TYPE_CHECKING

from detente.games.tree_labels import format_number
from detente.games.tree_plot import render_figure

if TYPE_CHECKING:
    from detente.games.tree import Game

#: Trees with more nodes than this are shown as tables only (the SVG would be unreadable).
MAX_DRAWN_NODES = 400


def game_svg(game: Game) -> str:
    """The tree drawn by :func:`~detente.games.tree_plot.plot_game` as an inline SVG element."""
    import matplotlib

    fig = render_figure(game)
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "detente"}):  # same game, same SVG
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def _table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        f"<table><caption style='text-align:left'><b>{html.escape(caption)}</b></caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def game_html(game: Game) -> str:
    """HTML for a game: its tree as an inline SVG and tables of players, parameters and
    information sets.

    Parameters
    ----------
    game : Game

    Returns
    -------
    str
        An HTML fragment (a ``<div>``).
    """
    t = game.tables
    players = [
        [p, str(sum(1 for h in t.infosets if h.player == i))] for i, p in enumerate(game.players)
    ]
    params = [
        [name, "(no default)" if value is None else format_number(value)]
        for name, value in game.parameters.items()
    ]
    infosets = [
        [h.name, game.players[h.player], ", ".join(h.actions), str(len(h.nodes))]
        for h in t.infosets
    ]
    parts = [
        f"<div class='detente-game'><p><b>{html.escape(game.title)}</b>: {t.n_nodes} nodes, "
        f"{t.n_terminals} terminals, {len(t.infosets)} information sets"
        f"{'' if game.is_perfect_information else ' (imperfect information)'}</p>"
    ]
    if t.n_nodes <= MAX_DRAWN_NODES:
        svg = game_svg(game)
        svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
        parts.append(f"<div style='max-width:100%;overflow-x:auto'>{svg}</div>")
    else:
        parts.append(f"<p>(tree not drawn: more than {MAX_DRAWN_NODES} nodes)</p>")
    style = "<div style='display:flex;gap:2em;flex-wrap:wrap;align-items:flex-start'>"
    parts.append(style)
    parts.append(_table("Players", ["player", "information sets"], players))
    if params:
        parts.append(_table("Parameters", ["name", "default"], params))
    parts.append(_table("Information sets", ["name", "player", "actions", "nodes"], infosets))
    parts.append("</div></div>")
    return "".join(parts)
