"""End-to-end tests in headless Debian Chromium (Playwright) against a live explorer.

Each test drives the pages the way a reader would: move a slider, press a button, read what
the page says.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MODEL = "unilateral_deterrence"


def set_slider(page, name: str, value: float) -> None:
    """Move a range input to ``value`` and fire the events a user's drag fires."""
    page.eval_on_selector(
        f"#param-{name}",
        """(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true}));
                        el.dispatchEvent(new Event('change', {bubbles: true})); }""",
        str(value),
    )


def test_gallery_links_to_model_page(page, live_server):
    page.goto(live_server + "/")
    page.click(f'a[href="/models/{MODEL}"]')
    page.wait_for_selector("#param-p_def")
    assert "Parameters" in page.inner_text("#params")


def test_model_page_outcome_follows_credibility(page, live_server):
    """Zagare & Kilgour (2000): with the default payoffs the Challenger is deterred iff the
    Defender's credibility p_def is at least the threshold 0.5."""
    page.goto(f"{live_server}/models/{MODEL}")
    outcome = page.locator("#outcome")
    page.wait_for_selector("#tree svg")
    assert outcome.inner_text() == "Status Quo"
    set_slider(page, "p_def", 0.2)
    page.wait_for_function("document.getElementById('outcome').textContent === 'Challenger Wins'")
    assert page.inner_text("#out-p_def") == "0.2"
    set_slider(page, "p_def", 0.9)
    page.wait_for_function("document.getElementById('outcome').textContent === 'Status Quo'")
    assert page.locator("#error").is_hidden()


def test_model_page_draws_the_equilibrium_map(page, live_server):
    page.goto(f"{live_server}/models/{MODEL}")
    page.fill("#map-form input[name=n]", "30")
    page.click("#map-form button[type=submit]")
    page.wait_for_function(
        "() => { const i = document.getElementById('map'); return !i.hidden && i.naturalWidth > 0 }"
    )


def test_model_page_shows_error_for_bad_map(page, live_server):
    page.goto(f"{live_server}/models/{MODEL}")
    page.select_option("#map-form select[name=x]", "d_ch")
    page.select_option("#map-form select[name=y]", "d_ch")
    page.click("#map-form button[type=submit]")
    error = page.locator("#map-error")
    error.wait_for(state="visible")
    assert "different parameters" in error.inner_text()


def test_stability_calculator_shows_result_and_errors(page, live_server):
    page.goto(f"{live_server}/stability")
    form = page.locator("#calc-lanchester")
    form.locator("button").click()
    form.locator(".calc-result table").wait_for()
    assert "winner" in form.locator(".calc-result").inner_text()
    form.locator("input[name=force_a]").fill("0")
    form.locator("button").click()
    form.locator(".calc-result .error").wait_for()
    assert "force_a" in form.locator(".calc-result").inner_text()


@pytest.mark.parametrize(
    ("calc", "legend"),
    [
        ("exchange", "United States strikes Russia: survivors"),
        ("defense", "expected leakers"),
        ("lanchester", "A (α = 1)"),
    ],
)
def test_stability_calculator_draws_its_line_plot(page, live_server, calc, legend):
    """Exchange survivors, defense leakage and Lanchester curves appear as line plots (inline
    SVG from the server) above the table, and a new input redraws them."""
    page.goto(f"{live_server}/stability")
    form = page.locator(f"#calc-{calc}")
    form.locator("button").click()
    figure = form.locator(".calc-figure svg")
    figure.wait_for()
    assert form.locator(".calc-figure").is_visible()
    box = figure.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 120
    assert legend in form.locator(".calc-figure").inner_text()
    assert form.locator(".calc-figure svg path").count() >= 4  # axes, ticks and the curves
    if calc == "lanchester":
        form.locator("select[name=law]").select_option("linear")
        form.locator("button").click()
        page.wait_for_function(
            "() => document.querySelector('#calc-lanchester .calc-figure')"
            ".textContent.includes('linear law')"
        )


