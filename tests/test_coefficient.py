"""Resolving D (solver/coefficient.py): user data is checked, not trusted.

Independent values:
* piecewise-constant D: ``jump_reference`` below, written for this test from the ODE
  alone: with D constant on each side of the jump c, the regular solution from the end
  s = +-1 is the Frobenius series of the flat problem in t = 1 - s mu with lambda/D,
      c_{m+1} = [m (m+1) c_m - (lambda/D) ((u + s) c_m - s c_{m-1})] / (2 (m+1)^2),
  summed in mpmath (30 digits; it converges for t < 2), and lambda is the root of the
  Wronskian of Psi and the flux (1 - mu^2) D Psi' at c;
* a smooth narrow bump with no breakpoint against the same bump with 21 breakpoints
  through it (the same solver on a different mesh), and against D = 1 (the value the
  solver returned, certified, before the probe: it never sampled the bump);
* the flat value 14.528003409361438 (30-digit series, test_shoot).
"""

import math

import mpmath
import numpy as np
import pytest

from pitcheig import NotConvergedWarning, ParameterError, Peak, UserModel, eigs
from pitcheig.coefficient import probe_points, resolve_coefficient
from pitcheig.propagation import beam_source, propagate

FLAT_LAMBDA_1 = 14.528003409361438


def _end_series(lam_over_d, u, s, t, terms=400):
    """Psi and dPsi/dt at t of the regular flat solution from the end s (Psi(s) = 1)."""
    c_prev, c, psi, dpsi, power = mpmath.mpf(0), mpmath.mpf(1), mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(1)
    for m in range(terms):
        psi += c * power
        if m:
            dpsi += m * c * power / t
        c_prev, c = c, (m * (m + 1) * c - lam_over_d * ((u + s) * c - s * c_prev)) / (2 * (m + 1) ** 2)
        power *= t
    return psi, dpsi


def jump_reference(c, d_left, d_right, u, guess):
    """The eigenvalue near ``guess`` for D = d_left (mu < c), d_right (mu > c)."""
    with mpmath.workdps(30):
        c, u = mpmath.mpf(c), mpmath.mpf(u)

        def wronskian(lam):
            psi_l, dl = _end_series(lam / d_left, u, -1, 1 + c)        # t = 1 + mu, d/dmu = d/dt
            psi_r, dr = _end_series(lam / d_right, u, 1, 1 - c)        # t = 1 - mu, d/dmu = -d/dt
            return psi_l * (-d_right * dr) - psi_r * (d_left * dl)     # fluxes (1 - c^2) D Psi' / (1 - c^2)
        return float(mpmath.findroot(wronskian, mpmath.mpf(guess)))


@pytest.mark.parametrize("c", [0.5, 0.25, -0.5, 0.75, 0.0])
def test_a_marked_jump_works_wherever_the_breakpoint_lies(c):
    """Before: exactly representable breakpoints failed ('unmarked jump or kink', or a
    ConvergenceError at 0 despite on_failure='warn'), because D was sampled at the
    breakpoint itself, which belongs to one side only."""
    model = UserModel(lambda mu: 1.0 + 1.0 * (mu > c), breakpoints=[c])
    result = eigs(model, k=1)
    assert result.converged, result.message
    for label in (1, -1):
        reference = jump_reference(c, 1, 2, 0.0, result.eigenvalue(label))
        assert result.eigenvalue(label) == pytest.approx(reference, rel=1e-11)   # series at 30 digits


@pytest.mark.parametrize("height", [0.01, 100.0])
def test_an_unmarked_narrow_box_is_reported_not_certified(height):
    """A box 2e-3 wide at mu = 0.3 and no breakpoint: before, lambda_{-1} = -14.528003 (the
    D = 1 value) was certified with an estimate ~5e-13.  Now the probe sees it and the jumps
    that no breakpoint marks are reported."""
    func = lambda mu: 1.0 + (height - 1.0) * (np.abs(mu - 0.3) < 1e-3)      # noqa: E731
    with pytest.warns(NotConvergedWarning):
        hidden = eigs(UserModel(func), k=1)
    assert not hidden.converged and "no breakpoint marks" in hidden.message
    marked = eigs(UserModel(func, breakpoints=[0.299, 0.301]), k=1)
    assert marked.converged
    # its uncertified numbers are nevertheless those of the marked problem (not of D = 1)
    assert hidden.eigenvalue(-1) == pytest.approx(marked.eigenvalue(-1), rel=1e-9)
    assert abs(hidden.eigenvalue(-1) + FLAT_LAMBDA_1) > 1e-4


@pytest.mark.parametrize("width", [1e-3, 1e-4])
def test_an_unmarked_smooth_bump_is_resolved(width):
    func = lambda mu: 1.0 + 5.0 * np.exp(-(((mu - 0.3) / width) ** 2))    # noqa: E731
    unmarked = eigs(UserModel(func), k=1)
    marked = eigs(UserModel(func, breakpoints=list(np.linspace(0.3 - 10 * width, 0.3 + 10 * width, 21))), k=1)
    assert unmarked.converged and marked.converged
    for label in (1, -1):
        # the two meshes agree to the certified tolerance; D = 1 differs by >= 1e-5 (the bump)
        assert unmarked.eigenvalue(label) == pytest.approx(marked.eigenvalue(label), rel=1e-12)
        assert abs(abs(unmarked.eigenvalue(label)) / FLAT_LAMBDA_1 - 1) > 1e-5


