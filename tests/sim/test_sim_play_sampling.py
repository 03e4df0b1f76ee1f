"""Sampled plays follow the equilibrium and nature's true probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from detente.games import solve_spe
from detente.models import get
from detente.sim.play_sampling import sample_choice_terminals, sample_terminals


def test_sampled_frequencies_match_terminal_probabilities() -> None:
    """With truth = beliefs, sampled terminal frequencies estimate ``terminal_probs``
    (law of large numbers; 40,000 draws, tolerance 5 standard errors)."""
    model = get("unilateral_deterrence")
    n = 40_000
    params = {k: np.full(n, v) for k, v in model.defaults().items()}
    params["p_def"] = np.full(n, 0.3)
    sol = solve_spe(model.game, params)
    terminal = sample_terminals(model.game, sol.strategy, params, np.random.default_rng(1))
    freq = np.bincount(terminal, minlength=model.game.tables.n_terminals) / n
    expected = sol.terminal_probs[0]
    assert np.all(np.abs(freq - expected) <= 5 * np.sqrt(expected * (1 - expected) / n) + 1e-12)


def test_nature_uses_the_truth_not_the_belief() -> None:
    """A challenger who believes the defender soft demands; a truly hard defender denies."""
    model = get("unilateral_deterrence")
    params = {k: np.full(3, v) for k, v in model.defaults().items()}
    params["p_def"] = np.zeros(3)  # belief: surely soft -> demand
    sol = solve_spe(model.game, params)
    truth = {**params, "p_def": np.ones(3)}  # truth: hard
    terminal = sample_terminals(model.game, sol.strategy, truth, np.random.default_rng(0))
    labels = np.array(model.game.tables.terminal_labels)[terminal]
    assert (labels == "Conflict").all()


def test_compiled_sampler_is_the_inverse_cdf_of_path_products() -> None:
    """The terminal drawn at each point is the inverse CDF, at the point's uniform, of the
    reach probabilities (products of behaviour and chance probabilities along each path),
    computed here with NumPy from the same QRE strategy and uniforms."""
    from detente.games import solve_qre
    from detente.sim.play_sampling import _layout

    model = get("unilateral_deterrence")
    rng = np.random.default_rng(7)
    n = 500
    params = {k: np.full(n, v) for k, v in model.defaults().items()}
    params["p_def"] = rng.random(n)
    params["d_ch"] = rng.normal(0.0, 1.0, n)
    strategy = solve_qre(model.game, params, lam=2.0).strategy  # mixed: every terminal reached
    uniforms = rng.random(n)
    got = sample_terminals(model.game, strategy, params, uniforms=uniforms)
    t = model.game.tables
    edge = np.vstack([strategy.T, t.evaluate_chance(params, n), np.ones((1, n))])
    cum = np.cumsum(edge[_layout(model.game)[0]].prod(axis=1), axis=0)
    expected = np.minimum((cum <= uniforms * cum[-1]).sum(axis=0), t.n_terminals - 1)
    np.testing.assert_array_equal(got, expected)
    assert np.unique(got).size == t.n_terminals


def _spe_models() -> list[str]:
    """Registered models whose game SPE solves (perfect information)."""
    from detente.errors import GameError
    from detente.models import all_models

    names = []
    for model in all_models():
        try:
            solve_spe(model.game, model.defaults())
        except GameError:  # imperfect information: SPE does not apply
            continue
        names.append(model.name)
    return names


@pytest.mark.parametrize("name", _spe_models())
def test_choice_sampler_draws_the_terminals_of_the_one_hot_strategy(name: str) -> None:
    """sample_choice_terminals (from SPE's chosen actions) and sample_terminals (from the
    one-hot ``Solution.strategy``) draw the same terminal at every point with the same
    uniforms: the same products of 1.0/0.0 and chance factors along each path. Parameters
    uniform over each model's allowed range (clipped to +-10), nature at random truths."""
    model = get(name)
    rng = np.random.default_rng(11)
    n = 400
    params = {}
    for key, spec in model.specs().items():
        lo, hi = max(spec["lo"], -10.0), min(spec["hi"], 10.0)
        params[key] = rng.uniform(lo, hi, n) if hi > lo else np.full(n, lo)
    sol = solve_spe(model.game, params)
    truth = {k: rng.permutation(v) for k, v in params.items()}
    uniforms = rng.random(n)
    got = sample_choice_terminals(model.game, sol.choice, truth, uniforms=uniforms)
    expected = sample_terminals(model.game, sol.strategy, truth, uniforms=uniforms)
    np.testing.assert_array_equal(got, expected)


def test_choice_sampler_checks_shapes() -> None:
    """A choice array of the wrong width, or uniforms of the wrong length, is an InputError."""
    from detente.errors import InputError

    model = get("unilateral_deterrence")
    params = {k: np.full(3, v) for k, v in model.defaults().items()}
    sol = solve_spe(model.game, params)
    with pytest.raises(InputError, match="choice must have shape"):
        sample_choice_terminals(model.game, sol.choice[:, :1], params, uniforms=np.zeros(3))
    with pytest.raises(InputError, match="uniforms must have shape"):
        sample_choice_terminals(model.game, sol.choice, params, uniforms=np.zeros(2))
