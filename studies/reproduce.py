"""The main job: every claim of SPEC section 3 against exact numerics, one report.

Run:   pitcheig reproduce [--out DIR]          (default results/; about 1 minute)

Writes to DIR: report.md (the cross-check table with verdicts, figure links,
versions, parameters), claims.csv, claims.md, results.json, fig2.png,
convergence.png, delta_lambda.png.  Each part is an importable study with
main(): claims, first_principles, eigenfunctions, delta_lambda, beam_formation.
"""

import argparse
import csv
import json
import os
import platform
import sys
import time

import numpy as np


def _progress(msg, t0):
    print(f"[{time.time() - t0:6.1f} s] {msg}", file=sys.stderr, flush=True)


def measured_row(claim, paper, value, how, verdict, order=""):
    rel = abs(value / paper - 1) if paper not in (0, None) else float("nan")
    return {"claim": claim, "paper": paper, "value": value, "how": how, "rel_diff": rel,
            "verdict": verdict, "order": order}


def extra_rows(fp, ef, dl):
    """Rows for the claims that need the solver or the first-principles sums."""
    rows = []
    r = fp["r_exact"]
    rows.append(measured_row("eq. 10: r ~ 1e-2", 1e-2, r,
                             "(4/3)(S1' + sum_{n>=2} n^2 int J_n^2 x^-q), closed forms; partial sums "
                             + ", ".join(f"N={k}: {v:.3g}" for k, v in fp["r_partial"].items()),
                             "DISAGREES: r = 0 exactly (sum n^2 J_n^2 = x^2/4)"))
    e10 = fp["eq10_err_r0"]
    rows.append(measured_row("eq. 10 (r = 0) vs exact S, y << 1 (eps = 1e-6)", 1.0, 1.0 + e10[0],
                             f"rel. error {e10[0]:.2e} at y = {fp['eq10_y'][0]:g}, {e10[-1]:.2e} at y = "
                             f"{fp['eq10_y'][-1]:g}", "agrees (error -> 0)",
                             f"y^{fp['eq10_slope_r0']:.2f} (r = 0); "
                             f"y^{fp['eq10_slope_r_paper']:.2f} with r = 1e-2"))
    env = fp["eq6_envelope"]
    rows.append(measured_row("eq. 6 vs exact S, y >> 1", 1.0, 1.0 + env[-1],
                             "max rel. error per decade of z: " + ", ".join(f"{e:.1e}" for e in env),
                             "agrees (error -> 0)", f"z^{fp['eq6_slope']:.2f}"))
    ps = fp["peak_shape"]
    rows.append(measured_row("eqs. 24-26: peak shape = eq. 10 continued to y = j1, vs exact D_res (y = "
                             f"{ps['y'][1]:.2f})", 1.0, ps["ratio"][1],
                             f"exact / eq. 10 at eps = {ps['eps']:g}: "
                             + ", ".join(f"y = {y:.2f}: {r:.3f}" for y, r in zip(ps["y"], ps["ratio"])),
                             "DISAGREES: eq. 10 holds only for y << 1; the exact peak is narrower"))
    ev = fp["eigenvalue"]
    rows.append(measured_row("sec. 3-4: D = 1 outside the peak (eq. 25) vs first-principles D, lambda_1",
                             ev["lambda_paper_model"], ev["lambda_first_principles"],
                             f"eps = {ev['eps']:g}, delta = {ev['delta']:g}; first-principles D(0.9) = "
                             f"{ev['D_at_0.9']:.3f} (eq. 6 wings); model accuracy {ev['model_accuracy']:.0e}",
                             "DISAGREES: the eq. 6 wings are not negligible at these parameters"))
    rows.append(measured_row("eq. 21: zero mu_1 ~ 0.8 of Phi", 0.8, ef["mu_1"], "roots of the computed Phi",
                             "agrees" if abs(ef["mu_1"] - 0.8) <= 0.05 else "DISAGREES"))
    for name, num, ref in (("eq. 31-32: Phi'(1)/Phi(1) = lambda/2", "phi_prime_ratio", "lambda_over_2"),
                           ("eq. 31-32: Phi''(1)/Phi'(1) = lambda/4", "phi_second_ratio", "lambda_over_4")):
        rel = abs(ef[num] / ef[ref] - 1)
        rows.append(measured_row(name, ef[ref], ef[num], "Chebfun derivatives of the computed Phi",
                                 "agrees" if rel < 1e-8 else "DISAGREES"))
    for key in ("beam_physical", "beam_small_a", "beam_small_a_eps1e-4"):
        b = ef[key]
        tag = f"eps = {b['eps']:g}, a = {b['a']:.2g}"
        rows.append(measured_row(f"eq. 33: Psi(1)/Phi(1) = 1/(1 + lambda b/2) [{tag}]", b["eq33"],
                                 b["psi1_over_phi1"], "Psi scaled to Phi on [-1, 0.5]",
                                 "agrees to O(b^2, sqrt a)" if abs(b["psi1_over_phi1"] / b["eq33"] - 1) < 0.02
                                 else "DISAGREES"))
        rows.append(measured_row(f"eq. 36: beam amplitude 53.4 eps [{tag}]", b["eq36_paper"], b["deficit"],
                                 "1 - Psi(1)/Phi(1) on the computed eigenfunctions",
                                 "agrees (1 digit)" if abs(b["deficit"] / b["eq36_paper"] - 1) < 0.1
                                 else "DISAGREES"))
        rows.append(measured_row(f"eq. 35: beam width b = 7.3 eps [{tag}]", b["b"], b["half_width"],
                                 "distance from mu = 1 where |Psi - Phi| halves",
                                 "agrees in scale (half-width ~ b/2)"
                                 if 0.25 < b["half_width"] / b["b"] < 1 else "DISAGREES"))
    rows.append(measured_row("eq. 34: delta lambda, a, eps -> 0 limit", 1.0, dl["ratio_limit"],
                             f"exact shift / eq. 34 at eps = {dl['eps_min']:g}, a = {dl['a_min']:g}",
                             "agrees (the limit)",
                             f"1 - ratio ~ b^{dl['in_b']:.2f}, (sqrt a)^{dl['in_a']:.2f}"))
    rows.append(measured_row("eq. 34 at the paper's eps = 2.1e-3, a(eq. 11)", 1.0, dl["ratio_paper"],
                             "exact shift / eq. 34", "DISAGREES: overestimates by "
                             f"{100 * (1 / dl['ratio_paper'] - 1):.0f} %"))
    return rows


