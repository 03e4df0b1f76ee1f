"""Maximum-likelihood estimation of strategic (extensive-form) models.

The R ``games`` package's models in Python: :func:`egame12`, :func:`egame122`,
:func:`egame123` and :func:`ultimatum`, with probit or logit links, agent or
private-information errors, formulas with one part per utility, analytic gradients, Hessian
and bootstrap standard errors, predictions, profile plots and non-nested tests.

References
----------
Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8).
"""

from __future__ import annotations

from detente.estimate.fit_result import GameFit
from detente.estimate.model_frame import EstimationWarning
from detente.estimate.nonnested_tests import NonNestedTest, clarke, vuong
from detente.estimate.tree_fit import egame12, egame122, egame123
from detente.estimate.ultimatum_fit import ultimatum

MODELS = {
    "egame12": egame12,
    "egame122": egame122,
    "egame123": egame123,
    "ultimatum": ultimatum,
}

__all__ = [
    "MODELS",
    "EstimationWarning",
    "GameFit",
    "NonNestedTest",
    "clarke",
    "egame12",
    "egame122",
    "egame123",
    "ultimatum",
    "vuong",
]
