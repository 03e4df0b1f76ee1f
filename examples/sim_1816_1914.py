"""Worked example (docs/simulation.md): the 1816 state system run to 1914, 100 replications,
compared with the COW dispute record.

    python examples/sim_1816_1914.py --data-dir ../shared/data/cow --out runs/1816

The test suite runs a small version (2 replications of 5 years) so the example never rots.
"""

from __future__ import annotations

import argparse

from detente.sim.chunk_store import read_results
from detente.sim.replications import run_replications
from detente.sim.sim_config import SimulationConfig, StartConfig
from detente.sim.stylized_facts import compare_facts, historical_facts, simulated_facts

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data-dir", default=None, help="folder with the COW/ATOP files")
parser.add_argument("--out", default="runs/1816-1914", help="results folder (resumable)")
parser.add_argument("--replications", type=int, default=100)
parser.add_argument("--periods", type=int, default=99, help="99 years: 1816 to 1914")
parser.add_argument("--workers", type=int, default=None)
parser.add_argument("--scheduler", default=None, help="Dask scheduler address")
args = parser.parse_args()

config = SimulationConfig(
    model="unilateral_deterrence",
    periods=args.periods,
    seed=1816,
    start=StartConfig(source="data", year=1816, data_dir=args.data_dir),
)
run_replications(
    config,
    args.replications,
    args.out,
    workers=args.workers,
    scheduler=args.scheduler,
    chunk_size=5,
)
simulated = simulated_facts(read_results(args.out, "summaries"))
observed = historical_facts(1816, 1816 + args.periods - 1, args.data_dir)
comparison = compare_facts(simulated, observed)
print(comparison)
