r"""
First-principles D against eqs. (6), (8), (10)
==============================================

The resonant pitch-angle coefficient of eqs. (4)-(5) of Malkov et al. (2010), for the
Goldreich-Sridhar spectrum of eq. (2), summed over all n,

.. math::

   D_{\mu\mu} = \frac{2\pi}{3}\frac{v}{l|\mu|}(1-\mu^2)\,y^{4/3} S(y), \qquad
   S = \sum_{n\ge1} n^2 \int_{y (n/|\mu|)^{3/2}}^\infty J_n^2(x)\,x^{-13/3}\,dx, \qquad
   y = \sqrt{(1-\mu^2)/\varepsilon},

against the paper's limiting forms, eq. (6) for y > 1, eq. (10) for y << 1 (here with
r = 0) and eq. (8), the finite-correlation-time background:

.. math::

   D^{(6)}_{\mu\mu} = \frac{2}{13}\zeta(9/2)\frac{v}{l}\varepsilon^{3/2}\frac{|\mu|^{11/2}}{\sqrt{1-\mu^2}},
   \quad D^{(10)}_{\mu\mu} = \frac{\pi v}{2l}(1-\mu^2)\Big[\frac{J_1^2(y)}{y^2} + r y^{4/3}\Big],
   \quad D^{(8)}_{\mu\mu} = \frac{v\delta}{6l}\Big[\ln\frac{1}{\varepsilon} - \frac{1}{2}\ln(1-\mu^2)\Big](1-\mu^2).

All are shown as D(mu) = D_mumu / ((1 - mu^2) nu_theta), nu_theta of eq. (11), the
normalisation of eq. (12), with the relative differences of eqs. (6) and (10) from the
exact sum.  Then the eigenvalue lambda_{+1} of eq. (15) with the first-principles D
(``FirstPrinciples``: 1 + D_res / ((1 - mu^2) nu_theta), peaks at both ends) against the
paper's peak model of eqs. (24)-(26) with a from eq. (11) (``Physical``).

:Parameters: eps = 2.1e-3, delta = V_A/c = 1e-4, 1 - mu from 1e-6 to 0.7; u = 0, k = 1.
:Run time: about 2 s.
:Run: ``python docs/examples/first_principles.py [FIGURE.png]``, or
  ``pitcheig eigs --model first-principles --eps 2.1e-3 --delta 1e-4 --k 1``
"""

import sys

import numpy as np

from pitcheig import FirstPrinciples, Physical, eigs
from pitcheig import turbulence as tb

EPS, DELTA = 2.1e-3, 1e-4
#: y at which the test checks D_res against an independent quadrature of eqs. (4)-(5)
CHECK_Y = (0.3, 1.0, 3.0)


# %%
# The coefficient and its limits
# ------------------------------
# ``d_mumu_resonant`` returns D_mumu (units v/l = 1) and its relative error estimate,
# summing eq. (5) over all n with error control (~70 ms a point).  For the curves we
# use the ``FirstPrinciples`` model instead: it holds D = 1 + D_res / ((1 - mu^2) nu_theta)
# as an interpolant of a shipped table of S, with a stated accuracy (~8e-7 of D), so that
# D - 1 is the normalised D_res.  Eq. (6) is the y >> 1 limit (the x >> 1 asymptotics of
# J_n, the zeta function from the sum over n); eq. (10) the y << 1 limit (n = 1
# dominates; r = 0 is the exact constant, the paper's r ~ 1e-2 being small anyway).

def closed_forms(mu):
    return {"eq. 6": tb.d_mumu_eq6(mu, EPS), "eq. 10": tb.d_mumu_eq10(mu, EPS, 0.0),
            "eq. 8": tb.d_mumu_eq8(mu, EPS, DELTA)}


