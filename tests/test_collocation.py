"""The Chebyshev collocation method (collocation.py) against independent values.

References, each independent of collocation.py:
* tests/reference/peak_shooting.json: a helper's Gauss-Legendre shooting code that
  never read solver/ (provenance in the file), ~1e-14;
* D = 1: the Legendre-coefficient continuant (conftest.legendre_continuant_root,
  mpmath at 45 digits), for any u, tiny u included;
* a D with a marked jump: the two-sided Frobenius series of test_coefficient
  (jump_reference, 30 digits);
* the Galerkin method (galerkin.py): another discretisation; it shares the mesh
  logic and the adaptive loop, not the discrete operator, the eigen-solve or the
  boundary treatment.
"""

import numpy as np
import pytest
from test_coefficient import jump_reference
from conftest import legendre_continuant_root

from pitcheig import Flat, Peak, UserModel, eigs
from pitcheig.coefficient import resolve_coefficient
from pitcheig.collocation import CollocationDiscretisation
from pitcheig.mesh import Mesh

SUBSET = [(1e-1, 1e-8, 0.01, "both"), (1e-3, 1e-4, 0.0, "+1"), (1e-5, 1e-6, 0.01, "both"),
          (1e-8, 1e-2, 0.0, "both"), (1e-2, 1e-8, 0.01, "+1")]


def reference_case(peak_reference, eps, a, u, ends):
    return next(c for c in peak_reference["cases"] if (c["eps"], c["a"], c["u"], c["ends"]) == (eps, a, u, ends))


def check_against_reference(case, tol=1e-11):
    """Collocation on one reference case: certified, within 1e-11 (the bar), and every
    error estimate covers the true error (up to the reference's own estimate)."""
    model = Peak(case["eps"], case["a"], case["ends"])
    result = eigs(model, u=case["u"], k=2, tol=tol, method="collocation")
    assert result.converged, result.message
    assert result.method == "collocation"
    for key, value in case["lambda"].items():
        pair = result[int(key)]
        error = abs(pair.lam - value)
        assert error <= 1e-11 * abs(value), (case, key, error / abs(value))
        assert error <= pair.error_estimate + case["error_estimate"][key], (case, key)
    return result


@pytest.mark.parametrize("case", SUBSET)
def test_collocation_against_the_shooting_reference(case, peak_reference):
    check_against_reference(reference_case(peak_reference, *case))


@pytest.mark.slow
def test_collocation_on_the_whole_reference_grid(peak_reference):
    # the issue-13 bar: 140 cases (eps 1e-1..1e-8 x a 1..1e-8 x u 0, 0.01 x ends both, +1)
    for case in peak_reference["cases"]:
        check_against_reference(case)


@pytest.mark.parametrize("case", SUBSET[:3])
def test_collocation_and_galerkin_agree(case):
    # two discretisations of one operator: <= 2e-12 relative (the bar)
    eps, a, u, ends = case
    g = eigs(Peak(eps, a, ends), u=u, k=3, method="galerkin")
    c = eigs(Peak(eps, a, ends), u=u, k=3, method="collocation")
    assert g.converged and c.converged
    for label in g.labels:
        assert c.eigenvalue(label) == pytest.approx(g.eigenvalue(label), rel=2e-12)


@pytest.mark.parametrize("u", [0.0, 0.3, -0.2, 1e-3, -1e-7, 1e-12, 1e-300])
def test_flat_against_the_continuant_for_every_u_route(u):
    """u = 0 (projected), moderate u (direct rank-one update), tiny u (Newton on the
    characteristic equation, including the advective eigenvalue ~ -6u): the three
    routes of CollocationDiscretisation.solve."""
    result = eigs(Flat(), u=u, k=3, method="collocation")
    assert result.converged, result.message
    for pair in result.pairs:
        if abs(pair.lam) < 1e-100:
            # the advective eigenvalue at u = 1e-300 (mpmath's root finder stops at an
            # absolute tolerance there): lam = -2u / int_{-1}^{1} Omega^2 / (1 - mu^2) + O(u^2)
            # with Omega = (mu^2 - 1)/2, i.e. -6u, exact to a relative O(u)
            assert pair.lam == pytest.approx(-6 * u, rel=1e-12)
            continue
        reference = float(legendre_continuant_root(u, pair.lam, 30))
        assert pair.lam == pytest.approx(reference, rel=1e-12, abs=0), (u, pair.label)


def test_a_marked_jump_of_d():
    # q = Psi' jumps at the breakpoint; the two rows there are the flux continuity
    model = UserModel(lambda mu: 1.0 + 1.0 * (mu > 0.25), breakpoints=[0.25])
    result = eigs(model, k=1, method="collocation")
    assert result.converged, result.message
    for label in (1, -1):
        reference = jump_reference(0.25, 1, 2, 0.0, result.eigenvalue(label))
        assert result.eigenvalue(label) == pytest.approx(reference, rel=1e-11)


def test_no_spurious_eigenvalues_and_no_infinite_ones():
    """k = 12 on each side at a = 1e-8: every wanted eigenvalue is real, the labels
    are those of Galerkin (no extra or missing value in the sequence), and the
    pencil has exactly mesh.dofs - 1 finite eigenvalues (lambda = 0 is excluded by
    construction, no boundary row adds one at infinity)."""
    model = Peak(1e-3, 1e-8)
    g = eigs(model, k=12)
    c = eigs(model, k=12, method="collocation")
    assert c.converged, c.message
    for label in g.labels:
        assert c.eigenvalue(label) == pytest.approx(g.eigenvalue(label), rel=1e-10)
    mesh = Mesh(np.array(c.diagnostics.breakpoints), np.array(c.diagnostics.degrees))
    disc = CollocationDiscretisation(model, 0.0, mesh, c.diagnostics.d_lengths)
    assert disc.size == mesh.dofs - 1 and np.all(np.isfinite(disc.a)) and np.all(disc.a > 0)


def test_eigenfunctions_agree_with_galerkin():
    model = Peak(1e-2, 1e-4)
    g, c = eigs(model, u=0.01, k=2), eigs(model, u=0.01, k=2, method="collocation")
    mu = np.linspace(-1, 1, 401)
    for label in (1, -1, 2):
        # both normalised by |int (u + mu) Psi^2| = 1 and Psi(sign lambda) > 0; the
        # functions are resolved to ~1e-8 (Galerkin's function_tol), hence 1e-7
        assert np.max(np.abs(c.eigenfunction(label)(mu) - g.eigenfunction(label)(mu))) < 1e-7


def test_end_rows_are_the_generated_frobenius_condition():
    """The first and last rows of the pencil are the sympy-derived condition
    2 D(s) Psi'(s) = lam s (s + u) Psi(s) (symbolic._recurrence.regular_boundary_row);
    checked here on the assembled matrices against the formula written out."""
    model, u = Peak(1e-2, 1e-4), 0.03
    mesh = Mesh.initial(model, 10)
    d_lengths = [resolve_coefficient(model, *iv)[1] for iv in mesh.intervals()]
    disc = CollocationDiscretisation(model, u, mesh, d_lengths)
    d_minus, d_plus = float(model(np.array([-1.0]))[0]), float(model(np.array([1.0]))[0])
    assert disc.a[0] == 2 * d_minus and disc.a[-1] == 2 * d_plus
    assert disc.m[0] == pytest.approx(1 - u) and not np.any(disc.rows[0])            # Psi(-1) = c
    assert disc.m[-1] == pytest.approx(1 + u) and np.allclose(disc.rows[-1], (1 + u) * disc.s)
