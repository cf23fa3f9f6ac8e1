"""The deflated symmetric eigen-solve, checked against a plain QZ solve of the
full (N+1) x (N+1) pencil of a synthetic problem (scipy.linalg.eig)."""

import numpy as np
import pytest
from scipy import linalg

from pitcheig.eigensolve import DIRECT_LIMIT, solve_pencil


def synthetic(n=40, seed=0):
    """A pencil with the structure of galerkin.py: energy = |y|^2, weight
    [[2u, b^T], [b, M0]] with M0 having eigenvalues that decay like 1/j^2."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    theta = np.concatenate([1 / np.arange(1, n // 2 + 1) ** 2, -0.7 / np.arange(1, n - n // 2 + 1) ** 2])
    m0 = (q * theta) @ q.T
    return m0, rng.standard_normal(n) / np.sqrt(n), rng.standard_normal(n)


def qz_reference(m0, b, u, k):
    n = m0.shape[0]
    a = np.diag(np.r_[0.0, np.ones(n)])
    bb = np.block([[np.array([[2 * u]]), b[None, :]], [b[:, None], m0]])
    lam = linalg.eig(a, bb, right=False)
    lam = np.real(lam[np.isfinite(lam) & (np.abs(lam) > 1e-6)])
    return np.r_[np.sort(lam[lam < 0])[::-1][:k], np.sort(lam[lam > 0])[:k]]


@pytest.mark.parametrize("u", [0.3, -0.05, 1e-3, 0.0])
def test_matches_qz_of_full_pencil(u):
    m0, b, s = synthetic()
    pairs = solve_pencil(m0, b, s, u, 3)
    # QZ is backward stable on this well-conditioned synthetic pencil: 1e-12
    assert pairs.lam == pytest.approx(qz_reference(m0, b, u, 3), rel=1e-12)


@pytest.mark.parametrize("u", [0.3, 1e-3, 1e-9, 0.0])
def test_eigenvectors_satisfy_the_pencil(u):
    m0, b, s = synthetic(seed=3)
    pairs = solve_pencil(m0, b, s, u, 2)
    for j, lam in enumerate(pairs.lam):
        c, y = pairs.c[j], pairs.y[:, j]
        # y = lam (b c + M0 y) and 2u c + b.y = 0, relative to the sizes involved
        assert np.linalg.norm(y - lam * (b * c + m0 @ y)) <= 1e-12 * np.linalg.norm(y)
        assert abs(2 * u * c + b @ y) <= 1e-12 * (abs(c) + np.linalg.norm(y))
        assert (y @ y) * abs(pairs.theta[j]) == pytest.approx(1.0, rel=1e-12)   # normalisation


def test_tiny_u_is_continuous_and_uses_the_secular_route():
    m0, b, s = synthetic(seed=5)
    scale = np.linalg.norm(m0)
    u = 1e-9
    assert b @ b / (2 * u) > DIRECT_LIMIT * scale      # the arrowhead route is exercised
    at_zero, tiny = solve_pencil(m0, b, s, 0.0, 2), solve_pencil(m0, b, s, u, 2)
    # lam_{-1} for u > 0 is the advective mode lam ~ u of sign opposite to u; the others
    # move by O(u) from their u = 0 values (first-order perturbation)
    assert tiny.labels[0] == -1 and -1e-7 < tiny.lam[0] < 0
    others = [tiny.labels.index(lab) for lab in (1, 2)]
    assert tiny.lam[others] == pytest.approx(at_zero.lam[[2, 3]], rel=1e-7)
    # and it agrees with QZ where QZ still resolves the pair (u = 1e-5 here)
    m = solve_pencil(m0, b, s, 1e-5, 2)
    assert m.lam == pytest.approx(qz_reference(m0, b, 1e-5, 2), rel=1e-9)


def test_u_zero_has_no_spurious_small_eigenvalues():
    m0, b, s = synthetic(seed=7)
    pairs = solve_pencil(m0, b, s, 0.0, 4)
    assert np.min(np.abs(pairs.lam)) > 0.5      # the Jordan pair at 0 is deflated exactly
