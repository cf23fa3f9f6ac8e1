"""pitcheig.turbulence: the Bessel sums of eqs. (4)-(5) and their limits (6), (8), (10).

Independent references (nothing from pitcheig.turbulence): scipy's adaptive
quadrature (QUADPACK) of J_nu^2 x^{-13/3} with the asymptotic mean tail, for the
tail integrals and the complete integrals; DLMF 10.22.57 (Weber-Schafheitlin)
written out here with scipy's gammaln, summed term by term, for the telescoped
complete sum; the paper's own Gamma expression for S1' evaluated by mpmath.

Consistency checks (they use turbulence's own pieces, each checked above, and
test how they are combined, not the values): the split-point invariance of the
tail integrals, the resonant sum against a long direct sum of its own terms, the
eq. (8) integral form against its log form, and the fitted orders of eqs. (6), (10).
"""

import math

import mpmath
import numpy as np
import pytest
from scipy import integrate, special

from pitcheig import turbulence as tb

Q = 13.0 / 3.0


def quadpack_tail(nu, x_low, upper=3000.0):
    """int_X^inf J_nu^2 x^{-q} dx: QUADPACK on geometric then half-period panels up to `upper`, then the mean
    of J_nu^2, (1 + (4 nu^2 - 1)/(8 x^2)) / (pi x), integrated exactly; the oscillating
    remainder beyond `upper` is ~upper^{-q-1}/(2 pi) ~ 1e-20."""
    f = lambda x: special.jv(nu, x) ** 2 * x ** (-Q)  # noqa: E731
    start = max(x_low, 1.0)   # geometric panels below 1, where J_1^2 x^{-q} ~ x^{-7/3}/4
    edges = np.concatenate([np.geomspace(x_low, 1.0, 25)[:-1] if x_low < 1 else [],
                            np.arange(start, upper, math.pi / 2), [upper]])
    body = math.fsum(integrate.quad(f, a, b, epsabs=0, epsrel=1e-13)[0]
                     for a, b in zip(edges[:-1], edges[1:]))
    mean = upper ** (-Q) / (math.pi * Q) + (4 * nu * nu - 1) / 8 * upper ** (-Q - 2) / (math.pi * (Q + 2))
    return body + mean


@pytest.mark.parametrize("nu, x_low", [(1, 1e-6), (1, 0.3), (1, 3.0), (2, 1e-4), (2, 1.1), (7, 2.0), (7, 3.6),
                                       (20, 11.0), (60, 20.0)])
def test_tail_integrals_match_quadpack(nu, x_low):
    # every branch of tail_integrals: eq. (9) form, Gauss-Jacobi head, panels + mean + contour,
    # far-below-turning-point T^inf.  1e-11: QUADPACK at epsrel 1e-13 on ~2000 panels.
    assert tb.tail_integrals(nu, x_low)[0] == pytest.approx(quadpack_tail(nu, x_low), rel=1e-11)


def test_tail_integrals_independent_of_split_point():
    # for large orders mpmath is too slow: moving the start of the mean/contour split
    # by 7.3 (panels in between) must not change T_nu(X) beyond rounding.
    nu, x = np.array([200.0, 1000.0, 3000.0]), np.array([300.0, 900.0, 3100.0])
    direct = tb.tail_integrals(nu, x)
    split = tb.tail_integrals(nu, x + 7.3) + tb._panel_integrals(nu, x, x + 7.3)
    np.testing.assert_allclose(split, direct, rtol=1e-13)


def dlmf_complete_integral(n):
    """int_0^inf J_n(x)^2 x^{-q} dx = Gamma(q) Gamma(n + (1-q)/2) / (2^q Gamma((1+q)/2)^2 Gamma(n + (1+q)/2))
    (DLMF 10.22.57 with mu = nu = n, lambda = q; valid for 2n + 1 > q > 0)."""
    g = special.gammaln
    n = np.asarray(n, dtype=float)
    return np.exp(g(Q) + g(n + (1 - Q) / 2) - Q * math.log(2) - 2 * g((1 + Q) / 2) - g(n + (1 + Q) / 2))


