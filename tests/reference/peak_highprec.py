#!/usr/bin/env python
"""High-precision reference eigenvalues for the "peak model" Sturm-Liouville problem.

Written independently (helper session) from the mathematics only; it does not
use or read anything from solver/, symbolic/, studies/ or the other test files.

Problem
-------
    d/dmu[(1-mu^2) D(mu) dPsi/dmu] + lambda (u+mu) Psi = 0,  -1<mu<1,
    Psi bounded at mu=-1 and mu=+1,
    D = 1 + sum_{peaked ends s} F((1 - s mu)/b)/a,  b = j1^2 eps/2,
    F(w) = (pi/2) J_1(j1 sqrt w)^2/(j1^2 w) (0<=w<=1),  F = 0 for w>1.

Method
------
Shooting with power series, everything in mpmath.
* From each end s=+-1 the equation is written in the end-distance variable
  t = 1 - s mu (never computed from mu):  (p Psi_t)_t + lambda q Psi = 0,
  p = t(2-t) D,  q = u + s - s t.  The unknowns are Psi and the flux
  G = p dPsi/dt (continuous everywhere, also across the kink of D).
* A step from t0 with length h uses the local variable z=(t-t0)/h; with
  Psi = sum a_n z^n, G = sum g_n z^n, dPsi/dz = sum d_n z^n (d_n=(n+1)a_{n+1}):
      h g_n = sum_k p_k d_{n-k}           (series division by p)
      (n+1) g_{n+1} = -lambda h sum_k q_k a_{n-k}
  (p_k, q_k = Taylor coefficients of p, q in z).  At the end t=0, p_0=0 and the
  same relations give the regular Frobenius solution (Psi=1, G=0 at the end;
  indicial roots 0,0, the log solution is excluded automatically).  Every step
  is summed at z=1 and checked: it stops only when three consecutive terms of
  both series are below 10^-(dps+5) relative to the largest term, else error.
* Inside a peak (0<=w=t/b<=1) D = 1 + (pi/2) f(w)^2/a with
  f = J_1(x)/x, x = j1 sqrt(w), zeta = x^2/4, f = sum (-1)^k zeta^k/(2 k!(k+1)!).
  Taylor coefficients of f about zeta0>0 come from the ODE zeta f''+2f'+f=0,
  e_{n+2} = -[(n+1)(n+2) e_{n+1} + e_n]/(zeta0 (n+1)(n+2)), started from f, f'
  (power series) -- all at dps+30 digits to absorb the 1/a cancellation; then
  F = (pi/2) f*f, D = 1 + F/a, p = t(2-t) D as series.  The D=1 region uses the
  exact quadratic p = t(2-t).
* Step sizes: h = R/k with R the distance from the expansion point to the
  nearest singularity of the ODE: t=0, t=2, and inside a peak the complex zeros
  of D, w = 1 +- i*O(sqrt(a)) (found with findroot; a grid scan of |D| over
  |w|<=1.6 showed no other zeros).  The last step of a peak lands exactly on
  the kink w=1 (t=b), and the D=1 steps restart there; the last step lands
  exactly on the matching point.
* Matching at mu_m (D=1 there) through the Wronskian
  W = Psi_L G_R - Psi_R G_L, G = (1-mu^2) D dPsi/dmu = -s G_t, normalised by
  |(Psi_L,G_L)| |(Psi_R,G_R)|.  Brackets: sign changes of W/lambda on a grid
  (at 20 digits), walking outward from 0 on each side until two nonzero roots
  are found on each side (the trivial root lambda=0, double for u=0, is
  excluded); refined by secant at 20 digits, then by secant at full precision.

Error estimate
--------------
Four genuinely different runs per case:
    A: 50 digits, h=R/2, mu_m=0       B: 65 digits, h=R/2, mu_m=0
    C: 50 digits, h=R/4, mu_m=0.3     D: 65 digits, h=R/4, mu_m=-0.2
Run D (most careful) is reported; error_estimate = max |lambda_D - lambda_X|.

Checks done
-----------
* --validate (about 1.5 min): D=1 (no peak), u=0: lambda_{+1} =
  14.52800340936143808885697999724477567668, agreeing with the known
  14.528003409361438088856979997245 to all 32 given digits, lambda_{-1} =
  -lambda_{+1}; D=1 and u=0, 1/10, 0.03, -0.05: all four eigenvalues agree
  with an independent Legendre-coefficient pencil
  n(n+1)c_n = lambda[u c_n + n/(2n-1)c_{n-1} + (n+1)/(2n+3)c_{n+1}]
  (truncation 60 and 80, 70 digits, mpmath eig) to 1e-48..1e-50, i.e. to
  the accuracy of the 50-digit shooting runs.
* The four runs of every peak case agree to 1e-48..1e-50 (~48-50 digits).
* Case 1 (u=0, both ends peaked) is mirror symmetric: lambda_{-n} = -lambda_{+n}
  is reproduced to all digits.
* Outside this file, the peak cases were cross-checked with a crude,
  independent double-precision code (scipy DOP853, D evaluated pointwise with
  scipy.special.j1, Frobenius start at t=1e-7 b): agreement to 1e-14..1e-16
  relative for every eigenvalue; a fine scan (step 0.2) of W/lambda on
  [-50,50] with that code found exactly the roots reported here, so no
  eigenvalue is skipped and the labels are right.

Run time: about 75 s in total on one core (pure-Python mpmath backend):
case 1 ~30 s, case 2 ~20 s, case 3 ~10 s, case 4 ~13 s; the per-case times
are written into the JSON.
Usage (from /work/main):  python tests/reference/peak_highprec.py [--validate]
"""