def main(path=None):
    """Draw D and the relative differences (saved to ``path`` and closed if one is given,
    left open for the gallery otherwise) and return the headline numbers: D_res at CHECK_Y
    with its error estimate, the closed forms there, and lambda_{+1} of both models with
    their estimates."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    model = FirstPrinciples(EPS, DELTA)
    t = np.geomspace(1e-6, 0.7, 400)
    mu = 1.0 - t
    s2 = t * (2.0 - t)
    nu = tb.nu_theta(EPS, DELTA)
    d_model = model(mu)
    exact = (d_model - 1.0) * s2 * nu               # D_res from the model's table
    forms = closed_forms(mu)

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 6.5), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    top.loglog(t, exact / s2 / nu, "k-", lw=2, label="eqs. (4)-(5), all n")
    for (name, form), style in zip(forms.items(), ("C0--", "C2:", "C1-.")):
        top.loglog(t, form / s2 / nu, style, label=name)
    top.set_ylim(1e-3, 1e5)
    top.set_ylabel(r"$D_{\mu\mu} / ((1-\mu^2)\,\nu_\vartheta)$"), top.legend(fontsize=8)
    top.set_title(rf"$\varepsilon$ = {EPS:g}, $\delta$ = {DELTA:g}; y = 1 at 1 - $\mu$ = {EPS / 2:.1e}", fontsize=9)
    for name, style in (("eq. 6", "C0--"), ("eq. 10", "C2:")):
        bottom.loglog(t, np.abs(forms[name] / exact - 1.0), style, label=f"|{name} / exact - 1|")
    bottom.loglog(t, model.accuracy * d_model / (d_model - 1.0), "0.5", lw=0.8,
                  label="accuracy of the model's D_res")
    bottom.set_xlabel(r"$1 - \mu$"), bottom.set_ylabel("relative difference"), bottom.legend(fontsize=7)
    for ax in (top, bottom):
        ax.axvline(EPS / 2, color="0.7", lw=0.8)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=110), plt.close(fig)

    # The numbers at the check points (the test compares them with an independent
    # quadrature of eqs. 4-5, tests/reference/resonant_sum_reference.py).
    mu_check = np.sqrt(1.0 - EPS * np.asarray(CHECK_Y) ** 2)
    d_check, rel_check = tb.d_mumu_resonant(mu_check, EPS)
    forms_check = closed_forms(mu_check)
    for yc, d, r, e6, e10 in zip(CHECK_Y, d_check, rel_check, forms_check["eq. 6"], forms_check["eq. 10"]):
        print(f"  y = {yc:<4g} D_res = {d:.12e} (+- {r:.0e} rel.)  eq. 6 / exact - 1 = {e6 / d - 1:+.3e},"
              f"  eq. 10 / exact - 1 = {e10 / d - 1:+.3e}")

    # The eigenvalue: both models peak at mu = +-1; FirstPrinciples carries its own
    # accuracy (~7e-7, the table of S it is built from) into the error estimate.
    first, paper = eigs(model, k=1), eigs(Physical(EPS, DELTA, "both"), k=1)
    for name, res in (("first principles", first), ("paper's model (eqs. 11, 24-26)", paper)):
        print(f"lambda_+1, {name}: {res.eigenvalue(1):.10f} +- {res[1].error_estimate:.1e} "
              f"({'certified' if res.converged else 'NOT certified'}, {res.diagnostics.dofs} unknowns)")
    return {"mu_check": mu_check, "d_check": d_check, "rel_check": rel_check,
            "eq6_check": forms_check["eq. 6"], "eq10_check": forms_check["eq. 10"], "eq8_check": forms_check["eq. 8"],
            "lambda_first_principles": first.eigenvalue(1), "lambda_first_principles_error": first[1].error_estimate,
            "first_principles_converged": first.converged,
            "lambda_paper": paper.eigenvalue(1), "lambda_paper_error": paper[1].error_estimate,
            "paper_converged": paper.converged}


if __name__ == "__main__":
    # From the command line the figure goes to a file (default first_principles.png); in
    # the gallery (sphinx-gallery runs the script as __main__) it stays open to be shown.
    in_gallery = "sphinx_gallery" in sys.modules
    main(None if in_gallery else (sys.argv[1] if len(sys.argv) > 1 else "first_principles.png"))
