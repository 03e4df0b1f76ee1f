"""Past runs in the explorer: the list with P(war), a run drawn as its report, two runs
compared side by side (pages and JSON API)."""

from __future__ import annotations

import re

import pytest

from detente.report import render_html
from detente.scenario import bundled_scenarios
from detente.scenario.stored_analysis import analysis_from_json

BUNDLED = "cuban_missile_crisis"
RISK = 'escalation_risk = {dist = "uniform", lo = 0.05, hi = 0.5}'


def _analyse(client, wait_done, **body) -> str:
    job = client.post("/api/scenarios/jobs", json={"draws": 500, "seed": 1} | body).json()
    job = wait_done(client, job)
    assert job["status"] == "done", job
    return job["run_id"]


@pytest.fixture
def two_runs(client, wait_done) -> tuple[str, str]:
    """Cuba as bundled (a), then with a higher judged escalation risk (b)."""
    text = bundled_scenarios()[BUNDLED].read_text(encoding="utf-8")
    riskier = text.replace(RISK, 'escalation_risk = {dist = "uniform", lo = 0.3, hi = 0.6}')
    return (
        _analyse(client, wait_done, bundled=BUNDLED),
        _analyse(client, wait_done, toml=riskier, name="cuba_riskier"),
    )


def test_run_list_gives_p_war(client, two_runs):
    rows = {r["id"]: r for r in client.get("/api/runs").json()}
    for rid in two_runs:
        outcomes = client.get(f"/api/runs/{rid}").json()["result"]["outcomes"]
        assert rows[rid]["p_war"] == pytest.approx(
            outcomes["War"]["p"] + outcomes["Nuclear war"]["p"], rel=1e-12
        )
    page = client.get("/runs").text
    assert "P(war)" in page and "scenario_hash" not in page  # no internal column names
    shown = re.findall(r'class="num p-war">([0-9.]+)<', page)
    assert sorted(shown) == sorted(f"{rows[r]['p_war']:.3f}" for r in two_runs)


def test_run_page_frames_its_report_drawn_from_the_record(client, two_runs):
    rid = two_runs[0]
    page = client.get(f"/runs/{rid}")
    assert page.status_code == 200
    assert f'src="/api/runs/{rid}/report"' in page.text and "<pre" not in page.text
    report = client.get(f"/api/runs/{rid}/report")
    assert report.status_code == 200 and "sandbox" in report.headers["content-security-policy"]
    record = client.get(f"/api/runs/{rid}").json()
    assert report.text == render_html(analysis_from_json(record["result"]))
    assert "Cuban Missile Crisis" in report.text and report.text.count("<svg") >= 4


def test_a_record_this_version_cannot_draw_shows_why_and_its_json(client, web_app, two_runs):
    import duckdb

    with duckdb.connect(str(web_app.state.run_store)) as con:
        con.execute(
            "UPDATE runs SET result = json_object('scenario', json_object('name', 'x'), "
            "'seed', 0, 'draws', 1, 'outcomes', json_object()) WHERE id = ?",
            [two_runs[0]],
        )
    page = client.get(f"/runs/{two_runs[0]}")
    assert page.status_code == 200
    assert "cannot be drawn as a report" in page.text and "has no inputs" in page.text
    assert "<pre" in page.text
    assert client.get(f"/api/runs/{two_runs[0]}/report").status_code == 400


def test_compare_two_runs(client, two_runs):
    a, b = two_runs
    data = client.get(f"/api/runs/compare?a={a}&b={b}").json()
    assert [d["field"] for d in data["inputs"]] == ["crisis.escalation_risk"]
    ra = client.get(f"/api/runs/{a}").json()["result"]["outcomes"]
    rb = client.get(f"/api/runs/{b}").json()["result"]["outcomes"]
    war = next(r for r in data["outcomes"] if r["class"] == "war")
    assert war["diff"] == pytest.approx(rb["War"]["p"] - ra["War"]["p"], abs=1e-15)
    page = client.get(f"/runs/compare?a={a}&b={b}")
    assert page.status_code == 200
    text = page.text
    assert "crisis.escalation_risk" in text and "<svg" in text
    assert f'src="/api/runs/{a}/report"' in text and f'src="/api/runs/{b}/report"' in text
    assert f"{war['diff']:+.3f}" in text


def test_compare_bad_ids(client, two_runs):
    assert client.get(f"/api/runs/compare?a=zzz&b={two_runs[0]}").status_code == 404
    assert client.get("/api/runs/compare?a=../x&b=y").status_code == 422
    page = client.get(f"/runs/compare?a=zzz&b={two_runs[0]}")
    assert page.status_code == 404 and "no run with id" in page.text
    chooser = client.get("/runs/compare")  # no ids: the form to pick two
    assert chooser.status_code == 200 and 'name="a"' in chooser.text
    assert client.get("/api/runs/abcdef123456/report").status_code == 404
