"""A many-state international system simulated with registered deterrence models.

States are rows of NumPy arrays (Mesa's vocabulary, not its speed); every crisis of a period
is solved in one batched engine call::

    from detente.sim import InternationalSystem, synthetic_state

    system = InternationalSystem(synthetic_state(50, seed=1), "unilateral_deterrence", seed=1)
    result = system.run(100)
    result.events        # MID-like event table
    result.summaries     # one row per period

Replications and parameter sweeps run in chunks on a process pool or Dask
(:func:`run_replications`, :func:`run_sweep`), resumably, into partitioned Parquet.
"""

from __future__ import annotations

from detente.sim.crisis_mapping import DEFAULT_MAPPINGS, QUANTITIES, ROLES, CrisisMapping
from detente.sim.international_system import InternationalSystem, SimulationResult
from detente.sim.system_rules import SimRules
from detente.sim.system_state import SystemState, state_from_data, synthetic_state

__all__ = [
    "DEFAULT_MAPPINGS",
    "QUANTITIES",
    "ROLES",
    "CrisisMapping",
    "InternationalSystem",
    "SimRules",
    "SimulationResult",
    "SystemState",
    "state_from_data",
    "synthetic_state",
]
