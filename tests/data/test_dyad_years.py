"""State-years and dyad-years from the COW state system (false dyads removed)."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.data import dyad_years, state_years
from detente.errors import InputError


def test_non_directed_dyad_years_1816_2010(states: pd.DataFrame) -> None:
    """842,655 non-directed COW dyad-years in 1816-2010.

    Source: peacesciencer (Miller 2022), ``create_dyadyears(directed = FALSE)`` on the COW
    state system v2016, subset to 1816-2010, as stated in issue 7.
    """
    dyads = dyad_years(states, 1816, 2010, directed=False)
    assert len(dyads) == 842_655
    assert (dyads["ccode1"] < dyads["ccode2"]).all()
    assert not dyads.duplicated().any()


def test_directed_dyad_years_1816_2016(states: pd.DataFrame) -> None:
    """1,912,290 directed COW dyad-years in 1816-2016.

    Source: peacesciencer (Miller 2022), ``cow_ddy`` / ``create_dyadyears()`` on the COW
    state system v2016.
    """
    assert len(dyad_years(states, 1816, 2016, directed=True)) == 1_912_290


def test_matches_peacesciencer_cow_ddy_row_for_row(states: pd.DataFrame, cow_dir: Path) -> None:
    """Identical rows to peacesciencer's ``cow_ddy`` (Miller 2022) for 1816-2016."""
    with gzip.open(cow_dir / "cow_ddy.csv.gz") as stream:
        reference = pd.read_csv(stream)
    reference = reference[reference["year"] <= 2016]
    ours = dyad_years(states, 1816, 2016, directed=True)
    keys = ["ccode1", "ccode2", "year"]
    reference = reference.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(ours[keys].astype("int64"), reference[keys].astype("int64"))


def test_false_dyads_are_removed(states: pd.DataFrame) -> None:
    """South Vietnam (817) left in April 1975 and Papua New Guinea (910) entered in September
    1975 (COW state system v2016): both were members in 1975 but never on the same day."""
    dyads = dyad_years(states, 1975, 1975)
    pairs = set(zip(dyads["ccode1"], dyads["ccode2"], strict=True))
    assert (817, 910) not in pairs
    assert (2, 817) in pairs and (2, 910) in pairs


def test_state_years(states: pd.DataFrame) -> None:
    """COW State System Membership v2016 lists 195 members at the end of 2016 (COW 2017);
    in all, 15,951 state-years 1816-2016 (computed here, no duplicates)."""
    years = state_years(states)
    assert len(years) == 15_951
    assert (years["year"] == 2016).sum() == 195
    assert not years.duplicated(["ccode", "year"]).any()


def test_years_outside_the_coverage_are_refused(states: pd.DataFrame) -> None:
    with pytest.raises(InputError, match=r"outside the state system's coverage 1816-2016"):
        dyad_years(states, 1800, 1900)
    with pytest.raises(InputError, match=r"lacks column"):
        dyad_years(states.drop(columns="styear"))


@st.composite
def state_systems(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(2, 12))
    rows = []
    for code in draw(st.lists(st.integers(1, 999), min_size=n, max_size=n, unique=True)):
        first = draw(st.integers(1816, 1830))
        last = draw(st.integers(first, 1840))
        rows.append(
            {
                "ccode": code,
                "styear": first,
                "stmonth": draw(st.integers(1, 12)),
                "stday": draw(st.integers(1, 28)),
                "endyear": last,
                "endmonth": draw(st.integers(1, 12)),
                "endday": draw(st.integers(1, 28)),
            }
        )
    frame = pd.DataFrame(rows)
    same_year = frame["styear"] == frame["endyear"]
    frame.loc[same_year, "endmonth"] = 12  # a spell never ends before it starts
    return frame


@settings(max_examples=60, deadline=None)
@given(state_systems(), st.booleans())
def test_directed_count_is_twice_the_non_directed_count(system: pd.DataFrame, _: bool) -> None:
    directed = dyad_years(system, directed=True)
    undirected = dyad_years(system, directed=False)
    assert len(directed) == 2 * len(undirected)
    flipped = directed.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    both = directed.merge(flipped, on=["ccode1", "ccode2", "year"])
    assert len(both) == len(directed)  # symmetric: (a, b) iff (b, a)


@settings(max_examples=60, deadline=None)
@given(state_systems())
def test_every_dyad_year_pairs_two_members_of_that_year(system: pd.DataFrame) -> None:
    members = state_years(system)
    dyads = dyad_years(system)
    for side in ("ccode1", "ccode2"):
        joined = dyads.merge(members, left_on=[side, "year"], right_on=["ccode", "year"])
        assert len(joined) == len(dyads)
    n_per_year = members.groupby("year").size()
    counts = dyads.groupby("year").size()
    upper = (n_per_year * (n_per_year - 1) // 2).loc[counts.index]
    assert (counts.to_numpy() <= upper.to_numpy()).all()
    assert np.all(dyads["ccode1"].to_numpy() < dyads["ccode2"].to_numpy())
