"""Benchmark baselines (issue 15, item 6): pitcheig beside two standard SciPy routes.

Run:   python -m pitcheig.studies.bench_baselines [--repeats N] [--quick] [--json FILE] [--budget S]
                                                   [--no-cli] [--no-shoot]

For D = 1 and for every (eps, a) of eps in {1e-1, ..., 1e-8} x a in {1e-4, 1e-8}
(``Peak(eps, a, "both")``, u = 0) it measures, in one run:

* pitcheig: ``eigs(model, k=1, tol=1e-10)``, median wall time over ``repeats`` calls after
  one warm-up call, the unknowns (``diagnostics.dofs``) and ``converged``;
* baseline 1, ``scipy.integrate.solve_bvp`` (:func:`bvp_baseline`), started from a P1
  finite-element eigenpair (:func:`fem_guess`);
* baseline 2, DOP853 shooting with Wronskian matching (:func:`shooting_baseline`);
* the ratio of the pitcheig time to the fastest baseline that converged, and the CLI
  wall time (median of 5 fresh ``pitcheig eigs --model peak --eps 1e-3 --a 1e-4 --k 1
  --json`` processes);
* the high-precision timings of item 3 (:func:`highprec_row`): lambda_(+-1) of the peak model
  (eps = 1e-3, a = 1e-4) and lambda_(+-1..+-4) of D = 1 at 30 digits, eigs(digits=30) beside the
  shooting solver, each checked against an independent value.

The problem is eq. (15) of SPEC.md, d/dmu[p dPsi/dmu] + lambda (u + mu) Psi = 0 with
p = (1 - mu^2) D(mu), Psi bounded at mu = +-1; D of eqs. (24)-(26), re-implemented here
from the formula (:func:`coefficient`) so that the baselines share nothing with pitcheig
but the parameters.

**The regular end conditions.** Near the end s = +-1 let t = 1 - s mu (so d/dmu = -s d/dt)
and q(t) = t (2 - t) D = p.  Eq. (15) keeps its form in t:
d/dt[q dPsi/dt] + lambda (u + s - s t) Psi = 0.  With q = t P(t), P = (2 - t) D =
P0 + P1 t + ..., the indicial equation is r^2 = 0: one solution is a power series
Psi = sum c_m t^m, the other has log t and is unbounded.  Inserting the series
(:func:`frobenius`) gives, for m >= 1,

    m^2 P0 c_m = -m sum_{k=1}^{m-1} P_k (m - k) c_{m-k} - lambda [(u + s) c_{m-1} - s c_{m-2}],

so the bounded solution has the flux q dPsi/dt = O(t) -> 0 and, from m = 1,
2 D(s) dPsi/dt(0) = -lambda (u + s) Psi(s), i.e. in mu:  2 D(1) Psi'(1) = lambda (u + 1) Psi(1)
and  2 D(-1) Psi'(-1) = -lambda (u - 1) Psi(-1).  (The issue's text has the opposite sign at
mu = 1; that is the condition in t = 1 - mu.  Check: for the Legendre equation, weight 1 in place
of u + mu, it gives P_n'(1) = n(n + 1)/2.)

Timing is measured, never asserted: the machine is shared.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np
from scipy import integrate, optimize, sparse, special
from scipy.sparse import linalg as sparse_linalg

#: The grid of the issue.
EPS = (1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8)
A = (1e-4, 1e-8)
QUICK = ((None, None), (1e-2, 1e-4))
TOL = 1e-10
#: solve_bvp's first residual tolerance (then /10 each step) and its node cap (each solve
#: is bounded by it; a solve that needs more fails with status 1 and is reported).
BVP_TOL_START, BVP_MAX_NODES = 1e-6, 50000
#: solve_bvp stops when lambda moves by less than this (relative) between tolerances.
BVP_CHANGE = 1e-10
#: The tolerances each baseline states for its lambda (relative): what the tests hold it to.
#: solve_bvp's stopping rule bounds a change, not the error; 1e-9 leaves a factor 10 for that.
BVP_STATED, SHOOT_STATED = 1e-9, 1e-10
BUDGET = 60.0
J1 = float(special.jn_zeros(1, 1)[0])
CLI_ARGS = ("eigs", "--model", "peak", "--eps", "1e-3", "--a", "1e-4", "--k", "1", "--json")


class BudgetExceeded(Exception):
    """Raised inside a baseline when its wall budget is spent."""


class Deadline:
    """A wall-clock budget; ``check()`` raises :class:`BudgetExceeded` once it is spent."""

    def __init__(self, seconds):
        self.end = time.perf_counter() + seconds

    def check(self):
        if time.perf_counter() > self.end:
            raise BudgetExceeded


# --- the coefficient, eqs. (24)-(26) --------------------------------------------

def peak_shape(w):
    """F(w) = (pi/2) J1(j1 sqrt w)^2 / (j1^2 w) for w <= 1, 0 beyond (eq. 26), as
    (pi/2) (J1(z)/z)^2, z = j1 sqrt w, with J1(z)/z = 1/2 - z^2/16 for tiny z."""
    w = np.asarray(w, dtype=float)
    z = J1 * np.sqrt(np.clip(w, 0.0, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(z < 1e-4, 0.5 - z * z / 16.0, special.j1(z) / np.where(z == 0, 1.0, z))
    return np.where(w <= 1.0, 0.5 * math.pi * ratio * ratio, 0.0)


class Coefficient:
    """D = 1 + sum over peaked ends s of F((1 - s mu)/b)/a (eqs. 24-26), b = j1^2 eps/2;
    ``eps=None`` is D = 1 (eq. 17).  D is evaluated from the distances t_+- = 1 -+ mu
    to the ends, so that structure within b of mu = +-1 is resolved."""

    def __init__(self, eps=None, a=None, ends="both"):
        self.flat = eps is None
        self.b = None if self.flat else J1 ** 2 * eps / 2.0
        self.a = a
        self.peaked = {+1: not self.flat and ends in ("both", "+1"), -1: not self.flat and ends in ("both", "-1")}

    def from_distances(self, t_plus, t_minus):
        """D given t_+ = 1 - mu and t_- = 1 + mu."""
        d = np.ones_like(np.asarray(t_plus, dtype=float))
        for s, t in ((+1, t_plus), (-1, t_minus)):
            if self.peaked[s]:
                d = d + peak_shape(np.asarray(t) / self.b) / self.a
        return d

    def p(self, mu):
        """p = (1 - mu^2) D of eq. (15)."""
        tp, tm = 1.0 - mu, 1.0 + mu
        return tp * tm * self.from_distances(tp, tm)

    def dp_end(self, s):
        """dp/dmu at mu = s: -2 s D(s) (D' is finite there)."""
        return -2.0 * s * float(self.from_distances(*((0.0, 2.0) if s > 0 else (2.0, 0.0))))

    def taylor_at_end(self, s):
        """D = D0 + D1 t + D2 t^2 + ... in t = 1 - s mu, from F(w) = (pi/2)[1/4 - j1^2 w/16
        + 5 j1^4 w^2/768 - ...] (the square of J1(z)/z = 1/2 - z^2/16 + z^4/384)."""
        if not self.peaked[s]:
            return (1.0, 0.0, 0.0)         # the other end's peak vanishes for t <= 2 - b
        f = (math.pi / 8.0, -math.pi * J1 ** 2 / 32.0, 5.0 * math.pi * J1 ** 4 / 1536.0)
        return (1.0 + f[0] / self.a, f[1] / (self.a * self.b), f[2] / (self.a * self.b ** 2))

    def scales(self):
        """Where D changes: the peak width b and the transition layer sqrt(a) b inside
        mu = +-(1 - b) (there F/a ~ (1 - w)^2/a falls through 1)."""
        return None if self.flat else (self.b, math.sqrt(self.a) * self.b)


def frobenius(coef, s, lam, u, terms=3):
    """c_0..c_{terms-1} of the bounded solution Psi = sum c_m t^m at mu = s (c_0 = 1),
    from the recurrence in the module doc, and the coefficients P_k of q = t P(t)."""
    d = coef.taylor_at_end(s)
    pk = [2.0 * d[0], 2.0 * d[1] - d[0], 2.0 * d[2] - d[1]]
    c = [1.0]
    for m in range(1, terms):
        acc = -m * sum(pk[k] * (m - k) * c[m - k] for k in range(1, m))
        acc -= lam * ((u + s) * c[m - 1] - (s * c[m - 2] if m >= 2 else 0.0))
        c.append(acc / (m * m * pk[0]))
    return c, pk


# --- the P1 finite-element guess -------------------------------------------------

def end_distances(coef, per_decade=8):
    """Distances t from one end at which mesh nodes sit: geometric toward t = 0 and, for a
    peaked end, toward the kink t = b from both sides (finest at the layer sqrt(a) b)."""
    sc = coef.scales()
    tiny = 1e-4 * (sc[0] if sc else 1.0)
    t = list(np.geomspace(tiny, 1.0, int(per_decade * math.log10(1.0 / tiny)) + 1)) + list(np.linspace(0, 1, 41))
    if sc:
        b, layer = sc
        n = max(int(per_decade * math.log10(0.5 * b / layer)) + 1, 2)
        steps = np.geomspace(layer / 4.0, 0.5 * b, n)
        t += list(b - steps) + list(b + steps) + [b]
    return np.unique(np.clip(t, 0.0, 1.0))


def mesh(coef):
    """Nodes in [-1, 1] graded toward the ends (and the peaks' kinks): mu = s (1 - t)."""
    halves = []
    for s in (+1, -1):
        t = end_distances(coef) if coef.peaked[s] or coef.flat else end_distances(Coefficient())
        halves.append(s * (1.0 - t))
    return np.unique(np.concatenate(halves + [[-1.0, 1.0]]))


def fem_guess(coef, u=0.0):
    """lambda_{+1} and Psi (Psi(1) = 1) of the P1 Galerkin form of eq. (15),
    int p Psi' v' = lambda int (u + mu) Psi v (no end condition: p = 0 there), on
    :func:`mesh`; K by 3-point Gauss rule for int p, M exact.  The pencil (K, M) is
    solved by shift-invert Arnoldi (ARPACK); lambda_{+1} is its smallest real eigenvalue > 0 whose eigenvector is
    not constant (lambda = 0, Psi = const, is a Jordan pair for u = 0 and shows as a
    rounding-level pair of near-constant vectors, discarded).  In the
    left-definite min-max 1/lambda_{+1} = max int (u+mu) Psi^2 / int p Psi'^2 over
    int (u+mu) Psi = 0, and the P1 space is a subspace: the FEM value is an upper bound
    of lambda_{+1} up to the quadrature of p."""
    x = mesh(coef)
    h = np.diff(x)
    g, gw = np.polynomial.legendre.leggauss(3)
    mids, half = 0.5 * (x[1:] + x[:-1]), 0.5 * h
    pint = sum(wk * half * coef.p(mids + gk * half) for gk, wk in zip(g, gw))
    n = x.size
    k = np.zeros((n, n))                         # dense assembly; n is a few hundred
    m = np.zeros((n, n))
    i = np.arange(n - 1)
    kd = pint / h ** 2
    k[i, i] += kd
    k[i + 1, i + 1] += kd
    k[i, i + 1] -= kd
    k[i + 1, i] -= kd
    for gk, wk in zip(g, gw):                    # int w phi_i phi_j, exact (cubic)
        xi = mids + gk * half
        wt = wk * half * (u + xi)
        phi0, phi1 = (x[1:] - xi) / h, (xi - x[:-1]) / h
        m[i, i] += wt * phi0 * phi0
        m[i + 1, i + 1] += wt * phi1 * phi1
        m[i, i + 1] += wt * phi0 * phi1
        m[i + 1, i] += wt * phi0 * phi1
    # shift-invert Arnoldi about sigma = 1: the spectrum is {0 (Jordan pair)} and |lambda| >=
    # 14.528 (D >= 1 raises the energy, so lambda_{+-1} >= the D = 1 value), so the four
    # eigenvalues nearest 1 are 0, 0 and lambda_{+-1}; K - M is then nonsingular
    kk, mm = sparse.csc_matrix(k), sparse.csc_matrix(m)
    lu = sparse_linalg.splu(kk - mm)
    op = sparse_linalg.LinearOperator((n, n), matvec=lambda v: lu.solve(mm @ v), dtype=float)
    nu, vecs = sparse_linalg.eigs(op, k=4, which="LM", v0=np.linspace(1.0, 2.0, n), ncv=min(n - 1, 20))
    vals = 1.0 + 1.0 / nu
    vecs = vecs / np.max(np.abs(vecs), axis=0)
    spread = np.ptp(vecs.real, axis=0)            # ~0 for the perturbed constants of lambda = 0
    ok = np.isfinite(vals) & (np.abs(vals.imag) <= 1e-8 * np.abs(vals)) & (vals.real > 0) & (spread > 1e-2)
    j = np.flatnonzero(ok)[np.argmin(vals.real[ok])]
    psi = vecs[:, j].real
    psi = psi / psi[-1]
    lam = float(vals[j].real)
    # the flux y2 = p Psi' from the equation integrated from mu = -1 (where it is 0)
    flux = -lam * integrate.cumulative_trapezoid((u + x) * psi, x, initial=0.0)
    return lam, x, psi, flux


# --- baseline 1: solve_bvp -------------------------------------------------------

def bvp_baseline(coef, u=0.0, budget=BUDGET, guess=None):
    """lambda_{+1} by ``scipy.integrate.solve_bvp`` on y = (Psi, p Psi'):
    y1' = y2/p, y2' = -lambda (u + mu) y1, with the regular end conditions y2(+-1) = 0
    (the flux of the bounded solution vanishes, module doc) and the normalisation
    y1(1) = 1 for the unknown parameter lambda.  At mu = +-1 itself y2/p is 0/0 and is
    replaced by its limit y2'/p' = -lambda (u +- 1) y1 / (-+2 D(+-1)), i.e. the Frobenius
    derivative 2 D(1) Psi'(1) = lambda (u + 1) Psi(1) (and at -1).  Started from the P1
    eigenpair (:func:`fem_guess`) on its graded mesh; tol = 1e-6, 1e-7, ... (floor
    3e-14, SciPy's limit is 100 machine eps) until lambda moves by < 1e-10 relative,
    each solve restarted from the last and capped at 50000 nodes."""
    deadline, start = Deadline(budget), time.perf_counter()
    lam0, x, psi, flux = guess if guess is not None else fem_guess(coef, u)
    t_guess = time.perf_counter() - start
    dp = {+1: coef.dp_end(+1), -1: coef.dp_end(-1)}

    def split(x):
        pp = coef.p(x)
        end = pp <= 0.0
        inv = 1.0 / np.where(end, 1.0, pp)
        dpe = np.where(x > 0, dp[+1], dp[-1])
        return pp, end, inv, dpe

    def fun(x, y, p):
        deadline.check()
        _, end, inv, dpe = split(x)
        lam = p[0]
        f1 = np.where(end, -lam * (u + x) * y[0] / dpe, y[1] * inv)
        return np.vstack([f1, -lam * (u + x) * y[0]])

    def fun_jac(x, y, p):
        _, end, inv, dpe = split(x)
        lam, n = p[0], x.size
        dfdy = np.zeros((2, 2, n))
        dfdy[0, 0] = np.where(end, -lam * (u + x) / dpe, 0.0)
        dfdy[0, 1] = np.where(end, 0.0, inv)
        dfdy[1, 0] = -lam * (u + x)
        dfdp = np.zeros((2, 1, n))
        dfdp[0, 0] = np.where(end, -(u + x) * y[0] / dpe, 0.0)
        dfdp[1, 0] = -(u + x) * y[0]
        return dfdy, dfdp

    def bc(ya, yb, p):
        return np.array([ya[1], yb[1], yb[0] - 1.0])

    def bc_jac(ya, yb, p):
        return (np.array([[0.0, 1.0], [0.0, 0.0], [0.0, 0.0]]),
                np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0]]), np.zeros((3, 1)))

    y, p, history, tol = np.vstack([psi, flux]), np.array([lam0]), [], BVP_TOL_START
    out = {"converged": False, "lambda": None, "history": history, "guess_lambda": lam0, "guess_seconds": t_guess,
           "guess_nodes": int(x.size)}
    try:
        while True:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sol = integrate.solve_bvp(fun, bc, x, y, p=p, tol=tol, max_nodes=BVP_MAX_NODES,
                                          fun_jac=fun_jac, bc_jac=bc_jac, bc_tol=tol)
            deadline.check()
            history.append({"tol": tol, "status": int(sol.status), "nodes": int(sol.x.size),
                            "lambda": float(sol.p[0])})
            if sol.status != 0:
                out["message"] = f"solve_bvp status {sol.status} at tol {tol:.0e}: {sol.message}"
                break
            x, y, p = sol.x, sol.y, sol.p
            out["lambda"], out["nodes"] = float(p[0]), int(x.size)
            if len(history) > 1 and abs(history[-1]["lambda"] - history[-2]["lambda"]) < BVP_CHANGE * abs(p[0]):
                out["converged"], out["message"] = True, f"lambda changed < {BVP_CHANGE:.0e} from tol {tol * 10:.0e}"
                break
            if tol <= 3e-14:
                out["message"] = "tolerance floor reached before lambda settled"
                break
            tol = max(tol / 10.0, 3e-14)
    except BudgetExceeded:
        out["message"] = f"budget of {budget:g} s spent"
    out["seconds"] = time.perf_counter() - start
    return out