def test_run_bundled_scenario_and_read_report(page, live_server, run_on_page):
    page.goto(f"{live_server}/scenarios")
    page.select_option("#bundled", "cuban_missile_crisis")
    page.wait_for_function("document.getElementById('toml').value.includes('[scenario]')")
    run_on_page(page, 2000, "Cuban Missile Crisis")
    run_id = page.inner_text("#run-link").removeprefix("run ")
    page.goto(f"{live_server}/runs")
    assert run_id in page.inner_text("table.runs")


def test_invalid_scenario_shows_the_error(page, live_server):
    page.goto(f"{live_server}/scenarios")
    page.fill("#toml", "[scenario]\ntitle = 3\n")
    page.click("#run")
    error = page.locator("#scenario-error")
    error.wait_for(state="visible")
    text = error.inner_text()
    assert "line 2" in text and "scenario.title" in text
    assert page.locator("#report-panel").is_hidden()


def test_uploaded_file_fills_the_editor(page, live_server, tmp_path):
    upload = tmp_path / "mine.toml"
    upload.write_text("[scenario]\ntitle = 'uploaded'\n", encoding="utf-8")
    page.goto(f"{live_server}/scenarios")
    page.set_input_files("#upload", str(upload))
    page.wait_for_function("document.getElementById('toml').value.includes('uploaded')")
    page.click("#run")
    page.locator("#scenario-error").wait_for(state="visible")
    assert "required field is missing" in page.inner_text("#scenario-error")


def test_screenshot_example_runs(repo_root, tmp_path, chromium):
    """examples/web_screenshots.py (the docs' pictures) still runs end to end."""
    import subprocess
    import sys

    script = repo_root / "examples" / "web_screenshots.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, timeout=300)
    for name in (
        "gallery",
        "model",
        "scenario_report",
        "scenario_form",
        "runs",
        "run",
        "runs_compare",
        "stability",
    ):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000


def test_model_page_starts_at_the_schema_defaults(page, live_server):
    """Sliders must not snap a default onto a step grid: the page's first answer is the
    model's answer at its defaults."""
    import detente.models as dm

    for model in [m for m in ("spiral", MODEL) if m in dm.available()]:
        page.goto(f"{live_server}/models/{model}")
        page.wait_for_function("document.getElementById('model-page').dataset.ready")
        for name, spec in dm.get(model).specs().items():
            assert float(page.input_value(f"#param-{name}")) == spec["default"]
        assert page.inner_text("#outcome") == dm.get(model).solve().point()["outcome"]


def _theory_value(page, key: str) -> str:
    return page.eval_on_selector(
        "#theory tbody",
        """(tb, key) => { for (const r of tb.rows) if (r.cells[0].textContent === key)
                            return r.cells[1].textContent; return null; }""",
        key,
    )


@pytest.mark.parametrize(
    ("model", "slider", "value", "key"),
    [
        ("escalation_ladder", "rungs", 3, "reach_rung_4"),
        ("early_warning", "false_alarm", 0.3, "posterior_after_warning"),
        ("reassurance_monitoring", "precision", 0.95, "p_mutual_cooperation"),
    ],
)
def test_new_model_pages_draw_their_picture_and_follow_a_slider(
    page, live_server, model, slider, value, key
):
    """Issue 16: each new model has sliders and its own picture (rung-reach bars, posterior
    against the false-alarm rate, cooperation against monitoring precision); moving a slider
    redraws the picture and updates the closed form to the library's value."""
    import detente.models as dm

    page.goto(f"{live_server}/models/{model}")
    page.wait_for_selector("#picture svg")
    page.wait_for_function("document.getElementById('model-page').dataset.ready")
    drawn = int(page.eval_on_selector("#picture", "el => el.dataset.drawn"))
    set_slider(page, slider, value)
    page.wait_for_function(f"Number(document.getElementById('picture').dataset.drawn) > {drawn}")
    want = dm.get(model).solve({slider: value}).point()["theory"][key]
    page.wait_for_function(
        """([k, w]) => { for (const r of document.querySelector('#theory tbody').rows)
                           if (r.cells[0].textContent === k) return r.cells[1].textContent === w;
                         return false; }""",
        arg=[key, str(float(f"{want:.4g}")) if want else "0"],
    )
    assert page.locator("#error").is_hidden()
    assert page.inner_text(f"#out-{slider}") == f"{value:g}"


