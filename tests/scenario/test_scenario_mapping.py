"""The scenario mapping (v2): credibility from the defender's payoffs, settlement, compellence,
smooth per-draw probabilities from one vectorized kernel, interventions on common draws."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

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
from detente.scenario.calibration import CONSTANTS
from detente.scenario.crisis_variables import INPUTS, crisis_inputs
from detente.scenario.model_mappings import primary_model
from detente.scenario.monte_carlo import evaluate, field_values, stream, uncertain_paths
from detente.scenario.outcome_probabilities import CLASSES, GAME_PARAMETERS
from detente.scenario.scenario_loading import validate_scenario

DRAWS = 3_000
CAL = load_calibration("handset")  # the documented, hand-set constants


def cuba_with(**usa) -> object:
    """The bundled Cuba scenario with some of the United States' fields replaced."""
    data = tomllib.loads(bundled_scenarios()["cuban_missile_crisis"].read_text())
    data["actors"]["usa"].update(usa)
    return validate_scenario(data, where="cuba (test)")


def probs(scenario, n: int = DRAWS, cal=CAL, moves=None) -> dict[str, float]:
    u = {p: stream(0, p, n) for p in uncertain_paths(scenario)}
    batch = evaluate(scenario, u, n, cal, moves, secondary=False)
    return {k: float(v.mean()) for k, v in batch.probs.items()}


def inputs_of(name: str, n: int = 500, seed: int = 3) -> dict[str, np.ndarray]:
    s = load_scenario(name)
    values = field_values(s, {p: stream(seed, p, n) for p in uncertain_paths(s)})
    raw = crisis_inputs(s, values, None, CAL["defense_interceptors"])
    return {k: np.broadcast_to(np.asarray(raw[k], dtype=float), (n,)) for k in INPUTS}


@pytest.mark.parametrize(
    ("field", "values"),
    [("cost_of_war", [0.1, 0.5, 0.9, 1.3, 1.7]), ("nuclear_war_cost", [0.05, 0.5, 1.0, 2.0])],
)
def test_cuba_a_costlier_war_for_the_defender_lowers_the_chance_its_threat_works(field, values):
    """Schelling (1966, ch. 2); Powell (1990): a threat to fight a war that is costly to the
    threatener is less credible. Raising the United States' cost of war or of nuclear war
    (same draws of every other input) lowers P(the target complies) and raises P(the target
    defies) in the Cuba scenario, and the US cost fields now matter at all (issue 19: the old
    mapping gave identical outcomes for nuclear_war_cost 0.05 and 1.2-2.0)."""
    runs = [probs(cuba_with(**{field: v})) for v in values]
    success = np.array([r["success"] for r in runs])
    prevails = np.array([r["prevails"] for r in runs])
    assert np.all(np.diff(success) < 0) and success[0] - success[-1] > 0.1
    assert np.all(np.diff(prevails) > 0)


@pytest.mark.parametrize(
    "move", ["concession:0.5", "concession:1", "inducement:0.5", "inducement:1"]
)
def test_cuba_a_concession_or_inducement_raises_settlement_or_compliance(move):
    """Schelling (1966, ch. 2): a threat needs an assurance; George (1991): coercive diplomacy
    pairs the stick with a carrot (the no-invasion pledge and the Jupiter trade). Each raises
    P(the target complies or a compromise) and lowers P(war) on the same draws; the paired
    95 % interval of the change excludes 0."""
    r = analyze_scenario(
        load_scenario("cuban_missile_crisis"),
        draws=DRAWS,
        seed=5,
        interventions=[move],
        sensitivity=False,
        calibration="handset",
    )
    row = r.interventions[-1]
    assert row["delta_settled"] > 0 and row["delta_settled_interval"][0] > 0
    assert row["delta_war"] < 0


def test_risk_reduction_is_labelled_and_can_weaken_deterrence():
    """Snyder (1965), the stability-instability paradox: lowering the risk that a war goes
    nuclear makes war less dreadful to both sides. In Cuba it lowers P(complies) and raises
    P(conventional war), so the intervention is risk reduction, not a deterrent; the old name
    arms_control still parses to it."""
    s = load_scenario("cuban_missile_crisis")
    r = analyze_scenario(
        s,
        draws=DRAWS,
        seed=5,
        interventions=["arms_control"],
        sensitivity=False,
        calibration="handset",
    )
    row = r.interventions[-1]
    assert row["kind"] == "risk_reduction"
    assert row["delta_holds"] < 0
    base, moved = r.interventions[0]["outcomes"], row["outcomes"]
    assert moved["War"]["p"] > base["War"]["p"]


