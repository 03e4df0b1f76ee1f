"""Formulas compile to straight-line functions (no recursion) that compute what the formula
says: checked against a direct tree-walking evaluator written here, on random formulas."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import GameError
from detente.games import Expression

NAMES = ["a", "b", "c"]
FUNCS = {"exp": np.exp, "log": np.log, "sqrt": np.sqrt, "abs": np.abs, "log1p": np.log1p}
BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "**": np.power}


def formulas(polynomial: bool):
    """Random formula trees as nested tuples (op, children...)."""
    leaves = st.one_of(
        st.sampled_from(NAMES).map(lambda n: ("name", n)),
        st.floats(-4, 4, allow_nan=False).map(lambda x: ("num", round(x, 3))),
    )
    ops = ["+", "-", "*"] if polynomial else list(BINARY)

    def extend(inner):
        parts = [
            st.tuples(st.sampled_from(ops), inner, inner),
            st.tuples(st.just("neg"), inner),
        ]
        if not polynomial:
            parts.append(st.tuples(st.sampled_from(sorted(FUNCS)), inner))
            parts.append(st.tuples(st.sampled_from(["min", "max"]), inner, inner))
        return st.one_of(*parts)

    return st.recursive(leaves, extend, max_leaves=25)


def text(tree) -> str:
    kind = tree[0]
    if kind == "name":
        return tree[1]
    if kind == "num":
        return repr(tree[1])
    if kind == "neg":
        return f"-({text(tree[1])})"
    if kind in BINARY:
        return f"({text(tree[1])}) {kind} ({text(tree[2])})"
    return f"{kind}({', '.join(text(t) for t in tree[1:])})"


def reference(tree, env):
    kind = tree[0]
    if kind == "name":
        return env[tree[1]]
    if kind == "num":
        return np.float64(tree[1])
    args = [reference(t, env) for t in tree[1:]]
    if kind == "neg":
        return np.negative(args[0])
    if kind in BINARY:
        return BINARY[kind](*args)
    if kind in ("min", "max"):
        return (np.minimum if kind == "min" else np.maximum)(*args)
    return FUNCS[kind](args[0])


ENV = {n: np.linspace(-3.0, 3.0, 13) + k for k, n in enumerate(NAMES)}


def names_of(tree) -> set[str]:
    if tree[0] == "name":
        return {tree[1]}
    if tree[0] == "num":
        return set()
    return set().union(*(names_of(t) for t in tree[1:]))


@settings(max_examples=300, deadline=None)
@given(formulas(polynomial=False))
def test_compiled_formulas_equal_the_tree_walking_evaluator(tree) -> None:
    source = text(tree)
    with np.errstate(all="ignore"):
        expected = np.broadcast_to(reference(tree, ENV), (13,))
    if not names_of(tree) and not np.isfinite(expected).all():
        with pytest.raises(GameError, match="not a finite number"):
            Expression(source)  # a constant that is not finite is refused
        return
    expr = Expression(source)
    assert expr.names == names_of(tree)
    with np.errstate(all="ignore"):
        got = np.broadcast_to(expr.evaluate(ENV), (13,))
    np.testing.assert_array_equal(got, expected)


@settings(max_examples=300, deadline=None)
@given(formulas(polynomial=True), st.floats(0.0, 50.0))
def test_the_magnitude_bound_bounds_every_polynomial_formula(tree, m) -> None:
    """|f| <= magnitude_bound(M) whenever every parameter lies in [-M, M]."""
    expr = Expression(text(tree))
    assert expr.magnitude_bound is not None
    env = {n: np.array([-m, -m / 2, 0.0, m / 3, m]) for n in NAMES}
    bound = expr.magnitude_bound(m)
    value = np.abs(np.asarray(expr.evaluate(env), dtype=float))
    assert np.all(value <= bound * (1 + 1e-12)), (text(tree), m, value.max(), bound)


def test_formulas_with_division_powers_or_functions_have_no_bound() -> None:
    for source in ["a / b", "a ** 2", "exp(a)", "max(a, b)", "-(a * (b - c / 2))"]:
        assert Expression(source).magnitude_bound is None
    assert Expression("-(a * (b - c * 2))").magnitude_bound(3.0) == 3.0 * (3.0 + 3.0 * 2.0)


def test_a_thousand_deep_formula_evaluates_to_its_closed_form() -> None:
    depth = 1_000
    expr = Expression("a" + "*a" * depth)  # a ** (depth + 1), nested depth deep
    x = np.array([0.999, 1.0, 1.0005])
    np.testing.assert_allclose(expr.evaluate({"a": x}), x ** (depth + 1), rtol=1e-12)
    assert expr.magnitude_bound(1.0) == 1.0
    assert expr.magnitude_bound(2.0) == 2.0 ** (depth + 1)
