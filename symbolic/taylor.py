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

These are the data d_k that the Frobenius recurrences of :mod:`pitcheig.symbolic.frobenius`
take (through p_k, the coefficients of P = t (2 - t) D), and that the shooting solver
(:mod:`pitcheig.shoot`) starts from.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Callable

import mpmath

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    from pitcheig.models import CoefficientModel

__all__ = ["peak_shape_series", "end_taylor", "fitted_end_taylor"]


def _arith(digits):
    """(j1, pi, number constructor) in float or in mpmath with ``digits`` digits."""
    if digits is None:
        from pitcheig.models import J1_ZERO
        return J1_ZERO, math.pi, float
    return mpmath.besseljzero(1, 1), mpmath.pi, mpmath.mpf


def peak_shape_series(order: int, digits: int | None = None) -> list[Any]:
    r"""Taylor coefficients f_0..f_order of the peak shape F(w) of eq. (26), exactly.

    .. math:: F(w) = \frac{\pi}{2} \Big(\frac{J_1(z)}{z}\Big)^2, \quad z = j_1\sqrt{w},
              \qquad \frac{J_1(z)}{z} = \sum_k \frac{(-1)^k (z^2/4)^k}{2\, k!\, (k+1)!},

    so g_k = (-1)^k (j1^2/4)^k / (2 k! (k+1)!) and f_k = (pi/2) sum_i g_i g_(k-i) (the
    Cauchy product).  The series converges for every w (F is entire in w), but it is
    F only for w <= 1 (eq. 26 sets F = 0 beyond).

    Parameters
    ----------
    order : int
        The highest power, >= 0.
    digits : int or None, default None
        None: double precision floats.  An integer: mpmath numbers computed with that many
        significant digits (j1 from ``mpmath.besseljzero``).

    Returns
    -------
    list of float or mpmath.mpf
        f_0, ..., f_order; f_0 = F(0) = pi/8.

    Examples
    --------
    >>> import math, mpmath
    >>> from pitcheig.symbolic.taylor import peak_shape_series
    >>> f = peak_shape_series(3)
    >>> print([round(fk, 10) for fk in f], f[0] == math.pi / 8)
    [0.3926990817, -1.4413990972, 2.2044353363, -1.8879848686] True
    >>> with mpmath.workdps(30):
    ...     print(mpmath.nstr(peak_shape_series(0, digits=30)[0] - mpmath.pi / 8, 3))
    0.0
    """
    j1, pi, num = _arith(digits)
    with mpmath.workdps(digits or 15):
        x = j1 * j1 / 4
        g = [num((-1) ** k) * x**k / (2 * math.factorial(k) * math.factorial(k + 1))
             for k in range(order + 1)]
        return [pi / 2 * sum(g[i] * g[k - i] for i in range(k + 1)) for k in range(order + 1)]


def end_taylor(model: CoefficientModel, s: float, order: int, digits: int | None = None) -> list[Any]:
    """Taylor data d_0..d_order of D at the end mu = s, in t = 1 - s mu, for the flat and peak models.

    Flat model: D = 1.  Peak model (eqs. 24-26; also the physical model, whose a comes
    from eq. 11) at an end s that carries a peak: D(t) = 1 + F(t/b)/a for t <= b, so
    d_k = [k = 0] + f_k / (a b^k) with f_k from :func:`peak_shape_series`; at an end
    without one, D = 1.  The series of D converges for all t but is D only for t <= b, and
    Psi's series converges only to t ~ b (1 - O(sqrt a)) (D's complex zeros near
    w = 1 +- 4i sqrt(a)).

    Parameters
    ----------
    model : CoefficientModel
        A :class:`pitcheig.Flat`, :class:`pitcheig.Peak` or :class:`pitcheig.Physical`
        (anything with ``signs``, ``peak_width`` (b), ``a`` and ``mp_parameters()`` for a
        peak; without ``signs`` the model is taken as flat).
    s : float
        The end, 1.0 or -1.0.
    order : int
        The highest power of t, >= 0.
    digits : int or None, default None
        None: floats; an integer: mpmath numbers with that many digits, from the model's
        exact eps and a.

    Returns
    -------
    list of float or mpmath.mpf
        d_0, ..., d_order.

    Examples
    --------
    >>> from pitcheig import Peak
    >>> from pitcheig.symbolic.taylor import end_taylor
    >>> model = Peak(1e-2, 1e-3, "+1")
    >>> [f"{dk:.6e}" for dk in end_taylor(model, 1.0, 2)]      # D(1) = 1 + pi/(8a)
    ['3.936991e+02', '-1.963495e+04', '4.090615e+05']
    >>> end_taylor(model, -1.0, 2)                              # no peak at mu = -1
    [1.0, 0.0, 0.0]
    """
    _, _, num = _arith(digits)
    d = [num(1)] + [num(0)] * order
    signs = getattr(model, "signs", ())
    if s in signs:
        with mpmath.workdps(digits or 15):
            b, a = (model.peak_width, model.a) if digits is None else model.mp_parameters()
            for k, f_k in enumerate(peak_shape_series(order, digits)):
                d[k] += f_k / (a * b**k)
    return d


def fitted_end_taylor(func: Callable[[NDArray[Any]], ArrayLike], s: float, span: float,
                      order: int | None = None, tol: float = 1e-14) -> tuple[list[float], float, bool]:
    """Taylor data of a user-supplied D at the end mu = s from a Chebyshev fit, with a radius of trust.

    The fit is on t in [0, span] (t = 1 - s mu; span up to the first breakpoint), resolved
    with pitcheig's oracle (``chebtech.resolved``, standardChop) on 17 to 257 points.  Its
    coefficients decay like rho^-n, so D is analytic inside the Bernstein ellipse rho of
    [0, span], whose nearest point to the end t = 0 lies at
    (span/2) ((rho + 1/rho)/2 - 1): a conservative radius of convergence of the Taylor
    series at the end.  The k-th coefficient carries an error of about
    tol (2/span)^k k^2.

    Parameters
    ----------
    func : callable
        D(mu), vectorised: maps an array of mu to an array of values.
    s : float
        The end, 1.0 or -1.0.
    span : float
        Length of the fitted interval in t, 0 < span <= 2, on which D is smooth.
    order : int or None, default None
        The highest power returned; None: as many as the fit has coefficients.
    tol : float, default 1e-14
        Relative tolerance of the resolution check.

    Returns
    -------
    d : list of float
        d_0, d_1, ... of D(t) = sum d_k t^k.
    radius : float
        The radius in t within which the series can be trusted (inf for a polynomial).
    resolved : bool
        Whether the fit was resolved within 257 points.

    Examples
    --------
    D = 1/(1 + 4 t^2) about mu = 1 (t = 1 - mu): Taylor series 1 - 4 t^2 + 16 t^4 - ...,
    poles at t = +- i/2, radius of convergence 1/2.

    >>> import numpy as np
    >>> from pitcheig.symbolic.taylor import fitted_end_taylor
    >>> d, radius, ok = fitted_end_taylor(lambda mu: 1 / (1 + 4 * (1 - mu) ** 2), 1.0, 0.3)
    >>> print(np.round(d[:5], 5) + 0.0, ok, bool(0.2 < radius <= 0.5))
    [ 1.  0. -4.  0. 16.] True True
    """
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
