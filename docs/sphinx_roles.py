"""A griffe extension for the docs site: Sphinx cross-reference roles as inline code.

detente's docstrings cite other objects the Sphinx way (``:func:`~detente.games.solve_spe```);
mkdocstrings reads NumPy-style docstrings but not these roles, which would show as raw text.
This turns each into inline code of the name a reader should see (the last part after ``~``,
the text before ``<...>``, else the full target).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|data|attr|obj|exc|const):`([^`]+)`")


def _shown(match: re.Match[str]) -> str:
    target = match.group(1).strip()
    if "<" in target and target.endswith(">"):
        return f"`{target[: target.index('<')].strip()}`"
    if target.startswith("~"):
        return f"`{target[1:].rsplit('.', 1)[-1]}`"
    return f"`{target}`"


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in every docstring before mkdocstrings renders it."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(_shown, obj.docstring.value)
