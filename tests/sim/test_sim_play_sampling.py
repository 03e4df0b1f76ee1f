"""Sampled plays follow the equilibrium and nature's true probabilities."""

from __future__ import annotations

import numpy as np

from detente.games import solve_spe
from detente.models import get
from detente.sim.play_sampling import sample_terminals


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
