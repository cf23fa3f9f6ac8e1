"""Two discretisations of eq. (15) side by side (issue 13), and the naive one.

Run:   python -m pitcheig.studies.discretisations [--out DIR] [--repeats R]    (about 40 s)

1. Over the reference grid (eps 1e-1 .. 1e-8 x a 1 .. 1e-8 x u 0, 0.01 x ends
   both, +1: 140 cases), ``eigs(method=M)`` for M = galerkin and collocation at
   the default tol: the error of lambda_{+-1}, lambda_{+-2} against the
   independent shooting reference (pitcheig.reference, peak_shooting.json:
   tests/reference/shooting.py, ~1e-14), whether every error estimate covers the
   true error, the unknowns and the median time per solve; the difference
   between the two methods, and the cross-check verdict (crosscheck.py) that
   ``pitcheig eigs --cross-check galerkin,collocation`` would print.
2. Conditioning of what each method solves, at eps = 1e-2, a = 1e-4 and 1e-8:
   the eigenvalue condition numbers kappa = |x| |y| / |y^H x| (left and right
   eigenvectors) of lambda_{+1}, lambda_{+2}: 1 for Galerkin's symmetric
   matrix; for collocation, the matrix as solved (scaled by sqrt(w a)) and the
   unscaled A^{-1} R; and for the naive square collocation of the
   second-order form, kappa of the generalised pencil (A, B) including
   |A| + |lam| |B|.
3. Error against degree at eps = 1e-2 for a = 1e-4 and 1e-8 on one fixed
   mesh (the breakpoints on which the collocation solve converged) with a
   uniform degree on every piece: Galerkin, the integrated collocation, and
   the naive square collocation (p Psi'' + p' Psi' + lam (u + mu) Psi = 0 at
   the interior Chebyshev points, continuity of Psi and of the flux at
   breakpoints, the Frobenius end rows; p' by Chebyshev differentiation of p;
   QZ, and the finite eigenvalue nearest the reference is taken, which is
   generous to it).  Figure ``discretisations.png``.

Verdicts are computed by the rules printed with them (``verdicts``).
"""

import argparse
import json
import os
import time
import warnings
from importlib import resources

import numpy as np
from numpy.polynomial import chebyshev
from scipy import linalg

from pitcheig.symbolic._recurrence import regular_boundary_row

METHODS = ("galerkin", "collocation")
#: The bars of issue 13: collocation within ACCURACY_BAR of the reference on the
#: whole grid, the two methods within AGREEMENT_BAR of each other (relative).
ACCURACY_BAR, AGREEMENT_BAR = 1e-11, 2e-12
LABELS = (1, -1, 2, -2)
DEGREES = (8, 12, 16, 20, 24, 32, 40, 48, 64)
CONDITION_CASES = ((1e-2, 1e-4), (1e-2, 1e-8))


def reference_cases():
    """The 140 cases of the independent shooting reference (shipped as pitcheig.reference)."""
    text = resources.files("pitcheig.reference").joinpath("peak_shooting.json").read_text()
    return json.loads(text)["cases"]


def _timed(call, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return result, float(np.median(times))


def grid(repeats=1):
    """One row per reference case: per method the error, coverage, certification,
    unknowns and time, and the cross-check between the two."""
    from pitcheig import NotConvergedWarning, Peak, eigs
    from pitcheig.crosscheck import CrossCheck
    eigs(Peak(1e-3, 1e-4), k=2, method="collocation")            # warm caches and imports
    rows = []
    for case in reference_cases():
        model = Peak(case["eps"], case["a"], case["ends"])
        row = {key: case[key] for key in ("eps", "a", "u", "ends")}
        results = []
        for method in METHODS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NotConvergedWarning)     # recorded in the row
                result, seconds = _timed(lambda: eigs(model, u=case["u"], k=2, method=method), repeats)
            errors, covered = [], True
            for label in LABELS:
                exact, pair = case["lambda"][f"{label:+d}"], result[label]
                errors.append(abs(pair.lam - exact) / abs(exact))
                covered &= abs(pair.lam - exact) <= pair.error_estimate + case["error_estimate"][f"{label:+d}"]
            row[method] = {"error": max(errors), "covered": bool(covered), "converged": bool(result.converged),
                           "dofs": result.diagnostics.dofs, "ms": 1e3 * seconds}
            results.append(result)
        check = CrossCheck(methods=METHODS, results=tuple(results))
        row["difference"] = max(diff / abs(a) for _, a, _, diff, _, _ in check.rows())
        row["cross_check_passed"] = bool(check.passed)
        rows.append(row)
    return rows


