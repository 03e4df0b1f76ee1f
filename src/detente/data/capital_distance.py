"""Capital-to-capital great-circle distance on dyad-years.

References
----------
Miller, Steven V. 2022. peacesciencer, ``add_capital_distance()`` (the ``capitals`` table with
coordinates, distance by ``geosphere::distVincentySphere`` on a sphere of radius 6,378,137 m).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from detente.data.data_warnings import DataCoverageWarning
from detente.data.frame_checks import require_columns
from detente.data.year_spells import expand_years

__all__ = ["EARTH_RADIUS_KM", "add_capital_distance", "capital_years", "great_circle_km"]

#: Sphere radius used by peacesciencer (geosphere's default, the WGS84 equatorial radius).
EARTH_RADIUS_KM = 6378.137


def great_circle_km(
    lat1: np.ndarray,
    lng1: np.ndarray,
    lat2: np.ndarray,
    lng2: np.ndarray,
    radius_km: float = EARTH_RADIUS_KM,
) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (Vincenty's sphere formula).

    The arctangent form of Vincenty (1975) for a sphere is accurate for all distances,
    including antipodal and coincident points.

    References
    ----------
    Vincenty, T. 1975. "Direct and Inverse Solutions of Geodesics on the Ellipsoid with
    Application of Nested Equations." *Survey Review* 23(176): 88-93 (special case of a sphere).
    """
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dlam = np.radians(np.asarray(lng2) - np.asarray(lng1))
    num = np.hypot(
        np.cos(phi2) * np.sin(dlam),
        np.cos(phi1) * np.sin(phi2) - np.sin(phi1) * np.cos(phi2) * np.cos(dlam),
    )
    den = np.sin(phi1) * np.sin(phi2) + np.cos(phi1) * np.cos(phi2) * np.cos(dlam)
    return radius_km * np.arctan2(num, den)


def capital_years(capitals: pd.DataFrame) -> pd.DataFrame:
    """One row per state-year with the capital's ``lat``/``lng`` on January 1 of the year.

    Where the capital moved during a year the earlier capital (the one in place on January 1,
    or the first one of a new state) is used, as in peacesciencer.
    """
    require_columns(
        capitals,
        ["ccode", "stdate", "enddate", "lat", "lng"],
        "the capitals table",
        "pass load('cow_capitals')",
    )
    spells = capitals[["ccode", "stdate", "lat", "lng"]].copy()
    spells["styear"] = capitals["stdate"].astype(str).str.slice(0, 4).astype(np.int64)
    spells["endyear"] = capitals["enddate"].astype(str).str.slice(0, 4).astype(np.int64)
    years = expand_years(spells, "styear", "endyear")
    years = years.sort_values(["ccode", "year", "stdate"], kind="stable")
    return years.drop_duplicates(["ccode", "year"])[["ccode", "year", "lat", "lng"]]


def add_capital_distance(dyads: pd.DataFrame, capitals: pd.DataFrame) -> pd.DataFrame:
    """Add ``capdist``: great-circle distance (km) between the two states' capitals.

    Coordinates come from the capitals table (``load("cow_capitals")``, latitude and
    longitude of each capital over time); the distance is on a sphere of radius 6,378.137 km,
    as peacesciencer computes it. Dyad-years where a capital is unknown get ``NaN`` and a
    warning naming the states.

    References
    ----------
    Miller (2022), ``add_capital_distance()``; Vincenty (1975).
    """
    require_columns(
        dyads, ["ccode1", "ccode2", "year"], "the dyad-year frame", "build it with dyad_years()"
    )
    coords = capital_years(capitals)
    out = dyads
    for side in ("1", "2"):
        out = out.merge(
            coords.rename(
                columns={"ccode": f"ccode{side}", "lat": f"_lat{side}", "lng": f"_lng{side}"}
            ),
            on=[f"ccode{side}", "year"],
            how="left",
            validate="many_to_one",
        )
    out["capdist"] = great_circle_km(
        out["_lat1"].to_numpy(),
        out["_lng1"].to_numpy(),
        out["_lat2"].to_numpy(),
        out["_lng2"].to_numpy(),
    )
    missing = out["capdist"].isna().to_numpy()
    if missing.any():
        states = np.unique(
            np.concatenate(
                [
                    out.loc[missing & out["_lat1"].isna().to_numpy(), "ccode1"].to_numpy(),
                    out.loc[missing & out["_lat2"].isna().to_numpy(), "ccode2"].to_numpy(),
                ]
            )
        )
        warnings.warn(
            DataCoverageWarning(
                f"{int(missing.sum())} dyad-year(s) lack a capital for state(s) "
                f"{states[:10].tolist()}; capdist is NaN there"
            ),
            stacklevel=2,
        )
    return out.drop(columns=["_lat1", "_lng1", "_lat2", "_lng2"])
