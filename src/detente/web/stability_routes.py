"""Strategic-stability calculators: a page of forms and the matching JSON API.

Each endpoint validates its body (bounded numbers, bundled postures only: no file paths
reach the server), calls :mod:`detente.stability` and returns the result as JSON.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Annotated, Any, Literal

import numpy as np
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from detente.stability import (
    InspectionPayoffs,
    MissileDefense,
    check_compliance,
    exchange_curve,
    expected_leakers,
    get_treaty,
    inspection_equilibrium,
    kill_assessment,
    lanchester,
    plot_exchange,
    plot_lanchester,
    plot_leakage,
    posture_from_dict,
    stability_index,
)
from detente.stability.arms_control import TREATIES
from detente.stability.counterforce import force_arrays, prompt_warheads
from detente.stability.posture import BUNDLED_POSTURES, ForcePosture
from detente.web.figure_rendering import plot_svg
from detente.web.json_payload import plain
from detente.web.page_templates import page
from detente.web.request_limits import MAX_EXCHANGE_POINTS, MAX_LIST_VALUES

router = APIRouter()

PostureName = Literal["us", "russia", "china"]
TreatyName = Literal[tuple(TREATIES)]  # type: ignore[valid-type]
BIG = 1e9
PAY = 1e6
AttackSize = Annotated[float, Field(ge=0, le=100_000)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExchangeRequest(_Body):
    """Two bundled force postures, the alert level, and attack sizes per direction."""

    a: PostureName = "us"
    b: PostureName = "russia"
    level: Literal["day_to_day", "generated"] = "generated"
    points: int = Field(5, ge=2, le=MAX_EXCHANGE_POINTS)


class DefenseRequest(_Body):
    """Attack sizes and a missile defense (interceptors, kill probability, doctrine, decoys)."""

    warheads: list[AttackSize] = Field(
        default_factory=lambda: [10.0, 50.0, 100.0],
        min_length=1,
        max_length=MAX_LIST_VALUES,
        description=f"Attack sizes (1 to {MAX_LIST_VALUES} values, each 0 to 100000).",
    )
    interceptors: float = Field(100.0, ge=0, le=100_000)
    pk: float = Field(0.7, ge=0, le=1)
    doctrine: Literal["barrage", "shoot-look-shoot"] = "shoot-look-shoot"
    shots: int = Field(2, ge=1, le=10)
    decoys: float = Field(0.0, ge=0, le=100)
    discrimination: float = Field(1.0, ge=0, le=1)


class InspectionRequest(_Body):
    """Detection and false-alarm probabilities and the inspection game's payoffs."""

    detection: float = Field(0.9, ge=0, le=1)
    false_alarm: float = Field(0.05, ge=0, le=1)
    a: float = Field(0.5, ge=-PAY, le=PAY, description="Inspector loss, detected violation.")
    c: float = Field(1.0, ge=-PAY, le=PAY, description="Inspector loss, undetected violation.")
    e: float = Field(0.1, ge=-PAY, le=PAY, description="Inspector loss, false alarm.")
    b: float = Field(1.0, ge=-PAY, le=PAY, description="Inspectee loss, detected violation.")
    d: float = Field(0.5, ge=-PAY, le=PAY, description="Inspectee gain, undetected violation.")
    h: float = Field(0.1, ge=-PAY, le=PAY, description="Inspectee loss, false alarm.")


class LanchesterRequest(_Body):
    """Initial forces, attrition coefficients, the law and the loser's breakpoint.

    Forces and coefficients start at 1e-6: smaller (subnormal) values overflow the closed form.
    """

    force_a: float = Field(100.0, ge=1e-6, le=BIG)
    force_b: float = Field(80.0, ge=1e-6, le=BIG)
    alpha: float = Field(1.0, ge=1e-6, le=1e6)
    beta: float = Field(1.0, ge=1e-6, le=1e6)
    law: Literal["square", "linear"] = "square"
    breakpoint: float = Field(0.0, ge=0, le=1)


class ComplianceRequest(_Body):
    """A bundled force posture and a treaty preset."""

    posture: PostureName = "us"
    treaty: TreatyName = "new-start"


class SspkRequest(_Body):
    """A warhead (yield, accuracy, reliability) against a target of a given hardness."""

    yield_kt: float = Field(300.0, ge=0.001, le=100_000, description="Warhead yield, kt.")
    hardness_psi: float = Field(2000.0, ge=0.1, le=1e6, description="Target hardness, psi.")
    cep_m: float = Field(120.0, ge=0.1, le=1e6, description="Circular error probable, metres.")
    reliability: float = Field(0.8, ge=0, le=1, description="P(warhead arrives and detonates).")
    warheads: list[Annotated[float, Field(ge=0, le=1000)]] = Field(
        default_factory=lambda: [1.0, 2.0, 3.0],
        min_length=1,
        max_length=MAX_LIST_VALUES,
        description=f"Salvo sizes (1 to {MAX_LIST_VALUES} values, each 0 to 1000).",
    )


def bundled_posture(name: str) -> ForcePosture:
    """A bundled posture by name, read from the package (never from the working folder)."""
    ref = resources.files("detente.stability").joinpath("postures", BUNDLED_POSTURES[name])
    where = f"bundled posture {name!r}"
    return posture_from_dict(tomllib.loads(ref.read_text(encoding="utf-8")), where)


