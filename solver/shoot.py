"""Independent eigen-solver from the Frobenius series, with analytic continuation
(issue 3, item 3): "shoot".

From each end s = +-1 the regular solution (Psi(s) = 1) is carried to the
matching point mu = 0 in three legs, every leg a power series whose
coefficients come from the generated recurrences (``_recurrence``):

1. at a peaked end, in w = t/b (t = 1 - s mu), where the equation reads
   (Q Psi_w)_w + lam b (u + s - s b w) Psi = 0, Q = w (2 - b w) D(w) and
   D(w) = 1 + F(w)/a has an exact Taylor series (taylor.py): the Frobenius
   series to w = 1/2, then Taylor steps about regular points up to the kink
   w = 1, each step at most half the distance to the nearest singularity (the
   end w = 0, or the complex zeros of D at w ~ 1 +- i sqrt(a/C),
   C = (pi/8) J0(j1)^2), landing exactly on w = 1;
2. outside the peak, D = 1, in t: Taylor steps from t = b (or the Frobenius
   series to t = 1/2 at an end without a peak) to t = 1, each at most half the
   distance to t = 0 and to t = 2 and short enough for the local wavelength;
3. at mu = 0 the Wronskian W(lam) = Psi_L G_R - Psi_R G_L, G = (1 - mu^2) D dPsi/dmu.

The coefficients work with floats, numpy arrays of lam (vectorised scans) and
mpmath numbers (``digits``).  Roots: a sign-change scan on each side of
lam = 0 in double precision, then brentq (double) or mpmath.findroot.

Truncation: a step of ratio h/r <= 1/2 uses enough terms for 2^-n to fall
below 10^-(digits + 6), plus a margin; every sum checks that its last three
terms are negligible (1e-13 of its scale in double precision, 10^-(digits+6)
in mpmath) and raises otherwise.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, Union

import mpmath
import numpy as np
from scipy import optimize

from .exact import to_mpf
from .progress import ProgressCallback

from .symbolic import _recurrence
from .symbolic.taylor import peak_shape_series

if TYPE_CHECKING:
    from decimal import Decimal
    from fractions import Fraction

    from .exact import Exact
    from .models import CoefficientModel
    from .result import EigenResult

    #: A real parameter as pitcheig.exact takes it (a string or Fraction is exact, a float binary).
    RealLike: TypeAlias = Union[float, str, Fraction, Decimal, Exact]

__all__ = ["solve", "eigenvalues", "flat_eigenvalues", "ShootingFailure", "SCAN_LIMIT"]

#: The sign-change scan of W gives up beyond this abs(lambda) (1e7).
SCAN_LIMIT = 1e7


class ShootingFailure(RuntimeError):
    """The series solver could not compute an eigenvalue.

    Raised by :func:`eigenvalues` when a series does not converge within its
    terms (the truncation check), when no root lies within the scan
    (abs(lambda) up to :data:`SCAN_LIMIT`), when the scan's bracket does not
    bracket W on a second path, or when the ``deadline`` has passed.
    :func:`solve` (and ``eigs(method="shoot")``) catch it and return a result
    with ``converged=False`` and the reason in ``message``.

    Parameters
    ----------
    message : str
        What failed, and where.

    Examples
    --------
    >>> from pitcheig import Flat
    >>> try:
    ...     eigenvalues(Flat(), "0", k=1, deadline=0.0)    # a deadline already past
    ... except ShootingFailure as exc:
    ...     print(exc)
    time budget (max_seconds) exhausted
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)


def p_from_d(d):
    """Taylor coefficients of P(t) = t (2 - t) D(t): p_j = 2 d_(j-1) - d_(j-2) (frobenius.p_coefficients)."""
    zero = 0 * d[0]
    padded = [zero, zero] + list(d) + [zero]        # padded[j + 1] = d_(j - 1)
    return [zero] + [2 * padded[j + 1] - padded[j] for j in range(1, len(d) + 2)]


def _convolve(x, y):
    out = [0 * x[0] * y[0]] * (len(x) + len(y) - 1)
    for i, xi in enumerate(x):
        for k, yk in enumerate(y):
            out[i + k] = out[i + k] + xi * yk
    return out


