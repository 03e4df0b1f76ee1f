"""Contiguity, major powers, ATOP alliances, capital distance, rivalries, political relevance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.data import (
    DataCoverageWarning,
    add_alliances,
    add_capital_distance,
    add_contiguity,
    add_democracy,
    add_major_powers,
    add_rivalries,
    dyad_years,
    great_circle_km,
    politically_relevant,
    state_years,
)
from detente.data.capital_distance import EARTH_RADIUS_KM
from detente.errors import InputError


def _pick(frame: pd.DataFrame, c1: int, c2: int, year: int) -> pd.Series:
    row = frame[(frame["ccode1"] == c1) & (frame["ccode2"] == c2) & (frame["year"] == year)]
    assert len(row) == 1
    return row.iloc[0]


def test_contiguity(cow_frames: dict[str, pd.DataFrame]) -> None:
    """COW direct contiguity v3.2 master records (Stinnett et al. 2002): United States-Canada
    share a land border (type 1); United States-Russia are not contiguous until 1958 and
    separated by at most 12 miles of water (type 2) from 1959."""
    dyads = pd.DataFrame(
        {"ccode1": [2, 2, 2, 2], "ccode2": [20, 365, 365, 200], "year": [1950, 1957, 1960, 1960]}
    )
    out = add_contiguity(dyads, cow_frames["cow_contdir"])
    assert out["conttype"].tolist() == [1, 0, 2, 0]


def test_major_powers(cow_frames: dict[str, pd.DataFrame]) -> None:
    """COW major powers v2016: Germany (255) was one until 1945 and again from 1991;
    the United States from 1898."""
    years = pd.DataFrame({"ccode": [255, 255, 255, 2, 2], "year": [1940, 1960, 1995, 1890, 1900]})
    out = add_major_powers(years, cow_frames["cow_majors"])
    assert out["cowmaj"].tolist() == [1, 0, 1, 0, 1]
    dyads = pd.DataFrame({"ccode1": [2], "ccode2": [255], "year": [2020]})
    with pytest.warns(DataCoverageWarning, match="2020"):
        out = add_major_powers(dyads, cow_frames["cow_majors"])
    assert np.isnan(out.loc[0, "cowmaj1"])


def test_atop_belgium_france_1832(cow_frames: dict[str, pd.DataFrame]) -> None:
    """Belgium (211) and France (220) in 1832: France pledged to defend Belgium, not the
    reverse (peacesciencer ``add_atop_alliance()`` documentation, ATOP 5.1). Directed data keep
    the direction; non-directed data record the pledge either way."""
    atop = cow_frames["atop_alliance"]
    directed = pd.DataFrame({"ccode1": [211, 220], "ccode2": [220, 211], "year": [1832, 1832]})
    out = add_alliances(directed, atop)
    assert out["atop_defense"].tolist() == [0, 1]
    undirected = pd.DataFrame({"ccode1": [211], "ccode2": [220], "year": [1832]})
    assert add_alliances(undirected, atop)["atop_defense"].tolist() == [1]


def test_capital_distance(cow_frames: dict[str, pd.DataFrame]) -> None:
    """Great-circle distances between capitals are close (1%) to the commonly quoted ones:
    Washington-Ottawa about 735 km, Washington-London about 5,900 km."""
    dyads = pd.DataFrame({"ccode1": [2, 2], "ccode2": [20, 200], "year": [1990, 1990]})
    out = add_capital_distance(dyads, cow_frames["cow_capitals"])
    assert out["capdist"].iloc[0] == pytest.approx(735, rel=0.01)
    assert out["capdist"].iloc[1] == pytest.approx(5_900, rel=0.01)


def test_capital_on_january_first(cow_frames: dict[str, pd.DataFrame]) -> None:
    """Brazil moved its capital from Rio de Janeiro to Brasilia on 21 April 1960: 1960 uses
    Rio (the January 1 capital), 1961 Brasilia (peacesciencer's rule)."""
    dyads = pd.DataFrame({"ccode1": [140, 140], "ccode2": [160, 160], "year": [1960, 1961]})
    out = add_capital_distance(dyads, cow_frames["cow_capitals"])
    assert out["capdist"].iloc[0] != pytest.approx(out["capdist"].iloc[1])


def test_great_circle_exact_cases() -> None:
    quarter = great_circle_km(np.array([0.0]), np.array([0.0]), np.array([90.0]), np.array([0.0]))
    assert quarter[0] == pytest.approx(np.pi / 2 * EARTH_RADIUS_KM)
    antipode = great_circle_km(
        np.array([10.0]), np.array([20.0]), np.array([-10.0]), np.array([-160.0])
    )
    assert antipode[0] == pytest.approx(np.pi * EARTH_RADIUS_KM)


@settings(max_examples=100, deadline=None)
@given(st.floats(-89.9, 89.9), st.floats(-180, 180), st.floats(-89.9, 89.9), st.floats(-180, 180))
def test_great_circle_is_symmetric_and_matches_haversine(
    lat1: float, lng1: float, lat2: float, lng2: float
) -> None:
    a = great_circle_km(np.array([lat1]), np.array([lng1]), np.array([lat2]), np.array([lng2]))
    b = great_circle_km(np.array([lat2]), np.array([lng2]), np.array([lat1]), np.array([lng1]))
    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lng2 - lng1) / 2) ** 2
    )
    haversine = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    assert a[0] == pytest.approx(b[0], abs=1e-6)
    assert a[0] == pytest.approx(haversine, abs=1e-3)
    assert 0 <= a[0] <= np.pi * EARTH_RADIUS_KM + 1e-9


