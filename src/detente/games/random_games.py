"""Random finite game trees, for cross-checks and benchmarks.

Payoffs are parameters named ``u{t}_{i}`` (terminal t, player i) so the same tree can be solved
on a batch of random payoff draws; chance probabilities are fixed numbers.
"""

from __future__ import annotations

import numpy as np

from detente.games.tree import Game, Node, chance, decision, terminal


def random_game(
    seed: int | np.random.Generator | None = None,
    *,
    depth: int = 4,
    n_players: int = 2,
    max_actions: int = 3,
    chance_share: float = 0.2,
    stop_share: float = 0.15,
    full: bool = False,
) -> Game:
    """A random perfect-information game tree with chance nodes.

    Parameters
    ----------
    seed : int or Generator, optional
    depth : int
        Maximal depth (number of moves on the longest path).
    n_players : int
    max_actions : int
        Each internal node has 2..max_actions children.
    chance_share : float
        Probability that an internal node is a chance node.
    stop_share : float
        Probability that a path ends early (ignored when ``full``).
    full : bool
        Every path has length ``depth`` and every node ``max_actions`` children.

    Returns
    -------
    Game
        Payoff of player i at terminal t is the parameter ``u{t}_{i}`` with a random default
        drawn from U(-1, 1).
    """
    rng = np.random.default_rng(seed)
    players = [f"P{i + 1}" for i in range(n_players)]
    defaults: dict[str, float] = {}

    def build(d: int, path: str) -> Node:
        if d == depth or (not full and d > 0 and rng.random() < stop_share):
            t = len(defaults) // n_players
            names = [f"u{t}_{i}" for i in range(n_players)]
            for name in names:
                defaults[name] = float(rng.uniform(-1, 1))
            return terminal(f"t{t}", *names)
        k = max_actions if full else int(rng.integers(2, max_actions + 1))
        if rng.random() < chance_share:
            probs = rng.dirichlet(np.ones(k))
            probs = np.round(probs, 6)
            probs[-1] = round(1.0 - probs[:-1].sum(), 6)
            if probs[-1] <= 0:
                probs = np.full(k, 1.0 / k)
            return chance(
                {f"c{j}": (float(probs[j]), build(d + 1, f"{path}c{j}")) for j in range(k)},
                name=f"chance{path}",
            )
        mover = players[int(rng.integers(n_players))]
        return decision(
            mover, {f"a{j}": build(d + 1, f"{path}a{j}") for j in range(k)}, name=f"n{path}"
        )

    root = build(0, "")
    return Game(players=players, root=root, parameters=defaults, title=f"random depth {depth}")


def random_payoff_batch(
    game: Game, n: int, seed: int | np.random.Generator | None = None
) -> dict[str, np.ndarray]:
    """``n`` independent U(-1, 1) draws of every payoff parameter of a random game."""
    rng = np.random.default_rng(seed)
    names = sorted(game.parameters)
    draws = rng.uniform(-1.0, 1.0, size=(len(names), n))
    return {name: draws[j] for j, name in enumerate(names)}
