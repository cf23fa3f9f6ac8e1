"""Resolving the coefficient D on the pieces of a mesh: the first step of every solve.

On a piece [left, right], D is sampled at Chebyshev points of lengths D_LADDER
and judged by the one resolution oracle (:func:`pitcheig.chebtech.resolved`)
at D_TOL relative to its largest value.

* A built-in model (closed form or interpolant, ``feature_width`` None) is
  continuous at its breakpoints and may carry structure within a few ulps of
  mu = +-1 (the peak's layer at eps = a = 1e-10 is 3e-14 wide), so it is
  sampled at second-kind points, the piece's ends included, exactly.
* A user-supplied D may jump at the breakpoints the user marked, and is not
  trusted to be smooth elsewhere.  It is sampled at first-kind points, which
  exclude the piece's ends, so a jump at a marked breakpoint is seen from each
  side as its one-sided limit, wherever the breakpoint lies (0.5 and 0
  included).  Once its samples look resolved, it is also probed between them
  (:func:`probe_mismatch`): on a grid of spacing feature_width / 2 (and at
  least PROBE_MIN_POINTS points per piece), offset by a golden-ratio fraction
  so that it does not line up with round numbers, and at points approaching
  both ends of the piece geometrically to within PROBE_END_ULPS ulps, D is
  compared with its Chebyshev interpolant.  A disagreement larger than what a
  resolved series can have sends the piece back to be split, so a narrow
  smooth feature is refined until it is resolved, and a jump or kink that no
  breakpoint marks ends as a piece too narrow to split, which is reported and
  never certified.  A feature that touches a piece's end (a peak at mu = +-1,
  anything next to a breakpoint) is seen however narrow; elsewhere a feature
  narrower than feature_width can go unseen (the docs say so).
"""

import math

import numpy as np
from numpy.polynomial import chebyshev

from .chebtech import chebpts1, chebpts2, resolved, vals2coeffs, vals2coeffs1
from .eigensolve import EPS
from .mesh import piece_points
from .models import check_positive

#: D enters the eigenvalues linearly (through the energy), so it is resolved to
#: near machine precision whatever the requested tol.
D_TOL = 4 * EPS
#: Sample sizes tried for D on a piece before the piece is split.
D_LADDER = (17, 33, 65, 129, 257, 513)
#: A piece where D is still unresolved when it is this many ulps wide is not
#: split further: D has a feature (jump, kink) that no breakpoint marks.  The ulp
#: is that of the larger of |left|, |right| and PIECE_ULP_FLOOR, so that pieces next
#: to mu = 0 (where doubles are dense) stop after ~50 bisections, not ~1000.
MIN_PIECE_ULPS = 1e4
PIECE_ULP_FLOOR = 2.0**-10
#: Least number of probe points on a piece, and the offset of the probe grid
#: (a fraction of its spacing; the golden ratio keeps it off round numbers).
PROBE_MIN_POINTS = 32
PROBE_OFFSET = (math.sqrt(5.0) - 1.0) / 2.0
#: The probe approaches each end of a piece to within this many ulps (not closer:
#: a D evaluated from mu alone would then be sampled at the breakpoint itself).
PROBE_END_ULPS = 4.0
#: Allowance for D's own noise, in units of its plateau level times sqrt(n)
#: (see probe_mismatch; 16 covers the maximum of ~1e5 samples of Gaussian noise,
#: about 4.5 sigma, times the interpolant's amplification, about 3).
PROBE_NOISE = 16.0
#: Probe points are evaluated in chunks of this many (bounded memory).
PROBE_CHUNK = 2**16


def resolve_coefficient(model, left, right):
    """(happy, length): the Chebyshev length at which D is resolved on [left, right]
    (see the module doc for the points), and False with the longest length when it
    is not, or when the probe of a user D disagrees with its interpolant.  A piece
    where the model is constant by construction (D = 1 outside the peaks) has length 1
    without sampling."""
    if model.is_constant_on(left, right):
        return True, 1
    user = model.feature_width is not None
    points, transform = (chebpts1, vals2coeffs1) if user else (chebpts2, vals2coeffs)
    for npts in D_LADDER:
        mu, t_minus, t_plus = piece_points(left, right, points(npts))
        d = model.evaluate(mu, t_minus, t_plus)
        check_positive(model, mu, d)
        coeffs = transform(d)
        vscale = float(np.max(np.abs(d)))
        res = resolved(coeffs, vscale, D_TOL)
        if res.happy:
            noise = float(np.max(np.abs(coeffs[res.cutoff:]), initial=0.0))
            if user and probe_mismatch(model, left, right, coeffs, vscale, noise):
                return False, D_LADDER[-1]
            return True, max(res.cutoff, 1)
    return False, D_LADDER[-1]


