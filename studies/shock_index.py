"""Beyond the paper (issue 17): the spectral index s at a shock, from u1 = 0.01 to Gamma1 = inf.

Run:   python -m pitcheig.studies.shock_index [FIGURE.png]        (about 30 s)

Numbers (pitcheig.shock; every one with its error estimate and certification):

* s(Gamma1 beta1) for a cold upstream and a Synge (Juttner) gas downstream, and for
  the fixed adiabatic indices 5/3 and 4/3, from Gamma1 beta1 = 0.01 to 1000 and the
  ultra-relativistic limit (the figure);
* the ultra-relativistic, isotropic value with u2 = 1/3 and its convergence in the
  number of modes;
* the non-relativistic limit at fixed velocity ratio u1/u2 = 4 (u1 = 0.005 ... 0.08);
* the approach to the limit at u2 = 1/3 (Gamma1 beta1 = 30 ... 300).

Literature values are judged by the rules of :mod:`pitcheig.studies.verdicts` in
:func:`rows` (the stored abstracts are quoted in tests/reference/shock/NOTES.md):

* Kirk, Guthmann, Gallant & Achterberg (2000, ApJ 542, 235), abstract: "s = 4.23 +- 0.01";
* Achterberg, Gallant, Kirk & Guthmann (2001, MNRAS 328, 393), Monte Carlo, abstract:
  energy index "s ~ 2.2 - 2.3", i.e. s = 4.2 ... 4.3 in f ~ p^-s;
* Keshet & Waxman (2005, PRL 94, 111102), abstract: s = (3 b_u - 2 b_u b_d^2 + b_d^3)/(b_u - b_d)
  "in agreement with previous numerical determinations of s for all (b_u, b_d)", judged at
  the accuracy of the determination it cites (KGGA's +- 0.01);
* the non-relativistic limit s -> 3r/(r - 1) (r = u1/u2), whose first-order-in-u
  derivation (Bell 1978) leaves a correction of order u1^2 at the least.
"""

import math
import sys
import warnings

import numpy as np

from pitcheig.studies import verdicts as V

#: Gamma1 beta1 of the curves (the limit is added as its own point)
CURVE = {"synge": np.logspace(-2, 3, 16), "5/3": np.logspace(-2, 3, 6), "4/3": np.logspace(-2, 3, 6)}
#: u1 of the non-relativistic points at u1/u2 = 4
NR_U1 = (0.005, 0.01, 0.02, 0.04, 0.08)
#: Gamma1 beta1 of the approach to the limit at u2 = 1/3
APPROACH = (30.0, 100.0, 300.0)
#: modes of the headline ultra-relativistic value, and of its convergence table
UR_MODES, UR_TABLE = 32, (4, 8, 16, 24, 32)       # the last is UR_MODES
KGGA = 4.23
KGGA_ACCURACY = V.Accuracy("absolute", 0.01, "+- 0.01 (KGGA 2000, abstract)")
MONTE_CARLO = (4.2, 4.3)


def keshet_waxman(u1, u2):
    """Keshet & Waxman (2005): s = (3 u1 - 2 u1 u2^2 + u2^3)/(u1 - u2)."""
    return (3 * u1 - 2 * u1 * u2**2 + u2**3) / (u1 - u2)


def _point(res):
    j = res.jump
    return {"gamma_beta1": j.gamma_beta1, "u1": j.u1, "u2": j.u2, "r": j.r, "s": res.s,
            "error_estimate": res.error_estimate, "converged": res.converged, "message": res.message,
            "method": res.method, "seconds": res.seconds}


