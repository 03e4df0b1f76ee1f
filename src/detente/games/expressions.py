"""Payoff and probability expressions of named parameters, evaluated on NumPy batches.

A payoff in a detente game may be a number or a formula such as ``"-a"``, ``"p*v - (1-p)*c"``
or ``"max(v - c, 0)"``. Formulas are parsed once with Python's :mod:`ast` into a small,
safe tree (numbers, parameter names, ``+ - * / **``, unary minus and a few functions) and
evaluated with NumPy, so a parameter may be a scalar or an array with a batch shape.

Limits: a formula has at most :data:`MAX_FORMULA_LENGTH` characters and nests at most
:data:`MAX_FORMULA_DEPTH` operations inside each other; a formula without parameters must
evaluate to a finite number. Formulas are compiled without recursion (one straight-line
function per formula), so any formula within the limits compiles.
"""

from __future__ import annotations

import ast
import keyword
import math
import operator
import re
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

#: Longest formula accepted, in characters. Hand-written payoffs are a few dozen characters;
#: the limit bounds the memory of parsing (Python's syntax tree takes ~0.5 kB per operation).
MAX_FORMULA_LENGTH = 100_000

#: Deepest nesting of operations and calls accepted (``a+a+...+a`` with 1,001 terms nests
#: 1,000 deep). Python's own parser stops near 3,000 at the default recursion limit; within
#: this limit every formula parses and compiles on any interpreter.
MAX_FORMULA_DEPTH = 1_000

_ALLOWED = (
    f"use numbers, parameter names, + - * / **, parentheses and {', '.join(sorted(FUNCTIONS))}"
)


def brief(text: str, limit: int = 80) -> str:
    """``text`` quoted for a message, shortened to ``limit`` characters when longer."""
    text = text.strip()
    if len(text) <= limit:
        return repr(text)
    return f"{text[: limit - 20]!r}...({len(text):,} characters)"


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
    _depth: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        text = self.text.strip()
        if len(text) > MAX_FORMULA_LENGTH:
            raise GameError(
                f"expression {brief(text)} is longer than {MAX_FORMULA_LENGTH:,} characters "
                "(MAX_FORMULA_LENGTH); write a shorter formula"
            )
        if _simple(self, text):
            return
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError as exc:
            raise GameError(
                f"cannot parse expression {brief(text)}: {exc.msg}; {_ALLOWED}"
            ) from None
        except (RecursionError, MemoryError):  # Python's parser gives up on deep nesting
            raise GameError(
                f"expression {brief(text)} nests operations more than {MAX_FORMULA_DEPTH:,} "
                "deep (MAX_FORMULA_DEPTH); simplify it"
            ) from None
        compiled = _Compiled(tree.body, text)
        object.__setattr__(self, "names", frozenset(compiled.names))
        object.__setattr__(self, "_fn", compiled.function)
        object.__setattr__(self, "_depth", compiled.depth)
        const = None
        if not compiled.names:
            with np.errstate(all="ignore"):
                const = float(compiled.function({}))
            if not math.isfinite(const):
                raise GameError(
                    f"expression {brief(text)} evaluates to {const} (not a finite number); "
                    "payoffs and probabilities must be finite"
                )
        object.__setattr__(self, "constant", const)
        bare = tree.body.id if isinstance(tree.body, ast.Name) else None
        object.__setattr__(self, "name", bare)
        object.__setattr__(self, "magnitude_bound", compiled.bound)

    @classmethod
    def of(cls, value: Expression | str | float | int) -> Expression:
        """Coerce a number, a formula string or an expression to an :class:`Expression`."""
        if isinstance(value, Expression):
            return value
        if isinstance(value, bool):
            raise GameError(f"a payoff or probability must be a number or formula, not {value!r}")
        if isinstance(value, int | float | np.floating | np.integer):
            try:
                number = float(value)
            except OverflowError:  # an integer beyond the float range
                number = math.inf
            if not math.isfinite(number):
                raise GameError(
                    f"payoffs and probabilities must be finite, got {brief(repr(value), 40)}"
                )
            return cls(repr(number))
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
        if other.constant is not None or max(self._depth, other._depth) > _COMPARE_DEPTH:
            return False  # (deep formulas: the sums are then checked numerically)
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


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _simple(expr: Expression, text: str) -> bool:
    """Set up ``expr`` without parsing when ``text`` is a plain decimal number or an ASCII
    parameter name (most payoffs in files); returns whether it did."""
    if _PLAIN_NUMBER.fullmatch(text):
        value = float(text)
        if not math.isfinite(value):
            return False  # the parser path reports it
        names: frozenset[str] = frozenset()
        fn: Callable[[Mapping[str, ArrayLike]], ArrayLike] = _Constant(value)
        bound = max(1.0, abs(value))
        object.__setattr__(expr, "magnitude_bound", lambda M: bound)
        object.__setattr__(expr, "constant", value)
        object.__setattr__(expr, "name", None)
    elif text.isascii() and text.isidentifier() and not keyword.iskeyword(text):
        if text in FUNCTIONS:
            return False  # the parser path reports it
        names = frozenset((text,))
        fn = operator.itemgetter(text)
        object.__setattr__(expr, "magnitude_bound", lambda M: M if M > 1.0 else 1.0)
        object.__setattr__(expr, "constant", None)
        object.__setattr__(expr, "name", text)
    else:
        return False
    object.__setattr__(expr, "names", names)
    object.__setattr__(expr, "_fn", fn)
    object.__setattr__(expr, "_depth", 0 if text[0] not in "+-" else 1)
    return True


