"""``detente solve GAME.efg|GAME.toml``: solve a game file with the engine."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from detente.cli.main import app
from detente.cli.parameter_options import parse_assignments

console = Console(highlight=False)


@app.command("solve")
def solve_command(
    game_file: Path = typer.Argument(..., help="A Gambit .efg file or a detente .toml game."),
    set_: list[str] = typer.Option(None, "--set", help="Parameter value NAME=VALUE (repeat)."),
    method: str = typer.Option("spe", "--method", help="spe, qre or pbe."),
    lam: float = typer.Option(1.0, "--lam", help="Logit precision for --method qre."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Solve a game: subgame-perfect (spe), logit QRE (qre) or all pure PBE (pbe)."""
    from detente.errors import InputError
    from detente.games import load_game, solve_pbe, solve_qre, solve_spe

    if method not in ("spe", "qre", "pbe"):
        raise InputError(f"--method {method!r}: choose spe, qre or pbe")
    game = load_game(game_file)
    params = parse_assignments(set_)
    try:
        if method == "spe":
            point = solve_spe(game, params).point()
        elif method == "qre":
            point = solve_qre(game, params, lam=lam).point()
        else:
            point = solve_pbe(game, params).point()
    except InputError as exc:
        raise type(exc)(f"{game_file}: {exc}") from None
    if as_json:
        typer.echo(json.dumps(point, indent=2))
        return
    present_point(game.title, point)


def present_point(title: str, point: dict) -> None:
    """Rich tables for one solved point: outcomes, payoffs and behaviour."""
    console.print(f"[bold]{title}[/] ({point['method'].upper()})")
    if point.get("params"):
        console.print(
            "parameters: " + ", ".join(f"{k} = {v:g}" for k, v in point["params"].items())
        )
    table = Table(title="outcomes", title_justify="left")
    table.add_column("outcome")
    table.add_column("probability", justify="right")
    for k, v in point["outcomes"].items():
        table.add_row(k, f"{v:.6f}")
    console.print(table)
    console.print(
        "expected payoffs: " + ", ".join(f"{k} {v:.4f}" for k, v in point["payoffs"].items())
    )
    strat = Table(title="behaviour", title_justify="left")
    strat.add_column("information set")
    strat.add_column("action")
    strat.add_column("probability", justify="right")
    for h, actions in point["strategy"].items():
        for a, p in actions.items():
            strat.add_row(h, a, f"{p:.6f}")
    console.print(strat)
    if point.get("tie"):
        console.print("[yellow]note:[/] a tie was broken by the first-listed action rule")
    if "equilibria" in point:
        console.print(f"{point['n_equilibria']} pure-strategy PBE (the first is shown)")
