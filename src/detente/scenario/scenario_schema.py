"""The scenario schema: actors, relationships, the crisis, technologies and interventions.

A scenario file (TOML) describes a crisis as an analyst sees it; :mod:`.compilation` turns it
into model parameters. Every number may be uncertain (see :mod:`.distributions`). Scales:

* probabilities (``resolve``, ``attribution``, ``commitment``, ...) in [0, 1];
* ``stakes`` in [0, 1]: the value of the issue to the actor (1 = its highest stakes);
* ``cost_of_war`` and ``nuclear_war_cost`` in [0, 2], in units of stakes (1 = as bad as
  losing everything at issue);
* ``capability`` in (0, 1]: a CINC share or any relative measure (only ratios matter); give
  the COW state code(s) in ``ccode`` when it is a CINC score;
* ``[technology]`` (decision time, early warning, surveillance), ``[[institutions]]`` and
  ``[escalation]`` are optional: without them the outcome probabilities are those of a file
  that does not mention them (see :mod:`.outcome_probabilities` for how they act).

``crisis.kind`` says whether the defender's threat deters a move (``"deterrence"``) or
demands that the challenger undo one (``"compellence"``: the challenger is then the *target*
of the threat and the defender the *coercer*); the outcome labels follow the kind
(:data:`OUTCOME_LABELS`).

The JSON Schema for editors is :func:`scenario_json_schema` (``detente scenario schema``).
"""

from __future__ import annotations

import math
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import GenerateJsonSchema

from detente.models.library import crisis_compellence, crisis_deterrence
from detente.scenario.distributions import Distribution, json_schema, parse_uncertain

#: Years a scenario may carry (``scenario.year``): from the first recorded interstate crises
#: (negative years are BCE) to a horizon past any planning scenario.
YEAR_RANGE = (-3000, 2200)

INTERVENTION_KINDS = (
    "alliance",
    "hotline",
    "missile_defense",
    "risk_reduction",
    "public_commitment",
    "concession",
    "inducement",
    "de_alerting",
    "data_exchange",
    "crisis_management",
)
#: Older names still accepted in files and on the command line.
INTERVENTION_ALIASES = {"arms_control": "risk_reduction"}
CRISIS_KINDS = ("deterrence", "compellence")
#: Outcome classes of the primary game (shared by both kinds).
OUTCOME_CLASSES = ("success", "prevails", "compromise", "war", "nuclear")
#: Kind -> outcome class -> label (the primary model's outcome labels).
OUTCOME_LABELS = {
    "deterrence": dict(zip(OUTCOME_CLASSES, crisis_deterrence.OUTCOMES, strict=True)),
    "compellence": dict(zip(OUTCOME_CLASSES, crisis_compellence.OUTCOMES, strict=True)),
}


def Uncertain(lo: float, hi: float, meaning: str) -> Any:
    """An uncertain number in [lo, hi]: plain, distribution table or expert range."""
    return Annotated[
        Distribution,
        PlainValidator(partial(parse_uncertain, lo=lo, hi=hi)),
        PlainSerializer(lambda d: d.to_json()),
        WithJsonSchema(json_schema(lo, hi, meaning)),
    ]


Probability = Uncertain(0.0, 1.0, "a probability in [0, 1]")
Stakes = Uncertain(0.0, 1.0, "value of the issue, 0..1 (1 = the actor's highest stakes)")
Cost = Uncertain(0.0, 2.0, "a cost in units of stakes, 0..2")
Capability = Uncertain(1e-6, 1.0, "a CINC share or relative capability in (0, 1]")
#: Decision windows a scenario may give (minutes): from none to a day.
DECISION_MINUTES = (0.0, 1440.0)
#: Days of heightened alert a crisis may last (the exposure to false warnings).
ALERT_DAYS = (0.0, 365.0)
#: Risk of losing control each rung adds (the escalation_ladder model's range, 0 allowed).
RISK_PER_RUNG = (0.0, 0.3)
#: Rungs of an escalation ladder (the escalation_ladder model holds 1 to 8).
RUNGS = (1, 8)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Actor(_Strict):
    """One state (or coalition) in the crisis."""

    name: str = Field("", description="Display name (defaults to the table key).")
    capability: Capability = Field(description="CINC share or relative military capability.")
    regime: Literal["democracy", "anocracy", "autocracy"] = Field(
        "anocracy", description="Regime type (sets audience costs of a public commitment)."
    )
    stakes: Stakes = Field(
        description="Value the actor places on the issue at stake (a defender's, if resolute)."
    )
    cost_of_war: Cost = Field(description="Cost of a conventional war, in units of stakes.")
    nuclear_war_cost: Cost = Field(
        default=Distribution("fixed", (0.0,)),
        description="Cost of a nuclear war (derived from `posture` when both sides have one).",
    )
    resolve: Probability = Field(
        default=Distribution("fixed", (0.5,)),
        description="As defender: prior probability that it is resolute, i.e. values the issue "
        "at its full `stakes` (otherwise at the calibration's `irresolute_share` of them); "
        "whether either type stands firm follows from its stakes and costs. As challenger: "
        "its commitment to its move (retreating after pressing costs it more).",
    )
    ccode: int | list[int] | None = Field(
        None,
        description="Correlates of War state code(s) whose CINC score (summed) is `capability`.",
    )
    posture: str | None = Field(
        None,
        description="Nuclear force posture: a bundled name (us, russia, china) or a TOML file "
        "relative to the scenario file.",
    )
    missile_defense: float = Field(
        0.0, ge=0.0, le=1e5, description="Deployed missile-defense interceptors."
    )
    cyber: Probability = Field(
        default=Distribution("fixed", (0.0,)), description="Offensive cyber capability, 0..1."
    )
    surveillance: Probability = Field(
        default=Distribution("fixed", (0.0,)),
        description="Quality of intelligence on the opponent, 0..1 (narrows misperception).",
    )


