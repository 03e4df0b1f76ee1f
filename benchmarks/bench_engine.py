"""Engine throughput against pygambit 16.7, both measured in this run.

Cases (``--case``):

``deterrence``
    The three-move deterrence game (4 payoff parameters), N random parameterizations.
``sixlevel``
    A full 6-level binary game with chance nodes (64 terminals, 128 payoff parameters).
``infoset``
    Deterrence with uncertain resolve: the Challenger's two nodes share an information set,
    so no backward pass exists and both sides trace the logit correspondence.
``memory``
    Peak memory of ``solve_spe`` on the 6-level game at three batch sizes (no peer).

On each perfect-information game four comparisons, like-for-like first:

1. **SPE, like-for-like**: detente's batched backward induction against the same backward
   induction written in plain Python over pygambit's tree (benchmark code: pygambit has no
   SPE solver).
2. **SPE against pygambit's own solvers** (a different problem: they compute Nash
   equilibria, not necessarily subgame perfect): ``enumpure_agent_solve`` (every pure
   agent-form equilibrium; only where the 2^k pure profiles are few) and ``lcp_solve`` in
   floating point (Lemke on the sequence form, one equilibrium of the extensive game).
3. **QRE, like-for-like**: detente's exact agent logit QRE by one backward pass
   (Signorino's statistical backward induction) against the same pass written in Python over
   pygambit's tree.
4. **QRE, different algorithms**: the same backward pass against pygambit's
   ``qre.logit_solve_lambda``, which traces the principal branch from lambda = 0 (Turocy
   2005). Same answer (checked), different method: the ratio measures the method.

Timing, the same on both sides: one untimed warm-up, then the median of ``--repeats`` timed
calls, each a whole unit of work (detente: one batched call on all N points; the peer: the
loop over its sample of games, built before the clock starts). Figures are points per second.
detente runs with its default threads (``$DETENTE_THREADS`` or min(CPUs, 4)) and with one;
pygambit and the Python walks run on one.

Run: ``python benchmarks/bench_engine.py [--quick] [--case NAME] [--n N] [--json FILE]``
"""

from __future__ import annotations

import argparse
import math
import tracemalloc

import numpy as np
from benchmark_record import (
    Recorder,
    Row,
    add_common_options,
    measure,
    selected,
    solver_threads,
)

from detente.games import (
    deterrence_game,
    incomplete_information_deterrence,
    solve_qre,
    solve_spe,
)
from detente.games.random_games import random_game, random_payoff_batch

LAM = 2.0
CASES = ["deterrence", "sixlevel", "infoset", "memory"]


# --- the peer side: plain Python over pygambit's tree -----------------------------------
def walk_spe(g) -> list[float]:
    """Backward induction over a pygambit tree (first listed action on ties): root payoffs."""
    players = list(g.players)
    mover = {p.label: i for i, p in enumerate(players)}

    def value(node) -> list[float]:
        if node.is_terminal:
            out = node.outcome
            return [float(out[p]) for p in players]
        kids = [value(c) for c in node.children]
        if node.player.is_chance:
            probs = [float(a.prob) for a in node.infoset.actions]
            pairs = list(zip(probs, kids, strict=True))
            return [sum(p * v[i] for p, v in pairs) for i in range(len(players))]
        i = mover[node.player.label]
        best = kids[0]
        for v in kids[1:]:
            if v[i] > best[i]:
                best = v
        return best

    return value(g.root)


def walk_qre(g, lam: float) -> tuple[list[float], list[float]]:
    """Statistical backward induction over a pygambit tree: the agent logit QRE of a
    perfect-information game (Signorino 1999). Returns root payoffs and the behaviour
    probabilities in pygambit's order (players, their information sets, actions)."""
    players = list(g.players)
    mover = {p.label: i for i, p in enumerate(players)}
    behaviour: dict[str, list[float]] = {}

    def value(node) -> list[float]:
        if node.is_terminal:
            out = node.outcome
            return [float(out[p]) for p in players]
        kids = [value(c) for c in node.children]
        if node.player.is_chance:
            probs = [float(a.prob) for a in node.infoset.actions]
        else:
            i = mover[node.player.label]
            top = max(v[i] for v in kids)
            weights = [math.exp(lam * (v[i] - top)) for v in kids]
            total = sum(weights)
            probs = [w / total for w in weights]
            behaviour[node.infoset.label] = probs
        pairs = list(zip(probs, kids, strict=True))
        return [sum(p * v[i] for p, v in pairs) for i in range(len(players))]

    root = value(g.root)
    flat = [x for p in players for h in p.infosets for x in behaviour[h.label]]
    return root, flat