import json
import os
import sys
import time
from fractions import Fraction

import mpmath as mp

CASES = [
    dict(eps="0.001", a="0.0001", ends="both", u="0"),
    dict(eps="0.000001", a="0.0001", ends="+1", u="0.1"),
    dict(eps="0.01", a="0.001", ends="-1", u="-0.05"),
    dict(eps="0.0001", a="0.01", ends="+1", u="0.03"),
]

RUNS = [  # (digits, k = R/h, matching point mu_m)
    (50, 2, "0"),
    (65, 2, "0"),
    (50, 4, "0.3"),
    (65, 4, "-0.2"),
]

LABELS = ["+1", "-1", "+2", "-2"]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def exact(s):
    """mpf of an exact decimal/fraction string at the current precision."""
    fr = Fraction(s)
    return mp.mpf(fr.numerator) / fr.denominator


# ----------------------------------------------------------------------------
# series step
# ----------------------------------------------------------------------------

def series_step(p, q, h, lam, a0, g0, singular, dps):
    """Sum Psi and G at z=1 for one step (see docstring).  p, q: coefficient
    lists in z (q has 2 entries).  singular: p[0]==0 (Frobenius at t=0)."""
    tol = mp.mpf(10) ** (-(dps + 5))
    nmax = 40 * dps + 200
    lh = -lam * h
    q0, q1 = q
    Kp = len(p)
    a = [a0]
    g = [g0]
    d = []
    sa, sg = a0, g0
    amax, gmax = abs(a0), abs(g0)
    quiet = 0
    n = 0
    if singular:
        p1inv = 1 / p[1]
    else:
        p0inv = 1 / p[0]
    while True:
        if singular:
            # g_{n+1} from a_n, a_{n-1}; then d_n from g_{n+1}
            acc = q0 * a[n]
            if n >= 1:
                acc += q1 * a[n - 1]
            gn1 = lh * acc / (n + 1)
            g.append(gn1)
            s = h * gn1
            # subtract sum_{k=2}^{n+1} p_k d_{n+1-k}
            m = min(n + 1, Kp - 1)
            if m >= 2:
                if m <= 3:
                    for k in range(2, m + 1):
                        s -= p[k] * d[n + 1 - k]
                else:
                    s -= mp.fdot(p[2:m + 1], d[n - 1::-1][:m - 1])
            dn = s * p1inv
            d.append(dn)
            an1 = dn / (n + 1)
            a.append(an1)
        else:
            s = h * g[n]
            m = min(n, Kp - 1)
            if m >= 1:
                if m <= 3:
                    for k in range(1, m + 1):
                        s -= p[k] * d[n - k]
                else:
                    s -= mp.fdot(p[1:m + 1], d[n - 1::-1][:m])
            dn = s * p0inv
            d.append(dn)
            an1 = dn / (n + 1)
            a.append(an1)
            acc = q0 * a[n]
            if n >= 1:
                acc += q1 * a[n - 1]
            gn1 = lh * acc / (n + 1)
            g.append(gn1)
        sa += an1
        sg += gn1
        aa, ag = abs(an1), abs(gn1)
        if aa > amax:
            amax = aa
        if ag > gmax:
            gmax = ag
        if n >= 6 and aa <= tol * max(amax, abs(sa)) and ag <= tol * max(gmax, abs(sg)):
            quiet += 1
            if quiet >= 3:
                return sa, sg, n
        else:
            quiet = 0
        n += 1
        if n > nmax:
            raise RuntimeError("series step did not converge (n=%d)" % n)


