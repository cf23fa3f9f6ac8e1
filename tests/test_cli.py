"""The CLI contract of issue 2 (run as a subprocess, as scripts would)."""

import json
import subprocess
import sys

import pytest

from conftest import legendre_flat_eigenvalues


def run(*args):
    return subprocess.run([sys.executable, "-m", "pitcheig.cli", *args], capture_output=True, text=True,
                          timeout=300)


def test_json_contract():
    out = run("eigs", "--model", "flat", "--u", "0.01", "--k", "2", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)          # exactly one JSON object on stdout
    assert set(data) >= {"problem", "eigenvalues", "dofs", "breakpoints", "converged", "seconds"}
    assert data["problem"]["u"] == 0.01 and data["problem"]["model"] == "flat" and data["problem"]["k"] == 2
    assert [e["index"] for e in data["eigenvalues"]] == [1, -1, 2, -2]
    reference = legendre_flat_eigenvalues(0.01, 2)   # independent Legendre pencil
    for entry in data["eigenvalues"]:
        assert entry["lambda"] == pytest.approx(reference[entry["index"]], rel=1e-12)
        assert 0 < entry["error_estimate"] < 1e-10 * abs(entry["lambda"])
    assert data["converged"] is True and data["breakpoints"][0] == -1.0


def test_table_output():
    out = run("eigs", "--model", "peak", "--eps", "1e-3", "--a", "1e-4", "--ends", "+1")
    assert out.returncode == 0 and "converged" in out.stdout and "+1" in out.stdout


@pytest.mark.parametrize("args, name", [
    (["--model", "peak", "--eps", "0", "--a", "1"], "eps"),
    (["--model", "peak", "--eps", "0.2", "--a", "1"], "eps"),        # b >= 1
    (["--model", "peak", "--eps", "1e-3", "--a", "-1"], "a"),
    (["--model", "peak", "--eps", "nan", "--a", "1"], "eps"),
    (["--model", "peak", "--eps", "1e-3", "--a", "inf"], "a"),
    (["--model", "flat", "--k", "0"], "k"),
    (["--model", "flat", "--u", "0.9"], "u"),
    (["--model", "unknown"], "--model"),
    (["--model", "physical", "--eps", "1e-3", "--delta", "-1"], "delta"),
    (["--model", "flat", "--tol", "x"], "tol"),
])
def test_bad_input_one_line_exit_2(args, name):
    out = run("eigs", *args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in out.stderr
    assert out.stdout == ""


def test_uncertified_result_exit_3():
    # at the corner eps = a = 1e-10 the layer is ~260 doubles wide at mu = -1:
    # the numbers are printed, flagged, and the exit code says so
    out = run("eigs", "--model", "peak", "--eps", "1e-10", "--a", "1e-10", "--k", "1", "--json")
    assert out.returncode == 3
    data = json.loads(out.stdout)
    assert data["converged"] is False and "not resolved" in data["message"]


def test_shoot_with_digits_json():
    out = run("eigs", "--model", "flat", "--u", "0.1", "--k", "1", "--method", "shoot", "--digits", "30",
              "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["digits"] == 30 and data["problem"]["method"] == "shoot"
    lam = {e["index"]: e["lambda"] for e in data["eigenvalues"]}
    assert isinstance(lam[1], str) and len(lam[1].replace("-", "").replace(".", "")) == 30
    # the same eigenvalue from the independent Legendre pencil (double precision)
    assert float(lam[1]) == pytest.approx(legendre_flat_eigenvalues(0.1, 1)[1], rel=1e-12)
    bad = run("eigs", "--model", "flat", "--digits", "30")
    assert bad.returncode == 2 and "--method shoot" in bad.stderr


def test_propagate_json_contract(tmp_path):
    plot = tmp_path / "f.png"
    out = run("propagate", "--model", "physical", "--eps", "2.1e-3", "--ends", "+1", "--source", "beam",
              "--z", "0,1,10", "--mu-points", "41", "--json", "--plot", str(plot))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["z"] == [0.0, 1.0, 10.0] and len(data["mu"]) == 41
    assert len(data["f"]) == 3 and all(len(row) == 41 for row in data["f"])
    assert set(data) >= {"f_inf", "f_inf_error", "coefficients", "eigenvalues", "flux", "flux_relative_drift",
                         "converged", "f_error", "f_converged"}
    assert data["flux_relative_drift"] < 1e-10 and data["converged"] is True
    # at z = 10 every mode has decayed by e^{-146}: f = f_inf
    assert max(abs(v - data["f_inf"]) for v in data["f"][2]) < 1e-12
    assert plot.stat().st_size > 10000


def test_propagate_csv_source_and_table(tmp_path):
    path = tmp_path / "src.csv"
    path.write_text("mu,f\n" + "\n".join(f"{m},{1 + m}" for m in [i / 50 - 0.1 for i in range(56)]))
    out = run("propagate", "--model", "flat", "--source", str(path), "--z", "0.5")
    assert out.returncode == 0, out.stderr
    assert "f_inf" in out.stdout and "converged" in out.stdout


@pytest.mark.parametrize("args, name", [
    (["--model", "flat", "--source", "nosuch"], "source"),
    (["--model", "flat", "--source", "beam", "--beam-width", "0"], "beam_width"),
    (["--model", "flat", "--source", "beam", "--z", "0,-1"], "z"),
    (["--model", "flat", "--source", "beam", "--z", "nan"], "z"),
    (["--model", "flat", "--source", "beam", "--u", "-0.1"], "f_inf"),
    (["--model", "peak", "--eps", "1e-3", "--source", "beam"], "a"),
    (["--model", "flat", "--source", "missing.csv"], "source"),
])
def test_propagate_bad_input_exits_2(args, name):
    out = run("propagate", *args)
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and name in out.stderr and "Traceback" not in out.stderr
