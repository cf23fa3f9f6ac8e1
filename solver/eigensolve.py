"""The eigen-solve of the discrete pencil, with lambda = 0 deflated exactly.

In the coordinates of galerkin.py the pencil is

    [0  0] [c]            [2u  b^T] [c]
    [0  I] [y] = lambda * [b   M0 ] [y],

(the energy is |y|^2; the constant c has none).  lambda = 0 with the constant
eigenvector is exact and explicit.  For lambda != 0 the first row gives
2u c + b^T y = 0, and the problem becomes a *symmetric standard* eigenproblem
for theta = 1/lambda, so every computed lambda is real:

* u != 0:  c = -b^T y / (2u) and  theta y = (M0 - b b^T / (2u)) y.
  The rank-one term carries the small advective eigenvalue lambda ~ u (its
  theta ~ -|b|^2/(2u) is the most extreme one on the side opposite to u).
* u = 0:  b^T y = 0 and theta y = P M0 P y on the complement of b; the
  Jordan partner of lambda = 0 is the direction b itself, which is removed
  exactly, so it can never show up as a pair of tiny +-eigenvalues.

Three routes, chosen by the size of the rank-one term:

1. u = 0: a Householder reflector Q with Q b = sigma |b| e_1 splits off the b
   direction; theta are the extreme eigenvalues of H22 = (Q M0 Q)[1:, 1:].
2. |b|^2 / (2|u|) <= DIRECT_LIMIT |M0|: the extreme eigenpairs of
   M0 - b b^T/(2u), with the eigenvalues recomputed as Rayleigh quotients.
3. smaller |u|: H22 = V diag(t) V^T is diagonalised in full and the matrix in
   the reflected basis is the arrowhead [[alpha, z^T], [z, diag(t)]] with
   alpha = (Q M0 Q)[0, 0] - |b|^2/(2u), z = V^T (Q M0 Q)[1:, 0]; its
   eigenvalues are the roots of the secular equation

       g(theta) = alpha - theta + sum_i z_i^2 / (theta - t_i) = 0,

   one in each gap (t_i, t_i+1) and one beyond each extreme, each found by
   bracketed root finding about its nearer pole (as LAPACK's dlaed4 does), so
   no eigenvalue is polluted by the huge alpha of a tiny u.

In every route c follows from the b-component of theta y = b c + M0 y,
c = (theta b.y - b.M0 y)/|b|^2, which never divides by u.
"""

import math
from dataclasses import dataclass

import numpy as np
from scipy import linalg
from scipy.sparse import linalg as sparse_linalg

EPS = np.finfo(float).eps
#: Cap on ARPACK's products with the matrix, in units of its size (see extreme_eigenpairs).
ARPACK_MATVECS = 2


@dataclass
class DiscreteEigenpairs:
    """The wanted eigenpairs of one discrete pencil.

    labels: +1, +2, ..., -1, -2, ... ; lam, theta = 1/lam: their eigenvalues;
    c, y: the coordinates of each eigenfunction (column j of y);
    theta_scale: max |theta| of H22 (the norm that sets rounding errors);
    defect: why the pairs cannot be certified whatever the drift (None here: the
    symmetric solve has no such failure; the collocation pairs can).
    """

    labels: list
    lam: np.ndarray
    theta: np.ndarray
    c: np.ndarray
    y: np.ndarray
    theta_scale: float
    defect: object = None


def householder(b):
    """Return (v, sigma, |b|) with (I - 2 v v^T / v^T v) b = sigma |b| e_1."""
    norm_b = np.linalg.norm(b)
    bhat = b / norm_b
    sigma = -1.0 if bhat[0] >= 0 else 1.0
    v = bhat.copy()
    v[0] -= sigma
    return v, sigma, norm_b


def reflect_both_sides(m, v):
    """Q m Q for the Householder reflector Q = I - 2 v v^T / v^T v."""
    tau = 2.0 / (v @ v)
    mv = m @ v
    vmv = v @ mv
    return m - tau * (np.outer(v, mv) + np.outer(mv, v)) + tau * tau * vmv * np.outer(v, v)