# ----------------------------------------------------------------------------
# problem set-up
# ----------------------------------------------------------------------------

class Setup:
    """All lambda-independent data for one case at one precision / step rule."""

    def __init__(self, case, dps, kfac, mu_m, peak=True):
        self.dps = dps
        self.case = case
        mp.mp.dps = dps
        self.kfac = kfac
        self.eps = exact(case["eps"])
        self.a = exact(case["a"])
        self.u = exact(case["u"])
        ends = case["ends"] if peak else "none"
        self.peaked = {+1: ends in ("both", "+1"), -1: ends in ("both", "-1")}
        mu_m = exact(mu_m)
        with mp.workdps(dps + 30):
            self.j1_hi = mp.besseljzero(1, 1)
        self.j1 = +self.j1_hi
        self.b = self.j1 ** 2 * self.eps / 2
        if self.peaked[1] or self.peaked[-1]:
            assert self.b < 1
            self.wz = self._dzero()
        self.sides = {}
        for s in (+1, -1):
            tm = 1 - s * mu_m
            self.sides[s] = self._plan(s, tm)
        self.nsteps = {s: len(self.sides[s]) for s in (1, -1)}

    # zeros of D = 1 + (pi/2) f(w)^2 / a near w = 1 (complex pair)
    def _dzero(self):
        with mp.workdps(30):
            j1 = self.j1_hi
            a = mp.mpf(self.a)
            c = mp.sqrt(2 * a / mp.pi)

            def f(w):
                x = j1 * mp.sqrt(w)
                return mp.besselj(1, x) / x

            w0 = 1 + 2j * c / mp.besselj(0, j1)
            wz = mp.findroot(lambda w: f(w) - 1j * c, w0)
            assert abs(1 + mp.pi / 2 * f(wz) ** 2 / a) < mp.mpf(10) ** -20
        return mp.mpc(wz)

    def _peak_p(self, w0, hw):
        """Coefficients in z (w = w0 + hw z) of p = t(2-t) D, t = b w."""
        dps = self.dps
        with mp.workdps(dps + 30):
            j1 = self.j1_hi
            a = exact(self.case["a"])
            b = mp.mpf(self.b)
            w0 = mp.mpf(w0)
            hw = mp.mpf(hw)
            c4 = j1 ** 2 / 4
            sig = c4 * hw  # zeta = zeta0 + sig z
            zeta0 = c4 * w0
            tiny = mp.mpf(10) ** (-(dps + 35))
            Kmax = 4 * dps + 100
            e = []
            if w0 == 0:
                ck = mp.mpf(1) / 2
                k = 0
                while True:
                    e.append(ck * sig ** k)
                    if k > 4 and abs(e[-1]) < tiny:
                        break
                    ck = -ck / ((k + 1) * (k + 2))
                    k += 1
                    if k > Kmax:
                        raise RuntimeError("f series")
            else:
                # f(zeta0), f'(zeta0) by the power series
                fv = mp.mpf(0)
                fd = mp.mpf(0)
                ck = mp.mpf(1) / 2
                k = 0
                while True:
                    term = ck * zeta0 ** k
                    fv += term
                    if k >= 1:
                        fd += k * ck * zeta0 ** (k - 1)
                    if k > 4 and abs(term) < tiny:
                        break
                    ck = -ck / ((k + 1) * (k + 2))
                    k += 1
                    if k > Kmax:
                        raise RuntimeError("f value series")
                en = [fv, fd]
                n = 0
                while True:
                    en.append(-((n + 1) * (n + 2) * en[n + 1] + en[n])
                              / (zeta0 * (n + 1) * (n + 2)))
                    n += 1
                    if n > 4 and abs(en[-1] * sig ** (n + 1)) < tiny and \
                            abs(en[-2] * sig ** n) < tiny:
                        break
                    if n > Kmax:
                        raise RuntimeError("f taylor recurrence")
                e = [en[k] * sig ** k for k in range(len(en))]
            K = len(e)
            F = [mp.fdot(e[:k + 1], e[k::-1]) * mp.pi / 2 for k in range(K)]
            D = [Fk / a for Fk in F]
            D[0] += 1
            t0 = b * w0
            h = b * hw
            T = [t0 * (2 - t0), 2 * h * (1 - t0), -h * h]
            p = []
            for k in range(K + 2):
                s = mp.mpf(0)
                for j in range(3):
                    if 0 <= k - j < K:
                        s += T[j] * D[k - j]
                p.append(s)
            pmax = max(abs(x) for x in p)
            while len(p) > 3 and abs(p[-1]) < pmax * tiny:
                p.pop()
        return [+x for x in p]

    def _plan(self, s, tm):
        """List of steps (p, q, h, singular) from end s to t = tm."""
        k = self.kfac
        u = self.u
        steps = []

        def qc(t0, h):
            return [u + s - s * t0, -s * h]

        if self.peaked[s]:
            b = self.b
            wz = self.wz
            hw = abs(wz) / k
            assert hw < 1
            steps.append((self._peak_p(0, hw), qc(0, b * hw), b * hw, True))
            w0 = hw
            while True:
                R = min(w0, abs(w0 - wz))
                hw = R / k
                last = w0 + hw >= 1
                if last:
                    hw = 1 - w0
                steps.append((self._peak_p(w0, hw), qc(b * w0, b * hw), b * hw, False))
                if last:
                    break
                w0 = w0 + hw
            t0 = b  # the kink, exactly
        else:
            h = min(mp.mpf(2) / k, tm)
            steps.append(([mp.mpf(0), 2 * h, -h * h], qc(0, h), h, True))
            t0 = h
        while t0 < tm:
            R = min(t0, 2 - t0)
            h = R / k
            last = t0 + h >= tm
            if last:
                h = tm - t0
            steps.append(([t0 * (2 - t0), 2 * h * (1 - t0), -h * h], qc(t0, h), h, False))
            if last:
                break
            t0 = t0 + h
        return steps

    def shoot(self, s, lam):
        psi, G = mp.mpf(1), mp.mpf(0)
        for (p, q, h, sing) in self.sides[s]:
            psi, G, _ = series_step(p, q, h, lam, psi, G, sing, self.dps)
        return psi, G  # G = G_t = t(2-t) D dPsi/dt

    def wronskian(self, lam):
        lam = mp.mpf(lam)
        pR, GtR = self.shoot(+1, lam)
        pL, GtL = self.shoot(-1, lam)
        GR, GL = -GtR, GtL  # G_mu = -s G_t
        W = pL * GR - pR * GL
        return W / mp.sqrt((pL ** 2 + GL ** 2) * (pR ** 2 + GR ** 2))