# --- baseline 2: DOP853 shooting -------------------------------------------------

def shoot_end(coef, s, lam, u, deadline, counter, t0_rel=1e-6, rtol=1e-13):
    """(Psi, flux in t) at mu = 0 of the bounded solution from mu = s, c_0 = 1.
    In t = 1 - s mu: Psi' = z/q, z' = -lambda (u + s - s t) Psi, z = q dPsi/dt,
    q = t (2 - t) D; started at t0 = 1e-6 tau (tau = b at a peaked end, else 1) from
    the 3-term Frobenius series (error ~ (t0/tau)^3), integrated by DOP853 over [t0, b]
    and [b, 1] (D is only C^1 at t = b), atol 1e-30 (relative control: z(t0) ~ lambda t0)."""
    sc = coef.scales() if coef.peaked[s] else None
    tau = sc[0] if sc else 1.0
    t0 = t0_rel * tau
    c, pk = frobenius(coef, s, lam, u)
    psi0 = sum(cm * t0 ** m for m, cm in enumerate(c))
    z0 = sum(pk[j] * t0 ** j for j in range(3)) * sum(m * cm * t0 ** m for m, cm in enumerate(c))

    peaked, b, a = coef.peaked[s], coef.b, coef.a

    def rhs(t, y):
        counter[0] += 1
        d = 1.0                                  # D at distance t from this end (scalar eq. 24-26)
        if peaked and t <= b:
            z = J1 * math.sqrt(t / b)
            r = 0.5 - z * z / 16.0 if z < 1e-4 else float(special.j1(z)) / z
            d += 0.5 * math.pi * r * r / a
        return [y[1] / (t * (2.0 - t) * d), -lam * (u + s - s * t) * y[0]]

    y = [psi0, z0]
    for left, right in ([(t0, tau), (tau, 1.0)] if tau < 1.0 else [(t0, 1.0)]):
        deadline.check()
        sol = integrate.solve_ivp(rhs, (left, right), y, method="DOP853", rtol=rtol, atol=1e-30)
        if sol.status != 0:
            raise RuntimeError(sol.message)
        y = sol.y[:, -1]
    return y