@router.post("/api/stability/exchange", tags=["stability"], summary="Counterforce exchange")
def exchange(body: ExchangeRequest) -> dict[str, Any]:
    """Counterforce exchange both ways and the Kent-Thaler first-strike stability indices."""
    a, b = bundled_posture(body.a), bundled_posture(body.b)
    fractions = np.linspace(0.0, 1.0, body.points)
    curves: dict[str, Any] = {}
    for key, attacker, defender in (("a_strikes_b", a, b), ("b_strikes_a", b, a)):
        full = float(prompt_warheads(force_arrays([attacker], body.level))[0])
        curve = exchange_curve(attacker, defender, fractions * full, level=body.level)
        curves[key] = {
            "attacker": attacker.name,
            "defender": defender.name,
            "attack_sizes": curve.attack_sizes[0],
            "surviving_warheads": curve.surviving_warheads[0],
            "second_strike": curve.second_strike[0],
            "attacker_reserve": curve.attacker_reserve[0],
        }
    index = stability_index(a, b, body.level)
    return plain(
        {"level": body.level, "a": a.name, "b": b.name, **curves, "stability": index.to_dict()}
    )


@router.post("/api/stability/defense", tags=["stability"], summary="Missile defense leakage")
def defense(body: DefenseRequest) -> dict[str, Any]:
    """Expected warheads leaking through a missile defense, for each attack size."""
    w = np.asarray(body.warheads, dtype=float)
    leak = expected_leakers(
        w,
        body.interceptors,
        body.pk,
        body.doctrine,
        decoys=w * body.decoys,
        discrimination=body.discrimination,
        shots=body.shots,
    )
    shield = MissileDefense(
        body.interceptors, body.pk, body.doctrine, body.shots, body.decoys, body.discrimination
    )
    return plain({"defense": shield.__dict__, "warheads": w, "expected_leakers": leak})


@router.post("/api/stability/inspection", tags=["stability"], summary="Inspection game")
def inspection(body: InspectionRequest) -> dict[str, Any]:
    """Equilibrium violation and inspection probabilities (Avenhaus, von Stengel & Zamir 2002)."""
    payoffs = InspectionPayoffs(body.a, body.c, body.e, body.b, body.d, body.h)
    eq = inspection_equilibrium(body.detection, body.false_alarm, payoffs)
    return plain({"detection": body.detection, "false_alarm": body.false_alarm, **eq.to_dict()})


@router.post("/api/stability/sspk", tags=["stability"], summary="Kill probability")
def single_shot_kill_probability(body: SspkRequest) -> dict[str, Any]:
    """Lethal radius (cube-root scaling), single-shot kill probability (circular normal) and
    the kill probability of salvos (Davis & Schilling 1973; Tsipis 1975)."""
    out = kill_assessment(
        body.yield_kt, body.hardness_psi, body.cep_m, body.reliability, body.warheads
    )
    return plain(out.to_dict())


@router.post("/api/stability/lanchester", tags=["stability"], summary="Lanchester battle")
def lanchester_battle(body: LanchesterRequest) -> dict[str, Any]:
    """Closed-form Lanchester battle: winner, survivors, time to defeat."""
    out = lanchester(body.force_a, body.force_b, body.alpha, body.beta, body.law, body.breakpoint)
    return plain(out.to_dict())


@router.post("/api/stability/compliance", tags=["stability"], summary="Treaty compliance")
def compliance(body: ComplianceRequest) -> dict[str, Any]:
    """A bundled posture checked against a treaty's limits."""
    return plain(check_compliance(bundled_posture(body.posture), get_treaty(body.treaty)).to_dict())


SVG = {"content": {"image/svg+xml": {}}, "description": "A line plot (SVG)."}
#: Points on a calculator's curves.
CURVE_POINTS = 101
#: Figure size (inches) in a narrow calculator panel (the exchange panel is twice as wide).
NARROW = (4.4, 3.4)


def _svg(svg: str) -> Response:
    return Response(svg, media_type="image/svg+xml")


@router.post(
    "/api/stability/exchange/figure",
    tags=["stability"],
    summary="Counterforce exchange: survivors vs attack size (SVG)",
    response_class=Response,
    responses={200: SVG},
)
def exchange_figure(body: ExchangeRequest) -> Response:
    """Each side's surviving warheads and deliverable second strike against the size of the
    other's first strike (the ``points`` of the request set the table, not the curves)."""
    a, b = bundled_posture(body.a), bundled_posture(body.b)
    return _svg(plot_svg(lambda ax: plot_exchange(a, b, body.level, CURVE_POINTS, ax=ax)))


@router.post(
    "/api/stability/defense/figure",
    tags=["stability"],
    summary="Missile defense: leakage vs attack size (SVG)",
    response_class=Response,
    responses={200: SVG},
)
def defense_figure(body: DefenseRequest) -> Response:
    """Expected leakers from no attack to a quarter beyond the largest attack size asked for,
    with the asked sizes marked."""
    shield = MissileDefense(
        body.interceptors, body.pk, body.doctrine, body.shots, body.decoys, body.discrimination
    )
    top = max(1.25 * max(body.warheads), 10.0)
    return _svg(
        plot_svg(
            lambda ax: plot_leakage(shield, top, body.warheads, 2 * CURVE_POINTS, ax=ax), NARROW
        )
    )


@router.post(
    "/api/stability/lanchester/figure",
    tags=["stability"],
    summary="Lanchester curves: forces over time (SVG)",
    response_class=Response,
    responses={200: SVG},
)
def lanchester_figure(body: LanchesterRequest) -> Response:
    """Both forces over time until the loser reaches its breakpoint."""
    args = (body.force_a, body.force_b, body.alpha, body.beta, body.law, body.breakpoint)
    return _svg(plot_svg(lambda ax: plot_lanchester(*args, points=2 * CURVE_POINTS, ax=ax), NARROW))


@router.get("/stability", response_class=HTMLResponse, include_in_schema=False)
def stability_page(request: Request) -> HTMLResponse:
    """The calculators, one form each."""
    return page(request, "stability.html", treaties=list(TREATIES))
