"""The result of solving a game on a batch of parameter points.

Arrays have the batch shape first: ``strategy`` is ``(*shape, n_actions)`` (behaviour
probabilities of every action of every information set, in the order of
``game.tables.action_labels``), ``terminal_probs`` is ``(*shape, n_terminals)`` and
``payoffs`` is ``(*shape, n_players)``. Friendly accessors pick out one action, outcome or
player, and :meth:`Solution.to_frame` gives one row per parameter point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.errors import GameError

if TYPE_CHECKING:
    import pandas as pd

    from detente.games.tree import Game


@dataclass
class Solution:
    """Equilibrium behaviour, outcome probabilities and payoffs over a batch.

    Attributes
    ----------
    method : str
        ``"spe"``, ``"qre"`` or ``"pbe"``.
    game : Game
    shape : tuple of int
        Batch shape (``()`` for one point).
    params : dict of str to ndarray
        Parameter values (defaults merged in), broadcast to ``shape``.
    strategy : ndarray, shape (*shape, n_actions)
        Behaviour probabilities (for SPE built on first access from ``choice``).
    choice : ndarray of int8 or None
        SPE only: index of the chosen action at each information set, shape
        (*shape, n_infosets); compact, and what SPE stores.
    terminal_probs : ndarray, shape (*shape, n_terminals)
    payoffs : ndarray, shape (*shape, n_players)
    tie : ndarray of bool or None
        SPE only: a tie between actions with different consequences was broken by the tie
        rule (first listed action) somewhere in the tree, so another SPE exists.
    converged : ndarray of bool or None
        QRE only: the fixed point met its tolerance.
    lam : ndarray or None
        QRE only: the logit precision at each point.
    """

    method: str
    game: Game
    shape: tuple[int, ...]
    params: dict[str, np.ndarray]
    behaviour: np.ndarray | None
    terminal_probs: np.ndarray
    payoffs: np.ndarray
    choice: np.ndarray | None = None
    tie: np.ndarray | None = None
    converged: np.ndarray | None = None
    lam: np.ndarray | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def strategy(self) -> np.ndarray:
        """Behaviour probabilities of every action, shape (*shape, n_actions)."""
        if self.behaviour is None:
            t = self.game.tables
            cols = t.action_offset[:-1] + self.choice  # (*shape, H): flat index of the choice
            out = np.zeros((*self.shape, t.n_actions))
            np.put_along_axis(out, cols.astype(np.int64), 1.0, axis=-1)
            self.behaviour = out
        return self.behaviour

    # --- lookups ---------------------------------------------------------------------------
    def _action_index(self, infoset: str, action: str) -> int:
        t = self.game.tables
        for h_index, h in enumerate(t.infosets):
            if h.name == infoset:
                if action not in h.actions:
                    raise GameError(
                        f"information set {infoset!r} has no action {action!r}; "
                        f"actions: {', '.join(h.actions)}"
                    )
                return int(t.action_offset[h_index] + h.actions.index(action))
        raise GameError(
            f"no information set {infoset!r}; known: {', '.join(h.name for h in t.infosets)}"
        )

    def action_prob(self, infoset: str, action: str) -> np.ndarray:
        """Probability that ``action`` is chosen at ``infoset`` (batch-shaped array)."""
        j = self._action_index(infoset, action)
        if self.behaviour is None:
            t = self.game.tables
            h = int(np.searchsorted(t.action_offset, j, side="right") - 1)
            return (self.choice[..., h] == j - t.action_offset[h]).astype(float)
        return self.strategy[..., j]

    def outcome_prob(self, label: str) -> np.ndarray:
        """Probability of reaching a terminal labelled ``label`` (summed over equal labels)."""
        labels = self.game.tables.terminal_labels
        idx = [i for i, x in enumerate(labels) if x == label]
        if not idx:
            raise GameError(f"no outcome {label!r}; outcomes: {', '.join(dict.fromkeys(labels))}")
        return self.terminal_probs[..., idx].sum(axis=-1)

    def payoff(self, player: str) -> np.ndarray:
        """Expected payoff of ``player`` (batch-shaped array)."""
        players = self.game.players
        if player not in players:
            raise GameError(f"no player {player!r}; players: {', '.join(players)}")
        return self.payoffs[..., players.index(player)]

    @property
    def outcome_labels(self) -> tuple[str, ...]:
        """Distinct outcome labels in order of first appearance."""
        return tuple(dict.fromkeys(self.game.tables.terminal_labels))

    def outcome_probs(self) -> dict[str, np.ndarray]:
        """Outcome label -> probability array (labels that repeat are summed)."""
        groups: dict[str, list[int]] = {}
        for i, label in enumerate(self.game.tables.terminal_labels):  # one pass, any size
            groups.setdefault(label, []).append(i)
        return {label: self.terminal_probs[..., idx].sum(axis=-1) for label, idx in groups.items()}

    # --- one point -----------------------------------------------------------------------
    def _point(self, index: tuple[int, ...] | int | None) -> tuple[int, ...]:
        if index is None:
            if self.shape not in ((), (1,)):
                raise GameError(
                    f"this solution holds {int(np.prod(self.shape))} points (shape {self.shape}); "
                    "pass index= to pick one"
                )
            return (0,) * len(self.shape)
        return (index,) if isinstance(index, int | np.integer) else tuple(index)

    def point(self, index: tuple[int, ...] | int | None = None) -> dict[str, Any]:
        """One point as plain Python: method, params, outcomes, payoffs and strategy.

        This is the structure ``detente solve --json`` prints.
        """
        i = self._point(index)
        t = self.game.tables
        strategy: dict[str, dict[str, float]] = {}
        for h_index, h in enumerate(t.infosets):
            off = int(t.action_offset[h_index])
            strategy[h.name] = {
                a: float(self.strategy[i][off + k]) for k, a in enumerate(h.actions)
            }
        out: dict[str, Any] = {
            "method": self.method,
            "params": {k: float(np.broadcast_to(v, self.shape)[i]) for k, v in self.params.items()},
            "outcomes": {k: float(v[i]) for k, v in self.outcome_probs().items()},
            "payoffs": {p: float(self.payoffs[i][j]) for j, p in enumerate(self.game.players)},
            "strategy": strategy,
        }
        if self.tie is not None:
            out["tie"] = bool(self.tie[i])
        if self.converged is not None:
            out["converged"] = bool(self.converged[i])
        if self.lam is not None:
            out["lam"] = float(np.broadcast_to(self.lam, self.shape)[i])
        return out

    # --- tables ----------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per parameter point: parameters, ``P(outcome)``, ``U(player)``, strategy.

        Strategy columns are named ``"infoset:action"``.
        """
        import pandas as pd

        n = int(np.prod(self.shape, dtype=np.int64))
        cols: dict[str, np.ndarray] = {}
        for k, v in self.params.items():
            cols[k] = np.broadcast_to(v, self.shape).reshape(n)
        if self.lam is not None:
            cols["lam"] = np.broadcast_to(self.lam, self.shape).reshape(n)
        for label, p in self.outcome_probs().items():
            cols[f"P({label})"] = p.reshape(n)
        for j, player in enumerate(self.game.players):
            cols[f"U({player})"] = self.payoffs[..., j].reshape(n)
        for j, (h, a) in enumerate(self.game.tables.action_labels):
            cols[f"{h}:{a}"] = self.strategy[..., j].reshape(n)
        if self.tie is not None:
            cols["tie"] = self.tie.reshape(n)
        if self.converged is not None:
            cols["converged"] = self.converged.reshape(n)
        return pd.DataFrame(cols)

    def __repr__(self) -> str:
        head = f"Solution(method={self.method!r}, game={self.game.title!r}, shape={self.shape})"
        if self.shape in ((), (1,)):
            pt = self.point()
            outs = ", ".join(f"{k}: {v:.4g}" for k, v in pt["outcomes"].items())
            return f"{head}\n  outcomes: {outs}"
        return head

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        caption = (
            f"<p><b>{self.method.upper()}</b> of <i>{self.game.title}</i> "
            f"on {len(frame)} point(s)</p>"
        )
        return caption + frame.head(20).to_html(float_format=lambda x: f"{x:.4g}")