@dataclass(frozen=True)
class _Constant:
    """``env -> value``: the function of a formula that is a number."""

    value: float

    def __call__(self, env: Mapping[str, ArrayLike]) -> float:
        return self.value


#: Formulas nested deeper than this are not compared structurally (``ast.dump`` recurses).
_COMPARE_DEPTH = 100


class _Compiled:
    """A checked formula compiled to straight-line Python, without recursion.

    The syntax tree is walked with an explicit stack (post-order); each operation becomes
    one assignment ``_vN = _add(_v1, _v2)`` of a generated function, so evaluation costs one
    Python frame whatever the formula's depth (solvers evaluate formulas on every call), and
    deep formulas compile as easily as shallow ones.

    Attributes
    ----------
    function : callable
        ``env -> value`` (env: parameter name -> scalar or array).
    bound : callable or None
        The :attr:`Expression.magnitude_bound` (formulas of numbers, names, + - * and unary
        minus only).
    names : set of str
        Parameter names used.
    depth : int
        Nesting depth of the formula (a number or a name: 0).

    Raises
    ------
    GameError
        For anything but numbers, parameter names, ``+ - * / **``, unary minus and the
        :data:`FUNCTIONS`, and for formulas nested deeper than :data:`MAX_FORMULA_DEPTH`.
    """

    def __init__(self, root: ast.AST, text: str) -> None:
        self.names: set[str] = set()
        constants: list[float] = []
        value_lines: list[str] = []
        bound_lines: list[str] = []
        # per finished node: (value source, bound source or None, depth)
        done: dict[int, tuple[str, str | None, int]] = {}
        stack: list[tuple[ast.AST, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            kids = self._children(node, text)
            if not expanded and kids:
                stack.append((node, True))
                stack.extend((k, False) for k in reversed(kids))
                continue
            parts = [done.pop(id(k)) for k in kids]
            depth = 1 + max(p[2] for p in parts) if parts else 0
            if depth > MAX_FORMULA_DEPTH:
                raise GameError(
                    f"expression {brief(text)} nests operations more than "
                    f"{MAX_FORMULA_DEPTH:,} deep (MAX_FORMULA_DEPTH); simplify it"
                )
            value, bound = self._emit(node, text, parts, constants)
            if kids:  # an operation: keep its result in a local variable
                var = f"_v{len(value_lines)}"
                value_lines.append(f"    {var} = {value}")
                value = var
                if bound is not None:
                    bvar = f"_b{len(bound_lines)}"
                    bound_lines.append(f"    {bvar} = {bound}")
                    bound = bvar
            done[id(node)] = (value, bound, depth)
        value, bound, self.depth = done[id(root)]
        namespace: dict[str, object] = {"__builtins__": {}}
        namespace.update({f"_k{i}": c for i, c in enumerate(constants)})
        namespace.update({f"_{op.__name__}": op for op in _BINARY.values()})
        namespace.update({f"_f_{name}": func for name, func in FUNCTIONS.items()})
        namespace["_negative"] = np.negative
        # the generated source holds only checked names, numbered temporaries and env[...]
        self.function = _define("env", value_lines, value, namespace)
        self.bound = (
            None
            if bound is None
            else _define("M", ["    _m = M if M > 1.0 else 1.0", *bound_lines], bound, {})
        )

    @staticmethod
    def _children(node: ast.AST, text: str) -> list[ast.AST]:
        if isinstance(node, ast.UnaryOp):
            return [node.operand]
        if isinstance(node, ast.BinOp):
            return [node.left, node.right]
        if isinstance(node, ast.Call):
            return list(node.args)
        return []

    def _emit(
        self,
        node: ast.AST,
        text: str,
        parts: list[tuple[str, str | None, int]],
        constants: list[float],
    ) -> tuple[str, str | None]:
        """Value source and magnitude-bound source (or None) of ``node`` from its parts."""
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            try:
                value = float(node.value)
            except OverflowError:  # an integer literal beyond the float range
                value = math.inf
            if not math.isfinite(value):
                raise GameError(
                    f"in {brief(text)}: the number {brief(str(node.value), 40)} is not a "
                    "finite floating-point number"
                )
            constants.append(value)
            return f"_k{len(constants) - 1}", repr(max(1.0, abs(value)))
        if isinstance(node, ast.Name):
            name = node.id
            if name in FUNCTIONS:
                raise GameError(f"in {brief(text)}: {name!r} is a function; call it as {name}(...)")
            self.names.add(name)
            return f"env[{name!r}]", "_m"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            ((inner, bound, _),) = parts
            if isinstance(node.op, ast.USub):
                return f"_negative({inner})", bound
            return inner, bound
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            op = _BINARY[type(node.op)]
            (left, lb, _), (right, rb, _) = parts
            bound = None
            if isinstance(node.op, ast.Add | ast.Sub | ast.Mult) and lb and rb:
                bound = f"{lb} {'*' if isinstance(node.op, ast.Mult) else '+'} {rb}"
            return f"_{op.__name__}({left}, {right})", bound
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            fname = node.func.id
            if fname not in FUNCTIONS:
                raise GameError(
                    f"in {brief(text)}: unknown function {fname!r}; allowed: "
                    f"{', '.join(sorted(FUNCTIONS))}"
                )
            arity = 2 if fname in ("min", "max") else 1
            if len(parts) != arity:
                raise GameError(
                    f"in {brief(text)}: {fname}() takes {arity} argument(s), got {len(parts)}"
                )
            return f"_f_{fname}({', '.join(p[0] for p in parts)})", None
        segment = ast.get_source_segment(text, node) or type(node).__name__
        raise GameError(f"in {brief(text)}: {brief(segment, 40)} is not allowed; {_ALLOWED}")


def _define(
    argument: str, lines: list[str], result: str, namespace: dict[str, object]
) -> Callable[..., ArrayLike]:
    """A function of one ``argument`` running ``lines`` and returning ``result``."""
    source = "\n".join([f"def _formula({argument}):", *lines, f"    return {result}"])
    exec(compile(source, "<formula>", "exec"), namespace)  # checked source, see _Compiled
    return namespace.pop("_formula")  # type: ignore[return-value]
