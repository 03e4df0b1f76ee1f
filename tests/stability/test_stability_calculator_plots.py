"""Lanchester time histories and the calculators' line plots (``calculator_plots``).

The plots must show the calculators' own numbers: each test reads the drawn lines back and
compares them with a direct library call or an independent computation.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from detente.errors import ParameterError
from detente.stability import (
    MissileDefense,
    exchange_curve,
    expected_leakers,
    lanchester,
    lanchester_paths,
    load_posture,
    plot_exchange,
    plot_lanchester,
    plot_leakage,
)

BATTLES = [(100, 80, 1.0, 1.0), (50, 80, 2.0, 0.5), (30, 70, 1.5, 0.2), (60, 60, 1.0, 1.0)]


@pytest.fixture
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


@pytest.mark.parametrize("law", ["square", "linear"])
@pytest.mark.parametrize(("a0", "b0", "alpha", "beta"), BATTLES)
def test_paths_match_numerical_integration_of_the_odes(law, a0, b0, alpha, beta):
    """The closed forms against scipy's Runge-Kutta on dA/dt = -beta B, dB/dt = -alpha A
    (square) or dA/dt = -beta A B, dB/dt = -alpha A B (linear), Washburn (2000) 2.2-2.3."""
    end = float(lanchester(a0, b0, alpha, beta, law, breakpoint=0.1).time_to_defeat)
    end = end if np.isfinite(end) else 3.0
    t = np.linspace(0.0, end, 9)
    force_a, force_b = lanchester_paths(a0, b0, alpha, beta, law, t)
    if law == "square":
        rhs = lambda _, y: [-beta * y[1], -alpha * y[0]]  # noqa: E731
    else:
        rhs = lambda _, y: [-beta * y[0] * y[1], -alpha * y[0] * y[1]]  # noqa: E731
    ode = solve_ivp(rhs, (0.0, end), [a0, b0], t_eval=t, rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(force_a, ode.y[0], rtol=1e-7, atol=1e-7)
    np.testing.assert_allclose(force_b, ode.y[1], rtol=1e-7, atol=1e-7)


def test_lanchesters_example_ends_with_866_survivors():
    """Lanchester (1916), ch. V: 1,000 against 500 of equal quality leave sqrt(1000^2 - 500^2)
    = 866 when the smaller force is destroyed; the square-law path stops there."""
    end = float(lanchester(1000, 500).time_to_defeat)
    force_a, force_b = lanchester_paths(1000, 500, times=[end, 2 * end])
    np.testing.assert_allclose(force_a, np.sqrt(1000**2 - 500**2), rtol=1e-9)
    np.testing.assert_allclose(force_b, 0.0, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    a0=st.floats(1.0, 1e4),
    b0=st.floats(1.0, 1e4),
    alpha=st.floats(0.05, 20.0),
    beta=st.floats(0.05, 20.0),
    share=st.floats(0.0, 1.0),
    law=st.sampled_from(["square", "linear"]),
)
def test_paths_keep_the_laws_invariant_and_never_grow(a0, b0, alpha, beta, share, law):
    """alpha A^2 - beta B^2 (square) or alpha A - beta B (linear) stays constant along the
    path until the loser is gone, and neither force grows."""
    end = float(lanchester(a0, b0, alpha, beta, law, breakpoint=0.05).time_to_defeat)
    end = end if np.isfinite(end) else 1.0 / (alpha + beta)
    t = np.linspace(0.0, share * end, 5)
    force_a, force_b = lanchester_paths(a0, b0, alpha, beta, law, t)
    power = 2 if law == "square" else 1
    invariant = alpha * force_a**power - beta * force_b**power
    scale = alpha * a0**power + beta * b0**power
    np.testing.assert_allclose(invariant, invariant[0], atol=1e-8 * scale)
    assert np.all(np.diff(force_a) <= 1e-9 * a0) and np.all(np.diff(force_b) <= 1e-9 * b0)


def test_paths_reject_negative_times():
    with pytest.raises(ParameterError, match="times"):
        lanchester_paths(100, 80, times=[-1.0])


def test_exchange_plot_draws_the_exchange_curves_both_ways(ax):
    us, russia = load_posture("us"), load_posture("russia")
    returned = plot_exchange(us, russia, points=11, ax=ax)
    assert returned is ax
    lines = {line.get_label(): line for line in ax.get_lines()}
    survivors = lines["United States strikes Russia: survivors"]
    want = exchange_curve(us, russia, survivors.get_xdata(), "generated")
    np.testing.assert_allclose(survivors.get_ydata(), want.surviving_warheads[0])
    second = lines["Russia strikes United States: deliverable 2nd strike"]
    back = exchange_curve(russia, us, second.get_xdata(), "generated")
    np.testing.assert_allclose(second.get_ydata(), back.second_strike[0])
    assert len(lines) == 4 and len(survivors.get_xdata()) == 11


def test_leakage_plot_draws_expected_leakers_below_the_no_defense_line(ax):
    shield = MissileDefense(100, 0.7, "shoot-look-shoot", shots=2)
    plot_leakage(shield, 300, marks=[10, 50, 200], ax=ax)
    lines = {line.get_label(): line for line in ax.get_lines()}
    w = lines["expected leakers"].get_xdata()
    want = expected_leakers(w, 100, 0.7, "shoot-look-shoot", shots=2)
    np.testing.assert_allclose(lines["expected leakers"].get_ydata(), want)
    assert np.all(lines["expected leakers"].get_ydata() <= w + 1e-9)
    np.testing.assert_allclose(lines["computed sizes"].get_xdata(), [10, 50, 200])
    assert w[0] == 0 and w[-1] == 300


def test_leakage_plot_needs_a_positive_range():
    with pytest.raises(ParameterError, match="max_warheads"):
        plot_leakage(MissileDefense(100, 0.7), 0)


@pytest.mark.parametrize(
    ("law", "breakpoint"), [("square", 0.0), ("square", 0.3), ("linear", 0.2), ("linear", 0.0)]
)
def test_lanchester_plot_runs_from_the_start_to_the_breakpoint(ax, law, breakpoint):
    plot_lanchester(100, 80, law=law, breakpoint=breakpoint, ax=ax)
    force_a, force_b = (line.get_ydata() for line in ax.get_lines()[:2])
    assert (force_a[0], force_b[0]) == (100, 80)
    out = lanchester(100, 80, law=law, breakpoint=breakpoint)
    if np.isfinite(float(out.time_to_defeat)):
        assert ax.get_lines()[0].get_xdata()[-1] == pytest.approx(float(out.time_to_defeat))
        assert force_b[-1] == pytest.approx(breakpoint * 80, abs=1e-6)
        assert force_a[-1] == pytest.approx(float(out.survivors_a), rel=1e-6)
    else:  # linear law to 0: drawn until B is down to 2 %
        assert force_b[-1] == pytest.approx(0.02 * 80, rel=1e-6)
    assert "A wins" in ax.get_title()


def test_lanchester_plot_of_a_draw_and_of_an_instant_win(ax):
    plot_lanchester(60, 60, ax=ax)
    assert "draw" in ax.get_title()
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), ax.get_lines()[1].get_ydata())
    ax.clear()
    plot_lanchester(1e9, 1e-6, breakpoint=0.999999, ax=ax)  # B breaks at once
    assert ax.get_xlim()[1] > 0 and "A wins" in ax.get_title()
