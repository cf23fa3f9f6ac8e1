"""The problem of eq. (15) (solver/problem.py), and eigs for flow speeds up to abs(u) -> 1
(issue 17, item 1).

As abs(u) -> 1 the weight u + mu is negative only on a layer of width 1 - abs(u) at
mu = -sign(u); the eigenvalues of the sign -sign(u) grow like 2/(1 - abs(u))^2.

Independent values: D = 1 against the Legendre continuant (tests/conftest.py, 30 digits),
with enough modes for the layer: the root is computed with 400 and with 1500 modes, whose
difference is the reference's error estimate, required below 1e-15 relative (measured at
most 1.1e-18, lambda_{-2} at u = 0.999; that agreement, not mpmath's residual test, is the
check: the determinant is of size lambda^(2 modes) there, so ``verify`` is off).  The
tolerance of each eigenvalue is its own error estimate plus the reference's."""

import warnings

import mpmath
import pytest

from conftest import legendre_continuant_root
from pitcheig import Flat, NotConvergedWarning, Problem, eigs
from pitcheig.errors import ParameterError
from pitcheig.problem import U_LAYER


def continuant(u, guess):
    """(lambda, its error estimate) of the flat problem near ``guess``."""
    values = [legendre_continuant_root(u, guess, 30, modes=m, verify=False) for m in (400, 1500)]
    with mpmath.workdps(30):
        error = abs(values[0] - values[1])
        assert error <= abs(values[1]) * mpmath.mpf(10) ** -15, (u, guess, values)
    return float(values[1]), float(error)


@pytest.mark.parametrize("method", ["galerkin", "collocation"])
@pytest.mark.parametrize("u", [0.9, 0.99, 0.999, -0.999])
def test_flat_eigenvalues_up_to_u_0999_against_the_continuant(u, method):
    result = eigs(Flat(), u=u, k=2, method=method)
    assert result.converged, result.message
    for label in (1, 2, -1, -2):
        pair = result[label]
        reference, error = continuant(u, pair.lam)
        assert abs(pair.lam - reference) <= pair.error_estimate + error, (label, pair.lam, reference)
    layer = -1 if u > 0 else 1                  # the eigenvalue that lives in the layer
    assert abs(result.eigenvalue(layer)) * (1 - abs(u)) ** 2 == pytest.approx(2.0, rel=0.1)


def test_accuracy_degrades_in_the_layer_and_says_so():
    """The layer eigenvalue is the smallest theta = 1/lambda of the solve: its relative
    estimate (the rounding floor) grows with abs(lambda)/lambda_{+1}, measured 1.5e-7 at
    u = 0.999 (at most 1e-6 asserted), while lambda_{+1} keeps 1e-12."""
    result = eigs(Flat(), u=0.999, k=1)
    assert result.converged
    assert result[1].error_estimate <= 1e-12 * abs(result.eigenvalue(1))
    assert 1e-10 < result[-1].error_estimate / abs(result.eigenvalue(-1)) <= 1e-6


def test_beyond_0999_a_result_is_certified_only_if_right():
    """At u = 0.99999 (lambda_{-1} ~ -2e10) the solve is flagged, not certified (measured:
    the solve budget; collocation: the flux residual at 0.9999); whatever it returns certified
    must be within its estimates."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)
        result = eigs(Flat(), u=0.99999, k=1)
    if result.converged:
        for label in (1, -1):
            reference, error = continuant(0.99999, result.eigenvalue(label))
            assert abs(result.eigenvalue(label) - reference) <= result[label].error_estimate + error
    else:
        assert result.message


def test_the_layer_is_graded_only_near_one():
    assert Problem(Flat(), u=0.5).breakpoints == () and Problem(Flat(), u=0.5).gradings == ()
    near = Problem(Flat(), u=1 - U_LAYER / 2)
    assert near.breakpoints == (-near.u,) and {g.origin for g in near.gradings} == {-near.u}
    with pytest.raises(ParameterError, match=r"^u must be a finite number in \(-1, 1\)"):
        Problem(Flat(), u=-1)
    for route in ({"digits": 20}, {"method": "shoot"}):
        with pytest.raises(ParameterError, match=r"^u must be within \[-0.5, 0.5\]"):
            eigs(Flat(), u=0.6, **route)