def verdicts(rows):
    """The bars, each computed from the rows by the rule stated in its text."""
    c = [r["collocation"] for r in rows]
    wrong = sum(1 for x in c if x["converged"] and not (x["error"] <= ACCURACY_BAR and x["covered"]))
    accuracy = all(x["converged"] and x["error"] <= ACCURACY_BAR and x["covered"] for x in c)
    agreement = max(r["difference"] for r in rows)
    passed = sum(r["cross_check_passed"] for r in rows)
    return [
        (f"collocation: every case certified, error <= {ACCURACY_BAR:.0e} and every estimate covering "
         f"the true error ({sum(x['converged'] for x in c)}/{len(c)} certified, worst error "
         f"{max(x['error'] for x in c):.1e}, {wrong} certified but wrong)", accuracy),
        (f"galerkin and collocation agree to <= {AGREEMENT_BAR:.0e} relative (worst {agreement:.1e})",
         agreement <= AGREEMENT_BAR),
        (f"cross-check galerkin,collocation passes on every case ({passed}/{len(rows)})", passed == len(rows)),
    ]


def summary(rows):
    """Per method: worst error, medians of unknowns and of time."""
    out = {}
    for method in METHODS:
        m = [r[method] for r in rows]
        out[method] = {"worst_error": max(x["error"] for x in m),
                       "median_dofs": float(np.median([x["dofs"] for x in m])),
                       "median_ms": float(np.median([x["ms"] for x in m])), "max_ms": max(x["ms"] for x in m),
                       "certified": sum(x["converged"] for x in m), "covered": sum(x["covered"] for x in m)}
    return out


# --- a fixed mesh with a uniform degree ----------------------------------------

def fixed_mesh(model, degree):
    """The breakpoints on which the collocation solve of lambda_{+-1,+-2} converged,
    with ``degree`` on every piece, and D's resolved lengths there."""
    from pitcheig import eigs
    from pitcheig.coefficient import resolve_coefficient
    from pitcheig.mesh import Mesh
    breakpoints = np.array(eigs(model, k=2, method="collocation").diagnostics.breakpoints)
    mesh = Mesh(breakpoints, np.full(breakpoints.size - 1, degree), tuple(model.gradings))
    return mesh, [resolve_coefficient(model, *iv)[1] for iv in mesh.intervals()]


def naive_pencil(model, u, mesh):
    """(A, B) of the square collocation of p Psi'' + p' Psi' + lam (u + mu) Psi = 0
    (see the module doc): A x = lam B x, x the values of Psi at the second-kind
    points of every piece."""
    from pitcheig.chebtech import chebpts2
    from pitcheig.mesh import piece_points
    n = int(mesh.degrees[0]) + 1
    xi = chebpts2(n)
    d1 = chebyshev.chebvander(xi, n - 1) @ _derivative_matrix(n) @ np.linalg.inv(chebyshev.chebvander(xi, n - 1))
    d2 = d1 @ d1
    size = n * mesh.pieces
    a, b = np.zeros((size, size)), np.zeros((size, size))
    row = 0
    first_derivs = []
    for e, (left, right) in enumerate(mesh.intervals()):
        h = 0.5 * (right - left)
        mu, t_minus, t_plus = piece_points(left, right, xi)
        p = t_minus * t_plus * model.evaluate(mu, t_minus, t_plus)
        dp = d1 @ p / h
        cols = slice(e * n, (e + 1) * n)
        for j in range(1, n - 1):
            a[row, cols] = p[j] * d2[j] / h**2 + dp[j] * d1[j] / h
            b[row, e * n + j] = -(u + mu[j])
            row += 1
        first_derivs.append((d1 / h, p))
    for e in range(mesh.pieces - 1):           # continuity of Psi and of the flux p Psi'
        a[row, e * n + n - 1], a[row, (e + 1) * n] = 1.0, -1.0
        row += 1
        (d_left, p_left), (d_right, p_right) = first_derivs[e], first_derivs[e + 1]
        a[row, e * n:(e + 1) * n] = p_left[-1] * d_left[-1]
        a[row, (e + 1) * n:(e + 2) * n] = -p_right[0] * d_right[0]
        row += 1
    for s, index, deriv_row in ((-1.0, 0, first_derivs[0][0][0]), (1.0, size - 1, first_derivs[-1][0][-1])):
        d_end = float(model.evaluate(np.array([s]), np.array([1.0 + s]), np.array([1.0 - s]))[0])
        coeff_a, coeff_b = regular_boundary_row(s, u, d_end)
        cols = slice(0, n) if s < 0 else slice(size - n, size)
        a[row, cols] = coeff_a * deriv_row
        b[row, index] = coeff_b
        row += 1
    return a, b


