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


def sweep_figure(rows, path, u=None):
    """From the rows of a sweep: contours of lambda_{+1} over (log eps, log a) for the
    peak model, and delta lambda / b^2 against eps for each a (delta lambda =
    lambda_{+1} - lambda_{+1} of D = 1 at the same u, b = j1^2 eps / 2; eq. 34 says
    this tends to a constant as eps, a -> 0 for a peak at one end)."""
    import math

    from .adaptivity import eigs
    from .errors import ParameterError
    from .models import J1_ZERO, Flat

    plt = _pyplot()
    peak = [r for r in rows if r["model"] == "peak" and r["status"] == "ok"
            and not math.isnan(r.get("lambda_+1", math.nan))]
    if not peak:
        raise ParameterError("file: plot-sweep needs converged rows of model 'peak'")
    speeds = sorted({r["u"] for r in peak}, key=abs)
    u = speeds[0] if u is None else u
    peak = [r for r in peak if r["u"] == u]
    if not peak:
        have = ", ".join(f"{s:g}" for s in speeds)
        raise ParameterError(f"u: no converged peak rows at u = {u:g} (the file has u = {have})")
    # a file may hold several sweeps (other ends or settings): draw the most accurate one
    group = min({(r.get("tol", math.nan), r["ends"], r.get("method"), r.get("function_tol")) for r in peak},
                key=lambda g: (g[0], str(g[1:])))
    peak = [r for r in peak if (r.get("tol", math.nan), r["ends"], r.get("method"), r.get("function_tol")) == group]
    eps = np.array(sorted({r["eps"] for r in peak}))
    a = np.array(sorted({r["a"] for r in peak}))
    lam = np.full((a.size, eps.size), np.nan)
    for r in peak:
        lam[np.searchsorted(a, r["a"]), np.searchsorted(eps, r["eps"])] = r["lambda_+1"]
    flat = eigs(Flat(), u=u, k=1).eigenvalue(1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.5))
    if eps.size > 1 and a.size > 1:
        cs = ax1.contourf(np.log10(eps), np.log10(a), np.log10(lam), levels=20)
        lines = ax1.contour(np.log10(eps), np.log10(a), lam, levels=[15, 16, 20, 30, 50, 100, 200, 500],
                            colors="w", linewidths=0.6)
        ax1.clabel(lines, fontsize=6, fmt="%g")
        fig.colorbar(cs, ax=ax1, label="log10 lambda_+1")
    else:
        ax1.plot(np.log10(eps) if eps.size > 1 else np.log10(a), lam.ravel(), "o-")
    ax1.set_xlabel("log10 eps")
    ax1.set_ylabel("log10 a")
    ax1.set_title(f"lambda_+1(eps, a), u = {u:g}, ends = {group[1]}, tol = {group[0]:g}", fontsize=9)
    b = 0.5 * J1_ZERO**2 * eps
    for i, a_value in enumerate(a):
        ax2.loglog(eps, np.abs(lam[i] - flat) / b**2, "o-", ms=3, label=f"a = {a_value:.2g}")
    ax2.set_xlabel("eps")
    ax2.set_ylabel("delta lambda / b^2")
    ax2.set_title(f"delta lambda = lambda_+1 - {flat:.10g} (D = 1)", fontsize=9)
    if a.size <= 12:
        ax2.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def eigenfunction_figure(result, path):
    """The eigenfunctions of an EigenResult (``pitcheig eigs --plot``): Psi_j(mu) on [-1, 1]
    with the mesh's breakpoints as ticks, and beside it a close-up against the distance
    1 - |mu| to the peaked end (log scale; mu -> +1 unless only the end -1 is peaked),
    where the peak of width b lives, with the breakpoints there."""
    plt = _pyplot()
    pairs = sorted(result.pairs, key=lambda p: (abs(p.label), -p.label))
    mu = np.linspace(-1.0, 1.0, 2001)
    end = -1.0 if result.problem.get("ends") == "-1" else 1.0
    distance = np.geomspace(1.0, 1e-12, 800)
    fig, (ax, inset) = plt.subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [2, 1]})
    for p in pairs:
        psi = p.eigenfunction
        lam = result.format_lambda(p.lam) if result.digits else f"{float(p.lam):.10g}"
        ax.plot(mu, psi(mu), lw=1.2, label=f"{p.label:+d}: lambda = {lam}")
        inset.semilogx(distance, psi(end - end * distance), lw=1.0)
    breakpoints = np.asarray(result.diagnostics.breakpoints, dtype=float)
    ax.plot(breakpoints, np.full(breakpoints.size, ax.get_ylim()[0]), "|", color="0.3", ms=10,
            label=f"mesh: {len(breakpoints) - 1} pieces, {result.diagnostics.dofs} unknowns")
    near = 1.0 - end * breakpoints
    near = near[(near > 1e-12) & (near < 1.0)]
    inset.plot(near, np.full(near.size, inset.get_ylim()[0]), "|", color="0.3", ms=10)
    inset.invert_xaxis()
    inset.set_xlabel(f"distance to the end mu = {end:+.0f}, 1 - {'' if end > 0 else '-'}mu")
    inset.set_title("close-up at the peaked end", fontsize=9)
    ax.set_xlabel("mu"), ax.set_ylabel("Psi(mu)")
    status = "certified" if result.converged else "NOT certified"
    ax.set_title(f"{result.problem.get('model', '')} {result.problem.get('eps', '')} "
                 f"{result.problem.get('a', '')}: eigenfunctions ({status})", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout(), fig.savefig(path, dpi=120), plt.close(fig)
    return path