def shooting_baseline(coef, u=0.0, budget=BUDGET, lam_guess=None):
    """lambda_{+1} as the root of the Wronskian W(lambda) = Psi_L (p Psi_R') - Psi_R (p Psi_L')
    at mu = 0 of the bounded solutions from mu = -1 and mu = +1 (:func:`shoot_end`;
    p Psi' = s-signed z, zero at an eigenvalue only).  Bracket: W is entire in lambda and
    changes sign at each simple eigenvalue; the scan starts at the P1 value (an upper bound
    of lambda_{+1} up to quadrature, :func:`fem_guess`, within ~1e-3 of it while lambda_{+2}
    is ~3 lambda_{+1} away) and steps by factors 1.01 alternately above and below it until W
    changes sign; then brentq (rtol 1e-15).  Converged: brentq converged, every integration
    succeeded and the root lies within 10 % of the P1 value."""
    deadline, start, counter = Deadline(budget), time.perf_counter(), [0]
    out = {"converged": False, "lambda": None}
    try:
        if lam_guess is None:
            lam_guess = fem_guess(coef, u)[0]
        out["guess_seconds"] = time.perf_counter() - start

        def wronskian(lam):
            psi_r, z_r = shoot_end(coef, +1, lam, u, deadline, counter)
            psi_l, z_l = shoot_end(coef, -1, lam, u, deadline, counter)
            return psi_l * (-z_r) - psi_r * z_l          # p Psi' = -z_R from +1, +z_L from -1

        centre = lam_guess
        w_c, bracket = wronskian(centre), None
        for k in range(1, 60):
            for side in (1.01 ** k, 1.01 ** -k):
                other = lam_guess * side
                w_o = wronskian(other)
                if np.sign(w_o) != np.sign(w_c):
                    near = lam_guess * side / (1.01 if side > 1 else 1 / 1.01)
                    bracket = sorted((near, other))
                    break
            if bracket:
                break
        if bracket is None:
            out["message"] = "no sign change of W within a factor 1.8 of the P1 value"
        else:
            root, info = optimize.brentq(wronskian, *bracket, xtol=1e-300, rtol=1e-15, full_output=True)
            out["lambda"], out["bracket"], out["iterations"] = float(root), bracket, int(info.iterations)
            out["converged"] = bool(info.converged) and abs(root / lam_guess - 1) < 0.1
            out["message"] = "brentq converged" if out["converged"] else "root not confirmed"
    except BudgetExceeded:
        out["message"] = f"budget of {budget:g} s spent"
    except RuntimeError as exc:
        out["message"] = f"DOP853 failed: {exc}"
    out["rhs_evaluations"] = counter[0]
    out["seconds"] = time.perf_counter() - start
    return out