def _sum_series(a, h, digits):
    """(sum a_n h^n, sum n a_n h^(n-1)); raises if the last three terms are not
    small against the sum's scale (the truncation check)."""
    value, slope, power, scale = 0 * a[0], 0 * a[0], 1, 0.0
    for k, ak in enumerate(a):
        if k:
            slope = slope + k * ak * power / h if h != 0 else slope
        term = ak * power
        value = value + term
        scale = max(scale, float(np.max(np.abs(term))))
        power = power * h
    tail = max(float(np.max(np.abs(a[k] * h**k))) for k in range(len(a) - 3, len(a)))
    # the terms stop decaying at rounding level: allow 1e-13 in double precision,
    # 10^-(digits - 4) of the working precision in mpmath (6 digits beyond the target)
    if tail > (1e-13 if digits is None else 10.0 ** -(digits - 4)) * scale:
        raise ShootingFailure(f"series truncated too early: tail {tail:.1e} of scale {scale:.1e}")
    return value, slope


class Arithmetic:
    """Float (digits None) or mpmath arithmetic with the model's constants, and the
    step fraction (each Taylor step spans at most this fraction of the local radius)."""

    def __init__(self, digits, step_fraction=0.5):
        self.digits = digits
        self.step_fraction = step_fraction
        self.num = float if digits is None else mpmath.mpf
        self.terms = int(((digits or 16) + 6) * math.log2(10)) + 12
        with mpmath.workdps(digits or 16):
            j1 = mpmath.besseljzero(1, 1)
            self.layer_c = self.num(mpmath.pi / 8 * mpmath.besselj(0, j1) ** 2)


class EndData:
    """What the continuation needs to know about D at one end of the peak model."""

    def __init__(self, model, s, arith):
        self.s = s
        self.peaked = s in getattr(model, "signs", ())
        num = arith.num
        if self.peaked:
            with mpmath.workdps(arith.digits or 16):
                if arith.digits is None:
                    self.b, self.a = model.peak_width, model.a
                else:        # the exact eps, a (or delta) the user gave, at the working precision
                    self.b, self.a = model.mp_parameters()
                f = peak_shape_series(60, arith.digits)
                self.dw = [num(1) + f[0] / self.a] + [fk / self.a for fk in f[1:]]   # D in w


def local_peak_coefficients(end, w0, rho, order, arith):
    """Taylor coefficients of D(w0 + rho eta) in eta, inside the peak.

    Re-expanding the series at w = 0 about w0 cancels catastrophically (terms of
    size 1/a summing to D ~ 1 near w = 1), so g(w) = J1(z)/z, z = j1 sqrt(w), is
    expanded from its own ODE 4 w g'' + 8 g' + j1^2 g = 0 (from
    y'' + 3 y'/z + y = 0 for y = J1(z)/z), started from g(w0) and
    g'(w0) = -j1^2 J2(z)/(2 z^2) evaluated directly; D = 1 + (pi/2) g^2 / a."""
    num = arith.num
    with mpmath.workdps(arith.digits or 16):
        j1 = mpmath.besseljzero(1, 1)
        z = j1 * mpmath.sqrt(w0)
        g0, g1 = mpmath.besselj(1, z) / z, -j1**2 * mpmath.besselj(2, z) / (2 * z * z)
        j1sq, pi = num(j1 * j1), num(mpmath.pi)
    gamma = [num(g0), num(g1) * rho]
    negligible = 10.0 ** -((arith.digits or 16) + 2) * float(abs(gamma[0]) + abs(gamma[1]) + 1e-300)
    for n in range(order - 1):
        scale = 4 * (n + 1) * (n + 2)
        gamma.append(-(scale * gamma[n + 1] * rho + j1sq * gamma[n] * rho * rho) / (w0 * scale))
        # when rho is set by the wavelength rather than by D's zeros, D's scaled
        # coefficients fall much faster than the solution's: stop once negligible
        if n >= 4 and all(float(abs(g)) < negligible for g in gamma[-4:]):
            break
    square = _convolve(gamma, gamma)[: min(order + 1, 2 * len(gamma) - 1)]
    return [(1 if m == 0 else 0) + pi / 2 * square[m] / end.a for m in range(len(square))]


def _scaled_step(p_local, w_local, psi, dpsi, h, rho, arith):
    """One Taylor step about a regular point in the scaled variable eta = (x - x0)/rho:
    p_local, w_local are the coefficients of P and of the weight in eta (the weight
    already multiplied by rho^2); returns Psi and dPsi/dx at x0 + h."""
    a = _recurrence.regular_point_coefficients(arith.terms, p_local, w_local, psi, dpsi * rho)
    value, slope = _sum_series(a, h / rho, arith.digits)
    return value, slope / rho


