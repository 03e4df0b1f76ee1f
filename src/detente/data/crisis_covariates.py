"""A numeric design frame of ICB covariates per crisis dyad, for baseline models.

:func:`baseline_covariates` turns the crisis dyads of :mod:`detente.data.crisis_dyads` into
the covariates a multinomial logit of the outcome classes can use: only what is coded about
the dyad *before* its outcome (the situation at the trigger and the actors' standing
attributes), never the outcome, the violence or crisis management that produced it, or
anything coded at or after termination.

Used (ICB2 codes of the defender unless stated):

===========================  ========================================  =====================
columns                      variable                                  coding
===========================  ========================================  =====================
``defender_triggr_<c>``      trigger type (TRIGGR)                     one-hot
``defender_gravty_<c>``      gravity of threat (GRAVTY)                one-hot
``defender_nuclear_<c>``     nuclear capability (NUCLEAR)              one-hot
``defender_allycap_<c>``     alliance capability (ALLYCAP)             one-hot
``defender_regime_<c>``      regime type (REGIME)                      one-hot
``defender_territ_<c>``      territory (TERRIT)                        one-hot
``defender_powsta_<c>``      power status (POWSTA)                     one-hot
``defender_pc_<c>``          protracted-conflict setting (PC)          one-hot
``defender_gpinv_<c>``       great power involvement (GPINV)           one-hot
``defender_powinv_<c>``      involvement of powers (POWINV)            one-hot
``challenger_nuclear_<c>``   challenger's NUCLEAR (crisis actors)      one-hot
``challenger_kind_<k>``      kind of challenger (crisis_dyads)         one-hot (slugs)
``defender_powdis``          power discrepancy (POWDIS)                number
``crisis_powdissy``          crisis power discrepancy (ICB1 POWDISSY)  number
``defender_cinc_share``      CINC(defender) / (CINC(d) + CINC(c))      number in [0, 1]
===========================  ========================================  =====================

One-hot columns leave out the lowest code of each variable (the reference category; for the
challenger's kind, ``Crisis actor``), so they are not collinear with an intercept. The
challenger kinds are named ``state_not_actor``, ``non_state``, ``multiple_states`` and
``internal``.

Missing values are never dropped or left as NaN. For a coded variable a missing code is its
own indicator column ``<variable>_missing`` (added when any value is missing); for a number,
the value is set to a neutral constant and ``<column>_missing`` marks it: 0 for the power
discrepancies (no discrepancy) and 0.5 for the CINC share (parity). The challenger's nuclear
capability is missing for every challenger that is not a crisis actor (267 of 487), which
its ``_missing`` column then says. Over a sub-period a column can be constant (a code that
does not occur there): drop constant columns before fitting an unpenalised model.

Left out on purpose: the outcome (OUTCOM, OUTFOR/FOROUT, SUBOUT, OUTEVL, OUTESR), violence and
crisis management (VIOL, SEVVIO, CENVIO, CRISMG, MAJRES), termination dates and duration,
United States and USSR involvement (USINV, SUINV: their activity during the crisis, coded
with its effect on the outcome) and the number of actors (actors join as the crisis goes on).
The major-power involvement codes that are used (GPINV, POWINV) are also coded over the
crisis, though not after its outcome; drop the ``*gpinv_*`` and ``*powinv_*`` columns for a
strictly at-trigger model.

References
----------
Brecher, Michael, Jonathan Wilkenfeld, Kyle Beardsley, Patrick James, and David Quinn. 2021.
*International Crisis Behavior Data Codebook, Version 14* (variables as named above).
Singer, J. David, Stuart Bremer, and John Stuckey. 1972. "Capability Distribution,
Uncertainty, and Major Power War, 1820-1965." In *Peace, War, and Numbers*, 19-48 (CINC).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.data.crisis_dyads import CHALLENGER_KINDS
from detente.data.frame_checks import require_columns
from detente.data.icb_codes import ACTOR_CODE_TABLES

__all__ = ["COVARIATE_VARIABLES", "EXCLUDED_VARIABLES", "baseline_covariates"]

#: Dyad columns (codes) that become one-hot covariates, with their ICB2 code table.
_CODED: tuple[tuple[str, str], ...] = (
    ("defender_triggr", "triggr"),
    ("defender_gravty", "gravty"),
    ("defender_nuclear", "nuclear"),
    ("defender_allycap", "allycap"),
    ("defender_regime", "regime"),
    ("defender_territ", "territ"),
    ("defender_powsta", "powsta"),
    ("defender_pc", "pc"),
    ("defender_gpinv", "gpinv"),
    ("defender_powinv", "powinv"),
    ("challenger_nuclear", "nuclear"),
)
#: Column-name slugs of the challenger kinds (same order as ``CHALLENGER_KINDS``).
_KIND_SLUGS = ("crisis_actor", "state_not_actor", "non_state", "multiple_states", "internal")
_NUMBERS: tuple[tuple[str, float], ...] = (("defender_powdis", 0.0), ("crisis_powdissy", 0.0))

#: Every dyad column the design frame is built from.
COVARIATE_VARIABLES: tuple[str, ...] = (
    *(c for c, _ in _CODED),
    "challenger_kind",
    *(c for c, _ in _NUMBERS),
    "defender_cinc",
    "challenger_cinc",
)

#: ICB variables never used (outcome, violence, management, termination, superpower activity).
EXCLUDED_VARIABLES: tuple[str, ...] = (
    "outcom",
    "outfor",
    "forout",
    "subout",
    "outevl",
    "outesr",
    "viol",
    "sevvio",
    "sevviosy",
    "cenvio",
    "cenviosy",
    "crismg",
    "majres",
    "yrterm",
    "moterm",
    "daterm",
    "usinv",
    "suinv",
    "noactr",
)


def _one_hot(values: pd.Series, codes: tuple[int, ...], name: str) -> dict[str, np.ndarray]:
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    columns = {f"{name}_{code}": (numbers == code).astype(float) for code in codes[1:]}
    missing = np.isnan(numbers)
    if missing.any():
        columns[f"{name}_missing"] = missing.astype(float)
    return columns


def baseline_covariates(dyads: pd.DataFrame) -> pd.DataFrame:
    """The numeric design frame of pre-outcome ICB covariates (module docstring).

    Parameters
    ----------
    dyads
        Crisis dyads (:func:`~detente.data.crisis_dyads.crisis_dyads`), or any subset of
        their rows; needs the columns of :data:`COVARIATE_VARIABLES`.

    Returns
    -------
    pandas.DataFrame
        Float columns, no missing value, with ``dyads``' index (one row per dyad).

    Raises
    ------
    InputError
        If a needed column is missing.
    """
    require_columns(
        dyads, COVARIATE_VARIABLES, "the crisis dyads", "build them with crisis_dyads()"
    )
    columns: dict[str, np.ndarray] = {}
    for column, table in _CODED:
        columns.update(_one_hot(dyads[column], ACTOR_CODE_TABLES[table].codes, column))
    kind = pd.Categorical(dyads["challenger_kind"], categories=list(CHALLENGER_KINDS))
    kind_codes = pd.Series(kind.codes, index=dyads.index).where(kind.codes >= 0)
    one_hot = _one_hot(kind_codes, tuple(range(len(CHALLENGER_KINDS))), "challenger_kind")
    names = {f"challenger_kind_{i}": f"challenger_kind_{s}" for i, s in enumerate(_KIND_SLUGS)}
    columns.update({names.get(k, k): v for k, v in one_hot.items()})
    for column, neutral in _NUMBERS:
        values = dyads[column].to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(values)
        columns[column] = np.where(missing, neutral, values)
        if missing.any():
            columns[f"{column}_missing"] = missing.astype(float)
    defender = dyads["defender_cinc"].to_numpy(dtype=float, na_value=np.nan)
    challenger = dyads["challenger_cinc"].to_numpy(dtype=float, na_value=np.nan)
    total = defender + challenger
    with np.errstate(invalid="ignore", divide="ignore"):
        share = defender / total
    missing = ~np.isfinite(share)
    columns["defender_cinc_share"] = np.where(missing, 0.5, share)
    if missing.any():
        columns["defender_cinc_share_missing"] = missing.astype(float)
    return pd.DataFrame(columns, index=dyads.index)
