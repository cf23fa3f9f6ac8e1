"""The spectral index at a shock (solver/shock.py, issue 17).

Independent values used here, and where each comes from:

* the limit theory of the upstream modes: sympy checks that e^{-(2n+1)t} L_n(2(2n+1)t)
  solves d/dt[t Q'] - (2n+1)^2 (t - 1) Q = 0 exactly, and the Legendre continuant of
  tests/conftest.py (an mpmath determinant, not our discretisation) gives
  lambda_{-(n+1)} (1 - u)^2 / 2 -> -(2n + 1)^2 at the rate 1 - u;
* the jump conditions: a second formulation, one equation in u2 instead of in Theta
  (for a fixed index: (Gamma1/Gamma2 - 1)(gamma - 1)/gamma = Gamma1 Gamma2 u2 (u1 - u2)),
  solved by mpmath at 30 digits; the Synge series re-derived here with sympy from the
  Hankel expansions, and checked against mpmath's Bessel K at 40 digits;
* s: the non-relativistic limit 3r/(r - 1) (an exact formula) and its approach at order
  2 in u1; the independent eigenfunction-method reference of tests/reference/shock/
  (Legendre-series modes, written without reading solver/shock.py) in
  tests/test_shock_against_reference.py.
"""

import math
import warnings

import mpmath
import numpy as np
import pytest
import sympy as sp

from conftest import legendre_continuant_root
from pitcheig import ConvergenceError, NotConvergedWarning, Peak, UserModel
from pitcheig.errors import ParameterError
from pitcheig.shock import SYNGE_SERIES, enthalpy_excess, jump_conditions, laguerre_mode, spectral_index
from pitcheig.studies import verdicts as V


@pytest.mark.parametrize("n", range(5))
def test_laguerre_modes_solve_the_limit_problem_exactly(n):
    t = sp.symbols("t", positive=True)
    q = sp.exp(-(2 * n + 1) * t) * sp.assoc_laguerre(n, 0, 2 * (2 * n + 1) * t)
    residual = sp.diff(t * sp.diff(q, t), t) - (2 * n + 1) ** 2 * (t - 1) * q
    assert sp.simplify(residual * sp.exp((2 * n + 1) * t)) == 0
    x = np.array([0.0, 0.3, 2.0, 7.0])
    expected = [float(q.subs(t, xi)) if xi else 1.0 for xi in x]
    assert laguerre_mode(n, x) == pytest.approx(expected, rel=1e-13, abs=1e-300)


def test_layer_eigenvalues_tend_to_the_laguerre_limit():
    """kappa_n = lambda_{-(n+1)} (1 - u)^2 / 2 from the continuant at u = 0.99 and 0.999:
    its distance to -(2n + 1)^2 falls by 10 with 1 - u (first order), and is below
    (2n + 1)^2 (1 - u) (measured 0.50 (1 - u) for n = 0)."""
    for n in range(3):
        gaps = []
        for u in (0.99, 0.999):
            guess = -2.0 * (2 * n + 1) ** 2 / (1 - u) ** 2
            lam = float(legendre_continuant_root(u, guess, 30, modes=800, verify=False))
            kappa = lam * (1 - u) ** 2 / 2
            gaps.append(abs(kappa + (2 * n + 1) ** 2))
            assert gaps[-1] <= (2 * n + 1) ** 2 * (1 - u), (n, u, kappa)
        assert gaps[0] / gaps[1] == pytest.approx(10.0, rel=0.1)


def _u2_fixed_index(gamma_beta1, index):
    """u2 from one equation in u2 (energy and momentum with Theta eliminated), 30 digits."""
    with mpmath.workdps(30):
        gb1, g = mpmath.mpf(gamma_beta1), mpmath.mpf(index.numerator) / index.denominator
        g1 = mpmath.sqrt(1 + gb1**2)
        u1 = gb1 / g1

        def f(u2):
            g2 = 1 / mpmath.sqrt(1 - u2**2)
            return (g1 / g2 - 1) * (g - 1) / g - g1 * g2 * u2 * (u1 - u2)
        # the nontrivial root lies below the trivial one u2 = u1; start from the strong-shock guess
        return float(mpmath.findroot(f, (u1 * (g - 1) / (g + 1) * 0.5, u1 * 0.999), solver="anderson"))


