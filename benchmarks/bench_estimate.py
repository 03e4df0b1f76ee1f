"""Benchmark: time to fit each strategic model on the games package's bundled examples.

Measures detente's maximum-likelihood fits (BFGS with analytic gradients, plus the Hessian)
against the same fits in R's ``games`` package (``maxLik`` BFGS) when ``Rscript`` with
``games`` is installed; otherwise prints "R not available" for the peer column. Data are read
from ``$DETENTE_TEST_DATA`` (default ``../shared/data``).

Run: ``python benchmarks/bench_estimate.py [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from detente.estimate import EstimationWarning, egame12, egame122, egame123, ultimatum

REPO = Path(__file__).resolve().parents[1]

LEBLANG = (
    "outcome ~ capcont + lreserves + overval + creditgrow + USinterest + service + contagion"
    " + prioratt - 1 | 1 | 1 | unifgov + lexports + preelec + postelec + rightgov"
    " + realinterest + capcont + lreserves"
)
WAR = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"
F122 = "y ~ x1 + x2 | x3 + f1 | 0 | x4 + x5 | z1 + z2 | z3 + f2"
F123 = "y ~ x1 + x2 | 0 | x3 | x4 + x5 | 0 | x6 | x7 | x8"
FULT = "offer + accept ~ x1 + x2 + x3 + x4 + w1 + w2 | z1 + z2 + z3 + z4 + w1 + w2"


@dataclass(frozen=True)
class Case:
    """One benchmark fit: detente call and the equivalent R expression."""

    label: str
    file: str
    fit: Callable[[pd.DataFrame], object]
    r_call: str


CASES = [
    Case(
        "egame12 leblang2003 (private, probit)",
        "leblang2003.csv",
        lambda d: egame12(
            LEBLANG,
            d,
            errors="private",
            outcome_levels=["no attack", "devaluation", "defense"],
        ),
        f'data(leblang2003); egame12({LEBLANG}, data = leblang2003, link = "probit", '
        'type = "private")',
    ),
    Case(
        "egame12 war1800 (agent, probit)",
        "war1800.csv",
        lambda d: egame12(WAR, d),
        f"data(war1800); egame12({WAR}, data = war1800)",
    ),
    Case(
        "egame122 data_122 (agent, logit)",
        "data_122.csv",
        lambda d: egame122(F122, d, link="logit", outcome_levels=["LL", "LR", "RL", "RR"]),
        f'data(data_122); egame122({F122}, data = data_122, link = "logit")',
    ),
    Case(
        "egame123 data_123 (private, probit)",
        "data_123.csv",
        lambda d: egame123(F123, d, errors="private"),
        f'data(data_123); egame123({F123}, data = data_123, type = "private")',
    ),
    Case(
        "ultimatum data_ult",
        "data_ult.csv",
        lambda d: ultimatum(FULT, d, max_offer=15),
        f"data(data_ult); ultimatum({FULT}, data = data_ult, maxOffer = 15)",
    ),
]


def data_dir() -> Path:
    env = os.environ.get("DETENTE_TEST_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def time_detente(case: Case, data: pd.DataFrame, repeats: int) -> tuple[float, float, int]:
    """Best wall time over ``repeats`` fits, the log-likelihood and observations used."""
    best = float("inf")
    fit = None
    for _ in range(repeats):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EstimationWarning)
            start = time.perf_counter()
            fit = case.fit(data)
            best = min(best, time.perf_counter() - start)
    return best, float(fit.loglik), int(fit.n)  # type: ignore[union-attr]


def r_available() -> bool:
    """True when ``Rscript`` exists and loads the ``games`` package."""
    if shutil.which("Rscript") is None:
        return False
    probe = subprocess.run(
        ["Rscript", "-e", "suppressMessages(library(games))"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    return probe.returncode == 0


def time_r(case: Case, repeats: int) -> tuple[float, float] | None:
    """Best elapsed time of the same fit in R's games package, and its log-likelihood."""
    script = (
        "suppressMessages(library(games))\n"
        f"best <- Inf\nfor (i in seq_len({repeats})) {{\n"
        f"  t <- system.time(m <- {case.r_call})[['elapsed']]\n"
        "  best <- min(best, t)\n}\n"
        'cat(best, sum(m$log.likelihood), "\\n")\n'
    )
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as fh:
        fh.write(script)
        path = fh.name
    try:
        out = subprocess.run(
            ["Rscript", path], capture_output=True, text=True, timeout=600, check=False
        )
    finally:
        os.unlink(path)
    if out.returncode != 0:
        return None
    seconds, loglik = out.stdout.split()[:2]
    return float(seconds), float(loglik)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="fits per model (best is kept)")
    args = parser.parse_args()
    folder = data_dir() / "games"
    if not folder.is_dir():
        raise SystemExit(f"data folder {folder} not found (set DETENTE_TEST_DATA)")
    with_r = r_available()
    print("Measured: wall time of one maximum-likelihood fit (estimates + Hessian SEs),")
    print(f"best of {args.repeats}. Peer: R package games (maxLik BFGS).")
    if not with_r:
        print("R not available (no Rscript with the games package): peer column left empty.")
    header = (
        f"{'model':<40} {'n':>6} {'loglik':>12} {'detente s':>10} {'R games s':>10} {'ratio':>7}"
    )
    print(header)
    print("-" * len(header))
    for case in CASES:
        data = pd.read_csv(folder / case.file)
        seconds, loglik, n = time_detente(case, data, args.repeats)
        r_cell, ratio = "n/a", "n/a"
        if with_r:
            r_result = time_r(case, args.repeats)
            if r_result is not None:
                r_cell = f"{r_result[0]:.3f}"
                ratio = f"{r_result[0] / seconds:.1f}x" if seconds > 0 else "n/a"
        print(f"{case.label:<40} {n:>6} {loglik:>12.4f} {seconds:>10.3f} {r_cell:>10} {ratio:>7}")
    print("ratio = R time / detente time (above 1: detente is faster).")


if __name__ == "__main__":
    main()