def results():
    """Every number of the study, JSON-ready (inf kept as float; the report writes it)."""
    from pitcheig.errors import NotConvergedWarning
    from pitcheig.shock import spectral_index
    curves = {eos: [_point(spectral_index(float(gb), eos)) for gb in grid] + [_point(spectral_index(math.inf, eos))]
              for eos, grid in CURVE.items()}
    with warnings.catch_warnings():          # the few-mode rows are truncated on purpose
        warnings.simplefilter("ignore", NotConvergedWarning)
        table = [(n, spectral_index(math.inf, u2=1 / 3, modes=n)) for n in UR_TABLE[:-1]]
    table.append((UR_MODES, spectral_index(math.inf, u2=1 / 3, modes=UR_MODES)))
    ur = dict(_point(table[-1][1]), table=[{"modes": n, "s": r.s, "error_estimate": r.error_estimate,
                                            "converged": r.converged} for n, r in table])
    nr = [_point(spectral_index(u1 / math.sqrt(1 - u1 * u1), u2=u1 / 4)) for u1 in NR_U1]
    approach = [_point(spectral_index(gb, u2=1 / 3)) for gb in APPROACH]
    return {"curves": curves, "ultra_relativistic": ur, "non_relativistic": nr, "approach": approach}


def certification(out):
    """[(what, converged)] for every solve of the study."""
    items = [(f"shock s, {eos}, Gamma1 beta1 = {p['gamma_beta1']:g}", p["converged"])
             for eos, pts in out["curves"].items() for p in pts]
    items.append(("shock s, ultra-relativistic, u2 = 1/3", out["ultra_relativistic"]["converged"]))
    items += [(f"shock s, u1 = {p['u1']:g}, u1/u2 = 4", p["converged"]) for p in out["non_relativistic"]]
    items += [(f"shock s, Gamma1 beta1 = {p['gamma_beta1']:g}, u2 = 1/3", p["converged"]) for p in out["approach"]]
    return items


def rows(out):
    """The literature checks, one row each, verdicts from the numbers (studies/verdicts.py)."""
    from pitcheig.studies.referee import row
    ur = out["ultra_relativistic"]
    s_ur = ur["s"]
    nr = out["non_relativistic"]
    u1 = np.array([p["u1"] for p in nr])
    ds = np.array([p["s"] for p in nr]) - 4.0
    ap = out["approach"]
    gb = np.array([p["gamma_beta1"] for p in ap])
    gaps = np.array([p["s"] for p in ap]) - s_ur
    finite = [p for pts in out["curves"].values() for p in pts if p["u1"] < 1.0]
    kw = np.array([keshet_waxman(p["u1"], p["u2"]) for p in finite])
    ours = np.array([p["s"] for p in finite])
    worst = int(np.argmax(np.abs(kw - ours)))
    kw_verdict = V.bound(float(np.max(np.abs(kw - ours))), upper=0.01,
                         words=f"largest |KW - computed| over {len(finite)} (u1, u2) of the curves, at Gamma1 beta1 "
                               f"= {finite[worst]['gamma_beta1']:.3g}; KGGA's +- 0.01")
    how_ur = f"pitcheig.shock, closed-form limit modes, {UR_MODES} modes, +- {ur['error_estimate']:.1e}"
    return [
        row("shock", "KGGA 2000: s = 4.23 +- 0.01 (ultra-relativistic, isotropic, unmagnetised)", KGGA, s_ur,
            how_ur, V.quoted(s_ur, KGGA, KGGA_ACCURACY)),
        row("shock", "Achterberg et al. 2001 (Monte Carlo): energy index 2.2 - 2.3, s = 4.2 - 4.3", 4.25, s_ur,
            how_ur, V.bound(s_ur, *MONTE_CARLO, words="s = energy index + 2")),
        row("shock", "Keshet & Waxman 2005: s = (3b_u - 2b_u b_d^2 + b_d^3)/(b_u - b_d) for all (b_u, b_d)",
            0.01, float(np.max(np.abs(kw - ours))), "the formula against the computed curves (Synge, 5/3, 4/3)",
            kw_verdict),
        row("shock", "Keshet & Waxman 2005: s = 38/9 in the ultra-relativistic limit", 38 / 9, s_ur, how_ur,
            V.quoted(s_ur, 38 / 9, KGGA_ACCURACY)),
        row("shock", "non-relativistic limit s -> 3r/(r - 1) (r = u1/u2 = 4), correction O(u1^2)", 2.0,
            V.power_fit(u1, ds)[1], "s - 4 at u1 = " + ", ".join(f"{x:g}" for x in u1),
            V.vanishes(u1, ds, 2.0, 0.05, name="u1")),
        row("shock", "finite Gamma1 -> the limit as 1/Gamma1^2 (u2 = 1/3)", -2.0, V.power_fit(gb, gaps)[1],
            "s(Gamma1 beta1) - s(inf), layer collocation against the closed-form limit",
            V.vanishes(gb, gaps, -2.0, 0.2, limit="inf", name="Gamma1 beta1")),
    ]


