"""Payoff and probability expressions of named parameters, evaluated on NumPy batches.

A payoff in a detente game may be a number or a formula such as ``"-a"``, ``"p*v - (1-p)*c"``
or ``"max(v - c, 0)"``. Formulas are parsed once with Python's :mod:`ast` into a small,
safe tree (numbers, parameter names, ``+ - * / **``, unary minus and a few functions) and
evaluated with NumPy, so a parameter may be a scalar or an array with a batch shape.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from detente.errors import GameError

ArrayLike = float | np.ndarray

#: Functions a formula may call, with their NumPy implementations.
FUNCTIONS: dict[str, Callable[..., np.ndarray]] = {
    "exp": np.exp,
    "log": np.log,
    "sqrt": np.sqrt,
    "abs": np.abs,
    "min": np.minimum,
    "max": np.maximum,
    "log1p": np.log1p,
    "expm1": np.expm1,
}

_BINARY = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}


@dataclass(frozen=True)
class Expression:
    """A parsed arithmetic formula of named parameters.

    Parameters
    ----------
    text : str
        The formula as written, e.g. ``"-a"`` or ``"p*wC + (1-p)*1"``.

    Attributes
    ----------
    names : frozenset of str
        Parameter names the formula uses.
    constant : float or None
        The value when the formula uses no parameter, else ``None``.
    magnitude_bound : callable or None
        For formulas of numbers, names, ``+ - *`` and unary minus only: ``M ->`` a bound
        (at least 1) on the absolute value of the formula and of every part of it when every
        parameter's absolute value is at most ``M``. Below the largest float it proves that
        evaluation on finite values cannot overflow or produce NaN. ``None`` for other
        formulas (division, powers and functions can).
    """

    text: str
    names: frozenset[str] = field(init=False, compare=False)
    constant: float | None = field(init=False, compare=False)
    name: str | None = field(init=False, compare=False)
    _fn: Callable[[Mapping[str, ArrayLike]], ArrayLike] = field(
        init=False, repr=False, compare=False
    )
    magnitude_bound: Callable[[float], float] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            tree = ast.parse(self.text.strip(), mode="eval")
        except SyntaxError as exc:
            raise GameError(
                f"cannot parse expression {self.text!r}: {exc.msg}; use numbers, parameter "
                f"names, + - * / **, parentheses and {', '.join(sorted(FUNCTIONS))}"
            ) from None
        names: set[str] = set()
        fn = _compile(tree.body, self.text, names)
        object.__setattr__(self, "names", frozenset(names))
        object.__setattr__(self, "_fn", fn)
        const = float(fn({})) if not names else None
        object.__setattr__(self, "constant", const)
        bare = tree.body.id if isinstance(tree.body, ast.Name) else None
        object.__setattr__(self, "name", bare)
        object.__setattr__(self, "magnitude_bound", _compile_bound(tree.body))

    @classmethod
    def of(cls, value: Expression | str | float | int) -> Expression:
        """Coerce a number, a formula string or an expression to an :class:`Expression`."""
        if isinstance(value, Expression):
            return value
        if isinstance(value, bool):
            raise GameError(f"a payoff or probability must be a number or formula, not {value!r}")
        if isinstance(value, int | float | np.floating | np.integer):
            if not math.isfinite(float(value)):
                raise GameError(f"payoffs and probabilities must be finite, got {value!r}")
            return cls(repr(float(value)))
        if isinstance(value, str):
            return cls(value)
        raise GameError(
            "a payoff or probability must be a number or a formula string, not "
            f"{type(value).__name__}"
        )

    def evaluate(self, params: Mapping[str, ArrayLike]) -> ArrayLike:
        """Evaluate on scalars or broadcastable arrays of parameter values."""
        missing = self.names.difference(params)
        if missing:
            raise GameError(
                f"expression {self.text!r} needs parameter(s) {', '.join(sorted(missing))}"
            )
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return self._fn(params)

    def evaluate_unchecked(self, params: Mapping[str, ArrayLike]) -> ArrayLike:
        """Evaluate without the name check or floating-point state handling (hot loops that
        validated names once and check finiteness of the result themselves)."""
        if self.constant is not None:
            return self.constant
        if self.name is not None:
            return params[self.name]
        return self._fn(params)

    def is_complement_of(self, other: Expression) -> bool:
        """This formula is written ``1 - (other)`` (NumPy then evaluates it as ``1.0 - other``,
        so the two sum to 1 within an ulp); ``other`` must use a parameter."""
        if other.constant is not None:
            return False
        mine = ast.parse(self.text.strip(), mode="eval").body
        theirs = ast.parse(other.text.strip(), mode="eval").body
        return (
            isinstance(mine, ast.BinOp)
            and isinstance(mine.op, ast.Sub)
            and isinstance(mine.left, ast.Constant)
            and not isinstance(mine.left.value, bool)
            and mine.left.value == 1
            and ast.dump(mine.right) == ast.dump(theirs)
        )

    def __add__(self, other: Expression) -> Expression:
        if self.constant == 0.0:
            return other
        if other.constant == 0.0:
            return self
        return Expression(f"({self.text}) + ({other.text})")

    def __str__(self) -> str:
        return self.text


def _compile(
    node: ast.AST, text: str, names: set[str]
) -> Callable[[Mapping[str, ArrayLike]], ArrayLike]:
    """Compile a checked formula into one Python function of ``env`` (parameter name ->
    value) that makes the formula's NumPy calls directly: one Python frame per evaluation,
    whatever the formula's depth (solvers evaluate formulas on every call)."""
    constants: list[float] = []
    source = _source(node, text, names, constants)
    namespace: dict[str, object] = {"__builtins__": {}}
    namespace.update({f"_k{i}": c for i, c in enumerate(constants)})
    namespace.update({f"_{op.__name__}": op for op in _BINARY.values()})
    namespace.update({f"_f_{name}": func for name, func in FUNCTIONS.items()})
    namespace["_negative"] = np.negative
    return eval(f"lambda env: {source}", namespace)  # the source holds only checked names


