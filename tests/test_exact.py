"""Exact parameters (solver/exact.py): the problem solved in arbitrary precision is the one typed.

Independent values: Python's own Fraction/Decimal arithmetic for the conversions;
for D = 1, the Legendre-coefficient continuant (conftest.legendre_continuant_root)
at 45 digits with the exact rational u; for the peak model,
tests/reference/peak_highprec.json (a shooting code written by a helper session
without reading solver/ or symbolic/, ~48 correct digits, exact decimal parameters).
"""

import decimal
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest

from pitcheig import Flat, ParameterError, Peak, Physical, Problem, eigs
from pitcheig.exact import exact_string, parse_exact, to_mpf
from pitcheig.shoot import eigenvalues, solve
from conftest import legendre_continuant_root

HIGHPREC = json.loads((Path(__file__).parent / "reference" / "peak_highprec.json").read_text())


@pytest.mark.parametrize("value, fraction, binary", [
    ("0.1", Fraction(1, 10), False), ("1e-3", Fraction(1, 1000), False), ("-5E-2", Fraction(-1, 20), False),
    (" 0.25 ", Fraction(1, 4), False), (3, Fraction(3), False), (Fraction(1, 3), Fraction(1, 3), False),
    (decimal.Decimal("0.001"), Fraction(1, 1000), False), (0.1, Fraction(0.1), True),
    (mpmath.mpf(2) ** -60, Fraction(1, 2**60), False),
])
def test_parse_exact_keeps_the_value_given(value, fraction, binary):
    exact = parse_exact(value)
    assert exact.fraction == fraction and exact.from_binary is binary
    assert float(exact) == float(fraction)          # and the double is the nearest one


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "abc", "", None, True, [0.1], float("nan"),
                                   decimal.Decimal("NaN"), mpmath.inf, 1 + 0j])
def test_parse_exact_refuses_what_is_not_a_finite_real(value):
    assert parse_exact(value) is None


def test_exact_strings_are_exact():
    assert exact_string(Fraction(1, 10)) == "0.1"
    assert exact_string(Fraction(-1, 20)) == "-0.05"
    assert exact_string(Fraction(1, 3)) == "1/3"
    assert exact_string(Fraction(0.1)) == "0.1000000000000000055511151231257827021181583404541015625"
    assert Fraction(decimal.Decimal(exact_string(Fraction(3, 2**40)))) == Fraction(3, 2**40)
    with mpmath.workdps(50):
        assert to_mpf(Fraction(1, 10)) == mpmath.mpf(1) / 10


def test_models_and_problem_keep_exact_parameters():
    peak = Peak("0.001", "0.0001", "both")
    assert peak.eps == 1e-3 and peak.exact_parameters() == {"eps": "0.001", "a": "0.0001"}
    assert Peak(1e-3, "1e-4").binary_inputs() == ["eps"]
    problem = Problem(Flat(), "-0.05")
    assert problem.u == -0.05 and problem.exact_parameters() == {"u": "-0.05"} and problem.binary_inputs() == []
    with mpmath.workdps(40):                 # eq. (11) a from the exact eps and delta at 40 digits
        b, a = Physical("0.0021", "0.0001").mp_parameters()
        eps, delta = mpmath.mpf(21) / 10000, mpmath.mpf(1) / 10000
        assert a == (delta * mpmath.log(1 / eps) + eps**1.5) / 6
        assert b == mpmath.besseljzero(1, 1) ** 2 * eps / 2