def figure(out, path):
    """s against Gamma1 beta1 for the three equations of state, the limit, KGGA's band,
    and the non-relativistic 3r/(r - 1) of each point's velocity ratio."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 4.5))
    styles = {"synge": ("C0", "-", "Synge (Juttner) gas"), "5/3": ("C1", "--", "fixed index 5/3"),
              "4/3": ("C2", ":", "fixed index 4/3")}
    for eos, pts in out["curves"].items():
        colour, line, label = styles[eos]
        finite = [p for p in pts if p["u1"] < 1.0]
        x = [p["gamma_beta1"] for p in finite]
        ax.plot(x, [p["s"] for p in finite], line, color=colour, marker="o", ms=3, label=label)
        ax.plot(x, [3 * p["u1"] / (p["u1"] - p["u2"]) for p in finite], ".", color=colour, ms=4, alpha=0.5)
    s_ur = out["ultra_relativistic"]["s"]
    ax.axhline(s_ur, color="k", lw=0.8, label=rf"limit $\Gamma_1 \to \infty$, $u_2 = 1/3$: {s_ur:.7f}")
    ax.axhspan(KGGA - 0.01, KGGA + 0.01, color="0.85", label="KGGA 2000: 4.23 $\\pm$ 0.01")
    ax.set_xscale("log")
    ax.set_xlabel(r"upstream $\Gamma_1 \beta_1$ (shock frame)")
    ax.set_ylabel(r"$s$ ($f \propto p^{-s}$)")
    ax.set_ylim(3.4, 4.8)
    top = out["curves"]["5/3"][-1]
    ax.annotate(f"5/3 leaves the frame: s = {top['s']:.4f} at $\\Gamma_1 \\to \\infty$ ($u_2$ = 2/3)",
                xy=(3.5, 4.62), fontsize=8, color="C1")
    ax.set_title("spectral index at a parallel shock, isotropic pitch-angle diffusion\n"
                 "(dots: 3r/(r - 1) with r = u1/u2)")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def report_lines(out, shock_rows):
    """Markdown for report.md."""
    ur = out["ultra_relativistic"]
    lines = ["The spectral index s of f ~ p^-s at a parallel shock with isotropic pitch-angle diffusion "
             "(pitcheig.shock: eq. (15)'s eigenfunctions matched across the shock, KS87/KGGA), against the "
             "stored literature.  These rows are not claims of the paper and are not counted above.", "",
             f"* ultra-relativistic limit, u2 = 1/3: **s = {ur['s']:.9f} +- {ur['error_estimate']:.1e}**; "
             "modes: " + ", ".join(f"{t['modes']}: {t['s']:.10f}" for t in ur["table"]),
             "* [s against Gamma1 beta1](shock_index.png)", "",
             "| claim | value | computed | verdict | why | rule |", "|---|---|---|---|---|---|"]
    lines += [f"| {r['claim']} | {r['paper']:.6g} | {r['value']:.9g} | **{r['verdict']}** | {r['why']} | {r['rule']} |"
              for r in shock_rows]
    return lines


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    out = results()
    path = figure(out, argv[0] if argv else "shock_index.png")
    for r in rows(out):
        print(f"{r['verdict']:9s} {r['claim']}: {r['why']}")
    print(f"figure: {path}")
    return out


if __name__ == "__main__":
    main()
