"""Kill probability: lethal radius, SSPK, lethality K, salvos."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.errors import ParameterError
from detente.stability.kill_probability import (
    LETHALITY_HARDNESS_CONSTANT,
    METRES_PER_NMI,
    lethal_radius_m,
    lethality_k,
    salvo_kill_probability,
    sspk,
    sspk_from_yield,
)


def test_sspk_is_one_half_when_lethal_radius_equals_cep():
    """Definition of CEP: half the impacts fall within CEP, so SSPK = 0.5 at LR = CEP.

    Source: Davis & Schilling (1973), SSPK = 1 - 0.5^((LR/CEP)^2).
    """
    assert sspk(250.0, 250.0) == pytest.approx(0.5)
    assert sspk(2 * 250.0, 250.0) == pytest.approx(1 - 0.5**4)


def test_lethal_radius_one_megaton_against_1000_psi_is_0_262_nmi():
    """Worked example of the open-literature formula LR[nmi] = 2.62 Y[Mt]^(1/3) / H[psi]^(1/3):
    1 Mt against a 1,000 psi silo gives 2.62 / 10 = 0.262 nmi (485 m).

    Source: Davis & Schilling (1973); cube-root scaling, Glasstone & Dolan (1977) sec. 3.60.
    """
    assert lethal_radius_m(1000.0, 1000.0) == pytest.approx(0.262 * METRES_PER_NMI)
    assert lethal_radius_m(1000.0, 1000.0) == pytest.approx(485.2, abs=0.1)


def test_lethal_radius_scales_with_cube_root_of_yield_and_hardness():
    """Cube-root (Hopkinson-Cranz) scaling: 8x yield doubles LR; 8x hardness halves it.

    Source: Glasstone & Dolan (1977), sec. 3.60.
    """
    base = lethal_radius_m(100.0, 1000.0)
    assert lethal_radius_m(800.0, 1000.0) == pytest.approx(2 * base)
    assert lethal_radius_m(100.0, 8000.0) == pytest.approx(base / 2)


def test_sspk_matches_tsipis_lethality_form():
    """SSPK = 1 - exp(-K / (0.2102 H^(2/3))) with K = Y^(2/3)/CEP^2 (Mt, nmi) is the same
    formula written with Tsipis's lethality K.

    Source: Tsipis (1975); constant 1/(ln 2 * 2.62^2) = 0.2102.
    """
    y = np.array([100.0, 300.0, 475.0, 1000.0])
    cep = np.array([90.0, 120.0, 200.0, 400.0])
    h = np.array([2000.0, 1000.0, 3000.0, 500.0])
    k = lethality_k(y, cep)
    via_k = 1 - np.exp(-k / (LETHALITY_HARDNESS_CONSTANT * h ** (2 / 3)))
    np.testing.assert_allclose(sspk_from_yield(y, cep, h), via_k, rtol=1e-12)
    assert pytest.approx(0.2102, abs=1e-4) == LETHALITY_HARDNESS_CONSTANT


def test_two_warheads_per_silo_worked_example():
    """Two independent warheads with R*SSPK = 0.6 each: P_kill = 1 - 0.4^2 = 0.84.

    Source: Davis & Schilling (1973) (independent shots).
    """
    assert salvo_kill_probability(0.75, 0.8, 2) == pytest.approx(0.84)


def test_invalid_inputs_raise_parameter_error():
    with pytest.raises(ParameterError, match="yield_kt"):
        lethal_radius_m(-1.0, 1000.0)
    with pytest.raises(ParameterError, match="reliability"):
        salvo_kill_probability(0.5, 1.5, 1)


@given(
    y=st.floats(1, 5000),
    cep=st.floats(10, 2000),
    h=st.floats(1, 10000),
    r1=st.floats(0, 1),
    r2=st.floats(0, 1),
    n=st.integers(0, 10),
)
def test_more_reliability_never_lowers_kill_probability(y, cep, h, r1, r2, n):
    p = sspk_from_yield(y, cep, h)
    lo, hi = sorted((r1, r2))
    assert salvo_kill_probability(p, hi, n) >= salvo_kill_probability(p, lo, n) - 1e-12


def test_sspk_is_the_circular_normal_mass_within_the_lethal_radius():
    """Derived from the circular normal miss distribution (Davis & Schilling 1973): the miss
    distance is Rayleigh with sigma = CEP / sqrt(2 ln 2) (half the shots land within CEP), so
    P(miss <= LR) = 1 - exp(-LR^2 / (2 sigma^2)) = 1 - 0.5^((LR/CEP)^2). Checked by numerical
    integration of the Rayleigh density, independently of the formula in the code."""
    from scipy.integrate import quad

    for lr, cep in ((100.0, 250.0), (250.0, 250.0), (400.0, 150.0)):
        sigma = cep / np.sqrt(2 * np.log(2))
        mass, _ = quad(lambda r, s=sigma: r / s**2 * np.exp(-(r**2) / (2 * s**2)), 0, lr)
        assert float(sspk(lr, cep)) == pytest.approx(mass, rel=1e-9)
    half, _ = quad(
        lambda r: r / 100.0**2 * np.exp(-(r**2) / (2 * 100.0**2)), 0, 100.0 * np.sqrt(2 * np.log(2))
    )
    assert half == pytest.approx(0.5)


def test_kill_assessment_combines_lethal_radius_sspk_and_salvos():
    """Cube-root scaling and the salvo formula 1 - (1 - R SSPK)^n (Davis & Schilling 1973):
    the assessment equals its parts, and eight times the yield doubles the lethal radius."""
    from detente.stability import kill_assessment

    out = kill_assessment(300.0, 2000.0, 120.0, 0.8, [1, 2, 3])
    assert out.lethal_radius_m == pytest.approx(float(lethal_radius_m(300.0, 2000.0)))
    assert out.sspk == pytest.approx(float(sspk_from_yield(300.0, 120.0, 2000.0)))
    np.testing.assert_allclose(
        out.kill_probability, 1 - (1 - 0.8 * out.sspk) ** np.array([1, 2, 3])
    )
    assert kill_assessment(2400.0, 2000.0, 120.0).lethal_radius_m == pytest.approx(
        2 * out.lethal_radius_m
    )
    assert out.to_dict()["warheads"] == [1.0, 2.0, 3.0]
    with pytest.raises(ParameterError, match="cep_m"):
        kill_assessment(300.0, 2000.0, 0.0)
    with pytest.raises(ParameterError, match=r"reliability.*\[0, 1\]"):
        kill_assessment(300.0, 2000.0, 100.0, reliability=1.5)
