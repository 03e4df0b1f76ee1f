"""Issue 15: the ICB record as scenarios, the fitted calibration and the validation.

Real data through the ``shared_data`` fixture; CLI refusals through the real command in a
subprocess (``run_detente`` / ``assert_refused``)."""

from __future__ import annotations

import csv
import json
import shutil

import numpy as np
import pandas as pd
import pytest

from detente.data.crisis_outcomes import OUTCOME_CLASSES
from detente.errors import InputError
from detente.scenario import analyze_scenario, explain_scenario, load_calibration, load_scenario
from detente.scenario.calibration import bundled_calibrations
from detente.scenario.calibration_fit import class_probabilities, fit_constants
from detente.scenario.forecast_scores import case_scores
from detente.scenario.icb_scenarios import (
    crisis_record,
    icb_record,
    icb_scenario,
    icb_scenario_text,
)
from detente.scenario.monte_carlo import evaluate, stream, uncertain_paths
from detente.scenario.record_inputs import crisis_seed, stacked_inputs, take_rows
from detente.scenario.record_validation import (
    BUNDLED_CRISES,
    CLASS_SLUGS,
    FITTED_CALIBRATION,
    validate_record,
)


@pytest.fixture(scope="module")
def record(shared_data):
    return icb_record(shared_data)


@pytest.fixture(scope="module")
def validation(shared_data):
    return validate_record(shared_data, n_boot=200)


def test_every_icb_crisis_becomes_a_scenario_that_passes_check(record):
    """All 487 crises translate into TOML that loads and compiles (what `scenario check`
    does: load, then explain_scenario, which also resolves the mapping)."""
    names = record.attrs["state_names"]
    assert len(record) == 487
    for row in record.to_dict("records"):
        text = icb_scenario_text(row, names)
        scenario = load_scenario(text, name=f"icb_{row['crisno']}")
        assert scenario.crisis.challenger == "challenger"
        assert explain_scenario(scenario)["models"][0]["primary"]


def test_translation_follows_the_table_on_known_crises(record):
    """Cuba 1962 (crisis 196): both superpowers nuclear -> nuclear domain; the US is a
    democracy; trigger 'external change' -> deterrence. Pearl Harbor's defender is Japan
    challenged by the US (ICB's first crisis actor and its triggering entity)."""
    names = record.attrs["state_names"]
    cuba = icb_scenario(crisis_record(record, 196), names)
    assert cuba.crisis.domain == "nuclear" and cuba.crisis.kind == "deterrence"
    assert cuba.actors["defender"].regime == "democracy"
    assert cuba.actors["defender"].ccode == 2 and cuba.actors["challenger"].ccode == 365
    assert cuba.crisis.escalation_risk.args == (0.01, 0.1)
    # a violent trigger makes the crisis compellence, and the challenger more committed
    violent = record.loc[record["defender_triggr"] == 9].iloc[0]
    s = icb_scenario(violent, names)
    assert s.crisis.kind == "compellence" and s.actors["challenger"].resolve.args == (0.6, 0.9)
    # a non-state challenger has no CINC: a discrete wide prior below the defender's
    nonstate = record.loc[record["challenger_kind"] == "Non-state actor"].iloc[0]
    cap = icb_scenario(nonstate, names).actors["challenger"].capability
    assert cap.kind == "discrete" and max(cap.values) == pytest.approx(nonstate["defender_cinc"])


def test_unknown_crisis_number_is_refused(record, run_detente, assert_refused, shared_data):
    with pytest.raises(InputError, match="9999"):
        crisis_record(record, 9999)
    result = run_detente(
        "scenario", "from-icb", "9999", "--data-dir", str(shared_data), timeout=120
    )
    assert_refused(result, "crisis number 9999", "1-487")


