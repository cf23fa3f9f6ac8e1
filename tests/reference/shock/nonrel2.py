# ruff: noqa
# Unreviewed scratch code of a helper session (issue 17 groundwork, 2026-12-02), kept as the
# starting point of an independent reference for the shock index; see NOTES.md. Not used by any test.
from ks87 import s_root
from jump import u2_of_u1, h_synge
r = 3.0; s0 = 4.5
for u1 in [0.01, 0.03]:
    s = s_root(u1, u1/r, 4, smin=s0-0.5, smax=s0+0.5)[0]
    print(f"r=3 u1={u1} (s-s0)/u1^2={(s-s0)/u1**2:.5f}  guess -(3/5)(r+1)/(r(r-1))={-(0.6)*(r+1)/(r*(r-1)):.5f}")
for u1 in [0.01, 0.02, 0.04]:
    u2 = u2_of_u1(u1, h_synge)
    s = s_root(u1, u2, 4, smin=3.5, smax=4.5)[0]
    print(f"Synge cold-upstream u1={u1}: r={u1/u2:.8f} (4-r)/u1^2={(4-u1/u2)/u1**2:.4f}  s={s:.9f} (s-4)/u1^2={(s-4)/u1**2:.4f}")
