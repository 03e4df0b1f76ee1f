"""``detente stability ...``: force exchanges, missile defense, inspection, Lanchester, treaties.

Each command parses its options, calls :mod:`detente.stability`, and prints a rich table or,
with ``--json``, a JSON object. Errors are :class:`detente.errors.DetenteError` subclasses,
which the entry point turns into one line and exit code 2.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from detente.cli.main import app
from detente.errors import ParameterError

if TYPE_CHECKING:  # the commands import NumPy and detente.stability when they run
    import numpy as np

stability_app = typer.Typer(
    name="stability",
    help="Strategic stability: exchanges, missile defense, verification, conventional balance.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(stability_app, name="stability")

_console = Console(highlight=False)


def _level(value: str) -> str:
    from detente.stability.posture import ALERT_LEVELS

    key = value.strip().lower().replace("-", "_")
    if key not in ALERT_LEVELS:
        raise ParameterError(f"--level {value!r} is unknown; use day-to-day or generated")
    return key


def _choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ParameterError(f"{option} {value!r} is unknown; use one of {', '.join(allowed)}")
    return value


def _print_json(payload: dict) -> None:
    typer.echo(json.dumps(payload, indent=2))


def _grid(values: str, option: str) -> np.ndarray:
    import numpy as np

    try:
        arr = np.array([float(v) for v in values.split(",") if v.strip()], dtype=float)
    except ValueError as exc:
        raise ParameterError(f"{option} must be comma-separated numbers (got {values!r})") from exc
    if arr.size == 0:
        raise ParameterError(f"{option} needs at least one number")
    return arr


@stability_app.command("exchange")
def exchange_command(
    posture_a: Annotated[str, typer.Argument(help="TOML posture file, or us, russia, china.")],
    posture_b: Annotated[str, typer.Argument(help="TOML posture file, or us, russia, china.")],
    level: Annotated[str, typer.Option(help="day-to-day or generated alert.")] = "generated",
    points: Annotated[int, typer.Option(help="Attack sizes shown per direction.")] = 5,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Counterforce exchange both ways and the Kent-Thaler stability indices."""
    import numpy as np

    from detente.stability.counterforce import exchange_curve, force_arrays, prompt_warheads
    from detente.stability.posture import load_posture
    from detente.stability.stability_index import stability_index

    lvl = _level(level)
    if points < 2:
        raise ParameterError(f"--points must be >= 2 (got {points})")
    a, b = load_posture(posture_a), load_posture(posture_b)
    fracs = np.linspace(0.0, 1.0, points)
    curves = {}
    for name, atk, dfn in (("a_strikes_b", a, b), ("b_strikes_a", b, a)):
        full = float(prompt_warheads(force_arrays([atk], lvl))[0])  # type: ignore[arg-type]
        e = exchange_curve(atk, dfn, fracs * full, level=lvl)
        curves[name] = {
            "attacker": atk.name,
            "defender": dfn.name,
            "attack_sizes": e.attack_sizes[0].tolist(),
            "surviving_warheads": e.surviving_warheads[0].tolist(),
            "second_strike": e.second_strike[0].tolist(),
            "attacker_reserve": e.attacker_reserve[0].tolist(),
        }
    idx = stability_index(a, b, lvl)
    payload = {"level": lvl, "a": a.name, "b": b.name, **curves, "stability": idx.to_dict()}
    if json_output:
        _print_json(payload)
        return
    for name in ("a_strikes_b", "b_strikes_a"):
        c = curves[name]
        t = Table(title=f"{c['attacker']} strikes {c['defender']} first ({lvl})")
        for col in ("attack (warheads)", "defender surviving", "second strike", "attacker reserve"):
            t.add_column(col, justify="right")
        for row in zip(
            c["attack_sizes"],
            c["surviving_warheads"],
            c["second_strike"],
            c["attacker_reserve"],
            strict=True,
        ):
            t.add_row(*(f"{v:,.0f}" for v in row))
        _console.print(t)
    s = Table(title="First-strike stability (Kent & Thaler)")
    s.add_column("quantity")
    s.add_column(a.name, justify="right")
    s.add_column(b.name, justify="right")
    s.add_row("cost of striking first", f"{idx.cost_first_a:.3f}", f"{idx.cost_first_b:.3f}")
    s.add_row("cost of striking second", f"{idx.cost_second_a:.3f}", f"{idx.cost_second_b:.3f}")
    s.add_row("index (first / second)", f"{idx.index_a:.3f}", f"{idx.index_b:.3f}")
    s.add_row("optimal counterforce attack", f"{idx.attack_a:,.0f}", f"{idx.attack_b:,.0f}")
    _console.print(s)
    _console.print(f"combined crisis-stability index: {float(idx.crisis_stability):.3f}")