class Alliance(_Strict):
    """A patron's commitment to defend a protégé."""

    patron: str
    protege: str
    commitment: Probability = Field(description="Strength of the commitment, 0..1.")
    public: bool = Field(True, description="Publicly declared (seen by the challenger).")


class Rivalry(_Strict):
    """An enduring rivalry (Diehl & Goertz 2000): hostility that clouds perception."""

    between: tuple[str, str]
    intensity: Probability = Field(default=Distribution("fixed", (0.5,)))


class Channel(_Strict):
    """A communication channel (hotline, back channel, mediator)."""

    between: tuple[str, str]
    kind: Literal["hotline", "backchannel", "mediator"] = "hotline"
    quality: Probability = Field(
        default=Distribution("fixed", (0.8,)), description="Reliability of the channel, 0..1."
    )


class Crisis(_Strict):
    """Who challenges whom over what, and what the challenger believes."""

    challenger: str = Field(description="Actor key of the side that may challenge.")
    defender: str = Field(description="Actor key of the side whose threat should deter.")
    protege: str | None = Field(None, description="Actor key of a protected third party.")
    issue: str = Field("", description="What is at stake, in words.")
    domain: Literal["conventional", "nuclear", "cyber"] = "conventional"
    kind: Literal["deterrence", "compellence"] = Field(
        "deterrence",
        description="deterrence: the defender's threat should stop a move; compellence: it "
        "demands that the challenger (the target) undo one.",
    )
    perceived_resolve: Probability | None = Field(
        None,
        description="The challenger's prior on the defender's resolve, from evidence of its "
        "belief at the time (default: the defender's true resolve, i.e. no misperception).",
    )
    escalation_risk: Probability = Field(
        default=Distribution("fixed", (0.0,)),
        description="Probability that a war escalates to nuclear use.",
    )
    attribution: Probability = Field(
        default=Distribution("fixed", (1.0,)),
        description="Probability the defender can attribute the challenge to the challenger.",
    )
    public_commitment: Probability = Field(
        default=Distribution("fixed", (0.0,)),
        description="Strength of the defender's public commitment (audience costs), 0..1.",
    )


class EarlyWarning(_Strict):
    """A warning system whose false alarms may start an inadvertent launch.

    The numbers of :mod:`detente.models.library.early_warning`: a warning comes with
    probability ``detection`` under a real attack and ``false_alarm_rate`` on a day without
    one; the side that reads it holds a prior ``attack_prior`` of a real attack on a day of
    the crisis, and its forces stay on heightened alert for ``alert_days`` days.
    """

    false_alarm_rate: Probability = Field(
        description="Probability of a false warning of attack on a day without attack (the "
        "US record of 1979-80: 4 serious false alarms in 18 months, about 0.007 a day)."
    )
    detection: Probability = Field(
        default=Distribution("fixed", (0.95,)),
        description="Probability a real attack is detected (the early_warning model's default).",
    )
    attack_prior: Probability = Field(
        default=Distribution("fixed", (0.01,)),
        description="Prior probability, per day of the crisis, that a real attack is under way, "
        "as the side reading the warning holds it (default 0.01: the early_warning model's "
        "acute-crisis example).",
    )
    alert_days: Uncertain(*ALERT_DAYS, "days on heightened alert, 0..365") = Field(  # type: ignore[valid-type]
        description="Days the crisis keeps forces on heightened alert once it is pressed: the "
        "exposure to false warnings."
    )