def test_from_icb_writes_a_file_scenario_check_accepts(tmp_path, run_detente, shared_data):
    path = tmp_path / "cuba.toml"
    made = run_detente(
        "scenario", "from-icb", "196", "--out", str(path), "--data-dir", str(shared_data)
    )
    assert made.returncode == 0, made.stderr
    text = path.read_text()
    assert "# ICB GRAVTY = 5 Threat of grave damage" in " ".join(text.split("  "))
    checked = run_detente("scenario", "check", str(path), "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["valid"]


@pytest.mark.parametrize("crisno", [196, 336, 412])
def test_the_file_and_the_validator_see_the_same_inputs(tmp_path, record, validation, crisno):
    """One code path: the file `from-icb` writes, analysed with the validator's draws, gives
    the validator's conditional class probabilities (and analyze_scenario's outcome
    probabilities are the means of the same per-draw probabilities)."""
    names = record.attrs["state_names"]
    path = tmp_path / f"icb_{crisno}.toml"
    path.write_text(icb_scenario_text(crisis_record(record, crisno), names))
    scenario = load_scenario(path)
    settings = validation.settings
    cal = load_calibration(FITTED_CALIBRATION)
    draws, seed = settings["draws"], crisis_seed(settings["seed"], crisno)
    uniforms = {p: stream(seed, p, draws) for p in uncertain_paths(scenario)}
    batch = evaluate(scenario, uniforms, draws, cal, secondary=False)
    env = batch.env
    mine = [
        env["success_if_pressed"].mean(),
        env["prevails_if_pressed"].mean(),
        env["compromise_if_pressed"].mean(),
        (env["war_if_pressed"] + env["nuclear_if_pressed"]).mean(),
    ]
    row = validation.predictions.set_index("crisno").loc[crisno]
    assert np.allclose(mine, [row[f"p_{s}"] for s in CLASS_SLUGS], rtol=0, atol=1e-12)
    analysis = analyze_scenario(
        scenario, draws=draws, seed=seed, sensitivity=False, calibration=cal
    )
    assert analysis.p("success") == pytest.approx(batch.probs["success"].mean(), abs=1e-12)


def test_validation_contract_and_splits(validation):
    """Train < 1990 and test >= 1990 exclude the bundled crises; every score has an interval
    around its value; predictions' rows sum to one for every model."""
    data = validation.to_json()
    assert data["n_train"] + data["n_test"] + data["n_bundled"] == 486
    assert data["n_bundled"] == len(BUNDLED_CRISES)
    pred = validation.predictions
    assert (pred.loc[pred["split"] == "train", "year"] < 1990).all()
    assert (pred.loc[pred["split"] == "test", "year"] >= 1990).all()
    for model in ("detente", "base_rate", "logit"):
        for metric in ("log_loss", "brier", "accuracy"):
            s = data["scores"][model][metric]
            assert s["lo"] <= s["value"] <= s["hi"]
    for prefix in ("p_", "base_rate_p_", "logit_p_", "detente_handset_p_"):
        total = pred[[f"{prefix}{s}" for s in CLASS_SLUGS]].sum(axis=1)
        assert np.allclose(total, 1.0)
    assert len(data["worst"]) == 20 and len(data["eras"]) == 4


def test_scores_can_be_recomputed_from_predictions_csv(validation, tmp_path):
    """Anyone can recompute every score from predictions.csv (issue 15, item 5)."""
    from detente.report.validation_report import write_validation_reports

    files = write_validation_reports(validation, tmp_path)
    frame = pd.read_csv(files["predictions"])
    test = frame.loc[frame["split"] == "test"]
    y = test["observed"].map({c: i for i, c in enumerate(OUTCOME_CLASSES)}).to_numpy()
    record = json.loads(files["json"].read_text())
    for model, prefix in (("detente", "p_"), ("logit", "logit_p_"), ("base_rate", "base_rate_p_")):
        p = test[[f"{prefix}{s}" for s in CLASS_SLUGS]].to_numpy()
        again = case_scores(p, y)
        for metric in ("log_loss", "brier", "accuracy"):
            assert again[metric].mean() == pytest.approx(record["scores"][model][metric]["value"])
    html = files["html"].read_text()
    assert "reliability diagram" in html and "worst-predicted" in html
    with files["predictions"].open() as fh:
        header = next(csv.reader(fh))
    assert header[:6] == ["crisno", "name", "year", "challenger", "defender", "split"]


def test_bundled_fit_is_what_a_refit_gives(shared_data):
    """`detente validate --refit` regenerates the bundled calibration (values written to six
    significant digits)."""
    again = validate_record(shared_data, refit=True, n_boot=20)
    bundled = load_calibration(FITTED_CALIBRATION)
    assert again.settings["calibration"]["how"] == "refitted"
    for name in bundled.provenance["fitted"]:
        assert again.fitted[name] == pytest.approx(bundled[name], rel=1e-3, abs=1e-4)
    assert again.fit.converged
    assert again.fit.loglik == pytest.approx(bundled.provenance["loglik"], abs=1e-2)


def test_simulated_ml_recovers_known_constants(record):
    """Consistency of the estimator (Gourieroux & Monfort 1996, ch. 3): outcomes simulated
    from known constants on the real crises' inputs are fitted back within three standard
    errors."""
    names = record.attrs["state_names"]
    rows = record.loc[record["outcome"].notna()].head(300)
    scenarios = [icb_scenario(r, names) for r in rows.to_dict("records")]
    inputs = stacked_inputs(scenarios, rows["crisno"].tolist(), 100, 3)
    handset = load_calibration("handset")
    truth = handset.with_values(precision=3.0, settlement_share=0.35)
    p = class_probabilities(inputs, truth.values())
    rng = np.random.default_rng(11)
    y = np.array([rng.choice(4, p=pi / pi.sum()) for pi in p])
    fit = fit_constants(inputs, y, handset, ("precision", "settlement_share"))
    assert fit.converged and not fit.at_bound
    for name, want in (("precision", 3.0), ("settlement_share", 0.35)):
        k = fit.names.index(name)
        assert abs(fit.values[k] - want) < 3 * fit.se[k], (name, fit.values[k], fit.se[k])
    # the engine's gradient vanishes at the estimate
    assert np.max(np.abs(fit.gradient)) < 1e-2
    # a subset of rows gives the same probabilities as the whole stack
    sub = class_probabilities(take_rows(inputs, slice(0, 7)), truth.values())
    assert np.allclose(sub, p[:7])


def test_calibration_inherits_from_its_base(tmp_path):
    """`base = "handset"`: unlisted constants come from the base, listed ones may give only a
    value and a standard error."""
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "mine"\nmapping_version = 2\nstatus = "fitted"\nbase = "handset"\n'
        "[constants.precision]\nvalue = 2.5\nse = 0.4\n"
    )
    cal = load_calibration(path)
    handset = load_calibration("handset")
    assert cal["precision"] == 2.5 and cal.constants["precision"].se == 0.4
    assert cal.constants["precision"].lo == handset.constants["precision"].lo
    assert {k: v for k, v in cal.values().items() if k != "precision"} == {
        k: v for k, v in handset.values().items() if k != "precision"
    }
    fitted = load_calibration(FITTED_CALIBRATION)
    assert (
        fitted.fitted and fitted.base == "handset" and "icb_v14_pre1990" in bundled_calibrations()
    )
    assert load_calibration().name == FITTED_CALIBRATION  # the default
    path.write_text(path.read_text().replace('base = "handset"', 'base = "nowhere.toml"'))
    with pytest.raises(InputError, match=r"nowhere\.toml"):
        load_calibration(path)


