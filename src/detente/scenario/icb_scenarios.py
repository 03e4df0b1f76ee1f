"""One ICB crisis as a detente scenario: a documented, deterministic translation.

:func:`icb_scenario_text` turns one crisis dyad of :func:`detente.data.crisis_dyads` (the
defender: the first crisis actor; the challenger: its triggering entity) into the TOML text of
a scenario file, every line commented with the ICB field it comes from; :func:`icb_scenario`
loads that text with :func:`~detente.scenario.load_scenario`. The validation
(:mod:`detente.scenario.record_validation`) uses exactly this path (crisis -> TOML text ->
:class:`Scenario` -> :func:`~detente.scenario.crisis_variables.crisis_inputs`), so the file
``detente scenario from-icb CRISNO`` writes and the crisis the validator scores have identical
inputs.

The table (translation version 1). Every judgement is a range; where the record is silent the
range is wide and the file says so. Actor keys are ``challenger`` and ``defender`` (and
``allies`` when the defender has alliance capability).

=========================  ==================================  ================================
scenario field             ICB source (dyad column)            rule
=========================  ==================================  ================================
``capability``             COW NMC v7 CINC in the trigger      the CINC (data). Missing (a
                           year (``*_cinc``)                   non-state, multi-state or
                                                               unlisted challenger): a discrete
                                                               wide prior, the other side's
                                                               CINC times 0.01, 0.03, 0.1, 0.3,
                                                               1 (non-state or internal) or
                                                               0.1, 0.3, 1, 3, 10 (several or
                                                               unlisted states), equal weights
``regime``                 REGIME                              1 democratic -> democracy;
                                                               2-5 civil authoritarian or
                                                               military -> autocracy; not coded
                                                               -> anocracy (the middle)
``stakes``                 GRAVTY of the actor                 0-1 economic or limited military
                                                               threat U(0.2, 0.5); 2 political,
                                                               4 influence U(0.3, 0.6); 3
                                                               territorial U(0.5, 0.8); 5 grave
                                                               damage U(0.6, 0.9); 6 existence
                                                               U(0.85, 1); 7 other or not coded
                                                               U(0.2, 0.9)
``cost_of_war``            TRIGGR of the defender              U(0.2, 0.8) (the record codes no
                                                               cost); a challenger whose
                                                               trigger was a violent act (9)
                                                               U(0.1, 0.5): it has shown it
                                                               accepts fighting (Fearon 1997)
challenger ``resolve``     TRIGGR of the defender              9 violent act U(0.6, 0.9); 7
(commitment to its move)                                       non-violent military, 8 indirect
                                                               violent U(0.4, 0.8); 1-3, 5
                                                               verbal, political, economic,
                                                               other U(0.2, 0.6); 4 external
                                                               change, 6 internal challenge
                                                               U(0.1, 0.5); missing U(0.1, 0.9)
defender ``resolve``       PC of the defender                  1 no protracted conflict
(prior of the resolute                                         U(0.2, 0.7); 2 protracted
type)                                                          U(0.4, 0.8); 3 long-war
                                                               protracted U(0.6, 0.9); missing
                                                               U(0.2, 0.8) (Brecher 1993)
``nuclear_war_cost``       NUCLEAR of the other side           the other side has nuclear
                           (known nuclear states by first      weapons (code 3 or 4):
                           test year for a challenger that     U(1, 2); only this side:
                           is not a crisis actor)              U(0.2, 0.6) (the nuclear taboo,
                                                               Tannenwald 1999); neither: 0
``crisis.kind``            TRIGGR of the defender              9 violent act -> compellence
                                                               (the defender demands that the
                                                               challenger undo a move it has
                                                               made); else deterrence
``crisis.domain``,         NUCLEAR of both                     both sides nuclear: nuclear,
``escalation_risk``                                            U(0.01, 0.1); one side:
                                                               conventional, U(0, 0.05);
                                                               neither: 0
``public_commitment``      (not coded)                         U(0, 0.5), wide
``[[alliances]]``          ALLYCAP of the defender             2 U(0.2, 0.5), 3 U(0.4, 0.7),
                                                               4 U(0.6, 0.9) commitment of a
                                                               generic patron ``allies`` to the
                                                               defender; 1 or missing: none
``[[rivalries]]``          PC of the defender                  2 U(0.4, 0.7), 3 U(0.7, 1)
                                                               intensity; 1: none
``expected``               outcome class (default definition)  the class as the kind's label
                                                               (a consistency check, not an
                                                               input)
=========================  ==================================  ================================

ALLYCAP and PC have no confirmed code labels (:mod:`detente.data.icb_codes`); the rules read
their codes as ordered (ALLYCAP: every superpower defender has code 4; PC: code 3 holds the
long wars, e.g. the Second World War and Korean War crises). Left out on purpose: major-power
and superpower involvement (GPINV, POWINV, USINV, SUINV: coded over the whole crisis, partly as
a response to how it went, and without confirmed labels), ICB's power discrepancy (POWDIS:
CINC gives the ratio), territory size (TERRIT, unconfirmed), and everything coded at or after
the outcome. The challenger's perceived resolve is not set (the record has no evidence of
beliefs), so no misperception is assumed; channels and interventions are absent.

References
----------
Brecher, M. (1993). *Crises in World Politics*. Pergamon (protracted conflicts).
Brecher, M., Wilkenfeld, J., Beardsley, K., James, P. & Quinn, D. (2021). *International
Crisis Behavior Data Codebook, Version 14*.
Fearon, J. D. (1997). Signaling foreign policy interests. *JCR* 41(1), 68-90.
Tannenwald, N. (1999). The nuclear taboo. *IO* 53(3), 433-468.
Singer, J. D., Bremer, S. & Stuckey, J. (1972). Capability distribution, uncertainty, and
major power war, 1820-1965. In *Peace, War, and Numbers* (CINC).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from detente.data.icb_codes import ACTOR_CODE_TABLES
from detente.errors import InputError
from detente.scenario.scenario_loading import load_scenario
from detente.scenario.scenario_schema import OUTCOME_LABELS, Scenario
from detente.scenario.toml_literal import toml_literal

__all__ = [
    "ICB_CLASS_TO_OUTCOME",
    "NUCLEAR_STATES",
    "TRANSLATION_VERSION",
    "crisis_record",
    "icb_record",
    "icb_scenario",
    "icb_scenario_text",
]

#: Version of the translation table (recorded with every fitted calibration).
TRANSLATION_VERSION = 1

#: ICB outcome class (:mod:`detente.data.crisis_outcomes`) -> detente outcome class.
ICB_CLASS_TO_OUTCOME = {
    "Deterrence holds": "success",
    "Challenger prevails": "prevails",
    "Compromise or stalemate": "compromise",
    "War": "war",
}

#: Nuclear weapon states by COW code: (first year with weapons, source), for challengers that
#: are not crisis actors (ICB codes NUCLEAR only for crisis actors).
NUCLEAR_STATES: Mapping[int, tuple[int, str]] = {
    2: (1945, "United States, first test July 1945"),
    365: (1949, "USSR/Russia, first test August 1949"),
    200: (1952, "United Kingdom, first test October 1952"),
    220: (1960, "France, first test February 1960"),
    710: (1964, "China, first test October 1964"),
    666: (1967, "Israel, weapons by 1967 (Cohen 1998, Israel and the Bomb)"),
    750: (1974, "India, first test May 1974"),
    770: (1998, "Pakistan, first test May 1998"),
    731: (2006, "North Korea, first test October 2006"),
}

_GRAVITY_STAKES = {
    0: (0.2, 0.5),
    1: (0.2, 0.5),
    2: (0.3, 0.6),
    3: (0.5, 0.8),
    4: (0.3, 0.6),
    5: (0.6, 0.9),
    6: (0.85, 1.0),
    7: (0.2, 0.9),
}
_WIDE_STAKES = (0.2, 0.9)
_CHALLENGER_RESOLVE = {
    9: (0.6, 0.9),
    7: (0.4, 0.8),
    8: (0.4, 0.8),
    1: (0.2, 0.6),
    2: (0.2, 0.6),
    3: (0.2, 0.6),
    5: (0.2, 0.6),
    4: (0.1, 0.5),
    6: (0.1, 0.5),
}
_DEFENDER_RESOLVE = {1: (0.2, 0.7), 2: (0.4, 0.8), 3: (0.6, 0.9)}
_RIVALRY = {2: (0.4, 0.7), 3: (0.7, 1.0)}
_ALLIANCE = {2: (0.2, 0.5), 3: (0.4, 0.7), 4: (0.6, 0.9)}
_WEAK_RATIOS = (0.01, 0.03, 0.1, 0.3, 1.0)
_WIDE_RATIOS = (0.1, 0.3, 1.0, 3.0, 10.0)
_NOMINAL_CAPABILITY = 0.01


def _code(row: Mapping[str, Any], column: str) -> int | None:
    value = row.get(column)
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else int(number)


def _number(row: Mapping[str, Any], column: str) -> float | None:
    value = row.get(column)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _label(table: str, code: int | None) -> str:
    if code is None:
        return "not coded"
    return f"{code} {ACTOR_CODE_TABLES[table].labels.get(code, '')}".strip()


def _uniform(lo: float, hi: float) -> dict[str, Any]:
    return {"dist": "uniform", "lo": lo, "hi": hi}


class _Table:
    """Lines of one TOML table: ``key = value  # note``."""

    def __init__(self, header: str) -> None:
        self.header = header
        self.lines: list[tuple[str, Any, str]] = []

    def add(self, key: str, value: Any, note: str = "") -> None:
        self.lines.append((key, value, note))

    def render(self) -> str:
        out = [self.header]
        for key, value, note in self.lines:
            line = f"{key} = {toml_literal(value, significant=6)}"
            out.append(f"{line:<52}  # {note}" if note else line)
        return "\n".join(out)


