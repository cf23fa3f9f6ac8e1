"""Chebyshev collocation of eq. (15) on a piecewise mesh, in integrated first-order form.

Formulation.  With q = Psi' and the flux G = (1 - mu^2) D q = p q, eq. (15) is
the first-order system Psi' = q, G' = -lam (u + mu) Psi.  Integrating the
second equation from mu = -1, where the regular solution has G(-1) = 0,

    p(mu) q(mu) = -lam F(mu),    F(mu) = int_{-1}^{mu} (u + s) Psi(s) ds,
    Psi(mu) = c + int_{-1}^{mu} q(s) ds,                                   (*)

and G(+1) = 0 is the constraint F(1) = 0, i.e. 2 u c + r^T q = 0.  The
unknowns are c = Psi(-1) and the values of q at the n Chebyshev points of the
second kind of every piece (q is a polynomial of degree n - 1 there, Psi one of
degree n, so the unknowns are those of the Galerkin method, mesh.dofs).
Psi is continuous by construction; q may jump at a breakpoint (where D may),
and the two rows of a breakpoint, one from each side, both say p q = G(x_b):
continuity of the flux.  Every integral in (*) is exact (Chebyshev
integration of the polynomial Psi times the linear weight), so the only
approximation is that (*) holds at the collocation points.

Why this form keeps its digits as D grows to 1/a.  The operator side of the
pencil is the diagonal a = p(x_j): no differentiation matrix (whose norm grows
like n^2 / h and, multiplied by D ~ 1e8, is what costs the square collocation
of (p Psi')' its digits, studies/discretisations.py), and no infinite
eigenvalues.  Near mu = +1 the rows use F(mu) - F(1) = -int_mu^1 (u + s) Psi,
which is of the size of p q there (both vanish like 1 - mu), instead of the
difference of two O(1) numbers; the rows of pieces left of mu = 0 integrate
from -1, those right of it from +1.

Boundary rows.  At mu = -1 and mu = +1 (*) degenerates to 0 = 0 and is
replaced by the regular end condition that sympy derives from the Frobenius
expansion (symbolic/frobenius.py, generated as
``symbolic._recurrence.regular_boundary_row``): a Psi'(s) = lam b Psi(s) with
a = 2 D(s) and b = s (s + u).  a goes to the operator side of the pencil, b
to the lambda side, so the end rows add no eigenvalue at infinity either.

Eigen-solve.  In theta = 1/lam the problem is theta a q = R q + m c with the
constraint, and a > 0, so it is a standard eigenproblem for theta once c is
eliminated, with lambda = 0 (q = 0, c = 1) excluded exactly by the constraint:
* u = 0: c is a multiplier and q lies in the complement of r; a Householder
  reflector splits off the r direction, the oblique projector that removes c
  is applied, and the theta are those of an (N - 1)-square matrix: the Jordan
  partner of lambda = 0 is not in the space at all;
* u != 0: c = -r^T q / (2u), theta q = (M - m r^T / (2u)) q (a rank-one update,
  like the Galerkin route; for tiny u, where it would swamp the rest, each
  eigenvalue is refined by Newton's method on the exact characteristic
  equation lam r^T (A - lam R)^{-1} m + 2u = 0, which never divides by u).
The matrix is scaled by the diagonal similarity sqrt(w_j a_j) (w_j the
Clenshaw-Curtis weights of the pieces): in that scaling it is symmetric up to
the discretisation error, because the operator is self-adjoint in the energy,
so its eigenvalues are well conditioned and the Krylov solve sees the right
norm.  The wanted theta are the k largest and k smallest real parts (ARPACK on
the dense matrix, or a dense solve for small N).
"""

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.polynomial import chebyshev
from scipy import linalg
from scipy.sparse import linalg as sparse_linalg

from pitcheig.symbolic._recurrence import regular_boundary_row

