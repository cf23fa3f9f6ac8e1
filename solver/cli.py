"""Command line: ``pitcheig eigs ...``, ``pitcheig propagate ...`` (see README for the contract).

    pitcheig eigs --model {flat,peak,physical,first-principles} [--eps E] [--a A] [--delta DELTA]
                  [--u U] [--ends {both,+1,-1}] [--k K] [--tol T] [--json]
                  [--method {collocation,shoot}] [--digits N]
    pitcheig sweep --model peak --eps 1e-8:1e-1:50log --a 1e-8:1:20log --u 0,0.01 --out sweep.parquet
                  [--k K] [--tol T] [--workers N | --scheduler ADDRESS | --dask-local N]
    pitcheig plot-sweep sweep.parquet [--u U] [--out FILE.png]
    pitcheig propagate --model ... --source {isotropic-forward,beam,FILE.csv} [--z 0,1,10]
                  [--beam-width W] [--f-inf F] [--tol T] [--mu-points N] [--json] [--plot FILE.png]

Bad input prints one line on stderr naming the parameter and its allowed range
and exits with code 2 (no traceback).  An unconverged result is printed with
"converged": false (JSON) or NOT CONVERGED (table) and exits with code 3.
"""

import argparse
import json
import sys
import warnings

from .adaptivity import eigs
from .errors import NotConvergedWarning, ParameterError
from .models import ENDS, make_model

EXIT_BAD_INPUT = 2
EXIT_NOT_CONVERGED = 3


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message):
        raise ParameterError(message)


