"""Independent reference for the spectral index of diffusive shock acceleration at a planar shock.

This module is a self-contained check of the package. It imports nothing from ``pitcheig`` or ``solver``.
It is built only from the physics stated below.

Physics
-------
Units c = 1. The shock is at rest at z = 0. The upstream region (1) is z < 0 and the downstream region (2) is
z > 0. Both fluids flow in +z with shock-frame speeds u1 > u2 > 0. Mixed coordinates are used: z is measured
in the shock frame, while p and the pitch cosine mu are measured in the local fluid frame. With isotropic
pitch-angle diffusion D = 1 and ultra-relativistic particles, each uniform region obeys

    Gamma (u + mu) df/dz = d/dmu[(1 - mu^2) df/dmu].

Power-law solutions f = p^-s g(z, mu) separate as g = Q(mu) exp(-lambda z / Gamma), with

    d/dmu[(1 - mu^2) Q'] + lambda (u + mu) Q = 0,    Q bounded at mu = +-1.

Boundedness leaves these modes:

* Upstream, z -> -inf: only modes with lambda < 0.
* Downstream, z -> +inf: lambda = 0 (Q = 1) and lambda > 0. The modes with lambda < 0 are forbidden.

At z = 0 the invariant f is continuous, f1(p1, mu1) = f2(p2, mu2). The downstream-frame coordinates of a
particle follow from its upstream-frame coordinates through a boost by u_rel = (u1 - u2)/(1 - u1 u2). The
ratio (p2/p1)^s is then a function of the angle only, and the condition reads

    G2(mu2) = (1 - u_rel mu2)^-s * sum_n a_n Q1_n(mu1(mu2)),    mu1 = (mu2 - u_rel)/(1 - u_rel mu2),

where G2 must lie in the span of the allowed downstream modes. The downstream modes are orthogonal with the
indefinite weight (u2 + mu) and together are complete. G2 is therefore allowed exactly when its projections
on the forbidden downstream modes vanish. We keep N upstream modes and N forbidden downstream modes, which
gives a square matrix M(s), and s is the root of det M(s) = 0 (the Kirk & Schneider 1987 scheme).

Numerical route (independent of any closed-form limiting eigenfunction)
----------------------------------------------------------------------
The upstream modes live in the narrow cone mu1 < -u1, which has width 1 - u1 ~ 1/(2 Gamma1^2). We therefore
use the stretched variable x = (1 + mu1)/eps with eps = 1 - u1. Writing kappa = -lambda eps^2, the
eigenproblem becomes exactly

    d/dx[x (2 - eps x) Q'] = kappa (x - 1) Q,    0 <= x <= 2/eps,    kappa > 0 for the wanted modes.

This form stays regular as eps -> 0. The same operator with eps = 1 - u2 gives the forbidden downstream modes,
with x = (1 + mu2)/(1 - u2). Each problem is solved by Legendre-Galerkin, with an orthonormal Legendre basis
on [0, X] and the natural boundary condition. If 2/eps exceeds a cut-off x_cut (default 40), the domain is
truncated at X = x_cut. This truncation is harmless because the kappa > 0 modes decay like exp(-sqrt(kappa/2) x)
for x >> 1, so their size at x_cut is below 1e-20. The limit eps = 0 (Gamma1 = inf, u_rel = 1) is then just
another evaluation of the same code. No analytic eigenfunction enters anywhere. The closed-form limit
eigenvalues 2(2n+1)^2 are used only as a test.

The matching integral is done in the upstream variable x, on composite Gauss-Legendre panels. With
c = (1 + u2)/(1 - u1 u2) and a = u_rel, we have mu2 = (x - c)/(c + a x) and
(1 - a mu2)^-s proportional to (c + a x)^s. The integral then reads

    M_kn(s) = int_0^X dx c (1 + a) (c + a x)^(s - 2) (u2 + mu2) Q2_k(mu2(x)) Q1_n(x),

which has a finite limit as eps -> 0.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
from numpy.polynomial import legendre as npleg
from scipy.linalg import eig
from scipy.optimize import brentq

__all__ = [
    "jump_conditions",
    "half_range_modes",
    "matching_matrix",
    "spectral_index",
    "spectral_index_convergence",
    "ultra_relativistic_limit",
    "spectral_index_nu_route",
    "eps_from_gamma",
    "eps_from_gamma_beta",
]

EOS_NAMES = ("5/3", "4/3", "synge")


# ----------------------------------------------------------------------------------------------------------
# Jump conditions
# ----------------------------------------------------------------------------------------------------------
def _h_minus_one(theta, eos):
    """Return h - 1, with h = w/(n m) the specific enthalpy, as an mpmath number. theta = P/(n m) = kT/m."""
    theta = mpmath.mpf(theta)
    if eos == "5/3":
        return mpmath.mpf(5) / 2 * theta
    if eos == "4/3":
        return 4 * theta
    if eos == "synge":
        if theta == 0:
            return mpmath.mpf(0)
        zz = 1 / theta
        return mpmath.besselk(3, zz) / mpmath.besselk(2, zz) - 1
    raise ValueError(f"unknown eos {eos!r}; expected one of {EOS_NAMES}")


def jump_conditions(gamma_beta1, eos):
    """Return the downstream state of a strong, cold-upstream (P1 = 0), parallel hydrodynamic shock.

    The shock-frame fluxes conserved across the shock are the particle flux n Gamma u, the energy flux
    w Gamma^2 u and the momentum flux w Gamma^2 u^2 + P. Upstream, h1 = 1 (units of m). Dividing energy flux by
    particle flux gives h2 Gamma2 = Gamma1. Momentum flux minus u1 times energy flux gives
    P2 = j Gamma1 (u1 - u2) with j = n2 Gamma2 u2, so theta2 = P2/(n2 m) = Gamma1 Gamma2 u2 (u1 - u2).
    Substituting theta2(u2) into h2 Gamma2 = Gamma1 leaves one equation for u2. It is solved in mpmath at
    40 digits, so that the small-u1 limit keeps its precision.

    The equations of state are: "5/3" and "4/3", P = (gamma_hat - 1)(e - n m), so h = 1 + gamma_hat/(gamma_hat-1)
    theta; and "synge", a single-species Juettner gas with h = K3(1/theta)/K2(1/theta).

    Returns a dict with u1, Gamma1, u2, Gamma2, theta2, r = n2/n1 = Gamma1 u1/(Gamma2 u2) (proper-density
    compression) and r_u = u1/u2 (velocity ratio, the r of s = 3r/(r-1)).
    """
    if eos not in EOS_NAMES:
        raise ValueError(f"unknown eos {eos!r}; expected one of {EOS_NAMES}")
    with mpmath.workdps(40):
        gb1 = mpmath.mpf(gamma_beta1)
        g1 = mpmath.sqrt(1 + gb1 ** 2)
        u1 = gb1 / g1

        def resid(u2):
            g2 = 1 / mpmath.sqrt(1 - u2 * u2)
            theta = g1 * g2 * u2 * (u1 - u2)
            # (h - 1) Gamma2 + (Gamma2 - Gamma1), with Gamma2 - Gamma1 written without cancellation; / u1^2
            dg = g1 ** 2 * g2 ** 2 * (u2 * u2 - u1 * u1) / (g1 + g2)
            return ((_h_minus_one(theta, eos)) * g2 + dg) / (u1 * u1)

        # resid < 0 as u2 -> 0, 0 at the trivial root u2 = u1; bracket the first sign change in (0, u1)
        grid = [u1 * mpmath.mpf(k) / 64 for k in range(1, 64)]
        vals = [resid(v) for v in grid]
        bracket = None
        for lo, hi, flo, fhi in zip(grid[:-1], grid[1:], vals[:-1], vals[1:]):
            if flo < 0 <= fhi:
                bracket = (lo, hi)
                break
        if bracket is None:
            raise RuntimeError("no shock root found")
        u2 = mpmath.findroot(resid, bracket, solver="anderson", tol=mpmath.mpf(10) ** -36)
        g2 = 1 / mpmath.sqrt(1 - u2 * u2)
        theta2 = g1 * g2 * u2 * (u1 - u2)
        return {
            "u1": float(u1),
            "Gamma1": float(g1),
            "u2": float(u2),
            "Gamma2": float(g2),
            "theta2": float(theta2),
            "r": float(g1 * u1 / (g2 * u2)),
            "r_u": float(u1 / u2),
        }


def eps_from_gamma_beta(gamma_beta1):
    """Return eps = 1 - u1 without cancellation, given gamma_beta1 = Gamma1 u1."""
    g = math.sqrt(1.0 + gamma_beta1 ** 2)
    return 1.0 / (g * (g + gamma_beta1))


def eps_from_gamma(gamma1):
    """Return eps = 1 - u1 without cancellation, given the Lorentz factor Gamma1 (math.inf gives 0)."""
    if math.isinf(gamma1):
        return 0.0
    b = math.sqrt(1.0 - 1.0 / gamma1 ** 2)
    return 1.0 / (gamma1 ** 2 * (1.0 + b))


# ----------------------------------------------------------------------------------------------------------
# Half-range eigenfunctions by Legendre-Galerkin in the stretched variable x
# ----------------------------------------------------------------------------------------------------------
def _legendre_values_derivs(t, nmax):
    """Orthonormal-on-[-1,1] Legendre values and d/dt at points t (shape (len(t), nmax+1))."""
    t = np.asarray(t, dtype=float)
    p = np.zeros((t.size, nmax + 1))
    dp = np.zeros_like(p)
    p[:, 0] = 1.0
    if nmax >= 1:
        p[:, 1] = t
        dp[:, 1] = 1.0
    for n in range(1, nmax):
        p[:, n + 1] = ((2 * n + 1) * t * p[:, n] - n * p[:, n - 1]) / (n + 1)
        dp[:, n + 1] = dp[:, n - 1] + (2 * n + 1) * p[:, n]
    scale = np.sqrt((2 * np.arange(nmax + 1) + 1) / 2.0)
    return p * scale, dp * scale


class HalfRangeModes:
    """The N kappa > 0 eigenfunctions of d/dx[x(2 - eps x)Q'] = kappa (x - 1) Q on [0, X] (natural BCs).

    kappa is sorted in increasing order. The functions are normalised to max |Q| = 1, with Q(0) > 0.
    """

    def __init__(self, eps, n_modes, degree, x_cut):
        self.eps = float(eps)
        self.X = 2.0 / self.eps if self.eps > 0 and 2.0 / self.eps <= x_cut else float(x_cut)
        self.degree = int(degree)
        tq, wq = npleg.leggauss(self.degree + 4)
        xq = 0.5 * self.X * (tq + 1.0)
        wx = 0.5 * self.X * wq
        phi, dphi_dt = _legendre_values_derivs(tq, self.degree)
        # orthonormal on [0, X]
        phi = phi * math.sqrt(2.0 / self.X)
        dphi = dphi_dt * math.sqrt(2.0 / self.X) * (2.0 / self.X)
        coef = xq * (2.0 - self.eps * xq)
        stiff = (dphi * (wx * coef)[:, None]).T @ dphi
        mass = (phi * (wx * (xq - 1.0))[:, None]).T @ phi
        vals, vecs = eig(-stiff, mass)
        if np.max(np.abs(vals.imag[np.isfinite(vals)])) > 1e-6 * np.max(np.abs(vals[np.isfinite(vals)])):
            # the pencil is real-spectrum (stiffness semi-definite); complex values signal a bad basis
            raise RuntimeError("complex eigenvalues in half-range Galerkin problem")
        vals = vals.real
        keep = np.where(np.isfinite(vals) & (vals > 1e-9))[0]
        keep = keep[np.argsort(vals[keep])][:n_modes]
        if keep.size < n_modes:
            raise RuntimeError("not enough positive eigenvalues; raise degree")
        self.kappa = vals[keep]
        coeffs = vecs[:, keep].real
        # normalise: max |Q| = 1 on a fine grid, Q(0) > 0
        xf = np.linspace(0.0, self.X, 4001)
        qf = self._eval_coeffs(xf, coeffs)
        coeffs = coeffs / np.max(np.abs(qf), axis=0)
        q0 = self._eval_coeffs(np.array([0.0]), coeffs)[0]
        coeffs = coeffs * np.where(q0 < 0, -1.0, 1.0)
        self.coeffs = coeffs

    def _eval_coeffs(self, x, coeffs):
        t = 2.0 * np.asarray(x, dtype=float) / self.X - 1.0
        phi, _ = _legendre_values_derivs(t, self.degree)
        return (phi * math.sqrt(2.0 / self.X)) @ coeffs

    def __call__(self, x):
        """Values of the modes at x, shape (len(x), N). Zero beyond the truncated domain."""
        x = np.asarray(x, dtype=float)
        out = self._eval_coeffs(np.clip(x, 0.0, self.X), self.coeffs)
        out[x > self.X] = 0.0
        return out


def half_range_modes(eps, n_modes, degree=240, x_cut=40.0):
    """Return the N lowest kappa > 0 modes of d/dx[x(2-eps x)Q'] = kappa (x-1) Q (see HalfRangeModes).

    In terms of the physical problem, d/dmu[(1-mu^2)Q'] + lambda (u+mu) Q = 0 with mu = -1 + eps x and
    eps = 1 - u: kappa = -lambda eps^2, i.e. these are the lambda < 0 modes.
    """
    return HalfRangeModes(eps, n_modes, degree, x_cut)


# ----------------------------------------------------------------------------------------------------------
# Matching and the spectral index
# ----------------------------------------------------------------------------------------------------------
def _panels(x_top, n_per_panel=48):
    """Composite Gauss-Legendre nodes on [0, x_top].

    The break points are geometric near x = 0 (0.03125, 0.0625, ..., 4) and then spaced 4 apart.
    """
    geo = [b for b in 0.03125 * 2.0 ** np.arange(0, 8) if b < x_top * (1 - 1e-12)]
    lin = [b for b in np.arange(8.0, x_top, 4.0) if b < x_top * (1 - 1e-12)]
    breaks = [0.0] + geo + lin + [x_top]
    tq, wq = npleg.leggauss(n_per_panel)
    xs, ws = [], []
    for lo, hi in zip(breaks[:-1], breaks[1:]):
        xs.append(lo + 0.5 * (hi - lo) * (tq + 1.0))
        ws.append(0.5 * (hi - lo) * wq)
    return np.concatenate(xs), np.concatenate(ws)


class MatchingProblem:
    """Precomputed geometry of det M(s) for one (u1, u2) pair and N modes."""

    def __init__(self, u2, eps1, n_modes, degree=240, x_cut=40.0, degree_down=None, n_per_panel=64):
        u2 = float(u2)
        eps1 = float(eps1)
        u1 = 1.0 - eps1
        if not 0.0 < u2 < u1:
            raise ValueError("need 0 < u2 < u1")
        self.u2, self.eps1, self.n = u2, eps1, int(n_modes)
        self.c = (1.0 + u2) / (1.0 - u1 * u2)          # = (1 - u_rel)/eps1
        self.a = (u1 - u2) / (1.0 - u1 * u2)           # u_rel
        up = half_range_modes(eps1, n_modes, degree, x_cut)
        eps2 = 1.0 - u2
        # downstream modes fill mu2 in [-1, -u2]: a modest degree suffices; default min(degree, 120)
        deg_down = min(int(degree), 120) if degree_down is None else int(degree_down)
        down = half_range_modes(eps2, n_modes, deg_down, 1e300)
        self.kappa_up, self.kappa_down = up.kappa, down.kappa
        x, w = _panels(up.X, n_per_panel)
        mu2 = (x - self.c) / (self.c + self.a * x)
        jac = self.c * (1.0 + self.a) / (self.c + self.a * x) ** 2
        q1 = up(x)                                       # (P, N)
        q2 = down((1.0 + mu2) / eps2)                   # (P, N)
        self._left = q2 * (w * jac * (u2 + mu2))[:, None]
        self._q1 = q1
        self._logfac = np.log(self.c + self.a * x)

    def matrix(self, s):
        """M_kn(s) with columns (upstream modes) scaled to unit 2-norm."""
        m = self._left.T @ (self._q1 * np.exp(s * self._logfac)[:, None])
        return m / np.linalg.norm(m, axis=0, keepdims=True)

    def det(self, s):
        """det M(s) of the column-normalised matrix."""
        return float(np.linalg.det(self.matrix(s)))

    def roots(self, s_min=3.0 + 1e-9, s_max=8.0, n_grid=500):
        """All sign changes of det M(s) on [s_min, s_max], refined by brentq."""
        ss = np.linspace(s_min, s_max, n_grid)
        dd = np.array([self.det(s) for s in ss])
        out = []
        for lo, hi, dlo, dhi in zip(ss[:-1], ss[1:], dd[:-1], dd[1:]):
            if np.isfinite(dlo) and np.isfinite(dhi) and dlo * dhi < 0:
                out.append(brentq(self.det, lo, hi, xtol=1e-14, rtol=1e-15))
        return out


def matching_matrix(u1, u2, n_modes, s, eps1=None, **kw):
    """Return the column-normalised matching matrix M(s) (mainly for inspection/tests)."""
    eps1 = 1.0 - u1 if eps1 is None else eps1
    return MatchingProblem(u2, eps1, n_modes, **kw).matrix(s)


def spectral_index(u1, u2, n_modes, eps1=None, degree=240, x_cut=40.0, s_guess=None, s_max=8.0, **kw):
    """Return s, the root of det M(s) = 0 for N = n_modes upstream and forbidden-downstream modes.

    u1, u2 are shock-frame speeds. Pass eps1 = 1 - u1 directly (for example from eps_from_gamma) near
    u1 = 1, to avoid cancellation. eps1 = 0 is the ultra-relativistic limit, with u_rel = 1. If det M has more
    than one root in (3, s_max), the root nearest s_guess is returned. s_guess defaults to the Keshet-Waxman
    approximate formula, which is used only to pick among roots.
    """
    eps1 = 1.0 - float(u1) if eps1 is None else float(eps1)
    prob = MatchingProblem(u2, eps1, n_modes, degree=degree, x_cut=x_cut, **kw)
    roots = prob.roots(s_max=s_max)
    if not roots:
        raise RuntimeError("no root of det M(s)")
    if s_guess is None:
        uu1 = 1.0 - eps1
        s_guess = (3 * uu1 - 2 * uu1 * u2 ** 2 + u2 ** 3) / (uu1 - u2)
    return min(roots, key=lambda r: abs(r - s_guess))


def spectral_index_convergence(u1, u2, n_list=(1, 2, 4, 6, 8, 10), eps1=None, degree=240, x_cut=40.0,
                               degree_checks=(), x_cut_checks=()):
    """Return s for each N in n_list, and an error estimate for the last entry.

    The error is the sum of three observed differences, each at N = n_list[-1]:

    * |s(N_last) - s(N_prev)|;
    * the largest |change| when the upstream Legendre degree is changed to each value in degree_checks;
    * the largest |change| when the cut-off is changed to each value in x_cut_checks.

    These are observed changes, not proven bounds. Degree changes at fixed N mostly show round-off in the
    Galerkin eigenvectors, at about 1e-9 for degree 240, and growing with the degree.
    """
    table = []
    prev = None
    for n in n_list:
        s = spectral_index(u1, u2, n, eps1=eps1, degree=degree, x_cut=x_cut, s_guess=prev)
        table.append((int(n), s))
        prev = s
    err_n = abs(table[-1][1] - table[-2][1]) if len(table) > 1 else float("nan")
    n_last = n_list[-1]
    checks = {"degree": [], "x_cut": []}
    for d in degree_checks:
        s_d = spectral_index(u1, u2, n_last, eps1=eps1, degree=d, x_cut=x_cut, s_guess=prev)
        checks["degree"].append((int(d), s_d))
    for xc in x_cut_checks:
        s_x = spectral_index(u1, u2, n_last, eps1=eps1, degree=degree, x_cut=xc, s_guess=prev)
        checks["x_cut"].append((float(xc), s_x))
    err_d = max([abs(v - prev) for _, v in checks["degree"]], default=0.0)
    err_x = max([abs(v - prev) for _, v in checks["x_cut"]], default=0.0)
    return {"s": prev, "error": err_n + err_d + err_x, "error_parts": {"n_modes": err_n, "degree": err_d,
            "x_cut": err_x}, "table": table, "checks": checks}


def ultra_relativistic_limit(u2=1.0 / 3.0, n_list=(1, 2, 4, 6, 8, 10, 12), degree=240, x_cut=40.0,
                             gammas=(40.0, 80.0, 160.0, 320.0, 640.0), degree_checks=(200, 320),
                             x_cut_checks=(30.0, 50.0), n_tail=(16, 20, 24), degree_tail=400):
    """Two routes to s as Gamma1 -> inf at fixed u2.

    Route A evaluates the matching problem at eps1 = 0, where u_rel = 1 and the upstream operator is
    d/dx[2x Q'] = kappa (x-1) Q, solved numerically like every other case. Route B computes s at the finite
    Gamma1 values in `gammas` with N = n_list[-1] and fits a quadratic in eps1 = 1 - u1 ~ 1/(2 Gamma1^2).
    The constant term of that fit is the extrapolated limit.

    The N-convergence is slow (algebraic), so route A is also run at the larger N in n_tail, at degree
    degree_tail. The change from N = n_list[-1] to N = n_tail[-1] at that degree, d_tail, is the estimated
    truncation tail. The tail is NOT added to s: the returned s is the N = n_list[-1] value. The returned error
    is: the route-A error (from spectral_index_convergence), plus |d_tail|, plus |A - B|.
    """
    conv = spectral_index_convergence(1.0, u2, n_list=n_list, eps1=0.0, degree=degree, x_cut=x_cut,
                                      degree_checks=degree_checks, x_cut_checks=x_cut_checks)
    s_a = conv["s"]
    tail = [(int(n), spectral_index(1.0, u2, n, eps1=0.0, degree=degree_tail, x_cut=x_cut, s_guess=s_a))
            for n in (n_list[-1],) + tuple(n_tail)]
    d_tail = tail[-1][1] - tail[0][1] if n_tail else 0.0
    eps = np.array([eps_from_gamma(g) for g in gammas])
    s_fin = np.array([spectral_index(1.0, u2, n_list[-1], eps1=e, degree=degree, x_cut=x_cut, s_guess=s_a)
                      for e in eps])
    coef = np.polyfit(eps, s_fin, 2)
    s_b = float(coef[-1])
    return {
        "s": s_a,
        "s_direct": s_a,
        "s_extrapolated": s_b,
        "slope_ds_deps": float(coef[-2]),
        "finite_gamma": [[float(g), float(e), float(v)] for g, e, v in zip(gammas, eps, s_fin)],
        "error": conv["error"] + abs(d_tail) + abs(s_a - s_b),
        "error_parts": dict(conv["error_parts"], n_tail=abs(d_tail), extrapolation=abs(s_a - s_b)),
        "n_table": conv["table"],
        "n_tail_table": {"degree": int(degree_tail), "table": tail},
        "checks": conv["checks"],
    }


# ----------------------------------------------------------------------------------------------------------
# Cross-check route: upstream modes solved directly in the downstream-frame angle
# ----------------------------------------------------------------------------------------------------------
def spectral_index_nu_route(u1, u2, n_modes, eps1=None, degree=300, n_quad=4000, s_min=3.01, s_max=6.0):
    """Compute s with the upstream modes solved in nu = mu2, not in the stretched variable.

    This is a second, independent discretisation, used as a check. Under mu1 = (nu - a)/(1 - a nu), with
    a = u_rel, the operator (1-mu^2) d/dmu is unchanged, and u1 + mu1 = (1-u1^2)/(1-u1 u2) (u2+nu)/(1-a nu).
    The upstream problem therefore becomes

        d/dnu[(1-nu^2) Q'] + lambda_hat (u2+nu)/(1-a nu)^3 Q = 0,   lambda_hat = lambda (1-a^2)(1-u1^2)/(1-u1 u2).

    It is solved by Legendre-Galerkin in nu, with no truncation. The matching integral is then done in nu on
    one Gauss rule, and no aberration of the mode functions is needed. The weight is nearly singular at nu = 1
    when Gamma1 is large, so this route is only usable for Gamma1 up to about 10-30. Returns the smallest
    root of det M in (s_min, s_max).
    """
    eps1 = 1.0 - float(u1) if eps1 is None else float(eps1)
    uu1 = 1.0 - eps1
    a = (uu1 - u2) / (1.0 - uu1 * u2)
    t, w = npleg.leggauss(n_quad)
    phi, _ = _legendre_values_derivs(t, degree)
    ell = np.arange(degree + 1)
    stiff = np.diag(ell * (ell + 1.0))
    mass = (phi * (w * (u2 + t) / (1.0 - a * t) ** 3)[:, None]).T @ phi
    vals, vecs = eig(-stiff, mass)          # -K c = -lambda_hat B c; lambda_hat < 0 <=> value > 0
    vals = vals.real
    keep = np.where(np.isfinite(vals) & (vals > 1e-9))[0]
    keep = keep[np.argsort(vals[keep])][:n_modes]
    q1 = phi @ vecs[:, keep].real
    down = half_range_modes(1.0 - u2, n_modes, 120, 1e300)
    q2 = down((1.0 + t) / (1.0 - u2))
    left = q2 * (w * (u2 + t))[:, None]
    logfac = np.log1p(-a * t)

    def det(s):
        m = left.T @ (q1 * np.exp(-s * logfac)[:, None])
        return float(np.linalg.det(m / np.linalg.norm(m, axis=0, keepdims=True)))

    ss = np.linspace(s_min, s_max, 300)
    dd = [det(v) for v in ss]
    for lo, hi, dlo, dhi in zip(ss[:-1], ss[1:], dd[:-1], dd[1:]):
        if dlo * dhi < 0:
            return brentq(det, lo, hi, xtol=1e-14, rtol=1e-15)
    raise RuntimeError("no root of det M(s) in the nu route")
