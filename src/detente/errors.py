"""One exception hierarchy for everything detente reports to a user.

Every message names the input (file, field, parameter) and says how to fix it. The CLI turns a
:class:`DetenteError` into a single line on standard error and exit code 2; the web explorer
turns it into an error message on the page.
"""

from __future__ import annotations


class DetenteError(Exception):
    """Base class of every error detente raises on purpose."""


class InputError(DetenteError, ValueError):
    """A user-supplied value, file or field is invalid (names it and the allowed values)."""


class GameError(InputError):
    """A game is malformed: cycles, no payoffs, bad probabilities, mismatched information sets."""


class ParameterError(InputError):
    """An unknown parameter name or a value outside its allowed range."""


class FileFormatError(InputError):
    """A file could not be parsed (names the file, the line and what was expected)."""


class DataError(DetenteError):
    """A dataset is missing, corrupt, or lacks the columns an operation needs."""


class EstimationError(DetenteError):
    """A model could not be estimated from the data given (separation, no variation, ...)."""


class ConvergenceError(DetenteError):
    """An iterative solver did not converge within its budget."""
