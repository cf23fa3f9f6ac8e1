"""Frobenius expansions of eq. (15) at the singular ends mu = s = +-1, derived with sympy.

Eq. (15) of Malkov et al. (2010), d/dmu [(1 - mu^2) D(mu) dPsi/dmu] + lam (u + mu) Psi = 0,
has regular singular points at mu = +-1.  With t = 1 - s mu (t >= 0 inside the
interval) it reads::

    d/dt [ P(t) dPsi/dt ] + lam (u + s - s t) Psi = 0,    P(t) = t (2 - t) D(t),

because d/dmu = -s d/dt and 1 - mu^2 = t (2 - t).  D(t) = sum_k d_k t^k is the
Taylor data of D at the end (d_0 = D(s) > 0).  Writing P = sum_j p_j t^j:

* indicial equation: P ~ 2 d_0 t, so (P (t^r)')' ~ 2 d_0 r^2 t^(r-1):
  2 d_0 r^2 = 0, roots r = 0, 0;
* regular solution Psi_1 = sum_n c_n t^n, c_0 = 1: the coefficient of t^n of the
  equation gives c_(n+1) from c_n, ..., c_0 (:func:`regular_recurrence`);
* log-singular solution Psi_2 = Psi_1 log t + sum_n e_n t^n, e_0 = 0: the same
  operator with a forcing from Psi_1 (:func:`log_forcing`).

The paper uses the first terms of the regular series at mu = 1 for D = 1, u = 0
(eq. 17): eq. (31) writes them as Phi(1) - Phi'(1) b w + Phi''(1) b^2 w^2 / 2, the log
solution giving its ln w term, and the text after eq. (34) states
Phi'(1) = (lam/2) Phi(1), Phi''(1) = (lam/4) Phi'(1); :func:`closed_forms` gives these
for general u, D and end s, and :func:`boundary_row` the regular end condition
2 D(s) Psi'(s) = lam s (s + u) Psi(s) that the collocation solver imposes.

Everything here is symbolic; :func:`generate` writes the recurrences as plain
Python (``_recurrence.py``, checked in with a "generated ... do not edit"
banner; tests/test_symbolic.py regenerates it and compares), so no sympy
arithmetic runs inside a numerical loop.  The generated functions work with
floats or with mpmath numbers alike.

Module symbols (sympy): ``lam``, ``u``, ``s`` (lambda, the flow speed u and the end
s = +-1 of eq. 15) and the nonnegative integers ``n``, ``j``, ``m`` in which the
recurrences are written; :data:`GENERATED` is the path of ``_recurrence.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

import sympy as sp

__all__ = [
    "lam", "u", "s", "n", "j", "m", "GENERATED",
    "taylor_symbols", "p_coefficients", "weight_coefficients", "operator_on_power", "indicial_roots",
    "regular_recurrence", "log_forcing", "regular_point_recurrence", "check_series", "closed_forms",
    "boundary_row", "generate", "write_generated",
]

#: Nonnegative integer symbols: t (unused), and n, j, m, the indices of the recurrences.
t, n, j, m = sp.symbols("t n j m", integer=True, nonnegative=True)
#: The parameters of eq. (15): lam (lambda), u (the flow speed) and s (the end, +1 or -1).
lam, u, s = sp.symbols("lambda u s")
#: The generated module of recurrences, ``symbolic/_recurrence.py`` (written by :func:`write_generated`).
GENERATED = Path(__file__).with_name("_recurrence.py")


def taylor_symbols(count: int) -> tuple[sp.Symbol, ...]:
    """Symbols d_0, ..., d_(count-1) for the Taylor coefficients of D at the end, D(t) = sum d_k t^k.

    Parameters
    ----------
    count : int
        How many, >= 1.

    Returns
    -------
    tuple of sympy.Symbol
        ``d0, d1, ...`` (equal to any ``sympy.Symbol("dk")`` of the same name).

    Examples
    --------
    >>> from pitcheig.symbolic.frobenius import taylor_symbols
    >>> taylor_symbols(3)
    (d0, d1, d2)
    """
    return sp.symbols(f"d0:{count}")


def p_coefficients(d: Sequence[Any]) -> list[Any]:
    """Taylor coefficients of P(t) = t (2 - t) D(t), the flux coefficient of eq. (15) in t = 1 - s mu.

    p_0 = 0, p_1 = 2 d_0 and p_j = 2 d_(j-1) - d_(j-2) for j >= 2 (1 - mu^2 = t (2 - t)).

    Parameters
    ----------
    d : sequence
        Taylor coefficients d_0, d_1, ... of D at the end (sympy expressions or numbers).

    Returns
    -------
    list
        p_0, ..., p_(len(d) + 1), sympy expressions.

    Examples
    --------
    >>> from pitcheig.symbolic.frobenius import p_coefficients, taylor_symbols
    >>> p_coefficients(taylor_symbols(2))
    [0, 2*d0, -d0 + 2*d1, -d1]
    >>> p_coefficients([1])                      # D = 1: P = 2 t - t^2
    [0, 2, -1]
    """
    tt = sp.Symbol("tt")
    poly = sp.expand(tt * (2 - tt) * sum(dk * tt**k for k, dk in enumerate(d)))
    return [poly.coeff(tt, k) for k in range(len(d) + 2)]


def operator_on_power() -> sp.Expr:
    """The action of one term of P on one power: (t^j (t^m)')' / t^(m+j-2), for symbolic m, j.

    A term p_j t^j of P acting on c_m t^m gives p_j m (j + m - 1) t^(m+j-2); every
    recurrence below is built from this factor.

    Returns
    -------
    sympy.Expr
        ``m*(j + m - 1)``, in the module symbols m, j.

    Examples
    --------
    >>> from pitcheig.symbolic.frobenius import operator_on_power
    >>> operator_on_power()
    m*(j + m - 1)
    """
    tt = sp.Symbol("tt", positive=True)
    mm, jj = sp.symbols("mm jj")
    expr = sp.diff(tt**jj * sp.diff(tt**mm, tt), tt) / tt ** (mm + jj - 2)
    return sp.factor(sp.simplify(sp.powsimp(sp.expand(expr), force=True))).subs({mm: m, jj: j})


def indicial_roots() -> dict[Any, int]:
    """Roots of the indicial equation of eq. (15) at mu = +-1, with multiplicities.

    P ~ 2 d_0 t near t = 0 (p_0 = 0), so (P (t^r)')' ~ 2 d_0 r^2 t^(r-1): 2 d_0 r^2 = 0,
    a double root r = 0 -- one analytic solution and one with a log t singularity, the
    structure the paper's eq. (31) uses (its ln w term).

    Returns
    -------
    dict
        {root: multiplicity}, here ``{0: 2}``.

    Examples
    --------
    >>> from pitcheig.symbolic.frobenius import indicial_roots
    >>> indicial_roots()
    {0: 2}
    """
    d0 = sp.Symbol("d0", positive=True)
    r = sp.Symbol("r")
    leading = 2 * d0 * operator_on_power().subs({j: 1, m: r})   # coefficient of t^(r-1)
    return sp.roots(sp.Poly(sp.expand(leading / (2 * d0)), r))


def weight_coefficients(lam_: Any = lam, u_: Any = u, s_: Any = s) -> list[Any]:
    """Taylor coefficients in t of the weight of eq. (15), lam (u + mu) = lam (u + s - s t).

    Parameters
    ----------
    lam_ : sympy expression or number, default the symbol ``lam``
        The eigenvalue lambda.
    u_ : sympy expression or number, default the symbol ``u``
        The flow speed u of eq. (15).
    s_ : sympy expression or number, default the symbol ``s``
        The end, s = +1 or -1.

    Returns
    -------
    list
        [lam (u + s), -lam s].

    Examples
    --------
    >>> from pitcheig.symbolic.frobenius import weight_coefficients
    >>> weight_coefficients()
    [lambda*s + lambda*u, -lambda*s]
    >>> weight_coefficients(29, 0, 1)
    [29, -29]
    """
    tt = sp.Symbol("tt")
    poly = sp.Poly(sp.expand(lam_ * (u_ + s_ - s_ * tt)), tt)
    return [poly.coeff_monomial(tt**k) for k in range(2)]


def regular_recurrence() -> tuple[sp.Expr, sp.Expr]:
    """The recurrence of the regular Frobenius series Psi_1 = sum c_n t^n (c_0 = 1) of eq. (15).

    Returns (A(n, j), B(n)) of

        c_(n+1) = -( sum_(j=2..n+1) p_j A(n, j) c_(n+2-j) + sum_k w_k c_(n-k) ) / (p_1 B(n)).

    Derived from the coefficient of t^n: a term p_j t^j acting on c_k t^k lands on
    t^(k+j-2), so k = n + 2 - j; a term w_k t^k of the weight contributes
    w_k c_(n-k); j = 1 is the term that carries c_(n+1).  At the ends the weight
    is lam (u + s - s t) (``weight_coefficients``); inside the peak, in the
    variable w = t/b, it is another short series, hence the general form.

    Returns
    -------
    A : sympy.Expr
        A(n, j), in the module symbols n, j.
    B : sympy.Expr
        B(n) = (n + 1)^2 (nonzero: the double indicial root 0 leaves no resonance).

    Examples
    --------
    >>> from pitcheig.symbolic.frobenius import regular_recurrence
    >>> regular_recurrence()
    (-(n + 1)*(j - n - 2), (n + 1)**2)
    """
    action = operator_on_power()
    summand_factor = sp.factor(action.subs(m, n + 2 - j))            # A(n, j)
    leading = sp.factor(action.subs({m: n + 1, j: 1}))                # B(n)
    return summand_factor, leading


def log_forcing() -> sp.Expr:
    """The forcing factor F(n, m) of the log-singular solution Psi_2 = Psi_1 log t + sum e_n t^n.

    E = sum e_n t^n (e_0 = 0) obeys the regular equation with the forcing
    f = -(P Psi_1'/t + (P Psi_1 / t)') (the log t terms cancel because Psi_1 solves the
    equation).  With P/t = sum_j q_j t^j (q_j = p_(j+1)) the coefficient of t^n is
    f_n = sum_(j + m = n + 1) q_j c_m F(n, m).

    Returns
    -------
    sympy.Expr
        F(n, m), in the module symbols n, m.

    Examples
    --------
    >>> from pitcheig.symbolic.frobenius import log_forcing
    >>> log_forcing()
    -m - n - 1
    """
    tt = sp.Symbol("tt", positive=True)
    kk, jj = sp.symbols("kk jj")
    # one term q_j t^j of P/t and one term c_k t^k of Psi_1
    piece = tt**jj * sp.diff(tt**kk, tt) + sp.diff(tt**jj * tt**kk, tt)
    coefficient = sp.simplify(sp.powsimp(sp.expand(piece / tt ** (kk + jj - 1)), force=True))
    return -sp.factor(coefficient.subs(jj, n + 1 - kk)).subs(kk, m)   # with m = k


def check_series(order: int = 5, values: Mapping[Any, Any] | None = None) -> list[int]:
    """Substitute the truncated regular and log series back into eq. (15); the order of the residual.

    The coefficients come from the generated recurrences (``_recurrence.py``), the
    weight is lam (u + s - s t); the residual of a correct series of order N starts at
    t^N.  Symbolic in d_k, lam, u, s unless ``values`` maps some of them to numbers
    (exact rationals keep it exact and fast; fully symbolic, order 3 takes ~7 s).

    Parameters
    ----------
    order : int, default 5
        The truncation order N >= 1 of both series.
    values : mapping, optional
        Values for some of ``lam``, ``u``, ``s`` and the d_k (:func:`taylor_symbols`).

    Returns
    -------
    list of int
        The lowest power of t left in the residual of the regular and of the log series
        (both expected to be ``order``).

    Examples
    --------
    D = 1, u = 1/10 at mu = 1:

    >>> import sympy as sp
    >>> from pitcheig.symbolic import frobenius as fr
    >>> values = {fr.lam: sp.Rational(29, 2), fr.u: sp.Rational(1, 10), fr.s: 1,
    ...           **{dk: int(k == 0) for k, dk in enumerate(fr.taylor_symbols(4))}}
    >>> fr.check_series(2, values)
    [2, 2]
    """
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


def closed_forms() -> dict[str, sp.Expr]:
    """The first two regular Frobenius coefficients at mu = s, and the derivatives they give.

    c_1/c_0 and c_2/c_0 of the regular series in general (u, lam, s, d_0 = D(s),
    d_1 = the first Taylor coefficient of D in t), and Psi'(s) = -s c_1,
    Psi''(s) = 2 c_2 (c_0 = 1).  At D = 1, u = 0, s = 1 (eq. 17) they give the paper's
    Phi'(1) = (lam/2) Phi(1) and Phi''(1) = (lam/4) Phi'(1) (after eq. 34; the terms of
    eq. 31); in general 2 d_0 Psi'(s) = s lam (s + u) Psi(s).

    Returns
    -------
    dict
        ``"c1"``, ``"c2"``, ``"dpsi"`` (Psi'(s)/Psi(s)) and ``"d2psi"`` (Psi''(s)/Psi(s)),
        sympy expressions in lam, u, s, d0, d1.

    Examples
    --------
    >>> import sympy as sp
    >>> from pitcheig.symbolic import frobenius as fr
    >>> forms = fr.closed_forms()
    >>> forms["dpsi"]
    lambda*s*(s + u)/(2*d0)
    >>> paper = {fr.s: 1, fr.u: 0, sp.Symbol("d0"): 1, sp.Symbol("d1"): 0}
    >>> forms["dpsi"].subs(paper), sp.simplify((forms["d2psi"] / forms["dpsi"]).subs(paper))
    (lambda/2, lambda/4)
    """
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


def boundary_row() -> tuple[sp.Expr, sp.Expr]:
    """The regular end condition at mu = s as one linear relation: a Psi'(s) = lam b Psi(s).

    From the first Frobenius coefficient (Psi'(s) = -s c_1 with c_0 = 1,
    :func:`closed_forms`).  The collocation solver imposes it as a boundary row: a on the
    operator side, b on the lambda side of the pencil.  It is eq. (15) evaluated at
    mu = s for a regular Psi, where 1 - mu^2 vanishes: -2 s D(s) Psi'(s) + lam (u + s) Psi(s) = 0.

    Returns
    -------
    a : sympy.Expr
        2 d_0 (d_0 = D(s)).
    b : sympy.Expr
        s (s + u).

    Examples
    --------
    >>> from pitcheig.symbolic.frobenius import boundary_row
    >>> boundary_row()
    (2*d0, s*(s + u))
    """
    ratio = sp.factor(closed_forms()["dpsi"] / lam)          # Psi'(s) / (lam Psi(s))
    b, a = sp.fraction(sp.together(ratio))
    return sp.factor(a), sp.factor(b)


def generate() -> str:
    """Source text of ``_recurrence.py``: the derived recurrences as plain Python functions.

    The module holds ``regular_coefficients``, ``log_coefficients``,
    ``regular_point_coefficients`` and ``regular_boundary_row``, written from
    :func:`regular_recurrence`, :func:`log_forcing`, :func:`regular_point_recurrence` and
    :func:`boundary_row`; they take floats, mpmath numbers or sympy expressions.

    Returns
    -------
    str
        The source, with a "GENERATED ... do not edit" banner.

    Examples
    --------
    >>> from pitcheig.symbolic.frobenius import generate, GENERATED
    >>> source = generate()
    >>> source == GENERATED.read_text()              # the checked-in file is current
    True
    >>> print(source.splitlines()[2])
    GENERATED by pitcheig.symbolic.frobenius.generate() from the sympy derivation in
    """
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


def regular_point_recurrence() -> sp.Expr:
    """The leading factor A(n, 0) of the Taylor recurrence of eq. (15) about a regular point.

    At a regular point (P(h) = sum_j P_j h^j, P_0 != 0, weight sum_j W_j h^j) the
    coefficient of h^n of (P Psi')' + W Psi gives a_(n+2) from the j = 0 term:
    a_(n+2) = -( sum_(j>=1) P_j A(n, j) a_(n+2-j) + sum_j W_j a_(n-j) ) / (P_0 A(n, 0)),
    with the same A(n, j) as the Frobenius recurrence (:func:`regular_recurrence`).

    Returns
    -------
    sympy.Expr
        A(n, 0) = (n + 1)(n + 2).

    Examples
    --------
    >>> from pitcheig.symbolic.frobenius import regular_point_recurrence
    >>> regular_point_recurrence()
    (n + 1)*(n + 2)
    """
    a_nj, _ = regular_recurrence()
    return sp.factor(a_nj.subs(j, 0))


def write_generated(path: str | Path = GENERATED) -> None:
    """Regenerate ``_recurrence.py`` (or write it to ``path``) from :func:`generate`.

    Parameters
    ----------
    path : str or pathlib.Path, default GENERATED
        Where to write; the default overwrites the package's ``_recurrence.py``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from pitcheig.symbolic.frobenius import write_generated, GENERATED
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_generated(Path(tmp) / "rec.py")
    ...     (Path(tmp) / "rec.py").read_text() == GENERATED.read_text()
    True
    """
    Path(path).write_text(generate())


if __name__ == "__main__":
    write_generated()
