"""Figures of the half-range solution (matplotlib, imported only when drawing)."""

import numpy as np


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def propagation_figure(result, z_values, path, inset_from=None):
    """f(z, mu) - f_inf for each z, with an inset near mu = 1 where the beam forms.

    The curves are scaled by e^{lambda_1 z} (the decay of the dominant mode) so
    that the shape, not the amplitude, is compared across z; the inset covers
    mu within ``inset_from`` of 1 (default 6 b for peaked models, else 0.1).
    """
    plt = _pyplot()
    mu = np.linspace(-1.0, 1.0, 1201)
    width = result.problem.get("peak_width")
    near = inset_from or (6.0 * width if width else 0.1)
    mu_in = 1.0 - np.geomspace(near, 1e-6 * near, 600)
    fig, ax = plt.subplots(figsize=(7.5, 4.8))
    inset = ax.inset_axes([0.07, 0.07, 0.36, 0.36])
    lam1 = float(result.lam[0])
    for z in z_values:
        scale = np.exp(lam1 * z)
        label = f"z = {z:g}" + ("" if z == 0 else f" (x e^(lambda1 z) = {scale:.3g})")
        ax.plot(mu, (result.f(z, mu) - result.f_inf) * scale, lw=1.2, label=label)
        inset.plot(mu_in, (result.f(z, mu_in) - result.f_inf) * scale, lw=1.0)
    ax.axhline(0.0, color="0.6", lw=0.6)
    ax.set_xlabel("mu")
    ax.set_ylabel("(f(z, mu) - f_inf) e^(lambda1 z)")
    keys = ("model", "eps", "a", "ends", "u")
    params = ", ".join(f"{k}={result.problem[k]:.3g}" if isinstance(result.problem[k], float)
                       else f"{k}={result.problem[k]}" for k in keys if k in result.problem)
    ax.set_title(f"half-range solution, {params}; source {result.source.name}\n"
                 f"f_inf = {result.f_inf:.10g}, lambda1 = {lam1:.10g}", fontsize=8)
    inset.set_title(f"near mu = 1 (last {near:.2g})", fontsize=7)
    inset.tick_params(labelsize=6)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path
