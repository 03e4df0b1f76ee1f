"""Global sensitivity: which uncertain assumptions drive the risk of war.

Sobol indices (first-order ``S1`` and total ``ST``) of the risk of war at each point of the
design, ``P(war | x) = 1[deterrence fails at x] * credibility_true(x)`` (the challenger
challenges and the defender resists),
estimated with Saltelli's design over the unit hypercube (SALib); each column is mapped
through the field's own inverse CDF, so the indices refer to the distributions written in
the scenario file. The whole design is compiled and solved in one batched call of the
primary model.

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

from detente.scenario.monte_carlo import evaluate, uncertain_paths
from detente.scenario.scenario_schema import Scenario

#: Base sample size of the Saltelli design (a power of two).
BASE_SAMPLES = 512


def sobol_ranking(
    scenario: Scenario, entropy: int, base_samples: int = BASE_SAMPLES
) -> list[dict[str, Any]]:
    """Uncertain fields ranked by total Sobol index of the risk of war, P(war | x).

    Returns
    -------
    list of dict
        ``{"field", "S1", "S1_conf", "ST", "ST_conf", "distribution"}``, largest ``ST`` first;
        empty when the scenario has fewer than one uncertain field or SALib is missing.
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
    design = sobol_sample.sample(
        problem, base_samples, calc_second_order=False, seed=int(entropy % (2**31 - 1))
    )
    n = design.shape[0]
    uniforms = {p: np.clip(design[:, j], 1e-9, 1 - 1e-9) for j, p in enumerate(paths)}
    batch = evaluate(scenario, uniforms, n, entropy, secondary=False)
    y = (~batch.deterred) * batch.env["credibility_true"]
    if np.ptp(y) == 0:
        s1 = st = np.zeros(len(paths))
        s1c = stc = np.zeros(len(paths))
    else:
        with np.errstate(all="ignore"):
            res = sobol_analyze.analyze(
                problem,
                y,
                calc_second_order=False,
                print_to_console=False,
                seed=int(entropy % (2**31 - 1)),
            )
        s1, st = np.nan_to_num(res["S1"]), np.nan_to_num(res["ST"])
        s1c, stc = np.nan_to_num(res["S1_conf"]), np.nan_to_num(res["ST_conf"])
    dists = scenario.uncertain_fields()
    rows = [
        {
            "field": p,
            "S1": float(np.clip(s1[j], 0, 1)),
            "S1_conf": float(s1c[j]),
            "ST": float(np.clip(st[j], 0, 1)),
            "ST_conf": float(stc[j]),
            "distribution": dists[p].describe(),
        }
        for j, p in enumerate(paths)
    ]
    return sorted(rows, key=lambda r: -r["ST"])
