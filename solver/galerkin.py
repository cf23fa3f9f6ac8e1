"""Left-definite Galerkin discretisation of eq. (15) on a piecewise mesh.

Weak form.  Multiplying eq. (15) by a test function and integrating by parts,

    E(Psi, v) = lambda * B(Psi, v),
    E(Psi, v) = int (1 - mu^2) D Psi' v' dmu      (energy, >= 0),
    B(Psi, v) = int (u + mu) Psi v dmu            (indefinite weight).

The boundary terms [(1 - mu^2) D Psi' v] vanish at mu = +-1 because of the
factor 1 - mu^2: regularity is a *natural* condition and nothing is imposed at
the ends.  The log-singular solution has infinite energy, so it is excluded by
the trial space itself.  Flux continuity of G = (1 - mu^2) D Psi' across
breakpoints is natural as well.

Trial space.  Psi is written through its derivative:

    Psi(mu) = c + int_{-1}^{mu} Psi'(s) ds,

with Psi' a polynomial of degree n_e - 1 on each piece (Legendre basis mapped
to the piece), so Psi is continuous and of degree n_e on each piece.  The
constant c carries the lambda = 0 mode exactly: E never sees it, so the energy
matrix is block diagonal and positive definite, and the exact null space of
the pencil is one explicit coordinate instead of a rounding-level feature of a
singular matrix.  On each piece the derivative basis is orthonormalised in
the energy (K_e = R_e^T R_e, Cholesky), so in the coordinates y of the whole
problem E(Psi, Psi) = |y|^2.

B in these coordinates is

    B(c + Jy, c + Jy) = 2u c^2 + 2 c b^T y + y^T M0 y,

where J is cumulative integration.  Because J psi for a basis function psi of
piece e vanishes left of e, varies on e and is the constant s = int_e psi
right of e, M0 is block diagonal plus a rank-one semiseparable part:
M0[f, e] = s_f r_e^T for f < e, with r_e = beta_e + s_e Omega_{>e}, beta_e the
moments int_e (u + mu) J psi and Omega_{>e} = int_{x_e}^{1} (u + mu).  The same
r is the coupling b to the constant.  See eigensolve.py for the reduction.

Quadrature.  Gauss-Legendre with m = n + ceil(n_D / 2) + 2 points on a piece
where D is resolved by n_D Chebyshev coefficients, so that
int p P_k P_l (degree 2n - 2 + n_D + 2) is integrated to the accuracy of D.

Convergence.  With exact quadrature the trial spaces are nested under p- and
h-refinement and the min-max principle for the compact self-adjoint operator
behind 1/lambda gives |lambda_h| >= |lambda| label by label, decreasing
monotonically under refinement (tested in tests/test_galerkin.py).
"""

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import linalg

from .chebtech import gauss_legendre, legendre_to_chebyshev, legendre_vandermonde
from .eigensolve import rounding_level, solve_pencil
from .mesh import piece_points
from .models import check_positive


@lru_cache(maxsize=64)
def antiderivative_matrix(n):
    """(n+1) x n matrix taking Legendre coefficients of a degree n-1 polynomial
    on [-1, 1] to those of its antiderivative vanishing at -1: int_{-1}^x P_0 = P_0 + P_1
    and int_{-1}^x P_k = (P_{k+1} - P_{k-1})/(2k + 1) for k >= 1 (which vanishes at -1)."""
    a = np.zeros((n + 1, n))
    a[0, 0] = a[1, 0] = 1.0
    k = np.arange(1, n)
    a[k + 1, k] = 1.0 / (2 * k + 1)
    a[k - 1, k] = -1.0 / (2 * k + 1)
    a.flags.writeable = False
    return a


def inverse_cholesky_factor(energy):
    """R^-1 for energy = R^T R (R upper triangular), by LAPACK's dpotrf and dtrtri
    directly: scipy's cholesky and solve_triangular wrappers cost more than the
    factorisation itself at these sizes (n ~ 40; once per piece of every solve)."""
    r, info = linalg.lapack.dpotrf(energy, lower=0, clean=1)
    if info == 0:
        r_inv, info = linalg.lapack.dtrtri(r, lower=0)
    if info != 0:
        raise linalg.LinAlgError(f"energy matrix of a piece not positive definite (LAPACK info {info})")
    return r_inv


@lru_cache(maxsize=1024)
def integrated_legendre_vandermonde(m, n):
    """Values at the m Gauss nodes of the antiderivatives (vanishing at -1) of P_0..P_(n-1)."""
    v = legendre_vandermonde(("gauss", m), n) @ antiderivative_matrix(n)
    v.flags.writeable = False
    return v


def weight_integral(u, left, right):
    """int_left^right (u + mu) dmu, written to avoid cancellation near mu = 1."""
    return (right - left) * (u + 0.5 * (left + right))


