"""Canonical models of deterrence, crisis bargaining and signaling.

Each model is a small module in :mod:`detente.models.library` with a parameter schema, a
builder of its engine game, its closed-form theory and references::

    import detente.models as dm

    dm.list()                            # a table: name, title, players, references...
    model = dm.get("unilateral_deterrence")
    result = model.solve({"p_def": 0.6})
    result.point()["outcome"]            # 'Status Quo'
    dm.equilibrium_map(model, x=("p_def", 0, 1, 201), y=("d_ch", -2, 0.5, 201))
"""

from __future__ import annotations

from detente.models.equilibrium_map import EquilibriumMap, equilibrium_map
from detente.models.historical_false_alarms import (
    FalseAlarm,
    FalseAlarmCount,
    false_alarm_counts,
    historical_false_alarms,
)
from detente.models.model_interface import (
    Model,
    ModelParameters,
    ModelSolution,
    Theory,
    most_likely_outcome,
    most_likely_outcome_codes,
    outcome_labels,
    param,
    preferred_equilibrium,
    ranked_selection,
)
from detente.models.model_picture import ModelPicture, Panel
from detente.models.outcome_codes import OutcomeCodes
from detente.models.registry import all_models, available, get, model_table

#: ``detente.models.list()``: the registered models as a DataFrame (the names alone are
#: ``available()``). Not in ``__all__``, so ``from detente.models import *`` never hides the
#: built-in ``list``.
list = model_table

__all__ = [
    "EquilibriumMap",
    "FalseAlarm",
    "FalseAlarmCount",
    "Model",
    "ModelParameters",
    "ModelPicture",
    "ModelSolution",
    "OutcomeCodes",
    "Panel",
    "Theory",
    "all_models",
    "available",
    "equilibrium_map",
    "false_alarm_counts",
    "get",
    "historical_false_alarms",
    "model_table",
    "most_likely_outcome",
    "most_likely_outcome_codes",
    "outcome_labels",
    "param",
    "preferred_equilibrium",
    "ranked_selection",
]
