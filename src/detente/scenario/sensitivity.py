"""Global sensitivity: which uncertain assumptions the answer depends on, and how much.

Sobol indices (first-order ``S1`` and total ``ST``) of the main probability, ``P(the threat
works | x)`` (deterrence holds, or the target complies), and of the risk of war
``P(war or nuclear war | x)``, at each point of Saltelli's design over the unit hypercube
(SALib); each column is mapped through the field's own inverse CDF, so the indices refer to
the distributions written in the scenario file. The whole design goes through the mapping's
kernel in one batched call.

:func:`range_effects` then asks what the main probability becomes when one field sits at a
plausible end of its distribution (its 5th and 95th percentiles) while every other field keeps
its Monte Carlo draws: the answer's dependence on that assumption, in the answer's own units.

References
----------
Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical models and their
Monte Carlo estimates. Mathematics and Computers in Simulation 55, 271-280.
Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Computer
Physics Communications 181(2), 259-270.
Herman, J. & Usher, W. (2017). SALib: an open-source Python library for sensitivity analysis.
Journal of Open Source Software 2(9), 97.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from detente.scenario.calibration import Calibration
from detente.scenario.monte_carlo import evaluate, uncertain_paths
from detente.scenario.scenario_schema import Scenario

#: Base sample size of the Saltelli design (a power of two).
BASE_SAMPLES = 512
#: The plausible ends of a field's distribution in :func:`range_effects`.
ENDS = (0.05, 0.95)


def sobol_ranking(
    scenario: Scenario,
    entropy: int,
    calibration: Calibration,
    base_samples: int = BASE_SAMPLES,
) -> list[dict[str, Any]]:
    """Uncertain fields ranked by total Sobol index of the main probability.

    Returns
    -------
    list of dict
        ``{"field", "S1", "S1_conf", "ST", "ST_conf", "ST_war", "S1_war", "distribution"}``,
        largest ``ST`` first; empty when the scenario has no uncertain field or SALib is
        missing.
    """
    paths = uncertain_paths(scenario)
    if not paths:
        return []
    try:
        from SALib.analyze import sobol as sobol_analyze
        from SALib.sample import sobol as sobol_sample
    except ImportError:  # pragma: no cover - SALib is installed with detente[scenario]
        return []
    problem = {"num_vars": len(paths), "names": paths, "bounds": [[0.0, 1.0]] * len(paths)}
    seed = int(entropy % (2**31 - 1))
    design = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    n = design.shape[0]
    uniforms = {p: np.clip(design[:, j], 1e-9, 1 - 1e-9) for j, p in enumerate(paths)}
    batch = evaluate(scenario, uniforms, n, calibration, secondary=False)
    main = _indices(sobol_analyze, problem, batch.probs["success"], seed)
    war = _indices(sobol_analyze, problem, batch.probs["war"] + batch.probs["nuclear"], seed)
    dists = scenario.uncertain_fields()
    rows = [
        {
            "field": p,
            "S1": main[0][j],
            "S1_conf": main[1][j],
            "ST": main[2][j],
            "ST_conf": main[3][j],
            "S1_war": war[0][j],
            "ST_war": war[2][j],
            "distribution": dists[p].describe(),
        }
        for j, p in enumerate(paths)
    ]
    return sorted(rows, key=lambda r: -r["ST"])


def _indices(analyze, problem: dict, y: np.ndarray, seed: int) -> tuple[list[float], ...]:
    k = problem["num_vars"]
    if np.ptp(y) < 1e-12:
        return ([0.0] * k,) * 4
    with np.errstate(all="ignore"):
        res = analyze.analyze(
            problem, y, calc_second_order=False, print_to_console=False, seed=seed
        )
    s1, st = np.nan_to_num(res["S1"]), np.nan_to_num(res["ST"])
    return (
        [float(np.clip(x, 0, 1)) for x in s1],
        [float(x) for x in np.nan_to_num(res["S1_conf"])],
        [float(np.clip(x, 0, 1)) for x in st],
        [float(x) for x in np.nan_to_num(res["ST_conf"])],
    )


def range_effects(
    scenario: Scenario,
    uniforms: dict[str, np.ndarray],
    n: int,
    calibration: Calibration,
    fields: list[str],
) -> list[dict[str, Any]]:
    """The main probability with each field at its 5th and 95th percentile, other fields at
    their draws (same draws as the baseline).

    Returns
    -------
    list of dict
        ``{"field", "distribution", "low_value", "high_value", "p_low", "p_high"}`` per
        field, in the order given.
    """
    dists = scenario.uncertain_fields()
    out = []
    for path in fields:
        row: dict[str, Any] = {"field": path, "distribution": dists[path].describe()}
        for end, tag in zip(ENDS, ("low", "high"), strict=True):
            fixed = dict(uniforms) | {path: np.full(n, end)}
            batch = evaluate(scenario, fixed, n, calibration, secondary=False)
            row[f"{tag}_value"] = float(dists[path].ppf(np.asarray(end)))
            row[f"p_{tag}"] = float(np.mean(batch.probs["success"]))
        out.append(row)
    return out