class Technology(_Strict):
    """Decision time, early warning and surveillance: how fast and how well the sides see."""

    decision_time_minutes: (
        Uncertain(  # type: ignore[valid-type]
            *DECISION_MINUTES, "minutes to decide whether to launch on a warning, 0..1440"
        )
        | None
    ) = Field(
        None,
        description="Minutes the side reading a warning has to decide whether to launch "
        "(missile flight time less detection and assessment); sets the logit precision of "
        "the launch decision (misperception.decision_lambda). Requires [technology.early_warning].",
    )
    early_warning: EarlyWarning | None = Field(
        None, description="The warning system whose false alarms may start an inadvertent launch."
    )
    surveillance: Probability = Field(
        default=Distribution("fixed", (0.0,)),
        description="Quality of each side's surveillance of the other's forces (reconnaissance "
        "aircraft and satellites), 0..1: the informativeness of what it reports.",
    )


class Institution(_Strict):
    """A monitoring institution or regime (notification, observers, inspections, data
    exchange): information about its members' forces (Keohane 1984, ch. 6)."""

    name: str = ""
    members: list[str] = Field(min_length=2, description="Actor keys of its members.")
    monitoring: Probability = Field(
        description="Quality of its monitoring of the members' forces, 0..1 (the "
        "informativeness of its reports; only institutions both crisis actors belong to count)."
    )


class Escalation(_Strict):
    """The crisis as an escalation ladder: how many rungs it climbs, the risk each rung adds."""

    rungs: int = Field(
        description="Rungs of the ladder below war (1 to 8, as the escalation_ladder model).",
        json_schema_extra={"minimum": RUNGS[0], "maximum": RUNGS[1]},
    )
    risk_per_rung: Uncertain(  # type: ignore[valid-type]
        *RISK_PER_RUNG, "risk of losing control each rung adds, 0..0.3"
    ) = Field(
        description="Risk of losing control each rung adds: climbing into rung k risks "
        "1 - (1 - risk_per_rung)^k (Schelling's threat that leaves something to chance)."
    )

    @field_validator("rungs", mode="before")
    @classmethod
    def _whole_rungs(cls, v: Any) -> Any:
        lo, hi = RUNGS
        rng = f"[{lo}, {hi}]"
        whole = isinstance(v, int) or (isinstance(v, float) and math.isfinite(v) and v == int(v))
        if isinstance(v, bool) or not whole:
            raise ValueError(f"expected a whole number in {rng}, got {v!r}")
        if not lo <= v <= hi:
            raise ValueError(
                f"{v!r} is outside the allowed range {rng} (the escalation_ladder model holds "
                f"up to {hi} rungs); give a whole number in {rng}"
            )
        return int(v)


class Intervention(_Strict):
    """A what-if: a diplomatic or military move compared with the baseline."""

    kind: Literal[INTERVENTION_KINDS]  # type: ignore[valid-type]
    name: str = ""
    strength: float = Field(0.8, ge=0.0, le=1.0, description="How strong the move is, 0..1.")

    @field_validator("kind", mode="before")
    @classmethod
    def _alias(cls, kind: Any) -> Any:
        return INTERVENTION_ALIASES.get(kind, kind)


class ScenarioInfo(_Strict):
    """Title block."""

    title: str = Field(description="Title, e.g. 'Cuban Missile Crisis, October 1962'.")
    year: int | None = Field(
        None,
        ge=YEAR_RANGE[0],
        le=YEAR_RANGE[1],
        description="Year of the crisis (negative for BCE), from -3000 to 2200.",
    )
    description: str = ""
    historical_outcome: str = Field(
        "", description="What happened, in words (shown next to the model's answer)."
    )
    expected: str | None = Field(
        None,
        description="The historical outcome as one of the outcome labels of the crisis kind "
        "(a consistency check of the inputs, not a validation of the model).",
    )
    cinc_year: int | None = Field(
        None, description="Year of the COW NMC data the CINC capabilities come from."
    )
    sources: list[str] = Field(default_factory=list)


