"""Model gallery, model pages and the model JSON API.

Every handler validates the request, calls :mod:`detente.models` and presents the answer:
JSON for ``/api/...``, HTML for pages, SVG/PNG for pictures.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

import detente.models as dm
from detente.errors import ParameterError
from detente.web.figure_rendering import IMAGE_TYPES, map_image, picture_svg, tree_svg
from detente.web.json_payload import plain
from detente.web.page_templates import error_page, page
from detente.web.request_limits import (
    MAX_LAMBDA,
    MAX_MAP_AXIS,
    MAX_MAP_POINTS_PBE,
    MAX_TREE_TERMINALS,
)

router = APIRouter()

ModelName = Annotated[str, Path(description="Registered model name (see GET /api/models).")]


class SolveRequest(BaseModel):
    """One parameter point of a model and the solution concept."""

    model_config = ConfigDict(extra="forbid")

    params: dict[str, float] = Field(
        default_factory=dict, description="Parameter values; omitted ones take their defaults."
    )
    method: Literal["spe", "qre", "pbe"] | None = Field(
        None, description="Solution concept (default: the model's first method)."
    )
    lam: float | None = Field(
        None,
        gt=0,
        le=MAX_LAMBDA,
        description="Logit precision for method qre (default: the model's, else 1).",
    )


class MapAxis(BaseModel):
    """One axis of an equilibrium map: a parameter and its range (default: its allowed range)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    lo: float | None = None
    hi: float | None = None
    n: int = Field(60, ge=2, le=MAX_MAP_AXIS, description=f"Grid points (2 to {MAX_MAP_AXIS}).")


class MapRequest(BaseModel):
    """An equilibrium map: two axes, the other parameters fixed, and the picture format."""

    model_config = ConfigDict(extra="forbid")

    x: MapAxis
    y: MapAxis
    fixed: dict[str, float] = Field(default_factory=dict)
    method: Literal["spe", "qre", "pbe"] | None = None
    format: Literal["png", "svg"] = "png"


def _model(name: str) -> dm.Model:
    if name not in dm.available():
        try:
            dm.get(name)
        except ParameterError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from None
    return dm.get(name)


def model_summary(model: dm.Model) -> dict[str, Any]:
    """What ``detente models --json`` prints for one model."""
    return plain(
        {
            "name": model.name,
            "title": model.title,
            "summary": model.summary,
            "methods": list(model.methods),
            "information": model.information,
            "players": list(model.players),
            "outcomes": list(model.outcomes),
            "parameters": model.specs(),
            "references": list(model.references),
        }
    )


def _solve(model: dm.Model, body: SolveRequest) -> dm.ModelSolution:
    return model.solve(dict(body.params), method=body.method, lam=body.lam)


# --- JSON API ------------------------------------------------------------------------------
@router.get("/api/models", tags=["models"], summary="List the registered models")
def list_models() -> list[dict[str, Any]]:
    """Every registered model with its parameter schema, outcomes and references."""
    return [model_summary(m) for m in dm.all_models()]


@router.get("/api/models/{name}", tags=["models"], summary="One model's schema")
def show_model(name: ModelName) -> dict[str, Any]:
    """The model's parameters (default, meaning, unit, allowed range), outcomes, references."""
    return model_summary(_model(name))


@router.post("/api/models/{name}/solve", tags=["models"], summary="Solve a model at one point")
def solve_model(name: ModelName, body: SolveRequest) -> dict[str, Any]:
    """Engine equilibrium and closed-form theory at one parameter point.

    Returns the predicted ``outcome``, outcome probabilities, payoffs, behaviour strategies and
    the theory's values (thresholds and conditions). Out-of-range values give 400 naming the
    parameter and its allowed range.
    """
    return plain(_solve(_model(name), body).point())