from .chebtech import chebpts2, chebyshev_times_x, clenshaw_curtis_weights, gauss_legendre, vals2coeffs
from .galerkin import weight_integral
from .eigensolve import ARPACK_MATVECS, EPS, TooFewEigenvalues, householder, pick_extremes, rounding_level
from .coefficient import values_at_points
from .discretisation import per_piece_chebyshev_data
from .mesh import piece_points

#: Largest |m| |r| / (2 |u|) relative to |M| for which the rank-one-updated matrix
#: is solved directly (the same bound as the Galerkin route, eigensolve.DIRECT_LIMIT).
DIRECT_LIMIT = 1e4
#: Newton steps allowed per eigenvalue on the characteristic equation (tiny u);
#: convergence is quadratic from the u = 0 values, within O(u) of the roots.
NEWTON_STEPS = 30
#: A Newton step that stops shrinking below this relative size has reached the
#: rounding level of f (the drift test of the adaptive loop judges the rest).
NEWTON_FLOOR = 1e-12
#: Largest relative imaginary part of a wanted theta accepted as real: the
#: scaled matrix is symmetric up to the discretisation error, so a resolved
#: eigenvalue is real to near rounding; a larger one marks an unresolved pair.
IMAG_TOL = 1e-8


@lru_cache(maxsize=256)
def reference_operators(n):
    """Operators on [-1, 1] for q given by its values at chebpts2(n):
    ``integral`` (n+1 x n): Chebyshev coefficients of int_{-1}^xi q;
    ``times_x`` (n+2 x n+1): coefficients of xi f from those of f (degree n);
    ``eval_flux`` (n x n+3): Chebyshev series of that length at the points;
    ``from_left``/``from_right`` (n+3 x n+2): the antiderivatives vanishing at -1 and +1."""
    xi = chebpts2(n)
    to_coeffs = np.column_stack([vals2coeffs(col) for col in np.eye(n)]) if n > 1 else np.ones((1, 1))
    eye = np.eye(n + 2)
    ops = {
        "to_coeffs": to_coeffs,
        "integral": np.column_stack([chebyshev.chebint(col, lbnd=-1) for col in np.eye(n)]) @ to_coeffs,
        "times_x": chebyshev_times_x(n + 1),
        "eval_flux": chebyshev.chebvander(xi, n + 2),
        "from_left": np.column_stack([chebyshev.chebint(col, lbnd=-1) for col in eye]),
        "from_right": np.column_stack([chebyshev.chebint(col, lbnd=1) for col in eye]),
    }
    for value in ops.values():
        value.flags.writeable = False
    return ops


@dataclass
class CollocationPiece:
    """The local operators of one piece [left, right] with n collocation points.

    ``jloc`` (n+1 x n): Chebyshev coefficients of Psi - Psi(left) from q;
    ``s`` = int_e q; ``k_left``, ``k_right``:
    int_left^x and int_x^right of (u + mu)(Psi - Psi(left)) at the points;
    ``beta`` = int_e (u + mu)(Psi - Psi(left)); ``w_left``, ``w_right``: int_left^x
    and int_x^right of (u + mu); ``a``: p at the points; ``d``: D there.
    """

    left: float
    right: float
    degree: int
    d: np.ndarray
    a: np.ndarray
    jloc: np.ndarray
    s: np.ndarray
    k_left: np.ndarray
    k_right: np.ndarray
    beta: np.ndarray
    w_left: np.ndarray
    w_right: np.ndarray
    weights: np.ndarray

    @property
    def half_width(self):
        return 0.5 * (self.right - self.left)