@stability_app.command("defense")
def defense_command(
    warheads: Annotated[str, typer.Option(help="Attack sizes, comma-separated.")] = "10,50,100",
    interceptors: Annotated[float, typer.Option(help="Interceptors available.")] = 100.0,
    pk: Annotated[float, typer.Option(help="Single-shot intercept probability.")] = 0.7,
    doctrine: Annotated[
        str, typer.Option(help="barrage or shoot-look-shoot.")
    ] = "shoot-look-shoot",
    shots: Annotated[int, typer.Option(help="Engagement opportunities (shoot-look-shoot).")] = 2,
    decoys: Annotated[float, typer.Option(help="Decoys per warhead.")] = 0.0,
    discrimination: Annotated[float, typer.Option(help="P(decoy recognised).")] = 1.0,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Expected warheads leaking through a missile defense vs attack size."""
    import numpy as np

    from detente.stability.missile_defense import DOCTRINES, MissileDefense, expected_leakers

    _choice("--doctrine", doctrine, DOCTRINES)
    w = _grid(warheads, "--warheads")
    leak = expected_leakers(
        w,
        interceptors,
        pk,
        doctrine,  # type: ignore[arg-type]
        decoys=w * decoys,
        discrimination=discrimination,
        shots=shots,
    )
    defense = MissileDefense(
        interceptors,
        pk,
        doctrine,  # type: ignore[arg-type]
        shots,
        decoys,
        discrimination,
    )
    payload = {
        "defense": defense.__dict__,
        "warheads": w.tolist(),
        "expected_leakers": np.asarray(leak).tolist(),
    }
    if json_output:
        _print_json(payload)
        return
    t = Table(title=f"Missile defense: {interceptors:g} interceptors, pk {pk:g}, {doctrine}")
    t.add_column("attacking warheads", justify="right")
    t.add_column("expected leakers", justify="right")
    t.add_column("leak share", justify="right")
    for wi, li in zip(w, np.asarray(leak), strict=True):
        t.add_row(f"{wi:,.0f}", f"{li:,.2f}", f"{(li / wi if wi else 0):.3f}")
    _console.print(t)


@stability_app.command("inspection")
def inspection_command(
    detection: Annotated[float, typer.Option(help="Detection probability 1 - beta.")] = 0.9,
    false_alarm: Annotated[float, typer.Option(help="False-alarm probability alpha.")] = 0.05,
    a: Annotated[float, typer.Option(help="Inspector loss, detected violation.")] = 0.5,
    c: Annotated[float, typer.Option(help="Inspector loss, undetected violation.")] = 1.0,
    e: Annotated[float, typer.Option(help="Inspector loss, false alarm.")] = 0.1,
    b: Annotated[float, typer.Option(help="Inspectee loss, detected violation.")] = 1.0,
    d: Annotated[float, typer.Option(help="Inspectee gain, undetected violation.")] = 0.5,
    h: Annotated[float, typer.Option(help="Inspectee loss, false alarm.")] = 0.1,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Equilibrium of the inspection game (Avenhaus, von Stengel & Zamir 2002)."""
    from detente.stability.inspection_game import InspectionPayoffs, inspection_equilibrium

    eq = inspection_equilibrium(detection, false_alarm, InspectionPayoffs(a, c, e, b, d, h))
    payload = {"detection": detection, "false_alarm": false_alarm, **eq.to_dict()}
    if json_output:
        _print_json(payload)
        return
    t = Table(title=f"Inspection game: detection {detection:g}, false alarm {false_alarm:g}")
    t.add_column("quantity")
    t.add_column("value", justify="right")
    t.add_row("violation probability q*", f"{float(eq.violation_probability):.4f}")
    t.add_row("inspection probability p*", f"{float(eq.inspection_probability):.4f}")
    t.add_row("deterrable by leadership", str(bool(eq.deterrable)))
    t.add_row("inspector payoff", f"{float(eq.inspector_payoff):.4f}")
    t.add_row("inspectee payoff", f"{float(eq.inspectee_payoff):.4f}")
    _console.print(t)


@stability_app.command("sspk")
def sspk_command(
    yield_kt: Annotated[float, typer.Option("--yield-kt", help="Warhead yield, kilotons.")] = 300.0,
    hardness_psi: Annotated[
        float, typer.Option("--hardness-psi", help="Target hardness, psi of overpressure.")
    ] = 2000.0,
    cep_m: Annotated[
        float, typer.Option("--cep-m", help="Circular error probable, metres.")
    ] = 120.0,
    reliability: Annotated[
        float, typer.Option(help="Probability a warhead arrives and detonates.")
    ] = 0.8,
    warheads: Annotated[str, typer.Option(help="Salvo sizes, comma-separated.")] = "1,2,3",
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Lethal radius and single-shot kill probability of a warhead against a hardened target."""
    from detente.stability.kill_probability import kill_assessment

    out = kill_assessment(yield_kt, hardness_psi, cep_m, reliability, _grid(warheads, "--warheads"))
    if json_output:
        _print_json(out.to_dict())
        return
    t = Table(title=f"{yield_kt:g} kt, CEP {cep_m:g} m against {hardness_psi:g} psi")
    t.add_column("quantity")
    t.add_column("value", justify="right")
    t.add_row("lethal radius (m)", f"{out.lethal_radius_m:,.1f}")
    t.add_row("single-shot kill probability", f"{out.sspk:.4f}")
    t.add_row("lethality K (Mt^(2/3)/nmi^2)", f"{out.lethality_k:.3g}")
    t.add_row("reliability", f"{out.reliability:g}")
    for n, pk in zip(out.warheads, out.kill_probability, strict=True):
        t.add_row(f"kill probability, {n:g} warhead(s)", f"{pk:.4f}")
    _console.print(t)


@stability_app.command("lanchester")
def lanchester_command(
    force_a: Annotated[float, typer.Argument(help="Initial force of A.")],
    force_b: Annotated[float, typer.Argument(help="Initial force of B.")],
    alpha: Annotated[float, typer.Option(help="A's attrition coefficient.")] = 1.0,
    beta: Annotated[float, typer.Option(help="B's attrition coefficient.")] = 1.0,
    law: Annotated[str, typer.Option(help="square or linear.")] = "square",
    breakpoint: Annotated[float, typer.Option(help="Loser's breakpoint share.")] = 0.0,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Closed-form Lanchester battle: winner, survivors, time to defeat."""
    import numpy as np

    from detente.stability.lanchester import LAWS, lanchester

    _choice("--law", law, LAWS)
    out = lanchester(force_a, force_b, alpha, beta, law, breakpoint)  # type: ignore[arg-type]
    payload = out.to_dict()
    if json_output:
        payload["time_to_defeat"] = (
            None if not np.isfinite(out.time_to_defeat) else payload["time_to_defeat"]
        )
        _print_json(payload)
        return
    t = Table(title=f"Lanchester {law} law: A={force_a:g}, B={force_b:g}")
    t.add_column("quantity")
    t.add_column("value", justify="right")
    t.add_row("winner", str(out.winner))
    t.add_row("survivors A", f"{float(out.survivors_a):,.2f}")
    t.add_row("survivors B", f"{float(out.survivors_b):,.2f}")
    t.add_row("time to defeat", f"{float(out.time_to_defeat):.4g}")
    t.add_row("force ratio A/B", f"{float(out.force_ratio):.3f}")
    t.add_row("strength ratio", f"{float(out.strength_ratio):.3f}")
    _console.print(t)


@stability_app.command("compliance")
def compliance_command(
    posture: Annotated[str, typer.Argument(help="TOML posture file, or us, russia, china.")],
    treaty: Annotated[str, typer.Option(help="Treaty preset.")] = "new-start",
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Check a posture against a treaty's limits."""
    from detente.stability.arms_control import check_compliance, get_treaty
    from detente.stability.posture import load_posture

    report = check_compliance(load_posture(posture), get_treaty(treaty))
    if json_output:
        _print_json(report.to_dict())
        return
    t = Table(title=f"{report.posture} vs {report.treaty}")
    for col in ("limit", "value", "maximum", "margin", "result"):
        t.add_column(col, justify="left" if col == "limit" else "right")
    for chk in report.checks:
        t.add_row(
            chk.limit,
            f"{chk.value:,.0f}",
            f"{chk.maximum:,.0f}",
            f"{chk.margin:,.0f}",
            "pass" if chk.passed else "FAIL",
        )
    _console.print(t)
    _console.print("compliant" if report.compliant else "NOT compliant")