@pytest.mark.parametrize("index", ["5/3", "4/3"])
@pytest.mark.parametrize("gamma_beta1", [0.01, 0.3, 1.0, 10.0, 300.0])
def test_jump_conditions_fixed_index_against_a_second_formulation(index, gamma_beta1):
    from fractions import Fraction
    jump = jump_conditions(gamma_beta1, index)
    assert jump.u2 == pytest.approx(_u2_fixed_index(gamma_beta1, Fraction(index)), rel=1e-10)


def test_jump_conditions_limits():
    """r -> (gamma + 1)/(gamma - 1) = 4 and 7 for a weak-relativity strong shock; u2 ->
    gamma - 1 in the ultra-relativistic limit (1/3 for Synge, whose index tends to 4/3)."""
    assert jump_conditions(1e-3, "5/3").r == pytest.approx(4.0, rel=1e-5)
    assert jump_conditions(1e-3, "4/3").r == pytest.approx(7.0, rel=1e-5)
    assert jump_conditions(1e-3, "synge").r == pytest.approx(4.0, rel=1e-5)   # a cool Juttner gas is 5/3
    assert jump_conditions(1e4, "synge").u2 == pytest.approx(1 / 3, rel=1e-6)
    assert jump_conditions(math.inf, "synge").u2 == 1 / 3
    assert jump_conditions(math.inf, "5/3").u2 == pytest.approx(2 / 3)


def test_synge_series_and_bessel_ratio_agree_with_mpmath():
    th = sp.symbols("theta")

    def hankel(nu, terms=8):
        total = 0
        for k in range(terms):
            c = sp.Integer(1)
            for j in range(1, k + 1):
                c *= 4 * nu**2 - (2 * j - 1) ** 2
            total += c / (sp.factorial(k) * 8**k) * th**k
        return total
    series = sp.series(hankel(3) / hankel(2) - 1, th, 0, len(SYNGE_SERIES)).removeO()
    assert [float(series.coeff(th, k)) for k in range(len(SYNGE_SERIES))] == list(SYNGE_SERIES)
    with mpmath.workdps(40):
        for theta in (1e-6, 1e-4, 2.9e-3, 3.1e-3, 0.1, 1.0, 30.0):
            x = 1 / mpmath.mpf(theta)
            exact = float(mpmath.besselk(3, x) / mpmath.besselk(2, x) - 1)
            # the Bessel-ratio branch loses eps/Theta to cancellation (1e-13 near the switch)
            assert enthalpy_excess(theta, None) == pytest.approx(exact, rel=1e-13 if theta > 3e-3 else 1e-15)


def test_non_relativistic_limit_approaches_3r_over_r_minus_1_at_second_order():
    """Fixed compression u1/u2 = 4: s - 4 measured at u1 = 0.01 ... 0.08 falls as u1^2
    (fitted order within 0.05 of 2; measured 2.00); the verdict flips if one value moves."""
    u1 = np.array([0.01, 0.02, 0.04, 0.08])
    s = np.array([spectral_index(x / math.sqrt(1 - x * x), u2=x / 4, modes=8).s for x in u1])
    verdict = V.vanishes(u1, s - 4.0, 2.0, 0.05, name="u1")
    assert verdict.holds, verdict.text
    assert verdict.fit["C"] == pytest.approx(0.25, rel=0.05)        # measured 0.2497
    moved = s.copy()
    moved[0] = 4.0 - 1e-3                       # an O(u1) correction instead
    assert not V.vanishes(u1, moved - 4.0, 2.0, 0.05, name="u1").holds


def test_ultra_relativistic_index_converges_in_the_number_of_modes():
    """s(N) for N = 8 ... 32: the differences from N = 40 fall monotonically, and each
    result's estimate covers its distance to N = 40."""
    results = {n: spectral_index(math.inf, "4/3", modes=n) for n in (8, 16, 24, 32, 40)}
    best = results[40].s
    gaps = [abs(results[n].s - best) for n in (8, 16, 24, 32)]
    assert gaps == sorted(gaps, reverse=True)
    for n in (8, 16, 24, 32):
        assert results[n].converged
        assert abs(results[n].s - best) <= results[n].error_estimate
    assert results[16].error_estimate < 1e-6 * results[16].s          # the bar: 6 digits


def test_the_two_discretisations_give_the_same_index():
    """galerkin and collocation eigenfunctions (two discretisations of eq. 15) at
    Gamma1 beta1 = 3: within the sum of their estimates."""
    a = spectral_index(3.0, method="collocation")
    b = spectral_index(3.0, method="galerkin")
    assert a.converged and b.converged
    assert abs(a.s - b.s) <= a.error_estimate + b.error_estimate


