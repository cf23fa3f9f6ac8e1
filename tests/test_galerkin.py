"""The Galerkin forms, checked by independent quadrature, and the convergence
properties that follow from them (min-max monotonicity)."""

import numpy as np
import pytest
from numpy.polynomial import legendre

from pitcheig import Peak
from pitcheig.coefficient import resolve_coefficient
from pitcheig.galerkin import GalerkinDiscretisation
from pitcheig.eigensolve import solve_pencil
from pitcheig.mesh import Mesh


def discretise(model, u, degree):
    mesh0 = Mesh.initial(model)
    d_lengths = [resolve_coefficient(model, left, right)[1] for left, right in mesh0.intervals()]
    mesh = Mesh(mesh0.breakpoints, np.full(mesh0.pieces, degree), mesh0.gradings)
    return GalerkinDiscretisation(model, u, mesh, d_lengths)


def test_energy_basis_is_orthonormal():
    # E(psi_i, psi_j) = int (1 - mu^2) D psi_i' psi_j' by a 300-point Gauss rule on
    # each piece (independent of the rule used in assembly): the identity to 1e-12
    model = Peak(1e-2, 1e-3)
    disc = discretise(model, 0.0, 10)
    x, w = legendre.leggauss(300)
    for f in disc.pieces:
        mu = f.centre + f.half_width * x
        p = (1 - mu) * (1 + mu) * model(mu)
        dpsi = legendre.legvander(x, f.degree - 1) @ f.r_inv
        gram = f.half_width * (dpsi.T * (w * p)) @ dpsi
        assert np.abs(gram - np.eye(f.degree)).max() < 1e-11


@pytest.mark.parametrize("u", [0.0, 0.2])
def test_weight_form_matches_quadrature(u):
    # B(Psi, Psi) = int (u + mu) Psi^2 for Psi = c + J y, with Psi evaluated
    # piecewise from its Legendre coefficients and a 100-point Gauss rule
    disc = discretise(Peak(1e-2, 1e-3), u, 8)
    rng = np.random.default_rng(2)
    c, y = rng.standard_normal(), rng.standard_normal(disc.size)
    x, w = legendre.leggauss(100)
    direct = 0.0
    for e, f in enumerate(disc.pieces):
        mu = f.centre + f.half_width * x
        psi = legendre.legval(x, disc.psi_legendre(c, y, e))
        direct += f.half_width * np.sum(w * (u + mu) * psi**2)
    form = disc.two_u * c**2 + 2 * c * disc.b @ y + y @ disc.weight_matrix() @ y
    assert form == pytest.approx(direct, rel=1e-12)


def test_eigenvalues_decrease_monotonically_to_the_reference(peak_reference):
    # nested spaces + min-max: |lambda_h| >= |lambda| and decreasing under p-refinement
    case = next(c for c in peak_reference["cases"]
                if (c["eps"], c["a"], c["u"], c["ends"]) == (1e-2, 1e-4, 0.01, "both"))
    model, previous = Peak(1e-2, 1e-4, "both"), None
    for degree in (6, 8, 10, 14, 20):
        disc = discretise(model, 0.01, degree)
        pairs = solve_pencil(disc.weight_matrix(), disc.b, disc.s, 0.01, 2)
        exact = np.array([case["lambda"][f"{lab:+d}"] for lab in pairs.labels])
        error = np.abs(pairs.lam) - np.abs(exact)
        assert np.all(error >= -1e-12 * np.abs(exact))          # from above (to rounding)
        if previous is not None:
            assert np.all(error <= previous + 1e-12 * np.abs(exact))
        previous = error
    assert np.max(previous / np.abs(exact)) < 1e-12              # and it converges