def _steps(x0, x_end, radius, wavelength, fraction):
    """Step ends from x0 to x_end, each at most ``fraction`` of the local radius and a wavelength."""
    points = []
    x = x0
    while x < x_end:
        h = min(fraction * radius(x), wavelength(x))
        x = x_end if x_end - x <= h else x + h
        points.append(x)
    return points


def _frobenius_reach(lam, scale):
    """How far to sum a Frobenius series before stepping: 1/2 (half the distance to
    the nearest singularity), and no further than where lam * scale * x = 4, beyond
    which its terms ~ (lam scale x / 2)^n / (n!)^2 would grow to e^3 and cost digits
    to cancellation in an oscillatory solution."""
    lam_max = float(np.max(np.abs(lam)))
    return min(0.5, 4.0 / (lam_max * scale + 1e-300))


def _peak_leg(end, lam, u, arith):
    """Psi and dPsi/dt at t = b from the peaked end (legs in w = t/b)."""
    s, b, num = end.s, end.b, arith.num
    lam_max = float(np.max(np.abs(lam)))
    q = _convolve([0 * b, 2 + 0 * b, -b], end.dw)
    weight = [lam * b * (u + s), -lam * s * b * b]
    c = _recurrence.regular_coefficients(arith.terms, q, weight)
    w0 = num(_frobenius_reach(lam, float(b) * (1 + abs(float(u)))))
    psi, dpsi = _sum_series(c, w0, arith.digits)
    layer = end.a / arith.layer_c

    def radius(w):
        return min(float(w), math.sqrt(float((1 - w) ** 2 + layer)))

    def wavelength(w):
        # local wavenumber sqrt(lam b (u + mu) / Q), Q = w (2 - b w) D >= w (2 - b w)
        w = float(w)
        return math.sqrt(w * (2 - float(b) * w) / (lam_max * float(b) * (1 + abs(float(u))) + 1e-300))

    for w1 in _steps(w0, num(1), radius, wavelength, arith.step_fraction):
        rho = num(min(radius(w0), 2 * wavelength(w0)))
        d_local = local_peak_coefficients(end, w0, rho, arith.terms, arith)
        q_local = _convolve([w0 * (2 - b * w0), (2 - 2 * b * w0) * rho, -b * rho * rho], d_local)
        weight = [rho**2 * lam * b * (u + s - s * b * w0), -rho**3 * lam * s * b * b]
        psi, dpsi = _scaled_step(q_local, weight, psi, dpsi, w1 - w0, rho, arith)
        w0 = w1
    return psi, dpsi / b


def _outer_leg(s, lam, u, t0, psi, dpsi, arith):
    """Carry (Psi, dPsi/dt) from t0 to t = 1 with D = 1."""
    lam_max = float(np.max(np.abs(lam)))

    def radius(t):
        return min(float(t), 2.0 - float(t))

    def wavelength(t):
        t = float(t)
        return math.sqrt(t * (2 - t) / (lam_max * (abs(u) + 1) + 1e-300))

    for t1 in _steps(t0, arith.num(1), radius, wavelength, arith.step_fraction):
        rho = arith.num(min(radius(t0), 2 * wavelength(t0)))
        p_local = [t0 * (2 - t0), (2 - 2 * t0) * rho, -rho * rho + 0 * t0]
        weight = [rho**2 * lam * (u + s - s * t0), -rho**3 * lam * s]
        psi, dpsi = _scaled_step(p_local, weight, psi, dpsi, t1 - t0, rho, arith)
        t0 = t1
    return psi, dpsi


def end_solution(end, lam, u, arith):
    """Psi and dPsi/dt at t = 1 (mu = 0) of the regular solution from end ``end.s``."""
    s = end.s
    if end.peaked:
        psi, dpsi = _peak_leg(end, lam, u, arith)
        t0 = end.b
    else:
        c = _recurrence.regular_coefficients(arith.terms, p_from_d([arith.num(1)]), [lam * (u + s), -lam * s])
        t0 = arith.num(_frobenius_reach(lam, 1 + abs(float(u))))
        psi, dpsi = _sum_series(c, t0, arith.digits)
    return _outer_leg(s, lam, u, t0, psi, dpsi, arith)


