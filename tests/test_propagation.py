"""The half-range transport problem (solver/propagation.py), eqs. (12)-(16).

Independent values used:
* exact solutions: a source equal to f_inf + Psi_1 on the incoming half range,
  with Psi_1 the eigenfunction of the *Galerkin* eigen-solver (eigs: exact
  weight, modal trial space), must give C_1 = 1, every other C = 0 and that
  f_inf: f(z) = f_inf + Psi_1 e^{-lambda_1 z} exactly.  Not fully independent:
  the nodal solver shares the energy assembly (galerkin.piece_forms) with
  eigs; what differs is the lumped weight, the nodal trial space and the
  half-range solve;
* the eigenvalues of the lumped nodal pencil against eigs (certified 1e-12),
  with the same caveat;
* tests/reference/halfrange_shoot.py (the helper's shooting check, solve_ivp),
  run live: the eigenvalues it prints are those quoted in the reference JSON;
* the flux identity int (u + mu) f dmu = 2 u f_inf (integrated by Gauss
  quadrature of the interpolant, not by the lumped rule that conserves it);
* tests/reference/halfrange_reference.json: an independent finite-volume
  discrete-ordinates code with Richardson extrapolation (see that file's
  "method"; written without reading solver/).
"""

import json
from pathlib import Path

import numpy as np
import pytest
from chebpy import chebfun

from pitcheig import Flat, Peak, Physical, eigs
from pitcheig.errors import ParameterError
from pitcheig.propagation import (Source, beam_source, isotropic_forward, propagate, read_source_csv,
                                  tabulated_source)

REFERENCE = Path(__file__).parent / "reference" / "halfrange_reference.json"
REFERENCE_MODELS = {"c": (Flat(), 0.0), "b_exp": (Flat(), 0.05), "d_exp": (Peak(0.01, 0.01, "+1"), 0.0)}

CASES = [(Flat(), 0.0), (Flat(), 0.05), (Peak(1e-3, 1e-6, "+1"), 0.0), (Physical(2.1e-3, 1e-4, "both"), 0.01)]


@pytest.mark.parametrize("model, u", CASES)
def test_flux_is_conserved_and_equals_2u_f_inf(model, u):
    res = propagate(model, beam_source(0.1), u=u)
    assert res.converged
    z = [0.0, 1e-3, 0.01, 0.1, 1.0, 10.0]
    # drift relative to the counter-streaming fluxes sum |W_i f_i|: bar of the issue, 1e-10
    assert res.flux_drift(z) <= 1e-10
    assert abs(res.flux(0.3) - 2 * u * res.f_inf) <= 1e-12 * res.flux_scale()


@pytest.mark.parametrize("model, u", CASES)
def test_discrete_eigenvalues_match_the_galerkin_solver(model, u):
    # eigs certifies 1e-12; the lumped nodal pencil is another discretisation
    res = propagate(model, isotropic_forward(), u=u)
    ref = eigs(model, u=u, k=3)
    positive = [ref.eigenvalue(j) for j in (1, 2, 3)]
    assert np.allclose(res.lam[:3], positive, rtol=1e-10, atol=0)


@pytest.mark.parametrize("model, u", [(Flat(), 0.0), (Peak(2.1e-3, 1e-4, "+1"), 0.0), (Flat(), 0.05)])
def test_single_mode_source_is_an_exact_solution(model, u):
    """f0 = 0.7 + Psi_1 (eigs' Chebfun: another weight and trial space, the same energy
    assembly) => C_1 = 1, other C = 0."""
    psi = eigs(model, u=u, k=1, function_tol=1e-12).eigenfunction(1)
    source = Source("mode", lambda mu: 0.7 + psi(mu))
    res = propagate(model, source, u=u, tol=1e-10)
    assert res.f_inf == pytest.approx(0.7, abs=1e-10)
    assert res.coefficients[0] == pytest.approx(1.0, abs=1e-9)
    assert np.max(np.abs(res.coefficients[1:20])) < 1e-9
    mu = np.linspace(-1, 1, 101)
    lam1 = res.lam[0]
    assert np.max(np.abs(res.f(0.05, mu) - 0.7 - psi(mu) * np.exp(-lam1 * 0.05))) < 1e-9


def test_u_negative_needs_f_inf_and_keeps_the_advective_mode():
    # for u < 0 the small advective eigenvalue (about -6u for D = 1) is positive: it decays
    res = propagate(Flat(), isotropic_forward(), u=-0.02, f_inf=1.5)
    assert res.f_inf == 1.5
    assert res.lam[0] == pytest.approx(eigs(Flat(), u=-0.02, k=1).eigenvalue(1), rel=1e-10)
    assert res.lam[0] < 0.2
    assert abs(res.flux(1.0) - 2 * (-0.02) * 1.5) < 1e-12
    with pytest.raises(ParameterError, match="f_inf"):
        propagate(Flat(), isotropic_forward(), u=-0.02)
    with pytest.raises(ParameterError, match="f_inf"):
        propagate(Flat(), isotropic_forward(), u=0.0, f_inf=1.0)


