"""symbolic/: the sympy derivation, its generated code, the Taylor data, and the
series-based shooting solver (issue 3, first part)."""

import mpmath
import numpy as np
import pytest
import sympy as sp

from pitcheig import Peak
from pitcheig.models import peak_shape
from pitcheig.symbolic import frobenius
from pitcheig.shoot import flat_eigenvalues, p_from_d
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


def test_p_from_d_matches_the_derivation():
    d = [3, 5, 7, 11]
    assert p_from_d(d) == frobenius.p_coefficients(d)


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


def legendre_continuant_root(u, guess, digits):
    """Eigenvalue of the flat problem near ``guess`` from the Legendre-coefficient
    pencil (see conftest), as a root of its tridiagonal determinant (continuant
    recurrence, 90 modes) -- an independent method at ``digits`` digits."""
    with mpmath.workdps(digits):
        def det(lam):
            # f_k = det of the leading (k+1) x (k+1) block of A - lam B, scaled by
            # prod_{i<=k} i(i+1) (the diagonal of A) to stay of order one
            f_prev, f = mpmath.mpf(1), -lam * u             # row 0: 0 - lam u
            for k in range(1, 90):
                diag = (k * (k + 1) - lam * u) / (k * (k + 1))
                off = lam**2 * (mpmath.mpf(k) / (2 * k - 1)) * (mpmath.mpf(k) / (2 * k + 1))
                off = off / (k * (k + 1) * ((k - 1) * k if k > 1 else 1))
                f_prev, f = f, diag * f - off * f_prev
            return f
        return mpmath.findroot(det, mpmath.mpf(guess))


@pytest.mark.parametrize("u", [0.0])
def test_flat_eigenvalues_to_30_digits(u):
    # issue 3 bar: lambda_{+-1..+-4} of D = 1 to 30 significant digits (non-dyadic u, solved
    # exactly as typed, is tested through the CLI in test_exact.py)
    values = flat_eigenvalues(u, 4, digits=32)
    for label, value in values.items():
        reference = legendre_continuant_root(u, float(value), 45)
        with mpmath.workdps(45):
            assert abs(value / reference - 1) < mpmath.mpf(10) ** -30, (label, value, reference)


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


SUBSET = [(1e-1, 1e-8, 0.01, "both"), (1e-3, 1e-4, 0.0, "+1"), (1e-5, 1e-6, 0.01, "both"),
          (1e-8, 1e-2, 0.0, "both")]


@pytest.mark.parametrize("case", SUBSET)
def test_peak_shooting_against_reference(case, peak_reference):
    # the series shooting vs the helper's independent Gauss-Legendre shooting (~1e-14)
    from pitcheig.shoot import eigenvalues
    eps, a, u, ends = case
    entry = next(c for c in peak_reference["cases"] if (c["eps"], c["a"], c["u"], c["ends"]) == case)
    values = eigenvalues(Peak(eps, a, ends), u, 2)
    for label, value in values.items():
        # 1e-12: the advective root (~ -6u) loses ~2 digits to cancellation in W
        assert value == pytest.approx(entry["lambda"][f"{label:+d}"], rel=1e-12)


# The 20-digit bar of the peak model is tested against an independent reference
# (tests/reference/peak_highprec.json) in test_exact.py; it used to compare the
# shooting solver with a second run of itself.


def galerkin_vs_shooting(cases):
    from pitcheig import eigs
    from pitcheig.shoot import eigenvalues
    worst = 0.0
    for eps, a, u, ends in cases:
        galerkin = eigs(Peak(eps, a, ends), u=u, k=2)
        shot = eigenvalues(Peak(eps, a, ends), u, 2)
        for label, value in shot.items():
            worst = max(worst, abs(galerkin.eigenvalue(label) / value - 1))
    return worst


def test_galerkin_vs_shooting_subset():
    # issue 3 item 5: the two routes agree to <= 1e-11 (fast subset; the full grid is -m slow)
    assert galerkin_vs_shooting(SUBSET + [(1e-2, 1e-6, 0.01, "-1")]) <= 1e-11


@pytest.mark.slow
def test_galerkin_vs_shooting_full_grid(peak_reference):
    cases = [(c["eps"], c["a"], c["u"], c["ends"]) for c in peak_reference["cases"]]
    assert galerkin_vs_shooting(cases) <= 1e-11


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


def test_shooting_rejects_user_models():
    from pitcheig import ParameterError, UserModel
    from pitcheig.shoot import eigenvalues
    with pytest.raises(ParameterError, match="shooting supports"):
        eigenvalues(UserModel(lambda mu: 1 + 0 * mu), 0.0, 1)
