"""Move probabilities and reach probabilities of one solved parameter point, for pictures.

The drawing modules (:mod:`~detente.games.tree_plot`, :mod:`~detente.games.tikz_export`,
:mod:`~detente.games.dot_export`) highlight the equilibrium: an edge's width follows the
probability of the move it stands for, and edges on the path of play (reached with positive
probability) are coloured. This module turns a :class:`~detente.games.solution.Solution` (SPE or
QRE) or a :class:`~detente.games.pbe.PBESolution` (its first equilibrium at the point) into
those per-node numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.errors import GameError
from detente.games.node_tables import DECISION

if TYPE_CHECKING:
    from detente.games.tree import Game

#: Move probabilities within this distance of 0 or 1 count as pure.
PURE_TOL = 1e-9


@dataclass(frozen=True)
class EquilibriumPath:
    """Per-node numbers of one solved point.

    Attributes
    ----------
    edge_prob : ndarray, shape (n_nodes,)
        Probability of the move leading to each node (1 at the root).
    reach : ndarray, shape (n_nodes,)
        Probability that play reaches each node.
    chosen : ndarray of bool, shape (n_nodes,)
        The move into the node is a decision chosen with probability ~1.
    mixed : ndarray of bool, shape (n_nodes,)
        The move into the node is a decision played with a probability strictly between 0 and 1.
    label : str
        A short description ("SPE", "QRE, lambda = 1", "PBE 1 of 2"), with the point.
    """

    edge_prob: np.ndarray
    reach: np.ndarray
    chosen: np.ndarray
    mixed: np.ndarray
    label: str

    def on_path(self, node: int) -> bool:
        """Whether play reaches ``node`` with positive probability."""
        return bool(self.reach[node] > PURE_TOL)


def point_index(shape: tuple[int, ...], index: Any) -> tuple[int, ...]:
    if index is None:
        if int(np.prod(shape, dtype=np.int64)) != 1:
            raise GameError(
                f"the solution holds {int(np.prod(shape))} parameter points (shape {shape}); "
                "pass index= to choose the one to draw"
            )
        return (0,) * len(shape)
    return (int(index),) if np.ndim(index) == 0 else tuple(int(i) for i in index)


def equilibrium_path(game: Game, solution: Any, index: Any = None) -> EquilibriumPath:
    """Move and reach probabilities of ``solution`` at one parameter point.

    Parameters
    ----------
    game : Game
        The game that was solved.
    solution : Solution or PBESolution
    index : int or tuple of int, optional
        The parameter point (required when the solution holds several).

    Returns
    -------
    EquilibriumPath

    Raises
    ------
    GameError
        If the solution belongs to another game, the point is ambiguous, or (PBE) no
        equilibrium exists at the point.
    """
    t = game.tables
    if solution.game.tables.n_nodes != t.n_nodes or solution.game.players != game.players:
        raise GameError("the solution was computed for a different game; solve this game first")
    point = point_index(tuple(solution.shape), index)
    params = {
        k: np.asarray(np.broadcast_to(v, solution.shape)[point], dtype=float).reshape(1)
        for k, v in solution.params.items()
    }
    if getattr(solution, "method", "") == "pbe":
        equilibria = solution.equilibria(point if len(point) != 1 else point[0])
        if not equilibria:
            raise GameError(f"no pure-strategy PBE at parameter point {point}; nothing to draw")
        eq = equilibria[0]
        strategy = np.zeros(t.n_actions)
        for h_index, h in enumerate(t.infosets):
            strategy[int(t.action_offset[h_index]) + h.actions.index(eq.strategy[h.name])] = 1.0
        label = f"PBE 1 of {len(equilibria)}"
    else:
        strategy = np.asarray(solution.strategy[point], dtype=float)
        label = solution.method.upper()
        if solution.lam is not None:
            label += f", lambda = {float(np.broadcast_to(solution.lam, solution.shape)[point]):g}"
    if int(np.prod(solution.shape, dtype=np.int64)) > 1:
        label += f" (point {point if len(point) != 1 else point[0]})"
    chance = t.evaluate_chance(params, 1)[:, 0] if len(t.chance_probs) else np.zeros(0)
    edge = np.ones(t.n_nodes)
    dec = t.edge_action >= 0
    edge[dec] = strategy[t.edge_action[dec]]
    if chance.size:
        edge[t.chance_edge_node] = chance
    reach = np.ones(t.n_nodes)
    for i in range(1, t.n_nodes):  # parents precede children in breadth-first order
        reach[i] = reach[int(t.parent[i])] * edge[i]
    parent_kind = np.full(t.n_nodes, -1)
    parent_kind[1:] = t.kind[t.parent[1:]]
    is_decision_edge = parent_kind == DECISION
    chosen = is_decision_edge & (edge >= 1 - PURE_TOL)
    mixed = is_decision_edge & (edge > PURE_TOL) & (edge < 1 - PURE_TOL)
    return EquilibriumPath(edge_prob=edge, reach=reach, chosen=chosen, mixed=mixed, label=label)
