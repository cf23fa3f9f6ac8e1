"""export.py and ``pitcheig eigs --plot/--save`` (issue 16, item 3)."""

import json
import subprocess
import sys

import numpy as np
import pytest
from numpy.polynomial import legendre

from pitcheig import Flat, Peak, eigs
from pitcheig import export

ARGS = ("eigs", "--model", "peak", "--eps", "2.1e-3", "--a", "1e-4", "--ends", "+1", "--k", "2")


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pitcheig.cli", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def weight_form(data, label, u):
    """int (u + mu) Psi^2 from the saved coefficients, by 80-point Gauss-Legendre on every
    piece (numpy's chebval and leggauss: no pitcheig or chebpy code)."""
    x, w = legendre.leggauss(80)
    b = data["breakpoints"]
    total = 0.0
    for e, coeffs in enumerate(data["coefficients"][label]):
        h, c = 0.5 * (b[e + 1] - b[e]), 0.5 * (b[e + 1] + b[e])
        total += h * np.sum(w * (u + c + h * x) * np.polynomial.chebyshev.chebval(x, coeffs) ** 2)
    return total


def test_cli_writes_the_plot_and_the_file_and_the_coefficients_are_the_eigenfunctions(tmp_path):
    """The issue's bar: both files written; the saved eigenfunction evaluated from its
    Chebyshev coefficients matches eigs' to 1e-13 (relative to its max), and it carries the
    documented normalisation |int (u + mu) Psi^2| = 1, checked by independent quadrature."""
    proc = run_cli(*ARGS, "--plot", "f.png", "--save", "f.npz", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "f.png").stat().st_size > 10_000
    saved = export.load(tmp_path / "f.npz")
    result = eigs(Peak(2.1e-3, 1e-4, "+1"), k=2)
    assert saved["labels"] == [1, -1, 2, -2] and saved["converged"] is True
    mu = np.concatenate([np.linspace(-1, 1, 4001), 1 - np.geomspace(1e-1, 1e-12, 500)])
    for label in saved["labels"]:
        direct = result.eigenfunction(label)(mu)
        assert np.max(np.abs(export.evaluate(saved, label, mu) - direct)) <= 1e-13 * np.max(np.abs(direct))
        assert abs(abs(weight_form(saved, label, 0.0)) - 1.0) < 1e-12
        assert saved["lambda"][saved["labels"].index(label)] == pytest.approx(result.eigenvalue(label), rel=1e-13)


def test_json_and_npz_hold_the_same_data(tmp_path):
    result = eigs(Flat(), u=0.1, k=1)
    a, b = export.load(export.save(result, tmp_path / "f.json")), export.load(export.save(result, tmp_path / "f.npz"))
    assert a["labels"] == b["labels"] and a["lambda"] == b["lambda"]
    assert np.array_equal(a["psi"], b["psi"]) and np.array_equal(a["breakpoints"], b["breakpoints"])
    for label in a["labels"]:
        assert all(np.array_equal(x, y) for x, y in zip(a["coefficients"][label], b["coefficients"][label]))
    assert json.loads((tmp_path / "f.json").read_text())["problem"]["model"] == "flat"


def test_an_arbitrary_precision_result_keeps_its_digits(tmp_path):
    result = eigs(Flat(), u="0", k=1, digits=25)
    saved = export.load(export.save(result, tmp_path / "f.npz"))
    assert saved["digits"] == 25 and saved["lambda"][0] == result.format_lambda(result[1].lam)


@pytest.mark.parametrize("extra, word", [(("--save", "f.txt"), "--save"), (("--plot", "f.jpgx"), "--plot"),
                                         (("--save", "f.npz", "--method", "shoot"), "shoot"),
                                         (("--plot", "f.png", "--cross-check", "galerkin,collocation"),
                                          "--cross-check")])
def test_bad_output_options_exit_2_before_any_work(tmp_path, extra, word):
    proc = run_cli(*ARGS, *extra, cwd=tmp_path)
    assert proc.returncode == 2 and word in proc.stderr and proc.stdout == "" and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []
