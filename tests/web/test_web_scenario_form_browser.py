"""The Scenarios page's Judgements form in headless Chromium: a slider rewrites the TOML
editor, the text still loads, and Run analyses what the editor holds."""

from __future__ import annotations

import pytest

from detente.scenario import load_scenario
from detente.scenario.scenario_form import judgement_fields

pytestmark = pytest.mark.browser

BUNDLED = "cuban_missile_crisis"
FIELD = "crisis.escalation_risk"
LABEL = "war escalates to nuclear use"


def field(text: str, path: str) -> dict:
    return next(f for f in judgement_fields(text) if f["path"] == path)


def open_bundled(page, live_server: str, name: str = BUNDLED) -> None:
    page.goto(f"{live_server}/scenarios")
    page.select_option("#bundled", name)
    page.wait_for_function("document.getElementById('judgements').dataset.loaded")


def written(page) -> int:
    return int(page.eval_on_selector("#judgements", "el => Number(el.dataset.written || 0)"))


def wait_written(page, before: int) -> None:
    page.wait_for_function(
        f"Number(document.getElementById('judgements').dataset.written || 0) > {before}"
    )


def test_slider_rewrites_the_toml_and_run_analyses_it(page, live_server, tmp_path, run_on_page):
    open_bundled(page, live_server)
    before_text = page.input_value("#toml")
    before = field(before_text, FIELD)
    hi = page.get_by_label(f"{LABEL}: high end", exact=True)
    assert float(hi.input_value()) == before["hi"]
    n = written(page)
    hi.focus()
    for _ in range(3):  # the keyboard moves a slider too (accessible without a mouse)
        page.keyboard.press("ArrowRight")
    wait_written(page, n)
    assert field(page.input_value("#toml"), FIELD)["hi"] > before["hi"]
    hi.evaluate("el => { el.value = 0.62; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.wait_for_function(
        "document.getElementById('toml').value.includes('hi = 0.62}')", timeout=10_000
    )
    text = page.input_value("#toml")
    assert (field(text, FIELD)["lo"], field(text, FIELD)["hi"]) == (before["lo"], 0.62)
    load_scenario(text)  # still a valid scenario
    changed = [
        (a, b) for a, b in zip(before_text.splitlines(), text.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1 and changed[0][0].startswith("escalation_risk")
    assert changed[0][1].endswith(changed[0][0][changed[0][0].index("#") :])  # comment kept
    assert page.get_by_label(f"{LABEL}: high end, exact value").input_value() == "0.62"

    # typing a number below the low end pulls the low end down with it: the ends never cross
    n = written(page)
    number = page.get_by_label(f"{LABEL}: high end, exact value")
    number.fill("0.01")
    number.press("Enter")
    wait_written(page, n)
    text = page.input_value("#toml")
    assert (field(text, FIELD)["lo"], field(text, FIELD)["hi"]) == (0.01, 0.01)
    assert page.get_by_label(f"{LABEL}: low end", exact=True).input_value() == "0.01"
    assert page.locator("#report-panel").is_hidden()  # Enter did not start a run

    page.locator("#judgements").scroll_into_view_if_needed()
    shot = tmp_path / "scenario_form.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    run_on_page(page, 2000, "Cuban Missile Crisis")
    assert page.locator("#judgement-error").is_hidden()


def test_run_right_after_a_slider_move_uses_the_new_value(page, live_server):
    """Run waits for the last slider move to reach the editor before it sends the text."""
    open_bundled(page, live_server)
    page.get_by_label(f"{LABEL}: low end", exact=True).evaluate(
        "el => { el.value = 0; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    page.fill("#draws", "500")
    page.click("#run")  # within the debounce: the write has not been sent yet
    page.locator("#report-panel").wait_for(state="visible", timeout=120_000)
    text = page.input_value("#toml")
    lines = [x for x in text.splitlines() if x.startswith("escalation_risk")]
    assert field(text, FIELD)["lo"] == 0.0, lines
    run_id = page.inner_text("#run-link").removeprefix("run ")
    record = page.request.get(f"{live_server}/api/runs/{run_id}").json()
    assert record["inputs"]["crisis"]["escalation_risk"]["lo"] == 0.0  # what was analysed


def test_an_unwritten_belief_follows_the_defenders_resolve(page, live_server):
    """Without crisis.perceived_resolve the challenger's prior is the defender's true resolve:
    its row follows the defender's slider, and stays unwritten until it is moved itself."""
    open_bundled(page, live_server, "cyber_estonia_2007")
    belief = page.locator('.judgement[data-path="crisis.perceived_resolve"]')
    assert "not written" in belief.inner_text()
    n = written(page)
    page.get_by_label("Estonia: resolve (prior that it is resolute): low end", exact=True).evaluate(
        "el => { el.value = 0.3; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    wait_written(page, n)
    page.wait_for_function(
        'document.querySelector(\'.judgement[data-path="crisis.perceived_resolve"] '
        "input.slide').value === '0.3'"
    )
    text = page.input_value("#toml")
    assert "perceived_resolve" not in text
    assert field(text, "crisis.perceived_resolve")["lo"] == 0.3


def test_invalid_text_disables_the_form_and_says_why(page, live_server):
    open_bundled(page, live_server)
    page.fill("#toml", "[scenario]\ntitle = 3\n")
    error = page.locator("#judgement-error")
    error.wait_for(state="visible")
    assert "line 2" in error.inner_text()
    assert page.eval_on_selector("#judgements", "el => el.disabled")
    assert page.get_by_label(f"{LABEL}: low end", exact=True).is_disabled()
    open_bundled(page, live_server)
    assert page.locator("#judgement-error").is_hidden()
    assert page.get_by_label(f"{LABEL}: low end", exact=True).is_enabled()