def _number(text):
    """A float from the command line; NaN and inf pass through to validation."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def _integer(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None


def _number_list(text):
    """Comma-separated numbers, e.g. ``0,1,10``."""
    return [_number(part.strip()) for part in text.split(",") if part.strip()]


def _model_arguments(parser):
    parser.add_argument("--model", required=True, choices=("flat", "peak", "physical", "first-principles"))
    parser.add_argument("--eps", type=_number, help="peak parameter eps (peak width b = j1^2 eps/2)")
    parser.add_argument("--a", type=_number, help="inverse peak height a (model peak)")
    parser.add_argument("--delta", type=_number, default=1e-4, help="V_A/c for model physical, eq. (11)")
    parser.add_argument("--u", type=_number, default=0.0, help="flow speed in units of c, [-0.5, 0.5]")
    parser.add_argument("--ends", choices=ENDS, default="both", help="which ends carry a peak")


def model_from_args(args):
    if args.model == "flat" and (args.eps is not None or args.a is not None):
        raise ParameterError("model 'flat' takes no --eps or --a (D = 1)")
    return make_model(args.model, eps=args.eps, a=args.a, delta=args.delta, ends=args.ends)


def build_parser():
    parser = _Parser(prog="pitcheig", description="Eigenvalues of eq. (15), Malkov et al. (2010).")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    e = commands.add_parser("eigs", help="eigenvalues lambda_{+-1..+-K} with error estimates")
    _model_arguments(e)
    e.add_argument("--k", type=_integer, default=2, help="eigenvalues wanted on each side")
    e.add_argument("--tol", type=_number, default=1e-12, help="relative eigenvalue tolerance")
    e.add_argument("--method", choices=("collocation", "shoot"), default="collocation",
                   help="the adaptive Chebyshev solver, or the independent Frobenius-series shooting")
    e.add_argument("--digits", type=_integer, help="with --method shoot: significant digits (17..60)")
    e.add_argument("--json", action="store_true", help="print exactly one JSON object")
    p = commands.add_parser("propagate", help="the half-range transport problem (12)-(14): f(z, mu) "
                                               "for a source at z = 0")
    _model_arguments(p)
    p.add_argument("--source", required=True,
                   help="isotropic-forward (f0 = 1 + mu), beam (f0 = exp(-(1 - mu)/W)), "
                        "or a CSV file of two columns mu, f0")
    p.add_argument("--beam-width", type=_number, default=0.02, help="W of --source beam (default 0.02)")
    p.add_argument("--z", type=_number_list, default=[0.0, 1.0, 10.0],
                   help="comma-separated distances z >= 0 (units of the scattering length; default 0,1,10)")
    p.add_argument("--f-inf", type=_number, help="f at z = infinity; required for u < 0 only")
    p.add_argument("--tol", type=_number, default=1e-8,
                   help="accuracy of f relative to max |f0| (default 1e-8)")
    p.add_argument("--mu-points", type=_integer, default=201, help="mu grid of the output (default 201)")
    p.add_argument("--json", action="store_true", help="print exactly one JSON object")
    p.add_argument("--plot", metavar="FILE.png", help="draw f(z, mu) - f_inf with an inset near mu = 1")
    s = commands.add_parser("sweep", help="eigenvalues over a grid of (model, eps, a, u), resumable; "
                                          "local processes or Dask")
    s.add_argument("--model", required=True, help="comma-separated models: flat, peak, physical")
    s.add_argument("--eps", default="", help="eps values: list 1e-2,1e-3 and/or ranges start:stop:N "
                                             "(linear) or start:stop:Nlog (geometric)")
    s.add_argument("--a", default="", help="a values (model peak), same syntax")
    s.add_argument("--u", default="0", help="u values, same syntax (default 0)")
    s.add_argument("--ends", choices=ENDS, default="both", help="which ends carry a peak")
    s.add_argument("--delta", type=_number, default=1e-4, help="V_A/c for model physical, eq. (11)")
    s.add_argument("--k", type=_integer, default=2, help="eigenvalues wanted on each side")
    s.add_argument("--tol", type=_number, default=1e-12, help="relative eigenvalue tolerance")
    s.add_argument("--out", required=True, help="output file, .parquet or .csv (resumes if it exists)")
    s.add_argument("--workers", type=_integer, help="local worker processes (default: CPU count)")
    s.add_argument("--scheduler", help="address of a running dask.distributed scheduler, e.g. tcp://host:8786")
    s.add_argument("--dask-local", type=_integer, metavar="N",
                   help="start a dask LocalCluster with N workers on loopback")
    s.add_argument("--chunk", type=_integer, help="points per task (default: about 1 s of work)")
    ps = commands.add_parser("plot-sweep", help="lambda_{+1}(eps, a) contours and delta lambda / b^2 "
                                                "against eps from a sweep file")
    ps.add_argument("file", help="a sweep file (.parquet or .csv)")
    ps.add_argument("--u", type=_number, help="which u to draw (default: the smallest |u| in the file)")
    ps.add_argument("--out", help="PNG file (default: the sweep file with .png)")
    r = commands.add_parser("reproduce",
                                help="check every claim of the paper; writes report.md, CSV, JSON, PNG")
    r.add_argument("--out", default="results", help="output directory (default results/)")
    return parser


def run_eigs(args):
    model = model_from_args(args)
    if args.digits is not None and args.method != "shoot":
        raise ParameterError("--digits needs --method shoot (collocation works in double precision)")
    if args.method == "shoot":
        return run_shoot(args, model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)  # reported in the output instead
        result = eigs(model, u=args.u, k=args.k, tol=args.tol)
    if args.json:
        out = result.to_dict()
        out["problem"] = {**out["problem"], "k": args.k, "tol": args.tol}
        print(json.dumps(out))
    else:
        print(result.table())
    return 0 if result.converged else EXIT_NOT_CONVERGED


def run_shoot(args, model):
    """--method shoot: pitcheig.symbolic.shoot, in double precision or with --digits."""
    import time

    import mpmath

    from .adaptivity import TOL_RANGE
    from .problem import Problem
    from .symbolic import shoot
    from .validation import check_int, check_real

    problem = Problem(model, args.u)
    k = check_int("k", args.k, 1, 50)
    tol = check_real("tol", args.tol, *TOL_RANGE)
    digits = None if args.digits is None else check_int("digits", args.digits, 17, 60)
    start = time.perf_counter()
    values = shoot.eigenvalues(model, problem.u, k, digits=digits, with_errors=True)
    seconds = time.perf_counter() - start
    target = tol if digits is None else 10.0 ** -digits
    entries, converged = [], True
    for label in sorted(values, key=lambda lab: (abs(lab), -lab)):
        value, error = values[label]
        converged &= error <= target * abs(float(value))
        lam = float(value) if digits is None else mpmath.nstr(value, digits, strip_zeros=False)
        entries.append({"index": label, "lambda": lam, "error_estimate": float(error)})
    if args.json:
        out = {"problem": {**problem.parameters(), "k": k, "tol": tol, "method": "shoot"},
               "eigenvalues": entries, "dofs": 0,
               "breakpoints": [-1.0, *model.breakpoints, 1.0], "converged": bool(converged),
               "message": "Frobenius-series shooting; error estimates from a second solve "
                          "(half the step sizes, and 4 more digits with --digits)", "seconds": seconds}
        if digits is not None:
            out["digits"] = digits
        print(json.dumps(out))
    else:
        print(f"{'index':>6}  {'lambda':>{max(24, (digits or 0) + 8)}}  {'error estimate':>14}")
        for e in entries:
            lam = e["lambda"] if isinstance(e["lambda"], str) else f"{e['lambda']:.16e}"
            print(f"{e['index']:>+6d}  {lam:>{max(24, (digits or 0) + 8)}}  {e['error_estimate']:>14.2e}")
        print(f"{'converged' if converged else 'NOT CONVERGED'} (shooting), {seconds:.2f} s")
    return 0 if converged else EXIT_NOT_CONVERGED


def source_from_args(args):
    from .propagation import beam_source, isotropic_forward, read_source_csv

    if args.source == "isotropic-forward":
        return isotropic_forward()
    if args.source == "beam":
        return beam_source(args.beam_width)
    if not args.source.lower().endswith(".csv"):
        raise ParameterError(f"source must be isotropic-forward, beam or a .csv file, got {args.source!r}")
    return read_source_csv(args.source)


def run_propagate(args):
    import numpy as np

    from .propagation import propagate
    from .validation import check_int

    model = model_from_args(args)
    source = source_from_args(args)
    if not args.z:
        raise ParameterError("z needs at least one distance, e.g. --z 0,1,10")
    n_mu = check_int("mu_points", args.mu_points, 3, 100001)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)  # reported in the output instead
        result = propagate(model, source, u=args.u, f_inf=args.f_inf, tol=args.tol)
    mu = np.linspace(-1.0, 1.0, n_mu)
    out = result.to_dict(args.z, mu)       # validates every z
    out["converged"] = bool(out["converged"] and all(out["f_converged"]))
    if args.plot:
        from .figures import propagation_figure
        propagation_figure(result, args.z, args.plot)
    if args.json:
        print(json.dumps(out))
    else:
        print(result.summary(args.z))
    return 0 if out["converged"] else EXIT_NOT_CONVERGED


def run_sweep_command(args):
    from .sweep import grid, output_format, parse_values, run_sweep, summary

    output_format(args.out)
    models = [m.strip() for m in args.model.split(",") if m.strip()]
    eps = parse_values("eps", args.eps) if args.eps else []
    a = parse_values("a", args.a) if args.a else []
    u = parse_values("u", args.u)
    points = grid(models, eps=eps, a=a, u=u, ends=args.ends, delta=args.delta)
    try:
        rows = run_sweep(points, args.out, k=args.k, tol=args.tol, workers=args.workers,
                         scheduler=args.scheduler, dask_local=args.dask_local, chunk=args.chunk)
    except KeyboardInterrupt:
        print(f"pitcheig: interrupted; finished points are kept in {args.out}.journal.jsonl, run the same "
              "command again to resume", file=sys.stderr)
        return 130
    counts = summary(rows)
    print(f"{len(rows)} points in {args.out}: " + ", ".join(f"{n} {status}" for status, n in counts.items()))
    return 0 if set(counts) <= {"ok"} else EXIT_NOT_CONVERGED


def run_plot_sweep(args):
    import os

    from .figures import sweep_figure
    from .sweep import output_format, read_rows

    output_format(args.file)
    if not os.path.exists(args.file):
        raise ParameterError(f"file: {args.file!r} does not exist")
    out = args.out or os.path.splitext(args.file)[0] + ".png"
    print(sweep_figure(read_rows(args.file), out, u=args.u))
    return 0


def main(argv=None):
    try:
        args = build_parser().parse_args(argv)
        if args.command == "reproduce":
            from .studies import reproduce
            return reproduce.main(["--out", args.out])
        if args.command == "propagate":
            return run_propagate(args)
        if args.command == "sweep":
            return run_sweep_command(args)
        if args.command == "plot-sweep":
            return run_plot_sweep(args)
        return run_eigs(args)
    except ParameterError as exc:
        print(f"pitcheig: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
