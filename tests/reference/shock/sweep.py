# ruff: noqa
# Unreviewed scratch code of a helper session (issue 17 groundwork, 2026-12-02), kept as the
# starting point of an independent reference for the shock index; see NOTES.md. Not used by any test.
import numpy as np
from ks87 import s_root, kw
from jump import u2_of_u1, h_fixed, h_synge
eos = {"5/3": lambda T: h_fixed(T, 5/3), "4/3": lambda T: h_fixed(T, 4/3), "Synge": h_synge}
for G1 in [1.05, 1.2, 1.5, 2.0, 3.0, 5.0, 10.0]:
    u1 = np.sqrt(1-1/G1**2)
    row = []
    for name, h in eos.items():
        u2 = u2_of_u1(u1, h)
        res = []
        for lmax in [150, 300]:
            r = s_root(u1, u2, 5, smin=3.01, smax=8, lmax=lmax)
            res.append(r[0] if r else np.nan)
        row.append(f"{name}: u2={u2:.5f} s={res[0]:.5f}/{res[1]:.5f} KW={kw(u1,u2):.5f}")
    print(f"G1={G1}: " + " | ".join(row), flush=True)
