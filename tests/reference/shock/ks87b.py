# ruff: noqa
# Unreviewed scratch code of a helper session (issue 17 groundwork, 2026-12-02), kept as the
# starting point of an independent reference for the shock index; see NOTES.md. Not used by any test.
# Same method, but the upstream eigenfunctions are solved directly in the downstream-frame angle nu=mu2.
# Under mu1=(nu-urel)/(1-urel nu):  (1-mu1^2) d/dmu1 = (1-nu^2) d/dnu, hence
#   d/dnu[(1-nu^2) dQ/dnu] = Lhat (u2+nu)/(1-urel nu)^3 Q,  Lhat = Lam (1-urel^2)(1-u1 urel)
import numpy as np
from numpy.polynomial import legendre as L
from scipy.linalg import eig
from scipy.optimize import brentq
from ks87 import eigfuns, kw

xg, wg = L.leggauss(6000)

def upstream_in_nu(u2, urel, N, lmax=160):
    n = lmax+1
    l = np.arange(n)
    P = np.array([L.legval(xg, np.eye(n)[k]) for k in range(n)])   # n x Q
    wt = (u2+xg)/(1-urel*xg)**3
    B = (P*(wg*wt))@P.T
    A = np.diag(-l*(l+1)*2.0/(2*l+1))
    w, V = eig(A, B); w = w.real; V = V.real
    sel = np.where(w > 1e-8)[0]; sel = sel[np.argsort(w[sel])][:N]
    return w[sel], V[:, sel].T @ P       # values on the quadrature grid

def s_root_b(u1, u2, N, smin=3.01, smax=8, lmax=160):
    urel = (u1-u2)/(1-u1*u2)
    mu = xg
    lam2, C2 = eigfuns(u2, +1, N, 160)
    Q2 = np.array([L.legval(mu, C2[:, k]) for k in range(N)])
    lam1, Q1 = upstream_in_nu(u2, urel, N, lmax)
    fac = (1-urel*mu)
    def det(s):
        M = (Q2*((u2+mu)*wg))@(Q1*fac**(-s)).T
        M = M/np.abs(M).max(axis=0, keepdims=True)
        return np.linalg.det(M)
    ss = np.linspace(smin, smax, 500)
    d = np.array([det(s) for s in ss])
    for a, b, da, db in zip(ss[:-1], ss[1:], d[:-1], d[1:]):
        if da*db < 0:
            return brentq(det, a, b, xtol=1e-12), lam1
    return np.nan, lam1

if __name__ == "__main__":
    from jump import u2_of_u1, h_synge, h_fixed
    # check vs ks87 at G1=3 Synge and at the ultra-relativistic limit
    for G1 in [3.0, 10.0, 30.0, 100.0, 1000.0, 1e4]:
        u1 = np.sqrt(1-1/G1**2)
        u2 = u2_of_u1(u1, h_synge)
        out = [s_root_b(u1, u2, N, lmax=lm)[0] for N, lm in [(4, 120), (6, 200)]]
        u2b = u2_of_u1(u1, lambda T: h_fixed(T, 4/3))
        outb = s_root_b(u1, u2b, 6, lmax=200)[0]
        print(f"G1={G1}: Synge u2={u2:.6f} s={out[0]:.6f}/{out[1]:.6f} KW={kw(u1,u2):.5f} | 4/3: u2={u2b:.6f} s={outb:.6f}", flush=True)
    # ultra limit u2 = 1/3, urel -> 1
    lam, _ = upstream_in_nu(1/3, 1.0, 4, 200)
    print("ultra-limit Lhat:", lam, " (analytic in x variable: Lam~ 2(2n+1)^2 )")