@pytest.mark.parametrize("n", [2, 3, 7])
def test_complete_integrals_match_quadpack(n):
    # T_n(0): QUADPACK from X = 1e-4, plus [0, X] from the leading term J_n ~ (x/2)^n / n!,
    # X^(2n-q+1) / (4^n n!^2 (2n-q+1)), whose relative error ~X^2 is 1e-8 of a piece that is
    # itself <= 3e-4 of the total (n = 2): rel 1e-11 as above
    x = 1e-4
    head = x ** (2 * n - Q + 1) / (4**n * math.factorial(n) ** 2 * (2 * n - Q + 1))
    reference = quadpack_tail(n, x) + head
    assert tb.complete_integral(n) == pytest.approx(reference, rel=1e-11)
    assert dlmf_complete_integral(n) == pytest.approx(reference, rel=1e-11)


def test_complete_sum_is_the_partial_sums_limit():
    # telescoped closed form vs direct summation of DLMF 10.22.57 (written above) to 4e5,
    # plus the tail beyond, ~n^{2 - q} ~ (4e5)^{-4/3}/(4/3) relative to the n = 2 term ~ 1e-8 of
    # the total: bounded by the next-order term, far below rel=1e-10
    n = np.arange(2, 400000, dtype=float)
    direct = math.fsum(n * n * dlmf_complete_integral(n))
    tail_estimate = dlmf_complete_integral(400000.0) * 400000.0**3 / (Q - 3)   # int_N^inf n^{2-q+...}
    assert tb.complete_sum(2) == pytest.approx(direct + tail_estimate, rel=1e-10)
    assert tb.complete_sum(2) - direct == pytest.approx(tail_estimate, rel=1e-3)


def test_s1_prime_is_the_papers_gamma_expression_value():
    # the paper's closed form (eq. 10) evaluated by mpmath; the paper rounds it to -0.22
    g = mpmath.gamma
    paper_form = -567 * g(mpmath.mpf(1) / 3) ** 2 / (6400 * mpmath.cbrt(2) * g(mpmath.mpf(2) / 3) ** 3)
    assert tb.s1_prime() == pytest.approx(float(paper_form), rel=1e-14)


def test_r_of_eq10_vanishes():
    # sum_n n^2 J_n^2 = x^2/4 makes the y -> 0 constants cancel exactly; 1e-14: rounding of ~0.2-sized terms
    assert abs(tb.r_constant()) < 1e-14


@pytest.mark.parametrize("z", [0.03, 0.5, 2.0, 10.0])
def test_resonant_sum_against_long_direct_sum(z):
    # exact terms up to N = max(200, 40/z^2) plus the Hankel tail from there; the
    # returned error estimate must cover the difference
    n = np.arange(1, int(min(8000, max(200, 40 / z**2))) + 1, dtype=float)
    tail, _ = tb._hankel_tail(z, n.size + 1)
    direct = float(np.sum(n * n * tb.tail_integrals(n, z * n**1.5))) + tail
    value, error = tb.resonant_sum(z)
    assert abs(value - direct) <= 2 * error + 1e-12 * abs(value)


def test_eq10_error_order_in_y():
    # eq. (10) with the exact r = 0: its relative error vanishes like y^2 (the next term of
    # S is -(3/64) z^{2/3}; eq. 10 is the y -> 0 limit); fitted slope on y in [0.01, 0.1]
    eps, y = 1e-6, np.geomspace(0.01, 0.1, 5)
    mu = np.sqrt(1 - eps * y**2)
    exact, _ = tb.d_mumu_resonant(mu, eps)
    err = np.abs(exact / tb.d_mumu_eq10(mu, eps) - 1)
    assert np.polyfit(np.log(y), np.log(err), 1)[0] == pytest.approx(2.0, abs=0.1)


def test_eq6_error_order_in_z():
    # eq. (6) is the leading term of S for large z; the error is the oscillating
    # O(1/X_1) = O(1/z) part: the per-decade maximum must fall with slope -1
    lead = 3 * special.zeta(4.5) / (13 * math.pi)
    env = [max(abs(tb.resonant_sum(z)[0] * z ** (13 / 3) / lead - 1) for z in np.geomspace(lo, 10 * lo, 25))
           for lo in (10.0, 100.0, 1000.0)]
    assert np.polyfit(np.log([10.0, 100.0, 1000.0]), np.log(env), 1)[0] == pytest.approx(-1.0, abs=0.1)


def test_eq8_integral_form_matches_its_log_form_for_small_xi0():
    # eq. (8): (delta eps/3) Omega (1-mu^2) int (1-J0^2)/xi^3 ~ (delta/6)[ln(1/eps) - ln(1-mu^2)/2](1-mu^2)
    # up to the constant of the integral; the difference divided by (delta/6)(1-mu^2) is mu-independent
    eps, delta = 1e-6, 1e-4
    mu = np.array([0.0, 0.5, 0.9])
    diff = tb.d_mumu_eq8_integral(mu, eps, delta) - tb.d_mumu_eq8(mu, eps, delta)
    diff /= delta / 6 * (1 - mu**2)
    assert np.ptp(diff) < 1e-12


