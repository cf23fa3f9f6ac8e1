"""Figures of the report that no single study owns (issue 14, item 5).

* :func:`coefficient_figure`: D(mu) against 1 - mu on log axes: the paper's peak
  model (eqs. 24-26, a from eq. 11), the first-principles model, and the limits
  eqs. (6), (8) and (10), each normalised by nu_theta of eq. (11);
* :func:`excess_figure`: the beam's fractional excess (Psi - Phi)/|Phi(1)|
  against pitch angle in degrees;
* :func:`convergence_figure`: |lambda_n - lambda_ref| against unknowns along the
  refinement history, graded and one global interval, with lambda_ref from the
  independent shooting reference (pitcheig.reference, peak_shooting.json), and
  the Chebyshev coefficients of Psi on each piece.
"""



import numpy as np


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def coefficient_figure(path, eps=2.1e-3, delta=1e-4, first_principles=None):
    """D(mu) = D_mumu / ((1 - mu^2) nu_theta) against t = 1 - mu (log-log)."""
    from pitcheig import Physical
    from pitcheig import turbulence as tb
    plt = _pyplot()
    nu = tb.nu_theta(eps, delta)
    t = np.geomspace(1e-6, 0.999, 600)
    mu = 1.0 - t
    s2 = (1.0 - mu) * (1.0 + mu)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.loglog(t, Physical(eps, delta, "+1")(mu), "k-", label="peak model, eqs. 24-26 (a from eq. 11)")
    if first_principles is not None:
        ax.loglog(t, first_principles(mu), "C3-", lw=1, label="first principles (eqs. 4-5, background 1)")
    ax.loglog(t, tb.d_mumu_eq6(mu, eps) / s2 / nu, "C0--", label="eq. 6 (y > 1)")
    ax.loglog(t, tb.d_mumu_eq8(mu, eps, delta) / s2 / nu, "C1--", label="eq. 8")
    ax.loglog(t, tb.d_mumu_eq10(mu, eps) / s2 / nu, "C2:", label="eq. 10 (y << 1)")
    b = Physical(eps, delta, "+1").peak_width
    ax.set_ylim(0.3, 3e4)
    ax.axvline(b, color="0.6", lw=0.8)
    ax.text(b, 0.5, " 1 - mu = b", fontsize=8, color="0.4")
    ax.set_xlabel(r"$1 - \mu$"), ax.set_ylabel(r"$D(\mu) = D_{\mu\mu} / ((1-\mu^2)\,\nu_\vartheta)$")
    ax.set_title(rf"$\varepsilon$ = {eps:g}, $\delta$ = {delta:g}, $\nu_\vartheta$ of eq. 11", fontsize=10)
    ax.legend(fontsize=8), fig.tight_layout(), fig.savefig(path, dpi=120), plt.close(fig)


def excess_figure(path, curves, phi):
    """The beam's fractional excess (Phi - Psi)/Phi(1) against pitch angle theta =
    arccos(mu) in degrees (positive: the peak of D pulls Psi(1) toward zero, eq. 33, so
    f gains a bump where C_1 Phi(1) < 0, sec. 4.3); curves is [(label, psi)] with psi
    scaled to phi."""
    plt = _pyplot()
    theta = np.linspace(0.0, 20.0, 800)
    mu = np.cos(np.radians(theta))
    phi1 = float(phi(np.array([1.0]))[0])
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for label, psi in curves:
        ax.plot(theta, (phi(mu) - psi(mu)) / phi1, label=label)
    ax.axhline(0.0, color="k", lw=0.6)
    ax.set_xlabel(r"pitch angle $\vartheta$ (degrees)"), ax.set_ylabel(r"$(\Phi - \Psi)/\Phi(1)$")
    ax.set_title("the beam's fractional excess (eigenfunctions, peak at +1)", fontsize=10)
    ax.legend(fontsize=8), fig.tight_layout(), fig.savefig(path, dpi=120), plt.close(fig)


def reference_value(eps, a, ends="both", u=0.0, n="+1"):
    """lambda_n of the independent shooting reference (tests/reference/shooting.py)."""
    from pitcheig.studies.discretisations import reference_cases
    case = next(c for c in reference_cases() if (c["eps"], c["a"], c["u"], c["ends"]) == (eps, a, u, ends))
    return case["lambda"][n], case["error_estimate"][n]


def convergence_figure(path, eps=1e-3, a=1e-4):
    """Error of lambda_+1 against unknowns (graded and global), against the reference."""
    import warnings

    from pitcheig import Peak, eigs
    plt = _pyplot()
    ref, ref_err = reference_value(eps, a)
    model = Peak(eps, a)
    fig, (ax, axc) = plt.subplots(1, 2, figsize=(11, 4))
    data = {}
    for layout in ("graded", "global"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")         # the global curve is not converged on purpose
            # the global interval is capped at 500 unknowns (not converged on purpose); the
            # graded mesh has the default budget
            res = eigs(model, k=1, layout=layout, max_dofs=500 if layout == "global" else None, on_failure="warn")
        pts = [(h["dofs"], abs(h["lambda"][1] - ref)) for h in res.diagnostics.history if "lambda" in h]
        data[layout] = {"points": [[int(d), float(e)] for d, e in pts], "converged": bool(res.converged)}
        ax.semilogy(*zip(*[(d, max(e, 1e-16)) for d, e in pts]), "o-",
                    label=f"{layout} ({'certified' if res.converged else 'not certified'})")
        if layout == "graded":
            for fun in res.eigenfunction(1).funs:
                axc.semilogy(np.abs(fun.coeffs) + 1e-18, ".", ms=3)
    ax.axhline(ref_err, color="0.5", lw=0.8, ls=":", label="reference's error estimate")
    ax.set_xlabel("unknowns"), ax.set_ylabel(r"$|\lambda_{+1} - \lambda_{ref}|$"), ax.legend(fontsize=8)
    ax.set_title(rf"Peak $\varepsilon$ = {eps:g}, a = {a:g}; reference: independent shooting", fontsize=9)
    axc.set_xlabel("Chebyshev index"), axc.set_ylabel("|coefficient|, one colour per piece")
    axc.set_title(r"$\Psi_{+1}$ coefficients on the adaptive mesh", fontsize=9)
    fig.tight_layout(), fig.savefig(path, dpi=120), plt.close(fig)
    data["reference"] = {"lambda": ref, "error_estimate": ref_err,
                         "final_error": data["graded"]["points"][-1][1]}
    return data