@router.post(
    "/api/models/{name}/tree",
    tags=["models"],
    summary="Game tree with the equilibrium path (SVG)",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def model_tree(name: ModelName, body: SolveRequest) -> Response:
    """The model's game tree, the equilibrium at this point drawn in colour.

    Trees with more than ``MAX_TREE_TERMINALS`` outcomes are not drawn (400).
    """
    model = _model(name)
    _check_drawable(model)
    return Response(tree_svg(_solve(model, body)), media_type="image/svg+xml")


@router.post(
    "/api/models/{name}/picture",
    tags=["models"],
    summary="The model's own picture at one point (SVG)",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def model_picture(name: ModelName, body: SolveRequest) -> Response:
    """The model's own figure at one parameter point, e.g. the probability of reaching each
    rung of an escalation ladder (400 for a model without one)."""
    picture = _model(name).draw(dict(body.params))
    return Response(picture_svg(picture), media_type="image/svg+xml")


@router.post(
    "/api/models/{name}/picture.json", tags=["models"], summary="The model's picture as data"
)
def model_picture_data(name: ModelName, body: SolveRequest) -> dict[str, Any]:
    """The data the picture draws: panels of bars or curves (400 for a model without one)."""
    return plain(_model(name).draw(dict(body.params)).as_dict())


def _terminals(model: dm.Model) -> int:
    return len(model.game.tables.terminal_labels)


def _check_drawable(model: dm.Model) -> None:
    n = _terminals(model)
    if n > MAX_TREE_TERMINALS:
        raise ParameterError(
            f"the game tree of {model.name!r} has {n} outcomes, too many to draw here "
            f"(limit {MAX_TREE_TERMINALS}); use `detente` in Python to draw it to a file"
        )


@router.post(
    "/api/models/{name}/map",
    tags=["models"],
    summary="Equilibrium map (PNG or SVG)",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/svg+xml": {}}}},
)
def model_map(name: ModelName, body: MapRequest) -> Response:
    """Predicted outcome on a grid of two parameters, theory boundaries drawn over it."""
    model = _model(name)
    specs = model.specs()
    axes = []
    for label, axis in (("x", body.x), ("y", body.y)):
        if axis.name not in specs:
            raise ParameterError(
                f"{label}-axis parameter {axis.name!r} is not a parameter of {model.name!r}; "
                f"choose one of: {', '.join(specs)}"
            )
        lo = specs[axis.name]["lo"] if axis.lo is None else axis.lo
        hi = specs[axis.name]["hi"] if axis.hi is None else axis.hi
        axes.append((axis.name, lo, hi, axis.n))
    method = body.method or model.methods[0]
    if method == "pbe" and body.x.n * body.y.n > MAX_MAP_POINTS_PBE:
        raise ParameterError(
            f"a PBE map of {body.x.n} x {body.y.n} points is too large for one request: "
            f"perfect Bayesian equilibria allow at most {MAX_MAP_POINTS_PBE} points "
            f"(e.g. 25 x 25); use fewer points per axis"
        )
    eq_map = dm.equilibrium_map(
        model, x=axes[0], y=axes[1], fixed=dict(body.fixed), method=body.method
    )
    return Response(map_image(eq_map, body.format), media_type=IMAGE_TYPES[body.format])


# --- pages ---------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def gallery(request: Request) -> HTMLResponse:
    """The model gallery."""
    return page(request, "gallery.html", models=[model_summary(m) for m in dm.all_models()])


@router.get("/models/{name}", response_class=HTMLResponse, include_in_schema=False)
def model_page(request: Request, name: str) -> HTMLResponse:
    """A model: sliders from its parameter schema, live equilibrium, tree and map."""
    try:
        model = _model(name)
    except HTTPException as exc:
        return error_page(request, str(exc.detail), 404)
    specs = model.specs()
    names = list(specs)
    probability = [k for k, s in specs.items() if s["unit"] == "probability"]
    x_default = probability[0] if probability else names[0]
    y_default = next((k for k in names if k != x_default), x_default)
    initial = plain(model.solve().point())
    return page(
        request,
        "model.html",
        model=model_summary(model),
        tree_drawn=_terminals(model) <= MAX_TREE_TERMINALS,
        map_points=20 if model.methods[0] == "pbe" else 80,
        sliders=[{**s, "name": k} for k, s in specs.items()],
        has_picture=model.picture is not None,
        lam_from_model=model.precision is not None,
        initial=initial,
        x_default=x_default,
        y_default=y_default,
        max_axis=MAX_MAP_AXIS,
    )
