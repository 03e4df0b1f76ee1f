"""Scenario and run endpoints: validation, a full analysis with progress, the report, the store."""

from __future__ import annotations

import pytest

from detente.scenario import bundled_scenarios
from detente.web.request_limits import MAX_DRAWS, MAX_SCENARIO_CHARS

BUNDLED = "cuban_missile_crisis"


def test_bundled_scenarios_listed_and_readable(client):
    assert client.get("/api/scenarios").json() == sorted(bundled_scenarios())
    data = client.get(f"/api/scenarios/{BUNDLED}").json()
    assert data["toml"] == bundled_scenarios()[BUNDLED].read_text(encoding="utf-8")
    assert client.get("/api/scenarios/nope").status_code == 404


def test_validate_accepts_bundled_text(client):
    text = bundled_scenarios()[BUNDLED].read_text(encoding="utf-8")
    r = client.post("/api/scenarios/validate", json={"toml": text})
    assert r.status_code == 200
    assert r.json()["valid"] is True


@pytest.mark.parametrize(
    ("toml", "fragment"),
    [
        ("[scenario\ntitle = 'x'", "TOML syntax error"),
        ("[scenario]\ntitle = 3\n", "line 2"),
        ("/etc/passwd", "scenario text"),  # never read as a path on the server
        ("   ", "empty"),
    ],
)
def test_invalid_scenario_is_400_naming_line_or_field(client, toml, fragment):
    r = client.post("/api/scenarios/validate", json={"toml": toml})
    assert r.status_code == 400
    assert fragment in r.json()["detail"]
    r = client.post("/api/scenarios/jobs", json={"toml": toml, "draws": 100})
    assert r.status_code == 400


def test_scenario_limits(client):
    r = client.post("/api/scenarios/jobs", json={"bundled": BUNDLED, "draws": MAX_DRAWS + 1})
    assert r.status_code == 422
    r = client.post("/api/scenarios/validate", json={"toml": "#" * (MAX_SCENARIO_CHARS + 1)})
    assert r.status_code == 422
    r = client.post("/api/scenarios/validate", json={"toml": "a = 1", "bundled": BUNDLED})
    assert r.status_code == 400


def test_analysis_runs_reports_and_is_stored(client, wait_done):
    r = client.post("/api/scenarios/jobs", json={"bundled": BUNDLED, "draws": 2000, "seed": 1})
    assert r.status_code == 202
    job = wait_done(client, r.json())
    assert job["status"] == "done", job["error"]
    assert job["progress"] == 1.0
    report = client.get(job["report_url"])
    assert report.status_code == 200
    assert "Cuban Missile Crisis" in report.text
    assert report.headers["content-security-policy"].startswith("sandbox")
    result = client.get(job["result_url"]).json()
    assert (result["seed"], result["draws"]) == (1, 2000)
    runs = client.get("/api/runs").json()
    assert [run["id"] for run in runs] == [job["run_id"]]
    record = client.get(f"/api/runs/{job['run_id']}").json()
    assert record["draws"] == 2000
    assert job["run_id"] in client.get("/runs").text
    assert client.get(f"/runs/{job['run_id']}").status_code == 200


def test_unknown_run_and_job_are_404(client):
    assert client.get("/api/runs/abcdef123456").status_code == 404
    assert client.get("/runs/abcdef123456").status_code == 404
    assert client.get("/api/scenarios/jobs/0123456789abcdef").status_code == 404
    assert client.get("/api/runs/..%2F..%2Fetc").status_code in (404, 422)


def test_scenarios_page_lists_bundled(client):
    html = client.get("/scenarios").text
    assert f"<option>{BUNDLED}</option>" in html


def test_unknown_intervention_is_400_before_running(client):
    body = {"bundled": BUNDLED, "draws": 100, "interventions": ["teleport"]}
    r = client.post("/api/scenarios/jobs", json=body)
    assert r.status_code == 400
    assert "unknown kind" in r.json()["detail"]


def test_extra_intervention_appears_in_the_result(client, wait_done):
    body = {"bundled": BUNDLED, "draws": 500, "interventions": ["alliance:0.9"]}
    job = wait_done(client, client.post("/api/scenarios/jobs", json=body).json())
    assert job["status"] == "done", job["error"]
    rows = client.get(job["result_url"]).json()["interventions"]
    assert any(row["kind"] == "alliance" for row in rows)
