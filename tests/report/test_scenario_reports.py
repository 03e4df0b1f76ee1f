"""Reports: a self-contained HTML page with inline SVG figures, Markdown and JSON files."""

from __future__ import annotations

import json
import re

import pytest

from detente.report import analysis_json, render_html, render_markdown, write_reports
from detente.scenario import analyze_scenario, load_scenario


@pytest.fixture(scope="module")
def analysis():
    return analyze_scenario(load_scenario("nato_baltic"), draws=2000, seed=5, calibration="handset")


def test_html_is_self_contained_with_four_inline_figures(analysis):
    page = render_html(analysis)
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") >= 4
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script" not in page
    for heading in (
        "What the model assumes",
        "Outcome probabilities",
        "What drives the answer",
        "Why the threat fails",
        "Which assumptions drive the answer",
        "Mapping constants",
        "Interventions compared",
        "The game and its equilibrium",
        "Mapping",
    ):
        assert heading in page
    assert "Kent-Thaler" in page  # the posture assumption is stated


def test_html_is_reproducible(analysis):
    assert render_html(analysis) == render_html(analysis)


def test_markdown_has_tables_and_assumptions(analysis):
    md = render_markdown(analysis)
    assert md.startswith("# NATO") and "## What the model assumes" in md
    assert "| Deterrence holds |" in md and "crisis_parameters('russia', 'us'" in md
    assert "| precision |" in md


def test_every_report_opens_with_the_drivers_and_says_constants_are_hand_set(analysis):
    """Issue 19: the first paragraph names the assumptions the answer depends on most, with
    the answer at their plausible ends, and says the constants are not validated."""
    top = analysis.drivers[0]["field"]
    assert top == analysis.sensitivity[0]["field"]
    md = render_markdown(analysis).split("\n\n")[2]  # title, meta line, first paragraph
    html = render_html(analysis)
    first = html[html.index("<p class='headline'>") + len("<p class='headline'>") :]
    first = first[: first.index("</p>")]
    for text in (md, first, analysis_json(analysis)["headline"]):
        assert text.startswith("The answer depends most on") and top in text
        assert html.index("class='headline'") < html.index("What the model assumes")
        assert "hand-set" in text and "not validated" in text


def test_the_pipeline_flows_one_way_scenario_never_imports_report(repo_root, analysis):
    """Issue 15: ``scenario`` computes the record, ``report`` renders it. No module of the
    scenario layer imports detente.report (read from the source, so an import inside a function
    counts too), and the record has no rendering methods."""
    from detente.scenario import ScenarioAnalysis

    for path in sorted((repo_root / "src" / "detente" / "scenario").glob("*.py")):
        imports = re.findall(r"^\s*(?:from|import)\s+detente\.report\b", path.read_text(), re.M)
        assert not imports, path.name
    assert not hasattr(ScenarioAnalysis, "to_html") and not hasattr(ScenarioAnalysis, "to_markdown")
    assert "headline" not in analysis.to_json() and "headline" in analysis_json(analysis)


def test_write_reports_writes_three_files_atomically(analysis, tmp_path):
    files = write_reports(analysis, tmp_path / "out")
    data = json.loads(files["json"].read_text())
    assert data["seed"] == 5 and data["headline"] == analysis_json(analysis)["headline"]
    assert files["html"].read_text().count("<svg") >= 4
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_runs_recorded_before_mapping_v2_still_print(capsys):
    """`detente runs show` reopens runs stored by mapping v1 (four labels, Wilson intervals,
    integer cause counts, no drivers, no calibration): they print with the deterrence labels
    and the hand-set note."""
    from detente.cli.scenario_commands import present

    labels = ("Deterrence holds", "Challenger prevails", "War", "Nuclear war")
    outcomes = {
        k: {"p": p, "lo": p, "hi": p} for k, p in zip(labels, (0.9, 0.05, 0.04, 0.01), strict=True)
    }
    old = {
        "scenario": {"name": "x", "historical_outcome": "", "expected": None},
        "seed": 0,
        "draws": 10,
        "version": "0.0.1",
        "most_likely": "Deterrence holds",
        "outcomes": outcomes,
        "causes": {"credibility": {"share": 1.0, "lo": 0.5, "hi": 1.0, "count": 3}},
        "sensitivity": [{"field": "f", "distribution": "u", "ST": 0.5, "S1": 0.4}],
        "interventions": [
            {
                "name": "Baseline",
                "kind": "baseline",
                "strength": 0.0,
                "outcomes": outcomes,
                "delta_holds": 0.0,
                "delta_war": 0.0,
            }
        ],
        "models": {
            "m": {
                "title": "m",
                "method": "spe",
                "draws": 10,
                "outcomes": {"a": 1.0},
                "agrees_with_theory": 1.0,
            }
        },
        "mapping": {"variables": [], "models": [], "status": []},
    }
    present(old)
    out = capsys.readouterr().out
    assert "Deterrence holds" in out and "not validated" in out


