# ruff: noqa
# Unreviewed scratch code of a helper session (issue 17 groundwork, 2026-12-02), kept as the
# starting point of an independent reference for the shock index; see NOTES.md. Not used by any test.
# Hydrodynamic jump conditions, shock frame, c=1, cold upstream (P1=0, h1=m=1).
# Unknowns T2 (downstream temperature / m) and u2:
#   (1) h(T2) G2 = G1      (energy flux / particle flux)
#   (2) T2 = G1 G2 u2 (u1-u2)   (momentum flux)
import numpy as np
from scipy.optimize import brentq
from scipy.special import kve

def h_fixed(T, gad):  return 1.0 + gad/(gad-1.0)*T
def h_synge(T):
    z = 1.0/T
    return kve(3, z)/kve(2, z)   # K3/K2, exponentially scaled ratio is the same

def u2_of_u1(u1, h):
    G1 = 1/np.sqrt(1-u1*u1)
    def F(u2):
        G2 = 1/np.sqrt(1-u2*u2)
        T2 = G1*G2*u2*(u1-u2)
        return h(T2)*G2 - G1
    # root strictly between 0 and u1 (u2=u1 is the trivial no-shock root)
    grid = np.linspace(1e-9, u1*(1-1e-12), 4001)
    vals = [F(x) for x in grid]
    for a, b, fa, fb in zip(grid[:-1], grid[1:], vals[:-1], vals[1:]):
        if fa*fb < 0:
            return brentq(F, a, b, xtol=1e-15, rtol=1e-15)
    raise RuntimeError

if __name__ == "__main__":
    print(" Gamma1     u1        u2(5/3)   u2(4/3)   u2(Synge)  r=u1/u2(Synge)")
    for G1 in [1.0005, 1.005, 1.05, 1.2, 1.5, 2, 3, 5, 10, 30, 100, 1000]:
        u1 = np.sqrt(1-1/G1**2)
        a = u2_of_u1(u1, lambda T: h_fixed(T, 5/3))
        b = u2_of_u1(u1, lambda T: h_fixed(T, 4/3))
        c = u2_of_u1(u1, h_synge)
        print(f"{G1:8.4f} {u1:.6f}  {a:.6f}  {b:.6f}  {c:.6f}  {u1/c:.4f}")