def collocation_piece(model, u, left, right, n, d_length):
    """Assemble the local operators of one piece (see the module docstring).  D at
    the piece's ends is its one-sided limit from inside (coefficient.values_at_points):
    a user D may jump at a marked breakpoint."""
    ops = reference_operators(n)
    h = 0.5 * (right - left)
    xi = chebpts2(n)
    _, t_minus, t_plus = piece_points(left, right, xi)
    d = values_at_points(model, left, right, xi, d_length)
    jloc = h * ops["integral"]                                    # Psi - Psi(left), coefficients
    centre = 0.5 * (left + right)
    weighted = (u + centre) * np.vstack([jloc, np.zeros((1, n))]) + h * (ops["times_x"] @ jloc)
    k_left = h * (ops["eval_flux"] @ (ops["from_left"] @ weighted))
    k_right = -h * (ops["eval_flux"] @ (ops["from_right"] @ weighted))
    beta = h * np.sum(ops["from_left"] @ weighted, axis=0)       # T_k(1) = 1
    return CollocationPiece(
        left=left, right=right, degree=n, d=d, a=t_minus * t_plus * d,
        jloc=jloc, s=np.sum(jloc, axis=0),
        k_left=k_left, k_right=k_right, beta=beta,
        w_left=h * (1.0 + xi) * (u + left + 0.5 * h * (1.0 + xi)),
        w_right=h * (1.0 - xi) * (u + right - 0.5 * h * (1.0 - xi)),
        weights=h * clenshaw_curtis_weights(n),
    )


