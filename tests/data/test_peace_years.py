"""Peace years (spells) and their time terms."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.data import add_mid_onsets, add_peace_years, bspline_basis, dyad_years, peace_spells
from detente.errors import InputError


def test_spells_count_peaceful_observations_since_the_last_event() -> None:
    """``stevemisc::ps_spells(ongoing = FALSE)`` semantics (Miller 2022, add_peace_years()):
    0 at a unit's first year and the year after an event, +1 otherwise; the event year
    carries the count before it."""
    frame = pd.DataFrame(
        {
            "ccode1": [2] * 6 + [20] * 3,
            "ccode2": [20] * 6 + [40] * 3,
            "year": [1900, 1901, 1902, 1903, 1904, 1905, 1900, 1901, 1902],
            "cowmidongoing": [0, 0, 1, 1, 0, 0, 1, 0, 0],
        }
    )
    shuffled = frame.sample(frac=1.0, random_state=3)
    out = add_peace_years(shuffled).sort_index()
    assert out["cowmidspell"].tolist() == [0, 1, 2, 0, 0, 1, 0, 0, 1]


def test_iran_iraq_war_years_have_zero_peace_years(
    states: pd.DataFrame, cow_frames: dict[str, pd.DataFrame]
) -> None:
    """Iran (630) and Iraq (645): MID 2115 (the Iran-Iraq War) ran 1980-1988, so peace years
    computed on ongoing disputes are 0 in 1981-1988 (peacesciencer ``add_spells()``
    documentation, Miller 2022)."""
    dyads = dyad_years(states, 1970, 2010)
    dyads = add_mid_onsets(dyads, cow_frames["cow_mid_dirdisps"], cow_frames["cow_mid_disps"])
    dyads = dyads[dyads["year"] <= 2014]
    out = add_peace_years(dyads)
    pair = out[(out["ccode1"] == 630) & (out["ccode2"] == 645)].set_index("year")
    assert (pair.loc[1981:1988, "cowmidspell"] == 0).all()


def test_missing_event_is_an_error_naming_the_years() -> None:
    frame = pd.DataFrame(
        {"ccode1": [2, 2], "ccode2": [20, 20], "year": [2014, 2015], "cowmidongoing": [0, np.nan]}
    )
    with pytest.raises(InputError, match=r"missing in 1 row.*2015"):
        add_peace_years(frame)


def test_cubic_and_spline_terms() -> None:
    frame = pd.DataFrame(
        {"ccode": [1] * 12, "year": range(1900, 1912), "war": [0] * 5 + [1] + [0] * 6}
    )
    cubic = add_peace_years(frame, event="war", time_terms="cubic", name="peace")
    assert (cubic["peace3"] == cubic["peace"] ** 3).all()
    splines = add_peace_years(frame, event="war", time_terms="splines", spline_df=4)
    basis = splines[[f"war_spell_bs{j}" for j in range(1, 5)]].to_numpy()
    assert basis.shape == (12, 4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1000), min_size=3, max_size=60), st.integers(3, 6))
def test_bspline_basis_is_a_partition_of_unity_without_its_first_column(
    values: list[float], df: int
) -> None:
    x = np.asarray(values)
    interior = np.quantile(x, np.linspace(0, 1, df - 1)[1:-1])
    if np.ptp(x) > 0:  # knots a 1e-12 share of the range apart are one knot (KNOT_DIGITS)
        u = np.round((interior - x.min()) / np.ptp(x), 12)
        interior = x.min() + u * np.ptp(x)
    degenerate = interior.size and (interior.min() <= x.min() or interior.max() >= x.max())
    if np.ptp(x) == 0 or degenerate:
        with pytest.raises(InputError):
            bspline_basis(x, df=df)
        return
    basis = bspline_basis(x, df=df)
    assert basis.shape == (len(x), df)
    assert (basis >= -1e-12).all() and (basis.sum(axis=1) <= 1 + 1e-9).all()
    assert basis[np.argmax(x), -1] == pytest.approx(1.0)  # R: last basis is 1 at max(x)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 1)), min_size=1, max_size=80))
def test_spell_resets_after_an_event_and_grows_by_one_otherwise(
    rows: list[tuple[int, int]],
) -> None:
    units = np.array([u for u, _ in rows])
    events = np.array([e for _, e in rows])
    years = np.arange(len(rows))  # increasing within every unit
    spells = peace_spells(units, years, events)
    for unit in np.unique(units):
        idx = np.flatnonzero(units == unit)
        assert spells[idx[0]] == 0
        for prev, cur in itertools.pairwise(idx):
            assert spells[cur] == (0 if events[prev] == 1 else spells[prev] + 1)


def test_bspline_basis_stays_finite_on_a_subnormal_range() -> None:
    """Hypothesis found spells ``[0, 0, 5e-324]`` gave NaN rows: de Boor's ratios divide by
    knot gaps, which underflow; the basis is affine invariant, so it is computed on [0, 1].
    With no interior knots the last column is 1 at the maximum and 0 at the minimum
    (clamped cubic B-splines; R ``splines::bs``)."""
    basis = bspline_basis(np.array([0.0, 0.0, 5e-324]), df=3)
    assert np.isfinite(basis).all()
    assert basis[2].tolist() == [0.0, 0.0, 1.0]
    assert basis[0].tolist() == [0.0, 0.0, 0.0]
