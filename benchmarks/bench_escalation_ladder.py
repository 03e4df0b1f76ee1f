"""Escalation-ladder map throughput: a 1000 x 1000 map of ``escalation_ladder`` with 6 rungs.

The grid is ``p_resolute`` in [0, 1] by ``risk`` in [0.001, 0.3], the other parameters at
their defaults, ``rungs = 6``. Measured in the same run:

1. the model's equilibrium on the whole grid from its closed form (``MODEL.theory``: the
   perfect Bayesian equilibrium's class, outcome and rung-reach probabilities, thresholds),
   single-threaded and on ``--threads`` threads (NumPy releases the GIL; the grid's rows are
   split into blocks);
2. peer, engine SPE: ``solve_spe`` on the same ladder with the resolve known to both
   (``ladder_game(private=False)``, perfect information), the same 1e6 points;
3. peer, engine PBE: ``solve_pbe`` (every pure profile) on the private-resolve tree, on a
   ``--pbe-n`` x ``--pbe-n`` sub-grid (it enumerates 512 profiles per point).

The issue's target is >= 1 million points/s for the map. The machine is shared: each figure
is the median (and best) of ``--repeat`` runs.

Run: ``python benchmarks/bench_escalation_ladder.py [--n 1000] [--repeat 5] [--threads 2]``
or ``--quick`` (200 x 200, 3 repeats).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

import detente.models as dm
from detente.games import solve_pbe, solve_spe
from detente.models.library.escalation_ladder import ladder_game

TARGET = 1_000_000  # points per second, issue 16


def timings(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(median, best) seconds over ``repeat`` runs, and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), float(min(times)), out


def grid(n: int) -> dict[str, np.ndarray]:
    return {
        "p_resolute": np.linspace(0.0, 1.0, n)[None, :],
        "risk": np.linspace(0.001, 0.3, n)[:, None],
        "rungs": np.asarray(6.0),
    }


def closed_form(model: dm.Model, params: dict[str, np.ndarray], threads: int) -> list[Any]:
    """The model's closed form over the grid, its rows split into ``threads`` blocks."""
    values = model.resolve(params)
    shape = np.broadcast(*values.values()).shape
    full = {k: np.broadcast_to(v, shape) for k, v in values.items()}
    blocks = np.array_split(np.arange(shape[0]), threads)

    def block(rows: np.ndarray) -> Any:
        return model.theory({k: v[rows[0] : rows[-1] + 1] for k, v in full.items()})

    if threads == 1:
        return [block(blocks[0])]
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(block, blocks))


def report(method: str, threads: int, repeat: int, points: int, median: float, best: float):
    rate, top = points / median, points / best
    print(
        f"{method:46s} threads {threads}  repeats {repeat}  median {median:8.4f} s  "
        f"{rate:12,.0f} points/s (best {top:12,.0f})  ratio to target {rate / TARGET:7.3f}"
    )
    return rate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="grid points per axis")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--pbe-n", type=int, default=20, help="PBE sub-grid points per axis")
    parser.add_argument("--quick", action="store_true", help="200 x 200 grid, 3 repeats")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.repeat, args.pbe_n = 200, 3, 10
    n, repeat = args.n, args.repeat
    points = n * n
    model = dm.get("escalation_ladder")
    params = grid(n)
    public = ladder_game(private=False)
    _ = model.game, public.tables  # build and compile outside the timings

    print(f"escalation_ladder, 6 rungs, {n} x {n} = {points:,} points (p_resolute x risk)")
    print(f"statistic: median of {repeat} runs (best in brackets); target {TARGET:,} points/s")
    med, best, theory = timings(lambda: closed_form(model, params, 1), repeat)
    rate_1 = report("closed-form PBE (MODEL.theory)", 1, repeat, points, med, best)
    med, best, _ = timings(lambda: closed_form(model, params, args.threads), repeat)
    report("closed-form PBE (MODEL.theory)", args.threads, repeat, points, med, best)
    labels, counts = np.unique(np.asarray(theory[0].outcome), return_counts=True)
    share = ", ".join(
        f"{lab} {100 * c / points:.1f}%" for lab, c in zip(labels, counts, strict=True)
    )
    print(f"  equilibrium classes on the map: {share}")

    values = public.resolve_parameters(params)
    med, best, _ = timings(lambda: solve_spe(public, values, threads=args.threads), repeat)
    rate_spe = report(
        "peer: engine SPE, resolve known (perfect info)", args.threads, repeat, points, med, best
    )

    m = args.pbe_n
    small = grid(m)
    pbe_repeat = max(1, min(repeat, 3))
    med, best, _ = timings(lambda: solve_pbe(model.game, small), pbe_repeat)
    rate_pbe = report(
        f"peer: engine PBE, private ({m} x {m} points)", 1, pbe_repeat, m * m, med, best
    )
    print(
        f"closed form / engine SPE: {rate_1 / rate_spe:.1f}x; closed form / engine PBE: "
        f"{rate_1 / rate_pbe:,.0f}x (single thread)"
    )


if __name__ == "__main__":
    main()
