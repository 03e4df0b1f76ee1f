"""Missile defense: closed forms and monotonicity properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.errors import ParameterError
from detente.stability.missile_defense import expected_leakers, leak_probability


def test_barrage_two_interceptors_per_warhead():
    """Two independent shots at each warhead: leak = (1 - pk)^2 (Wilkening 2000, salvo)."""
    assert expected_leakers(10, 20, 0.8, "barrage") == pytest.approx(10 * 0.2**2)


def test_barrage_uneven_spread_interpolates():
    """15 interceptors on 10 warheads: 5 get two shots, 5 get one (Wilkening 2000)."""
    got = expected_leakers(10, 15, 0.5, "barrage")
    assert got == pytest.approx(5 * 0.25 + 5 * 0.5)


def test_shoot_look_shoot_with_ample_interceptors():
    """With enough interceptors, two looks leak (1 - pk)^2 and use on average
    1 + (1 - pk) interceptors per warhead (Wilkening 2000, shoot-look-shoot)."""
    w, pk = 100.0, 0.7
    needed = w * (1 + (1 - pk))
    assert expected_leakers(w, needed, pk, "shoot-look-shoot", shots=2) == pytest.approx(w * 0.3**2)
    # the same leakage by barrage needs 2 interceptors per warhead
    assert expected_leakers(w, 2 * w, pk, "barrage") == pytest.approx(w * 0.3**2)


def test_undiscriminated_decoys_dilute_the_defense():
    clean = expected_leakers(50, 100, 0.7, "barrage", decoys=0)
    decoyed = expected_leakers(50, 100, 0.7, "barrage", decoys=100, discrimination=0.0)
    seen_through = expected_leakers(50, 100, 0.7, "barrage", decoys=100, discrimination=1.0)
    assert decoyed > clean
    assert seen_through == pytest.approx(clean)


def test_no_interceptors_means_everything_leaks():
    np.testing.assert_allclose(expected_leakers([0, 5, 50], 0, 0.9), [0, 5, 50])


def test_fixed_salvo_size():
    # 30 interceptors, salvo of 3 -> 10 of 20 warheads engaged
    got = expected_leakers(20, 30, 0.5, "barrage", salvo_size=3)
    assert got == pytest.approx(10 * 0.125 + 10)


def test_bad_doctrine_names_allowed_values():
    with pytest.raises(ParameterError, match="shoot-look-shoot"):
        leak_probability(10, 10, 0.5, "hope")


doctrines = st.sampled_from(["barrage", "shoot-look-shoot"])


@given(
    w=st.floats(0, 2000),
    n1=st.floats(0, 3000),
    n2=st.floats(0, 3000),
    pk=st.floats(0, 1),
    doctrine=doctrines,
    shots=st.integers(1, 4),
    decoys=st.floats(0, 3),
    disc=st.floats(0, 1),
)
def test_leakers_non_increasing_in_interceptors(w, n1, n2, pk, doctrine, shots, decoys, disc):
    lo, hi = sorted((n1, n2))
    kw = {"decoys": w * decoys, "discrimination": disc, "shots": shots}
    more = expected_leakers(w, hi, pk, doctrine, **kw)
    fewer = expected_leakers(w, lo, pk, doctrine, **kw)
    assert more <= fewer + 1e-9
    assert 0 <= more <= w + 1e-9


@given(w=st.floats(0, 2000), n=st.floats(0, 3000), p1=st.floats(0, 1), p2=st.floats(0, 1))
def test_leakers_non_increasing_in_intercept_probability(w, n, p1, p2):
    lo, hi = sorted((p1, p2))
    assert (
        expected_leakers(w, n, hi, "shoot-look-shoot")
        <= expected_leakers(w, n, lo, "shoot-look-shoot") + 1e-9
    )


def test_vectorized_over_attack_sizes_and_interceptors():
    out = expected_leakers(np.arange(0, 500, 50)[:, None], np.array([0, 100, 400])[None, :], 0.7)
    assert out.shape == (10, 3)
    assert np.all(np.diff(out, axis=1) <= 1e-12)
    assert np.all(np.diff(out, axis=0) >= -1e-12)


def test_leakers_grid_matches_pointwise_calls():
    from detente.stability.missile_defense import MissileDefense
    from detente.stability.stability_index import expected_leakers_grid

    d = MissileDefense(pk=0.6, doctrine="barrage", decoys_per_warhead=1.0, discrimination=0.5)
    grid = expected_leakers_grid([20.0, 80.0], [0.0, 40.0, 160.0], d)
    for i, w in enumerate([20.0, 80.0]):
        for j, n in enumerate([0.0, 40.0, 160.0]):
            one = expected_leakers(w, n, 0.6, "barrage", decoys=w, discrimination=0.5)
            assert grid[i, j] == pytest.approx(float(one))
