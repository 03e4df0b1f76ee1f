"""Which registered models a scenario compiles to, and how each parameter is set.

A :class:`ModelMapping` says when a model applies to a scenario and gives one :class:`Rule`
per model parameter (a formula over crisis variables and scenario fields). Compilation uses
only mappings whose model is registered (:func:`detente.models.available`), so a model added
to the library later joins the analysis as soon as its mapping is written here; registered
models without a mapping are listed by ``detente explain`` as "not mapped".

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
    options : dict
        Engine options for the batch (e.g. QRE tolerance).
    """

    model: str
    applies: Callable[[Scenario], tuple[bool, str]]
    rules: Callable[[Scenario], list[Rule]]
    method: str = "spe"
    primary: bool = False
    max_draws: int | None = None
    options: dict = field(default_factory=dict)


def _v(name: str) -> Callable[[Env], np.ndarray]:
    return lambda e: e[name]


def _const(x: float) -> Callable[[Env], np.ndarray]:
    return lambda e: np.asarray(x)


def _unilateral(s: Scenario) -> list[Rule]:
    c, d = s.crisis.challenger, s.crisis.defender
    sd = f"actors.{d}.stakes"
    return [
        Rule("s_ch", "0 (the status quo is the challenger's reference point)", (), _const(0.0)),
        Rule("a_ch", f"actors.{c}.stakes", (f"actors.{c}.stakes",), _v(f"actors.{c}.stakes")),
        Rule("d_ch", "war_payoff_ch", ("war_payoff_ch",), _v("war_payoff_ch")),
        Rule(
            "p_def",
            "credibility_perceived",
            ("credibility_perceived",),
            _v("credibility_perceived"),
        ),
        Rule("s_def", "0", (), _const(0.0)),
        Rule("c_def", f"-{sd}", (sd,), lambda e: -e[sd]),
        Rule("d_def_hard", f"-{sd} + 0.5 (the hard type fights)", (sd,), lambda e: 0.5 - e[sd]),
        Rule("d_def_soft", f"-{sd} - 0.5 (the soft type concedes)", (sd,), lambda e: -0.5 - e[sd]),
    ]