def _nuclear(row: Mapping[str, Any], side: str) -> tuple[bool, str]:
    """Whether a side has nuclear weapons, and the source of the answer."""
    code = _code(row, f"{side}_nuclear")
    if code is not None:
        return code >= 3, f"ICB NUCLEAR = {_label('nuclear', code)}"
    if side == "challenger":
        ccode = _code(row, "challenger_ccode")
        year = _code(row, "yrtrig")
        if ccode is not None and year is not None:
            known = NUCLEAR_STATES.get(ccode)
            if known is not None and year >= known[0]:
                return True, f"not an ICB crisis actor; known nuclear state ({known[1]})"
            return False, "not an ICB crisis actor; not a nuclear state in the trigger year"
    return False, "nuclear capability not coded: assumed none"


def _actor_name(row: Mapping[str, Any], side: str, names: Mapping[int, str]) -> str:
    if side == "defender":
        abbrev = row.get("defender_actor")
        ccode = _code(row, "defender_cracid")
    else:
        kind = str(row.get("challenger_kind"))
        ccode = _code(row, "challenger_ccode")
        if ccode is None:
            return {
                "Non-state actor": "Non-state actor",
                "Multiple states": "Several states",
                "Internal": "Internal challenge",
            }.get(kind, "Unknown challenger")
        abbrev = row.get("challenger_actor")
    if isinstance(abbrev, str) and abbrev.strip():
        return abbrev.strip()
    if ccode is not None and ccode in names:
        return names[ccode]
    return f"state {ccode}" if ccode is not None else "Unknown"


