"""Eq. (15) in the layer coordinate (solver/layer.py): the modes of lambda < 0 as u -> 1.

Independent values: the Legendre continuant of tests/conftest.py (an mpmath determinant
of the Legendre pencil, not a collocation), the closed-form limit modes
e^{-(2n+1)t} L_n(2(2n+1)t) (checked symbolically in tests/test_shock.py), and the mesh
methods of pitcheig.eigs (a different discretisation, in mu) for a non-flat D."""

import numpy as np
import pytest
from scipy import special

from conftest import legendre_continuant_root
from pitcheig import Flat, Peak, UserModel, eigs
from pitcheig.errors import ParameterError
from pitcheig.layer import layer_modes


@pytest.mark.parametrize("u", [0.5, 0.9, 0.99, 0.999])
def test_kappa_against_the_continuant(u):
    """kappa_n = lambda_{-(n+1)} (1 - u)^2 / 2 for n = 0, 1, 2, 5 to 1e-11 relative (the
    collocation's eigenvalues at the accepted point count; measured <= 7.1e-13).  The
    continuant needs 1500 Legendre modes at u = 0.999 (800 are 1e-11 off for n = 5; 1500
    and 2500 agree to 1e-15)."""
    modes = layer_modes(Flat(), u, 6)
    assert modes.resolved
    for n in (0, 1, 2, 5):
        guess = modes.kappa[n] * 2 / (1 - u) ** 2
        lam = float(legendre_continuant_root(u, guess, 30, modes=1500 if u > 0.99 else 800, verify=False))
        assert modes.kappa[n] == pytest.approx(lam * (1 - u) ** 2 / 2, rel=1e-11), n


def test_modes_tend_to_the_laguerre_limit():
    """At 1 - u = 1e-8 the modes are the limit ones to O(1 - u): within 1e-7 of
    e^{-(2n+1)t} L_n(2(2n+1)t), and kappa_n within 1e-6 of -(2n + 1)^2."""
    modes = layer_modes(Flat(), 1 - 1e-8, 8)
    t = np.linspace(0, 12, 97)
    for n in range(8):
        rate = 2 * n + 1
        assert modes.kappa[n] == pytest.approx(-rate**2, rel=1e-6)
        limit = np.exp(-rate * t) * special.eval_laguerre(n, 2 * rate * t)
        assert np.max(np.abs(modes(t, n) - limit)) < 1e-7, n


def test_a_smooth_d_against_the_mesh_methods():
    """D = 1 + mu^2/2 + 0.3 sin(3 mu) at u = 0.95: kappa from the collocation in t against
    lambda_{-1..-3} of eigs (galerkin, in mu), within eigs' estimate plus 1e-11 relative."""
    model = UserModel(lambda mu: 1 + 0.5 * mu**2 + 0.3 * np.sin(3 * mu), name="smooth")
    modes = layer_modes(model, 0.95, 3)
    result = eigs(model, u=0.95, k=3)
    assert modes.resolved and result.converged
    for n in range(3):
        pair = result[-(n + 1)]
        kappa = pair.lam * 0.05**2 / 2
        assert abs(modes.kappa[n] - kappa) <= (pair.error_estimate + 1e-11 * abs(pair.lam)) * 0.05**2 / 2


@pytest.mark.parametrize("model, u, why", [
    (Peak(0.05, 0.5), 0.95, "D is not resolved"),          # the peak's kink at mu = -1 + b lies in the layer
    (Peak(1e-7, 1e-6), 0.5, "D is not resolved"),          # a peak far narrower than the grid
])
def test_a_d_the_grid_cannot_resolve_is_flagged(model, u, why):
    modes = layer_modes(model, u, 4)
    assert not modes.resolved and why in modes.message


def test_doubling_the_points_changes_the_modes_by_rounding_only():
    modes = layer_modes(Flat(), 0.995, 16)
    finer = layer_modes(Flat(), 0.995, 16, points=2 * modes.points)
    t = np.linspace(0, 30, 301)
    for n in (0, 7, 15):
        assert np.max(np.abs(modes(t, n) - finer(t, n))) < 1e-10
    assert np.all(modes(np.array([modes.top + 1.0]), 0) == 0.0)        # zero beyond the cut


@pytest.mark.parametrize("kwargs", [dict(u=1.0, k=2), dict(u=0.0, k=2), dict(u=0.9, k=0), dict(u=0.9, k=51),
                                    dict(u=0.9, k=2, points=8)])
def test_bad_input(kwargs):
    with pytest.raises(ParameterError):
        layer_modes(Flat(), **kwargs)