def mpmath_tail(n, x_low):
    """T_n(X) = int_X^inf J_n^2 x^{-q} dx by mpmath (tanh-sinh, mpmath's own Bessel functions):
    [X, B] directly, B above the turning point, then J^2 = (J^2 + Y^2)/2 + Re(H1^2)/2, the
    first part on [B, inf) (no oscillation), the second along x = B + i t (decays like
    exp(-2 t)).  ~1e-15 relative (agrees with tail_integrals to a few 1e-15 at n <= 6)."""
    q = mpmath.mpf(13) / 3
    x_low = mpmath.mpf(x_low)
    b = max(x_low, n + 4 * mpmath.cbrt(n) + 6)
    head = 0
    if b > x_low:
        head = mpmath.quad(lambda x: mpmath.besselj(n, x) ** 2 * x ** (-q),
                           mpmath.linspace(x_low, b, int((b - x_low) / 2) + 2))
    mean = mpmath.quad(lambda x: (mpmath.besselj(n, x) ** 2 + mpmath.bessely(n, x) ** 2) * x ** (-q),
                       [b, 2 * b, mpmath.inf]) / 2
    osc = mpmath.quad(lambda t: 1j * mpmath.hankel1(n, b + 1j * t) ** 2 * (b + 1j * t) ** (-q), [0, 5, mpmath.inf])
    return float(head + mean + mpmath.re(osc) / 2)


def watson_tail_bound(z, n_top):
    """Bound on sum_{n > n_top} n^2 T_n(z n^{3/2}) for z^2 n_top > 1: for x > n,
    J_n^2 <= J_n^2 + Y_n^2 <= 2 / (pi sqrt(x^2 - n^2)) (Watson 13.74: sqrt(x^2 - nu^2) times
    J^2 + Y^2 increases to 2/pi), so T_n(X) <= 2 X^{-q} / (pi q sqrt(1 - (n/X)^2)), and
    sum_{n > N} n^{2 - 3q/2} = zeta(9/2, N + 1)."""
    root = math.sqrt(1 - 1 / (z * z * (n_top + 1)))
    return 2 * z ** (-Q) / (math.pi * Q * root) * special.zeta(1.5 * Q - 2, n_top + 1)


@pytest.mark.parametrize("z", [0.05, 0.3, 1.5, 5.0, 50.0])
def test_table_matches_an_independent_sum(z):
    # the stored table of G = z^{4/3} S against a plain sum of eq. (5): n = 1, 2 by mpmath
    # (mpmath_tail), n = 3 .. N by tail_integrals term by term (checked against QUADPACK
    # above; no window, complete sums or Hankel mean), N = max(4000, 50 / z^2) so that the
    # truncation (Watson bound, rigorous, one-sided) is below 1e-11 of S.  Tolerance: the
    # table's stated error plus that bound plus 1e-13 for the ~1e4 summed terms' rounding.
    n_top = int(max(4000, 50 / z**2))
    n = np.arange(3, n_top + 1, dtype=float)
    s = mpmath_tail(1, z) + 4 * mpmath_tail(2, z * 2**1.5) + math.fsum(n * n * tb.tail_integrals(n, z * n**1.5))
    bound = watson_tail_bound(z, n_top)
    assert bound < 1e-11 * s
    g, err = tb.resonant_table().g(np.array([z]))
    reference = z ** (4 / 3) * (s + 0.5 * bound)
    assert abs(g[0] / reference - 1) <= err[0] + 0.5 * bound / s + 1e-13
    print(f"z = {z}: table/reference - 1 = {g[0] / reference - 1:.2e}, stated {err[0]:.1e}")


def test_table_limits_join_the_table():
    # below the table, eq. (9) with the measured z^4 term; above it, eq. (6) with its mean
    # correction: each within its stated error of the sums at the table's ends
    table = tb.resonant_table()
    lo, hi = table.edges[0], table.edges[-1]
    g_lo, err_lo = table.g(np.array([lo * (1 - 1e-12)]))
    assert abs(g_lo[0] / tb.precise_g(lo)[0] - 1) <= err_lo[0]
    assert abs(tb.g_large_z(hi) / tb.precise_g(hi)[0] - 1) <= tb.LARGE_Z_ERROR / hi
