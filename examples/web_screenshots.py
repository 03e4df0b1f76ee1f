"""Screenshots of the web explorer's main pages for ``docs/web.md``.

Serves the explorer on a free loopback port (a fresh run store in a temporary folder), drives
headless Debian Chromium with Playwright through the gallery, a model page (with its
equilibrium map), a bundled scenario's report, the scenario form's judgement sliders,
the runs page, a run shown as its report, two runs compared side by side and the
stability calculators,
and writes PNG files.

Run: ``python examples/web_screenshots.py [--out docs/web]`` (needs ``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from detente.web import serve_in_background

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def screenshots(url: str, out: Path) -> list[Path]:
    """Visit the main pages and save one PNG each into ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
        page.set_default_timeout(120_000)

        page.goto(url + "/")
        written.append(out / "gallery.png")
        page.screenshot(path=written[-1])

        page.goto(url + "/models/unilateral_deterrence")
        page.wait_for_selector("#tree svg")
        page.eval_on_selector(
            "#param-p_def",
            "el => { el.value = 0.35; el.dispatchEvent(new Event('input', {bubbles: true})); }",
        )
        page.wait_for_function(
            "document.getElementById('outcome').textContent === 'Challenger Wins'"
        )
        page.wait_for_timeout(1500)  # the tree redraws after the outcome
        page.click("#map-form button[type=submit]")
        page.wait_for_function("document.getElementById('map').naturalWidth > 0")
        written.append(out / "model.png")
        page.screenshot(path=written[-1], full_page=True)

        page.goto(url + "/scenarios")
        page.select_option("#bundled", "cuban_missile_crisis")
        page.wait_for_function("document.getElementById('toml').value.includes('[scenario]')")
        page.click("#run")
        page.locator("#report-panel").wait_for(state="visible")
        page.frame_locator("#report").locator("h1").first.wait_for()
        page.locator("#report-panel").scroll_into_view_if_needed()
        page.wait_for_timeout(1000)  # the report frame paints after its text is in place
        written.append(out / "scenario_report.png")
        page.screenshot(path=written[-1])
        page.evaluate("window.firstRun = document.getElementById('run-link').textContent")

        # a second run of the same crisis, judged more escalation-prone, to compare
        page.evaluate(
            """() => { const t = document.getElementById('toml');
                t.value = t.value.replace(/escalation_risk = [^\\n]*/,
                    'escalation_risk = {dist = "uniform", lo = 0.3, hi = 0.6}'); }"""
        )
        page.click("#run")
        page.wait_for_function(
            "() => { const l = document.getElementById('run-link'); "
            "return l && l.textContent && l.textContent !== window.firstRun }"
        )

        # the Judgements form: a slider moved, its line of the TOML selected in the editor
        page.goto(url + "/scenarios")
        page.select_option("#bundled", "cuban_missile_crisis")
        page.wait_for_function("document.getElementById('judgements').dataset.loaded")
        page.get_by_label("war escalates to nuclear use: high end", exact=True).evaluate(
            "el => { el.value = 0.62; el.dispatchEvent(new Event('input', {bubbles: true})); }"
        )
        page.wait_for_function("document.getElementById('judgements').dataset.written")
        page.eval_on_selector(
            "#toml",
            """el => { const at = el.value.indexOf('\\nescalation_risk') + 1;
                       const end = el.value.indexOf('\\n', at);
                       el.focus(); el.setSelectionRange(at, end);
                       const line = el.value.slice(0, at).split('\\n').length;
                       el.scrollTop = Math.max(0, (line - 8) * el.scrollHeight
                                               / el.value.split('\\n').length); }""",
        )
        written.append(out / "scenario_form.png")
        page.locator("#scenario-form").screenshot(path=written[-1])

        page.goto(url + "/runs")
        written.append(out / "runs.png")
        page.screenshot(path=written[-1])

        page.click("table.runs tbody tr:first-child a")
        page.frame_locator("#report").locator("h1").first.wait_for()
        written.append(out / "run.png")
        page.screenshot(path=written[-1])

        page.goto(url + "/runs")
        page.click("#compare")
        page.wait_for_selector("table.compare-outcomes")
        page.frame_locator("iframe.run-report >> nth=1").locator("h1").first.wait_for()
        page.set_viewport_size({"width": 1280, "height": 2600})  # iframes draw in the viewport
        written.append(out / "runs_compare.png")
        page.screenshot(path=written[-1])
        page.set_viewport_size({"width": 1280, "height": 860})

        page.goto(url + "/stability")
        for calc in ("exchange", "defense", "inspection", "lanchester", "compliance"):
            form = page.locator(f"#calc-{calc}")
            form.locator("button").click()
            form.locator(".calc-result table").first.wait_for()
            if calc in ("exchange", "defense", "lanchester"):  # the line plots
                form.locator(".calc-figure svg").wait_for()
        written.append(out / "stability.png")
        page.screenshot(path=written[-1], full_page=True)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "docs" / "web")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        serve_in_background(Path(tmp) / "runs.duckdb") as url,
    ):
        for path in screenshots(url, args.out):
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
