"""Each study imports and reproduces its headline claim."""

import numpy as np

from pitcheig.studies import delta_lambda


def test_delta_lambda_tends_to_eq_34():
    """The paper's eq. (34) (an analytic formula, independent of the solver) must be
    the a -> 0, eps -> 0 limit of the exact shift: the ratio rises monotonically
    toward 1 as a and eps decrease and is within 1 % of it at eps = 1e-4, a = 1e-8
    (the defect there, ~0.9 %, is mostly the O(b) term: b = 7.3e-4 times the
    measured coefficient)."""
    table, _, _ = delta_lambda.ratios()
    for eps in delta_lambda.EPS:
        row = [table[(eps, a)] for a in delta_lambda.A]
        assert np.all(np.diff(row) > 0)
    for a in delta_lambda.A:
        column = [table[(eps, a)] for eps in delta_lambda.EPS]
        assert np.all(np.diff(column) > 0)
    assert abs(table[(1e-4, 1e-8)] - 1) < 0.01
    in_b, in_a = delta_lambda.fitted_orders(table)
    assert in_b > 0.5 and in_a > 0.3          # the defect vanishes with b and with sqrt(a)
