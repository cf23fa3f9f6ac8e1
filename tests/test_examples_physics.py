"""The physics examples of docs/examples (figure2, beam_forming, first_principles) run,
draw their figure, and their headline numbers agree with independent values
(scikit-fem's habit: the gallery is imported by the tests, so it cannot rot).

References, none sharing code with pitcheig:
* lambda_1 of eq. (17): the Legendre continuant of conftest (45 digits); mu_1, the zero
  of Phi: the Legendre series of Phi at that eigenvalue, built and summed here (mpmath);
* lambda_{+1} of the peak model at the paper's point: tests/reference/shooting.py (the
  independent Frobenius/Gauss-Legendre shooting code), run live (~2 s a case);
* the half-range problem at the paper's point: tests/reference/beam_forming_reference.json
  (beam_forming_reference.py: the finite-volume code of halfrange_reference.py, written
  without reading solver/, with the paper's D and the example's source);
* D_res of eqs. (4)-(5): tests/reference/resonant_sum_reference.json (a quadrature of the
  Bessel sum written from the paper, without reading pitcheig.turbulence); the closed
  forms (6), (8), (10): the paper's formulas typed here.
"""

import importlib.util
import json
import math
from pathlib import Path

import mpmath
import numpy as np
import pytest
from scipy import special

from conftest import legendre_continuant_root

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
REFERENCE = Path(__file__).parent / "reference"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def physical_a(eps, delta):
    """a of eq. (11): (delta ln(1/eps) + eps^{3/2}) / 6."""
    return (delta * math.log(1.0 / eps) + eps**1.5) / 6.0


def shooting_lambda(eps, a, ends):
    """lambda_{+1} and its error estimate from the independent shooting code."""
    from reference.shooting import peak_eigenvalues
    values, errors = peak_eigenvalues(eps, a, 0.0, ends, k=1, with_errors=True)
    return values[1], errors[1]


def legendre_zero_of_phi(digits=30, modes=40):
    """The zero mu_1 in (0.5, 0.95) of Phi = sum c_n P_n, the flat eigenfunction of
    lambda_1: c_0 = 1 and rows 1..N-1 of the Legendre pencil of conftest,
    m(m+1) c_m = lambda [m c_{m-1}/(2m-1) + (m+1) c_{m+1}/(2m+3)], c_N = 0 (the c_n
    fall below 1e-30 by n = 40), solved at the continuant's lambda_1."""
    with mpmath.workdps(digits + 10):
        lam = legendre_continuant_root(0, 14.528, digits + 10)
        mat = mpmath.matrix(modes - 1, modes - 1)
        rhs = mpmath.matrix(modes - 1, 1)
        for m in range(1, modes):
            i = m - 1
            mat[i, i] = m * (m + 1)
            if m > 1:
                mat[i, i - 1] = -lam * mpmath.mpf(m) / (2 * m - 1)
            else:
                rhs[i] = lam * mpmath.mpf(m) / (2 * m - 1)
            if m < modes - 1:
                mat[i, i + 1] = -lam * mpmath.mpf(m + 1) / (2 * m + 3)
        c = [mpmath.mpf(1)] + list(mpmath.lu_solve(mat, rhs))
        root = mpmath.findroot(lambda x: sum(cn * mpmath.legendre(n, x) for n, cn in enumerate(c)), 0.8)
        return float(root)


