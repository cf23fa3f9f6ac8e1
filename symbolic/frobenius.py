"""Frobenius expansions of eq. (15) at the singular ends mu = s = +-1, derived with sympy.

With t = 1 - s mu (t >= 0 inside the interval) eq. (15) reads

    d/dt [ P(t) dPsi/dt ] + lam (u + s - s t) Psi = 0,    P(t) = t (2 - t) D(t),

because d/dmu = -s d/dt and 1 - mu^2 = t (2 - t).  D(t) = sum_k d_k t^k is the
Taylor data of D at the end (d_0 = D(s) > 0).  Writing P = sum_j p_j t^j:

* indicial equation: P ~ 2 d_0 t, so (P (t^r)')' ~ 2 d_0 r^2 t^(r-1):
  2 d_0 r^2 = 0, roots r = 0, 0;
* regular solution Psi_1 = sum_n c_n t^n, c_0 = 1: the coefficient of t^n of the
  equation gives c_(n+1) from c_n, ..., c_0 (``regular_recurrence``);
* log-singular solution Psi_2 = Psi_1 log t + sum_n e_n t^n, e_0 = 0: the same
  operator with a forcing from Psi_1 (``log_recurrence``).

Everything here is symbolic; :func:`generate` writes the recurrences as plain
Python (``_recurrence.py``, checked in with a "generated ... do not edit"
banner; tests/test_symbolic.py regenerates it and compares), so no sympy
arithmetic runs inside a numerical loop.  The generated functions work with
floats or with mpmath numbers alike.
"""

from pathlib import Path

import sympy as sp

t, n, j, m = sp.symbols("t n j m", integer=True, nonnegative=True)
lam, u, s = sp.symbols("lambda u s")
GENERATED = Path(__file__).with_name("_recurrence.py")


def taylor_symbols(count):
    """Symbols d_0, ..., d_(count-1) for the Taylor coefficients of D at the end."""
    return sp.symbols(f"d0:{count}")


def p_coefficients(d):
    """Taylor coefficients of P(t) = t (2 - t) D(t): p_j = 2 d_(j-1) - d_(j-2)."""
    tt = sp.Symbol("tt")
    poly = sp.expand(tt * (2 - tt) * sum(dk * tt**k for k, dk in enumerate(d)))
    return [poly.coeff(tt, k) for k in range(len(d) + 2)]


def operator_on_power():
    """(t^j (t^m)')' / t^(m+j-2) for symbolic m, j: the action of one term of P on one power."""
    tt = sp.Symbol("tt", positive=True)
    mm, jj = sp.symbols("mm jj")
    expr = sp.diff(tt**jj * sp.diff(tt**mm, tt), tt) / tt ** (mm + jj - 2)
    return sp.factor(sp.simplify(sp.powsimp(sp.expand(expr), force=True))).subs({mm: m, jj: j})


def indicial_roots():
    """Roots of the indicial equation (leading term of P is 2 d_0 t, p_0 = 0)."""
    d0 = sp.Symbol("d0", positive=True)
    r = sp.Symbol("r")
    leading = 2 * d0 * operator_on_power().subs({j: 1, m: r})   # coefficient of t^(r-1)
    return sp.roots(sp.Poly(sp.expand(leading / (2 * d0)), r))


def weight_coefficients(lam_=lam, u_=u, s_=s):
    """Taylor coefficients in t of the weight lam (u + mu) = lam (u + s - s t)."""
    tt = sp.Symbol("tt")
    poly = sp.Poly(sp.expand(lam_ * (u_ + s_ - s_ * tt)), tt)
    return [poly.coeff_monomial(tt**k) for k in range(2)]


def regular_recurrence():
    """(A(n, j), B(n)) of
    c_(n+1) = -( sum_(j=2..n+1) p_j A(n, j) c_(n+2-j) + sum_k w_k c_(n-k) ) / (p_1 B(n)).

    Derived from the coefficient of t^n: a term p_j t^j acting on c_k t^k lands on
    t^(k+j-2), so k = n + 2 - j; a term w_k t^k of the weight contributes
    w_k c_(n-k); j = 1 is the term that carries c_(n+1).  At the ends the weight
    is lam (u + s - s t) (``weight_coefficients``); inside the peak, in the
    variable w = t/b, it is another short series, hence the general form.
    """
    action = operator_on_power()
    summand_factor = sp.factor(action.subs(m, n + 2 - j))            # A(n, j)
    leading = sp.factor(action.subs({m: n + 1, j: 1}))                # B(n)
    return summand_factor, leading