# ----------------------------------------------------------------------------
# root finding
# ----------------------------------------------------------------------------

def secant(fun, x0, x1, dps, maxit=40):
    f0, f1 = fun(x0), fun(x1)
    tol = mp.mpf(10) ** (-(dps - 4))
    for _ in range(maxit):
        if f1 == f0:
            return x1
        x2 = x1 - f1 * (x1 - x0) / (f1 - f0)
        x0, f0 = x1, f1
        x1, f1 = x2, fun(x2)
        if abs(x1 - x0) <= tol * abs(x1):
            return x1
    raise RuntimeError("secant did not converge")


def bracket_roots(case, peak=True):
    """Low precision (20 digits, h=R/2): find lambda_{+-1}, lambda_{+-2}."""
    st = Setup(case, 20, 2, "0", peak=peak)
    mp.mp.dps = 20

    def g(lam):  # sign-preserving W/lambda
        return st.wronskian(lam) / lam

    found = {}
    for sgn in (+1, -1):
        grid = [mp.mpf(x) / 100 for x in (1, 2, 4, 7, 10, 15, 20, 30, 40, 55, 70, 85, 100)]
        x = mp.mpf(1)
        while x < 4000:
            x += mp.mpf("0.5") if x < 3 else (1 if x < 60 else 2)
            grid.append(x)
        roots = []
        xp, gp = None, None
        for xa in grid:
            lam = sgn * xa
            gv = g(lam)
            if gp is not None and mp.sign(gv) != mp.sign(gp):
                r = secant(g, xp, lam, 16)
                lo, hi = sorted([xp, lam])
                if not (lo <= r <= hi):  # fall back to bisection
                    lo_, hi_ = (xp, lam)
                    glo = gp
                    for _ in range(60):
                        mid = (lo_ + hi_) / 2
                        gm = g(mid)
                        if mp.sign(gm) == mp.sign(glo):
                            lo_, glo = mid, gm
                        else:
                            hi_ = mid
                    r = (lo_ + hi_) / 2
                roots.append(r)
                if len(roots) == 2:
                    break
            xp, gp = lam, gv
        if len(roots) < 2:
            raise RuntimeError("did not find two roots of sign %d" % sgn)
        found["%+d" % sgn] = roots[0]
        found["%+d" % (2 * sgn)] = roots[1]
    return {"+1": found["+1"], "-1": found["-1"], "+2": found["+2"], "-2": found["-2"]}


