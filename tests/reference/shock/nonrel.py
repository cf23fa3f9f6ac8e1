# ruff: noqa
# Unreviewed scratch code of a helper session (issue 17 groundwork, 2026-12-02), kept as the
# starting point of an independent reference for the shock index; see NOTES.md. Not used by any test.
from ks87 import s_root
for r in [2.5, 4.0, 7.0]:
    s0 = 3*r/(r-1)
    for u1 in [0.003, 0.01, 0.03]:
        s = s_root(u1, u1/r, 4, smin=s0-0.5, smax=s0+0.5)[0]
        print(f"r={r} u1={u1}  s={s:.10f}  (s-s0)/u1^2={(s-s0)/u1**2:.5f}  s0={s0:.6f}")
