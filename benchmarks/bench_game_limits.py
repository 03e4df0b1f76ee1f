"""Memory and time per node of reading and solving large .efg files, against pygambit.

The measurement behind ``detente.games.game_limits.DEFAULT_MAX_NODES``. Full binary trees of
depth D (2^(D+1) - 1 nodes, two players alternating, distinct numeric payoffs, one
information set per decision node) are written as Gambit ``.efg`` files; each file is then
read and solved in a fresh process:

* detente: ``read_efg`` (parse + node tables) and ``solve_spe`` at the game's one point,
  then ``Solution.point()`` (what ``detente solve --json`` prints);
* pygambit (the peer): ``pygambit.read_efg`` only (no solve, generous to pygambit), up to
  ``--peer-max-depth``.

Reported per size: the peak resident memory above the process's baseline after imports
(``ru_maxrss``), per node, and the wall time; the ratio detente/pygambit of memory per node;
and the slope between the two largest sizes (the cost of one more node, free of fixed costs).

Run: ``python benchmarks/bench_game_limits.py [--depths 12 14 16 18]``. Timings are noisy on
a busy machine; memory is not. A run on the development machine (CPython 3.11, 2 busy cores):
detente 1.31-1.35 kB per node at every size (marginal 1.31), pygambit 1.04-1.15 kB per node
(ratio 1.3); read+solve of 524,287 nodes 44 s (pygambit's read alone: 464 s).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

DETENTE = """
import json, resource, sys, time
from detente.games import read_efg, solve_spe
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
game = read_efg(sys.argv[1])
t1 = time.perf_counter()
point = solve_spe(game).point()
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"base_kb": base, "peak_kb": peak, "read_s": t1 - t0, "solve_s": t2 - t1}))
"""

PYGAMBIT = """
import json, resource, sys, time
import pygambit
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
game = pygambit.read_efg(sys.argv[1])
t1 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"base_kb": base, "peak_kb": peak, "read_s": t1 - t0, "solve_s": 0.0}))
"""


def write_binary_efg(depth: int, path: Path) -> int:
    """A full binary tree of ``depth`` moves as .efg text; returns its number of nodes."""
    lines = ['EFG 2 R "binary" { "A" "B" } ""']
    infoset = outcome = 0
    stack = [(depth, 1)]
    while stack:  # prefix order, left child first
        d, player = stack.pop()
        if d == 0:
            outcome += 1
            lines.append(f't "" {outcome} "" {{ {outcome % 97}, {(outcome * 7) % 101} }}')
        else:
            infoset += 1
            lines.append(f'p "" {player} {infoset} "" {{ "L" "R" }} 0')
            stack += [(d - 1, 3 - player), (d - 1, 3 - player)]
    path.write_text("\n".join(lines) + "\n")
    return 2 ** (depth + 1) - 1


def measure(script: str, path: Path) -> dict | None:
    env_limit = {"DETENTE_MAX_NODES": str(10**9)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, **env_limit},
    )
    if done.returncode != 0:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[12, 14, 16, 18])
    parser.add_argument(
        "--peer-max-depth",
        type=int,
        default=16,
        help="largest depth read by pygambit (its reader is superlinear: 464 s at depth 18)",
    )
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for depth in args.depths:
            path = Path(tmp) / f"binary{depth}.efg"
            nodes = write_binary_efg(depth, path)
            ours = measure(DETENTE, path)
            peer = measure(PYGAMBIT, path) if depth <= args.peer_max_depth else None
            rows.append((depth, nodes, path.stat().st_size, ours, peer))
            path.unlink()
    print("full binary trees, numeric payoffs; memory = peak RSS above the post-import baseline")
    print(
        f"{'nodes':>10} {'file MB':>8} {'detente kB/node':>16} {'read+solve s':>13} "
        f"{'pygambit kB/node':>17} {'read s':>7} {'ratio':>6}"
    )
    for _, nodes, size, ours, peer in rows:
        mine = (ours["peak_kb"] - ours["base_kb"]) / nodes if ours else float("nan")
        theirs = (peer["peak_kb"] - peer["base_kb"]) / nodes if peer else float("nan")
        t_ours = ours["read_s"] + ours["solve_s"] if ours else float("nan")
        t_peer = peer["read_s"] if peer else float("nan")
        print(
            f"{nodes:>10,} {size / 1e6:>8.1f} {mine:>16.2f} {t_ours:>13.1f} "
            f"{theirs:>17.2f} {t_peer:>7.1f} {mine / theirs:>6.1f}"
        )
    if len(rows) >= 2 and rows[-1][3] and rows[-2][3]:
        (_, n1, _, a, _), (_, n2, _, b, _) = rows[-2], rows[-1]
        slope = (b["peak_kb"] - a["peak_kb"]) / (n2 - n1)
        print(f"detente marginal memory: {slope:.2f} kB per node (sizes {n1:,} -> {n2:,})")


if __name__ == "__main__":
    main()
