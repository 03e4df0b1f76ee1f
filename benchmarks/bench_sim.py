"""International-system simulation and sweeps: detente against Mesa 3, memory, Dask scaling.

Cases (``--case``), in one run:

``default``, ``busy``, ``large``
    **Steps per second, detente vs Mesa 3**, like-for-like. The same rule set (crisis draws
    on politically relevant dyads, cheap-talk threats and Bayesian beliefs,
    unilateral-deterrence SPE, reputations, war costs and growth, alliance
    formation/abandonment/lapse, hostility memory, per-period summaries with dyad counts by
    type) written as Mesa agents and a Mesa model (Python loops over agents and dyads, scalar
    closed-form SPE) and as detente's system (one batched engine call per period; the
    per-crisis bookkeeping in compiled Numba loops, sim/period_kernels.py). Both use the same
    algorithms (shared public belief counts, capability-ratio counts from sorted capabilities,
    reputation means over every observer-target pair each period); the difference is
    interpreted Python loops vs. arrays and compiled loops. ``default``: 200 states, 200
    periods; ``busy``: the same with crisis rate 0.3 instead of 0.02; ``large``: 500 states,
    40 periods. Each run is on a freshly built system; building is timed apart (the first
    detente system in a process loads the compiled kernels, ~0.3 s) and printed with a ratio
    that includes it. detente's time includes building its event table and summaries (``run``
    returns them); Mesa's includes building its DataCollector frame. Both single-threaded
    (the simulation's engine calls use one thread; Numba kernels are serial).
``sweep``
    **Peak memory of a parameter sweep** of 1 million and 10 million points (quick: 1 million)
    of ``unilateral_deterrence`` (grid, 250,000-point chunks, Parquet output), each in a fresh
    process (peak resident set size of that process, ``VmHWM`` from ``/proc/self/status``:
    ``getrusage``'s ``ru_maxrss`` is no good here, since Linux carries the parent's peak over
    ``fork`` and ``exec``, so every size would show the benchmark's own footprint).
``profile`` (only when asked for)
    Where a step's time goes: CPU time per step of each stage at crisis rates 0.02 and 0.3.
``dask``
    **Dask speed-up** from one to two workers (``LocalCluster``, one thread each, kernels
    loaded before timing) on replications of a synthetic system of the same size.

Timing of the steps, the same on both sides: the median of ``--repeats`` runs (default 5),
each on a fresh system (no separate warm-up: the kernels are loaded when the first system
is built, outside the timed run); the best run's ratio is printed beside it.

Run: ``python benchmarks/bench_sim.py [--quick] [--case NAME] [--repeats 5] [--json FILE]``
(Mesa: ``pip install "detente[bench]"``.)
"""

from __future__ import annotations

import argparse
import bisect
import logging
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from benchmark_record import Recorder, Row, add_common_options, selected

from detente.sim import InternationalSystem, SimRules, SystemState, synthetic_state
from detente.sim.replications import run_replications
from detente.sim.sim_config import SimulationConfig, StartConfig
from detente.sim.stylized_facts import GROUPS

# --- the Mesa 3 peer --------------------------------------------------------------------


