"""The piecewise mesh: breakpoints -1 = x_0 < ... < x_P = 1, the polynomial
degree of Psi on each piece, and the model's features that guide h-refinement.

Initial mesh: the model's breakpoints (where D is only C^1) plus, for each of
its gradings, a geometric sequence of points (ratio GRADING_RATIO) from the
model's length scale outward: from the transition layer of width ~4 sqrt(a) b
inside mu = +-(1 - b) toward the end, and from the end (scale b, where the
outer solution carries log(1 - s mu), eq. 23) toward the middle.  So the
number of pieces grows like log(1/eps) + log(1/a).  (Starting instead from
only the first point of each grading and splitting on demand was measured
during development on every 4th case of the reference grid: median 6 solves
and 82 ms against 3 solves and 65 ms.)

Refinement (driven by adaptivity.py):
* p: a piece gets the degree predicted from the decay of its Chebyshev
  coefficients (chebtech.predicted_length);
* h: a piece whose predicted degree exceeds MAX_DEGREE (or whose coefficients
  do not decay) is split *geometrically* toward the nearest model feature that
  faces it (an hp-style geometric mesh grows only as far as the solution
  needs it, so cost grows like log(1/eps) at most), or bisected if no feature
  faces it.

Every refinement nests the trial space, which is what makes the computed
|lambda| decrease monotonically (see galerkin.py).
"""

from dataclasses import dataclass

import numpy as np

#: Ratio of successive distances in a geometric grading toward a feature.  A
#: singularity at distance d from a piece of length (ratio - 1) d puts its
#: Bernstein ellipse at rho = (r + 1)/(r - 1) + sqrt(((r + 1)/(r - 1))^2 - 1):
#: rho = 3 for ratio 4 (1e-12 in ~25 coefficients), rho = 2.1 for ratio 8
#: (~37), with half as many pieces per decade.  Empirical choice: over every
#: 4th case of the reference grid, ratio 8 gave a median of 50 ms, ratio 4 61 ms.
GRADING_RATIO = 8.0

#: Largest degree of Psi on a piece (beyond it a piece is split), and the
#: degree of the initial pieces.  40 is about the degree that the graded pieces
#: end with at function_tol 1e-12, so that most solves take two steps (resolved,
#: then the enrich check) instead of three: over the 140 cases of
#: studies/bench_solve.py (k = 2, tol 1e-11) 2.02 solves on average and a median of
#: 12.3 ms, against 3.04 solves and 18.1 ms from degree 12 (measured side by side,
#: issue 15); 44 gave 13.6 ms, 52 15.7 ms.  A model with many breakpoints
#: (FirstPrinciples: one per piece of its interpolant) starts lower, so that the
#: first solve has at most about INITIAL_DOFS unknowns, but never below
#: MIN_INITIAL_DEGREE (the degree used before issue 15).
MAX_DEGREE = 64
INITIAL_DEGREE, MIN_INITIAL_DEGREE, INITIAL_DOFS = 40, 12, 1200
#: With max_degree > MAX_DEGREE (one global interval, p-refinement only) a degree
#: grows by at most this factor per refinement: a predicted degree of thousands
#: (from a D that one interval cannot resolve) would otherwise cost one dense solve
#: of minutes in a single step (measured: 151 -> 1068 -> 2000 unknowns).
GLOBAL_GROWTH = 2


def piece_points(left, right, xi):
    """Points mu = centre + h xi of the piece [left, right] for reference nodes xi,
    with the distances to the ends, t_- = 1 + mu and t_+ = 1 - mu, computed from
    the piece's own end distances so they keep full relative accuracy near +-1
    (the peak there can be narrower than 1e-7 and its layer than 1e-11)."""
    h = 0.5 * (right - left)
    xi = np.asarray(xi, dtype=float)
    mu = 0.5 * (left + right) + h * xi
    t_minus = (1.0 + left) + h * (1.0 + xi)
    t_plus = (1.0 - right) + h * (1.0 - xi)
    return mu, t_minus, t_plus


