"""First-principles D_mumu (eqs. 4-5) against the paper's limiting forms (6) and (10).

Run:   python -m pitcheig.studies.first_principles        (about 15 s)

* eq. (10), y << 1: exact D_mumu / eq. (10) - 1 at eps = 1e-6 for y = 0.01 ... 0.2,
  with r = 0 (the exact value, see below) and with the paper's r = 1e-2; the
  fitted slope in y is the order of the error (2 and 4/3 expected).
* eq. (6), y >> 1: S(z) z^{13/3} / (3 zeta(9/2) / (13 pi)) - 1, the exact
  relative error of eq. (6) (a function of z = y/|mu|^{3/2} only); its
  envelope per decade of z is fitted: order -1 expected (the oscillating
  O(1/X) part of J_n^2).
* r: r = (4/3)(S1' + sum_{n>=2} n^2 int_0^inf J_n^2 x^{-q} dx) exactly, and
  its partial sums over n <= N (the paper's "a few first S_n").
* lambda_{+1} of the first-principles model against the paper's peak model
  at eps = 2.1e-3, delta = 1e-4.
"""

import math

import numpy as np

EPS_SMALL_Y = 1e-6
#: y << 1: the eq. (10) check (above ~0.2 the y^4 terms matter, below ~0.01 the sum's own ~1e-8)
Y_SMALL = np.geomspace(0.01, 0.2, 7)
Z_DECADES = ((10.0, 100.0), (100.0, 1000.0), (1000.0, 10000.0))


def eq10_errors(r):
    """(y, exact/eq10 - 1) at eps = 1e-6, mu = sqrt(1 - eps y^2)."""
    from pitcheig import turbulence as tb
    mu = np.sqrt(1.0 - EPS_SMALL_Y * Y_SMALL**2)
    exact, _ = tb.d_mumu_resonant(mu, EPS_SMALL_Y)
    return exact / tb.d_mumu_eq10(mu, EPS_SMALL_Y, r) - 1.0


def eq6_envelope():
    """Max |S z^{13/3} / S_eq6 - 1| over 40 z per decade, for each decade."""
    from scipy import special

    from pitcheig import turbulence as tb
    lead = 3.0 * special.zeta(4.5) / (13.0 * math.pi)
    out = []
    for lo, hi in Z_DECADES:
        z = np.geomspace(lo, hi, 40)
        err = [abs(tb.resonant_sum(zi)[0] * zi ** (13.0 / 3.0) / lead - 1.0) for zi in z]
        out.append(max(err))
    return np.array(out)


def eq6_at_paper_eps(eps=2.1e-3, points=60):
    """Eq. (6) where the paper states it, y > 1, at the paper's eps: the relative error
    of eq. (6) against the exact resonant D_mumu of eqs. (4)-(5) over y from 1 to
    1/sqrt(eps) (mu from sqrt(1 - eps) down to ~0)."""
    from pitcheig import turbulence as tb
    y = np.geomspace(1.0, 0.999 / math.sqrt(eps), points)
    mu = np.sqrt(1.0 - eps * y**2)
    exact, rel = tb.d_mumu_resonant(mu, eps)
    return {"eps": eps, "y": y.tolist(), "mu": mu.tolist(),
            "rel_error": (tb.d_mumu_eq6(mu, eps) / exact - 1.0).tolist(), "exact_rel_error": rel.tolist()}


def slope(x, y):
    return float(np.polyfit(np.log(x), np.log(np.abs(y)), 1)[0])


def r_partial_sums():
    from pitcheig import turbulence as tb
    sums = {}
    for n_max in (2, 3, 5, 10):
        n = np.arange(2, n_max + 1)
        sums[n_max] = 4.0 / 3.0 * (tb.s1_prime() + float(np.sum(n * n * tb.complete_integral(n))))
    return sums