def _drop_constant(text: str) -> str:
    start = text.index("[constants.risk_reduction]")
    return text[:start] + text[text.index("[constants.concession_value]") :]


@pytest.mark.parametrize(
    ("source", "edit", "needles"),
    [
        ("handset", _drop_constant, ["'risk_reduction' is missing"]),
        (FITTED_CALIBRATION, lambda t: t.replace('base = "handset"\n', ""), ["'precision'"]),
        (
            FITTED_CALIBRATION,
            lambda t: t.replace("mapping_version = 2", "mapping_version = 1"),
            ["mapping_version = 1", "version 2"],
        ),
    ],
)
def test_bad_calibration_files_are_refused_by_the_cli(
    tmp_path, run_detente, assert_refused, source, edit, needles
):
    """A calibration with a missing constant, or one that no longer inherits what it does not
    list, or made for another mapping version: one line naming the file, exit code 2."""
    text = bundled_calibrations()[source].read_text()
    path = tmp_path / "bad.toml"
    path.write_text(edit(text))
    result = run_detente("analyze", "--calibration", str(path), "-n", "10", "--no-record")
    assert_refused(result, str(path), *needles)


def test_validate_refuses_missing_data_and_a_missing_column(
    tmp_path, shared_data, run_detente, assert_refused
):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {"DETENTE_DATA_DIR": str(empty), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert_refused(run_detente("validate", env=env), "v14.csv", "DETENTE_DATA_DIR")
    broken = tmp_path / "broken"
    shutil.copytree(shared_data / "cow", broken / "cow")
    (broken / "icb").mkdir()
    shutil.copy(shared_data / "icb" / "icb1v14.csv", broken / "icb")
    frame = pd.read_csv(shared_data / "icb" / "icb2v14.csv")
    frame.drop(columns=["gravty"]).to_csv(broken / "icb" / "icb2v14.csv", index=False)
    result = run_detente("validate", "--data-dir", str(broken), env=env)
    assert_refused(result, "icb2v14.csv", "gravty")


def test_validate_json_through_the_cli(tmp_path, shared_data, run_detente):
    out = tmp_path / "val"
    result = run_detente(
        "validate", "--json", "--out", str(out), "--data-dir", str(shared_data), timeout=600
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["n_train"] > 300 and data["n_test"] > 80
    for model in ("detente", "base_rate", "logit"):
        assert set(data["scores"][model]) == {"log_loss", "brier", "accuracy"}
        assert set(data["scores"][model]["log_loss"]) == {"value", "lo", "hi"}
    assert {p.name for p in out.iterdir()} == {"predictions.csv", "report.html", "validation.json"}
