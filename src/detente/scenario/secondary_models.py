"""The other applicable models, solved on the first draws of a run: a cross-check table.

Besides the primary game, whose per-draw probabilities make the scenario's answer, every other
applicable registered model (:mod:`~detente.scenario.model_mappings`) is solved on the same
draws and its outcome shares are reported beside the primary model's. These solves cost up to
a few milliseconds per draw (PBE enumeration), so they run on the first
``min(draws, SECONDARY_DRAWS)`` draws only (a random subsample: the draws are independent), and
fewer where a mapping says so (``max_draws``); the report gives each model's count. The
subsample is evaluated in fixed blocks of draws and each engine call holds at most the
mapping's ``batch`` draws, so memory is bounded and the shares do not depend on the chunk size
of the main pass.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from detente.scenario.calibration import Calibration
from detente.scenario.model_mappings import applicable_mappings, model_parameters
from detente.scenario.monte_carlo import evaluate, stream, uncertain_paths
from detente.scenario.scenario_schema import Scenario

#: Draws on which the secondary models are solved (at most; the first ones).
SECONDARY_DRAWS = 10_000
#: Draws evaluated together before their secondary solves.
BLOCK = 2_000


def secondary_shares(
    scenario: Scenario, calibration: Calibration, entropy: int, draws: int
) -> dict[str, dict[str, Any]]:
    """Each secondary model's outcome shares on the run's first draws.

    Returns
    -------
    dict
        Model name -> {"title", "method", "draws" (solved), "outcomes" (label -> share),
        "agrees_with_theory" (share of draws where the engine's outcome is the theory's)}.
    """
    import detente.models as dm

    mappings = [m for m, _ in applicable_mappings(scenario) if not m.primary]
    total = min(draws, SECONDARY_DRAWS)
    limits = {m.model: min(total, m.max_draws or total) for m in mappings}
    counts: dict[str, dict[str, int]] = {m.model: {} for m in mappings}
    agree = dict.fromkeys(limits, 0)
    info: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    paths = uncertain_paths(scenario)
    for start in range(0, total, BLOCK):
        stop = min(start + BLOCK, total)
        u = {p: stream(entropy, p, stop - start, start) for p in paths}
        env = evaluate(scenario, u, stop - start, calibration, secondary=False).env
        for mapping in mappings:
            model = dm.get(mapping.model)
            end = min(stop, limits[mapping.model])
            step = mapping.batch or BLOCK
            for a in range(start, end, step):
                b = min(a + step, end)
                sub = {k: v[a - start : b - start] for k, v in env.items()}
                params = model_parameters(mapping, scenario, sub, b - a)
                sol = model.solve(params, method=mapping.method, **mapping.options)
                labels, n = np.unique(np.asarray(sol.outcome).astype(str), return_counts=True)
                for label, c in zip(labels.tolist(), n.tolist(), strict=True):
                    counts[mapping.model][label] = counts[mapping.model].get(label, 0) + c
                agree[mapping.model] += int(np.sum(sol.agrees_with_theory))
                info[mapping.model] = (sol.model.title, sol.method, tuple(sol.model.outcomes))
    out: dict[str, dict[str, Any]] = {}
    for mapping in mappings:
        name, solved = mapping.model, limits[mapping.model]
        if name not in info:
            continue
        title, method, outcomes = info[name]
        shares = {k: counts[name][k] / solved for k in sorted(counts[name])}
        out[name] = {
            "title": title,
            "method": method,
            "draws": solved,
            "outcomes": {k: shares.get(k, 0.0) for k in outcomes} | shares,
            "agrees_with_theory": agree[name] / solved,
        }
    return out
