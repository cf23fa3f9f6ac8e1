"""The lumped nodal discretisation (solver/nodal.py) and the full-spectrum solve."""

import numpy as np
import pytest
from numpy.polynomial import legendre
from scipy import linalg

from pitcheig import Flat, Peak
from pitcheig.eigensolve import full_spectrum
from pitcheig.mesh import Mesh
from pitcheig.nodal import NodalDiscretisation, gll_nodes, lagrange_values


@pytest.mark.parametrize("n", [1, 2, 5, 16, 33])
def test_gll_rule_exact_to_degree_2n_minus_1(n):
    # exact: int_{-1}^{1} x^k dx = 2/(k+1) for even k, 0 for odd k
    x, w = gll_nodes(n)
    for k in range(2 * n):
        exact = 2.0 / (k + 1) if k % 2 == 0 else 0.0
        assert w @ x**k == pytest.approx(exact, abs=1e-14)


def test_lagrange_interpolation_reproduces_polynomials():
    x, _ = gll_nodes(12)
    coeffs = np.random.default_rng(1).standard_normal(13)
    points = np.concatenate([np.linspace(-1, 1, 57), x[:3]])    # includes nodes themselves
    values = lagrange_values(x, points) @ legendre.legval(x, coeffs)
    assert np.max(np.abs(values - legendre.legval(points, coeffs))) < 1e-13


def small_disc(model=None, u=0.0):
    model = model or Flat()
    mesh = Mesh(np.array([-1.0, -0.3, 0.11, 0.6, 1.0]), np.array([5, 7, 9, 5]))
    return NodalDiscretisation(model, u, mesh, [1, 1, 1, 1])


@pytest.mark.parametrize("u", [0.0, 0.07, -0.2])
def test_lumped_weight_sums_to_exact_flux_of_constant(u):
    # sum W_i = int (u + mu) dmu = 2u exactly (the rule is exact for linear functions)
    disc = small_disc(u=u)
    assert disc.weight.sum() == pytest.approx(2 * u, abs=1e-15)


def test_energy_coordinates_are_orthonormal():
    """|y|^2 equals int (1 - mu^2) D f'^2 of f = c + J y, the derivative taken from an
    independent Legendre fit of the nodal values on each piece."""
    model = Peak(0.02, 0.05, "+1")
    bp = np.array([-1.0, 0.0, 1 - model.peak_width, 1.0])
    disc = NodalDiscretisation(model, 0.0, Mesh(bp, np.array([9, 9, 9])), [65, 65, 65])
    y = np.random.default_rng(2).standard_normal(disc.size - 1)
    f = disc.nodal_values(0.3, y)
    energy = 0.0
    for e, piece in enumerate(disc.pieces):
        lo = disc.offsets[e]
        coeffs = legendre.legfit(piece.xi, f[lo:lo + piece.degree + 1], piece.degree)
        xg, wg = legendre.leggauss(80)
        mu = 0.5 * (piece.left + piece.right) + piece.half_width * xg
        deriv = legendre.legval(xg, legendre.legder(coeffs)) / piece.half_width
        energy += piece.half_width * np.sum(wg * (1 - mu**2) * model(mu) * deriv**2)
    assert energy == pytest.approx(y @ y, rel=1e-11)


@pytest.mark.parametrize("u", [0.0, 0.05, -0.05])
def test_full_spectrum_matches_dense_generalized_eigenvalues(u):
    """The nonzero eigenvalues of the (c, y) reduction equal those of the nodal pencil
    E v = lambda W v solved by LAPACK's general eigensolver (QZ), E assembled from J."""
    disc = small_disc(u=u)
    m0, b, _ = disc.pencil()
    theta, c, y = full_spectrum(m0, b, u)
    lam = np.sort(1.0 / theta)
    # nodal energy from the coordinates: E = P^T P with P the map v -> y on v - v_0
    jfull = np.column_stack([np.ones(disc.size), disc.jmatrix])
    pinv = np.linalg.inv(jfull)[1:]                 # v -> y
    energy = pinv.T @ pinv
    w, _ = linalg.eig(energy, np.diag(disc.weight))
    w = w[np.isfinite(w)].real
    w = np.sort(w[np.abs(w) > 1e-6])                # drop lambda = 0 (and its Jordan partner at u = 0)
    assert lam.size == w.size
    assert np.max(np.abs(lam - w) / np.abs(w)) < 1e-8
