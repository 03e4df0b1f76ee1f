"""The game engine: extensive-form games, batched solvers and file formats.

``detente.games`` knows nothing of deterrence: it builds finite extensive-form games with chance
moves and information sets, compiles them to flat node tables, and solves them for whole batches
of parameter points at once.
"""

from __future__ import annotations

from detente.games.catalog import deterrence_game, incomplete_information_deterrence
from detente.games.dot_export import to_dot
from detente.games.efg_format import read_efg, write_efg
from detente.games.expressions import Expression
from detente.games.game_toml import load_game, read_game_toml, write_game_toml
from detente.games.pbe import Equilibrium, PBESolution, solve_pbe
from detente.games.qre import solve_qre
from detente.games.solution import Solution
from detente.games.spe import solve_spe
from detente.games.tikz_export import to_tikz
from detente.games.tree import Game, InfoSet, chance, decision, terminal
from detente.games.tree_plot import plot_game, save_game_figure

__all__ = [
    "Equilibrium",
    "Expression",
    "Game",
    "InfoSet",
    "PBESolution",
    "Solution",
    "chance",
    "decision",
    "deterrence_game",
    "incomplete_information_deterrence",
    "load_game",
    "plot_game",
    "read_efg",
    "read_game_toml",
    "save_game_figure",
    "solve_pbe",
    "solve_qre",
    "solve_spe",
    "terminal",
    "to_dot",
    "to_tikz",
    "write_efg",
    "write_game_toml",
]