def _end_data(model, arith):
    """The two EndData of ``model`` in ``arith``, built once per arithmetic (they hold
    the Taylor series of D, which every evaluation of W would otherwise recompute)."""
    cache = arith.__dict__.setdefault("_ends", {})
    if id(model) not in cache:
        cache[id(model)] = (model, EndData(model, -1, arith), EndData(model, 1, arith))
    return cache[id(model)][1:]


def wronskian(model, lam, u, arith):
    """W(lam) at mu = 0, where 1 - mu^2 = 1 and D = 1 (b < 1)."""
    left, right = _end_data(model, arith)
    psi_l, dpsi_l = end_solution(left, lam, u, arith)
    psi_r, dpsi_r = end_solution(right, lam, u, arith)
    return psi_l * (-dpsi_r) - psi_r * dpsi_l          # G = dPsi/dmu = -s dPsi/dt


def _check_deadline(deadline):
    if deadline is not None and time.perf_counter() > deadline:
        raise ShootingFailure("time budget (max_seconds) exhausted")


def _brackets(model, u, sign, k, arith, deadline=None):
    """First k sign changes of W on one side of lam = 0 (vectorised double-precision scan)."""
    start = abs(u) / 100 if u else 1e-3
    grid_ratio, chunk = 1.03, 64
    found, lam0, w_prev = [], start, None
    while len(found) < k:
        _check_deadline(deadline)
        lams = sign * lam0 * grid_ratio ** np.arange(chunk)
        w = wronskian(model, lams, u, arith)
        values = np.concatenate([[w_prev], w]) if w_prev is not None else w
        grid = np.concatenate([[lams[0] / grid_ratio], lams]) if w_prev is not None else lams
        for i in np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)[0]:
            if len(found) < k:
                found.append((float(grid[i]), float(grid[i + 1])))
        lam0, w_prev = abs(lams[-1]) * grid_ratio, w[-1]
        if lam0 > SCAN_LIMIT:
            raise ShootingFailure(f"the root scan passed |lambda| = {SCAN_LIMIT:.0e} with {len(found)} of {k} "
                                  f"roots on the {'positive' if sign > 0 else 'negative'} side")
    return found


def _root(model, u, lo, hi, arith):
    """The root of W in [lo, hi] in the arithmetic ``arith``; ``u`` is exact
    (pitcheig.exact.Exact), converted at the working precision.

    In mpmath the double-precision root (brentq) starts a secant iteration,
    which gains digits at rate 1.6 from its 15 correct ones -- about four
    evaluations of W instead of the ten of a bracketing solver; if it leaves
    the bracket or fails, a bracketing solver (anderson) takes over."""
    double = arith if arith.digits is None else Arithmetic(None, arith.step_fraction)
    try:
        root = optimize.brentq(lambda x: wronskian(model, x, float(u), double), lo, hi,
                               xtol=1e-300, rtol=4 * np.finfo(float).eps)
    except ValueError:
        # the scan's bracket does not bracket W on this path (a root within rounding of
        # the bracket's end, e.g. the advective root ~ -6u for u ~ 1e-200)
        raise ShootingFailure(f"W does not change sign on the scan's bracket [{lo:.6g}, {hi:.6g}] when "
                              "recomputed on another path (root at the rounding level of W)") from None
    if arith.digits is None:
        return root
    with mpmath.workdps(arith.digits):
        um = to_mpf(u)

        def w(x):
            return wronskian(model, x, um, arith)
        x0 = mpmath.mpf(root)
        try:
            found = mpmath.findroot(w, (x0, x0 * (1 + mpmath.mpf(10) ** -10)), solver="secant")
            if lo <= found <= hi:
                return +found
        except (ValueError, ZeroDivisionError):
            pass
        return +mpmath.findroot(w, (mpmath.mpf(lo), mpmath.mpf(hi)), solver="anderson")


def _check_model(model):
    from pitcheig.errors import ParameterError
    from pitcheig.models import Flat, Peak
    if not isinstance(model, (Flat, Peak)):
        raise ParameterError("shooting supports the flat, peak and physical models; "
                             f"got {type(model).__name__} (use the Galerkin solver, pitcheig.eigs)")


