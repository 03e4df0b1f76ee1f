"""Scenario analysis at scale: time, draws/s and peak memory from 10^4 to 10^7 draws.

Cases (``--case``), in one run:

``scaling``
    **The whole analysis** of the default scenario (Cuban Missile Crisis: 12 uncertain
    fields, 3 interventions, 3 drivers; Sobol ranking, secondary models, central game) at
    10^4, 10^5, 10^6 and 10^7 draws (quick: up to 10^6), each run in a fresh process that
    reads its own peak resident memory (``VmHWM`` in ``/proc/self/status``: not
    ``ru_maxrss``, which Linux carries over from the parent across ``fork``/``exec``).
    Internal figures against the issue's targets: 10^6 draws under 10 s and 1 GB, the
    10^7 peak within 1.5x of the 10^6 peak.
``monte-carlo``
    **The Monte Carlo pass against the NumPy a researcher would write**, like-for-like: the
    same kernel (:func:`detente.scenario.monte_carlo.evaluate`), the same draws, the same
    interventions and driver ends, the same summaries (means, 95 % intervals, paired
    differences, 5th/95th percentiles), once with every draw in memory at once (``np.mean``,
    ``np.std``, ``np.quantile``: the plain vectorised script) and once streamed by detente
    in 50,000-draw chunks (exact sums, percentile sketch). Both run in fresh processes;
    the peer is skipped where its memory, extrapolated linearly from its two largest runs,
    would exceed half of this machine's memory. The answers are checked equal (means to 1e-9).
``startup``
    **Start-up**: ``detente --help`` and ``detente analyze --draws 2000 --no-record``, each
    a fresh process, against the targets of 0.3 s and 1.5 s (wall clock; the CPU time is
    printed beside it, the better figure when other work shares the cores).

Timing: wall clock, the median of ``--repeats`` fresh processes (default 3; the 10^7 runs:
one), each timing one analysis after an untimed 1,000-draw warm-up in the same process
(imports, caches); the peak memory is the largest over the repeats and includes the
process's imports. The machine is shared: the figures are noisy, medians are reported.

Run: ``python benchmarks/bench_scenario.py [--quick] [--case NAME] [--repeats 3] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmark_record import Recorder, Row, add_common_options, load_average, machine, selected

REPO = Path(__file__).resolve().parents[1]
CASES = ["scaling", "monte-carlo", "startup"]
SCENARIO = "cuban_missile_crisis"

_CHILD = r"""
import json, sys, time

def peak_kb():
    # this process's own peak: VmHWM, reset at exec (ru_maxrss may hold the parent's)
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])

mode, draws = sys.argv[1], int(sys.argv[2])
from detente.scenario import analyze_scenario, load_calibration, load_scenario
scenario = load_scenario(sys.argv[3])
base_kb = peak_kb()
analyze_scenario(scenario, draws=1_000, seed=1)  # warm-up: imports, caches
cpu = time.process_time()
if mode == "analysis":
    start = time.perf_counter()
    analyze_scenario(scenario, draws=draws, seed=0)
    seconds = time.perf_counter() - start
    means = None