def build_mesa_model(state: SystemState, rules: SimRules, seed: int):
    """A Mesa 3 model of the same rules (class defined here so mesa stays optional)."""
    import mesa

    class StateAgent(mesa.Agent):
        """One state: its attributes and its beliefs about every other state (lists)."""

        def __init__(self, model: mesa.Model, index: int, s: SystemState) -> None:
            super().__init__(model)
            n = s.n
            self.index = index
            self.capability = float(s.capability[index])
            self.regime = float(s.regime[index])
            self.resolve = float(s.resolve[index])
            self.bluff = float(s.bluff[index])
            self.major = bool(s.major[index])
            self.belief_firm = [float(x) for x in s.belief_firm[index]]
            self.belief_back = [float(x) for x in s.belief_back[index]]
            self.honest = [float(x) for x in s.honest[index]]
            self.bluffed = [float(x) for x in s.bluffed[index]]
            self.allies = {int(j) for j in np.nonzero(s.allied[index])[0]}
            self.neighbours = {int(j) for j in np.nonzero(s.contiguous[index])[0]}
            _ = n

        def observe(self, target: int, firm: bool, threat: bool, weight: float) -> None:
            """Own observation (the extra weight beyond what every state saw)."""
            if firm:
                self.belief_firm[target] += weight
            else:
                self.belief_back[target] += weight
            if threat:
                if firm:
                    self.honest[target] += weight
                else:
                    self.bluffed[target] += weight

        def grow(self) -> None:
            r = self.model.rules
            self.capability *= math.exp(r.growth_mean + r.growth_sd * self.random.gauss(0, 1))

    class SystemModel(mesa.Model):
        def __init__(self) -> None:
            super().__init__(seed=seed)
            self.rules = rules
            self.states = [StateAgent(self, i, state) for i in range(state.n)]
            self.hostility: dict[tuple[int, int], float] = {}
            # shared counts: firm, back, honest, bluffed per target
            self.public = [[0.0] * state.n for _ in range(4)]
            self.pairs = [
                (i, j)
                for i in range(state.n)
                for j in range(i + 1, state.n)
                if j in self.states[i].neighbours or self.states[i].major or self.states[j].major
            ]
            self.datacollector = mesa.DataCollector(
                model_reporters={"disputes": lambda m: m.last_disputes}
            )
            self.last_disputes = 0

        def solve(self, ch: StateAgent, df: StateAgent, p_win: float, belief: float, share):
            """Closed-form SPE of unilateral deterrence with the default mapping."""
            r = self.rules
            stake, cost = r.stake, r.war_cost
            audience = r.audience_cost * df.regime
            a_ch, s_ch = stake, 0.0
            d_ch = min(max(stake * (2 * p_win - 1) - cost, -10), 10)
            c_def = min(max(-stake - audience, -10), 10)
            hard = min(max(-0.5 * stake - 0.5 * cost * (1 - share), -10), 10)
            soft = min(max(-stake - audience - cost - 0.5, -10), 10)
            q = belief * (hard > c_def) + (1 - belief) * (soft > c_def)
            demand = q * d_ch + (1 - q) * a_ch > s_ch
            return demand, hard > c_def, soft > c_def

        def step(self) -> None:
            r, rnd, agents = self.rules, self.random, self.states
            crises = []
            for i, j in self.pairs:
                a, b = agents[i], agents[j]
                rate = r.crisis_rate
                if j in a.neighbours:
                    rate *= r.contiguity_multiplier
                if j in a.allies:
                    rate *= r.alliance_multiplier
                if a.regime > 0 and b.regime > 0:
                    rate *= r.democratic_peace
                if rnd.random() < min(rate, 1.0):
                    crises.append((b, a) if rnd.random() < 0.5 else (a, b))
            disputes = []
            for ch, df in crises:
                allies = sum(agents[k].capability for k in df.allies if k != ch.index)
                support = r.ally_weight * allies
                p_win = ch.capability / (ch.capability + df.capability + support)
                hard = rnd.random() < df.resolve
                threat = hard or rnd.random() < df.bluff
                j, pub = df.index, self.public
                f, b = ch.belief_firm[j] + pub[0][j], ch.belief_back[j] + pub[1][j]
                h, x = ch.honest[j] + pub[2][j], ch.bluffed[j] + pub[3][j]
                rr, bb = f / (f + b), x / (x + h)
                belief = rr / (rr + (1 - rr) * bb) if threat else 0.0
                share = support / (df.capability + support)
                demand, hard_denies, soft_denies = self.solve(ch, df, p_win, belief, share)
                if not demand:
                    continue
                firm = hard_denies if hard else soft_denies
                war = firm and rnd.random() < r.war_escalation
                disputes.append((ch, df))
                # reputations: what every state saw is shared, the challenger saw more
                w = r.audience_weight
                self.public[0 if firm else 1][df.index] += w
                if threat:
                    self.public[2 if firm else 3][df.index] += w
                ch.observe(df.index, firm, threat, 1.0 - w)
                if firm:
                    fought = 1.0 + war
                    win = rnd.random() < p_win
                    lc, ld = (
                        r.war_loss * fought * ch.capability,
                        r.war_loss * fought * df.capability,
                    )
                    prize = ld if win else lc
                    ch.capability -= lc
                    df.capability -= ld
                    winner, loser = (ch, df) if win else (df, ch)
                    winner.capability += prize
                    loser.capability -= prize
                    for k in list(df.allies):  # abandonment
                        if k != ch.index and rnd.random() >= r.alliance_reliability:
                            df.allies.discard(k)
                            agents[k].allies.discard(df.index)
                else:
                    moved = r.concession_transfer * df.capability
                    ch.capability += moved
                    df.capability -= moved
                ch.capability = max(ch.capability, 1e-9)
                df.capability = max(df.capability, 1e-9)
            for x, (c1, d1) in enumerate(disputes):  # common threat -> alliance
                for c2, d2 in disputes[x + 1 :]:
                    if c1 is c2 and d1 is not d2 and rnd.random() < r.alliance_formation:
                        d1.allies.add(d2.index)
                        d2.allies.add(d1.index)
            for agent in agents:
                for k in list(agent.allies):
                    if k > agent.index and rnd.random() < r.alliance_decay:
                        agent.allies.discard(k)
                        agents[k].allies.discard(agent.index)
            self.agents.do("grow")
            for key in list(self.hostility):
                self.hostility[key] *= r.hostility_decay
            for ch, df in disputes:
                key = (min(ch.index, df.index), max(ch.index, df.index))
                self.hostility[key] = self.hostility.get(key, 0.0) + 1.0
            self.summarise(disputes)
            self.datacollector.collect(self)

        def summarise(self, disputes: list) -> None:
            """The summary detente keeps: reputation means, alliance density, concentration,
            dyads and disputes by type (capability-ratio counts from sorted log capabilities,
            as detente does; contiguity and alliance counts from the agents' sets)."""
            agents, n = self.states, len(self.states)
            pf, pb, ph, px = self.public

            def mean_belief(s_of, f_of, ps, pf_) -> float:
                return sum(
                    (s_of(a)[j] + ps[j]) / (s_of(a)[j] + ps[j] + f_of(a)[j] + pf_[j])
                    for a in agents
                    for j in range(n)
                    if j != a.index
                ) / (n * (n - 1))

            self.reputation = mean_belief(lambda a: a.belief_firm, lambda a: a.belief_back, pf, pb)
            self.honesty = mean_belief(lambda a: a.honest, lambda a: a.bluffed, ph, px)
            total = sum(a.capability for a in agents)
            self.concentration = sum((a.capability / total) ** 2 for a in agents)
            n_pairs = n * (n - 1) // 2
            allied = sum(len(a.allies) for a in agents) // 2
            logs = sorted(math.log(a.capability) for a in agents)
            above = [
                sum(n - bisect.bisect_left(logs, x + math.log(c)) for x in logs) for c in (3, 10)
            ]
            pairs = {(min(c.index, d.index), max(c.index, d.index)) for c, d in disputes}
            groups = dict.fromkeys(GROUPS, 0)
            for i, j in pairs:
                a, b = agents[i], agents[j]
                groups["contiguous" if j in a.neighbours else "noncontiguous"] += 1
                groups["allied" if j in a.allies else "nonallied"] += 1
                ratio = max(a.capability, b.capability) / min(a.capability, b.capability)
                groups[
                    "parity" if ratio < 3 else "advantage" if ratio < 10 else "preponderance"
                ] += 1
            self.counts = {
                "allied": allied,
                "nonallied": n_pairs - allied,
                "parity": n_pairs - above[0],
                "advantage": above[0] - above[1],
                "preponderance": above[1],
                "disputes": groups,
            }
            self.last_disputes = len(pairs)

    return SystemModel()