def eigenvalues(model: CoefficientModel, u: RealLike = 0.0, k: int = 2, digits: int | None = None,
                sides: Sequence[int] = (1, -1), with_errors: bool = False, deadline: float | None = None,
                progress: ProgressCallback = None) -> dict[int, Any]:
    r"""The eigenvalues :math:`\lambda_{\pm 1}, \dots, \lambda_{\pm k}` of eq. (15) by Frobenius-series shooting.

    Solves eq. (15), :math:`[(1 - \mu^2) D \Psi']' + \lambda (u + \mu) \Psi = 0`,
    for D = 1 (eq. 17 at u = 0) or the peak model D of eqs. (24)-(26) without a mesh: the
    regular (bounded) solution is the Frobenius series at each regular singular end
    :math:`\mu = \pm 1` (indicial roots 0, 0; :math:`\Psi = 1` there), continued by
    Taylor steps to :math:`\mu = 0` -- across a peak in the stretched variable w of
    eq. (24), where eq. (15) takes the form of eq. (27) (with u kept) -- and the
    eigenvalues are the roots of the Wronskian
    :math:`W(\lambda) = \Psi_L G_R - \Psi_R G_L` of the two solutions there (module
    doc).  A sign-change scan of W in double precision brackets the first k roots on
    each side of 0, up to abs(lambda) = :data:`SCAN_LIMIT`; each is then solved by
    brentq, or in mpmath from the double root.  Labels follow the README: +1, +2, ...
    for lambda > 0 increasing, -1, -2, ... for lambda < 0 decreasing (for u != 0
    the small advective eigenvalue, of sign opposite to u, is one of them).

    Parameters
    ----------
    model : Flat, Peak or Physical
        D(mu); the model's eps, a (or delta) are taken exactly as given.
    u : float, str, Fraction or Decimal, default 0.0
        Flow speed, in [-0.5, 0.5] (0 or at least 1e-300 in absolute value), taken
        exactly as given (:mod:`pitcheig.exact`: ``"0.1"`` is 1/10, the float 0.1 its
        binary value).
    k : int, default 2
        Number of eigenvalues on each side, at least 1 (:func:`solve` and ``eigs``
        accept [1, 50]).
    digits : int or None, default None
        None: double precision (floats).  Otherwise significant digits of an mpmath
        solve (``eigs`` accepts [17, 60]), working with ``digits + 10`` digits;
        the values are ``mpmath.mpf``.
    sides : sequence of {1, -1}, default (1, -1)
        Which sides of lambda = 0 to solve: 1 for the positive eigenvalues, -1 for the
        negative ones, in this order.
    with_errors : bool, default False
        Also return an error estimate of each value: the difference from a second
        solve on another path (Taylor steps of a quarter instead of half the local
        radius and, in mpmath, 4 more working digits), floored at 8 ulps of the
        arithmetic (8 * 2.2e-16 relative in double precision, 8e-(digits + 10) in
        mpmath).
    deadline : float or None, default None
        A time.perf_counter() value after which a ShootingFailure is raised; checked
        per scan chunk and before each root (a root in progress finishes).
    progress : callable or None, default None
        Called with a one-line message (str) after the scan of each side and after
        each eigenvalue, e.g. ``"shoot, 30 digits: lambda_+1 = 14.52800341 (1 of 4)"``.
        It only observes: the values do not depend on it.  Nothing is printed.

    Returns
    -------
    dict
        ``{label: value}``, or ``{label: (value, error)}`` with ``with_errors``; the
        values float (``digits`` None) or ``mpmath.mpf``, the errors float (absolute).

    Raises
    ------
    ParameterError
        The model is not flat, peak or physical, or u is outside its range.
    ShootingFailure
        A root cannot be computed (a series truncated too early, no sign change
        within the scan, a bracket lost on the second path), or past ``deadline``.

    Examples
    --------
    >>> import mpmath
    >>> from pitcheig import Flat
    >>> values = eigenvalues(Flat(), "0", k=1)                # D = 1 (eq. 17); the paper quotes 14.54
    >>> print(f"{values[1]:.9f} {values[-1]:.9f}")
    14.528003409 -14.528003409
    >>> fine = eigenvalues(Flat(), "0", k=1, digits=20, sides=(1,))
    >>> mpmath.nstr(fine[1], 20)
    '14.528003409361438089'
    """
    from pitcheig.problem import check_u, check_u_validated
    _check_model(model)
    u = check_u(u)
    check_u_validated(float(u), "the shooting solver")
    scan = Arithmetic(None)
    out: dict[int, Any] = {}
    total = k * len(sides)
    where = "shoot, double precision" if digits is None else f"shoot, {digits} digits"
    for sign in sides:
        brackets = _brackets(model, float(u), sign, k, scan, deadline)
        if progress is not None:
            progress(f"{where}: bracketed {len(brackets)} root(s) with lambda {'>' if sign > 0 else '<'} 0, "
                     f"abs(lambda) < {max(abs(x) for pair in brackets for x in pair):.4g}")
        for i, (lo, hi) in enumerate(brackets):
            _check_deadline(deadline)
            lo, hi = min(lo, hi), max(lo, hi)
            work = Arithmetic(None if digits is None else digits + 10)
            root = _root(model, u, lo, hi, work)
            note = ""
            if with_errors:
                # second solve: steps of a quarter of the radius, and 4 more digits in mpmath
                check = Arithmetic(None if digits is None else digits + 14, 0.25)
                other = _root(model, u, lo, hi, check)
                with mpmath.workdps((digits or 16) + 20):
                    ulp = np.finfo(float).eps if digits is None else mpmath.mpf(10) ** -(digits + 10)
                    floor = 8 * abs(root) * ulp
                    error = max(abs(mpmath.mpf(other) - mpmath.mpf(root)), floor)
                root = (root, float(error))
                note = f", error estimate {float(error):.1e}"
            out[sign * (i + 1)] = root
            if progress is not None:
                value = float(root[0] if with_errors else root)
                progress(f"{where}: lambda_{sign * (i + 1):+d} = {value:.10g}{note} ({len(out)} of {total})")
    return out