else:
    import numpy as np
    from detente.scenario.draw_chunks import DrawPlan, run_draws
    from detente.scenario.monte_carlo import evaluate, stream, uncertain_paths
    from detente.scenario.outcome_probabilities import CLASSES
    from detente.scenario.sensitivity import sobol_ranking

    cal = load_calibration()
    drivers = tuple(r["field"] for r in sobol_ranking(scenario, 0, cal)[:3])
    plan = DrawPlan(scenario, cal, 0, draws, tuple(scenario.interventions), drivers)
    start = time.perf_counter()
    if mode == "detente":
        totals = run_draws(plan)
        means = [totals.mean(f"{v}.{k}") for v in range(plan.variants) for k in CLASSES]
        tables = [totals.outcome_table(v, scenario.labels) for v in range(plan.variants)]
        deltas = [totals.deltas(v) for v in range(1, plan.variants)]
        causes = totals.cause_table()
        ends = [totals.driver_means(j) for j in range(len(drivers))]
    else:  # the peer: every draw in memory, NumPy summaries
        u = {p: stream(0, p, draws) for p in uncertain_paths(scenario)}
        runs = [evaluate(scenario, u, draws, cal, secondary=False)]
        runs += [evaluate(scenario, u, draws, cal, [m], secondary=False) for m in plan.moves]
        probs = [{k: r.probs[k] for k in CLASSES} for r in runs]
        causes = {c: np.asarray(runs[0].causes[c]) for c in runs[0].causes}
        del runs
        means, tables = [], []
        for p in probs:
            table = {}
            for k in CLASSES:
                x = p[k]
                m, se = x.mean(), x.std(ddof=1) / np.sqrt(draws)
                table[k] = (m, m - 1.96 * se, m + 1.96 * se, *np.quantile(x, [0.05, 0.95]))
                means.append(float(m))
            tables.append(table)
        base = probs[0]
        deltas = []
        for p in probs[1:]:
            for d in (p["success"] - base["success"],
                      p["war"] + p["nuclear"] - base["war"] - base["nuclear"],
                      p["success"] + p["compromise"] - base["success"] - base["compromise"]):
                deltas.append((d.mean(), d.std(ddof=1)))
        fail = 1 - base["success"]
        shares = {c: v.sum() / fail.sum() for c, v in causes.items()}
        ends = []
        for f in drivers:
            ends.append(tuple(
                evaluate(scenario, u | {f: np.full(draws, e)}, draws, cal,
                         secondary=False).probs["success"].mean()
                for e in (0.05, 0.95)))
    seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "cpu": time.process_time() - cpu, "peak_kb": peak_kb(),
                  "base_kb": base_kb, "means": means}))
"""


def child(mode: str, draws: int) -> dict:
    """One fresh process: seconds of the timed call, its peak and base (after import) KiB."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(draws), SCENARIO],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def repeated(mode: str, draws: int, repeats: int) -> dict:
    runs = [child(mode, draws) for _ in range(repeats)]
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "peak_mib": max(r["peak_kb"] for r in runs) / 1024,
        "base_mib": min(r["base_kb"] for r in runs) / 1024,
        "means": runs[-1]["means"],
        "statistic": f"median of {repeats} processes" if repeats > 1 else "one process",
    }


def bench_scaling(rec: Recorder, sizes: list[int], repeats: int) -> None:
    print(f"whole analysis of {SCENARIO} (Sobol, 3 interventions, 3 drivers, secondary models)")
    peaks = {}
    for draws in sizes:
        r = repeated("analysis", draws, 1 if draws >= 10**7 else repeats)
        peaks[draws] = r["peak_mib"]
        rate = draws / r["seconds"]
        note = (
            f"peak RSS {r['peak_mib']:,.0f} MiB (VmHWM; {r['base_mib']:,.0f} MiB after imports); "
            f"CPU {r['cpu']:.2f} s"
        )
        if draws == 10**6:
            ok = r["seconds"] < 10 and r["peak_mib"] < 1024
            note += f"; target < 10 s and < 1 GB: {'met' if ok else 'NOT met'}"
        if draws == 10**7 and 10**6 in peaks:
            ratio = r["peak_mib"] / peaks[10**6]
            note += f"; peak / peak at 10^6 = {ratio:.2f} (target <= 1.5: "
            note += f"{'met' if ratio <= 1.5 else 'NOT met'})"
        rec.add(
            Row(
                "scenario",
                f"analysis, {draws:.0e} draws".replace("e+0", "e"),
                "internal",
                f"analyze_scenario({SCENARIO}, draws={draws:,}): {r['seconds']:.2f} s wall",
                "",
                "draws/s",
                rate,
                statistic=r["statistic"],
                note=note,
            )
        )


