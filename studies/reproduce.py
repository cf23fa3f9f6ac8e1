"""The main job: the paper section by section against exact numerics, one report.

Run:   pitcheig reproduce [--out DIR]          (default results/; about 2 minutes)

Writes to DIR: report.md (the claims table with computed verdicts and the rules
that made them, the disagreements grouped by root cause, certification of every
solve that feeds the report, figure links, versions, parameters), claims.csv,
claims.md, results.json and the figures.  Each part is an importable study with
results() and main(): claims, first_principles, eigenfunctions, asymptotics,
beam_formation, sustainability, discretisations; the rows are built by
studies/referee.py with the rules of studies/verdicts.py.  Beyond the paper,
shock_index (issue 17) adds the spectral index at a shock against the stored
literature, in a section and table of its own (not counted among the paper's
claims).
"""

import argparse
import csv
import json
import os
import platform
import sys
import time

import numpy as np


def _quiet(message):
    """The progress callback off a terminal: say nothing."""


def beam_in_physical_units(energies_tev=(0.5, 1.0, 2.0, 5.0, 10.0, 20.0)):
    """Width and excess against energy at the paper's B = 3 muG, l = 1 pc, delta = 1e-4."""
    from astropy import units as u

    from pitcheig.beam import beam
    res = beam(3 * u.uG, 1 * u.pc, list(energies_tev) * u.TeV, delta=1e-4)
    return {"table": res.table(), "converged": bool(res.converged), **res.to_dict()}


def certification(parts):
    """[(what, converged)] for every solve that feeds the report, read from the
    results' ``converged`` fields."""
    cl, ef, asym, bf, su = (parts[k] for k in ("claims", "eigenfunctions", "asymptotics", "propagation",
                                                "sustainability"))
    out = [("flat lambda_1..6 (claims)", cl["flat_converged"]),
           ("eq. 7 tables: the cache agrees with this run's recomputation",
            parts["finite_correlation"]["cache_check"]["agrees"])]
    ev = parts["first_principles"]["eigenvalue"]
    out += [(f"first-principles and paper's model lambda_1 (eps {ev['eps']:g})",
             ev["first_principles"]["converged"] and ev["paper_model"]["converged"])]
    out += [(f"eigenfunction {k} (eps {ef[k]['eps']:g}, a {ef[k]['a']:.2g})", ef[k]["converged"])
            for k in ("beam_physical", "beam_small_a", "beam_small_a_eps1e-4")]
    out += [(f"asymptotics: exact eigenpairs ({asym['certified']['count']} solves)", asym["certified"]["all"])]
    out += [(f"eigenfunction sequence eps {r['eps']:g}", r["converged"]) for r in ef["beam_sequence"]]
    out += [(f"propagation eps {r['eps']:g}, a {r['a']:.2g}", r["converged"]) for r in bf["beam"]]
    out += [(f"beam integral eps {r['eps']:g}", r["converged"]) for r in su["beam_integral"]]
    out += [(f"momentum scaling eps {r['eps']:g}", r["converged"]) for r in su["scaling"]]
    out += [("beam in physical units (pitcheig.beam, every energy)", parts["beam_physical_units"]["converged"])]
    out += [(f"convergence figure, graded (eps {parts['convergence']['eps']:g})",
             parts["convergence"]["graded"]["converged"])]
    if "shock" in parts:
        from pitcheig.studies import shock_index
        out += shock_index.certification(parts["shock"])
    return out


def all_rows(parts):
    from pitcheig.studies import referee as R
    cl, fp, ef, bf, su = (parts[k] for k in ("claims", "first_principles", "eigenfunctions", "propagation",
                                              "sustainability"))
    return (R.section3_rows(cl, fp) + R.correlation_rows(parts["finite_correlation"]) + R.section41_rows(cl, ef)
            + R.section42_rows(parts["asymptotics"], ef)
            + R.beam_rows(ef, bf) + R.section43_rows(cl, ef, bf)
            + R.sustainability_rows(su) + R.section5_rows(cl, su) + R.section6_rows(su))


FIELDS = ["section", "claim", "paper", "value", "verdict", "why", "rule", "cause", "how"]


def write_table(rows, out):
    with open(os.path.join(out, "claims.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    lines = ["| sec. | claim | paper | computed | verdict | why (from the numbers) | rule | how |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['section']} | {r['claim']} | {r['paper']:.6g} | {r['value']:.10g} | **{r['verdict']}** | "
                     f"{r['why']} | {r['rule']} | {r['how']} |")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "claims.md"), "w") as fh:
        fh.write(text)
    return text


def cause_lines(rows):
    from pitcheig.studies.referee import CAUSES, root_causes
    causes = root_causes(rows)
    lines = [f"**{sum(not r['holds'] for r in rows)} of {len(rows)} claims disagree, from {len(causes)} root "
             "cause(s)** (a disagreement is traced to a cause when the cause's number reproduces the paper's "
             "at the paper's accuracy; claims that share a cause count once):", ""]
    for cause, claims in causes.items():
        if cause.startswith("untraced: "):
            lines.append(f"* untraced: {claims[0]}")
        else:
            lines.append(f"* {CAUSES.get(cause, cause)}: " + "; ".join(claims))
    return lines


