"""pitcheig.correlation: eq. (7), the finite-correlation-time D_mumu, against its limits and
an independent quadrature.

Independent references: an mpmath quadrature of the n = 1 term of eq. (7), written here from
the formula (atan2 kernel, Bessel J1 from mpmath, the far tail with the mean of J1^2), not
from pitcheig.correlation; the closed forms of eqs. (4)-(5) and (8) from pitcheig.turbulence
(tested against QUADPACK and mpmath in tests/test_turbulence.py).
Consistency checks (same machinery, different route): the summed F against term-by-term
sums far into the n-tail, and the error estimates against those differences.
"""

import math
from functools import lru_cache

import mpmath
import numpy as np
import pytest

from pitcheig import correlation as co
from pitcheig import turbulence as tb

Q = tb.Q


def variables(mu, eps, delta):
    s = math.sqrt(1.0 - mu * mu)
    y = s / math.sqrt(eps)
    z = y / mu**1.5
    return s, y, z, delta / mu, eps * s


@lru_cache(maxsize=None)
def mpmath_n1_term(mu, eps, delta, upper=400):
    """The n = +-1 terms of eq. (7), derived form, in units of v/l, by mpmath:
    P int_{xi0}^inf xi^{-q} J1(xi)^2 atan2(2d, u^2 - 1 + d^2) dxi, u = (z/xi)^{2/3},
    P = (2/3)(1 - mu^2) y^{4/3}/mu.  Segments: geometric below 1, graded around the
    resonance xi = z, of length pi up to ``upper``; beyond, J1^2 by its Hankel expansion,
    [1 + 3/(8 xi^2) - sin(2 xi) - 3 cos(2 xi)/(4 xi)]/(pi xi), the oscillating part integrated
    by parts once (what is left, ~ upper^{-q-2}/pi ~ 3e-15 of the value, and the mean's next term
    ~ upper^{-q-4}, are below the tolerance)."""
    with mpmath.workdps(20):
        mu_, eps_, delta_ = mpmath.mpf(mu), mpmath.mpf(eps), mpmath.mpf(delta)
        s = mpmath.sqrt(1 - mu_**2)
        y = s / mpmath.sqrt(eps_)
        z = y / mu_**1.5
        d = delta_ / mu_
        xi0 = eps_ * s
        q = mpmath.mpf(13) / 3

        def kernel(x):
            u2 = (z / x) ** (mpmath.mpf(4) / 3)
            return mpmath.atan2(2 * d, u2 - 1 + d * d)

        def f(x):
            return x ** (-q) * mpmath.besselj(1, x) ** 2 * kernel(x)

        def mean(x):
            return x ** (-q - 1) * (1 + mpmath.mpf(3) / (8 * x * x)) / mpmath.pi * kernel(x)


        pts = [xi0 * 2**k for k in range(int(mpmath.log(1 / xi0, 2)) + 1)] + [mpmath.mpf(1)]
        h = d * z
        layer = [z + sgn * h * 2**k for k in range(12) for sgn in (-1, 1) if h * 2**k < 2]
        pts += layer + [z] + [1 + k * mpmath.pi for k in range(int(upper / math.pi) + 1)] + [mpmath.mpf(upper)]
        pts = sorted(set(p for p in pts if xi0 <= p <= upper))
        body = mpmath.fsum(mpmath.quad(f, [a, b]) for a, b in zip(pts[:-1], pts[1:]))
        # the oscillating part -(1/pi) int_U^inf x^{-q-1} A [sin 2x + 3 cos(2x)/(4x)] dx, integrated
        # by parts once: -(1/pi) U^{-q-1} A(U) [cos 2U - 3 sin(2U)/(4U)]/2 + O(U^{-q-2})
        u = mpmath.mpf(upper)
        bracket = mpmath.cos(2 * u) - 3 * mpmath.sin(2 * u) / (4 * u)
        oscillating = -u ** (-q - 1) * kernel(u) * bracket / (2 * mpmath.pi)
        tail = mpmath.quad(mean, [upper, 2 * upper, mpmath.inf]) + oscillating
        pref = mpmath.mpf(2) / 3 * (1 - mu_**2) * y ** (mpmath.mpf(4) / 3) / mu_
        return float(pref * (body + tail))