def _timed(fn) -> tuple[float, float]:
    """Wall and CPU seconds of ``fn()`` (CPU time is robust to other load on shared cores)."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def _fresh_runs(build, run, repeats: int) -> tuple:
    """``repeats`` times: build a fresh system (timed) and run it (wall and CPU timed).

    Returns the last system and the lists of set-up, wall and CPU seconds.
    """
    setups, walls, cpus = [], [], []
    for _ in range(repeats):
        w0 = time.perf_counter()
        system = build()
        setups.append(time.perf_counter() - w0)
        wall, cpu = _timed(lambda system=system: run(system))
        walls.append(wall)
        cpus.append(cpu)
    return system, setups, walls, cpus


def bench_steps(
    rec: Recorder, case: str, n_states: int, periods: int, rules: SimRules, repeats: int
) -> None:
    """Median of ``repeats`` runs for each peer, each run on a freshly built system."""
    state = synthetic_state(n_states, seed=1)
    system, setups_d, walls_d, cpus_d = _fresh_runs(
        lambda: InternationalSystem(state, seed=2, rules=rules),
        lambda system: system.run(periods),
        repeats,
    )
    disputes_d = system.result().summaries["disputes"].mean()
    wall_d, cpu_d = float(np.median(walls_d)), float(np.median(cpus_d))
    print(
        f"{case}: {n_states} states x {periods} periods, crisis rate {rules.crisis_rate}, "
        f"same rule set and start, median of {repeats} runs"
    )
    print(
        f"   detente (arrays and compiled loops, one engine call per period): {wall_d:.3f} s "
        f"wall / {cpu_d:.3f} s CPU, {periods / wall_d:,.0f} steps/s wall, "
        f"{periods / cpu_d:,.0f} steps/s CPU; {disputes_d:.1f} disputes/period"
    )
    method = (
        "InternationalSystem.run: one batched engine call a period, compiled bookkeeping "
        "(Numba), event table and summaries"
    )
    try:
        import mesa
    except ImportError:
        print('   Mesa 3 not installed: pip install "detente[bench]" (skipping the comparison)')
        rec.add(
            Row(
                "sim", case, "internal", method, "", "steps/s", periods / wall_d,
                statistic=f"median of {repeats} runs", note="Mesa not installed",
            )
        )  # fmt: skip
        return

    def run_mesa(model) -> None:
        for _ in range(periods):
            model.step()
        model.datacollector.get_model_vars_dataframe()

    model, setups_m, walls_m, cpus_m = _fresh_runs(
        lambda: build_mesa_model(state, rules, seed=2), run_mesa, repeats
    )
    disputes_m = model.datacollector.get_model_vars_dataframe()["disputes"].mean()
    wall_m, cpu_m = float(np.median(walls_m)), float(np.median(cpus_m))
    print(
        f"   Mesa {mesa.__version__} (agents, Python loops over dyads): {wall_m:.2f} s wall / "
        f"{cpu_m:.2f} s CPU, {periods / wall_m:,.1f} steps/s wall, {periods / cpu_m:,.1f} "
        f"steps/s CPU; {disputes_m:.1f} disputes/period"
    )
    best_ratio = min(walls_m) / min(walls_d)
    print(
        f"   ratio detente / Mesa: {wall_m / wall_d:.0f}x wall, {cpu_m / cpu_d:.0f}x CPU "
        f"(median of {repeats}; best-run wall ratio {best_ratio:.0f}x; target >= 50x)"
    )
    setup_d, setup_m = setups_d[0], float(np.median(setups_m))
    with_setup = (wall_m + setup_m) / (wall_d + setup_d)
    print(
        f"   set-up, not in the times above: building the system took {setup_d:.2f} s for "
        f"detente's first build (later builds {min(setups_d):.2f} s; the first in a process "
        f"loads the compiled kernels from Numba's cache, ~0.3 s) and {setup_m:.2f} s for "
        f"Mesa; one run with its set-up included (detente's first build): {with_setup:.0f}x"
    )
    rec.add(
        Row(
            "sim", f"{case}: {n_states} states x {periods} periods, crisis rate "
            f"{rules.crisis_rate}", "like-for-like", method,
            f"Mesa {mesa.__version__}: the same rules as agents and a model (Python loops "
            "over agents and dyads, DataCollector)",
            "steps/s", periods / wall_d, periods / wall_m, None, wall_m / wall_d, None,
            f"median of {repeats} runs each side (wall; CPU-time ratio {cpu_m / cpu_d:.0f}x, "
            f"best-run ratio {best_ratio:.0f}x)",
            f"{disputes_d:.0f} vs {disputes_m:.0f} disputes/period; set-up not timed (with "
            f"detente's first build, which loads the kernels: {with_setup:.0f}x); target "
            ">= 50x",
        )
    )  # fmt: skip


_SWEEP_CHILD = """
import resource, sys, time
from detente.sim.parameter_sweep import run_sweep
side, out, chunk = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
run_sweep("unilateral_deterrence", ["p_def=0:1:1000", f"d_ch=-2:0.5:{side}"], out,
          workers=1, progress=False, chunk_size=chunk)
