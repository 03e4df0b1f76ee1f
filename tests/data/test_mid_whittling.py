"""MID onsets on dyad-years and the documented whittling of multiple disputes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detente.data import DataCoverageWarning, add_mid_onsets, dyad_years, whittle_disputes
from detente.errors import InputError

KEYS = ["ccode1", "ccode2", "year"]


@pytest.fixture(scope="session")
def whittled(cow_frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return whittle_disputes(cow_frames["cow_mid_dirdisps"], cow_frames["cow_mid_disps"])


def test_whittling_reproduces_peacesciencer_cow_mid_ddydisps(
    whittled: pd.DataFrame, cow_frames: dict[str, pd.DataFrame]
) -> None:
    """Whittling MID 5.0 directed dispute-years reproduces peacesciencer's ``cow_mid_ddydisps``
    (Miller 2022; data-raw/cow_mid_ddydisps.R): the same 10,234 directed dyad-years, the same
    dispute kept in each, the same onset/ongoing indicators (6,924 onsets)."""
    reference = cow_frames["cow_mid_ddydisps"].sort_values(KEYS).reset_index(drop=True)
    assert len(whittled) == len(reference) == 10_234
    columns = [*KEYS, "dispnum", "cowmidonset", "cowmidongoing"]
    pd.testing.assert_frame_equal(
        whittled[columns].astype("int64"), reference[columns].astype("int64")
    )
    assert int(whittled["cowmidonset"].sum()) == 6_924


def test_france_italy_1860(whittled: pd.DataFrame) -> None:
    """France (220) and Italy (325) had three MID onsets in 1860 (MIDs 112, 113, 306;
    peacesciencer ``add_cow_mids()`` documentation). 112 and 113 both reach war (hostlev 5)
    and have the same fatality; 113 lasted longer (mindur), so it is kept."""
    row = whittled[(whittled["ccode1"] == 220) & (whittled["ccode2"] == 325)]
    assert row.loc[row["year"] == 1860, "dispnum"].item() == 113


def test_rules_apply_in_order() -> None:
    years = pd.DataFrame(
        {
            "dispnum": [1, 2, 3, 4, 5, 6],
            "ccode1": [2, 2, 2, 2, 2, 2],
            "ccode2": [20, 20, 40, 40, 70, 70],
            "year": [1900] * 6,
            "disponset": [0, 1, 1, 1, 1, 1],
            "dispongoing": [1] * 6,
        }
    )
    disputes = pd.DataFrame(
        {
            "dispnum": [1, 2, 3, 4, 5, 6],
            # 1 has the higher fatality but is not an onset: 2 wins by rule 1
            "fatality": [6, 0, np.nan, 1, 0, 0],
            "hostlev": [5, 2, 4, 2, 3, 3],
            "mindur": [1, 1, 1, 1, 10, 10],
            "maxdur": [1, 1, 1, 1, 10, 10],
            "recip": [0, 0, 0, 0, 0, 1],
            "stmon": [1, 1, 1, 1, 1, 1],
        }
    )
    out = whittle_disputes(years, disputes).set_index("ccode2")["dispnum"]
    assert out[20] == 2  # onset first
    assert out[40] == 4  # fatality 1 beats unknown fatality (ranked 0.5)
    assert out[70] == 6  # all else equal, reciprocated


def test_add_mid_onsets_fills_zero_inside_coverage_and_warns_outside(
    states: pd.DataFrame, cow_frames: dict[str, pd.DataFrame]
) -> None:
    dyads = dyad_years(states, 2013, 2016)
    with pytest.warns(DataCoverageWarning, match=r"2015, 2016"):
        out = add_mid_onsets(dyads, cow_frames["cow_mid_dirdisps"], cow_frames["cow_mid_disps"])
    assert len(out) == len(dyads)
    inside = out["year"] <= 2014
    assert out.loc[inside, "cowmidonset"].isin([0, 1]).all()
    assert out.loc[~inside, "cowmidonset"].isna().all()
    assert out.loc[inside, "cowmidonset"].sum() > 0


def test_gml_dyad_years_merge_directly(
    states: pd.DataFrame, cow_frames: dict[str, pd.DataFrame]
) -> None:
    dyads = dyad_years(states, 1990, 2000)
    gml = cow_frames["gml_mid_ddydisps"]
    out = add_mid_onsets(dyads, gml, prefix="gmlmid")
    expected = gml[(gml["year"].between(1990, 2000)) & (gml["ccode1"] < gml["ccode2"])]
    assert out["gmlmidonset"].sum() == expected["gmlmidonset"].sum()


def test_missing_dispute_fields_are_named() -> None:
    years = pd.DataFrame(
        {
            "dispnum": [1],
            "ccode1": [2],
            "ccode2": [20],
            "year": [1900],
            "disponset": [1],
            "dispongoing": [1],
        }
    )
    with pytest.raises(InputError, match=r"fatality.*cow_mid_disps"):
        whittle_disputes(years)
