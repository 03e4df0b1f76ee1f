"""Equilibrium-map throughput: a 1000 x 1000 map of unilateral deterrence in one call.

Measures, on the same grid (``p_def`` in [0, 1] by ``d_ch`` in [-3, 0.9], other parameters at
their defaults):

1. the engine alone: ``solve_spe`` on the model's game (the 1e6 points as broadcast axes);
2. the full map: ``detente.models.equilibrium_map`` (parameter checks, SPE, outcome labels,
   closed-form theory, the DataFrame and the agreement column);
3. the stages of the full map one by one, so the overhead is visible.

The peer is the issue's target: >= 10 million points/second for SPE on this machine. Prints
points/second and the ratio to the target.

Run: ``python benchmarks/bench_models.py [--n 1000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import detente.models as dm
from detente.games import solve_spe

TARGET = 10_000_000  # points per second, issue #3


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def outcome_codes(sol: Any) -> np.ndarray:
    """Proposed ``most_likely_outcome``: label index per point (int8), one matrix product."""
    labels = list(dict.fromkeys(sol.game.tables.terminal_labels))
    index = np.array([labels.index(x) for x in sol.game.tables.terminal_labels])
    onehot = np.zeros((index.size, len(labels)))
    onehot[np.arange(index.size), index] = 1.0
    return np.argmax(sol.terminal_probs @ onehot, axis=-1).astype(np.int8)


def categorical_frame(
    params: dict[str, np.ndarray], codes: np.ndarray, outcomes: tuple[str, ...]
) -> pd.DataFrame:
    """Proposed ``to_frame``: the outcome column as a pandas Categorical built from codes."""
    cols: dict[str, Any] = {k: np.asarray(v).reshape(-1) for k, v in params.items()}
    labels = list(dict.fromkeys(outcomes))
    cols["outcome"] = pd.Categorical.from_codes(codes.reshape(-1), categories=labels)
    return pd.DataFrame(cols)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="grid points per axis")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    n, repeat = args.n, args.repeat
    points = n * n
    model = dm.get("unilateral_deterrence")
    x, y = ("p_def", 0.0, 1.0, n), ("d_ch", -3.0, 0.9, n)
    grid = {"p_def": np.linspace(0, 1, n)[None, :], "d_ch": np.linspace(-3, 0.9, n)[:, None]}
    _ = model.game  # build once, outside the timings

    t_spe, sol = timed(lambda: solve_spe(model.game, grid), repeat)
    t_map, mp = timed(lambda: dm.equilibrium_map(model, x=x, y=y), repeat)

    # the stages of the full map
    values = model.resolve(grid)
    shape = sol.shape
    full = {k: np.broadcast_to(v, shape) for k, v in values.items()}
    stages = {
        "resolve (range checks)": lambda: model.resolve(grid),
        "solve_spe": lambda: solve_spe(model.game, values),
        "outcome_of (most_likely_outcome)": lambda: model.outcome_of(sol, full),
        "theory (closed form)": lambda: model.theory(full),
    }
    result = model.solve(grid)
    stages["to_frame (DataFrame, 1e6 rows)"] = result.to_frame
    frame = result.to_frame()
    stages["agree column (object compare)"] = lambda: frame["outcome"] == frame["theory_outcome"]

    print(f"unilateral deterrence, {n} x {n} = {points:,} points, one call, best of {repeat}")
    print(f"peer: issue #3 target {TARGET / 1e6:.0f} million points/s for SPE")
    rate = points / t_spe
    print(
        f"engine SPE alone      {t_spe:7.3f} s  {rate / 1e6:8.2f} M points/s  "
        f"ratio to target {rate / TARGET:5.2f}"
    )
    rate_map = points / t_map
    print(
        f"full map (+theory)    {t_map:7.3f} s  {rate_map / 1e6:8.2f} M points/s  "
        f"ratio to target {rate_map / TARGET:5.2f}  ({t_map / t_spe:.1f}x the engine)"
    )
    print(f"agreement engine vs theory: {100 * mp.agreement:.2f}%")
    t_codes, _ = timed(lambda: outcome_codes(sol), repeat)
    t_cat, _ = timed(lambda: categorical_frame(full, outcome_codes(sol), mp.model.outcomes), repeat)
    print("stages of the full map:")
    for name, fn in stages.items():
        t, _ = timed(fn, repeat)
        print(f"  {name:34s} {t:7.3f} s  ({100 * t / t_map:5.1f}% of the map)")
    print("proposed (integer outcome codes, categorical frame; see the report):")
    print(f"  {'outcome codes (one-hot matmul)':34s} {t_codes:7.3f} s")
    print(f"  {'frame with categorical outcome':34s} {t_cat:7.3f} s")


if __name__ == "__main__":
    main()