def _capability(
    table: _Table, row: Mapping[str, Any], side: str, other_cinc: float | None
) -> float | None:
    """Write ``capability`` (and ``ccode``); return this side's CINC if known."""
    cinc = _number(row, f"{side}_cinc")
    year = _code(row, "yrtrig")
    ccode = _code(row, "defender_cracid" if side == "defender" else "challenger_ccode")
    if cinc is not None and cinc > 0:
        table.add("capability", min(max(cinc, 1e-6), 1.0), f"COW NMC v7.0 CINC {year}")
        if ccode is not None:
            table.add("ccode", ccode, "state code (ICB, as COW)")
        return cinc
    kind = str(row.get("challenger_kind")) if side == "challenger" else "state"
    weak = kind in ("Non-state actor", "Internal")
    if other_cinc is None or other_cinc <= 0:
        table.add(
            "capability",
            _NOMINAL_CAPABILITY,
            "no CINC for either side: a nominal value (only the ratio matters)",
        )
        return None
    ratios = _WEAK_RATIOS if weak else _WIDE_RATIOS
    values = [float(min(max(other_cinc * r, 1e-6), 1.0)) for r in ratios]
    why = (
        "no CINC (not a state): wide prior, the other side's CINC x 0.01-1"
        if weak
        else "no CINC for this side: wide prior, the other side's CINC x 0.1-10"
    )
    table.add("capability", {"dist": "discrete", "values": values}, why)
    return None


