"""Shared reference values for the tests.

* ``flat_reference``: eigenvalues of the flat problem (D = 1) from the
  Legendre-coefficient form of eq. (15), an independent discretisation:
  with Psi = sum c_n P_n, ((1 - mu^2) P_n')' = -n(n+1) P_n and
  mu P_n = ((n+1) P_{n+1} + n P_{n-1}) / (2n+1), eq. (15) becomes the
  tridiagonal pencil  n(n+1) c_n = lambda [u c_n + n/(2n-1) c_{n-1}
  + (n+1)/(2n+3) c_{n+1}].  Solved here with mpmath at 25 digits (N = 40
  modes: the coefficients of the first eigenfunctions decay below 1e-30 by then).
* ``peak_reference``: tests/reference/peak_shooting.json, written by an
  independent shooting code (tests/reference/shooting.py: regular Frobenius
  start at both ends, order-20 Gauss-Legendre stepping, Wronskian matching,
  estimated relative accuracy <= 1.1e-14 over the whole grid).
* ``legendre_continuant_root``: an eigenvalue of the flat problem at any u and
  any number of digits, as a root of the continuant of the same Legendre pencil.
"""

import json
from functools import lru_cache
from pathlib import Path

import mpmath
import pytest

REFERENCE = Path(__file__).parent / "reference" / "peak_shooting.json"


@lru_cache(maxsize=None)
def legendre_flat_eigenvalues(u, k, modes=40, digits=25):
    """The k smallest positive and k largest negative eigenvalues of the flat problem."""
    with mpmath.workdps(digits):
        a = mpmath.matrix(modes, modes)
        b = mpmath.matrix(modes, modes)
        for n in range(modes):
            a[n, n] = n * (n + 1)
            b[n, n] = u
            if n > 0:
                b[n, n - 1] = mpmath.mpf(n) / (2 * n - 1)
            if n < modes - 1:
                b[n, n + 1] = mpmath.mpf(n + 1) / (2 * n + 3)
        # shift-invert about a point that is not an eigenvalue; lambda = 0 (the
        # constant, defective at u = 0) maps to a finite value and is dropped below
        shift = mpmath.mpf("0.37")
        m = mpmath.inverse(a - shift * b) * b     # eigenvalues 1/(lambda - shift)
        ev = mpmath.eig(m, left=False, right=False)
        lam = sorted(float(mpmath.re(1 / e + shift)) for e in ev if abs(e) > mpmath.mpf(10) ** (-20))
    lam = [x for x in lam if abs(x) > 1e-12]
    positive = [x for x in lam if x > 0][:k]
    negative = sorted((x for x in lam if x < 0), reverse=True)[:k]
    return {**{i + 1: x for i, x in enumerate(positive)}, **{-(i + 1): x for i, x in enumerate(negative)}}


def legendre_continuant_root(u, guess, digits, modes=90, verify=True):
    """Eigenvalue of the flat problem near ``guess`` from the Legendre-coefficient
    pencil (see conftest), as a root of its tridiagonal determinant (continuant
    recurrence, ``modes`` modes; 90 suffice for abs(u) <= 0.5, an eigenfunction with a
    layer of width 1 - abs(u) needs more) -- an independent method at ``digits`` digits."""
    with mpmath.workdps(digits):
        def det(lam):
            # f_k = det of the leading (k+1) x (k+1) block of A - lam B, scaled by
            # prod_{i<=k} i(i+1) (the diagonal of A) to stay of order one
            f_prev, f = mpmath.mpf(1), -lam * u             # row 0: 0 - lam u
            for k in range(1, modes):
                diag = (k * (k + 1) - lam * u) / (k * (k + 1))
                off = lam**2 * (mpmath.mpf(k) / (2 * k - 1)) * (mpmath.mpf(k) / (2 * k + 1))
                off = off / (k * (k + 1) * ((k - 1) * k if k > 1 else 1))
                f_prev, f = f, diag * f - off * f_prev
            return f
        return mpmath.findroot(det, mpmath.mpf(guess), verify=verify)


@pytest.fixture(scope="session")
def peak_reference():
    return json.loads(REFERENCE.read_text())
