"""The paper's closed-form numbers and the flat problem (sections 3, 4.1, 5), recomputed.

Run:   python -m pitcheig.studies.claims        (about 3 s)

Numbers only; the verdicts are given by the rules of studies/verdicts.py in
studies/referee.py.  Computed here:

* S1' of eqs. (9)-(10): the paper's Gamma expression, the Weber-Schafheitlin
  integral and oscillatory quadrature; zeta(9/2) of eq. (6) and the share of
  the n >= 2 terms;
* the flat problem (eq. 17): lambda_1 ... lambda_6 from the certified solver;
  the truncation to the first six Legendre polynomials that section 4.1 says
  suffices (:func:`legendre_truncation`, independent of the solver); the WKB
  eigenvalues (:func:`wkb_eigenvalue`) that section 4.1 says apply for
  lambda >= lambda_2;
* eq. (35): eps for a 10 degree beam; eq. (36): the excess coefficient; eq. (46):
  the minimum of L^-1 and where it lies.
"""

import math

import mpmath
import numpy as np
from scipy import linalg, special

#: the eigenvalues of the flat problem computed (lambda_+1 ... lambda_+FLAT_K)
FLAT_K = 6


def s1_prime_paper():
    """S1' as the paper writes it (eq. 10): -567 Gamma(1/3)^2 / (6400 2^(1/3) Gamma(2/3)^3)."""
    g = mpmath.gamma
    return -567 * g(mpmath.mpf(1) / 3) ** 2 / (6400 * mpmath.cbrt(2) * g(mpmath.mpf(2) / 3) ** 3)


def s1_prime_weber_schafheitlin():
    """S1' = -(2/(q-3)) int_0^inf J1 J2 x^(1-q) dx, q = 13/3 (eq. 9), by the
    Weber-Schafheitlin integral
    int_0^inf J_m J_n t^-l dt = Gamma(l) Gamma((m+n-l+1)/2) /
        (2^l Gamma((-m+n+l+1)/2) Gamma((m+n+l+1)/2) Gamma((m-n+l+1)/2))."""
    m, n, lam = 1, 2, mpmath.mpf(10) / 3
    g = mpmath.gamma
    integral = g(lam) * g((m + n - lam + 1) / 2) / (
        2**lam * g((-m + n + lam + 1) / 2) * g((m + n + lam + 1) / 2) * g((m - n + lam + 1) / 2))
    return -mpmath.mpf(3) / 2 * integral


def s1_prime_quadrature():
    """The same integral by oscillatory quadrature (mpmath.quadosc), independently."""
    f = lambda x: mpmath.besselj(1, x) * mpmath.besselj(2, x) * x ** (-mpmath.mpf(10) / 3)  # noqa: E731
    head = mpmath.quad(f, [0, 1, 2 * mpmath.pi])
    tail = mpmath.quadosc(f, [2 * mpmath.pi, mpmath.inf], period=mpmath.pi)
    return -mpmath.mpf(3) / 2 * (head + tail)


def legendre_truncation(polynomials):
    """Eq. (17) on the first ``polynomials`` Legendre polynomials (section 4.1:
    "as few as the first six polynomials would suffice, with a cubic equation for
    lambda").  With Psi = sum c_n P_n, the operator gives -n(n+1) P_n and
    mu P_n = ((n+1) P_{n+1} + n P_{n-1})/(2n+1), so the truncated coefficient
    equations are the pencil diag(n(n+1)) c = lambda M c.

    Returns (positive eigenvalues ascending, number of finite eigenvalues = the
    degree of det(A - lambda M) in lambda, whether the spectrum is symmetric,
    i.e. det is a polynomial in lambda^2)."""
    n = np.arange(polynomials)
    a = np.diag(n * (n + 1.0))
    m = np.zeros((polynomials, polynomials))
    k = np.arange(polynomials - 1)
    m[k + 1, k] = (k + 1) / (2 * k + 1)
    m[k, k + 1] = (k + 1) / (2 * k + 3)
    w = linalg.eigvals(a, m)
    finite = np.sort(w[np.isfinite(w)].real)
    scale = max(1.0, float(np.max(np.abs(finite))))
    symmetric = bool(np.allclose(np.sort(finite), np.sort(-finite), atol=1e-9 * scale))
    return [float(x) for x in finite if x > 1e-8 * scale], int(finite.size), symmetric


def wkb_integral():
    """I = int_0^1 sqrt(mu / (1 - mu^2)) dmu = B(3/4, 1/2) / 2 (mu^2 = s)."""
    return 0.5 * special.beta(0.75, 0.5)


def wkb_eigenvalue(n):
    """The WKB eigenvalue of eq. (17) with n zeros in (0, 1): sqrt(lambda) I =
    (n + 1/2) pi.  The local wavenumber is sqrt(lambda mu/(1 - mu^2)); the phase
    at the simple turning point mu = 0 (decay for mu < 0) is pi/4, and at the
    regular singular end mu = 1, where Psi ~ J0(sqrt(2 lambda (1 - mu))), also
    pi/4 (J0(x) ~ cos(x - pi/4))."""
    return ((n + 0.5) * math.pi / wkb_integral()) ** 2


def results():
    from pitcheig import J1_ZERO, Flat, eigs
    with mpmath.workdps(20):
        s1_ws, s1_q, s1_p = s1_prime_weber_schafheitlin(), s1_prime_quadrature(), s1_prime_paper()
        zeta = mpmath.zeta(4.5)
    flat = eigs(Flat(), k=FLAT_K)
    lam = [flat.eigenvalue(n) for n in range(1, FLAT_K + 1)]
    six, degree, symmetric = legendre_truncation(6)
    delta = 1e-4
    eps_min = (2 * delta / 3) ** (2 / 3)                               # d/deps of eq. 46 = 0
    return {
        "s1_prime_paper": float(s1_p), "s1_prime_ws": float(s1_ws), "s1_prime_quadrature": float(s1_q),
        "zeta_9_2": float(zeta), "n_ge_2_share": float((zeta - 1) / zeta),
        "flat_lambda": lam, "flat_converged": bool(flat.converged),
        "flat_error_estimate": [flat[n].error_estimate for n in range(1, FLAT_K + 1)],
        "legendre6_lambda": six, "legendre6_degree": degree, "legendre6_symmetric": symmetric,
        "legendre_lambda1_by_size": {n: legendre_truncation(n)[0][0] for n in (5, 6, 7, 8, 10)},
        "wkb_lambda": [float(wkb_eigenvalue(n)) for n in range(1, FLAT_K + 1)],
        "eps_10deg": (math.radians(10) / J1_ZERO) ** 2,               # eq. 35: dtheta = j1 sqrt(eps)
        "delta": delta, "eps_min_L": eps_min,
        "L_inverse_min": lam[0] / 6 * (delta * math.log(1 / eps_min) + eps_min**1.5),
    }


def main():
    from pitcheig.studies import print_results
    return print_results(results())


if __name__ == "__main__":
    main()