# --- pitcheig, the CLI and the table -----------------------------------------------

def pitcheig_time(eps, a, repeats):
    """Median wall time of eigs(model, k=1, tol=1e-10) after one warm-up call."""
    from pitcheig import Flat, Peak, eigs
    model = Flat() if eps is None else Peak(eps, a, "both")
    result = eigs(model, k=1, tol=TOL)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = eigs(model, k=1, tol=TOL)
        times.append(time.perf_counter() - start)
    return {"seconds": float(statistics.median(times)), "dofs": int(result.diagnostics.dofs),
            "converged": bool(result.converged), "lambda": float(result.eigenvalue(+1)),
            "error_estimate": float(result[+1].error_estimate)}


def cli_time(runs=5):
    """Median wall time of ``pitcheig eigs --model peak --eps 1e-3 --a 1e-4 --k 1 --json``
    in fresh processes (the venv's console script, else ``python -m pitcheig.cli``)."""
    script = os.path.join(os.path.dirname(sys.executable), "pitcheig")
    command = [script] if os.path.exists(script) else [sys.executable, "-m", "pitcheig.cli"]
    times, exit_codes = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command + list(CLI_ARGS), capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        exit_codes.append(done.returncode)
    return {"command": " ".join(["pitcheig"] + list(CLI_ARGS)), "median_seconds": float(statistics.median(times)),
            "seconds": times, "exit_codes": exit_codes}