def test_compellence_scenarios_run_with_their_own_labels():
    """Schelling (1966, ch. 2): compellence asks the target to undo a move. The Cuba scenario
    is a compellence crisis; the same file read as deterrence gets the deterrence labels and
    the deterrence primary model, and compellence (complying costs the target its stakes plus
    compliance_cost) gives the first mover a lower chance of yielding than deterrence."""
    data = tomllib.loads(bundled_scenarios()["cuban_missile_crisis"].read_text())
    comp = validate_scenario(data)
    data["crisis"]["kind"] = "deterrence"
    data["scenario"]["expected"] = "Deterrence holds"
    det = validate_scenario(data)
    assert comp.labels == OUTCOME_LABELS["compellence"] and primary_model(comp) == (
        "crisis_compellence"
    )
    assert det.labels == OUTCOME_LABELS["deterrence"] and primary_model(det) == (
        "crisis_deterrence"
    )
    r = analyze_scenario(comp, draws=1000, seed=1, sensitivity=False, calibration="handset")
    assert set(r.outcomes) == {
        "Target complies",
        "Target defies",
        "Compromise",
        "War",
        "Nuclear war",
    }
    assert probs(comp)["success"] < probs(det)["success"]


def test_expected_must_be_a_label_of_the_crisis_kind():
    data = tomllib.loads(bundled_scenarios()["cuban_missile_crisis"].read_text())
    data["scenario"]["expected"] = "Deterrence holds"
    from detente.errors import InputError

    with pytest.raises(InputError, match="not an outcome of a compellence crisis"):
        validate_scenario(data, where="cuba.toml")


def test_kernel_tends_to_the_engine_spe_as_precision_grows():
    """McKelvey & Palfrey (1998, Theorem 4): as the logit precision grows the per-draw
    probabilities tend to subgame-perfect play: the engine's SPE of the primary model at the
    believed parameters (the challenger's first move) composed with the SPE at the true ones
    (all later play), away from ties."""
    for name in ("cuban_missile_crisis", "falklands_1982", "nato_baltic"):
        s = load_scenario(name)
        inp = inputs_of(name)
        # the loss-of-control hazards off (test_crisis_hazards checks them with the engine)
        inp |= {"alert_days": np.zeros(500), "rungs": np.zeros(500)}
        out = outcome_probabilities(inp, CAL.with_values(precision=200.0))
        params = {k: out[k] for k in GAME_PARAMETERS}
        belief = params | {
            "concede_h": out["concede_h_seen"],
            "concede_s": out["concede_s_seen"],
            "rho": out["rho_seen"],
        }
        model = dm.get(primary_model(s))
        names = set(model.specs())
        true = model.solve({k: v for k, v in params.items() if k in names}, method="spe")
        seen = model.solve({k: v for k, v in belief.items() if k in names}, method="spe")
        margin = np.minimum(true.theory.margin, seen.theory.margin)
        keep = margin > 0.05
        assert keep.mean() > 0.3, name
        press = seen.theory.values["press"]
        press_true = true.theory.values["press"]
        ok = keep & (press_true == 1)  # conditional play is observed where the truth presses
        for k in CLASSES:
            after = true.theory.values[f"p_{k}"]
            expected = (1 - press) * (k == "success") + press * after
            np.testing.assert_allclose(out[k][ok], expected[ok], atol=2e-3, err_msg=name)
        low = outcome_probabilities(inp, CAL.with_values(precision=1.0))
        gap_low = max(np.abs(low[k] - out[k])[ok].max() for k in CLASSES)
        assert gap_low > 0.05  # finite precision really is noisy


def test_kernel_equals_the_engine_qre_without_misperception():
    """With a correct belief (perceived resolve = truth, every alliance public) the kernel's
    probabilities are the engine's agent logit QRE of the registered primary model."""
    inp = inputs_of("nato_baltic")
    inp["resolve_signalled"] = inp["resolve"]
    inp["public_commitment_signal"] = inp["commitment"]
    out = outcome_probabilities(inp, CAL)
    model = dm.get("crisis_deterrence")
    sol = model.solve(
        {k: out[k] for k in GAME_PARAMETERS}, method="qre", lam=CAL["precision"]
    ).solution
    for k in CLASSES:
        np.testing.assert_allclose(
            out[k], sol.outcome_prob(OUTCOME_LABELS["deterrence"][k]), atol=1e-12
        )


