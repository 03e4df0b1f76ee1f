"""Audience costs, tying hands and sinking costs against Fearon (1994, 1997)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

import detente.models as dm
from detente.models.library.audience_costs import (
    CLASSES,
    SEP_HANDS,
    SEP_SUNK,
    fights_after_threat,
    message_class,
    mobilization_cutoff_uniform,
    threat_cutoff_uniform,
)

MODEL = dm.get("audience_costs")
EXISTS = [f"{c.split(': ')[1].replace(' ', '_')}_exists" for c in CLASSES]


def engine_classes(result) -> np.ndarray:
    """(points, classes) boolean: which PBE classes the engine finds at each point."""
    sol = result.solution
    names = [h.name for h in sol.game.infosets]
    acts = {
        h.name: np.asarray(h.actions, dtype=object)[sol.profiles[:, names.index(h.name)]]
        for h in sol.game.infosets
    }
    cls = np.array(
        [
            CLASSES.index(message_class(hi, lo))
            for hi, lo in zip(acts["high Defender"], acts["low Defender"], strict=True)
        ]
    )
    eq = sol.is_equilibrium.reshape(-1, sol.profiles.shape[0])
    return np.stack([(eq & (cls == c)).any(axis=1) for c in range(len(CLASSES))], 1)


def chosen_action(result, infoset: str) -> np.ndarray:
    """(points, profiles) action label at ``infoset`` (only meaningful where equilibrium)."""
    sol = result.solution
    j = [h.name for h in sol.game.infosets].index(infoset)
    return np.asarray(sol.game.infosets[j].actions, dtype=object)[sol.profiles[:, j]]


def test_defender_fights_after_a_threat_iff_v_at_least_c_minus_a():
    """Fearon (1994): audience costs make backing down costly, so a Defender pressed after a
    public threat fights iff v >= c_D - a; in every PBE the engine finds, on a v x a x c_D
    grid, both types' fighting decisions follow this rule. After mobilizing (a sunk cost) it
    fights iff v >= c_D (Fearon 1997: sunk costs do not change ex-post resolve)."""
    v, a, c = np.meshgrid(
        np.linspace(0.03, 0.97, 9), np.linspace(0.05, 1.45, 8), np.linspace(0.1, 1.4, 7)
    )
    r = MODEL.solve({"v_high": v, "v_low": v / 3, "a": a, "c_d": c})
    eq = r.solution.is_equilibrium.reshape(-1, r.solution.profiles.shape[0])
    assert eq.any(axis=1).mean() > 0.8  # elsewhere only mixed equilibria exist
    for kind, val in (("high", v), ("low", v / 3)):
        want_t = fights_after_threat(val, c, a).reshape(-1)
        want_m = (val >= c).reshape(-1)
        keep = (np.abs(val - c + a) > 1e-6).reshape(-1)
        fight_t = chosen_action(r, f"{kind} Defender pressed after threat") == "fight"
        fight_m = chosen_action(r, f"{kind} Defender pressed after mobilization") == "fight"
        agree_t = np.where(eq, fight_t[None, :] == want_t[:, None], True).all(axis=1)
        agree_m = np.where(eq, fight_m[None, :] == want_m[:, None], True).all(axis=1)
        assert agree_t[keep].all() and agree_m[np.abs(val - c).reshape(-1) > 1e-6].all()
    # with v ~ U[0, 1]: the probability of fighting after a threat is 1 - (c_D - a)
    th = MODEL.solve({"a": 0.3, "c_d": 0.8}).theory.point()
    assert th["uniform_fight_probability_after_threat"] == pytest.approx(0.5)
    assert th["fight_cutoff"] == pytest.approx(0.5)


def test_tying_hands_separates_iff_high_type_fights_and_low_type_will_not_bluff():
    """Separating PBE by audience costs (high threatens, low concedes, threats deter the
    opportunistic Challenger): the threat must be real, v_high >= c_D - a, and a bluff must
    not pay the low type, (1 - theta) v_low + theta max(v_low - c_D, -a) <= 0 (mobilizing
    made too expensive to matter, k = 1.4). Engine and closed form on an a x v_low grid."""
    a, vl = np.meshgrid(np.linspace(0.02, 1.48, 21), np.linspace(0.01, 0.6, 17))
    th, c, vh = 0.27, 0.83, 0.8
    r = MODEL.solve({"a": a, "v_low": vl, "k": 1.4, "theta": th, "c_d": c, "v_high": vh})
    bluff = (1 - th) * vl + th * np.maximum(vl - c, -a)
    expected = (vh >= c - a) & (bluff <= 0) & (vh - th * c >= 0)
    found = engine_classes(r)[:, CLASSES.index(SEP_HANDS)].reshape(a.shape)
    np.testing.assert_array_equal(found, expected)
    np.testing.assert_array_equal(r.theory.values["high_type_ties_hands_exists"], expected)
    assert expected.any() and not expected.all()


def test_sinking_costs_separate_only_if_high_type_fights_and_cost_deters_mimicry():
    """Separating PBE by sunk costs (high mobilizes, low concedes): necessary conditions are
    v_high >= c_D (sunk costs create no resolve), v_high - theta c_D - k >= 0, and
    (1 - theta) v_low + theta max(v_low - c_D, 0) <= k (Fearon 1997: the signal must cost
    more than a bluffer gains). The engine finds it exactly where the closed form does."""
    k, vl = np.meshgrid(np.linspace(0.01, 0.99, 21), np.linspace(0.02, 0.7, 15))
    th, c, vh = 0.3, 0.6, 0.95
    r = MODEL.solve({"k": k, "v_low": vl, "a": 0.0, "theta": th, "c_d": c, "v_high": vh})
    found = engine_classes(r)[:, CLASSES.index(SEP_SUNK)].reshape(k.shape)
    np.testing.assert_array_equal(found, r.theory.values["high_type_sinks_costs_exists"])
    necessary = (vh >= c) & (vh - th * c - k >= 0)
    necessary &= (1 - th) * vl + th * np.maximum(vl - c, 0) <= k
    assert found.any() and not (found & ~necessary).any()


def test_all_pure_pbe_are_found_each_with_its_beliefs():
    """On 300 random points away from boundaries, the engine finds exactly the PBE classes
    the closed form predicts (every class, not only the selected one); every equilibrium
    reports the Challenger's belief at both information sets, equal to Bayes' rule on the
    path (1 or 0 when the types separate, the prior when they pool)."""
    rng = np.random.default_rng(4)
    specs = MODEL.specs()
    params = {k: rng.uniform(s["lo"], s["hi"], 300) for k, s in specs.items()}
    r = MODEL.solve(params)
    keep = r.theory.margin > 1e-4
    expected = np.stack([r.theory.values[k] for k in EXISTS], 1)
    np.testing.assert_array_equal(engine_classes(r)[keep], expected[keep])
    for i in np.flatnonzero(keep)[:40]:
        for e in r.solution.equilibria(int(i)):
            for m, msg in (("threat", "threaten"), ("mobilization", "mobilize")):
                b = e.beliefs[f"Challenger after {m}"][f"Challenger: high Defender, {m}"]
                if not e.on_path[f"Challenger after {m}"]:
                    assert isinstance(b, tuple)
                    continue
                who = [t for t in ("high", "low") if e.strategy[f"{t} Defender"] == msg]
                want = {("high",): 1.0, ("low",): 0.0}.get(tuple(who), params["p_high"][i])
                assert b == pytest.approx(want)


def test_engine_equals_closed_form_on_a_grid_away_from_boundaries():
    g = np.meshgrid(
        np.linspace(0.05, 1.45, 6),
        np.linspace(0.05, 1.45, 6),
        np.linspace(0.05, 0.95, 5),
        np.linspace(0.1, 0.9, 5),
        indexing="ij",
    )
    r = MODEL.solve({"a": g[0], "k": g[1], "v_low": g[2], "p_high": g[3], "c_d": 0.6})
    keep = r.theory.margin > 1e-4
    assert keep.mean() > 0.7
    assert r.agrees_with_theory[keep].all()
    assert {SEP_HANDS, SEP_SUNK} <= set(np.unique(r.outcome))


def test_uniform_type_cutoffs_match_brute_force_and_no_bluffing_condition():
    """v ~ U[0, 1], Challenger backing down after threats: the Defender threatens iff
    (1 - theta) v + theta max(v - c_D, -a) >= 0; the threat set is [cutoff, 1] with
    cutoff = theta min(a/(1 - theta), c_D), and no threatening type bluffs (all have
    v >= c_D - a) iff a >= (1 - theta) c_D (Fearon 1997's no-bluffing result, derived here
    for this game). Mobilization likewise with cutoff min(k/(1 - theta), theta c_D + k)."""
    v = np.linspace(0, 1, 20001)[:, None]
    a, c, th, k = np.meshgrid(
        np.linspace(0, 1.2, 7), np.linspace(0.1, 1.2, 6), [0.1, 0.4, 0.8], [0.1, 0.5]
    )
    a, c, th, k = (x.reshape(1, -1) for x in (a, c, th, k))
    threat = (1 - th) * v + th * np.maximum(v - c, -a) >= 0
    lowest = np.where(threat.any(0), v[np.argmax(threat, 0), 0], np.inf)
    cut = threat_cutoff_uniform(a, c, th)[0]
    visible = cut <= 1
    np.testing.assert_allclose(lowest[visible], cut[visible], atol=1e-4)
    assert (threat == (v >= cut)).mean() > 0.9999
    bluffers = (threat & (v < c - a)).any(0)
    np.testing.assert_array_equal(
        bluffers, ~(a >= (1 - th) * c)[0] & (cut < np.minimum(c - a, 1))[0]
    )
    mob = (1 - th) * (v - k) + th * (np.maximum(v - c, 0) - k) >= 0
    mcut = mobilization_cutoff_uniform(k, c, th)[0]
    assert (mob == (v >= mcut)).mean() > 0.9999


def test_cli_model_json_has_theory_and_equilibria_with_beliefs():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from detente.cli.main import run; run()",
            "model",
            "audience_costs",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["outcome"] == SEP_HANDS == data["theory"]["outcome"]
    assert data["theory"]["fight_cutoff"] == pytest.approx(0.33)
    assert len(data["equilibria"]) == 2
    assert all("Challenger after threat" in e["beliefs"] for e in data["equilibria"])
