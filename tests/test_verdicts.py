"""The verdict rules (studies/verdicts.py): each gives the verdict its numbers imply,
and moving a number across the rule's boundary flips it.  The inputs are synthetic
numbers with known answers (exact powers, exact fits), not solver output."""

import math

import numpy as np
import pytest

from pitcheig.studies import verdicts as V


@pytest.mark.parametrize("value, holds", [(14.5449, True), (14.5351, True), (14.528, False), (14.546, False)])
def test_quoted_digits_allow_half_a_unit_in_the_last_digit(value, holds):
    assert V.quoted(value, 14.54, V.digits(4)).holds is holds


@pytest.mark.parametrize("value, holds", [(3.1e-3, True), (3.2e-4, True), (3.3e-3, False), (3.1e-4, False)])
def test_order_of_magnitude_is_a_factor_sqrt10(value, holds):
    assert V.quoted(value, 1e-3, V.order_of_magnitude()).holds is holds


def test_relative_and_absolute_accuracy():
    assert V.quoted(1.049, 1.0, V.relative(0.05)).holds
    assert not V.quoted(1.051, 1.0, V.relative(0.05)).holds
    assert V.quoted(0.95, 1.0, V.Accuracy("absolute", 0.05, "abs")).holds
    assert not V.quoted(0.94, 1.0, V.Accuracy("absolute", 0.05, "abs")).holds


def test_vanishes_reads_the_order_and_the_direction():
    x = np.geomspace(1e-4, 1e-2, 5)
    assert V.vanishes(x, 3 * x**2, 2.0, 0.1).holds
    assert not V.vanishes(x, 3 * x**1.5, 2.0, 0.1).holds              # wrong order
    assert V.vanishes(x, 3 * x**2.6, 2.0, 0.1, at_least=True).holds   # faster than predicted is fine
    assert not V.vanishes(x, 3 * x**1.5, 2.0, 0.1, at_least=True).holds
    grows = 3 * x**2
    grows[0] = 10.0                                                  # not smallest nearest the limit
    assert not V.vanishes(x, grows, 2.0, 5.0).holds
    n = np.arange(2.0, 7.0)
    assert V.vanishes(n, 5 / n**2, -2.0, 0.1, limit="inf").holds
    fit = V.vanishes(x, 3 * x**2, 2.0, 0.1).fit
    assert fit["C"] == pytest.approx(3.0, rel=1e-10) and fit["order"] == pytest.approx(2.0, abs=1e-12)


def test_coefficients_compare_derived_values():
    b = np.geomspace(1e-4, 1e-2, 6)
    y = -0.25 * b**2 + 7.0 * b**4
    assert V.coefficients([b**2, b**4], y, ["c2", "c4"], [-0.25, None], 0.01).holds
    assert not V.coefficients([b**2, b**4], y, ["c2", "c4"], [-0.3, None], 0.01).holds


def test_matches_signs_bound_traced():
    assert V.matches({"k": 15.63}, {"k": 15.70}, 0.02, "x").holds
    assert not V.matches({"k": 15.0}, {"k": 15.70}, 0.02, "x").holds
    assert V.signs([0.1, -2.0], [1, -1], ["a", "b"]).holds
    assert not V.signs([0.1, 2.0], [1, -1], ["a", "b"]).holds
    assert V.bound(0.04, upper=0.05).holds and not V.bound(0.06, upper=0.05).holds
    assert V.bound(3, 3, 3).holds and not V.bound(2, 3, 3).holds
    assert V.traced(14.5357, 14.54, V.digits(4), "six")["reproduces"]
    assert not V.traced(14.528, 14.54, V.digits(4), "exact")["reproduces"]


def test_verdict_word_follows_holds():
    assert V.quoted(1.0, 1.0, V.digits(2)).word == "agrees"
    assert V.quoted(2.0, 1.0, V.digits(2)).word == "DISAGREES"
    assert math.isfinite(V.power_fit([1.0, 2.0], [1.0, 4.0])[1])
