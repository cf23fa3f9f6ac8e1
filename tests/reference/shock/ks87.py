# ruff: noqa
# Unreviewed scratch code of a helper session (issue 17 groundwork, 2026-12-02), kept as the
# starting point of an independent reference for the shock index; see NOTES.md. Not used by any test.
# Eigenfunction (Kirk & Schneider 1987 type) computation of s for isotropic D, unmagnetised parallel shock.
# Convention: f = p^-s Q(mu) exp(Lam * z / Gamma) (D=1 in units of z), with
#   d/dmu[(1-mu^2) dQ/dmu] = Lam (u+mu) Q       (pitcheig: lambda = -Lam)
# upstream (z<0): Lam>0 only;  downstream (z>0): Lam<0 and Lam=0 (Q=1).
# Matching (shock frame continuity), in downstream-frame variables mu2:
#   [1 - urel mu2]^-s * sum_n a_n Q1_n(mu1(mu2)) = sum_{Lam<=0} b_j Q2_j(mu2)
#   mu1 = (mu2 - urel)/(1 - urel mu2),  p1/p2 = Grel (1 - urel mu2)
# Condition: projection on downstream Lam>0 eigenfunctions (weight u2+mu) vanishes -> det M(s) = 0.
import numpy as np
from numpy.polynomial import legendre as L
from scipy.linalg import eig
from scipy.special import eval_laguerre
from scipy.optimize import brentq

def legendre_eigs(u, lmax=120):
    n = lmax + 1
    l = np.arange(n)
    A = np.diag(-l*(l+1)*2.0/(2*l+1))
    B = np.diag(u*2.0/(2*l+1))
    # int P_m mu P_l = 2(l+1)/((2l+1)(2l+3)) for m=l+1
    for k in range(n-1):
        v = 2.0*(k+1)/((2*k+1)*(2*k+3))
        B[k, k+1] = B[k+1, k] = v
    w, V = eig(A, B)
    w = w.real; V = V.real
    idx = np.argsort(w)
    return w[idx], V[:, idx]

def eigfuns(u, sign, k, lmax=120):
    w, V = legendre_eigs(u, lmax)
    if sign > 0:
        sel = np.where(w > 1e-8)[0]; sel = sel[np.argsort(w[sel])][:k]
    else:
        sel = np.where(w < -1e-8)[0]; sel = sel[np.argsort(-w[sel])][:k]
    return w[sel], V[:, sel]

xg, wg = L.leggauss(4000)

def s_root(u1, u2, N, smin=3.0, smax=7.0, ultra=False, lmax=120):
    urel = (u1-u2)/(1-u1*u2) if not ultra else 1.0
    mu = xg
    # downstream excluded functions: Lam>0 at u2
    lam2, C2 = eigfuns(u2, +1, N, lmax)
    Q2 = np.array([L.legval(mu, C2[:, k]) for k in range(N)])
    if ultra:
        x = (1+u2)/(1-u2)*(1+mu)/(1-mu)
        Q1 = np.array([np.exp(-(2*n+1)*x)*eval_laguerre(n, 2*(2*n+1)*x) for n in range(N)])
        fac = (1-mu)
    else:
        lam1, C1 = eigfuns(u1, +1, N, lmax)
        mu1 = (mu-urel)/(1-urel*mu)
        Q1 = np.array([L.legval(mu1, C1[:, n]) for n in range(N)])
        fac = (1-urel*mu)
    def det(s):
        M = (Q2*((u2+mu)*wg))@(Q1*fac**(-s)).T
        # scale columns to avoid overflow trends
        M = M/np.abs(M).max(axis=0, keepdims=True)
        return np.linalg.det(M)
    ss = np.linspace(smin, smax, 801)
    d = np.array([det(s) for s in ss])
    roots = []
    for a, b, da, db in zip(ss[:-1], ss[1:], d[:-1], d[1:]):
        if np.isfinite(da) and np.isfinite(db) and da*db < 0:
            roots.append(brentq(det, a, b, xtol=1e-12))
    return roots

def kw(u1, u2):  # Keshet & Waxman 2005
    return (3*u1 - 2*u1*u2**2 + u2**3)/(u1-u2)

if __name__ == "__main__":
    print("non-relativistic check, r=4:")
    for u1 in [0.001, 0.01, 0.05, 0.1]:
        u2 = u1/4
        for N in [1, 2, 4]:
            print(f"  u1={u1} N={N} roots={s_root(u1,u2,N)}  3r/(r-1)=4  KW={kw(u1,u2):.6f}")
    print("ultra-relativistic limit, u2=1/3:")
    for N in [1, 2, 3, 4, 6, 8]:
        print(f"  N={N} roots={s_root(1.0, 1/3, N, ultra=True)}   KW 38/9={38/9:.6f}")
