"""Crisis deterrence and compellence with settlement: closed forms against the engine.

The closed-form agent logit QRE (statistical backward induction, Signorino 1999) must equal
the engine's generic ``solve_qre``; as the precision grows it must tend to the engine's
``solve_spe`` (McKelvey & Palfrey 1998, Theorem 4); and the comparative statics of the
credibility problem (Schelling 1966, ch. 2; Powell 1990) must hold.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente.models as dm
from detente.models.library import coercion_game as cg

NAMES = ("crisis_deterrence", "crisis_compellence")


def random_params(model, n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {}
    for k, s in model.specs().items():
        lo, hi = max(s["lo"], -3.0), min(s["hi"], 2.0)
        out[k] = rng.uniform(lo, hi, n)
    return out


def engine_classes(model, solution) -> dict[str, np.ndarray]:
    roles = {v: k for k, v in _roles(model).labels.items()}
    out = {k: 0.0 for k in cg.CLASSES}
    for label in solution.outcome_labels:
        out[roles[label]] = out[roles[label]] + solution.outcome_prob(label)
    return out


def _roles(model) -> cg.Roles:
    import importlib

    return importlib.import_module(model.build.__module__).ROLES


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lam", [0.0, 0.7, 4.0, 25.0])
def test_closed_form_logit_equals_engine_qre(name, lam):
    """Statistical backward induction (Signorino 1999) in closed form equals the engine's
    generic agent-QRE recursion on 500 random parameter points."""
    model = dm.get(name)
    p = random_params(model, 500, seed=1)
    engine = model.solve(p, method="qre", lam=lam).solution
    closed = cg.logit_probabilities(p, lam)
    for k, v in engine_classes(model, engine).items():
        np.testing.assert_allclose(closed[k], v, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_logit_tends_to_the_subgame_perfect_outcome_as_precision_grows(name):
    """McKelvey & Palfrey (1998, Theorem 4): the logit QRE tends to a sequential
    equilibrium; here, away from ties, to the engine's SPE outcome probabilities."""
    model = dm.get(name)
    p = random_params(model, 2000, seed=2)
    spe = model.solve(p, method="spe")
    keep = spe.theory.margin > 0.05
    assert keep.mean() > 0.5
    target = engine_classes(model, spe.solution)
    gaps = []
    for lam in (10.0, 100.0, 3000.0):
        closed = cg.logit_probabilities(p, lam)
        gaps.append(max(np.abs(closed[k] - target[k])[keep].max() for k in cg.CLASSES))
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-6


@pytest.mark.parametrize("name", NAMES)
def test_closed_form_spe_equals_engine_spe(name):
    """Backward induction by hand (spe_probabilities) against the engine's solver."""
    model = dm.get(name)
    p = random_params(model, 3000, seed=3)
    spe = model.solve(p, method="spe")
    closed = cg.spe_probabilities(p)
    keep = closed["margin"] > 1e-9
    for k, v in engine_classes(model, spe.solution).items():
        np.testing.assert_allclose(closed[k][keep], v[keep], atol=1e-12)


def test_an_incredible_threat_does_not_deter():
    """Schelling (1966, ch. 2): a threat to fight a war worse for the threatener than
    conceding is not believed. Complete information (rho = 1); a Challenger that would fight
    rather than back down (back_c = -2 < its war payoff -1.2) and no compromise the Defender
    prefers to conceding (deal_h = -1.2 < concede_h = -1). With a war payoff of -2 the
    Defender would concede, so the Challenger challenges and prevails; with -0.5 the Defender
    would fight, so the Challenger, facing war (-1.2 < 0), is deterred."""
    model = dm.get("crisis_deterrence")
    base = {
        "rho": 1.0,
        "concede_h": -1.0,
        "deal_h": -1.2,
        "war_c": -1.0,
        "nuc_c": -3.0,
        "back_c": -2.0,
        "r": 0.1,
    }
    incredible = model.solve({**base, "war_h": -2.0, "nuc_h": -4.0}).point()
    assert incredible["outcome"] == incredible["theory"]["outcome"] == "Challenger prevails"
    assert incredible["theory"]["credibility"] == 0.0
    credible = model.solve({**base, "war_h": -0.5, "nuc_h": -0.8}).point()
    assert credible["outcome"] == credible["theory"]["outcome"] == "Deterrence holds"
    assert credible["theory"]["press"] == 0.0 and credible["theory"]["credibility"] == 1.0


