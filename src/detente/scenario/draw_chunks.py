"""The Monte Carlo pass of an analysis in chunks of draws, reduced on the fly in constant memory.

:func:`summarize_chunk` is a pure function of a :class:`DrawPlan` and a range of draw indices
``[start, stop)``: it regenerates exactly those draws (each field's stream is advanced to
``start``, so draw ``i`` is the same whatever chunk holds it), evaluates the baseline, every
intervention and every driver end on them (common random numbers), and returns a small
:class:`ChunkSummary`: exact fixed-point sums (:mod:`~detente.scenario.exact_sums`) and
percentile sketch counts (:mod:`~detente.scenario.percentile_sketch`). :class:`DrawTotals`
adds summaries in any order to the same totals, so the result of a run does not depend on the
chunk size, on the number of workers or on the order in which chunks finish.

:func:`run_draws` runs the chunks in this process, or on a Dask cluster (the same client code
as the sweeps, :func:`detente.sim.chunk_runner.run_on_dask`). Memory is that of one chunk plus
the totals (a few tens of MB of sketch counts), whatever the number of draws.

References
----------
Glasserman, P. (2003). Monte Carlo Methods in Financial Engineering, sec. 4.1 (conditional
Monte Carlo) and 4.2 (common random numbers).
L'Ecuyer, P. et al. (2017). Random numbers for parallel computers: requirements and methods,
with emphasis on GPUs. Mathematics and Computers in Simulation 135, 3-17 (one stream per
variable, jumped ahead to each block).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from detente.errors import ParameterError
from detente.scenario.calibration import Calibration
from detente.scenario.escalation_record import escalation_draws, escalation_names
from detente.scenario.exact_sums import fixed_point_sums, mean, sample_variance
from detente.scenario.monte_carlo import CAUSES, Z95, evaluate, stream, uncertain_paths
from detente.scenario.outcome_probabilities import CLASSES
from detente.scenario.percentile_sketch import PercentileSketch, SparseCounts, chunk_sketch
from detente.scenario.scenario_schema import Intervention, Scenario

#: Draws per chunk by default: about 150 MB of working memory at the peak of a chunk.
DEFAULT_CHUNK = 50_000
#: Draws (the first ones of the run) on which each driver end is evaluated: the drivers'
#: means are a description of the top Sobol fields, not a rare-outcome estimate, and at
#: 200,000 draws their Monte Carlo error is a few 0.001 while they would otherwise cost more
#: than the baseline and the interventions together.
DRIVER_DRAWS = 200_000
#: Quantiles of the top driver at which P(war) is traced (the report's what-if curve), on the
#: first WHATIF_DRAWS draws of the run.
WHATIF_QUANTILES = (0.05, 0.15, 0.25, 0.35, 0.5, 0.65, 0.75, 0.85, 0.95)
WHATIF_DRAWS = 20_000
#: The plausible ends of a driver field (its 5th and 95th percentiles).
ENDS = (0.05, 0.95)
#: Paired differences reported for each intervention.
DELTAS = ("holds", "war", "settled", "nuclear")
#: Percentiles of the per-draw probabilities in the reports.
PERCENTILES = (0.05, 0.95)


@dataclass(frozen=True)
class DrawPlan:
    """Everything a chunk needs (sent once to each Dask worker).

    Attributes
    ----------
    scenario : Scenario
    calibration : Calibration
    entropy : int
        The run's seed (every stream derives from it).
    draws : int
        Draws of the whole run.
    moves : tuple of Intervention
        Interventions, each evaluated on the baseline's draws.
    drivers : tuple of str
        Fields re-evaluated at their 5th and 95th percentiles, other fields at their draws.
    """

    scenario: Scenario
    calibration: Calibration
    entropy: int
    draws: int
    moves: tuple[Intervention, ...] = ()
    drivers: tuple[str, ...] = ()

    @cached_property
    def paths(self) -> list[str]:
        return uncertain_paths(self.scenario)

    @property
    def variants(self) -> int:
        """Baseline plus interventions."""
        return 1 + len(self.moves)

    @cached_property
    def names(self) -> dict[str, int]:
        """Name -> row of every exactly summed per-draw quantity."""
        out: list[str] = []
        for v in range(self.variants):
            for k in CLASSES:
                out += [f"{v}.{k}", f"{v}.{k}^2"]
            if v:
                for d in DELTAS:
                    out += [f"{v}.delta_{d}", f"{v}.delta_{d}^2"]
        out += ["fail", "fail^2"]
        for c in CAUSES:
            out += [f"cause.{c}", f"cause.{c}^2", f"cause.{c}*fail"]
        for j in range(len(self.drivers)):
            out += [f"driver.{j}.low", f"driver.{j}.high"]
        out += [f"escalation.{q}" for q in escalation_names(self.scenario)]
        out += ["press_worse"]
        if self.drivers:
            out += [f"whatif.{k}" for k in range(len(WHATIF_QUANTILES))]
        return {name: i for i, name in enumerate(out)}

    def chunks(self, size: int) -> list[tuple[int, int]]:
        """``[start, stop)`` of each chunk of at most ``size`` draws."""
        return [(s, min(s + size, self.draws)) for s in range(0, self.draws, size)]


@dataclass(frozen=True)
class ChunkSummary:
    """What a chunk sends back: its draws, exact sums (:attr:`DrawPlan.names` order) and the
    sketch of its per-draw outcome probabilities (rows: variant-major, classes in order)."""

    start: int
    n: int
    sums: list[int]
    sketch: SparseCounts


def summarize_chunk(plan: DrawPlan, start: int, stop: int) -> ChunkSummary:
    """Evaluate draws ``start .. stop - 1`` of ``plan`` and reduce them (a pure function)."""
    n = stop - start
    u = {p: stream(plan.entropy, p, n, start) for p in plan.paths}
    scenario, cal, names = plan.scenario, plan.calibration, plan.names
    rows = np.empty((len(names), n))
    probs = np.empty((plan.variants * len(CLASSES), n))

    def put(name: str, x: np.ndarray) -> None:
        rows[names[name]] = x
        if name + "^2" in names:
            np.multiply(x, x, out=rows[names[name + "^2"]])

    base = evaluate(scenario, u, n, cal, secondary=False)
    for i, k in enumerate(CLASSES):
        probs[i] = base.probs[k]
        put(f"0.{k}", base.probs[k])
    fail = 1.0 - base.probs["success"]
    put("fail", fail)
    for c in CAUSES:
        put(f"cause.{c}", base.causes[c])
        np.multiply(base.causes[c], fail, out=rows[names[f"cause.{c}*fail"]])
    base_war = base.probs["war"] + base.probs["nuclear"]
    base_settled = base.probs["success"] + base.probs["compromise"]
    base_nuclear = base.probs["nuclear"]
    base_holds = probs[CLASSES.index("success")]
    # draws where the challenger, as it believes, gains nothing by pressing (its value of
    # pressing below its payoff of yielding at once): the inequality behind a certain outcome
    rows[names["press_worse"]] = np.broadcast_to(
        np.asarray(base.env["value_press_believed"]) < np.asarray(base.env["yield_c"]), (n,)
    )
    for q, x in escalation_draws(scenario, base.env, n).items():
        rows[names[f"escalation.{q}"]] = x
    del base
    for v, move in enumerate(plan.moves, start=1):
        b = evaluate(scenario, u, n, cal, [move], secondary=False)
        for i, k in enumerate(CLASSES):
            probs[v * len(CLASSES) + i] = b.probs[k]
            put(f"{v}.{k}", b.probs[k])
        put(f"{v}.delta_holds", b.probs["success"] - base_holds)
        put(f"{v}.delta_war", b.probs["war"] + b.probs["nuclear"] - base_war)
        put(f"{v}.delta_settled", b.probs["success"] + b.probs["compromise"] - base_settled)
        put(f"{v}.delta_nuclear", b.probs["nuclear"] - base_nuclear)
        del b
    m = max(0, min(stop, DRIVER_DRAWS) - start)  # draws of this chunk the drivers use
    for j, path in enumerate(plan.drivers):
        for end, tag in zip(ENDS, ("low", "high"), strict=True):
            row = rows[names[f"driver.{j}.{tag}"]]
            row[m:] = 0.0
            if m:
                fixed = {p: x[:m] for p, x in u.items()} | {path: np.full(m, end)}
                row[:m] = evaluate(scenario, fixed, m, cal, secondary=False).probs["success"]
    w = max(0, min(stop, WHATIF_DRAWS) - start)  # draws of this chunk the what-if curve uses
    for k, q in enumerate(WHATIF_QUANTILES if plan.drivers else ()):
        row = rows[names[f"whatif.{k}"]]
        row[w:] = 0.0
        if w:
            fixed = {p: x[:w] for p, x in u.items()} | {plan.drivers[0]: np.full(w, q)}
            b = evaluate(scenario, fixed, w, cal, secondary=False)
            row[:w] = b.probs["war"] + b.probs["nuclear"]
    return ChunkSummary(start, n, fixed_point_sums(rows), chunk_sketch(probs))


@dataclass
class DrawTotals:
    """The run's totals: exact sums and percentile sketches, merged chunk by chunk."""

    plan: DrawPlan
    n: int = 0
    sums: list[int] = field(default_factory=list)
    sketch: PercentileSketch = field(init=False)

    def __post_init__(self) -> None:
        self.sums = [0] * len(self.plan.names)
        self.sketch = PercentileSketch(self.plan.variants * len(CLASSES))

    def add(self, part: ChunkSummary) -> None:
        """Merge one chunk (exact: any order gives the same totals)."""
        self.n += part.n
        self.sums = [a + b for a, b in zip(self.sums, part.sums, strict=True)]
        self.sketch.merge(part.sketch)

    def total(self, name: str) -> int:
        return self.sums[self.plan.names[name]]

    def mean(self, name: str) -> float:
        return mean(self.total(name), self.n)

    def interval(self, name: str) -> tuple[float, float, float]:
        """Mean of a per-draw quantity and its 95 % Monte Carlo half-width's ends (CLT)."""
        m = self.mean(name)
        var = sample_variance(self.total(name), self.total(name + "^2"), self.n)
        se = float(np.sqrt(var / self.n)) if self.n > 1 else 0.0
        return m, m - Z95 * se, m + Z95 * se

    def outcome_table(self, variant: int, labels: dict[str, str]) -> dict[str, dict]:
        """Label -> {p, lo, hi, q05, q95, class}: the mean probability over the draws, its
        95 % Monte Carlo interval (clipped to [0, 1]), and the 5th/95th percentiles of the
        per-draw probability (from the sketch: within 0.05 % of the distance to 0 or 1)."""
        rows = range(variant * len(CLASSES), (variant + 1) * len(CLASSES))
        spread = self.sketch.quantiles(PERCENTILES, rows)
        out = {}
        for i, k in enumerate(CLASSES):
            p, lo, hi = self.interval(f"{variant}.{k}")
            q05, q95 = (float(x) for x in spread[i])
            out[labels[k]] = {
                "p": p,
                "lo": max(0.0, lo),
                "hi": min(1.0, hi),
                "q05": q05,
                "q95": q95,
                "class": k,
            }
        return out

    def distribution(self, cls: str, bins: int = 20) -> dict[str, list]:
        """The baseline's per-draw probability of class ``cls`` as a histogram over
        [0, its maximum]: ``edges`` (bins + 1) and ``counts`` (draws per bin, summing to the
        draws), from the percentile sketch."""
        row = CLASSES.index(cls)
        top = float(self.sketch.high[row]) if self.n else 1.0
        edges = np.linspace(0.0, top if top > 0 else 1.0, bins + 1)
        counts = self.sketch.histogram(row, edges)
        return {"edges": edges.tolist(), "counts": [int(c) for c in counts]}

    def deltas(self, variant: int) -> dict[str, tuple[float, float, float]]:
        """Paired differences with the baseline (same draws): mean and 95 % interval."""
        return {d: self.interval(f"{variant}.delta_{d}") for d in DELTAS}

    def cause_table(self) -> dict[str, dict[str, float]]:
        """Cause -> {share, lo, hi, count}: its share of the failure probability summed over
        the draws (a ratio estimator with a delta-method 95 % interval) and ``count``, the
        expected number of failing draws it explains."""
        unit = 1 << 40
        n = self.n
        total = self.total("fail")
        out = {}
        for c in CAUSES:
            mass = self.total(f"cause.{c}")
            share = Fraction(mass, total) if total > 0 else Fraction(0)
            se = 0.0
            if total > 0 and n > 1:
                resid = (
                    self.total(f"cause.{c}^2")
                    - 2 * share * self.total(f"cause.{c}*fail")
                    + share * share * self.total("fail^2")
                )
                resid_sq = max(0.0, float(Fraction(resid) / unit))
                se = float(np.sqrt(resid_sq / (n * (n - 1)))) / float(Fraction(total, unit * n))
            s = float(share)
            out[c] = {
                "share": s,
                "lo": max(0.0, s - Z95 * se),
                "hi": min(1.0, s + Z95 * se),
                "count": round(float(Fraction(mass, unit)), 1),
            }
        return out

    def whatif_means(self) -> list[float]:
        """Mean P(war or nuclear war) with the top driver at each of
        :data:`WHATIF_QUANTILES` (over the first :data:`WHATIF_DRAWS` draws)."""
        used = min(self.n, WHATIF_DRAWS)
        return [mean(self.total(f"whatif.{k}"), used) for k in range(len(WHATIF_QUANTILES))]

    def driver_means(self, j: int) -> tuple[float, float]:
        """The main probability with driver ``j`` at its 5th and at its 95th percentile
        (means over the first :data:`DRIVER_DRAWS` draws)."""
        used = min(self.n, DRIVER_DRAWS)
        return tuple(mean(self.total(f"driver.{j}.{t}"), used) for t in ("low", "high"))


