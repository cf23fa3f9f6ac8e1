"""The flux residual (residual.py), one code for both discretisations.

It is an a-posteriori indicator, so it is checked by what it must detect: a
resolved pair has a small residual, and the same eigenfunction with a wrong
eigenvalue (1 % off) has a large one.
"""

import dataclasses

import numpy as np
import pytest

from pitcheig import Peak
from pitcheig.coefficient import resolve_coefficient
from pitcheig.collocation import CollocationDiscretisation
from pitcheig.galerkin import GalerkinDiscretisation
from pitcheig.mesh import Mesh
from pitcheig.residual import flux_residual


def discretise(cls, model, u, degree):
    mesh = Mesh.initial(model, degree)
    d_lengths = [resolve_coefficient(model, *iv)[1] for iv in mesh.intervals()]
    return cls(model, u, mesh, d_lengths)


@pytest.mark.parametrize("cls", [GalerkinDiscretisation, CollocationDiscretisation])
def test_flux_residual_detects_a_wrong_eigenvalue(cls):
    disc = discretise(cls, Peak(1e-3, 1e-4), 0.0, 24)
    pairs = disc.solve(1)
    good = flux_residual(disc, pairs)
    wrong = dataclasses.replace(pairs, lam=1.01 * pairs.lam)
    bad = flux_residual(disc, wrong)
    # at degree 24 the pairs are resolved to ~1e-9 in energy; a 1 % error in lambda
    # leaves a defect of the order of 1e-2 in the flux balance
    assert np.all(good < 1e-7) and np.all(bad > 1e-3)
