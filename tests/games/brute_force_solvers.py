"""Independent reference solvers for tests: recursion over the Python node objects.

They share nothing with the batched engine but the builder classes: no node tables, no
batching, scalar arithmetic only.
"""

from __future__ import annotations

import math

from detente.games.expressions import Expression
from detente.games.tree import Chance, Decision, Game, Terminal


def _value(x, env):
    return float(Expression.of(x).evaluate(env))


def brute_force_spe(game: Game, env: dict[str, float]):
    """Backward induction by recursion; returns (payoff vector, {terminal label: prob}).

    The mover picks the first action with the highest value (detente's documented tie rule).
    """
    players = list(game.players)

    def solve(node, prob):
        if isinstance(node, Terminal):
            pay = node.payoffs
            vec = (
                [_value(pay[p], env) for p in players]
                if isinstance(pay, dict)
                else [_value(v, env) for v in pay]
            )
            return vec, {id(node): prob}
        if isinstance(node, Chance):
            total = [0.0] * len(players)
            reach = {}
            for p_expr, child in node.actions.values():
                p = _value(p_expr, env)
                vec, r = solve(child, prob * p)
                total = [a + p * b for a, b in zip(total, vec, strict=True)]
                reach.update(r)
            return total, reach
        assert isinstance(node, Decision)
        i = players.index(node.player)
        results = [solve(child, 0.0) for child in node.actions.values()]
        best = max(range(len(results)), key=lambda j: (results[j][0][i], -j))
        reach = {}
        for j, child in enumerate(node.actions.values()):
            vec, r = solve(child, prob if j == best else 0.0)
            reach.update(r)
        return results[best][0], reach

    return solve(game.root, 1.0)


def brute_force_logit(game: Game, env: dict[str, float], lam: float):
    """Statistical backward induction by recursion; returns the root payoff vector."""
    players = list(game.players)

    def solve(node):
        if isinstance(node, Terminal):
            pay = node.payoffs
            return (
                [_value(pay[p], env) for p in players]
                if isinstance(pay, dict)
                else [_value(v, env) for v in pay]
            )
        if isinstance(node, Chance):
            out = [0.0] * len(players)
            for p_expr, child in node.actions.values():
                p = _value(p_expr, env)
                out = [a + p * b for a, b in zip(out, solve(child), strict=True)]
            return out
        i = players.index(node.player)
        vals = [solve(c) for c in node.actions.values()]
        m = max(v[i] for v in vals)
        w = [math.exp(lam * (v[i] - m)) for v in vals]
        s = sum(w)
        return [sum(w[j] * vals[j][q] for j in range(len(vals))) / s for q in range(len(players))]

    return solve(game.root)
