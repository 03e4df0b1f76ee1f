"""The validation page and the ICB-crisis-as-scenario API (issue 15, item 7)."""

from __future__ import annotations

import pytest


@pytest.fixture
def icb_data(shared_data, monkeypatch):
    """The ICB and COW files for the translation API (the page's summary needs none)."""
    from detente.web import validation_routes

    monkeypatch.setenv("DETENTE_DATA_DIR", str(shared_data))
    validation_routes._records.cache_clear()
    yield shared_data
    validation_routes._records.cache_clear()


def test_validation_api_serves_the_bundled_summary(client):
    data = client.get("/api/validation").json()
    assert data["n_train"] > 300 and data["n_test"] > 80
    assert set(data["scores"]) >= {"detente", "base_rate", "logit"}
    assert data["calibration"]["name"] == "icb_v14_pre1990"
    page = client.get("/validation")
    assert page.status_code == 200 and "How good are the odds?" in page.text
    assert "base rate" in page.text and "multinomial logit" in page.text


def test_icb_crisis_as_scenario_api(client, icb_data):
    r = client.get("/api/icb/196/scenario")
    assert r.status_code == 200 and r.json()["name"] == "CUBAN MISSILES"
    checked = client.post("/api/scenarios/validate", json={"toml": r.json()["toml"]})
    assert checked.status_code == 200 and checked.json()["valid"]
    missing = client.get("/api/icb/9999/scenario")
    assert missing.status_code == 400 and "9999" in missing.json()["detail"]


def test_icb_api_without_data_says_how_to_get_it(client, tmp_path, monkeypatch):
    from detente.web import validation_routes

    monkeypatch.setenv("DETENTE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    validation_routes._records.cache_clear()
    r = client.get("/api/icb/196/scenario")
    validation_routes._records.cache_clear()
    assert r.status_code == 400 and "DETENTE_DATA_DIR" in r.json()["detail"]


@pytest.mark.browser
def test_validation_page_opens_a_crisis_in_the_scenario_editor(page, live_server, icb_data):
    page.goto(f"{live_server}/validation")
    assert "log loss" in page.inner_text("#validation-summary")
    page.fill("#crisno", "336")
    page.click("#icb-open")
    page.wait_for_function("!document.getElementById('icb-toml').hidden")
    assert "FALKLANDS" in page.input_value("#icb-toml").upper()
    page.click("#icb-analyze")
    page.wait_for_function("document.getElementById('toml').value.includes('ICB crisis 336')")
