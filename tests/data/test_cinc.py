"""CINC from the six NMC components (mean of the available shares)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from detente.data import CINC_COMPONENTS, DataCoverageWarning, add_cinc, compute_cinc
from detente.errors import InputError


def test_united_states_1945(cow_frames: dict[str, pd.DataFrame]) -> None:
    """CINC of the United States (ccode 2) in 1945 = 0.38386354.

    Source: COW National Material Capabilities v7.0 (the published ``cinc``), as stated in
    issue 7; computed here from the six components.
    """
    cinc = compute_cinc(cow_frames["cow_nmc_v7"])
    value = cinc.loc[(cinc["ccode"] == 2) & (cinc["year"] == 1945), "cinc"].item()
    assert value == pytest.approx(0.38386354, abs=1e-6)


def test_every_published_cinc_is_reproduced(cow_frames: dict[str, pd.DataFrame]) -> None:
    """All 17,121 state-years of COW NMC v7.0: computed CINC equals the published ``cinc``
    (rounded to 8 decimals in the file) within 1e-7."""
    nmc = cow_frames["cow_nmc_v7"]
    assert len(nmc) == 17_121
    cinc = compute_cinc(nmc)
    np.testing.assert_allclose(cinc["cinc"], nmc["cinc"], atol=1e-7, rtol=0)


def test_mean_of_available_shares() -> None:
    nmc = pd.DataFrame(
        {
            "ccode": [1, 2],
            "year": [1900, 1900],
            "milex": [1.0, 3.0],
            "milper": [np.nan, 5.0],
            "irst": [1.0, 1.0],
            "pec": [2.0, 2.0],
            "tpop": [1.0, 3.0],
            "upop": [1.0, 1.0],
        }
    )
    cinc = compute_cinc(nmc)["cinc"].to_numpy()
    # state 1: milper missing -> mean of 5 shares: (1/4 + 1/2 + 1/2 + 1/4 + 1/2) / 5
    assert cinc[0] == pytest.approx((0.25 + 0.5 + 0.5 + 0.25 + 0.5) / 5)
    # state 2: its milper share is 5/5 = 1 (the missing value is not in the total)
    assert cinc[1] == pytest.approx((0.75 + 1.0 + 0.5 + 0.5 + 0.75 + 0.5) / 6)


def test_state_year_without_any_component_warns_and_is_nan() -> None:
    nmc = pd.DataFrame({"ccode": [1, 2], "year": [1900, 1900]})
    for component in CINC_COMPONENTS:
        nmc[component] = [1.0, np.nan]
    with pytest.warns(DataCoverageWarning, match=r"none of the components"):
        cinc = compute_cinc(nmc)["cinc"].to_numpy()
    assert cinc[0] == 1.0 and np.isnan(cinc[1])


def test_negative_component_is_refused() -> None:
    nmc = pd.DataFrame({"ccode": [1], "year": [1900]})
    for component in CINC_COMPONENTS:
        nmc[component] = [-9.0]
    with pytest.raises(InputError, match=r"negative values"):
        compute_cinc(nmc)


def test_add_cinc_to_dyads(cow_frames: dict[str, pd.DataFrame]) -> None:
    dyads = pd.DataFrame({"ccode1": [2, 2], "ccode2": [365, 365], "year": [1945, 2023]})
    with pytest.warns(DataCoverageWarning, match=r"2023"):
        out = add_cinc(dyads, cow_frames["cow_nmc_v7"])
    assert out.loc[0, "cinc1"] == pytest.approx(0.38386354, abs=1e-6)
    assert 0 < out.loc[0, "cinc2"] < 1
    assert np.isnan(out.loc[1, "cinc1"])


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 8), st.just(6)), elements=st.floats(0.001, 1e6)),
    st.integers(1, 3),
)
def test_cinc_sums_to_one_per_year_with_complete_data(values: np.ndarray, n_years: int) -> None:
    frames = []
    for year in range(n_years):
        frame = pd.DataFrame(values * (year + 1), columns=list(CINC_COMPONENTS))
        frame.insert(0, "ccode", np.arange(len(values)))
        frame.insert(1, "year", 1900 + year)
        frames.append(frame)
    cinc = compute_cinc(pd.concat(frames, ignore_index=True))
    sums = cinc.groupby("year")["cinc"].sum().to_numpy()
    np.testing.assert_allclose(sums, 1.0, rtol=1e-12)
    assert ((cinc["cinc"] > 0) & (cinc["cinc"] <= 1)).all()