def eigenvalue_comparison(eps=2.1e-3, delta=1e-4):
    """lambda_{+1}, the beam's excess and half-width: the first-principles model against
    the paper's model (eqs. 11, 24-26), both ends; and D_FP outside the peaks (the paper:
    D 'is close to unity except for the narrow peaks', after eq. 12)."""
    from pitcheig import J1_ZERO, FirstPrinciples, Flat, Physical, eigs
    from pitcheig import turbulence as tb
    from pitcheig.beam import measure_beam
    fp = FirstPrinciples(eps, delta)
    b = 0.5 * J1_ZERO**2 * eps
    phi = eigs(Flat(), k=1, function_tol=1e-10).eigenfunction(1)
    out = {"eps": eps, "delta": delta, "model_accuracy": fp.accuracy, "b": b}
    for key, model in (("first_principles", fp), ("paper_model", Physical(eps, delta, "both"))):
        res = eigs(model, k=1)
        excess, half, problem = measure_beam(res.eigenfunction(1), phi, b)
        out[key] = {"lambda": res.eigenvalue(1), "error_estimate": res[1].error_estimate,
                    "converged": bool(res.converged), "dofs": res.diagnostics.dofs, "excess": excess,
                    "half_width": half, "width_problem": problem}
    mu = np.linspace(0.3, 1.0 - 2.0 * b, 400)
    d = fp(mu)
    top = mu[np.argmax(d)]
    nu = tb.nu_theta(eps, delta)
    wing = 1.0 + float(tb.d_mumu_eq6(np.array([top]), eps)[0]) / ((1.0 - top**2) * nu)
    out["D_outside_peaks"] = {"mu_range": [0.3, 1.0 - 2.0 * b], "min": float(d.min()), "max": float(d.max()),
                              "mu_at_max": float(top), "D_at_0.9": float(fp(np.array([0.9]))[0]),
                              "one_plus_eq6_at_max": wing}
    return out


def eq11_factors(eps=2.1e-3, mu=np.linspace(0.3, 0.9, 61)):
    """The factors eq. (11) omits when it unifies eqs. (6) and (8) into nu_theta, over
    'mu not too close to 0, +-1' (here 0.3 <= |mu| <= 0.9): eq. (6)'s D_mumu/(1 - mu^2)
    over eps^{3/2}/6 is (12/13) zeta(9/2) |mu|^{11/2} (1 - mu^2)^{-3/2}; eq. (8)'s over
    delta ln(1/eps)/6 is 1 - ln(1 - mu^2)/(2 ln(1/eps))."""
    from scipy import special
    f6 = 12.0 / 13.0 * special.zeta(4.5) * np.abs(mu) ** 5.5 / (1.0 - mu**2) ** 1.5
    f8 = 1.0 - np.log(1.0 - mu**2) / (2.0 * math.log(1.0 / eps))
    return {"eps": eps, "mu": [float(mu[0]), float(mu[-1])], "eq6": [float(f6.min()), float(f6.max())],
            "eq8": [float(f8.min()), float(f8.max())]}


def peak_shape_ratios(eps=2.1e-3, w=(0.01, 0.1, 0.5)):
    """Exact resonant D over eq. (10) inside the peak, at w = (1-mu)/b (y = j1 sqrt(w) nearly):
    the paper's peak model (eqs. 24-26) is eq. (10) continued up to y = j1.  Also the
    n = 1 term alone, exactly (eq. 9 with its third term, the one eq. 10 drops), over
    eq. (10): when it carries the difference, the dropped third term is the cause."""
    from pitcheig import J1_ZERO
    from pitcheig import turbulence as tb
    mu = 1.0 - 0.5 * J1_ZERO**2 * eps * np.asarray(w)
    exact, _ = tb.d_mumu_resonant(mu, eps)
    y = np.sqrt((1 - mu**2) / eps)
    z = tb.z_variable(mu, eps)
    n1 = 2.0 * math.pi / 3.0 * (1.0 - mu**2) * y ** (4.0 / 3.0) * tb.tail_integrals(np.ones_like(z), z) / mu
    eq10 = tb.d_mumu_eq10(mu, eps)
    return {"eps": eps, "w": list(w), "y": y.tolist(), "ratio": (exact / eq10).tolist(),
            "n1_ratio": (n1 / eq10).tolist(), "n_ge_2_share": (1.0 - n1 / exact).tolist()}


