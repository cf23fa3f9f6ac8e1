r"""
Fig. 2 of the paper: the flat eigenfunction and the perturbed solution
======================================================================

Fig. 2 of Malkov, Diamond, Drury & Sagdeev (2010) shows the unperturbed eigenfunction
Phi = Psi^(0)_{lambda_1} of eq. (17) (dashed), the perturbed outer solution of eqs. (19)
and (23) (solid), and, in an inset, how they behave at the end point mu = 1:

.. math::

   \frac{d}{d\mu}\Big[(1-\mu^2)\frac{d\Phi}{d\mu}\Big] + \lambda_1 \mu \Phi = 0, \qquad
   \Psi^{out} = \Phi + \delta\lambda\,\Psi^{(1)}, \qquad
   \Psi^{(1)} = C\,\Phi \ln\frac{1-\mu}{2} + S(\mu), \qquad
   \delta\lambda = \frac{\lambda_1^2 \Phi(1)^2 b^2}{4 U(1)} .

We redraw it with the package: Phi from ``eigs(Flat())``, with the paper's sign
Phi(1) < 0 and U(1) = int mu Phi^2 = 1; the outer solution from
``pitcheig.studies.asymptotics`` (eqs. 19, 23, 34); and, what the paper could not
draw, the exact eigenfunction Psi_{+1} of eq. (15) with the peaked D of eqs. (24)-(26)
at the paper's point (eps = 2.1e-3, a from eq. 11 with delta = V_A/c = 1e-4, the peak at
mu = +1), scaled so that Psi(-1) = Phi(-1).  The inset, against log10(1 - mu), shows the
outer solution's log term diverging at mu = 1 while the exact Psi stays bounded and is
pulled toward zero within b = j1^2 eps / 2 of the end (eq. 33).

:Parameters: D = 1 (eq. 17) and Physical(eps=2.1e-3, delta=1e-4, ends="+1"), u = 0, k = 1.
:Run time: about 1.5 s (two eigen-solves, the outer solution's Chebyshev series, matplotlib).
:Run: ``python docs/examples/figure2.py [FIGURE.png]``
"""

import sys

import numpy as np
from scipy import optimize

from pitcheig import J1_ZERO, Flat, Physical, eigs

EPS, DELTA = 2.1e-3, 1e-4


# %%
# The flat eigenpair and the zero of Phi
# --------------------------------------
# ``eigs`` normalises abs(int (u + mu) Psi^2 dmu) = 1 with Psi(1) > 0; the paper draws
# Phi(1) < 0 (sec. 4.3), so we flip the sign.  The zero mu_1 of Phi (the paper's
# "mu_1 ~ 0.8") is where a source must not be concentrated for a bump to form.

def flat_pair():
    """(lambda_1, its error estimate, Phi with Phi(1) < 0, mu_1)."""
    result = eigs(Flat(), k=1)
    psi = result.eigenfunction(+1)

    def phi(mu):
        return -psi(np.asarray(mu, dtype=float))
    mu1 = optimize.brentq(lambda x: float(phi(np.array([x]))[0]), 0.5, 0.95, xtol=1e-15)
    return result.eigenvalue(+1), result[+1].error_estimate, phi, mu1


# %%
# The exact eigenfunction with the peak
# -------------------------------------
# ``Physical`` is the peak model with a tied to eps by eq. (11).  The exact Psi_{+1}
# is scaled to Phi at mu = -1, far from the peak, where the outer expansion is
# normalised too (Psi^(1)(-1) = 0).

def peaked_pair(phi):
    model = Physical(EPS, DELTA, ends="+1")
    result = eigs(model, k=1)
    psi = result.eigenfunction(+1)
    scale = float(phi(np.array([-1.0]))[0]) / float(psi(np.array([-1.0]))[0])
    return model, result, (lambda mu: scale * psi(np.asarray(mu, dtype=float)))


