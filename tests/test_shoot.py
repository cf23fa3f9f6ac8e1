"""solver/shoot.py: the Frobenius-series shooting solver, against independent values
(the Legendre continuant for D = 1, conftest; the helper's shooting reference for the
peak model, tests/reference/peak_shooting.json) and against the Galerkin solver."""

import mpmath
import pytest
from conftest import legendre_continuant_root

from pitcheig import Peak
from pitcheig.shoot import flat_eigenvalues, p_from_d
from pitcheig.symbolic import frobenius

SUBSET = [(1e-1, 1e-8, 0.01, "both"), (1e-3, 1e-4, 0.0, "+1"), (1e-5, 1e-6, 0.01, "both"),
          (1e-8, 1e-2, 0.0, "both")]


def test_p_from_d_matches_the_derivation():
    d = [3, 5, 7, 11]
    assert p_from_d(d) == frobenius.p_coefficients(d)


@pytest.mark.parametrize("u", [0.0])
def test_flat_eigenvalues_to_30_digits(u):
    # issue 3 bar: lambda_{+-1..+-4} of D = 1 to 30 significant digits (non-dyadic u, solved
    # exactly as typed, is tested through the CLI in test_exact.py)
    values = flat_eigenvalues(u, 4, digits=32)
    for label, value in values.items():
        reference = legendre_continuant_root(u, float(value), 45)
        with mpmath.workdps(45):
            assert abs(value / reference - 1) < mpmath.mpf(10) ** -30, (label, value, reference)


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


def test_shooting_rejects_user_models():
    from pitcheig import ParameterError, UserModel
    from pitcheig.shoot import eigenvalues
    with pytest.raises(ParameterError, match="shooting supports"):
        eigenvalues(UserModel(lambda mu: 1 + 0 * mu), 0.0, 1)


def test_a_root_at_the_rounding_level_of_w_is_a_failure_not_an_exception():
    """Found by an independent prober: at u = 1e-200 brentq's ValueError escaped (the
    advective root ~ -6u sits at the rounding level of W); now converged=False."""
    import warnings

    from pitcheig import NotConvergedWarning, eigs
    with pytest.warns(NotConvergedWarning):
        result = eigs(Peak(1e-8, 1e4, "+1"), u=1e-200, k=3, method="shoot")
    assert not result.converged and "does not change sign" in result.message
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)
        assert not eigs(Peak(1e-8, 1e4, "+1"), u=1e-200, k=3, method="shoot").pairs


def test_progress_messages_do_not_change_the_result():
    """issue 16: long work reports progress through a callback (one line per step) and prints
    nothing itself; the values are identical with and without it."""
    from pitcheig import Flat
    from pitcheig.shoot import eigenvalues, solve
    messages = []
    plain = eigenvalues(Flat(), "0.1", 2, with_errors=True)
    watched = eigenvalues(Flat(), "0.1", 2, with_errors=True, progress=messages.append)
    assert watched == plain
    assert len(messages) == 2 + 4                     # a scan per side, then each of the 4 eigenvalues
    assert all(isinstance(m, str) and m and "\n" not in m for m in messages)
    assert "lambda_-2" in messages[-1] and "4 of 4" in messages[-1] and "error estimate" in messages[-1]
    messages.clear()
    fine = eigenvalues(Flat(), "0", 1, digits=17, sides=(1,), progress=messages.append)
    assert fine == eigenvalues(Flat(), "0", 1, digits=17, sides=(1,))
    assert len(messages) == 2 and all("17 digits" in m for m in messages)
    messages.clear()
    result = solve(Flat(), "0", 1, progress=messages.append)
    assert [(p.label, p.lam, p.error_estimate) for p in result.pairs] == \
        [(p.label, p.lam, p.error_estimate) for p in solve(Flat(), "0", 1).pairs]
    assert len(messages) == 2 + 2 + 1 and "certified" in messages[-1]
