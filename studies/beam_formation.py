"""The half-range transport problem (eqs. 12-16): convergence, the beam at mu = 1
measured on the transported f (eqs. 35-36), and the sign rule of section 4.3.

Run:   python -m pitcheig.studies.beam_formation [--out DIR]     (about 15 s)

* Convergence: the discrete half-range solution (pitcheig.propagation) on the
  refinement levels of one graded mesh, each against the finest; and the
  truncation of the mode sum to K modes at several z.
* The beam: at z = 1, where (lambda_2 - lambda_1) z > 25 and one mode carries
  f - f_inf, the broad part is the flat (D = 1) eigenfunction Phi scaled to
  f - f_inf by least squares on [-1, 0.5] (outside the peak the outer solution
  is Phi, eq. 21); the beam is (f - f_inf) - broad near mu = 1.  Measured: its
  fractional amplitude 1 - (f(1) - f_inf)/broad(1) against eq. (36) lambda_1 b/2,
  and its half-width (distance from mu = 1 where the beam falls to half its
  end value) against b (eq. 35), across eps at a = 1e-8 and at the paper's a
  (eq. 11).  A bump (excess) at mu = 1 needs C_1 Psi_1(1) < 0: the peak of D
  pulls the end value toward zero (eq. 33).
* The sign rule: Gaussian sources f0 = exp(-(mu - mu_c)^2 / (2 sigma^2)); the
  centre mu_c* where C_1 Psi_1(1) changes sign, against the zero mu_1 of Phi
  (the paper: f0 must not overpopulate mu_1 < mu < 1).
"""

import os

import numpy as np
from scipy import optimize

from pitcheig.studies import half_width

EPS_LIST = (1e-2, 4.6e-3, 2.1e-3, 1e-3, 4.6e-4, 2.1e-4)
A_SMALL = 1e-8
Z_BEAM = 1.0
Z_FORMING = (0.0, 0.01, 0.03, 0.1, 0.3, 1.0)
SIGMAS = (0.1, 0.05, 0.025)


def gaussian_source(centre, sigma):
    from pitcheig.propagation import Source
    return Source("gaussian", lambda mu: np.exp(-0.5 * ((mu - centre) / sigma) ** 2),
                  {"centre": centre, "sigma": sigma})


def forward_source():
    """The figure's source: enhanced forward but not collimated (mu_c = 0.4, sigma = 0.2)."""
    return gaussian_source(0.4, 0.2)


def convergence(model, source, u=0.0, z_values=(0.01, 0.1, 1.0)):
    """Each refinement level against the finest: f_inf, lambda_1, C_1 Psi_1(1), max_mu |f(z)|."""
    from pitcheig import Problem
    from pitcheig import propagation as pr
    mesh, lengths, _ = pr.base_mesh(Problem(model, u))
    breakpoints, base = mesh.breakpoints, mesh.degrees
    mu = np.linspace(-1.0, 1.0, 801)
    levels = [pr.solve_half_range(model, u, source, breakpoints, pr.level_degrees(base, k), None, lengths)
              for k in range(len(pr.DEGREES))]
    best = levels[-1]
    table = []
    for sol in levels[:-1]:
        row = {"nodes": sol.disc.size, "f_inf": abs(sol.f_inf - best.f_inf),
               "lambda_1": abs(sol.lam[0] - best.lam[0]) / best.lam[0],
               "beam_mode": abs(sol.beam_mode(np.ones(1))[0] - best.beam_mode(np.ones(1))[0])}
        for z in z_values:
            row[f"f(z={z:g})"] = float(np.max(np.abs(sol.f(z, mu) - best.f(z, mu))))
        table.append(row)
    return {"finest_nodes": best.disc.size, "levels": table}


def convergence_uniform(model, source, degrees=(3, 5, 7, 9, 11, 13, 17, 21), u=0.0,
                        z_values=(0.01, 0.1, 1.0)):
    """Error against unknowns from a coarse start: the same graded pieces with one uniform
    odd degree, against the finest adaptive level (the reference of convergence())."""
    from pitcheig import Problem
    from pitcheig import propagation as pr
    mesh, lengths, _ = pr.base_mesh(Problem(model, u))
    breakpoints, base = mesh.breakpoints, mesh.degrees
    best = pr.solve_half_range(model, u, source, breakpoints, pr.level_degrees(base, len(pr.DEGREES) - 1),
                               None, lengths)
    mu = np.linspace(-1.0, 1.0, 801)
    table = []
    for n in degrees:
        sol = pr.solve_half_range(model, u, source, breakpoints, [n] * (len(breakpoints) - 1), None, lengths)
        row = {"degree": n, "nodes": sol.disc.size, "f_inf": abs(sol.f_inf - best.f_inf),
               "lambda_1": abs(sol.lam[0] - best.lam[0]) / best.lam[0]}
        for z in z_values:
            row[f"f(z={z:g})"] = float(np.max(np.abs(sol.f(z, mu) - best.f(z, mu))))
        table.append(row)
    return table


