"""Alliance-portfolio similarity: Signorino-Ritter S and tau-b, per dyad-year."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from detente.data import (
    ATOP_TIE_LEVELS,
    DataCoverageWarning,
    add_alliance_similarity,
    compute_cinc,
    dyad_years,
    s_score,
    state_years,
    tau_b,
)

levels = st.integers(0, 3)


@settings(max_examples=100, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 4), st.integers(2, 15)), elements=levels))
def test_s_score_lies_in_minus_one_one_and_s_of_a_portfolio_with_itself_is_one(
    portfolios: np.ndarray,
) -> None:
    """Signorino and Ritter (1999): S in [-1, 1], S(i, i) = 1, S symmetric."""
    a = portfolios[:, None, :]
    b = portfolios[None, :, :]
    s = s_score(a, b)
    assert ((s >= -1 - 1e-12) & (s <= 1 + 1e-12)).all()
    np.testing.assert_allclose(np.diag(s), 1.0)
    np.testing.assert_allclose(s, s.T)


def test_s_score_extremes() -> None:
    """Maximal disagreement on every member gives S = -1 (Signorino and Ritter 1999)."""
    assert s_score(np.array([3, 0, 3]), np.array([0, 3, 0]))[()] == pytest.approx(-1.0)
    weights = np.array([0.5, 0.25, 0.25])
    assert s_score(np.array([3, 0, 0]), np.array([3, 3, 0]), weights=weights) == pytest.approx(
        1 - 2 * 0.25
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(levels, levels), min_size=2, max_size=25))
def test_tau_b_equals_scipy_kendall_tau_b(pairs: list[tuple[int, int]]) -> None:
    a = np.array([p[0] for p in pairs], dtype=float)
    b = np.array([p[1] for p in pairs], dtype=float)
    ours = tau_b(a, b)
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        assert np.isnan(ours)
        return
    reference = stats.kendalltau(a, b, variant="b").statistic
    assert ours == pytest.approx(reference, abs=1e-12)


def _random_system(seed: int, n_states: int, n_years: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    rows = []
    for year in range(2000, 2000 + n_years):
        codes = np.sort(rng.choice(np.arange(2, 60), size=n_states, replace=False))
        for code in codes:
            rows.append((int(code), year))
    system = pd.DataFrame(rows, columns=["ccode", "year"])
    pledges = []
    for year, members in system.groupby("year")["ccode"]:
        codes = members.to_numpy()
        for i in codes:
            for j in codes:
                if i != j and rng.random() < 0.3:
                    flags = rng.random(5) < 0.4
                    pledges.append((int(i), int(j), int(year), *flags.astype(int)))
    atop = pd.DataFrame(pledges, columns=["ccode1", "ccode2", "year", *ATOP_TIE_LEVELS])
    return system, atop


def _dense_portfolios(system: pd.DataFrame, atop: pd.DataFrame, year: int) -> tuple:
    codes = np.sort(system.loc[system["year"] == year, "ccode"].to_numpy())
    index = {c: k for k, c in enumerate(codes)}
    ties = np.zeros((len(codes), len(codes)))
    for row in atop[atop["year"] == year].itertuples():
        level = max(
            [ATOP_TIE_LEVELS[c] for c in ATOP_TIE_LEVELS if getattr(row, c) == 1], default=0
        )
        i, j = index[row.ccode1], index[row.ccode2]
        ties[i, j] = ties[j, i] = max(ties[i, j], level)
    np.fill_diagonal(ties, 3)
    return codes, ties


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 9), st.integers(1, 3))
def test_sparse_dyad_year_path_equals_dense_portfolios(seed: int, n: int, n_years: int) -> None:
    system, atop = _random_system(seed, n, n_years)
    if atop.empty:
        return
    weights = system.assign(cinc=np.random.default_rng(seed).random(len(system)))
    dyads = pd.DataFrame(
        [(i, j, y) for y, g in system.groupby("year") for i in g["ccode"] for j in g["ccode"]],
        columns=["ccode1", "ccode2", "year"],
    )
    first, last = atop["year"].min(), atop["year"].max()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataCoverageWarning)  # years without any pledge
        out = add_alliance_similarity(dyads, atop, system, weights=weights)
    outside = ~out["year"].between(first, last)
    assert out.loc[outside, "alliance_s"].isna().all()
    for year in system["year"].unique():
        if not first <= year <= last:
            continue
        codes, ties = _dense_portfolios(system, atop, year)
        w = weights[weights["year"] == year].sort_values("ccode")["cinc"].to_numpy()
        block = out[out["year"] == year]
        i = np.searchsorted(codes, block["ccode1"].to_numpy())
        j = np.searchsorted(codes, block["ccode2"].to_numpy())
        np.testing.assert_allclose(block["alliance_s"], s_score(ties[i], ties[j]), atol=1e-12)
        np.testing.assert_allclose(
            block["alliance_s_weighted"], s_score(ties[i], ties[j], weights=w), atol=1e-12
        )
        np.testing.assert_allclose(
            block["alliance_taub"], tau_b(ties[i], ties[j]), atol=1e-12, equal_nan=True
        )


def test_cold_war_portfolios(states: pd.DataFrame, cow_frames: dict[str, pd.DataFrame]) -> None:
    """In 1960 (ATOP 5.1) the United States' alliance portfolio is more similar to the United
    Kingdom's (NATO allies) than to the Soviet Union's, by S and by tau-b."""
    system = state_years(states, 1955, 1965)
    dyads = dyad_years(states, 1955, 1965)
    weights = compute_cinc(cow_frames["cow_nmc_v7"])
    out = add_alliance_similarity(dyads, cow_frames["atop_alliance"], system, weights=weights)
    us = out[(out["ccode1"] == 2) & (out["year"] == 1960)].set_index("ccode2")
    for column in ("alliance_s", "alliance_taub", "alliance_s_weighted"):
        assert us.loc[200, column] > us.loc[365, column]
    assert out["alliance_s"].between(-1, 1).all()