def propagation_rows(bf):
    """Rows from the half-range transport solution (studies/beam_formation.py)."""
    rows = []
    beam = bf["beam"]
    paper_pt = next(r for r in beam if r["a"] > 1e-6)
    paper_rel = abs(paper_pt["deficit"] / (53.4 * paper_pt["eps"]) - 1)
    rows.append(measured_row(f"eq. 36 on the transported f(z = 1) [eps = 2.1e-3, a = {paper_pt['a']:.2g}]",
                             53.4 * paper_pt["eps"], paper_pt["deficit"],
                             "1 - (f(1) - f_inf)/broad(1), half-range solution, Gaussian source",
                             "agrees (1 digit)" if paper_rel < 0.1 else "DISAGREES"))
    small = [r for r in beam if r["a"] <= 1e-6]
    last = small[-1]
    rows.append(measured_row(f"eq. 36 on the transported f, eps -> 0 [eps = {last['eps']:g}, a = 1e-8]", 1.0,
                             last["ratio_to_eq36"], "measured / (lambda_1 b / 2); ratios over eps "
                             + ", ".join(f"{r['eps']:g}: {r['ratio_to_eq36']:.3f}" for r in small),
                             "agrees (the limit)" if abs(last["ratio_to_eq36"] - 1) < 0.03 else "DISAGREES",
                             f"abs(ratio - 1) ~ eps^{bf['beam_order']:.2f} (slow; changes sign near 2e-3)"))
    rows.append(measured_row(f"eq. 35 on the transported f: width b [eps = {last['eps']:g}]", last["b"],
                             last["half_width"], "distance from mu = 1 where the beam halves",
                             "agrees in scale (half-width ~ b/2)"
                             if 0.25 < last["half_width"] / last["b"] < 1 else "DISAGREES"))
    narrow = bf["sign_rule"][-1]
    rows.append(measured_row("sec. 4.3: excess needs f0 not concentrated in mu_1 < mu < 1 (mu_1 ~ 0.8)", 0.8,
                             narrow["mu_c_star"],
                             "centre where C_1 Psi_1(1) of a Gaussian source changes sign: "
                             + ", ".join(f"sigma {r['sigma']:g}: {r['mu_c_star']:.4f}"
                                         for r in bf["sign_rule"])
                             + f"; mu_1 = {bf['mu_1']:.4f}",
                             "agrees qualitatively: the threshold is ~0.78, a little below mu_1"))
    named = bf["named_sources"]
    rows.append(measured_row("sec. 4.3: sign of the beam for named sources", float("nan"),
                             named["isotropic-forward"],
                             "C_1 Psi_1(1) (> 0: hole, < 0: bump): " + ", ".join(f"{k} {v:+.3f}"
                                                                                   for k, v in named.items()),
                             "consistent: f0 = 1 + mu and a collimated beam give a hole, a broad forward "
                             "source a bump"))
    return rows


