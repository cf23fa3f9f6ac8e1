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


def test_kernels_agree_with_chebpy():
    """The transforms, the points, the chop and the Legendre-to-Chebyshev matrix are
    written in pitcheig (chebpy's import pulls in matplotlib); chebpy's own versions are
    the independent reference.  Transforms to 1e-14 (rounding of an n-term DCT); the
    chop's cutoff exactly, on 3000 random decaying series with random tails and tols."""
    from chebpy import algorithms as chebpy_algorithms

    from pitcheig.chebtech import coeffs2vals, standard_chop
    rng = np.random.default_rng(7)
    for n in (1, 2, 3, 17, 64, 129):
        assert np.array_equal(chebpts2(n), chebpy_algorithms.chebpts2(n))
        v = rng.standard_normal(n)
        assert np.allclose(vals2coeffs(v), chebpy_algorithms.vals2coeffs2(v), rtol=0, atol=1e-14)
        assert np.allclose(coeffs2vals(v), chebpy_algorithms.coeffs2vals2(v), rtol=0, atol=1e-14)
        assert np.allclose(coeffs2vals(vals2coeffs(v)), v, rtol=0, atol=1e-14)
    for _ in range(3000):
        n = int(rng.integers(1, 160))
        c = rng.standard_normal(n) * np.exp(-rng.uniform(0.005, 3.0) * np.arange(n))
        if rng.random() < 0.3:
            c[rng.integers(0, n):] = rng.choice([0.0, 1e-17, 1e-14]) * rng.standard_normal()
        tol = 10.0 ** rng.uniform(-16, -2)
        with np.errstate(all="ignore"):
            assert standard_chop(c, tol) == chebpy_algorithms.standard_chop(c.copy(), tol)
    for n in (5, 64, 300):
        with np.errstate(all="ignore"):
            ref = np.column_stack([chebpy_algorithms.leg2cheb(np.eye(n)[:, k]) for k in range(n)])
        assert np.allclose(legendre_to_chebyshev(n), ref, rtol=0, atol=1e-15)


def test_a_solve_imports_neither_chebpy_nor_matplotlib():
    """The command line's import budget (issue 15): a certified solve builds no Chebfun,
    so it must not import chebpy (which imports matplotlib.pyplot); asking for an
    eigenfunction does.  In a fresh interpreter."""
    import subprocess
    import sys
    code = ("import sys; from pitcheig import eigs, Peak; r = eigs(Peak(1e-3, 1e-4), k=1); "
            "print(r.converged, 'chebpy' in sys.modules, 'matplotlib' in sys.modules); "
            "r.eigenfunction(1); print('chebpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False", "False", "True"]


def test_dcts_against_scipy():
    """The DCT-I and DCT-II on numpy.fft (scipy.fft's import costs ~0.1 s of the CLI's
    start) against scipy.fft.dct (types 1 and 2, unnormalised), 1-d and 2-d, to
    rounding of an n-term sum."""
    from scipy import fft

    from pitcheig.chebtech import _dct1, _dct2
    rng = np.random.default_rng(11)
    for n in (2, 3, 16, 17, 129):
        for shape in ((n,), (n, 4)):
            x = rng.standard_normal(shape)
            assert np.allclose(_dct1(x), fft.dct(x, type=1, axis=0), rtol=0, atol=1e-13)
            assert np.allclose(_dct2(x), fft.dct(x, type=2, axis=0), rtol=0, atol=1e-13)