@settings(max_examples=60, deadline=None)
@given(
    war_d=st.floats(-3, 1),
    cut=st.floats(0.05, 2),
    lam=st.floats(0.5, 40),
    r=st.floats(0.0, 0.9),
    rho=st.floats(0, 1),
)
def test_defender_costlier_war_never_raises_credibility_or_lowers_prevailing(
    war_d, cut, lam, r, rho
):
    """Powell (1990): the costlier war is to the threatener, the less credible its threat.
    Lowering the Defender's war payoffs (and nuclear payoffs, both types) lowers the
    probability that it does not concede, and raises P(Challenger prevails), at every logit
    precision."""
    p = dm.get("crisis_deterrence").defaults() | {"war_h": war_d, "war_s": war_d - 0.5}
    p |= {"r": r, "rho": rho}
    low = p | {k: p[k] - cut for k in ("war_h", "war_s", "nuc_h", "nuc_s")}
    a, b = cg.logit_probabilities(p, lam), cg.logit_probabilities(low, lam)
    assert b["credibility"] <= a["credibility"] + 1e-12
    assert b["prevails"] >= a["prevails"] - 1e-12


def test_misperceiving_challenger_equals_composition_of_two_engine_solutions():
    """Misperception: the Challenger's first move answers its belief about the Defender,
    every later move the truth. The closed form equals the engine's QRE at the believed
    parameters (first move) composed with the QRE at the true ones (conditional play)."""
    model = dm.get("crisis_deterrence")
    p = random_params(model, 400, seed=4)
    belief = {"rho": np.clip(p["rho"] - 0.4, 0, 1), "concede_s": p["concede_s"] + 0.5}
    lam = 3.0
    seen = model.solve(p | belief, method="qre", lam=lam).solution
    true = model.solve(p, method="qre", lam=lam).solution
    press_seen = 1 - seen.strategy[..., 0]  # first action of the root: status quo
    press_true = 1 - true.strategy[..., 0]
    roles = _roles(model)
    sq = true.terminal_probs[..., 0]  # the status-quo terminal is listed first
    closed = cg.logit_probabilities(p, lam, belief=belief)
    for k in cg.CLASSES:
        total = true.outcome_prob(roles.labels[k])
        after = total - (sq if k == "success" else 0.0)
        expected = (1 - press_seen) * (k == "success") + press_seen * after / press_true
        np.testing.assert_allclose(closed[k], expected, atol=1e-10)
    np.testing.assert_allclose(closed["press"], press_seen, atol=1e-12)


def test_a_visible_compliance_cost_makes_compellence_harder():
    """Schelling (1966, ch. 2); Sechser (2011): compliance is costlier when it is seen.
    Lowering the Target's payoffs of complying (at once and late) by the same amount lowers
    P(Target complies), in the SPE and at every logit precision tried."""
    model = dm.get("crisis_compellence")
    p = model.defaults() | {"yield_c": -0.5, "back_c": -0.7, "deal_c": -0.9}
    costs = np.linspace(0.0, 1.0, 21)
    q = p | {"yield_c": p["yield_c"] - costs, "back_c": p["back_c"] - costs}
    for lam in (1.0, 5.0, 50.0):
        comply = cg.logit_probabilities(q, lam)["success"]
        assert np.all(np.diff(comply) <= 1e-12) and comply[-1] < comply[0]
    spe = model.solve(q, method="spe").theory.values["p_success"]
    assert np.all(np.diff(spe) <= 0) and spe[-1] < spe[0]


def test_probabilities_sum_to_one_and_are_never_zero_at_finite_precision():
    model = dm.get("crisis_deterrence")
    p = random_params(model, 1000, seed=5) | {"a": 0.5, "r": 0.2, "rho": 0.5}
    out = cg.logit_probabilities(p, 8.0)
    total = sum(out[k] for k in cg.CLASSES)
    np.testing.assert_allclose(total, 1.0, atol=1e-12)
    assert all((out[k] > 0).all() for k in cg.CLASSES)


def test_classes_given_a_challenge_are_the_conditional_probabilities():
    """What a record selected on a challenge observes (an ICB crisis has been triggered):
    P(class | the first mover pressed) sums to 1 and equals the unconditional probability
    less the no-challenge part, divided by P(press)."""
    model = dm.get("crisis_deterrence")
    p = random_params(model, 500, seed=6)
    out = cg.logit_probabilities(p, 4.0, belief={"rho": np.clip(p["rho"] - 0.3, 0, 1)})
    total = sum(out[f"{k}_if_pressed"] for k in cg.CLASSES)
    np.testing.assert_allclose(total, 1.0, atol=1e-12)
    ok = out["press"] > 1e-3  # elsewhere the division loses digits to cancellation
    for k in cg.CLASSES:
        no_press = (1 - out["press"]) * (k == "success")
        np.testing.assert_allclose(
            out[f"{k}_if_pressed"][ok], ((out[k] - no_press) / out["press"])[ok], atol=1e-9
        )