def test_n1_term_matches_mpmath():
    # one value of eq. (7) (its n = +-1 terms) at moderate parameters, where the layer
    # (width ~ 1.5 d X = 0.08) and the resonance X_1 = z = 5.1 are both resolved by mpmath
    mu, eps, delta = 0.9, 1e-2, 1e-2
    ref = mpmath_n1_term(mu, eps, delta)
    d, err = co.d_mumu_eq7(np.array([mu]), eps, delta, n_max=1)
    assert abs(d[0] - ref) <= err[0] + 1e-14 * ref     # the estimate, and the reference's own rounding
    assert d[0] == pytest.approx(ref, rel=1e-12)


def test_printed_is_half_the_derived():
    mu = np.array([0.5, 0.99])
    d, _ = co.d_mumu_eq7(mu, 2.1e-3, 1e-4)
    p, _ = co.d_mumu_eq7(mu, 2.1e-3, 1e-4, form="printed")
    np.testing.assert_allclose(p, 0.5 * d, rtol=1e-15)


@pytest.mark.parametrize("mu, eps", [(0.9, 2.1e-3), (0.99, 1e-3)])
def test_delta_to_zero_gives_eq4(mu, eps):
    # eq. (7) - eq. (4) = F is first order in delta: F/delta converges (the delta^2 term is
    # ~ d^2 relative, d = delta/mu), so eq.(7)/eq.(4) - 1 = c delta with the same c at every
    # small delta.  Tolerance: |ratio - 1| <= 1.01 |c| delta at delta = 1e-8 (c from 1e-6),
    # and the slopes at 1e-6 and 1e-7 agree to 1e-4 (the O(delta) correction of the slope).
    mu_a = np.array([mu])
    d4, _ = tb.d_mumu_resonant(mu_a, eps)
    slopes = []
    for delta in (1e-6, 1e-7):
        f, _ = co.finite_correlation_part(mu_a, eps, delta)
        slopes.append(f[0] / d4[0] / delta)
    assert slopes[1] == pytest.approx(slopes[0], rel=1e-4)
    d7, _ = co.d_mumu_eq7(mu_a, eps, 1e-8)
    assert abs(d7[0] / d4[0] - 1.0) <= 1.01 * abs(slopes[0]) * 1e-8
    p7, _ = co.d_mumu_eq7(mu_a, eps, 1e-8, form="printed")
    assert p7[0] / d4[0] == pytest.approx(0.5, rel=1.01 * abs(slopes[0]) * 1e-8)


def test_large_y_limit_is_twice_eq8():
    # y = sqrt((1 - mu^2)/eps) >> 1: F = eq.(7) - eq.(4) -> 2 x eq. (8) first form (the factor 2
    # of the arctan pair; the printed eq. 7 gives exactly eq. 8).  The corrections are the
    # resonant cut of the log integral at X_n ~ z and the -2 arctan(d) of the resonant part,
    # O(1/(z^{4/3} ln(1/xi0))): tolerance 1 %.  The log form drops the O(1) constant of the
    # integral, C = int(1 - J0^2)/xi^3 - ln(1/xi0)/2 -> (1 + 2 ln 2 - 2 gamma)/4 = 0.308, so its ratio is
    # 2 (1 + C / (ln(1/xi0)/2)) within the same 1 %.
    eps, delta = 1e-4, 1e-4
    mu = np.array([0.3, 0.6])
    f, _ = co.finite_correlation_part(mu, eps, delta)
    i8 = tb.d_mumu_eq8_integral(mu, eps, delta)
    l8 = tb.d_mumu_eq8(mu, eps, delta)
    np.testing.assert_allclose(f / i8, 2.0, rtol=1e-2)
    xi0 = eps * np.sqrt(1 - mu**2)
    c = np.array([tb._eq8_integral(x) for x in xi0]) - 0.5 * np.log(1 / xi0)
    np.testing.assert_allclose(f / l8, 2.0 * (1.0 + c / (0.5 * np.log(1 / xi0))), rtol=1e-2)