def test_figure2_redraws_fig2_and_its_numbers_are_right(tmp_path, capsys):
    out = load("figure2").main(tmp_path / "x.png")
    assert (tmp_path / "x.png").stat().st_size > 10_000
    assert "lambda_1" in capsys.readouterr().out
    # lambda_1 (eq. 17) against the 45-digit continuant: the example's own estimate is the
    # whole tolerance (the reference's error is 1e-45)
    reference = float(legendre_continuant_root(0, 14.528, 45))
    assert abs(out["lambda_1"] - reference) <= out["lambda_1_error"]
    # mu_1: Phi is resolved to 1e-12 of its scale (function_tol), |Phi| <= 3 and
    # |Phi'(mu_1)| ~ 9.5, so the zero moves by <= 3e-12 / 9.5; 1e-11 allows 30x that
    assert abs(out["mu_1"] - legendre_zero_of_phi()) <= 1e-11
    # lambda_{+1} with the peak at +1 at the paper's point, a from eq. (11) typed here;
    # tolerance: the sum of both error estimates
    assert out["a"] == pytest.approx(physical_a(2.1e-3, 1e-4), rel=1e-15, abs=0)
    lam, err = shooting_lambda(2.1e-3, physical_a(2.1e-3, 1e-4), "+1")
    assert out["converged"] and abs(out["lambda_peak"] - lam) <= out["lambda_peak_error"] + err
    # eq. (33) holds to O(b) only (b = 0.0154): Psi(1)/Phi(1) = 0.9076 against 0.8993
    assert abs(out["end_ratio"] - out["end_ratio_eq33"]) < 0.01


def test_beam_forming_agrees_with_the_finite_volume_reference(tmp_path, capsys):
    ref = json.loads((REFERENCE / "beam_forming_reference.json").read_text())
    out = load("beam_forming").main(tmp_path / "x.png")
    assert (tmp_path / "x.png").stat().st_size > 10_000
    assert "half-width" in capsys.readouterr().out
    assert out["converged"] and out["z"] == ref["z"]
    assert np.allclose(out["mu"], ref["mu"], rtol=0, atol=1e-15) and out["b"] == pytest.approx(ref["b"], rel=1e-15)
    # Tolerance: both error estimates plus ALLOWANCE = 1e-9 for a disagreement we do not
    # understand.  Measured: pitcheig is below the reference by 1.9e-10 in f_inf and by
    # 1.4e-11 .. 3.9e-10 in f(z, mu) (largest near mu = 1 at z = 0.03), 4.2e-10 in
    # C_1 Psi_1(1): systematic, 7 to 120 times the reference's Richardson estimate
    # |R2 - R1| and 1e5 times ours.  A source nearly zero at the corner mu = -u (Gaussian
    # 0.6, 0.15) still differs by 1.2e-10 in f_inf, so the corner is not the cause; at the
    # wider, lower peak of halfrange_reference.json case d_exp the two codes agree to
    # 1e-11 (test_propagation).  Which code carries it is open; pointing at the reference:
    # pitcheig's f_inf moves by 5e-15 when the grading toward mu = -u is made finer
    # (TURNING_FIRST 1e-4, ratio 2: 1053 -> 2295 nodes, measured for issue 16's note), and
    # the reference's Richardson step assumes order 2 where it observed 1.9956.  1e-9 is 2.5 times the
    # largest difference seen and below the reference's own last Richardson correction
    # |R2 - finest grid| (2.9e-9 for f_inf, stored as "_extrapolation").
    allowance = 1e-9
    assert abs(out["f_inf"] - ref["f_inf"]) <= out["f_inf_error"] + ref["f_inf_error"] + allowance
    assert abs(out["beam_mode"] - ref["A1"]) <= out["beam_mode_error"] + ref["A1_error"] + allowance
    # propagate's lambda carry no estimate of their own; the nodal pencil agrees with eigs
    # (certified 1e-12) to 1e-10 relative (README, test_propagation), hence 1e-10 lambda
    for lam, lam_ref, err in zip(out["lambda"], ref["lambda"], ref["lambda_error"]):
        assert abs(lam - lam_ref) <= err + 1e-10 * lam_ref
    diff = np.abs(out["f"] - np.asarray(ref["f"]))
    assert np.all(diff <= out["f_error"] + np.asarray(ref["f_error"]) + allowance)
    # the beam: a bump (C_1 Psi_1(1) < 0, sec. 4.3) that narrows from the source's scale
    # to about b/2 (eq. 35's width; measured 0.479 b) with amplitude near eq. (36)
    assert ref["A1"] < 0 and out["half_width"][0] > 2 * out["b"] and 0.4 < out["half_width"][-1] / out["b"] < 0.6
    assert abs(out["amplitude"][-1] / out["eq36"] - 1) < 0.1