def _derivative_matrix(n):
    """Chebyshev coefficients of the derivative (padded to n) from n coefficients."""
    out = np.zeros((n, n))
    for k in range(n):
        e = np.zeros(n)
        e[k] = 1.0
        der = chebyshev.chebder(e)
        out[:der.size, k] = der
    return out


def naive_eigenvalues(model, u, mesh):
    """The finite, real eigenvalues of the naive pencil, with their condition numbers."""
    a, b = naive_pencil(model, u, mesh)
    w, vl, vr = linalg.eig(a, b, left=True, right=True)
    finite = np.isfinite(w) & (np.abs(w.imag) <= 1e-6 * np.abs(w))
    kappa = np.full(w.shape, np.inf)
    norm_a, norm_b = np.linalg.norm(a, 2), np.linalg.norm(b, 2)
    for i in np.nonzero(finite)[0]:
        x, y = vr[:, i], vl[:, i]
        kappa[i] = (np.linalg.norm(x) * np.linalg.norm(y) * (norm_a + abs(w[i]) * norm_b)
                    / (abs(w[i]) * abs(np.conj(y) @ b @ x)))
    return w[finite].real, kappa[finite]


def _nearest(values, target):
    return values[np.argmin(np.abs(values - target))] if values.size else np.nan


def degree_study(reference):
    """Error of lambda_{+1} against the degree on a fixed mesh, three methods, a = 1e-4 and 1e-8."""
    from pitcheig import Peak
    from pitcheig.collocation import CollocationDiscretisation
    from pitcheig.galerkin import GalerkinDiscretisation
    out = {}
    for eps, a in CONDITION_CASES:
        model = Peak(eps, a)
        exact = next(c for c in reference if (c["eps"], c["a"], c["u"], c["ends"]) == (eps, a, 0.0, "both"))
        exact = exact["lambda"]["+1"]
        rows = []
        for degree in DEGREES:
            mesh, d_lengths = fixed_mesh(model, degree)
            lam = {"galerkin": GalerkinDiscretisation(model, 0.0, mesh, d_lengths).solve(1),
                   "collocation": CollocationDiscretisation(model, 0.0, mesh, d_lengths).solve(1)}
            row = {"degree": degree, "dofs": mesh.dofs}
            for name, pairs in lam.items():
                row[name] = abs(pairs.lam[pairs.labels.index(1)] / exact - 1)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                naive, _ = naive_eigenvalues(model, 0.0, mesh)
            row["naive square"] = abs(_nearest(naive, exact) / exact - 1)
            rows.append(row)
        out[f"{eps:g},{a:g}"] = rows
    return out


