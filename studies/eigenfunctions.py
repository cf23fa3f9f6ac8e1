"""Eigenfunction claims (eqs. 21-23, 31-33, 35-36) and Fig. 2.

Run:   python -m pitcheig.studies.eigenfunctions [--out DIR]     (about 10 s)

* Phi = flat (D = 1) eigenfunction of lambda_1: its zero mu_1 (paper: ~0.8), and
  the Frobenius relations at mu = 1 (eqs. 31-32): Phi'(1) = (lambda/2) Phi(1),
  Phi''(1) = (lambda/4) Phi'(1), from Chebfun derivatives of the computed Phi.
* Psi = eigenfunction of lambda_{+1} with a peak at the +1 end (u = 0), scaled
  to Phi by least squares on [-1, 0.5] (outside the peak the outer solution is
  Phi to O(delta lambda)).  Measured: Psi(1)/Phi(1) against eq. (33)
  1/(1 + lambda b/2); the fractional deficit 1 - Psi(1)/Phi(1) against eq. (36)
  lambda_1 b/2 = 53.4 eps (the paper's "excess" is this beam amplitude); the
  width of the beam, the distance from mu = 1 at which |Psi - Phi| falls to
  half its end value, against b = j1^2 eps/2 (eq. 35).
* a figure (eigenfunctions.png; the paper's Fig. 2 itself is drawn by studies/asymptotics.py):
  Phi and Psi at eps = 2.1e-3 (a from eq. 11 with delta = 1e-4, and
  a = 1e-8), inset near mu = 1, and the difference panel that shows the beam.
"""

import os

import numpy as np

from pitcheig.studies import half_width

EPS_FIG = 2.1e-3
DELTA = 1e-4
A_SMALL = 1e-8
#: eps of the asymptotic sequences at a = A_SMALL (eqs. 33, 36, 41 against their corrections)
EPS_SEQUENCE = (2.1e-3, 1e-3, 4.6e-4, 2.1e-4, 1e-4, 4.6e-5, 2.1e-5, 1e-5)


def flat_phi():
    from pitcheig import Flat, eigs
    res = eigs(Flat(), k=1, function_tol=1e-12)
    return res.eigenvalue(1), res.eigenfunction(1)


def frobenius_relations(lam, phi):
    d1, d2 = phi.diff(), phi.diff().diff()
    at = np.array([1.0])
    p0, p1, p2 = phi(at)[0], d1(at)[0], d2(at)[0]
    return {"phi_prime_ratio": p1 / p0, "lambda_over_2": lam / 2,
            "phi_second_ratio": p2 / p1, "lambda_over_4": lam / 4}


def zero_of_phi(phi):
    roots = np.asarray(phi.roots())
    return float(roots[np.argmin(np.abs(roots - 0.8))])


def scaled_peak_eigenfunction(eps, a, phi):
    """(lambda, Psi scaled to Phi by least squares on [-1, 0.5], converged)."""
    from pitcheig import Peak, eigs
    res = eigs(Peak(eps, a, "+1"), k=1, function_tol=1e-10)
    psi = res.eigenfunction(1)
    mu = np.linspace(-1.0, 0.5, 400)
    p, f = psi(mu), phi(mu)
    return res.eigenvalue(1), psi * float(np.dot(p, f) / np.dot(p, p)), bool(res.converged)


def beam(eps, a, lam0, phi):
    from pitcheig import J1_ZERO
    lam, psi, converged = scaled_peak_eigenfunction(eps, a, phi)
    b = J1_ZERO**2 * eps / 2
    at = np.array([1.0])
    ratio = psi(at)[0] / phi(at)[0]
    t = np.geomspace(1e-4 * b, 20 * b, 4000)
    diff = np.abs(psi(1.0 - t) - phi(1.0 - t))
    half = half_width(t, diff)
    return {"eps": eps, "a": a, "b": b, "lambda": lam, "psi1_over_phi1": ratio,
            "eq33": 1.0 / (1.0 + lam0 * b / 2), "deficit": 1.0 - ratio, "eq36": lam0 * b / 2,
            "eq36_paper": 53.4 * eps, "half_width": half, "converged": converged}