@dataclass
class PieceForms:
    """Everything the global forms need from one piece [left, right].

    In the energy-orthonormal coordinates of the piece:
    ``r_inv`` maps them to Legendre coefficients of Psi' (upper triangular),
    ``loc`` = int_e (u+mu) Jpsi_k Jpsi_l, ``s`` = int_e psi_k,
    ``beta`` = int_e (u+mu) Jpsi_k, ``omega`` = int_e (u+mu).
    """

    left: float
    right: float
    degree: int
    r_inv: np.ndarray
    loc: np.ndarray
    s: np.ndarray
    beta: np.ndarray
    omega: float
    xi: np.ndarray
    w: np.ndarray
    p: np.ndarray

    @property
    def p_max(self):
        return float(np.max(self.p))

    @property
    def half_width(self):
        return 0.5 * (self.right - self.left)

    @property
    def centre(self):
        return 0.5 * (self.left + self.right)


def piece_forms(model, u, left, right, degree, d_length):
    """Assemble the local forms of one piece (see the module docstring)."""
    return assemble_pieces(model, u, [(left, right)], [degree], [d_length])[0]


def quadrature_size(degree, d_length):
    """Gauss points for a piece of degree n where D has Chebyshev length n_D:
    m = n + ceil(n_D / 2) + 2 (module docstring, Quadrature)."""
    return degree + math.ceil(d_length / 2) + 2


def assemble_pieces(model, u, intervals, degrees, d_lengths):
    """The PieceForms of every piece, assembled in groups of equal degree n: one
    evaluation of D and stacked matrix products per group.  A group shares one Gauss
    rule, m = n + ceil(max n_D / 2) + 2 (module docstring, Quadrature), with n_D the
    largest Chebyshev length of D among its pieces: every piece gets at least the
    points its own D needs.  (One piece at a time, the ~50 numpy calls per piece
    cost more than their arithmetic.)"""
    groups = {}
    for e, n in enumerate(degrees):
        groups.setdefault(int(n), []).append(e)
    forms = [None] * len(intervals)
    for n, members in groups.items():
        m = quadrature_size(n, max(d_lengths[e] for e in members))
        for e, f in zip(members, _assemble_group(model, u, [intervals[e] for e in members], n, m)):
            forms[e] = f
    return forms


def _assemble_group(model, u, intervals, n, m):
    """PieceForms of pieces sharing degree n (Psi' has n coefficients) and m Gauss points."""
    left, right = (np.array(side, dtype=float)[:, None] for side in zip(*intervals))
    h = 0.5 * (right - left)                                             # (P, 1)
    xi, w = gauss_legendre(m)
    mu, t_minus, t_plus = piece_points(left, right, xi)                  # (P, m)
    d = np.reshape(model.evaluate(mu.ravel(), t_minus.ravel(), t_plus.ravel()), mu.shape)
    check_positive(model, mu, d)
    p = t_minus * t_plus * d
    psi_prime = legendre_vandermonde(("gauss", m), n - 1)               # (m, n)
    energy = h[:, :, None] * np.matmul(psi_prime.T[None] * (w * p)[:, None, :], psi_prime)
    r_inv = np.stack([inverse_cholesky_factor(block) for block in energy])
    jpsi = h[:, :, None] * np.matmul(integrated_legendre_vandermonde(m, n)[None], r_inv)   # (P, m, n)
    weight = h * w * (u + mu)                                            # (P, m)
    loc = np.matmul(np.swapaxes(jpsi, 1, 2) * weight[:, None, :], jpsi)
    beta = np.einsum("pmk,pm->pk", jpsi, weight)
    s_piece = 2.0 * h * r_inv[:, 0, :]                                   # r_inv^T (2h e_0)
    return [PieceForms(left=float(left[i, 0]), right=float(right[i, 0]), degree=n, r_inv=r_inv[i], loc=loc[i],
                       s=s_piece[i], beta=beta[i], omega=weight_integral(u, float(left[i, 0]), float(right[i, 0])),
                       xi=xi, w=w, p=p[i])
            for i in range(len(intervals))]