def test_antiderivative_matrix_against_numpy_legint():
    """The closed form int_{-1}^x P_k = (P_{k+1} - P_{k-1})/(2k + 1) (issue 15: numpy's
    legint column by column was most of a cold solve) against numpy's legint itself."""
    from numpy.polynomial import legendre

    from pitcheig.galerkin import antiderivative_matrix
    for n in (1, 2, 7, 64, 301):
        ref = np.column_stack([legendre.legint(np.eye(n)[:, k], lbnd=-1.0) for k in range(n)])
        assert np.allclose(antiderivative_matrix(n), ref, rtol=0, atol=1e-15)


@pytest.mark.parametrize("u", [0.0, 0.03])
def test_weight_operator_products_are_the_weight_form(u):
    """The structured products of SemiseparableWeight (block matmul plus prefix/suffix
    sums, never forming M0) against the weight form by direct 100-point Gauss quadrature
    of int (u + mu) Psi_y Psi_z over every piece, for random y, z; and its Frobenius
    norm against that of the dense matrix (itself checked against quadrature above)."""
    disc = discretise(Peak(1e-3, 1e-4, "+1"), u, 10)
    op = disc.weight_operator()
    rng = np.random.default_rng(7)
    y, z = rng.standard_normal((2, disc.size))
    x, w = legendre.leggauss(100)
    direct = 0.0
    for e, f in enumerate(disc.pieces):
        mu = f.centre + f.half_width * x
        psi_y = legendre.legval(x, disc.psi_legendre(0.0, y, e))
        psi_z = legendre.legval(x, disc.psi_legendre(0.0, z, e))
        direct += f.half_width * np.sum(w * (u + mu) * psi_y * psi_z)
    assert z @ (op @ y) == pytest.approx(direct, rel=1e-11)
    both = op @ np.column_stack([y, z])
    assert np.allclose(both[:, 0], op @ y, rtol=0, atol=1e-14 * np.abs(both).max())
    assert op.frobenius() == pytest.approx(np.linalg.norm(op.dense()), rel=1e-13)


@pytest.mark.parametrize("u", [0.0, 0.01])
def test_a_warm_start_gives_the_same_eigenpairs(u):
    """The enrich step starts Lanczos from the previous eigenvectors carried over
    (start_vector); the eigenpairs are those of a cold start to rounding, and a mesh
    with other breakpoints gets no start vector."""
    model = Peak(1e-2, 1e-4)
    coarse, fine = discretise(model, u, 12), discretise(model, u, 20)
    previous = coarse.solve(2)
    warm, cold = fine.solve(2, start=(coarse, previous)), fine.solve(2)
    assert fine.start_vector(coarse, previous) is not None
    assert np.allclose(warm.lam, cold.lam, rtol=1e-13, atol=0)
    assert np.allclose(np.abs(warm.y), np.abs(cold.y), rtol=0, atol=1e-9)
    other = discretise(Peak(1e-3, 1e-4), u, 20)
    assert other.start_vector(coarse, previous) is None


def test_batched_chebyshev_data_is_the_per_piece_data():
    """GalerkinDiscretisation.chebyshev_data (pieces of one degree at once) against
    psi_chebyshev / dpsi_chebyshev piece by piece (per_piece_chebyshev_data), on a mesh
    with mixed degrees; the per-piece path is checked against quadrature above."""
    from pitcheig.discretisation import per_piece_chebyshev_data
    model = Peak(1e-3, 1e-4, "+1")
    disc = discretise(model, 0.01, 10)
    degrees = disc.mesh.degrees.copy()
    degrees[::2] += 7
    mixed = GalerkinDiscretisation(model, 0.01, Mesh(disc.mesh.breakpoints, degrees, disc.mesh.gradings),
                                   [1] * disc.mesh.pieces)
    pairs = mixed.solve(2)
    for batched, plain in zip(mixed.chebyshev_data(pairs), per_piece_chebyshev_data(mixed, pairs)):
        for a, b in zip(batched, plain):
            assert a.shape == b.shape and np.allclose(a, b, rtol=0, atol=1e-13 * np.abs(b).max())
