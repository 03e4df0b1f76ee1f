"""Which registered models a scenario compiles to, and how each parameter is set.

A :class:`ModelMapping` says when a model applies to a scenario and gives one :class:`Rule`
per model parameter (a formula over crisis variables and scenario fields). Compilation uses
only mappings whose model is registered (:func:`detente.models.available`), so a model added
to the library later joins the analysis as soon as its mapping is written here; registered
models without a mapping are listed by ``detente explain`` as "not mapped".

The primary model (``crisis_deterrence`` or ``crisis_compellence``, by ``crisis.kind``)
defines the scenario's outcome probabilities; its parameters are the payoff formulas of
:mod:`detente.scenario.outcome_probabilities` (with the calibration's constants). The other
models are *secondary* lenses on the same draws: they are reported side by side, do not change
the outcome probabilities, and their mappings keep their own fixed, stated multipliers (not
calibration constants).

Values are clipped to each parameter's allowed range (the model's own schema).

References
----------
Zagare, F. C. & Kilgour, D. M. (2000). Perfect Deterrence. Cambridge UP (unilateral, mutual
and extended deterrence games).
Fearon, J. D. (1995). Rationalist explanations for war. IO 49(3), 379-414 (bargaining).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from detente.scenario.crisis_variables import Env, Rule
from detente.scenario.scenario_schema import Scenario


@dataclass(frozen=True)
class ModelMapping:
    """How a scenario maps onto one registered model.

    Attributes
    ----------
    model : str
        Registry name.
    applies : callable
        ``applies(scenario) -> (bool, reason)``.
    rules : callable
        ``rules(scenario) -> list[Rule]``, one per parameter the scenario sets (others keep
        the model's defaults).
    method : str
        Engine method used for the batch.
    primary : bool
        The model whose outcome defines the scenario's outcome probabilities.
    max_draws : int or None
        Solve at most this many draws (the first ones: the draws are independent, so they are
        a random subsample); for slow fixed-point methods such as QRE.
    batch : int or None
        Solve at most this many draws per engine call (methods whose memory per draw is
        large, such as PBE enumeration of many pure profiles); None: the analysis's block.
    options : dict
        Engine options for the batch (e.g. QRE tolerance).
    """

    model: str
    applies: Callable[[Scenario], tuple[bool, str]]
    rules: Callable[[Scenario], list[Rule]]
    method: str = "spe"
    primary: bool = False
    max_draws: int | None = None
    batch: int | None = None
    options: dict = field(default_factory=dict)


def _v(name: str) -> Callable[[Env], np.ndarray]:
    return lambda e: e[name]


def _const(x: float) -> Callable[[Env], np.ndarray]:
    return lambda e: np.asarray(x)


def _copy(target: str, source: str) -> Rule:
    return Rule(target, source, (source,), _v(source))


def _primary(s: Scenario) -> list[Rule]:
    """The primary game's parameters: the payoff formulas of the mapping's kernel (those
    after a press exposed to the loss-of-control hazards, :mod:`.crisis_hazards`)."""
    from detente.scenario.crisis_hazards import EXPOSURE_RULES
    from detente.scenario.outcome_probabilities import GAME_VARIABLES, PAYOFF_RULES

    names = set(dm_specs(s))
    rules = {r.target: r for r in (*PAYOFF_RULES, *EXPOSURE_RULES)}
    return [
        Rule(k, rules[v].formula, rules[v].fields, _v(v), rules[v].source)
        for k, v in GAME_VARIABLES.items()
        if k in names
    ]


def dm_specs(s: Scenario) -> dict:
    """Parameter specs of the scenario's primary model."""
    import detente.models as dm

    return dm.get(primary_model(s)).specs()


def primary_model(s: Scenario) -> str:
    """The registered model whose outcome defines the scenario's outcome probabilities."""
    return "crisis_compellence" if s.crisis.kind == "compellence" else "crisis_deterrence"


def _unilateral(s: Scenario) -> list[Rule]:
    return [
        _copy("s_ch", "yield_c"),
        _copy("a_ch", "win_c"),
        _copy("d_ch", "war_payoff_ch"),
        _copy("p_def", "resolve_perceived"),
        _copy("s_def", "held_h"),
        _copy("c_def", "concede_h_seen"),
        _copy("d_def_hard", "war_payoff_d"),
        Rule(
            "d_def_soft",
            "war_s - r nuclear_d - concede_s_seen + concede_h_seen (the irresolute type's war "
            "payoff relative to its own concession)",
            ("war_s", "r", "nuclear_d", "concede_s_seen", "concede_h_seen"),
            lambda e: (
                e["war_s"] - e["r"] * e["nuclear_d"] - e["concede_s_seen"] + e["concede_h_seen"]
            ),
        ),
    ]


def _extended(s: Scenario) -> list[Rule]:
    c, d, p = s.crisis.challenger, s.crisis.defender, s.crisis.protege or ""
    A = "actors"
    cap = {k: f"{A}.{k}.capability" for k in (c, d, p)}
    return [
        Rule(
            "commitment",
            "2 commitment_eff (1 + public_commitment_eff)",
            ("commitment_eff", "public_commitment_eff"),
            lambda e: 2 * e["commitment_eff"] * (1 + e["public_commitment_eff"]),
        ),
        Rule(
            "protege_strength",
            f"{cap[p]} / {cap[c]}",
            (cap[p], cap[c]),
            lambda e: e[cap[p]] / e[cap[c]],
        ),
        Rule(
            "defender_strength",
            f"{cap[d]} / {cap[c]}",
            (cap[d], cap[c]),
            lambda e: e[cap[d]] / e[cap[c]],
        ),
        _copy("v_a", "stakes_c"),
        _copy("v_d", "stakes_d"),
        Rule(
            "c_a",
            "cost_c + r nuclear_cost_ch",
            ("cost_c", "r", "nuclear_cost_ch"),
            lambda e: e["cost_c"] + e["r"] * e["nuclear_cost_ch"],
        ),
        Rule(
            "c_d",
            "cost_d + r nuclear_d",
            ("cost_d", "r", "nuclear_d"),
            lambda e: e["cost_d"] + e["r"] * e["nuclear_d"],
        ),
    ]


def _mutual(s: Scenario) -> list[Rule]:
    c = s.crisis.challenger
    return [
        Rule("p_a", f"actors.{c}.resolve", (f"actors.{c}.resolve",), _v(f"actors.{c}.resolve")),
        _copy("p_b", "credibility_believed"),
        _copy("a_a", "stakes_c"),
        _copy("d_a", "war_payoff_ch"),
        _copy("a_b", "stakes_d"),
        _copy("d_b", "war_payoff_d"),
    ]


def _bargaining(s: Scenario) -> list[Rule]:
    return [
        _copy("p", "p_win"),
        Rule(
            "c_a",
            "(cost_c + r nuclear_cost_ch) / 2",
            ("cost_c", "r", "nuclear_cost_ch"),
            lambda e: (e["cost_c"] + e["r"] * e["nuclear_cost_ch"]) / 2,
        ),
        Rule(
            "cbar",
            "(cost_d + r nuclear_d) / 2",
            ("cost_d", "r", "nuclear_d"),
            lambda e: (e["cost_d"] + e["r"] * e["nuclear_d"]) / 2,
        ),
    ]


def _cyber(s: Scenario) -> list[Rule]:
    c, d = s.crisis.challenger, s.crisis.defender
    sv = f"actors.{d}.surveillance"
    return [
        Rule(
            "pi_detect",
            "0.5 + 0.5 attribution",
            ("attribution",),
            lambda e: 0.5 + 0.5 * e["attribution"],
        ),
        Rule("pi_false", f"0.25 (1 - {sv})", (sv,), lambda e: 0.25 * (1 - e[sv])),
        Rule("k", "3 resolve", ("resolve",), lambda e: 3 * e["resolve"]),
        Rule("gamma", f"actors.{c}.cyber", (f"actors.{c}.cyber",), _v(f"actors.{c}.cyber")),
        _copy("mu_x", "stakes_c"),
        _copy("mu_y", "cost_d"),
    ]


def _misperception(s: Scenario) -> list[Rule]:
    rules = [r for r in _unilateral(s) if r.target != "p_def"]
    return [
        *rules,
        _copy("p_def", "resolve"),
        Rule(
            "perception_sd",
            "max(0.001, |resolve_perceived - resolve|)",
            ("resolve_perceived", "resolve"),
            lambda e: np.maximum(0.001, np.abs(e["resolve_perceived"] - e["resolve"])),
        ),
    ]


def _brinkmanship(s: Scenario) -> list[Rule]:
    return [
        _copy("v_c", "stakes_c"),
        Rule("d_c", "5 nuclear_cost_ch", ("nuclear_cost_ch",), lambda e: 5 * e["nuclear_cost_ch"]),
        Rule("v_d_hard", "3 stakes_d", ("stakes_d",), lambda e: 3 * e["stakes_d"]),
        Rule("v_d_soft", "0.3 stakes_d", ("stakes_d",), lambda e: 0.3 * e["stakes_d"]),
        Rule("d_d", "5 nuclear_d", ("nuclear_d",), lambda e: 5 * e["nuclear_d"]),
        _copy("p_hard", "credibility_believed"),
        Rule("rho_1", "0.25 r", ("r",), lambda e: 0.25 * e["r"]),
        _copy("rho_2", "r"),
        Rule("rho_3", "min(2.5 r, 0.99)", ("r",), lambda e: 2.5 * e["r"]),
        Rule("misperception", "1 - clarity", ("clarity",), lambda e: 1 - e["clarity"]),
        _copy("hotline", "clarity"),
    ]


def _audience(s: Scenario) -> list[Rule]:
    c = s.crisis.challenger
    rc = f"actors.{c}.resolve"
    return [
        Rule(
            "a",
            "1.5 audience_d public_commitment_eff",
            ("audience_d", "public_commitment_eff"),
            lambda e: 1.5 * e["audience_d"] * e["public_commitment_eff"],
        ),
        _copy("v_high", "stakes_d"),
        Rule("v_low", "0.1 stakes_d", ("stakes_d",), lambda e: 0.1 * e["stakes_d"]),
        _copy("p_high", "resolve_perceived"),
        _copy("c_d", "cost_d"),
        _copy("c_c", "cost_c"),
        Rule("theta", rc, (rc,), _v(rc)),
    ]


def _reputation(s: Scenario) -> list[Rule]:
    c = s.crisis.challenger
    rc = f"actors.{c}.resolve"
    return [
        Rule("theta", rc, (rc,), _v(rc)),
        _copy("p", "resolve"),
        _copy("c_s", "cost_d"),
        _copy("c_c", "cost_c"),
    ]


def _spiral(s: Scenario) -> list[Rule]:
    return [Rule("pi", "1 - rivalry", ("rivalry",), lambda e: 1 - e["rivalry"])]


def _crisis_2x2(s: Scenario) -> list[Rule]:
    return [
        Rule("r_cc", "0 (compromise: the status quo)", (), _const(0.0)),
        Rule("r_cd", "-stakes_c (row backs down)", ("stakes_c",), lambda e: -e["stakes_c"]),
        _copy("r_dc", "stakes_c"),
        _copy("r_dd", "war_payoff_ch"),
        Rule("c_cc", "0", (), _const(0.0)),
        _copy("c_cd", "stakes_d"),
        Rule("c_dc", "-stakes_d (column backs down)", ("stakes_d",), lambda e: -e["stakes_d"]),
        _copy("c_dd", "war_payoff_d"),
    ]


def _ladder(s: Scenario) -> list[Rule]:
    """The escalation ladder (Powell 1987, 1990), the side that climbs first and the side
    whose resolve is private by the crisis kind.

    Deterrence: the challenger climbs; the defender's resolve is private, with the
    challenger's belief ``resolve_perceived`` as the prior. Compellence: the coercer (the
    defender) climbs to compel (Cuba: the quarantine was the first rung); the target's
    commitment ``resolve_c`` is the prior that it is resolute. Stakes and costs of war (with
    the escalation risk) are in units of the holder's stake; the resolute holder's cost comes
    from its stakes, the irresolute one's from ``irresolute_share`` of them (read as
    ``value_s / stakes_d``), clipped to the ladder's types (below 1, above 1).
    """
    comp = s.crisis.kind == "compellence"
    side = {
        "climber": ("stakes_d", "cost_d", "nuclear_d")
        if comp
        else ("stakes_c", "cost_c", "nuclear_cost_ch"),
        "holder": ("stakes_c", "cost_c", "nuclear_cost_ch")
        if comp
        else ("stakes_d", "cost_d", "nuclear_d"),
    }
    (v_up, c_up, n_up), (v_hold, c_hold, n_hold) = side["climber"], side["holder"]

    def per_hold(target: str, formula: str, reads: tuple[str, ...], fn, share: bool = False):
        unit = f"(value_s / stakes_d) {v_hold}" if share else v_hold
        extra = ("value_s", "stakes_d") if share else ()

        def value(e: Env) -> np.ndarray:
            stake = e[v_hold]
            if share:
                stake = stake * e["value_s"] / np.maximum(e["stakes_d"], 1e-9)
            return fn(e) / np.maximum(stake, 1e-9)

        return Rule(target, f"({formula}) / ({unit})", (*reads, v_hold, *extra), value)

    def war_cost(cost: str, nuclear: str):
        return (
            f"{cost} + r {nuclear}",
            (cost, "r", nuclear),
            lambda e: e[cost] + e["r"] * e[nuclear],
        )

    prior = "resolve_c" if comp else "resolve_perceived"
    return [
        _copy("p_resolute", prior),
        _copy("risk", "risk_per_rung_eff"),
        _copy("rungs", "rungs"),
        per_hold("v_c", v_up, (v_up,), lambda e: e[v_up]),
        per_hold("c_c", *war_cost(c_up, n_up)),
        per_hold("c_resolute", *war_cost(c_hold, n_hold)),
        per_hold("c_irresolute", *war_cost(c_hold, n_hold), share=True),
    ]


def _early_warning(s: Scenario) -> list[Rule]:
    """The launch decision of the scenario's warning system, one day of the crisis."""
    return [
        _copy("false_alarm", "false_alarm"),
        _copy("detection", "detection"),
        _copy("prior", "attack_prior"),
        _copy("decision_minutes", "decision_minutes_eff"),
        Rule(
            "launch_gain",
            "1 / launch_threshold - 1 (the calibration's launch_gain)",
            ("launch_threshold",),
            lambda e: 1 / e["launch_threshold"] - 1,
        ),
    ]


def _reassurance(s: Scenario) -> list[Rule]:
    """Kydd's reassurance with the scenario's monitoring: trust as in the spiral mapping."""
    return [
        Rule("pi", "1 - rivalry", ("rivalry",), lambda e: 1 - e["rivalry"]),
        _copy("precision", "monitoring_precision"),
    ]


def _monitored(s: Scenario) -> tuple[bool, str]:
    c, d = s.crisis.challenger, s.crisis.defender
    shared = any({c, d} <= set(i.members) for i in s.institutions)
    ok = shared or s.technology is not None
    return ok, (
        "institutions or surveillance report on each side's forces"
        if ok
        else "no [technology] and no institution both sides belong to"
    )


def _primary_mapping(kind: str) -> ModelMapping:
    """The primary model of a crisis kind (solved in closed form by the mapping's kernel)."""
    other = "compellence" if kind == "deterrence" else "deterrence"
    return ModelMapping(
        f"crisis_{kind}",
        lambda s: (
            s.crisis.kind == kind,
            f"a {kind} crisis: the primary game" if s.crisis.kind == kind else f"a {other} crisis",
        ),
        _primary,
        method="qre",
        primary=True,
    )


def _nuclear(s: Scenario) -> bool:
    c, d = s.crisis.challenger, s.crisis.defender
    both = all(
        s.actors[k].posture
        or not s.actors[k].nuclear_war_cost.is_fixed
        or s.actors[k].nuclear_war_cost.args[0] > 0
        for k in (c, d)
    )
    return s.crisis.domain == "nuclear" or both


MAPPINGS: dict[str, ModelMapping] = {
    m.model: m
    for m in (
        _primary_mapping("deterrence"),
        _primary_mapping("compellence"),
        ModelMapping(
            "unilateral_deterrence",
            lambda s: (True, "the same crisis if every denial meant war (Zagare & Kilgour 2000)"),
            _unilateral,
        ),
        ModelMapping(
            "extended_deterrence",
            lambda s: (
                s.crisis.protege is not None,
                "the crisis has a protégé" if s.crisis.protege else "no protégé",
            ),
            _extended,
        ),
        ModelMapping(
            "mutual_deterrence",
            lambda s: (
                _nuclear(s),
                "both sides can inflict nuclear costs" if _nuclear(s) else "not a nuclear dyad",
            ),
            _mutual,
        ),
        ModelMapping(
            "bargaining",
            lambda s: (
                s.crisis.domain != "cyber",
                "a dispute over a divisible issue"
                if s.crisis.domain != "cyber"
                else "cyber domain: no bargaining range",
            ),
            _bargaining,
        ),
        ModelMapping(
            "cyber_attribution",
            lambda s: (
                s.crisis.domain == "cyber",
                "cyber domain" if s.crisis.domain == "cyber" else "not a cyber crisis",
            ),
            _cyber,
            method="qre",
            max_draws=1_000,
            options={"tol": 1e-8, "max_iter": 500},
        ),
        ModelMapping(
            "misperception",
            lambda s: (
                s.crisis.perceived_resolve is not None,
                "the challenger's belief differs from the truth"
                if s.crisis.perceived_resolve is not None
                else "no perceived_resolve",
            ),
            _misperception,
        ),
        ModelMapping(
            "brinkmanship",
            lambda s: (
                _nuclear(s),
                "escalation risks a disaster" if _nuclear(s) else "no nuclear escalation",
            ),
            _brinkmanship,
        ),
        ModelMapping(
            "audience_costs",
            lambda s: (
                not s.crisis.public_commitment.is_fixed or s.crisis.public_commitment.args[0] > 0,
                "the defender can commit publicly",
            ),
            _audience,
            method="pbe",
            max_draws=100,  # a cross-check: the engine's PBE enumerates profiles per draw
            batch=50,
        ),
        ModelMapping(
            "diplomatic_reputation",
            lambda s: (True, "threats rest on a reputation for honesty"),
            _reputation,
            method="pbe",
        ),
        ModelMapping(
            "spiral",
            lambda s: (
                any(
                    set(r.between) == {s.crisis.challenger, s.crisis.defender} for r in s.rivalries
                ),
                "a rivalry breeds mistrust",
            ),
            _spiral,
            method="pbe",
            max_draws=100,
            batch=50,
        ),
        ModelMapping(
            "crisis_2x2",
            lambda s: (True, "each side stands firm or accommodates"),
            _crisis_2x2,
            method="pbe",
        ),
        ModelMapping(
            "escalation_ladder",
            lambda s: (
                s.escalation is not None,
                "the crisis climbs an escalation ladder"
                if s.escalation is not None
                else "no [escalation]",
            ),
            _ladder,
            method="pbe",
            # the engine's PBE enumerates the ladder's profiles (about 2 ms a draw at six
            # rungs): a cross-check on the first draws; the record's ladder entry solves
            # every draw in closed form
            max_draws=40,
        ),
        ModelMapping(
            "early_warning",
            lambda s: (
                s.technology is not None and s.technology.early_warning is not None,
                "a warning system may raise false alarms"
                if s.technology is not None and s.technology.early_warning is not None
                else "no [technology.early_warning]",
            ),
            _early_warning,
            method="qre",
            max_draws=2_000,
        ),
        ModelMapping(
            "reassurance_monitoring", _monitored, _reassurance, method="pbe", max_draws=200
        ),
    )
}


def applicable_mappings(scenario: Scenario) -> list[tuple[ModelMapping, str]]:
    """Mappings of registered models that apply to ``scenario`` (primary first), with why."""
    import detente.models as dm

    registered = set(dm.available())
    out = []
    for m in MAPPINGS.values():
        if m.model not in registered:
            continue
        ok, why = m.applies(scenario)
        if ok:
            out.append((m, why))
    return sorted(out, key=lambda x: not x[0].primary)


def mapping_status(scenario: Scenario) -> list[dict[str, str]]:
    """Every registered model: ``used`` / ``not applicable`` / ``not mapped``, with a reason."""
    import detente.models as dm

    rows = []
    for name in dm.available():
        m = MAPPINGS.get(name)
        if m is None:
            rows.append(
                {"model": name, "status": "not mapped", "reason": "no scenario mapping yet"}
            )
            continue
        ok, why = m.applies(scenario)
        rows.append({"model": name, "status": "used" if ok else "not applicable", "reason": why})
    return rows


def model_parameters(mapping: ModelMapping, scenario: Scenario, env: Env, n: int) -> dict:
    """Model parameter arrays (length ``n``), clipped to the model's allowed ranges."""
    import detente.models as dm

    specs = dm.get(mapping.model).specs()
    out = {}
    for rule in mapping.rules(scenario):
        spec = specs[rule.target]
        value = np.broadcast_to(np.asarray(rule.fn(env), dtype=float), (n,))
        out[rule.target] = np.clip(value, spec["lo"], spec["hi"])
    return out