def figure(path, phi, curves):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    mu = np.linspace(-1, 1, 2001)
    fig, (ax, axd) = plt.subplots(2, 1, figsize=(7, 8), sharex=False)
    ax.plot(mu, phi(mu), "k-", label=r"$\Phi$ (D = 1)")
    for label, psi in curves:
        ax.plot(mu, psi(mu), "--", label=label)
    ax.set_xlabel(r"$\mu$"), ax.set_ylabel(r"$\Psi_{\lambda_1}$"), ax.legend(loc="upper left")
    ax.set_title(rf"eigenfunctions: $\varepsilon$ = {EPS_FIG:g}, peak at $\mu$ = +1")
    ins = ax.inset_axes([0.55, 0.12, 0.4, 0.35])
    zoom = np.linspace(0.9, 1.0, 1001)
    ins.plot(zoom, phi(zoom), "k-")
    for _, psi in curves:
        ins.plot(zoom, psi(zoom), "--")
    ins.set_title(r"near $\mu = 1$", fontsize=8)
    for label, psi in curves:
        axd.plot(zoom, psi(zoom) - phi(zoom), label=label)
    axd.set_xlabel(r"$\mu$"), axd.set_ylabel(r"$\Psi - \Phi$ (the beam)"), axd.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def results(out_dir=None):
    from pitcheig.models import physical_a
    lam0, phi = flat_phi()
    out = {"lambda_flat": lam0, "mu_1": zero_of_phi(phi), **frobenius_relations(lam0, phi)}
    with np.errstate(all="ignore"):
        import chebpy
        out["U1_over_phi1_squared"] = float((chebpy.chebfun(lambda x: x, [-1.0, 1.0]) * phi * phi).sum()
                                            / phi(np.array([1.0]))[0] ** 2)
    a_phys = physical_a(EPS_FIG, DELTA)
    out["beam_physical"] = beam(EPS_FIG, a_phys, lam0, phi)
    out["beam_small_a"] = beam(EPS_FIG, A_SMALL, lam0, phi)
    out["beam_small_a_eps1e-4"] = beam(1e-4, A_SMALL, lam0, phi)
    out["beam_sequence"] = [beam(eps, A_SMALL, lam0, phi) for eps in EPS_SEQUENCE]
    if out_dir:
        curves = [(rf"$\Psi$, a = {a:.3g}" + (" (eq. 11)" if a == a_phys else ""),
                   scaled_peak_eigenfunction(EPS_FIG, a, phi)[1]) for a in (a_phys, A_SMALL)]
        out["figure"] = os.path.join(out_dir, "eigenfunctions.png")
        figure(out["figure"], phi, curves)
    return out


def main(argv=None):
    from pitcheig.studies import output_directory
    res = results(output_directory(__doc__, argv))
    print(f"flat lambda_1 = {res['lambda_flat']:.15f}; zero of Phi: mu_1 = {res['mu_1']:.12f} (paper ~0.8)")
    print(f"eq. 31-32: Phi'(1)/Phi(1) = {res['phi_prime_ratio']:.12f} "
          f"vs lambda/2 = {res['lambda_over_2']:.12f}; "
          f"Phi''(1)/Phi'(1) = {res['phi_second_ratio']:.12f} vs lambda/4 = {res['lambda_over_4']:.12f}")
    for key in ("beam_physical", "beam_small_a", "beam_small_a_eps1e-4"):
        r = res[key]
        print(f"eps = {r['eps']:g}, a = {r['a']:.3g}: Psi(1)/Phi(1) = {r['psi1_over_phi1']:.6f} "
              f"(eq. 33: {r['eq33']:.6f}); deficit {r['deficit']:.5f} (eq. 36: {r['eq36']:.5f}, "
              f"53.4 eps = {r['eq36_paper']:.5f}); half-width {r['half_width']:.3e} (b = {r['b']:.3e})")
    return res


if __name__ == "__main__":
    main()
