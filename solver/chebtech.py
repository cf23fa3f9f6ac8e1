"""Pure kernels on one piece: Chebyshev points and coefficients, Gauss-Legendre
rules, and the single resolution oracle :func:`resolved`.

Everything here works on the reference interval [-1, 1]; mapping to a piece
[x_l, x_r] is the affine map mu = x_c + h * xi (h the half-width).

The kernels are written here (DCT-I and DCT-II transforms with numpy.fft, and the
Aurentz-Trefethen chop), not imported from chebpy: importing chebpy imports
matplotlib.pyplot (~0.3-0.4 s), which a solve does not need; chebpy is imported
only where Chebfuns are built (piecewise_chebfun) and for leg2cheb.
tests/test_chebtech.py checks each kernel against chebpy's.  (chebpy calls
``np.seterr`` globally when it is imported; it is imported inside
``np.errstate()``, which undoes that.)
"""

from functools import lru_cache
from typing import NamedTuple

import numpy as np
from numpy.polynomial import legendre

#: standard_chop needs at least 17 coefficients to look for a plateau
#: (Aurentz & Trefethen, "Chopping a Chebyshev series", ACM TOMS 43 (2017)).
MIN_CHOP_LENGTH = 17


@lru_cache(maxsize=512)
def chebpts2(n):
    """n Chebyshev points of the second kind on [-1, 1], ascending (read-only):
    x_j = cos((n - 1 - j) pi / (n - 1)), j = 0 .. n - 1 (the extrema of T_{n-1}); n = 1 gives 0."""
    x = np.zeros(1) if n == 1 else np.cos(np.arange(n - 1, -1, -1) * np.pi / (n - 1))
    x.flags.writeable = False
    return x


@lru_cache(maxsize=512)
def chebpts1(n):
    """n Chebyshev points of the first kind on [-1, 1], ascending (read-only):
    x_j = -cos((j + 1/2) pi / n).  None of them is an end of the interval."""
    x = -np.cos((np.arange(n) + 0.5) * np.pi / n)
    x.flags.writeable = False
    return x


def _dct1(x):
    """Unnormalised DCT-I along axis 0 (scipy.fft.dct type 1): y_k = x_0 + (-1)^k x_N
    + 2 sum_{j=1}^{N-1} x_j cos(pi j k / N), as the real FFT of the even extension
    (numpy.fft: scipy.fft's import costs ~0.1 s)."""
    ext = np.concatenate([x, x[-2:0:-1]], axis=0)
    return np.fft.rfft(ext, axis=0).real


def _dct2(x):
    """Unnormalised DCT-II along axis 0 (scipy.fft.dct type 2): y_k = 2 sum_j x_j
    cos(pi k (2j + 1) / (2n)) = Re(e^{-i pi k/(2n)} FFT([x, reversed x])_k)."""
    n = x.shape[0]
    spectrum = np.fft.rfft(np.concatenate([x, x[::-1]], axis=0), axis=0)[:n]
    phase = np.exp(-0.5j * np.pi * np.arange(n) / n).reshape((n,) + (1,) * (x.ndim - 1))
    return (spectrum * phase).real


def vals2coeffs1(values):
    """Chebyshev coefficients of the interpolant through values at chebpts1
    (a DCT-II, as Chebfun's chebtech1.vals2coeffs)."""
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    coeffs = _dct2(values[::-1]) / n     # chebpts1 descending: x_j = cos((j+1/2) pi/n)
    coeffs[0] *= 0.5
    return coeffs


def vals2coeffs(values):
    """Chebyshev coefficients of the interpolant through values at chebpts2 (ascending),
    along axis 0: a DCT-I, c_j = (2/N) sum'' f_k cos(j k pi / N) with the end terms and
    c_0, c_N halved (N = n - 1; Chebfun's chebtech2.vals2coeffs)."""
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    if n <= 1:
        return values.copy()
    coeffs = _dct1(values[::-1]) / (n - 1)       # x_k = cos(k pi / N) descending
    coeffs[0] *= 0.5
    coeffs[-1] *= 0.5
    return coeffs


def coeffs2vals(coeffs):
    """Values at chebpts2 (ascending) of the Chebyshev series with these coefficients,
    along axis 0: f(x_k) = sum_j c_j cos(j k pi / N), the DCT-I of c with its interior
    terms halved (the inverse of :func:`vals2coeffs`)."""
    coeffs = np.array(coeffs, dtype=float)
    n = coeffs.shape[0]
    if n <= 1:
        return coeffs
    coeffs[1:-1] *= 0.5
    return _dct1(coeffs)[::-1]