def main(path=None):
    """Draw Fig. 2 (saved to ``path`` and closed if one is given, left open for the
    gallery otherwise) and return the headline numbers: lambda_1 of eq. (17) and its
    estimate, mu_1, lambda_{+1} at the paper's point and its estimate, and the exact
    and eq. (33) values of Psi(1)/Phi(1)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from pitcheig.studies.asymptotics import dlam_eq34, flat_solution, outer

    lam1, lam1_error, phi, mu1 = flat_pair()
    model, peaked, psi = peaked_pair(phi)
    b = 0.5 * J1_ZERO**2 * EPS
    flat = flat_solution()                 # Phi as a Legendre series, the paper's sign and scale
    dlam = dlam_eq34(flat, b)
    end_ratio = float(psi(np.array([1.0]))[0] / phi(np.array([1.0]))[0])

    # The figure: the main panel as the paper draws it, the inset near mu = 1.
    mu = np.linspace(-1.0, 1.0, 801)[:-1]           # the outer solution is singular at mu = 1
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.plot(mu, phi(mu), "k--", label=r"$\Phi$, eq. 17")
    ax.plot(mu, outer(mu, flat, dlam), "k-", label=r"$\Phi + \delta\lambda\,\Psi^{(1)}$, eqs. 19, 23, 34")
    ax.plot(mu, psi(mu), "C3-", lw=2.5, alpha=0.4, label=r"exact $\Psi_{+1}$, eq. 15 (peak at +1)")
    ax.axvline(mu1, color="0.7", lw=0.8)
    ax.text(mu1, ax.get_ylim()[1], r" $\mu_1$", va="top", fontsize=8)
    ax.set_xlabel(r"$\mu$"), ax.set_ylabel(r"$\Psi$  ($\int\mu\Phi^2 d\mu = 1$)")
    ax.set_title(rf"$\varepsilon$ = {EPS:g}, a = {model.a:.3g}, b = {b:.4f}; $\lambda_1$ = {lam1:.6f}, "
                 rf"$\lambda_{{+1}}$ = {peaked.eigenvalue(1):.6f}", fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    inset = ax.inset_axes([0.1, 0.08, 0.48, 0.4])
    t = np.logspace(-9, -0.5, 400)
    inset.plot(np.log10(t), phi(1 - t), "k--", lw=0.8)
    inset.plot(np.log10(t), outer(1 - t, flat, dlam), "k-", lw=1, label="outer (log term)")
    inset.plot(np.log10(t), psi(1 - t), "C3-", lw=2.5, alpha=0.4, label="exact")
    inset.axvline(np.log10(b), color="0.5", lw=0.8)
    inset.set_xlabel(r"$\log_{10}(1-\mu)$", fontsize=8), inset.tick_params(labelsize=7)
    inset.legend(fontsize=6, loc="lower right")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=110), plt.close(fig)

    # The numbers behind the figure: the paper's lambda_1 ~ 14.54 and mu_1 ~ 0.8, and
    # the end value pulled toward zero, against eq. (33)'s 1/(1 + lambda b/2).
    eq33 = 1.0 / (1.0 + lam1 * b / 2)
    print(f"lambda_1 (D = 1)         {lam1:.14f} +- {lam1_error:.1e}   (paper: 14.54)")
    print(f"mu_1, zero of Phi        {mu1:.12f}   (paper: 0.8)")
    print(f"lambda_+1 (peak at +1)   {peaked.eigenvalue(1):.14f} +- {peaked[1].error_estimate:.1e}"
          f"   ({'certified' if peaked.converged else 'NOT certified'})")
    print(f"delta lambda: exact {peaked.eigenvalue(1) - lam1:.6f}, eq. (34) {dlam:.6f}")
    print(f"Psi(1)/Phi(1): exact {end_ratio:.6f}, eq. (33) {eq33:.6f}")
    return {"lambda_1": lam1, "lambda_1_error": lam1_error, "mu_1": mu1,
            "lambda_peak": peaked.eigenvalue(1), "lambda_peak_error": peaked[1].error_estimate,
            "converged": peaked.converged, "a": model.a,
            "end_ratio": end_ratio, "end_ratio_eq33": eq33}


if __name__ == "__main__":
    # From the command line the figure goes to a file (default figure2.png); in the
    # gallery (sphinx-gallery runs the script as __main__) it stays open to be shown.
    in_gallery = "sphinx_gallery" in sys.modules
    main(None if in_gallery else (sys.argv[1] if len(sys.argv) > 1 else "figure2.png"))
