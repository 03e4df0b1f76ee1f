"""Crisis variables: documented formulas from scenario fields to the quantities models take.

Each :class:`Rule` names its target, its formula in words and symbols, the scenario fields it
reads, and a vectorized function; :func:`variable_rules` lists them for one scenario in the
order they are computed, so ``detente explain`` prints exactly what the code runs. The
formulas are modelling choices (stated in every report); their sources:

* probability of winning, ratio contest success function: Hirshleifer (1989);
* expected value of war (stakes x P(win) - costs): Fearon (1995);
* tying hands by alliances and audience costs: Fearon (1994, 1997); Leeds (2003) finds
  alliance commitments honoured about three times in four; audience costs are larger in
  democracies but present in many autocracies (Weeks 2008);
* misperception narrowed by communication and intelligence: Jervis (1976), ch. 3;
  rivalries cloud perception: Diehl & Goertz (2000);
* nuclear costs from force postures through :func:`detente.stability.crisis_parameters`
  (Kent & Thaler 1989);
* cyber deterrence by punishment needs attribution: Rid & Buchanan (2015).

References
----------
Fearon, J. D. (1994). Domestic political audiences and the escalation of international
disputes. APSR 88(3), 577-592.
Fearon, J. D. (1995). Rationalist explanations for war. IO 49(3), 379-414.
Fearon, J. D. (1997). Signaling foreign policy interests: tying hands versus sinking costs.
JCR 41(1), 68-90.
Leeds, B. A. (2003). Alliance reliability in times of war. IO 57(4), 801-827.
Weeks, J. L. (2008). Autocratic audience costs. IO 62(1), 35-64.
Jervis, R. (1976). Perception and Misperception in International Politics. Princeton UP.
Diehl, P. F. & Goertz, G. (2000). War and Peace in International Rivalry. Michigan UP.
Hirshleifer, J. (1989). Conflict and rent-seeking success functions. Public Choice 63, 101-112.
Kent, G. A. & Thaler, D. E. (1989). First-Strike Stability. RAND R-3765.
Rid, T. & Buchanan, B. (2015). Attributing cyber attacks. J. Strategic Studies 38(1-2), 4-37.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detente.errors import InputError
from detente.scenario.scenario_schema import Intervention, Scenario

Env = dict[str, np.ndarray]

#: Share of non-resolute defenders a full alliance commitment turns into fighters (tying hands).
ALLIANCE_TIE = 0.6
#: Audience-cost factor of a public commitment by regime type.
AUDIENCE = {"democracy": 0.8, "anocracy": 0.5, "autocracy": 0.4}
#: Weight of each channel kind in clarity.
CHANNEL_WEIGHT = {"hotline": 1.0, "backchannel": 0.8, "mediator": 0.6}
#: Interceptors a full-strength missile-defense intervention deploys (bridge input).
DEFENSE_INTERCEPTORS = 400.0


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
        Scenario fields (dotted paths) or earlier variables it reads.
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


def variable_rules(scenario: Scenario) -> list[Rule]:
    """The crisis variables of ``scenario``, in evaluation order."""
    c, d, p = scenario.crisis.challenger, scenario.crisis.defender, scenario.crisis.protege
    A = "actors"
    rules: list[Rule] = []
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
    nuc = f"{A}.{c}.nuclear_war_cost"
    bridge = _bridge_cost(scenario)
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
        rules.append(Rule("nuclear_cost_ch", nuc, (nuc,), lambda e: e[nuc], "scenario field"))
    esc = "crisis.escalation_risk"
    rules.append(Rule("escalation_risk", esc, (esc,), lambda e: e[esc], "scenario field"))
    st, cw = f"{A}.{c}.stakes", f"{A}.{c}.cost_of_war"
    rules.append(
        Rule(
            "war_payoff_ch",
            f"p_win_ch * {st} - {cw} - escalation_risk * nuclear_cost_ch",
            ("p_win_ch", st, cw, "escalation_risk", "nuclear_cost_ch"),
            lambda e: e["p_win_ch"] * e[st] - e[cw] - e["escalation_risk"] * e["nuclear_cost_ch"],
            "expected value of war (Fearon 1995)",
        )
    )
    target = p or d
    allied = (
        [i for i, a in enumerate(scenario.alliances) if a.patron == d and a.protege == target]
        if p
        else [i for i, a in enumerate(scenario.alliances) if a.protege == d]
    )
    keys = [f"alliances[{i}].commitment" for i in allied]
    pub = [scenario.alliances[i].public for i in allied]
    rules.append(
        Rule(
            "commitment",
            ("max(" + ", ".join(keys) + ")") if keys else "0 (no alliance covers the target)",
            tuple(keys),
            lambda e: _max_of([e[k] for k in keys]),
            "alliance commitments (Leeds 2003)",
        )
    )
    pub_keys = [k for k, x in zip(keys, pub, strict=True) if x]
    rules.append(
        Rule(
            "public_commitment_signal",
            ("max(" + ", ".join(pub_keys) + ")") if pub_keys else "0 (no public alliance)",
            tuple(pub_keys),
            lambda e: _max_of([e[k] for k in pub_keys]),
            "only public commitments are seen by the challenger",
        )
    )
    pc = "crisis.public_commitment"
    regime = scenario.actors[d].regime
    aud = AUDIENCE[regime]
    rules.append(Rule("public_commitment", pc, (pc,), lambda e: e[pc], "scenario field"))
    rd = f"{A}.{d}.resolve"
    rules.append(
        Rule(
            "resolve_true",
            f"1 - (1 - {rd}) (1 - {ALLIANCE_TIE} commitment) (1 - {aud} public_commitment)",
            (rd, "commitment", "public_commitment", f"{A}.{d}.regime"),
            lambda e: (
                1
                - (1 - e[rd])
                * (1 - ALLIANCE_TIE * e["commitment"])
                * (1 - aud * e["public_commitment"])
            ),
            f"tying hands (Fearon 1997); audience costs of a {regime} (Fearon 1994; Weeks 2008)",
        )
    )
    pr = "crisis.perceived_resolve" if scenario.crisis.perceived_resolve is not None else rd
    rules.append(
        Rule(
            "resolve_signalled",
            f"1 - (1 - {pr}) (1 - {ALLIANCE_TIE} public_commitment_signal) "
            f"(1 - {aud} public_commitment)",
            (pr, "public_commitment_signal", "public_commitment"),
            lambda e: (
                1
                - (1 - e[pr])
                * (1 - ALLIANCE_TIE * e["public_commitment_signal"])
                * (1 - aud * e["public_commitment"])
            ),
            "the challenger's belief, moved by public commitments",
        )
    )
    chans = [(i, ch) for i, ch in enumerate(scenario.channels) if set(ch.between) == {c, d}]
    rivals = [
        f"rivalries[{i}].intensity"
        for i, r in enumerate(scenario.rivalries)
        if set(r.between) == {c, d}
    ]
    qk = [(f"channels[{i}].quality", CHANNEL_WEIGHT[ch.kind]) for i, ch in chans]
    sv = f"{A}.{c}.surveillance"
    rv = rivals[0] if rivals else None
    rules.append(
        Rule(
            "clarity",
            "1 - (1 - max_k(w_k quality_k)"
            + (f" (1 - 0.5 {rv})" if rv else "")
            + f") (1 - 0.5 {sv})",
            (*(k for k, _ in qk), sv, *([rv] if rv else [])),
            lambda e: (
                1
                - (1 - _max_of([w * e[k] for k, w in qk]) * (1 - 0.5 * (e[rv] if rv else 0.0)))
                * (1 - 0.5 * e[sv])
            ),
            "communication narrows misperception (Jervis 1976); rivalry clouds it "
            "(Diehl & Goertz 2000)",
        )
    )
    rules.append(
        Rule(
            "resolve_perceived",
            "resolve_true + (resolve_signalled - resolve_true) (1 - clarity)",
            ("resolve_true", "resolve_signalled", "clarity"),
            lambda e: (
                e["resolve_true"]
                + (e["resolve_signalled"] - e["resolve_true"]) * (1 - e["clarity"])
            ),
            "misperception gap shrinks with clarity",
        )
    )
    at = "crisis.attribution"
    rules.append(
        Rule(
            "credibility_true",
            f"resolve_true * {at}",
            ("resolve_true", at),
            lambda e: e["resolve_true"] * e[at],
            "punishment needs attribution (Rid & Buchanan 2015)",
        )
    )
    rules.append(
        Rule(
            "credibility_perceived",
            f"resolve_perceived * {at}",
            ("resolve_perceived", at),
            lambda e: e["resolve_perceived"] * e[at],
            "the credibility the challenger acts on",
        )
    )
    return rules


def intervention_rules(scenario: Scenario, move: Intervention) -> list[Rule]:
    """Overrides an intervention applies to crisis variables (after each is computed)."""
    s = move.strength
    kind = move.kind
    if kind == "alliance":
        return [
            _raise_to("commitment", s, "a new or strengthened alliance"),
            _raise_to("public_commitment_signal", s, "declared publicly"),
        ]
    if kind == "hotline":
        return [
            Rule(
                "clarity",
                f"1 - (1 - clarity) (1 - {s:g})",
                ("clarity",),
                lambda e: 1 - (1 - e["clarity"]) * (1 - s),
                "a direct channel (hotline)",
            )
        ]
    if kind == "public_commitment":
        return [_raise_to("public_commitment", s, "audience costs (Fearon 1994)")]
    if kind == "missile_defense":
        rules = [
            Rule(
                "p_win_ch",
                f"p_win_ch (1 - 0.25 x {s:g})",
                ("p_win_ch",),
                lambda e: e["p_win_ch"] * (1 - 0.25 * s),
                "denial: defenses blunt the challenger's strikes (approximate)",
            ),
            Rule(
                "resolve_true",
                f"1 - (1 - resolve_true) (1 - 0.25 x {s:g})",
                ("resolve_true",),
                lambda e: 1 - (1 - e["resolve_true"]) * (1 - 0.25 * s),
                "a defended defender risks less by standing firm (approximate)",
            ),
        ]
        bridge = _bridge_cost(scenario, defense=DEFENSE_INTERCEPTORS * s)
        if bridge is not None:
            value, text = bridge
            rules.append(
                Rule(
                    "nuclear_cost_ch",
                    text,
                    ("nuclear_cost_ch",),
                    lambda e, v=value: np.broadcast_to(v, np.shape(e["nuclear_cost_ch"])),
                    "Kent & Thaler (1989) with the defender's interceptors",
                )
            )
        return rules
    # arms control
    return [
        Rule(
            "escalation_risk",
            f"escalation_risk (1 - 0.5 x {s:g})",
            ("escalation_risk",),
            lambda e: e["escalation_risk"] * (1 - 0.5 * s),
            "limits and verification lower first-strike incentives (approximate)",
        )
    ]


def _raise_to(name: str, level: float, why: str) -> Rule:
    """A rule that raises variable ``name`` to at least ``level`` (an intervention's floor)."""
    return Rule(
        name,
        f"max({name}, {level:g})",
        (name,),
        lambda e: np.maximum(e[name], level),
        why,
    )


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


def evaluate_variables(
    scenario: Scenario, values: Env, moves: list[Intervention] | None = None
) -> Env:
    """Sampled field values -> every crisis variable (arrays over the draws)."""
    overrides: dict[str, list[Rule]] = {}
    for move in moves or []:
        for r in intervention_rules(scenario, move):
            overrides.setdefault(r.target, []).append(r)
    env: Env = dict(values)
    for rule in variable_rules(scenario):
        env[rule.target] = np.asarray(rule.fn(env), dtype=float)
        for r in overrides.get(rule.target, []):
            env[rule.target] = np.asarray(r.fn(env), dtype=float)
    return env