def solve(model: CoefficientModel, u: RealLike = 0.0, k: int = 2, digits: int | None = None, tol: float = 1e-12,
          on_failure: str = "warn", max_seconds: float | None = None,
          progress: ProgressCallback = None) -> EigenResult:
    r"""An eigs()-like shooting solve of eq. (15): an :class:`~pitcheig.result.EigenResult`.

    What ``eigs(model, u, k, method="shoot", digits=...)`` returns: the eigenvalues
    :math:`\lambda_{\pm 1}, \dots, \lambda_{\pm k}` of :func:`eigenvalues` (floats,
    or mpmath numbers with ``digits``), each with its error estimate (a second solve
    on another path), sorted by abs(label), + before -.  ``converged`` when every
    estimate is at most tol (double precision) or 10^-digits, relative; ``problem``
    echoes the parameters solved for (exact decimal strings with ``digits``), and a
    parameter given as a binary double is solved at its exact binary value, which
    the message says.  No eigenfunctions (``Eigenpair.eigenfunction`` raises); no
    mesh (``diagnostics`` has the model's breakpoints only).

    Parameters
    ----------
    model : Flat, Peak or Physical
        D(mu): D = 1 (eq. 17 at u = 0) or the peak model of eqs. (24)-(26) (physical:
        a from eq. 11).
    u : float, str, Fraction or Decimal, default 0.0
        Flow speed, in [-0.5, 0.5], taken exactly as given (see :func:`eigenvalues`).
    k : int, default 2
        Eigenvalues wanted on each side, in [1, 50].
    digits : int or None, default None
        None: double precision; else significant digits in [17, 60] (mpmath).
    tol : float, default 1e-12
        Relative accuracy certified in double precision, in [1e-14, 1e-4] (with
        ``digits`` the target is 10^-digits instead).
    on_failure : {"warn", "raise"}, default "warn"
        What an uncertified result does: return with a NotConvergedWarning, or raise
        ConvergenceError.
    max_seconds : float or None, default None
        Wall-clock budget in [1e-3, 1e7] s (None: no limit), checked during the scan
        and before each root (a root in progress finishes).
    progress : callable or None, default None
        Called with a one-line message (str) at each step (see :func:`eigenvalues`);
        it does not change the result.  Nothing is printed.

    Returns
    -------
    EigenResult
        ``method="shoot"``, ``digits`` as given; empty ``pairs`` and
        ``converged=False`` when the shooting failed (the reason in ``message``).

    Raises
    ------
    ParameterError
        A parameter outside its range, or a model other than flat, peak or physical.
    ConvergenceError
        Only with ``on_failure="raise"``, when the result is not certified.

    Examples
    --------
    >>> from pitcheig import Flat
    >>> result = solve(Flat(), u="0", k=1)
    >>> result.converged, result.method, result.labels
    (True, 'shoot', [1, -1])
    >>> print(f"{result[1].lam:.9f}", result[1].error_estimate < 1e-12 * result[1].lam)
    14.528003409 True
    """
    from pitcheig.adaptivity import DIGITS_RANGE, MAX_SECONDS_RANGE, TOL_RANGE
    from pitcheig.problem import Problem
    from pitcheig.result import Diagnostics, Eigenpair, EigenResult, report_failure
    from pitcheig.validation import check_choice, check_int, check_real

    problem = Problem(model, u)
    _check_model(problem.model)
    k = check_int("k", k, 1, 50)
    digits = None if digits is None else check_int("digits", digits, *DIGITS_RANGE)
    tol = check_real("tol", tol, *TOL_RANGE)
    check_choice("on_failure", on_failure, ("warn", "raise"))
    if max_seconds is not None:
        max_seconds = check_real("max_seconds", max_seconds, *MAX_SECONDS_RANGE)
    start = time.perf_counter()
    deadline = None if max_seconds is None else start + max_seconds
    target = tol if digits is None else 10.0 ** -digits
    failure: str | None = None
    try:
        values = eigenvalues(problem.model, problem.u_exact, k, digits=digits, with_errors=True,
                             deadline=deadline, progress=progress)
    except ShootingFailure as exc:
        values, failure = {}, f"the shooting solver could not compute the eigenvalues: {exc}"
    pairs = [Eigenpair(label=label, lam=value, error_estimate=error, residual=math.nan)
             for label, (value, error) in sorted(values.items(), key=lambda item: (abs(item[0]), -item[0]))]
    uncertain = [p.label for p in pairs if not p.error_estimate <= target * abs(float(p.lam))]
    if failure:
        message = failure
    elif uncertain:
        message = f"error estimates of {uncertain} above {target:.0e} (relative)"
    else:
        message = ("Frobenius-series shooting; error estimates from a second solve on another path "
                   "(quarter steps" + (", and 4 more digits)" if digits else ")"))
    binary = problem.binary_inputs()
    if binary and digits:
        message += (f"; {', '.join(binary)} given as binary double(s): solved at the exact binary value "
                    "(pass a string or Fraction for a decimal)")
    params = problem.exact_parameters() if digits else problem.parameters()
    params = {**params, "k": k, "tol": tol, "method": "shoot", **({"digits": digits} if digits else {})}
    diagnostics = Diagnostics(breakpoints=[-1.0, *problem.model.breakpoints, 1.0], degrees=[], d_lengths=[],
                              dofs=0, history=[], seconds=time.perf_counter() - start)
    result = EigenResult(problem=params, pairs=pairs, converged=not failure and not uncertain, message=message,
                         diagnostics=diagnostics, digits=digits, method="shoot")
    if progress is not None:
        progress(f"shoot: done, {'certified' if result.converged else 'not certified'} "
                 f"({len(pairs)} eigenvalues, {diagnostics.seconds:.1f} s)")
    return result if result.converged else report_failure(result, tol, on_failure, stacklevel=3)


