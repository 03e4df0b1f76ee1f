"""Similarity of alliance portfolios: Signorino-Ritter S and Kendall's tau-b, per dyad-year.

A state's *alliance portfolio* in a year is its vector of ties to every state system member
(itself included, at the strongest tie). With ATOP pledges the tie levels are (by default,
:data:`ATOP_TIE_LEVELS`): 3 defense or offense pact, 2 neutrality or non-aggression pact,
1 consultation pact, 0 none; a pledge in either direction counts and the strongest applies.

* **S** (Signorino and Ritter 1999): ``S = 1 - 2 * sum_k w_k |a_ik - a_jk| / (d_max sum_k w_k)``
  with ``d_max = 3`` (the range of the tie levels). Unweighted: ``w_k = 1``; weighted: ``w_k``
  is a capability share such as CINC. S lies in [-1, 1] and S(i, i) = 1.
* **tau-b** (Bueno de Mesquita 1975): Kendall's rank correlation of the two portfolios, ties
  corrected: ``(P - Q) / sqrt((n0 - n1)(n0 - n2))`` over pairs of system members.

Both are computed for all dyad-years at once from sparse products of the tie-level indicator
matrices (rows and columns are state-years, so different years never mix): the 4 x 4 table
of joint tie levels of every requested dyad-year follows from ``E_l W E_m^T`` and row sums,
with no loop over dyads or years.

References
----------
Signorino, Curtis S., and Jeffrey M. Ritter. 1999. "Tau-b or Not Tau-b: Measuring the
Similarity of Foreign Policy Positions." *International Studies Quarterly* 43(1): 115-144.
Bueno de Mesquita, Bruce. 1975. "Measuring Systemic Polarity." *Journal of Conflict
Resolution* 19(2): 187-216.
Leeds, Brett Ashley, et al. 2002. "Alliance Treaty Obligations and Provisions, 1815-1944."
*International Interactions* 28: 237-260.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import sparse

from detente.data.data_warnings import DataCoverageWarning
from detente.data.frame_checks import require_columns
from detente.errors import InputError

__all__ = [
    "ATOP_TIE_LEVELS",
    "add_alliance_similarity",
    "alliance_ties",
    "s_score",
    "tau_b",
]

#: Tie level of each ATOP pledge (the strongest pledge of a dyad-year applies).
ATOP_TIE_LEVELS: Mapping[str, int] = {
    "atop_defense": 3,
    "atop_offense": 3,
    "atop_neutral": 2,
    "atop_nonagg": 2,
    "atop_consul": 1,
}
_LEVELS = 4  # tie levels 0..3
_CHUNK = 250_000


def s_score(
    a: np.ndarray, b: np.ndarray, d_max: float = 3.0, weights: np.ndarray | None = None
) -> np.ndarray:
    """Signorino-Ritter S of portfolios ``a`` and ``b`` (last axis: the system members).

    Parameters
    ----------
    a, b
        Tie levels, shape ``(..., n)``, broadcastable.
    d_max
        Largest possible distance between two tie levels (3 for levels 0..3).
    weights
        Optional non-negative weights of the members, shape ``(..., n)``.

    Returns
    -------
    numpy.ndarray
        S in [-1, 1], shape ``(...)``.

    References
    ----------
    Signorino and Ritter (1999), equation for S with the L1 distance.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    w = (
        np.ones(np.broadcast_shapes(a.shape, b.shape))
        if weights is None
        else np.asarray(weights, dtype=float)
    )
    distance = (w * np.abs(a - b)).sum(axis=-1) / d_max
    return 1.0 - 2.0 * distance / w.sum(axis=-1)


