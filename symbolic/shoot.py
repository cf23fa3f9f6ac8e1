"""Independent eigen-solver from the regular Frobenius series (issue 3, item 3).

The regular solution at each end s = +-1 is summed from the generated
recurrence (``_recurrence.regular_coefficients``) at the matching point
mu = 0 (t = 1 from both ends), and the eigenvalues are the roots of the
Wronskian W(lam) = Psi_L G_R - Psi_R G_L, G = (1 - mu^2) D dPsi/dmu.  Brackets
come from a sign-change scan in double precision; each root is then polished
with mpmath at ``digits`` + 10 digits.

State in this session: models whose end series reach mu = 0 -- the flat model
(the series at mu = +-1 converge for t < 2, the distance to the other singular
end, so at t = 1 the terms fall like 2^-n).  The peak model needs analytic
continuation across the peak (its series converges only to t ~ b); that, the
CLI ``--method shoot`` and the user-D Taylor fit are the rest of issue 3.
"""

import math

import mpmath

from . import _recurrence


def p_from_d(d):
    """Taylor coefficients of P(t) = t (2 - t) D(t): p_j = 2 d_(j-1) - d_(j-2) (frobenius.p_coefficients)."""
    zero = 0 * d[0]
    padded = [zero, zero] + list(d) + [zero]        # padded[j + 1] = d_(j - 1)
    return [zero] + [2 * padded[j + 1] - padded[j] for j in range(1, len(d) + 2)]


def regular_at(d, s, lam, u, t, terms):
    """Psi and dPsi/dt of the regular series (Psi(end) = 1) at t, with ``terms`` terms,
    and the size of the last three terms (the truncation indicator)."""
    c = _recurrence.regular_coefficients(terms, p_from_d(d), lam, u, s)
    powers = [t**k for k in range(terms + 1)]
    psi = sum(ck * pk for ck, pk in zip(c, powers))
    dpsi = sum(k * c[k] * powers[k - 1] for k in range(1, terms + 1))
    tail = max(abs(c[k] * powers[k]) for k in range(terms - 2, terms + 1))
    return psi, dpsi, tail


def wronskian(d_left, d_right, lam, u, terms):
    """W(lam) at mu = 0 (t = 1 from both ends; there 1 - mu^2 = 1 and D = d(mu=0) = 1)."""
    psi_r, dpsi_r, tail_r = regular_at(d_right, 1, lam, u, 1, terms)
    psi_l, dpsi_l, tail_l = regular_at(d_left, -1, lam, u, 1, terms)
    g_r, g_l = -dpsi_r, dpsi_l          # dPsi/dmu = -s dPsi/dt
    return psi_l * g_r - psi_r * g_l, max(tail_r, tail_l)


def _terms_for(digits, lam):
    """Series length for the terms to fall below 10^-digits at t = 1 (ratio 1/2),
    with room for the initial growth of c_n ~ lam^n / (n!)^2 (empirical margin)."""
    return int((digits + 8) * math.log2(10)) + int(4 * math.sqrt(abs(lam))) + 40


def _scan(d_left, d_right, u, sign, k, start):
    """Brackets of the first k roots of W on one side of lam = 0, in double precision."""
    brackets, lam = [], sign * start
    w_old, _ = wronskian(d_left, d_right, lam, u, _terms_for(16, lam))
    while len(brackets) < k:
        new = lam * 1.02
        w_new, _ = wronskian(d_left, d_right, new, u, _terms_for(16, new))
        if w_old * w_new < 0:
            brackets.append((lam, new))
        lam, w_old = new, w_new
        if abs(lam) > 1e6:
            raise RuntimeError("root scan ran past |lambda| = 1e6")
    return brackets


def flat_eigenvalues(u=0.0, k=2, digits=32):
    """lambda_{+1..+k}, lambda_{-1..-k} of the flat problem (D = 1) to ``digits`` digits.

    Returns {label: mpmath.mpf}.  The advective root (u != 0) is found because the
    scan starts at |lambda| = |u| / 100 (it is ~ -6u)."""
    d = [1.0]
    start = abs(u) / 100 if u else 1e-3
    out = {}
    for sign in (1, -1):
        for i, (lo, hi) in enumerate(_scan(d, d, u, sign, k, start)):
            with mpmath.workdps(digits + 10):
                dm, um = [mpmath.mpf(1)], mpmath.mpf(u)

                def w(lam):
                    return wronskian(dm, dm, lam, um, _terms_for(digits + 10, float(lam)))[0]
                root = mpmath.findroot(w, (mpmath.mpf(lo), mpmath.mpf(hi)), solver="anderson")
                out[sign * (i + 1)] = +root
    return out