def log_forcing():
    """The log solution's E = sum e_n t^n obeys the regular equation with the
    forcing f = -(P Psi_1'/t + (P Psi_1 / t)') (the log t terms cancel because
    Psi_1 solves the equation).  With P/t = sum_j q_j t^j (q_j = p_(j+1)) the
    coefficient of t^n is f_n = sum_(j + m = n + 1) q_j c_m * F(n, m); returns F."""
    tt = sp.Symbol("tt", positive=True)
    kk, jj = sp.symbols("kk jj")
    # one term q_j t^j of P/t and one term c_k t^k of Psi_1
    piece = tt**jj * sp.diff(tt**kk, tt) + sp.diff(tt**jj * tt**kk, tt)
    coefficient = sp.simplify(sp.powsimp(sp.expand(piece / tt ** (kk + jj - 1)), force=True))
    return -sp.factor(coefficient.subs(jj, n + 1 - kk)).subs(kk, m)   # with m = k


def check_series(order=5, values=None):
    """Substitute the truncated regular and log series (coefficients from the
    generated recurrences, weight lam (u + s - s t)) into the equation; return the lowest power of t left
    in each residual (expected: ``order``).  Symbolic in d_k, lam, u, s, unless
    ``values`` maps some of them to numbers (exact rationals keep it exact and fast)."""
    from . import _recurrence as rec
    values = values or {}
    d = [values.get(dk, dk) for dk in taylor_symbols(order + 2)]
    lam_, u_, s_ = (values.get(x, x) for x in (lam, u, s))
    p, w = p_coefficients(d), weight_coefficients(lam_, u_, s_)
    c = rec.regular_coefficients(order, p, w)
    e = rec.log_coefficients(order, p, w, c)
    tt, log_t = sp.Symbol("tt", positive=True), sp.Symbol("log_t")
    pp = tt * (2 - tt) * sum(dk * tt**k for k, dk in enumerate(d))
    weight = lam_ * (u_ + s_ - s_ * tt)
    psi1 = sum(ck * tt**k for k, ck in enumerate(c))
    psi2 = psi1 * sp.log(tt) + sum(ek * tt**k for k, ek in enumerate(e))
    lowest = []
    for psi in (psi1, psi2):
        residual = sp.diff(pp * sp.diff(psi, tt), tt) + weight * psi
        residual = sp.expand(sp.expand(residual).subs(sp.log(tt), log_t))
        coeffs = sp.Poly(residual, tt, log_t).terms()
        lowest.append(min(mono[0] for mono, coeff in coeffs if sp.cancel(coeff) != 0))
    return lowest


def closed_forms():
    """c_1/c_0 and c_2/c_0 of the regular series in general (u, lam, s, d_0, d_1), and
    the corresponding derivatives in mu: Psi'(s) = -s c_1, Psi''(s) = 2 c_2 (c_0 = 1)."""
    from . import _recurrence as rec
    d = taylor_symbols(3)
    c = rec.regular_coefficients(2, p_coefficients(d), weight_coefficients())
    c1, c2 = sp.factor(c[1]), sp.factor(c[2])
    return {"c1": c1, "c2": c2, "dpsi": sp.factor(-s * c1), "d2psi": sp.factor(2 * c2)}


BANNER = '''"""Recurrences of the Frobenius series of eq. (15) at mu = s = +-1, in t = 1 - s mu.

GENERATED by pitcheig.symbolic.frobenius.generate() from the sympy derivation in
frobenius.py -- do not edit; tests/test_symbolic.py regenerates and compares.
The functions take plain numbers (float, mpmath.mpf) or sympy symbols.
"""
'''