def tau_b(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Kendall's tau-b of ``a`` and ``b`` along the last axis (NaN if either is constant).

    References
    ----------
    Bueno de Mesquita (1975); Kendall, M. G. 1945. "The Treatment of Ties in Ranking
    Problems." *Biometrika* 33(3): 239-251.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    da = np.sign(a[..., :, None] - a[..., None, :])
    db = np.sign(b[..., :, None] - b[..., None, :])
    numerator = (da * db).sum(axis=(-1, -2))
    denominator = np.sqrt((da != 0).sum(axis=(-1, -2)) * (db != 0).sum(axis=(-1, -2)))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan
        )


def alliance_ties(atop: pd.DataFrame, levels: Mapping[str, int] = ATOP_TIE_LEVELS) -> pd.DataFrame:
    """Symmetric tie levels per dyad-year from ATOP pledges (both directions, level > 0 only).

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode1``, ``ccode2``, ``year``, ``tie`` (1..3), both orders of each pair.
    """
    require_columns(
        atop, ["ccode1", "ccode2", "year", *levels], "the ATOP table", "pass load('atop_alliance')"
    )
    level = np.zeros(len(atop), dtype=np.int64)
    for column, value in levels.items():
        hit = atop[column].fillna(0).to_numpy(dtype=float) > 0
        level = np.where(hit, np.maximum(level, value), level)
    ties = pd.DataFrame(
        {
            "ccode1": atop["ccode1"].to_numpy(dtype=np.int64),
            "ccode2": atop["ccode2"].to_numpy(dtype=np.int64),
            "year": atop["year"].to_numpy(dtype=np.int64),
            "tie": level,
        }
    )
    ties = ties[(ties["tie"] > 0) & (ties["ccode1"] != ties["ccode2"])]
    both = pd.concat(
        [ties, ties.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})], ignore_index=True
    )
    return both.groupby(["ccode1", "ccode2", "year"], as_index=False)["tie"].max()


