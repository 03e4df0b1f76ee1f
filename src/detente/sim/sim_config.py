"""Simulation configuration files (TOML) and their validation.

Example (``detente simulate CONFIG.toml --replications 100``)::

    model = "unilateral_deterrence"   # any registered model solved by spe or qre
    periods = 98                      # 1816 -> 1914
    seed = 1816

    [start]
    source = "data"                   # or "synthetic"
    year = 1816                       # for source = "data"
    data_dir = "../shared/data/cow"   # optional; relative paths are read from this file's folder
    # n_states = 50                   # for source = "synthetic"

    [rules]                           # SimRules fields
    crisis_rate = 0.02

    [mapping]                         # model parameter = formula of crisis quantities
    d_ch = "stake * (2 * p_win - 1) - cost_ch"

    [outcome_roles]                   # outcome label = status_quo | backdown | firm
    "Conflict" = "firm"
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from detente.errors import DetenteError, FileFormatError
from detente.games.toml_reading import read_toml_file
from detente.sim.crisis_mapping import CrisisMapping
from detente.sim.system_rules import SimRules

__all__ = ["SimulationConfig", "StartConfig", "load_config"]


class StartConfig(BaseModel):
    """Where a run starts: a synthetic system or the real system of a year."""

    model_config = ConfigDict(extra="forbid")

    source: Literal["synthetic", "data"] = "synthetic"
    n_states: int = Field(30, ge=2, le=5000)
    year: int = Field(1816, ge=1816, le=2016)
    data_dir: str | None = None


class SimulationConfig(BaseModel):
    """Everything a replication needs (JSON-serialisable: it is recorded in the manifest)."""

    model_config = ConfigDict(extra="forbid")

    model: str = "unilateral_deterrence"
    method: Literal["spe", "qre"] | None = None
    lam: float = Field(5.0, gt=0)
    periods: int = Field(100, ge=1, le=100_000)
    seed: int = Field(0, ge=0)
    start: StartConfig = Field(default_factory=StartConfig)
    rules: SimRules = Field(default_factory=SimRules)
    mapping: dict[str, str] = Field(default_factory=dict)
    outcome_roles: dict[str, str] = Field(default_factory=dict)

    def check(self, source: str = "the configuration") -> SimulationConfig:
        """Check the model name, mapping and roles against the registry (raises InputError)."""
        from detente.models import get

        try:
            CrisisMapping(get(self.model), self.mapping, self.outcome_roles, source)
        except DetenteError as exc:
            if source in str(exc):
                raise
            raise FileFormatError(f"{source}: {exc}") from None
        return self


def load_config(path: str | Path) -> SimulationConfig:
    """Read and validate a simulation TOML file.

    Raises
    ------
    FileFormatError
        Unreadable TOML, an unknown field, or a value out of range: one line naming the file,
        the field and the allowed values.
    """
    path = Path(path)
    raw: dict[str, Any] = read_toml_file(path, "configuration file")
    try:
        config = SimulationConfig(**raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(x) for x in err["loc"])
        allowed = ""
        if err["type"] == "extra_forbidden":
            section = err["loc"][0] if len(err["loc"]) > 1 else None
            known = {
                None: SimulationConfig.model_fields,
                "rules": SimRules.model_fields,
                "start": StartConfig.model_fields,
            }.get(section, {})
            allowed = f"; allowed fields: {', '.join(known)}" if known else ""
        raise FileFormatError(f"{path}: field {field!r}: {err['msg']}{allowed}") from None
    if config.start.data_dir is not None and not Path(config.start.data_dir).is_absolute():
        config.start.data_dir = str((path.parent / config.start.data_dir).resolve())
    return config.check(str(path))