def flat_eigenvalues(u: RealLike = 0.0, k: int = 2, digits: int | None = 32) -> dict[int, Any]:
    r"""The eigenvalues of the flat problem, eq. (15) with D = 1 (eq. 17 at u = 0), by shooting.

    ``eigenvalues(Flat(), u, k, digits)``: the Frobenius series at
    :math:`\mu = \pm 1` continued to :math:`\mu = 0` by Taylor steps, roots of the
    Wronskian there (see :func:`eigenvalues`).

    Parameters
    ----------
    u : float, str, Fraction or Decimal, default 0.0
        Flow speed, in [-0.5, 0.5], taken exactly as given.
    k : int, default 2
        Eigenvalues on each side, at least 1.
    digits : int or None, default 32
        Significant digits (mpmath); None for double precision.

    Returns
    -------
    dict
        ``{label: value}`` for the labels +1..+k and -1..-k, values ``mpmath.mpf``
        (float when ``digits`` is None).

    Raises
    ------
    ParameterError
        u outside [-0.5, 0.5].
    ShootingFailure
        A root cannot be computed.

    Examples
    --------
    >>> values = flat_eigenvalues("0", k=2, digits=None)
    >>> print(", ".join(f"{label:+d}: {value:.9f}" for label, value in values.items()))
    +1: 14.528003409, +2: 42.048546179, -1: -14.528003409, -2: -42.048546179
    """
    from pitcheig.models import Flat
    return eigenvalues(Flat(), u, k, digits)