def _positions(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Index of each key in ``sorted_keys``, -1 where absent."""
    pos = np.searchsorted(sorted_keys, keys)
    pos = np.minimum(pos, len(sorted_keys) - 1)
    return np.where(sorted_keys[pos] == keys, pos, -1)


def _tau_b_from_table(table: np.ndarray) -> np.ndarray:
    """tau-b from joint-level counts ``table`` of shape (n, L, L)."""
    n_levels = table.shape[1]
    # sum over l' >= l, m' >= m ; and over l' >= l, m' <= m
    ge_ge = table[:, ::-1, ::-1].cumsum(1).cumsum(2)[:, ::-1, ::-1]
    ge_le = table[:, ::-1, :].cumsum(1).cumsum(2)[:, ::-1, :]
    strictly_gg = np.zeros_like(table)
    strictly_gl = np.zeros_like(table)
    strictly_gg[:, : n_levels - 1, : n_levels - 1] = ge_ge[:, 1:, 1:]
    strictly_gl[:, : n_levels - 1, 1:] = ge_le[:, 1:, : n_levels - 1]
    concordant = (table * strictly_gg).sum(axis=(1, 2))
    discordant = (table * strictly_gl).sum(axis=(1, 2))
    total = table.sum(axis=(1, 2))
    rows = table.sum(axis=2)
    cols = table.sum(axis=1)
    n0 = total * (total - 1) / 2
    n1 = (rows * (rows - 1) / 2).sum(axis=1)
    n2 = (cols * (cols - 1) / 2).sum(axis=1)
    denominator = np.sqrt(np.maximum(n0 - n1, 0) * np.maximum(n0 - n2, 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            denominator > 0,
            (concordant - discordant) / np.where(denominator > 0, denominator, 1),
            np.nan,
        )


def _joint_products(
    indicators: list[sparse.csr_matrix], weights: np.ndarray
) -> tuple[dict[tuple[int, int], sparse.csr_matrix], list[np.ndarray]]:
    """``E_l W E_m^T`` for tie levels l, m >= 1, and the weighted row sums ``E_l w``."""
    scale = sparse.diags(weights)
    products = {
        (li, mi): (left @ scale @ right.T).tocsr()
        for li, left in enumerate(indicators, start=1)
        for mi, right in enumerate(indicators, start=1)
    }
    row_sums = [np.asarray(e @ weights).ravel() for e in indicators]
    return products, row_sums


def _joint_tables(
    products: dict[tuple[int, int], sparse.csr_matrix],
    row_sums: list[np.ndarray],
    year_totals: np.ndarray,
    r1: np.ndarray,
    r2: np.ndarray,
) -> np.ndarray:
    """(n, 4, 4) weighted counts of members k with a_ik = l and a_jk = m, rows r1 and r2."""
    out = np.zeros((len(r1), _LEVELS, _LEVELS))
    for (li, mi), joint in products.items():
        out[:, li, mi] = np.asarray(joint[r1, r2]).ravel()
    for li in range(1, _LEVELS):
        out[:, li, 0] = row_sums[li - 1][r1] - out[:, li, 1:].sum(axis=1)
    for mi in range(1, _LEVELS):
        out[:, 0, mi] = row_sums[mi - 1][r2] - out[:, 1:, mi].sum(axis=1)
    out[:, 0, 0] = year_totals[r1] - out.sum(axis=(1, 2))
    return out


def _s_from_table(table: np.ndarray, d_max: float) -> np.ndarray:
    levels = np.arange(_LEVELS)
    gap = np.abs(levels[:, None] - levels[None, :])
    distance = (table * gap).sum(axis=(1, 2)) / d_max
    return 1.0 - 2.0 * distance / table.sum(axis=(1, 2))


def add_alliance_similarity(
    dyads: pd.DataFrame,
    atop: pd.DataFrame,
    system: pd.DataFrame,
    weights: pd.DataFrame | None = None,
    weight_column: str = "cinc",
    levels: Mapping[str, int] = ATOP_TIE_LEVELS,
) -> pd.DataFrame:
    """Add alliance-portfolio similarity: ``alliance_s``, ``alliance_taub`` (and weighted S).

    Parameters
    ----------
    dyads
        Dyad-years (``ccode1``, ``ccode2``, ``year``), directed or not; S and tau-b are
        symmetric.
    atop
        ``load("atop_alliance")``.
    system
        The system members per year, whose ties form the portfolios: ``state_years(states)``
        (columns ``ccode``, ``year``). Ties to states outside it are ignored.
    weights
        Optional state-years with ``weight_column`` (e.g. ``compute_cinc(nmc)``) for the
        capability-weighted S (``alliance_s_weighted``); missing weights count as 0 (warned).
    weight_column
        Column of ``weights`` to use.
    levels
        Tie level of each ATOP pledge column (default :data:`ATOP_TIE_LEVELS`).

    Returns
    -------
    pandas.DataFrame
        ``dyads`` with ``alliance_s`` and ``alliance_taub`` (and ``alliance_s_weighted``);
        ``NaN`` for dyad-years whose states are not both in ``system`` or whose year ATOP does
        not cover (warned).

    References
    ----------
    Signorino and Ritter (1999); Bueno de Mesquita (1975); Leeds et al. (2002).
    """
    require_columns(
        dyads, ["ccode1", "ccode2", "year"], "the dyad-year frame", "build it with dyad_years()"
    )
    require_columns(system, ["ccode", "year"], "the system table", "pass state_years(states)")
    if not levels or min(levels.values()) < 1 or max(levels.values()) > _LEVELS - 1:
        raise InputError(f"tie levels must be integers 1..{_LEVELS - 1}; got {dict(levels)}")
    d_max = float(max(levels.values()))
    members = system[["ccode", "year"]].drop_duplicates()
    keys = np.sort(
        members["year"].to_numpy(dtype=np.int64) * 10_000
        + members["ccode"].to_numpy(dtype=np.int64)
    )
    n_rows = len(keys)
    if n_rows == 0:
        raise InputError("the system table is empty; pass state_years(states) for the years")
    row_year = keys // 10_000
    ties = alliance_ties(atop, levels)
    tie_years = ties["year"].to_numpy(dtype=np.int64)
    r = _positions(tie_years * 10_000 + ties["ccode1"].to_numpy(dtype=np.int64), keys)
    c = _positions(tie_years * 10_000 + ties["ccode2"].to_numpy(dtype=np.int64), keys)
    tie = ties["tie"].to_numpy()
    ok = (r >= 0) & (c >= 0)
    indicators = []
    for level in range(1, _LEVELS):
        pick = ok & (tie == level)
        rows, cols = r[pick], c[pick]
        if level == int(d_max):  # every state is tied to itself at the strongest level
            rows = np.concatenate([rows, np.arange(n_rows)])
            cols = np.concatenate([cols, np.arange(n_rows)])
        indicators.append(
            sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_rows, n_rows))
        )

    dyad_years_ = dyads["year"].to_numpy(dtype=np.int64)
    r1 = _positions(dyad_years_ * 10_000 + dyads["ccode1"].to_numpy(dtype=np.int64), keys)
    r2 = _positions(dyad_years_ * 10_000 + dyads["ccode2"].to_numpy(dtype=np.int64), keys)
    first, last = int(atop["year"].min()), int(atop["year"].max())
    covered = (dyad_years_ >= first) & (dyad_years_ <= last)
    valid = (r1 >= 0) & (r2 >= 0) & covered
    if (~valid).any():
        warnings.warn(
            DataCoverageWarning(
                f"{int((~valid).sum())} dyad-year(s) are outside ATOP's years {first}-{last} or "
                "have a state not in the system table; alliance_s/alliance_taub are NaN there"
            ),
            stacklevel=2,
        )

    columns: dict[str, np.ndarray] = {}
    ones = np.ones(n_rows)
    _, year_index = np.unique(row_year, return_inverse=True)
    year_counts = np.bincount(year_index).astype(float)[year_index]
    products, row_sums = _joint_products(indicators, ones)
    s_values = np.full(len(dyads), np.nan)
    t_values = np.full(len(dyads), np.nan)
    where = np.flatnonzero(valid)
    for start in range(0, len(where), _CHUNK):
        part = where[start : start + _CHUNK]
        table = _joint_tables(products, row_sums, year_counts, r1[part], r2[part])
        s_values[part] = _s_from_table(table, d_max)
        t_values[part] = _tau_b_from_table(table)
    columns["alliance_s"] = s_values
    columns["alliance_taub"] = t_values

    if weights is not None:
        require_columns(
            weights, ["ccode", "year", weight_column], "the weights table", "pass compute_cinc(nmc)"
        )
        wkeys = weights["year"].to_numpy(dtype=np.int64) * 10_000 + weights["ccode"].to_numpy(
            dtype=np.int64
        )
        position = _positions(wkeys, keys)
        w = np.zeros(n_rows)
        found = position >= 0
        w[position[found]] = weights[weight_column].to_numpy(dtype=float)[found]
        missing_weight = np.isnan(w) | ~np.isin(np.arange(n_rows), position[found])
        if missing_weight.any():
            warnings.warn(
                DataCoverageWarning(
                    f"{int(missing_weight.sum())} system state-year(s) have no "
                    f"{weight_column!r} weight; they count with weight 0 in alliance_s_weighted"
                ),
                stacklevel=2,
            )
        w = np.where(np.isnan(w), 0.0, w)
        year_weight = np.bincount(year_index, weights=w)[year_index]
        products_w, row_sums_w = _joint_products(indicators, w)
        weighted = np.full(len(dyads), np.nan)
        for start in range(0, len(where), _CHUNK):
            part = where[start : start + _CHUNK]
            table = _joint_tables(products_w, row_sums_w, year_weight, r1[part], r2[part])
            with np.errstate(invalid="ignore", divide="ignore"):
                weighted[part] = _s_from_table(table, d_max)
        columns["alliance_s_weighted"] = weighted

    out = dyads.copy()
    for name, values in columns.items():
        out[name] = values
    return out