#: The high-precision timings (issue 15, item 3): digits, and the cases with their k.
HP_DIGITS = 30
HP_CASES = (("flat", None, None, 4), ("peak", "0.001", "0.0001", 1))


def highprec_reference(eps, a):
    """lambda_{+1} of Peak(eps, a, "both"), u = 0, from tests/reference/peak_highprec.json
    (independent mpmath shooting, 40 significant digits), as a string, or None."""
    from importlib import resources
    data = json.loads(resources.files("pitcheig.reference").joinpath("peak_highprec.json").read_text())
    for case in data["cases"]:
        if (case["eps"], case["a"], case["ends"], case["u"]) == (eps, a, "both", "0"):
            return case["lambda"]
    return None


def highprec_row(name, eps, a, k, repeats, with_shoot):
    """Both arbitrary-precision routes at HP_DIGITS: eigs(method="galerkin", digits=...) (median of
    ``repeats`` after a warm-up) and, with ``with_shoot``, method="shoot" (once).  Each eigenvalue
    is compared with an independent value: the peak model with peak_highprec.json, D = 1 with the
    shooting solver's (a Frobenius-series method sharing no code with the Galerkin route);
    ``agrees`` is computed: every |difference| <= estimate + the reference's own error."""
    import mpmath
    from pitcheig import Flat, Peak, eigs
    model = Flat() if name == "flat" else Peak(eps, a, "both")
    eigs(model, u="0", k=k, digits=HP_DIGITS)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        galerkin = eigs(model, u="0", k=k, digits=HP_DIGITS)
        times.append(time.perf_counter() - start)
    row = {"model": name, "eps": eps, "a": a, "k": k, "digits": HP_DIGITS,
           "galerkin_seconds": float(statistics.median(times)), "galerkin_converged": bool(galerkin.converged),
           "galerkin_dofs": int(galerkin.diagnostics.dofs)}
    shoot = None
    if with_shoot:
        start = time.perf_counter()
        shoot = eigs(model, u="0", k=k, digits=HP_DIGITS, method="shoot")
        row.update(shoot_seconds=time.perf_counter() - start, shoot_converged=bool(shoot.converged))
    with mpmath.workdps(HP_DIGITS + 20):
        if name == "peak":
            reference = {int(label): (mpmath.mpf(value), abs(mpmath.mpf(value)) * mpmath.mpf(10) ** -39)
                         for label, value in (highprec_reference(eps, a) or {}).items() if abs(int(label)) <= k}
            row["reference"] = "tests/reference/peak_highprec.json (independent mpmath shooting, 40 digits)"
        elif shoot is not None:
            reference = {p.label: (mpmath.mpf(p.lam), mpmath.mpf(p.error_estimate)) for p in shoot.pairs}
            row["reference"] = "pitcheig shooting solver (Frobenius series) at the same digits"
        else:
            reference = {}
        checks = []
        for pair in galerkin.pairs:
            if pair.label in reference:
                value, error = reference[pair.label]
                difference = abs(mpmath.mpf(pair.lam) - value)
                checks.append({"label": pair.label, "difference": float(difference),
                               "estimate": float(pair.error_estimate),
                               "agrees": bool(difference <= pair.error_estimate + error)})
    row["checks"] = checks
    # None: no independent value to check against (D = 1 with --no-shoot)
    row["agrees"] = all(c["agrees"] for c in checks) if checks else None
    return row


