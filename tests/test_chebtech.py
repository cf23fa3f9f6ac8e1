"""The pure kernels and the resolution oracle."""

import numpy as np
import pytest
from numpy.polynomial import chebyshev, legendre

from pitcheig.chebtech import (chebpts2, gauss_legendre, legendre_to_chebyshev, predicted_length, resolved,
                               vals2coeffs)


def test_resolved_smooth_function():
    # exp on [-1, 1]: Chebyshev coefficients I_k(1) * 2 fall below 1e-14 by k ~ 14
    coeffs = vals2coeffs(np.exp(chebpts2(33)))
    res = resolved(coeffs, vscale=np.e, tol=1e-14)
    assert res.happy and 13 <= res.cutoff <= 17 and res.tail < 1e-14


def test_unresolved_function_and_prediction():
    # |x| has coefficients ~ 1/k^2: never happy at 33 points, and no geometric decay
    coeffs = vals2coeffs(np.abs(chebpts2(33)))
    res = resolved(coeffs, vscale=1.0, tol=1e-12)
    assert not res.happy
    # a geometric series c_k = 0.5^k reaches 1e-12 at k = 40: the prediction
    # (with its documented 30 % margin) must land between 40 and 56
    geometric = 0.5 ** np.arange(20)
    assert 40 <= predicted_length(geometric, 1.0, 1e-12) <= 56


def test_resolution_is_relative_to_global_vscale():
    # a piece whose values are 1e-13 of the global scale is negligible at tol 1e-12
    coeffs = 1e-13 * vals2coeffs(np.abs(chebpts2(33)))
    assert resolved(coeffs, vscale=1.0, tol=1e-12).happy
    assert not resolved(coeffs, vscale=1e-13, tol=1e-12).happy


def test_short_series_rule():
    assert resolved(np.array([1.0, 0.5, 0.1, 1e-15, 1e-16]), 1.0, 1e-12).happy
    assert not resolved(np.array([1.0, 0.5, 0.1, 1e-3, 1e-4]), 1.0, 1e-12).happy


def test_legendre_to_chebyshev_against_numpy():
    # numpy's independent route: Legendre -> power basis -> Chebyshev
    rng = np.random.default_rng(1)
    c = rng.standard_normal(12)
    expected = chebyshev.poly2cheb(legendre.leg2poly(c))
    assert np.allclose(legendre_to_chebyshev(12) @ c, expected, rtol=0, atol=1e-12)


def test_gauss_legendre_exactness():
    x, w = gauss_legendre(10)  # exact for degree 19: int x^18 = 2/19
    assert np.sum(w * x**18) == pytest.approx(2 / 19, rel=1e-14)