def test_distributions_at_a_slow_shock_are_nearly_isotropic():
    """At u1 = 0.01 diffusion theory has f isotropic to O(u): g2 within 10 u1 of 1
    (measured 8e-5), and g1 in the upstream frame within 10 u1 of its value at mu = -1."""
    res = spectral_index(0.01)
    mu = np.linspace(-1, 0.99, 41)
    assert np.max(np.abs(res.downstream(mu) - 1.0)) < 0.1
    assert np.max(np.abs(res.upstream(mu) - 1.0)) < 0.1


def test_isotropic_part_of_g2_is_one_by_chebpy_quadrature():
    """The normalisation, checked with a different quadrature (a chebpy Chebfun of g2)."""
    from chebpy import chebfun
    res = spectral_index(1.0, modes=8)
    u2 = res.jump.u2
    g = chebfun(lambda x: (u2 + x) * res.downstream(x), [-1, 1])
    assert g.sum() / (2 * u2) == pytest.approx(1.0, rel=1e-10)


def test_not_certified_when_the_estimate_is_above_tol():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = spectral_index(math.inf, "4/3", modes=8, tol=1e-10)
    assert not res.converged and "exceeds tol" in res.message
    assert any(issubclass(w.category, NotConvergedWarning) for w in caught)
    with pytest.raises(ConvergenceError) as info:
        spectral_index(math.inf, "4/3", modes=8, tol=1e-10, on_failure="raise")
    assert info.value.result.s == res.s


