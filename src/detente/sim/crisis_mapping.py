"""From state attributes to a registered model's parameters, and from outcomes to roles.

Each crisis has a challenger ``c`` and a defender ``d``. The simulation computes these
*crisis quantities* (arrays over the crises of a period):

==============  ==========================================================================
``p_win``       challenger's chance to win a war: ``K_c / (K_c + K_d + w * A_d)`` with
                ``K = capability * (1 + arms_weight * arms)`` and ``A_d`` the capability of
                the defender's allies (``w = ally_weight``)
``resolve``     probability the defender is hard: when solving, the challenger's posterior
                belief (after seeing whether the defender threatened); when nature moves,
                the truth (1 for a hard defender, 0 for a soft one)
``stake``       value of the issue (``SimRules.stake``)
``cost_ch``     challenger's cost of conflict (``war_cost``)
``cost_def``    defender's cost of conflict (``war_cost``)
``audience_ch`` ``audience_def``: cost of backing down (``audience_cost`` for democracies)
``ally_share``  ``w * A_d / (K_d + w * A_d)``
==============  ==========================================================================

A *mapping* gives each model parameter a formula of these quantities (engine expression
syntax); values are clipped into the parameter's allowed range and parameters without a
formula keep their defaults. Outcome *roles* tell the simulation what an outcome means:
``status_quo`` (deterrence held, no dispute), ``backdown`` (the defender conceded) or ``firm``
(the defender stood firm: militarized conflict).

References
----------
Zagare, F. C. and Kilgour, D. M. (2000). Perfect Deterrence, ch. 4-5.
Bueno de Mesquita, B. (1981). The War Trap (expected utility from capability shares).
Fearon, J. D. (1994). Domestic political audiences and the escalation of international
disputes. APSR 88(3), 577-592 (audience costs).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from detente.errors import InputError
from detente.games import Expression
from detente.models import Model

__all__ = [
    "DEFAULT_MAPPINGS",
    "QUANTITIES",
    "ROLES",
    "CrisisMapping",
]

QUANTITIES = (
    "p_win",
    "resolve",
    "stake",
    "cost_ch",
    "cost_def",
    "audience_ch",
    "audience_def",
    "ally_share",
)
ROLES = ("status_quo", "backdown", "firm")

#: Documented default mappings per registered model.
DEFAULT_MAPPINGS: dict[str, dict[str, str]] = {
    "unilateral_deterrence": {
        "s_ch": "0",
        "a_ch": "stake",
        "d_ch": "stake * (2 * p_win - 1) - cost_ch",
        "p_def": "resolve",
        "s_def": "0",
        "c_def": "-stake - audience_def",
        "d_def_hard": "-0.5 * stake - 0.5 * cost_def * (1 - ally_share)",
        "d_def_soft": "-stake - audience_def - cost_def - 0.5",
    },
}

_ROLE_WORDS = (
    ("status quo", "status_quo"),
    ("deterr", "status_quo"),
    ("conflict", "firm"),
    ("war", "firm"),
    ("firm", "firm"),
    ("wins", "backdown"),
    ("conced", "backdown"),
    ("capitulat", "backdown"),
    ("acquiesc", "backdown"),
)


class CrisisMapping:
    """Compiled mapping of crisis quantities to one model's parameters.

    Parameters
    ----------
    model
        A registered model.
    formulas
        Parameter -> formula; merged over :data:`DEFAULT_MAPPINGS` for the model.
    roles
        Outcome label -> role; labels not given are inferred from words in the label.
    source
        Where the mapping came from (named in error messages), e.g. the config file.

    Raises
    ------
    InputError
        Unknown parameter, unknown quantity in a formula, or an outcome whose role cannot be
        inferred (names the field and the allowed values).
    """

    def __init__(
        self,
        model: Model,
        formulas: Mapping[str, str] | None = None,
        roles: Mapping[str, str] | None = None,
        source: str = "the simulation config",
    ) -> None:
        self.model = model
        specs = model.specs()
        merged = {**DEFAULT_MAPPINGS.get(model.name, {}), **dict(formulas or {})}
        unknown = sorted(set(merged) - set(specs))
        if unknown:
            raise InputError(
                f"{source}: [mapping] names {', '.join(unknown)}, not parameters of model "
                f"{model.name!r}; its parameters are: {', '.join(specs)}"
            )
        self.formulas: dict[str, Expression] = {}
        for name, text in merged.items():
            try:
                expr = Expression.of(text)
            except Exception as exc:  # GameError from the parser
                raise InputError(f"{source}: [mapping] {name} = {text!r}: {exc}") from None
            bad = sorted(expr.names - set(QUANTITIES))
            if bad:
                raise InputError(
                    f"{source}: [mapping] {name} uses {', '.join(bad)}; formulas may use: "
                    f"{', '.join(QUANTITIES)}"
                )
            self.formulas[name] = expr
        self.bounds = {k: (float(v["lo"]), float(v["hi"])) for k, v in specs.items()}
        self.defaults = {k: float(v["default"]) for k, v in specs.items()}
        self.roles = self._roles(dict(roles or {}), source)
        self._needed = frozenset().union(*(e.names for e in self.formulas.values()))
        self._constants: dict[float, np.ndarray] = {}
        # evaluation plan: (name, formula or constant, lo, hi) per parameter, in order
        self._steps: dict[str, tuple[str, Expression | float, float, float]] = {}
        for name, default in self.defaults.items():
            expr = self.formulas.get(name)
            value: Expression | float = default if expr is None else expr
            if expr is not None and expr.constant is not None:
                value = float(expr.constant)
            self._steps[name] = (name, value, *self.bounds[name])
        self._plan = list(self._steps.values())

    def _roles(self, given: dict[str, str], source: str) -> dict[str, str]:
        labels = list(dict.fromkeys(self.model.game.tables.terminal_labels))
        bad = {k: v for k, v in given.items() if v not in ROLES}
        if bad:
            k, v = next(iter(bad.items()))
            raise InputError(
                f"{source}: [outcome_roles] {k!r} = {v!r}; allowed roles: {', '.join(ROLES)}"
            )
        out = {}
        for label in labels:
            if label in given:
                out[label] = given[label]
                continue
            low = label.lower()
            role = next((r for word, r in _ROLE_WORDS if word in low), None)
            if role is None:
                raise InputError(
                    f"{source}: cannot tell the role of outcome {label!r} of model "
                    f"{self.model.name!r}; set [outcome_roles] {label!r} to one of "
                    f"{', '.join(ROLES)}"
                )
            out[label] = role
        return out

    def role_codes(self) -> np.ndarray:
        """Role index (into :data:`ROLES`) of every terminal of the model's game."""
        labels = self.model.game.tables.terminal_labels
        return np.array([ROLES.index(self.roles[x]) for x in labels], dtype=np.int8)

    def depending_on(self, quantity: str) -> tuple[str, ...]:
        """Parameters whose formula uses ``quantity``."""
        return tuple(k for k, e in self.formulas.items() if quantity in e.names)

    def parameters(
        self,
        quantities: Mapping[str, np.ndarray],
        size: int,
        only: tuple[str, ...] | None = None,
    ) -> dict[str, np.ndarray]:
        """Model parameters at ``size`` crises, each clipped into its allowed range.

        ``only`` restricts the result to those parameters. Parameters that do not depend on
        the quantities are read-only views of arrays cached per value.
        """
        missing = self._needed.difference(quantities)
        if missing:
            raise InputError(
                f"crisis quantities {', '.join(sorted(missing))} are missing; the mapping of "
                f"model {self.model.name!r} uses: {', '.join(sorted(self._needed))}"
            )
        plan = self._plan if only is None else [self._steps[name] for name in only]
        out: dict[str, np.ndarray] = {}
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for name, expr, lo, hi in plan:
                value = expr if isinstance(expr, float) else expr.evaluate_unchecked(quantities)
                if isinstance(value, np.ndarray) and value.ndim:
                    clipped = np.maximum(value, lo)
                    out[name] = np.minimum(clipped, hi, out=clipped)
                else:
                    out[name] = self._constant(min(max(float(value), lo), hi), size)
        return out

    def _constant(self, value: float, size: int) -> np.ndarray:
        """A read-only array of ``size`` copies of ``value`` (a view of a cached array)."""
        cached = self._constants.get(value)
        if cached is None or cached.size < size:
            cached = np.full(max(size, 2 * (0 if cached is None else cached.size), 64), value)
            cached.flags.writeable = False
            self._constants[value] = cached
        return cached[:size]
