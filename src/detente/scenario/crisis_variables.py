"""Crisis inputs: the scenario's fields gathered into the quantities the mapping reads.

Each :class:`Rule` names its target, its formula in words and symbols, the scenario fields it
reads, and a vectorized function; :func:`variable_rules` lists them for one scenario in the
order they are computed, so ``detente explain`` prints exactly what the code runs.

These rules hold the scenario's *structure* (who is challenger, defender and protégé, which
alliances, channels and rivalries concern them) and no free constant: their outputs, the
*crisis inputs* of :data:`INPUTS`, have the same names for every scenario, so the inputs of
many crises can be stacked and passed at once to
:func:`detente.scenario.outcome_probabilities.outcome_probabilities`, which applies the
calibrated constants. The one exception is the nuclear cost derived from force postures: it
comes from :func:`detente.stability.crisis_parameters` (Kent & Thaler 1989), which also takes
the interceptors of a missile-defense intervention (the calibration's
``defense_interceptors``).

Sources: probability of winning from the ratio contest success function (Hirshleifer 1989);
alliance commitments (Leeds 2003); a public commitment (Fearon 1994); the challenger's
belief about resolve and what narrows misperception (Jervis 1976; Diehl & Goertz 2000);
attribution of cyber attacks (Rid & Buchanan 2015). The optional tables give the inputs of
the loss-of-control hazards (:mod:`.crisis_hazards`): the monitoring both sides are subject
to (surveillance and institutions as information, Keohane 1984), the warning system and the
launch decision window (Blair 1993), and the escalation ladder (Schelling 1960, ch. 8; Powell
1990). A scenario without them gets the neutral values of :data:`NEUTRAL_INPUTS`.

References
----------
Hirshleifer, J. (1989). Conflict and rent-seeking success functions. Public Choice 63, 101-112.
Leeds, B. A. (2003). Alliance reliability in times of war. IO 57(4), 801-827.
Fearon, J. D. (1994). Domestic political audiences and the escalation of international
disputes. APSR 88(3), 577-592.
Jervis, R. (1976). Perception and Misperception in International Politics. Princeton UP.
Diehl, P. F. & Goertz, G. (2000). War and Peace in International Rivalry. Michigan UP.
Kent, G. A. & Thaler, D. E. (1989). First-Strike Stability. RAND R-3765.
Rid, T. & Buchanan, B. (2015). Attributing cyber attacks. J. Strategic Studies 38(1-2), 4-37.
Keohane, R. O. (1984). After Hegemony. Princeton UP, ch. 6.
Blair, B. G. (1993). The Logic of Accidental Nuclear War. Brookings Institution.
Schelling, T. C. (1960). The Strategy of Conflict. Harvard UP, ch. 8.
Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge UP.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detente.errors import InputError
from detente.models.library.early_warning import REFERENCE_MINUTES
from detente.scenario.scenario_schema import INTERVENTION_KINDS, Intervention, Scenario

Env = dict[str, np.ndarray]

#: Regime codes of ``regime_c`` / ``regime_d`` (index into the audience constants).
REGIMES = ("democracy", "anocracy", "autocracy")
#: Channel kinds, each with its own quality input and weight constant.
CHANNEL_KINDS = ("hotline", "backchannel", "mediator")

#: The crisis inputs every scenario yields (name -> meaning), the same for every scenario.
INPUTS: dict[str, str] = {
    "compellence": "1 for a compellence crisis, 0 for deterrence",
    "stakes_c": "challenger's (target's) stakes",
    "stakes_d": "defender's (coercer's) stakes",
    "cost_c": "challenger's cost of a conventional war",
    "cost_d": "defender's cost of a conventional war",
    "p_win_ch": "challenger's probability of winning a war",
    "nuclear_cost_ch": "challenger's cost of a nuclear war",
    "nuclear_cost_d": "defender's cost of a nuclear war",
    "escalation_risk": "probability a war escalates to nuclear use",
    "attribution": "probability a challenge is attributed to the challenger",
    "resolve": "defender's resolve: prior probability it is a resolute type",
    "resolve_signalled": "the challenger's prior on the defender's resolve",
    "resolve_c": "challenger's resolve: its commitment to the move",
    "commitment": "strongest alliance commitment covering the target",
    "public_commitment_signal": "strongest public alliance commitment (seen by the challenger)",
    "public_commitment": "strength of the defender's public commitment",
    "regime_c": "challenger's regime: 0 democracy, 1 anocracy, 2 autocracy",
    "regime_d": "defender's regime: 0 democracy, 1 anocracy, 2 autocracy",
    **{f"quality_{k}": f"best quality of a {k} between the two" for k in CHANNEL_KINDS},
    "rivalry": "intensity of a rivalry between the two (0 if none)",
    "surveillance": "challenger's intelligence on the defender",
    "monitoring": "informativeness of the monitoring both sides are subject to: surveillance "
    "of each other's forces and institutions both belong to (0: none)",
    "false_alarm": "probability of a false warning of attack on a day without attack",
    "detection": "probability the warning system detects a real attack",
    "attack_prior": "prior probability, per day of the crisis, of a real attack",
    "alert_days": "days of heightened alert once the crisis is pressed (0: no early warning)",
    "decision_minutes": "minutes to decide whether to launch on a warning",
    "rungs": "rungs of the escalation ladder (0: no [escalation] table)",
    "risk_per_rung": "risk of losing control each rung adds",
    **{
        f"move_{k}": f"strength of a {k.replace('_', ' ')} intervention (0: none)"
        for k in INTERVENTION_KINDS
    },
}


#: Values of the optional inputs when a scenario does not give their tables: no monitoring,
#: no false warnings and no exposure to them, no ladder. With them every hazard is exactly 0
#: and the outcome probabilities are those of mapping version 2 without the tables.
NEUTRAL_INPUTS: dict[str, float] = {
    "monitoring": 0.0,
    "false_alarm": 0.0,
    "detection": 1.0,
    "attack_prior": 0.0,
    "alert_days": 0.0,
    "decision_minutes": REFERENCE_MINUTES,
    "rungs": 0.0,
    "risk_per_rung": 0.0,
    "move_de_alerting": 0.0,
    "move_data_exchange": 0.0,
    "move_crisis_management": 0.0,
}

#: The table each intervention kind needs in a scenario (it acts on that table's fields).
NEEDS = {
    "de_alerting": ("technology.early_warning", "[technology.early_warning]"),
    "crisis_management": ("escalation", "[escalation]"),
}


@dataclass(frozen=True)
class Rule:
    """One documented formula: ``target = fn(env)``.

    Attributes
    ----------
    target : str
        Variable (or model parameter) it sets.
    formula : str
        The formula as printed by ``detente explain``.
    fields : tuple of str
        Scenario fields (dotted paths), crisis inputs, earlier variables or constants it reads.
    fn : callable
        ``fn(env) -> ndarray``, vectorized over the draws.
    source : str
        Where the formula comes from.
    """

    target: str
    formula: str
    fields: tuple[str, ...]
    fn: Callable[[Env], np.ndarray] = field(repr=False)
    source: str = ""


def _field(target: str, path: str, source: str = "scenario field") -> Rule:
    return Rule(target, path, (path,), lambda e: e[path], source)


def _const(target: str, value: float, why: str) -> Rule:
    return Rule(target, f"{value:g} ({why})", (), lambda e: np.asarray(value), why)


def variable_rules(
    scenario: Scenario,
    moves: list[Intervention] | None = None,
    defense_interceptors: float = 0.0,
) -> list[Rule]:
    """The crisis inputs of ``scenario`` (see :data:`INPUTS`), in evaluation order.

    ``moves`` set the ``move_*`` inputs; ``defense_interceptors`` (a calibration constant) is
    what a full-strength missile-defense move adds to the posture bridge.
    """
    c, d, p = scenario.crisis.challenger, scenario.crisis.defender, scenario.crisis.protege
    A = "actors"
    rules: list[Rule] = [
        _const(
            "compellence",
            1.0 if scenario.crisis.kind == "compellence" else 0.0,
            f"crisis.kind = {scenario.crisis.kind}",
        ),
        _field("stakes_c", f"{A}.{c}.stakes"),
        _field("stakes_d", f"{A}.{d}.stakes"),
        _field("cost_c", f"{A}.{c}.cost_of_war"),
        _field("cost_d", f"{A}.{d}.cost_of_war"),
    ]
    caps = [f"{A}.{d}.capability"] + ([f"{A}.{p}.capability"] if p else [])
    cap_c = f"{A}.{c}.capability"
    rules.append(
        Rule(
            "p_win_ch",
            f"{cap_c} / ({cap_c} + " + " + ".join(caps) + ")",
            (cap_c, *caps),
            lambda e: e[cap_c] / (e[cap_c] + sum(e[k] for k in caps)),
            "ratio contest success function (Hirshleifer 1989)",
        )
    )
    interceptors = defense_interceptors * move_strengths(moves)["missile_defense"]
    bridge = _bridge_cost(scenario, defense=interceptors)
    if bridge is not None:
        value, text = bridge
        rules.append(
            Rule(
                "nuclear_cost_ch",
                text,
                (f"{A}.{c}.posture", f"{A}.{d}.posture"),
                lambda e, v=value: np.asarray(v),
                "Kent & Thaler (1989) via detente.stability.crisis_parameters",
            )
        )
    else:
        rules.append(_field("nuclear_cost_ch", f"{A}.{c}.nuclear_war_cost"))
    rules += [
        _field("nuclear_cost_d", f"{A}.{d}.nuclear_war_cost"),
        _field("escalation_risk", "crisis.escalation_risk"),
        _field(
            "attribution",
            "crisis.attribution",
            "punishment needs attribution (Rid & Buchanan 2015)",
        ),
        _field("resolve", f"{A}.{d}.resolve", "analyst's prior on a resolute defender"),
        _field("resolve_c", f"{A}.{c}.resolve", "the challenger's commitment to its move"),
    ]
    pr = "crisis.perceived_resolve" if scenario.crisis.perceived_resolve is not None else None
    rules.append(
        _field("resolve_signalled", pr, "the challenger's prior (Jervis 1976)")
        if pr
        else Rule(
            "resolve_signalled",
            "resolve (no perceived_resolve: the challenger's prior is the truth)",
            ("resolve",),
            lambda e: e["resolve"],
        )
    )
    target = p or d
    allied = (
        [i for i, a in enumerate(scenario.alliances) if a.patron == d and a.protege == target]
        if p
        else [i for i, a in enumerate(scenario.alliances) if a.protege == d]
    )
    keys = [f"alliances[{i}].commitment" for i in allied]
    pub_keys = [k for k, i in zip(keys, allied, strict=True) if scenario.alliances[i].public]
    rules += [
        Rule(
            "commitment",
            ("max(" + ", ".join(keys) + ")") if keys else "0 (no alliance covers the target)",
            tuple(keys),
            lambda e: _max_of([e[k] for k in keys]),
            "alliance commitments (Leeds 2003)",
        ),
        Rule(
            "public_commitment_signal",
            ("max(" + ", ".join(pub_keys) + ")") if pub_keys else "0 (no public alliance)",
            tuple(pub_keys),
            lambda e: _max_of([e[k] for k in pub_keys]),
            "only public commitments are seen by the challenger",
        ),
        _field("public_commitment", "crisis.public_commitment", "audience costs (Fearon 1994)"),
        _const("regime_c", REGIMES.index(scenario.actors[c].regime), scenario.actors[c].regime),
        _const("regime_d", REGIMES.index(scenario.actors[d].regime), scenario.actors[d].regime),
    ]
    for kind in CHANNEL_KINDS:
        qk = [
            f"channels[{i}].quality"
            for i, ch in enumerate(scenario.channels)
            if set(ch.between) == {c, d} and ch.kind == kind
        ]
        rules.append(
            Rule(
                f"quality_{kind}",
                ("max(" + ", ".join(qk) + ")") if qk else f"0 (no {kind})",
                tuple(qk),
                lambda e, qk=qk: _max_of([e[k] for k in qk]),
                "communication narrows misperception (Jervis 1976)",
            )
        )
    rivals = [
        f"rivalries[{i}].intensity"
        for i, r in enumerate(scenario.rivalries)
        if set(r.between) == {c, d}
    ]
    rules.append(
        Rule(
            "rivalry",
            ("max(" + ", ".join(rivals) + ")") if rivals else "0 (no rivalry)",
            tuple(rivals),
            lambda e: _max_of([e[k] for k in rivals]),
            "rivalries cloud perception (Diehl & Goertz 2000)",
        )
    )
    rules.append(_field("surveillance", f"{A}.{c}.surveillance"))
    rules += _optional_rules(scenario)
    check_moves(scenario, moves)
    strengths = move_strengths(moves)
    for kind in INTERVENTION_KINDS:
        s = strengths[kind]
        rules.append(
            _const(f"move_{kind}", s, f"{kind} intervention" if s else f"no {kind} intervention")
        )
    return rules


def _optional_rules(scenario: Scenario) -> list[Rule]:
    """Inputs of the optional tables (technology, institutions, escalation), or neutral ones."""
    c, d = scenario.crisis.challenger, scenario.crisis.defender
    tech, ladder = scenario.technology, scenario.escalation
    shared = [
        f"institutions[{i}].monitoring"
        for i, inst in enumerate(scenario.institutions)
        if {c, d} <= set(inst.members)
    ]
    sources = (["technology.surveillance"] if tech is not None else []) + (
        ["max(" + ", ".join(shared) + ")"] if shared else []
    )

    def monitoring(e: Env) -> np.ndarray:
        # independent sources: 1 - prod(1 - m_i), written a + b (1 - a) so that a missing
        # source adds exactly 0
        out = np.asarray(e["technology.surveillance"]) if tech is not None else np.asarray(0.0)
        inst = _max_of([e[k] for k in shared])
        return out + inst * (1 - out)

    rules = [
        Rule(
            "monitoring",
            "1 - " + " ".join(f"(1 - {k})" for k in sources) if sources else "0 (no monitoring)",
            (*(["technology.surveillance"] if tech is not None else []), *shared),
            monitoring,
            "institutions and surveillance as information (Keohane 1984, ch. 6); only "
            "institutions both crisis actors belong to",
        )
    ]
    warn = tech.early_warning if tech is not None else None
    if warn is not None:
        t = "technology"
        rules += [
            _field("false_alarm", f"{t}.early_warning.false_alarm_rate"),
            _field("detection", f"{t}.early_warning.detection"),
            _field("attack_prior", f"{t}.early_warning.attack_prior"),
            _field("alert_days", f"{t}.early_warning.alert_days"),
            _field("decision_minutes", f"{t}.decision_time_minutes"),
        ]
    else:
        why = "no [technology.early_warning]"
        rules += [
            _const(k, NEUTRAL_INPUTS[k], why)
            for k in ("false_alarm", "detection", "attack_prior", "alert_days", "decision_minutes")
        ]
    if ladder is not None:
        rules += [
            _const("rungs", float(ladder.rungs), "escalation.rungs"),
            _field("risk_per_rung", "escalation.risk_per_rung"),
        ]
    else:
        rules += [
            _const(k, NEUTRAL_INPUTS[k], "no [escalation]") for k in ("rungs", "risk_per_rung")
        ]
    return rules


def check_moves(scenario: Scenario, moves: list[Intervention] | None) -> None:
    """Refuse an intervention whose table the scenario lacks (it would change nothing).

    Raises
    ------
    InputError
        Names the intervention, the table it acts on and the fix.
    """
    for m in moves or []:
        if m.kind not in NEEDS:
            continue
        path, table = NEEDS[m.kind]
        node: object = scenario
        for part in path.split("."):
            node = getattr(node, part, None) if node is not None else None
        if node is None:
            raise InputError(
                f"intervention {m.kind}: it acts on {table}, which scenario "
                f"{scenario.name!r} does not give; add {table} (docs/scenarios.md) or drop "
                "the intervention"
            )


def move_strengths(moves: list[Intervention] | None) -> dict[str, float]:
    """Kind -> strength of the strongest intervention of that kind (0 if none)."""
    out = dict.fromkeys(INTERVENTION_KINDS, 0.0)
    for m in moves or []:
        out[m.kind] = max(out[m.kind], float(m.strength))
    return out


def crisis_inputs(
    scenario: Scenario,
    values: Env,
    moves: list[Intervention] | None = None,
    defense_interceptors: float = 0.0,
) -> Env:
    """Sampled field values -> the crisis inputs of :data:`INPUTS` (arrays over the draws).

    Parameters
    ----------
    scenario : Scenario
    values : dict
        Field values by dotted path (arrays over the draws, or scalars).
    moves : list of Intervention, optional
        Interventions; their strengths become the ``move_*`` inputs.
    defense_interceptors : float
        Interceptors of a full-strength missile-defense move (a calibration constant); only
        used to re-derive the nuclear cost from force postures.
    """
    env: Env = dict(values)
    for rule in variable_rules(scenario, moves, defense_interceptors):
        env[rule.target] = np.asarray(rule.fn(env), dtype=float)
    return {k: env[k] for k in INPUTS} | {k: v for k, v in env.items() if k not in INPUTS}


def _max_of(arrays: list[np.ndarray]) -> np.ndarray:
    """Elementwise maximum of broadcastable arrays (0 for an empty list)."""
    out = np.asarray(0.0)
    for a in arrays:
        out = np.maximum(out, a)
    return out


_BRIDGE_CACHE: dict[tuple[str, str, float], float] = {}


def _posture_ref(scenario: Scenario, key: str) -> str | None:
    ref = scenario.actors[key].posture
    if ref is None:
        return None
    folder = scenario.folder
    if folder is not None and (Path(folder) / ref).is_file():
        return str(Path(folder) / ref)
    return ref


def _bridge_cost(scenario: Scenario, defense: float = 0.0) -> tuple[float, str] | None:
    """Challenger's cost of nuclear war from both postures, or None without postures."""
    c, d = scenario.crisis.challenger, scenario.crisis.defender
    pc, pd = _posture_ref(scenario, c), _posture_ref(scenario, d)
    if pc is None or pd is None:
        return None
    interceptors = defense + scenario.actors[d].missile_defense
    key = (pc, pd, interceptors)
    if key not in _BRIDGE_CACHE:
        from detente.stability import MissileDefense, crisis_parameters, load_posture

        try:
            out = crisis_parameters(
                load_posture(pc),
                load_posture(pd),
                defense_b=MissileDefense(interceptors=interceptors) if interceptors else None,
            )
        except InputError as exc:
            raise InputError(f"actors.{c}.posture / actors.{d}.posture: {exc}") from None
        _BRIDGE_CACHE[key] = min(float(out["cost_of_war_a"] or 0.0), 2.0)
    text = f"crisis_parameters({pc!r}, {pd!r}"
    text += f", interceptors={interceptors:g}).cost_of_war_a" if interceptors else ").cost_of_war_a"
    return _BRIDGE_CACHE[key], f"{text} = {_BRIDGE_CACHE[key]:.3f}"
