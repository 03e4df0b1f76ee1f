"""Issue 16, 'Done when': the new scenario fields through the real CLI and the reports.

Bad input (a negative decision time, a false-alarm rate outside [0, 1], 0 or 10,000 rungs) is
one line naming the file, the field and the allowed range, exit code 2; ``detente analyze``
reports the de-alerting and data-exchange interventions with their change in P(nuclear war);
the Able Archer case runs by name; the HTML report draws the rung-by-rung figure.
"""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from detente.report import render_html
from detente.scenario import analyze_scenario, bundled_scenarios, load_scenario

CUBA = bundled_scenarios()["cuban_missile_crisis"].read_text()


def _edit(pattern: str, replacement: str) -> str:
    text, n = re.subn(pattern, replacement, CUBA, count=1, flags=re.MULTILINE)
    assert n == 1, pattern
    return text


@pytest.mark.parametrize(
    ("pattern", "replacement", "field", "allowed"),
    [
        (
            r"^decision_time_minutes = .*$",
            "decision_time_minutes = -5",
            "technology.decision_time_minutes",
            "[0, 1440]",
        ),
        (
            r"^false_alarm_rate = .*$",
            "false_alarm_rate = 1.5",
            "technology.early_warning.false_alarm_rate",
            "[0, 1]",
        ),
        (
            r"^false_alarm_rate = .*$",
            'false_alarm_rate = {dist = "uniform", lo = -0.1, hi = 0.2}',
            "technology.early_warning.false_alarm_rate",
            "[0, 1]",
        ),
        (r"^rungs = .*$", "rungs = 0", "escalation.rungs", "[1, 8]"),
        (r"^rungs = .*$", "rungs = 10000", "escalation.rungs", "[1, 8]"),
        (r"^risk_per_rung = .*$", "risk_per_rung = 0.9", "escalation.risk_per_rung", "[0, 0.3]"),
    ],
)
@pytest.mark.parametrize("command", [["scenario", "check"], ["analyze", "--no-record", "-n", "10"]])
def test_bad_new_fields_are_one_line_naming_file_line_field_and_range(
    tmp_path, run_detente, assert_refused, pattern, replacement, field, allowed, command
):
    path = tmp_path / "bad_cuba.toml"
    path.write_text(_edit(pattern, replacement))
    result = run_detente(*command, str(path), timeout=120)
    assert_refused(result, "bad_cuba.toml", "line", field, allowed)


def test_decision_time_without_a_warning_system_says_what_to_add(
    tmp_path, run_detente, assert_refused
):
    """Decision time acts only through the warning system's false alarms."""
    text = re.sub(
        r"(?ms)^\[technology\.early_warning\].*?(?=^\[escalation\]|^# The crisis as)", "", CUBA
    )
    assert "[technology.early_warning]" not in text
    path = tmp_path / "no_warning.toml"
    path.write_text(text)
    result = run_detente("scenario", "check", str(path), timeout=120)
    assert_refused(
        result, "no_warning.toml", "technology.early_warning", "add [technology.early_warning]"
    )


def test_cuba_reports_de_alerting_and_data_exchange_with_their_effect_on_nuclear_war(run_detente):
    """The default `detente analyze` (Cuba) lists both interventions with P(nuclear war), its
    change and a paired 95 % interval, in the JSON and in the text table."""
    result = run_detente("analyze", "--no-record", "-n", "2000", "--json", timeout=300)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {r["kind"]: r for r in data["interventions"]}
    for kind in ("de_alerting", "data_exchange"):
        row = rows[kind]
        lo, hi = row["delta_nuclear_interval"]
        assert lo <= row["delta_nuclear"] <= hi
        assert "Nuclear war" in row["outcomes"]
    text = run_detente("analyze", "--no-record", "-n", "500", timeout=300, env={"COLUMNS": "220"})
    assert text.returncode == 0 and "Δ nuclear" in text.stdout
    assert "De-alerting" in text.stdout and "Data exchange" in text.stdout


def test_able_archer_runs_by_name(run_detente):
    result = run_detente(
        "analyze", "able_archer_1983", "--no-record", "-n", "500", "--json", timeout=300
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["scenario"]["name"] == "able_archer_1983" and data["kind"] == "deterrence"
    assert data["scenario"]["expected"] == "Deterrence holds"
    assert data["escalation"]["ladder"]["rungs"] == 5


def test_html_report_draws_the_rung_figure_only_with_a_ladder():
    cuba = analyze_scenario(load_scenario("cuban_missile_crisis"), draws=300, sensitivity=False)
    html = render_html(cuba)
    section = html.split("<h2>Escalation, rung by rung</h2>")[1].split("<h2>")[0]
    assert "<svg" in section and "deliberate war (ladder)" in section
    korea = analyze_scenario(load_scenario("korea_1950"), draws=300, sensitivity=False)
    assert "Escalation, rung by rung" not in render_html(korea)


def test_rung_figure_is_drawn_from_the_record_alone():
    """The figure function reads only the analysis record's JSON (a recorded run redraws it):
    one tick per rung, the two ladder bars and, with hazards, the primary game's bars."""
    from detente.report.rung_risk_figure import rung_risk_figure

    record = {
        "escalation": {
            "ladder": {
                "rungs": 3,
                "climber": "Aland",
                "holder": "Bland",
                "reach": [0.9, 0.4, 0.1],
                "challenge": 0.5,
                "deliberate_war": 0.05,
                "inadvertent_war": 0.02,
                "risk_per_rung": 0.01,
            },
            "hazards": {
                "launch_hazard": 0.01,
                "control_hazard": 0.03,
                "inadvertent_war": 0.004,
                "inadvertent_nuclear": 0.002,
            },
        }
    }
    svg = rung_risk_figure(record)
    assert svg.startswith("<svg") and "Aland climbs" in svg and "nuclear, lost control" in svg
    assert rung_risk_figure({"escalation": {"ladder": None, "hazards": {}}}) == ""
    assert rung_risk_figure({}) == ""


def test_bundled_able_archer_says_what_happened_and_that_its_test_is_a_consistency_check():
    text = bundled_scenarios()["able_archer_1983"].read_text()
    assert "consistency" in text and "not a validation" in text
    data = tomllib.loads(text)
    assert data["scenario"]["historical_outcome"] and data["scenario"]["expected"]


def test_template_documents_the_optional_tables_and_they_validate_when_uncommented():
    """`detente scenario new` shows the new tables commented out; uncommented, they load and
    the scenario analyses with the three new interventions."""
    from detente.scenario.scenario_template import TEMPLATE

    start = TEMPLATE.index("# [technology]")
    end = TEMPLATE.index("\n", TEMPLATE.index("# risk_per_rung"))
    block = "\n".join(line.removeprefix("# ") for line in TEMPLATE[start:end].splitlines())
    s = load_scenario(TEMPLATE[:start] + block + TEMPLATE[end:])
    assert s.technology.early_warning is not None and s.escalation.rungs == 5
    r = analyze_scenario(
        s, draws=200, sensitivity=False, interventions=[f"{k}:0.5" for k in NEW_MOVES]
    )
    assert {row["kind"] for row in r.interventions} >= set(NEW_MOVES)


NEW_MOVES = ("de_alerting", "data_exchange", "crisis_management")