def test_kernel_is_vectorized_over_stacked_crises_and_constants():
    """One call on the inputs of several crises stacked (and several calibrations on a
    leading axis) equals separate calls: what a maximum-likelihood fitter needs."""
    a, b = inputs_of("falklands_1982", 200), inputs_of("cuban_missile_crisis", 300)
    stacked = {k: np.concatenate([a[k], b[k]]) for k in INPUTS}
    both = outcome_probabilities(stacked, CAL)
    one, two = outcome_probabilities(a, CAL), outcome_probabilities(b, CAL)
    for k in CLASSES:
        np.testing.assert_allclose(both[k], np.concatenate([one[k], two[k]]))
    lam = np.array([[2.0], [5.0], [20.0]])
    grid = outcome_probabilities(stacked, CAL.values() | {"precision": lam})
    assert grid["success"].shape == (3, 500)
    np.testing.assert_allclose(grid["war"][1], both["war"])
    total = sum(grid[k] for k in CLASSES)
    np.testing.assert_allclose(total, 1.0, atol=1e-12)


@pytest.mark.parametrize("name", [c for c in CONSTANTS if c != "defense_interceptors"])
def test_probabilities_are_smooth_in_every_constant(name):
    """No jumps: a change of 1e-6 in any constant moves every per-draw probability by less
    than 1e-4 (every constant but the posture bridge's interceptor count enters smoothly),
    which simulated maximum likelihood needs. Interventions are on, so their constants act."""
    inp = inputs_of("cuban_missile_crisis", 300)
    for k in (
        "move_concession",
        "move_inducement",
        "move_risk_reduction",
        "move_hotline",
        "move_alliance",
        "move_public_commitment",
        "move_missile_defense",
        "move_de_alerting",
        "move_data_exchange",
        "move_crisis_management",
    ):
        inp[k] = np.full(300, 0.5)
    c = CAL.constants[name]
    x = min(max(c.value, c.lo + 1e-5), c.hi - 1e-5)
    lo = outcome_probabilities(inp, CAL.values() | {name: x})
    hi = outcome_probabilities(inp, CAL.values() | {name: x + 1e-6})
    for k in CLASSES:
        assert np.abs(hi[k] - lo[k]).max() < 1e-4


def test_per_draw_probabilities_are_never_zero_where_the_outcome_is_possible():
    """Issue 19: no 0.000 outcomes. At finite precision every reachable outcome keeps a
    positive probability at every draw (nuclear war only where escalation is possible)."""
    for name in bundled_scenarios():
        out = outcome_probabilities(inputs_of(name), CAL)
        for k in ("success", "prevails", "compromise", "war"):
            assert (out[k] > 0).all(), (name, k)
        risky = inputs_of(name)["escalation_risk"] > 0
        assert (out["nuclear"][risky] > 0).all()


def test_evaluate_is_a_pure_kernel_over_batches_of_draws():
    """Draws streamed in two chunks give the same per-draw probabilities as one batch (issue
    17 will stream draws through evaluate)."""
    s = load_scenario("nato_baltic")
    n = 1000
    u = {p: stream(4, p, n) for p in uncertain_paths(s)}
    whole = evaluate(s, u, n, CAL, secondary=False)
    first = evaluate(s, {k: v[:600] for k, v in u.items()}, 600, CAL, secondary=False)
    rest = evaluate(s, {k: v[600:] for k, v in u.items()}, 400, CAL, secondary=False)
    for k in CLASSES:
        np.testing.assert_array_equal(
            whole.probs[k], np.concatenate([first.probs[k], rest.probs[k]])
        )


def test_failure_causes_add_up_to_the_failure_probability():
    s = load_scenario("korea_1950")
    u = {p: stream(2, p, 800) for p in uncertain_paths(s)}
    b = evaluate(s, u, 800, CAL, secondary=False)
    total = sum(b.causes.values())
    np.testing.assert_allclose(total, 1 - b.probs["success"], atol=1e-12)
    assert all((v >= -1e-12).all() for v in b.causes.values())


def test_central_point_solves_the_registered_primary_model():
    """The game tree in the report is the registered primary model solved by the engine (agent
    QRE at the calibration's precision) at the central point; it agrees with the closed form."""
    s = load_scenario("cuban_missile_crisis")
    r = analyze_scenario(s, draws=200, seed=0, sensitivity=False, calibration="handset")
    sol = r.central_solution()
    assert sol.model.name == "crisis_compellence" and sol.method == "qre"
    closed = cg.logit_probabilities(sol.params, CAL["precision"])
    for k, label in OUTCOME_LABELS["compellence"].items():
        np.testing.assert_allclose(sol.solution.outcome_prob(label), closed[k], atol=1e-12)
    assert r.central["model_outcome"] in OUTCOME_LABELS["compellence"].values()