def print_highprec(rows):
    print(f"arbitrary precision, {HP_DIGITS} digits, u = 0 (ends both): median time of eigs(digits=...) "
          f"(Galerkin + Newton in ball arithmetic) beside the shooting solver; agrees = every |lambda - "
          f"reference| <= estimate + the reference's error")
    for r in rows:
        shoot = f"{r['shoot_seconds']:.2f} s" if "shoot_seconds" in r else "not run"
        ratio = f"{r['shoot_seconds'] / r['galerkin_seconds']:.1f}x" if "shoot_seconds" in r else "-"
        worst = max((c["difference"] / c["estimate"] for c in r["checks"]), default=float("nan"))
        case = "D=1" if r["model"] == "flat" else f"peak eps={r['eps']} a={r['a']}"
        print(f"  {case:<28} k={r['k']}: galerkin {r['galerkin_seconds']:.2f} s ({r['galerkin_dofs']} unknowns, "
              f"{'certified' if r['galerkin_converged'] else 'NOT certified'}), shoot {shoot}, shoot/galerkin "
              f"{ratio}; agrees: {({True: 'yes', False: 'NO', None: 'not checked'})[r['agrees']]} "
              f"(worst difference/estimate {worst:.2g}; "
              f"reference: {r.get('reference', 'none')})")


