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

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.errors import InputError
from detente.games import solve_qre, solve_spe
from detente.models import get
from detente.sim.chunk_runner import ChunkRun, run_chunks

__all__ = ["parse_axis", "run_sweep", "sweep_chunk", "sweep_points", "sweep_size"]

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
    """Number of points of a sweep spec."""
    if spec.get("lhs"):
        return int(spec["lhs"])
    return int(np.prod([axis[3] for axis in spec["axes"]], dtype=np.int64))


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
) -> ChunkRun:
    """Sweep ``model`` over a grid (``axes`` = ``K=LO:HI:N``) or ``lhs`` Latin-hypercube
    points (``axes`` = ``K=LO:HI``) into ``out_dir`` (table ``points``).

    Parameters not swept take ``fixed`` values or their defaults. Ranges are checked against
    the model's allowed ranges. Resumable (see :func:`detente.sim.chunk_runner.run_chunks`).
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
    if chunk_size < 1:
        raise InputError(f"--chunk-size must be at least 1, got {chunk_size}")
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
    n_chunks = -(-sweep_size(spec) // chunk_size)
    return run_chunks(
        sweep_chunk,
        spec,
        n_chunks,
        out_dir,
        kind="sweep",
        scheduler=scheduler,
        workers=workers,
        progress=progress,
        description=f"sweep {model} ({sweep_size(spec):,} points)",
        after_chunk=after_chunk,
    )
