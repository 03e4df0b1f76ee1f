"""Global sensitivity: which uncertain assumptions the answer depends on, and how much.

Sobol indices (first-order ``S1`` and total ``ST``) of the main probability, ``P(the threat
works | x)`` (deterrence holds, or the target complies), and of the risk of war
``P(war or nuclear war | x)``, by Saltelli's (2010) scheme: two independent matrices ``A`` and
``B`` of :data:`BASE_SAMPLES` points in the unit hypercube (one pseudo-random stream per field,
from the run's seed), and for each field ``j`` the matrix ``AB_j`` (``A`` with column ``j``
from ``B``); each column goes through the field's own inverse CDF, so the indices refer to the
distributions written in the scenario file. The estimators are SALib's (``sobol.analyze``):
outputs standardised over the design, ``S1_j = mean(f(B) (f(AB_j) - f(A))) / V`` (Saltelli
et al. 2010, table 2 (b)), ``ST_j = mean((f(A) - f(AB_j))**2) / 2V`` (Jansen 1999; table 2
(f)), ``V`` the variance of ``f`` over ``A`` and ``B``, and 95 % intervals from
:data:`RESAMPLES` bootstrap resamples of the rows; the tests check them against SALib on the
same design.

The design is fixed in size whatever ``--draws`` (``(k + 2) * BASE_SAMPLES`` evaluations for
``k`` uncertain fields, in blocks of :data:`BLOCK`), so its memory is bounded: the two outputs
at every design point (``16 (k + 2) BASE_SAMPLES`` bytes, 1.8 MB for 12 fields) and the
bootstrap weights (``8 RESAMPLES BASE_SAMPLES`` bytes, 6.6 MB). It runs in the analysing
process in NumPy alone: importing SALib (pandas, all of scipy.stats) would take longer than a
small analysis.

:func:`range_effects` is gone: the drivers (the main probability with one field at its 5th and
95th percentile, the other fields at their draws) are summed during the Monte Carlo pass
(:mod:`~detente.scenario.draw_chunks`).

References
----------
Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical models and their
Monte Carlo estimates. Mathematics and Computers in Simulation 55, 271-280.
Jansen, M. J. W. (1999). Analysis of variance designs for model output. Computer Physics
Communications 117(1-2), 35-43.
Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Design and
estimator for the total sensitivity index. Computer Physics Communications 181(2), 259-270.
Herman, J. & Usher, W. (2017). SALib: an open-source Python library for sensitivity analysis.
Journal of Open Source Software 2(9), 97.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from detente.scenario.calibration import Calibration
from detente.scenario.draw_chunks import ENDS
from detente.scenario.monte_carlo import Z95, evaluate, stream, uncertain_paths
from detente.scenario.scenario_schema import Scenario

#: Points in each of the base matrices A and B (the cap on the design, whatever --draws).
BASE_SAMPLES = 8_192
#: Bootstrap resamples for the intervals (SALib's default).
RESAMPLES = 100
#: Design points evaluated in one call of the kernel.
BLOCK = 50_000
#: Uniform numbers are kept inside (0, 1) so every inverse CDF is finite.
_EDGE = 1e-9


def sobol_design(entropy: int, paths: list[str], base_samples: int) -> tuple[np.ndarray, ...]:
    """The base matrices ``A`` and ``B`` (shape (base_samples, k)) of a run."""
    a = np.column_stack([stream(entropy, f"sobol.A:{p}", base_samples) for p in paths])
    b = np.column_stack([stream(entropy, f"sobol.B:{p}", base_samples) for p in paths])
    return np.clip(a, _EDGE, 1 - _EDGE), np.clip(b, _EDGE, 1 - _EDGE)


def sobol_indices(
    y_a: np.ndarray, y_b: np.ndarray, y_ab: np.ndarray, seed: int, resamples: int = RESAMPLES
) -> dict[str, np.ndarray]:
    """First-order and total Sobol indices with bootstrap 95 % half-widths.

    Parameters
    ----------
    y_a, y_b : ndarray, shape (N,)
        The output at the rows of ``A`` and of ``B``.
    y_ab : ndarray, shape (N, k)
        The output at the rows of each ``AB_j``.
    seed : int
        Seed of the bootstrap resamples (``default_rng(seed).integers(N, size=(N, R))``, as
        SALib draws them).

    Returns
    -------
    dict
        ``S1``, ``S1_conf``, ``ST``, ``ST_conf``: arrays of length k (unclipped; zeros when
        the output is constant).
    """
    n, k = y_ab.shape
    everything = np.concatenate([y_a, y_b, y_ab.ravel()])
    zeros = np.zeros(k)
    if np.ptp(everything) <= np.finfo(float).eps:
        return {"S1": zeros, "S1_conf": zeros, "ST": zeros, "ST_conf": zeros}
    centre, scale = everything.mean(), everything.std()
    a, b, ab = ((x - centre) / scale for x in (y_a, y_b, y_ab))
    out = {
        "S1": _ratio(np.mean(b[:, None] * (ab - a[:, None]), axis=0), np.var(np.r_[a, b])),
        "ST": _ratio(0.5 * np.mean((a[:, None] - ab) ** 2, axis=0), np.var(np.r_[a, b])),
    }
    # bootstrap: resample b of rows r[:, b] is the same as weighting each row by how often it
    # was drawn; means over a resample are then weights @ values / n
    rows = np.random.default_rng(seed).integers(n, size=(n, resamples))
    weights = np.zeros((resamples, n))
    for j in range(resamples):
        weights[j] = np.bincount(rows[:, j], minlength=n)

    def resampled_mean(values: np.ndarray) -> np.ndarray:
        return np.einsum("rn,n...->r...", weights, values) / n

    mean_y = (resampled_mean(a) + resampled_mean(b)) / 2
    var_y = (resampled_mean(a * a) + resampled_mean(b * b)) / 2 - mean_y**2
    first = resampled_mean(b[:, None] * (ab - a[:, None])) / var_y[:, None]
    total = 0.5 * resampled_mean((a[:, None] - ab) ** 2) / var_y[:, None]
    out["S1_conf"] = Z95 * first.std(axis=0, ddof=1)
    out["ST_conf"] = Z95 * total.std(axis=0, ddof=1)
    return out


def _ratio(num: np.ndarray, var: float) -> np.ndarray:
    return num / var if var > np.finfo(float).eps else np.zeros_like(num)


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
        largest ``ST`` first (indices clipped to [0, 1]); empty when the scenario has no
        uncertain field.
    """
    paths = uncertain_paths(scenario)
    if not paths:
        return []
    a, b = sobol_design(entropy, paths, base_samples)

    def outputs(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        main, war = np.empty(len(points)), np.empty(len(points))
        for s in range(0, len(points), BLOCK):
            block = points[s : s + BLOCK]
            u = {p: block[:, j] for j, p in enumerate(paths)}
            probs = evaluate(scenario, u, len(block), calibration, secondary=False).probs
            main[s : s + BLOCK] = probs["success"]
            war[s : s + BLOCK] = probs["war"] + probs["nuclear"]
        return main, war

    main_a, war_a = outputs(a)
    main_b, war_b = outputs(b)
    main_ab = np.empty((base_samples, len(paths)))
    war_ab = np.empty((base_samples, len(paths)))
    for j in range(len(paths)):
        mixed = a.copy()
        mixed[:, j] = b[:, j]
        main_ab[:, j], war_ab[:, j] = outputs(mixed)
    seed = int(entropy % (2**31 - 1))
    main = sobol_indices(main_a, main_b, main_ab, seed)
    war = sobol_indices(war_a, war_b, war_ab, seed)
    dists = scenario.uncertain_fields()
    rows = [
        {
            "field": p,
            "S1": _unit(main["S1"][j]),
            "S1_conf": float(main["S1_conf"][j]),
            "ST": _unit(main["ST"][j]),
            "ST_conf": float(main["ST_conf"][j]),
            "S1_war": _unit(war["S1"][j]),
            "ST_war": _unit(war["ST"][j]),
            "distribution": dists[p].describe(),
        }
        for j, p in enumerate(paths)
    ]
    return sorted(rows, key=lambda r: -r["ST"])


def _unit(x: float) -> float:
    return float(np.clip(np.nan_to_num(x), 0.0, 1.0))


def driver_values(scenario: Scenario, path: str) -> tuple[float, float]:
    """A field's values at its 5th and 95th percentiles (the drivers' plausible ends)."""
    dist = scenario.uncertain_fields()[path]
    low, high = (float(dist.ppf(np.asarray(end))) for end in ENDS)
    return low, high
