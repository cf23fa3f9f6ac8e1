"""Nodal (discrete-ordinates) spectral-element discretisation of eq. (12).

The transport equation (12), (u + mu) df/dz = d/dmu [(1 - mu^2) D df/dmu], is
discretised in mu only.  On each piece of a mesh, f is the polynomial that
interpolates its values at the Gauss-Lobatto-Legendre (GLL) nodes; the pieces
share their end nodes, so f is continuous.  Galerkin in mu with

* the energy E(f, v) = int (1 - mu^2) D f' v' dmu by Gauss quadrature with
  enough points for D (as in galerkin.py), and
* the weight B(f, v) = int (u + mu) f v dmu by the GLL rule itself ("mass
  lumping"), which makes it diagonal: W_i = w_i (u + mu_i),

gives the semi-discrete system  W df/dz = -E f  for the nodal values f_i(z):
one ordinary differential equation per node, each with its own direction of
propagation, the sign of u + mu_i.  That is what makes the half-range
condition of eqs. (13)-(14) a condition *on nodes*: the nodes with W_i > 0 carry
particles into z > 0 and take their values from the source.

Exactness used by the checks.  GLL with n + 1 nodes integrates polynomials of
degree 2n - 1 exactly, so sum_i W_i g_i = int (u + mu) g for every g in the
trial space (degree n <= 2n - 2): the lumped flux *is* the exact flux of the
interpolant, and int (u + mu) f dmu is conserved by the semi-discrete system
exactly (sum_i (W df/dz)_i = -(E f) . 1 = 0).  The lumping itself is an O(h^{2n})
quadrature error in B that vanishes under p-refinement with the rest of the
discretisation error.

Coordinates.  The energy is assembled exactly as for the eigen-solve: on each
piece the derivative f' is expanded in the energy-orthonormal basis of
galerkin.piece_forms (Cholesky of the local energy), so that with the
constant c split off, f = c 1 + J y and E(f, f) = |y|^2.  (A nodal Cholesky of
the assembled energy instead fails where D ~ 1/a = 1e8 sits on pieces 1e-7
wide: its condition number exceeds 1/eps.)  J takes y to nodal values: on
piece e it is the integral of the local basis at the GLL nodes, plus the jumps
s_f . y_f of every piece to the left.  The weight in (c, y) is
[[2u, b^T], [b, M0]] with b = J^T W and M0 = J^T diag(W) J (sum W = 2u exactly):
the pencil eigensolve.py reduces, with lambda = 0 and its Jordan partner
deflated exactly.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.polynomial import chebyshev, legendre
from scipy import special

from .chebtech import gauss_legendre, legendre_to_chebyshev, piecewise_chebfun
from .eigensolve import solve_pencil
from .galerkin import EnergyForms, antiderivative_matrix, piece_forms
from .discretisation import per_piece_chebyshev_data
from .mesh import piece_points


def gll_nodes(n):
    """Gauss-Lobatto-Legendre nodes and weights on [-1, 1] for degree n (n + 1 nodes)."""
    interior = special.roots_jacobi(n - 1, 1.0, 1.0)[0] if n > 1 else np.array([])
    x = np.concatenate([[-1.0], np.sort(interior), [1.0]])
    pn = legendre.legval(x, np.eye(n + 1)[n])
    return x, 2.0 / (n * (n + 1) * pn**2)


@lru_cache(maxsize=128)
def gll_to_chebyshev(n):
    """(n+1) x (n+1) matrix taking values at the GLL nodes of degree n to the Chebyshev
    coefficients of their interpolant (read-only)."""
    x, _ = gll_nodes(n)
    m = np.linalg.inv(chebyshev.chebvander(x, n))
    m.flags.writeable = False
    return m


def lagrange_values(nodes, points):
    """Matrix of L_j(points_g): barycentric interpolation from ``nodes``."""
    diff = points[:, None] - nodes[None, :]
    gaps = np.where(np.eye(nodes.size, dtype=bool), 1.0, nodes[:, None] - nodes[None, :])
    beta = 1.0 / np.prod(gaps, axis=1)
    exact = diff == 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = beta / diff
        values = terms / np.sum(terms, axis=1, keepdims=True)
    rows = np.any(exact, axis=1)
    values[rows] = exact[rows].astype(float)
    return values


@dataclass
class NodalPiece:
    """One piece [left, right] with GLL degree n: its reference nodes and rule."""

    left: float
    right: float
    degree: int
    xi: np.ndarray
    w: np.ndarray

    @property
    def half_width(self):
        return 0.5 * (self.right - self.left)


class NodalDiscretisation(EnergyForms):
    """The lumped pencil E f = lambda W f of eq. (15) on GLL nodes (see module doc),
    a peer of the Galerkin and collocation discretisations behind the interface
    that adaptivity.py drives (solve, psi_chebyshev, dpsi_chebyshev, and
    p_max, residual_nodes, rounding_floor from EnergyForms): ``eigs(method="nodal")``.

    Parameters
    ----------
    model : CoefficientModel
    u : float
    mesh : Mesh (mesh.py): breakpoints from -1 to 1 and the GLL degree of each piece
    d_lengths : Chebyshev length at which D is resolved on each piece (sets the quadrature)
    """

    method = "nodal"

    def __init__(self, model, u, mesh, d_lengths):
        self.model, self.u, self.mesh = model, float(u), mesh
        self.breakpoints = np.asarray(mesh.breakpoints, dtype=float)
        self.pieces = []
        for left, right, n in zip(self.breakpoints[:-1], self.breakpoints[1:], mesh.degrees):
            xi, w = gll_nodes(int(n))
            self.pieces.append(NodalPiece(float(left), float(right), int(n), xi, w))
        self.offsets = np.concatenate([[0], np.cumsum([f.degree for f in self.pieces])])
        self.size = int(self.offsets[-1]) + 1
        self.mu, self.weight = self._nodes()
        self.forms = [piece_forms(model, self.u, f.left, f.right, f.degree, nd)
                      for f, nd in zip(self.pieces, d_lengths)]
        self.jmatrix = self._values_matrix()

    def _nodes(self):
        mu = np.empty(self.size)
        lumped = np.zeros(self.size)
        for f, lo in zip(self.pieces, self.offsets[:-1]):
            x, _, _ = piece_points(f.left, f.right, f.xi)
            x[0], x[-1] = f.left, f.right
            mu[lo:lo + f.degree + 1] = x
            lumped[lo:lo + f.degree + 1] += f.half_width * f.w
        return mu, lumped * (self.u + mu)

    def _values_matrix(self):
        """J: nodal values of f - c from the energy coordinates y (module doc)."""
        n_y = self.size - 1
        jmat = np.zeros((self.size, n_y))
        jumps = np.zeros(n_y)
        for f, form, lo in zip(self.pieces, self.forms, self.offsets[:-1]):
            cols = slice(lo, lo + f.degree)
            local = f.half_width * (legendre.legvander(f.xi, f.degree) @ antiderivative_matrix(f.degree)) \
                @ form.r_inv
            rows = slice(lo, lo + f.degree + 1)
            jmat[rows] = jumps       # the pieces to the left (overwrites the shared end node,
            jmat[rows, cols] += local  # where the local integral vanishes: same value)
            jumps[cols] = form.s
        return jmat

    def pencil(self):
        """(M0, b, 2u): the (c, y) form of the pencil (module doc)."""
        jw = self.jmatrix.T * self.weight
        m0 = jw @ self.jmatrix
        return 0.5 * (m0 + m0.T), jw.sum(axis=1), 2.0 * self.u

    # --- the discretisation interface (adaptivity.py) -------------------------

    def solve(self, k, start=None):
        """The k eigenpairs of each sign nearest lambda = 0 (eigensolve.solve_pencil;
        ``start`` is not used: the interface of discretisation.Discretisation)."""
        m0, b, _ = self.pencil()
        return solve_pencil(m0, b, self.jmatrix[-1], self.u, k)

    def chebyshev_data(self, pairs):
        """psi_chebyshev and dpsi_chebyshev of every piece (discretisation.Discretisation)."""
        return per_piece_chebyshev_data(self, pairs)

    def psi_chebyshev(self, pairs, e):
        """Chebyshev coefficients (n+1 x pairs) of the interpolant of Psi on piece e."""
        f, lo = self.pieces[e], self.offsets[e]
        return gll_to_chebyshev(f.degree) @ self.nodal_values(pairs.c, pairs.y)[lo:lo + f.degree + 1]

    def dpsi_chebyshev(self, pairs, e):
        """Chebyshev coefficients (n x pairs) of Psi' on piece e (from the energy coordinates)."""
        f, lo = self.forms[e], self.offsets[e]
        return legendre_to_chebyshev(f.degree) @ (f.r_inv @ pairs.y[lo:lo + f.degree])

    def nodal_values(self, c, y):
        """Nodal values of the functions with coordinates (c, y) (columns)."""
        return c + self.jmatrix @ y

    def interpolate(self, values, mu):
        """The piecewise polynomial with the given nodal values (columns) at points ``mu``."""
        mu = np.asarray(mu, dtype=float)
        values = np.asarray(values, dtype=float)
        out = np.empty((mu.size,) + values.shape[1:])
        piece = np.clip(np.searchsorted(self.breakpoints, mu, side="right") - 1, 0, len(self.pieces) - 1)
        for e, f in enumerate(self.pieces):
            sel = piece == e
            if np.any(sel):
                xi = (mu[sel] - 0.5 * (f.left + f.right)) / f.half_width
                lo = self.offsets[e]
                out[sel] = lagrange_values(f.xi, xi) @ values[lo:lo + f.degree + 1]
        return out

    def chebfun(self, values):
        """The piecewise polynomial with the given nodal values (one column) as a
        chebpy Chebfun: on each piece the interpolant through its GLL nodes, exactly."""
        values = np.asarray(values, dtype=float)
        coefficients = [gll_to_chebyshev(f.degree) @ values[lo:lo + f.degree + 1]
                        for f, lo in zip(self.pieces, self.offsets[:-1])]
        return piecewise_chebfun(coefficients, self.breakpoints)

    def integrate_flux(self, values):
        """int (u + mu) f dmu of the interpolant, by Gauss quadrature on every piece
        (independent of the lumped rule; exact for the polynomial times u + mu)."""
        total = 0.0
        for e, f in enumerate(self.pieces):
            xg, wg = gauss_legendre(f.degree + 2)
            mu = 0.5 * (f.left + f.right) + f.half_width * xg
            lo = self.offsets[e]
            fv = lagrange_values(f.xi, xg) @ values[lo:lo + f.degree + 1]
            total = total + f.half_width * ((wg * (self.u + mu)) @ fv)
        return total