@pytest.mark.parametrize("u", [0.0, 0.05])
def test_solution_at_z0_reproduces_the_source_on_the_incoming_half(u):
    """The computed f(0, mu) (interpolant of the nodal solution, not the data the API
    returns there) equals f0 where u + mu > 0, away from the jump at mu = -u."""
    source = Source("smooth", lambda mu: np.exp(-(mu - 0.3) ** 2))
    res = propagate(Peak(1e-2, 1e-3, "+1"), source, u=u)
    mu = np.linspace(-u + 0.01, 1.0, 500)
    assert np.max(np.abs(res.fine.f(0.0, mu) - source(mu))) < 1e-9
    assert np.array_equal(res.f(0.0, mu), source(mu))


def test_error_estimates_bound_the_error_against_a_finer_solve():
    res = propagate(Physical(2.1e-3, 1e-4, "+1"), beam_source(0.05), tol=1e-6)
    fine = propagate(Physical(2.1e-3, 1e-4, "+1"), beam_source(0.05), tol=1e-12, on_failure="warn")
    mu = np.linspace(-1, 1, 301)
    for z in (0.01, 0.1, 1.0):
        assert np.all(np.abs(res.f(z, mu) - fine.f(z, mu)) <= res.f_error(z, mu) + 1e-12)


def test_sign_rule_of_section_4_3():
    """A source enhanced forward but not at mu = 1 gives C_1 Psi_1(1) < 0 (a bump at mu = 1,
    the end value is pulled toward zero, eq. 33); a beam collimated at mu = 1 gives a hole."""
    model = Physical(2.1e-3, 1e-4, "+1")
    forward = Source("forward", lambda mu: np.exp(-0.5 * ((mu - 0.4) / 0.2) ** 2))
    assert propagate(model, forward).errors["beam_mode_value"] < 0
    assert propagate(model, beam_source(0.02)).errors["beam_mode_value"] > 0


def test_tabulated_and_csv_sources(tmp_path):
    mu = np.linspace(-0.2, 1.0, 400)
    path = tmp_path / "f0.csv"
    np.savetxt(path, np.column_stack([mu, 1 + mu]), delimiter=",", header="mu,f", comments="")
    src = read_source_csv(str(path))
    assert src(np.array([0.25]))[0] == pytest.approx(1.25, abs=1e-12)
    a = propagate(Flat(), src)
    b = propagate(Flat(), isotropic_forward())
    assert a.f_inf == pytest.approx(b.f_inf, abs=1e-10)
    with pytest.raises(ParameterError, match="covers"):
        propagate(Flat(), tabulated_source([0.5, 1.0], [1.0, 2.0]))
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,3\n4,5,6\n")
    with pytest.raises(ParameterError, match="two columns"):
        read_source_csv(str(bad))


@pytest.mark.parametrize("kwargs, name", [({"tol": 0.0}, "tol"), ({"u": 0.7}, "u"),
                                          ({"tol": float("nan")}, "tol")])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ParameterError, match=name):
        propagate(Flat(), isotropic_forward(), **kwargs)
    with pytest.raises(ParameterError, match="beam_width"):
        beam_source(-1.0)
    with pytest.raises(ParameterError, match="z"):
        propagate(Flat(), isotropic_forward()).f(-1.0, [0.0])


