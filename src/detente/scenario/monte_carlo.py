"""Monte Carlo over a scenario's uncertainty: one batched engine call per model.

Each uncertain field has its own random stream, seeded from the run's seed and the field's
dotted path, so an intervention that changes one variable sees the *same* draws of everything
else (common random numbers: differences between the baseline and a what-if are not noise).

The scenario's outcome at each draw comes from the primary model (unilateral deterrence): the
challenger acts on the credibility it *perceives*; if it challenges, the defender resists with
its *true* credibility, and a war escalates to nuclear use with the scenario's escalation risk.

References
----------
Zagare, F. C. & Kilgour, D. M. (2000). Perfect Deterrence, ch. 4-5.
Glasserman, P. (2003). Monte Carlo Methods in Financial Engineering, sec. 4.2 (common random
numbers).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

from detente.errors import ParameterError
from detente.scenario.crisis_variables import Env, evaluate_variables
from detente.scenario.model_mappings import applicable_mappings, model_parameters
from detente.scenario.scenario_schema import Intervention, Scenario

HOLDS, PREVAILS, WAR, NUCLEAR = "Deterrence holds", "Challenger prevails", "War", "Nuclear war"
OUTCOMES = (HOLDS, PREVAILS, WAR, NUCLEAR)
CAUSES = ("capability", "credibility", "misperception")


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


def stream(entropy: int, key: str, n: int) -> np.ndarray:
    """``n`` uniform numbers of the stream named ``key`` (field path or a realization)."""
    return np.random.default_rng([entropy, zlib.crc32(key.encode())]).random(n)


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
    env : dict
        Field values and crisis variables, each an array of length ``n``.
    outcome : ndarray of str
        Realized scenario outcome per draw (one of :data:`OUTCOMES`).
    cause : ndarray of str
        Cause of failure per draw ("" where deterrence holds).
    deterred : ndarray of bool
    models : dict
        Model name -> its ModelSolution over the draws.
    """

    n: int
    env: Env
    outcome: np.ndarray
    cause: np.ndarray
    deterred: np.ndarray
    models: dict = field(default_factory=dict)


def evaluate(
    scenario: Scenario,
    uniforms: dict[str, np.ndarray],
    n: int,
    entropy: int,
    moves: list[Intervention] | None = None,
    secondary: bool = True,
) -> Batch:
    """Compile and solve ``n`` draws: every applicable model in one batched call each."""
    import detente.models as dm

    env = evaluate_variables(scenario, field_values(scenario, uniforms), moves)
    env = {k: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for k, v in env.items()}
    models = {}
    for mapping, _ in applicable_mappings(scenario):
        if not (mapping.primary or secondary):
            continue
        model = dm.get(mapping.model)
        m = min(n, mapping.max_draws or n)
        sub = env if m == n else {k: v[:m] for k, v in env.items()}
        params = model_parameters(mapping, scenario, sub, m)
        models[mapping.model] = model.solve(params, method=mapping.method, **mapping.options)
    primary = models["unilateral_deterrence"]
    deterred = primary.outcome == "Status Quo"
    resisted = stream(entropy, "__defender_resists", n) < env["credibility_true"]
    escalates = stream(entropy, "__war_escalates", n) < env["escalation_risk"]
    outcome = np.where(
        deterred, HOLDS, np.where(~resisted, PREVAILS, np.where(escalates, NUCLEAR, WAR))
    ).astype(object)
    th = primary.theory.values
    capability = np.asarray(th["capability"], dtype=bool)
    would_deter = env["credibility_true"] >= th["credibility_threshold"]
    cause = np.where(
        deterred,
        "",
        np.where(~capability, "capability", np.where(would_deter, "misperception", "credibility")),
    ).astype(object)
    return Batch(n, env, outcome, cause, deterred, models)


def wilson(k: np.ndarray | int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a binomial share ``k / n`` (95 % by default).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. JASA 22(158), 209-212.
    """
    if n <= 0:
        return (0.0, 1.0)
    p = float(k) / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    lo, hi = float(max(0.0, centre - half)), float(min(1.0, centre + half))
    return (min(lo, p), max(hi, p))


def outcome_table(outcome: np.ndarray) -> dict[str, dict[str, float]]:
    """Label -> {p, lo, hi} (Wilson 95 %) over the draws."""
    n = len(outcome)
    out = {}
    for label in OUTCOMES:
        k = int(np.count_nonzero(outcome == label))
        lo, hi = wilson(k, n)
        out[label] = {"p": k / n, "lo": lo, "hi": hi}
    return out


def cause_table(cause: np.ndarray) -> dict[str, dict[str, float]]:
    """Cause -> {share, lo, hi, count} among the draws where deterrence fails."""
    failed = int(np.count_nonzero(cause != ""))
    out = {}
    for c in CAUSES:
        k = int(np.count_nonzero(cause == c))
        lo, hi = wilson(k, failed)
        out[c] = {"share": k / failed if failed else 0.0, "lo": lo, "hi": hi, "count": k}
    return out
