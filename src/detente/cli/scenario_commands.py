"""``detente scenario new|check|schema``, ``detente explain`` and ``detente runs [show ID |
compare A B]``.

``detente analyze`` lives in :mod:`detente.cli.analyze_command` and shares :func:`present`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from detente.cli.main import app

console = Console(highlight=False)
scenario_app = typer.Typer(help="Write, check and describe scenario files.", no_args_is_help=True)
runs_app = typer.Typer(help="List and reopen past analyses.", invoke_without_command=True)
app.add_typer(scenario_app, name="scenario")
app.add_typer(runs_app, name="runs")

#: Rows of differing inputs `detente runs compare` prints (--json gives all).
MAX_DIFF_ROWS = 30
STORE_HELP = "Run store (DuckDB file); default $DETENTE_STORE or the user data folder."


@scenario_app.command("new")
def scenario_new(
    path: Path = typer.Argument(Path("scenario.toml"), help="File to write."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    from_case: str | None = typer.Option(
        None, "--from", help="Start from a bundled case (`detente scenario list`)."
    ),
) -> None:
    """Write a commented scenario template, or a copy of a bundled case to edit."""
    from detente.errors import InputError
    from detente.games.atomic_file import write_atomic

    if path.exists() and not force:
        raise InputError(f"{path} already exists; pass --force to overwrite it")
    if from_case is None:
        text = _template()
    else:
        from detente.scenario import bundled_scenarios

        cases = bundled_scenarios()
        if from_case not in cases:
            raise InputError(
                f"--from {from_case!r}: not a bundled case; choose one of "
                f"{', '.join(sorted(cases))}"
            )
        text = cases[from_case].read_text(encoding="utf-8")
    write_atomic(path, text)
    console.print(f"wrote {path}; edit it, then `detente scenario check {path}`")


def _template() -> str:
    from detente.scenario.scenario_template import TEMPLATE

    return TEMPLATE


@scenario_app.command("check")
def scenario_check(
    path: str = typer.Argument(..., help="Scenario file (or a bundled name)."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Validate a scenario file (one line naming the file, line and field if it is wrong)."""
    from detente.scenario import explain_scenario, load_scenario
    from detente.scenario.monte_carlo import uncertain_paths

    scenario = load_scenario(path)
    explain = explain_scenario(scenario)  # also resolves postures
    models = [m["model"] for m in explain["models"]]
    info = {
        "file": str(path),
        "valid": True,
        "title": scenario.scenario.title,
        "actors": list(scenario.actors),
        "uncertain": uncertain_paths(scenario),
        "models": models,
    }
    if as_json:
        typer.echo(json.dumps(info, indent=2))
        return
    console.print(
        f"[green]ok[/] {path}: {scenario.scenario.title}; {len(scenario.actors)} actors, "
        f"{len(info['uncertain'])} uncertain inputs; models: {', '.join(models)}"
    )


