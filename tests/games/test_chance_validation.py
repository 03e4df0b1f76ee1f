"""No per-node sum check when every chance node is written ``(x, 1 - x)``.

:meth:`NodeTables._validated_chance` checks every probability's bounds, then the sums per
chance node, except for games whose chance nodes all have two actions written ``x`` and
``1 - x``: once the bounds hold, ``x + fl(1 - x)`` is within an ulp of 1. Skipping the sums
must accept, clip and reject exactly what the full check does, with the same error message.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import GameError
from detente.games.node_tables import NodeTables
from detente.games.tree import Game, chance, decision, terminal


def _complement_game() -> Game:
    """Nature picks a type with probability ``p``, then a signal with probability ``q*r``."""
    inner = chance(
        {
            "hi": ("q*r", terminal("t1", 1.0, 0.0)),
            "lo": ("1 - q*r", terminal("t2", 0.0, 1.0)),
        },
        name="signal",
    )
    root = chance(
        {
            "strong": ("p", decision("A", {"x": inner, "y": terminal("t3", 2.0, 2.0)})),
            "weak": ("1 - p", terminal("t4", -1.0, 0.5)),
        },
        name="type",
    )
    return Game(["A", "B"], root, parameters={"p": 0.5, "q": 0.5, "r": 1.0}, title="pairs")


def _general(t: NodeTables) -> NodeTables:
    """A copy of the tables that always checks the sums."""
    slow = NodeTables.__new__(NodeTables)
    slow.__dict__.update({k: v for k, v in t.__dict__.items() if not k.startswith("_")})
    object.__setattr__(slow, "_sums_by_construction", False)
    return slow


def _outcome(t: NodeTables, env: dict[str, np.ndarray], n: int) -> np.ndarray | str:
    try:
        return t.evaluate_chance(env, n)
    except GameError as err:
        return str(err)


probability_like = st.one_of(
    st.floats(-0.2, 1.2),
    st.sampled_from([0.0, 1.0, -1e-10, 1 + 1e-10, -1e-8, 1 + 1e-8, float("nan"), float("inf")]),
)


@settings(max_examples=300, deadline=None)
@given(
    p=st.lists(probability_like, min_size=1, max_size=6),
    q=st.floats(-0.5, 1.5),
    r=st.floats(0.0, 1.0),
)
def test_skipped_sum_check_agrees_with_full_check(p: list[float], q: float, r: float) -> None:
    """Same probabilities (after clipping) or the same GameError, on valid and invalid points.

    Derived: for ``x`` in [-tol, 1 + tol], ``fl(1 - x)`` is monotone in ``x`` and
    ``|x + fl(1 - x) - 1| <= 2**-52``, so both checks reach the same verdict.
    """
    t = _complement_game().tables
    assert t._sums_hold_by_construction
    n = len(p)
    env = {"p": np.array(p), "q": np.full(n, q), "r": np.full(n, r)}
    fast, slow = _outcome(t, env, n), _outcome(_general(t), env, n)
    if isinstance(slow, str):
        assert fast == slow
    else:
        assert not isinstance(fast, str), fast
        np.testing.assert_array_equal(fast, slow)
        assert fast.min() >= 0.0 and fast.max() <= 1.0


def test_sums_skipped_only_for_two_action_complements() -> None:
    """Three-way chance nodes, ``1 - q`` paired with ``p``, or a number first, have their sums
    checked (skipping needs ``second == 1 - first`` written out)."""
    three = Game(
        ["A"],
        chance(
            {
                "a": ("p", terminal("t1", 1.0)),
                "b": ("1 - p", terminal("t2", 0.0)),
                "c": ("0", terminal("t3", 0.0)),
            }
        ),
        parameters={"p": 0.5},
    )
    mismatched = Game(
        ["A"],
        chance({"a": ("p", terminal("t1", 1.0)), "b": ("1 - q", terminal("t2", 0.0))}),
        parameters={"p": 0.5, "q": 0.5},
    )
    numbers = Game(
        ["A"],
        chance({"a": (0.25, terminal("t1", 1.0)), "b": ("1 - 0.25", terminal("t2", 0.0))}),
    )
    assert not three.tables._sums_hold_by_construction
    assert not mismatched.tables._sums_hold_by_construction
    assert not numbers.tables._sums_hold_by_construction
    with pytest.raises(GameError, match="sum to"):
        mismatched.tables.evaluate_chance({"p": np.array([0.5]), "q": np.array([0.4])}, 1)


@pytest.mark.parametrize(
    ("second", "first", "expected"),
    [
        ("1 - p", "p", True),
        ("1-(q*r)", "q * r", True),
        ("1.0 - p", "p", True),  # 1.0 - p is what NumPy computes for 1 - p too
        ("1 - q", "p", False),
        ("2 - p", "p", False),
        ("1 - p - 0", "p", False),
        ("(1 - p)*1", "p", False),
        ("1 - 0.25", "0.25", False),  # a number first: the constant case is validated once
    ],
)
def test_is_complement_of_reads_the_formula_as_written(
    second: str, first: str, expected: bool
) -> None:
    """``Expression.is_complement_of`` is true exactly for ``1 - (first)`` written out."""
    from detente.games.expressions import Expression

    assert Expression(second).is_complement_of(Expression(first)) is expected
