"""Issue 16: the scenario pages take the new tables (technology, institutions, escalation) and
the served report shows the rung-by-rung figure."""

from __future__ import annotations

from detente.scenario import bundled_scenarios


def test_able_archer_validates_runs_and_its_report_draws_the_rung_figure(client, wait_done):
    text = bundled_scenarios()["able_archer_1983"].read_text(encoding="utf-8")
    assert "[technology.early_warning]" in text and "[[institutions]]" in text
    r = client.post("/api/scenarios/validate", json={"toml": text})
    assert r.status_code == 200 and r.json()["valid"] is True
    body = {"toml": text, "draws": 500, "seed": 2, "interventions": ["de_alerting:0.5"]}
    r = client.post("/api/scenarios/jobs", json=body)
    assert r.status_code == 202
    job = wait_done(client, r.json())
    assert job["status"] == "done", job["error"]
    report = client.get(job["report_url"]).text
    assert "Escalation, rung by rung" in report and "deliberate war (ladder)" in report
    result = client.get(job["result_url"]).json()
    assert result["escalation"]["ladder"]["rungs"] == 5
    assert {row["kind"] for row in result["interventions"]} >= {"de_alerting", "data_exchange"}


def test_a_bad_new_field_is_400_naming_it(client):
    text = bundled_scenarios()["able_archer_1983"].read_text(encoding="utf-8")
    bad = text.replace("rungs = 5 ", "rungs = 0 ", 1)
    assert bad != text
    r = client.post("/api/scenarios/validate", json={"toml": bad})
    assert r.status_code == 400 and "escalation.rungs" in r.json()["detail"]
    assert "[1, 8]" in r.json()["detail"]
