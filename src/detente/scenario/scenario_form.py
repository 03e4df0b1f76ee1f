"""The judgements of a scenario as form fields: read them as ranges, write ranges back as TOML.

An analyst who does not want to edit TOML moves sliders instead: :func:`judgement_fields`
lists the judgements a scenario's outcome depends on (resolve, stakes, costs, escalation risk,
channels, rivalries), each as a range ``[lo, hi]`` inside the schema's allowed range, and
:func:`set_judgements` writes new ranges into the text, leaving every comment, key order and
blank line of the rest of the file as it was (a style-preserving TOML edit with ``tomlkit``).

A range is written back as a plain number when ``lo == hi`` and as
``{dist = "uniform", lo = .., hi = ..}`` otherwise; a value written as an expert-range word
(``"likely"``) or another distribution is read as the word's defined range or the
distribution's 5th to 95th percentiles, and only rewritten if the analyst sets it.

Only the inputs the crisis models read are listed (see :mod:`.crisis_variables`): the
challenger's and defender's judgements, every alliance commitment, the channels and
rivalries, and the crisis-wide risks. The challenger's ``nuclear_war_cost`` is left out when
both sides give a nuclear ``posture`` (the cost then comes from the postures).

References
----------
Office of the Director of National Intelligence (2015). Intelligence Community Directive 203,
Analytic Standards (the expert-range words, see :mod:`.distributions`).
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from typing import Any

import numpy as np
import tomlkit
from pydantic import BaseModel, PlainValidator
from tomlkit.exceptions import TOMLKitError

from detente.errors import FileFormatError, InputError
from detente.games.toml_reading import read_toml
from detente.scenario.distributions import Distribution
from detente.scenario.scenario_loading import validate_scenario
from detente.scenario.scenario_schema import (
    Actor,
    Alliance,
    Channel,
    Crisis,
    Escalation,
    Rivalry,
    Scenario,
)

#: Groups of the form, in the order a reader meets them.
GROUPS = ("resolve", "stakes", "costs", "escalation risk", "channels", "rivalries")
#: Percentiles that stand for a distribution other than a uniform range.
PERCENTILES = (0.05, 0.95)
_WHERE = "scenario text"


@dataclass(frozen=True)
class _Spec:
    path: str
    keys: tuple[str | int, ...]  # where the value lives in the TOML document
    label: str
    group: str
    model: type[BaseModel]
    name: str
    value: Distribution | None  # None: perceived_resolve not given (the truth is used)


def _bounds(model: type[BaseModel], name: str) -> tuple[float, float]:
    """The allowed range of an uncertain field, read from its validator in the schema."""
    stack: list[Any] = [model.model_fields[name].annotation, *model.model_fields[name].metadata]
    while stack:
        item = stack.pop()
        if isinstance(item, PlainValidator):
            kw = getattr(item.func, "keywords", {})
            if "lo" in kw and "hi" in kw:
                return float(kw["lo"]), float(kw["hi"])
        stack.extend(getattr(item, "__metadata__", ()))
        stack.extend(typing.get_args(item))
    raise AssertionError(f"{model.__name__}.{name} is not an uncertain number")  # schema bug


def _specs(s: Scenario) -> list[_Spec]:
    """Every judgement field of scenario ``s`` (given or defaulted), in form order."""
    c, d = s.crisis.challenger, s.crisis.defender
    cn, dn = s.actor_name(c), s.actor_name(d)
    out: list[_Spec] = []

    def add(keys: tuple[str | int, ...], label: str, group: str, model: type[BaseModel]) -> None:
        path = "".join(
            f"[{k}]" if isinstance(k, int) else f".{k}" if i else k for i, k in enumerate(keys)
        )
        owner: Any = s
        for k in keys[:-1]:
            owner = owner[k] if isinstance(k, int) or isinstance(owner, dict) else getattr(owner, k)
        name = str(keys[-1])
        out.append(_Spec(path, keys, label, group, model, name, getattr(owner, name)))

    def actor(key: str, name: str, label: str, group: str) -> None:
        add(("actors", key, name), f"{s.actor_name(key)}: {label}", group, Actor)

    actor(d, "resolve", "resolve (prior that it is resolute)", "resolve")
    actor(c, "resolve", "commitment to its move (resolve)", "resolve")
    add(("crisis", "perceived_resolve"), f"{cn}: belief in the resolve of {dn}", "resolve", Crisis)
    add(
        ("crisis", "public_commitment"),
        f"{dn}: public commitment (audience costs)",
        "resolve",
        Crisis,
    )
    for i, a in enumerate(s.alliances):
        who = f"{s.actor_name(a.patron)} with {s.actor_name(a.protege)}"
        add(("alliances", i, "commitment"), f"alliance of {who}: commitment", "resolve", Alliance)
    actor(c, "stakes", "stakes", "stakes")
    actor(d, "stakes", "stakes", "stakes")
    actor(c, "cost_of_war", "cost of war", "costs")
    actor(d, "cost_of_war", "cost of war", "costs")
    if s.actors[c].posture is None or s.actors[d].posture is None:
        actor(c, "nuclear_war_cost", "cost of nuclear war", "costs")
    actor(d, "nuclear_war_cost", "cost of nuclear war", "costs")
    add(("crisis", "escalation_risk"), "war escalates to nuclear use", "escalation risk", Crisis)
    if s.escalation is not None:
        add(
            ("escalation", "risk_per_rung"),
            "risk of losing control per rung",
            "escalation risk",
            Escalation,
        )
    for i, ch in enumerate(s.channels):
        a, b = (s.actor_name(k) for k in ch.between)
        add(("channels", i, "quality"), f"{ch.kind} {a} - {b}: quality", "channels", Channel)
    for i, r in enumerate(s.rivalries):
        a, b = (s.actor_name(k) for k in r.between)
        add(("rivalries", i, "intensity"), f"rivalry {a} - {b}: intensity", "rivalries", Rivalry)
    return out


def _range(value: Distribution) -> tuple[float, float, str]:
    """A distribution as a range [lo, hi] and a note on where the range came from."""
    if value.kind == "fixed":
        return value.args[0], value.args[0], "number"
    if value.preset:
        return value.args[0], value.args[1], f'the range of "{value.preset}"'
    if value.kind == "uniform":
        return value.args[0], value.args[1], "uniform range"
    lo, hi = (float(x) for x in value.ppf(np.asarray(PERCENTILES)))
    p, q = (round(100 * x) for x in PERCENTILES)
    return lo, hi, f"{value.kind} distribution: its {p}th to {q}th percentiles"


def _lookup(doc: Any, keys: tuple[str | int, ...]) -> Any:
    """The TOML item at ``keys`` (None when the file does not write it)."""
    node = doc
    for k in keys:
        try:
            node = node[k]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _parse(text: str) -> tuple[Scenario, Any]:
    """The validated scenario and its style-preserving document."""
    scenario = validate_scenario(read_toml(text, _WHERE), where=_WHERE, text=text)
    try:
        doc = tomlkit.parse(text)
    except (TOMLKitError, RecursionError, ValueError) as exc:
        raise FileFormatError(f"{_WHERE}: cannot be edited as TOML ({exc}); fix the file") from None
    return scenario, doc


def _field(spec: _Spec, doc: Any, scenario: Scenario) -> dict[str, Any]:
    lo_allowed, hi_allowed = _bounds(spec.model, spec.name)
    item = _lookup(doc, spec.keys)
    value = spec.value
    if value is None:  # perceived_resolve not given: the challenger sees the true resolve
        value = scenario.actors[scenario.crisis.defender].resolve
        lo, hi, _ = _range(value)
        source = "not written: the defender's resolve (no misperception)"
    else:
        lo, hi, source = _range(value)
        if item is None:
            source = f"not written: the default, {source}"
    return {
        "path": spec.path,
        "label": spec.label,
        "group": spec.group,
        "min": lo_allowed,
        "max": hi_allowed,
        "lo": float(lo),
        "hi": float(hi),
        "source": source,
        "toml": None if item is None else item.as_string().strip(),
    }


def judgement_fields(toml_text: str) -> list[dict[str, Any]]:
    """The judgement fields of a scenario, each as a range inside its allowed range.

    Parameters
    ----------
    toml_text : str
        Scenario TOML (as in ``scenarios/``).

    Returns
    -------
    list of dict
        In form order (see :data:`GROUPS`), one dict per field: ``path`` (dotted, as in
        error messages: ``actors.usa.resolve``, ``channels[0].quality``), ``label`` (with the
        actors' names), ``group``, ``min`` and ``max`` (the schema's allowed range), ``lo``
        and ``hi`` (the current value as a range: a number gives ``lo == hi``, a uniform
        range its ends, an expert-range word its defined range, another distribution its 5th
        and 95th percentiles), ``source`` (which of these, or that the file does not write
        the field and the default is shown) and ``toml`` (the value as written, or None).

    Raises
    ------
    FileFormatError, InputError
        The text is not a valid scenario (the loader's message, with line and field).
    """
    scenario, doc = _parse(toml_text)
    return [_field(spec, doc, scenario) for spec in _specs(scenario)]


def _number(x: float) -> float | int:
    """A value as TOML writes it: a whole number without ``.0`` only if it was given so."""
    return x + 0.0 if isinstance(x, float) else x  # -0.0 -> 0.0


def _checked(path: str, pair: Any, allowed: tuple[float, float]) -> tuple[float, float]:
    lo_a, hi_a = allowed
    rng = f"[{lo_a:g}, {hi_a:g}]"
    if (
        not isinstance(pair, list | tuple)
        or len(pair) != 2
        or any(isinstance(x, bool) or not isinstance(x, int | float) for x in pair)
    ):
        raise InputError(
            f"field {path}: expected a range [lo, hi] of two numbers in {rng}, got {pair!r}"
        )
    lo, hi = (_number(x) for x in pair)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise InputError(f"field {path}: {lo!r}, {hi!r} must be finite numbers in {rng}")
    if lo > hi:
        raise InputError(f"field {path}: lo = {lo:g} > hi = {hi:g}; give lo <= hi within {rng}")
    if lo < lo_a or hi > hi_a:
        raise InputError(
            f"field {path}: [{lo:g}, {hi:g}] is outside the allowed range {rng}; "
            f"give values in {rng}"
        )
    return lo, hi


def _toml_value(lo: float, hi: float) -> Any:
    if lo == hi:
        return tomlkit.item(lo)
    table = tomlkit.inline_table()
    table.update({"dist": "uniform", "lo": lo, "hi": hi})
    return table


def _container(doc: Any, keys: tuple[str | int, ...]) -> Any:
    node = _lookup(doc, keys[:-1])
    if node is None:  # the tables of judgement fields are required, or listed only if given
        raise InputError(f"{'.'.join(map(str, keys[:-1]))}: not found in the scenario text")
    return node


def _write(doc: Any, keys: tuple[str | int, ...], lo: float, hi: float) -> None:
    """Set one value; a trailing comment keeps its column where the new value leaves room."""
    table, key = _container(doc, keys), keys[-1]
    new = _toml_value(lo, hi)
    old = table.get(key)
    if old is not None and old.trivia.comment:
        ws = old.trivia.comment_ws
        room = len(old.as_string()) + len(ws) - len(new.as_string())
        new.trivia.comment_ws = " " * max(min(len(ws), 2), room)
        new.trivia.comment = old.trivia.comment
    table[key] = new


def set_judgements(toml_text: str, values: dict[str, Any]) -> str:
    """The scenario text with some judgements set to new ranges; the rest left as written.

    Parameters
    ----------
    toml_text : str
        Scenario TOML.
    values : dict
        Field path (as :func:`judgement_fields` names it) -> ``[lo, hi]``, inside the field's
        allowed range with ``lo <= hi``. ``lo == hi`` writes a plain number, otherwise a
        uniform range ``{dist = "uniform", lo = .., hi = ..}``. A field the file does not
        write is added to its table.

    Returns
    -------
    str
        The new TOML text: comments, key order and layout of everything else unchanged; it
        loads with :func:`~detente.scenario.load_scenario`.

    Raises
    ------
    InputError
        An unknown field path (the message lists the fields), a range that is not two finite
        numbers, ``lo > hi``, or a value outside the allowed range (named with the range);
        or the text itself is not a valid scenario.
    """
    scenario, doc = _parse(toml_text)
    specs = {s.path: s for s in _specs(scenario)}
    for path in values:
        if path not in specs:
            raise InputError(
                f"field {path!r} is not a judgement of this scenario; use one of: "
                + ", ".join(specs)
            )
    checked = {
        p: _checked(p, pair, _bounds(specs[p].model, specs[p].name)) for p, pair in values.items()
    }
    try:
        for path, (lo, hi) in checked.items():
            _write(doc, specs[path].keys, lo, hi)
        out = tomlkit.dumps(doc)
    except (TOMLKitError, KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"field {path}: cannot be rewritten in this file's layout ({exc}); edit the TOML text"
        ) from None
    reread = {f["path"]: (f["lo"], f["hi"]) for f in judgement_fields(out)}
    wrong = [p for p, v in checked.items() if reread.get(p) != v]
    if wrong:  # a layout tomlkit writes elsewhere than the loader reads (dotted keys)
        raise InputError(
            f"field {wrong[0]}: cannot be rewritten in this file's layout; edit the TOML text"
        )
    return out
