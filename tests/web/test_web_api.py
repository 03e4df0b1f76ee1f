"""The explorer's JSON API and pages through FastAPI's TestClient.

Answers are compared with direct library calls: the web layer must present, not compute.
"""

from __future__ import annotations

import html

import pytest

import detente.models as dm
from detente.web.json_payload import plain
from detente.web.request_limits import MAX_BODY_BYTES, MAX_MAP_AXIS

MODEL = "unilateral_deterrence"


def test_gallery_lists_every_registered_model(client):
    page = client.get("/")
    assert page.status_code == 200
    for model in dm.all_models():
        assert f'href="/models/{model.name}"' in page.text
        assert html.escape(model.title) in page.text


def test_api_models_matches_registry(client):
    data = client.get("/api/models").json()
    assert [m["name"] for m in data] == dm.available()
    one = client.get(f"/api/models/{MODEL}").json()
    assert one["parameters"] == dm.get(MODEL).specs()


@pytest.mark.parametrize("model", dm.available())
def test_model_page_has_one_slider_per_parameter_with_schema_range(client, model):
    html = client.get(f"/models/{model}").text
    for name, spec in dm.get(model).specs().items():
        assert f'name="{name}" id="param-{name}" min="{spec["lo"]}" max="{spec["hi"]}"' in html


def test_solve_equals_library_point(client):
    """The API returns exactly ``model.solve(params).point()`` (Zagare & Kilgour 2000: a
    Challenger facing credibility 0.6 above the threshold 0.5 is deterred)."""
    body = {"params": {"p_def": 0.6}}
    got = client.post(f"/api/models/{MODEL}/solve", json=body).json()
    want = dm.get(MODEL).solve({"p_def": 0.6}).point()
    assert got == want
    assert got["outcome"] == "Status Quo"


def test_solve_outcome_changes_with_credibility(client):
    low = client.post(f"/api/models/{MODEL}/solve", json={"params": {"p_def": 0.2}}).json()
    assert low["outcome"] == "Challenger Wins"


def test_solve_qre_method(client):
    r = client.post(f"/api/models/{MODEL}/solve", json={"method": "qre", "lam": 2.0})
    assert r.status_code == 200
    assert r.json()["method"] == "qre"
    assert abs(sum(r.json()["outcomes"].values()) - 1) < 1e-9


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"params": {"p_def": 3}}, "allowed range [0, 1]"),
        ({"params": {"nonsense": 1}}, "its parameters are"),
        ({"method": "pbe"}, "is solved with"),
    ],
)
def test_invalid_solve_is_400_naming_the_input(client, body, fragment):
    r = client.post(f"/api/models/{MODEL}/solve", json=body)
    assert r.status_code == 400
    assert fragment in r.json()["detail"]


def test_malformed_body_is_422(client):
    r = client.post(f"/api/models/{MODEL}/solve", json={"params": {"p_def": "x"}})
    assert r.status_code == 422
    r = client.post(f"/api/models/{MODEL}/solve", json={"lam": -1})
    assert r.status_code == 422


def test_unknown_model_is_404_with_the_list(client):
    r = client.post("/api/models/nope/solve", json={})
    assert r.status_code == 404
    assert MODEL in r.json()["detail"]
    page = client.get("/models/nope")
    assert page.status_code == 404
    assert "unknown model" in page.text


def test_tree_is_svg_with_equilibrium_path(client):
    r = client.post(f"/api/models/{MODEL}/tree", json={"params": {"p_def": 0.6}})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.startswith("<svg")
    assert "#b03a2e" in r.text  # the path colour of detente.games.tree_plot


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_map_image(client, fmt, magic):
    body = {"x": {"name": "p_def", "n": 20}, "y": {"name": "d_ch", "n": 20}, "format": fmt}
    r = client.post(f"/api/models/{MODEL}/map", json=body)
    assert r.status_code == 200
    assert r.content.startswith(magic)


def test_map_grid_is_bounded(client):
    body = {"x": {"name": "p_def", "n": MAX_MAP_AXIS + 1}, "y": {"name": "d_ch", "n": 20}}
    assert client.post(f"/api/models/{MODEL}/map", json=body).status_code == 422


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"x": {"name": "zz"}, "y": {"name": "d_ch"}}, "not a parameter"),
        ({"x": {"name": "p_def"}, "y": {"name": "p_def"}}, "different parameters"),
        ({"x": {"name": "p_def", "lo": 1, "hi": 0}, "y": {"name": "d_ch"}}, "low < high"),
    ],
)
def test_invalid_map_is_400(client, body, fragment):
    r = client.post(f"/api/models/{MODEL}/map", json=body)
    assert r.status_code == 400
    assert fragment in r.json()["detail"]


