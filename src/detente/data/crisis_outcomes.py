"""Four outcome classes of an ICB crisis dyad, for validating deterrence predictions.

Every ICB crisis begins with a trigger: the defender (see :mod:`detente.data.crisis_dyads`)
already perceives a threat to basic values, finite time to respond and a heightened chance of
military hostilities. The record is therefore selected on deterrence *having been challenged*
in the immediate sense; it holds no case where a threat deterred the challenge itself. In
these classes "Deterrence holds" means that, once challenged, the defender's position held
(ICB codes a victory for it) without full-scale war: deterrence in the sense of denying the
challenger its gains, not of preventing the challenge.

Each definition is a small table, applied top-down to a dyad (:data:`OUTCOME_DEFINITIONS`):

``defender_outcome`` (the default)
    =====================================================  ===========================
    condition                                              class
    =====================================================  ===========================
    crisis ``sevviosy`` = 4 (full-scale war)               War
    defender ``outcom`` = 1 (victory)                      Deterrence holds
    defender ``outcom`` = 4 (defeat)                       Challenger prevails
    defender ``outcom`` = 2 or 3 (compromise, stalemate)   Compromise or stalemate
    otherwise (5 other, code 9, missing)                   missing (not classified)
    =====================================================  ===========================

``war_or_serious_clashes``
    As the default, with War for crisis ``sevviosy`` 3 or 4 (serious clashes or war).

``challenger_outcome``
    As the default, but where the challenger is itself a crisis actor its own ``outcom``
    decides: challenger victory -> Challenger prevails, challenger defeat -> Deterrence holds,
    compromise or stalemate -> Compromise or stalemate (the defender's outcome is used where
    the challenger is not a crisis actor or its outcome is 5, 9 or missing).

Class counts on ICB version 14 (487 crises; ``tests/data/test_icb.py`` checks them):

=========================  ================  ========================  ====================
class                      defender_outcome  war_or_serious_clashes    challenger_outcome
=========================  ================  ========================  ====================
Deterrence holds           159               110                       138
Challenger prevails        54                36                        68
Compromise or stalemate    180               123                       187
War                        93                217                       93
not classified             1                 1                         1
=========================  ================  ========================  ====================

Where both sides are crisis actors and the crisis was not a war (173 dyads), their ICB
outcomes mostly mirror each other (137 are victory against defeat, compromise against
compromise or stalemate against stalemate), but not always: in 8 both sides are coded as
victors and in 9 the defender won while the challenger compromised. ``challenger_outcome``
is offered to show how much the classes depend on whose outcome is read.

``sevviosy`` is ICB's crisis-level severity of violence (1 no violence, 2 minor clashes,
3 serious clashes, 4 full-scale war; see :mod:`detente.data.icb_codes` for the source of the
labels). The unclassified crisis under the default is 474 (Houthi Rebellion, uncoded in
version 14).

References
----------
Brecher, Michael, and Jonathan Wilkenfeld. 2000. *A Study of Crisis*. Ann Arbor: University of
Michigan Press (the definition of an international and a foreign-policy crisis, ch. 1).
Brecher, Michael, Jonathan Wilkenfeld, Kyle Beardsley, Patrick James, and David Quinn. 2021.
*International Crisis Behavior Data Codebook, Version 14* (ICB2 OUTCOM, ICB1 SEVVIOSY).
Huth, Paul K. 1999. "Deterrence and International Conflict: Empirical Findings and
Theoretical Debates." *Annual Review of Political Science* 2: 25-48 (immediate deterrence and
the selection of observed crises).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from detente.data.frame_checks import require_columns
from detente.errors import ParameterError

__all__ = [
    "CHALLENGER_PREVAILS",
    "COMPROMISE",
    "DETERRENCE_HOLDS",
    "OUTCOME_CLASSES",
    "OUTCOME_DEFINITIONS",
    "WAR",
    "OutcomeDefinition",
    "outcome_classes",
]

DETERRENCE_HOLDS = "Deterrence holds"
CHALLENGER_PREVAILS = "Challenger prevails"
COMPROMISE = "Compromise or stalemate"
WAR = "War"
#: The four classes, in this order everywhere (predictions, scores, reports).
OUTCOME_CLASSES: tuple[str, ...] = (DETERRENCE_HOLDS, CHALLENGER_PREVAILS, COMPROMISE, WAR)

_DEFENDER_VIEW = MappingProxyType(
    {1: DETERRENCE_HOLDS, 2: COMPROMISE, 3: COMPROMISE, 4: CHALLENGER_PREVAILS}
)
_CHALLENGER_VIEW = MappingProxyType(
    {1: CHALLENGER_PREVAILS, 2: COMPROMISE, 3: COMPROMISE, 4: DETERRENCE_HOLDS}
)


@dataclass(frozen=True)
class OutcomeDefinition:
    """One definition of the outcome classes (a small table applied top-down).

    Parameters
    ----------
    name
        Name to select it by.
    description
        One sentence for reports.
    war_codes
        Crisis ``sevviosy`` codes that make the dyad War (this overrides the rest).
    defender_map
        Defender ``outcom`` code -> class.
    challenger_map
        Challenger ``outcom`` code -> class, used first where the challenger is a crisis
        actor (``None``: the challenger's outcome is not used).
    """

    name: str
    description: str
    war_codes: frozenset[int]
    defender_map: Mapping[int, str]
    challenger_map: Mapping[int, str] | None = None


#: The definitions, by name; ``defender_outcome`` is the default.
OUTCOME_DEFINITIONS: Mapping[str, OutcomeDefinition] = MappingProxyType(
    {
        d.name: d
        for d in (
            OutcomeDefinition(
                "defender_outcome",
                "war if the crisis saw full-scale war, else the defender's ICB outcome",
                frozenset({4}),
                _DEFENDER_VIEW,
            ),
            OutcomeDefinition(
                "war_or_serious_clashes",
                "war if the crisis saw serious clashes or full-scale war, else the defender's "
                "ICB outcome",
                frozenset({3, 4}),
                _DEFENDER_VIEW,
            ),
            OutcomeDefinition(
                "challenger_outcome",
                "war if the crisis saw full-scale war, else the challenger's ICB outcome where "
                "it is a crisis actor, the defender's otherwise",
                frozenset({4}),
                _DEFENDER_VIEW,
                _CHALLENGER_VIEW,
            ),
        )
    }
)

_NEEDED = ["crisis_sevviosy", "defender_outcom", "challenger_outcom"]


def _apply(codes: pd.Series, mapping: Mapping[int, str]) -> np.ndarray:
    values = codes.to_numpy(dtype=float, na_value=np.nan)
    out = np.full(values.shape, None, dtype=object)
    for code, label in mapping.items():
        out[values == code] = label
    return out


def outcome_classes(dyads: pd.DataFrame, definition: str = "defender_outcome") -> pd.Series:
    """The outcome class of each crisis dyad under a named definition.

    Parameters
    ----------
    dyads
        Crisis dyads (:func:`~detente.data.crisis_dyads.crisis_dyads`): needs
        ``crisis_sevviosy``, ``defender_outcom`` and ``challenger_outcom``.
    definition
        A name of :data:`OUTCOME_DEFINITIONS` (the tables are in the module docstring).

    Returns
    -------
    pandas.Series
        Categorical over :data:`OUTCOME_CLASSES` (in that order), with ``dyads``' index;
        missing where the definition does not classify the dyad.

    Raises
    ------
    ParameterError
        For an unknown definition (naming the known ones).
    InputError
        If ``dyads`` lacks a needed column.
    """
    try:
        rule = OUTCOME_DEFINITIONS[definition]
    except KeyError:
        known = ", ".join(OUTCOME_DEFINITIONS)
        raise ParameterError(f"unknown outcome definition {definition!r}; known: {known}") from None
    require_columns(dyads, _NEEDED, "the crisis dyads", "build them with crisis_dyads()")
    classes = _apply(dyads["defender_outcom"], rule.defender_map)
    if rule.challenger_map is not None:
        by_challenger = _apply(dyads["challenger_outcom"], rule.challenger_map)
        classes = np.where(by_challenger != None, by_challenger, classes)  # noqa: E711
    war = dyads["crisis_sevviosy"].isin(list(rule.war_codes)).to_numpy(dtype=bool)
    classes[war] = WAR
    return pd.Series(
        pd.Categorical(classes, categories=list(OUTCOME_CLASSES)),
        index=dyads.index,
        name=f"outcome_{rule.name}",
    )
