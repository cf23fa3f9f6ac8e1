r"""
A parameter sweep and its figures
=================================

Eq. (15) over a small grid of the peak model, eqs. (24)-(26) at both ends,

.. math::

   \frac{d}{d\mu}\Big[(1-\mu^2) D(\mu)\frac{d\Psi}{d\mu}\Big] + \lambda (u+\mu)\Psi = 0,
   \qquad D = 1 + F\big((1 - |\mu|)/b\big)/a, \quad b = j_1^2 \varepsilon / 2,

with the flat problem D = 1 (eq. 17) at the same speeds u as the baseline.
``pitcheig.sweep.grid`` builds the points, ``run_sweep`` solves each one (here on
one local worker process) and writes one row per point to a CSV file as it goes,
and ``read_rows`` reads them back: eigenvalues, error estimates, unknowns, status.
Run again on the same file, the sweep would skip every point already in it.  The
figures show lambda_{+1} and lambda_{-1} against eps relative to the flat values,
and the relative error estimate of every number beside the requested tol = 1e-12.

:Parameters: Peak(eps in 1e-1, 1e-2, 1e-3 x a in 1e-2, 1e-4, both ends) and Flat, u in 0, 0.01; k = 1; 1 worker.
:Run time: about 3 s (6 s on the shared 2-core machine under load): one worker process started and
  warmed up, then 14 solves of ~20 ms.
:Run: ``python docs/examples/sweep_figures.py [FIGURE.png]``, or
  ``pitcheig sweep --model peak,flat --eps 1e-1,1e-2,1e-3 --a 1e-2,1e-4 --u 0,0.01 --k 1 --workers 1 --out s.csv``
"""

import sys
import tempfile
from pathlib import Path

import numpy as np

from pitcheig.sweep import grid, read_rows, run_sweep, summary

# %%
# The grid
# --------
# ``grid`` takes every (eps, a) for the peak model and one point per u for the
# flat one, and checks every value before any work (a bad one raises
# ParameterError here, not in a worker).

EPS, A, U = (1e-1, 1e-2, 1e-3), (1e-2, 1e-4), (0.0, 0.01)


def points():
    """The 14 points: 3 eps x 2 a x 2 u of Peak, 2 u of Flat."""
    return grid(["peak", "flat"], eps=list(EPS), a=list(A), u=list(U))


# %%
# The sweep
# ---------
# One local worker process (``workers=1``; the default is one per CPU).  The
# rows reach the file while the sweep runs; the report counts them by status,
# and ``read_rows`` reads the file (here in a temporary directory) as a list of
# dicts with the columns of the README: ``model, ends, eps, a, u, ...,
# lambda_+1, error_+1, lambda_-1, error_-1, unknowns, seconds, status, message``.

def sweep(directory):
    """Run the sweep into ``directory``/sweep.csv; returns (report, rows)."""
    out = Path(directory) / "sweep.csv"
    report = run_sweep(points(), out, k=1, workers=1, progress=False)
    return report, read_rows(out)


# %%
# The figures
# -----------
# Left: lambda_{+1} of the peak model relative to the flat value at the same u,
# lambda / lambda(D = 1) - 1, against eps on log axes, one line per (a, u): the
# peaks raise lambda_{+1}, more for smaller a (taller peaks) and larger eps
# (wider ones), with a slope near 2 at small eps: eq. (34) gives, as a -> 0,
# delta lambda = lambda^2 Phi(1)^2 b^2 / (4 U(1)) per peaked end, b = j1^2 eps / 2.
# Middle: the same for lambda_{-1}; at u = 0.01 it is the small advective
# eigenvalue (about -6u for D = 1).
#
# Right: the relative error estimate of every eigenvalue against the requested
# tol = 1e-12 (dashed).  At u = 0 they sit below tol; at u = 0.01 those of
# lambda_{+1} sit above it, by design: every estimate is floored at the rounding
# level of the solve, and for 1e-4 <~ abs(u) <~ 0.05 that level includes the
# advective eigenvalue's theta ~ -1/(6u), which makes the estimates of the other
# eigenvalues pessimistic (README, "How accuracy is judged").  The rows are still
# certified, and their true errors are far smaller (the test of this example
# checks every number against independent references: at most 4e-14 relative).

def figure(rows):
    """The three panels described above; returns the matplotlib figure."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    flat = {r["u"]: r for r in rows if r["model"] == "flat"}
    peak = [r for r in rows if r["model"] == "peak"]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    for i, (a, u) in enumerate((a, u) for a in A for u in U):
        line = sorted((r for r in peak if (r["a"], r["u"]) == (a, u)), key=lambda r: r["eps"])
        eps = [r["eps"] for r in line]
        style = dict(marker="o", ms=4, color=f"C{i}", label=f"a = {a:g}, u = {u:g}")
        for ax, label in zip(axes[:2], ("+1", "-1")):
            ax.loglog(eps, [r[f"lambda_{label}"] / flat[u][f"lambda_{label}"] - 1.0 for r in line], **style)
        for label, fill in (("+1", f"C{i}"), ("-1", "none")):
            axes[2].loglog(eps, [r[f"error_{label}"] / abs(r[f"lambda_{label}"]) for r in line],
                           marker="o", ms=7 if fill == "none" else 4, ls="", color=f"C{i}", mfc=fill)
    for ax, label in zip(axes[:2], ("+1", "-1")):
        ax.set_xlabel("eps"), ax.set_ylabel(f"lambda_{label} / (lambda_{label} of D = 1) - 1")
    axes[0].legend(fontsize=8)
    axes[2].axhline(1e-12, color="0.5", lw=0.8, ls="--")
    axes[2].set_xlabel("eps"), axes[2].set_ylabel("error estimate / |lambda|  (filled: +1, open: -1)")
    fig.tight_layout()
    return fig


# %%
# Run it
# ------

def main(path=None):
    """Sweep, print a short table, draw the figure (saved to ``path`` and closed if
    one is given, left open for the gallery otherwise).  Returns (counts by status,
    rows), the rows as ``read_rows`` gives them."""
    with tempfile.TemporaryDirectory() as directory:
        report, rows = sweep(directory)
    print(f"{len(rows)} rows, {summary(rows)}; {report.tasks} tasks sent to the worker")
    print(f"{'model':>5} {'eps':>6} {'a':>6} {'u':>5} {'lambda_+1':>19} {'lambda_-1':>20} {'max est':>8} unknowns")
    for r in sorted(rows, key=lambda r: (r["model"], r["u"], -np.nan_to_num(r["eps"]), -np.nan_to_num(r["a"]))):
        estimate = max(r["error_+1"], r["error_-1"])
        eps, a = ("-" if np.isnan(x) else f"{x:.0e}" for x in (r["eps"], r["a"]))
        print(f"{r['model']:>5} {eps:>6} {a:>6} {r['u']:5g} {r['lambda_+1']:19.14f} "
              f"{r['lambda_-1']:20.14f} {estimate:8.1e} {r['unknowns']:8d}")
    fig = figure(rows)
    if path is not None:
        import matplotlib.pyplot as plt
        fig.savefig(path, dpi=110), plt.close(fig)
    return summary(rows), rows


if __name__ == "__main__":
    # From the command line the figure goes to a file (default sweep_figures.png); in the
    # gallery (sphinx-gallery runs the script as __main__) it stays open to be shown.
    in_gallery = "sphinx_gallery" in sys.modules
    main(None if in_gallery else (sys.argv[1] if len(sys.argv) > 1 else "sweep_figures.png"))
