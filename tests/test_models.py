"""Coefficient models, eqs. (11), (24)-(26)."""

import math

import mpmath
import numpy as np
import pytest

from pitcheig import J1_ZERO, Flat, Peak, Physical
from pitcheig.models import peak_shape, physical_a


def test_j1_zero():
    # mpmath besseljzero, 30 digits
    assert J1_ZERO == pytest.approx(float(mpmath.besseljzero(1, 1)), rel=1e-15, abs=0)


def test_peak_shape_against_mpmath():
    # F(w) = (pi/2) J1(j1 sqrt w)^2 / (j1^2 w), evaluated independently with mpmath
    # (30 digits); double-precision J1 is good to a few ulps, hence rel=1e-13
    j1 = mpmath.besseljzero(1, 1)
    for w in (1e-12, 1e-6, 0.01, 0.3, 0.5, 0.9, 0.999):
        exact = mpmath.pi / 2 * mpmath.besselj(1, j1 * mpmath.sqrt(w)) ** 2 / (j1**2 * w)
        assert peak_shape(w) == pytest.approx(float(exact), rel=1e-13, abs=1e-300)
    assert peak_shape(0.0) == pytest.approx(math.pi / 8, rel=1e-15, abs=0)   # F(0) = pi/8 exactly
    assert peak_shape(1.0) == pytest.approx(0.0, abs=1e-30)                  # F(1) = 0: J1(j1) = 0
    assert peak_shape(1.5) == 0.0


def test_peak_shape_double_zero_at_one():
    # F(w) ~ C (1 - w)^2 with C = (pi/8) J0(j1)^2 (Taylor expansion, see models.py):
    # so D is C^1 but not C^2 at w = 1
    c = math.pi / 8 * float(mpmath.besselj(0, mpmath.besseljzero(1, 1))) ** 2
    for h in (1e-2, 1e-3, 1e-4):
        assert peak_shape(1 - h) / h**2 == pytest.approx(c, rel=3 * h)


def test_peak_model_values():
    model = Peak(1e-3, 1e-2, "both")
    b = J1_ZERO**2 * 1e-3 / 2
    assert model.peak_width == pytest.approx(b, rel=1e-15)
    assert model(np.array([1.0]))[0] == pytest.approx(1 + math.pi / 8 / 1e-2, rel=1e-14)
    assert model(np.array([0.0]))[0] == 1.0
    assert model.breakpoints == pytest.approx((-(1 - b), 1 - b), rel=1e-15)
    one_sided = Peak(1e-3, 1e-2, "+1")
    assert one_sided(np.array([-1.0]))[0] == 1.0 and one_sided.breakpoints == pytest.approx((1 - b,))


def test_evaluate_uses_accurate_end_distances():
    # at eps = 1e-8 the peak is 7e-8 wide: D from t_+ = 1 - mu must not depend on
    # the rounding of mu itself (mu = 1 - t cannot carry t to full relative accuracy)
    model = Peak(1e-8, 1e-8, "+1")
    t = model.peak_width * np.array([0.3, 0.7, 0.99])
    exact = 1 + peak_shape(t / model.peak_width) / model.a
    assert np.allclose(model.evaluate(1 - t, 2 - t, t), exact, rtol=1e-15, atol=0)


def test_physical_a_is_eq_11():
    eps, delta = 2.1e-3, 1e-4
    assert physical_a(eps, delta) == pytest.approx((delta * math.log(1 / eps) + eps**1.5) / 6, rel=1e-15)
    assert Physical(eps, delta).a == pytest.approx(physical_a(eps, delta), rel=1e-15)
    assert Flat()(np.linspace(-1, 1, 5)).tolist() == [1.0] * 5
