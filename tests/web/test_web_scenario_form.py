"""The scenario form's endpoints: judgements as slider ranges, and ranges written into TOML."""

from __future__ import annotations

import pytest

from detente.scenario import bundled_scenarios, load_scenario
from detente.scenario.scenario_form import judgement_fields
from detente.web.request_limits import MAX_FORM_VALUES, MAX_SCENARIO_CHARS

BUNDLED = "cuban_missile_crisis"
TEXT = bundled_scenarios()[BUNDLED].read_text(encoding="utf-8")


def test_fields_of_a_bundled_scenario_and_of_its_text_agree(client):
    by_name = client.post("/api/scenarios/form/fields", json={"bundled": BUNDLED})
    by_text = client.post("/api/scenarios/form/fields", json={"toml": TEXT})
    assert by_name.status_code == by_text.status_code == 200
    assert by_name.json() == by_text.json()
    body = by_name.json()
    assert body["fields"] == judgement_fields(TEXT)
    assert {f["group"] for f in body["fields"]} <= set(body["groups"])
    for f in body["fields"]:
        assert f["min"] <= f["lo"] <= f["hi"] <= f["max"]


def test_toml_endpoint_writes_the_range_and_keeps_the_rest(client):
    field = judgement_fields(TEXT)[0]
    r = client.post(
        "/api/scenarios/form/toml", json={"toml": TEXT, "values": {field["path"]: [0.2, 0.3]}}
    )
    assert r.status_code == 200
    out = r.json()["toml"]
    assert '{dist = "uniform", lo = 0.2, hi = 0.3}' in out
    assert next(f for f in judgement_fields(out) if f["path"] == field["path"])["lo"] == 0.2
    assert out.splitlines()[:20] == TEXT.splitlines()[:20]  # the header comments are kept
    load_scenario(out)
    r = client.post("/api/scenarios/validate", json={"toml": out})
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"toml": TEXT, "values": {"actors.nobody.resolve": [0.1, 0.2]}}, "not a judgement"),
        ({"toml": TEXT, "values": {"crisis.escalation_risk": [0.5, 0.1]}}, "lo = 0.5 > hi"),
        ({"toml": TEXT, "values": {"crisis.escalation_risk": [0.5, 3]}}, "allowed range [0, 1]"),
        ({"toml": "[scenario]\ntitle = 3\n", "values": {}}, "line 2"),
        ({"toml": "[scenario\n", "values": {}}, "TOML syntax error"),
    ],
)
def test_bad_input_is_400_naming_the_field(client, body, fragment):
    r = client.post("/api/scenarios/form/toml", json=body)
    assert r.status_code == 400
    assert fragment in r.json()["detail"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"bundled": "nope"}, "no bundled scenario called 'nope'"),
        ({"toml": TEXT, "bundled": BUNDLED}, "not both"),
        ({}, "not both"),
        ({"toml": "  "}, "empty"),
        ({"toml": "[scenario]\n\ntitle = 3\n"}, "line 3"),
    ],
)
def test_fields_of_a_bad_source_are_400(client, body, fragment):
    r = client.post("/api/scenarios/form/fields", json=body)
    assert r.status_code == 400
    assert fragment in r.json()["detail"]


def test_form_limits(client):
    big = "#" * (MAX_SCENARIO_CHARS + 1)
    assert client.post("/api/scenarios/form/fields", json={"toml": big}).status_code == 422
    many = {f"x{i}": [0.1, 0.2] for i in range(MAX_FORM_VALUES + 1)}
    r = client.post("/api/scenarios/form/toml", json={"toml": TEXT, "values": many})
    assert r.status_code == 422
    r = client.post("/api/scenarios/form/toml", json={"toml": TEXT, "values": {"a": [0.1]}})
    assert r.status_code == 422


def test_scenarios_page_has_the_judgements_panel(client):
    html = client.get("/scenarios").text
    assert 'id="judgements"' in html and "/static/scenario_form.js" in html
