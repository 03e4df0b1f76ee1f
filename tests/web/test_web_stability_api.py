"""The strategic-stability calculators of the explorer, against direct library calls."""

from __future__ import annotations

import pytest

from detente.stability import (
    InspectionPayoffs,
    check_compliance,
    get_treaty,
    inspection_equilibrium,
    lanchester,
    load_posture,
    stability_index,
)


def test_stability_page_has_every_calculator(client):
    html = client.get("/stability").text
    for calc in ("exchange", "defense", "inspection", "lanchester", "compliance"):
        assert f'data-api="/api/stability/{calc}"' in html


def test_exchange_indices_equal_library(client):
    r = client.post("/api/stability/exchange", json={"a": "us", "b": "russia", "points": 3})
    assert r.status_code == 200
    data = r.json()
    want = stability_index(load_posture("us"), load_posture("russia"), "generated").to_dict()
    assert data["stability"] == pytest.approx(want)
    assert len(data["a_strikes_b"]["attack_sizes"]) == 3


def test_inspection_equals_library(client):
    """Avenhaus, von Stengel & Zamir (2002): the equilibrium at the CLI's default payoffs."""
    data = client.post("/api/stability/inspection", json={}).json()
    eq = inspection_equilibrium(0.9, 0.05, InspectionPayoffs(0.5, 1.0, 0.1, 1.0, 0.5, 0.1))
    assert data["violation_probability"] == pytest.approx(float(eq.violation_probability))


def test_lanchester_square_law(client):
    """Lanchester (1916) square law: 100 vs 80 at equal effectiveness leaves sqrt(100^2-80^2)
    = 60 survivors of A."""
    data = client.post("/api/stability/lanchester", json={"force_a": 100, "force_b": 80}).json()
    assert data["survivors_a"] == pytest.approx(60.0)
    assert data == pytest.approx(lanchester(100, 80).to_dict())


def test_compliance_equals_library(client):
    data = client.post("/api/stability/compliance", json={"posture": "russia"}).json()
    assert data == check_compliance(load_posture("russia"), get_treaty("new-start")).to_dict()


def test_defense_leakers_grow_with_attack(client):
    data = client.post("/api/stability/defense", json={"warheads": [10, 100, 1000]}).json()
    leak = data["expected_leakers"]
    assert leak[0] <= leak[1] <= leak[2]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("exchange", {"a": "../../etc/passwd"}, 422),  # only bundled postures, never paths
        ("exchange", {"points": 1000}, 422),
        ("defense", {"warheads": []}, 422),
        ("defense", {"warheads": [1e9]}, 422),
        ("defense", {"warheads": list(range(1000))}, 422),
        ("inspection", {"detection": 0}, 400),
        ("lanchester", {"force_a": 0}, 422),
        ("lanchester", {"alpha": 5e-324}, 422),
        ("lanchester", {"breakpoint": 1}, 400),
        ("compliance", {"treaty": "salt"}, 422),
    ],
)
def test_invalid_calculator_input_is_a_client_error(client, path, body, status):
    r = client.post(f"/api/stability/{path}", json=body)
    assert r.status_code == status
    assert r.json()["detail"]


def test_sspk_equals_library_and_refuses_bad_input(client):
    """Issue 19 item 7: the kill-probability calculator returns the library's assessment."""
    from detente.stability import kill_assessment

    assert 'data-api="/api/stability/sspk"' in client.get("/stability").text
    body = {"yield_kt": 100.0, "hardness_psi": 1000.0, "cep_m": 200.0, "reliability": 0.9}
    data = client.post("/api/stability/sspk", json=body | {"warheads": [1, 2]}).json()
    want = kill_assessment(100.0, 1000.0, 200.0, 0.9, [1, 2]).to_dict()
    assert data.keys() == want.keys()
    for key, value in want.items():  # pytest >= 9.2 refuses approx of nested containers
        assert data[key] == pytest.approx(value), key
    r = client.post("/api/stability/sspk", json={"reliability": 1.5})
    assert r.status_code == 422 and "reliability" in r.text


@pytest.mark.parametrize(
    ("calc", "body", "texts"),
    [
        ("exchange", {"a": "us", "b": "china"}, ["United States strikes China: survivors"]),
        ("defense", {"warheads": [10, 400], "interceptors": 50}, ["expected leakers"]),
        ("lanchester", {"law": "linear", "breakpoint": 0.2}, ["Lanchester linear law: A wins"]),
    ],
)
def test_calculator_figures_are_svg_line_plots(client, calc, body, texts):
    r = client.post(f"/api/stability/{calc}/figure", json=body)
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
    assert r.text.startswith("<svg") and r.text.count("<path") >= 2
    for text in texts:  # texts are <text> elements, not glyph outlines
        assert f">{text}" in r.text


@pytest.mark.parametrize(
    ("calc", "body"),
    [
        ("lanchester", {"force_a": 1e9, "force_b": 1e-6, "alpha": 1e6, "beta": 1e-6}),
        ("lanchester", {"force_a": 1e-6, "force_b": 1e9, "breakpoint": 0.999999}),
        ("lanchester", {"force_a": 5, "force_b": 5, "law": "linear"}),
        ("defense", {"warheads": [0], "interceptors": 0, "pk": 1}),
        ("defense", {"warheads": [100000], "decoys": 100, "discrimination": 0, "shots": 10}),
    ],
)
def test_calculator_figures_of_extreme_inputs_are_drawn(client, calc, body):
    """Bounds of the request schemas (an instant win, a draw, no attack) still give a plot."""
    r = client.post(f"/api/stability/{calc}/figure", json=body)
    assert r.status_code == 200, r.text[:300]


def test_calculator_figures_reject_what_the_tables_reject(client):
    r = client.post("/api/stability/lanchester/figure", json={"force_a": 0})
    assert r.status_code == 422 and "force_a" in r.text
