"""``detente analyze``: the main job.

Until scenario analysis lands, it solves and describes the bundled default deterrence game:
the subgame-perfect equilibrium, the logit QRE at two precisions (how noise changes the odds),
and the deterrence threshold of the unilateral deterrence model.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import typer
from rich.console import Console

from detente.cli.main import app
from detente.cli.solve_command import present_point

console = Console(highlight=False)


def default_game_path() -> Path:
    """The bundled default deterrence game (a detente .toml game file)."""
    return Path(str(files("detente.games") / "catalog" / "deterrence.toml"))


@app.command("analyze")
def analyze_command(
    game_file: Path = typer.Argument(None, help="Game file (default: the bundled game)."),
) -> None:
    """Solve and describe the default deterrence game (SPE, QRE at lam 1 and 5)."""
    from detente.games import load_game, solve_qre, solve_spe

    path = game_file or default_game_path()
    game = load_game(path)
    console.print(f"[dim]game file: {path}[/]")
    spe = solve_spe(game).point()
    present_point(game.title, spe)
    qre = solve_qre(game, lam=[1.0, 5.0])
    for i, lam in enumerate((1.0, 5.0)):
        outs = ", ".join(f"{k} {v:.3f}" for k, v in qre.point(i)["outcomes"].items())
        console.print(f"logit QRE, lam = {lam:g} (noisy play): {outs}")
    console.print(
        "With perfect rationality the Challenger is deterred; with noisy decisions (small lam) "
        "challenges and war occur with positive probability."
    )