def run_draws(
    plan: DrawPlan,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    scheduler: Any = None,
    progress: Callable[[int], None] | None = None,
) -> DrawTotals:
    """Evaluate every draw of ``plan`` chunk by chunk and reduce them.

    Parameters
    ----------
    plan : DrawPlan
    chunk_size : int
        Draws per chunk (memory grows with it; results do not depend on it).
    scheduler : str, distributed.Client or None
        ``None``: in this process. Otherwise the address of a Dask scheduler
        (``tcp://host:8786``) or a client: the chunks run on its workers.
    progress : callable, optional
        Called with the number of draws done after each chunk.

    Returns
    -------
    DrawTotals
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int | np.integer):
        raise ParameterError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    if chunk_size < 1:
        raise ParameterError(f"chunk_size must be at least 1, got {chunk_size}")
    totals = DrawTotals(plan)
    tick = progress or (lambda done: None)

    def record(part: ChunkSummary) -> None:
        totals.add(part)
        tick(totals.n)

    chunks = plan.chunks(int(chunk_size))
    if scheduler is None:
        for start, stop in chunks:
            record(summarize_chunk(plan, start, stop))
    else:
        from detente.sim.chunk_runner import run_on_dask

        tasks = [(plan, a, b) for a, b in chunks]
        run_on_dask(summarize_chunk, tasks, scheduler, lambda _, part: record(part))
    return totals
