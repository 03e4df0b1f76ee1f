"""Lanchester laws: worked examples and cross-check against numerical integration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from detente.errors import ParameterError
from detente.stability.lanchester import lanchester, victory_probability


def test_lanchester_1000_vs_500_square_law():
    """Lanchester (1916, ch. V): equal-quality forces of 1,000 and 500 under the N-square
    law; the larger wins with sqrt(1000^2 - 500^2) = 866 survivors."""
    out = lanchester(1000, 500)
    assert out.winner == "A"
    assert out.survivors_a == pytest.approx(np.sqrt(1000**2 - 500**2))
    assert out.survivors_a == pytest.approx(866.03, abs=0.01)
    # time to annihilation: atanh(B0/A0) / sqrt(alpha beta) (Taylor 1983)
    assert out.time_to_defeat == pytest.approx(np.arctanh(0.5))


def test_square_law_quality_offsets_numbers():
    """Square law: doubling numbers is worth quadrupling quality (Lanchester 1916):
    A = 1000, alpha = 1 vs B = 500, beta = 4 is a draw."""
    out = lanchester(1000, 500, 1.0, 4.0)
    assert out.winner == "draw"


def test_linear_law_worked_example():
    """Linear law (Washburn 2000, sec. 2.3): alpha A - beta B invariant; 1,000 vs 500 equal
    quality leaves 500 survivors (loser's breakpoint 0, reached only asymptotically)."""
    out = lanchester(1000, 500, law="linear")
    assert out.winner == "A" and out.survivors_a == pytest.approx(500)
    assert np.isinf(out.time_to_defeat)


def _simulate(a0, b0, al, be, law, t_end):
    def rhs(_, y):
        a, b = y
        if law == "square":
            return [-be * b, -al * a]
        return [-be * a * b, -al * a * b]

    return solve_ivp(rhs, (0, t_end), [a0, b0], rtol=1e-10, atol=1e-10, dense_output=True)


@settings(max_examples=20, deadline=None)
@given(
    a0=st.floats(50, 500),
    b0=st.floats(50, 500),
    al=st.floats(0.01, 0.1),
    be=st.floats(0.01, 0.1),
    law=st.sampled_from(["square", "linear"]),
    bp=st.floats(0.1, 0.6),
)
# near draws, where the textbook time formulas cancelled (times off by a third)
@example(a0=50.0, b0=50.00000000000001, al=0.0625, be=0.0625, law="square", bp=0.5)
@example(a0=50.0, b0=50.0, al=0.010000000000000002, be=0.01, law="linear", bp=0.5)
def test_closed_form_matches_numerical_integration(a0, b0, al, be, law, bp):
    out = lanchester(a0, b0, al, be, law, bp)
    if out.winner == "draw" or out.time_to_defeat > 1e4:
        return
    sol = _simulate(a0, b0, al, be, law, float(out.time_to_defeat))
    a_end, b_end = sol.y[:, -1]
    np.testing.assert_allclose([a_end, b_end], [out.survivors_a, out.survivors_b], rtol=1e-5)


def test_vectorized_and_victory_probability():
    out = lanchester(np.array([100, 200, 300]), 200)
    assert list(out.winner) == ["B", "draw", "A"]
    p = victory_probability(np.array([100, 200, 300]), 200)
    np.testing.assert_allclose(p, [0.2, 0.5, 9 / 13])


def test_bad_inputs():
    with pytest.raises(ParameterError, match="law"):
        lanchester(1, 1, law="cubic")
    with pytest.raises(ParameterError, match="a0"):
        lanchester(-1, 1)
