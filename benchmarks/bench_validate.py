"""Time to validate scenario odds on the whole ICB crisis record (issue 15).

Cases:

* ``validate``: ``validate_record()`` with the defaults (200 draws per crisis, the bundled
  fitted calibration, base rate and penalised logit, bootstrap intervals): total seconds and
  seconds per crisis, against the target of 30 s on 2 cores (internal: no peer).
* ``predict``: the prediction stage alone, every crisis x draw in one vectorized pass of the
  kernel (blocks of crises), against the loop an analyst would write: one call per crisis.
* ``refit``: simulated maximum likelihood of the constants on the training crises (what
  ``detente validate --refit`` adds).
* ``loo``: the approximate leave-one-out (one Newton step) against exact refits for a few
  crises (warm start): the largest difference in a predicted probability (a check, not a
  speed).

Needs the ICB and COW files (``$DETENTE_DATA_DIR``, or ``DETENTE_TEST_DATA`` for the shared
copies). Timings on a shared machine are noisy: the median of the repeats is reported.

Run: ``python benchmarks/bench_validate.py [--quick] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import os
import warnings

import numpy as np
from benchmark_record import Recorder, Row, add_common_options, measure, selected

CASES = ["validate", "predict", "refit", "loo"]


def _data_dir() -> str | None:
    if os.environ.get("DETENTE_DATA_DIR"):
        return None
    shared = os.environ.get("DETENTE_TEST_DATA")
    return shared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_options(parser, CASES)
    args = parser.parse_args()
    rec = Recorder("bench_validate", args.json)
    repeats = args.repeats or (1 if args.quick else 3)
    data = _data_dir()

    from detente.scenario import load_calibration
    from detente.scenario.calibration_fit import (
        FITTED_CONSTANTS,
        class_probabilities,
        fit_constants,
    )
    from detente.scenario.record_inputs import take_rows
    from detente.scenario.record_validation import validate_record

    timing, result = measure(lambda: validate_record(data), repeats)
    n = len(result.predictions)
    stages = ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items())
    if selected(args, "validate"):
        rec.add(
            Row(
                "bench_validate",
                "validate",
                "internal",
                f"validate_record(): {n} crises x {result.settings['draws']} draws, bundled "
                "calibration, base rate, logit (5-fold CV), 2,000 bootstrap resamples",
                "",
                "s",
                timing.median,
                statistic=timing.statistic,
                note=f"target < 30 s on 2 cores; {timing.median / n * 1e3:.1f} ms per crisis; "
                f"best {timing.best:.2f} s; stages {stages}",
                higher_is_better=False,
            )
        )

    # the stacked inputs of the run above, rebuilt once for the stage timings
    from detente.scenario.icb_scenarios import icb_record, icb_scenario
    from detente.scenario.record_inputs import stacked_inputs

    records = icb_record(data)
    scored = records.loc[records["outcome"].notna()].reset_index(drop=True)
    names = records.attrs["state_names"]
    scenarios = [icb_scenario(r, names) for r in scored.to_dict("records")]
    inputs = stacked_inputs(scenarios, scored["crisno"].tolist(), 200, 0)
    cal = load_calibration()
    if selected(args, "predict"):
        batched, _ = measure(lambda: class_probabilities(inputs, cal.values()), repeats)

        def loop() -> None:
            for i in range(n):
                class_probabilities(take_rows(inputs, slice(i, i + 1)), cal.values())

        looped, _ = measure(loop, repeats)
        rec.add(
            Row(
                "bench_validate",
                "predict",
                "like-for-like",
                f"class_probabilities on {n} x 200 stacked inputs (blocks of crises)",
                "a Python loop, one call per crisis",
                "s",
                batched.median,
                peer=looped.median,
                ratio=rec.ratio(batched.median, looped.median, False),
                statistic=batched.statistic,
                higher_is_better=False,
            )
        )
    if args.quick:
        return
    train = (scored["yrtrig"] < 1990).to_numpy() & ~scored["crisno"].isin(
        [196, 132, 336, 431]
    ).to_numpy()
    y = (
        scored["outcome"]
        .map(
            {
                c: i
                for i, c in enumerate(
                    ("Deterrence holds", "Challenger prevails", "Compromise or stalemate", "War")
                )
            }
        )
        .to_numpy(dtype=int)
    )
    handset = load_calibration("handset")
    if selected(args, "refit"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitted, fit = measure(
                lambda: fit_constants(take_rows(inputs, train), y[train], handset),
                1,
                warmup=False,
            )
        rec.add(
            Row(
                "bench_validate",
                "refit",
                "internal",
                f"fit_constants: {len(FITTED_CONSTANTS)} constants, {int(train.sum())} crises x "
                "200 draws, BFGS + Hessian",
                "",
                "s",
                fitted.median,
                statistic="one fit",
                note=f"{fit.iterations} BFGS iterations, converged {fit.converged}",
                higher_is_better=False,
            )
        )
    if selected(args, "loo"):
        rows = np.flatnonzero(~scored["crisno"].isin([196, 132, 336, 431]).to_numpy())
        sub, ys = take_rows(inputs, rows), y[rows]
        start = {k: cal[k] for k in FITTED_CONSTANTS if k not in cal.provenance["at_bound"]}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            full = fit_constants(sub, ys, handset, start=start)
            inv = np.linalg.pinv(-full.hessian)
            worst = 0.0
            for i in (0, 150, 300):
                keep = np.ones(rows.size, dtype=bool)
                keep[i] = False
                exact = fit_constants(
                    take_rows(sub, keep), ys[keep], handset, start=full.as_dict()
                ).calibration(handset)
                step = -(full.scores[i] @ inv)
                approx = dict(full.calibration(handset).values())
                from detente.scenario.calibration_fit import to_natural_scale

                for j, name in enumerate(full.names):
                    approx[name] = float(to_natural_scale(handset, name, full.z[j] + step[j]))
                one = take_rows(sub, slice(i, i + 1))
                diff = np.abs(
                    class_probabilities(one, exact.values()) - class_probabilities(one, approx)
                ).max()
                worst = max(worst, float(diff))
        rec.add(
            Row(
                "bench_validate",
                "loo",
                "internal",
                "approximate leave-one-out (one Newton step) vs exact refits, 3 crises",
                "",
                "max |p difference|",
                worst,
                statistic="3 crises",
                higher_is_better=False,
            )
        )


if __name__ == "__main__":
    main()