def _compile_bound(node: ast.AST) -> Callable[[float], float] | None:
    """The :attr:`Expression.magnitude_bound` of a checked formula (see there)."""
    source = _bound_source(node)
    if source is None:
        return None
    return eval(f"lambda M: {source}", {"__builtins__": {}})  # numbers and M only


def _bound_source(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant):
        value = abs(float(node.value))
        return repr(max(1.0, value)) if math.isfinite(value) else None
    if isinstance(node, ast.Name):
        return "(M if M > 1.0 else 1.0)"
    if isinstance(node, ast.UnaryOp):
        return _bound_source(node.operand)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult):
        left, right = _bound_source(node.left), _bound_source(node.right)
        if left is None or right is None:
            return None
        sign = "*" if isinstance(node.op, ast.Mult) else "+"
        return f"({left} {sign} {right})"
    return None


def _source(node: ast.AST, text: str, names: set[str], constants: list[float]) -> str:
    """Python source evaluating ``node``; raises :class:`GameError` for anything but numbers,
    parameter names, ``+ - * / **``, unary minus and the :data:`FUNCTIONS`."""
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        constants.append(float(node.value))
        return f"_k{len(constants) - 1}"
    if isinstance(node, ast.Name):
        name = node.id
        if name in FUNCTIONS:
            raise GameError(f"in {text!r}: {name!r} is a function; call it as {name}(...)")
        names.add(name)
        return f"env[{name!r}]"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _source(node.operand, text, names, constants)
        if isinstance(node.op, ast.USub):
            return f"_negative({inner})"
        return inner
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        op = _BINARY[type(node.op)]
        left = _source(node.left, text, names, constants)
        right = _source(node.right, text, names, constants)
        return f"_{op.__name__}({left}, {right})"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        fname = node.func.id
        if fname not in FUNCTIONS:
            raise GameError(
                f"in {text!r}: unknown function {fname!r}; allowed: {', '.join(sorted(FUNCTIONS))}"
            )
        args = [_source(a, text, names, constants) for a in node.args]
        arity = 2 if fname in ("min", "max") else 1
        if len(args) != arity:
            raise GameError(f"in {text!r}: {fname}() takes {arity} argument(s), got {len(args)}")
        return f"_f_{fname}({', '.join(args)})"
    raise GameError(
        f"in {text!r}: {ast.unparse(node)!r} is not allowed; use numbers, parameter names, "
        f"+ - * / **, parentheses and {', '.join(sorted(FUNCTIONS))}"
    )
