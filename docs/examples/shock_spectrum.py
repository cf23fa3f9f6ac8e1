r"""
The spectral index at a relativistic shock
==========================================

Beyond the paper: test particles that scatter in pitch angle on both sides of a parallel
shock gain energy each time they cross it, and leave with a power law f ∝ p^-s.  In each
fluid the transport equation is eq. (15)'s, in mixed coordinates,

.. math::

   \Gamma (u + \mu) \frac{\partial f}{\partial z}
   = \frac{\partial}{\partial \mu}\Big[(1 - \mu^2) D \frac{\partial f}{\partial \mu}\Big],

and s is fixed by matching the upstream and downstream eigenfunction expansions at the
shock after a Lorentz transformation (``pitcheig.shock``; Kirk & Schneider 1987, Kirk et
al. 2000).  We compute s in the ultra-relativistic limit (the published value is
4.23 ± 0.01), at Γ₁ = 10 with a Synge gas downstream, and draw the angular distributions
at the shock: downstream against μ₂, upstream against the layer coordinate
t = (1 + μ₁)/(1 − u₁), in which it has a limit as Γ₁ → ∞.

:Parameters: D = 1 in both frames; Γ₁β₁ = 0.1, 3 and Γ₁ = 10 with the Synge gas; the limit
    Γ₁ → ∞ with u₂ = 1/3; 16 modes on each side (32 for the headline value).
:Run time: about 4 s (five matchings, matplotlib).
:Run: ``python docs/examples/shock_spectrum.py [FIGURE.png]``
"""

import math
import sys

import numpy as np

from pitcheig.shock import spectral_index

# %%
# The index and its error estimate
# --------------------------------
# ``spectral_index`` takes Γ₁β₁ (``math.inf`` for the limit); the estimate is the sum of
# the changes of s with half the modes, coarser modes and half the quadrature nodes.


def indices():
    """The ultra-relativistic value (32 modes) and the one at Gamma1 = 10 (Synge gas)."""
    limit = spectral_index(math.inf, u2=1 / 3, modes=32)
    gamma10 = spectral_index(math.sqrt(10.0**2 - 1.0))
    return limit, gamma10


# %%
# The angular distributions at the shock
# --------------------------------------
# g₂ is normalised to 1 far downstream (its isotropic part); g₁ to 1 at μ₁ = −1.  At a
# slow shock both are nearly isotropic.  As the shock becomes relativistic the upstream
# distribution is confined to the layer μ₁ < −u₁ (t < 1) and just beyond, and, seen from
# downstream, few particles leave the shock along its normal (μ₂ → 1): g₂ falls to zero
# there, the effect Kirk et al. (2000) describe as a distribution "weighted more towards
# the plane of the shock and away from its normal".


def main(path=None):
    import matplotlib
    if path is not None:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    limit, gamma10 = indices()
    cases = [(r"$\Gamma_1\beta_1$ = 0.1", spectral_index(0.1)), (r"$\Gamma_1\beta_1$ = 3", spectral_index(3.0)),
             (r"$\Gamma_1$ = 10", gamma10), (r"$\Gamma_1 \to \infty$", spectral_index(math.inf, u2=1 / 3))]
    mu = np.linspace(-1.0, 0.95, 400)
    t = np.linspace(0.0, 4.0, 400)
    fig, (down, up) = plt.subplots(1, 2, figsize=(9, 3.6))
    for label, res in cases:
        down.plot(mu, res.downstream(mu), label=f"{label}: s = {res.s:.6f}")
        inside = t[t <= 2.0 / (1.0 - res.jump.u1)] if res.jump.u1 < 1.0 else t    # mu1 <= 1
        up.plot(inside, res.upstream_layer(inside), label=label)
    down.set_xlabel(r"$\mu_2$ (downstream frame)"), down.set_ylabel(r"$g_2$ at the shock")
    up.set_xlabel(r"$t = (1 + \mu_1)/(1 - u_1)$ (upstream frame)"), up.set_ylabel(r"$g_1 / g_1(-1)$")
    up.axvline(1.0, color="0.6", lw=0.8)
    down.legend(fontsize=7), up.legend(fontsize=7)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=110), plt.close(fig)
    for name, res in (("limit, u2 = 1/3", limit), ("Gamma1 = 10, Synge", gamma10)):
        print(f"s ({name}) = {res.s:.10f} +- {res.error_estimate:.1e} "
              f"({'certified' if res.converged else 'NOT certified'}); distributions to "
              f"{res.distribution_error:.0e}")
    return {"limit": limit, "gamma10": gamma10, "cases": dict(cases)}


if __name__ == "__main__":
    # From the command line the figure goes to a file (default shock_spectrum.png); in the
    # gallery (sphinx-gallery runs the script as __main__) it stays open to be shown.
    in_gallery = "sphinx_gallery" in sys.modules
    main(None if in_gallery else (sys.argv[1] if len(sys.argv) > 1 else "shock_spectrum.png"))