@pytest.mark.parametrize("mu", [0.9, 0.99])
def test_error_estimate_covers_long_sum(mu):
    # F summed by the module (N_MIN terms + closed-form tail) against 300 terms one by one
    # plus the tail from 301: the difference must lie within the stated error
    eps, delta = 2.1e-3, 1e-4
    s, y, z, d, xi0 = variables(mu, eps, delta)
    pref = 2.0 / 3.0 * s * s * y ** (4.0 / 3.0) / mu
    f, err = co.finite_correlation_part(np.array([mu]), eps, delta)
    terms = [co.f_term(float(n), z, d, xi0)[0] for n in range(1, 301)]
    tail = co._tail(301, z, d, co.kappa(d))
    ref = pref * (math.fsum(terms) + tail[0])
    assert abs(f[0] - ref) <= err[0]
    d4, _ = tb.d_mumu_resonant(np.array([mu]), eps)
    assert abs(f[0] - ref) <= 1e-11 * (d4[0] + f[0])          # the accuracy claimed


def test_f_term_matches_mpmath():
    # the single term F_1 against the mpmath n = 1 reference minus pi T_1 (eq. 4's n = 1 term)
    mu, eps, delta = 0.9, 1e-2, 1e-2
    s, y, z, d, xi0 = variables(mu, eps, delta)
    pref = 2.0 / 3.0 * s * s * y ** (4.0 / 3.0) / mu
    ref = mpmath_n1_term(mu, eps, delta) / pref - math.pi * tb.tail_integrals(1.0, z)[0]
    f1, e1 = co.f_term(1.0, z, d, xi0)
    assert f1 == pytest.approx(ref, rel=1e-9)


def test_bounded_and_smooth_at_mu_one():
    # F/(1 - mu^2) tends to a finite limit at |mu| -> 1 (eq. 8's ln(1 - mu^2) does not appear:
    # the n = 1 resonance X_1 = z -> 0 cuts the log); the approach is smooth (~ y^{4/3}...)
    eps, delta = 2.1e-3, 1e-4
    t = np.array([1e-7, 1e-9])
    mu = 1.0 - t
    f, err = co.finite_correlation_part(mu, eps, delta)
    g = f / (t * (2.0 - t))
    assert np.all(np.isfinite(g)) and np.all(g > 0)
    assert g[0] == pytest.approx(g[1], rel=1e-3)
    # accuracy relative to the whole D_mumu ~ (pi/8)(1 - mu^2) there (eq. 10 at y -> 0)
    assert np.all(err < 1e-10 * math.pi / 8.0 * t * (2.0 - t))
    f1, _ = co.finite_correlation_part(np.array([1.0]), eps, delta)
    assert f1[0] == 0.0


def test_mu_validation():
    with pytest.raises(ValueError):
        co.d_mumu_eq7(np.array([0.0]), 1e-3, 1e-4)
    with pytest.raises(ValueError):
        co.d_mumu_eq7(np.array([0.5]), 1e-3, 1e-4, form="other")


@pytest.mark.slow
def test_window_error_estimate_near_mu_one():
    # |mu| -> 1: the window of orders up to z sqrt(n) = TAIL_START by Euler-Maclaurin; against
    # every term summed one by one
    eps, delta = 2.1e-3, 1e-4
    for mu in (0.9999, 0.99999):
        s, y, z, d, xi0 = variables(mu, eps, delta)
        pref = 2.0 / 3.0 * s * s * y ** (4.0 / 3.0) / mu
        f, err = co.finite_correlation_part(np.array([mu]), eps, delta)
        m = int(math.ceil(co.TAIL_START**2 / z**2)) + 60
        terms = [co.f_term(float(n), z, d, xi0)[0] for n in range(1, m + 1)]
        ref = pref * (math.fsum(terms) + co._tail(m + 1, z, d, co.kappa(d))[0])
        assert abs(f[0] - ref) <= err[0]
