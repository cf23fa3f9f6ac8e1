"""Taylor data of the coefficient models at the ends, D(t) = sum_k d_k t^k with
t = 1 - s mu (issue 3, item 2).  Exact series, in float or mpmath arithmetic.

* flat: D = 1.
* peak (eqs. 24-26) at a peaked end: D = 1 + F(t/b)/a for t <= b, with
  F(w) = (pi/2) g(w)^2 and g(w) = J1(z)/z, z = j1 sqrt(w), an entire function:
  J1(z)/z = sum_k (-1)^k (z^2/4)^k / (2 k! (k+1)!), so g_k = (-1)^k (j1^2/4)^k / (2 k! (k+1)!).
  The series of D converges for all t, but it represents D only for t <= b,
  and the solution Psi is singular where D vanishes: for small a, D has complex
  zeros near w = 1 +- i 4 sqrt(a), so the series of Psi converges only to
  t ~ b (1 - O(sqrt a)).
* peak model at an end without a peak: D = 1 (F vanishes for w > 1).
* user-supplied D: from a Chebyshev fit near the end, with a conservative
  radius of trust from the Bernstein ellipse of the fit (fitted_end_taylor).
"""

import math

import mpmath


def _arith(digits):
    """(j1, pi, number constructor) in float or in mpmath with ``digits`` digits."""
    if digits is None:
        from pitcheig.models import J1_ZERO
        return J1_ZERO, math.pi, float
    return mpmath.besseljzero(1, 1), mpmath.pi, mpmath.mpf


def peak_shape_series(order, digits=None):
    """Taylor coefficients f_0..f_order of F(w) = (pi/2) (J1(z)/z)^2, z = j1 sqrt(w)."""
    j1, pi, num = _arith(digits)
    with mpmath.workdps(digits or 15):
        x = j1 * j1 / 4
        g = [num((-1) ** k) * x**k / (2 * math.factorial(k) * math.factorial(k + 1))
             for k in range(order + 1)]
        return [pi / 2 * sum(g[i] * g[k - i] for i in range(k + 1)) for k in range(order + 1)]


def end_taylor(model, s, order, digits=None):
    """d_0..d_order of D at the end mu = s (t = 1 - s mu) for the flat and peak models."""
    _, _, num = _arith(digits)
    d = [num(1)] + [num(0)] * order
    signs = getattr(model, "signs", ())
    if s in signs:
        with mpmath.workdps(digits or 15):
            b, a = (model.peak_width, model.a) if digits is None else model.mp_parameters()
            for k, f_k in enumerate(peak_shape_series(order, digits)):
                d[k] += f_k / (a * b**k)
    return d


def fitted_end_taylor(func, s, span, order=None, tol=1e-14):
    """Taylor data of a user-supplied D at the end mu = s from a Chebyshev fit on
    t in [0, span] (t = 1 - s mu; span up to the first breakpoint), and the radius
    in t within which that series can be trusted.

    The fit is resolved with pitcheig's oracle (chebtech.resolved); its
    coefficients decay like rho^-n, so D is analytic inside the Bernstein ellipse
    rho of [0, span], whose nearest point to the end t = 0 lies at
    (span/2) ((rho + 1/rho)/2 - 1): a conservative radius of convergence of the
    Taylor series at the end.  Returns (d_0..d_N, radius, resolved)."""
    import numpy as np
    from numpy.polynomial import chebyshev, polynomial

    from pitcheig.chebtech import chebpts2, resolved, vals2coeffs

    for npts in (17, 33, 65, 129, 257):
        x = chebpts2(npts)
        t = 0.5 * span * (x + 1.0)
        coeffs = vals2coeffs(np.asarray(func(s * (1.0 - t)), dtype=float))
        scale = float(np.max(np.abs(coeffs)))
        res = resolved(coeffs, scale, tol)
        if res.happy:
            break
    n = max(res.cutoff, 2)
    decay = np.abs(coeffs[: n]) / scale
    k = np.nonzero(decay > 1e3 * tol)[0]
    rho = float(np.exp(-np.polyfit(k, np.log(decay[k]), 1)[0])) if k.size >= 3 else np.inf
    rho = max(rho, 1.0 + 1e-12)
    radius = 0.5 * span * (0.5 * (rho + 1.0 / rho) - 1.0) if np.isfinite(rho) else np.inf
    # Chebyshev in x = 2t/span - 1  ->  monomials in x  ->  monomials in t
    in_x = chebyshev.cheb2poly(coeffs[: n])
    shift = polynomial.Polynomial(in_x)(polynomial.Polynomial([-1.0, 2.0 / span]))
    d = list(shift.coef[: (order or n) + 1])
    return d, radius, bool(res.happy)
