r"""
The beam forming in the transport problem
=========================================

The half-range problem of eqs. (12)-(16) of Malkov et al. (2010): particles leave a
source at z = 0 with a broad forward distribution and scatter in pitch angle on their
way along the flux tube z > 0,

.. math::

   (u+\mu)\frac{\partial f}{\partial z} = \frac{\partial}{\partial\mu}\Big[(1-\mu^2)D(\mu)
   \frac{\partial f}{\partial\mu}\Big], \qquad f(0,\mu) = f_0(\mu) \text{ for } u+\mu > 0,
   \qquad f = f_\infty + \sum_{\lambda>0} C_\lambda \Psi_\lambda(\mu) e^{-\lambda z},

with the paper's D (eqs. 24-26, a from eq. 11) peaked within b = j1^2 eps / 2 of
mu = +1.  Only the incoming half of f(0, mu) is data; ``pitcheig.propagation.propagate``
solves the half-range condition exactly on its nodal discretisation.  As z grows the
broad modes die out and what is left near mu = 1 is the narrow feature that the peak of
D carves into the first eigenfunction: the beam.  We measure it as the paper does
(sec. 4.3): the broad part is the flat eigenfunction Phi (eq. 17) fitted to f - f_inf
away from the peak (mu <= 1/2), and the beam is the remainder near mu = 1; its half-width
shrinks from the source's scale to about b/2 and its fractional amplitude settles near
eq. (36)'s lambda_1 b / 2.

:Parameters: Physical(eps=2.1e-3, delta=1e-4, ends="+1") (b = 0.0154, a = 1.19e-4), u = 0,
  f0 = exp(-(mu - 0.4)^2 / (2 * 0.2^2)), z = 0.01, 0.03, 0.1, 0.3, 1.
:Run time: about 4 s (the half-range solve on its p-refined levels, then matplotlib).
:Run: ``python docs/examples/beam_forming.py [FIGURE.png]``, or
  ``pitcheig propagate --model physical --eps 2.1e-3 --ends +1 --source isotropic-forward``
  (that source, 1 + mu, gives a hole rather than a bump, sec. 4.3)
"""

import sys

import numpy as np

from pitcheig import Flat, Physical, eigs
from pitcheig.propagation import Source, propagate

EPS, DELTA = 2.1e-3, 1e-4
Z = (0.01, 0.03, 0.1, 0.3, 1.0)
CENTRE, SIGMA = 0.4, 0.2


# %%
# The source and the solve
# ------------------------
# A Gaussian centred at mu = 0.4: enhanced forward but not collimated.  Sec. 4.3's sign
# rule says a bump (not a hole) forms at mu = 1 when C_1 Psi_1(1) < 0, which needs f0
# not to overpopulate mu_1 < mu < 1 (mu_1 ~ 0.8, the zero of Phi).

def forward_source():
    return Source("gaussian", lambda mu: np.exp(-0.5 * ((np.asarray(mu) - CENTRE) / SIGMA) ** 2),
                  {"centre": CENTRE, "sigma": SIGMA})


# %%
# Measuring the beam
# ------------------
# f - f_inf is scaled onto Phi by least squares on [-1, 1/2], where the peak of D does
# not reach; the beam is abs(scale (f - f_inf) - Phi) near mu = 1, its half-width the
# distance 1 - mu at which it falls to half its value at mu = 1, and its fractional
# amplitude 1 - scale (f(1) - f_inf) / Phi(1) (positive: a bump).

def measure(res, phi, z, t):
    mu = np.linspace(-1.0, 0.5, 400)
    g, p = res.f(z, mu) - res.f_inf, phi(mu)
    scale = float(np.dot(g, p) / np.dot(g, g))
    beam = np.abs(scale * (res.f(z, 1.0 - t) - res.f_inf) - phi(1.0 - t))
    below = np.nonzero(beam < 0.5 * beam[0])[0]
    i = int(below[0]) if below.size else len(t) - 1
    half = float(np.interp(0.5 * beam[0], [beam[i], beam[i - 1]], [t[i], t[i - 1]])) if i > 0 else float(t[0])
    amplitude = 1.0 - scale * float(res.f(z, np.ones(1))[0] - res.f_inf) / float(phi(np.ones(1))[0])
    return beam / beam[0], half, amplitude


