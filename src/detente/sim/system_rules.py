"""The rule set of a simulated international system: rates, costs and dynamics.

Every rule is a validated number with its meaning and allowed range, so a TOML file or a sweep
that sets a bad value fails with one line naming the field.

References
----------
Richardson, L. F. (1960). Arms and Insecurity. Boxwood Press (arms-race equations).
Bremer, S. A. (1992). Dangerous dyads. Journal of Conflict Resolution 36(2), 309-341
(contiguity, power parity, alliances and democracy as dispute correlates).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["SimRules"]


class SimRules(BaseModel):
    """Rates, costs and dynamics of one simulated system (all per period).

    The defaults give a few disputes per hundred politically relevant dyad-years, near the
    1816-1914 rate in the COW MID data.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    crisis_rate: float = Field(0.02, ge=0, le=1, description="crisis chance of a relevant dyad")
    contiguity_multiplier: float = Field(3.0, ge=0, le=100, description="rate x if contiguous")
    alliance_multiplier: float = Field(0.5, ge=0, le=100, description="rate x if allied")
    democratic_peace: float = Field(0.3, ge=0, le=1, description="rate x if both democracies")
    stake: float = Field(1.0, gt=0, le=10, description="value of the issue at stake")
    war_cost: float = Field(0.5, ge=0, le=10, description="cost of conflict (utility)")
    audience_cost: float = Field(0.5, ge=0, le=10, description="democracy's cost of backing down")
    ally_weight: float = Field(0.5, ge=0, le=1, description="share of allies' capability counted")
    war_escalation: float = Field(0.1, ge=0, le=1, description="chance a firm stand becomes war")
    war_loss: float = Field(0.05, ge=0, le=1, description="capability share lost in war")
    concession_transfer: float = Field(0.01, ge=0, le=1, description="capability conceded")
    growth_mean: float = Field(0.01, ge=-1, le=1, description="mean log capability growth")
    growth_sd: float = Field(0.03, ge=0, le=1, description="sd of log capability growth")
    audience_weight: float = Field(
        0.25, ge=0, le=1, description="weight of a crisis in third parties' beliefs"
    )
    alliance_formation: float = Field(
        0.05, ge=0, le=1, description="chance two states facing one challenger ally"
    )
    alliance_reliability: float = Field(
        0.7, ge=0, le=1, description="chance an ally honours its pledge in a conflict"
    )
    alliance_decay: float = Field(0.01, ge=0, le=1, description="chance a pledge lapses")
    arms_race: bool = Field(False, description="Richardson arms-race dynamics on")
    arms_reactivity: float = Field(0.05, ge=0, le=10, description="Richardson k (reaction)")
    arms_fatigue: float = Field(0.1, ge=0, le=10, description="Richardson a (fatigue)")
    arms_grievance: float = Field(0.1, ge=-10, le=10, description="Richardson g (grievance)")
    arms_weight: float = Field(0.1, ge=0, le=10, description="capability x (1 + w * arms)")
    hostility_decay: float = Field(0.8, ge=0, le=1, description="hostility memory per period")

    @classmethod
    def field_list(cls) -> str:
        """Comma-separated field names (for error messages)."""
        return ", ".join(cls.model_fields)
