"""Tests of studies/asymptotics.py: the paper's matched asymptotics (eqs. 17-34) against
independent values.  Each test names the independent value and why its tolerance is what it is."""

import math

import numpy as np
import pytest
from scipy import integrate

from pitcheig.studies import asymptotics as asy


@pytest.fixture(scope="module")
def flat():
    return asy.flat_solution()


def test_flat_eigenvalue_against_solver_and_frobenius(flat):
    """lambda_1 from the Legendre pencil against the collocation solver's flat eigenvalue (an
    independent discretisation, certified to ~1e-12 absolute: tolerance 2e-12); the Frobenius
    relations after eq. (34) are exact identities of eq. (17), so the series derivatives must give
    them to rounding (1e-12)."""
    from pitcheig import Flat, eigs
    assert abs(eigs(Flat(), k=1).eigenvalue(1) - flat.lam) < 2e-12
    r1, r2 = asy.frobenius_relations(flat)
    assert abs(r1 - 1) < 1e-12 and abs(r2 - 1) < 1e-12
    assert asy.phi(1.0, flat) < 0 and abs(asy.big_u(1.0, flat) - 1) < 1e-14
    assert 0.79 < flat.mu1 < 0.81 and abs(asy.phi(flat.mu1, flat)) < 1e-14


def test_two_forms_of_psi1_agree(flat):
    """Eq. (21) by adaptive quadrature with a complex detour round mu_1 against eq. (23) as a
    Chebyshev series of the subtracted integrand: different numerics for the same function.
    quad runs at epsrel 1e-13 and the series is truncated at 1e-17; the product form -Phi v loses
    ~1e-16/|mu - mu1| near mu_1 (1e-13 at 1e-3) and the log singularity costs quad a little at
    1 - mu = 1e-6: 1e-10 of max|Psi^(1)| (~0.4) leaves a margin of 10 over the measured 5e-12."""
    mu = np.concatenate([np.linspace(-0.999, 0.999, 37), [flat.mu1 - 1e-3, flat.mu1 + 1e-3, 1 - 1e-6]])
    diff = asy.psi1_eq21(mu, flat) - asy.psi1_eq23(mu, flat)
    assert np.max(np.abs(diff)) < 1e-10


def test_psi1_solves_eq20(flat):
    """The residual of eq. (20) for eq. (23)'s Psi^(1) (derivatives of the Chebyshev series; the log
    term's part is exact), must be rounding level: 1e-11 (measured 5e-14; the second derivative of a
    70-term series amplifies 1e-17 coefficient noise by ~n^4).  For eq. (21)'s quadrature values the
    check is by central differences with step 1e-3: truncation ~ step^2 Psi''''/12 and quad noise
    1e-13/step^2 give ~1e-7..3e-5 on [-0.5, 0.85]: tolerance 1e-4, far below the terms (~10)."""
    assert np.max(np.abs(asy.eq20_residual(np.linspace(-1, 1, 101), flat))) < 1e-11
    fd = asy.eq20_residual_fd(np.array([-0.5, 0.0, 0.3, 0.7, 0.85]), flat)
    assert np.max(np.abs(fd)) < 1e-4


def test_psi1_is_analytic_at_mu1(flat):
    """The paper states Psi^(1) ~ (mu - mu1) ln|mu - mu1| at mu_1.  Independent value: the
    1/(mu - mu1) coefficient of eq. (21)'s integrand from the imaginary part of a contour integral
    (no subtraction); it must vanish to rounding (1e-13 relative to the double-pole coefficient
    A ~ 0.012 times Gauss-rule error), and Psi^(1)(mu1) must equal A Phi'(mu1) from the Laurent
    expansion.  A log term would make Psi^(1)' differ by ~ln(10) per decade between
    x = 1e-3 and 1e-5; it changes by < 2e-2 (the smooth slope's own change, ~ Psi'' x)."""
    assert abs(asy.laurent_residue(flat)) < 1e-13
    assert abs(asy.psi1_eq23(flat.mu1, flat) - flat.pole * asy.phi(flat.mu1, flat, 1)) < 1e-12
    slopes = [asy.psi1_regular(flat.mu1 + x, flat, 1) for x in (1e-3, 1e-5)]
    assert abs(slopes[0] - slopes[1]) < 2e-2


@pytest.mark.parametrize("a", [1e-6, 1e-8])
def test_g1_against_eq30(a):
    """g1 = g(1) of eq. (29) by the panel quadrature against scipy.quad (independent adaptive
    quadrature, agreement to 1e-12 relative expected from two converged rules), and against
    eq. (30): the difference must be within twice the derived leading error |k1 a ln a|,
    k1 = D3/(2 C^2) (measured fraction 0.7 at 1e-6, 0.9 at 1e-8), so the relative error -> 0."""
    g1 = asy.inner_functions(a).g1
    ref = a * integrate.quad(lambda w: 1.0 / (asy.peak_shape(w) + a), 0, 1, limit=500, epsrel=1e-14,
                             points=[1 - 10 * math.sqrt(a), 1 - math.sqrt(a)])[0]
    assert abs(g1 - ref) < 1e-12 * g1
    k1 = asy.g1_error_log_coefficient()
    assert abs(g1 - asy.g1_eq30(a)) < 2 * abs(k1 * a * math.log(a))


def test_composite_error_decreases_with_b(flat):
    """Composite (O(b^2) consistent, matched dlam) against the exact eigenfunction at a = 1e-8:
    the error must fall by more than 100x per decade of eps (the construction's error is O(b^3);
    measured 2.5e-4, 2.7e-7, 5.8e-10), and be below 1e-6 of |Phi(1)| at eps = 1e-5... 1e-4."""
    errs = []
    for eps in (1e-3, 1e-4, 1e-5):
        lam, psi = asy.exact_eigenpair(eps, 1e-8)
        errs.append(asy.pointwise_errors(flat, eps, 1e-8, lam, psi)["composite_matched_dlam"])
    assert errs[0] / errs[1] > 100 and errs[1] / errs[2] > 100
    assert errs[1] < 1e-6


def test_dlam_derived_correction(flat):
    """exact lambda_{+1} - lambda_1 (the solver, certified to 1e-12 absolute, i.e. 3.4e-7 of
    dlam at eps = 1e-5) against the derived O(b) ratio (exact in a): the remainder is the
    b^2 ln b term, (lambda^2/8) b^2 |ln b| ~ 1.4e-6 at b = 7.3e-5, so tolerance 3e-6; eq. (34)
    alone misses by 1 - ratio ~ 1.3e-2 at a = 1e-6."""
    eps, a = 1e-5, 1e-6
    b = 0.5 * asy.J1_ZERO**2 * eps
    ratio = (asy.exact_eigenvalue(eps, a) - flat.lam) / asy.dlam_eq34(flat, b)
    assert abs(ratio - asy.dlam_ratio_derived(flat, eps, a)) < 3e-6
    assert abs(1 - ratio) > 1e-2
