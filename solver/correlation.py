"""Finite correlation time: the pitch-angle coefficient of eq. (7), with error control.

Derivation (eqs. 1-3 with the GS spectrum of eq. 2)
---------------------------------------------------
Eq. (1) with sum_k = int d^3k = int 2 pi k_perp dk_perp dk_par and eq. (2) for I
(window g = H(1 - abs(k_par) l^{1/3} k_perp^{-2/3}), correlation e^{-tau/tau_k},
tau_k = (l/V_A)(k_perp l)^{-2/3}).  The tau integral is a Lorentzian::

    Re int_0^inf e^{-tau/tau_k} e^{i omega tau} dtau = tau_k / (1 + omega^2 tau_k^2),
    omega = k_par v mu + n Omega,

and the k_par integral over the window abs(k_par) < K = k_perp^{2/3} l^{-1/3} gives a
*pair* of arctans,
(1/(v abs(mu))) [arctan(tau_k(K v abs(mu) + n Omega)) + arctan(tau_k(K v abs(mu) - n Omega))],
with tau_k K v abs(mu) = abs(mu)/delta and tau_k n Omega = (n/(delta eps))(k_perp l)^{-2/3}
(eps = v/(l Omega), delta = V_A/v).  Since n^2 J_n^2 is even in n, the pair sums over
all n to twice the single arctan of eq. (7).  Collecting the factors
(Omega^2 (1 - mu^2) 2 pi / (6 pi) l^{-1/3} * 2)::

    D_mumu = (2/3) l^{-1/3} (Omega^2/(v abs(mu))) (1 - mu^2) sum_{n=-inf}^{inf}              (7, derived)
             int_{1/l}^inf dk k^{-7/3} arctan{(1/delta)[abs(mu) + (n/eps)(k l)^{-2/3}]} n^2 J_n^2(xi)/xi^2.

The printed eq. (7) has (1/3) l^{-1/3} Omega/(v mu): that is not a rate but a pure number
([l^{-1/3}] [Omega/v] [int dk k^{-7/3}] = L^{-1/3} L^{-1} L^{4/3} = 1); eqs. (1) and (3) carry Omega^2
and so does every other form of D_mumu in sec. 3, so the printed formula is made a
rate by Omega -> Omega^2 (the first form of eq. 8, which carries "delta eps Omega / 3",
follows from exactly this reading).  Then printed = derived / 2 identically in delta:
the printed formula lost the factor 2 of the arctan pair.  The delta -> 0 limit settles
it: arctan -> (pi/2) sgn, the pair n, -n gives pi H(abs(mu) - abs(n) (k l)^{-2/3}/eps), the
resonance condition of eq. (3), and the derived form reproduces eq. (4) exactly,
the printed one half of it (:func:`delta_limit_table`).

Variables.  With xi = k_perp v_perp / Omega, s = sqrt(1 - mu^2), y = s/sqrt(eps),
z = y/abs(mu)^{3/2}, X_n = z n^{3/2} (the resonant points of eq. 5), d = delta/abs(mu) and
u_n = n (z/xi)^{2/3} (u_n = 1 at xi = X_n), the pair of arctans is one angle::

    A_n(xi) = arctan((1 + u)/d) + arctan((1 - u)/d) = atan2(2d, u^2 - 1 + d^2)  in (0, pi),

so that::

    D_mumu/(v/l) = P sum_{n>=1} n^2 int_{xi0}^inf xi^{-q} J_n^2 A_n dxi,
    P = (2/3)(1 - mu^2) y^{4/3}/abs(mu),  q = 13/3,  xi0 = eps s  (the cut k_perp l = 1).

delta -> 0: A_n -> pi H(xi - X_n) and D -> (2 pi/3)(1 - mu^2) y^{4/3} S/abs(mu), eq. (4).
A_n -> A_inf = pi - 2 arctan(d) as xi -> inf (the resonant part is reduced by the
factor 1 - 2 arctan(d)/pi) and A_n ~ 2 d (xi/X_n)^{4/3} below resonance (the
non-resonant background: summed over n with sum_n J_n^2 = (1 - J0^2)/2 it gives
P (d / z^{4/3}) int_{xi0}^inf (1 - J0^2) xi^{-3} dxi = (2/3) delta (1 - mu^2) int ...,
twice the first form of eq. (8)).

Numerics
--------
F = eq. (7) - eq. (4) = P sum_n F_n, F_n = n^2 int_{xi0}^inf xi^{-q} J_n^2 [A_n - pi H(xi - X_n)] dxi
(:func:`f_term`, real order allowed):

* the xi integral: 15-point Gauss-Kronrod panels (error: QUADPACK's estimate from K15 - G7)
  from the Debye cut below the turning point to past it (xi ~ n + 4 n^{1/3} + 6) and
  through the layer of width ~ d X_n at the resonance (geometric grading at scale d X_n);
  beyond, J^2 = abs(H1)^2/2 + Re(H1^2)/2: the mean on graded Kronrod panels (and xi = 2a/t
  to infinity), the oscillating part on vertical contours xi = x + i t (Gauss-Laguerre,
  error from 24 vs 40 nodes).  The kernel is continued off the axis as
  A = (1/2i)[log(1 - a s) - log(1 - conj(a) s)], a = (1 - i d)^2, s = (xi/X)^{4/3} (branch
  points at xi ~ X (1 -+ 1.5 i d), kept LEG_DISTANCE away from the contours).
  Checked against scipy QUADPACK and an mpmath quadrature to ~1e-12 per term.
* the n-sum: n <= N_MIN = 40 term by term.  Then, up to z sqrt(n) = TAIL_START = 6, the
  window (:func:`_window`): F_n oscillates in n (the principal-value kernel
  2d/(u^2 - 1) ~ (3/2) d X/(X - xi) picks up J^2's oscillation at X: a Hilbert response
  ~ (3/2) d n^2 X^{-q} sin(2 X_n - n pi ...)), so that part is split off and summed term
  by term (OSC_TERMS_MAX terms, the rest bounded), and the smooth rest is summed by the
  midpoint Euler-Maclaurin rule over a continuous order (Gauss-Legendre in log nu, error
  from halving).  Beyond (:func:`_tail`), X_n > 6 n: below resonance
  A = sum_k alpha_k s^k, alpha_k = (1 + d^2)^k sin(2k arctan d)/k, the k <= 3 terms
  integrated exactly (Weber-Schafheitlin, DLMF 10.22.57), the rest and the region
  xi > X_n with the mean of J^2, 1/(pi xi): n^2 X_n^{-q} kappa(d)/pi, kappa an
  n-independent integral (:func:`kappa`); the first TAIL_OSC_TERMS oscillating parts
  are added term by term; the neglected pieces (mean corrections (n/X)^2, the turning
  region n/X, the remaining oscillating parts) are bounded and added to the error.

Accuracy reached (F against term-by-term sums 300+ terms deep, relative to the whole
eq. 7 D_mumu, at eps = 2.1e-3, delta = 1e-4): 1e-15 (mu = 0.3) to 1.5e-11 (mu = 0.99),
~1e-12 for 1 - mu from 1e-4 to 1e-6; the stated errors cover these (and are larger,
up to ~1e-9, where the Kronrod estimates are pessimistic).  Cost: 0.1-0.3 s per mu for
abs(mu) < 0.999, 1-2.5 s per mu nearer 1 (the window of orders up to 36/z^2).

Units: every D_mumu here is in units of v/l.

Public API
----------
:func:`d_mumu_eq7` (eq. 7, both readings of its prefactor, with an error estimate),
:func:`finite_correlation_part` (eq. 7 minus eq. 4), :func:`d_mumu_resonant_n1` (the
n = +-1 term of eq. 4), and the tables of the report's checks of eqs. (7)-(8):
:func:`delta_limit_table`, :func:`eq8_table`, :func:`bessel_sum_table`,
:func:`validity_table`, :func:`plateau_table` (cached by
``python -m pitcheig.studies.finite_correlation --write-cache``).  Constants:
:data:`FORMS` (the accepted ``form`` values) and :data:`PRINTED_OVER_DERIVED` (= 1/2).
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from .errors import ParameterError
from .models import J1_ZERO
from .validation import check_choice
from .turbulence import Q, d_mumu_eq8, d_mumu_eq8_integral, d_mumu_resonant, tail_integrals

__all__ = [
    "FORMS", "PRINTED_OVER_DERIVED",
    "d_mumu_eq7", "finite_correlation_part", "d_mumu_resonant_n1",
    "delta_limit_table", "eq8_table", "bessel_sum_table", "validity_table", "plateau_table",
]

#: The two readings of eq. (7) that :func:`d_mumu_eq7` offers (its ``form``).
FORMS = ("derived", "printed")
#: printed eq. (7), made a rate by Omega -> Omega^2, over the derived form (exact for all delta)
PRINTED_OVER_DERIVED = 0.5
#: terms n <= N_MIN are computed one by one (:func:`f_term`)
N_MIN = 40

# --- Gauss-Kronrod 7-15 (QUADPACK qk15) on [-1, 1] ------------------------------------
_XK = np.array([0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                0.207784955007898467600689403773245, 0.0])
_WK = np.array([0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                0.204432940075298892414161999234649, 0.209482141084727828012999174891714])
_WG = np.array([0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                0.381830050505118944950369775488975, 0.417959183673469387755102040816327])
KRONROD_X = np.concatenate([-_XK[:-1], _XK[::-1]])                    # 15 nodes, ascending
KRONROD_W = np.concatenate([_WK[:-1], _WK[::-1]])
GAUSS_W = np.zeros(15)
GAUSS_W[[1, 3, 5, 7, 9, 11, 13]] = np.concatenate([_WG[:-1], _WG[::-1]])
_LAGUERRE = {m: special.roots_laguerre(m) for m in (24, 40)}


def _kronrod(f, edges):
    """sum over panels [edges[i], edges[i+1]] of int f, and the QUADPACK error estimate
    resabs min(1, (200 |K15 - G7| / resabs)^{3/2}) summed over panels."""
    edges = np.asarray(edges, dtype=float)
    if edges.size < 2:
        return 0.0, 0.0
    a, b = edges[:-1, None], edges[1:, None]
    half = 0.5 * (b - a)
    x = 0.5 * (a + b) + half * KRONROD_X
    fx = f(x)
    k15 = np.sum(half * fx * KRONROD_W, axis=1)
    g7 = np.sum(half * fx * GAUSS_W, axis=1)
    scale = np.sum(np.abs(half * fx) * KRONROD_W, axis=1)
    diff = np.abs(k15 - g7)
    with np.errstate(divide="ignore", invalid="ignore"):
        err = np.where(scale > 0, scale * np.minimum(1.0, (200.0 * diff / np.where(scale > 0, scale, 1.0)) ** 1.5),
                       0.0)
    return float(np.sum(k15)), float(np.sum(err))


# --- the kernel A_n and its continuation --------------------------------------------

def _kernel(xi, big_x, d, above):
    """The bracket kernel of F: A_n(xi) below resonance (``above`` False, xi < X_n) and
    A_n(xi) - pi above it, for real or complex xi.  With a = (1 - i d)^2, s = (xi/X)^{4/3},
    w = 1/s: A = (1/2i)[log(1 - a s) - log(1 - conj(a) s)] below and
    A - pi = (1/2i)[log(1 - w/a) - log(1 - w/conj(a))] - 2 arctan(d) above (the continuation
    off the axis; branch points at xi ~ X (1 -+ 1.5 i d)).  On the real axis these are
    atan2(2 d s, 1 - (1 - d^2) s) and atan2(-2 d w, (1 + d^2)^2 - (1 - d^2) w) - 2 arctan(d)."""
    arc = 2.0 * math.atan(d)
    if np.isrealobj(xi):
        s = (xi / big_x) ** (4.0 / 3.0)
        if above:
            w = 1.0 / s
            return np.arctan2(-2.0 * d * w, (1.0 + d * d) ** 2 - (1.0 - d * d) * w) - arc
        return np.arctan2(2.0 * d * s, 1.0 - (1.0 - d * d) * s)
    a = (1.0 - 1j * d) ** 2
    if above:
        w = (big_x / xi) ** (4.0 / 3.0)
        return (np.log1p(-w / a) - np.log1p(-w / np.conj(a))) / 2j - arc
    s = (xi / big_x) ** (4.0 / 3.0)
    return (np.log1p(-a * s) - np.log1p(-np.conj(a) * s)) / 2j


def _geometric(a, b, h0, ratio=2.0, cap=None):
    """Points from a to b, spaced h0, h0 r, h0 r^2, ... (each step at most ``cap``)."""
    pts, x, h = [a], a, h0
    while x + h < b:
        x += h
        pts.append(x)
        h = h * ratio if cap is None else min(h * ratio, cap)
    pts.append(b)
    return pts


def _graded(a, b, center, h0, cap):
    """Panel edges on [a, b] graded geometrically (ratio 2, first step h0, steps <= cap)
    away from ``center`` (= a or b)."""
    if b <= a:
        return [a, b]
    if center == a:
        return _geometric(a, b, h0, cap=cap)
    return [a + b - p for p in _geometric(a, b, h0, cap=cap)][::-1]


def _lower_cut(nu, xi0):
    """Below xi_lo, J_nu(xi)^2 < e^-40 of its size at the turning point (Debye:
    J_nu(nu sech alpha) ~ e^{-nu (alpha - tanh alpha)}): the integral from xi0 starts there."""
    if nu < 3.0:
        return xi0
    alpha = (120.0 / nu) ** (1.0 / 3.0)
    for _ in range(30):                       # Newton for alpha - tanh(alpha) = 20/nu
        g = alpha - math.tanh(alpha) - 20.0 / nu
        alpha -= g / math.tanh(alpha) ** 2
    return max(xi0, nu / math.cosh(alpha))


def _leg(nu, x0, big_x, d, above, nodes):
    """(1/2) Re int_{x0}^inf xi^{-q} K(xi) H1_nu(xi)^2 dxi along xi = x0 + i t, with
    Gauss-Laguerre at the Debye decay rate kappa = 2 sqrt(x0^2 - nu^2)/x0 (x0 > nu)."""
    t, w = _LAGUERRE[nodes]
    kappa = 2.0 * math.sqrt(max(x0 * x0 - nu * nu, 0.25 * x0 * x0)) / x0
    tt = t / kappa
    xi = x0 + 1j * tt
    h = special.hankel1e(nu, xi) * np.exp(1j * x0 - (1.0 - 0.5 * kappa) * tt)
    g = 1j * xi ** (-Q) * h * h * _kernel(xi, big_x, d, above)
    return 0.5 * float(np.real(g @ w)) / kappa


def _oscillatory(nu, x0, big_x, d, above):
    fine = _leg(nu, x0, big_x, d, above, 40)
    return fine, abs(fine - _leg(nu, x0, big_x, d, above, 24))


def _full_integrand(nu, big_x, d, above):
    def f(x):
        return special.jv(nu, x) ** 2 * x ** (-Q) * _kernel(x, big_x, d, above)
    return f


def _mean_integrand(nu, big_x, d, above):
    def f(x):
        return 0.5 * np.abs(special.hankel1e(nu, x)) ** 2 * x ** (-Q) * _kernel(x, big_x, d, above)
    return f


def _split_at(edges, big_x):
    """Edges (sorted) as two lists, below and above X (X itself an edge of both)."""
    below = [e for e in edges if e < big_x] + ([big_x] if edges[0] < big_x < edges[-1] else [])
    above = ([big_x] if edges[0] < big_x < edges[-1] else []) + [e for e in edges if e > big_x]
    if edges[-1] <= big_x:
        below, above = list(edges), []
    if edges[0] >= big_x:
        below, above = [], list(edges)
    return below, above


#: the legs of the contour stay this far (in xi) from the resonance X_n
LEG_DISTANCE = 8.0


def _separable(nu, z):
    """True when the resonance X = z nu^{3/2} lies beyond the turning region by LEG_DISTANCE
    (then its oscillating part can be split off: :func:`f_term`)."""
    return z * nu**1.5 >= nu + 4.0 * nu ** (1.0 / 3.0) + 6.0 + LEG_DISTANCE


def f_term(nu, z, d, xi0, split=False, only_oscillating=False, mode=None):
    """F_nu = nu^2 int_{xi0}^inf xi^{-q} J_nu^2 [A_nu - pi H(xi - X)] dxi, X = z nu^{3/2}: the
    nu-th term of eq. (7) minus eq. (4) in the bracket of F = P sum_n F_n (real order nu).

    Kronrod panels (J^2 itself) from the lower cut to past the turning point and, if the
    resonance sits above it, over [X - w, X + w]; beyond, the mean |H1|^2/2 on graded panels
    and the oscillating Re(H1^2)/2 on vertical contours.  Returns ``(F, error)``, or with
    ``split`` ``(smooth, error, oscillating)``: ``oscillating`` is the oscillating part of
    J^2 across the resonance (contours at X -+ w and J^2 - mean on [X - w, X + w]), which
    makes F_nu oscillate in nu; ``smooth`` = F - oscillating is smooth in nu.
    ``only_oscillating``: ``(oscillating, error)`` alone (cheap: a few panels and two contours).
    ``mode``: None chooses by :func:`_separable`; "full" integrates J^2 itself through the
    resonance (always valid; the oscillating part is then 0 and F is all "smooth");
    "split" requires :func:`_separable`."""
    big_x = z * nu ** 1.5
    lo = _lower_cut(nu, xi0)
    b1 = nu + 4.0 * nu ** (1.0 / 3.0) + 6.0               # past the turning point
    layer = 0.5 * d * big_x                                 # first step at the layer
    w = LEG_DISTANCE
    acc = {"smooth": 0.0, "osc": 0.0, "err": 0.0}

    def add(res, key="smooth", sign=1.0):
        if only_oscillating and key == "smooth":
            return
        acc[key] += sign * res[0]
        acc["err"] += res[1]

    full_windows, legs, mean_windows, resonance_window = [], [], [], None
    if mode is None:
        mode = "split" if _separable(nu, z) else "full"
    if mode == "full":
        b_full = max(b1, big_x + w)
        full_windows.append((lo, b_full))
        legs.append((b_full, True, +1.0, "smooth"))
        mean_windows.append((b_full, np.inf))
    elif 1.5 * d * big_x > 20.0:
        full_windows.append((lo, b1))
        legs += [(b1, False, +1.0, "smooth"), (big_x, False, -1.0, "osc"), (big_x, True, +1.0, "osc")]
        mean_windows += [(b1, big_x), (big_x, np.inf)]
    else:
        full_windows.append((lo, b1))
        resonance_window = (big_x - w, big_x + w)
        legs += [(b1, False, +1.0, "smooth"), (big_x - w, False, -1.0, "osc"), (big_x + w, True, +1.0, "osc")]
        mean_windows += [(b1, big_x - w), (big_x + w, np.inf)]

    def full_edges(a, b):
        # geometric below 1 (integrand ~ xi^{2 nu - q}), width <= 2 above, graded at X
        edges = []
        if a < 1.0:
            edges += list(np.geomspace(a, min(1.0, b), max(2, int(math.ceil(2.0 * math.log2(min(1.0, b) / a))) + 1)))
        start = max(a, 1.0)
        turning = nu - 2.0 * nu ** (1.0 / 3.0)
        if nu > 20.0 and start < turning and b > turning:
            # below the turning point J^2 is monotone, growing at the Debye rate
            # r = 2 sqrt(nu^2 - x^2)/x: panels of width 8/r (at most nu^{1/3})
            x = start
            while x < turning:
                edges.append(x)
                x += min(max(2.0, 8.0 * x / (2.0 * math.sqrt(nu * nu - x * x))), nu ** (1.0 / 3.0))
            start = turning
        if b > start:
            # widths min(2, x/2): the power law xi^{-q} near 1, J^2's period pi beyond
            edges += _geometric(start, b, min(2.0, 0.5 * start), ratio=1.5, cap=2.0)
        if a < big_x < b:
            edges += _graded(max(a, big_x - 2.0), big_x, big_x, layer, 2.0)
            edges += _graded(big_x, min(b, big_x + 2.0), big_x, layer, 2.0)
        return sorted(set(edges))

    def integrate(integrand, edges, key="smooth", sign=1.0):
        below, above = _split_at(edges, big_x)
        if len(below) > 1:
            add(_kronrod(integrand(nu, big_x, d, False), below), key, sign)
        if len(above) > 1:
            add(_kronrod(integrand(nu, big_x, d, True), above), key, sign)

    if only_oscillating:
        full_windows, mean_windows = [], []
        legs = [leg for leg in legs if leg[3] == "osc"]
    for a, b in full_windows:
        if b > a:
            integrate(_full_integrand, full_edges(a, b))
    if resonance_window is not None:
        a, b = resonance_window
        edges = full_edges(a, b)
        graded = sorted(set(_graded(a, big_x, big_x, layer, None) + _graded(big_x, b, big_x, layer, None)))
        # the mean over the window belongs to the smooth part, J^2 - mean to the oscillating one
        means = _split_at(graded, big_x)
        mean_values = [_kronrod(_mean_integrand(nu, big_x, d, side), e) if len(e) > 1 else (0.0, 0.0)
                       for side, e in zip((False, True), means)]
        for r in mean_values:
            add(r, "smooth")
            add(r, "osc", -1.0)
        integrate(_full_integrand, edges, "osc")
    for a, b in mean_windows:
        side_above = a >= big_x
        if np.isfinite(b):
            # geometric in xi (ratio sqrt 2: the power law xi^{-q-1}), and graded toward X
            edges = list(np.geomspace(a, b, max(2, int(math.ceil(2.0 * math.log2(b / a))) + 1)))
            if side_above:
                edges += _graded(a, b, a, max(layer, a - big_x), None)
            else:
                edges += _graded(a, b, b, max(layer, big_x - b), None)
            add(_kronrod(_mean_integrand(nu, big_x, d, side_above), sorted(set(edges))))
        else:
            # [a, 2a] graded from a (X may sit at a), then xi = 2a / t on t in (0, 1]
            h0 = layer if abs(a - big_x) < 1e-12 * big_x else max(layer, a - big_x)
            add(_kronrod(_mean_integrand(nu, big_x, d, side_above), _graded(a, 2.0 * a, a, h0, None)))
            f = _mean_integrand(nu, big_x, d, side_above)

            def g(t, f=f, a2=2.0 * a):
                return f(a2 / t) * a2 / (t * t)
            add(_kronrod(g, [0.0, 1.0 / 64, 1.0 / 16, 0.25, 0.5, 1.0]))
    for x0, side_above, sign, key in legs:
        add(_oscillatory(nu, x0, big_x, d, side_above), key, sign)
    scale = nu * nu
    if only_oscillating:
        return scale * acc["osc"], scale * acc["err"]
    if split:
        return scale * acc["smooth"], scale * acc["err"], scale * acc["osc"]
    return scale * (acc["smooth"] + acc["osc"]), scale * acc["err"]


# --- the tail n > N -----------------------------------------------------------------

def _alpha(k, d):
    """Coefficients of A = sum_k alpha_k s^k below resonance, s = (xi/X)^{4/3} = 1/u^2."""
    return (1.0 + d * d) ** k * math.sin(2.0 * k * math.atan(d)) / k


def _weber(n, lam):
    """int_0^inf J_n(x)^2 x^{-lam} dx (DLMF 10.22.57), arrays n, 0 < lam < 2n + 1."""
    g = special.gammaln
    return np.exp(g(lam) + g(n + (1.0 - lam) / 2.0) - lam * math.log(2.0)
                  - 2.0 * g((1.0 + lam) / 2.0) - g(n + (1.0 + lam) / 2.0))


def kappa(d):
    """kappa(d) (see :func:`_kappa`) and its error: two layer resolutions (first step d/4, d/32)."""
    fine, coarse = _kappa(d, 1.0 / 32.0), _kappa(d, 0.25)
    return fine, abs(fine - coarse) + 1e-14 * abs(fine)


def _kappa(d, step):
    """kappa = int_0^inf v^{-q-1} [K_F(v) - sum_{k<=3} alpha_k v^{4k/3}] dv, K_F = A (v < 1),
    A - pi (v > 1): the resonant neighbourhood of one far term in the mean-J^2 approximation
    (xi = v X); the k <= 3 terms are integrated exactly elsewhere.  Returns (value, error)."""
    al = [_alpha(k, d) for k in range(1, 40)]

    def below(v):
        s = v ** (4.0 / 3.0)
        direct = np.arctan2(2.0 * d * s, 1.0 - (1.0 - d * d) * s) - sum(al[k - 1] * s**k for k in (1, 2, 3))
        series = sum(al[k - 1] * s**k for k in range(4, 40))
        return v ** (-Q - 1.0) * np.where(s < 0.25, series, direct)

    def above(v):
        s = v ** (4.0 / 3.0)
        return v ** (-Q - 1.0) * (np.arctan2(2.0 * d, 1.0 / s - 1.0 + d * d) - math.pi
                                  - sum(al[k - 1] * s**k for k in (1, 2, 3)))

    h = step * d
    r1 = _kronrod(below, [0.0, 0.5] + _graded(0.5, 1.0, 1.0, h, None)[1:])
    r2 = _kronrod(above, _graded(1.0, 2.0, 1.0, h, None))

    def tail(t):
        # v = 2/t > 2: K_F alone (bounded); the alpha_k v^{4k/3} terms are integrated below
        v = 2.0 / t
        return v ** (-Q - 1.0) * (np.arctan2(2.0 * d, v ** (-4.0 / 3.0) - 1.0 + d * d) - math.pi) * 2.0 / (t * t)
    r3 = _kronrod(tail, [0.0, 1.0 / 64, 1.0 / 16, 0.25, 0.5, 1.0])
    powers = sum(al[k - 1] * 2.0 ** (4.0 * k / 3.0 - Q) / (Q - 4.0 * k / 3.0) for k in (1, 2, 3))
    return r1[0] + r2[0] + r3[0] - powers


def _power_sum(f, n0, p, extra=4000):
    """sum_{n >= n0} f(n) for f ~ n^{-p}: direct to n0 + extra, then f(M) M/(p - 1) (1 + O(1/M))."""
    n = np.arange(n0, n0 + extra, dtype=float)
    vals = f(n)
    m = n0 + extra - 0.5
    return float(np.sum(vals)) + float(f(np.array([m]))[0]) * m / (p - 1.0)


def _tail(n0, z, d, kap, osc_start=None):
    """sum_{n >= n0} F_n for z sqrt(n0) >= TAIL_START, without the oscillating parts of the
    terms n < ``osc_start`` (summed exactly by the caller), and its error bound (module notes)."""
    osc_start = n0 if osc_start is None else osc_start
    a1, a2, a3 = _alpha(1, d), _alpha(2, d), _alpha(3, d)
    # k = 1: alpha_1 z^{-4/3} W(n, 3) = alpha_1 z^{-4/3} / (4 n (n^2 - 1)); telescoped
    value = a1 * z ** (-4.0 / 3.0) / (8.0 * (n0 - 1.0) * n0)
    value += a2 * z ** (-8.0 / 3.0) * _power_sum(lambda n: _weber(n, 5.0 / 3.0) / n**2, n0, 11.0 / 3.0)
    value += a3 * z ** (-4.0) * _power_sum(lambda n: _weber(n, 1.0 / 3.0) / n**4, n0, 13.0 / 3.0)
    # the resonant neighbourhood: n^2 X^{-q} kappa / pi, sum n^{2 - 3q/2} = Hurwitz zeta
    zq = z ** (-Q)
    value += zq * kap[0] / math.pi * special.zeta(1.5 * Q - 2.0, n0)
    # bounds: turning region ~ 4 d n/X, mean corrections |kappa| (n/X)^2, oscillating step ~ pi/X
    # the oscillating part of J^2 across the layer: n^2 X^{-q} (1/2) min(1/X, 3 d) (a sharp step
    # of pi gives X^{-q-1}/2; eq. 4 carries the same step, so F keeps only the part the
    # smoothing over the width 1.5 d X changes)
    p = 1.5 * Q - 2.0
    osc = 0.5 * zq * min(special.zeta(p + 1.5, osc_start) / z, 3.0 * d * special.zeta(p, osc_start))
    err = zq / math.pi * (4.0 * d / z * special.zeta(p + 0.5, n0) + (abs(kap[0]) / z**2) * special.zeta(p + 1.0, n0)
                          + kap[1] * special.zeta(p, n0)) + osc
    return value, err


# --- public functions ---------------------------------------------------------------

def _variables(mu, eps, delta):
    mu = np.abs(np.atleast_1d(np.asarray(mu, dtype=float)))
    if np.any((mu <= 0.0) | (mu > 1.0)):
        bad = mu[(mu <= 0.0) | (mu > 1.0)]
        raise ParameterError(f"mu must satisfy 0 < abs(mu) <= 1 (eq. 7 is not evaluated at mu = 0); "
                             f"got abs(mu) = {float(bad[0])!r}")
    s2 = (1.0 - mu) * (1.0 + mu)
    y = np.sqrt(s2 / eps)
    z = y / mu**1.5
    pref = 2.0 / 3.0 * s2 * y ** (4.0 / 3.0) / mu
    return mu, s2, y, z, pref, delta / mu, eps * np.sqrt(s2)


#: the Euler-Maclaurin window over the order stops here (beyond: bounded, see below)
NU_WINDOW_MAX = 2e4
#: oscillating parts summed term by term in the window, and in the far tail (the rest is bounded)
OSC_TERMS_MAX, TAIL_OSC_TERMS = 300, 100
#: Euler-Maclaurin rule over the order: (Gauss-Legendre nodes per panel, panels per factor 2
#: in nu) for F_nu itself near the turning point ("full": F_nu swings with a period ~ 20 in nu
#: there) and for the smooth part once the resonance is separable ("split")
WINDOW_RULES = {"full": (12, 4.0), "split": (8, 1.0)}
#: far terms (closed form) from z sqrt(n) >= TAIL_START
TAIL_START = 6.0


def _window(n_lo, n_hi, z, d, xi0):
    """sum_{n_lo <= n <= n_hi} F_n.  Where the resonance is separable from the turning region
    (n >= n_s, :func:`_separable` at n - 3/2 and beyond), F_n = smooth + oscillating
    (:func:`f_term`): the oscillating part (J^2's oscillation across the resonance, phase
    ~ 2 X_n - n pi, fast in n once z sqrt(n) > 1) is summed term by term (OSC_TERMS_MAX terms,
    the rest bounded); the smooth part, and all of F_n below n_s, by the midpoint
    Euler-Maclaurin rule (:func:`_euler_maclaurin`)."""
    n_s = n_lo
    while n_s <= n_hi and not _separable(n_s - 1.5, z):
        n_s += 1
    total = err = 0.0
    if n_s > n_lo:
        v, e = _euler_maclaurin(n_lo, min(n_s - 1, n_hi), z, d, xi0, "full")
        total, err = total + v, err + e
    if n_s <= n_hi:
        v, e = _euler_maclaurin(n_s, n_hi, z, d, xi0, "split")
        total, err = total + v, err + e
        osc = osc_err = 0.0
        n = n_s
        while n <= n_hi and n - n_s < OSC_TERMS_MAX:
            v, e = f_term(float(n), z, d, xi0, only_oscillating=True, mode="split")
            osc, osc_err = osc + v, osc_err + e
            n += 1
        if n <= n_hi:
            # the rest, bounded by the amplitude of the Hilbert response of the oscillating J^2
            # to the principal-value kernel 2d/(u^2 - 1) ~ (3/2) d X/(X - xi): (3/2) d n^2 X^{-q}
            p = 1.5 * Q - 2.0
            osc_err += 1.5 * d * z ** (-Q) * (special.zeta(p, n) - special.zeta(p, n_hi + 1))
        total, err = total + osc, err + osc_err
    return total, err


def _euler_maclaurin(n_lo, n_hi, z, d, xi0, mode):
    """sum_{n_lo <= n <= n_hi} of the smooth part of F_n (all of it for ``mode`` "full"):
    int_{n_lo-1/2}^{n_hi+1/2} dnu (Gauss-Legendre in log nu, WINDOW_RULES[mode]) minus
    [F'(b) - F'(a)]/24.  Error: the rule against one with half the panels, the
    Euler-Maclaurin correction, and the terms' own estimates."""
    a, b = n_lo - 0.5, n_hi + 0.5
    nodes, per_octave = WINDOW_RULES[mode]
    x, w = np.polynomial.legendre.leggauss(nodes)
    values = {}

    def f(nu):
        if nu not in values:
            values[nu] = f_term(nu, z, d, xi0, split=True, mode=mode)
        return values[nu]

    def rule(panels):
        edges = np.log(np.geomspace(a, b, panels + 1))
        total = err = 0.0
        for lo, hi in zip(edges[:-1], edges[1:]):
            for xk, wk in zip(x, w):
                nu = math.exp(0.5 * (lo + hi) + 0.5 * (hi - lo) * xk)
                v, e, _ = f(nu)
                total += 0.5 * (hi - lo) * wk * nu * v
                err += 0.5 * (hi - lo) * wk * nu * e
        return total, err
    panels = max(2, 2 * int(math.ceil(per_octave * 0.5 * math.log2(b / a))))
    fine, fine_err = rule(panels)
    coarse, _ = rule(panels // 2)
    slope_a = f(a + 0.5)[0] - f(a - 0.5)[0]
    slope_b = f(b + 0.5)[0] - f(b - 0.5)[0]
    correction = -(slope_b - slope_a) / 24.0
    return fine + correction, abs(fine - coarse) + abs(correction) + fine_err


def _bracket(z, d, xi0, n_max=None):
    """sum_n F_n (the bracket of F = P [...]) and its error: n <= N_MIN terms by quadrature,
    the window N_MIN < n < TAIL_START^2/z^2 by :func:`_window`, the far n by :func:`_tail`
    (with ``n_max``: the terms n <= n_max only)."""
    n_top = N_MIN if n_max is None else int(n_max)
    total = err = 0.0
    for n in range(1, n_top + 1):
        v, e = f_term(float(n), z, d, xi0)
        total, err = total + v, err + e
    if n_max is not None:
        return total, err
    m = max(n_top, int(math.ceil(TAIL_START**2 / (z * z))))     # z sqrt(n) >= TAIL_START beyond m
    if m > n_top:
        top = int(min(m, NU_WINDOW_MAX))
        v, e = _window(n_top + 1, top, z, d, xi0)
        total, err = total + v, err + e
        if top < m:
            # not computed: F_n ~ nu^{-5/3} (the resonant region, A - pi ~ -2d (1 + u^2)) or
            # faster; bounded by 1.5 nu F_nu at the last order, once more for safety
            last, _ = f_term(float(top), z, d, xi0)
            err += 3.0 * abs(last) * top
            return total, err
    # the far terms: closed form for the smooth part; their oscillating parts (bounded by
    # (3/2) d n^2 X^{-q} each) summed exactly for up to TAIL_OSC_TERMS terms while they matter
    n0 = m + 1
    osc_start = n0
    while (osc_start < n0 + TAIL_OSC_TERMS
           and 1.5 * d * z ** (-Q) * special.zeta(1.5 * Q - 2.0, osc_start) > 1e-14 * abs(total)):
        v, e = f_term(float(osc_start), z, d, xi0, only_oscillating=True)
        total, err = total + v, err + e
        osc_start += 1
    v, e = _tail(n0, z, d, kappa(d), osc_start)
    return total + v, err + e


def finite_correlation_part(mu: ArrayLike, eps: float,
                            delta: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""F = eq. (7) minus eq. (4): the finite-correlation-time part of D_mumu, in units of v/l.

    Eq. (7) in its derived form (module notes) minus its delta -> 0 limit, eq. (4):

    .. math:: F = P \sum_{n\ge 1} n^2 \int_{\xi_0}^\infty \xi^{-q} J_n(\xi)^2
              \big[A_n(\xi) - \pi H(\xi - X_n)\big]\,d\xi,
              \qquad P = \frac{2}{3} \frac{(1 - \mu^2)\, y^{4/3}}{\lvert\mu\rvert},

    A_n = atan2(2d, u_n^2 - 1 + d^2), u_n = n (z/xi)^{2/3}, d = delta/abs(mu), X_n = z n^{3/2},
    xi0 = eps sqrt(1 - mu^2) (the cut k_perp l = 1).  Away from the peak F is the
    non-resonant background that eq. (8) approximates: twice eq. (8) (the factor 2 of the
    arctan pair) up to eq. (8)'s dropped constant.  Unlike eq. (8)'s log, F/(1 - mu^2)
    stays bounded and smooth at abs(mu) -> 1 (the n = 1 resonance, X_1 = z -> 0, cuts the
    log): 3.0829e-4 at eps = 2.1e-3, delta = 1e-4 for 1 - mu <= 1e-6; F = 0 at abs(mu) = 1.

    Terms n <= N_MIN = 40 by quadrature, then the window of orders up to z sqrt(n) = 6
    (oscillating parts term by term, the smooth rest by Euler-Maclaurin over a continuous
    order), then the far terms in closed form (module notes).

    Accuracy (relative to the whole D_mumu of eq. 7): ~1e-13 to 2e-12 measured against
    term-by-term sums 300+ terms deep; stated errors median 2e-11, max 2e-10 over
    1 - mu in [1e-6, 0.999] at eps = 2.1e-3, delta = 1e-4.  Cost 0.1-0.3 s per point for
    abs(mu) < 0.999, 1-2 s nearer 1 (a loop over points): 1000 points graded toward
    abs(mu) = 1 take ~577 s on one core -- for a model, interpolate F/(1 - mu^2), which is
    smooth (what ``FirstPrinciples(..., background="finite-correlation")`` does).

    Parameters
    ----------
    mu : array_like of float
        Pitch-angle cosines, 0 < abs(mu) <= 1 (F is even in mu).
    eps : float
        eps = v / (l Omega); tested for 1e-4 <= eps <= 1e-2.
    delta : float
        delta = V_A / v > 0; tested for 1e-8 <= delta <= 1e-2 (about 1e-4 in the paper).

    Returns
    -------
    F : ndarray
        F / (v/l), 1-d (a scalar ``mu`` gives one element).
    error : ndarray
        Absolute error estimate of each value.

    Raises
    ------
    ParameterError
        If some abs(mu) is 0 or above 1.

    Examples
    --------
    >>> import numpy as np
    >>> from pitcheig.correlation import finite_correlation_part
    >>> from pitcheig.turbulence import d_mumu_eq8
    >>> f, err = finite_correlation_part([0.5], 2.1e-3, 1e-4)
    >>> print(f"F = {f[0]:.6e}, F / eq. (8) = {f[0] / d_mumu_eq8(0.5, 2.1e-3, 1e-4):.4f}")
    F = 1.733640e-04, F / eq. (8) = 2.1981
    >>> bool(err[0] < 1e-12 * f[0])
    True
    """
    mu_arr, s2, y, z, pref, d, xi0 = _variables(mu, eps, delta)
    out, err = np.zeros(mu_arr.size), np.zeros(mu_arr.size)
    for i in np.flatnonzero(s2 > 0.0):
        v, e = _bracket(z[i], d[i], xi0[i])
        out[i], err[i] = pref[i] * v, pref[i] * (e + 1e-14 * abs(v))
    return out, err


def d_mumu_eq7(mu: ArrayLike, eps: float, delta: float, form: str = "derived",
               n_max: int | None = None) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""D_mumu of eq. (7), the finite-correlation-time form, in units of v/l, with an error estimate.

    ``form="derived"``: eq. (7) as derived from eqs. (1)-(3) with the GS spectrum of
    eq. (2) (module notes): the k_par integral of the Lorentzian gives a pair of arctans,

    .. math:: \frac{D_{\mu\mu}}{v/l} = P \sum_{n\ge 1} n^2 \int_{\xi_0}^\infty \xi^{-q}
              J_n(\xi)^2 A_n(\xi)\,d\xi, \qquad
              A_n = \arctan\frac{1 + u_n}{d} + \arctan\frac{1 - u_n}{d},

    P = (2/3)(1 - mu^2) y^{4/3}/abs(mu), u_n = n (z/xi)^{2/3}, d = delta/abs(mu),
    xi0 = eps sqrt(1 - mu^2); it reduces to eq. (4) as delta -> 0, at first order in delta.
    ``form="printed"``: the printed formula, whose prefactor (1/3) l^{-1/3} Omega/(v mu) is
    made a rate by Omega -> Omega^2 (the only reading with the units of a rate, and the one
    the first form of eq. 8 uses): exactly half the derived form for every delta, so it
    tends to half of eq. (4).

    With ``n_max=None`` (all n), D = eq. (4) (:func:`pitcheig.turbulence.d_mumu_resonant`,
    all n, with its error) + :func:`finite_correlation_part`.  With ``n_max = N``, the terms
    abs(n) <= N only, each by quadrature.  Cost: that of :func:`finite_correlation_part`
    plus eq. (4)'s (0.1-0.3 s per point for abs(mu) < 0.999, 1-2.5 s nearer 1); with
    ``n_max`` a few ms per point.

    Parameters
    ----------
    mu : array_like of float
        Pitch-angle cosines, 0 < abs(mu) <= 1 (at mu = 0 eq. 7 is finite but P ~ 1/abs(mu):
        not covered).
    eps : float
        eps = v / (l Omega); tested for 1e-4 <= eps <= 1e-2.
    delta : float
        delta = V_A / v > 0; tested for 1e-8 <= delta <= 1e-2.
    form : {"derived", "printed"}, default "derived"
        Which reading of eq. (7) (see above; :data:`FORMS`).
    n_max : int or None, default None
        None: all n.  An integer N >= 1: only the terms abs(n) <= N (the paper's remark
        after eq. 8 that n = +-1 nearly suffices).

    Returns
    -------
    D : ndarray
        D_mumu / (v/l), 1-d (a scalar ``mu`` gives one element).
    error : ndarray
        Absolute error estimate of each value.

    Raises
    ------
    ParameterError
        If some abs(mu) is 0 or above 1, or ``form`` is not one of :data:`FORMS`.

    Examples
    --------
    >>> from pitcheig.correlation import d_mumu_eq7
    >>> d, err = d_mumu_eq7(0.5, 2.1e-3, 1e-4)
    >>> printed, _ = d_mumu_eq7(0.5, 2.1e-3, 1e-4, form="printed")
    >>> print(f"{d[0]:.6e} (error {err[0]:.0e}), printed / derived = {printed[0] / d[0]:.12f}")
    1.737474e-04 (error 6e-17), printed / derived = 0.500000000000

    The terms n = +-1 alone carry all but 3.6 % of it:

    >>> d1, _ = d_mumu_eq7(0.5, 2.1e-3, 1e-4, n_max=1)
    >>> print(f"{1 - d1[0] / d[0]:.4f}")
    0.0362
    """
    check_choice("form", form, FORMS)
    factor = 1.0 if form == "derived" else PRINTED_OVER_DERIVED
    mu_arr, s2, y, z, pref, d, xi0 = _variables(mu, eps, delta)
    if n_max is None:
        d4, rel4 = d_mumu_resonant(mu_arr, eps)
        f, ferr = finite_correlation_part(mu_arr, eps, delta)
        return factor * (d4 + f), factor * (np.abs(d4) * rel4 + ferr)
    out, err = np.zeros(mu_arr.size), np.zeros(mu_arr.size)
    for i in np.flatnonzero(s2 > 0.0):
        n = np.arange(1, int(n_max) + 1, dtype=float)
        t_sum = float(np.sum(n * n * tail_integrals(n, z[i] * n**1.5)))
        f_sum, f_err = _bracket(z[i], d[i], xi0[i], n_max=n_max)
        out[i] = pref[i] * (f_sum + math.pi * t_sum)
        err[i] = pref[i] * (f_err + 1e-14 * math.pi * t_sum)
    return factor * out, factor * err


# --- the limits, as numbers ---------------------------------------------------------

def delta_limit_table(points: tuple[tuple[float, float], ...] = ((0.5, 2.1e-3), (0.9, 2.1e-3), (0.99, 1e-3)),
                      deltas: tuple[float, ...] = (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8)
                      ) -> list[dict[str, Any]]:
    """Check 2(a) of the report: eq. (7) against eq. (4) as delta -> 0, both forms.

    For each (mu, eps) and delta, the ratio eq. (7)/eq. (4) (derived and printed forms,
    :func:`d_mumu_eq7`, :func:`pitcheig.turbulence.d_mumu_resonant`) and
    (ratio - 1)/delta (derived), which is constant if the approach is first order in delta.
    Measured with the defaults: (ratio - 1)/delta = 4.5219e6, 2.0517e4, 1424.84 at
    (mu, eps) = (0.5, 2.1e-3), (0.9, 2.1e-3), (0.99, 1e-3), the same to 3e-6 from
    delta = 1e-2 to 1e-8 (first order); the printed form tends to 1/2.  About 0.3 s per
    row (the defaults: 21 rows).

    Parameters
    ----------
    points : tuple of (float, float), default ((0.5, 2.1e-3), (0.9, 2.1e-3), (0.99, 1e-3))
        The (mu, eps) pairs, 0 < mu < 1, eps > 0.
    deltas : tuple of float, default (1e-2, 1e-3, ..., 1e-8)
        The values of delta = V_A / v > 0.

    Returns
    -------
    list of dict
        One row per (mu, eps, delta): keys ``"mu"``, ``"eps"``, ``"delta"``, ``"derived"``
        and ``"printed"`` (the ratios to eq. 4), ``"slope"`` ((derived - 1)/delta) and
        ``"error"`` (the estimated error of the derived ratio).

    Examples
    --------
    >>> from pitcheig.correlation import delta_limit_table
    >>> for row in delta_limit_table(points=((0.9, 2.1e-3),), deltas=(1e-4, 1e-5)):
    ...     print(f"{row['delta']:.0e}: {row['derived']:.6f} {row['printed']:.6f} {row['slope']:.1f}")
    1e-04: 3.051695 1.525848 20517.0
    1e-05: 1.205169 0.602585 20516.9
    """
    rows = []
    for mu, eps in points:
        d4, _ = d_mumu_resonant(np.array([mu]), eps)
        for delta in deltas:
            d7, e7 = d_mumu_eq7(np.array([mu]), eps, delta)
            ratio = d7[0] / d4[0]
            rows.append({"mu": mu, "eps": eps, "delta": delta, "derived": ratio,
                         "printed": PRINTED_OVER_DERIVED * ratio, "slope": (ratio - 1.0) / delta,
                         "error": e7[0] / d4[0]})
    return rows


def eq8_table(mus: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9), epss: tuple[float, ...] = (1e-2, 1e-3, 1e-4),
              delta: float = 1e-4) -> list[dict[str, Any]]:
    """Check 2(b) of the report: F = eq. (7) - eq. (4) against both forms of eq. (8).

    F is :func:`finite_correlation_part` (derived form of eq. 7); the forms of eq. (8) are
    :func:`pitcheig.turbulence.d_mumu_eq8_integral` and :func:`pitcheig.turbulence.d_mumu_eq8`.
    Measured: F/eq8_integral - 2 ~ 1.6 z^{-4/3}/ln(1/xi0) (8e-6 at y = 99, 0.076 at
    y = 4.4); F/eq8_log = 2 (1 + C/(ln(1/xi0)/2)) with C = (1 + 2 ln 2 - 2 gamma)/4 =
    0.308, the constant the log form drops (2.13-2.31 for eps = 1e-4 .. 1e-2).  The
    printed eq. (7) gives half these ratios.  0.1-0.3 s per row (defaults: 15 rows).

    Parameters
    ----------
    mus : tuple of float, default (0.1, 0.3, 0.5, 0.7, 0.9)
        Pitch-angle cosines, 0 < mu < 1, away from the peak (y > 1).
    epss : tuple of float, default (1e-2, 1e-3, 1e-4)
        Values of eps, 0 < eps < 1.
    delta : float, default 1e-4
        delta = V_A / v > 0.

    Returns
    -------
    list of dict
        One row per (eps, mu): keys ``"mu"``, ``"eps"``, ``"y"``, ``"F/eq8_integral"``,
        ``"F/eq8_log"`` and ``"error"`` (the relative error estimate of F).

    Examples
    --------
    >>> from pitcheig.correlation import eq8_table
    >>> (row,) = eq8_table(mus=(0.5,), epss=(1e-3,))
    >>> print(f"y = {row['y']:.2f}: {row['F/eq8_integral']:.6f} {row['F/eq8_log']:.6f}")
    y = 27.39: 2.001417 2.176233
    """
    rows = []
    for eps in epss:
        mu = np.array(mus, dtype=float)
        f, e = finite_correlation_part(mu, eps, delta)
        i8 = d_mumu_eq8_integral(mu, eps, delta)
        l8 = np.asarray(d_mumu_eq8(mu, eps, delta))
        for k in range(mu.size):
            rows.append({"mu": mu[k], "eps": eps, "y": math.sqrt((1 - mu[k] ** 2) / eps),
                         "F/eq8_integral": f[k] / i8[k], "F/eq8_log": f[k] / l8[k], "error": e[k] / f[k]})
    return rows


def bessel_sum_table(mus: tuple[float, ...] = (0.3, 0.7, 0.9, 0.99, 0.999), eps: float = 2.1e-3,
                     delta: float = 1e-4) -> list[dict[str, Any]]:
    """Check 2(c) of the report: the share of the terms abs(n) >= 2 in eq. (7).

    The paper (after eq. 8) says the terms n = +-1 give "approximately the same result"
    as the complete sum.  Returns 1 - D(abs(n) <= 1)/D for eq. (7) (:func:`d_mumu_eq7`,
    derived form) and the same for F = eq. (7) - eq. (4) alone.  Measured (eps = 2.1e-3,
    delta = 1e-4): 3.6-3.8 % for abs(mu) <= 0.9, 9.6 % and 8.8 % at 0.99, 0.999; in F
    alone 3.1-4.1 %.  0.2-2.5 s per mu.

    Parameters
    ----------
    mus : tuple of float, default (0.3, 0.7, 0.9, 0.99, 0.999)
        Pitch-angle cosines, 0 < mu < 1.
    eps : float, default 2.1e-3
        eps = v / (l Omega), 0 < eps < 1.
    delta : float, default 1e-4
        delta = V_A / v > 0.

    Returns
    -------
    list of dict
        One row per mu: keys ``"mu"``, ``"share_n_ge_2"`` (in eq. 7) and ``"share_in_F"``.

    Examples
    --------
    >>> from pitcheig.correlation import bessel_sum_table
    >>> (row,) = bessel_sum_table(mus=(0.5,))
    >>> print(f"{row['share_n_ge_2']:.4f} {row['share_in_F']:.4f}")
    0.0362 0.0362
    """
    mu = np.array(mus)
    d_all, _ = d_mumu_eq7(mu, eps, delta)
    d_one, _ = d_mumu_eq7(mu, eps, delta, n_max=1)
    d4, _ = d_mumu_resonant(mu, eps)
    d4_one = d_mumu_resonant_n1(mu, eps)
    f_all, f_one = d_all - d4, d_one - d4_one
    return [{"mu": m, "share_n_ge_2": 1.0 - a / b, "share_in_F": 1.0 - c / e}
            for m, a, b, c, e in zip(mu, d_one, d_all, f_one, f_all)]


def d_mumu_resonant_n1(mu: ArrayLike, eps: float) -> NDArray[np.float64]:
    r"""The n = +-1 term of eqs. (4)-(5) alone, D_mumu in units of v/l.

    .. math:: \frac{D_{\mu\mu}^{(n=1)}}{v/l} = \frac{2\pi}{3}\frac{1 - \mu^2}{\lvert\mu\rvert}
              y^{4/3} \int_z^\infty J_1(x)^2 x^{-q}\,dx,

    for the comparison of the n = +-1 terms with the complete sum (:func:`bessel_sum_table`;
    the paper after eq. 6: "with a 5 % accuracy the n = 1 term in eq. (5) would suffice").

    Parameters
    ----------
    mu : array_like of float
        Pitch-angle cosines, 0 < abs(mu) <= 1.
    eps : float
        eps = v / (l Omega) > 0.

    Returns
    -------
    ndarray
        The n = 1 part of D_mumu / (v/l), 1-d; accurate to ~1e-14 relative
        (:func:`pitcheig.turbulence.tail_integrals`).

    Raises
    ------
    ParameterError
        If some abs(mu) is 0 or above 1.

    Examples
    --------
    >>> from pitcheig.correlation import d_mumu_resonant_n1
    >>> from pitcheig.turbulence import d_mumu_resonant
    >>> d1 = d_mumu_resonant_n1([0.5], 2.1e-3)
    >>> d, _ = d_mumu_resonant([0.5], 2.1e-3)
    >>> print(f"{d1[0]:.6e}, {d1[0] / d[0]:.4f} of eq. (4)")
    3.625297e-07, 0.9456 of eq. (4)
    """
    mu, s2, y, z, pref, _, _ = _variables(mu, eps, 0.0)
    return pref * math.pi * tail_integrals(np.ones_like(z), z)


def validity_table(epss: tuple[float, ...] = (1e-2, 2.1e-3, 1e-4), deltas: tuple[float, ...] = (1e-3, 1e-4, 1e-5),
                   grid: int = 400) -> list[dict[str, Any]]:
    """Check 2(d) of the report: where the finite correlation time takes over, against the paper.

    The paper (before eq. 7) says the finite correlation time matters "when
    delta ln(1/eps) >~ eps^{3/2} abs(mu)^{11/2} (1 - mu^2)^{-3/2}".  Per (eps, delta) this
    returns the 1 - mu where that condition turns to equality (the grid point before the
    sign change, on ``grid`` points geometric in 1 - mu from 1e-7 to 0.999) and the 1 - mu
    where F = eq. (7) - eq. (4) equals eq. (4) (the non-resonant part of eq. 7 overtakes
    the resonant one), from a scan of about 40 points beyond the peak (1 - mu > eps)
    refined by 30 bisection steps.  Measured: the outermost computed crossing lies at
    0.36-0.88 of the paper's 1 - mu, where eps^{3/2} mu^{11/2} (1 - mu^2)^{-3/2} /
    (delta ln(1/eps)) = 2.2-5.4 instead of ~1.  Cost: 10-25 s per (eps, delta) pair.

    Parameters
    ----------
    epss : tuple of float, default (1e-2, 2.1e-3, 1e-4)
        Values of eps, 0 < eps < 1.
    deltas : tuple of float, default (1e-3, 1e-4, 1e-5)
        Values of delta = V_A / v > 0.
    grid : int, default 400
        Points of the scan in 1 - mu, >= 2 (the computed scan uses every k-th of those
        beyond the peak, about 40).

    Returns
    -------
    list of dict
        One row per (eps, delta): keys ``"eps"``, ``"delta"``, ``"one_minus_mu_paper"`` and
        ``"one_minus_mu_computed"`` (lists of the crossings found, possibly empty).

    Examples
    --------
    Not run in the doctests (23 s; the report's rows are cached by
    ``python -m pitcheig.studies.finite_correlation``):

    >>> from pitcheig.correlation import validity_table
    >>> (row,) = validity_table(epss=(2.1e-3,), deltas=(1e-4,), grid=8)  # doctest: +SKIP
    >>> [round(t, 4) for t in row["one_minus_mu_paper"] + row["one_minus_mu_computed"]]  # doctest: +SKIP
    [0.0999, 0.0649]
    """
    rows = []
    for eps in epss:
        for delta in deltas:
            t = np.geomspace(1e-7, 0.999, grid)            # t = 1 - mu

            def paper(tt):
                m = 1.0 - tt
                return delta * math.log(1.0 / eps) - eps**1.5 * m**5.5 * (tt * (2 - tt)) ** -1.5
            cond = np.array([paper(tt) for tt in t])
            k = np.flatnonzero(np.diff(np.sign(cond)) != 0)
            t_paper = [float(t[j]) for j in k]
            # computed: coarse scan then bisection on the sign of F - D4 (outside the peak)
            sel = t > eps                                   # y > 1: beyond the peak
            tt = t[sel][:: max(1, sel.sum() // 40)]
            f, _ = finite_correlation_part(1.0 - tt, eps, delta)
            d4, _ = d_mumu_resonant(1.0 - tt, eps)
            sign = np.sign(f - d4)
            j = np.flatnonzero(np.diff(sign) != 0)
            t_comp = []
            for jj in j:
                a, b = tt[jj], tt[jj + 1]
                for _ in range(30):
                    m = math.sqrt(a * b)
                    fm, _ = finite_correlation_part(np.array([1 - m]), eps, delta)
                    dm, _ = d_mumu_resonant(np.array([1 - m]), eps)
                    if np.sign(fm[0] - dm[0]) == sign[jj]:
                        a = m
                    else:
                        b = m
                t_comp.append(math.sqrt(a * b))
            rows.append({"eps": eps, "delta": delta, "one_minus_mu_paper": t_paper,
                         "one_minus_mu_computed": t_comp})
    return rows


def plateau_table(epss: tuple[float, ...] = (2.1e-3, 1e-4),
                  deltas: tuple[float, ...] = (1e-3, 1e-4, 1e-5)) -> list[dict[str, Any]]:
    """Check 2(e) of the report: the paper's "falls down to ~delta of its peak value" at y = j_1.

    The paper (after eq. 10): as y approaches j_1, D_mumu/(1 - mu^2) "falls down to
    ~delta of its peak value at abs(mu) = 1 and remains approximately constant, eq. (8)".
    Per (eps, delta): ratio = [D/(1 - mu^2) at y = j_1] / [D/(1 - mu^2) at mu -> 1], with D
    from eq. (7), derived form (:func:`d_mumu_eq7`); at mu -> 1 (evaluated at
    1 - mu = 1e-12) D/(1 - mu^2) -> pi/8 + F/(1 - mu^2) (the eq. 10 limit plus the finite
    correlation part).  Measured: ratio = 5.7e-3 + (7.5 .. 11.4) delta -- the resonant part
    leaves 5.7e-3 of the peak at y = j_1 whatever delta, the finite correlation time adds
    ~7.5 delta (eps = 2.1e-3) or ~11.4 delta (eps = 1e-4); ratio/delta = 13, 64, 576 at
    delta = 1e-3, 1e-4, 1e-5, not ~1.  Cost: 1.5-7 s per (eps, delta) pair.

    Parameters
    ----------
    epss : tuple of float, default (2.1e-3, 1e-4)
        Values of eps, 0 < eps < 1/j_1^2 (y = j_1 inside the interval).
    deltas : tuple of float, default (1e-3, 1e-4, 1e-5)
        Values of delta = V_A / v > 0.

    Returns
    -------
    list of dict
        One row per (eps, delta): keys ``"eps"``, ``"delta"``, ``"ratio"``,
        ``"ratio_over_delta"``, ``"resonant_share"`` (eq. 4's part of the ratio),
        ``"finite_correlation_share_over_delta"``, ``"peak"`` (D/(1 - mu^2) at mu -> 1)
        and ``"pi/8"``.

    Examples
    --------
    Not run in the doctests (4 s; cached by ``python -m pitcheig.studies.finite_correlation``):

    >>> from pitcheig.correlation import plateau_table
    >>> (row,) = plateau_table(epss=(2.1e-3,), deltas=(1e-4,))  # doctest: +SKIP
    >>> print(f"{row['ratio']:.3e} {row['resonant_share']:.3e} {row['peak']:.5f}")  # doctest: +SKIP
    6.435e-03 5.682e-03 0.39301
    """
    rows = []
    for eps in epss:
        for delta in deltas:
            s2 = eps * J1_ZERO**2
            mu_j = math.sqrt(1.0 - s2)
            mu_1 = 1.0 - 1e-12
            dj, ej = d_mumu_eq7(np.array([mu_j]), eps, delta)
            d1, e1 = d_mumu_eq7(np.array([mu_1]), eps, delta)
            rj, _ = d_mumu_resonant(np.array([mu_j]), eps)
            peak = d1[0] / ((1.0 - mu_1) * (1.0 + mu_1))
            ratio = dj[0] / s2 / peak
            rows.append({"eps": eps, "delta": delta, "ratio": ratio, "ratio_over_delta": ratio / delta,
                         "resonant_share": rj[0] / s2 / peak,
                         "finite_correlation_share_over_delta": (dj[0] - rj[0]) / s2 / peak / delta,
                         "peak": peak, "pi/8": math.pi / 8.0})
    return rows


def timing(n_points=1000, eps=2.1e-3, delta=1e-4):
    """Seconds for :func:`finite_correlation_part` at ``n_points`` mu graded toward 1
    (t = 1 - mu from 1e-6 to 0.999, geometric) -- the FirstPrinciples use case."""
    mu = 1.0 - np.geomspace(1e-6, 0.999, n_points)
    t0 = time.perf_counter()
    finite_correlation_part(mu, eps, delta)
    return time.perf_counter() - t0
