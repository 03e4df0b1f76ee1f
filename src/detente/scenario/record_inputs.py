"""The crisis inputs of many scenarios at once: one array per input, crises x draws.

:func:`stacked_inputs` draws each scenario's uncertain fields exactly as
:func:`~detente.scenario.analyze_scenario` does (one random stream per field path, seeded by
the crisis's own seed: :func:`crisis_seed`), turns them into crisis inputs with
:func:`~detente.scenario.crisis_variables.crisis_inputs`, and stacks them into arrays of shape
``(crises, draws)``. One call of
:func:`~detente.scenario.outcome_probabilities.outcome_probabilities` on the stack then gives
every crisis's per-draw probabilities (constants broadcast, possibly with a leading axis of
candidate calibrations), so a likelihood over the record has no Python loop over crises or
draws. Building the stack loops over the scenarios once (their structures differ); the
evaluations that a fit repeats do not.

Because the streams are the same, ``analyze_scenario(scenario, draws=D,
seed=crisis_seed(S, crisno))`` sees the same draws as row ``crisno`` of
``stacked_inputs(..., draws=D, seed=S)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from detente.errors import ParameterError
from detente.scenario.crisis_variables import INPUTS, Env, crisis_inputs
from detente.scenario.monte_carlo import field_values, stream, uncertain_paths
from detente.scenario.scenario_schema import Scenario

__all__ = ["crisis_seed", "stacked_inputs", "take_rows"]


def crisis_seed(seed: int, crisno: int) -> int:
    """The seed of one crisis's random streams, derived from the run's ``seed`` and its
    number (independent streams per crisis; the same for every run with ``seed``)."""
    state = np.random.SeedSequence([int(seed), int(crisno)]).generate_state(2, dtype=np.uint32)
    return int((int(state[0]) << 31) ^ int(state[1]))


def stacked_inputs(
    scenarios: Sequence[Scenario],
    crisnos: Sequence[int],
    draws: int,
    seed: int,
    defense_interceptors: float = 0.0,
) -> Env:
    """Crisis inputs of every scenario, stacked: input name -> array ``(crises, draws)``.

    Parameters
    ----------
    scenarios : sequence of Scenario
    crisnos : sequence of int
        The crisis number of each scenario (with ``seed``, it seeds its streams).
    draws : int
        Monte Carlo draws per crisis (fixed common random numbers for a fit).
    seed : int
    defense_interceptors : float
        The calibration's interceptors (only used with force postures).
    """
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ParameterError(f"draws must be a positive integer, got {draws!r}")
    if len(scenarios) != len(crisnos):
        raise ParameterError("stacked_inputs: one crisis number per scenario")
    out = {k: np.empty((len(scenarios), draws)) for k in INPUTS}
    for i, (scenario, crisno) in enumerate(zip(scenarios, crisnos, strict=True)):
        entropy = crisis_seed(seed, crisno)
        uniforms = {p: stream(entropy, p, draws) for p in uncertain_paths(scenario)}
        inputs = crisis_inputs(
            scenario, field_values(scenario, uniforms), None, defense_interceptors
        )
        for k in INPUTS:
            out[k][i] = inputs[k]
    return out


def take_rows(inputs: Env, rows: np.ndarray | slice) -> Env:
    """The same inputs for a subset of crises (rows of every array)."""
    return {k: v[rows] for k, v in inputs.items()}
