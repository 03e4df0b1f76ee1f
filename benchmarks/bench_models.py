"""Equilibrium-map throughput: an n x n map of unilateral deterrence in one call.

Cases (``--case``), on the same grid (``p_def`` in [0, 1] by ``d_ch`` in [-3, 0.9], other
parameters at their defaults; 1000 x 1000 = 1e6 points by default):

``engine``
    ``solve_spe`` on the model's game alone (the grid as broadcast axes).
``map``
    The full map, ``detente.models.equilibrium_map``: parameter checks, SPE, outcome labels,
    the closed-form theory, the DataFrame (one row per point, 16 columns) and the agreement
    column; then each stage on its own, so the overhead is visible.

There is no peer: the figure is compared with the target of issue #3, 10 million points per
second, and is not a measured ratio. Timing: one warm-up, then the median of ``--repeats``
calls; with detente's default threads and with one.

Run: ``python benchmarks/bench_models.py [--quick] [--case NAME] [--n 1000] [--json FILE]``
"""

from __future__ import annotations

import argparse

import numpy as np
from benchmark_record import Recorder, Row, add_common_options, measure, selected, solver_threads

import detente.models as dm
from detente.games import solve_spe

TARGET = 10_000_000  # points per second, issue #3
CASES = ["engine", "map"]
TARGET_NOTE = "target: 10 M points/s (issue #3), not a measured peer"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_options(parser, CASES)
    parser.add_argument("--n", type=int, default=None, help="grid points per axis (1000)")
    args = parser.parse_args(argv)
    n = args.n or (300 if args.quick else 1000)
    repeats = args.repeats or (3 if args.quick else 7)
    points = n * n
    rec = Recorder("models", args.json)
    model = dm.get("unilateral_deterrence")
    x, y = ("p_def", 0.0, 1.0, n), ("d_ch", -3.0, 0.9, n)
    grid = {"p_def": np.linspace(0, 1, n)[None, :], "d_ch": np.linspace(-3, 0.9, n)[:, None]}
    _ = model.game  # built once, outside the timings
    print(
        f"unilateral deterrence, {n} x {n} = {points:,} points, one call; threads: default "
        f"{solver_threads()}, single 1; one warm-up, then median of {repeats}"
    )

    def rates(fn) -> tuple[float, float, object, str]:
        default, out = measure(lambda: fn(None), repeats)
        single, _ = measure(lambda: fn(1), repeats)
        return points / default.median, points / single.median, out, default.statistic

    if selected(args, "engine"):
        rate, single, _, stat = rates(lambda th: solve_spe(model.game, grid, threads=th))
        rec.add(
            Row(
                "models", f"engine, {n} x {n}", "internal",
                "solve_spe on the model's game (grid as broadcast axes)", TARGET_NOTE,
                "points/s", rate, TARGET, single, rate / TARGET, single / TARGET, stat,
            )
        )  # fmt: skip
    if selected(args, "map"):
        rate, single, mp, stat = rates(lambda th: dm.equilibrium_map(model, x=x, y=y, threads=th))
        rec.add(
            Row(
                "models", f"full map, {n} x {n}", "internal",
                "equilibrium_map: checks, SPE, outcomes, theory, DataFrame, agreement",
                TARGET_NOTE, "points/s", rate, TARGET, single, rate / TARGET, single / TARGET,
                stat,
                f"{len(mp.frame.columns)}-column frame; engine and theory agree at "
                f"{100 * mp.agreement:.2f}% of points",
            )
        )  # fmt: skip
        values = model.resolve(grid)
        sol = solve_spe(model.game, values)
        full = {k: np.broadcast_to(v, sol.shape) for k, v in values.items()}
        result = model.solve(grid)
        stages = {
            "resolve (range checks)": lambda: model.resolve(grid),
            "solve_spe": lambda: solve_spe(model.game, values),
            "outcome codes (most likely outcome)": lambda: model.outcome_codes_of(sol, full),
            "outcome labels from the codes": result.outcome_codes.labels_array,
            "theory (closed form, with labels)": lambda: model.theory(full),
            "to_frame (DataFrame)": result.to_frame,
            "agree column (codes compared)": result.codes_agree_with_theory,
        }
        total = points / rate
        print(f"  stages of the full map (median of {repeats}; default threads):")
        for name, fn in stages.items():
            t, _ = measure(fn, repeats)
            print(f"    {name:38s} {1e3 * t.median:8.1f} ms  ({100 * t.median / total:5.1f}%)")


if __name__ == "__main__":
    main()
