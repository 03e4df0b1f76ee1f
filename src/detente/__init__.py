"""detente: modeling military deterrence and crisis diplomacy.

Layers (dependencies point down only)::

    cli, web                      thin: parse, call, present
    scenario, report              a crisis description -> models -> answers
    models, stability, sim        domain: named models, force analytics, many-state system
    games                         the engine: trees, batched solvers, file formats
    data, estimate                datasets and maximum-likelihood on the same engine
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from detente.errors import DetenteError

try:
    __version__ = version("detente")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["DetenteError", "__version__"]