class SemiseparableWeight:
    """M0 of the module docstring: block diagonal (``blocks``, piece by piece) plus the
    rank-one semiseparable part M0[f, e] = s_f r_e^T (f < e, by pieces) and its
    transpose, r = ``b``.  ``m @ x`` (x a vector or columns) costs O(N n) for pieces
    of degree n, against O(N^2) for the dense matrix; ``dense()`` forms it (cached);
    ``frobenius()`` is its Frobenius norm, from the same structure."""

    def __init__(self, blocks, s, b, offsets):
        self.s, self.b, self.offsets = s, b, np.asarray(offsets)
        self.shape = (int(self.offsets[-1]),) * 2
        sizes = np.diff(self.offsets)
        self.block = np.repeat(np.arange(sizes.size), sizes)
        width = int(sizes.max())
        self.padded = np.zeros((sizes.size, width, width))
        for e, blk in enumerate(blocks):
            self.padded[e, :sizes[e], :sizes[e]] = blk
        # position of every coordinate in the padded (pieces x width) layout
        self.slot = self.block * width + (np.arange(self.shape[0]) - self.offsets[:-1][self.block])
        self.width, self._dense = width, None

    def __matmul__(self, x):
        vector = x.ndim == 1
        x2 = x[:, None] if vector else x
        pieces, columns = self.padded.shape[0], x2.shape[1]
        xp = np.zeros((pieces * self.width, columns))
        xp[self.slot] = x2
        out = np.matmul(self.padded, xp.reshape(pieces, self.width, columns)).reshape(-1, columns)[self.slot]
        starts = self.offsets[:-1]
        rho = np.add.reduceat(self.b[:, None] * x2, starts, axis=0)       # r_e . x_e
        sigma = np.add.reduceat(self.s[:, None] * x2, starts, axis=0)     # s_e . x_e
        after = rho.sum(axis=0) - np.cumsum(rho, axis=0)                  # sum over e > f
        before = np.cumsum(sigma, axis=0) - sigma                         # sum over e < f
        out += self.s[:, None] * after[self.block] + self.b[:, None] * before[self.block]
        return out[:, 0] if vector else out

    def dense(self):
        if self._dense is None:
            upper = self.block[:, None] < self.block[None, :]
            m0 = np.where(upper, np.outer(self.s, self.b), 0.0)
            m0 = m0 + m0.T
            for e, (lo, hi) in enumerate(zip(self.offsets[:-1], self.offsets[1:])):
                m0[lo:hi, lo:hi] = self.padded[e, :hi - lo, :hi - lo]
            self._dense = m0
        return self._dense

    def frobenius(self):
        """|M0|_F: the blocks, and twice sum_{f<e} |s_f|^2 |r_e|^2 for the off-diagonal part."""
        starts = self.offsets[:-1]
        s2 = np.add.reduceat(self.s**2, starts)
        r2 = np.add.reduceat(self.b**2, starts)
        off = np.sum((np.cumsum(s2) - s2) * r2)
        return float(np.sqrt(np.sum(self.padded**2) + 2.0 * off))


class EnergyForms:
    """The interface members (discretisation.py) of a discretisation whose energy is
    assembled by :func:`piece_forms` on every piece (``self.forms``): Galerkin and nodal."""

    def p_max(self, e):
        return self.forms[e].p_max

    def residual_nodes(self, e):
        """The piece's Gauss quadrature of the energy (nodes, weights) and p at the nodes."""
        f = self.forms[e]
        return f.xi, f.w, f.p

    def rounding_floor(self, pairs):
        return rounding_level(self.size, pairs)