def reflect(x, v):
    """Q x for the reflector of v (x a vector or a matrix of columns)."""
    return x - np.outer(v, (2.0 / (v @ v)) * (v @ x)) if x.ndim == 2 else x - (2.0 * (v @ x) / (v @ v)) * v


def _secular_root(alpha, z, t, j):
    """Root number j (0 <= j <= m) of g(theta) = alpha - theta + sum z_i^2/(theta - t_i),
    the one between t[j-1] and t[j] (t[-1] = -inf, t[m] = +inf; t ascending).

    The root is computed as origin + tau with the origin at the nearer pole,
    so theta - t_i = tau - (t_i - origin) keeps its relative accuracy even when
    the root is very close to a pole.  Returns (theta, theta - t, on_pole):
    on_pole means the root is within a relative 1e-18 of the origin pole
    (z_origin ~ 0: the pole's own eigenvector).
    """
    m = t.size
    zz = z * z
    z_norm = float(np.sqrt(np.sum(zz)))
    if j == 0:
        origin = t[0]
        far = -1.01 * (max(origin - alpha, 0.0) + z_norm) - 1e-300
    elif j == m:
        origin = t[m - 1]
        far = 1.01 * (max(alpha - origin, 0.0) + z_norm) + 1e-300
    else:
        mid = 0.5 * (t[j - 1] + t[j])
        if alpha - mid + np.sum(zz / (mid - t)) > 0:   # g decreasing: root above mid
            origin, far = t[j], mid - t[j]
        else:
            origin, far = t[j - 1], mid - t[j - 1]
    delta = t - origin

    def g(tau):
        return (alpha - origin) - tau + np.sum(zz / (tau - delta))

    near = 1e-18 * far           # a hair off the origin pole, on the side of far
    g_near, g_far = g(near), g(far)
    if np.sign(g_near) * np.sign(g_far) > 0:   # no sign change between hair and far: root at the pole
        return origin, -delta + near, True
    from scipy.optimize import brentq        # here, not at import: scipy.optimize costs ~0.1 s
    tau = brentq(g, min(near, far), max(near, far), xtol=1e-300, rtol=4 * EPS, maxiter=500)
    return origin + tau, tau - delta, False


def rounding_level(size, pairs):
    """Relative rounding level of each eigenvalue of an eigen-solve of size N:
    sqrt(N) eps max(theta_scale / |theta|, 1) (adaptivity.ROUNDING_C times it is the
    floor of the error estimate; every discretisation's ``rounding_floor``).
    theta_scale is the size of what the route's final step computes with; an
    eigenvalue beyond it (the advective one of a tiny u, theta ~ -1/(6u), which
    the secular and Newton routes compute apart) still carries its own relative
    rounding, never less than one sqrt(N) eps (before: 1e-26 relative, below an ulp)."""
    return np.sqrt(size) * EPS * np.maximum(pairs.theta_scale / np.abs(pairs.theta), 1.0)


class TooFewEigenvalues(ValueError):
    """The discrete problem is too small to have k eigenvalues of each sign."""


def pick_extremes(theta, k):
    """Indices of the k most negative and the k most positive theta (labels -1..-k, +1..+k)."""
    order = np.argsort(theta)
    negative = [i for i in order if theta[i] < 0][:k]
    positive = [i for i in order[::-1] if theta[i] > 0][:k]
    if len(negative) < k or len(positive) < k:
        raise TooFewEigenvalues(f"discrete problem has fewer than k={k} eigenvalues of each sign")
    return negative + positive


class SymmetricOperator:
    """A symmetric n x n matrix known by its products ``op @ x`` (x a vector or columns),
    formed only on demand by ``dense()`` (e.g. for the dense fallback of ARPACK)."""

    def __init__(self, n, matmat, dense):
        self.shape, self._matmat, self._dense = (n, n), matmat, dense

    def __matmul__(self, x):
        return self._matmat(x)

    def dense(self):
        return self._dense()


def as_dense(m):
    """The matrix of ``m``: an ndarray, or an operator with ``dense()``."""
    return m if isinstance(m, np.ndarray) else m.dense()


def frobenius(m):
    """|m|_F of an ndarray, or of an operator that knows it (galerkin.SemiseparableWeight)."""
    return float(np.linalg.norm(m)) if isinstance(m, np.ndarray) else m.frobenius()