def run_case(case, peak=True, runs=RUNS):
    t_start = time.time()
    br = bracket_roots(case, peak=peak)
    log("  brackets:", {k: mp.nstr(v, 17) for k, v in br.items()})
    results = []
    for (dps, kfac, mu_m) in runs:
        t1 = time.time()
        st = Setup(case, dps, kfac, mu_m, peak=peak)
        vals = {}
        for lab in LABELS:
            r0 = mp.mpf(br[lab])
            vals[lab] = secant(st.wronskian, r0, r0 * (1 + mp.mpf(10) ** -12), dps)
        results.append(vals)
        log("  run dps=%d k=%d mu_m=%s steps=%s  %.1fs" % (dps, kfac, mu_m, st.nsteps, time.time() - t1))
        for lab in LABELS:
            log("     ", lab, mp.nstr(vals[lab], 45))
    mp.mp.dps = max(r[0] for r in runs) + 10
    best = results[-1]
    err = {}
    for lab in LABELS:
        err[lab] = max(abs(best[lab] - r[lab]) for r in results[:-1])
    return best, err, br, time.time() - t_start


def legendre_pencil(u, N, dps=50):
    """Independent check for D=1: eigenvalues from the Legendre pencil."""
    mp.mp.dps = dps
    u = exact(u)
    A = mp.zeros(N, N)
    B = mp.zeros(N, N)
    for m in range(N):
        A[m, m] = m * (m + 1)
        B[m, m] = u
        if m > 0:
            B[m, m - 1] = mp.mpf(m) / (2 * m - 1)
        if m + 1 < N:
            B[m, m + 1] = mp.mpf(m + 1) / (2 * m + 3)
    E = mp.eig(mp.inverse(B) * A, left=False, right=False)
    E = [e.real for e in E if abs(e) > mp.mpf(10) ** -10]
    pos = sorted([e for e in E if e > 0])
    neg = sorted([e for e in E if e < 0], reverse=True)
    return {"+1": pos[0], "-1": neg[0], "+2": pos[1], "-2": neg[1]}


