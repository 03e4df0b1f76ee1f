"""The scenario form's JSON API: a scenario's judgements as slider ranges, and new ranges
written back into its TOML.

The Scenarios page fills its "Judgements" sliders from ``POST /api/scenarios/form/fields`` and,
as a slider moves, asks ``POST /api/scenarios/form/toml`` for the rewritten text, so the editor
always holds TOML that loads. The work is :mod:`detente.scenario.scenario_form`'s; errors
(an invalid scenario, an unknown field, a value outside its range) are 400 with its message.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from detente.errors import InputError
from detente.web.request_limits import MAX_FORM_VALUES, MAX_SCENARIO_CHARS

router = APIRouter()

FieldPath = Annotated[str, Field(max_length=200)]
Range = Annotated[list[float], Field(min_length=2, max_length=2)]


class FormSource(BaseModel):
    """A scenario: TOML text, or the name of a bundled scenario (exactly one)."""

    model_config = ConfigDict(extra="forbid")

    toml: str | None = Field(
        None, max_length=MAX_SCENARIO_CHARS, description="Scenario TOML (as in scenarios/)."
    )
    bundled: str | None = Field(None, max_length=100, description="A bundled scenario's name.")


class FormValues(BaseModel):
    """Scenario TOML and new ranges for some of its judgements."""

    model_config = ConfigDict(extra="forbid")

    toml: str = Field(max_length=MAX_SCENARIO_CHARS, description="Scenario TOML.")
    values: dict[FieldPath, Range] = Field(
        max_length=MAX_FORM_VALUES,
        description="Field path (as /api/scenarios/form/fields names it) -> [lo, hi]; "
        "lo == hi writes a number, otherwise a uniform range.",
    )


def _text(source: FormSource) -> str:
    from detente.scenario import bundled_scenarios

    if (source.toml is None) == (source.bundled is None):
        raise InputError("give either 'toml' (the scenario text) or 'bundled' (a name), not both")
    if source.bundled is not None:
        scenarios = bundled_scenarios()
        if source.bundled not in scenarios:
            raise InputError(
                f"no bundled scenario called {source.bundled!r}; choose one of: "
                + ", ".join(scenarios)
            )
        return scenarios[source.bundled].read_text(encoding="utf-8")
    if not source.toml.strip():
        raise InputError("the scenario text is empty; paste a scenario TOML or pick a bundled one")
    return source.toml


@router.post(
    "/api/scenarios/form/fields",
    tags=["scenarios"],
    summary="A scenario's judgements as slider ranges",
)
def form_fields(body: FormSource) -> dict[str, Any]:
    """The judgements (resolve, stakes, costs, escalation risk, channels, rivalries) with
    their allowed range and current value as a range; 400 naming the line and field when the
    scenario is invalid."""
    from detente.scenario.scenario_form import GROUPS, judgement_fields

    return {"groups": list(GROUPS), "fields": judgement_fields(_text(body))}


@router.post(
    "/api/scenarios/form/toml",
    tags=["scenarios"],
    summary="Write judgement ranges into a scenario's TOML",
)
def form_toml(body: FormValues) -> dict[str, str]:
    """The TOML with the given judgements set (comments and layout of the rest kept); 400
    naming the field and its allowed range for an unknown field or a bad range."""
    from detente.scenario.scenario_form import set_judgements

    return {"toml": set_judgements(body.toml, body.values)}
