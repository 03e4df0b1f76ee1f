"""Code tables of the International Crisis Behavior (ICB) data, version 14, and their decoding.

Each coded ICB variable maps to one :class:`CodeTable`: the codes that occur, a label for
each, whether the codes are ordinal, and where the labels come from. :func:`decode_codes`
turns a column of codes into a :class:`pandas.Categorical` and refuses any code that is not in
the table (naming the file, the column and the code), so a file of another ICB version, or a
corrupt one, cannot be decoded silently. A blank cell is missing (``NaN``).

Provenance of the labels, stated per table in :attr:`CodeTable.source`:

* The tables are meant to come from the ICB codebooks (Brecher, Wilkenfeld, Beardsley, James
  and Quinn 2021, *International Crisis Behavior Data Codebook, Version 14*: ICB1 system level
  and ICB2 actor level; each variable has its own numbered entry, cited below by its name).
  The codebook text could not be read from the machine detente was built on: the stored copies
  of the ICB1/ICB2 codebooks hold only their first page, and the version-13 codebook PDFs
  found in a public repository (jandresgannon/ICBdomains, ``inst/extdata``) are binary.
* Labels were therefore taken from two public transcriptions of the (version 16) codebook,
  whose codes match the version-14 files code for code:
  **[T1]** Lohen-Chen/HackMIT-Armageddon, ``pipeline/icb_prepare.py`` (table ``LABELS``);
  **[T2]** a research note "WORLD-STATE SOURCES -- verified register", which summarises the
  ICB1 codebook (file id 61697770283 in the search index; its repository was not identified).
  A table is marked ``confirmed=True`` when at least one transcription gives every label.
  Where they disagree (``viol``) the choice and the reason are stated.
* Tables no transcription gives are ``confirmed=False``: each code keeps the label
  ``"code N"`` and nothing is invented. Their codes are exactly those in the version-14 files.

Checks on the data itself (not a source of labels, but consistent with them): every crisis
known as a full-scale war (Pearl Harbor, Korean War I and II, Six Day War, October-Yom Kippur
War, Falklands/Malvinas, Gulf War, Iraq regime change) has ``sevviosy == viol == 4``;
``cenvio == 1`` exactly when ``sevvio == 1`` (no violence); the crises with triggering entity
995 (Rhodesia settlement, Mecca pilgrimage, Nagorno-Karabakh, East Timor II) were triggered
inside the state, and 996/997 mark, e.g., Munich (Sudeten German party) and the
October-Yom Kippur War (Egypt and Syria together).

References
----------
Brecher, Michael, and Jonathan Wilkenfeld. 2000. *A Study of Crisis*. Ann Arbor: University of
Michigan Press.
Brecher, Michael, Jonathan Wilkenfeld, Kyle Beardsley, Patrick James, and David Quinn. 2021.
*International Crisis Behavior Data Codebook, Version 14*. https://sites.duke.edu/icbdata/
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from detente.errors import DataError

__all__ = [
    "ACTOR_CODE_TABLES",
    "CRISIS_CODE_TABLES",
    "TRIGGERING_ENTITY_KINDS",
    "CodeTable",
    "decode_codes",
    "triggering_entity_kind",
]

_T1 = "[T1] Lohen-Chen/HackMIT-Armageddon pipeline/icb_prepare.py"
_T2 = "[T2] research note 'WORLD-STATE SOURCES' (search index file 61697770283)"
_UNCONFIRMED = (
    "not confirmed: no codebook text or transcription found; codes as they occur in the "
    "version-14 files, labelled 'code N'"
)


@dataclass(frozen=True)
class CodeTable:
    """The code -> label table of one ICB variable.

    Parameters
    ----------
    variable
        Codebook name (upper case, e.g. ``"OUTCOM"``); the entry to look up in the codebook.
    meaning
        What the variable measures, in a few words.
    labels
        Code -> label, in code order (labels are unique).
    ordered
        Whether the codes are ordinal (the Categorical is then ordered).
    source
        Where the labels come from (see the module docstring).
    confirmed
        ``False`` when no source gives the labels (they are then ``"code N"``).
    """

    variable: str
    meaning: str
    labels: Mapping[int, str]
    ordered: bool
    source: str
    confirmed: bool = True

    def __post_init__(self) -> None:
        if len(set(self.labels.values())) != len(self.labels):
            raise ValueError(f"{self.variable}: labels must be unique")
        object.__setattr__(self, "labels", MappingProxyType(dict(sorted(self.labels.items()))))

    @property
    def codes(self) -> tuple[int, ...]:
        """The codes of the table, in order."""
        return tuple(self.labels)

    def code_of(self, label: str) -> int:
        """The code that carries ``label``."""
        for code, text in self.labels.items():
            if text == label:
                return code
        raise KeyError(label)


def _unconfirmed(variable: str, meaning: str, codes: Iterable[int]) -> CodeTable:
    return CodeTable(variable, meaning, {c: f"code {c}" for c in codes}, False, _UNCONFIRMED, False)


_TRIGGER = {
    1: "Verbal act",
    2: "Political act",
    3: "Economic act",
    4: "External change",
    5: "Other non-violent act",
    6: "Internal challenge",
    7: "Non-violent military act",
    8: "Indirect violent act",
    9: "Violent act",
}
_MANAGEMENT = {
    1: "Negotiation",
    2: "Adjudication or arbitration",
    3: "Mediation",
    4: "Multiple, no violence",
    5: "Non-military pressure",
    6: "Non-violent military",
    7: "Multiple, including violence",
    8: "Violence",
}
_GRAVITY = {
    0: "Economic threat",
    1: "Limited military threat",
    2: "Political threat",
    3: "Territorial threat",
    4: "Threat to influence",
    5: "Threat of grave damage",
    6: "Threat to existence",
    7: "Other",
}
_VIOLENCE = {1: "No violence", 2: "Minor clashes", 3: "Serious clashes", 4: "Full-scale war"}
_TENSION = {1: "Escalation of tension", 2: "Reduction of tension", 3: "Recent case"}
_VIOL_SOURCE = (
    f"{_T2} (VIOL: 1 none, 2 minor clashes, 3 serious clashes, 4 full-scale war); {_T1} "
    "labels viol with the centrality scale instead (no/minor/important/preeminent violence). "
    "T2 is followed: viol is near-diagonal with sevviosy (equal in 392 of 486 crises) and every "
    "crisis known as a full-scale war has viol 4"
)

#: Code tables of the actor-level file (ICB2), by column.
ACTOR_CODE_TABLES: Mapping[str, CodeTable] = MappingProxyType(
    {
        "triggr": CodeTable(
            "TRIGGR", "trigger to the actor's crisis", _TRIGGER, False, f"{_T1}; {_T2} (BREAK)"
        ),
        "crismg": CodeTable(
            "CRISMG", "principal crisis management technique", _MANAGEMENT, False, f"{_T1}; {_T2}"
        ),
        "cenvio": _unconfirmed(
            "CENVIO", "centrality of violence in crisis management", (1, 2, 3, 4)
        ),
        "sevvio": CodeTable(
            "SEVVIO",
            "severity of violence in the actor's crisis management",
            _VIOLENCE,
            True,
            f"{_T1} and {_T2} give this scale for the system-level SEVVIOSY; the actor-level "
            "SEVVIO uses the same codes 1-4",
        ),
        "viol": CodeTable("VIOL", "violence in the actor's crisis", _VIOLENCE, True, _VIOL_SOURCE),
        "outcom": CodeTable(
            "OUTCOM",
            "content of the crisis outcome for the actor",
            {
                1: "Victory",
                2: "Compromise",
                3: "Stalemate",
                4: "Defeat",
                5: "Other",
                9: "code 9",
            },
            False,
            f"{_T1} (codes 1-5); code 9 (one actor: Indonesia, East Timor II) is not confirmed",
        ),
        "outesr": CodeTable(
            "OUTESR", "escalation or reduction of tension after the crisis", _TENSION, False, _T1
        ),
        "gravty": CodeTable(
            "GRAVTY",
            "gravity of the threat to the actor",
            _GRAVITY,
            False,
            f"{_T1} and {_T2} give this table for the system-level GRAVCR (the highest "
            "gravity among the actors); the actor-level GRAVTY uses the same codes 0-7",
        ),
        "gpinv": _unconfirmed("GPINV", "great power involvement", range(1, 8)),
        "powinv": _unconfirmed("POWINV", "involvement of powers", range(1, 8)),
        "usinv": _unconfirmed("USINV", "United States involvement", range(1, 10)),
        "suinv": _unconfirmed("SUINV", "USSR/Russia involvement", range(1, 10)),
        "territ": _unconfirmed("TERRIT", "size of the actor's territory", (1, 2, 3)),
        "regime": CodeTable(
            "REGIME",
            "regime type of the actor",
            {
                1: "Democratic",
                2: "Civil authoritarian",
                3: "Military direct",
                4: "Military indirect",
                5: "Military dual authority",
            },
            False,
            _T1,
        ),
        "allycap": _unconfirmed("ALLYCAP", "alliance capability of the actor", (1, 2, 3, 4)),
        "nuclear": CodeTable(
            "NUCLEAR",
            "nuclear capability of the actor",
            {
                1: "No nuclear capability",
                2: "Foreseeable nuclear capability",
                3: "Possesses nuclear weapons",
                4: "Second-strike capability",
            },
            True,
            _T1,
        ),
        "powsta": CodeTable(
            "POWSTA",
            "power status of the actor",
            {1: "Small power", 2: "Middle power", 3: "Great power", 4: "Superpower"},
            True,
            _T1,
        ),
        "pc": _unconfirmed("PC", "protracted-conflict setting of the actor's crisis", (1, 2, 3)),
    }
)

#: Code tables of the system-level file (ICB1), by column.
CRISIS_CODE_TABLES: Mapping[str, CodeTable] = MappingProxyType(
    {
        "break": CodeTable(
            "BREAK", "trigger (breakpoint) of the crisis", _TRIGGER, False, f"{_T1}; {_T2}"
        ),
        "gravcr": CodeTable(
            "GRAVCR",
            "gravity of the threat (highest among actors)",
            _GRAVITY,
            False,
            f"{_T1}; {_T2}",
        ),
        "crismg": CodeTable(
            "CRISMG", "principal crisis management technique", _MANAGEMENT, False, f"{_T1}; {_T2}"
        ),
        "cenviosy": _unconfirmed("CENVIOSY", "centrality of violence in the crisis", (1, 2, 3, 4)),
        "sevviosy": CodeTable(
            "SEVVIOSY", "severity of violence in the crisis", _VIOLENCE, True, f"{_T1}; {_T2}"
        ),
        "viol": CodeTable("VIOL", "violence in the crisis", _VIOLENCE, True, _VIOL_SOURCE),
        "gpinv": _unconfirmed("GPINV", "great power involvement", range(1, 8)),
        "powinv": _unconfirmed("POWINV", "involvement of powers", range(1, 8)),
        "usinv": _unconfirmed("USINV", "United States involvement", (1, 2, 3, 4)),
        "suinv": _unconfirmed("SUINV", "USSR/Russia involvement", (1, 2, 3, 4)),
        "subout": _unconfirmed(
            "SUBOUT", "substance of the outcome (definitive or ambiguous)", (1, 2)
        ),
        "forout": CodeTable(
            "FOROUT",
            "form of the outcome",
            {
                1: "Formal agreement",
                2: "Semi-formal agreement",
                3: "Tacit understanding",
                4: "Unilateral act",
                5: "Imposed agreement",
                6: "Other",
                7: "Crisis faded",
            },
            False,
            f"{_T1}; {_T2} (codes 1, 4, 7)",
        ),
        "outesr": CodeTable(
            "OUTESR",
            "escalation or reduction of tension after the crisis",
            _TENSION,
            False,
            f"{_T1}; {_T2}",
        ),
        "protrac": _unconfirmed("PROTRAC", "protracted-conflict setting of the crisis", (1, 2, 3)),
    }
)

#: Triggering-entity codes (TRIGENT) that are not a state: ICB uses three-digit state
#: codes for states and these for the rest (source: [T2]).
TRIGGERING_ENTITY_KINDS: Mapping[int, str] = MappingProxyType(
    {995: "Internal", 996: "Non-state actor", 997: "Multiple states"}
)
_STATE = "State"


def triggering_entity_kind(codes: pd.Series) -> pd.Categorical:
    """The kind of triggering entity: ``State`` (a state code) or one of
    :data:`TRIGGERING_ENTITY_KINDS`; missing where the code is missing."""
    values = pd.to_numeric(codes, errors="coerce").to_numpy(dtype=float)
    kinds = np.full(values.shape, None, dtype=object)
    present = ~np.isnan(values)
    kinds[present] = _STATE
    for code, kind in TRIGGERING_ENTITY_KINDS.items():
        kinds[values == code] = kind
    return pd.Categorical(kinds, categories=[_STATE, *TRIGGERING_ENTITY_KINDS.values()])


def decode_codes(column: pd.Series, table: CodeTable, where: str) -> pd.Categorical:
    """Decode one column of ICB codes into a Categorical labelled by ``table``.

    Parameters
    ----------
    column
        Numeric codes; blank cells (``NaN``) stay missing.
    table
        The variable's code table.
    where
        What to name in an error (the file and column).

    Raises
    ------
    DataError
        If a value is not a code of the table (naming ``where``, the codes and the allowed
        codes): the file is not ICB version 14 or is corrupt.
    """
    values = pd.to_numeric(column, errors="coerce")
    bad_text = column.notna() & values.isna()
    if bad_text.any():
        shown = sorted(map(str, column[bad_text].unique()))[:5]
        raise DataError(f"{where}: non-numeric value(s) {shown}; ICB codes are numbers")
    numbers = values.to_numpy(dtype=float)
    present = ~np.isnan(numbers)
    known = np.isin(numbers, table.codes)
    if (present & ~known).any():
        bad = sorted({int(v) if float(v).is_integer() else v for v in numbers[present & ~known]})
        raise DataError(
            f"{where}: code(s) {bad[:10]} are not in the ICB v14 code table of "
            f"{table.variable} (allowed: {', '.join(map(str, table.codes))}); the file may be "
            "another ICB version: use the version-14 file"
        )
    labels = np.full(numbers.shape, None, dtype=object)
    for code, label in table.labels.items():
        labels[numbers == code] = label
    return pd.Categorical(labels, categories=list(table.labels.values()), ordered=table.ordered)