def g1_rows():
    """Eq. (30): g1 = a int_0^1 dw/(F(w) + a) against -sqrt(2 pi a)/J0(j1)."""
    import math

    from scipy import integrate, special

    from pitcheig import J1_ZERO
    from pitcheig.models import peak_shape
    out = []
    a_values = (1e-4, 1e-6, 1e-8)
    errs = []
    for a in a_values:
        f = lambda w, a=a: a / (float(peak_shape(np.array([w]))[0]) + a)  # noqa: E731
        layer = 4 * math.sqrt(a)
        g1 = sum(integrate.quad(f, lo, hi, epsabs=0, epsrel=1e-12, limit=400)[0]
                 for lo, hi in ((0, 1 - 50 * layer), (1 - 50 * layer, 1 - layer), (1 - layer, 1)))
        paper = -math.sqrt(2 * math.pi * a) / special.j0(J1_ZERO)
        errs.append(abs(g1 / paper - 1))
        out.append((a, g1, paper))
    order = float(np.polyfit(np.log(a_values), np.log(errs), 1)[0])
    a, g1, paper = out[-1]
    return [measured_row("eq. 30: g1 = -sqrt(2 pi a)/J0(j1)", paper, g1,
                         "a int_0^1 dw/(F + a) by quadrature; rel. errors "
                         + ", ".join(f"a={x[0]:g}: {e:.1e}" for x, e in zip(out, errs)),
                         "agrees (a -> 0)" if errs[-1] < 1e-2 else "DISAGREES", f"a^{order:.2f}")]