def test_escalation_ladder_page_says_when_the_equilibrium_mixes(page, live_server):
    """At the defaults the ladder's equilibrium is a war of nerves (mixed): the engine's PBE
    selects no pure equilibrium, and the page says so instead of showing a weak one."""
    page.goto(f"{live_server}/models/escalation_ladder")
    page.wait_for_function("document.getElementById('model-page').dataset.ready")
    assert page.inner_text("#outcome") == "mixed equilibrium (war of nerves)"
    assert page.locator("#no-pure").is_visible()
    set_slider(page, "p_resolute", 0.9)  # above the challenge threshold: no challenge, pure
    page.wait_for_function("document.getElementById('outcome').textContent === 'no challenge'")
    assert page.locator("#no-pure").is_hidden()


def test_stability_sspk_calculator(page, live_server):
    page.goto(f"{live_server}/stability")
    form = page.locator("#calc-sspk")
    form.locator("button").click()
    form.locator(".calc-result table").first.wait_for()
    text = form.locator(".calc-result").inner_text()
    assert "lethal radius m" in text and "kill probability" in text
    form.locator("input[name=cep_m]").fill("0")
    form.locator("button").click()
    form.locator(".calc-result .error").wait_for()
    assert "cep_m" in form.locator(".calc-result").inner_text()


def test_runs_page_run_report_and_side_by_side_comparison(page, live_server, wait_done):
    """Two analyses (Cuba as bundled, then with a higher judged escalation risk): the runs
    list shows their P(war), a run opens as its report, and the comparison form puts both
    side by side with the one input that differs."""
    import httpx

    from detente.scenario import bundled_scenarios

    text = bundled_scenarios()["cuban_missile_crisis"].read_text(encoding="utf-8")
    riskier = text.replace(
        'escalation_risk = {dist = "uniform", lo = 0.05, hi = 0.5}',
        'escalation_risk = {dist = "uniform", lo = 0.3, hi = 0.6}',
    )
    ids = []
    with httpx.Client(base_url=live_server) as http:
        for body in ({"bundled": "cuban_missile_crisis"}, {"toml": riskier, "name": "riskier"}):
            job = wait_done(
                http, http.post("/api/scenarios/jobs", json=body | {"draws": 500}).json()
            )
            assert job["status"] == "done", job
            ids.append(job["run_id"])
    p_war = {r["id"]: r["p_war"] for r in httpx.get(f"{live_server}/api/runs").json()}

    page.goto(f"{live_server}/runs")
    row = page.locator("table.runs tr", has_text=ids[1])
    assert row.locator("td.p-war").inner_text() == f"{p_war[ids[1]]:.3f}"
    row.locator("a").click()
    page.wait_for_url(f"**/runs/{ids[1]}")
    assert page.inner_text("#p-war") == f"{p_war[ids[1]]:.3f}"
    page.frame_locator("#report").locator("h1", has_text="Cuban Missile Crisis").wait_for()

    page.select_option("#compare-with", ids[0])
    page.click("#compare-run")
    page.wait_for_selector("table.compare-outcomes")
    assert f"a={ids[0]}" in page.url and f"b={ids[1]}" in page.url
    assert "crisis.escalation_risk" in page.inner_text("table.compare-inputs")
    war_any = page.locator("table.compare-outcomes tr[data-class=war_any] td.diff").inner_text()
    assert war_any == f"{p_war[ids[1]] - p_war[ids[0]]:+.3f}"
    for n in (0, 1):
        frame = page.frame_locator(f"iframe.run-report >> nth={n}")
        frame.locator("h1", has_text="Cuban Missile Crisis").wait_for()
