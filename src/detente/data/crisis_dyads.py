"""One challenger-defender dyad per ICB crisis, by a documented deterministic rule.

The rule (:func:`crisis_dyads`):

1. **Defender**: the crisis actor with the lowest crisis-actor number (``cracno``) in the
   crisis. ICB numbers the actors of a crisis in the order their crises were triggered (the
   lowest number has the earliest trigger date in all but two crises, Berlin Blockade 1948
   and North Korea Nuclear II 2002, where it is a day later), and the system-level trigger
   year and month (ICB1 ``yrtrig``, ``motrig``) are this actor's in all 486 dated crises
   (the day too in 484): the defender is the state whose perceived threat opened the
   crisis. (Beardsley and Asal 2009 likewise take the actor that perceived the crisis first
   as the target.)
2. **Challenger**: the defender's triggering entity (ICB2 ``trigent``), classified as
   ``challenger_kind``:

   * ``Crisis actor``: a state that is itself a crisis actor in the crisis. Its actor-level
     fields are carried as ``challenger_*``; if the state has several crisis-actor records in
     the crisis (e.g. Israel twice in the October-Yom Kippur War), the first (lowest
     ``cracno``) is used.
   * ``State, not a crisis actor``: a state code of a state that is not a crisis actor in this
     crisis (it triggered the defender's crisis without itself perceiving one). Only its code
     and CINC are known; its ``challenger_*`` actor fields are missing.
   * ``Non-state actor`` (code 996), ``Multiple states`` (997) or ``Internal`` (995): no single
     state challenged. ``challenger_ccode`` and the actor fields are missing; no state is
     chosen among several, and none is invented.

Crisis-level (ICB1) fields are carried as ``crisis_*``. The COW Composite Indicator of National
Capability (CINC; computed from the NMC components by
:func:`detente.data.capabilities.compute_cinc`) of both sides in the trigger year is added as
``defender_cinc`` and ``challenger_cinc`` where NMC has the state-year. ICB's state codes
follow Gleditsch and Ward and are "almost identical" to COW codes (ICB codebook, list of
states); a code without an NMC row for the year gets a missing CINC.

On version 14 (487 crises): 220 challengers are crisis actors, 125 are states that are not
crisis actors, 117 are non-state actors, 21 several states and 3 internal (one crisis, 474,
is uncoded). 5 defenders (the Najd in 1924, Syria in 1945, Indonesia in 1947 and 1948, and
crisis 474) and 145 challengers have no CINC: the 141 that are not a single state, crisis 474,
and 3 states without an NMC row in the trigger year (Costa Rica in 1918, Hijaz in 1924, and
Yemen in 1995 under ICB code 678, which COW uses only for North Yemen before 1990).

References
----------
Beardsley, Kyle, and Victor Asal. 2009. "Winning with the Bomb." *Journal of Conflict
Resolution* 53(2): 278-301.
Brecher, Michael, Jonathan Wilkenfeld, Kyle Beardsley, Patrick James, and David Quinn. 2021.
*International Crisis Behavior Data Codebook, Version 14* (ICB2 variables CRACNO, TRIGENT).
Singer, J. David, Stuart Bremer, and John Stuckey. 1972. "Capability Distribution,
Uncertainty, and Major Power War, 1820-1965." In *Peace, War, and Numbers*, 19-48.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from detente.data.capabilities import compute_cinc
from detente.data.frame_checks import require_columns
from detente.data.icb_records import icb_actors, icb_crises
from detente.data.loading import load

__all__ = ["ACTOR_FIELDS", "CHALLENGER_KINDS", "CRISIS_FIELDS", "crisis_dyads"]

#: Involvement of powers, the same four codes at both levels (raw and decoded).
_INVOLVEMENT: tuple[str, ...] = (
    "gpinv",
    "great_power_involvement",
    "powinv",
    "powers_involvement",
    "usinv",
    "us_involvement",
    "suinv",
    "soviet_involvement",
)

#: Actor-level columns carried for both sides (``defender_<c>``, ``challenger_<c>``).
ACTOR_FIELDS: tuple[str, ...] = (
    "cracno",
    "cracid",
    "actor",
    "yrtrig",
    "motrig",
    "datrig",
    "triggr",
    "trigger",
    "trigent",
    "trigger_entity_kind",
    "gravty",
    "gravity",
    "crismg",
    "crisis_management",
    "cenvio",
    "violence_centrality",
    "sevvio",
    "violence_severity",
    "viol",
    "violence",
    "outcom",
    "outcome",
    "outesr",
    "tension_after",
    "powdis",
    *_INVOLVEMENT,
    "nuclear",
    "nuclear_capability",
    "allycap",
    "alliance_capability",
    "regime",
    "regime_type",
    "territ",
    "territory",
    "powsta",
    "power_status",
    "pc",
    "protracted_conflict",
)

#: Crisis-level columns carried as ``crisis_<c>``.
CRISIS_FIELDS: tuple[str, ...] = (
    "break",
    "trigger",
    "trigent",
    "gravcr",
    "gravity",
    "crismg",
    "crisis_management",
    "cenviosy",
    "violence_centrality",
    "sevviosy",
    "violence_severity",
    "viol",
    "violence",
    "noactr",
    *_INVOLVEMENT,
    "subout",
    "outcome_substance",
    "forout",
    "outcome_form",
    "outesr",
    "tension_after",
    "protrac",
    "protracted_conflict",
    "powdissy",
    "yrterm",
    "moterm",
)

#: Categories of ``challenger_kind``.
CHALLENGER_KINDS: tuple[str, ...] = (
    "Crisis actor",
    "State, not a crisis actor",
    "Non-state actor",
    "Multiple states",
    "Internal",
)
_NON_STATE = {996: "Non-state actor", 997: "Multiple states", 995: "Internal"}


def _challenger_kind(codes: pd.Series, is_actor: np.ndarray) -> pd.Categorical:
    values = codes.to_numpy(dtype=float, na_value=np.nan)
    kinds = np.full(values.shape, None, dtype=object)
    present = ~np.isnan(values)
    kinds[present] = CHALLENGER_KINDS[1]
    kinds[present & is_actor] = CHALLENGER_KINDS[0]
    for code, kind in _NON_STATE.items():
        kinds[values == code] = kind
    return pd.Categorical(kinds, categories=list(CHALLENGER_KINDS))


def _prefixed(frame: pd.DataFrame, columns: tuple[str, ...], prefix: str) -> pd.DataFrame:
    return frame.loc[:, ["crisno", *columns]].rename(columns={c: prefix + c for c in columns})


def crisis_dyads(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    actors: pd.DataFrame | None = None,
    crises: pd.DataFrame | None = None,
    nmc: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One challenger-defender dyad per ICB crisis (the rule is in the module docstring).

    Parameters
    ----------
    data_dir
        Folder holding ``icb1v14.csv``, ``icb2v14.csv`` and the COW NMC file (each at the top
        or one sub-folder down), for the tables not passed.
    actors
        Decoded actor table (:func:`~detente.data.icb_records.icb_actors`).
    crises
        Decoded crisis table (:func:`~detente.data.icb_records.icb_crises`).
    nmc
        COW National Material Capabilities (``load("cow_nmc_v7")``).

    Returns
    -------
    pandas.DataFrame
        One row per crisis (487 in version 14), in crisis-number order: ``crisno``,
        ``crisname``, ``yrtrig``, ``motrig``; ``defender_<field>`` for every field of
        :data:`ACTOR_FIELDS` (``defender_cracid`` is the defender's state code);
        ``challenger_code`` (the defender's triggering entity as coded), ``challenger_kind``
        (:data:`CHALLENGER_KINDS`), ``challenger_ccode`` (the challenger's state code, missing
        unless it is a state) and ``challenger_<field>`` (missing unless the challenger is a
        crisis actor); ``crisis_<field>`` for :data:`CRISIS_FIELDS`; ``defender_cinc`` and
        ``challenger_cinc`` in the trigger year.

    Raises
    ------
    DataError
        If a file is missing or lacks a documented column (see :func:`icb_actors`).
    InputError
        If a table passed in lacks a needed column.

    References
    ----------
    Brecher et al. (2021), ICB2 codebook v14 (CRACNO, TRIGENT); Beardsley and Asal (2009).
    """
    if actors is None:
        actors = icb_actors(data_dir)
    if crises is None:
        crises = icb_crises(data_dir)
    if nmc is None:
        nmc = load("cow_nmc_v7", data_dir)
    require_columns(actors, ["crisno", *ACTOR_FIELDS], "the ICB actor table", "use icb_actors()")
    require_columns(
        crises,
        ["crisno", "crisname", "yrtrig", "motrig", *CRISIS_FIELDS],
        "the ICB crisis table",
        "use icb_crises()",
    )
    ordered = actors.sort_values(["crisno", "cracno"], kind="stable")
    defenders = _prefixed(ordered.drop_duplicates("crisno"), ACTOR_FIELDS, "defender_")
    base = crises.loc[:, ["crisno", "crisname", "yrtrig", "motrig"]].sort_values("crisno")
    out = base.merge(defenders, on="crisno", how="left", validate="one_to_one")

    code = out["defender_trigent"].astype("Int64")
    out["challenger_code"] = code
    is_state = code.notna() & ~code.isin(list(_NON_STATE))
    out["challenger_ccode"] = code.where(is_state).astype("Int64")
    candidates = ordered.drop_duplicates(["crisno", "cracid"])
    challengers = _prefixed(candidates, ACTOR_FIELDS, "challenger_")
    out = out.merge(
        challengers,
        left_on=["crisno", "challenger_ccode"],
        right_on=["crisno", "challenger_cracid"],
        how="left",
        validate="many_to_one",
    )
    is_actor = out["challenger_cracno"].notna().to_numpy()
    out["challenger_kind"] = _challenger_kind(code, is_actor)

    crisis_level = _prefixed(crises, CRISIS_FIELDS, "crisis_")
    out = out.merge(crisis_level, on="crisno", how="left", validate="one_to_one")

    cinc = compute_cinc(nmc)
    lookup = pd.Series(
        cinc["cinc"].to_numpy(),
        index=pd.MultiIndex.from_arrays([cinc["ccode"].to_numpy(), cinc["year"].to_numpy()]),
    )
    lookup = lookup[~lookup.index.duplicated()]
    year = out["yrtrig"].to_numpy(dtype=float, na_value=np.nan)
    for side, column in (("defender", "defender_cracid"), ("challenger", "challenger_ccode")):
        ccode = out[column].to_numpy(dtype=float, na_value=np.nan)
        known = ~np.isnan(ccode) & ~np.isnan(year)
        keys = pd.MultiIndex.from_arrays(
            [ccode[known].astype(np.int64), year[known].astype(np.int64)]
        )
        values = np.full(len(out), np.nan)
        values[known] = lookup.reindex(keys).to_numpy(dtype=float)
        out[f"{side}_cinc"] = values
    first = ["crisno", "crisname", "yrtrig", "motrig"]
    sides = ["challenger_code", "challenger_kind", "challenger_ccode"]
    rest = [c for c in out.columns if c not in first and c not in sides]
    return out.loc[:, [*first, *sides, *rest]].reset_index(drop=True)
