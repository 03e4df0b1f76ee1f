"""Sweeps of a model's parameters over millions of points (``detente sweep``).

A sweep is a regular grid (``K=LO:HI:N`` per swept parameter, the product of all) or a Latin
hypercube of ``N`` points over ``K=LO:HI`` ranges. Points are generated per chunk from the
chunk's index, never all at once, so memory does not grow with the number of points. Each
chunk is solved in one batched engine call and written as Parquet: ``point`` (global index),
the parameters, ``outcome`` (dictionary-encoded) and each player's expected payoff.

The Latin hypercube is *blocked*: each chunk of ``chunk_size`` points is itself a Latin
hypercube drawn with ``SeedSequence(seed, spawn_key=(chunk,))``, so every chunk's points are
stratified in every dimension and the union is reproducible in any execution order.

References
----------
McKay, M. D., Beckman, R. J. and Conover, W. J. (1979). A comparison of three methods for
selecting values of input variables in the analysis of output from a computer code.
Technometrics 21(2), 239-245.
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.errors import InputError
from detente.games import solve_qre, solve_spe
from detente.models import get
from detente.sim.chunk_runner import ChunkRun, run_chunks

__all__ = [
    "DEFAULT_MAX_POINTS",
    "MAX_CHUNK_SIZE",
    "SweepEstimate",
    "estimate_sweep",
    "parse_axis",
    "run_sweep",
    "sweep_chunk",
    "sweep_points",
    "sweep_size",
]

#: Most points a sweep runs unless the caller raises the limit (``max_points``; CLI
#: ``--max-points N`` or ``--yes``). At ~2.7 million points a second (docs/simulation.md,
#: 10^7 points) and at most ``8 (1 + swept + players) + 1`` bytes a point (41 for two swept
#: parameters of a two-player model; 36 measured for a Latin hypercube, 11 for a grid),
#: 10^8 points take about a minute and at most ~4 GB; a mistyped count (``N=100000`` on two
#: axes: 10^10 points, up to 410 GB) is refused before anything is written.
DEFAULT_MAX_POINTS = 100_000_000

#: Most points in one chunk: a chunk is solved in memory (measured for unilateral_deterrence:
#: peak 0.35 GB at 250,000 points a chunk, 0.49 GB at 1,000,000, 1.0 GB at 4,000,000).
MAX_CHUNK_SIZE = 4_000_000

#: Share of the free disk space a sweep may plan to fill.
DISK_SHARE = 0.9

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_AXIS = re.compile(rf"^\s*(\w+)\s*=\s*({_NUMBER}):({_NUMBER})(?::(\d+))?\s*$")


def parse_axis(text: str, need_count: bool) -> tuple[str, float, float, int | None]:
    """Parse ``K=LO:HI:N`` (grid) or ``K=LO:HI`` (range for a Latin hypercube).

    Raises
    ------
    InputError
        Names the option value and the expected form.
    """
    match = _AXIS.match(text)
    form = "K=LO:HI:N (e.g. p_def=0:1:101)" if need_count else "K=LO:HI (e.g. p_def=0:1)"
    if not match:
        raise InputError(f"--grid {text!r}: expected {form}")
    name, lo, hi, count = match.groups()
    if need_count and count is None:
        raise InputError(f"--grid {text!r}: a grid needs a point count, {form}")
    n = None if count is None else int(count)
    if n is not None and n < 1:
        raise InputError(f"--grid {text!r}: the point count must be at least 1")
    if float(hi) < float(lo):
        raise InputError(f"--grid {text!r}: HI must be at least LO")
    return name, float(lo), float(hi), n


def sweep_size(spec: dict[str, Any]) -> int:
    """Number of points of a sweep spec (exact, however large)."""
    if spec.get("lhs"):
        return int(spec["lhs"])
    return math.prod(int(axis[3]) for axis in spec["axes"])


@dataclass(frozen=True)
class SweepEstimate:
    """What a sweep will write, known before it starts.

    Attributes
    ----------
    points, chunks : int
        Number of points and of chunks.
    bytes_per_point : int
        Upper bound of the Parquet bytes a point takes: 8 per 64-bit column (point index,
        swept parameters, each player's payoff) and 1 for the dictionary-encoded outcome,
        before compression (measured: 36 bytes for a two-parameter Latin hypercube of a
        two-player model, whose random values barely compress, 11 for a grid).
    out_dir : Path
    free_bytes : int or None
        Free space on the disk that will hold ``out_dir`` (None if it cannot be read).
    """

    points: int
    chunks: int
    bytes_per_point: int
    out_dir: Path
    free_bytes: int | None

    @property
    def max_bytes(self) -> int:
        """Upper bound of the bytes written."""
        return self.points * self.bytes_per_point

    def describe(self) -> str:
        """One line: points, chunks, bytes at most and free space."""
        free = "" if self.free_bytes is None else f" ({_size(self.free_bytes)} free)"
        return (
            f"{self.points:,} points in {self.chunks:,} chunk(s), up to "
            f"{_size(self.max_bytes)} of Parquet in {self.out_dir}{free}"
        )

    def check(self, max_points: int | None, *, disk: bool = True) -> None:
        """Refuse more than ``max_points`` points (None: no limit), or (``disk``) more bytes
        than :data:`DISK_SHARE` of the free space.

        Raises
        ------
        InputError
            Names the estimate, the limit and how to lift it.
        """
        if max_points is not None and self.points > max_points:
            raise InputError(
                f"sweep of {self.describe()}: more than the limit of {max_points:,} points; "
                f"check the counts, or pass --max-points {self.points} (or --yes) to run it"
            )
        if disk and self.free_bytes is not None and self.max_bytes > DISK_SHARE * self.free_bytes:
            raise InputError(
                f"sweep of {self.describe()}: more than {DISK_SHARE:.0%} of the free disk "
                "space; free some space, choose another --out, or pass --yes to run it anyway"
            )


def _size(n: int) -> str:
    """``n`` bytes in decimal units (``410 GB``)."""
    units = ("B", "kB", "MB", "GB", "TB", "PB")
    power = min(len(units) - 1, max(0, (len(str(n)) - 1) // 3))
    value = n / 1000**power
    return (
        f"{value:,.0f} {units[power]}"
        if power == 0 or value >= 100
        else (f"{value:.3g} {units[power]}")
    )


def _free_bytes(out_dir: Path) -> int | None:
    folder = out_dir.resolve()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def estimate_sweep(spec: dict[str, Any], out_dir: str | Path, n_players: int) -> SweepEstimate:
    """Points, chunks and bytes of a sweep spec, and the free space where it goes."""
    points = sweep_size(spec)
    out = Path(out_dir)
    return SweepEstimate(
        points=points,
        chunks=-(-points // spec["chunk_size"]),
        bytes_per_point=8 * (1 + len(spec["axes"]) + n_players) + 1,
        out_dir=out,
        free_bytes=_free_bytes(out),
    )


def sweep_points(spec: dict[str, Any], chunk: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Global indices and parameter values of one chunk's points."""
    size = sweep_size(spec)
    first = chunk * spec["chunk_size"]
    index = np.arange(first, min(size, first + spec["chunk_size"]), dtype=np.int64)
    axes = spec["axes"]
    values: dict[str, np.ndarray] = {}
    if spec.get("lhs"):
        rng = np.random.default_rng(np.random.SeedSequence(spec["seed"], spawn_key=(chunk,)))
        m = index.size
        for name, lo, hi, _ in axes:
            strata = rng.permutation(m)
            values[name] = lo + (hi - lo) * (strata + rng.random(m)) / m
    else:
        counts = [axis[3] for axis in axes]
        coords = np.unravel_index(index, counts)
        for (name, lo, hi, n), c in zip(axes, coords, strict=True):
            step = (hi - lo) / (n - 1) if n > 1 else 0.0
            values[name] = lo + step * c
    return index, values


def sweep_chunk(chunk: int, spec: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Chunk function: solve one chunk of the sweep in one engine call."""
    model = get(spec["model"])
    index, values = sweep_points(spec, chunk)
    params = model.resolve({**spec["fixed"], **values})
    params = {k: np.broadcast_to(v, index.shape) for k, v in params.items()}
    if spec["method"] == "qre":
        solution = solve_qre(model.game, params, lam=spec["lam"])
    else:
        solution = solve_spe(model.game, params, threads=1)
    if model.outcome_codes_of is not None:  # from integer codes: no Python string per point
        outcome = model.outcome_codes_of(solution, params).categorical(list(model.outcomes))
    else:
        outcome = pd.Categorical(
            model.outcome_of(solution, params), categories=list(model.outcomes)
        )
    frame: dict[str, Any] = {"point": index}
    frame.update({name: values[name] for name in values})
    frame["outcome"] = outcome
    for p, player in enumerate(model.game.players):
        frame[f"payoff_{player}"] = solution.payoffs[..., p]
    return {"points": pd.DataFrame(frame)}


def run_sweep(
    model: str,
    axes: list[str],
    out_dir: str | Path,
    *,
    lhs: int | None = None,
    fixed: dict[str, float] | None = None,
    method: str | None = None,
    lam: float = 1.0,
    seed: int = 0,
    chunk_size: int = 250_000,
    scheduler: Any = None,
    workers: int | None = None,
    progress: bool = True,
    after_chunk: Any = None,
    max_points: int | None = DEFAULT_MAX_POINTS,
    check_disk: bool = True,
    on_estimate: Callable[[SweepEstimate], None] | None = None,
) -> ChunkRun:
    """Sweep ``model`` over a grid (``axes`` = ``K=LO:HI:N``) or ``lhs`` Latin-hypercube
    points (``axes`` = ``K=LO:HI``) into ``out_dir`` (table ``points``).

    Parameters not swept take ``fixed`` values or their defaults. Ranges are checked against
    the model's allowed ranges. Resumable (see :func:`detente.sim.chunk_runner.run_chunks`).

    Before anything is written the sweep is estimated (:class:`SweepEstimate`, passed to
    ``on_estimate``) and refused if it has more than ``max_points`` points (default
    :data:`DEFAULT_MAX_POINTS`; ``None`` for no limit) or, with ``check_disk``, would fill
    more than :data:`DISK_SHARE` of the free disk space. ``chunk_size`` is at most
    :data:`MAX_CHUNK_SIZE`.

    Raises
    ------
    InputError
        Bad axes, ranges, method or sizes; a sweep over the limits (names the estimate and
        the limit).
    """
    m = get(model)
    method = method or m.methods[0]
    if method not in ("spe", "qre") or method not in m.methods:
        allowed = ", ".join(x for x in m.methods if x in ("spe", "qre"))
        raise InputError(f"--method {method!r} is not available for {model!r}; allowed: {allowed}")
    if not axes:
        raise InputError("give at least one --grid K=LO:HI:N (or K=LO:HI with --lhs N)")
    if lhs is not None and lhs < 1:
        raise InputError(f"--lhs must be at least 1, got {lhs}")
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise InputError(
            f"--chunk-size must be from 1 to {MAX_CHUNK_SIZE:,} (a chunk is solved in memory), "
            f"got {chunk_size:,}"
        )
    parsed = [parse_axis(a, need_count=lhs is None) for a in axes]
    names = [p[0] for p in parsed]
    if len(set(names)) != len(names):
        raise InputError(f"--grid names a parameter twice: {', '.join(names)}")
    m.resolve({name: [lo, hi] for name, lo, hi, _ in parsed})  # names and ranges
    m.resolve(fixed or {})
    spec = {
        "model": model,
        "method": method,
        "lam": float(lam),
        "axes": [list(p) for p in parsed],
        "lhs": lhs,
        "fixed": dict(fixed or {}),
        "seed": int(seed),
        "chunk_size": int(chunk_size),
    }
    estimate = estimate_sweep(spec, out_dir, len(m.game.players))
    estimate.check(max_points, disk=check_disk)
    if on_estimate is not None:
        on_estimate(estimate)
    return run_chunks(
        sweep_chunk,
        spec,
        estimate.chunks,
        out_dir,
        kind="sweep",
        scheduler=scheduler,
        workers=workers,
        progress=progress,
        description=f"sweep {model} ({estimate.points:,} points)",
        after_chunk=after_chunk,
    )