def _extended(s: Scenario) -> list[Rule]:
    c, d, p = s.crisis.challenger, s.crisis.defender, s.crisis.protege or ""
    A = "actors"
    cap = {k: f"{A}.{k}.capability" for k in (c, d, p)}
    nuc_d = f"{A}.{d}.nuclear_war_cost"
    return [
        Rule(
            "commitment",
            "2 commitment (1 + public_commitment)",
            ("commitment", "public_commitment"),
            lambda e: 2 * e["commitment"] * (1 + e["public_commitment"]),
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
        Rule("v_a", f"{A}.{c}.stakes", (f"{A}.{c}.stakes",), _v(f"{A}.{c}.stakes")),
        Rule("v_d", f"{A}.{d}.stakes", (f"{A}.{d}.stakes",), _v(f"{A}.{d}.stakes")),
        Rule(
            "c_a",
            f"{A}.{c}.cost_of_war + escalation_risk * nuclear_cost_ch",
            (f"{A}.{c}.cost_of_war", "escalation_risk", "nuclear_cost_ch"),
            lambda e: e[f"{A}.{c}.cost_of_war"] + e["escalation_risk"] * e["nuclear_cost_ch"],
        ),
        Rule(
            "c_d",
            f"{A}.{d}.cost_of_war + escalation_risk * {nuc_d}",
            (f"{A}.{d}.cost_of_war", "escalation_risk", nuc_d),
            lambda e: e[f"{A}.{d}.cost_of_war"] + e["escalation_risk"] * e[nuc_d],
        ),
    ]


def _defender_war_payoff(s: Scenario) -> tuple[str, tuple[str, ...], Callable[[Env], np.ndarray]]:
    d = s.crisis.defender
    A = "actors"
    st, cw, nuc = f"{A}.{d}.stakes", f"{A}.{d}.cost_of_war", f"{A}.{d}.nuclear_war_cost"
    return (
        f"(1 - p_win_ch) * {st} - {cw} - escalation_risk * {nuc}",
        ("p_win_ch", st, cw, "escalation_risk", nuc),
        lambda e: (1 - e["p_win_ch"]) * e[st] - e[cw] - e["escalation_risk"] * e[nuc],
    )


def _mutual(s: Scenario) -> list[Rule]:
    c, d = s.crisis.challenger, s.crisis.defender
    f, reads, fn = _defender_war_payoff(s)
    return [
        Rule("p_a", f"actors.{c}.resolve", (f"actors.{c}.resolve",), _v(f"actors.{c}.resolve")),
        Rule(
            "p_b", "credibility_perceived", ("credibility_perceived",), _v("credibility_perceived")
        ),
        Rule("a_a", f"actors.{c}.stakes", (f"actors.{c}.stakes",), _v(f"actors.{c}.stakes")),
        Rule("d_a", "war_payoff_ch", ("war_payoff_ch",), _v("war_payoff_ch")),
        Rule("a_b", f"actors.{d}.stakes", (f"actors.{d}.stakes",), _v(f"actors.{d}.stakes")),
        Rule("d_b", f, reads, fn),
    ]


def _bargaining(s: Scenario) -> list[Rule]:
    c, d = s.crisis.challenger, s.crisis.defender
    cw_c, cw_d = f"actors.{c}.cost_of_war", f"actors.{d}.cost_of_war"
    nuc_d = f"actors.{d}.nuclear_war_cost"
    return [
        Rule("p", "p_win_ch", ("p_win_ch",), _v("p_win_ch")),
        Rule(
            "c_a",
            f"({cw_c} + escalation_risk * nuclear_cost_ch) / 2",
            (cw_c, "escalation_risk", "nuclear_cost_ch"),
            lambda e: (e[cw_c] + e["escalation_risk"] * e["nuclear_cost_ch"]) / 2,
        ),
        Rule(
            "cbar",
            f"({cw_d} + escalation_risk * {nuc_d}) / 2",
            (cw_d, "escalation_risk", nuc_d),
            lambda e: (e[cw_d] + e["escalation_risk"] * e[nuc_d]) / 2,
        ),
    ]


def _cyber(s: Scenario) -> list[Rule]:
    c, d = s.crisis.challenger, s.crisis.defender
    at, sv = "crisis.attribution", f"actors.{d}.surveillance"
    return [
        Rule("pi_detect", f"0.5 + 0.5 {at}", (at,), lambda e: 0.5 + 0.5 * e[at]),
        Rule("pi_false", f"0.25 (1 - {sv})", (sv,), lambda e: 0.25 * (1 - e[sv])),
        Rule("k", "3 resolve_true", ("resolve_true",), lambda e: 3 * e["resolve_true"]),
        Rule("gamma", f"actors.{c}.cyber", (f"actors.{c}.cyber",), _v(f"actors.{c}.cyber")),
        Rule("mu_x", f"actors.{c}.stakes", (f"actors.{c}.stakes",), _v(f"actors.{c}.stakes")),
        Rule(
            "mu_y",
            f"actors.{d}.cost_of_war",
            (f"actors.{d}.cost_of_war",),
            _v(f"actors.{d}.cost_of_war"),
        ),
    ]


def _misperception(s: Scenario) -> list[Rule]:
    rules = [r for r in _unilateral(s) if r.target != "p_def"]
    return [
        *rules,
        Rule("p_def", "credibility_true", ("credibility_true",), _v("credibility_true")),
        Rule(
            "perception_sd",
            "max(0.001, |credibility_perceived - credibility_true|)",
            ("credibility_perceived", "credibility_true"),
            lambda e: np.maximum(0.001, np.abs(e["credibility_perceived"] - e["credibility_true"])),
        ),
    ]


def _brinkmanship(s: Scenario) -> list[Rule]:
    c, d = s.crisis.challenger, s.crisis.defender
    sc, sd, nd = f"actors.{c}.stakes", f"actors.{d}.stakes", f"actors.{d}.nuclear_war_cost"
    esc = "escalation_risk"
    return [
        Rule("v_c", sc, (sc,), _v(sc)),
        Rule("d_c", "5 nuclear_cost_ch", ("nuclear_cost_ch",), lambda e: 5 * e["nuclear_cost_ch"]),
        Rule("v_d_hard", f"3 {sd}", (sd,), lambda e: 3 * e[sd]),
        Rule("v_d_soft", f"0.3 {sd}", (sd,), lambda e: 0.3 * e[sd]),
        Rule("d_d", f"5 {nd}", (nd,), lambda e: 5 * e[nd]),
        Rule(
            "p_hard",
            "credibility_perceived",
            ("credibility_perceived",),
            _v("credibility_perceived"),
        ),
        Rule("rho_1", f"0.25 {esc}", (esc,), lambda e: 0.25 * e[esc]),
        Rule("rho_2", esc, (esc,), _v(esc)),
        Rule("rho_3", f"min(2.5 {esc}, 0.99)", (esc,), lambda e: 2.5 * e[esc]),
        Rule("misperception", "1 - clarity", ("clarity",), lambda e: 1 - e["clarity"]),
        Rule("hotline", "clarity", ("clarity",), _v("clarity")),
    ]


def _audience(s: Scenario) -> list[Rule]:
    from detente.scenario.crisis_variables import AUDIENCE

    c, d = s.crisis.challenger, s.crisis.defender
    aud = AUDIENCE[s.actors[d].regime]
    sd, cd, cc = f"actors.{d}.stakes", f"actors.{d}.cost_of_war", f"actors.{c}.cost_of_war"
    rc = f"actors.{c}.resolve"
    return [
        Rule(
            "a",
            f"1.5 x {aud} public_commitment",
            ("public_commitment",),
            lambda e: 1.5 * aud * e["public_commitment"],
        ),
        Rule("v_high", sd, (sd,), _v(sd)),
        Rule("v_low", f"0.1 {sd}", (sd,), lambda e: 0.1 * e[sd]),
        Rule("p_high", "resolve_perceived", ("resolve_perceived",), _v("resolve_perceived")),
        Rule("c_d", cd, (cd,), _v(cd)),
        Rule("c_c", cc, (cc,), _v(cc)),
        Rule("theta", rc, (rc,), _v(rc)),
    ]


def _reputation(s: Scenario) -> list[Rule]:
    c, d = s.crisis.challenger, s.crisis.defender
    cd, cc, rc = f"actors.{d}.cost_of_war", f"actors.{c}.cost_of_war", f"actors.{c}.resolve"
    return [
        Rule("theta", rc, (rc,), _v(rc)),
        Rule("p", "resolve_true", ("resolve_true",), _v("resolve_true")),
        Rule("c_s", cd, (cd,), _v(cd)),
        Rule("c_c", cc, (cc,), _v(cc)),
    ]


def _spiral(s: Scenario) -> list[Rule]:
    c, d = s.crisis.challenger, s.crisis.defender
    keys = [
        f"rivalries[{i}].intensity" for i, r in enumerate(s.rivalries) if set(r.between) == {c, d}
    ]
    k = keys[0] if keys else None
    return [
        Rule(
            "pi",
            f"1 - {k}" if k else "1",
            (k,) if k else (),
            (lambda e: 1 - e[k]) if k else _const(1.0),
        ),
    ]


def _crisis_2x2(s: Scenario) -> list[Rule]:
    c, d = s.crisis.challenger, s.crisis.defender
    sc, sd = f"actors.{c}.stakes", f"actors.{d}.stakes"
    f, reads, fn = _defender_war_payoff(s)
    return [
        Rule("r_cc", "0 (compromise: the status quo)", (), _const(0.0)),
        Rule("r_cd", f"-{sc} (row backs down)", (sc,), lambda e: -e[sc]),
        Rule("r_dc", f"{sc} (row prevails)", (sc,), _v(sc)),
        Rule("r_dd", "war_payoff_ch", ("war_payoff_ch",), _v("war_payoff_ch")),
        Rule("c_cc", "0", (), _const(0.0)),
        Rule("c_cd", f"{sd} (column prevails)", (sd,), _v(sd)),
        Rule("c_dc", f"-{sd} (column backs down)", (sd,), lambda e: -e[sd]),
        Rule("c_dd", f, reads, fn),
    ]


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
        ModelMapping(
            "unilateral_deterrence",
            lambda s: (True, "every scenario: one challenger, one defender's threat"),
            _unilateral,
            primary=True,
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
            max_draws=200,
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
        ),
        ModelMapping(
            "crisis_2x2",
            lambda s: (True, "each side stands firm or accommodates"),
            _crisis_2x2,
            method="pbe",
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