def test_a_narrow_peak_at_the_end_is_seen_however_narrow():
    """First-kind points never sample mu = +-1; the probe approaches every piece end, so
    a user D with a peak 7e-7 wide at mu = 1 (no breakpoint at its C^1 kink) is not taken
    for D = 1.  It is not certified: its kink is unmarked, and D computed from mu alone
    near mu = 1 carries rounding noise no mesh can resolve (the budget stops it)."""
    with pytest.warns(NotConvergedWarning):
        result = eigs(UserModel(Peak(1e-7, 1e-8, "+1")), k=1)
    assert not result.converged and "unresolved near mu = 0.9999992" in result.message


def test_probe_points_reach_every_end_and_avoid_them():
    xi = probe_points(0.5, 1.0, 1e-5)
    assert xi.size > 1e5 and np.all(np.abs(xi) < 1)
    mu = 0.75 + 0.25 * xi
    assert np.min(1.0 - mu) < 1e-14 and np.min(mu - 0.5) < 1e-14 and np.all(mu > 0.5) and np.all(mu < 1.0)


def test_resolution_of_a_built_in_model_is_unchanged_at_the_ends():
    # one interval [-1, 1] must not look resolved for a peak 7e-6 wide at both ends
    assert resolve_coefficient(Peak(1e-6, 1e-4), -1.0, 1.0)[0] is False
    assert resolve_coefficient(Peak(1e-6, 1e-4), -0.5, 0.5) == (True, 1)


@pytest.mark.parametrize("func, match", [
    (lambda mu: (1 + 1j) + 0 * mu, "complex"),
    (lambda mu: np.ones(3), "shape"),
    (lambda mu: 1 / 0, "ZeroDivisionError"),
    (lambda mu: np.array(["a"] * mu.size), "not real numbers"),
    (lambda mu: np.where(mu > 0.5, np.inf, 1.0), "not finite"),
    (lambda mu: 1.0 - 2.0 * mu**2, "positive"),
])
def test_bad_user_coefficients_are_parameter_errors_naming_the_callable(func, match):
    with pytest.raises(ParameterError, match=match) as info:
        eigs(UserModel(func, name="mine"), k=1)
    assert "\n" not in str(info.value)
    if match != "positive":
        assert "'mine'" in str(info.value)


def test_user_model_arguments():
    assert eigs(UserModel(lambda mu: 2.0), k=1).eigenvalue(1) == pytest.approx(2 * FLAT_LAMBDA_1, rel=1e-12)
    assert eigs(UserModel(lambda mu: (2.0 + 0j) + 0 * mu), k=1).converged       # real values as complex
    for bad in (0.3, "0.3", [0.3, 1.5], [math.nan]):
        with pytest.raises(ParameterError, match="^breakpoints"):
            UserModel(lambda mu: 1 + 0 * mu, breakpoints=bad)
    for bad in (0.0, 1.0, "x", None):
        with pytest.raises(ParameterError, match="^feature_width"):
            UserModel(lambda mu: 1 + 0 * mu, feature_width=bad)
    with pytest.raises(ParameterError, match="callable"):
        UserModel("1 + mu")


def test_propagate_names_an_unmarked_jump():
    func = lambda mu: np.where(mu < 0.3, 1.0, 2.0)      # noqa: E731
    with pytest.warns(NotConvergedWarning):
        res = propagate(UserModel(func), beam_source(0.1))
    assert not res.converged and "no breakpoint marks" in res.message
    with pytest.raises(ParameterError, match="source"):
        propagate(UserModel(lambda mu: 1 + 0 * mu), lambda mu: (1 + 1j) * mu)
    for bad in ("1 + mu", 1.0):
        with pytest.raises(ParameterError, match="source"):
            propagate(UserModel(lambda mu: 1 + 0 * mu), bad)


@pytest.mark.parametrize("ends", ["both", "+1", "-1"])
def test_pieces_declared_constant_are_constant(ends):
    """resolve_coefficient skips the sampling where the model says D is constant by
    construction (is_constant_on); D there, evaluated at 2001 points of each such piece
    of the initial mesh, is exactly 1, and every piece inside a peak is not declared."""
    from pitcheig.mesh import Mesh, piece_points
    model = Peak(1e-3, 1e-4, ends)
    declared = 0
    for left, right in Mesh.initial(model).intervals():
        mu, t_minus, t_plus = piece_points(left, right, np.linspace(-1, 1, 2001))
        d = model.evaluate(mu, t_minus, t_plus)
        if model.is_constant_on(left, right):
            declared += 1
            assert np.all(d == 1.0) and resolve_coefficient(model, left, right) == (True, 1)
        else:
            assert np.any(d > 1.0)
    assert declared >= 1