def truncation(result, z_values=(0.01, 0.1, 1.0), counts=(1, 2, 4, 8, 16, 32, 64)):
    """max_mu |sum over modes beyond K| at each z: how many modes matter where."""
    sol = result.fine
    out = {}
    for z in z_values:
        terms = sol.modes * (sol.coefficients * np.exp(-sol.lam * z))
        out[f"z={z:g}"] = {k: float(np.max(np.abs(terms[:, k:].sum(axis=1)))) for k in counts}
    return out


def measure_beam(result, phi, z=Z_BEAM, width=None):
    """Fractional amplitude and half-width of the feature at mu = 1 of f(z) - f_inf."""
    mu = np.linspace(-1.0, 0.5, 400)
    g, p = result.f(z, mu) - result.f_inf, phi(mu)
    # f - f_inf scaled onto Phi by least squares, as eigenfunctions.beam scales Psi
    scale = float(np.dot(g, p) / np.dot(g, g))
    one = np.ones(1)
    g1, broad1 = scale * float(result.f(z, one)[0] - result.f_inf), float(phi(one)[0])
    t = np.geomspace(1e-4 * width, 20 * width, 3000) if width else np.geomspace(1e-6, 0.5, 3000)
    feature = np.abs(scale * (result.f(z, 1.0 - t) - result.f_inf) - phi(1.0 - t))
    half = half_width(t, feature)
    return {"deficit": 1.0 - g1 / broad1, "excess_sign": float(np.sign((g1 - broad1) / scale)),
            "half_width": half,
            "beam_mode_at_1": result.errors["beam_mode_value"]}


def beam_table(lam0, phi, eps_list=EPS_LIST, a=A_SMALL):
    from pitcheig import J1_ZERO, Peak, Physical
    from pitcheig.propagation import isotropic_forward, propagate
    rows = []
    for eps in eps_list:
        for model in ([Peak(eps, a, "+1")] + ([Physical(eps, 1e-4, "+1")] if eps == 2.1e-3 else [])):
            b = J1_ZERO**2 * eps / 2
            res = propagate(model, forward_source(), on_failure="raise")
            row = {"eps": eps, "a": model.a, "b": b, "eq36": lam0 * b / 2, "converged": res.converged,
                   **measure_beam(res, phi, width=b)}
            row["ratio_to_eq36"] = row["deficit"] / row["eq36"]
            forward = propagate(model, isotropic_forward())
            row["isotropic_forward_beam_mode"] = forward.errors["beam_mode_value"]
            rows.append(row)
    small = [r for r in rows if r["a"] == a]
    eps_arr = np.array([r["eps"] for r in small])
    err = np.abs(np.array([r["ratio_to_eq36"] for r in small]) - 1.0)
    order = float(np.polyfit(np.log(eps_arr[-3:]), np.log(err[-3:]), 1)[0])
    return rows, order


def forming(model, phi, width):
    """The beam's fractional amplitude as z grows (a mixture of modes at small z)."""
    from pitcheig.propagation import propagate
    res = propagate(model, forward_source())
    return res, [{"z": z, **measure_beam(res, phi, z=z, width=width)} for z in Z_FORMING if z > 0]


def sign_change(model, sigma):
    """mu_c in [0.5, 0.97] where C_1 Psi_1(1) of a Gaussian source changes sign, on two
    refinement levels (their difference is the error estimate)."""
    from pitcheig import Problem
    from pitcheig import propagation as pr
    mesh, lengths, _ = pr.base_mesh(Problem(model, 0.0))
    breakpoints, base = mesh.breakpoints, mesh.degrees
    roots = []
    for level in (2, 3):
        degrees = pr.level_degrees(base, level)
        disc, lam, modes, _ = pr.half_range_modes(model, 0.0, breakpoints, degrees, lengths)

        def beam_mode(centre):
            _, coeffs, _ = pr.match_source(disc, modes, gaussian_source(centre, sigma))
            return coeffs[0] * modes[-1, 0]         # C_1 Psi_1(1) (the last node is mu = 1)
        roots.append(optimize.brentq(beam_mode, 0.5, 0.97, xtol=1e-12))
    return roots[-1], abs(roots[-1] - roots[0])


