r"""
A user-supplied D with a kink: marked, and found by the mesh
============================================================

Eq. (15) with a diffusion coefficient of our own, continuous but with a kink
(a jump of D') at mu = 0.3,

.. math::

   \frac{d}{d\mu}\Big[(1-\mu^2) D(\mu)\frac{d\Psi}{d\mu}\Big] + \lambda (u+\mu)\Psi = 0,
   \qquad D(\mu) = 1 + \tfrac12\,|\mu - 0.3|,

Psi bounded at mu = +-1, u = 0.  ``pitcheig.UserModel`` takes any positive,
vectorised callable.  We solve it twice: once with the kink declared
(``breakpoints=[0.3]``), where D is linear on each of two pieces, and once
without, where the solver must find it: D's Chebyshev series fails to decay on
the piece that holds the kink, so that piece is halved, again and again, and the
mesh is graded geometrically toward mu = 0.3.  Here that ends in a certified
result: on the last piece, 7.6e-6 wide, D departs from a straight line by ~1e-6
of its value and its series levels off at ~3e-10, which the resolution test
(standardChop) accepts as a plateau, and the eigenvalues do not feel the
difference.  (A *jump* of D, by contrast, is never resolved this way: it is
reported, with its location, and not certified.)  Both solves give
lambda_{+1} and lambda_{-1} (not +-symmetric: D is not even in mu) within
their error estimates of an independent Frobenius-series reference
(tests/reference/kinked_series.py, checked in tests/test_examples_spectra.py);
the declared kink costs a tenth of the unknowns.  The figure shows D and
Psi_{+-1} with the breakpoints of the unmarked mesh, and the width of every
piece against its position.

:Parameters: D = 1 + 0.5 abs(mu - 0.3), u = 0, k = 1; with and without breakpoints=[0.3].
:Run time: about 1.5 s (4 s on the shared 2-core machine under load), most of it imports and matplotlib.
:Run: ``python docs/examples/kinked_d.py [FIGURE.png]``
"""

import sys
import warnings

import numpy as np

from pitcheig import NotConvergedWarning, UserModel, eigs

# %%
# The coefficient
# ---------------
# Any positive, vectorised callable will do; the kink sits at a point that is
# not a round binary number, so that no mesh point lands on it by accident.

KINK = 0.3


def diffusion(mu):
    """D(mu) = 1 + |mu - 0.3| / 2: positive, continuous, D' jumps from -1/2 to +1/2."""
    return 1.0 + 0.5 * np.abs(mu - KINK)


# %%
# Two solves
# ----------
# The user's knowledge first: a kink we know of is declared as a breakpoint.
# D is then smooth (linear) on each piece, and the first mesh is already
# resolved.  Without it the solver must find the kink itself: every piece where
# D's Chebyshev series does not decay to the resolution test's tolerance, or
# where a probe on a fine grid (``feature_width``) finds D away from its
# interpolant, is halved.  A NotConvergedWarning would mean that it gave
# up, so we let it through rather than hide it.

def solve():
    """{"marked": EigenResult, "unmarked": EigenResult} of lambda_{+-1}."""
    results = {}
    for name, breakpoints in (("marked", [KINK]), ("unmarked", [])):
        with warnings.catch_warnings():
            warnings.simplefilter("always", NotConvergedWarning)
            results[name] = eigs(UserModel(diffusion, breakpoints=breakpoints, name=f"kink, {name}"), k=1)
    for name, result in results.items():
        d = result.diagnostics
        print(f"{name:>8}: lambda_+1 = {result.eigenvalue(+1):.15f} +- {result[+1].error_estimate:.1e}, "
              f"lambda_-1 = {result.eigenvalue(-1):.15f} +- {result[-1].error_estimate:.1e}, "
              f"{len(d.breakpoints) - 1} pieces, {d.dofs} unknowns, "
              f"{'certified' if result.converged else 'NOT certified'}")
    return results


# %%
# The figure
# ----------
# Left: D and the two eigenfunctions, with the breakpoints of the unmarked mesh
# as ticks at the bottom (they pile up at the kink).  Right: the width of every
# piece against its centre, on a log scale: the unmarked mesh is graded
# geometrically toward mu = 0.3, halving at every level, while the marked one has
# two pieces.

def figure(results):
    """The two panels described above; returns the matplotlib figure."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    mu = np.linspace(-1.0, 1.0, 801)
    marked = results["marked"]
    left.plot(mu, diffusion(mu), "k-", lw=1, label="D")
    for label, colour in ((+1, "C0"), (-1, "C3")):
        left.plot(mu, marked.eigenfunction(label)(mu), colour, label=f"Psi_{label:+d}")
    for x in results["unmarked"].diagnostics.breakpoints:
        left.axvline(float(x), ymin=0.0, ymax=0.04, color="0.4", lw=0.8)
    left.set_xlabel("mu"), left.legend(fontsize=8)
    left.set_title("D and the eigenfunctions; ticks: breakpoints of the unmarked mesh", fontsize=9)
    for (name, result), marker in zip(results.items(), ("s", "o")):
        x = np.asarray(result.diagnostics.breakpoints, dtype=float)
        right.semilogy(0.5 * (x[1:] + x[:-1]), np.diff(x), marker + "-", ms=4,
                       label=f"{name} ({len(x) - 1} pieces, {result.diagnostics.dofs} unknowns)")
    right.axvline(KINK, color="0.6", lw=0.8, ls=":")
    right.set_xlabel("centre of the piece"), right.set_ylabel("width of the piece"), right.legend(fontsize=8)
    fig.tight_layout()
    return fig


# %%
# Run it
# ------

def main(path=None):
    """Solve with and without the breakpoint, draw the figure (saved to ``path`` and
    closed if one is given, left open for the gallery otherwise), and return
    {"marked": result, "unmarked": result}."""
    results = solve()
    fig = figure(results)
    if path is not None:
        import matplotlib.pyplot as plt
        fig.savefig(path, dpi=110), plt.close(fig)
    return results


if __name__ == "__main__":
    # From the command line the figure goes to a file (default kinked_d.png); in the
    # gallery (sphinx-gallery runs the script as __main__) it stays open to be shown.
    in_gallery = "sphinx_gallery" in sys.modules
    main(None if in_gallery else (sys.argv[1] if len(sys.argv) > 1 else "kinked_d.png"))
