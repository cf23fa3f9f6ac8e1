"""D_mumu from first principles: the Bessel sums of eqs. (4)-(5) and their limits.

Section 3 of the paper derives the pitch-angle diffusion coefficient of cosmic
rays in Goldreich-Sridhar (GS) turbulence.  In the infinite-correlation-time
(resonant) limit, eq. (4)::

    D_mumu = (2 pi / 3) (v / (l |mu|)) (1 - mu^2) y^{4/3} S,
    S = sum_{n>=1} n^2 int_{X_n}^inf J_n(x)^2 x^{-q} dx,   q = 13/3,       (5)
    X_n = y (n / |mu|)^{3/2},   y = sqrt((1 - mu^2) / eps).

S depends on (y, mu) only through z = y / |mu|^{3/2} (then X_n = z n^{3/2}), so
everything here is a function of z.  The limits the paper quotes:

* eq. (6), y >> 1: D_mumu ~ (2/13) zeta(9/2) (v/l) eps^{3/2} |mu|^{11/2} / sqrt(1 - mu^2);
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

import math
from functools import lru_cache

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


def _window_sum(z, n_lo, n_hi):
    """sum_{n_lo <= n < n_hi} n^2 T_n(z n^{3/2}) through the turning point by the
    midpoint Euler-Maclaurin rule: the integral over a continuous order nu on
    [n_lo - 1/2, n_hi - 1/2] (Gauss-Legendre in log nu, exact T_nu at each node).
    Returns (sum, error estimate from halving the rule)."""
    def rule(panels):
        edges = np.exp(np.linspace(math.log(n_lo - 0.5), math.log(n_hi - 0.5), panels + 1))
        x, w = np.polynomial.legendre.leggauss(12)
        s = np.log(edges)
        nodes = (s[:-1, None] + s[1:, None]) / 2 + (s[1:, None] - s[:-1, None]) / 2 * x
        weights = (s[1:, None] - s[:-1, None]) / 2 * w
        nu = np.exp(nodes).ravel()
        f = nu * nu * tail_integrals(nu, z * nu**1.5)
        return float(np.sum(weights.ravel() * nu * f))
    fine, coarse = rule(6), rule(3)
    # midpoint Euler-Maclaurin correction: - [f'(b) - f'(a)] / 24, f' by central differences
    ends = np.array([n_lo - 0.5, n_hi - 0.5])
    nu = np.concatenate([ends - 0.5, ends + 0.5])
    f = nu * nu * tail_integrals(nu, z * nu**1.5)
    slope = f[2:] - f[:2]
    correction = -(slope[1] - slope[0]) / 24.0
    return fine + correction, abs(fine - coarse) + abs(correction) * 0.1


#: Largest order computed through its turning point (beyond it the sum is bounded).
_NU_WINDOW_MAX = 1e5


def resonant_sum(z, n_exact=N_EXACT):
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
        if hi <= _NU_WINDOW_MAX:
            part, err = _window_sum(z, lo, hi)
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
