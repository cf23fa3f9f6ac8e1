"""Where the time of one certified solve goes (issue 15, item 1: profile first).

Run:   python -m pitcheig.studies.profile_solve [--repeats N]     (about 10 s)

For a few cases (D = 1, the peak model at eps = 1e-3 and 1e-8, k = 1 and k = 2,
the default tolerances) each solve runs once cold (first call in the process: the
caches of Gauss rules, Vandermonde and transform matrices are empty) and then
warm under cProfile, and the warm time is split into the stages of the adaptive
loop by the cumulative time of the function that does each stage:

* assembly -- the discretisation's constructor (galerkin.GalerkinDiscretisation:
  piece forms, weight matrix);
* eigen-solve -- the discretisation's solve (the symmetric reduction and LAPACK);
* resolution tests -- judge_pieces (Chebyshev coefficients of Psi and of the
  energy density on every piece, the chop);
* coefficient -- resolving D on the mesh (coefficient.resolve_coefficient);
* residual -- the flux residual check;
* Chebfun construction -- build_eigenfunction (only when an eigenfunction is asked for);
* rest -- Python overhead of the loop, mesh refinement and the result.

Stages can nest (a stage's time includes what it calls); the table says how much
of the total each covers, so the shares need not add to 100 %.
"""

import argparse
import cProfile
import pstats
import time

#: stage -> (module file suffix, function name) whose cumulative time measures it
STAGES = {
    "assembly": ("galerkin.py", "__init__"),
    "eigen-solve": ("galerkin.py", "solve"),
    "resolution tests": ("adaptivity.py", "judge_pieces"),
    "coefficient": ("coefficient.py", "resolve_coefficient"),
    "residual": ("residual.py", "flux_residual"),
    "Chebfun construction": ("adaptivity.py", "build_eigenfunction"),
}


def cases():
    from pitcheig import Flat, Peak
    return [("D = 1, k = 1", Flat(), 1), ("peak 1e-3, 1e-4, k = 1", Peak(1e-3, 1e-4), 1),
            ("peak 1e-8, 1e-8, k = 1", Peak(1e-8, 1e-8), 1), ("peak 1e-3, 1e-4, k = 2", Peak(1e-3, 1e-4), 2)]


def stage_times(stats):
    """{stage: cumulative seconds} from a pstats.Stats."""
    out = {name: 0.0 for name in STAGES}
    for (filename, _, function), (_, _, _, cumulative, _) in stats.stats.items():
        for name, (suffix, target) in STAGES.items():
            if filename.endswith(suffix) and function == target:
                out[name] += cumulative
    return out


def profile(model, k, repeats=5, eigenfunction=False):
    """(cold seconds, median warm seconds, {stage: share of the warm total}, unknowns)."""
    from pitcheig import eigs
    t0 = time.perf_counter()
    res = eigs(model, k=k)
    cold = time.perf_counter() - t0
    if eigenfunction:
        res.eigenfunction(1)            # the first one imports chebpy: not part of the profile
    warm = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        eigs(model, k=k)
        warm.append(time.perf_counter() - t0)
    prof = cProfile.Profile()
    prof.enable()
    r = eigs(model, k=k)
    if eigenfunction:
        r.eigenfunction(1)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    shares = {name: t / total for name, t in stage_times(stats).items()}
    warm.sort()
    return cold, warm[len(warm) // 2], shares, res.diagnostics.dofs, bool(res.converged)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    rows = []
    head = f"{'case':<26} {'cold ms':>8} {'warm ms':>8} {'unknowns':>8} " + " ".join(f"{s[:11]:>11}" for s in STAGES)
    print(head)
    for label, model, k in cases():
        cold, warm, shares, dofs, ok = profile(model, k, args.repeats, eigenfunction=True)
        rows.append({"case": label, "cold_s": cold, "warm_s": warm, "dofs": dofs, "converged": ok, **shares})
        print(f"{label:<26} {1e3 * cold:>8.1f} {1e3 * warm:>8.1f} {dofs:>8d} "
              + " ".join(f"{100 * shares[s]:>10.0f}%" for s in STAGES))
    print("shares: cumulative time of each stage's function over the profiled total (one warm solve plus one "
          "eigenfunction); profiling inflates Python-heavy stages")
    return rows


if __name__ == "__main__":
    main()
