"""Strategic stability and technology: force postures, counterforce exchanges, stability
indices, missile defense, arms control and verification, conventional balance.

The hot paths are NumPy functions with a batch axis (postures, attack sizes, interceptor
counts); the friendly entry points below wrap them. See ``docs/stability.md``.
"""

from __future__ import annotations

from detente.stability.arms_control import (
    NEW_START,
    ComplianceReport,
    Treaty,
    TreatyLimit,
    check_compliance,
    get_treaty,
)
from detente.stability.calculator_plots import plot_exchange, plot_lanchester, plot_leakage
from detente.stability.counterforce import ExchangeCurve, allocation_curve, exchange_curve
from detente.stability.crisis_bridge import ConventionalBalance, crisis_parameters
from detente.stability.inspection_game import (
    InspectionEquilibrium,
    InspectionPayoffs,
    inspection_equilibrium,
)
from detente.stability.kill_probability import (
    KillAssessment,
    kill_assessment,
    lethal_radius_m,
    lethality_k,
    salvo_kill_probability,
    sspk,
    sspk_from_yield,
)
from detente.stability.lanchester import (
    LanchesterOutcome,
    lanchester,
    lanchester_paths,
    victory_probability,
)
from detente.stability.missile_defense import MissileDefense, expected_leakers, leak_probability
from detente.stability.posture import (
    ForcePosture,
    LauncherClass,
    LauncherType,
    Readiness,
    load_posture,
    posture_from_dict,
)
from detente.stability.posture_changes import (
    StabilityDelta,
    dealert,
    delta_dealert,
    delta_defense,
    delta_mirv,
    delta_surveillance,
    mirv,
)
from detente.stability.stability_index import (
    StabilityResult,
    stability_index,
    stability_vs_interceptors,
)

__all__ = [
    "NEW_START",
    "ComplianceReport",
    "ConventionalBalance",
    "ExchangeCurve",
    "ForcePosture",
    "InspectionEquilibrium",
    "InspectionPayoffs",
    "KillAssessment",
    "LanchesterOutcome",
    "LauncherClass",
    "LauncherType",
    "MissileDefense",
    "Readiness",
    "StabilityDelta",
    "StabilityResult",
    "Treaty",
    "TreatyLimit",
    "allocation_curve",
    "check_compliance",
    "crisis_parameters",
    "dealert",
    "delta_dealert",
    "delta_defense",
    "delta_mirv",
    "delta_surveillance",
    "exchange_curve",
    "expected_leakers",
    "get_treaty",
    "inspection_equilibrium",
    "kill_assessment",
    "lanchester",
    "lanchester_paths",
    "leak_probability",
    "lethal_radius_m",
    "lethality_k",
    "load_posture",
    "mirv",
    "plot_exchange",
    "plot_lanchester",
    "plot_leakage",
    "posture_from_dict",
    "salvo_kill_probability",
    "sspk",
    "sspk_from_yield",
    "stability_index",
    "stability_vs_interceptors",
    "victory_probability",
]