def _stakes(table: _Table, row: Mapping[str, Any], side: str) -> None:
    code = _code(row, f"{side}_gravty")
    if code is None:
        lo, hi = _WIDE_STAKES
        why = "gravity not coded (not a crisis actor): wide prior"
    else:
        lo, hi = _GRAVITY_STAKES[code]
        why = f"ICB GRAVTY = {_label('gravty', code)}"
    table.add("stakes", _uniform(lo, hi), why)


def _regime(table: _Table, row: Mapping[str, Any], side: str) -> None:
    code = _code(row, f"{side}_regime")
    if code is None:
        table.add("regime", "anocracy", "regime not coded: the middle category")
    else:
        value = "democracy" if code == 1 else "autocracy"
        table.add("regime", value, f"ICB REGIME = {_label('regime', code)}")


def icb_scenario_text(row: Mapping[str, Any], state_names: Mapping[int, str] | None = None) -> str:
    """The commented TOML scenario of one crisis dyad (the table in the module docstring).

    Parameters
    ----------
    row : mapping
        One row of :func:`detente.data.crisis_dyads` (a :class:`pandas.Series` or dict), with
        the optional ``outcome`` column (the ICB outcome class) for ``expected``.
    state_names : mapping, optional
        COW state code -> short name, for challengers that are not ICB crisis actors.

    Returns
    -------
    str
        TOML text that :func:`~detente.scenario.load_scenario` accepts.
    """
    names = state_names or {}
    crisno = _code(row, "crisno")
    year = _code(row, "yrtrig")
    crisname = str(row.get("crisname") or f"crisis {crisno}").strip()
    trigger = _code(row, "defender_triggr")
    kind = "compellence" if trigger == 9 else "deterrence"
    defender = _actor_name(row, "defender", names)
    challenger = _actor_name(row, "challenger", names)
    challenger_kind = str(row.get("challenger_kind"))
    nuclear_c, nuclear_c_why = _nuclear(row, "challenger")
    nuclear_d, nuclear_d_why = _nuclear(row, "defender")
    pc = _code(row, "defender_pc")
    allycap = _code(row, "defender_allycap")

    info = _Table("[scenario]")
    info.add("title", f"{crisname.title()} ({year}), ICB crisis {crisno}")
    if year is not None:
        info.add("year", year, "ICB yrtrig (trigger year)")
        info.add("cinc_year", year, "CINC of the trigger year")
    info.add(
        "description",
        f"ICB crisis {crisno}: {defender} (the first crisis actor) faces a crisis triggered by "
        f"{challenger} ({_label('triggr', trigger)}).",
    )
    observed = row.get("outcome")
    if isinstance(observed, str) and observed in ICB_CLASS_TO_OUTCOME:
        info.add(
            "historical_outcome",
            f"ICB: {observed} (defender outcome {_label('outcom', _code(row, 'defender_outcom'))}"
            f"; crisis violence {_code(row, 'crisis_sevviosy')})",
        )
        info.add(
            "expected",
            OUTCOME_LABELS[kind][ICB_CLASS_TO_OUTCOME[observed]],
            "the observed class: a check, not an input",
        )
    info.add(
        "sources",
        [
            "Brecher, Wilkenfeld, Beardsley, James & Quinn, International Crisis Behavior data "
            "v14 (2021)",
            "Correlates of War NMC v7.0 (CINC)",
            f"detente ICB translation v{TRANSLATION_VERSION} (docs/validation.md)",
        ],
    )

    tables = [info]
    d = _Table("[actors.defender]")
    d.add("name", defender, f"ICB crisis actor {_code(row, 'defender_cracno')}")
    cinc_c = _number(row, "challenger_cinc")
    cinc_d = _capability(d, row, "defender", cinc_c if cinc_c and cinc_c > 0 else None)
    _regime(d, row, "defender")
    _stakes(d, row, "defender")
    d.add("cost_of_war", _uniform(0.2, 0.8), "the record codes no cost: wide prior")
    if nuclear_c:
        d.add("nuclear_war_cost", _uniform(1.0, 2.0), f"challenger nuclear ({nuclear_c_why})")
    elif nuclear_d:
        d.add("nuclear_war_cost", _uniform(0.2, 0.6), "only this side nuclear: the taboo's cost")
    lo, hi = _DEFENDER_RESOLVE.get(pc, (0.2, 0.8)) if pc is not None else (0.2, 0.8)
    d.add("resolve", _uniform(lo, hi), f"ICB PC = {pc if pc is not None else 'not coded'}")
    tables.append(d)

    c = _Table("[actors.challenger]")
    c.add("name", challenger, f"ICB triggering entity {_code(row, 'challenger_code')}")
    _capability(c, row, "challenger", cinc_d)
    _regime(c, row, "challenger")
    _stakes(c, row, "challenger")
    if trigger == 9:
        c.add("cost_of_war", _uniform(0.1, 0.5), "ICB TRIGGR = 9 violent act: accepts fighting")
    else:
        c.add("cost_of_war", _uniform(0.2, 0.8), "the record codes no cost: wide prior")
    if nuclear_d:
        c.add("nuclear_war_cost", _uniform(1.0, 2.0), f"defender nuclear ({nuclear_d_why})")
    elif nuclear_c:
        c.add("nuclear_war_cost", _uniform(0.2, 0.6), "only this side nuclear: the taboo's cost")
    lo, hi = _CHALLENGER_RESOLVE.get(trigger, (0.1, 0.9)) if trigger is not None else (0.1, 0.9)
    c.add(
        "resolve",
        _uniform(lo, hi),
        f"commitment to its move: ICB TRIGGR = {_label('triggr', trigger)}",
    )
    tables.append(c)

    if allycap in _ALLIANCE:
        a = _Table("[actors.allies]")
        a.add("name", f"{defender}'s allies", "generic patron of the defender's alliances")
        a.add("capability", _NOMINAL_CAPABILITY, "not used: no protege, so no share of p_win")
        a.add("stakes", 0.5, "not used by the mapping")
        a.add("cost_of_war", 0.5, "not used by the mapping")
        tables.append(a)

    cr = _Table("[crisis]")
    cr.add("challenger", "challenger")
    cr.add("defender", "defender")
    cr.add(
        "issue",
        "ICB gravity of the threat to the defender: "
        + _label("gravty", _code(row, "defender_gravty")),
    )
    both = nuclear_c and nuclear_d
    cr.add(
        "domain",
        "nuclear" if both else "conventional",
        f"challenger: {nuclear_c_why}; defender: {nuclear_d_why}",
    )
    cr.add(
        "kind",
        kind,
        f"ICB TRIGGR = {_label('triggr', trigger)}"
        + (": the defender demands the move be undone" if kind == "compellence" else ""),
    )
    if both:
        cr.add("escalation_risk", _uniform(0.01, 0.1), "both sides nuclear")
    elif nuclear_c or nuclear_d:
        cr.add("escalation_risk", _uniform(0.0, 0.05), "one side nuclear")
    cr.add("public_commitment", _uniform(0.0, 0.5), "not coded by ICB: wide prior")
    tables.append(cr)

    if allycap in _ALLIANCE:
        al = _Table("[[alliances]]")
        al.add("patron", "allies")
        al.add("protege", "defender")
        al.add(
            "commitment",
            _uniform(*_ALLIANCE[allycap]),
            f"ICB ALLYCAP = {allycap} (labels unconfirmed; read as ordered)",
        )
        al.add("public", True)
        tables.append(al)
    if pc in _RIVALRY:
        rv = _Table("[[rivalries]]")
        rv.add("between", ["challenger", "defender"])
        rv.add("intensity", _uniform(*_RIVALRY[pc]), f"ICB PC = {pc} (protracted conflict)")
        tables.append(rv)

    head = [
        f"# ICB crisis {crisno}: {crisname} ({year}), written by `detente scenario from-icb`",
        f"# (translation v{TRANSLATION_VERSION}; the table is in docs/validation.md).",
        f"# Challenger: {challenger} ({challenger_kind}); defender: {defender}.",
        "# Every number is a range from the ICB field named in its comment; where the record is",
        "# silent the range is wide and says so. Edit freely: `detente scenario check FILE`.",
        "",
    ]
    return "\n".join(head) + "\n\n".join(t.render() for t in tables) + "\n"


