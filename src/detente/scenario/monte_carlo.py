"""Monte Carlo over a scenario's uncertainty: per-draw outcome probabilities, batch by batch.

Each uncertain field has its own random stream, seeded from the run's seed and the field's
dotted path, so an intervention that changes one variable sees the *same* draws of everything
else (common random numbers: differences between the baseline and a what-if are not noise).

:func:`evaluate` is a pure kernel over one batch of draws (their uniforms): fields -> crisis
inputs -> :func:`~detente.scenario.outcome_probabilities.outcome_probabilities` (the primary
game's logit probabilities of each outcome class at each draw), the causes of failure at each
draw, and every applicable secondary model solved in one batched call. It keeps no state
across batches, so draws are streamed through it in chunks (:mod:`detente.scenario.draw_chunks`)
and reduced on the fly. Scenario probabilities are the means of the per-draw probabilities
(Rao-Blackwellised: the outcome of a draw is not sampled), with a Monte Carlo interval.

References
----------
Glasserman, P. (2003). Monte Carlo Methods in Financial Engineering, sec. 4.2 (common random
numbers) and sec. 4.1 (conditional Monte Carlo).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

from detente.errors import ParameterError
from detente.scenario.calibration import Calibration
from detente.scenario.crisis_variables import Env, crisis_inputs
from detente.scenario.model_mappings import applicable_mappings, model_parameters
from detente.scenario.outcome_probabilities import CLASSES, outcome_probabilities
from detente.scenario.scenario_schema import OUTCOME_LABELS, Intervention, Scenario

#: Outcome labels of a deterrence crisis, in class order (see ``OUTCOME_LABELS`` for both).
OUTCOMES = tuple(OUTCOME_LABELS["deterrence"].values())
CAUSES = ("capability", "credibility", "misperception")
#: z for the 95 % intervals.
Z95 = 1.959963984540054


def seed_entropy(seed: int | np.random.Generator | None) -> int:
    """A non-negative integer that seeds every stream of a run.

    ``None`` draws fresh entropy (recorded with the run so it can be repeated).
    """
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, 2**63 - 1))
    if seed is None:
        return int(np.random.SeedSequence().entropy % (2**63 - 1))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer or a Generator, got {seed!r}")
    return int(seed)


def stream(entropy: int, key: str, n: int, start: int = 0) -> np.ndarray:
    """Uniform numbers ``start .. start + n - 1`` of the stream named ``key`` (a field path).

    The stream is PCG64 seeded with the run's entropy and the key's CRC-32, advanced by
    ``start`` outputs (one 64-bit output per double), so a chunk of draws gets exactly the
    numbers it would have had in one long run: ``stream(e, k, n, start)`` equals
    ``stream(e, k, start + n)[start:]``.
    """
    bits = np.random.PCG64(np.random.SeedSequence([entropy, zlib.crc32(key.encode())]))
    if start:
        bits.advance(start)
    return np.random.Generator(bits).random(n)


def uncertain_paths(scenario: Scenario) -> list[str]:
    """Dotted paths of the fields that are not fixed numbers, in file order."""
    return [k for k, d in scenario.uncertain_fields().items() if not d.is_fixed]


def field_values(scenario: Scenario, uniforms: dict[str, np.ndarray]) -> Env:
    """Field values: distributions at ``uniforms`` (by path), fixed numbers as scalars."""
    out: Env = {}
    for path, dist in scenario.uncertain_fields().items():
        out[path] = dist.ppf(uniforms[path]) if path in uniforms else np.asarray(dist.central)
    return out


@dataclass
class Batch:
    """One evaluated batch of draws (baseline or an intervention).

    Attributes
    ----------
    n : int
    env : dict
        Field values, crisis inputs, derived variables and game parameters (length ``n``).
    probs : dict
        Outcome class (:data:`CLASSES`) -> its probability at each draw.
    causes : dict
        Cause (:data:`CAUSES`) -> the part of each draw's failure probability it explains.
    models : dict
        Secondary model name -> its ModelSolution over the draws (or their first ones).
    """

    n: int
    env: Env
    probs: dict[str, np.ndarray]
    causes: dict[str, np.ndarray]
    models: dict = field(default_factory=dict)


def failure_causes(env: Env) -> dict[str, np.ndarray]:
    """Split each draw's failure probability ``1 - P(success)`` among three causes.

    *capability*: the challenger expects war itself to be worth more than yielding at once,
    so no threat can stop it; *misperception*: the part of the failure a correct belief
    about the defender would have removed, ``P(success | informed) - P(success)``;
    *credibility*: the rest (even a correctly perceived threat fails). The parts sum to the
    failure probability at each draw.
    """
    fail = 1 - env["success"]
    capable = env["war_payoff_ch"] > env["yield_c"]
    mis = np.where(capable, 0.0, np.clip(env["success_if_informed"] - env["success"], 0, fail))
    cap = np.where(capable, fail, 0.0)
    return {"capability": cap, "credibility": fail - cap - mis, "misperception": mis}


def evaluate(
    scenario: Scenario,
    uniforms: dict[str, np.ndarray],
    n: int,
    calibration: Calibration,
    moves: list[Intervention] | None = None,
    secondary: bool = True,
) -> Batch:
    """Per-draw outcome probabilities of ``n`` draws given their uniforms (a pure kernel).

    Parameters
    ----------
    scenario : Scenario
    uniforms : dict
        Field path -> ``n`` uniforms (fields not given take their central value).
    n : int
        Number of draws in the batch.
    calibration : Calibration
        The mapping's constants.
    moves : list of Intervention, optional
    secondary : bool
        Also solve the applicable secondary models.
    """
    import detente.models as dm

    values = field_values(scenario, uniforms)
    inputs = crisis_inputs(scenario, values, moves, calibration["defense_interceptors"])
    out = outcome_probabilities(inputs, calibration)
    env = {**values, **inputs, **out}
    env = {k: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for k, v in env.items()}
    models = {}
    if secondary:
        for mapping, _ in applicable_mappings(scenario):
            if mapping.primary:
                continue
            model = dm.get(mapping.model)
            m = min(n, mapping.max_draws or n)
            sub = env if m == n else {k: v[:m] for k, v in env.items()}
            params = model_parameters(mapping, scenario, sub, m)
            models[mapping.model] = model.solve(params, method=mapping.method, **mapping.options)
    probs = {k: env[k] for k in CLASSES}
    return Batch(n, env, probs, failure_causes(env), models)