def test_mesh_route_beyond_its_range_is_flagged():
    """Gamma1 beta1 = 50 on the mesh route: the upstream layer of width ~1/(2 Gamma^2) is
    beyond the mesh solvers in the fluid frame (item 1); the result must say so."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)
        res = spectral_index(50.0, modes=8, upstream="mesh")
    assert not res.converged and res.message


@pytest.mark.parametrize("gamma_beta1", [0.3, 1.0, 3.0, 10.0])
def test_mesh_and_layer_routes_agree(gamma_beta1):
    """Two discretisations of the upstream modes (eigs in mu, collocation in t), the same
    index within the sum of the estimates (measured differences 4e-12 ... 1e-8)."""
    a = spectral_index(gamma_beta1, upstream="mesh")
    b = spectral_index(gamma_beta1, upstream="layer")
    assert a.converged and b.converged
    assert abs(a.s - b.s) <= a.error_estimate + b.error_estimate


def test_finite_gamma_tends_to_the_limit():
    """u2 = 1/3 prescribed: s(Gamma1 beta1) - s(inf) falls like 1/Gamma1^2 (fitted order
    -2 within 0.2 in Gamma1 beta1 = 30 ... 300; the limit is the closed-form route, the
    finite ones the layer collocation), and at 1e4 it is within the estimates."""
    limit = spectral_index(math.inf, u2=1 / 3)
    gb = np.array([30.0, 100.0, 300.0])
    gaps = np.array([spectral_index(x, u2=1 / 3).s for x in gb]) - limit.s
    verdict = V.vanishes(gb, gaps, -2.0, 0.2, limit="inf", name="Gamma1 beta1")
    assert verdict.holds, verdict.text
    far = spectral_index(1e4, u2=1 / 3)
    assert abs(far.s - limit.s) <= far.error_estimate + limit.error_estimate


@pytest.mark.parametrize("kwargs, name", [
    (dict(gamma_beta1=0.0), "gamma_beta1"), (dict(gamma_beta1=2e4), "gamma_beta1"),
    (dict(gamma_beta1=1.0, eos="7/3"), "eos"), (dict(gamma_beta1=1.0, eos="gas"), "eos"),
    (dict(gamma_beta1=1.0, modes=7), "modes"), (dict(gamma_beta1=1.0, modes=52), "modes"),
    (dict(gamma_beta1=1.0, u2=0.8), "u2"), (dict(gamma_beta1=1.0, tol=1.0), "tol"),
    (dict(gamma_beta1=1.0, method="shoot"), "method"),
    (dict(gamma_beta1=math.inf, upstream_model=Peak(1e-3, 1e-4)), "upstream_model"),
    (dict(gamma_beta1=1.0, downstream_model=lambda mu: 1 + mu * 0), "downstream_model"),
])
def test_bad_input_raises_parameter_error_naming_the_parameter(kwargs, name):
    with pytest.raises(ParameterError, match=name):
        spectral_index(**kwargs)


def test_result_serialises_and_summarises():
    import json
    res = spectral_index(math.inf, "4/3", modes=8)
    out = json.loads(json.dumps(res.to_dict()))
    assert out["converged"] and out["jump"]["u1"] == 1.0 and out["jump"]["r"] == "inf"
    assert len(out["upstream"]["t"]) == len(out["downstream"]["mu"]) == 21
    printed = float(res.summary().split()[2])              # "s = <value> +- <estimate> (certified)"
    assert abs(printed - res.s) <= res.error_estimate and "(certified)" in res.summary()
    with pytest.raises(ParameterError):
        res.upstream([0.0])


def test_any_model_in_both_frames():
    """Any model of the package in each frame.  A smooth user D: the two upstream routes
    (eigs in mu, collocation in t) agree within their estimates.  Peak(0.05, 0.5), whose
    kink lies on the layer: "auto" takes the mesh route, "layer" is flagged, not wrong."""
    smooth = UserModel(lambda mu: 1 + 0.5 * mu**2 + 0.3 * np.sin(3 * mu), name="smooth")
    a = spectral_index(3.0, upstream_model=smooth, downstream_model=smooth, upstream="mesh")
    b = spectral_index(3.0, upstream_model=smooth, downstream_model=smooth, upstream="layer")
    assert a.converged and b.converged
    assert abs(a.s - b.s) <= a.error_estimate + b.error_estimate
    assert abs(a.s - spectral_index(3.0).s) > 1e-3               # D matters: not the flat answer
    peak = Peak(0.05, 0.5)
    auto = spectral_index(3.0, upstream_model=peak, downstream_model=peak)
    assert auto.converged and "fluid frame" in auto.method
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)
        layer = spectral_index(3.0, upstream_model=peak, downstream_model=peak, upstream="layer")
    assert not layer.converged and "D is not resolved" in layer.message


def test_downstream_distribution_lies_in_the_allowed_span():
    """The matching makes g2 orthogonal to the N forbidden modes used; its projections on
    the next ones (not used) measure the truncation of the distribution: below 2e-5 of
    its norm for N = 16 (measured 5e-6), and smaller for N = 32."""
    from pitcheig import Flat
    from pitcheig.shock import _negative_modes
    x, w = np.polynomial.legendre.leggauss(600)

    def leak(n):
        res = spectral_index(math.inf, "4/3", modes=n)
        down = _negative_modes(Flat(), res.jump.u2, n + 8, "collocation", 1e-12)
        g = res.downstream(x)
        norm = math.sqrt(np.sum(w * np.abs(res.jump.u2 + x) * g * g))
        return max(abs(np.sum(w * (res.jump.u2 + x) * down.eigenfunction(-j)(x) * g)) / norm
                   for j in range(n + 1, n + 9))
    small, smaller = leak(16), leak(32)
    assert small < 2e-5 and smaller < small


def test_leading_non_relativistic_correction_is_minus_u1_squared_over_4():
    """(s - 4)/u1^2 at u1/u2 = 4 tends to -1/4 (measured -0.24985 at u1 = 0.005, -0.24971
    at 0.01): the measured leading correction, within its estimate plus the next term,
    allowed 10 u1^2 (measured (s - 4)/u1^2 + 1/4 = 5.8 u1^2 at 0.005, 2.9 u1^2 at 0.01)."""
    for u1 in (0.005, 0.01):
        res = spectral_index(u1 / math.sqrt(1 - u1 * u1), u2=u1 / 4, modes=24)
        assert (res.s - 4.0) / u1**2 == pytest.approx(-0.25, abs=10 * u1**2 + res.error_estimate / u1**2)


def test_distribution_error_estimate_covers_the_change_to_more_modes():
    """The estimate of g2 at N = 16 (its change to N/2 and to coarser modes) bounds its
    distance to g2 at N = 32 on the sampled grid, in the limit and at Gamma1 beta1 = 3."""
    mu = np.linspace(-1.0, 0.99, 200)
    for gamma_beta1 in (math.inf, 3.0):
        res, finer = spectral_index(gamma_beta1, modes=16), spectral_index(gamma_beta1, modes=32)
        change = np.max(np.abs(res.downstream(mu) - finer.downstream(mu))) / np.max(np.abs(res.downstream(mu)))
        assert 0 < res.distribution_error < 1e-3
        assert change <= res.distribution_error, (gamma_beta1, change, res.distribution_error)
    assert res.to_dict()["distribution_error"] == res.distribution_error