class CollocationDiscretisation:
    """The collocation pencil theta a q = R q + m c, 2u c + r^T q = 0 on a mesh.

    Parameters are those of :class:`pitcheig.galerkin.GalerkinDiscretisation`;
    ``d_lengths`` sets the quadrature of the a-posteriori flux residual.
    """

    method = "collocation"

    def __init__(self, model, u, mesh, d_lengths):
        self.model, self.u, self.mesh, self.d_lengths = model, float(u), mesh, list(d_lengths)
        if np.any(mesh.degrees < 2):
            raise ValueError("collocation needs at least 2 points per piece")
        self.pieces = [collocation_piece(model, self.u, left, right, int(n), nd)
                       for (left, right), n, nd in zip(mesh.intervals(), mesh.degrees, self.d_lengths)]
        self.offsets = np.concatenate([[0], np.cumsum(mesh.degrees)])
        self.size = int(self.offsets[-1])
        self._assemble()

    def _assemble(self):
        u, pieces, offsets = self.u, self.pieces, self.offsets
        size = self.size
        s = np.concatenate([f.s for f in pieces])
        beta = np.concatenate([f.beta for f in pieces])
        rights = np.repeat([f.right for f in pieces], self.mesh.degrees)
        after = np.array([weight_integral(u, f.right, 1.0) for f in pieces])   # int_{right_e}^1 (u + mu)
        r = np.concatenate([f.beta + f.s * om for f, om in zip(pieces, after)])
        rows, m = np.zeros((size, size)), np.zeros(size)
        for e, f in enumerate(pieces):
            lo, hi = offsets[e], offsets[e + 1]
            if f.left + f.right < 0.0:      # F(x) integrated from -1: the row is -F(x)
                between = weight_integral(u, rights[:lo], f.left)              # int_{right_g}^{left_e}
                rows[lo:hi, :lo] = -(beta[:lo] + (between[None, :] + f.w_left[:, None]) * s[:lo])
                rows[lo:hi, lo:hi] = -f.k_left
                m[lo:hi] = -(weight_integral(u, -1.0, f.left) + f.w_left)
            else:                           # F(x) - F(1) = -int_x^1: the row is +int_x^1 (u + s) Psi
                to_end = f.w_right + after[e]
                rows[lo:hi, :lo] = to_end[:, None] * s[:lo]
                rows[lo:hi, lo:hi] = f.k_right + after[e] * f.s[None, :]
                rows[lo:hi, hi:] = r[hi:]
                m[lo:hi] = to_end
        a = np.concatenate([f.a for f in pieces])
        # regular end rows (Frobenius, generated by sympy): a Psi'(s) = lam b Psi(s)
        a_minus, b_minus = regular_boundary_row(-1.0, u, float(pieces[0].d[0]))
        rows[0], m[0], a[0] = 0.0, b_minus, a_minus                              # Psi(-1) = c
        a_plus, b_plus = regular_boundary_row(1.0, u, float(pieces[-1].d[-1]))
        rows[-1], m[-1], a[-1] = b_plus * s, b_plus, a_plus                     # Psi(1) = c + sum s q
        self.rows, self.m, self.r, self.a, self.s = rows, m, r, a, s
        self.weights = np.concatenate([f.weights for f in pieces])
        self.scale = np.sqrt(self.weights * self.a)      # the symmetrising similarity

    # --- the eigen-solve -----------------------------------------------------

    def solve(self, k, start=None):
        """The k eigenpairs with smallest positive and the k with largest negative lambda
        (``start`` is not used: the interface of discretisation.Discretisation)."""
        n = self.size
        if n < 2 * k + 2:
            raise TooFewEigenvalues(f"discrete problem too small ({n} unknowns) for k={k}")
        sc, u = self.scale, self.u
        h, m_hat, r_hat = self.scaled_matrix()
        newton_defect = None
        if u != 0.0 and _direct(h, m_hat, r_hat, u):
            theta, vec, imag = extreme_real_eigenpairs(h - np.outer(m_hat, r_hat) / (2.0 * u), k)
            q = vec / sc[:, None]
            c = -(self.r @ q) / (2.0 * u)
            scale = float(np.max(np.abs(theta)))
        else:
            theta, q, c, imag = self._reflected_solve(k)
            # the u = 0 problem sets the rounding of both this route and the Newton
            # refinement (an equation in A and R, without the rank-one term of 1/u)
            scale = float(np.max(np.abs(theta)))
            if u != 0.0:
                theta, q, c, newton_defect = self._newton(theta, k)
        labels = [-(i + 1) for i in range(k)] + [i + 1 for i in range(k)]
        defect = (f"a wanted eigenvalue has relative imaginary part {imag:.1e} > {IMAG_TOL:.0e} "
                  "(unresolved or spurious)") if imag > IMAG_TOL else newton_defect
        pairs = CollocationPairs(labels=labels, lam=1.0 / theta, theta=theta, c=c, q=q,
                                 theta_scale=scale, defect=defect)
        return self._normalise(pairs)

    def _normalise(self, pairs):
        """Scale each pair so that |int (u + mu) Psi^2| = 1 and Psi(sign lam) > 0,
        as the Galerkin solve does (Gauss rule exact for the polynomial integrand)."""
        norm, ends = np.zeros(pairs.lam.size), {}
        for e, f in enumerate(self.pieces):
            psi = self.psi_chebyshev(pairs, e)
            xi, w = gauss_legendre(f.degree + 2)
            values = chebyshev.chebvander(xi, psi.shape[0] - 1) @ psi
            norm += f.half_width * (w * (self.u + f.left + f.half_width * (1.0 + xi))) @ values**2
            if e in (0, len(self.pieces) - 1):
                ends[e] = chebyshev.chebvander(np.array([-1.0, 1.0]), psi.shape[0] - 1) @ psi
        end_value = np.where(pairs.lam > 0, ends[len(self.pieces) - 1][1], ends[0][0])
        scale = np.sign(end_value) / np.sqrt(np.abs(norm))
        pairs.c, pairs.q = pairs.c * scale, pairs.q * scale
        return pairs

    def scaled_matrix(self, scale=None):
        """(h, m_hat, r_hat): A^{-1} R, A^{-1} m and r in the diagonal similarity ``scale``
        (default: the symmetrising sqrt(w a); a vector of ones gives the unscaled matrix)."""
        sc, a = self.scale if scale is None else scale, self.a
        return (sc / a)[:, None] * self.rows / sc[None, :], sc * self.m / a, self.r / sc

    def projected_matrix(self, scale=None):
        """The (N-1)-square matrix whose eigenvalues are the theta of the u = 0 problem
        (see _reflected_solve), and what recovers c and q from its eigenvectors;
        ``scale`` as for scaled_matrix."""
        h, m_hat, r_hat = self.scaled_matrix(scale)
        v, _, _ = householder(r_hat)
        hq = reflect_general(h, v)
        mq = m_hat - (2.0 * (v @ m_hat) / (v @ v)) * v
        return hq[1:, 1:] - np.outer(mq[1:], hq[0, 1:]) / mq[0], (v, hq[0, 1:], mq[0])

    def _reflected_solve(self, k):
        """u = 0 (and the start of the tiny-u route): q in the complement of r, c a multiplier."""
        reduced, (v, row, pivot) = self.projected_matrix()
        theta, z, imag = extreme_real_eigenpairs(reduced, k)
        c = -(row @ z) / pivot
        coords = np.vstack([np.zeros((1, z.shape[1])), z])
        y = coords - np.outer(v, (2.0 / (v @ v)) * (v @ coords))
        return theta, y / self.scale[:, None], c, imag

    def _newton(self, theta, k):
        """Tiny u: the u = 0 pairs refined to the exact characteristic equation
        f(lam) = lam r^T (A - lam R)^{-1} m + 2u = 0 (determinant lemma), plus the
        advective eigenvalue lam ~ -2u / (r^T A^{-1} m), which the u = 0 problem lacks."""
        a_diag, rows, m, r, u = np.diag(self.a), self.rows, self.m, self.r, self.u
        lam0 = -2.0 * u / (r @ (m / self.a))
        guesses = list(1.0 / theta) + [lam0]
        found, unconverged = [], 0
        for lam in guesses:
            previous = np.inf
            for _ in range(NEWTON_STEPS):
                lu = linalg.lu_factor(a_diag - lam * rows)
                x = linalg.lu_solve(lu, m)
                f = lam * (r @ x) + 2.0 * u
                df = r @ x + lam * (r @ linalg.lu_solve(lu, rows @ x))
                step = abs(f / df)
                lam -= f / df
                # converged at rounding level, or no longer shrinking there (f is then noise)
                if step <= 64 * EPS * abs(lam) or (step >= previous and step <= NEWTON_FLOOR * abs(lam)):
                    break
                previous = step
            else:
                unconverged += 1
            lu = linalg.lu_factor(a_diag - lam * rows)
            x = linalg.lu_solve(lu, m)                # q = lam (A - lam R)^{-1} m c with c = 1
            found.append((1.0 / lam, lam * x))
        theta_all = np.array([t for t, _ in found])
        picked = pick_extremes(theta_all, k)
        ordered = np.sort(theta_all[picked])
        coincide = np.any(np.diff(ordered) <= 1e-10 * np.abs(ordered[1:]))
        defect = (f"Newton's method on the characteristic equation did not converge for "
                  f"{unconverged} eigenvalue(s)" if unconverged else
                  "two starting values converged to the same eigenvalue" if coincide else None)
        return theta_all[picked], np.column_stack([found[i][1] for i in picked]), np.ones(len(picked)), defect

    # --- what the adaptive loop reads ----------------------------------------

    def chebyshev_data(self, pairs):
        """psi_chebyshev and dpsi_chebyshev of every piece (discretisation.Discretisation)."""
        return per_piece_chebyshev_data(self, pairs)

    def psi_chebyshev(self, pairs, e):
        """Chebyshev coefficients (n+1 x pairs) of Psi on piece e."""
        f, lo, hi = self.pieces[e], self.offsets[e], self.offsets[e + 1]
        coeffs = f.jloc @ pairs.q[lo:hi]
        coeffs[0] += pairs.c + self.s[:lo] @ pairs.q[:lo]
        return coeffs

    def dpsi_chebyshev(self, pairs, e):
        """Chebyshev coefficients (n x pairs) of Psi' = q on piece e."""
        f, lo, hi = self.pieces[e], self.offsets[e], self.offsets[e + 1]
        return reference_operators(f.degree)["to_coeffs"] @ pairs.q[lo:hi]

    def p_max(self, e):
        return float(np.max(self.pieces[e].a))

    def residual_nodes(self, e):
        """Gauss nodes, weights and p on piece e for the flux residual (D resolved
        there by d_lengths[e] coefficients sets their number)."""
        f = self.pieces[e]
        count = f.degree + math.ceil(self.d_lengths[e] / 2) + 2
        xi, w = gauss_legendre(count)
        mu, t_minus, t_plus = piece_points(f.left, f.right, xi)
        return xi, w, t_minus * t_plus * self.model.evaluate(mu, t_minus, t_plus)

    def rounding_floor(self, pairs):
        return rounding_level(self.size, pairs)


