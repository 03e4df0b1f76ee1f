"""Benchmark: time to fit each strategic model on the games package's bundled examples.

Measures detente's maximum-likelihood fits (BFGS with analytic gradients, plus the Hessian)
against the same fits in R's ``games`` package (``maxLik`` BFGS) when ``Rscript`` with
``games`` is installed; otherwise it says so and prints detente's figures alone (no R
figure is ever made up). Data are read from ``$DETENTE_TEST_DATA`` (default
``../shared/data``); R loads its own copy with ``data()`` *before* the clock starts, so only
the fit is timed on both sides.

Timing, the same on both sides: one untimed warm-up fit, then the median of ``--repeats``
timed fits (each a whole fit: estimates and Hessian standard errors). Neither side sets
threads; BLAS uses what it is installed with (recorded with the versions in
``docs/benchmarks.md``).

Cases (``--case``): leblang, war1800, egame122, egame123, ultimatum.

Run: ``python benchmarks/bench_estimate.py [--quick] [--case NAME] [--repeats 5] [--json FILE]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from benchmark_record import Recorder, Row, add_common_options, measure, r_games_version, selected

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
    """One benchmark fit: the detente call and the equivalent R data set and fit."""

    name: str
    label: str
    file: str
    fit: Callable[[pd.DataFrame], object]
    r_data: str
    r_fit: str


CASES = [
    Case(
        "leblang",
        "egame12 leblang2003 (private, probit)",
        "leblang2003.csv",
        lambda d: egame12(
            LEBLANG,
            d,
            errors="private",
            outcome_levels=["no attack", "devaluation", "defense"],
        ),
        "leblang2003",
        f'egame12({LEBLANG}, data = leblang2003, link = "probit", type = "private")',
    ),
    Case(
        "war1800",
        "egame12 war1800 (agent, probit)",
        "war1800.csv",
        lambda d: egame12(WAR, d),
        "war1800",
        f"egame12({WAR}, data = war1800)",
    ),
    Case(
        "egame122",
        "egame122 data_122 (agent, logit)",
        "data_122.csv",
        lambda d: egame122(F122, d, link="logit", outcome_levels=["LL", "LR", "RL", "RR"]),
        "data_122",
        f'egame122({F122}, data = data_122, link = "logit")',
    ),
    Case(
        "egame123",
        "egame123 data_123 (private, probit)",
        "data_123.csv",
        lambda d: egame123(F123, d, errors="private"),
        "data_123",
        f'egame123({F123}, data = data_123, type = "private")',
    ),
    Case(
        "ultimatum",
        "ultimatum data_ult",
        "data_ult.csv",
        lambda d: ultimatum(FULT, d, max_offer=15),
        "data_ult",
        f"ultimatum({FULT}, data = data_ult, maxOffer = 15)",
    ),
]


def data_dir() -> Path:
    env = os.environ.get("DETENTE_TEST_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def time_detente(case: Case, data: pd.DataFrame, repeats: int):
    """Timing of ``repeats`` fits after one warm-up, and the last fit."""

    def fit():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EstimationWarning)
            return case.fit(data)

    return measure(fit, repeats)


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


def time_r(case: Case, repeats: int) -> tuple[float, float, int] | None:
    """Median elapsed seconds of the fit alone in R's games package (data loaded and one
    warm-up fit first, both untimed), its log-likelihood and the repeats timed."""
    script = (
        "suppressMessages(library(games))\n"
        f"data({case.r_data})\n"
        f"m <- {case.r_fit}\n"  # warm-up, untimed
        f"times <- numeric({repeats})\n"
        f"for (i in seq_len({repeats})) {{\n"
        f"  times[i] <- system.time(m <- {case.r_fit})[['elapsed']]\n"
        "}\n"
        'cat(median(times), sum(m$log.likelihood), "\\n")\n'
    )
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as fh:
        fh.write(script)
        path = fh.name
    try:
        out = subprocess.run(
            ["Rscript", path], capture_output=True, text=True, timeout=900, check=False
        )
    finally:
        os.unlink(path)
    if out.returncode != 0:
        print(f"  R failed on {case.label}: {out.stderr.strip()[:300]}")
        return None
    seconds, loglik = out.stdout.split()[:2]
    return float(seconds), float(loglik), repeats


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_options(parser, [c.name for c in CASES])
    args = parser.parse_args(argv)
    repeats = args.repeats or (2 if args.quick else 5)
    folder = data_dir() / "games"
    if not folder.is_dir():
        raise SystemExit(f"data folder {folder} not found (set DETENTE_TEST_DATA)")
    rec = Recorder("estimate", args.json)
    with_r = r_available()
    print(
        "Measured: wall time of one maximum-likelihood fit (estimates + Hessian SEs); one "
        f"warm-up, then median of {repeats} fits per side. Peer: R package games (maxLik "
        "BFGS), the fit alone (data loaded before timing)."
    )
    if not with_r:
        print(
            f"R not available ({r_games_version()}; or games missing): detente's figures "
            "alone, no peer column."
        )
    for case in CASES:
        if not selected(args, case.name):
            continue
        if args.quick and case.name in ("egame123", "ultimatum"):
            continue  # the two slowest fits; --case runs them in quick mode too
        data = pd.read_csv(folder / case.file)
        timing, fit = time_detente(case, data, repeats)
        seconds = timing.median
        r_seconds, note = None, "R not available on this machine: no peer figure"
        if with_r:
            r_result = time_r(case, repeats)
            if r_result is not None:
                r_seconds = r_result[0]
                note = f"log-likelihood detente {float(fit.loglik):.4f}, R {r_result[1]:.4f}"
            else:
                note = "R failed on this fit: no peer figure"
        else:
            note = f"log-likelihood {float(fit.loglik):.4f}, n = {int(fit.n)}; " + note
        rec.add(
            Row(
                "estimate", case.name, "like-for-like" if with_r else "internal",
                f"{case.label}: ML fit, BFGS with analytic gradients, Hessian SEs",
                "R games (maxLik BFGS), the fit alone" if with_r else "",
                "s per fit", seconds, r_seconds, None,
                rec.ratio(seconds, r_seconds, False), None,
                f"median of {repeats}{' each side' if with_r else ''}, after one warm-up fit "
                f"(spread {min(timing.seconds):.3f}-{max(timing.seconds):.3f} s)",
                note, higher_is_better=False,
            )
        )  # fmt: skip


if __name__ == "__main__":
    main()