def values_at_points(model, left, right, xi, d_length):
    """D at the reference points ``xi`` of [left, right], with the piece's ends
    (xi = +-1) as one-sided limits from inside the piece.  A built-in model is
    continuous there and evaluated directly; a user D may jump at a marked
    breakpoint, where its value belongs to one side only, so at xi = +-1 it is
    taken from its Chebyshev interpolant on first-kind points (which exclude the
    ends) of the length at which it was resolved (``d_length``)."""
    mu, t_minus, t_plus = piece_points(left, right, xi)
    d = np.array(model.evaluate(mu, t_minus, t_plus), dtype=float)
    check_positive(model, mu, d)
    ends = np.abs(np.asarray(xi)) == 1.0
    if model.feature_width is not None and ends.any():
        n = max(int(d_length), 17)
        nodes = chebpts1(n)
        mu1, tm1, tp1 = piece_points(left, right, nodes)
        coeffs = vals2coeffs1(model.evaluate(mu1, tm1, tp1))
        d[ends] = chebyshev.chebval(np.asarray(xi)[ends], coeffs)
    return d


def probe_points(left, right, feature_width):
    """Reference points xi in (-1, 1) of the probe grid of [left, right]: a uniform
    grid of spacing feature_width / 2 (PROBE_MIN_POINTS at least), offset by
    PROBE_OFFSET of a spacing, and points at distances width 2^-k from each end,
    k = 1, 2, ..., down to a few ulps, so that a feature touching a piece's end
    (a peak at mu = +-1, anything next to a breakpoint) is seen however narrow."""
    width = right - left
    count = max(PROBE_MIN_POINTS, math.ceil(2.0 * width / feature_width))
    uniform = -1.0 + 2.0 * (np.arange(count) + PROBE_OFFSET) / count
    distance = width * 2.0 ** -np.arange(1, 60)
    distance = distance[distance > PROBE_END_ULPS * np.spacing(max(abs(left), abs(right)))]
    near_end = 1.0 - 2.0 * distance / width                 # exact: 1 - 2^(1-k)
    return np.concatenate([uniform, near_end, -near_end])


def probe_mismatch(model, left, right, coeffs, vscale, noise=0.0):
    """True if D differs from its Chebyshev interpolant (coefficients ``coeffs`` on
    [left, right]) anywhere on the probe grid by more than it can for a resolved D:
    2 n D_TOL vscale (a series that passed the oracle has its n coefficients beyond
    the plateau below D_TOL vscale, twice for aliasing) plus PROBE_NOISE sqrt(n)
    times its plateau level ``noise`` (the largest discarded coefficient).  The
    second term admits D's own rounding noise: n samples of noise sigma give
    coefficients ~ sigma sqrt(2/n), so the plateau sets sigma, and a maximum over
    many probe points reaches several sigma (e.g. 1 + 5 exp(-((mu - 0.3)/1e-4)^2):
    the ulp of mu times the slope gives ~1e-13).  Any feature that matters is O(1)
    of D, far above both."""
    n = coeffs.size
    threshold = 2.0 * n * D_TOL * vscale + PROBE_NOISE * math.sqrt(n) * noise
    xi = probe_points(left, right, model.feature_width)
    for start in range(0, xi.size, PROBE_CHUNK):
        chunk = xi[start:start + PROBE_CHUNK]
        mu, t_minus, t_plus = piece_points(left, right, chunk)
        d = model.evaluate(mu, t_minus, t_plus)
        check_positive(model, mu, d)
        if np.max(np.abs(d - chebyshev.chebval(chunk, coeffs))) > threshold:
            return True
    return False


def piece_ulps(left, right):
    """Width of [left, right] in ulps of max(|left|, |right|, PIECE_ULP_FLOOR)."""
    return (right - left) / np.spacing(max(abs(left), abs(right), PIECE_ULP_FLOOR))


def splittable(left, right):
    """Whether a piece where D is unresolved is still wide enough to split."""
    return piece_ulps(left, right) > MIN_PIECE_ULPS


def unresolved_message(model, left, right, pieces=1, global_interval=False):
    """The one message for "D is not resolved on [left, right]", used by eigs and propagate."""
    where = f"D is not resolved on [{left:.17g}, {right:.17g}]"
    if pieces > 1:
        where += f" and {pieces - 1} other piece(s)"
    if global_interval:
        return where + " (one global interval cannot resolve the model's peaks and kinks)"
    width = f"a piece {piece_ulps(left, right):.0f} ulps wide"
    if model.feature_width:        # user data: an unmarked feature is the likely cause
        centre = 0.5 * (left + right)
        return (f"{where}, {width}: D has a jump or kink near mu = {centre:.12g} that no breakpoint marks "
                "(pass it in breakpoints=)")
    return (f"{where}, {width}: the model's length scale there is below what doubles can mesh "
            "near mu = +-1")
