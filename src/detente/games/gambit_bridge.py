"""Build a pygambit game from a detente game at one parameter point (optional dependency).

pygambit is an oracle for cross-checks and benchmarks: ``pip install detente[gambit]``
(pygambit 16.7 compiles from source on Python 3.11, about 8 minutes).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from detente.errors import DetenteError
from detente.games.node_tables import CHANCE, DECISION, TERMINAL
from detente.games.tree import Game


def _require_pygambit() -> Any:
    try:
        import pygambit
    except ImportError:  # pragma: no cover - depends on the environment
        raise DetenteError(
            "pygambit is not installed; install it with: pip install 'detente[gambit]'"
        ) from None
    return pygambit


def to_pygambit(game: Game, params: Mapping[str, float] | None = None) -> Any:
    """A ``pygambit.Game`` equal to ``game`` at one parameter point (payoffs as floats).

    Information sets, action labels, chance probabilities (as exact fractions of the decimal
    values) and outcome labels (suffixed ``#i``, since Gambit wants them unique) carry over.
    """
    gbt = _require_pygambit()
    t = game.tables
    values = {k: float(np.asarray(v)) for k, v in game.resolve_parameters(params).items()}
    U = t.evaluate_payoffs(values, 1)[:, :, 0]
    probs = t.evaluate_chance(values, 1)[:, 0]
    g = gbt.Game.new_tree(players=list(game.players), title=game.title)
    handle = {0: g.root}
    infoset_handle: dict[int, Any] = {}
    terminal_index = {int(n): i for i, n in enumerate(t.terminal_nodes)}
    for node in range(t.n_nodes):
        h = handle[node]
        kind = t.kind[node]
        if kind == TERMINAL:
            i = terminal_index[node]
            out = g.add_outcome(f"{t.terminal_labels[i]} #{i}", [float(x) for x in U[i]])
            g.set_outcome(h, out)
            continue
        first = int(t.first_child[node])
        k = int(t.n_children[node])
        if kind == DECISION:
            s = int(t.infoset_of[node])
            info = t.infosets[s]
            if s in infoset_handle:
                g.append_infoset(h, infoset_handle[s])
            else:
                g.append_move(h, game.players[info.player], list(info.actions))
                h.infoset.label = info.name
                infoset_handle[s] = h.infoset
            labels = info.actions
        else:
            labels = [f"c{j}" for j in range(k)]
            g.append_move(h, g.players.chance, labels)
            fracs = [
                Fraction(float(probs[t.edge_chance[first + j]])).limit_denominator(10**9)
                for j in range(k)
            ]
            fracs[-1] = 1 - sum(fracs[:-1])
            g.set_chance_probs(h.infoset, fracs)
        for j in range(k):
            handle[first + j] = h.children[labels[j]]
    assert all(t.kind[n] != CHANCE or n in handle for n in range(t.n_nodes))
    return g


def gambit_action_order(game: Game, gambit_game: Any) -> np.ndarray:
    """Index into detente's flat strategy vector for each entry of Gambit's behaviour vector.

    Gambit lists actions by player, then by the player's information sets in its own order,
    then by action; information sets are matched by the labels :func:`to_pygambit` gives them.
    """
    t = game.tables
    index = {h.name: s for s, h in enumerate(t.infosets)}
    order: list[int] = []
    for player in gambit_game.players:
        for infoset in player.infosets:
            s = index[infoset.label]
            order.extend(range(int(t.action_offset[s]), int(t.action_offset[s + 1])))
    return np.asarray(order, dtype=np.int64)


def gambit_logit_qre(game: Game, params: Mapping[str, float] | None, lam: float) -> np.ndarray:
    """Agent logit QRE on the principal branch at ``lam`` computed by Gambit, in detente's
    action order."""
    gbt = _require_pygambit()
    g = to_pygambit(game, params)
    qre = gbt.qre.logit_solve_lambda(g, lam=[float(lam)])[0]
    # (LogitQREMixedBehaviorProfile.profile fails in pygambit 16.7; indexing works)
    flat = np.array([qre[i] for i in range(len(qre))])
    out = np.empty_like(flat)
    out[gambit_action_order(game, g)] = flat
    return out
