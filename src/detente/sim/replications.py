"""Replications of a simulation, chunked and resumable (``detente simulate``).

Replication ``r`` uses the generator seeded by ``SeedSequence(seed, spawn_key=(r,))``, the
``r``-th child of ``SeedSequence(seed).spawn(...)``: the same numbers whatever the chunk size,
the number of workers or the order in which chunks finish.

References
----------
O'Neill, M. E. (2015). PCG: A family of simple fast space-efficient statistically good
algorithms for random number generation (NumPy's SeedSequence and spawning).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.errors import InputError
from detente.sim.chunk_runner import ChunkRun, run_chunks
from detente.sim.international_system import InternationalSystem
from detente.sim.sim_config import SimulationConfig
from detente.sim.system_state import SystemState, state_from_data, synthetic_state

__all__ = [
    "replication_overview",
    "replication_seed",
    "run_replications",
    "simulate_chunk",
    "simulate_once",
]


def replication_seed(seed: int | np.random.Generator, replication: int) -> np.random.Generator:
    """Generator of replication ``replication``: ``SeedSequence(seed).spawn(...)[r]``."""
    if isinstance(seed, np.random.Generator):
        seed = int(seed.integers(2**63))
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(int(replication),)))


@lru_cache(maxsize=4)
def _data_state(year: int, data_dir: str | None) -> SystemState:
    """The real system of ``year`` (types drawn later per replication), cached per worker."""
    return state_from_data(year, data_dir, seed=0)


def initial_state(config: SimulationConfig, rng: np.random.Generator) -> SystemState:
    """The starting system of one replication (types and synthetic layouts drawn from rng)."""
    start = config.start
    if start.source == "synthetic":
        return synthetic_state(start.n_states, rng)
    state = _data_state(start.year, start.data_dir).copy()
    state.resolve = rng.beta(2.0, 2.0, state.n)
    state.bluff = rng.beta(1.5, 3.0, state.n)
    return state


def simulate_once(
    config: SimulationConfig, replication: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run replication ``replication`` of ``config``: (events, summaries), tagged."""
    rng = replication_seed(config.seed, replication)
    state = initial_state(config, rng)
    start = config.start.year if config.start.source == "data" else 0
    system = InternationalSystem(
        state,
        config.model,
        config.rules,
        mapping=config.mapping,
        outcome_roles=config.outcome_roles,
        method=config.method,
        lam=config.lam,
        seed=rng,
        start_period=start,
    )
    result = system.run(config.periods)
    events = result.events
    events.insert(0, "replication", np.full(len(events), replication, dtype=np.int64))
    summaries = result.summaries
    summaries.insert(0, "replication", np.full(len(summaries), replication, dtype=np.int64))
    return events, summaries


def simulate_chunk(chunk: int, spec: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Chunk function: replications ``chunk * size`` ... of the spec's configuration."""
    config = SimulationConfig(**spec["config"])
    size, total = spec["chunk_size"], spec["replications"]
    parts = [simulate_once(config, r) for r in range(chunk * size, min(total, (chunk + 1) * size))]
    return {
        "events": pd.concat([p[0] for p in parts], ignore_index=True),
        "summaries": pd.concat([p[1] for p in parts], ignore_index=True),
    }


def run_replications(
    config: SimulationConfig,
    replications: int,
    out_dir: str | Path,
    *,
    chunk_size: int = 1,
    scheduler: Any = None,
    workers: int | None = None,
    progress: bool = True,
    after_chunk: Any = None,
) -> ChunkRun:
    """Run ``replications`` replications into ``out_dir`` (tables ``events``, ``summaries``).

    Resumable: rerun with the same arguments after an interruption to finish the missing
    chunks. See :func:`detente.sim.chunk_runner.run_chunks` for ``scheduler`` and ``workers``.
    """
    if replications < 1:
        raise InputError(f"--replications must be at least 1, got {replications}")
    if chunk_size < 1:
        raise InputError(f"--chunk-size must be at least 1, got {chunk_size}")
    spec = {
        "config": config.model_dump(mode="json"),
        "replications": int(replications),
        "chunk_size": int(chunk_size),
    }
    n_chunks = -(-replications // chunk_size)
    return run_chunks(
        simulate_chunk,
        spec,
        n_chunks,
        out_dir,
        kind="simulate",
        scheduler=scheduler,
        workers=workers,
        progress=progress,
        description=f"{replications} replications",
        after_chunk=after_chunk,
    )


#: Per-period summary columns :func:`replication_overview` reports, with their labels.
OVERVIEW_COLUMNS = {
    "crises": "crises per period",
    "disputes": "disputes per period",
    "wars": "wars per period",
    "reputation_resolve": "mean belief in resolve",
    "reputation_honesty": "mean belief in honesty",
    "alliance_density": "alliance density",
    "concentration": "capability concentration (HHI)",
}


def replication_overview(summaries: pd.DataFrame) -> pd.DataFrame:
    """What the replications did, one row per summary quantity.

    Parameters
    ----------
    summaries : DataFrame
        Per-period summaries of one or more replications (columns ``replication``,
        ``period`` and those of :data:`OVERVIEW_COLUMNS`), e.g.
        ``read_results(out, "summaries")``.

    Returns
    -------
    DataFrame
        Indexed by quantity: ``first`` and ``last`` (the mean over replications in the first
        and last period), ``mean`` (over all periods and replications) and ``sd`` (standard
        deviation across replications of each replication's mean over periods; NaN for one
        replication).
    """
    missing = {"replication", "period", *OVERVIEW_COLUMNS} - set(summaries.columns)
    if missing:
        raise InputError(f"summaries lack column(s) {', '.join(sorted(missing))}")
    if summaries.empty:
        raise InputError("no summaries: run at least one replication of one period")
    columns = list(OVERVIEW_COLUMNS)
    by_period = summaries.groupby("period")[columns].mean()
    per_replication = summaries.groupby("replication")[columns].mean()
    return pd.DataFrame(
        {
            "first": by_period.iloc[0],
            "last": by_period.iloc[-1],
            "mean": summaries[columns].mean(),
            "sd": per_replication.std(ddof=1),
        }
    ).rename_axis("quantity")
