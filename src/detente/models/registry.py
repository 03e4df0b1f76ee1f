"""The model registry: every module in :mod:`detente.models.library` that defines ``MODEL``.

Docs, ``detente models`` and the common model tests are generated from this registry, never
from a list kept by hand (STYLE.md, after Axelrod's strategy index).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import TYPE_CHECKING

from detente.errors import ParameterError
from detente.models.model_interface import Model

if TYPE_CHECKING:  # pandas is imported where the table is built (start-up stays light)
    import pandas as pd


@cache
def _discover() -> dict[str, Model]:
    from detente.models import library

    found: dict[str, Model] = {}
    for info in sorted(pkgutil.iter_modules(library.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{library.__name__}.{info.name}")
        model = getattr(module, "MODEL", None)
        if isinstance(model, Model):
            if model.name in found:
                raise RuntimeError(f"two models registered as {model.name!r}")
            found[model.name] = model
    return found


def available() -> list[str]:
    """Names of all registered models, sorted."""
    return sorted(_discover())


def get(name: str) -> Model:
    """The registered model called ``name``.

    Raises
    ------
    ParameterError
        For an unknown name (lists the available models).
    """
    models = _discover()
    if name not in models:
        raise ParameterError(
            f"unknown model {name!r}; available models: {', '.join(sorted(models))}"
        )
    return models[name]


def all_models() -> list[Model]:
    """Every registered model, sorted by name."""
    models = _discover()
    return [models[k] for k in sorted(models)]


def model_table() -> pd.DataFrame:
    """Every registered model as a table (``detente.models.list()``), sorted by name.

    Returns
    -------
    DataFrame
        One row per model: ``name``, ``title``, ``players``, ``information`` (complete or
        incomplete), ``methods`` (engine methods, the first is the default), ``references``
        (full citations joined by "; ").
    """
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "name": m.name,
                "title": m.title,
                "players": ", ".join(m.players),
                "information": m.information,
                "methods": ", ".join(m.methods),
                "references": "; ".join(m.references),
            }
            for m in all_models()
        ],
        columns=["name", "title", "players", "information", "methods", "references"],
    )
