"""Independent reference for docs/examples/beam_forming.py: the half-range problem of
eq. (12) at the paper's point (eps = 2.1e-3, a from eq. 11 with delta = 1e-4, the peak at
mu = +1, u = 0) with a broad forward source f0 = exp(-(mu - 0.4)^2 / (2 0.2^2)).

    (u + mu) f_z = d/dmu[(1 - mu^2) D(mu) f_mu],  f(0, mu) = f0(mu) for u + mu > 0,  f bounded.

Method: the finite-volume code of halfrange_reference.py (conservative cell-centred finite
volumes on a mapped grid with faces at -1, -u, 1 - b, 1; the exact eigen-decomposition of the
semi-discrete system; the half-range condition collocated at the cells with u + mu > 0;
6-point Lagrange interpolation; levels n = 200 ... 6400 cells per unit length and two
Richardson steps, orders 2 and 4).  That code was written by a helper session that never
read solver/; this script only reuses its functions with another D and f0, both written
here from eqs. (11), (24)-(26) (scipy.special.j1; nothing of pitcheig is imported), and
picks other output points.  Reported: f_inf, lambda_1..3, A1 = C_1 Psi_1(1) (the mode that
carries the beam at mu = 1) and f(z, mu) on Z x MU, each with the Richardson error estimate
max(|R2 - R1|, |R2 - R2 of the previous three levels|, 1e-13 max(1, |value|)), and the
value on the finest grid with |R2 - finest| ("extrapolation", the size of the whole
Richardson correction: a conservative bound on the error of R2 when the error expansion
is not purely h^2, h^4).

Run:   python tests/reference/beam_forming_reference.py     (about 2 minutes on one core;
writes beam_forming_reference.json beside this file)
"""

import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import scipy.special as ss

sys.path.insert(0, str(Path(__file__).parent))
import halfrange_reference as fv  # noqa: E402

EPS, DELTA = 2.1e-3, 1e-4
A = (DELTA * math.log(1.0 / EPS) + EPS**1.5) / 6.0          # eq. (11)
J1Z = float(ss.jn_zeros(1, 1)[0])
B = J1Z**2 * EPS / 2.0                                       # eq. (35)
CENTRE, SIGMA = 0.4, 0.2
Z = [0.01, 0.03, 0.1, 0.3, 1.0]
MU = [1.0, 1.0 - B / 4, 1.0 - B / 2, 1.0 - B, 1.0 - 2 * B, 0.9, 0.6, 0.2, -0.2, -0.6, -1.0]
LEVELS = [200, 400, 800, 1600, 3200, 6400]


def d_physical(mu):
    """D = 1 + F((1 - mu)/b)/a, F(w) = (pi/2) J1(j1 sqrt w)^2 / (j1^2 w) for 0 < w <= 1,
    pi/8 at w = 0, 0 beyond (eqs. 24-26), peak at mu = +1 only."""
    w = (1.0 - mu) / B
    f = np.zeros_like(mu)
    inside = (w > 0) & (w <= 1)
    x = J1Z * np.sqrt(w[inside])
    f[inside] = (math.pi / 2) * ss.j1(x) ** 2 / (J1Z**2 * w[inside])
    f[w <= 0] = math.pi / 8
    return 1.0 + f / A


def source(mu):
    return np.exp(-0.5 * ((mu - CENTRE) / SIGMA) ** 2)


def quantities(sol):
    lam, v, c, f_inf = sol["lam"], sol["v"], sol["C"], sol["finf"]
    out = {"f_inf": np.array(f_inf), "lambda": lam[:3].copy(),
           "A1": fv.interp(sol, c[0] * v[:, 0], [1.0])[0]}
    out["f"] = np.array([fv.interp(sol, f_inf + v @ (c * np.exp(-lam * z)), MU) for z in Z])
    return out


def main():
    t0 = time.time()
    breaks = [-1.0, 0.0, 1.0 - B, 1.0]
    levels, info = [], []
    for n in LEVELS:
        sol = fv.solve_case(0.0, d_physical, source, breaks, [n, n, n // 4])
        levels.append(quantities(sol))
        info.append({"n": n, "cells": int(len(sol["W"])), "residual": float(sol["res"])})
        print(n, len(sol["W"]), levels[-1]["f_inf"], levels[-1]["lambda"], f"{time.time() - t0:.0f} s", flush=True)
        del sol
    out = {"method": __doc__.strip(), "eps": EPS, "delta": DELTA, "a": A, "b": B, "u": 0.0,
           "source": {"centre": CENTRE, "sigma": SIGMA}, "z": Z, "mu": MU, "levels": info}
    for key in levels[0]:
        value, error, order, _ = fv.richardson([q[key] for q in levels])
        out[key] = np.asarray(value).tolist()
        out[key + "_error"] = np.asarray(error).tolist()
        out[key + "_observed_order"] = np.asarray(order).tolist()
        out[key + "_finest_level"] = np.asarray(levels[-1][key]).tolist()
        out[key + "_extrapolation"] = np.abs(np.asarray(value) - levels[-1][key]).tolist()
    out["runtime_s"] = round(time.time() - t0, 1)
    path = Path(__file__).with_name("beam_forming_reference.json")
    path.write_text(json.dumps(out, indent=1))
    print("wrote", path, f"{out['runtime_s']} s")


if __name__ == "__main__":
    main()
