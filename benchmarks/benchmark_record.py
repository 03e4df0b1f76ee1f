"""What every benchmark records: timings, rows of figures, the machine, versions and load.

Each ``bench_*.py`` script times detente and its peer with :func:`measure` (the same
statistic on both sides: the median of ``repeats`` timed calls after one untimed warm-up
call, each call a whole unit of work: one batched call for detente, the loop over the sample
for the peer), prints its figures, and with ``--json FILE`` appends one JSON object per row
(:class:`Row`) to ``FILE``. ``benchmarks/run_all.py`` runs every script once that way and writes
``docs/benchmarks.md``: one table of every row, with the machine, load and versions.

Interface a script follows (so ``run_all.py`` can drive it): the options of
:func:`add_common_options` (``--quick``: under a minute; ``--case NAME``: one case;
``--json FILE``), and :meth:`Recorder.add` for every figure it prints.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of ``repeats`` timed calls (after one untimed warm-up call)."""

    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def statistic(self) -> str:
        return f"median of {len(self.seconds)}"


def measure(
    fn: Callable[[], Any], repeats: int, warmup: bool | Callable[[], Any] = True
) -> tuple[Timing, Any]:
    """Time ``repeats`` calls of ``fn`` after an untimed warm-up: one call of ``fn`` when
    ``warmup`` is True, or of ``warmup`` itself (e.g. one game of a long peer loop).

    Returns the :class:`Timing` and the last call's result.
    """
    out = None
    if callable(warmup):
        warmup()
    elif warmup:
        out = fn()
    seconds = []
    for _ in range(max(repeats, 1)):
        start = time.perf_counter()
        out = fn()
        seconds.append(time.perf_counter() - start)
    return Timing(tuple(seconds)), out


@dataclass
class Row:
    """One line of the table: what detente and its peer ran, their figures and the ratio.

    ``detente`` and ``detente_single`` are rates or times in ``unit`` with the default
    threads and with one thread (``None`` where threads do not apply). ``ratio`` is detente's
    advantage with the default threads (above 1: detente faster), ``ratio_single`` with one.
    ``kind`` says what the comparison is: ``like-for-like`` (same algorithm, same problem),
    ``different algorithm`` (same answer by another method), ``different problem`` (the
    peer's own solver for a related question) or ``internal`` (no peer).
    """

    benchmark: str
    case: str
    kind: str
    detente_method: str
    peer_method: str
    unit: str
    detente: float | None
    peer: float | None = None
    detente_single: float | None = None
    ratio: float | None = None
    ratio_single: float | None = None
    statistic: str = ""
    note: str = ""
    higher_is_better: bool = True


@dataclass
class Recorder:
    """Collects rows, prints each as it comes, and appends them to ``--json`` if given."""

    benchmark: str
    json_path: str | None = None
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(format_row(row), flush=True)
        if self.json_path:
            with open(self.json_path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(asdict(row)) + "\n")
        return row

    def ratio(
        self, mine: float | None, theirs: float | None, higher_is_better: bool
    ) -> float | None:
        """detente's advantage: rate over rate, or time over time inverted."""
        if mine is None or theirs is None or mine <= 0 or theirs <= 0:
            return None
        return mine / theirs if higher_is_better else theirs / mine


def figure(value: float | None, unit: str) -> str:
    """A rate or time with three significant digits and its unit."""
    if value is None:
        return "n/a"
    if value >= 1e6:
        return f"{value / 1e6:,.3g} M {unit}"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}"


def times(ratio: float | None) -> str:
    if ratio is None:
        return "n/a"
    return f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.2g}x"


def format_row(row: Row) -> str:
    """One row as plain text for the terminal."""
    parts = [f"  [{row.case}] {row.kind}: detente {row.detente_method}"]
    if row.detente_single is not None:
        parts.append(
            f"    detente {figure(row.detente, row.unit)} (default threads), "
            f"{figure(row.detente_single, row.unit)} (1 thread)"
        )
    else:
        parts.append(f"    detente {figure(row.detente, row.unit)}")
    if row.peer_method:
        parts.append(f"    peer: {row.peer_method}: {figure(row.peer, row.unit)}")
    if row.ratio is not None or row.ratio_single is not None:
        single = f", {times(row.ratio_single)} with 1 thread" if row.ratio_single else ""
        parts.append(f"    ratio {times(row.ratio)}{single} ({row.statistic})")
    elif row.statistic:
        parts.append(f"    ({row.statistic})")
    if row.note:
        parts.append(f"    note: {row.note}")
    return "\n".join(parts)


def add_common_options(parser: argparse.ArgumentParser, cases: list[str]) -> None:
    """``--quick``, ``--case`` (one of ``cases``), ``--repeats`` and ``--json``."""
    parser.add_argument(
        "--quick", action="store_true", help="small sizes and samples: under a minute"
    )
    parser.add_argument("--case", choices=cases, action="append", help="run only this case")
    parser.add_argument(
        "--repeats", type=int, default=None, help="timed calls per side (median is reported)"
    )
    parser.add_argument("--json", metavar="FILE", help="append one JSON row per figure to FILE")


def selected(args: argparse.Namespace, case: str) -> bool:
    return not args.case or case in args.case


def solver_threads() -> int:
    """detente's default solver threads here (``$DETENTE_THREADS`` or min(CPUs, 4))."""
    from detente.games.parameter_batch import solver_threads as threads

    return threads()


def machine() -> dict[str, str]:
    """CPU model, logical CPUs and memory of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "logical CPUs": str(os.cpu_count()),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
    }


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _version(module: str) -> str:
    try:
        mod = __import__(module)
    except ImportError:
        return "not installed"
    return str(getattr(mod, "__version__", "unknown"))


def r_games_version() -> str:
    """``R x.y.z, games a.b`` or why not."""
    from shutil import which

    if which("Rscript") is None:
        return "R not installed (no Rscript on PATH)"
    out = subprocess.run(
        [
            "Rscript",
            "-e",
            'cat(R.version$major, ".", R.version$minor, " ", '
            'tryCatch(as.character(packageVersion("games")), error=function(e) "none"), sep="")',
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if out.returncode != 0:
        return "R present but failed to start"
    r, games = [*out.stdout.split(), "?", "?"][:2]
    return f"R {r}, games {games}" if games != "none" else f"R {r}, games not installed"


def versions() -> dict[str, str]:
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "python": sys.version.split()[0],
        "detente": f"{_version('detente')} ({commit or 'no git'}{', modified' if dirty else ''})",
        "numpy": _version("numpy"),
        "numba": _version("numba"),
        "pandas": _version("pandas"),
        "scipy": _version("scipy"),
        "pygambit": _version("pygambit"),
        "mesa": _version("mesa"),
        "BLAS": _blas(),
        "R / games": r_games_version(),
    }


def _blas() -> str:
    """numpy's BLAS library and the thread variables set for it (none: its default)."""
    try:
        import numpy as np

        info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        name = f"{info.get('name', '?')} {info.get('version', '')}".strip()
    except Exception:  # older numpy: no dict mode
        name = "unknown"
    env = [f"{k}={os.environ[k]}" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                              "MKL_NUM_THREADS") if k in os.environ]  # fmt: skip
    return f"{name} ({', '.join(env) or 'thread variables unset'})"
