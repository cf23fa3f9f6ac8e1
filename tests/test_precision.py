"""precision.py: Galerkin eigenvalues in arbitrary precision (issue 15, item 3).

References, none of them sharing code with precision.py or galerkin.py:
* D = 1: conftest.legendre_continuant_root, a root of the continuant of the
  Legendre-coefficient pencil (90 modes), at 45 digits;
* the peak model: tests/reference/peak_highprec.json, an independent mpmath
  shooting code (tests/reference/peak_highprec.py, four runs agreeing to
  1e-48); its strings carry 40 significant digits, so they check to
  REFERENCE_DIGITS = 39 (half a unit in the 40th digit, plus margin).
"""

import json
import subprocess
import sys
import warnings
from pathlib import Path

import mpmath
import numpy as np
import pytest

from pitcheig import Flat, Peak, UserModel, eigs
from pitcheig import precision
from pitcheig.errors import NotConvergedWarning, ParameterError

from conftest import legendre_continuant_root

HIGHPREC = json.loads((Path(__file__).parent / "reference" / "peak_highprec.json").read_text())
REFERENCE_DIGITS = 39


def covered(lam, reference, estimate, reference_error):
    """|lam - reference| within the solver's estimate plus the reference's own error."""
    with mpmath.workdps(80):
        return abs(mpmath.mpf(lam) - mpmath.mpf(reference)) <= estimate + reference_error


def test_flat_eigenvalues_to_30_digits_agree_with_the_legendre_continuant():
    """lambda_{+-1..+-4} of D = 1 (u = 0), the bar's case: 30 digits, each estimate
    covers the distance to the independent continuant root (45 digits: its error,
    1e-44, is negligible) and is itself below 10^-30 relative."""
    result = eigs(Flat(), u="0", k=4, digits=30)
    assert result.converged and result.digits == 30 and result.method == "galerkin"
    for pair in result.pairs:
        reference = legendre_continuant_root(0, float(pair.lam), 45)
        assert covered(pair.lam, reference, pair.error_estimate, mpmath.mpf(10) ** -44)
        assert pair.error_estimate <= 1e-30 * abs(float(pair.lam))


def test_flat_at_nonzero_u_and_50_digits():
    """u = 1/10 typed as a decimal; 50 digits against the continuant at 60."""
    result = eigs(Flat(), u="0.1", k=2, digits=50)
    assert result.converged
    for pair in result.pairs:
        with mpmath.workdps(60):
            reference = legendre_continuant_root(mpmath.mpf(1) / 10, float(pair.lam), 60)
        assert covered(pair.lam, reference, pair.error_estimate, mpmath.mpf(10) ** -58)


@pytest.mark.parametrize("case", HIGHPREC["cases"], ids=lambda c: f"eps{c['eps']}-a{c['a']}-{c['ends']}-u{c['u']}")
def test_peak_eigenvalues_to_30_digits_agree_with_the_independent_shooting_reference(case):
    """The four cases of peak_highprec.json (eps 1e-6 ... 1e-2, a 1e-4 ... 1e-2, u 0, 0.1,
    0.03, -0.05, one or both ends), lambda_{+-1}, lambda_{+-2}: the estimate plus the
    reference's 40-digit rounding covers the difference."""
    model = Peak(case["eps"], case["a"], case["ends"])
    result = eigs(model, u=case["u"], k=2, digits=30)
    assert result.converged, result.message
    for label, reference in case["lambda"].items():
        pair = result[int(label)]
        rounding = abs(mpmath.mpf(reference)) * mpmath.mpf(10) ** -REFERENCE_DIGITS
        assert covered(pair.lam, reference, pair.error_estimate, rounding), label
        assert pair.error_estimate <= 1e-30 * abs(float(pair.lam))


def test_too_coarse_levels_are_not_certified(monkeypatch):
    """The verdict follows the drift: with every level's degrees cut to 40 % of what
    level_mesh asks for, the levels are far from 30 digits and the drift between
    them says so (converged False, a NotConvergedWarning, the drift in the message)."""
    original = precision.level_mesh

    def coarse(mesh, d_lengths, factor, function_tol, digits):
        grid, level_d_lengths = original(mesh, d_lengths, factor, function_tol, digits)
        degrees = np.maximum(4, (0.4 * grid.degrees).astype(int))
        return type(grid)(grid.breakpoints, degrees, grid.gradings), level_d_lengths

    monkeypatch.setattr(precision, "level_mesh", coarse)
    monkeypatch.setattr(precision, "MAX_EXTRA_LEVELS", 0)
    with pytest.warns(NotConvergedWarning):
        result = eigs(Peak("1e-3", "1e-4"), u="0", k=1, digits=30)
    assert not result.converged and "drift" in result.message
    assert all(p.error_estimate > 1e-30 * abs(float(p.lam)) for p in result.pairs)


