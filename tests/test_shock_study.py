"""The shock study (studies/shock_index.py): its rows follow the numbers, and its
headline values are right.

Independent values: the ultra-relativistic s of the reference of tests/reference/shock
(Legendre series, another helper's code), the exact 3r/(r - 1), and the published
4.23 +- 0.01 (KGGA 2000) that the row judges.  The flip tests change one computed
number in a copy of the results and watch the verdict change."""

import copy
import json
import math
from pathlib import Path

import pytest

from pitcheig.studies import shock_index

REFERENCE = json.loads((Path(__file__).parent / "reference" / "shock" / "shock_reference.json").read_text())


@pytest.fixture(scope="module")
def out():
    return shock_index.results()


def verdicts(out):
    return {r["claim"]: r["holds"] for r in shock_index.rows(out)}


def test_every_solve_of_the_study_is_certified(out):
    assert all(ok for _, ok in shock_index.certification(out))
    ur = out["ultra_relativistic"]
    assert ur["error_estimate"] < 1e-6 * ur["s"]                        # the bar: 6 digits at least
    ref = REFERENCE["s_ultra_relativistic"]
    assert abs(ur["s"] - ref["s"]) <= ur["error_estimate"] + ref["error"]


def test_rows_as_computed(out):
    got = verdicts(out)
    kgga = next(k for k in got if k.startswith("KGGA"))
    assert got[kgga] and all(v for k, v in got.items() if "for all" not in k)
    # Keshet & Waxman's formula: off by 0.0227 at Gamma1 beta1 ~ 1 (5/3 gas) against +- 0.01
    assert not got[next(k for k in got if "for all" in k)]


def test_kgga_row_flips_when_s_moves(out):
    moved = copy.deepcopy(out)
    moved["ultra_relativistic"]["s"] = 4.245
    assert not verdicts(moved)[next(k for k in verdicts(out) if k.startswith("KGGA"))]


def test_non_relativistic_row_flips_for_a_first_order_correction(out):
    moved = copy.deepcopy(out)
    for p in moved["non_relativistic"]:
        p["s"] = 4.0 - 0.1 * p["u1"]                                      # O(u1) instead of O(u1^2)
    claim = next(k for k in verdicts(out) if k.startswith("non-relativistic"))
    assert verdicts(out)[claim] and not verdicts(moved)[claim]


def test_keshet_waxman_row_flips_when_the_curves_move(out):
    moved = copy.deepcopy(out)
    for pts in moved["curves"].values():
        for p in pts:
            if p["u1"] < 1.0:
                p["s"] = shock_index.keshet_waxman(p["u1"], p["u2"]) + 0.005
    claim = next(k for k in verdicts(out) if "for all" in k)
    assert verdicts(moved)[claim]


def test_the_figure_is_written(out, tmp_path):
    path = shock_index.figure(out, tmp_path / "s.png")
    assert Path(path).stat().st_size > 10_000


def test_keshet_waxman_formula_gives_38_over_9():
    assert shock_index.keshet_waxman(1.0, 1 / 3) == pytest.approx(38 / 9, rel=1e-15)
    assert shock_index.keshet_waxman(0.01, 0.0025) == pytest.approx(3 * 4 / 3, rel=1e-4)
    assert math.isfinite(shock_index.keshet_waxman(0.5, 0.2))