def extreme_eigenpairs(h, k, v0=None):
    """The k most negative and k most positive eigenpairs of the symmetric h.

    Lanczos (ARPACK, which="BE", tol=0: to machine precision) on the dense
    matrix; the wanted theta = 1/lambda are the extremes of a discretised
    compact operator, well separated from the rest, so it converges in a few
    dozen steps.  The start vector is fixed so results are reproducible.
    Its work is capped at about ARPACK_MATVECS * n products with h (restarts of
    ncv - 2k products each), about the cost of the dense eigh it then falls
    back to: with scipy's default cap of 10 n restarts, k = 50 on n = 624 ran
    29 s where eigh takes 0.05 s (the deep eigenvalues of a coarse mesh are
    not well separated).  Small problems go to eigh directly.  ``v0``: a start vector
    (e.g. the previous solve's eigenvectors, summed), else a fixed random one.
    """
    n = h.shape[0]
    if n > 6 * k + 24:
        if v0 is None or not np.linalg.norm(v0) > 0:
            v0 = np.random.default_rng(12345).standard_normal(n)
        ncv = min(n, max(4 * k + 1, 20))
        maxiter = max(10, math.ceil(ARPACK_MATVECS * n / (ncv - 2 * k)))
        op = h if isinstance(h, np.ndarray) else sparse_linalg.LinearOperator(
            h.shape, matvec=h.__matmul__, matmat=h.__matmul__, dtype=float)
        try:
            w, v = sparse_linalg.eigsh(op, k=2 * k, which="BE", tol=0, v0=v0, ncv=ncv, maxiter=maxiter)
            picked = pick_extremes(w, k)
            v = v[:, picked] / np.linalg.norm(v[:, picked], axis=0)
            # Rayleigh quotients: error quadratic in that of the Ritz vectors
            return np.einsum("ij,ij->j", v, h @ v), v
        except (sparse_linalg.ArpackNoConvergence, TooFewEigenvalues):
            pass
    w, v = linalg.eigh(as_dense(h))
    picked = pick_extremes(w, k)
    return w[picked], v[:, picked]


#: Largest |b|^2 / (2 |u|) relative to |M0| for which the rank-one-updated
#: matrix M0 - b b^T/(2u) is diagonalised directly.  Its eigenvectors then carry
#: errors ~ eps * 1e4 * |M0| / gap ~ 1e-11; the eigenvalues are recomputed as
#: Rayleigh quotients, whose error is the square of that.  Beyond it (|u| below
#: ~1e-4) the arrowhead/secular route is used.
DIRECT_LIMIT = 1e4


def solve_pencil(m0, b, s, u, k, v0=None):
    """The k eigenpairs with smallest positive and the k with largest negative lambda.

    m0, b: the weight forms of galerkin.py (m0 an ndarray, or an operator with products,
    ``dense()`` and ``frobenius()``: galerkin.SemiseparableWeight, formed only where a
    route needs the dense matrix); s: the functional y -> Psi(1) - Psi(-1); v0: a
    start vector for Lanczos in the coordinates y (or None);
    returns DiscreteEigenpairs labelled -1..-k, +1..+k, normalised by
    |int (u + mu) Psi^2| = 1 and Psi(sign lambda) > 0 (sign lambda = +1 means mu = +1).
    """
    n = m0.shape[0]
    if n < 2 * k + 2:
        raise TooFewEigenvalues(f"discrete problem too small ({n} unknowns) for k={k}")
    if _direct_route(m0, b, u):
        updated = SymmetricOperator(n, lambda x: m0 @ x - np.multiply.outer(b, b @ x) / (2.0 * u),
                                    lambda: as_dense(m0) - np.outer(b, b) / (2.0 * u))
        theta, y = extreme_eigenpairs(updated, k, v0)
        # Rayleigh quotients: quadratic in the eigenvector error
        theta = np.einsum("ij,ij->j", y, m0 @ y) - (b @ y) ** 2 / (2.0 * u)
        theta_scale = float(np.max(np.abs(theta)))
    else:
        theta, y, theta_scale = _reflected_solve(m0, b, u, k, v0)
    c = constant_part(m0, b, theta, y)
    lam = 1.0 / theta
    # normalise: |B(Psi, Psi)| = |y|^2 |theta| = 1 and Psi(sign lambda) > 0
    scale = 1.0 / (np.linalg.norm(y, axis=0) * np.sqrt(np.abs(theta)))
    end_value = np.where(lam > 0, c + s @ y, c)
    scale = scale * np.sign(end_value)
    labels = [-(i + 1) for i in range(k)] + [i + 1 for i in range(k)]
    return DiscreteEigenpairs(labels=labels, lam=lam, theta=theta, c=c * scale, y=y * scale,
                              theta_scale=theta_scale)