def test_rivalries_with_the_austria_adjustment(cow_frames: dict[str, pd.DataFrame]) -> None:
    """Thompson, Sakuwa and Suhas rivalry 76, Austria(-Hungary)-Yugoslavia 1903-1920: after
    1918 it is Austria (305), as in peacesciencer ``add_strategic_rivalries()``."""
    dyads = pd.DataFrame(
        {
            "ccode1": [300, 305, 300, 2],
            "ccode2": [345, 345, 345, 365],
            "year": [1910, 1919, 1919, 1960],
        }
    )
    out = add_rivalries(dyads, cow_frames["tss_rivalries"])
    assert out["ongoingrivalry"].tolist() == [1, 1, 0, 1]
    assert out.loc[0, "rivalry_id"] == 76
    assert out.loc[3, "ideological"] == 1  # US-USSR was an ideological rivalry


def test_thompson_dreyer_rivalries(cow_frames: dict[str, pd.DataFrame]) -> None:
    dyads = pd.DataFrame({"ccode1": [2, 2], "ccode2": [365, 365], "year": [1960, 2012]})
    with pytest.warns(DataCoverageWarning, match="2012"):
        out = add_rivalries(dyads, cow_frames["td_rivalries"])
    assert out.loc[0, "ongoingrivalry"] == 1 and np.isnan(out.loc[1, "ongoingrivalry"])


def test_politically_relevant(states: pd.DataFrame, cow_frames: dict[str, pd.DataFrame]) -> None:
    dyads = dyad_years(states, 1990, 1990)
    dyads = add_major_powers(
        add_contiguity(dyads, cow_frames["cow_contdir"]), cow_frames["cow_majors"]
    )
    relevant = politically_relevant(dyads)
    assert 0 < len(relevant) < len(dyads)
    assert (
        (relevant["conttype"].between(1, 5))
        | (relevant["cowmaj1"] == 1)
        | (relevant["cowmaj2"] == 1)
    ).all()
    majors_1990 = {2, 200, 220, 365, 710}  # COW major powers in 1990
    members = state_years(states, 1990, 1990)
    n = len(members)
    expected_major_dyads = sum(n - 1 - i for i in range(len(majors_1990)))
    with_major = relevant[(relevant["cowmaj1"] == 1) | (relevant["cowmaj2"] == 1)]
    assert len(with_major) == expected_major_dyads
    with pytest.raises(InputError, match="add_contiguity"):
        politically_relevant(dyads.drop(columns="conttype"))


def test_democracy_scores(cow_frames: dict[str, pd.DataFrame]) -> None:
    """Polity IV: the United States has Polity2 = 10 in 2000 (Marshall, Gurr and Jaggers
    2017); dyad-years get one column per side."""
    dyads = pd.DataFrame({"ccode1": [2], "ccode2": [365], "year": [2000]})
    out = add_democracy(dyads, cow_frames["cw_democracy"], measures=["polity2", "v2x_polyarchy"])
    assert out.loc[0, "polity21"] == 10
    assert out.loc[0, "v2x_polyarchy1"] > out.loc[0, "v2x_polyarchy2"]
    states = pd.DataFrame({"ccode": [2], "year": [2000]})
    assert add_democracy(states, cow_frames["cw_democracy"])["polity2"].item() == 10
