#!/usr/bin/env python
"""Reference eigenvalues of eq. (15) for a piecewise-linear D with a kink (the
gallery example docs/examples/kinked_d.py).

Written for the tests from the mathematics only: it uses nothing from solver/,
symbolic/ or studies/ and was written without reading them.

Problem
-------
    d/dmu[(1 - mu^2) D(mu) dPsi/dmu] + lambda (u + mu) Psi = 0,   -1 < mu < 1,
    Psi bounded at mu = -1 and mu = +1,
    D(mu) = c + m |mu - k|   (continuous, D' jumps by 2m at the kink mu = k).

Method: two Frobenius series, matched at the kink
-------------------------------------------------
On each side of the kink D is linear, so the equation has polynomial
coefficients.  From the end s = +-1 (the right end serves the piece [k, 1], the
left end the piece [-1, k]) write t = 1 - s mu, the distance to the end.  Then
d/dmu = -s d/dt and the equation reads

    (p Psi_t)_t + lambda q Psi = 0,   p = t h(t),   h = (2 - t)(d0 + d1 t),
    q = u + s - s t,

with d0 + d1 t the linear D of that side written in t (right end:
D = c + m (1 - k) - m t; left end: D = c + m (1 + k) - m t).  With the flux
G = p Psi_t (G_t = -lambda q Psi) and Psi = sum a_n t^n, G = sum g_n t^n, the
regular solution (Psi = 1, G = 0 at t = 0; the indicial roots are 0, 0 and the
other solution has a log) is

    (n + 1) g_{n+1} = -lambda (q0 a_n + q1 a_{n-1}),
    (n + 1) h0 a_{n+1} = g_{n+1} - h1 n a_n - h2 (n - 1) a_{n-1},

(the second from G / t = h Psi_t).  Each series converges for t < 2 (the other
end, t = 2, is the nearest singular point: the zero of D lies further out, at
t = d0 / m > 2 for the cases here), so both reach the kink directly (t = 1 - k
from the right, 1 + k from the left) and no stepping is needed.  The flux in mu
is F = p dPsi/dmu = -s G.  Psi and F are continuous at the kink (D is
continuous, so is the flux), and the eigenvalues are the roots of the
Wronskian  W(lambda) = Psi_L F_R - Psi_R F_L  at mu = k, divided by lambda
(lambda = 0, Psi = const, is a root of W for every D and is never wanted).

Roots: a sign-change scan of W/lambda, each sign separately, at |lambda| from
1e-4 to 1 geometrically (ratio 1.2) and then every 0.25 up to 80, at 20 digits
(the spacing of the eigenvalues is ~30), then refined at full precision by the
Anderson-Bjorck bracketing solver.

Accuracy: every case is solved twice, (40 digits, 500 terms) and (60 digits,
800 terms); the reported value is the second, the error estimate the difference
(with a floor of 10^-35).  The series tails are far below both: the worse ratio
is (1 + k)/2 = 0.65 at k = 0.3, 0.65^500 ~ 1e-93.  The parameters are the
doubles written in CASES (k = 0.3 is the binary double, as in the example),
taken exactly.
Validation: with m = 0 (D = 1) the same code gives lambda_{+1} =
14.528003409361438088856979997245..., the flat value of the 45-digit Legendre
continuant (tests/conftest.py); :func:`main` checks it before the cases.

Run: ``python tests/reference/kinked_series.py`` (about 1 min) writes
``kinked_reference.json`` beside this file.
"""

import json
import platform
import time
from pathlib import Path

import mpmath

#: The cases of the JSON file: (c, m, k, u) for D = c + m |mu - k|.
CASES = ((1.0, 0.5, 0.3, 0.0), (1.0, 0.5, 0.3, 0.01))
LABELS = ("+1", "-1", "+2", "-2")
FLAT_LAMBDA_1 = "14.528003409361438088856979997245"   # conftest continuant, D = 1, u = 0


def end_series(lam, s, d0, d1, u, t, terms):
    """(Psi, G) of the regular Frobenius solution from the end s at distance t."""
    h0, h1, h2 = 2 * d0, 2 * d1 - d0, -d1               # h = (2 - t)(d0 + d1 t)
    q0, q1 = u + s, -s
    a_prev, a = mpmath.mpf(0), mpmath.mpf(1)            # a_{n-1}, a_n
    psi, g_sum, power = mpmath.mpf(1), mpmath.mpf(0), mpmath.mpf(1)
    for n in range(terms):
        g_next = -lam * (q0 * a + q1 * a_prev) / (n + 1)
        a_next = (g_next - h1 * n * a - h2 * (n - 1) * a_prev) / ((n + 1) * h0)
        power *= t
        psi += a_next * power
        g_sum += g_next * power
        a_prev, a = a, a_next
    return psi, g_sum