def standard_chop(coeffs, tol):
    """The cutoff of a Chebyshev series (Aurentz & Trefethen, "Chopping a Chebyshev
    series", ACM TOMS 43 (2017), algorithm "standardChop"): the number of leading
    coefficients to keep, or len(coeffs) when no plateau at the level tol is found.

    The magnitudes are made a nonincreasing envelope (running maximum from the right,
    normalised to 1 at the start); the plateau point is the first j followed, at
    j2 = round(1.25 j + 5), by a drop of less than the ratio 3 (1 - log e_j / log tol);
    the cutoff is where log10 of the envelope, tilted by a line rising by -log10(tol)/3
    over the range up to the plateau (or to the last point above tol^(7/6)), is least."""
    coeffs = np.asarray(coeffs, dtype=float)
    n = coeffs.size
    if tol >= 1.0:
        return 1
    if n < MIN_CHOP_LENGTH:
        return n
    envelope = np.maximum.accumulate(np.abs(coeffs)[::-1])[::-1]
    if envelope[0] == 0.0:
        return 1
    envelope = envelope / envelope[0]
    # the paper's loop over j, all at once: 0-based j is the paper's j + 1, and only
    # the j with j2 <= n are reached (j2 grows with j); np.round rounds half to even,
    # as Python's round did in the loop this replaces
    j = np.arange(1, n)
    j2s = np.round(1.25 * (j + 1) + 5).astype(int)
    reached = j2s <= n
    j, j2s = j[reached], j2s[reached]
    e1, e2 = envelope[j], envelope[j2s - 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        drop = (e1 == 0.0) | (e2 / e1 > 3.0 * (1.0 - np.log(e1) / np.log(tol)))
    if not drop.any():
        return n
    first = int(np.argmax(drop))
    plateau, j2 = int(j[first]) - 1, int(j2s[first])
    if envelope[plateau] == 0.0:
        return plateau + 1
    above = int(np.sum(envelope >= tol ** (7.0 / 6.0)))
    if above < j2:
        j2 = above + 1
        envelope[j2 - 1] = tol ** (7.0 / 6.0)
    tilted = np.log10(envelope[:j2]) + np.linspace(0.0, -np.log10(tol) / 3.0, j2)
    return max(int(np.argmin(tilted)), 1)


@lru_cache(maxsize=512)
def chebyshev_times_x(n):
    """(n+1) x n matrix of xi f in Chebyshev coefficients: xi T_0 = T_1,
    xi T_k = (T_(k+1) + T_(k-1)) / 2."""
    out = np.zeros((n + 1, n))
    k = np.arange(n)
    out[k + 1, k] = 0.5
    out[1, 0] = 1.0
    out[k[1:] - 1, k[1:]] += 0.5
    out.flags.writeable = False
    return out


@lru_cache(maxsize=512)
def clenshaw_curtis_weights(n):
    """Weights of the n-point Clenshaw-Curtis rule at chebpts2(n) on [-1, 1]
    (exact for degree n - 1): the integrals of the Lagrange basis, via the
    Chebyshev coefficients of each basis function and int T_k = 2/(1 - k^2), k even."""
    if n == 1:
        return np.array([2.0])
    k = np.arange(n, dtype=float)
    moments = np.zeros(n)
    moments[::2] = 2.0 / (1.0 - k[::2] ** 2)
    w = np.array([vals2coeffs(column) @ moments for column in np.eye(n)])
    w.flags.writeable = False
    return w


@lru_cache(maxsize=512)
def gauss_legendre(m):
    """m-point Gauss-Legendre rule on [-1, 1] (exact for degree 2m - 1)."""
    x, w = legendre.leggauss(m)
    x.flags.writeable = False
    w.flags.writeable = False
    return x, w


class Resolution(NamedTuple):
    """Outcome of the resolution test of one Chebyshev series.

    happy:  the series reached the tolerance and stopped decaying (a plateau
            was found by standard_chop) before its last coefficient.
    cutoff: the number of coefficients worth keeping.
    tail:   the largest coefficient beyond ``cutoff`` relative to ``vscale``
            (for an unhappy series: the size of its last few coefficients).
    needed: for an unhappy series, the length at which the geometric decay
            of its envelope, extrapolated, reaches the tolerance (None when it
            does not decay); for a happy one, ``cutoff``.
    """

    happy: bool
    cutoff: int
    tail: float
    needed: object = None


def least_squares_slope(x, y):
    """Slope of the least-squares line through (x, y) (np.polyfit(x, y, 1)[0], without
    its ~60 us of set-up: it runs for every unresolved piece of every solve)."""
    dx = x - x.mean()
    return float(dx @ (y - y.mean()) / (dx @ dx))


def predicted_length(coeffs, vscale, tol):
    """Length at which |coeffs| / vscale would fall below tol, extrapolating the
    geometric decay of the envelope over its second half (None: no decay).
    A 30 % margin absorbs the curvature of the decay (empirical: with 15 %
    most solves needed a third refinement, studies/bench_solve.py)."""
    n = coeffs.size
    envelope = np.maximum.accumulate(np.abs(coeffs[::-1]))[::-1] / vscale
    k = np.arange(n // 2, n)
    tail = np.log(np.maximum(envelope[k], 1e-300))
    slope = least_squares_slope(k, tail) if k.size >= 2 else 0.0
    if not slope < -1e-3:
        return None
    extra = (np.log(tol) - tail[-1]) / slope
    return int(np.ceil(1.3 * (n + max(extra, 0.0)))) + 2


def resolved(coeffs, vscale, tol):
    """Decide whether a Chebyshev series is resolved to ``tol`` relative to ``vscale``.

    This is the one resolution oracle of pitcheig: D on a piece, every
    eigenfunction on a piece and the studies all use it.  It applies
    standard_chop (Aurentz & Trefethen 2017) with the tolerance rescaled so
    that it is relative to the global ``vscale`` rather than to the largest
    coefficient of this piece (as Chebfun does for piecewise functions).  A
    piece whose coefficients are all below ``tol * vscale`` is happy at once.
    """
    coeffs = np.asarray(coeffs, dtype=float)
    n = coeffs.size
    local = float(np.max(np.abs(coeffs))) if n else 0.0
    if local == 0.0 or vscale == 0.0:
        return Resolution(True, 1, 0.0)
    tol_local = tol * max(vscale / local, 1.0)
    if tol_local >= 1.0:
        return Resolution(True, 1, local / vscale)
    if n < MIN_CHOP_LENGTH:
        # too short for standard_chop to see a plateau: happy only if the
        # last two coefficients are already below tol * vscale
        above = np.nonzero(np.abs(coeffs) > tol * vscale)[0]
        cutoff = int(above[-1]) + 1 if above.size else 1
        happy = cutoff <= n - 2
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            cutoff = int(standard_chop(coeffs, tol_local))
        happy = cutoff < n
    tail_part = coeffs[cutoff:] if happy else coeffs[-3:]
    tail = float(np.max(np.abs(tail_part))) / vscale if tail_part.size else 0.0
    needed = cutoff if happy else predicted_length(coeffs, vscale, tol)
    return Resolution(happy, cutoff, tail, needed)


@lru_cache(maxsize=512)
def legendre_to_chebyshev(n):
    """n x n matrix taking Legendre to Chebyshev coefficients (degree n - 1): column k
    holds the Chebyshev coefficients of P_k, by Bonnet's recurrence
    (k + 1) P_{k+1} = (2k + 1) x P_k - k P_{k-1} in coefficient space, with
    x T_0 = T_1 and x T_j = (T_{j+1} + T_{j-1})/2 (entries to ~1e-16; tested against
    chebpy's leg2cheb and against mpmath)."""
    m = np.zeros((n, n))
    m[0, 0] = 1.0
    if n > 1:
        m[1, 1] = 1.0
    for k in range(1, n - 1):
        c = m[:, k]
        xc = np.zeros(n)
        xc[1] += c[0]                       # x T_0 = T_1
        xc[2:] += 0.5 * c[1:-1]             # x T_j -> T_{j+1}/2 (c has degree k <= n - 2)
        xc[:-1] += 0.5 * c[1:]              # ... + T_{j-1}/2, j >= 1
        m[:, k + 1] = ((2 * k + 1) * xc - k * m[:, k - 1]) / (k + 1)
    m.flags.writeable = False
    return m


@lru_cache(maxsize=1024)
def legendre_vandermonde(nodes_key, degree):
    """legvander at a cached node set: ``nodes_key`` is ("gauss", m) or ("cheb", n)."""
    kind, count = nodes_key
    x = gauss_legendre(count)[0] if kind == "gauss" else chebpts2(count)
    v = legendre.legvander(x, degree)
    v.flags.writeable = False
    return v


def piecewise_chebfun(coefficients, breakpoints):
    """A chebpy Chebfun from the Chebyshev coefficients of each piece.

    Parameters
    ----------
    coefficients : sequence of 1-D arrays
        Chebyshev coefficients on piece e, in the variable of the affine map of
        [breakpoints[e], breakpoints[e+1]] to [-1, 1].
    breakpoints : sequence of float
        Increasing, one more than ``coefficients``.

    Returns
    -------
    chebpy.chebfun.Chebfun
        Exact: each piece is the given polynomial (no resampling, no chopping).
    """
    with np.errstate():                 # chebpy's import-time np.seterr is undone on exit
        from chebpy.bndfun import Bndfun
        from chebpy.chebfun import Chebfun
        from chebpy.chebtech import Chebtech
        from chebpy.utilities import Interval
    funs = [Bndfun(Chebtech(np.asarray(c, dtype=float)), Interval(float(lo), float(hi)))
            for c, lo, hi in zip(coefficients, breakpoints[:-1], breakpoints[1:])]
    with np.errstate(divide="ignore", invalid="ignore"):
        return Chebfun(funs)