@pytest.mark.parametrize("u_text, u_exact", [("0.1", Fraction(1, 10)), ("-0.05", Fraction(-1, 20))])
def test_flat_30_digits_at_non_dyadic_u_through_the_cli(u_text, u_exact):
    """Issue 12 bar: D = 1, lambda_{+-1..+-4} to 30 digits at non-dyadic u with --digits 32.
    Before, u became the double 0.1 and the digits agreed with u = 1/10 only to 16-17."""
    out = subprocess.run([sys.executable, "-m", "pitcheig.cli", "eigs", "--model", "flat", "--method", "shoot",
                          "--digits", "32", "--u", u_text, "--k", "4", "--json"], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["problem"]["u"] == u_text and data["digits"] == 32
    with mpmath.workdps(45):
        u = mpmath.mpf(u_exact.numerator) / u_exact.denominator
        for entry in data["eigenvalues"]:
            value = mpmath.mpf(entry["lambda"])
            reference = legendre_continuant_root(u, value, 45)
            assert abs(value / reference - 1) < mpmath.mpf(10) ** -30, (entry, reference)
            assert entry["error_estimate"] < 1e-30 * abs(float(value))


def test_a_binary_float_is_solved_at_its_exact_value_and_the_result_says_so():
    exact = solve(Flat(), u="0.1", k=1, digits=25)
    binary = solve(Flat(), u=0.1, k=1, digits=25)
    assert binary.problem["u"] == "0.1000000000000000055511151231257827021181583404541015625"
    assert "binary" in binary.message and "binary" not in exact.message
    # the two problems differ at the 17th digit: lambda_{+1} moves by ~2e-17 relative
    with mpmath.workdps(30):
        shift = abs(mpmath.mpf(binary[1].lam) / mpmath.mpf(exact[1].lam) - 1)
    assert 1e-19 < shift < 1e-15


def _check_case(case, labels, digits=25, places=20):
    model = Peak(case["eps"], case["a"], case["ends"])
    values = eigenvalues(model, case["u"], k=max(abs(x) for x in labels), digits=digits,
                         sides=tuple(sorted({1 if x > 0 else -1 for x in labels})), with_errors=True)
    with mpmath.workdps(50):
        for label in labels:
            value, estimate = values[label]
            reference = mpmath.mpf(case["lambda"][f"{label:+d}"])
            error = abs(mpmath.mpf(value) - reference)
            assert error < mpmath.mpf(10) ** -places * abs(reference), (case, label, value)
            assert error <= estimate + mpmath.mpf(case["error_estimate"][f"{label:+d}"])


def test_peak_20_digits_against_the_independent_reference():
    """Issue 12 bar (fast part): lambda_{+1} of the peak model at eps = 0.001, a = 0.0001,
    both ends, to 20 digits at --digits 25, against peak_highprec.json; and the error
    estimate covers the true error.  (Before, the '20 digits' test compared the shooting
    solver with a second run of itself.)"""
    _check_case(HIGHPREC["cases"][0], [1])


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(HIGHPREC["cases"])))
def test_peak_20_digits_all_reference_cases(index):
    """eps >= 1e-6, a >= 1e-4 (and a = 1e-2, 1e-3), u in {0, 0.1, -0.05, 0.03}, every ends:
    lambda_{+-1}, lambda_{+-2} to 20 digits; about a minute per case."""
    _check_case(HIGHPREC["cases"][index], [1, -1, 2, -2])


def test_bad_exact_parameters_are_parameter_errors():
    for kwargs in ({"eps": "0.1x", "a": "1"}, {"eps": "1e-3", "a": "nan"}, {"eps": "1e-3", "a": "1/0"}):
        with pytest.raises(ParameterError):
            Peak(**kwargs)
    with pytest.raises(ParameterError, match="^u must be 0 or"):
        Problem(Flat(), "1e-320")                # subnormal: |b|^2/(2u) overflows
    with pytest.raises(ParameterError, match="^u must be"):
        Problem(Flat(), "1.0000000001")
    with pytest.raises(ParameterError, match="^u must be"):      # below 1, but its double is 1.0
        Problem(Flat(), "0.99999999999999999999")
    with pytest.raises(ParameterError, match=r"^u must be within \[-0.5, 0.5\] for digits"):
        eigs(Flat(), "0.5000000001", digits=20)     # the arbitrary-precision route is tested to 0.5
    for huge in ("1e400", "-1e400", 10**400):          # exact, but beyond the doubles
        with pytest.raises(ParameterError, match="^u must be"):
            Problem(Flat(), huge)
    assert Problem(Flat(), "1e-300").u == 1e-300
