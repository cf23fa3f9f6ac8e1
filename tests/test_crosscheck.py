"""Cross-validation in one call (crosscheck.py, ``eigs --cross-check M1,M2``).

The values are checked against the independent shooting reference
(tests/reference/peak_shooting.json); the verdict is checked to follow the
numbers: perturbing one method's eigenvalue beyond the combined estimate turns
"agree" into "DISAGREE" and the exit code from 0 into 3.
"""

import dataclasses
import json

import pytest
from test_cli import main_in_process

from pitcheig import Peak, adaptivity
from pitcheig.crosscheck import CrossCheck, cross_check

CASE = dict(eps=1e-3, a=1e-4, u=0.0, ends="+1")


def reference(peak_reference):
    return next(c for c in peak_reference["cases"]
                if (c["eps"], c["a"], c["u"], c["ends"]) == tuple(CASE.values()))


def test_cross_check_api_agrees_and_matches_the_reference(peak_reference):
    check = cross_check(Peak(CASE["eps"], CASE["a"], CASE["ends"]), ("galerkin", "collocation"), k=2)
    assert check.passed
    ref = reference(peak_reference)
    for label, a, b, diff, combined, agree in check.rows():
        exact = ref["lambda"][f"{label:+d}"]
        assert agree and diff <= combined
        assert a == pytest.approx(exact, rel=1e-11) and b == pytest.approx(exact, rel=1e-11)


def test_the_verdict_follows_the_numbers():
    check = cross_check(Peak(1e-2, 1e-4), "galerkin,collocation", k=1)
    assert check.passed
    first, second = check.results
    label = first.labels[0]
    moved = [dataclasses.replace(p, lam=p.lam * (1 + 1e-9)) if p.label == label else p for p in second.pairs]
    worse = CrossCheck(methods=check.methods, results=(first, dataclasses.replace(second, pairs=moved)))
    assert not worse.passed and "DISAGREE" in worse.table()
    unconverged = CrossCheck(methods=check.methods, results=(first, dataclasses.replace(second, converged=False)))
    assert not unconverged.passed


def test_cli_cross_check_exit_codes(capsys, monkeypatch, peak_reference):
    args = ["eigs", "--model", "peak", "--eps", "1e-3", "--a", "1e-4", "--ends", "+1", "--cross-check",
            "galerkin,collocation"]
    code, out, err = main_in_process(capsys, *args, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["passed"] is True and data["methods"] == ["galerkin", "collocation"]
    ref = reference(peak_reference)
    for entry in data["eigenvalues"]:
        for value in entry["lambda"].values():
            assert value == pytest.approx(ref["lambda"][f"{entry['index']:+d}"], rel=1e-11)
    code, out, _ = main_in_process(capsys, *args)
    assert code == 0 and "cross-check passed" in out

    real = adaptivity.eigs

    def perturbed(*a, **kw):          # collocation off by 1e-9: far beyond both estimates
        result = real(*a, **kw)
        if kw.get("method") == "collocation":
            result.pairs = [dataclasses.replace(p, lam=p.lam * (1 + 1e-9)) for p in result.pairs]
        return result
    monkeypatch.setattr(adaptivity, "eigs", perturbed)
    code, out, _ = main_in_process(capsys, *args)
    assert code == 3 and "DISAGREE" in out and "FAILED" in out


def test_cli_cross_check_with_an_uncertified_side_exits_3(capsys):
    # eps = a = 1e-10: neither method can resolve the layer (printed, flagged, exit 3)
    code, out, _ = main_in_process(capsys, "eigs", "--model", "peak", "--eps", "1e-10", "--a", "1e-10", "--k", "1",
                                   "--cross-check", "galerkin,collocation")
    assert code == 3 and "NOT CONVERGED" in out


@pytest.mark.parametrize("methods", ["galerkin", "galerkin,galerkin", "galerkin,fem", "galerkin,collocation,shoot"])
def test_cli_cross_check_bad_lists_exit_2(capsys, methods):
    code, out, err = main_in_process(capsys, "eigs", "--model", "flat", "--cross-check", methods)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "cross_check" in err


def test_cli_method_collocation_and_shoot(capsys, peak_reference):
    ref = reference(peak_reference)
    for method in ("collocation", "galerkin", "shoot"):
        code, out, err = main_in_process(capsys, "eigs", "--model", "peak", "--eps", "1e-3", "--a", "1e-4",
                                         "--ends", "+1", "--method", method, "--json")
        assert code == 0, err
        data = json.loads(out)
        assert data["method"] == method
        for entry in data["eigenvalues"]:
            assert float(entry["lambda"]) == pytest.approx(ref["lambda"][f"{entry['index']:+d}"], rel=1e-11)
    code, out, err = main_in_process(capsys, "eigs", "--model", "peak", "--eps", "1e-3", "--a", "1e-4",
                                     "--cross-check", "galerkin,shoot")
    assert code == 0, err


@pytest.mark.slow
def test_cli_cross_check_exits_0_on_every_grid_point(capsys, peak_reference):
    # the issue-13 bar, through the CLI itself: 140 cases of the reference grid
    failed = []
    for case in peak_reference["cases"]:
        args = ["eigs", "--model", "peak", "--eps", repr(case["eps"]), "--a", repr(case["a"]), "--u",
                repr(case["u"]), "--ends", case["ends"], "--cross-check", "galerkin,collocation"]
        code, _, _ = main_in_process(capsys, *args)
        if code != 0:
            failed.append((case["eps"], case["a"], case["u"], case["ends"], code))
    assert not failed


def test_the_verdict_names_a_method_that_computed_nothing():
    check = cross_check(Peak(1e-2, 1e-4), "galerkin,nodal", k=1)
    first, second = check.results
    empty = CrossCheck(methods=check.methods, results=(first, dataclasses.replace(second, pairs=[], converged=False)))
    assert not empty.passed and empty.verdict() == "FAILED: nodal computed nothing"
    assert "difference exceeds" not in empty.table()
