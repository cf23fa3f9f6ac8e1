"""The interface between the problem, its discretisations and the adaptive loop.

The data flow one way (as Chebfun's chebop -> linop -> chebcolloc2/ultraS):

    Problem (problem.py: the model of D, with its ends, and u; eq. 15)
      -> Mesh (mesh.py: breakpoints and the degree of every piece)
      -> a discretisation built on the mesh (one module each):
           galerkin.py     left-definite Legendre-Galerkin (Ritz) of the weak form
           collocation.py  Chebyshev collocation of the integrated first-order
                           system, with the sympy-derived Frobenius end rows
           nodal.py        lumped Gauss-Lobatto Galerkin, the discretisation of
                           the half-range transport problem (propagation.py)
      -> its wanted eigenpairs (``solve``)
      -> the adaptive loop (adaptivity.py), written once for all of them: the
         resolution of D on every piece, of the eigenfunctions (from their
         Chebyshev data per piece), the drift between refinements, the flux
         residual (residual.py) and the certification.

shoot.py (the Frobenius-series shooting solver) needs no mesh and is reached
through the same ``eigs(method=...)``.  Every discretisation class offers the
members of :class:`Discretisation`; tests/test_discretisation.py checks it.
"""

from typing import Protocol, runtime_checkable


@runtime_checkable
class Discretisation(Protocol):
    """What the adaptive loop needs of a discretisation of eq. (15).

    Constructed as ``cls(model, u, mesh, d_lengths)`` (d_lengths: the Chebyshev
    length at which D is resolved on each piece, for quadrature).  Attributes:
    ``method`` (its name in adaptivity.METHODS), ``model``, ``u``, ``mesh``,
    ``pieces`` (each with ``left``, ``right``, ``degree``) and ``size``.
    (``method`` is a documented attribute rather than a member of the protocol, so
    that issubclass() can check the methods.)
    """

    def solve(self, k, start=None):
        """The k eigenpairs of each sign nearest lambda = 0 (``start``: the previous
        discretisation and its pairs, which an iterative eigen-solve may use as its
        start; the others ignore it): an object with
        ``labels`` (-1..-k, +1..+k), ``lam``, ``theta`` = 1/lam, ``theta_scale``
        (max |theta|, for the rounding floor) and ``defect`` (None, or why the pairs
        cannot be certified whatever the drift), normalised so that
        |int (u + mu) Psi^2| = 1 and Psi(sign lam) > 0.  Raises
        eigensolve.TooFewEigenvalues when the mesh is too small for k."""

    def psi_chebyshev(self, pairs, e):
        """Chebyshev coefficients (on the reference interval) of Psi on piece e, one column per pair."""

    def dpsi_chebyshev(self, pairs, e):
        """Chebyshev coefficients of dPsi/dmu on piece e, one column per pair."""

    def chebyshev_data(self, pairs):
        """(psi, dpsi): the lists over all pieces of psi_chebyshev and dpsi_chebyshev
        (what the resolution test reads; :func:`per_piece_chebyshev_data` is the plain way)."""

    def p_max(self, e):
        """max of p = (1 - mu^2) D on piece e (scales the energy density in the resolution test)."""

    def residual_nodes(self, e):
        """(xi, w, p): Gauss nodes and weights on the reference interval and p there, for
        the flux residual (they must integrate to the accuracy of D)."""

    def rounding_floor(self, pairs):
        """Relative rounding level of each eigenvalue, without adaptivity.ROUNDING_C."""


def per_piece_chebyshev_data(disc, pairs):
    """Discretisation.chebyshev_data, one piece at a time."""
    pieces = range(len(disc.pieces))
    return [disc.psi_chebyshev(pairs, e) for e in pieces], [disc.dpsi_chebyshev(pairs, e) for e in pieces]
