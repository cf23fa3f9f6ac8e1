"""The benchmark baselines of issue 15 (studies/bench_baselines.py), quick mode: both
SciPy baselines must converge to lambda_{+1} within their stated tolerance of an
independent value (D = 1: the Legendre value; the peak case: the shooting reference of
tests/reference/peak_shooting.json), and the ratio must be reported.  No timing asserted."""

import json

import mpmath

from pitcheig.studies import bench_baselines
from pitcheig.studies.discretisations import reference_cases

LEGENDRE_FLAT = 14.528003409361437


def test_quick_baselines_converge_to_independent_values(tmp_path, capsys):
    out = tmp_path / "baselines.json"
    assert bench_baselines.main(["--quick", "--repeats", "1", "--no-cli", "--no-shoot", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "ratio" in printed and "total run time" in printed
    data = json.loads(out.read_text())
    stated = data["stated_tolerance"]
    rows = {(row["eps"], row["a"]): row for row in data["rows"]}
    (peak_eps, peak_a), = [key for key in rows if key[0] is not None]
    peak = next(c for c in reference_cases()
                if c["eps"] == peak_eps and c["a"] == peak_a and c["u"] == 0.0 and c["ends"] == "both")
    for key, exact in (((None, None), LEGENDRE_FLAT), ((peak_eps, peak_a), peak["lambda"]["+1"])):
        row = rows[key]
        assert row["pitcheig"]["converged"]
        for name in ("bvp", "shoot"):
            assert row[name]["converged"], (key, name, row[name].get("message"))
            assert abs(row[name]["lambda"] / exact - 1) <= stated[name], (key, name, row[name]["lambda"])
        assert row["ratio"] is not None and row["ratio"] > 0
    # the 30-digit peak value is checked against the independent peak_highprec.json
    peak_hp, = [r for r in data["highprec"] if r["model"] == "peak"]
    assert peak_hp["galerkin_converged"] and peak_hp["agrees"] and len(peak_hp["checks"]) == 2


def test_highprec_verdict_follows_the_difference(monkeypatch):
    """A reference moved by 1e-25 relative (far above the 30-digit estimates) flips 'agrees'."""
    real = bench_baselines.highprec_reference

    def moved(eps, a):
        values = real(eps, a)
        with mpmath.workdps(50):
            shifted = mpmath.nstr(mpmath.mpf(values["+1"]) * (1 + mpmath.mpf("1e-25")), 45)
        return {**values, "+1": shifted}

    monkeypatch.setattr(bench_baselines, "highprec_reference", moved)
    row = bench_baselines.highprec_row("peak", "0.001", "0.0001", 1, 1, with_shoot=False)
    assert row["galerkin_converged"] and not row["agrees"]
