"""Throughput of a full scenario analysis of the default scenario (Cuban Missile Crisis).

Measures draws per second of :func:`detente.scenario.analyze_scenario` (Monte Carlo over every
uncertain input, every applicable model in one batched engine call each, the Sobol ranking and
the file's interventions) at 20,000 / 100,000 / 300,000 draws, and compares the Monte Carlo
stage with the peer an analyst would otherwise write: a Python loop that compiles and solves
the primary model one draw at a time (timed on a subsample and reported per draw). The
primary model's per-draw probabilities come from the closed-form kernel
(:func:`detente.scenario.outcome_probabilities`).

Run: ``python benchmarks/bench_scenario.py``.
"""

from __future__ import annotations

import time

from detente.scenario import analyze_scenario, load_calibration, load_scenario
from detente.scenario.monte_carlo import evaluate, seed_entropy, stream, uncertain_paths

CALIBRATION = load_calibration()


def full_analysis(draws: int) -> float:
    scenario = load_scenario("cuban_missile_crisis")
    analyze_scenario(scenario, draws=1_000, seed=0)  # warm-up (imports, bridge cache)
    start = time.perf_counter()
    analyze_scenario(scenario, draws=draws, seed=0)
    return time.perf_counter() - start


def monte_carlo_batched(draws: int) -> float:
    scenario = load_scenario("cuban_missile_crisis")
    entropy = seed_entropy(0)
    uniforms = {p: stream(entropy, p, draws) for p in uncertain_paths(scenario)}
    start = time.perf_counter()
    evaluate(scenario, uniforms, draws, CALIBRATION, secondary=False)
    return time.perf_counter() - start


def monte_carlo_loop(draws: int) -> float:
    """The peer: one compile-and-solve per draw, in a Python loop."""
    scenario = load_scenario("cuban_missile_crisis")
    entropy = seed_entropy(0)
    uniforms = {p: stream(entropy, p, draws) for p in uncertain_paths(scenario)}
    start = time.perf_counter()
    for i in range(draws):
        evaluate(
            scenario,
            {k: v[i : i + 1] for k, v in uniforms.items()},
            1,
            CALIBRATION,
            secondary=False,
        )
    return time.perf_counter() - start


def main() -> None:
    print("full analysis of the default scenario (MC + all models + Sobol + interventions)")
    for draws in (20_000, 100_000, 300_000):
        t = full_analysis(draws)
        print(f"  {draws:>9,} draws: {t:6.2f} s  -> {draws / t:12,.0f} draws/s")
    n_loop = 300
    loop = monte_carlo_loop(n_loop) / n_loop
    batched = monte_carlo_batched(100_000) / 100_000
    print("Monte Carlo stage, primary model, per draw:")
    print(f"  detente batched (100,000 draws in one call): {batched * 1e6:8.2f} us/draw")
    print(f"  peer: Python loop, one solve per draw ({n_loop} draws): {loop * 1e6:8.1f} us/draw")
    print(f"  ratio (loop / batched): {loop / batched:,.0f}x")


if __name__ == "__main__":
    main()