def main(path=None):
    """Solve, draw f(z, mu) and the beam (saved to ``path`` and closed if one is given,
    left open for the gallery otherwise), return the headline numbers: f_inf, C_1 Psi_1(1),
    f and its error estimate on the grid z x mu, the beam's half-width and amplitude at
    each z, b and eq. (36)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    model = Physical(EPS, DELTA, ends="+1")
    b = model.peak_width
    res = propagate(model, forward_source(), u=0.0)
    flat = eigs(Flat(), k=1)
    phi, lam1 = flat.eigenfunction(+1), flat.eigenvalue(+1)

    # f on the grid of the test's reference (tests/reference/beam_forming_reference.json)
    mu_grid = np.array([1.0, 1.0 - b / 4, 1.0 - b / 2, 1.0 - b, 1.0 - 2 * b, 0.9, 0.6, 0.2, -0.2, -0.6, -1.0])
    f_grid = np.array([res.f(z, mu_grid) for z in Z])
    f_err = np.array([res.f_error(z, mu_grid) for z in Z])

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    mu = np.linspace(-1.0, 1.0, 801)
    # f - f_inf scaled by e^{lambda_1 z}: at large z it tends to C_1 Psi_1 (one mode left)
    forward = mu > 0
    left.plot(mu[forward], forward_source()(mu[forward]) - res.f_inf, "k:", lw=1, label="f0 - f_inf (data, mu > 0)")
    t = np.geomspace(1e-6, 0.5, 3000)
    widths, amplitudes = [], []
    for z, colour in zip(Z, ("C0", "C1", "C2", "C3", "C4")):
        left.plot(mu, (res.f(z, mu) - res.f_inf) * np.exp(res.lam[0] * z), color=colour, label=f"z = {z:g}")
        beam, half, amplitude = measure(res, phi, z, t)
        widths.append(half), amplitudes.append(amplitude)
        right.semilogx(t, beam, color=colour, label=f"z = {z:g}: half-width {half:.4f}")
        right.plot([half], [0.5], "o", color=colour, ms=4)
    left.axhline(0.0, color="0.5", lw=0.8, ls="--")
    left.set_xlabel(r"$\mu$"), left.set_ylabel(r"$(f - f_\infty)\,e^{\lambda_1 z}$"), left.legend(fontsize=8)
    left.set_title(rf"$\varepsilon$ = {EPS:g}, a = {model.a:.3g}, $f_\infty$ = {res.f_inf:.6f}: "
                   r"f - $f_\infty$ $\to$ $C_1\Psi_1 e^{-\lambda_1 z}$", fontsize=9)
    right.axvline(b, color="0.5", lw=0.8), right.axvline(b / 2, color="0.5", lw=0.8, ls=":")
    right.text(b, 1.02, " b", fontsize=8), right.text(b / 2, 1.02, "b/2 ", fontsize=8, ha="right")
    right.set_xlabel(r"$1 - \mu$"), right.set_ylabel("beam / its value at mu = 1")
    right.set_title("the beam: f - f_inf less its broad part (Phi, fitted on mu <= 1/2)", fontsize=9)
    right.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=110), plt.close(fig)

    print(f"f_inf = {res.f_inf:.12f} (+- {res.errors['f_inf']:.1e}), C_1 Psi_1(1) = "
          f"{res.errors['beam_mode_value']:+.10f} (negative: a bump), "
          f"{'converged' if res.converged else 'NOT converged'}")
    for z, half, amplitude in zip(Z, widths, amplitudes):
        print(f"  z = {z:<5g} half-width {half:.5f} = {half / b:.3f} b,  amplitude {amplitude:.5f}")
    print(f"b = {b:.5f}; eq. (36) lambda_1 b / 2 = {lam1 * b / 2:.5f}")
    return {"f_inf": res.f_inf, "f_inf_error": res.errors["f_inf"], "beam_mode": res.errors["beam_mode_value"],
            "beam_mode_error": res.errors["beam_mode"],
            "lambda": list(res.lam[:3]), "converged": res.converged, "z": list(Z), "mu": mu_grid,
            "f": f_grid, "f_error": f_err, "half_width": widths, "amplitude": amplitudes, "b": b,
            "eq36": lam1 * b / 2}


if __name__ == "__main__":
    # From the command line the figure goes to a file (default beam_forming.png); in the
    # gallery (sphinx-gallery runs the script as __main__) it stays open to be shown.
    in_gallery = "sphinx_gallery" in sys.modules
    main(None if in_gallery else (sys.argv[1] if len(sys.argv) > 1 else "beam_forming.png"))