class Scenario(_Strict):
    """A crisis description (validated)."""

    scenario: ScenarioInfo
    actors: dict[str, Actor] = Field(min_length=2)
    crisis: Crisis
    alliances: list[Alliance] = Field(default_factory=list)
    rivalries: list[Rivalry] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    institutions: list[Institution] = Field(default_factory=list)
    technology: Technology | None = None
    escalation: Escalation | None = None
    interventions: list[Intervention] = Field(default_factory=list)

    _name: str = PrivateAttr("scenario")
    _folder: Any = PrivateAttr(None)
    _text: str = PrivateAttr("")

    @property
    def name(self) -> str:
        """The scenario's name (file stem, bundled name, or ``name=`` of the loader)."""
        return self._name

    @property
    def folder(self) -> Any:
        """Folder of the scenario file (relative posture files resolve against it), or None."""
        return self._folder

    @property
    def text(self) -> str:
        """The TOML text it was read from (empty when built in code)."""
        return self._text

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        known = set(self.actors)
        listing = ", ".join(sorted(known))

        def check(key: str | None, where: str) -> None:
            if key is not None and key not in known:
                raise ValueError(
                    f"{where}: unknown actor {key!r}; define [actors.{key}] or use one of: "
                    f"{listing}"
                )

        expected = self.scenario.expected
        labels = OUTCOME_LABELS[self.crisis.kind]
        if expected is not None and expected not in labels.values():
            raise ValueError(
                f"scenario.expected: {expected!r} is not an outcome of a {self.crisis.kind} "
                f"crisis; use one of: {', '.join(labels.values())}"
            )
        check(self.crisis.challenger, "crisis.challenger")
        check(self.crisis.defender, "crisis.defender")
        check(self.crisis.protege, "crisis.protege")
        if self.crisis.challenger == self.crisis.defender:
            raise ValueError("crisis.challenger and crisis.defender must be different actors")
        for i, a in enumerate(self.alliances):
            check(a.patron, f"alliances[{i}].patron")
            check(a.protege, f"alliances[{i}].protege")
        for group, items in (("rivalries", self.rivalries), ("channels", self.channels)):
            for i, r in enumerate(items):
                for j, k in enumerate(r.between):
                    check(k, f"{group}[{i}].between[{j}]")
        for i, inst in enumerate(self.institutions):
            for j, k in enumerate(inst.members):
                check(k, f"institutions[{i}].members[{j}]")
        tech = self.technology
        if tech is not None and (tech.early_warning is None) != (
            tech.decision_time_minutes is None
        ):
            if tech.early_warning is None:
                raise ValueError(
                    "technology.early_warning: decision_time_minutes acts through a warning "
                    "system's false alarms; add [technology.early_warning] with "
                    "false_alarm_rate and alert_days, or remove decision_time_minutes"
                )
            raise ValueError(
                "technology.decision_time_minutes: required with [technology.early_warning] "
                f"(the launch decision window, {DECISION_MINUTES[0]:g} to "
                f"{DECISION_MINUTES[1]:g} minutes); add it"
            )
        return self

    @property
    def labels(self) -> dict[str, str]:
        """Outcome class -> label for this crisis kind."""
        return OUTCOME_LABELS[self.crisis.kind]

    def actor_name(self, key: str) -> str:
        return self.actors[key].name or key

    def uncertain_fields(self) -> dict[str, Distribution]:
        """Dotted path -> distribution for every number in the file (fixed ones included)."""
        out: dict[str, Distribution] = {}

        def walk(prefix: str, obj: Any) -> None:
            if isinstance(obj, Distribution):
                out[prefix] = obj
            elif isinstance(obj, BaseModel):
                for k in type(obj).model_fields:
                    walk(f"{prefix}.{k}" if prefix else k, getattr(obj, k))
            elif isinstance(obj, dict):
                for k, v in obj.items():
                    walk(f"{prefix}.{k}", v)
            elif isinstance(obj, list):
                for i, v in enumerate(obj):
                    walk(f"{prefix}[{i}]", v)

        walk("", self)
        return out

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form (numbers, distribution tables, preset words), stable for hashing.

        The optional tables a file does not give (``technology``, ``escalation``,
        ``institutions``) are left out, so a file written before they existed keeps its hash.
        """
        out = self.model_dump(mode="json")
        for key in ("technology", "escalation", "institutions"):
            if not out.get(key):
                out.pop(key, None)
        return out


class _ScenarioSchemaGenerator(GenerateJsonSchema):
    """Writes an uncertain number's default as a user writes it (``0.5``), not as the internal
    :class:`Distribution` record (whose infinite bounds are not JSON)."""

    def encode_default(self, dft: Any) -> Any:
        if isinstance(dft, Distribution):
            return dft.to_json()
        return super().encode_default(dft)


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files (draft 2020-12), for editors and validators."""
    schema = Scenario.model_json_schema(schema_generator=_ScenarioSchemaGenerator)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "detente scenario"
    return schema