def run_case(eps, a, repeats, budget):
    """One row: pitcheig, both baselines, their errors against pitcheig and the ratio."""
    coef = Coefficient(eps, a, "both")
    row = {"eps": eps, "a": a, "model": "flat" if eps is None else "peak"}
    row["pitcheig"] = pitcheig_time(eps, a, repeats)
    start = time.perf_counter()
    guess = fem_guess(coef)
    t_guess = time.perf_counter() - start
    row["bvp"] = bvp_baseline(coef, budget=budget, guess=guess)
    row["bvp"]["seconds"] += t_guess               # the guess is part of the baseline's work
    start = time.perf_counter()
    row["shoot"] = shooting_baseline(coef, budget=max(budget - t_guess, 0.0), lam_guess=guess[0])
    row["shoot"]["seconds"] += t_guess
    row["shoot"]["guess_seconds"] = t_guess
    ref = row["pitcheig"]["lambda"]
    for name in ("bvp", "shoot"):
        lam = row[name]["lambda"]
        row[name]["rel_error_vs_pitcheig"] = None if lam is None else abs(lam / ref - 1)
    done = [row[n]["seconds"] for n in ("bvp", "shoot") if row[n]["converged"]]
    row["fastest_baseline_seconds"] = min(done) if done else None
    row["ratio"] = row["pitcheig"]["seconds"] / min(done) if done else None
    return row