def _direct_route(m0, b, u):
    """Whether M0 - b b^T/(2u) can be diagonalised directly (see DIRECT_LIMIT)."""
    return u != 0.0 and np.linalg.norm(b) ** 2 / (2.0 * abs(u)) <= DIRECT_LIMIT * frobenius(m0)


def constant_part(m0, b, theta, y):
    """c of each eigenvector, from the b-component of theta y = b c + M0 y (no division by u)."""
    return (theta * (b @ y) - b @ (m0 @ y)) / (b @ b)


def _reflected_solve(m0, b, u, k=None, v0=None):
    """u = 0 (projection) or tiny u (arrowhead/secular) in the Householder basis.

    k = None: every eigenpair (theta ascending), else the k extreme ones of each sign.
    """
    v, sigma, norm_b = householder(b)
    if u == 0.0 and k is not None:
        # H22 by its products: Q M0 Q applied to (0, x), first row dropped
        def h22(x):
            padded = np.concatenate([np.zeros((1,) + x.shape[1:]), x])
            return reflect(m0 @ reflect(padded, v), v)[1:]
        n = m0.shape[0]
        t, vecs = extreme_eigenpairs(SymmetricOperator(n - 1, h22,
                                                       lambda: reflect_both_sides(as_dense(m0), v)[1:, 1:]), k,
                                     None if v0 is None else reflect(v0, v)[1:])
        coords = np.vstack([np.zeros((1, t.size)), vecs])
        return t, reflect(coords, v), float(np.max(np.abs(t)))
    hq = reflect_both_sides(as_dense(m0), v)
    if u == 0.0:
        t, vecs = linalg.eigh(hq[1:, 1:])
        coords = np.vstack([np.zeros((1, t.size)), vecs])
        return t, reflect(coords, v), float(np.max(np.abs(t)))
    t, vecs = linalg.eigh(hq[1:, 1:])
    alpha = hq[0, 0] - norm_b**2 / (2.0 * u)
    z = vecs.T @ hq[1:, 0]
    m = t.size
    wanted = range(m + 1) if k is None else sorted(set(range(k + 1)) | set(range(m - k, m + 1)))
    roots, columns = [], []
    for j in wanted:
        root, dist, on_pole = _secular_root(alpha, z, t, j)
        if on_pole:
            column = np.concatenate([[0.0], vecs[:, np.argmin(np.abs(dist))]])
        else:
            column = np.concatenate([[1.0], vecs @ (z / dist)])
        roots.append(root)
        columns.append(column / np.linalg.norm(column))
    roots = np.asarray(roots)
    picked = np.argsort(roots) if k is None else pick_extremes(roots, k)
    coords = np.column_stack(columns)[:, picked]
    return roots[picked], reflect(coords, v), float(np.max(np.abs(t)))


def full_spectrum(m0, b, u):
    """Every eigenpair of the pencil with lambda != 0: (theta = 1/lambda ascending, c, y).

    The same three routes as :func:`solve_pencil`, with a dense solve of the
    whole reduced matrix: lambda = 0 (the constant) is not among them, and at
    u = 0 neither is its Jordan partner (the direction b is projected out), so
    the returned pairs are exactly the modes e^{-lambda z} Psi of eq. (14) with
    lambda != 0.  Used by the half-range problem (propagation.py).
    """
    if _direct_route(m0, b, u):
        theta, y = linalg.eigh(m0 - np.outer(b, b) / (2.0 * u))
    else:
        theta, y, _ = _reflected_solve(m0, b, u)
    return theta, constant_part(m0, b, theta, y), y
