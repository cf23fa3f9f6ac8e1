"""Self-checks of the independent shock-acceleration reference (tests/reference/shock/).

These tests check only the reference code and its JSON, not the package. Each test states where its expected
value comes from.
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from numpy.polynomial import legendre as npleg
from scipy.linalg import eig
from scipy.optimize import brentq

SHOCK_DIR = Path(__file__).parent / "reference" / "shock"
sys.path.insert(0, str(SHOCK_DIR))

import eigenfunction_reference as ref  # noqa: E402

JSON_PATH = SHOCK_DIR / "shock_reference.json"


@pytest.mark.parametrize("r", [4.0, 3.0])
def test_nonrelativistic_limit_approaches_3r_over_r_minus_1(r):
    """The non-relativistic DSA index is s = 3r/(r-1) (Drury 1983; Bell 1978), at fixed r = u1/u2 as u1 -> 0.

    The reference has no O(u1) term. The deviation must therefore shrink like u1^2: when u1 drops by 4, the
    deviation drops by about 16.
    """
    s0 = 3 * r / (r - 1)
    dev = []
    for u1 in (0.02, 0.005):
        s = ref.spectral_index(u1, u1 / r, 4, degree=80)
        dev.append(s - s0)
    assert abs(dev[1]) < 1e-4
    assert abs(dev[1]) < abs(dev[0])
    assert 12 < dev[0] / dev[1] < 20


def test_jump_conditions_strong_nonrelativistic_shock_gives_r4():
    """Strong-shock Rankine-Hugoniot with gamma_hat = 5/3: r = (gamma_hat+1)/(gamma_hat-1) = 4 as u1 -> 0.

    r = n2/n1 and u1/u2 both tend to 4. The Synge gas is non-relativistic at small theta (h -> 1 + 5 theta/2),
    so it must agree.
    """
    for eos in ("5/3", "synge"):
        jc = ref.jump_conditions(1e-3, eos)
        assert abs(jc["r"] - 4.0) < 1e-5
        assert abs(jc["r_u"] - 4.0) < 1e-5
    jc = ref.jump_conditions(1e-3, "4/3")                  # (4/3 + 1)/(4/3 - 1) = 7
    assert abs(jc["r_u"] - 7.0) < 1e-5


def test_jump_conditions_ultrarelativistic_limit_u2_one_third():
    """For P = e/3 downstream and a cold upstream, h2 Gamma2 = Gamma1 with h2 ~ 4 theta gives u2 -> 1/3.

    Both gamma_hat = 4/3 and the Synge gas (h ~ 4 theta at large theta) must tend to it. For gamma_hat = 5/3
    the same algebra gives u2 -> 2/3. For fixed gamma_hat, the rest-mass term in h makes the approach
    O(1/Gamma1). For the Synge gas, h = 4 theta + K1/K2 with K1/K2 -> 0, and the approach is O(1/Gamma1^2). The
    test only requires the deviation to drop by at least 8 per decade of Gamma1.
    """
    for eos in ("4/3", "synge"):
        d3 = ref.jump_conditions(1e3, eos)["u2"] - 1.0 / 3.0
        d4 = ref.jump_conditions(1e4, eos)["u2"] - 1.0 / 3.0
        assert d3 / d4 > 8
        assert abs(ref.jump_conditions(1e7, eos)["u2"] - 1.0 / 3.0) < 1e-6
    assert abs(ref.jump_conditions(1e7, "5/3")["u2"] - 2.0 / 3.0) < 1e-6


def test_limit_operator_eigenvalues_match_closed_form():
    """At eps = 0, d/dx[2x Q'] = kappa (x-1) Q has kappa_n = 2(2n+1)^2.

    This follows from Q = exp(-kx) w, which turns the equation into Laguerre's equation. The reference solves
    the equation numerically, and here we only compare with that closed form.
    """
    modes = ref.half_range_modes(0.0, 5, degree=120, x_cut=40.0)
    expected = [2 * (2 * n + 1) ** 2 for n in range(5)]
    np.testing.assert_allclose(modes.kappa, expected, rtol=1e-10)


def test_downstream_modes_match_legendre_pencil():
    """The stretched-variable solver must reproduce the lambda < 0 eigenvalues of the mu-problem.

    The mu-problem is d/dmu[(1-mu^2)Q'] + lambda (u+mu)Q = 0.
    The comparison values come from an independent discretisation, the tridiagonal Legendre-coefficient
    pencil n(n+1) c_n = lambda [u c_n + n/(2n-1) c_{n-1} + (n+1)/(2n+3) c_{n+1}], with kappa = -lambda (1-u)^2.
    """
    u = 1.0 / 3.0
    n = 60
    a = np.diag([k * (k + 1.0) for k in range(n)])
    b = np.diag([u] * n)
    for k in range(1, n):
        b[k, k - 1] = k / (2 * k - 1.0)
        b[k - 1, k] = k / (2 * k + 1.0)
    lam = np.sort(eig(a, b, right=False).real)
    neg = -np.sort(-lam[lam < -1e-9])[:4]
    modes = ref.half_range_modes(1.0 - u, 4, degree=80, x_cut=1e300)
    np.testing.assert_allclose(-modes.kappa / (1.0 - u) ** 2, neg, rtol=1e-9)


def test_matching_in_x_equals_direct_mu2_quadrature():
    """The x-variable matching integral must equal the same projection done directly in mu2.

    The direct form is int dmu2 (u2+mu2) Q2_k(mu2) (1 - u_rel mu2)^-s Q1_n(mu1(mu2)), on a plain Gauss rule.
    This checks the change of variables and the aberration formula, at one mildly relativistic point.
    """
    u1, u2, n_modes = 0.3, 0.1, 3
    eps1, eps2 = 1.0 - u1, 1.0 - u2
    a = (u1 - u2) / (1.0 - u1 * u2)
    up = ref.half_range_modes(eps1, n_modes, degree=80, x_cut=40.0)
    down = ref.half_range_modes(eps2, n_modes, degree=80, x_cut=1e300)
    mu, w = npleg.leggauss(400)
    mu1 = (mu - a) / (1.0 - a * mu)
    q1 = up((1.0 + mu1) / eps1)
    q2 = down((1.0 + mu) / eps2)

    def det(s):
        m = (q2 * (w * (u2 + mu))[:, None]).T @ (q1 * ((1.0 - a * mu) ** (-s))[:, None])
        return np.linalg.det(m / np.linalg.norm(m, axis=0, keepdims=True))

    s_direct = brentq(det, 4.3, 4.6, xtol=1e-13)
    s_ref = ref.spectral_index(u1, u2, n_modes, degree=80)
    assert abs(s_direct - s_ref) < 1e-9


def test_json_exists_and_is_reproduced_at_a_cheap_point():
    """make_reference.py wrote shock_reference.json, and the module reproduces two of its entries.

    These are the gamma_hat = 4/3 jump at gamma_beta1 = 1 and the N = 4 entry at (u1, u2) = (0.1, 0.025),
    with the JSON's own degree and x_cut settings.
    """
    assert JSON_PATH.exists(), "run tests/reference/shock/make_reference.py"
    data = json.loads(JSON_PATH.read_text())
    assert "provenance" in data and len(data["provenance"]) > 200
    jrow = next(row for row in data["jump_conditions"]["4/3"] if row["gamma_beta1"] == 1.0)
    jc = ref.jump_conditions(1.0, "4/3")
    assert math.isclose(jc["u2"], jrow["u2"], rel_tol=1e-13)
    assert math.isclose(jc["r"], jrow["r"], rel_tol=1e-13)
    entry = next(e for e in data["s_fixed_velocity_ratio"] if e["u1"] == 0.1 and e["u2"] == 0.025)
    s4 = dict(entry["n_modes_table"])
    settings = data["settings"]
    s = ref.spectral_index(0.1, 0.025, 4, degree=settings["degree"], x_cut=settings["x_cut"])
    assert abs(s - s4[4]) < 1e-11


def test_json_ultrarelativistic_value_consistent():
    """The stored Gamma1 -> inf value must agree with the published eigenfunction value 4.23 +- 0.01.

    Source: Kirk, Guthmann, Gallant & Achterberg 2000, ApJ 542, 235. The stored error must be below 1e-6,
    the 7-digit target. The two routes (eps1 = 0 directly, and extrapolation from finite Gamma1) must agree
    within that error.
    """
    ur = json.loads(JSON_PATH.read_text())["s_ultra_relativistic"]
    assert abs(ur["s"] - 4.23) < 0.01
    assert ur["error"] < 1e-6
    assert abs(ur["s_direct"] - ur["s_extrapolated"]) <= ur["error"]