def physics_rows(lam1):
    """Eqs. 41-48 with the exact lambda_1 and the paper's inputs."""
    from pitcheig import J1_ZERO
    rows = []
    for qc in (4.6, 4.7):
        a_num = 8 / (lam1 * J1_ZERO**4 * (qc - 2))
        rows.append(measured_row(f"eq. 42: A ~ 1e-3 (q_c = {qc})", 1e-3, a_num, "8/(lambda_1 j1^4 (q_c - 2))",
                                 "agrees (order of magnitude)" if 0.3 < a_num / 1e-3 < 3 else "DISAGREES"))
    a_num = 8 / (lam1 * J1_ZERO**4 * (4.65 - 2))
    k, va, alpha, mc2_gev = 1e-6, 1e-4, 1e-3, 0.93827
    p_tev = np.sqrt(va * a_num / alpha) / k * mc2_gev / 1e3
    rows.append(measured_row("eq. 43: p_Bmax ~ 10 TeV", 10.0, p_tev,
                             "K^-1 sqrt(V_A/c A/alpha) mc^2, K = 1e-6, V_A/c = 1e-4, alpha = 1e-3",
                             "agrees (order of magnitude)"))
    # eq. 47-48: L = (6/lambda_1)(c/omega_c) K^-5/2 (mc/p)^3/2 Ln, B = 3 muG, p = 10 TeV
    c_cm, e_esu, m_g, pc = 2.99792458e10, 4.80320e-10, 1.67262e-24, 3.0857e18
    omega_c = e_esu * 3e-6 / (m_g * c_cm)
    coeff = 6 / lam1
    length = coeff * c_cm / omega_c * k**-2.5 * (mc2_gev / 1e4) ** 1.5 / pc
    rows.append(measured_row("eq. 48: L_Smax coefficient 0.4 = 6/lambda_1", 0.4, coeff, "exact lambda_1",
                             "agrees (1 digit)" if abs(coeff - 0.4) < 0.05 else "DISAGREES"))
    rows.append(measured_row("eq. 48: L_Smax = 130 Ln pc (K = 1e-6, B = 3 muG, 10 TeV)", 130.0, length,
                             "eq. 47 with the exact lambda_1", "agrees (2 digits)"
                             if abs(length / 130 - 1) < 0.04 else "DISAGREES"))
    return rows


def delta_lambda_summary():
    from pitcheig.studies import delta_lambda as dl
    table, lam0, k = dl.ratios()
    in_b, in_a = dl.fitted_orders(table)
    a_paper, at_paper = dl.paper_point_ratio(lam0, k)
    return {"table": {f"{e:g},{a:g}": v for (e, a), v in table.items()}, "ratio_limit":
            table[(min(dl.EPS), min(dl.A))], "eps_min": min(dl.EPS), "a_min": min(dl.A), "in_b": in_b,
            "in_a": in_a, "ratio_paper": at_paper, "a_paper": a_paper}


def delta_lambda_figure(path, dl):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from pitcheig.studies import delta_lambda as mod
    fig, ax = plt.subplots(figsize=(6, 4))
    for a in mod.A:
        ax.semilogx(mod.EPS, [dl["table"][f"{e:g},{a:g}"] for e in mod.EPS], "o-", label=f"a = {a:g}")
    ax.axhline(1.0, color="k", lw=0.8)
    ax.set_xlabel(r"$\varepsilon$"), ax.set_ylabel(r"exact $\delta\lambda$ / eq. (34)")
    ax.legend(), fig.tight_layout(), fig.savefig(path, dpi=120), plt.close(fig)


def convergence_figure(path):
    """|lambda_n - lambda| against unknowns along the refinement history, graded and global."""
    import warnings

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from pitcheig import Peak, eigs
    model = Peak(1e-3, 1e-4)
    ref = eigs(model, k=1, tol=1e-13).eigenvalue(1)
    fig, (ax, axc) = plt.subplots(1, 2, figsize=(11, 4))
    data = {}
    for layout in ("graded", "global"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = eigs(model, k=1, layout=layout, max_dofs=500, on_failure="warn")
        pts = [(h["dofs"], abs(h["lambda"][1] - ref)) for h in res.diagnostics.history if "lambda" in h]
        data[layout] = pts
        ax.semilogy(*zip(*[(d, max(e, 1e-16)) for d, e in pts]), "o-", label=layout)
        if layout == "graded":
            psi = res.eigenfunction(1)
            for fun in psi.funs:
                axc.semilogy(np.abs(fun.coeffs) + 1e-18, ".", ms=3)
    ax.set_xlabel("unknowns"), ax.set_ylabel(r"$|\lambda_{+1} - \lambda_{ref}|$"), ax.legend()
    ax.set_title(r"Peak $\varepsilon = 10^{-3}$, $a = 10^{-4}$")
    axc.set_xlabel("Chebyshev index"), axc.set_ylabel("|coefficient|, one colour per piece")
    axc.set_title(r"$\Psi_{+1}$ coefficients on the adaptive mesh")
    fig.tight_layout(), fig.savefig(path, dpi=120), plt.close(fig)
    return {k: [[int(d), float(e)] for d, e in v] for k, v in data.items()}


def write_table(rows, out):
    fields = ["claim", "paper", "value", "rel_diff", "verdict", "order", "how"]
    with open(os.path.join(out, "claims.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    lines = ["| claim | paper | exact (pitcheig) | rel. diff | verdict | fitted order | how |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['claim']} | {r['paper']:.6g} | {r['value']:.12g} | {r['rel_diff']:.2e} | "
                     f"{r['verdict']} | {r.get('order', '')} | {r['how']} |")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "claims.md"), "w") as fh:
        fh.write(text)
    return text