elapsed = time.perf_counter() - t0
try:  # this process's own peak (VmHWM: the peak of its memory map, new at exec)
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    peak_kb, source = int(status.split()[0]), "VmHWM"
except (OSError, IndexError):  # not Linux: ru_maxrss, which may include the parent's peak
    peak_kb, source = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "ru_maxrss"
print(elapsed, peak_kb, source)
"""


def _sweep_child(points: int, chunk: int) -> tuple[float, float, str]:
    """Seconds, peak MiB and how the peak was read, of one sweep in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", _SWEEP_CHILD, str(points // 1000), str(Path(tmp) / "s"),
             str(chunk)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()  # fmt: skip
    return float(out[0]), int(out[1]) / 1024, out[2]


def bench_sweep_memory(rec: Recorder, sizes: list[int], chunk: int = 250_000) -> None:
    print(
        f"sweep of unilateral_deterrence (grid, {chunk:,}-point chunks, Parquet), "
        "each in a fresh process"
    )
    peaks = {}
    for points in sizes:
        elapsed, peak, source = _sweep_child(points, chunk)
        peaks[points] = peak
        print(
            f"   {points:>11,} points: {elapsed:6.1f} s ({points / elapsed:,.0f} points/s), "
            f"peak RSS {peak:,.0f} MiB ({source})"
        )
        rec.add(
            Row(
                "sim", f"sweep, {points / 1e6:g} M points", "internal",
                f"run_sweep unilateral_deterrence, {chunk:,}-point chunks to Parquet, one "
                "worker, in a fresh process",
                "", "points/s", points / elapsed, statistic="one run",
                note=f"peak RSS {peak:,.0f} MiB ({source})",
            )
        )  # fmt: skip
    if len(peaks) > 1:
        (n1, m1), (n2, m2) = min(peaks.items()), max(peaks.items())
        print(f"   peak memory ratio {n2:,} / {n1:,} points: {m2 / m1:.2f} (independent: ~1)")
    # the measurement can tell: memory does grow with the points held at once
    points = min(sizes)
    _, peak, _ = _sweep_child(points, points)
    print(f"   for contrast, {points:,} points in one chunk: peak RSS {peak:,.0f} MiB")


