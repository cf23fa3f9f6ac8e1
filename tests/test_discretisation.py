"""The discretisation interface (discretisation.py): every method offers it, and
the adaptive loop drives each of them to the same eigenvalues.

Reference: the flat problem's Legendre pencil (conftest.legendre_flat_eigenvalues,
mpmath, independent of every discretisation here)."""

import pytest
from conftest import legendre_flat_eigenvalues

from pitcheig import Flat, eigs
from pitcheig.adaptivity import METHODS
from pitcheig.discretisation import Discretisation


@pytest.mark.parametrize("name", sorted(METHODS))
def test_every_method_offers_the_interface_and_converges(name):
    method = METHODS[name]
    assert issubclass(method.discretisation, Discretisation) and method.discretisation.method == name
    result = eigs(Flat(), u=0.05, k=2, method=name)
    assert result.converged and result.method == name
    for label, exact in legendre_flat_eigenvalues(0.05, 2).items():
        assert result.eigenvalue(label) == pytest.approx(exact, rel=1e-12)
