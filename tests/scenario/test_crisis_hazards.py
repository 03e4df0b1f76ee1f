"""Issue 16, item 4: decision time, early warning, monitoring and the escalation ladder in the
scenario mapping (detente.scenario.crisis_hazards), checked against the registered models'
own formulas, the engine's QRE of the primary game, and mapping version 2 without the tables.
"""

from __future__ import annotations

import tomllib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit

import detente.models as dm
from detente.models.library import coercion_game as cg
from detente.scenario import (
    OUTCOME_LABELS,
    analyze_scenario,
    bundled_scenarios,
    load_calibration,
    load_scenario,
    outcome_probabilities,
)
from detente.scenario.crisis_hazards import AT_RISK, EXPOSURE_RULES
from detente.scenario.crisis_variables import INPUTS, NEUTRAL_INPUTS, crisis_inputs
from detente.scenario.monte_carlo import evaluate, field_values, stream, uncertain_paths
from detente.scenario.outcome_probabilities import (
    CLASSES,
    DERIVED_RULES,
    GAME_PARAMETERS,
    PAYOFF_RULES,
    game_parameters,
)
from detente.scenario.scenario_loading import validate_scenario

CAL = load_calibration()
NEW_TABLES = ("technology", "escalation", "institutions")
NEW_MOVES = ("de_alerting", "data_exchange", "crisis_management")


def _raw(name: str) -> dict:
    return tomllib.loads(bundled_scenarios()[name].read_text())


def _without_new_tables(name: str):
    """A bundled scenario as a file written before issue 16 (no new tables or moves)."""
    data = _raw(name)
    for key in NEW_TABLES:
        data.pop(key, None)
    data["interventions"] = [i for i in data.get("interventions", []) if i["kind"] not in NEW_MOVES]
    return validate_scenario(data, where=f"{name} (without the new tables)")


def _inputs(scenario, n: int = 400, seed: int = 3, moves=None) -> dict[str, np.ndarray]:
    values = field_values(scenario, {p: stream(seed, p, n) for p in uncertain_paths(scenario)})
    raw = crisis_inputs(scenario, values, moves, CAL["defense_interceptors"])
    return {k: np.broadcast_to(np.asarray(raw[k], dtype=float), (n,)) for k in INPUTS}