@pytest.mark.parametrize("case", sorted(REFERENCE_MODELS))
def test_against_independent_finite_volume_reference(case):
    """tests/reference/halfrange_reference.json (halfrange_reference.py): conservative
    finite volumes, six grids to 14400 cells, two Richardson steps (observed order 2.000),
    eigenvalues checked by shooting.  Source exp(-(1 - mu)/0.1).  Tolerance: the
    reference's own error estimate plus ours plus 1e-11 (its rounding level)."""
    ref = json.loads(REFERENCE.read_text())["cases"][case]
    model, u = REFERENCE_MODELS[case]
    res = propagate(model, beam_source(0.1), u=u, tol=1e-10)
    assert res.converged and u == ref["u"]
    assert abs(res.f_inf - ref["f_inf"]["value"]) <= ref["f_inf"]["error"] + res.errors["f_inf"] + 1e-11
    for lam, lam_ref, err in zip(res.lam, ref["lambda"], ref["lambda_error"]):
        assert abs(lam - lam_ref) <= err + 1e-11 * lam_ref
    for mu_text, value in ref["A1"].items():
        mine = res.fine.beam_mode(np.array([float(mu_text)]))[0]
        assert abs(mine - value) <= ref["A1_error"][mu_text] + 1e-11
    mu = np.asarray(ref["mu"])
    for z, f_ref, f_err in zip(ref["z"], ref["f"], ref["f_error"]):
        mine = res.f(z, mu)
        assert np.all(np.abs(mine - np.asarray(f_ref)) <= np.asarray(f_err) + res.f_error(z, mu) + 1e-11)
        if z > 0:   # the Chebfun of f(z, .) (issue 16) against the same reference, same tolerance
            chebfun = res.distribution(z)
            assert np.all(np.abs(chebfun(mu) - np.asarray(f_ref)) <= np.asarray(f_err) + res.f_error(z, mu)
                          + 1e-11)
    psi_1 = res.mode(1)     # the Chebfun of Psi_1: C_1 Psi_1 against the reference's A1
    for mu_text, value in ref["A1"].items():
        assert abs(res.coefficients[0] * psi_1(float(mu_text)) - value) <= ref["A1_error"][mu_text] + 1e-11


def test_chebfuns_are_the_solution_and_its_modes():
    """distribution(z) and mode(j) are the nodal solution's interpolant (Chebyshev form,
    evaluated by chebpy) and res.f (barycentric Lagrange form, ours): the same polynomial
    evaluated two ways, so they agree to rounding (1e-12 of max |f|).  Independent checks
    of the modes: each is normalised, int (u + mu) Psi^2 = 1 (chebpy's quadrature), and
    positive at mu = 1; f(z) - f_inf is their sum with weights C e^{-lambda z} (eq. 14)."""
    u = 0.05
    res = propagate(Flat(), beam_source(0.1), u=u, tol=1e-10)
    mu = np.linspace(-1.0, 1.0, 301)
    x = chebfun(lambda t: t, [-1.0, 1.0])
    for z in (0.01, 0.3):
        assert np.max(np.abs(res.distribution(z)(mu) - res.f(z, mu))) <= 1e-12 * np.max(np.abs(res.f(z, mu)))
    total = np.zeros_like(mu)
    for j in range(1, res.lam.size + 1):
        psi = res.mode(j)
        total += res.coefficients[j - 1] * np.exp(-res.lam[j - 1] * 0.3) * psi(mu)
        if j <= 3:
            norm = float((psi * psi * (u + x)).sum())
            assert abs(abs(norm) - 1.0) < 1e-10 and psi(1.0) > 0
    assert np.max(np.abs(res.f_inf + total - res.f(0.3, mu))) <= 1e-12
    with pytest.raises(ParameterError, match="j"):
        res.mode(0)
    with pytest.raises(ParameterError, match="z"):
        res.distribution(-1.0)


def test_unresolvable_peak_is_not_reported_converged():
    """At eps = a = 1e-10 the peak's layer (~3e-14) is a few hundred doubles wide at mu = 1
    and D cannot be resolved there (eigs says so too); the levels would still agree,
    because they share that quadrature, so propagate must say it is not converged."""
    with pytest.warns(Warning, match="NOT converged"):
        res = propagate(Peak(1e-10, 1e-10, "+1"), beam_source(0.1))
    assert not res.converged and "D is not resolved" in res.message


def test_the_helpers_shooting_check_runs_and_matches():
    """halfrange_reference.json quotes eigenvalues from the helper's shooting code
    (halfrange_shoot.py, solve_ivp, nothing of solver/); before, it imported a module
    that is not in this tree.  Run it, compare its output with the JSON's quote and
    with eigs (9-10 digits: its solve_ivp tolerance is 1e-12)."""
    import re
    import subprocess
    import sys
    script = Path(__file__).parent / "reference" / "halfrange_shoot.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    quoted = json.loads(REFERENCE.read_text())["notes"]["independent_eigenvalue_check"]
    printed = {line.split()[0]: [float(x) for x in re.findall(r"'([0-9.]+)'", line)]
               for line in out.stdout.splitlines()}
    assert set(printed) == {"a", "b", "d"}
    for values in printed.values():
        for value in values:
            assert f"{value:.9f}" in quoted
    for name, (model, u) in (("a", (Flat(), 0.0)), ("b", (Flat(), 0.05)), ("d", (Peak(0.01, 0.01, "+1"), 0.0))):
        mine = [eigs(model, u=u, k=3).eigenvalue(j) for j in (1, 2, 3)]
        assert np.allclose(printed[name], mine, rtol=1e-9, atol=0)