def wronskian(lam, c, m, k, u, terms):
    """W(lambda) / lambda at the kink mu = k (see the module docstring)."""
    right = end_series(lam, +1, c + m * (1 - k), -m, u, 1 - k, terms)    # D = c + m (1 - k) - m t
    left = end_series(lam, -1, c + m * (1 + k), -m, u, 1 + k, terms)     # D = c + m (1 + k) - m t
    psi_r, f_r = right[0], -right[1]                                      # F = -s G, s = +1
    psi_l, f_l = left[0], left[1]                                         # s = -1
    return (psi_l * f_r - psi_r * f_l) / lam


def scan_points(step, top):
    """|lambda| at which W/lambda is sampled: geometric from 1e-4 to 1 (ratio 1.2, for the
    small advective eigenvalue of u != 0, about -6u), then every ``step`` up to ``top``."""
    small = [mpmath.mpf(10) ** -4 * mpmath.mpf("1.2") ** i for i in range(51)]     # 1e-4 .. ~1.1
    return small + [small[-1] + step * i for i in range(1, int((top - 1) / step) + 1)]


def brackets(c, m, k, u, count, step, top):
    """Sign changes of W/lambda, found at 20 digits (300 terms), each sign separately."""
    found = {}
    with mpmath.workdps(20):
        c, m, k, u = (mpmath.mpf(x) for x in (c, m, k, u))
        for sign in (+1, -1):
            x_prev, w_prev = None, None
            for size in scan_points(mpmath.mpf(step), top):
                x = sign * size
                w = wronskian(x, c, m, k, u, 300)
                if w_prev is not None and w_prev * w < 0:
                    n = sum(1 for key in found if (key > 0) == (sign > 0)) + 1
                    found[sign * n] = (x_prev, x)
                    if n == count:
                        break
                x_prev, w_prev = x, w
    return found


def eigenvalues(c, m, k, u, digits, terms, count=2, step=0.25, top=80.0):
    """lambda_{+1..+count} and lambda_{-1..-count}: scan for sign changes, then refine
    each bracketed root at ``digits`` digits with ``terms`` terms of each series."""
    out = {}
    for label, (lo, hi) in brackets(c, m, k, u, count, step, top).items():
        with mpmath.workdps(digits):
            cc, mm, kk, uu = (mpmath.mpf(x) for x in (c, m, k, u))
            out[f"{label:+d}"] = mpmath.findroot(lambda y: wronskian(y, cc, mm, kk, uu, terms),
                                                 (mpmath.mpf(lo), mpmath.mpf(hi)), solver="anderson")
    return out


def main():
    start = time.perf_counter()
    flat = eigenvalues(1.0, 0.0, 0.3, 0.0, 40, 500, count=1)["+1"]
    with mpmath.workdps(40):
        assert abs(flat - mpmath.mpf(FLAT_LAMBDA_1)) < mpmath.mpf(10) ** -28, flat
    cases = []
    for c, m, k, u in CASES:
        coarse = eigenvalues(c, m, k, u, 40, 500)
        fine = eigenvalues(c, m, k, u, 60, 800)
        assert sorted(coarse) == sorted(fine) == sorted(LABELS), (coarse, fine)
        with mpmath.workdps(60):
            est = {key: max(abs(fine[key] - coarse[key]), mpmath.mpf(10) ** -35) for key in LABELS}
        cases.append({"D": f"{c!r} + {m!r} |mu - {k!r}|", "c": c, "m": m, "k": k, "u": u,
                      "lambda": {key: mpmath.nstr(fine[key], 40) for key in LABELS},
                      "error_estimate": {key: mpmath.nstr(est[key], 3) for key in LABELS}})
    data = {"method": "Frobenius series from mu = +-1 in t = 1 - s mu (D linear on each side of the kink), "
                      "matched at the kink by the Wronskian of (Psi, flux); sign-change scan + Anderson root "
                      "refinement; (40 digits, 500 terms) vs (60 digits, 800 terms) for the error estimate",
            "script": "tests/reference/kinked_series.py",
            "written_by": "helper session ex1, from the equations, without reading solver/ or symbolic/",
            "validation": f"m = 0 (D = 1): lambda_+1 = {mpmath.nstr(flat, 32)}, the Legendre continuant value "
                          "14.528003409361438088856979997245 to < 1e-28",
            "python": platform.python_version(), "mpmath": mpmath.__version__,
            "seconds": round(time.perf_counter() - start, 1), "cases": cases}
    path = Path(__file__).with_name("kinked_reference.json")
    path.write_text(json.dumps(data, indent=1) + "\n")
    print(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