def _kernel_v2(inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Mapping version 2 as it was before issue 16: clarity from the challenger's own
    intelligence only, and the primary game at the payoffs with no loss of control."""
    env = {k: np.asarray(v, dtype=float) for k, v in (CAL.values() | inputs).items()}
    new = {"monitoring_eff", "monitoring_precision", "informativeness"}
    for rule in (*DERIVED_RULES, *PAYOFF_RULES):
        if rule.target in new or rule.target == "decision_minutes_eff":
            continue
        if rule.target == "clarity":
            best = np.maximum.reduce(
                [env[f"channel_{k}"] * env[f"quality_{k}"] for k in cg_channels()]
            )
            seen = 1 - best * (1 - env["rivalry_clouding"] * env["rivalry"])
            env["clarity"] = 1 - seen * (1 - env["surveillance_weight"] * env["surveillance"]) * (
                1 - env["move_hotline"]
            )
            continue
        if rule.target in {
            "launch_threshold",
            "launch_hazard",
            "risk_per_rung_eff",
            "control_hazard",
            "kept",
            "lost_war",
            "lost_nuclear",
        }:
            continue
        env[rule.target] = np.asarray(rule.fn(env), dtype=float)
    params = {k: env[k] for k in GAME_PARAMETERS}
    belief = {"concede_h": env["concede_h_seen"], "concede_s": env["concede_s_seen"]}
    return cg.logit_probabilities(
        params, env["precision"], belief=belief | {"rho": env["rho_seen"]}
    )


def cg_channels() -> tuple[str, ...]:
    from detente.scenario.crisis_variables import CHANNEL_KINDS

    return CHANNEL_KINDS


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_a_scenario_without_the_new_tables_gives_exactly_the_probabilities_of_mapping_v2(name):
    """Lead's decision for issue 16 (no new mapping_version): every bundled scenario, read
    without [technology], [[institutions]] and [escalation], gets per-draw probabilities
    equal bit for bit to mapping version 2's (the kernel rebuilt without the new rules), both
    hazards are exactly 0, and its JSON form (hence its hash) has no new keys."""
    s = _without_new_tables(name)
    inputs = _inputs(s)
    for k, v in NEUTRAL_INPUTS.items():
        np.testing.assert_array_equal(inputs[k], v)
    new, old = outcome_probabilities(inputs, CAL), _kernel_v2(inputs)
    for k in (*CLASSES, "press", "success_if_informed", "credibility"):
        np.testing.assert_array_equal(new[k], old[k], err_msg=f"{name}: {k}")
    assert not new["launch_hazard"].any() and not new["control_hazard"].any()
    assert not set(NEW_TABLES) & set(s.to_json())


def test_old_callers_may_leave_out_the_new_inputs():
    """A fitter that stacks inputs built before issue 16 gets the same answer: the optional
    inputs take their neutral values."""
    inputs = _inputs(_without_new_tables("falklands_1982"))
    trimmed = {k: v for k, v in inputs.items() if k not in NEUTRAL_INPUTS}
    a, b = outcome_probabilities(inputs, CAL), outcome_probabilities(trimmed, CAL)
    for k in CLASSES:
        np.testing.assert_array_equal(a[k], b[k])


def _daily_launch(prior, detection, false_alarm, minutes, gain):
    """Bayes' rule, the logit launch rule at lam = 10 sqrt(minutes / 10), one day (the
    early_warning module's closed forms, written out here)."""
    q = detection * prior / (detection * prior + false_alarm * (1 - prior))
    lam = 10 * np.sqrt(minutes / 10)
    return (1 - prior) * false_alarm * expit(lam * (q * (1 + gain) - 1))


@settings(max_examples=60, deadline=None)
@given(
    prior=st.floats(1e-4, 0.1),
    detection=st.floats(0.5, 1.0),
    false_alarm=st.floats(1e-4, 0.05),
    minutes=st.floats(0.5, 120.0),
    days=st.floats(0.0, 60.0),
    monitoring=st.floats(0.0, 1.0),
    gain=st.floats(0.01, 1.0),
)
def test_launch_hazard_is_the_early_warning_risk_over_the_crisis_after_a_report(
    prior, detection, false_alarm, minutes, days, monitoring, gain
):
    """Derived in detente.scenario.crisis_hazards: a report of precision q = (1 + m)/2 is
    reassuring with probability q when no attack comes; Bayes moves the prior of attack to
    (1 - q) p / ((1 - q) p + q (1 - p)) or q p / (q p + (1 - q)(1 - p)) (Kydd's reassurance
    with monitoring); the early_warning model's daily risk at each, averaged, compounds over
    the days: 1 - (1 - daily)^days. Checked against the closed forms written out here."""
    inputs = _inputs(_without_new_tables("kargil_1999"), n=1)
    inputs |= {
        "attack_prior": np.array([prior]),
        "detection": np.array([detection]),
        "false_alarm": np.array([false_alarm]),
        "decision_minutes": np.array([minutes]),
        "alert_days": np.array([days]),
        "monitoring": np.array([monitoring]),
    }
    out = outcome_probabilities(inputs, CAL.with_values(launch_gain=gain))
    q = (1 + monitoring) / 2
    p_r = (1 - q) * prior / ((1 - q) * prior + q * (1 - prior))
    p_a = q * prior / (q * prior + (1 - q) * (1 - prior))
    daily = q * _daily_launch(p_r, detection, false_alarm, minutes, gain) + (1 - q) * _daily_launch(
        p_a, detection, false_alarm, minutes, gain
    )
    expected = -np.expm1(days * np.log1p(-daily))  # 1 - (1 - daily)^days, without cancellation
    assert out["launch_hazard"][0] == pytest.approx(expected, rel=1e-9, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(risk=st.floats(0.0, 0.3), rungs=st.integers(1, 8), s=st.floats(0.0, 1.0))
def test_control_hazard_is_the_ladder_risk_of_climbing_into_the_top_rung(risk, rungs, s):
    """Powell (1990), and escalation_ladder's rho_k = 1 - (1 - risk)^k: a pressed crisis at
    the top of an N-rung ladder risks rho_N; a crisis-management move of strength s removes
    crisis_management * s of the risk per rung (the model's own rho, read from
    ladder_equilibrium)."""
    from detente.models.library.escalation_ladder import ladder_equilibrium

    inputs = _inputs(_without_new_tables("kargil_1999"), n=1)
    inputs |= {
        "rungs": np.array([float(rungs)]),
        "risk_per_rung": np.array([risk]),
        "move_crisis_management": np.array([s]),
    }
    out = outcome_probabilities(inputs, CAL)
    eff = risk * (1 - CAL["crisis_management"] * s)
    rho = ladder_equilibrium(
        {
            "p_resolute": 0.5,
            "risk": eff,
            "v_c": 1.0,
            "c_c": 1.0,
            "c_irresolute": 2.0,
            "rungs": float(rungs),
        }
    )["rho"][rungs]
    assert out["control_hazard"][0] == pytest.approx(float(rho), rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("name", ["cuban_missile_crisis", "able_archer_1983"])
def test_kernel_with_hazards_is_the_engine_qre_of_the_exposed_game_plus_the_lost_crises(name):
    """McKelvey & Palfrey (1998): with a correct belief, the kernel's choice probabilities are
    the engine's agent QRE of the registered primary model at the exposed parameters (the
    players anticipate the lottery); the outcome probabilities then move the lost share of
    each outcome into war and nuclear war: yielding at once is lost to a launch with
    launch_hazard, an outcome after a press other than war with 1 - kept (written here from
    the engine's terminal probabilities)."""
    s = load_scenario(name)
    inputs = _inputs(s, n=300)
    inputs["resolve_signalled"] = inputs["resolve"]
    inputs["public_commitment_signal"] = inputs["commitment"]
    out = outcome_probabilities(inputs, CAL)
    assert out["launch_hazard"].min() > 0 and out["control_hazard"].min() > 0
    model = dm.get("crisis_compellence" if s.crisis.kind == "compellence" else "crisis_deterrence")
    params = {k: v for k, v in game_parameters(out).items() if k in model.specs()}
    sol = model.solve(params, method="qre", lam=CAL["precision"]).solution
    labels = OUTCOME_LABELS[s.crisis.kind]
    engine = {k: sol.outcome_prob(labels[k]) for k in CLASSES}
    first = sol.game.infosets[0]
    press = sol.action_prob(first.name, first.actions[1])
    np.testing.assert_allclose(press, out["press"], atol=1e-10)
    launch, kept = out["launch_hazard"], out["kept"]
    lost_w, lost_n = out["lost_war"], out["lost_nuclear"]
    after_success = engine["success"] - (1 - press)
    calm = after_success + engine["prevails"] + engine["compromise"]
    expected = {
        "success": (1 - press) * (1 - launch) + kept * after_success,
        "prevails": kept * engine["prevails"],
        "compromise": kept * engine["compromise"],
        "war": engine["war"] + lost_w * calm,
        "nuclear": engine["nuclear"] + lost_n * calm + (1 - press) * launch,
    }
    for k in CLASSES:
        np.testing.assert_allclose(out[k], expected[k], atol=1e-10, err_msg=k)
    np.testing.assert_allclose(sum(out[k] for k in CLASSES), 1.0, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    launch=st.floats(0.0, 1.0),
    risk=st.floats(0.0, 0.3),
    rungs=st.integers(0, 8),
    escalation=st.floats(0.0, 1.0),
)
def test_outcome_classes_stay_a_distribution_and_lost_crises_are_part_of_war(
    launch, risk, rungs, escalation
):
    """Invariant: whatever the hazards, the five classes are probabilities summing to 1 and
    the parts from a lost crisis are parts of P(war) and P(nuclear war)."""
    inputs = _inputs(load_scenario("cuban_missile_crisis"), n=50)
    inputs |= {
        "rungs": np.full(50, float(rungs)),
        "risk_per_rung": np.full(50, risk),
        "escalation_risk": np.full(50, escalation),
        "alert_days": np.full(50, 30.0),
        "false_alarm": np.full(50, launch),
    }
    out = outcome_probabilities(inputs, CAL)
    total = sum(out[k] for k in CLASSES)
    np.testing.assert_allclose(total, 1.0, atol=1e-12)
    for k in CLASSES:
        assert (out[k] >= -1e-15).all() and (out[k] <= 1 + 1e-15).all()
    assert (out["inadvertent_war"] <= out["war"] + 1e-15).all()
    assert (out["inadvertent_nuclear"] <= out["nuclear"] + 1e-15).all()


def test_every_payoff_after_a_press_is_exposed_and_none_before():
    """The exposed parameters are exactly those of outcomes after the first mover presses,
    the defender's concession as the first mover sees it, yielding at once (to a launch
    only) and the escalation of a chosen war."""
    targets = {r.target for r in EXPOSURE_RULES}
    assert targets == {f"{k}_exposed" for k in (*AT_RISK, "concede_h_seen", "concede_s_seen")} | {
        "yield_c_exposed",
        "r_exposed",
    }
    assert not {"war_c", "nuc_c", "war_h", "nuc_h", "rho", "a"} & {
        t.removesuffix("_exposed") for t in targets
    }


# --- interventions: the sign of each effect ---------------------------------------------------
def _batch(scenario, moves=None, n=4000, seed=2):
    u = {p: stream(seed, p, n) for p in uncertain_paths(scenario)}
    return evaluate(scenario, u, n, CAL, moves, secondary=False)


def test_de_alerting_lowers_the_launch_risk_below_the_threshold_and_raises_it_above():
    """Derived from the early_warning model's logit launch rule: a longer decision window
    raises the precision (misperception.decision_lambda), so the launch probability after a
    warning falls where the posterior of attack is below 1/(1 + launch_gain) and rises where
    it is above. In Cuba (posteriors mostly below) de-alerting lowers the launch hazard at
    every draw where both reports leave the posterior below the threshold, and lowers
    P(nuclear war) (paired interval below 0)."""
    from detente.scenario.interventions import parse_intervention

    s = load_scenario("cuban_missile_crisis")
    base, moved = _batch(s), _batch(s, [parse_intervention("de_alerting:1")])
    env = base.env
    q = env["monitoring_precision"]
    p = env["attack_prior"]
    threshold = env["launch_threshold"]

    def posterior(prior):
        d, f = env["detection"], env["false_alarm"]
        return d * prior / (d * prior + f * (1 - prior))

    p_a = q * p / (q * p + (1 - q) * (1 - p))
    p_r = (1 - q) * p / ((1 - q) * p + q * (1 - p))
    below = (posterior(p_a) < threshold) & (posterior(p_r) < threshold)
    above = (posterior(p_a) > threshold) & (posterior(p_r) > threshold)
    assert below.mean() > 0.5
    assert (moved.env["launch_hazard"][below] < base.env["launch_hazard"][below]).all()
    assert (moved.env["launch_hazard"][above] > base.env["launch_hazard"][above]).all()
    r = analyze_scenario(s, draws=4000, seed=2, sensitivity=False)
    row = next(x for x in r.interventions if x["kind"] == "de_alerting")
    assert row["delta_nuclear_interval"][1] < 0


@pytest.mark.parametrize("name", ["cuban_missile_crisis", "able_archer_1983"])
def test_data_exchange_raises_monitoring_and_clarity_and_lowers_nuclear_war(name):
    """Keohane (1984, ch. 6); Kydd (2000): more precise reports narrow the challenger's
    misperception (clarity rises at every draw) and fewer false alarming reports meet a false
    warning; P(nuclear war) falls (paired 95 % interval below 0) in both bundled cases with a
    warning system."""
    from detente.scenario.interventions import parse_intervention

    s = load_scenario(name)
    base, moved = _batch(s), _batch(s, [parse_intervention("data_exchange:0.6")])
    assert (moved.env["monitoring_precision"] > base.env["monitoring_precision"]).all()
    assert (moved.env["clarity"] >= base.env["clarity"]).all()
    r = analyze_scenario(s, draws=4000, seed=2, sensitivity=False)
    row = next(x for x in r.interventions if x["kind"] == "data_exchange")
    assert row["delta_nuclear_interval"][1] < 0


def test_crisis_management_lowers_the_ladder_risk_and_war_by_accident():
    """George (1991): crisis management lowers the risk per rung, hence the control hazard at
    every draw and the part of P(war) that comes from a lost crisis; in Able Archer it lowers
    P(nuclear war) too (paired interval below 0). Like risk reduction it makes pressing a
    little less dangerous, so the first mover presses no less often (Snyder 1965)."""
    from detente.scenario.interventions import parse_intervention

    s = load_scenario("able_archer_1983")
    base, moved = _batch(s), _batch(s, [parse_intervention("crisis_management:0.6")])
    assert (moved.env["control_hazard"] < base.env["control_hazard"]).all()
    assert moved.env["inadvertent_war"].mean() < base.env["inadvertent_war"].mean()
    assert (moved.env["press"] >= base.env["press"] - 1e-12).all()
    r = analyze_scenario(s, draws=4000, seed=2, sensitivity=False)
    row = next(x for x in r.interventions if x["kind"] == "crisis_management")
    assert row["delta_nuclear_interval"][1] < 0


@pytest.mark.parametrize(
    ("move", "table"),
    [("de_alerting", "[technology.early_warning]"), ("crisis_management", "[escalation]")],
)
def test_a_move_without_its_table_is_refused_naming_the_table(move, table):
    """An intervention on a table the scenario lacks would change nothing: refused in one
    InputError naming the table and the fix."""
    from detente.errors import InputError

    with pytest.raises(InputError, match=r"add \[") as err:
        analyze_scenario(load_scenario("falklands_1982"), draws=50, interventions=[move])
    assert table in str(err.value) and move in str(err.value)


# --- secondary models and the record ----------------------------------------------------------
def test_the_three_new_models_are_secondary_where_their_tables_are_given():
    """escalation_ladder, early_warning and reassurance_monitoring are used for Able Archer
    (all tables given), not applicable for the Falklands (none), and never 'not mapped'."""
    from detente.scenario.model_mappings import mapping_status

    new = {"escalation_ladder", "early_warning", "reassurance_monitoring"}
    for name, status in (("able_archer_1983", "used"), ("falklands_1982", "not applicable")):
        rows = {r["model"]: r["status"] for r in mapping_status(load_scenario(name))}
        assert {rows[m] for m in new} == {status}, name


def test_escalation_record_is_the_ladder_once_begun_at_every_draw():
    """The record's ladder reach is the mean over the draws of escalation_ladder's closed
    form once the climb has begun (ladder_equilibrium(challenged=True)): rung 1 is reached
    unless control is lost on the first climb, higher rungs no more often than lower ones."""
    r = analyze_scenario(
        load_scenario("cuban_missile_crisis"), draws=2000, seed=4, sensitivity=False
    )
    ladder = r.escalation["ladder"]
    assert ladder["rungs"] == 6 and len(ladder["reach"]) == 6
    assert ladder["climber"] == "United States" and ladder["holder"] == "Soviet Union"
    assert ladder["reach"][0] == pytest.approx(1 - ladder["risk_per_rung"], abs=0.01)
    assert all(a >= b - 1e-12 for a, b in zip(ladder["reach"], ladder["reach"][1:], strict=False))
    hazards = r.escalation["hazards"]
    assert 0 < hazards["inadvertent_nuclear"] < r.p("nuclear")
    assert (
        analyze_scenario(load_scenario("korea_1950"), draws=200, sensitivity=False).escalation
        is None
    )