def split_point(left, right, gradings, ratio=None):
    """Where to split [left, right]: geometrically toward the nearest facing feature.

    A grading faces the piece when the piece lies between its origin and its
    limit.  With d1 < d2 the distances of the piece's ends from that origin,
    the split is at distance d2 / ratio when that leaves a near piece at least
    1.5 times longer than d1, else at the geometric mean sqrt(d1 d2) (d1 > 0),
    else the piece is bisected.
    """
    ratio = ratio or GRADING_RATIO
    best = None
    for g in gradings:
        lo, hi = sorted((g.origin, g.limit))
        if lo <= left and right <= hi:
            d1, d2 = sorted((abs(left - g.origin), abs(right - g.origin)))
            if best is None or d1 < best[1]:
                best = (g, d1, d2)
    if best is not None:
        g, d1, d2 = best
        d = d2 / ratio if d2 / ratio > 1.5 * d1 else np.sqrt(d1 * d2)
        x = g.origin + g.direction * d
        if left < x < right and min(x - left, right - x) > 8 * np.spacing(max(abs(left), abs(right))):
            return x
    return 0.5 * (left + right)


def grading_points(grading, ratio=None):
    """All points origin + direction * first * ratio**k short of ``limit``; a
    last piece shorter than half a step is merged into its neighbour."""
    ratio = ratio or GRADING_RATIO
    span = abs(grading.limit - grading.origin)
    distances, step = [], grading.first
    while step < span:
        distances.append(step)
        step *= ratio
    if len(distances) > 1 and span - distances[-1] < 0.5 * (distances[-1] - distances[-2]):
        distances.pop()
    return [grading.origin + grading.direction * d for d in distances]


def initial_degree(pieces):
    """The degree of the initial pieces of a mesh of about ``pieces`` pieces (see INITIAL_DEGREE)."""
    return max(MIN_INITIAL_DEGREE, min(INITIAL_DEGREE, INITIAL_DOFS // max(pieces, 1)))


@dataclass(frozen=True)
class Mesh:
    """Breakpoints (P+1, increasing, from -1 to 1), degrees (P) of Psi, and the
    model gradings that guide h-refinement."""

    breakpoints: np.ndarray
    degrees: np.ndarray
    gradings: tuple = ()

    @classmethod
    def initial(cls, model, degree=None):
        """The breakpoints plus the geometric points of each grading of ``model`` (a
        coefficient model, or a Problem: the model's and those of the layer at mu = -u)."""
        points = [-1.0, 1.0, *model.breakpoints]
        for g in model.gradings:
            points.extend(grading_points(g))
        x = np.unique(np.asarray(points, dtype=float))
        keep = np.concatenate([[True], np.diff(x) > 8 * np.spacing(np.maximum(np.abs(x[1:]), 1e-300))])
        x = x[keep]
        x[0], x[-1] = -1.0, 1.0
        degree = degree or initial_degree(x.size - 1)
        return cls(x, np.full(x.size - 1, degree, dtype=int), tuple(model.gradings))

    @property
    def pieces(self):
        """Number of pieces P."""
        return self.degrees.size

    @property
    def dofs(self):
        """Unknowns: the coefficients of Psi' on every piece plus one constant."""
        return int(self.degrees.sum()) + 1

    def intervals(self):
        return list(zip(self.breakpoints[:-1], self.breakpoints[1:]))

    def refine(self, targets, max_degree=MAX_DEGREE):
        """New mesh from target degrees: ``targets[e]`` is None (keep piece e),
        a degree <= max_degree (p-refine), or anything larger, or 0 for "no
        prediction" (h-refine: split, see :func:`split_point`).  With
        max_degree > MAX_DEGREE nothing is split: pieces only grow in degree,
        by at most GLOBAL_GROWTH per step (used to force one global interval for
        comparison)."""
        x, degrees = [self.breakpoints[0]], []
        for (left, right), n, target in zip(self.intervals(), self.degrees, targets):
            if max_degree <= MAX_DEGREE and target is not None and (target == 0 or target > max_degree):
                x.extend([split_point(left, right, self.gradings), right])
                degrees.extend([n, n])
            elif target is None:
                x.append(right)
                degrees.append(n)
            else:
                x.append(right)
                grown = n + max(4, n // 2) if target == 0 else int(target)
                if max_degree > MAX_DEGREE:
                    grown = min(grown, GLOBAL_GROWTH * n)     # one interval: bounded cost per step
                degrees.append(min(max(grown, n + 1), max_degree))
        return Mesh(np.asarray(x), np.asarray(degrees, dtype=int), self.gradings)

    def split(self, pieces):
        """Split the listed pieces (used when D itself is unresolved)."""
        chosen = set(pieces)
        return self.refine([0 if e in chosen else None for e in range(self.pieces)])

    def enrich(self):
        """Raise every degree by an eighth (at least 4): the check solve for drift."""
        return Mesh(self.breakpoints, self.degrees + np.maximum(4, self.degrees // 8), self.gradings)
