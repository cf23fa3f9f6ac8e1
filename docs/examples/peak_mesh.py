"""
The peak model and its mesh: an eigenfunction piece by piece
============================================================

Eq. (15) with the peaked coefficient of eqs. (24)-(26) at both ends,
D = 1 + F((1 - abs(mu))/b)/a, b = j1^2 eps / 2 (eq. 35), at eps = 1e-3, a = 1e-4, u = 0.
D rises to 1 + pi/(8a) ~ 3900 within b ~ 7e-3 of mu = +-1, through a layer of width
~4 sqrt(a) b near the kink mu = +-(1 - b).  The adaptive mesh is graded geometrically
toward the kink and the ends; on each piece Psi_{+1} is a Chebyshev series whose
coefficients fall below 1e-12 of the global scale (the resolution test).  The figure
shows Psi_{+1} coloured by piece, and the coefficient decay of every piece.

:Parameters: Peak(eps=1e-3, a=1e-4), u = 0, k = 1.
:Run time: about 1 s (most of it matplotlib).
:Run: ``python docs/examples/peak_mesh.py [FIGURE.png]``
"""

import sys

import numpy as np

from pitcheig import Peak, eigs


def main(path=None):
    """Solve, draw the figure (saved to ``path`` and closed if one is given, left open
    for the gallery to show otherwise), return (lambda_{+1}, its estimate, pieces, the
    largest last-coefficient ratio over the pieces)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    result = eigs(Peak(1e-3, 1e-4), k=1)
    psi = result.eigenfunction(+1)
    vscale = max(float(np.max(np.abs(f.coeffs))) for f in psi.funs)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    tails = []
    for f in psi.funs:
        a, b = (float(x) for x in f.support)
        mu = np.linspace(a, b, 200)
        left.plot(mu, f(mu), lw=1.5)
        coeffs = np.abs(np.asarray(f.coeffs)) / vscale
        right.semilogy(coeffs + 1e-18, ".", ms=3)
        tails.append(float(coeffs[-1]))
    left.set_xlabel("mu"), left.set_ylabel("Psi_+1 (one colour per piece)")
    right.set_xlabel("Chebyshev index"), right.set_ylabel("|c_k| / vscale")
    right.axhline(1e-12, color="0.5", ls=":", lw=0.8)
    fig.suptitle(f"lambda_+1 = {result.eigenvalue(+1):.14f} +- {result[+1].error_estimate:.1e}, "
                 f"{len(psi.funs)} pieces, {result.diagnostics.dofs} unknowns")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=110), plt.close(fig)
    return result.eigenvalue(+1), result[+1].error_estimate, len(psi.funs), max(tails)


if __name__ == "__main__":
    # From the command line the figure goes to a file (default peak_mesh.png); in the
    # gallery (sphinx-gallery runs the script as __main__) it stays open to be shown.
    in_gallery = "sphinx_gallery" in sys.modules
    print(main(None if in_gallery else (sys.argv[1] if len(sys.argv) > 1 else "peak_mesh.png")))
