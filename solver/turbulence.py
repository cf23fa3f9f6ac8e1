"""D_mumu from first principles: the Bessel sums of eqs. (4)-(5) and their limits.

Section 3 of the paper derives the pitch-angle diffusion coefficient of cosmic
rays in Goldreich-Sridhar (GS) turbulence.  In the infinite-correlation-time
(resonant) limit, eq. (4)::

    D_mumu = (2 pi / 3) (v / (l abs(mu))) (1 - mu^2) y^{4/3} S,
    S = sum_{n>=1} n^2 int_{X_n}^inf J_n(x)^2 x^{-q} dx,   q = 13/3,       (5)
    X_n = y (n / abs(mu))^{3/2},   y = sqrt((1 - mu^2) / eps).

S depends on (y, mu) only through z = y / abs(mu)^{3/2} (then X_n = z n^{3/2}), so
everything here is a function of z.  The limits the paper quotes:

* eq. (6), y >> 1: D_mumu ~ (2/13) zeta(9/2) (v/l) eps^{3/2} abs(mu)^{11/2} / sqrt(1 - mu^2);
* eqs. (9)-(10), y << 1: S ~ (3/4) J1(y)^2 y^{-10/3} + S1' (+ the n >= 2
  constants), i.e. D_mumu ~ (pi v / 2l)(1 - mu^2) [J1(y)^2 / y^2 + r y^{4/3}];
* eq. (8), the finite-correlation-time background.

Numerics (error-controlled, no asymptotics where an exact value is needed):

* each T_nu(X) = int_X^inf J_nu^2 x^{-q} dx is evaluated exactly
  (:func:`tail_integrals`): Gauss-Legendre panels up to a point B above the
  turning point x = nu, then J^2 = (J^2 + Y^2)/2 + Re(H1^2)/2 splits the rest
  into a smooth non-oscillatory part (Gauss-Legendre in u = B/x) and an
  oscillatory part integrated along the vertical contour x = B + i t, where
  H1^2 decays exponentially (Gauss-Laguerre).  Below the turning point the
  complete integrals (Weber-Schafheitlin) minus int_0^X (Gauss-Jacobi) are used.
* the sum over n (:func:`resonant_sum`) is exact for n <= N, and beyond N the
  sum is replaced by an integral over a continuous order nu (Euler-Maclaurin,
  midpoint form, with its first correction); the neglected remainder is
  estimated from the next Euler-Maclaurin term and the oscillatory part.

Units: D_mumu functions return D_mumu in units of v/l.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import special

from .validation import check_real

#: The GS spectral index entering eq. (5): q = 13/3.
Q = 13.0 / 3.0
#: Gauss-Legendre rule for the panels (16 points on a panel of width <= 2,
#: J^2 has period pi there: exact to rounding).
_PANEL_X, _PANEL_W = np.polynomial.legendre.leggauss(16)
_PANEL_WIDTH = 2.0
_MEAN_NODES = 64
_OSC_NODES = 40
_JACOBI_NODES = 32


# --------------------------------------------------------------------------
# closed forms
# --------------------------------------------------------------------------

def _weber_schafheitlin_log(m, n, lam):
    """log of int_0^inf J_m J_n t^{-lam} dt (positive cases), DLMF 10.22.57."""
    g = special.gammaln
    return (g(lam) + g((m + n - lam + 1) / 2) - lam * math.log(2.0)
            - g((-m + n + lam + 1) / 2) - g((m + n + lam + 1) / 2) - g((m - n + lam + 1) / 2))


def complete_integral(nu):
    """T_nu(0) = int_0^inf J_nu(x)^2 x^{-q} dx, q = 13/3, for nu > (q - 1)/2 (nu >= 2)."""
    nu = np.asarray(nu, dtype=float)
    return np.exp(_weber_schafheitlin_log(nu, nu, Q))


def j1j2_integral():
    """int_0^inf J1 J2 x^{1-q} dx, the constant of eq. (9) (Weber-Schafheitlin)."""
    return math.exp(_weber_schafheitlin_log(1.0, 2.0, Q - 1.0))


def s1_prime():
    """S1' = -(2/(q-3)) int_0^inf J1 J2 x^{1-q} dx (eqs. 9-10), exactly.

    The paper writes S1' = -567 Gamma(1/3)^2 / (6400 2^{1/3} Gamma(2/3)^3) ~ -0.22.
    """
    return -2.0 / (Q - 3.0) * j1j2_integral()


def complete_sum(n0):
    """sum_{n >= n0} n^2 T_n(0), exactly, for integer n0 >= 2.

    With T_n(0) = c Gamma(n + alpha) / Gamma(n + beta), alpha = (1-q)/2,
    beta = (1+q)/2, write n^2 Gamma(n+alpha) = Gamma(n+alpha+2)
    - (2 alpha + 1) Gamma(n+alpha+1) + alpha^2 Gamma(n+alpha), and sum each
    piece by sum_{n>=N} Gamma(n+a)/Gamma(n+b) = Gamma(N+a)/((b-a-1) Gamma(N+b-1)).
    """
    g = special.gammaln
    alpha, beta = (1.0 - Q) / 2.0, (1.0 + Q) / 2.0
    logc = g(Q) - Q * math.log(2.0) - 2.0 * g(beta)

    def telescoped(a):
        return math.exp(logc + g(n0 + a) - g(n0 + beta - 1.0)) / (beta - a - 1.0)

    return telescoped(alpha + 2.0) - (2.0 * alpha + 1.0) * telescoped(alpha + 1.0) \
        + alpha**2 * telescoped(alpha)


def r_constant():
    """r of eq. (10): D ~ (pi v / 2l)(1 - mu^2)[J1^2/y^2 + r y^{4/3}] for y << 1,
    so r = (4/3) (S1' + sum_{n>=2} n^2 T_n(0)).  The paper says r ~ 1e-2."""
    return 4.0 / 3.0 * (s1_prime() + complete_sum(2))


# --------------------------------------------------------------------------
# T_nu(X) = int_X^inf J_nu^2 x^{-q} dx
# --------------------------------------------------------------------------

def _turning_margin(nu):
    """B - nu: far enough above the turning point x = nu that Y_nu is no longer
    exponentially large (|Y/J| = O(1)), so the split J^2 = M^2/2 + Re(H1^2)/2
    loses no digits."""
    return 4.0 * np.cbrt(nu) + 6.0


@lru_cache(maxsize=None)
def _jacobi_rule(alpha):
    t, w = special.roots_jacobi(_JACOBI_NODES, 0.0, alpha)
    return (t + 1.0) / 2.0, w


def _scaled_bessel_squared(nu, x):
    """(J_nu(x) / x^nu)^2 without under/overflow for small x: via 0F1."""
    log_scale = -nu * math.log(2.0) - special.gammaln(nu + 1.0)
    return (np.exp(log_scale) * special.hyp0f1(nu + 1.0, -x * x / 4.0)) ** 2


def _head_integral(nu, x_top):
    """int_0^X J_nu^2 x^{-q} dx (nu >= 2, X below the turning point), Gauss-Jacobi
    with the weight x^{2 nu - q} and (J_nu/x^nu)^2, an entire function, as integrand."""
    alpha = 2.0 * nu - Q
    s, w = _jacobi_rule(float(alpha))
    x = x_top * s
    return (x_top / 2.0) ** (alpha + 1.0) * np.sum(w * _scaled_bessel_squared(nu, x))


def _head_integral_j1j2(x_top):
    """int_0^X J1 J2 x^{1-q} dx = int_0^X x^{-1/3} (J1/x)(J2/x^2) dx, Gauss-Jacobi."""
    alpha = 4.0 - Q
    s, w = _jacobi_rule(alpha)
    x = x_top * s
    j1_over_x = 0.5 * special.hyp0f1(2.0, -x * x / 4.0)
    j2_over_x2 = 0.125 * special.hyp0f1(3.0, -x * x / 4.0)
    return (x_top / 2.0) ** (alpha + 1.0) * np.sum(w * j1_over_x * j2_over_x2)


def _panel_integrals(nu, lo, hi):
    """int_lo^hi J_nu^2 x^{-q} dx for arrays nu, lo, hi, by 16-point Gauss-Legendre
    panels (one flat node array, summed per term).  Panels are <= 2 wide, or
    nu^{1/3}/2 near the turning point where that is the local scale."""
    width_max = np.maximum(_PANEL_WIDTH, 0.5 * np.cbrt(nu))
    counts = np.maximum(1, np.ceil((hi - lo) / width_max).astype(int))
    term = np.repeat(np.arange(nu.size), counts)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    k = np.arange(term.size) - first[term]
    width = (hi - lo)[term] / counts[term]
    mid = lo[term] + (k + 0.5) * width
    x = mid[:, None] + 0.5 * width[:, None] * _PANEL_X
    f = special.jv(nu[term][:, None], x) ** 2 * x ** (-Q)
    per_panel = 0.5 * width * (f @ _PANEL_W)
    return np.bincount(term, weights=per_panel, minlength=nu.size)


def _mean_integrals(nu, b):
    """(1/2) int_B^inf x^{-q} (J_nu^2 + Y_nu^2) dx: smooth; x = B/u, Gauss-Legendre in u."""
    u, w = np.polynomial.legendre.leggauss(_MEAN_NODES)
    u, w = (u + 1.0) / 2.0, w / 2.0
    x = b[:, None] / u
    m2 = special.jv(nu[:, None], x) ** 2 + special.yv(nu[:, None], x) ** 2
    return 0.5 * b ** (1.0 - Q) * ((u ** (Q - 2.0) * m2) @ w)


def _oscillatory_integrals(nu, b):
    """(1/2) Re int_B^inf x^{-q} H1_nu(x)^2 dx along x = B + i t.

    H1^2 decays like exp(-kappa t), kappa = 2 sqrt(B^2 - nu^2)/B (Debye), so
    Gauss-Laguerre with that rate; hankel1e removes the exp(i x) factor."""
    t, w = special.roots_laguerre(_OSC_NODES)
    kappa = 2.0 * np.sqrt(b * b - nu * nu) / b
    tt = t[None, :] / kappa[:, None]
    x = b[:, None] + 1j * tt
    h = special.hankel1e(nu[:, None], x)
    h = h * np.exp(1j * b[:, None] - (1.0 - 0.5 * kappa[:, None]) * tt)  # no overflow in h^2
    g = 1j * x ** (-Q) * h * h
    return 0.5 * np.real(g @ w) / kappa


def tail_integrals(nu, x_low):
    """T_nu(X) = int_X^inf J_nu(x)^2 x^{-q} dx, q = 13/3, for arrays nu >= 1, X > 0.

    Accurate to a few units of 1e-14 relative (checked against mpmath in the tests).
    """
    nu, x_low = np.broadcast_arrays(np.asarray(nu, dtype=float), np.asarray(x_low, dtype=float))
    nu, x_low = nu.ravel(), x_low.ravel()
    out = np.empty(nu.size)
    n1_small = (nu == 1.0) & (x_low < 1.0)
    head = (nu >= 2.0) & (nu < 45.0) & (x_low < 0.5 * nu)
    # far below the turning point J_nu^2(X) < e^-60 of its peak: int_0^X is negligible
    complete = (nu >= 45.0) & (x_low < nu - 10.0 * np.cbrt(nu))
    out[complete] = complete_integral(nu[complete])
    rest = ~(n1_small | head | complete)
    for i in np.flatnonzero(n1_small):
        # eq. (9): T_1 = X^{1-q} J1(X)^2/(q-3) - (2/(q-3)) (int_0^inf - int_0^X) J1 J2 x^{1-q}
        x = x_low[i]
        out[i] = (x ** (1.0 - Q) * special.j1(x) ** 2
                  - 2.0 * (j1j2_integral() - _head_integral_j1j2(x))) / (Q - 3.0)
    for i in np.flatnonzero(head):
        out[i] = complete_integral(nu[i]) - _head_integral(nu[i], x_low[i])
    if np.any(rest):
        n, x = nu[rest], x_low[rest]
        b = np.maximum(x, n + _turning_margin(n))
        panels = np.where(b > x, _panel_integrals(n, x, np.maximum(b, x + 1e-300)), 0.0)
        out[rest] = panels + _mean_integrals(n, b) + _oscillatory_integrals(n, b)
    return out


# --------------------------------------------------------------------------
# S(z) of eq. (5) and D_mumu
# --------------------------------------------------------------------------

#: Terms summed exactly in :func:`resonant_sum`.
N_EXACT = 40


def _hankel_tail(z, m):
    """sum_{n >= m} n^2 T_n(z n^{3/2}) for terms far above the turning point
    (z sqrt(m) >= 2): the mean of the Hankel expansion,
    T_n ~ X^{-q}/(pi q) [1 + q n^2/(2 (q+2) X^2)], summed by Hurwitz zeta functions.
    Returns (sum, bound on the neglected oscillating O(1/X) and next mean terms)."""
    zeta = special.zeta
    lead = z ** (-Q) * zeta(1.5 * Q - 2.0, m) / (math.pi * Q)
    corr = z ** (-Q - 2.0) * zeta(1.5 * Q + 1.0 - 2.0, m) / (2.0 * math.pi * (Q + 2.0))
    osc = z ** (-Q - 1.0) * zeta(1.5 * (Q + 1.0) - 2.0, m) / math.pi
    nxt = 0.375 * z ** (-Q - 4.0) * zeta(1.5 * Q + 6.0 - 4.0, m) / (math.pi * (Q + 4.0))
    return lead + corr, osc + nxt


def _window_sum(z, n_lo, n_hi, panels=6):
    """sum_{n_lo <= n < n_hi} n^2 T_n(z n^{3/2}) through the turning point by the
    midpoint Euler-Maclaurin rule: the integral over a continuous order nu on
    [n_lo - 1/2, n_hi - 1/2] (Gauss-Legendre in log nu on ``panels`` panels, exact
    T_nu at each node).  Returns (sum, error estimate from halving the rule).

    Above the turning point T_nu oscillates in nu (phase rate ~ 2 z sqrt(nu) per
    unit nu), which the rule samples: 6 panels leave ~1e-8 of S at z = 0.05,
    48 panels ~1e-10 (measured against 96)."""
    def rule(panels):
        edges = np.exp(np.linspace(math.log(n_lo - 0.5), math.log(n_hi - 0.5), panels + 1))
        x, w = np.polynomial.legendre.leggauss(12)
        s = np.log(edges)
        nodes = (s[:-1, None] + s[1:, None]) / 2 + (s[1:, None] - s[:-1, None]) / 2 * x
        weights = (s[1:, None] - s[:-1, None]) / 2 * w
        nu = np.exp(nodes).ravel()
        f = nu * nu * tail_integrals(nu, z * nu**1.5)
        return float(np.sum(weights.ravel() * nu * f))
    fine, coarse = rule(panels), rule(panels // 2)
    # midpoint Euler-Maclaurin correction: - [f'(b) - f'(a)] / 24, f' by central differences
    ends = np.array([n_lo - 0.5, n_hi - 0.5])
    nu = np.concatenate([ends - 0.5, ends + 0.5])
    f = nu * nu * tail_integrals(nu, z * nu**1.5)
    slope = f[2:] - f[:2]
    correction = -(slope[1] - slope[0]) / 24.0
    return fine + correction, abs(fine - coarse) + abs(correction) * 0.1


#: Largest order computed through its turning point (beyond it the sum is bounded).
_NU_WINDOW_MAX = 1e5


def resonant_sum(z, n_exact=N_EXACT, window_panels=6, window_max=_NU_WINDOW_MAX):
    """S of eq. (5) as a function of z = y / |mu|^{3/2} (X_n = z n^{3/2}).

    Returns ``(S, error)``: terms n <= n_exact exactly, then
    * far above the turning point (z sqrt(n) >= 4) the Hankel mean (:func:`_hankel_tail`);
    * far below it (z sqrt(n) <= 1/2, n >= 45) the complete integrals T_n(0), summed in
      closed form (:func:`complete_sum`), exact to rounding;
    * in between, the Euler-Maclaurin integral over the order (:func:`_window_sum`).
    ``error`` adds the estimates of each part.  For z < ~3e-3 the window lies
    beyond nu = 1e5; it is then bounded, not computed (its share of S is ~z^4).
    """
    z = float(z)
    n = np.arange(1, n_exact + 1, dtype=float)
    total = float(np.sum(n * n * tail_integrals(n, z * n**1.5)))
    m = n_exact + 1
    hi = max(m, int(math.ceil(16.0 / (z * z))))         # z sqrt(n) >= 4 from here
    lo = max(m, min(hi, int(math.floor(0.25 / (z * z)))))  # z sqrt(n) <= 1/2 below here
    error = 0.0
    if lo > m:
        total += complete_sum(m) - complete_sum(lo)
    if hi > lo:
        if hi <= window_max:
            part, err = _window_sum(z, lo, hi, window_panels)
            total, error = total + part, error + err
        else:
            # bounded between 0 and the complete integrals of the window
            part = complete_sum(lo) - complete_sum(hi)
            total, error = total + 0.5 * part, error + 0.5 * part
    tail, err = _hankel_tail(z, hi)
    return total + tail, error + err


def z_variable(mu, eps):
    """z = y / |mu|^{3/2} with y = sqrt((1 - mu^2)/eps) (eq. 5)."""
    mu = np.abs(np.asarray(mu, dtype=float))
    return np.sqrt((1.0 - mu) * (1.0 + mu) / eps) / mu**1.5


def d_mumu_resonant(mu, eps, n_exact=N_EXACT):
    """Eq. (4): D_mumu/(v/l) = (2 pi/3)(1 - mu^2) y^{4/3} S / |mu|, with S from
    :func:`resonant_sum`.  Returns ``(D, relative error estimate)`` arrays.
    For z > 1e4 (mu -> 0, where D_mumu ~ |mu|^{11/2} vanishes) eq. (6) is used,
    with relative error 1/z."""
    mu = np.atleast_1d(np.abs(np.asarray(mu, dtype=float)))
    d, rel = np.zeros(mu.size), np.zeros(mu.size)
    with np.errstate(divide="ignore"):
        z = z_variable(mu, eps)
    far = z > 1e4
    d[far] = d_mumu_eq6(mu[far], eps)
    rel[far] = 1.0 / z[far]
    near = ~far & (mu < 1.0)
    if np.any(near):
        y = np.sqrt((1.0 - mu[near]) * (1.0 + mu[near]) / eps)
        s_err = np.array([resonant_sum(zi, n_exact) for zi in z[near]])
        d[near] = 2.0 * math.pi / 3.0 * (1.0 - mu[near] ** 2) * y ** (4.0 / 3.0) * s_err[:, 0] / mu[near]
        rel[near] = s_err[:, 1] / s_err[:, 0]
    return d, rel


def d_mumu_eq6(mu, eps):
    """Eq. (6), y >> 1: (2/13) zeta(9/2) eps^{3/2} |mu|^{11/2} / sqrt(1 - mu^2), units v/l."""
    mu = np.asarray(mu, dtype=float)
    return 2.0 / 13.0 * special.zeta(4.5) * eps**1.5 * np.abs(mu) ** 5.5 / np.sqrt(1.0 - mu * mu)


def d_mumu_eq10(mu, eps, r=0.0):
    """Eq. (10), y << 1: (pi/2)(1 - mu^2)[J1(y)^2/y^2 + r y^{4/3}], units v/l.

    (The paper prints J1^2(y)/v^2; y^2 is what eqs. 4 and 9 give.)"""
    mu = np.asarray(mu, dtype=float)
    y = np.sqrt((1.0 - mu * mu) / eps)
    return 0.5 * math.pi * (1.0 - mu * mu) * ((special.j1(y) / y) ** 2 + r * y ** (4.0 / 3.0))


def d_mumu_eq8(mu, eps, delta):
    """Eq. (8), finite correlation time, second form:
    (delta/6)[ln(1/eps) - ln(1-mu^2)/2](1-mu^2), in units of v/l."""
    mu = np.asarray(mu, dtype=float)
    return delta / 6.0 * (math.log(1.0 / eps) - 0.5 * np.log(1.0 - mu * mu)) * (1.0 - mu * mu)


def d_mumu_eq8_integral(mu, eps, delta):
    """Eq. (8), first form: (delta eps/3) Omega (1-mu^2) int_{xi0}^inf (1 - J0^2)/xi^3 dxi,
    xi0 = eps sqrt(1-mu^2); with eps Omega = v/l, in units of v/l.  The integral is
    done to ~1e-14 by `_eq8_integral`."""
    mu = np.atleast_1d(np.asarray(mu, dtype=float))
    xi0 = eps * np.sqrt(1.0 - mu * mu)
    integral = np.array([_eq8_integral(x) for x in xi0])
    return delta / 3.0 * (1.0 - mu * mu) * integral


def _eq8_integral(xi0, upper=2000.0, nodes_per_panel=40):
    """int_{xi0}^inf (1 - J0(xi)^2) / xi^3 dxi for 0 < xi0.

    On [xi0, 1] the power series 1 - J0^2 = -sum_{k>=1} (-1)^k (2k)!/(k!)^4 (xi/2)^{2k}
    is integrated term by term (the k = 1 term gives (1/2) ln(1/xi0) exactly; no
    cancellation as 1 - J0^2 -> 0).  On [1, upper]: Gauss-Legendre panels of length pi.
    Beyond: 1/(2 upper^2) - 1/(3 pi upper^3), the mean of J0^2 being 1/(pi xi); the
    oscillating remainder is O(upper^-4) ~ 1e-14."""
    head, lo = 0.0, max(xi0, 1.0)
    if xi0 < 1.0:
        head = 0.5 * math.log(1.0 / xi0)
        for k in range(2, 30):
            c = -((-1) ** k) * math.factorial(2 * k) / math.factorial(k) ** 4 / 4.0**k
            head += c * (1.0 - xi0 ** (2 * k - 2)) / (2 * k - 2)
    if lo >= upper:
        edges = np.array([lo, lo])
    else:
        edges = np.append(np.arange(lo, upper, math.pi), upper)
    t, w = np.polynomial.legendre.leggauss(nodes_per_panel)
    a, b = edges[:-1, None], edges[1:, None]
    x = 0.5 * (a + b) + 0.5 * (b - a) * t
    panels = float(np.sum(0.5 * (b - a) * w * (1.0 - special.j0(x) ** 2) / x**3))
    end = max(lo, upper)
    return head + panels + 1.0 / (2 * end**2) - 1.0 / (3 * math.pi * end**3)


def nu_theta(eps, delta):
    """Eq. (11): nu_theta / (v/l) = (delta ln(1/eps) + eps^{3/2}) / 6."""
    eps = check_real("eps", eps, 0.0, 1.0, lo_open=True, hi_open=True)
    delta = check_real("delta", delta, 0.0, 1.0)
    return (delta * math.log(1.0 / eps) + eps**1.5) / 6.0


# --------------------------------------------------------------------------
# the table of G(z) = z^{4/3} S(z)
# --------------------------------------------------------------------------
#
# D of the first-principles model needs S at every mu, and S depends on (y, mu) only
# through z (eq. 5): one table of z serves every eps.  The tabulated quantity is
# log G, G = z^{4/3} S = y^{4/3} S / mu^2 (eq. 4 gives D_mumu / (1 - mu^2) =
# (2 pi / 3) (v/l) |mu| G), on pieces in s = log z; an error in log G is the relative
# error of G, hence of D - 1.
#
# Limits (no table needed):
# * z < TABLE_Z_LOW: eq. (9), G = (3/4)(J1(z)/z)^2 - (3/64) z^2 (the constant r of
#   eq. 10 vanishes, r_constant), times (1 + c4 z^4): the z^4 term (n = 3's head, the
#   next terms of n = 1, 2, and the n ~ 1/z^2 window, all ~z^4) is measured by the
#   generator at z = TABLE_Z_LOW and 2 TABLE_Z_LOW and Richardson-extrapolated (its
#   z^6 remainder); the stated error is SAFETY times that remainder, times (z/z_low)^4;
# * z > TABLE_Z_HIGH: eq. (6) with the Hankel-mean correction (_hankel_tail from n = 1);
#   its relative error is the oscillating O(1/z) part of J_1^2, below LARGE_Z_ERROR / z.
#
# S is not smooth in the analytic sense: the n-th term oscillates in z with frequency
# 2 n^{3/2} and relative amplitude ~2 n^{-6} / z (its J_n^2 x^{-q} tail, X_n = z n^{3/2}),
# so S is C^3 and no polynomial piece follows every harmonic.  The pieces are short
# enough in z (TABLE_EDGES) for the harmonics that matter to D to be resolved (n <= 10
# at z ~ 8, n = 1 up to z = 1024); the rest is measured: each piece's error is
# TABLE_SAFETY times the largest deviation from the sums at the midpoints of its node
# gaps, where the unresolved harmonics show at their (random) phase.

#: Where the table is read from (written by :func:`write_resonant_table`).
TABLE_PATH = Path(__file__).with_name("data") / "resonant_table.json"


def _table_edges():
    """Piece edges in z: ratio 2 up to z = 2 (eq. 9's powers of z; harmonics < 1e-7),
    ratio 2^{1/4} up to 8, then widths 2, 8, 32 up to 64, 256, 1024, so that a piece
    spans at most ~130 radians of the harmonics n <= 10, 4, 1 respectively."""
    edges = [2.0**k for k in range(-5, 1)]
    edges += [2.0 ** (1 + k / 4) for k in range(9)]
    for top, width in ((64.0, 2.0), (256.0, 8.0), (1024.0, 32.0)):
        while edges[-1] < top:
            edges.append(edges[-1] + width)
    return tuple(edges)


#: Piece edges of the table in z, and its range (below and above: the limits above).
TABLE_EDGES = _table_edges()
TABLE_Z_LOW, TABLE_Z_HIGH = TABLE_EDGES[0], TABLE_EDGES[-1]
#: Degrees tried per piece, and the size of the last Chebyshev coefficients (of log G)
#: at which a piece counts as resolved.
TABLE_DEGREES = (16, 32, 64)
TABLE_CHOP = 1e-14
#: Settings of the sums behind the table (see resonant_sum): 100 exact terms (the Hankel
#: tail from n = 41 leaves ~1.6e-10 at z = 5-50, from n = 101 ~1e-13); 48 window panels
#: (6 move S by ~1e-8 at small z, 48 vs 96 agree to 1.6e-10); the window is computed up
#: to order 2e4 (z >= 2^-5 keeps it there; _oscillatory_integrals fails above ~6e4, and
#: below z ~ 0.0126 the window would only be bounded).
TABLE_N_EXACT, TABLE_WINDOW_PANELS, TABLE_WINDOW_MAX = 100, 48, 2e4
#: Factor between the largest error seen at the check points and the error stored.
TABLE_SAFETY = 2.0
#: Relative error of the large-z limit: LARGE_Z_ERROR / z (the n = 1 oscillation has
#: relative amplitude ~2.05 / z; measured at the table's top edge in the tests).
LARGE_Z_ERROR = 3.0


def g_small_z(z, c4=0.0):
    """G = z^{4/3} S for z << 1 from eq. (9): [(3/4)(J1(z)/z)^2 - (3/64) z^2](1 + c4 z^4),
    the z^2 term being the z^{2/3} term of S (n = 1 and n = 2 together), c4 the
    measured z^4 coefficient (stored with the table)."""
    z = np.asarray(z, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(z < 1e-4, 0.5 - z * z / 16.0, special.j1(z) / z)
    return (0.75 * ratio * ratio - 3.0 / 64.0 * z * z) * (1.0 + c4 * z**4)


def g_large_z(z):
    """G = z^{4/3} S for z >> 1: eq. (6) with its first mean correction (all n, Hurwitz zeta)."""
    z = np.asarray(z, dtype=float)
    lead = special.zeta(1.5 * Q - 2.0) / (math.pi * Q)
    corr = special.zeta(1.5 * Q - 1.0) / (2.0 * math.pi * (Q + 2.0))
    return z ** (4.0 / 3.0 - Q) * (lead + corr / (z * z))


def precise_g(z):
    """(G, relative error estimate) at one z from the sums of eq. (5), with the table's settings."""
    s, err = resonant_sum(z, TABLE_N_EXACT, TABLE_WINDOW_PANELS, TABLE_WINDOW_MAX)
    return z ** (4.0 / 3.0) * s, err / s


def _cheb_points(degree):
    return np.cos(np.pi * np.arange(degree + 1) / degree)


def _cheb_coefficients(values):
    """Chebyshev coefficients of the interpolant at second-kind points (values at cos(pi j/N))."""
    n = values.size - 1
    ext = np.concatenate([values, values[-2:0:-1]])
    c = np.real(np.fft.fft(ext))[: n + 1] / n
    c[0] /= 2.0
    c[-1] /= 2.0
    return c


def _default_evaluate(zs):
    out = np.array([precise_g(float(z)) for z in zs])
    return out[:, 0], out[:, 1]


def _small_z_coefficient(evaluate):
    """(c4, e4): the z^4 coefficient of G / g_small_z(z) - 1 (eq. 9's next term) from the
    sums at z_1 = TABLE_Z_LOW and 2 z_1, Richardson-extrapolated assuming a z^6 remainder,
    and e4 = TABLE_SAFETY |r(z_1) - c4|, so that |G / g_small_z(z, c4) - 1| <= e4 z_1^4 (z/z_1)^6
    <= e4 z^4 below z_1.  Measured: r = -0.9649 at 2^-5, -0.9693 at 2^-4."""
    z = np.array([TABLE_Z_LOW, 2.0 * TABLE_Z_LOW])
    g, _ = evaluate(z)
    r = (g / g_small_z(z) - 1.0) / z**4
    c4 = r[0] + (r[0] - r[1]) / 3.0
    return float(c4), float(TABLE_SAFETY * abs(r[0] - c4))


def build_resonant_table(evaluate=None, log=None):
    """Compute the table of log G on TABLE_EDGES (deterministic; takes minutes).

    Per piece: log G at second-kind Chebyshev points of the degrees TABLE_DEGREES in
    turn (they nest) until the last 4 coefficients are below TABLE_CHOP; the kept
    coefficients are then checked against log G at the midpoints of every node gap,
    and the piece's error is TABLE_SAFETY times the largest deviation there plus the
    sums' own estimate.  ``evaluate`` maps an array of z to (G, rel) arrays
    (default: :func:`precise_g` point by point)."""
    evaluate = _default_evaluate if evaluate is None else evaluate
    c4, e4 = _small_z_coefficient(evaluate)
    pieces = []
    for z_lo, z_hi in zip(TABLE_EDGES[:-1], TABLE_EDGES[1:]):
        s_lo, s_hi = math.log(z_lo), math.log(z_hi)
        known = {}
        for degree in TABLE_DEGREES:
            x = _cheb_points(degree)
            new = [k for k in range(degree + 1) if round(float(x[k]), 15) not in known]
            if new:
                g, rel = evaluate(np.exp(0.5 * (s_lo + s_hi) + 0.5 * (s_hi - s_lo) * x[new]))
                for k, gk, rk in zip(new, g, rel):
                    known[round(float(x[k]), 15)] = (math.log(gk), rk)
            values = np.array([known[round(float(xk), 15)][0] for xk in x])
            coeffs = _cheb_coefficients(values)
            if np.max(np.abs(coeffs[-4:])) < TABLE_CHOP:
                break
        mid = np.cos(np.pi * (np.arange(degree) + 0.5) / degree)
        g_mid, rel_mid = evaluate(np.exp(0.5 * (s_lo + s_hi) + 0.5 * (s_hi - s_lo) * mid))
        deviation = float(np.max(np.abs(np.polynomial.chebyshev.chebval(mid, coeffs) - np.log(g_mid))))
        sums = max(max(r for _, r in known.values()), float(np.max(rel_mid)))
        error = TABLE_SAFETY * deviation + sums
        pieces.append({"z": [z_lo, z_hi], "degree": degree, "coefficients": coeffs.tolist(),
                       "check_deviation": deviation, "sum_error": sums, "error": error})
        if log is not None:
            log(f"piece [{z_lo:.4g}, {z_hi:.4g}]: degree {degree}, deviation {deviation:.2e}, "
                f"sums {sums:.1e}, error {error:.2e}")
    return {"quantity": "log G, G = z^(4/3) S(z) (eqs. 4-5), Chebyshev coefficients in log z per piece",
            "generator": "python -m pitcheig.turbulence (pitcheig.turbulence.write_resonant_table)",
            "settings": {"n_exact": TABLE_N_EXACT, "window_panels": TABLE_WINDOW_PANELS,
                         "window_max": TABLE_WINDOW_MAX, "degrees": list(TABLE_DEGREES), "chop": TABLE_CHOP,
                         "safety": TABLE_SAFETY},
            "small_z": {"z_low": TABLE_Z_LOW, "c4": c4, "e4": e4},
            "pieces": pieces}


def _precise_g_many(zs):
    return [precise_g(float(z)) for z in zs]


def write_resonant_table(path=TABLE_PATH, workers=2):
    """Regenerate the package data file of the table (``python -m pitcheig.turbulence``)."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        def evaluate(zs):
            chunks = np.array_split(np.asarray(zs), workers)
            out = np.array([r for part in pool.map(_precise_g_many, chunks) for r in part])
            return out[:, 0], out[:, 1]
        table = build_resonant_table(evaluate, log=print)
    Path(path).parent.mkdir(exist_ok=True)
    Path(path).write_text(json.dumps(table, indent=0) + "\n")
    return table


@dataclass(frozen=True)
class ResonantTable:
    """G(z) = z^{4/3} S(z) of eqs. (4)-(5) from the stored pieces, each with its measured
    error, and the limits of eqs. (9) and (6) below and above them."""

    edges: tuple
    coefficients: tuple
    errors: tuple
    c4: float
    e4: float

    def g(self, z):
        """(G, relative error bound) at the points z >= 0 (z = inf gives G = 0)."""
        z = np.asarray(z, dtype=float)
        g, err = np.empty(z.shape), np.empty(z.shape)
        low, high = z < self.edges[0], z > self.edges[-1]
        g[low], err[low] = g_small_z(z[low], self.c4), self.e4 * z[low] ** 4 + 1e-15
        with np.errstate(divide="ignore"):
            g[high] = g_large_z(z[high])
            err[high] = LARGE_Z_ERROR / z[high]
        mid = ~(low | high)
        zm = z[mid]
        k = np.clip(np.searchsorted(self.edges, zm, side="right") - 1, 0, len(self.coefficients) - 1)
        out, out_err = np.empty(k.size), np.empty(k.size)
        for i in np.unique(k):
            sel = k == i
            s_lo, s_hi = math.log(self.edges[i]), math.log(self.edges[i + 1])
            x = (2.0 * np.log(zm[sel]) - s_lo - s_hi) / (s_hi - s_lo)
            out[sel] = np.exp(np.polynomial.chebyshev.chebval(x, self.coefficients[i]))
            out_err[sel] = self.errors[i]
        g[mid], err[mid] = out, out_err
        return g, err

    def max_error(self, z_lo, z_hi):
        """The largest stated relative error of G on [z_lo, z_hi] (limits included)."""
        worst = 0.0
        if z_lo < self.edges[0]:
            worst = self.e4 * min(z_hi, self.edges[0]) ** 4 + 1e-15
        if z_hi > self.edges[-1]:
            worst = max(worst, LARGE_Z_ERROR / max(z_lo, self.edges[-1]))
        edges = np.asarray(self.edges)
        for i, e in enumerate(self.errors):
            if edges[i] <= z_hi and edges[i + 1] >= z_lo:
                worst = max(worst, e)
        return worst


@lru_cache(maxsize=None)
def resonant_table(path=TABLE_PATH):
    """The stored table (read once)."""
    data = json.loads(Path(path).read_text())
    pieces = data["pieces"]
    edges = tuple([pieces[0]["z"][0]] + [p["z"][1] for p in pieces])
    return ResonantTable(edges=edges, coefficients=tuple(np.array(p["coefficients"]) for p in pieces),
                         errors=tuple(float(p["error"]) for p in pieces),
                         c4=float(data["small_z"]["c4"]), e4=float(data["small_z"]["e4"]))


if __name__ == "__main__":
    write_resonant_table()