def results(out_dir=None):
    from pitcheig import Flat, Physical
    from pitcheig.figures import propagation_figure
    from pitcheig.propagation import beam_source, isotropic_forward, propagate
    from pitcheig.studies.eigenfunctions import flat_phi, zero_of_phi
    lam0, phi = flat_phi()
    mu1 = zero_of_phi(phi)
    paper_model = Physical(2.1e-3, 1e-4, "+1")
    out = {"lambda_flat": lam0, "mu_1": mu1}
    out["convergence"] = convergence(paper_model, forward_source())
    out["convergence_uniform"] = convergence_uniform(paper_model, forward_source())
    res, out["forming"] = forming(paper_model, phi, paper_model.peak_width)
    out["truncation"] = truncation(res)
    out["flux_relative_drift"] = res.flux_drift([0.0, 0.01, 0.1, 1.0, 10.0])
    out["beam"], out["beam_order"] = beam_table(lam0, phi)
    out["sign_rule"] = [dict(zip(("sigma", "mu_c_star", "error"), (s, *sign_change(Flat(), s))))
                        for s in SIGMAS]
    out["named_sources"] = {name: propagate(paper_model, src).errors["beam_mode_value"]
                            for name, src in (("isotropic-forward", isotropic_forward()),
                                              ("beam", beam_source(0.02)), ("forward", forward_source()))}
    if out_dir:
        out["figure"] = os.path.join(out_dir, "propagation.png")
        propagation_figure(res, (0.0, 0.01, 0.03, 0.1, 1.0), out["figure"], inset_from=0.08)
    return out


def report_lines(out):
    lines = ["| eps | a | b | deficit 1 - f(1)/broad(1) | eq. 36 lambda_1 b/2 | ratio | half-width | "
             "half-width / b | C1 Psi1(1) (1+mu source) |", "|---|---|---|---|---|---|---|---|---|"]
    for r in out["beam"]:
        lines.append(f"| {r['eps']:g} | {r['a']:.3g} | {r['b']:.4g} | {r['deficit']:.5f} | {r['eq36']:.5f} | "
                     f"{r['ratio_to_eq36']:.4f} | {r['half_width']:.3g} | {r['half_width'] / r['b']:.3f} | "
                     f"{r['isotropic_forward_beam_mode']:+.4f} |")
    return lines


def main(argv=None):
    from pitcheig.studies import output_directory
    out = results(output_directory(__doc__, argv))
    print(f"finest mesh {out['convergence']['finest_nodes']} nodes; level differences:")
    for row in out["convergence"]["levels"]:
        print("  " + ", ".join(f"{k} {v:.1e}" if k != "nodes" else f"{v} nodes" for k, v in row.items()))
    print("from a coarse start (one uniform degree on the same pieces), error against the finest level:")
    for row in out["convergence_uniform"]:
        print("  " + ", ".join(f"{k} {v:.1e}" if isinstance(v, float) else f"{k} {v}"
                               for k, v in row.items()))
    print("mode truncation, max_mu |sum of the modes beyond the first K| at z:")
    for z, errs in out["truncation"].items():
        print(f"  {z}: " + ", ".join(f"K={k} {v:.1e}" for k, v in errs.items()))
    print(f"flux relative drift over z = 0..10: {out['flux_relative_drift']:.1e}")
    print("beam at z = 1 (source: Gaussian mu_c = 0.4, sigma = 0.2):")
    print("\n".join(report_lines(out)))
    print(f"order of |ratio - 1| in eps (a = 1e-8, three smallest eps): {out['beam_order']:.2f}")
    for row in out["forming"]:
        print(f"  z = {row['z']:g}: deficit {row['deficit']:.5f}, half-width {row['half_width']:.3g}")
    for row in out["sign_rule"]:
        print(f"sign rule, sigma = {row['sigma']}: C1 Psi1(1) changes sign at mu_c = {row['mu_c_star']:.6f} "
              f"(+- {row['error']:.1e}); zero of Phi mu_1 = {out['mu_1']:.6f}")
    print("C1 Psi1(1) of the named sources (paper's eps, a):", out["named_sources"])
    return out


if __name__ == "__main__":
    main()
