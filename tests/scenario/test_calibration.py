"""Calibration files: the mapping's constants as validated, versioned data."""

from __future__ import annotations

import json
import sys

import pytest

from detente.errors import InputError
from detente.scenario import analyze_scenario, bundled_calibrations, load_scenario
from detente.scenario.calibration import CONSTANTS, MAPPING_VERSION, load_calibration


@pytest.fixture
def handset_text() -> str:
    return bundled_calibrations()["handset"].read_text()


def test_bundled_handset_holds_every_constant_with_a_range_meaning_and_source():
    cal = load_calibration("handset")
    assert cal.name == "handset" and cal.status == "hand-set" and not cal.fitted
    assert cal.mapping_version == MAPPING_VERSION and list(cal.constants) == list(CONSTANTS)
    for name, c in cal.constants.items():
        assert c.lo <= c.value <= c.hi and c.meaning and c.source, name
    assert "not validated" in cal.note()


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (lambda t: t.replace("mapping_version = 2", "mapping_version = 1"), "mapping_version = 1"),
        (
            lambda t: t.replace("[constants.alliance_tie]", "[constants.alliance_ties]"),
            "unknown constant 'alliance_ties'",
        ),
        (
            lambda t: t.replace("value = 0.6\n", "value = 7.5\n", 1),
            r"constant 'alliance_tie' = 7.5 is outside its allowed range \[0, 3\]",
        ),
        (lambda t: t.replace('status = "hand-set"', 'status = "guessed"'), "status = 'guessed'"),
        (
            lambda t: t.replace("range = [0.05, 200.0]", "range = [200.0, 0.05]"),
            "constant 'precision': range must be",
        ),
    ],
)
def test_bad_calibration_files_name_the_file_and_the_constant(tmp_path, handset_text, edit, needle):
    path = tmp_path / "mine.toml"
    path.write_text(edit(handset_text))
    with pytest.raises(InputError, match=needle) as info:
        load_calibration(path)
    assert str(path) in str(info.value)


def test_a_missing_constant_is_named(tmp_path, handset_text):
    start = handset_text.index("[constants.risk_reduction]")
    end = handset_text.index("[constants.concession_value]")
    path = tmp_path / "short.toml"
    path.write_text(handset_text[:start] + handset_text[end:])
    with pytest.raises(InputError, match=r"short\.toml: constant 'risk_reduction' is missing"):
        load_calibration(path)


def test_unknown_calibration_lists_the_bundled_ones():
    with pytest.raises(InputError, match="handset"):
        load_calibration("no_such_calibration")


def test_with_values_checks_ranges():
    cal = load_calibration()
    assert cal.with_values(precision=9.0)["precision"] == 9.0
    with pytest.raises(InputError, match="precision"):
        cal.with_values(precision=-1.0)
    with pytest.raises(InputError, match="no constant 'nope'"):
        cal.with_values(nope=1.0)


def test_analysis_records_and_uses_the_calibration(tmp_path, handset_text):
    """A fitted calibration file changes the answer, is recorded with the run, and the reports
    say it was fitted (and from what) instead of hand-set."""
    s = load_scenario("nato_baltic")
    base = analyze_scenario(s, draws=800, seed=1, sensitivity=False)
    path = tmp_path / "fitted.toml"
    text = handset_text.replace('status = "hand-set"', 'status = "fitted"').replace(
        "[constants.precision]\nvalue = 5.0", "[constants.precision]\nvalue = 1.0"
    )
    path.write_text(text + '\n[provenance]\ndata = "a test sample"\n')
    fitted = analyze_scenario(s, draws=800, seed=1, sensitivity=False, calibration=str(path))
    assert fitted.outcomes != base.outcomes
    from detente.report import analysis_json

    data = analysis_json(fitted)
    assert data["calibration"]["values"]["precision"] == 1.0
    assert data["calibration"]["status"] == "fitted"
    assert "fitted to a test sample" in data["headline"] and "hand-set" not in data["headline"]


def test_cli_calibration_flag(monkeypatch, capsys, tmp_path, handset_text):
    from detente.cli.main import run

    path = tmp_path / "c.toml"
    path.write_text(handset_text.replace("value = 0.6\n", "value = 1.2\n", 1))
    monkeypatch.setattr(
        sys,
        "argv",
        [
            "detente",
            "analyze",
            "--draws",
            "300",
            "--no-record",
            "--json",
            "--calibration",
            str(path),
        ],
    )
    with pytest.raises(SystemExit) as exit_info:
        run()
    out = capsys.readouterr().out
    assert exit_info.value.code in (0, None)
    assert json.loads(out)["calibration"]["values"]["alliance_tie"] == 1.2
    monkeypatch.setattr(
        sys, "argv", ["detente", "analyze", "--draws", "300", "--calibration", "nope"]
    )
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 2 and "calibration 'nope' not found" in capsys.readouterr().err