def results(with_eigenvalue=True):
    from pitcheig import turbulence as tb
    e10_r0, e10_paper = eq10_errors(0.0), eq10_errors(1e-2)
    env = eq6_envelope()
    out = {
        "r_exact": tb.r_constant(), "r_partial": r_partial_sums(), "s1_prime": tb.s1_prime(),
        "eq10_y": Y_SMALL.tolist(), "eq10_err_r0": e10_r0.tolist(), "eq10_err_r_paper": e10_paper.tolist(),
        "eq10_slope_r0": slope(Y_SMALL, e10_r0), "eq10_slope_r_paper": slope(Y_SMALL, e10_paper),
        "eq6_decades": [list(d) for d in Z_DECADES], "eq6_envelope": env.tolist(),
        "eq6_slope": slope(np.sqrt([lo * hi for lo, hi in Z_DECADES]), env),
        "peak_shape": peak_shape_ratios(), "eq6_paper_eps": eq6_at_paper_eps(), "eq11_factors": eq11_factors(),
    }
    if with_eigenvalue:
        out["eigenvalue"] = eigenvalue_comparison()
    return out


def main():
    res = results()
    print(f"r (eq. 10) exactly: {res['r_exact']:.3e}   (S1' = {res['s1_prime']:.16f}; the n >= 2 constants "
          "cancel it: sum n^2 J_n^2 = x^2/4)")
    print("partial sums r_N = (4/3)(S1' + sum_{n=2}^N ...): "
          + ", ".join(f"N={k}: {v:.4f}" for k, v in res["r_partial"].items()))
    print(f"eq. (10) relative error at eps = {EPS_SMALL_Y:g}, y = {Y_SMALL[0]:g} ... {Y_SMALL[-1]:g}:")
    for y, a, b in zip(res["eq10_y"], res["eq10_err_r0"], res["eq10_err_r_paper"]):
        print(f"  y = {y:.4f}: r = 0: {a:+.3e}   r = 1e-2: {b:+.3e}")
    print(f"  fitted order in y: {res['eq10_slope_r0']:.3f} (r = 0), "
          f"{res['eq10_slope_r_paper']:.3f} (r = 1e-2)")
    print("eq. (6) relative error, max per decade of z: "
          + ", ".join(f"[{lo:g}, {hi:g}]: {e:.2e}"
                      for (lo, hi), e in zip(res["eq6_decades"], res["eq6_envelope"]))
          + f"; fitted order {res['eq6_slope']:.3f}")
    ps = res["peak_shape"]
    print(f"inside the peak (eps = {ps['eps']:g}), exact D_res / eq. (10): "
          + ", ".join(f"y = {y:.2f}: {r:.3f}" for y, r in zip(ps["y"], ps["ratio"])))
    ev = res["eigenvalue"]
    fp, pm = ev["first_principles"], ev["paper_model"]
    print(f"lambda_+1 at eps = {ev['eps']:g}, delta = {ev['delta']:g}: first principles "
          f"{fp['lambda']:.8f} +- {fp['error_estimate']:.1e} (model accuracy {ev['model_accuracy']:.1e}, "
          f"converged {fp['converged']}), paper's model {pm['lambda']:.8f}; excess {fp['excess']:.4f} vs "
          f"{pm['excess']:.4f}; D(0.9) = {ev['D_outside_peaks']['D_at_0.9']:.4f}")
    print(f"eq. (11)'s omitted factors for |mu| in {res['eq11_factors']['mu']}: eq. 6 {res['eq11_factors']['eq6']}, "
          f"eq. 8 {res['eq11_factors']['eq8']}")
    return res


if __name__ == "__main__":
    main()