def run(out="results", progress=None):
    """Every study into ``out``; ``progress`` (a callable or None) is told which study runs."""
    import chebpy
    import scipy

    import pitcheig
    from pitcheig.studies import (asymptotics, beam_formation, claims, discretisations, eigenfunctions,
                                  finite_correlation, first_principles, report_figures, shock_index,
                                  sustainability)
    t0 = time.time()
    report_progress = progress or _quiet
    os.makedirs(out, exist_ok=True)
    parts = {}
    report_progress("closed forms and the flat problem (S1', zeta(9/2), lambda_1..6, Legendre truncation, WKB)")
    parts["claims"] = claims.results()
    report_progress("first-principles D: eqs. 6, 10, 11, r; lambda_1 and the beam for it")
    parts["first_principles"] = first_principles.results()
    report_progress("eq. 7 (finite correlation time): cached tables, two entries recomputed")
    parts["finite_correlation"] = finite_correlation.results()
    report_progress("eigenfunctions: mu_1, eqs. 31-33, 35-36")
    parts["eigenfunctions"] = eigenfunctions.results(out)
    report_progress("the paper's asymptotic solution (eqs. 17-34) against exact eigenpairs; Fig. 2")
    parts["asymptotics"] = asymptotics.results(out)
    report_progress("half-range propagation: convergence, beam on the transported f, sign rule")
    parts["propagation"] = beam_formation.results(out)
    report_progress("sustainability and sections 5-6 (eqs. 38-48)")
    parts["sustainability"] = sustainability.results()
    report_progress("figures: D(mu), the excess in degrees, convergence against the shooting reference")
    from pitcheig import FirstPrinciples
    report_figures.coefficient_figure(os.path.join(out, "coefficient.png"), first_principles=FirstPrinciples(2.1e-3))
    lam0, phi = eigenfunctions.flat_phi()
    from pitcheig.models import physical_a
    curves = [(rf"$\varepsilon$ = {e:g}, a = {physical_a(e, 1e-4):.2g} (eq. 11)",
               eigenfunctions.scaled_peak_eigenfunction(e, physical_a(e, 1e-4), phi)[1]) for e in (1e-3, 2.1e-3)]
    report_figures.excess_figure(os.path.join(out, "excess.png"), curves, phi)
    parts["convergence"] = dict(report_figures.convergence_figure(os.path.join(out, "convergence.png")), eps=1e-3)
    report_progress("the beam in physical units (pitcheig.beam): B = 3 muG, l = 1 pc, delta = 1e-4, 0.5-20 TeV")
    parts["beam_physical_units"] = beam_in_physical_units()
    report_progress("two discretisations (galerkin, collocation) on the reference grid; naive square collocation")
    parts["discretisations"] = disc = discretisations.results(out)
    report_progress("beyond the paper: the spectral index at a shock, Gamma1 beta1 = 0.01 to infinity")
    parts["shock"] = shock_index.results()
    shock_index.figure(parts["shock"], os.path.join(out, "shock_index.png"))
    shock_rows = shock_index.rows(parts["shock"])
    rows = all_rows(parts)
    table = write_table(rows, out)
    cert = certification(parts)
    versions = {"pitcheig": getattr(pitcheig, "__version__", "dev"), "python": platform.python_version(),
                "numpy": np.__version__, "scipy": scipy.__version__,
                "chebpy": getattr(chebpy, "__version__", "?")}
    with open(os.path.join(out, "results.json"), "w") as fh:
        json.dump({"rows": rows, "shock_rows": shock_rows, **parts, "certification": cert, "versions": versions},
                  fh, indent=1, default=float)
    uncertified = [what for what, ok in cert if not ok]
    bf, ref = parts["propagation"], parts["convergence"]["reference"]
    report = [
        "# pitcheig: the paper section by section against exact numerics",
        "",
        "Malkov, Diamond, Drury & Sagdeev (2010); equation numbers are the paper's.  Every computed value "
        "comes from this package (certified eigen-solves, closed forms, error-controlled Bessel sums, "
        "quadrature); the paper's numbers are claims.  Each verdict is the output of the rule printed beside "
        "it (studies/verdicts.py), applied to the numbers in the row.",
        "",
        *cause_lines(rows),
        "",
        f"**Certification:** {len(cert) - len(uncertified)} of {len(cert)} solves that feed this report have "
        "converged = True" + (": all certified." if not uncertified else "; NOT certified: "
                              + "; ".join(uncertified)),
        "",
        "## Rules",
        "",
        "* quoted numbers: within the accuracy the paper's words claim: n quoted digits allow half a unit in "
        "the last; '~' and a bare power of ten an order of magnitude (a factor sqrt(10)); an explicit "
        "percentage that percentage;",
        "* asymptotic formulas: log|error| fitted against log of the small parameter over the points listed; "
        "the fitted order must be within the stated tolerance of the predicted one and the error must be "
        "smallest nearest the limit;",
        "* leading-order formulas: within the first term the paper itself neglects (named in the row);",
        "* sign rules: every measured sign the predicted one; identities: to the accuracy of the computation.",
        "",
        "## Claims",
        "",
        table,
        "## Figures",
        "",
        "* [Fig. 2 as the paper draws it](asymptotics_fig2.png): Phi and the perturbed outer solution "
        "Phi + delta_lambda Psi^(1) (Phi(1) < 0), inset in log(1 - mu) with the exact Psi and the composite "
        "asymptotic solution, mu = 1 - b marked.",
        "* [1 - exact/eq. 34](asymptotics_dlam.png) against b and against sqrt(a), log axes, with the derived lines.",
        "* [Eigenfunctions](eigenfunctions.png): Phi and Psi at eps = 2.1e-3, inset near mu = 1, and Psi - Phi.",
        "* [D(mu)](coefficient.png): the peak model, the first-principles D, eqs. 6, 8, 10 against 1 - mu, "
        "normalised by nu_theta.",
        "* [The beam's excess](excess.png) against pitch angle in degrees.",
        "* [Convergence](convergence.png): error of lambda_+1 against unknowns, adaptive vs one global interval "
        f"(Peak eps = 1e-3, a = 1e-4), against the independent shooting reference lambda = {ref['lambda']:.15g} "
        f"(+- {ref['error_estimate']:.0e}); final error {ref['final_error']:.1e}.",
        "* [Discretisations](discretisations.png): error of lambda_+1 against the degree on one fixed mesh.",
        "* [Propagation](propagation.png): the half-range solution at eps = 2.1e-3, a from eq. 11.",
        "",
        "## The beam in physical units (`pitcheig beam`)",
        "",
        "```",
        parts["beam_physical_units"]["table"],
        "```",
        "",
        "## Two discretisations of eq. (15)",
        "",
        *discretisations.report_lines(disc),
        "",
        "## Propagation along the flux tube (eqs. 12-16)",
        "",
        "Half-range problem solved by the discrete route (pitcheig.propagation); every level of the "
        f"graded mesh against the finest ({bf['convergence']['finest_nodes']} nodes), largest difference "
        f"of f(z = 0.01): " + ", ".join(f"{r['nodes']} nodes {r['f(z=0.01)']:.1e}"
                                        for r in bf["convergence"]["levels"])
        + f"; flux int (u + mu) f dmu drifts by {bf['flux_relative_drift']:.1e} (relative) over z = 0..10.",
        "",
        *beam_formation.report_lines(bf),
        "",
        "## Beyond the paper: the spectral index at a shock (issue 17)",
        "",
        *shock_index.report_lines(parts["shock"], shock_rows),
        "",
        "## Versions and parameters",
        "",
        "```",
        json.dumps(versions, indent=1),
        "```",
        f"delta = V_A/c = 1e-4; Fig. 2 eps = 2.1e-3; q = 13/3; q_c = 4.6-4.7; K = 1e-6; B = 3 muG; "
        f"alpha = 1e-3. Wall time {time.time() - t0:.0f} s.",
    ]
    with open(os.path.join(out, "report.md"), "w") as fh:
        fh.write("\n".join(report) + "\n")
    report_progress(f"wrote {out}/report.md, claims.csv, claims.md, results.json and the figures")
    unmet = [text for text, ok in disc["verdicts"] if not ok]
    return rows, unmet, uncertified