def bench_monte_carlo(rec: Recorder, sizes: list[int], repeats: int) -> None:
    print("Monte Carlo pass (baseline, 3 interventions, 3 drivers x 2 ends, same kernel/draws)")
    budget_mib = _memory_mib() / 2
    measured: dict[int, float] = {}  # draws -> the peer's peak MiB
    for draws in sizes:
        k = 1 if draws >= 10**7 else repeats
        mine = repeated("detente", draws, k)
        theirs = None
        need = _extrapolate(measured, draws)
        if need is None or need < budget_mib:
            theirs = repeated("numpy", draws, k)
            measured[draws] = theirs["peak_mib"]
            worst = max(abs(a - b) for a, b in zip(mine["means"], theirs["means"], strict=True))
            assert worst < 1e-9, f"streamed and all-at-once means differ by {worst:g}"
        note = f"detente peak {mine['peak_mib']:,.0f} MiB"
        if theirs:
            note += f", NumPy peak {theirs['peak_mib']:,.0f} MiB; means equal (max diff < 1e-9)"
        else:
            note += (
                f"; NumPy all-at-once not run: it would need about {need / 1024:,.0f} GiB "
                f"(extrapolated), more than half of this machine's {budget_mib * 2 / 1024:.0f} "
                "GiB"
            )
        rec.add(
            Row(
                "scenario",
                f"Monte Carlo pass, {draws:.0e} draws".replace("e+0", "e"),
                "like-for-like",
                "draws streamed in 50,000-draw chunks: exact sums, percentile sketch",
                "plain NumPy script: every draw in memory, np.mean / np.std / np.quantile "
                "(same kernel and draws)",
                "draws/s",
                draws / mine["seconds"],
                peer=draws / theirs["seconds"] if theirs else None,
                ratio=rec.ratio(
                    draws / mine["seconds"], draws / theirs["seconds"] if theirs else None, True
                ),
                statistic=mine["statistic"] + ", both sides",
                note=note,
            )
        )


def _extrapolate(measured: dict[int, float], draws: int) -> float | None:
    """The peer's peak at ``draws``, on the line through its two largest measured runs (its
    memory grows linearly: every draw is held); None until two sizes are measured."""
    if len(measured) < 2:
        return None
    (n1, m1), (n2, m2) = sorted(measured.items())[-2:]
    return m2 + (m2 - m1) / (n2 - n1) * (draws - n2)


def _memory_mib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            return int(line.split()[1]) / 1024
    return 8 * 1024.0


def bench_startup(rec: Recorder, repeats: int) -> None:
    print("start-up, each a fresh process")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    script = [sys.executable, "-c", "from detente.cli.main import run; run()"]
    for args, target in ((["--help"], 0.3), (["analyze", "--draws", "2000", "--no-record"], 1.5)):
        seconds, cpu = [], []
        for _ in range(repeats + 1):  # the first run warms the file cache, untimed
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([*script, *args], capture_output=True, check=True, env=env)
            seconds.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        t, c = statistics.median(seconds[1:]), statistics.median(cpu[1:])
        rec.add(
            Row(
                "scenario",
                f"detente {args[0]}",
                "internal",
                f"`detente {' '.join(args)}` in a fresh process: {t:.2f} s wall, {c:.2f} s CPU",
                "",
                "s",
                t,
                statistic=f"median of {repeats}",
                note=f"target < {target} s: {'met' if t < target else 'NOT met'} (wall); CPU "
                f"{c:.2f} s; wall of each run " + ", ".join(f"{x:.2f}" for x in seconds[1:]),
                higher_is_better=False,
            )
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_options(parser, CASES)
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 3)
    m = machine()
    print(f"{m['cpu']}, {m['logical CPUs']} CPUs, {m['memory']}; load {load_average()}")
    rec = Recorder("scenario", args.json)
    sizes = [10**4, 10**5, 10**6] if args.quick else [10**4, 10**5, 10**6, 10**7]
    if selected(args, "scaling"):
        bench_scaling(rec, sizes, repeats)
    if selected(args, "monte-carlo"):
        bench_monte_carlo(rec, [10**5, 10**6] if args.quick else sizes, repeats)
    if selected(args, "startup"):
        bench_startup(rec, 3 if args.quick else max(repeats, 5))
    print(f"load after: {load_average()}")


if __name__ == "__main__":
    main()
