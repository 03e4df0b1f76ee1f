r"""Export a game tree to LaTeX/TikZ in the conventions of the ``istgame`` package.

``istgame`` (In-Sung Cho, CTAN ``graphics/pgf/contrib/istgame``) draws a tree as a sequence of
simple parent-children structures, which is how this module writes it::

    \begin{istgame}
    \xtdistance{15mm}{30mm}               % level distance, sibling distance
    \istroot(v0){Challenger}              % a decision node named v0 and its owner
      \istb{\mbox{status quo}}[al]{$(0, 0)$}  % a branch: action label, its position, payoff
      \istb{\mbox{challenge}}[ar]
      \endist
    \istroot(v2)(v0-2)<right>{Defender}   % the node at the end of v0's 2nd branch
      ...
    \xtInfoset(v1)(v2){Challenger}        % an information set joining two nodes
    \end{istgame}

Chance nodes use the style ``detente chance`` (an open circle) and are owned by "Nature";
their branches carry the probability. Given a solution, moves chosen with probability ~1 are
redrawn over the tree in the style ``detente path`` (thick, dark red), and mixed moves (QRE)
carry their probability in the action label. Both styles are defined with ``\tikzset`` at the
top of the output, so users can restyle them. ``standalone=True`` wraps the picture in a
compilable document (``\documentclass{standalone}``, ``\usepackage{istgame}``).

References
----------
Cho, I.-S. (2022). istgame.sty: Draw Game Trees with TikZ, version 2.1. CTAN.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from detente.games.equilibrium_path import equilibrium_path
from detente.games.expressions import Expression
from detente.games.node_order import edge_labels
from detente.games.node_tables import CHANCE, DECISION, TERMINAL
from detente.games.tree_labels import format_number, move_probability_texts, owner_texts
from detente.games.tree_layout import children

if TYPE_CHECKING:
    from detente.games.tree import Game

#: Distance between levels and the width given to one terminal, in millimetres.
LEVEL_MM = 18.0
LEAF_MM = 24.0

STYLES = (
    r"\tikzset{detente chance/.style={circle, draw, fill=white, inner sep=1.6pt},"
    "\n  detente path/.style={line width=1.6pt, red!65!black}}"
)

_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def tex_escape(text: str) -> str:
    """Escape LaTeX special characters in plain text."""
    return "".join(_TEX_SPECIAL.get(c, c) for c in str(text))


def _math(expr: Expression) -> str:
    """A payoff or probability as math-mode text."""
    if expr.constant is not None:
        return format_number(expr.constant)
    return expr.text.strip().replace("**", "^").replace("*", r"\cdot ")


def _widths(game: Game) -> tuple[list[float], list[float]]:
    """Subtree width (in leaves) and uniform sibling distance (in leaves) of every node."""
    t = game.tables
    width = [1.0] * t.n_nodes
    sibling = [0.0] * t.n_nodes
    for i in range(t.n_nodes - 1, -1, -1):  # children have larger ids than parents
        kids = children(game, i)
        if len(kids) == 0:
            continue
        w = [width[k] for k in kids]
        sib = max(((a + b) / 2 for a, b in pairwise(w)), default=1.0)
        sibling[i] = sib
        width[i] = (len(kids) - 1) * sib + (w[0] + w[-1]) / 2
    return width, sibling


def _position(k: int, n: int) -> str:
    middle = (n - 1) / 2
    if abs(k - middle) < 1e-9:
        return "r"
    return "al" if k < middle else "ar"


def to_tikz(
    game: Game, solution: Any = None, index: Any = None, *, standalone: bool = False
) -> str:
    r"""The game tree as an ``istgame`` picture (LaTeX source).

    Parameters
    ----------
    game : Game
    solution : Solution or PBESolution, optional
        Highlight this solution at point ``index``: pure choices in the ``detente path``
        style, mixed probabilities in the action labels.
    index : int or tuple of int, optional
        The parameter point to draw when the solution holds several.
    standalone : bool
        Return a complete ``standalone`` LaTeX document instead of the picture alone.

    Returns
    -------
    str
        LaTeX source; needs ``\usepackage{istgame}`` (which loads TikZ).
    """
    t = game.tables
    path = equilibrium_path(game, solution, index) if solution is not None else None
    actions = edge_labels(game)
    owners = owner_texts(game)
    probs = move_probability_texts(game, path)
    _, sibling = _widths(game)
    terminal_k = {int(n): k for k, n in enumerate(t.terminal_nodes)}
    shared = {n for h in t.infosets if len(h.nodes) > 1 for n in h.nodes}
    name = {i: f"v{i}" for i in range(t.n_nodes)}
    coordinate: dict[int, str] = {}

    lines = [f"% {tex_escape(game.title)} (drawn by detente)"]
    if path is not None:
        lines.append(f"% highlighted: {tex_escape(path.label)}")
    lines += [STYLES, r"\begin{istgame}"]
    stack = [0]
    visit: list[int] = []
    while stack:  # depth-first preorder, so each parent is drawn before its children
        node = stack.pop()
        visit.append(node)
        stack.extend(reversed([k for k in children(game, node) if t.kind[k] != TERMINAL]))
    for i in visit:
        kids = list(children(game, i))
        lines.append(rf"\xtdistance{{{LEVEL_MM:g}mm}}{{{sibling[i] * LEAF_MM:g}mm}}")
        style = "[detente chance]" if t.kind[i] == CHANCE else ""
        owner = "" if i in shared else tex_escape(owners[i])
        where = f"({coordinate[i]})" if i in coordinate else ""
        pos = "<above>" if i == 0 else "<right>"
        lines.append(rf"\istroot({name[i]}){where}{style}{pos}{{{owner}}}")
        for k, c in enumerate(kids):
            coordinate[c] = f"{name[i]}-{k + 1}"
            label = tex_escape(actions[c])
            if probs[c]:
                label += f" ({tex_escape(probs[c])})"
            # istgame typesets action labels in math mode: \mbox keeps words and spaces
            branch = rf"  \istb{{\mbox{{\small {label}}}}}[{_position(k, len(kids))}]"
            if t.kind[c] == TERMINAL:
                row = t.terminal_payoffs[terminal_k[c]]
                outcome = tex_escape(t.terminal_labels[terminal_k[c]])
                pay = ", ".join(_math(e) for e in row)
                branch += rf"{{\shortstack{{{outcome}\\ $({pay})$}}}}"
            lines.append(branch)
        lines.append(r"  \endist")
    for h in t.infosets:
        if len(h.nodes) < 2:
            continue
        owner = tex_escape(game.players[h.player])
        for j, (a, b) in enumerate(pairwise(h.nodes)):
            label = owner if j == 0 else ""
            lines.append(rf"\xtInfoset({name[a]})({name[b]}){{{label}}}")
    if path is not None:
        for c in range(1, t.n_nodes):
            p = int(t.parent[c])
            if t.kind[p] == DECISION and path.chosen[c]:
                lines.append(rf"\draw[detente path] ({name[p]}) -- ({coordinate[c]});")
    lines.append(r"\end{istgame}")
    body = "\n".join(lines) + "\n"
    if not standalone:
        return body
    return (
        "\\documentclass[border=6pt]{standalone}\n\\usepackage{istgame}\n"
        "\\begin{document}\n" + body + "\\end{document}\n"
    )