def main(argv=None):
    """Run every study into --out; exit 0 when every solve that feeds the report is
    certified (read from the results' ``converged``) and every bar of the
    discretisation study is met, 3 when not.  A NotConvergedWarning from a solve
    not recorded in a result is a second net: it also gives 3."""
    import warnings

    from pitcheig import ConvergenceError, NotConvergedWarning
    from pitcheig.progress import terminal_progress
    parser = argparse.ArgumentParser(description="Reproduce every claim of the paper.")
    parser.add_argument("--out", default="results")
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", NotConvergedWarning)
        try:
            rows, unmet, uncertified = run(args.out, progress=terminal_progress())
        except ConvergenceError as exc:
            reason = " ".join(str(exc).split())[:300]
            print(f"pitcheig: a solve that a study needs certified was not; no report: {reason}", file=sys.stderr)
            return 3
    warned = [w for w in caught if issubclass(w.category, NotConvergedWarning)]
    for w in caught:
        if w not in warned:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    from pitcheig.studies.referee import root_causes
    print(f"{sum(not r['holds'] for r in rows)} of {len(rows)} claims disagree ({len(root_causes(rows))} root "
          f"causes); see {args.out}/report.md")
    if uncertified or warned:
        first = uncertified[0] if uncertified else " ".join(str(warned[0].message).split())[:300]
        print(f"pitcheig: {len(uncertified) + len(warned)} solve(s) feeding the report were NOT certified; "
              f"first: {first}", file=sys.stderr)
        return 3
    if unmet:
        print(f"pitcheig: {len(unmet)} bar(s) of the discretisation study NOT met; first: {unmet[0]}",
              file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