@scenario_app.command("schema")
def scenario_schema(
    out: Path = typer.Option(None, "--out", help="Write to this file instead of stdout."),
) -> None:
    """Print the JSON Schema of scenario files (for editors)."""
    from detente.games.atomic_file import write_atomic
    from detente.scenario import scenario_json_schema

    text = json.dumps(scenario_json_schema(), indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(out, text)
        console.print(f"wrote {out}")


@scenario_app.command("list")
def scenario_list() -> None:
    """List the bundled scenarios."""
    from detente.scenario import DEFAULT_SCENARIO, bundled_scenarios, load_scenario

    table = Table(title="bundled scenarios", title_justify="left")
    for col in ("name", "title", "historical outcome"):
        table.add_column(col)
    for name, path in bundled_scenarios().items():
        s = load_scenario(path)
        mark = " (default)" if name == DEFAULT_SCENARIO else ""
        table.add_row(name + mark, s.scenario.title, s.scenario.expected or "")
    console.print(table)


@app.command("explain")
def explain_command(
    path: str = typer.Argument(None, help="Scenario file (default: the bundled default)."),
    calibration: str = typer.Option(
        None,
        "--calibration",
        help="Bundled calibration name or TOML file (default: icb_v14_pre1990).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Show how a scenario maps onto models: model <- parameter <- formula <- fields."""
    from detente.scenario import DEFAULT_SCENARIO, explain_scenario, load_scenario

    scenario = load_scenario(path or DEFAULT_SCENARIO)
    ex = explain_scenario(scenario, calibration)
    if as_json:
        typer.echo(json.dumps(ex, indent=2))
        return
    t = Table(title="crisis variables", title_justify="left", show_lines=False)
    for col in ("variable", "formula", "source"):
        t.add_column(col, overflow="fold")
    for v in ex["variables"]:
        t.add_row(v["variable"], v["formula"], v["source"])
    console.print(t)
    for m in ex["models"]:
        mt = Table(
            title=f"{m['model']} ({m['method']}{', primary' if m['primary'] else ''}): {m['why']}",
            title_justify="left",
        )
        mt.add_column("parameter")
        mt.add_column("<- formula", overflow="fold")
        mt.add_column("<- fields", overflow="fold")
        for p in m["parameters"]:
            mt.add_row(p["parameter"], p["formula"], ", ".join(p["reads"]))
        console.print(mt)
    for s in ex["status"]:
        if s["status"] != "used":
            console.print(f"[dim]{s['model']}: {s['status']} ({s['reason']})[/]")
    for mv in ex["interventions"]:
        for o in mv["overrides"]:
            console.print(f"intervention {mv['kind']}: {o['variable']} <- {o['formula']}")
    cal = ex["calibration"]
    ct = Table(
        title=f"mapping constants: calibration {cal['name']} ({cal['status']})",
        title_justify="left",
    )
    for col in ("constant", "value", "range", "meaning"):
        ct.add_column(col, overflow="fold")
    for c in cal["constants"]:
        ct.add_row(
            c["constant"],
            f"{c['value']:g}",
            f"[{c['range'][0]:g}, {c['range'][1]:g}]",
            c["meaning"],
        )
    console.print(ct)
    console.print(cal["note"], markup=False)


@runs_app.callback()
def runs_list(
    ctx: typer.Context,
    store: Path = typer.Option(None, "--store", help=STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """List past runs (newest first); `detente runs show ID` reopens one."""
    ctx.obj = {"store": store}
    if ctx.invoked_subcommand is not None:
        return
    from detente.scenario.run_store import list_runs

    rows = list_runs(store)
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        console.print("no runs recorded yet; run `detente analyze`")
        return
    table = Table(title="runs", title_justify="left")
    # the version is in `detente runs show`; at 80 columns the rest fits without cutting ids
    for col in ("id", "created (UTC)", "scenario", "P(war)", "most likely", "draws", "seed"):
        table.add_column(
            col,
            justify="right" if col in ("P(war)", "draws", "seed") else "left",
            no_wrap=col in ("id", "P(war)", "created (UTC)"),
            overflow="fold" if col == "scenario" else "ellipsis",
        )
    for r in rows:
        table.add_row(
            r["id"],
            r["created"].replace("T", " ")[:16],
            r["scenario"],
            f"{r['p_war']:.3f}" if r.get("p_war") is not None else "-",
            r["most_likely"] or "",
            f"{r['draws']:,}",
            str(r["seed"]),
        )
    console.print(table)


@runs_app.command("show")
def runs_show(
    ctx: typer.Context,
    run_id: str = typer.Argument(..., help="Run id (a unique prefix is enough)."),
    store: Path = typer.Option(None, "--store", help=STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the full result JSON."),
    out: Path = typer.Option(
        None,
        "--out",
        help="Also write the run's report into this folder (HTML, Markdown, JSON), drawn "
        "from the stored record.",
    ),
) -> None:
    """Reopen a past run: its inputs, seed, version and results."""
    from detente.scenario.run_store import open_run

    store = store or (ctx.obj or {}).get("store")
    run = open_run(run_id, store)
    if out is not None:
        from detente.report import write_reports
        from detente.scenario.stored_analysis import analysis_from_json

        files = write_reports(analysis_from_json(run["result"], where=f"run {run['id']}"), out)
        if not as_json:
            console.print(f"report of run {run['id']} written to {files['html']}", markup=False)
    if as_json:
        typer.echo(json.dumps(run, indent=2))
        return
    console.print(
        f"[bold]{run['title']}[/] run {run['id']} ({run['created']}, detente {run['version']}, "
        f"seed {run['seed']}, {run['draws']:,} draws, scenario hash {run['scenario_hash']})"
    )
    present(run["result"])


@runs_app.command("compare")
def runs_compare(
    ctx: typer.Context,
    run_a: str = typer.Argument(..., help="The first run's id (a unique prefix is enough)."),
    run_b: str = typer.Argument(..., help="The second run's id."),
    store: Path = typer.Option(None, "--store", help=STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Two runs side by side: outcome odds, differences (b - a) and the inputs that differ."""
    from detente.scenario.run_comparison import compare_runs
    from detente.scenario.run_store import open_run

    store = store or (ctx.obj or {}).get("store")
    a, b = open_run(run_a, store), open_run(run_b, store)
    cmp = compare_runs(a["result"], b["result"])
    if as_json:
        typer.echo(json.dumps({"a": a["id"], "b": b["id"]} | cmp, indent=2))
        return
    facts = Table(title=f"runs a = {a['id']}, b = {b['id']}", title_justify="left")
    for col in ("", "a", "b"):
        facts.add_column(col)
    ra, rb = cmp["runs"]["a"], cmp["runs"]["b"]
    for key in ("title", "seed", "draws", "version", "calibration", "most_likely"):
        facts.add_row(key.replace("_", " "), str(ra[key]), str(rb[key]))
    moves = ["; ".join(r["interventions"]) or "-" for r in (ra, rb)]
    facts.add_row("interventions", *moves)
    console.print(facts)
    t = Table(title="outcome probabilities (95 % Monte Carlo intervals)", title_justify="left")
    for col in ("outcome", "a", "b", "b - a", "95 % interval"):
        t.add_column(col, justify="left" if col == "outcome" else "right")
    for r in cmp["outcomes"]:
        side = r["a"] or r["b"]
        t.add_row(
            side["label"],
            f"{r['a']['p']:.3f}" if r["a"] else "-",
            f"{r['b']['p']:.3f}" if r["b"] else "-",
            f"{r['diff']:+.3f}" if "diff" in r else "-",
            f"[{r['diff_lo']:+.3f}, {r['diff_hi']:+.3f}]" if "diff" in r else "-",
        )
    console.print(t)
    if cmp["inputs"]:
        shown = cmp["inputs"][:MAX_DIFF_ROWS]
        d = Table(title=f"inputs that differ ({len(cmp['inputs'])})", title_justify="left")
        for col in ("field", "a", "b"):
            d.add_column(col, overflow="fold")
        for row in shown:
            d.add_row(row["field"], row["a_text"], row["b_text"])
        console.print(d)
        if len(cmp["inputs"]) > len(shown):
            console.print(f"... and {len(cmp['inputs']) - len(shown)} more (--json lists all)")
    else:
        console.print("the two runs analysed the same scenario inputs")
    console.print(cmp["note"], markup=False)


#: Below this terminal width the intervention table numbers its moves (titles listed under
#: it) and keeps five columns, so long titles do not fold every row into single words.
WIDE_TERMINAL = 150


def _print_interventions(result: dict[str, Any]) -> None:
    """The intervention table: full move titles on a wide terminal, numbered moves with a
    legend below on a narrow one."""
    from detente.report import report_text as rt

    header, rows = rt.intervention_header(result), rt.intervention_rows(result)
    iv = Table(title="interventions (same draws)", title_justify="left")
    if console.width >= WIDE_TERMINAL:
        for col in header:
            iv.add_column(col)
        for row in rows:
            iv.add_row(*row)
        console.print(iv)
        return
    # narrow: P(main), P(war or nuclear), P(nuclear) and two changes with their intervals
    # below them (P(compromise) and the change in P(war or nuclear) are in the reports, --json)
    keep = {
        1: "P(main)",
        3: "P(war or\nnuclear)",
        4: "P(nuclear)",
        5: "Δ main\n[95 %]",
        7: "Δ nuclear\n[95 %]",
    }
    iv.add_column("#", justify="right")
    for name in keep.values():
        iv.add_column(name, justify="right", no_wrap=True)
    for n, row in enumerate(rows):
        iv.add_row(str(n), *(row[i].replace(" [", "\n[").replace(", ", ",") for i in keep))
    console.print(iv)
    console.print(f"  main: {header[1]}", markup=False)
    for n, row in enumerate(rows):
        console.print(f"  {n}  {row[0]}", markup=False)


def present(result: dict[str, Any]) -> None:
    """Print an analysis result (the JSON form) as text and rich tables.

    The first paragraph names the assumptions the answer depends on most and what it becomes
    at their plausible ends, and says whether the mapping's constants are validated.
    """
    from detente.report import report_text as rt

    console.print(rt.headline(result).replace("**", ""), markup=False)
    if result.get("drivers"):
        d = Table(title="what drives the answer (plausible ends)", title_justify="left")
        for col in ("field", "distribution", "ST", "5th pct -> P", "95th pct -> P"):
            d.add_column(col)
        for row in rt.driver_rows(result):
            d.add_row(*row)
        console.print(d)
    t = Table(
        title="outcome probabilities (mean over draws, 95 % Monte Carlo interval)",
        title_justify="left",
    )
    for col in ("outcome", "p", "interval", "5th-95th pct"):
        t.add_column(col, justify="left" if col == "outcome" else "right")
    for row in rt.outcome_rows(result):
        t.add_row(*row)
    console.print(t)
    c = Table(title="why the threat fails (share of the failure probability)", title_justify="left")
    for col in ("cause", "share", "expected draws"):
        c.add_column(col)
    for k, v in result["causes"].items():
        c.add_row(k, f"{v['share']:.3f}", f"{v['count']:g}")
    console.print(c)
    if result["sensitivity"]:
        s = Table(title="assumptions driving the answer (Sobol)", title_justify="left")
        for col in ("field", "distribution", "ST", "S1", "ST of P(war)"):
            s.add_column(col)
        for row in rt.sensitivity_rows(result)[:8]:
            s.add_row(*row)
        console.print(s)
    _print_interventions(result)
    console.print(f"[dim]{rt.calibration_note(result)}[/]")