@dataclass
class CollocationPairs:
    """The wanted eigenpairs of the collocation pencil: labels, lam, theta = 1/lam,
    c = Psi(-1) and q = Psi' at the points (columns), the max |theta|, and
    ``defect``: why the pairs cannot be certified whatever the drift (None: no reason)."""

    labels: list
    lam: np.ndarray
    theta: np.ndarray
    c: np.ndarray
    q: np.ndarray
    theta_scale: float
    defect: object = None


def _direct(h, m_hat, r_hat, u):
    """Whether the rank-one update m r^T / (2u) can be added directly (DIRECT_LIMIT)."""
    return np.linalg.norm(m_hat) * np.linalg.norm(r_hat) / (2.0 * abs(u)) <= DIRECT_LIMIT * np.linalg.norm(h)


def reflect_general(h, v):
    """Q h Q for the Householder reflector Q = I - 2 v v^T / v^T v and a general square h."""
    tau = 2.0 / (v @ v)
    hv, vh = h @ v, v @ h
    return h - tau * (np.outer(v, vh) + np.outer(hv, v)) + tau * tau * (v @ hv) * np.outer(v, v)


def extreme_real_eigenpairs(h, k):
    """The k most negative and k most positive (real parts of the) eigenvalues of
    the nearly symmetric h, their eigenvectors, and the largest relative imaginary
    part among them.  ARPACK (implicitly restarted Arnoldi, which='LR' and 'SR',
    tol=0, fixed start vector) for large h, with a dense solve as the fallback."""
    n = h.shape[0]
    if n > 6 * k + 24:
        v0 = np.random.default_rng(12345).standard_normal(n)
        ncv = min(n - 1, max(4 * k + 1, 24))
        try:
            # the work capped as in eigensolve: about ARPACK_MATVECS n products per side, the
            # cost of the dense fallback (2 n restarts took minutes where the spectrum spans
            # 1e10, at u = 0.99999)
            maxiter = max(10, math.ceil(ARPACK_MATVECS * n / (ncv - 2 * k)))
            parts = [sparse_linalg.eigs(h, k=k, which=which, tol=0, v0=v0, ncv=ncv, maxiter=maxiter)
                     for which in ("SR", "LR")]
            w = np.concatenate([p[0] for p in parts])
            v = np.hstack([p[1] for p in parts])
            picked = pick_extremes(w.real, k)
            return _real_pairs(w[picked], v[:, picked])
        except (sparse_linalg.ArpackNoConvergence, TooFewEigenvalues):
            pass
    w, v = linalg.eig(h)
    picked = pick_extremes(np.where(np.abs(w.imag) <= IMAG_TOL * np.abs(w), w.real, 0.0), k)
    return _real_pairs(w[picked], v[:, picked])


def _real_pairs(w, v):
    """Real parts of eigenpairs, unit columns, and the largest relative imaginary part."""
    imag = float(np.max(np.abs(w.imag) / np.abs(w)))
    v = v.real / np.linalg.norm(v.real, axis=0)
    return w.real, v, imag