def conditioning():
    """Eigenvalue condition numbers of lambda_{+1}, lambda_{+2} (see the module doc)."""
    from pitcheig import Peak
    from pitcheig.collocation import CollocationDiscretisation
    out = {}
    for eps, a in CONDITION_CASES:
        model = Peak(eps, a)
        mesh, d_lengths = fixed_mesh(model, 32)
        disc = CollocationDiscretisation(model, 0.0, mesh, d_lengths)
        reduced, _ = disc.projected_matrix()
        # the same matrix without the symmetrising scaling (a similarity: same eigenvalues)
        unscaled, _ = disc.projected_matrix(np.ones(disc.size))
        entry = {"galerkin": 1.0}
        for name, matrix in (("collocation (as solved)", reduced), ("collocation (unscaled)", unscaled)):
            entry[name] = _kappa_of_largest(matrix)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            values, kappa = naive_eigenvalues(model, 0.0, mesh)
        positive = values > 0
        entry["naive square"] = float(np.max(kappa[positive][np.argsort(values[positive])[:2]]))
        entry["max/min of p at the points"] = float(np.max(disc.a[1:-1]) / np.min(disc.a[1:-1]))
        out[f"{eps:g},{a:g}"] = entry
    return out


def _kappa_of_largest(matrix):
    """max kappa over the two largest real eigenvalues (theta = 1/lambda_{+1}, 1/lambda_{+2})."""
    w, vl, vr = linalg.eig(matrix, left=True, right=True)
    order = np.argsort(-w.real)[:2]
    return float(max(np.linalg.norm(vl[:, i]) * np.linalg.norm(vr[:, i]) / abs(np.conj(vl[:, i]) @ vr[:, i])
                     for i in order))


def figure(path, study):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(study), figsize=(11, 4.2), sharey=True)
    for ax, (key, rows) in zip(np.atleast_1d(axes), study.items()):
        eps, a = key.split(",")
        for name, marker in (("galerkin", "o"), ("collocation", "s"), ("naive square", "x")):
            ax.semilogy([r["degree"] for r in rows], [max(r[name], 1e-17) for r in rows], marker=marker,
                        label=name)
        ax.set_title(f"Peak eps = {eps}, a = {a}, u = 0: lambda_+1")
        ax.set_xlabel("degree on every piece (fixed mesh); an error of 0 is drawn at 1e-17")
        ax.grid(True, which="both", alpha=0.3)
    np.atleast_1d(axes)[0].set_ylabel("relative error vs shooting reference")
    np.atleast_1d(axes)[0].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def results(out_dir=None, repeats=1):
    reference = reference_cases()
    rows = grid(repeats)
    study = degree_study(reference)
    out = {"grid": rows, "summary": summary(rows), "verdicts": [(text, bool(ok)) for text, ok in verdicts(rows)],
           "degree_study": study, "conditioning": conditioning()}
    if out_dir:
        figure(os.path.join(out_dir, "discretisations.png"), study)
    return out


def report_lines(out):
    lines = ["| method | certified | estimates cover | worst error | median unknowns | median ms | max ms |",
             "|---|---|---|---|---|---|---|"]
    for method, s in out["summary"].items():
        lines.append(f"| {method} | {s['certified']}/{len(out['grid'])} | {s['covered']}/{len(out['grid'])} | "
                     f"{s['worst_error']:.1e} | {s['median_dofs']:.0f} | {s['median_ms']:.1f} | {s['max_ms']:.0f} |")
    lines.append("")
    lines += [f"* {'met' if ok else 'NOT met'}: {text}" for text, ok in out["verdicts"]]
    lines.append("")
    lines.append("Eigenvalue condition numbers kappa of lambda_{+1}, lambda_{+2} (max), eps = 1e-2:")
    for key, entry in out["conditioning"].items():
        lines.append(f"* a = {key.split(',')[1]}: " + ", ".join(
            f"{name} {value:.1e}" for name, value in entry.items()))
    lines.append("")
    lines.append("Error of lambda_{+1} against the degree on one fixed mesh (discretisations.png):")
    for key, rows in out["degree_study"].items():
        lines.append(f"* a = {key.split(',')[1]}: " + "; ".join(
            f"n = {r['degree']}: G {r['galerkin']:.0e}, C {r['collocation']:.0e}, naive {r['naive square']:.0e}"
            for r in rows[::2]))
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None, help="directory for discretisations.png")
    parser.add_argument("--repeats", type=int, default=1, help="solves per case for the median time")
    args = parser.parse_args(argv)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    out = results(args.out, args.repeats)
    print("\n".join(report_lines(out)))
    return 0 if all(ok for _, ok in out["verdicts"]) else 3


if __name__ == "__main__":
    raise SystemExit(main())
