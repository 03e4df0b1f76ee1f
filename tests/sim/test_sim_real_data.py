"""A real-data start from 1816 and the historical comparison (through ``shared_data``)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import numpy as np
import pytest

from detente.sim import InternationalSystem, state_from_data
from detente.sim.stylized_facts import compare_facts, historical_facts, simulated_facts


@pytest.fixture(scope="module")
def cow(shared_data: Path) -> Path:
    return shared_data / "cow"


def test_1816_system_loads_from_cow_and_atop(cow: Path) -> None:
    """COW 1816: 23 system members; major powers UK (200), France (220), Prussia (255),
    Austria-Hungary (300), Russia (365) (COW Major Powers 2016)."""
    state = state_from_data(1816, cow, seed=0)
    assert state.n == 23
    assert set(state.ids[state.major].tolist()) == {200, 220, 255, 300, 365}
    assert np.isclose(state.capability.sum(), 1.0)
    assert (state.allied == state.allied.T).all() and state.allied.any()
    uk, us = np.searchsorted(state.ids, [200, 2])
    assert state.capability[uk] > state.capability[us]
    result = InternationalSystem(state, seed=1, start_period=1816).run(5)
    assert result.summaries["period"].tolist() == [1816, 1817, 1818, 1819, 1820]
    assert set(result.events["challenger"]) <= set(state.ids.tolist())


def test_historical_rates_show_the_contiguity_effect(cow: Path) -> None:
    """Contiguous dyads have far higher MID onset rates than non-contiguous ones
    (Bremer 1992, table 2)."""
    observed = historical_facts(1816, 1914, cow)
    assert observed.loc["contiguous", "rate"] > 3 * observed.loc["noncontiguous", "rate"]
    sim = InternationalSystem(state_from_data(1816, cow, seed=2), seed=2).run(30)
    comparison = compare_facts(simulated_facts(sim.summaries), observed)
    assert np.isfinite(comparison.distance) and comparison.distance >= 0


def test_worked_example_runs_on_a_small_version(
    cow: Path, tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """examples/sim_1816_1914.py (the docs' worked example) with 2 replications of 5 years."""
    argv = [
        "sim_1816_1914.py",
        "--data-dir",
        str(cow),
        "--out",
        str(tmp_path / "run"),
        "--replications",
        "2",
        "--periods",
        "5",
        "--workers",
        "1",
    ]
    monkeypatch.setattr(sys, "argv", argv)
    namespace = runpy.run_path(
        str(repo_root / "examples" / "sim_1816_1914.py"), run_name="__main__"
    )
    comparison = namespace["comparison"]
    assert list(comparison.table.index)[:2] == ["contiguous", "noncontiguous"]