def test_first_principles_example_against_an_independent_bessel_sum(tmp_path, capsys):
    ref = json.loads((REFERENCE / "resonant_sum_reference.json").read_text())
    out = load("first_principles").main(tmp_path / "x.png")
    assert (tmp_path / "x.png").stat().st_size > 10_000
    assert "lambda_+1" in capsys.readouterr().out
    eps, delta = ref["eps"], 1e-4
    mu = np.array([p["mu"] for p in ref["points"]])
    assert np.allclose(out["mu_check"], mu, rtol=0, atol=1e-15)
    # D_res of eqs. (4)-(5): tolerance = our relative estimate times D plus the
    # reference's estimate (N = 200 against N = 400 terms, floor 1e-12 relative)
    for d, rel, point in zip(out["d_check"], out["rel_check"], ref["points"]):
        assert abs(d - point["d_mumu"]) <= rel * abs(d) + point["error_estimate"]
    # the closed forms, typed from the paper (units v/l = 1); tolerance: the rounding of
    # 1 - mu^2 formed from mu (machine eps / (1 - mu^2), 1.2e-12 at y = 0.3), times 10
    s2 = (1 - mu) * (1 + mu)
    y = np.sqrt(s2 / eps)
    eq6 = 2.0 / 13.0 * special.zeta(4.5) * eps**1.5 * np.abs(mu) ** 5.5 / np.sqrt(s2)
    eq10 = math.pi / 2 * s2 * special.j1(y) ** 2 / y**2
    eq8 = delta / 6.0 * (math.log(1 / eps) - 0.5 * np.log(s2)) * s2
    for mine, theirs in ((out["eq6_check"], eq6), (out["eq10_check"], eq10), (out["eq8_check"], eq8)):
        assert np.allclose(mine, theirs, rtol=10 * np.finfo(float).eps / s2.min(), atol=0)
    # the paper's model, both ends: the shooting reference; the sum of both estimates
    lam, err = shooting_lambda(eps, physical_a(eps, delta), "both")
    assert out["paper_converged"] and abs(out["lambda_paper"] - lam) <= out["lambda_paper_error"] + err
    # first principles: D_FP >= 1 everywhere, so lambda_{+1} >= lambda_1 of D = 1 (raising
    # D raises |lambda|, the Rayleigh quotient); no independent value of D_FP's eigenvalue
    # exists (its D is a table of the sum above), so this bound and certification are all
    assert out["first_principles_converged"]
    assert out["lambda_first_principles"] >= float(legendre_continuant_root(0, 14.528, 30))


def test_shock_spectrum_headlines_against_the_independent_reference(tmp_path, capsys):
    """The ultra-relativistic s (32 modes) and s at Gamma1 beta1 = 3 (a curve of the
    figure) against tests/reference/shock/shock_reference.json (Legendre series, written
    without reading solver/shock.py), within the two estimates; the figure is written."""
    out = load("shock_spectrum").main(tmp_path / "s.png")
    ref = json.loads((REFERENCE / "shock" / "shock_reference.json").read_text())
    limit, ur = out["limit"], ref["s_ultra_relativistic"]
    assert limit.converged and abs(limit.s - ur["s"]) <= limit.error_estimate + ur["error"]
    synge3 = next(e for e in ref["s_synge"] if abs(e["u1"] - 3 / math.sqrt(10)) < 1e-12)
    ours = out["cases"][r"$\Gamma_1\beta_1$ = 3"]
    assert abs(ours.s - synge3["s"]) <= ours.error_estimate + synge3["error"]
    assert out["gamma10"].converged and (tmp_path / "s.png").stat().st_size > 10_000
    assert "certified" in capsys.readouterr().out
