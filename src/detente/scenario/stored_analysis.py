"""A recorded analysis brought back as a :class:`ScenarioAnalysis`, so it renders as its report.

The run store and ``detente analyze --out`` keep an analysis as its JSON record
(:meth:`ScenarioAnalysis.to_json`). :func:`analysis_from_json` reads that record back: every
number (outcomes, causes, Sobol indices, interventions, escalation, distributions, what-if)
comes from the record unchanged; nothing is re-sampled. Only the game tree at the central
point, which the record does not hold, is solved again from the recorded scenario and
constants (one deterministic point, no random numbers); :func:`redrawn_parts` says when the
detente that redraws it differs from the one that made the run.

A record whose scenario this version cannot read (a format from another version) raises
:class:`~detente.errors.DataError`, naming what failed, rather than drawing a wrong report.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import detente
from detente.errors import DataError, DetenteError
from detente.scenario.analysis import ScenarioAnalysis, central_point
from detente.scenario.calibration import Calibration, bundled_calibrations, load_calibration
from detente.scenario.scenario_loading import validate_scenario

#: Keys a record must have to be drawn as a report.
REQUIRED = ("scenario", "seed", "draws", "outcomes", "inputs")


def analysis_from_json(record: dict[str, Any], *, where: str = "run") -> ScenarioAnalysis:
    """The analysis a JSON record describes (``ScenarioAnalysis.to_json`` or the web/CLI
    JSON with its ``headline``).

    Parameters
    ----------
    record : dict
        The record, e.g. ``open_run(run_id)["result"]``.
    where : str
        How to name the record in errors (e.g. ``"run 3f2a9c"``).

    Raises
    ------
    DataError
        A key is missing, or the recorded scenario or constants do not validate in this
        version of detente.
    """
    missing = [k for k in REQUIRED if k not in record]
    if missing:
        raise DataError(f"{where}: the record has no {', '.join(missing)}; it is not an analysis")
    made_by = record.get("version", "unknown")
    try:
        scenario = validate_scenario(record["inputs"], where=f"{where} (recorded inputs)")
    except DetenteError as exc:
        raise DataError(
            f"{where} was recorded by detente {made_by}, whose scenario this version "
            f"({detente.__version__}) cannot read: {exc}"
        ) from None
    scenario._name = record["scenario"].get("name", "scenario")
    missing = [label for label in scenario.labels.values() if label not in record["outcomes"]]
    if missing:
        raise DataError(
            f"{where} was recorded by detente {made_by} without the outcomes "
            f"{', '.join(missing)} of this version's models, so its report cannot be drawn "
            "here; `detente runs show` prints what it holds"
        )
    calibration = _calibration(record.get("calibration"), where)
    central_solution = None
    if calibration is not None:
        try:
            central_solution, _ = central_point(scenario, calibration)
        except DetenteError:  # the tree is then left out of the report, the numbers stay
            central_solution = None
    return ScenarioAnalysis(
        scenario=scenario,
        seed=int(record["seed"]),
        draws=int(record["draws"]),
        outcomes=record["outcomes"],
        causes=record.get("causes", {}),
        sensitivity=record.get("sensitivity", []),
        interventions=record.get("interventions", []),
        models=record.get("models", {}),
        central=record.get("central", {}),
        mapping=record.get("mapping", {}),
        assumptions=record.get("assumptions", []),
        elapsed=float(record.get("elapsed_seconds") or 0.0),
        calibration=calibration,
        drivers=record.get("drivers", []),
        escalation=record.get("escalation"),
        warnings=record.get("warnings", []),
        distributions=record.get("distributions") or {},
        whatif=record.get("whatif"),
        version=made_by,
        hash=record["scenario"].get("hash", ""),
        _central_solution=central_solution,
    )


def _calibration(data: dict[str, Any] | None, where: str) -> Calibration | None:
    """The recorded constants, on the bundled calibration of that name (or the hand-set one,
    which lists every constant) for their ranges and meanings."""
    if not data:
        return None
    name = data.get("name", "")
    base = load_calibration(name if name in bundled_calibrations() else "handset")
    try:
        values = {k: float(v) for k, v in data.get("values", {}).items()}
        cal = base.with_values(**values)
    except (DetenteError, TypeError, ValueError) as exc:
        raise DataError(f"{where}: its mapping constants do not validate here: {exc}") from None
    return replace(
        cal,
        name=name or cal.name,
        mapping_version=int(data.get("mapping_version", cal.mapping_version)),
        status=data.get("status", cal.status),
        origin=data.get("origin", cal.origin),
        provenance=dict(data.get("provenance") or {}),
        base=data.get("base", cal.base) or "",
    )


def redrawn_parts(analysis: ScenarioAnalysis) -> str:
    """A sentence for a re-rendered report: what was recomputed and by which version."""
    if analysis.version == detente.__version__:
        return (
            f"Rendered from the stored record (detente {analysis.version}); every number is "
            "the recorded one, the game tree is solved again at the central point."
        )
    return (
        f"Rendered from the stored record made by detente {analysis.version}; every number is "
        f"the recorded one, but the game tree is solved again by detente "
        f"{detente.__version__} and may differ from the one that version drew."
    )
