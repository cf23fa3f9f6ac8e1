"""The a-posteriori flux residual of discrete eigenpairs, for any discretisation.

The exact flux of an eigenpair obeys G(mu) = F(mu) := -lam int_{-1}^{mu} (u + s) Psi ds
(eq. 15 integrated once, with G(-1) = 0).  For a discrete pair (lam, Psi_h), with
G_h = p Psi_h' (p = (1 - mu^2) D) and F_h from Psi_h, the relative residual

    r = |(G_h - F_h)/p|_p / |F_h/p|_p,      |v|_p^2 = int p v^2,

is the relative energy error of Psi_h' as an approximation of F_h/p.  It needs
no differentiation of D or of the flux, so it stays meaningful on pieces 1e-11
wide where D ~ 1/a.  F_h is integrated exactly (Chebyshev antiderivative of the
polynomial (u + mu) Psi_h); the norms use each discretisation's Gauss nodes
(``residual_nodes``), which integrate to the accuracy of D.

What r says depends on the method: for the Galerkin method G_h is the
p-weighted projection of F_h and r^2 is of the order of the relative eigenvalue
error; a collocation pair satisfies G_h = F_h at its points, and r measures the
defect between them, of the order of the eigenvalue error itself.
"""

from functools import lru_cache

import numpy as np
from numpy.polynomial import chebyshev

from .chebtech import chebyshev_times_x


@lru_cache(maxsize=256)
def chebyshev_antiderivative_matrix(n):
    """(n+1) x n: Chebyshev coefficients to those of the antiderivative vanishing at -1."""
    m = chebyshev.chebint(np.eye(n), lbnd=-1.0, axis=0)
    m.flags.writeable = False
    return m


def chebyshev_vandermonde(xi, degree):
    """chebvander(xi, degree), cached by the nodes' bytes (each discretisation passes
    the same cached Gauss nodes for every piece of a given quadrature size)."""
    return _chebyshev_vandermonde(xi.tobytes(), degree)


@lru_cache(maxsize=1024)
def _chebyshev_vandermonde(xi_bytes, degree):
    v = chebyshev.chebvander(np.frombuffer(xi_bytes), degree)
    v.flags.writeable = False
    return v


def flux_residual(disc, pairs):
    """r of every pair of ``pairs`` (see the module doc), from the discretisation's
    Chebyshev data of Psi and Psi' per piece; one value per pair.  G_h and F_h are
    both divided by lam, so a tiny advective eigenvalue (~ -6u, u down to 1e-300)
    does not underflow the norms."""
    lam = np.atleast_1d(pairs.lam)
    flux_start = np.zeros(lam.size)
    defect, norm = np.zeros(lam.size), np.zeros(lam.size)
    for e, f in enumerate(disc.pieces):
        psi, dpsi = disc.psi_chebyshev(pairs, e), disc.dpsi_chebyshev(pairs, e)
        xi, w, p = disc.residual_nodes(e)
        h, centre = 0.5 * (f.right - f.left), 0.5 * (f.left + f.right)
        weighted = (disc.u + centre) * np.vstack([psi, np.zeros((1, lam.size))]) \
            + h * (chebyshev_times_x(psi.shape[0]) @ psi)
        integral = chebyshev_antiderivative_matrix(weighted.shape[0]) @ weighted
        big_f = flux_start - h * (chebyshev_vandermonde(xi, integral.shape[0] - 1) @ integral)
        g_h = p[:, None] * (chebyshev_vandermonde(xi, dpsi.shape[0] - 1) @ dpsi) / lam
        defect += h * (w / p) @ (g_h - big_f) ** 2
        norm += h * (w / p) @ big_f**2
        flux_start = flux_start - h * np.sum(integral, axis=0)     # T_k(1) = 1
    return np.sqrt(defect / norm)
