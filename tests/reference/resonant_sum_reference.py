"""Independent reference for the resonant pitch-angle coefficient of eqs. (4)-(5) of
Malkov, Diamond, Drury & Sagdeev (2010), written from the paper alone (pitcheig.turbulence
was not read; nothing of pitcheig is imported):

    D_mumu = (2 pi / 3) (v / l) (1 - mu^2) y^{4/3} S / |mu|,         y = sqrt((1 - mu^2)/eps),   (4)
    S = sum_{n >= 1} n^2 int_{L_n}^inf J_n(x)^2 x^{-q} dx,  L_n = y (n/|mu|)^{3/2},  q = 13/3.   (5)

Method (double precision, scipy.special.jv, yv, hankel1):
* each integral on [L_n, X_n], X_n = max(L_n, 2n) + 20, by 30-point Gauss-Legendre on
  panels: doubling ones [L, 2L], [2L, 4L], ... up to 1 when L < 1 (x^{2n - q} near 0 is
  then the whole story), then panels of length <= 1 (J_n^2 is entire; on a unit panel 30
  nodes converge far below rounding);
* beyond X_n, J_n^2 = (|H|^2 + Re H^2)/2, H = J_n + i Y_n: the smooth |H|^2 by quadrature
  on geometric panels to 4 X_n and Hankel's expansion beyond; the oscillating H^2 along
  the ray X_n + i s, where it decays like e^{-2s} (see ``term``).  A first version that
  replaced J_n^2 by its WKB mean beyond X_n + 200 and dropped the oscillating part was
  wrong by 8e-9 relative at y = 3 (the dropped boundary terms, weighted by n^2, add up);
* the terms n > N (N = 200, where L_n >= 0.3 * 2828 >> n for the y used) by their
  large-L form n^2 (1/pi)[L_n^{-q}/q + (n^2/2) L_n^{-q-2}/(q + 2)] (the WKB mean
  1/(pi sqrt(x^2 - n^2)) expanded and integrated from L_n), summed with Hurwitz zeta
  functions: relative error O((n/L_n)^4) of a tail that is itself below 1e-7 of S.

Error estimate stored: max(|N = 200 - N = 400|, 1e-12 |D|).  The floor covers the other
choices, varied at the three points: X_n = max(L_n, 2n) + 100 and the ray to s = 60
change D by <= 6.5e-13 relative, 40 Gauss points instead of 30 by <= 6e-16.
Units: v / l = 1.

Run:   python tests/reference/resonant_sum_reference.py    (about 10 s; writes
resonant_sum_reference.json beside this file)
"""

import math

import numpy as np
from scipy import special

Q = 13.0 / 3.0
N_TERMS = 200
GAUSS_X, GAUSS_W = np.polynomial.legendre.leggauss(30)


def _panels(lo, hi):
    """Panel edges on [lo, hi]: doubling while below 1, then of length <= 1."""
    edges = [lo]
    while 0.0 < edges[-1] < min(1.0, hi):
        edges.append(min(2.0 * edges[-1], 1.0, hi))
    count = int(math.ceil(hi - edges[-1]))
    if count > 0:
        edges.extend(np.linspace(edges[-1], hi, count + 1)[1:].tolist())
    return np.asarray(edges)


def _integrate(f, lo, hi, smooth=False, complex_valued=False):
    """Gauss-Legendre on the panels of _panels, or (smooth=True, a non-oscillating
    integrand away from its singularities) on geometric panels of ratio 1.25."""
    if smooth:
        edges = np.geomspace(lo, hi, int(math.ceil(math.log(hi / lo) / math.log(1.25))) + 1)
    else:
        edges = _panels(lo, hi)
    a, b = edges[:-1, None], edges[1:, None]
    x = 0.5 * (a + b) + 0.5 * (b - a) * GAUSS_X
    total = np.sum(0.5 * (b - a) * GAUSS_W * f(x))
    return complex(total) if complex_valued else float(total)