def validate():
    for u in ("0", "1/10", "0.03", "-0.05"):
        case = dict(eps="0.001", a="1", ends="none", u=u)
        best, err, br, sec = run_case(case, peak=False, runs=[(50, 2, "0"), (50, 4, "0.3")])
        L = legendre_pencil(u, 80, dps=70)
        L2 = legendre_pencil(u, 60, dps=70)
        mp.mp.dps = 70
        known = mp.mpf("14.528003409361438088856979997245")
        for lab in LABELS:
            log("validate u=%s %s shoot=%s  pencil-diff=%s (pencil N60-N80 %s) est.err=%s" % (
                u, lab, mp.nstr(best[lab], 40), mp.nstr(best[lab] - L[lab], 3),
                mp.nstr(L[lab] - L2[lab], 3), mp.nstr(err[lab], 3)))
        if u == "0":
            log("validate u=0: lambda_+1 - known =", mp.nstr(best["+1"] - known, 3),
                " lambda_-1 + known =", mp.nstr(best["-1"] + known, 3))


def main():
    if "--validate" in sys.argv:
        validate()
        return
    out = {
        "method": (
            "Shooting with mpmath power series, written independently from the equations. "
            "From each end s=+-1 the ODE is written in t=1-s*mu as (p Psi_t)_t + lambda q Psi = 0, "
            "p=t(2-t)D, q=u+s-s*t, with unknowns Psi and the flux G=p Psi_t. The regular Frobenius "
            "solution (Psi=1, G=0 at t=0) is generated by the series-division recurrence "
            "h g_n = sum p_k d_{n-k}, (n+1)g_{n+1} = -lambda h sum q_k a_{n-k}, and continued by Taylor "
            "steps of length R/k (R = distance to the nearest singularity: t=0, t=2, or the complex "
            "zeros of D near w=1+-i*O(sqrt a), computed by findroot), each step summed to 10^-(dps+5) "
            "with a three-term truncation check. Inside a peak the Taylor coefficients of D=1+(pi/2)f(w)^2/a, "
            "f=J_1(x)/x, come from the power series at w=0 and from the recurrence of zeta f''+2f'+f=0 about "
            "other points, at dps+30 digits; the peak steps end exactly at the kink w=1 (t=b) and the D=1 "
            "steps restart there. Solutions are matched at an interior mu_m through the normalised "
            "Wronskian Psi_L G_R - Psi_R G_L; roots are bracketed by sign changes of W/lambda at 20 digits "
            "and refined by secant. Four runs per case: (50 digits, h=R/2, mu_m=0), (65, R/2, 0), "
            "(50, R/4, 0.3), (65, R/4, -0.2); the last is reported and the error estimate is the largest "
            "difference to the other three. Validated with D=1: lambda_+1(u=0) = 14.5280034093614380888569799972..., "
            "and u=0.1, 0.03, -0.05 against an independent Legendre-coefficient pencil."),
        "written_by": "helper session, independent of solver/ and symbolic/",
        "digits": max(r[0] for r in RUNS),
        "cases": [],
    }
    for case in CASES:
        log("case", case)
        best, err, br, sec = run_case(case)
        mp.mp.dps = 80
        entry = dict(case)
        entry["lambda"] = {lab: mp.nstr(best[lab], 40) for lab in LABELS}
        entry["error_estimate"] = {lab: mp.nstr(max(err[lab], mp.mpf(10) ** -60), 2) for lab in LABELS}
        worst = max(err[lab] / abs(best[lab]) for lab in LABELS)
        entry["correct_digits_estimate"] = int(mp.floor(-mp.log10(worst))) if worst > 0 else 60
        if worst > mp.mpf(10) ** -30:
            entry["note"] = "fewer than 30 significant digits reached"
        entry["seconds"] = round(sec, 1)
        out["cases"].append(entry)
        log("  done in %.1fs" % sec)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peak_highprec.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    log("wrote", path)


if __name__ == "__main__":
    main()