# --- cases --------------------------------------------------------------------------------
def deterrence_batch(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {k: rng.uniform(-1, 1, n) for k in ("a", "b", "wC", "wD")}


def infoset_batch(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {k: rng.uniform(-1, 1, n) for k in ("a", "s", "d", "sD", "cD", "wDr", "wDi")}
    out["p"] = rng.uniform(0.05, 0.95, n)
    return out


def sample_games(game, batch: dict[str, np.ndarray], m: int):
    """``m`` points of the batch (fixed draw) and their pygambit games, built untimed."""
    from detente.games.gambit_bridge import to_pygambit

    n = len(next(iter(batch.values())))
    idx = np.random.default_rng(1).choice(n, size=min(m, n), replace=False)
    return idx, [to_pygambit(game, {k: float(v[j]) for k, v in batch.items()}) for j in idx]


def detente_rates(fn, n: int, repeats: int) -> tuple[float, float, object, str]:
    """Points/s with the default threads and with one; the default call's result."""
    timing, out = measure(lambda: fn(None), repeats)
    single, _ = measure(lambda: fn(1), repeats)
    return n / timing.median, n / single.median, out, timing.statistic


def in_gambit_order(game, g, strategy: np.ndarray) -> np.ndarray:
    from detente.games.gambit_bridge import gambit_action_order

    return strategy[..., gambit_action_order(game, g)]


def perfect_information_case(
    rec: Recorder, name: str, game, batch, sizes: dict[str, int], repeats: int
) -> None:
    import pygambit as gbt

    n = len(next(iter(batch.values())))
    threads = solver_threads()
    print(f"{name}: N = {n:,} points, detente threads: default {threads}, single 1")

    # 1. SPE like-for-like
    spe_rate, spe_single, spe, stat = detente_rates(
        lambda th: solve_spe(game, batch, threads=th), n, repeats
    )
    idx, games = sample_games(game, batch, sizes["walk"])
    walk_time, roots = measure(lambda: [walk_spe(g) for g in games], repeats)
    peer = len(games) / walk_time.median
    off_ties = [k for k, j in enumerate(idx) if not spe.tie[j]]
    agree = sum(np.allclose(roots[k], spe.payoffs[idx[k]], atol=1e-9) for k in off_ties)
    rec.add(
        Row(
            "engine", name, "like-for-like",
            "solve_spe: batched backward induction",
            "the same backward induction in Python over pygambit's tree (benchmark code; "
            "pygambit has no SPE solver)",
            "points/s", spe_rate, peer, spe_single,
            rec.ratio(spe_rate, peer, True), rec.ratio(spe_single, peer, True),
            f"{stat} each side; peer sample {len(games)}",
            f"root payoffs agree at {agree}/{len(off_ties)} sampled points off ties",
        )
    )  # fmt: skip

    # 2. pygambit's own Nash solvers (a different problem)
    own = []
    if sizes.get("enumpure"):
        own.append(
            (
                "enumpure_agent_solve: every pure agent-form Nash equilibrium",
                lambda g: gbt.nash.enumpure_agent_solve(g),
                sizes["enumpure"],
            )
        )
    else:
        print(
            "  enumpure_agent_solve not run: it enumerates 2^k pure profiles "
            f"(k = {len(game.tables.infosets)} information sets here)"
        )
    own.append(
        (
            "lcp_solve(rational=False): one Nash equilibrium, Lemke on the sequence form",
            lambda g: gbt.nash.lcp_solve(g, rational=False),
            sizes["lcp"],
        )
    )
    for method, solve, m in own:
        games_m = games[:m]
        t, results = measure(
            lambda solve=solve, games_m=games_m: [solve(g) for g in games_m],
            repeats if m > 5 else max(2, repeats // 2),
            warmup=lambda solve=solve, g=games_m[0]: solve(g),
        )
        rate = len(games_m) / t.median
        same = sum(
            any(
                np.allclose(
                    [float(eq.payoff(p)) for p in g.players], spe.payoffs[idx[k]], atol=1e-6
                )
                for eq in res.equilibria
            )
            for k, (res, g) in enumerate(zip(results, games_m, strict=True))
        )
        rec.add(
            Row(
                "engine", name, "different problem",
                "solve_spe: batched backward induction (the SPE)",
                f"pygambit {method}",
                "points/s", spe_rate, rate, spe_single,
                rec.ratio(spe_rate, rate, True), rec.ratio(spe_single, rate, True),
                f"{t.statistic} (peer), {stat} (detente); peer sample {len(games_m)}",
                f"an equilibrium found has the SPE's payoffs at {same}/{len(games_m)} points",
            )
        )  # fmt: skip

    # 3. QRE like-for-like
    qre_rate, qre_single, qre, stat = detente_rates(
        lambda th: solve_qre(game, batch, lam=LAM, method="recursion", threads=th), n, repeats
    )
    walk_time, walked = measure(lambda: [walk_qre(g, LAM) for g in games], repeats)
    peer = len(games) / walk_time.median
    dev = max(
        float(np.abs(np.asarray(flat) - in_gambit_order(game, g, qre.strategy[j])).max())
        for (root, flat), g, j in zip(walked, games, idx, strict=True)
    )
    rec.add(
        Row(
            "engine", name, "like-for-like",
            f"solve_qre(lam={LAM}): exact backward pass (statistical backward induction)",
            "the same backward pass in Python over pygambit's tree (benchmark code)",
            "points/s", qre_rate, peer, qre_single,
            rec.ratio(qre_rate, peer, True), rec.ratio(qre_single, peer, True),
            f"{stat} each side; peer sample {len(games)}",
            f"behaviour strategies agree to {dev:.1e} (max abs difference)",
        )
    )  # fmt: skip

    # 4. QRE against pygambit's path following (different algorithms)
    games_p = games[: sizes["path"]]
    reps = repeats if len(games_p) > 5 else max(2, repeats // 2)
    t, traced = measure(
        lambda: [gbt.qre.logit_solve_lambda(g, lam=[LAM])[0] for g in games_p],
        reps,
        warmup=lambda: gbt.qre.logit_solve_lambda(games_p[0], lam=[LAM]),
    )
    rate = len(games_p) / t.median
    dev = max(
        float(
            np.abs(
                np.array([prof[i] for i in range(len(prof))])
                - in_gambit_order(game, g, qre.strategy[j])
            ).max()
        )
        for prof, g, j in zip(traced, games_p, idx, strict=False)
    )
    rec.add(
        Row(
            "engine", name, "different algorithm",
            f"solve_qre(lam={LAM}): exact backward pass",
            "pygambit qre.logit_solve_lambda: traces the principal branch from lambda = 0",
            "points/s", qre_rate, rate, qre_single,
            rec.ratio(qre_rate, rate, True), rec.ratio(qre_single, rate, True),
            f"{t.statistic} (peer), {stat} (detente); peer sample {len(games_p)}",
            f"same QRE to {dev:.1e}; the ratio measures the method, not the implementation",
        )
    )  # fmt: skip


def infoset_case(rec: Recorder, n: int, sample: int, repeats: int) -> None:
    import pygambit as gbt

    game = incomplete_information_deterrence()
    batch = infoset_batch(n, 0)
    print(f"infoset: N = {n:,} points of {game.title!r} (one two-node information set)")
    rate, single, sol, stat = detente_rates(
        lambda th: solve_qre(game, batch, lam=LAM, threads=th), n, repeats
    )
    idx, games = sample_games(game, batch, sample)
    t, traced = measure(
        lambda: [gbt.qre.logit_solve_lambda(g, lam=[LAM])[0] for g in games],
        repeats,
        warmup=lambda: gbt.qre.logit_solve_lambda(games[0], lam=[LAM]),
    )
    peer = len(games) / t.median
    devs = [
        float(
            np.abs(
                np.array([prof[i] for i in range(len(prof))])
                - in_gambit_order(game, g, sol.strategy[j])
            ).max()
        )
        for prof, g, j in zip(traced, games, idx, strict=True)
    ]
    close = sum(d <= 1e-6 for d in devs)
    rec.add(
        Row(
            "engine", "infoset", "like-for-like",
            f"solve_qre(lam={LAM}): damped fixed point continued along a lambda schedule",
            "pygambit qre.logit_solve_lambda: traces the principal branch from lambda = 0",
            "points/s", rate, peer, single,
            rec.ratio(rate, peer, True), rec.ratio(single, peer, True),
            f"{stat} each side; peer sample {len(games)}",
            f"both trace the logit correspondence; same QRE within 1e-6 at {close}/{len(devs)} "
            f"points (max difference {max(devs):.1e}); detente converged at "
            f"{100 * float(np.mean(sol.converged)):.1f}% of its points",
        )
    )  # fmt: skip


def memory_case(rec: Recorder, sizes: list[int]) -> None:
    six = random_game(7, depth=6, max_actions=2, full=True, chance_share=0.2)
    per_point = []
    for n in sizes:
        batch = random_payoff_batch(six, n, 0)
        tracemalloc.start()
        solve_spe(six, batch)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        per_point.append(peak / n)
        print(f"  memory N={n:>7,}: peak {peak / 2**20:7.1f} MiB, {peak / n:,.0f} bytes/point")
    rec.add(
        Row(
            "engine", "memory", "internal",
            "solve_spe on the 6-level game: peak traced memory per point (tracemalloc)",
            "", "bytes/point", per_point[-1],
            statistic=f"one call each at N = {', '.join(f'{n:,}' for n in sizes)}",
            note="bytes/point at each size: "
            + ", ".join(f"{b:,.0f}" for b in per_point)
            + " (fixed overhead shrinks per point as N grows)",
            higher_is_better=False,
        )
    )  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_options(ap, CASES)
    ap.add_argument("--n", type=int, default=None, help="points per batch (default 100,000)")
    args = ap.parse_args(argv)
    quick = args.quick
    repeats = args.repeats or (3 if quick else 5)
    n = args.n or (20_000 if quick else 100_000)
    rec = Recorder("engine", args.json)
    try:
        import pygambit
    except ImportError:
        pygambit = None
        print("pygambit not installed (pip install 'detente[gambit]'): peer rows skipped")
    print(
        f"detente engine vs pygambit; lam = {LAM}; timing: one warm-up, then median of "
        f"{repeats} calls per side"
    )
    if selected(args, "deterrence") and pygambit:
        sizes = {"walk": 60, "enumpure": 60, "lcp": 60, "path": 20} if quick else {
            "walk": 300, "enumpure": 300, "lcp": 300, "path": 100,
        }  # fmt: skip
        perfect_information_case(
            rec, "deterrence", deterrence_game(), deterrence_batch(n, 0), sizes, repeats
        )
    if selected(args, "sixlevel") and pygambit:
        six = random_game(7, depth=6, max_actions=2, full=True, chance_share=0.2)
        t = six.tables
        print(
            f"6-level game: {t.n_nodes} nodes, {t.n_terminals} terminals, "
            f"{int((t.kind == 2).sum())} chance nodes"
        )
        sizes = {"walk": 20, "lcp": 1, "path": 1} if quick else {"walk": 100, "lcp": 3, "path": 3}
        perfect_information_case(
            rec, "sixlevel", six, random_payoff_batch(six, n, 0), sizes, repeats
        )
    if selected(args, "infoset") and pygambit:
        infoset_case(rec, n // 10 if quick else n // 5, 20 if quick else 100, repeats)
    if selected(args, "memory"):
        memory_case(rec, [5_000, 10_000, 20_000] if quick else [25_000, 50_000, 100_000])


if __name__ == "__main__":
    main()