def term(n, lower):
    """n^2 int_lower^inf J_n(x)^2 x^{-q} dx (one term of eq. 5).

    Exact quadrature up to X = max(lower, 2n) + 20; beyond, J^2 = (|H|^2 + Re H^2)/2 with
    H = H_n^(1) = J_n + i Y_n: the smooth part |H|^2 = J^2 + Y^2 on geometric panels up to
    4X and in closed form beyond ((2/(pi x))(1 + (4n^2 - 1)/(8x^2)), Hankel's expansion);
    the oscillating part Re int_X^inf x^{-q} H^2 dx along the ray x = X + i s (Cauchy: H^2
    decays like e^{-2s} there), 30-point Gauss-Legendre on unit panels of s in [0, 40]."""
    top = max(lower, 2.0 * n) + 20.0
    exact = _integrate(lambda x: special.jv(n, x) ** 2 * x ** (-Q), lower, top)
    far = 4.0 * top
    smooth = _integrate(lambda x: x ** (-Q) * (special.jv(n, x) ** 2 + special.yv(n, x) ** 2), top, far,
                        smooth=True)
    smooth += 2.0 / math.pi * (far ** (-Q) / Q + (4.0 * n * n - 1.0) / 8.0 * far ** (-Q - 2.0) / (Q + 2.0))
    ray = _integrate(lambda s: (1j * (top + 1j * s) ** (-Q) * special.hankel1(n, top + 1j * s) ** 2), 0.0, 40.0,
                     complex_valued=True)
    return n * n * (exact + 0.5 * (smooth + ray.real))


def resonant_sum(z, n_terms=N_TERMS):
    """S of eq. (5) as a function of z = y / |mu|^{3/2} (L_n = z n^{3/2})."""
    total = sum(term(n, z * n**1.5) for n in range(1, n_terms + 1))
    # n > N: n^2 (1/pi) [L^-q/q + (n^2/2) L^{-q-2}/(q+2)], L = z n^1.5
    tail = (z ** (-Q) / Q * special.zeta(1.5 * Q - 2.0, n_terms + 1)
            + 0.5 * z ** (-Q - 2.0) / (Q + 2.0) * special.zeta(1.5 * Q + 3.0 - 4.0, n_terms + 1)) / math.pi
    return total + tail


def d_mumu(mu, eps, n_terms=N_TERMS):
    """D_mumu of eq. (4) in units of v / l."""
    mu = float(mu)
    s2 = (1.0 - mu) * (1.0 + mu)
    y = math.sqrt(s2 / eps)
    z = y / abs(mu) ** 1.5
    return 2.0 * math.pi / 3.0 * s2 * y ** (4.0 / 3.0) * resonant_sum(z, n_terms) / abs(mu)


POINTS_Y = (0.3, 1.0, 3.0)
EPS = 2.1e-3


def write(path=None):
    """resonant_sum_reference.json beside this file: D_mumu at eps = 2.1e-3 and
    y = 0.3, 1, 3 (mu = sqrt(1 - eps y^2)), with N = 200 and the error estimate
    max(|N = 200 - N = 400|, 1e-12 |D|) (see the module docstring for the floor)."""
    import json
    import time
    from pathlib import Path
    t0 = time.time()
    rows = []
    for y in POINTS_Y:
        mu = math.sqrt(1.0 - EPS * y * y)
        a, b = d_mumu(mu, EPS), d_mumu(mu, EPS, 2 * N_TERMS)
        rows.append({"y": y, "mu": mu, "d_mumu": a, "error_estimate": max(abs(a - b), 1e-12 * abs(a))})
        print(f"y = {y}: mu = {mu:.15f}  D = {a:.15e}  (N = 400: relative change {abs(a - b) / b:.1e})")
    out = {"method": __doc__.strip(), "eps": EPS, "units": "v / l = 1", "points": rows,
           "runtime_s": round(time.time() - t0, 1)}
    path = Path(path) if path else Path(__file__).with_name("resonant_sum_reference.json")
    path.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    write()
