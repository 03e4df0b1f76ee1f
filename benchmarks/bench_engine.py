"""Engine throughput against pygambit, measured in one run.

Games: the three-move deterrence game (4 payoff parameters) and a full 6-level binary game
with chance nodes (64 terminals, 128 payoff parameters). Each is solved on N random
parameterizations (payoffs ~ U(-1, 1)) by detente in one batched call, and on a sample by
pygambit, one game at a time. pygambit's time counts only the solve on an already built game
(generous to pygambit). pygambit has no SPE solver, so its SPE is backward induction written
over pygambit's tree (the ~20 lines issue #2 mentions); its QRE is
``pygambit.qre.logit_solve_lambda`` (principal-branch path following).

Run: ``python benchmarks/bench_engine.py [--n 100000] [--sample 300]``
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from detente.games import deterrence_game, solve_qre, solve_spe
from detente.games.random_games import random_game, random_payoff_batch

LAM = 2.0


def deterrence_batch(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {k: rng.uniform(-1, 1, n) for k in ("a", "b", "wC", "wD")}


def timed(fn, repeat: int = 7) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def gambit_spe(g) -> dict:
    """Backward induction over a pygambit tree: terminal-node reach probabilities."""
    players = list(g.players)

    def value(node):
        if node.is_terminal:
            out = node.outcome
            return np.array([float(out[p]) for p in players])
        kids = list(node.children)
        if node.player.is_chance:
            probs = [float(a.prob) for a in node.infoset.actions]
            return sum(p * value(c) for p, c in zip(probs, kids, strict=True))
        i = players.index(node.player)
        vals = [value(c) for c in kids]
        return vals[int(np.argmax([v[i] for v in vals]))]

    return value(g.root)


def bench(name: str, game, batch: dict[str, np.ndarray], n: int, sample: int) -> list[str]:
    rows = []
    t_spe, spe = timed(lambda: solve_spe(game, batch))
    t_qre, qre = timed(lambda: solve_qre(game, batch, lam=LAM))
    rate_spe, rate_qre = n / t_spe, n / t_qre
    ties = int(spe.tie.sum())
    rows.append(
        f"{name}: detente solve_spe {rate_spe:,.0f}/s, solve_qre {rate_qre:,.0f}/s "
        f"(N={n:,}, ties {ties})"
    )
    try:
        import pygambit  # noqa: F401

        from detente.games.gambit_bridge import gambit_action_order, to_pygambit
    except ImportError:
        rows.append("  pygambit not installed: pip install 'detente[gambit]' for the comparison")
        return rows
    import pygambit as gbt

    idx = np.random.default_rng(1).choice(n, size=min(sample, n), replace=False)
    t_g_spe = t_g_qre = 0.0
    agree_spe = agree_qre = counted_spe = 0
    max_dev = 0.0
    for j in idx:
        point = {k: float(v[j]) for k, v in batch.items()}
        g = to_pygambit(game, point)
        t0 = time.perf_counter()
        root_value = gambit_spe(g)
        t_g_spe += time.perf_counter() - t0
        if not spe.tie[j]:
            counted_spe += 1
            agree_spe += bool(np.allclose(root_value, spe.payoffs[j], atol=1e-9))
        t0 = time.perf_counter()
        res = gbt.qre.logit_solve_lambda(g, lam=[LAM])[0]
        t_g_qre += time.perf_counter() - t0
        flat = np.array([res[i] for i in range(len(res))])
        theirs = np.empty_like(flat)
        theirs[gambit_action_order(game, g)] = flat
        dev = float(np.abs(theirs - qre.strategy[j]).max())
        max_dev = max(max_dev, dev)
        agree_qre += dev <= 1e-6
    m = len(idx)
    g_spe, g_qre = m / t_g_spe, m / t_g_qre
    rows.append(f"  pygambit (sample {m}): SPE {g_spe:,.0f}/s, QRE {g_qre:,.1f}/s")
    rows.append(
        f"  ratio detente/pygambit: SPE {rate_spe / g_spe:,.0f}x (target >= 1,000x), "
        f"QRE {rate_qre / g_qre:,.0f}x (target >= 300x)"
    )
    rows.append(
        f"  agreement: SPE {agree_spe}/{counted_spe} off ties, "
        f"QRE {agree_qre}/{m} within 1e-6 (max deviation {max_dev:.1e})"
    )
    return rows


def memory_rows(game, make_batch) -> list[str]:
    rows = []
    for n in (25_000, 50_000, 100_000):
        batch = make_batch(n)
        tracemalloc.start()
        solve_spe(game, batch)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append(f"  N={n:>7,}: peak {peak / 2**20:7.1f} MiB, {peak / n:,.0f} bytes/point")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=300)
    args = ap.parse_args()
    print(f"detente engine benchmark: N={args.n:,} parameterizations, lam={LAM}")
    det = deterrence_game()
    for line in bench(
        "3-move deterrence game", det, deterrence_batch(args.n, 0), args.n, args.sample
    ):
        print(line)
    six = random_game(7, depth=6, max_actions=2, full=True, chance_share=0.2)
    t = six.tables
    print(
        f"6-level game: {t.n_nodes} nodes, {t.n_terminals} terminals, "
        f"{int((t.kind == 2).sum())} chance nodes"
    )
    for line in bench(
        "6-level game with chance", six, random_payoff_batch(six, args.n, 0), args.n, args.sample
    ):
        print(line)
    print("memory (solve_spe, 6-level game; linear in N means constant bytes/point):")
    for line in memory_rows(six, lambda n: random_payoff_batch(six, n, 0)):
        print(line)


if __name__ == "__main__":
    main()
