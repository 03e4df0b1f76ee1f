"""The International Crisis Behavior (ICB) record, version 14, with its codes decoded.

:func:`icb_crises` (system level, ``icb1v14.csv``: 487 international crises, 1918-2017) and
:func:`icb_actors` (actor level, ``icb2v14.csv``: 1,078 crisis actors) read the files through
the registry (``load("icb_crises")`` / ``load("icb_actors")``, so a missing documented column
is a :class:`~detente.errors.DataError` naming the file and the column) and add one decoded
column per coded variable: a :class:`pandas.Categorical`, ordered where the scale is ordinal.
The raw code columns stay under their ICB names (as nullable integers), so an analysis can use
either. The code tables, and which of them could be confirmed from a source, are in
:mod:`detente.data.icb_codes`.

=============================  =====================  =====================
decoded column                 ICB2 (actor) code      ICB1 (crisis) code
=============================  =====================  =====================
``trigger``                    ``triggr``             ``break``
``trigger_entity_kind``        ``trigent``            ``trigent``
``crisis_management``          ``crismg``             ``crismg``
``violence_centrality``        ``cenvio``             ``cenviosy``
``violence_severity``          ``sevvio``             ``sevviosy``
``violence``                   ``viol``               ``viol``
``outcome``                    ``outcom``             --
``outcome_form``               --                     ``forout``
``outcome_substance``          --                     ``subout``
``tension_after``              ``outesr``             ``outesr``
``gravity``                    ``gravty``             ``gravcr``
``great_power_involvement``    ``gpinv``              ``gpinv``
``powers_involvement``         ``powinv``             ``powinv``
``us_involvement``             ``usinv``              ``usinv``
``soviet_involvement``         ``suinv``              ``suinv``
``nuclear_capability``         ``nuclear``            --
``alliance_capability``        ``allycap``            --
``regime_type``                ``regime``             --
``territory``                  ``territ``             --
``power_status``               ``powsta``             --
``protracted_conflict``        ``pc``                 ``protrac``
=============================  =====================  =====================

Power discrepancy (``powdis``, ``powdissy``) is a number, not a code, and stays numeric.
Identifiers, the state codes (``cracid``, ``trigent``) and the trigger and termination dates
become nullable integers; ``crisname`` is stripped. Day fields hold values above 31 in a few
rows (e.g. 66, 88), which ICB uses when the exact day is not known; they are kept as given.
``trigger_entity_kind`` is ``State`` for a state code and ``Internal``, ``Non-state actor`` or
``Multiple states`` for ICB's codes 995, 996 and 997. One crisis (474, Houthi Rebellion, and
its one actor, Saudi Arabia) is blank in every coded field of the version-14 files; it is kept,
with missing values.

References
----------
Brecher, Michael, and Jonathan Wilkenfeld. 2000. *A Study of Crisis*. Ann Arbor: University of
Michigan Press.
Brecher, Michael, Jonathan Wilkenfeld, Kyle Beardsley, Patrick James, and David Quinn. 2021.
*International Crisis Behavior Data Codebook, Version 14*. https://sites.duke.edu/icbdata/
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import pandas as pd

from detente.data.frame_checks import require_columns
from detente.data.icb_codes import (
    ACTOR_CODE_TABLES,
    CRISIS_CODE_TABLES,
    CodeTable,
    decode_codes,
    triggering_entity_kind,
)
from detente.data.loading import load
from detente.errors import DataError

__all__ = ["ACTOR_DECODED", "CRISIS_DECODED", "icb_actors", "icb_crises"]

#: ICB2 code column -> decoded column added by :func:`icb_actors`.
ACTOR_DECODED: Mapping[str, str] = {
    "triggr": "trigger",
    "crismg": "crisis_management",
    "cenvio": "violence_centrality",
    "sevvio": "violence_severity",
    "viol": "violence",
    "outcom": "outcome",
    "outesr": "tension_after",
    "gravty": "gravity",
    "gpinv": "great_power_involvement",
    "powinv": "powers_involvement",
    "usinv": "us_involvement",
    "suinv": "soviet_involvement",
    "nuclear": "nuclear_capability",
    "allycap": "alliance_capability",
    "regime": "regime_type",
    "territ": "territory",
    "powsta": "power_status",
    "pc": "protracted_conflict",
}

#: ICB1 code column -> decoded column added by :func:`icb_crises`.
CRISIS_DECODED: Mapping[str, str] = {
    "break": "trigger",
    "crismg": "crisis_management",
    "cenviosy": "violence_centrality",
    "sevviosy": "violence_severity",
    "viol": "violence",
    "forout": "outcome_form",
    "subout": "outcome_substance",
    "outesr": "tension_after",
    "gravcr": "gravity",
    "gpinv": "great_power_involvement",
    "powinv": "powers_involvement",
    "usinv": "us_involvement",
    "suinv": "soviet_involvement",
    "protrac": "protracted_conflict",
}

_ACTOR_INTEGERS = ("crisno", "cracno", "cracid", "trigent", "yrtrig", "motrig", "datrig")
_ACTOR_INTEGERS += ("yrterm", "moterm", "daterm")
_CRISIS_INTEGERS = ("crisno", "trigent", "yrtrig", "motrig", "datrig", "yrterm", "moterm")
_CRISIS_INTEGERS += ("daterm", "noactr")


def _integers(column: pd.Series, where: str) -> pd.Series:
    values = pd.to_numeric(column, errors="coerce")
    fractional = values.notna() & (values != values.round())
    if fractional.any():
        raise DataError(f"{where}: non-integer value(s) {values[fractional].unique()[:5]}")
    return values.astype("Int64")


def _decode(
    frame: pd.DataFrame,
    tables: Mapping[str, CodeTable],
    decoded: Mapping[str, str],
    integers: tuple[str, ...],
    numbers: tuple[str, ...],
    where: str,
) -> pd.DataFrame:
    require_columns(
        frame,
        [*integers, *decoded, *numbers, "crisname"],
        where,
        "pass the frame that load() returns for this dataset",
    )
    out = frame.copy()
    out["crisname"] = out["crisname"].astype("string").str.strip()
    for column in integers:
        out[column] = _integers(out[column], f"{where}, column {column}")
    for column in numbers:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    for code_column, name in decoded.items():
        where_column = f"{where}, column {code_column}"
        out[name] = decode_codes(out[code_column], tables[code_column], where_column)
        out[code_column] = _integers(out[code_column], where_column)
    out["trigger_entity_kind"] = triggering_entity_kind(out["trigent"])
    return out


def icb_actors(
    data_dir: str | os.PathLike[str] | None = None, frame: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The ICB crisis actors (ICB2, version 14) with decoded categories.

    Parameters
    ----------
    data_dir
        Folder with ``icb2v14.csv`` (see :func:`detente.data.load`); ignored when ``frame``
        is given.
    frame
        An already loaded ICB2 table (``load("icb_actors")``), instead of reading the file.

    Returns
    -------
    pandas.DataFrame
        One row per crisis actor (1,078 in version 14), all columns of the file plus the
        decoded columns of :data:`ACTOR_DECODED` and ``trigger_entity_kind``.

    Raises
    ------
    DataError
        If the file is missing, lacks a documented column (naming the file and the column) or
        holds a code outside the version-14 code tables (naming the column and the code).

    References
    ----------
    Brecher et al. (2021), ICB2 codebook, version 14 (variables as named in the columns).
    """
    if frame is None:
        frame = load("icb_actors", data_dir)
    return _decode(
        frame, ACTOR_CODE_TABLES, ACTOR_DECODED, _ACTOR_INTEGERS, ("powdis",), "ICB actors (icb2)"
    )


def icb_crises(
    data_dir: str | os.PathLike[str] | None = None, frame: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The ICB international crises (ICB1, version 14) with decoded categories.

    Parameters
    ----------
    data_dir
        Folder with ``icb1v14.csv``; ignored when ``frame`` is given.
    frame
        An already loaded ICB1 table (``load("icb_crises")``), instead of reading the file.

    Returns
    -------
    pandas.DataFrame
        One row per crisis (487 in version 14), all columns of the file plus the decoded
        columns of :data:`CRISIS_DECODED` and ``trigger_entity_kind``.

    Raises
    ------
    DataError
        As :func:`icb_actors`.

    References
    ----------
    Brecher et al. (2021), ICB1 codebook, version 14.
    """
    if frame is None:
        frame = load("icb_crises", data_dir)
    return _decode(
        frame,
        CRISIS_CODE_TABLES,
        CRISIS_DECODED,
        _CRISIS_INTEGERS,
        ("powdissy",),
        "ICB crises (icb1)",
    )