def boundary_row():
    """The regular boundary condition at mu = s as one linear relation between
    Psi'(s) and Psi(s): ``(a, b)`` with a Psi'(s) = lam b Psi(s), from the first
    Frobenius coefficient (Psi'(s) = -s c_1 with c_0 = 1, ``closed_forms``).
    The collocation solver imposes it as a boundary row: a on the operator side,
    b on the lambda side of the pencil.  Expected: a = 2 d_0, b = s (s + u)."""
    ratio = sp.factor(closed_forms()["dpsi"] / lam)          # Psi'(s) / (lam Psi(s))
    b, a = sp.fraction(sp.together(ratio))
    return sp.factor(a), sp.factor(b)


def generate():
    """Source text of ``_recurrence.py`` from the derived formulas."""
    a_nj, b_n = regular_recurrence()
    a_n0 = regular_point_recurrence()
    f_nm = log_forcing()
    row_a, row_b = boundary_row()
    code = sp.pycode
    return BANNER + f'''

def regular_coefficients(order, p, w):
    """c_0..c_order of the regular solution (c_0 = 1) of (P Psi')' + W Psi = 0 at a
    regular singular point t = 0: p = Taylor coefficients of P (p[0] = 0, p[1] != 0;
    at mu = s, P = t (2 - t) D), w = those of the weight; missing terms are zero."""
    c = [1 + 0 * p[1]]
    for n in range(order):
        acc = 0 * p[1]
        for k in range(0, min(n, len(w) - 1) + 1):
            acc = acc + w[k] * c[n - k]
        for j in range(2, min(n + 1, len(p) - 1) + 1):
            acc = acc + p[j] * ({code(a_nj)}) * c[n + 2 - j]
        c.append(-acc / (p[1] * ({code(b_n)})))
    return c


def log_coefficients(order, p, w, c):
    """e_0..e_order of the log solution Psi_1 log t + sum e_n t^n (e_0 = 0), given the
    regular coefficients c (at least order + 1 of them)."""
    q = list(p[1:])                                  # P / t = sum q_j t^j
    e = [0 * p[1]]
    for n in range(order):
        acc = 0 * p[1]
        for k in range(0, min(n, len(w) - 1) + 1):
            acc = acc + w[k] * e[n - k]
        for j in range(2, min(n + 1, len(p) - 1) + 1):
            acc = acc + p[j] * ({code(a_nj)}) * e[n + 2 - j]
        for m in range(0, n + 2):                    # minus the forcing f_n
            if n + 1 - m < len(q):
                acc = acc - q[n + 1 - m] * c[m] * ({code(f_nm)})
        e.append(-acc / (p[1] * ({code(b_n)})))
    return e


def regular_point_coefficients(order, p, w, a0, a1):
    """a_0..a_order of the solution with a_0 = Psi(t0), a_1 = Psi'(t0) about a regular
    point t0, in h = t - t0; p, w = Taylor coefficients of P(t0 + h) and of the weight."""
    a = [a0, a1]
    for n in range(order - 1):
        acc = 0 * a0
        for j in range(1, min(n + 2, len(p) - 1) + 1):
            acc = acc + p[j] * ({code(a_nj)}) * a[n + 2 - j]
        for j in range(0, min(n, len(w) - 1) + 1):
            acc = acc + w[j] * a[n - j]
        a.append(-acc / (p[0] * ({code(a_n0)})))
    return a


def regular_boundary_row(s, u, d0):
    """(a, b) of the regular end condition a Psi'(s) = lam b Psi(s) at mu = s = +-1,
    with d0 = D(s): the first Frobenius coefficient of the regular solution."""
    return ({code(row_a)}), ({code(row_b)})
'''


def regular_point_recurrence():
    """At a regular point (P(h) = sum_j P_j h^j, P_0 != 0, weight sum_j W_j h^j) the
    coefficient of h^n of (P Psi')' + W Psi gives a_(n+2) from the j = 0 term:
    a_(n+2) = -( sum_(j>=1) P_j A(n, j) a_(n+2-j) + sum_j W_j a_(n-j) ) / (P_0 A(n, 0)),
    with the same A(n, j) as the Frobenius recurrence.  Returns A(n, 0)."""
    a_nj, _ = regular_recurrence()
    return sp.factor(a_nj.subs(j, 0))


def write_generated(path=GENERATED):
    """Regenerate ``_recurrence.py``."""
    Path(path).write_text(generate())


if __name__ == "__main__":
    write_generated()