def cases(quick):
    return list(QUICK) if quick else [(None, None)] + [(e, a) for e in EPS for a in A]


def _fmt(x, spec):
    return "-" if x is None else format(x, spec)


def print_table(rows, cli):
    print(f"lambda_(+1), u = 0, ends both; pitcheig eigs(k=1, tol={TOL:g}); times in ms (baselines include the "
          f"P1 guess); err = |lambda/lambda_pitcheig - 1| (bvp: of its last successful solve); bvp nodes: of its "
          f"last solve attempted; ratio = pitcheig time / fastest converged baseline")
    print(f"{'eps':>7} {'a':>7} | {'pitch ms':>9} {'dofs':>5} {'cert':>4} | {'bvp ms':>9} {'conv':>4} "
          f"{'nodes':>6} {'err':>8} | {'shoot ms':>9} {'conv':>4} {'err':>8} | {'ratio':>7}")
    for r in rows:
        pc, bv, sh = r["pitcheig"], r["bvp"], r["shoot"]
        eps = "D=1" if r["eps"] is None else f"{r['eps']:.0e}"
        a = "" if r["a"] is None else f"{r['a']:.0e}"
        nodes = bv["history"][-1]["nodes"] if bv["history"] else 0     # of the last solve attempted
        print(f"{eps:>7} {a:>7} | {1e3 * pc['seconds']:>9.1f} {pc['dofs']:>5d} {'yes' if pc['converged'] else 'no':>4}"
              f" | {1e3 * bv['seconds']:>9.0f} {'yes' if bv['converged'] else 'no':>4} {nodes:>6d}"
              f" {_fmt(bv['rel_error_vs_pitcheig'], '8.1e')} | {1e3 * sh['seconds']:>9.0f}"
              f" {'yes' if sh['converged'] else 'no':>4} {_fmt(sh['rel_error_vs_pitcheig'], '8.1e')}"
              f" | {_fmt(r['ratio'], '7.4f')}")
    for r in rows:
        for name in ("bvp", "shoot"):
            if not r[name]["converged"]:
                print(f"  eps={r['eps']}, a={r['a']}: {name} not converged: {r[name].get('message')}")
    if cli:
        print(f"CLI: {cli['command']}: median {cli['median_seconds']:.2f} s over {len(cli['seconds'])} fresh "
              f"processes (exit codes {cli['exit_codes']})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="D = 1 and eps = 1e-2, a = 1e-4 only (for tests)")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--budget", type=float, default=BUDGET, help="wall budget per baseline and case [s]")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI timing")
    parser.add_argument("--no-shoot", action="store_true",
                        help="high-precision part: skip the shooting solver (about 40 s)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = [run_case(eps, a, args.repeats, args.budget) for eps, a in cases(args.quick)]
    cli = None if args.no_cli else cli_time()
    highprec = [highprec_row(name, eps, a, k, min(args.repeats, 3), not args.no_shoot)
                for name, eps, a, k in HP_CASES]
    total = time.perf_counter() - start
    print_table(rows, cli)
    print_highprec(highprec)
    print(f"total run time {total:.1f} s")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"rows": rows, "cli": cli, "highprec": highprec, "total_seconds": total, "tol": TOL,
                       "stated_tolerance": {"bvp": BVP_STATED, "shoot": SHOOT_STATED}}, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
