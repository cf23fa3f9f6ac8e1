"""The examples of docs/examples run, and their headline numbers are right
(scikit-fem's habit: the gallery is imported by the tests, so it cannot rot).

References: D = 1 against the Legendre continuant (conftest, 45 digits); the peak model
against the independent shooting reference tests/reference/peak_shooting.json."""

import importlib.util
from pathlib import Path

import mpmath

from conftest import legendre_continuant_root

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_example_has_the_documented_header():
    for path in EXAMPLES.glob("*.py"):
        doc = load(path.stem).__doc__
        assert "Run time:" in doc and "Run:" in doc and "Parameters:" in doc, path.name


def test_first_steps_gives_30_digits_of_the_flat_spectrum(capsys):
    values, result = load("first_steps").main()
    assert result.converged and sorted(values) == [-4, -3, -2, -1, 1, 2, 3, 4]
    for label, lam in values.items():
        reference = legendre_continuant_root(0, float(lam), 45)
        with mpmath.workdps(45):
            assert abs(lam - reference) <= abs(reference) * mpmath.mpf(10) ** -30
    assert "converged" in capsys.readouterr().out


def test_peak_mesh_draws_the_pieces_and_resolves_them(tmp_path, peak_reference):
    lam, estimate, pieces, tail = load("peak_mesh").main(tmp_path / "f.png")
    case = next(c for c in peak_reference["cases"]
                if (c["eps"], c["a"], c["u"], c["ends"]) == (1e-3, 1e-4, 0.0, "both"))
    assert abs(lam - case["lambda"]["+1"]) <= estimate + case["error_estimate"]["+1"]
    assert pieces > 5 and tail < 1e-11 and (tmp_path / "f.png").stat().st_size > 10_000


def test_cross_check_example_passes_and_agrees_with_the_reference(peak_reference, capsys):
    check = load("cross_check").main()
    assert check.passed and "passed" in capsys.readouterr().out
    case = next(c for c in peak_reference["cases"]
                if (c["eps"], c["a"], c["u"], c["ends"]) == (1e-3, 1e-4, 0.0, "both"))
    for result in check.results:
        pair = result[+1]
        assert abs(pair.lam - case["lambda"]["+1"]) <= pair.error_estimate + case["error_estimate"]["+1"]