def test_body_over_the_limit_is_413(client):
    r = client.post(
        f"/api/models/{MODEL}/solve",
        content=b" " * (MAX_BODY_BYTES + 1),
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert str(MAX_BODY_BYTES) in r.json()["detail"]


def test_chunked_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(MAX_BODY_BYTES // 1024 + 2):
            yield b" " * 1024

    r = client.post(
        f"/api/models/{MODEL}/solve", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413


def test_security_headers(client):
    r = client.get("/")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "SAMEORIGIN"


def test_static_script_is_served_locally(client):
    page = client.get(f"/models/{MODEL}").text
    assert 'src="/static/detente.js"' in page
    assert "http://" not in page and "https://" not in page  # offline: no CDN
    assert client.get("/static/detente.js").status_code == 200


def test_openapi_documents_every_api_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/models",
        "/api/models/{name}/solve",
        "/api/models/{name}/tree",
        "/api/models/{name}/map",
        "/api/models/{name}/picture",
        "/api/stability/exchange",
        "/api/stability/defense",
        "/api/stability/inspection",
        "/api/stability/lanchester",
        "/api/stability/sspk",
        "/api/stability/compliance",
        "/api/scenarios/jobs",
        "/api/runs",
    ):
        assert path in paths


@pytest.mark.parametrize("model", dm.available())
def test_every_model_page_solves_at_defaults(client, model):
    """Every registered model works in the explorer the day it is registered."""
    assert client.get(f"/models/{model}").status_code == 200
    r = client.post(f"/api/models/{model}/solve", json={})
    assert r.status_code == 200
    assert r.json()["outcome"] == dm.get(model).solve().point()["outcome"]


def test_large_tree_is_refused_with_a_message(client, monkeypatch):
    from detente.web import model_routes

    monkeypatch.setattr(model_routes, "MAX_TREE_TERMINALS", 2)
    r = client.post(f"/api/models/{MODEL}/tree", json={})
    assert r.status_code == 400
    assert "too many to draw" in r.json()["detail"]
    assert 'id="tree-note"' in client.get(f"/models/{MODEL}").text


def test_pbe_map_grid_is_bounded(client):
    pbe = next((m for m in dm.all_models() if m.methods[0] == "pbe"), None)
    assert pbe is not None, "the registry should hold at least one PBE model"
    x, y = list(pbe.specs())[:2]
    body = {"x": {"name": x, "n": 100}, "y": {"name": y, "n": 100}}
    r = client.post(f"/api/models/{pbe.name}/map", json=body)
    assert r.status_code == 400
    assert "at most" in r.json()["detail"]


def test_unknown_page_is_an_html_404_and_unknown_api_path_json(client):
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert "there is no page at /no/such/page" in page.text
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not Found"}


def test_malformed_page_address_is_an_html_422(client):
    page = client.get("/runs/..bad..")
    assert page.status_code == 422
    assert "invalid address" in page.text


PICTURED = [m.name for m in dm.all_models() if m.picture is not None]


def test_the_three_new_models_have_pictures():
    assert {"escalation_ladder", "early_warning", "reassurance_monitoring"} <= set(PICTURED)


@pytest.mark.parametrize("model", PICTURED)
def test_picture_is_svg_and_its_data_is_the_librarys(client, model):
    r = client.post(f"/api/models/{model}/picture", json={})
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.startswith("<svg")
    data = client.post(f"/api/models/{model}/picture.json", json={}).json()
    assert data == plain(dm.get(model).draw().as_dict())
    assert 'id="picture"' in client.get(f"/models/{model}").text


def test_picture_follows_the_parameters_and_refuses_bad_ones(client):
    """Rung-reach bars: one bar per rung of the ladder asked for."""
    data = client.post(
        "/api/models/escalation_ladder/picture.json", json={"params": {"rungs": 3}}
    ).json()
    assert data["panels"][0]["x"] == ["1", "2", "3"]
    r = client.post("/api/models/escalation_ladder/picture", json={"params": {"rungs": 0}})
    assert r.status_code == 400 and "rungs" in r.json()["detail"]
    r = client.post(f"/api/models/{MODEL}/picture", json={})
    assert r.status_code == 400 and "no picture" in r.json()["detail"]


def test_whole_number_sliders_step_by_one_and_decision_time_sets_lambda(client):
    html = client.get("/models/escalation_ladder").text
    assert 'id="param-rungs" min="1" max="8"\n             step="1"' in html
    html = client.get("/models/early_warning").text
    assert 'id="lam"' not in html and "follows the model" in html
    r = client.post("/api/models/early_warning/solve", json={"params": {"decision_minutes": 2.5}})
    assert r.json() == plain(dm.get("early_warning").solve({"decision_minutes": 2.5}).point())