def icb_scenario(row: Mapping[str, Any], state_names: Mapping[int, str] | None = None) -> Scenario:
    """The crisis as a loaded :class:`Scenario` (named ``icb_CRISNO``), from its TOML text."""
    text = icb_scenario_text(row, state_names)
    return load_scenario(text, name=f"icb_{_code(row, 'crisno')}")


def crisis_record(records: pd.DataFrame, crisno: int) -> pd.Series:
    """The row of crisis ``crisno``; an unknown number is an :class:`InputError`."""
    if isinstance(crisno, bool) or not isinstance(crisno, int | np.integer):
        raise InputError(f"crisis number must be an integer, got {crisno!r}")
    match = records.loc[records["crisno"] == crisno]
    if match.empty:
        lo, hi = int(records["crisno"].min()), int(records["crisno"].max())
        raise InputError(
            f"crisis number {crisno} is not in the ICB v14 record (crisis numbers "
            f"{lo}-{hi}; see `detente data describe icb_crises`)"
        )
    return match.iloc[0]


def icb_record(
    data_dir: str | os.PathLike[str] | None = None, definition: str = "defender_outcome"
) -> pd.DataFrame:
    """The crisis dyads with their outcome class and the COW names of non-actor states.

    Returns :func:`detente.data.crisis_dyads` plus ``outcome`` (the class under
    ``definition``, missing where unclassified) and ``challenger_name`` /
    ``defender_name`` (the names the scenario files use).

    Raises
    ------
    DataError
        A missing data file (naming how to get it) or a missing column.
    """
    from detente.data import crisis_dyads, load, outcome_classes
    from detente.errors import DataError

    dyads = crisis_dyads(data_dir)
    dyads["outcome"] = outcome_classes(dyads, definition).astype(object)
    names: dict[int, str] = {}
    try:
        states = load("cow_states", data_dir)
        names = dict(zip(states["ccode"].astype(int), states["stateabb"].astype(str), strict=True))
    except DataError:
        pass  # names are cosmetic; COW codes are used instead
    dyads.attrs["state_names"] = names
    dyads["defender_name"] = [_actor_name(r, "defender", names) for r in dyads.to_dict("records")]
    dyads["challenger_name"] = [
        _actor_name(r, "challenger", names) for r in dyads.to_dict("records")
    ]
    return dyads