def run(out="results"):
    import chebpy
    import scipy

    import pitcheig
    from pitcheig.studies import claims, eigenfunctions, first_principles
    t0 = time.time()
    os.makedirs(out, exist_ok=True)
    _progress("closed-form claims (S1', zeta(9/2), lambda_1, eqs. 35, 36, 46)", t0)
    rows = [dict(r, order="") for r in claims.rows()]
    lam1 = next(r["value"] for r in rows if r["claim"].startswith("eq. 17: lambda_1"))
    _progress("first-principles D: eqs. 6, 10, r; first-principles model eigenvalue", t0)
    fp = first_principles.results()
    _progress("eigenfunctions: mu_1, eqs. 31-33, 35-36, Fig. 2", t0)
    ef = eigenfunctions.results(out)
    _progress("delta lambda (eq. 34) grid", t0)
    dl = delta_lambda_summary()
    delta_lambda_figure(os.path.join(out, "delta_lambda.png"), dl)
    _progress("half-range propagation: convergence, beam on the transported f, sign rule", t0)
    from pitcheig.studies import beam_formation
    bf = beam_formation.results(out)
    rows += extra_rows(fp, ef, dl) + propagation_rows(bf) + g1_rows() + physics_rows(lam1)
    _progress("convergence figure", t0)
    conv = convergence_figure(os.path.join(out, "convergence.png"))
    _progress("two discretisations (galerkin, collocation) on the reference grid; naive square collocation", t0)
    from pitcheig.studies import discretisations
    disc = discretisations.results(out)
    table = write_table(rows, out)
    versions = {"pitcheig": getattr(pitcheig, "__version__", "dev"), "python": platform.python_version(),
                "numpy": np.__version__, "scipy": scipy.__version__,
                "chebpy": getattr(chebpy, "__version__", "?")}
    with open(os.path.join(out, "results.json"), "w") as fh:
        json.dump({"rows": rows, "first_principles": fp, "eigenfunctions": ef, "delta_lambda": dl,
                   "convergence": conv, "propagation": bf, "discretisations": disc, "versions": versions},
                  fh, indent=1, default=float)
    disagree = [r["claim"] for r in rows if "DISAGREES" in r["verdict"]]
    report = [
        "# pitcheig: the paper's claims against exact numerics",
        "",
        "Malkov, Diamond, Drury & Sagdeev (2010); equation numbers are the paper's.",
        "Every 'exact' value is computed here (the adaptive Galerkin solver certified to ~1e-12 and "
        "checked against collocation below, closed forms, error-controlled Bessel sums); the paper's "
        "numbers are claims.",
        "",
        f"**{len(disagree)} of {len(rows)} claims disagree with the exact numerics:**",
        "",
        *[f"* {c}" for c in disagree],
        "",
        "## Cross-check table",
        "",
        table,
        "Verdict rule for quoted numbers: agreement within half a unit in the paper's last quoted digit "
        "(claims.py); asymptotic formulas agree when their error vanishes at the fitted order.",
        "",
        "## Figures",
        "",
        "* [Fig. 2 reproduced](fig2.png): Phi (D = 1) and Psi at eps = 2.1e-3 for a from eq. 11 "
        "(delta = 1e-4) and a = 1e-8, inset near mu = 1, and Psi - Phi (the beam).",
        "* [Convergence](convergence.png): eigenvalue error against unknowns, adaptive vs one global "
        "interval (Peak eps = 1e-3, a = 1e-4), and Chebyshev coefficients on each piece.",
        "* [delta lambda / eq. 34](delta_lambda.png) against eps for each a.",
        "* [Discretisations](discretisations.png): error of lambda_+1 against the degree on one fixed mesh, "
        "Galerkin, collocation and the naive square collocation, a = 1e-4 and 1e-8.",
        "* [Propagation](propagation.png): the half-range solution f(z, mu) - f_inf (scaled by "
        "e^{lambda_1 z}) at eps = 2.1e-3, a from eq. 11, for a broad forward source; the inset shows the "
        "beam forming at mu = 1.",
        "",
        "## Two discretisations of eq. (15)",
        "",
        "Galerkin and Chebyshev collocation (`eigs --method`) on the 140 cases of the independent "
        "shooting reference (studies/discretisations.py); the naive square collocation of the "
        "second-order form for comparison ([discretisations.png](discretisations.png)).",
        "",
        *discretisations.report_lines(disc),
        "",
        "## Propagation along the flux tube (eqs. 12-16)",
        "",
        "Half-range problem solved by the discrete route (pitcheig.propagation); every level of the "
        f"graded mesh against the finest ({bf['convergence']['finest_nodes']} nodes), largest difference "
        f"of f(z = 0.01): " + ", ".join(f"{r['nodes']} nodes {r['f(z=0.01)']:.1e}"
                                        for r in bf["convergence"]["levels"])
        + f"; flux int (u + mu) f dmu drifts by {bf['flux_relative_drift']:.1e} (relative) over z = 0..10. "
        "From a coarse start (one uniform degree on the same pieces), the largest error of f(z = 0.01): "
        + ", ".join(f"{r['nodes']} nodes {r['f(z=0.01)']:.1e}" for r in bf["convergence_uniform"]) + ".",
        "",
        "The beam measured on f(z = 1) for the source exp(-(mu - 0.4)^2 / 0.08):",
        "",
        *beam_formation.report_lines(bf),
        "",
        "The beam forming (eps = 2.1e-3, a from eq. 11): fractional amplitude "
        + ", ".join(f"z = {r['z']:g}: {r['deficit']:.4f}" for r in bf["forming"]) + ".",
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
    _progress(f"wrote {out}/report.md, claims.csv, claims.md, results.json and 5 figures", t0)
    unmet = [text for text, ok in disc["verdicts"] if not ok]
    return rows, unmet


def main(argv=None):
    """Run every study into --out; exit 0 when every solve that feeds the report was
    certified and every bar of the discretisation study is met, 3 when not (each
    uncertified solve issues a NotConvergedWarning; the studies silence only the
    solves they run unconverged on purpose, such as the one-interval curve of the
    convergence figure, and the grid study, which records them in its verdicts)."""
    import warnings

    from pitcheig import NotConvergedWarning
    parser = argparse.ArgumentParser(description="Reproduce every claim of the paper (issue 4).")
    parser.add_argument("--out", default="results")
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", NotConvergedWarning)
        rows, unmet = run(args.out)
    uncertified = [w for w in caught if issubclass(w.category, NotConvergedWarning)]
    for w in caught:
        if w not in uncertified:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    print(f"{sum('DISAGREES' in r['verdict'] for r in rows)} of {len(rows)} claims disagree; "
          f"see {args.out}/report.md")
    if uncertified:
        first = " ".join(str(uncertified[0].message).split())[:300]
        print(f"pitcheig: {len(uncertified)} solve(s) feeding the report were NOT certified; first: {first}",
              file=sys.stderr)
        return 3
    if unmet:
        print(f"pitcheig: {len(unmet)} bar(s) of the discretisation study NOT met; first: {unmet[0]}",
              file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