class GalerkinDiscretisation(EnergyForms):
    """The discrete pencil of eq. (15) on a mesh: M0, b and 2u (see module doc),
    with the interface that the adaptive loop (adaptivity.py) drives: solve(k),
    psi_chebyshev / dpsi_chebyshev (the eigenfunctions' Chebyshev data per piece),
    and p_max, residual_nodes and rounding_floor from EnergyForms.

    Parameters
    ----------
    model : CoefficientModel
    u : float
    mesh : Mesh
    d_lengths : sequence of int
        Chebyshev length of D resolved on each piece (sets the quadrature).
    """

    def __init__(self, model, u, mesh, d_lengths):
        self.model, self.u, self.mesh = model, float(u), mesh
        self.pieces = assemble_pieces(model, self.u, mesh.intervals(), mesh.degrees, d_lengths)
        self.offsets = np.concatenate([[0], np.cumsum(mesh.degrees)])
        self.size = int(self.offsets[-1])
        x = mesh.breakpoints[1:]
        # Omega_{>e} = int_{x_{e+1}}^{1} (u + mu) dmu
        self.omega_after = (1.0 - x) * (self.u + 0.5 * (1.0 + x))
        self.s = np.concatenate([f.s for f in self.pieces])
        self.b = np.concatenate([f.beta + f.s * om for f, om in zip(self.pieces, self.omega_after)])
        self.two_u = 2.0 * self.u
        self.block = np.repeat(np.arange(mesh.pieces), mesh.degrees)
        self._groups = None

    def weight_matrix(self):
        """Dense M0 (N x N): B restricted to the non-constant coordinates y."""
        return self.weight_operator().dense()

    def weight_operator(self):
        """M0 as a :class:`SemiseparableWeight` (products in O(N n) without forming it)."""
        blocks = [f.loc + om * np.outer(f.s, f.s) for f, om in zip(self.pieces, self.omega_after)]
        return SemiseparableWeight(blocks, self.s, self.b, self.offsets)

    # --- evaluation of a discrete eigenfunction (c, y) on a piece -----------

    def psi_legendre(self, c, y, e):
        """Legendre coefficients (on the piece's reference interval) of Psi on piece e.
        ``y`` may hold several eigenvectors as columns (``c`` then a vector)."""
        f, lo, hi = self.pieces[e], self.offsets[e], self.offsets[e + 1]
        before = c + self.s[:lo] @ y[:lo]
        coeffs = f.half_width * antiderivative_matrix(f.degree) @ (f.r_inv @ y[lo:hi])
        coeffs[0] += before
        return coeffs

    # --- the discretisation interface (adaptivity.py) -------------------------

    method = "galerkin"

    def solve(self, k, start=None):
        """The k eigenpairs of each sign nearest lambda = 0 (eigensolve.solve_pencil);
        ``start``: (discretisation, pairs) of the previous solve, whose eigenvectors,
        carried over to this mesh, start the Lanczos iteration (see start_vector)."""
        v0 = None if start is None else self.start_vector(*start)
        return solve_pencil(self.weight_operator(), self.b, self.s, self.u, k, v0)

    def start_vector(self, disc, pairs):
        """The sum of the previous solve's eigenvectors in this mesh's coordinates y, or None
        when its breakpoints differ: on every piece the Legendre coefficients of Psi' are
        padded (or cut) to this degree and mapped by r_inv^-1.  Only a start vector: the
        eigenpairs are computed to machine precision from it as from any other."""
        if disc.method != self.method or not np.array_equal(disc.mesh.breakpoints, self.mesh.breakpoints):
            return None
        parts = []
        for e, f in enumerate(self.pieces):
            previous = disc.dpsi_legendre(pairs.y, e)
            padded = np.zeros((f.degree, previous.shape[1]))
            rows = min(f.degree, previous.shape[0])
            padded[:rows] = previous[:rows]
            parts.append(linalg.solve_triangular(f.r_inv, padded, lower=False, check_finite=False))
        return np.vstack(parts).sum(axis=1)

    def psi_chebyshev(self, pairs, e):
        """Chebyshev coefficients (n+1 x pairs) of Psi on piece e."""
        return legendre_to_chebyshev(self.pieces[e].degree + 1) @ self.psi_legendre(pairs.c, pairs.y, e)

    def dpsi_chebyshev(self, pairs, e):
        """Chebyshev coefficients (n x pairs) of Psi' on piece e."""
        return legendre_to_chebyshev(self.pieces[e].degree) @ self.dpsi_legendre(pairs.y, e)

    @property
    def forms(self):
        """The local forms of every piece (EnergyForms reads them)."""
        return self.pieces

    def chebyshev_data(self, pairs):
        """psi_chebyshev and dpsi_chebyshev of every piece, computed for all pieces of one
        degree at once (the resolution test reads them after every solve)."""
        y, ncols = pairs.y, pairs.y.shape[1]
        # Psi at the left end of every piece: c + sum of int psi over the pieces before
        running = np.cumsum(self.s[:, None] * y, axis=0)
        before = pairs.c + np.vstack([np.zeros((1, ncols)), running[self.offsets[1:-1] - 1]])
        psi, dpsi = [None] * self.mesh.pieces, [None] * self.mesh.pieces
        for n, members, r_inv, half_width in self._degree_groups():
            coords = np.stack([y[self.offsets[e]:self.offsets[e + 1]] for e in members])
            dlegendre = np.matmul(r_inv, coords)                                   # Psi' (Legendre)
            legendre_psi = half_width[:, None, None] * np.matmul(antiderivative_matrix(n)[None], dlegendre)
            legendre_psi[:, 0, :] += before[members]
            cheb_psi = np.matmul(legendre_to_chebyshev(n + 1)[None], legendre_psi)
            cheb_dpsi = np.matmul(legendre_to_chebyshev(n)[None], dlegendre)
            for i, e in enumerate(members):
                psi[e], dpsi[e] = cheb_psi[i], cheb_dpsi[i]
        return psi, dpsi

    def _degree_groups(self):
        """[(degree, piece indices, stacked r_inv, half widths)] (cached)."""
        if self._groups is None:
            by_degree = {}
            for e, f in enumerate(self.pieces):
                by_degree.setdefault(f.degree, []).append(e)
            self._groups = [(n, np.array(members), np.stack([self.pieces[e].r_inv for e in members]),
                             np.array([self.pieces[e].half_width for e in members]))
                            for n, members in by_degree.items()]
        return self._groups

    def dpsi_legendre(self, y, e):
        """Legendre coefficients of Psi' = dPsi/dmu on piece e."""
        f, lo, hi = self.pieces[e], self.offsets[e], self.offsets[e + 1]
        return f.r_inv @ y[lo:hi]