def _warm_worker() -> None:
    """Import the simulation and load its compiled kernels (once per worker process)."""
    from detente.sim.period_kernels import warm_up

    warm_up()


def bench_dask(rec: Recorder, replications: int, n_states: int, periods: int) -> None:
    """Replications on a ``LocalCluster`` of one and of two single-threaded worker processes.

    Workers are started and their kernels loaded before the clock starts (a cluster is started
    once per study, not per replication); the time is submitting every replication, running it
    and writing its Parquet chunk.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("Dask distributed not installed: pip install 'detente[sim]' (skipped)")
        return
    config = SimulationConfig(periods=periods, seed=3, start=StartConfig(n_states=n_states))
    times = {}
    for n_workers in (1, 2):
        with (
            LocalCluster(
                n_workers=n_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,  # workers' heartbeat noise at shutdown
            ) as cluster,
            Client(cluster) as client,
            tempfile.TemporaryDirectory() as tmp,
        ):
            client.run(_warm_worker)
            t0 = time.perf_counter()
            run_replications(config, replications, tmp, scheduler=client, progress=False)
            times[n_workers] = time.perf_counter() - t0
    print(
        f"Dask LocalCluster, {replications} replications of {n_states} states x {periods} "
        f"periods: 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s, "
        f"speed-up {times[1] / times[2]:.2f}x (machine has 2 shared cores)"
    )
    rec.add(
        Row(
            "sim", f"Dask, {replications} replications", "internal",
            f"run_replications of {n_states} states x {periods} periods on a LocalCluster of "
            "2 single-threaded workers",
            "the same on 1 worker", "replications/s", replications / times[2],
            replications / times[1], None, times[1] / times[2], None, "one run each",
            "ratio = speed-up from 1 to 2 workers",
        )
    )  # fmt: skip


def profile_steps(n_states: int, periods: int, repeats: int) -> None:
    """Where a step's time goes: CPU time per step of each stage (a wrapper around each call
    adds well under a microsecond), median over ``repeats`` runs, at both crisis rates."""
    import detente.sim.international_system as system_module
    from detente.sim.crisis_mapping import CrisisMapping
    from detente.sim.period_kernels import UniformStream

    clock = time.thread_time
    spent: dict[str, float] = {}
    stages = {
        "solve_spe": "one solve_spe call on every crisis of the period",
        "draw_crises": "drawing crises, beliefs and allies' support (compiled)",
        "apply_disputes": "consequences: reputations, capabilities, alliances, hostility "
        "(compiled)",
        "mean_beta_beliefs": "summary: all-pairs reputation means (compiled)",
        "dyad_counts": "summary: dyad counts (compiled)",
        "parameters": "mapping crisis quantities to model parameters (twice: beliefs, truth)",
        "sample_choice_terminals": "sampling one play per crisis (compiled)",
        "reserve": "random-number blocks",
    }

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += clock() - start

        return wrapper

    originals = {}
    for name in stages:
        owner = {"parameters": CrisisMapping, "reserve": UniformStream}.get(name, system_module)
        originals[name] = (owner, getattr(owner, name))
        setattr(owner, name, timed(name, getattr(owner, name)))
    try:
        state = synthetic_state(n_states, seed=1)
        print(f"profile: CPU time per step by stage, {n_states} states x {periods} periods, "
              f"median of {repeats} runs")  # fmt: skip
        columns = {}
        for rate in (0.02, 0.3):
            per_run = []
            for _ in range(repeats):
                spent.update(dict.fromkeys(stages, 0.0))
                system = InternationalSystem(state, seed=2, rules=SimRules(crisis_rate=rate))
                start = clock()
                system.run(periods)
                total = clock() - start
                per_run.append({**spent, "run (every stage, the rest and the event table)": total})
            columns[rate] = {
                k: 1e6 * float(np.median([r[k] for r in per_run])) / periods for k in per_run[0]
            }
        print(f"   {'stage':<75} {'rate 0.02':>10} {'rate 0.3':>10}")
        for key in columns[0.02]:
            label = stages.get(key, key)
            print(f"   {label:<75} {columns[0.02][key]:8.1f} us {columns[0.3][key]:7.1f} us")
    finally:
        for name, (owner, fn) in originals.items():
            setattr(owner, name, fn)


CASES = ["default", "busy", "large", "sweep", "dask", "profile"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_options(parser, CASES)
    parser.add_argument("--states", type=int, default=200)
    parser.add_argument("--periods", type=int, default=None, help="200 (quick: 40)")
    parser.add_argument("--skip-10m", action="store_true", help="sweep only 1M points")
    parser.add_argument("--replications", type=int, default=None, help="16 (quick: 4)")
    args = parser.parse_args(argv)
    quick = args.quick
    k = args.repeats or (3 if quick else 5)
    periods = args.periods or (40 if quick else 200)
    rec = Recorder("sim", args.json)
    if selected(args, "default"):
        bench_steps(rec, "default", args.states, periods, SimRules(), k)
    if selected(args, "busy"):
        bench_steps(rec, "busy", args.states, periods, SimRules(crisis_rate=0.3), k)
    if selected(args, "large"):
        bench_steps(rec, "large", 500, 10 if quick else 40, SimRules(), k)
    if selected(args, "sweep"):
        skip = args.skip_10m or quick
        bench_sweep_memory(rec, [1_000_000] if skip else [1_000_000, 10_000_000])
    if args.case and "profile" in args.case:  # on request only: not a figure of the table
        profile_steps(args.states, periods, k)
    if selected(args, "dask"):
        replications = args.replications or (4 if quick else 16)
        bench_dask(rec, replications, args.states, 50 if quick else periods)


if __name__ == "__main__":
    main()
