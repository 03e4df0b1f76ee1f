"""solve_spe's one-chunk path for small batches agrees exactly with its chunked, threaded path.

Small batches (at most ``STACK_POINTS`` points, one chunk) are solved from stacked parameters
by a kernel with fewer NumPy calls; everything else goes through chunks and threads. Both
must give bit-identical choices, outcome probabilities, payoffs, tie flags and parameters.
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.games import parameter_batch, solve_spe
from detente.games.tree import Game, Node, chance, decision, terminal


def _random_tree(seed: int) -> Game:
    """A random perfect-information tree whose payoffs mix bare parameters, numbers and
    formulas, whose chance probabilities mix numbers, a parameter ``q`` and ``1 - q``, and
    whose nodes of one depth mix decisions and chance moves with 2-4 actions."""
    rng = np.random.default_rng(seed)
    n_players = int(rng.integers(2, 4))
    players = [f"P{i + 1}" for i in range(n_players)]
    depth = int(rng.integers(1, 5))
    names: list[str] = []

    def payoff(t: int, i: int) -> str | float:
        u = rng.random()
        if u < 0.15:
            return float(rng.integers(-2, 3)) / 2
        name = f"u{t}_{i}"
        names.append(name)
        if u < 0.3:
            return f"2*{name} - 0.5"
        if u < 0.35:
            return f"max({name}, 0)"
        return name

    def build(d: int, path: str) -> Node:
        if d == depth or (d > 0 and rng.random() < 0.2):
            t = len(terminals)
            terminals.append(path)
            return terminal(f"t{t}", *(payoff(t, i) for i in range(n_players)))
        k = int(rng.integers(2, 5)) if rng.random() < 0.3 else 2
        if rng.random() < 0.25:
            if k == 2 and rng.random() < 0.5:
                probs: list[str | float] = ["q", "1 - q"]
            else:
                probs = [1.0 / k] * k
            return chance(
                {f"c{j}": (probs[j], build(d + 1, f"{path}c{j}")) for j in range(k)},
                name=f"chance{path}",
            )
        mover = players[int(rng.integers(n_players))]
        return decision(
            mover, {f"a{j}": build(d + 1, f"{path}a{j}") for j in range(k)}, name=f"n{path}"
        )

    terminals: list[str] = []
    root = build(0, "")
    parameters: dict[str, float] = dict.fromkeys(names, 0.0)
    parameters["q"] = 0.5
    return Game(players=players, root=root, parameters=parameters, title=f"random {seed}")


def _batch(game: Game, shape: tuple[int, ...], seed: int) -> dict[str, object]:
    """Payoff parameters on a coarse grid (so ties are frequent), ``q`` in [0, 1]; a few
    parameters as scalars so shapes mix."""
    rng = np.random.default_rng(seed)
    out: dict[str, object] = {}
    for name in game.parameters:
        if name == "q":
            out[name] = rng.integers(0, 5, size=shape) / 4
        elif rng.random() < 0.1:
            out[name] = float(rng.integers(-2, 3)) / 2
        else:
            out[name] = rng.integers(-2, 3, size=shape) / 2
    return out


def _chunked(monkeypatch: pytest.MonkeyPatch, game: Game, values: dict[str, object]):
    """Solve with stacking disabled and tiny chunks, on three threads."""
    with monkeypatch.context() as m:
        m.setattr(parameter_batch, "STACK_POINTS", 0)
        m.setattr(parameter_batch, "CHUNK_ENTRIES", 1)
        m.setattr(parameter_batch, "MIN_CHUNK_POINTS", 7)
        return solve_spe(game, values, threads=3)


@pytest.mark.parametrize("seed", range(40))
def test_small_batch_path_equals_chunked_threaded_path_on_random_trees(seed, monkeypatch):
    """At batch sizes 1 to 3000 (and shapes (), (3, 4)), the stacked one-chunk path and the
    chunked threaded path give bit-identical solutions, tie flags included."""
    game = _random_tree(seed)
    sizes = [(), (1,), (2,), (3,), (7,), (57,), (80,), (3, 4), (257,), (3000,)]
    for j, shape in enumerate(sizes):
        values = _batch(game, shape, seed * 100 + j)
        fast = solve_spe(game, values, threads=1)
        slow = _chunked(monkeypatch, game, values)
        assert parameter_batch.ParameterBatch.from_values(values).stacked is not None
        assert fast.shape == slow.shape == shape
        np.testing.assert_array_equal(fast.choice, slow.choice)
        np.testing.assert_array_equal(fast.terminal_probs, slow.terminal_probs)
        np.testing.assert_array_equal(fast.payoffs, slow.payoffs)
        np.testing.assert_array_equal(fast.tie, slow.tie)
        assert fast.params.keys() == slow.params.keys()
        for name in fast.params:
            assert fast.params[name].shape == slow.params[name].shape == shape
            assert not fast.params[name].flags.writeable
            np.testing.assert_array_equal(fast.params[name], slow.params[name])


def test_small_batch_path_sees_ties():
    """The random batches above do produce ties, so tie flags are really compared."""
    ties = 0
    for seed in range(10):
        game = _random_tree(seed)
        ties += int(solve_spe(game, _batch(game, (200,), seed)).tie.sum())
    assert ties > 0
