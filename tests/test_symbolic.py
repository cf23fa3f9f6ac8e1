"""symbolic/: the sympy derivation, its generated code (the recurrences and the
collocation's regular boundary row) and the Taylor data (the shooting solver that
uses them is tested in test_shoot.py)."""

import numpy as np
import pytest
import sympy as sp

from pitcheig import Peak
from pitcheig.models import peak_shape
from pitcheig.symbolic import frobenius
from pitcheig.shoot import p_from_d
from pitcheig.symbolic.taylor import end_taylor, peak_shape_series


def test_generated_code_is_current():
    assert frobenius.generate() == frobenius.GENERATED.read_text()


def test_indicial_roots_are_double_zero():
    assert frobenius.indicial_roots() == {0: 2}


def test_series_solve_the_equation_symbolically():
    # regular and log series of order N, substituted back with symbolic d_k,
    # lam, u, s: the residual starts at t^N (N = 3 fully symbolic; N = 10 with
    # exact rationals for the parameters)
    assert frobenius.check_series(3) == [3, 3]
    values = {frobenius.lam: sp.Rational(29, 2), frobenius.u: sp.Rational(1, 7), frobenius.s: -1,
              **{dk: sp.Rational(k + 3, k * k + 5) for k, dk in enumerate(frobenius.taylor_symbols(12))}}
    assert frobenius.check_series(10, values) == [10, 10]


def test_closed_forms_generalise_eqs_31_32():
    forms = frobenius.closed_forms()
    d0, d1 = sp.symbols("d0 d1")
    lam, u, s = frobenius.lam, frobenius.u, frobenius.s
    # general end, D(s) = d0: 2 d0 Psi'(s) = s lam (s + u) Psi(s), i.e. eq. (15) at mu = s
    assert sp.simplify(forms["dpsi"] - s * lam * (s + u) / (2 * d0)) == 0
    # the paper's D = 1, u = 0, mu = 1: Phi'(1) = (lam/2) Phi(1), Phi''(1) = (lam/4) Phi'(1)
    paper = {s: 1, u: 0, d0: 1, d1: 0}
    assert sp.simplify(forms["dpsi"].subs(paper) - lam / 2) == 0
    assert sp.simplify((forms["d2psi"] / forms["dpsi"]).subs(paper) - lam / 4) == 0


def test_peak_taylor_data():
    # the exact series of F against scipy's J1 (double precision)
    f = peak_shape_series(40)
    for w in (0.05, 0.5, 0.9):
        assert sum(fk * w**k for k, fk in enumerate(f)) == pytest.approx(float(peak_shape(w)), rel=1e-12)
    # D(t) = 1 + F(t/b)/a inside the peak, and D = 1 at an end without one
    model = Peak(1e-2, 1e-3, "+1")
    d = end_taylor(model, 1.0, 60)
    for frac in (0.2, 0.6):
        t = frac * model.peak_width
        exact = model(np.array([1 - t]))[0]
        assert sum(dk * t**k for k, dk in enumerate(d)) == pytest.approx(exact, rel=1e-12)
    assert end_taylor(model, -1.0, 3) == [1.0, 0.0, 0.0, 0.0]


def test_regular_point_recurrence_continues_the_frobenius_series():
    # D = 1, u = 0.1: the Frobenius series at mu = 1 converges for t < 2; re-expanding
    # about t0 = 0.4 with the regular-point recurrence must reproduce it at t0 + 0.3
    from pitcheig.symbolic import _recurrence as rec
    lam, u, s, t0, h = 14.5, 0.1, 1, 0.4, 0.3
    c = rec.regular_coefficients(200, p_from_d([1.0]), [lam * (u + s), -lam * s])
    psi = sum(ck * (t0 + h) ** k for k, ck in enumerate(c))
    a0 = sum(ck * t0**k for k, ck in enumerate(c))
    a1 = sum(k * c[k] * t0 ** (k - 1) for k in range(1, len(c)))
    p = [t0 * (2 - t0), 2 - 2 * t0, -1.0]                   # P(t0 + h) = (t0 + h)(2 - t0 - h)
    w = [lam * (u + s - s * t0), -lam * s]
    a = rec.regular_point_coefficients(80, p, w, a0, a1)
    assert sum(ak * h**k for k, ak in enumerate(a)) == pytest.approx(psi, rel=1e-13)




def test_fitted_taylor_data_of_a_user_coefficient():
    from pitcheig.symbolic.taylor import fitted_end_taylor
    # D = 1/(1 + 4 t^2) about mu = 1 (t = 1 - mu): exact Taylor 1 - 4 t^2 + 16 t^4 - ...,
    # poles at t = +- i/2, so the trusted radius must not exceed 0.5
    d, radius, ok = fitted_end_taylor(lambda mu: 1 / (1 + 4 * (1 - mu) ** 2), 1.0, 0.3)
    assert ok and 0.2 < radius <= 0.5
    # the k-th coefficient of a fit on [0, span] carries ~ tol (2/span)^k k^2 of error
    assert d[:5] == pytest.approx([1, 0, -4, 0, 16], rel=1e-6, abs=1e-6)
    # exp(mu) about mu = -1 (t = 1 + mu): e^-1 (1, 1, 1/2, 1/6)
    d, radius, ok = fitted_end_taylor(np.exp, -1.0, 0.5)
    assert ok and np.allclose(d[:4], np.exp(-1) * np.array([1, 1, 0.5, 1 / 6]), rtol=1e-9, atol=0)