def test_the_mapping_tables_are_a_collapsed_appendix_after_the_findings():
    """Issue 20 item 4: the HTML report keeps the mapping (model <- parameter <- formula) and
    its constants in a closed <details> appendix after the findings, with the calibration
    note (validated or not) still in view above it."""
    from detente.report import render_html
    from detente.scenario import analyze_scenario, load_scenario

    html = render_html(analyze_scenario(load_scenario("korea_1950"), draws=300, sensitivity=False))
    appendix = html.split("<details class='appendix'>")[1].split("</details>")[0]
    assert "<details class='appendix' open" not in html
    assert "<th>formula</th>" in appendix and "<th>constant</th>" in appendix
    before = html.split("<details class='appendix'>")[0]
    assert (
        "<h2>Mapping constants</h2>" in before
        and "calibration" in before.split("<h2>Mapping constants</h2>")[1]
    )
    assert before.index("<h2>Outcome probabilities</h2>") < before.index(
        "<h2>Mapping constants</h2>"
    )


def test_the_distribution_of_p_war_across_draws_matches_the_draws_themselves():
    """Issue 20 item 4: the record's histogram of per-draw P(war) (read from the streamed
    percentile sketch) equals numpy.histogram of the same draws evaluated in one batch
    (same streams, same seed) up to the sketch's bin width at the coarse edges, and the HTML
    report draws it."""
    import numpy as np

    from detente.report import render_html
    from detente.scenario import analyze_scenario, load_scenario
    from detente.scenario.calibration import load_calibration
    from detente.scenario.monte_carlo import evaluate, stream, uncertain_paths

    scenario = load_scenario("cuban_missile_crisis")
    n = 4000
    a = analyze_scenario(scenario, draws=n, seed=7, sensitivity=False, chunk_size=1500)
    u = {p: stream(a.seed, p, n, 0) for p in uncertain_paths(scenario)}
    batch = evaluate(scenario, u, n, load_calibration(None), secondary=False)
    for cls in ("war", "nuclear"):
        d = a.distributions[cls]
        assert sum(d["counts"]) == n
        assert d["edges"][-1] == pytest.approx(batch.probs[cls].max())
        want, _ = np.histogram(batch.probs[cls], bins=np.asarray(d["edges"]))
        assert np.abs(np.asarray(d["counts"]) - want).sum() <= 0.01 * n
    html = render_html(a)
    assert "P(war) across the declared uncertainty" in html


def test_the_whatif_curve_is_p_war_with_the_top_driver_fixed_at_each_quantile():
    """Issue 20 item 4: the record's what-if curve is the mean P(war or nuclear war) with the
    top Sobol field fixed at each quantile and every other field as drawn (common random
    numbers), equal to a direct batch evaluation of the same draws, whatever the chunk size;
    the HTML report draws it."""
    import numpy as np

    from detente.report import render_html
    from detente.scenario import analyze_scenario, load_scenario
    from detente.scenario.calibration import load_calibration
    from detente.scenario.monte_carlo import evaluate, stream, uncertain_paths

    scenario = load_scenario("cuban_missile_crisis")
    n = 2500
    a = analyze_scenario(scenario, draws=n, seed=3, chunk_size=1000)
    b = analyze_scenario(scenario, draws=n, seed=3, chunk_size=2500)
    assert a.whatif == b.whatif
    w = a.whatif
    assert w["field"] == a.drivers[0]["field"] and w["draws"] == n
    u = {p: stream(a.seed, p, n, 0) for p in uncertain_paths(scenario)}
    for q, got in zip(w["quantiles"], w["p_war"], strict=True):
        fixed = u | {w["field"]: np.full(n, q)}
        probs = evaluate(scenario, fixed, n, load_calibration(None), secondary=False).probs
        assert got == pytest.approx(float(np.mean(probs["war"] + probs["nuclear"])), abs=1e-12)
    assert "What if the top driver were known" in render_html(a)