def test_a_binary_u_is_solved_at_its_binary_value_and_the_result_says_so():
    """u = 0.1 (a double) and u = "0.1" are different problems at 25 digits: their
    eigenvalues differ by about the 5.6e-18 of the binary rounding, far above
    the estimates, and only the binary one says so."""
    binary = eigs(Flat(), u=0.1, k=1, digits=25)
    decimal = eigs(Flat(), u="0.1", k=1, digits=25)
    assert "binary" in binary.message and "binary" not in decimal.message
    with mpmath.workdps(40):
        shift = abs(mpmath.mpf(binary[1].lam) / mpmath.mpf(decimal[1].lam) - 1)
    assert 1e-19 < shift < 1e-16 and shift > 1e3 * binary[1].error_estimate
    assert binary.problem["u"] == "0.1000000000000000055511151231257827021181583404541015625"


def test_models_without_a_closed_form_d_are_refused():
    with pytest.raises(ParameterError, match="flat, peak and physical"):
        eigs(UserModel(lambda mu: 1.0 + 0.0 * mu), k=1, digits=20)
    with pytest.raises(ParameterError, match="digits"):
        eigs(Flat(), k=1, digits=20, method="collocation")
    with pytest.raises(ParameterError, match="digits"):
        eigs(Flat(), k=1, digits=61)


def test_eigenfunctions_are_the_double_precision_ones():
    """The eigenfunction of a digits solve is that of the double solve on the finest
    level: normalised as documented (|int (u + mu) Psi^2| = 1) to double precision."""
    result = eigs(Flat(), u="0", k=1, digits=20)
    psi = result[1].eigenfunction
    from chebpy import chebfun
    mu = chebfun(lambda x: x, [-1, 1])
    assert abs(abs((mu * psi * psi).sum()) - 1.0) < 1e-13


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "pitcheig.cli", *args], capture_output=True, text=True, timeout=120)


def test_cli_digits_takes_the_galerkin_route_by_default():
    proc = run_cli("eigs", "--model", "flat", "--k", "1", "--digits", "25", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["method"] == "galerkin" and out["digits"] == 25
    reference = legendre_continuant_root(0, 14.5, 40)
    with mpmath.workdps(40):
        assert abs(mpmath.mpf(out["eigenvalues"][0]["lambda"]) - reference) < mpmath.mpf(10) ** -23
    bad = run_cli("eigs", "--model", "flat", "--k", "1", "--digits", "25", "--method", "nodal")
    assert bad.returncode == 2 and "--digits" in bad.stderr and "Traceback" not in bad.stderr


def test_newton_failure_is_reported_not_raised(monkeypatch):
    """A Newton iteration that cannot converge (MAX_NEWTON = 1) gives converged=False with
    the reason, not an exception (the error contract)."""
    monkeypatch.setattr(precision, "MAX_NEWTON", 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)
        result = eigs(Flat(), u="0", k=1, digits=30)
    assert not result.converged and "Newton" in result.message


def test_max_dofs_bounds_the_levels_too():
    """max_dofs=600 lets the double solve of Peak(1e-3, 1e-4) through (~530 unknowns)
    but not the richer levels: not certified, and the message names the budget."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)
        result = eigs(Peak("1e-3", "1e-4"), u="0", k=1, digits=30, max_dofs=600)
    assert not result.converged and "max_dofs=600" in result.message


def test_progress_messages_do_not_change_the_result(monkeypatch):
    """issue 16: the digits route reports each Newton refinement and each level through a
    callback (eigs_digits(progress=...); eigs reaches it through the module attribute, so
    wrapping it here sees the messages) and prints nothing; the result is the same."""
    plain = eigs(Flat(), u="0", k=1, digits=20)
    messages = []
    original = precision.eigs_digits
    monkeypatch.setattr(precision, "eigs_digits",
                        lambda *args, **kwargs: original(*args, **{**kwargs, "progress": messages.append}))
    watched = eigs(Flat(), u="0", k=1, digits=20)
    assert [(p.label, p.lam, p.error_estimate) for p in watched.pairs] == \
        [(p.label, p.lam, p.error_estimate) for p in plain.pairs]
    assert watched.converged and watched.message == plain.message
    assert all(isinstance(m, str) and m and "\n" not in m for m in messages)
    levels = len(watched.diagnostics.history) - len([h for h in watched.diagnostics.history
                                                     if "precision_level" not in h])
    # one at the start; per level one as it starts, one per eigenvalue (2) and one when done; one at the end
    assert len(messages) == 1 + levels * (1 + 2 + 1) + 1
    assert any("level 2 done" in m and "drift" in m for m in messages) and "certified" in messages[-1]
