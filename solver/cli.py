"""Command line: ``pitcheig eigs | propagate | beam | sweep | plot-sweep | reproduce`` (README: the contract).

    pitcheig eigs --model {flat,peak,physical,first-principles} [--eps E] [--a A] [--delta DELTA]
                  [--u U] [--ends {both,+1,-1}] [--k K] [--tol T] [--json]
                  [--method {galerkin,collocation,nodal,shoot}]
                  [--cross-check M1,M2] [--digits N]
    pitcheig propagate --model ... --source {isotropic-forward,beam,FILE.csv} [--z 0,1,10]
                  [--beam-width W] [--f-inf F] [--tol T] [--mu-points N] [--json] [--plot FILE.png]
    pitcheig beam --B MICROGAUSS --l PC --energy TEV[,TEV...] (--va KM_PER_S | --delta DELTA)
                  [--species {proton,electron,nucleus} [--charge Z --mass-number A]] [--ends {both,+1}]
                  [--q-c QC] [--alpha ALPHA] [--tol T] [--json]
    pitcheig sweep --model peak --eps 1e-8:1e-1:50log --a 1e-8:1:20log --u 0,0.01 --out sweep.parquet
                  [--k K] [--tol T] [--workers N | --scheduler ADDRESS | --dask-local N] [--point-timeout S] [--batch N]
    pitcheig plot-sweep sweep.parquet [--u U] [--out FILE.png]
    pitcheig reproduce [--out DIR]

Exit codes, every subcommand: 0 every printed number certified; 2 bad input
(one line on stderr naming the parameter and its range, nothing on stdout);
3 computed but not certified (the reason is printed, and any part that is not
converged is marked); 4 could not compute (one line); 130 interrupted.  No
traceback unless ``--debug`` is given.

``beam`` (pitcheig.beam): the beam at mu = 1 in physical units, B in microgauss, l in
pc, the total energy E in TeV (a comma list prints a table of width and excess against
E), V_A in km/s (or delta = V_A/v); eps = r_g/l, delta and a (eq. 11), lambda_1 of
Physical(eps, delta, ends="both") (the physical D peaks at both ends), the width (eq. 35
and measured on the eigenfunction, degrees), the excess (measured and eq. 36), the
scattering and decay lengths (eqs. 11, 46) and p_Bmax (eqs. 42-44); exit 0 only when
every eigen-solve converged and every measurement is resolved within --tol.

Numbers are passed to the models as the strings typed, so that arbitrary
precision solves the exact decimal problem (pitcheig.exact); negative numbers
are accepted as values (``--u -1e-3``); a flag that the chosen model does not
use is refused.
"""

import argparse
import json
import re
import sys
import warnings

from .errors import ConvergenceError, NotConvergedWarning, ParameterError
from .models import ENDS, MODEL_NAMES, make_model

EXIT_OK, EXIT_BAD_INPUT, EXIT_NOT_CERTIFIED, EXIT_NOT_COMPUTED, EXIT_INTERRUPTED = 0, 2, 3, 4, 130
PLOT_SUFFIXES = (".png", ".pdf", ".svg")
#: A token that is a value although it starts with "-": a negative number, list or range.
NEGATIVE_VALUE = re.compile(r"^-(\d|\.\d|inf|nan)", re.IGNORECASE)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message):
        raise ParameterError(message)


def _integer(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None


def _text_list(text):
    """Comma-separated values, kept as typed (validated where they are used)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def join_negative_values(argv):
    """``--u -1e-3`` -> ``--u=-1e-3``: argparse reads a token such as -1e-3 as an option."""
    out = []
    for token in argv:
        if out and out[-1].startswith("--") and "=" not in out[-1] and NEGATIVE_VALUE.match(token):
            out[-1] = f"{out[-1]}={token}"
        else:
            out.append(token)
    return out


def _model_arguments(parser):
    parser.add_argument("--model", required=True, choices=MODEL_NAMES)
    parser.add_argument("--eps", help="peak parameter eps (peak width b = j1^2 eps/2): peak, physical, "
                                      "first-principles")
    parser.add_argument("--a", help="inverse peak height a: model peak only")
    parser.add_argument("--delta", help="V_A/c of eq. (11) (default 1e-4): physical, first-principles")
    parser.add_argument("--u", default="0", help="flow speed in units of c, 0 or 1e-300 <= |u| < 1 "
                        "(|u| <= 0.5 for --digits, --method shoot, propagate)")
    parser.add_argument("--ends", choices=ENDS, help="which ends carry a peak (default both): peak, physical")


def model_from_args(args):
    return make_model(args.model, eps=args.eps, a=args.a, delta=args.delta, ends=args.ends)


def build_parser():
    parser = _Parser(prog="pitcheig", description="Eigenvalues of eq. (15), Malkov et al. (2010).")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    e = commands.add_parser("eigs", help="eigenvalues lambda_{+-1..+-K} with error estimates")
    _model_arguments(e)
    e.add_argument("--k", type=_integer, default=2, help="eigenvalues wanted on each side, [1, 50]")
    e.add_argument("--tol", default="1e-12", help="relative eigenvalue tolerance, [1e-14, 1e-4]")
    e.add_argument("--method", choices=("galerkin", "collocation", "nodal", "shoot"), default="galerkin",
                   help="galerkin (left-definite Legendre-Galerkin, default), collocation (Chebyshev "
                        "collocation with Frobenius end rows), nodal (lumped GLL Galerkin of the "
                        "half-range solver), or shoot (Frobenius-series shooting)")
    e.add_argument("--cross-check", metavar="M1,M2",
                   help="solve with both methods and compare; exit 3 if a difference exceeds the "
                        "combined error estimate")
    e.add_argument("--digits", type=_integer,
                   help="significant digits (17..60) of an arbitrary-precision solve: Galerkin refined by Newton "
                        "in ball arithmetic (default, the fast route), or the shooting solver with --method shoot")
    e.add_argument("--max-seconds", help="time budget of the solve (default: none); past it the result is "
                                         "returned not certified (exit 3) or, with nothing computed, exit 4")
    e.add_argument("--json", action="store_true", help="print exactly one JSON object")
    e.add_argument("--plot", metavar="FILE.png", help="draw the eigenfunctions, the mesh and an inset at the "
                                                      "peaked end")
    e.add_argument("--save", metavar="FILE", help="write eigenvalues, error estimates and eigenfunctions (on a mu "
                                                  "grid and as Chebyshev coefficients per piece): .npz or .json")
    p = commands.add_parser("propagate", help="the half-range transport problem (12)-(14): f(z, mu) "
                                               "for a source at z = 0")
    _model_arguments(p)
    p.add_argument("--source", required=True,
                   help="isotropic-forward (f0 = 1 + mu), beam (f0 = exp(-(1 - mu)/W)), "
                        "or a CSV file of two columns mu, f0")
    p.add_argument("--beam-width", help="W of --source beam (default 0.02)")
    p.add_argument("--z", type=_text_list, default=["0", "1", "10"],
                   help="comma-separated distances z >= 0 (units of the scattering length; default 0,1,10)")
    p.add_argument("--f-inf", help="f at z = infinity; required for u < 0 only")
    p.add_argument("--tol", default="1e-8", help="accuracy of f relative to max |f0| (default 1e-8)")
    p.add_argument("--mu-points", type=_integer,
                   help="points of the mu grid printed (default 11 in the table, 201 with --json); "
                        "the verdict is about exactly these points")
    p.add_argument("--json", action="store_true", help="print exactly one JSON object")
    p.add_argument("--plot", metavar="FILE.png", help="draw f(z, mu) - f_inf with an inset near mu = 1 "
                                                      "(.png, .pdf or .svg)")
    bm = commands.add_parser("beam", help="the beam at mu = 1 in physical units: width, excess, lengths, "
                                          "p_Bmax (sections 4.3-5)")
    bm.add_argument("--B", required=True, help="magnetic field in microgauss (> 0)")
    bm.add_argument("--l", required=True, help="outer scale l of the turbulence in pc (> 0)")
    bm.add_argument("--energy", required=True, type=_text_list,
                    help="total particle energy in TeV, or a comma-separated list (a table)")
    bm.add_argument("--va", help="Alfven speed in km/s (or give --delta)")
    bm.add_argument("--delta", help="V_A/v in (0, 1) (or give --va)")
    bm.add_argument("--species", choices=("proton", "electron", "nucleus"), default="proton",
                    help="particle species (default proton); nucleus needs --charge and --mass-number")
    bm.add_argument("--charge", type=_integer, help="charge number Z of --species nucleus, [1, 118]")
    bm.add_argument("--mass-number", type=_integer, help="mass number A of --species nucleus, [Z, 300]")
    bm.add_argument("--ends", choices=("both", "+1"), default="both",
                    help="which ends of D carry a peak (default both: the physical D is even in mu)")
    bm.add_argument("--q-c", default="4.65", help="index q_c of the background F_C ~ p^-q_c, (2, 10] (eq. 40)")
    bm.add_argument("--alpha", default="1e-3", help="anisotropic fraction F_0/F_C of eq. (43), (0, 1]")
    bm.add_argument("--tol", default="1e-6", help="relative accuracy of the measured width and excess, "
                                                  "[1e-14, 1e-2]")
    bm.add_argument("--json", action="store_true", help="print exactly one JSON object")
    s = commands.add_parser("sweep", help="eigenvalues over a grid of (model, eps, a, u), resumable; "
                                          "local processes or Dask")
    s.add_argument("--model", required=True, help="comma-separated models: flat, peak, physical")
    s.add_argument("--eps", help="eps values: list 1e-2,1e-3 and/or ranges start:stop:N "
                                 "(linear) or start:stop:Nlog (geometric)")
    s.add_argument("--a", help="a values (model peak), same syntax")
    s.add_argument("--u", default="0", help="u values, same syntax (default 0)")
    s.add_argument("--ends", choices=ENDS, help="which ends carry a peak (default both): peak, physical")
    s.add_argument("--delta", help="V_A/c for model physical, eq. (11) (default 1e-4)")
    s.add_argument("--k", type=_integer, default=2, help="eigenvalues wanted on each side")
    s.add_argument("--tol", default="1e-12", help="relative eigenvalue tolerance")
    s.add_argument("--out", required=True, help="output file, .parquet or .csv (resumes if it exists)")
    s.add_argument("--workers", type=_integer, help="local worker processes (default: CPU count)")
    s.add_argument("--scheduler", help="address of a running dask.distributed scheduler, e.g. tcp://host:8786")
    s.add_argument("--dask-local", type=_integer, metavar="N",
                   help="start a dask LocalCluster with N workers on loopback")
    s.add_argument("--batch", type=_integer, help="points per task, 1-100000 (default: automatic, about 0.5 s of "
                   "measured solving per task)")
    s.add_argument("--chunk", type=_integer, help="the old name of --batch")
    s.add_argument("--point-timeout", help="seconds one point may take before it is recorded as failed "
                                           "(default 300)")
    ps = commands.add_parser("plot-sweep", help="lambda_{+1}(eps, a) contours and delta lambda / b^2 "
                                                "against eps from a sweep file")
    ps.add_argument("file", help="a sweep file (.parquet or .csv)")
    ps.add_argument("--u", help="which u to draw (default: the smallest |u| in the file)")
    ps.add_argument("--out", help="PNG file (default: the sweep file with .png)")
    sh = commands.add_parser("shock", help="the spectral index s of f ~ p^-s at a shock (eigenfunction method, "
                                           "pitcheig.shock)")
    speed = sh.add_mutually_exclusive_group(required=True)
    speed.add_argument("--gamma", help="upstream Lorentz factor Gamma1 in the shock frame, (1, 1e4], or inf")
    speed.add_argument("--gamma-beta", help="upstream Gamma1 beta1, [1e-3, 1e4], or inf")
    sh.add_argument("--eos", default="synge", help="equation of state downstream: synge (Juttner gas, default) or "
                                                   "a fixed adiabatic index in (1, 2], e.g. 4/3")
    sh.add_argument("--u2", help="prescribe the downstream speed in (0, u1) instead of the jump conditions")
    sh.add_argument("--model", default="flat", choices=MODEL_NAMES,
                    help="D(mu) in both fluid frames (default flat, D = 1; the API takes one model per frame)")
    sh.add_argument("--eps", help="peak parameter eps: peak, physical, first-principles")
    sh.add_argument("--a", help="inverse peak height a: model peak only")
    sh.add_argument("--delta", help="V_A/c of eq. (11) (default 1e-4): physical, first-principles")
    sh.add_argument("--ends", choices=ENDS, help="which ends carry a peak (default both): peak, physical")
    sh.add_argument("--modes", type=_integer, default=16, help="upstream and downstream modes, even, [2, 50]")
    sh.add_argument("--tol", default="1e-6", help="relative accuracy of s, [1e-10, 1e-2] (default 1e-6)")
    sh.add_argument("--method", choices=("collocation", "galerkin", "nodal"), default="collocation",
                    help="discretisation of the eigenfunctions by eigs (default collocation)")
    sh.add_argument("--upstream", choices=("auto", "mesh", "layer"), default="auto",
                    help="upstream modes: layer (collocation in t = (1 + mu)/(1 - u1)), mesh (eigs in the fluid "
                         "frame), auto (layer for Gamma1 beta1 >= 1; default)")
    sh.add_argument("--json", action="store_true", help="print exactly one JSON object")
    r = commands.add_parser("reproduce",
                            help="check every claim of the paper; writes report.md, CSV, JSON, PNG")
    r.add_argument("--out", default="results", help="output directory (default results/)")
    return parser


def emit(text):
    """Print ``text`` on stdout.  A reader that closes the pipe early (``| head``) is not
    an error of the computation: the rest of the output is dropped and the command's
    exit code is still its verdict."""
    import os
    try:
        print(text, flush=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())     # so that the flush at exit does not fail again


def _exit_code(result):
    """0 certified, 3 computed but not certified, 4 nothing computed."""
    if not result.pairs:
        return EXIT_NOT_COMPUTED
    return EXIT_OK if result.converged else EXIT_NOT_CERTIFIED


def run_eigs(args):
    from .adaptivity import TOL_RANGE, eigs
    from .progress import terminal_progress
    from .validation import check_real

    model = model_from_args(args)
    if args.digits is not None and args.method not in ("galerkin", "shoot"):
        raise ParameterError(f"--digits needs --method galerkin (the default) or shoot "
                             f"({args.method} works in double precision)")
    tol = check_real("tol", args.tol, *TOL_RANGE)
    _check_outputs(args)
    if args.cross_check is not None:
        if args.plot or args.save:
            raise ParameterError("--plot and --save need one method; drop --cross-check")
        return run_cross_check(args, model, tol)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)  # reported in the output instead
        long_work = args.digits is not None or args.method == "shoot"
        result = eigs(model, u=args.u, k=args.k, tol=tol, max_seconds=args.max_seconds, method=args.method,
                      digits=args.digits, progress=terminal_progress() if long_work else None)
    if args.json:
        out = result.to_dict()
        out["problem"] = {"k": args.k, "tol": tol, **out["problem"]}
        emit(json.dumps(out))
    else:
        emit(result.table())
    if result.pairs:
        _write_outputs(args, result)
    return _exit_code(result)


def _check_outputs(args):
    """--plot and --save, before any work: a method with eigenfunctions and known suffixes."""
    from .export import check_path
    if (args.plot or args.save) and args.method == "shoot":
        raise ParameterError("--plot and --save need eigenfunctions; method 'shoot' returns eigenvalues only")
    if args.plot and not args.plot.endswith((".png", ".pdf", ".svg")):
        raise ParameterError(f"--plot must end in .png, .pdf or .svg; got {args.plot!r}")
    if args.save:
        check_path(args.save)


def _write_outputs(args, result):
    if args.save:
        from .export import save
        save(result, args.save)
    if args.plot:
        from .figures import eigenfunction_figure
        eigenfunction_figure(result, args.plot)


def run_cross_check(args, model, tol):
    """eigs --cross-check M1,M2: exit 0 when both are certified and agree, 3 when not,
    4 when a method computed nothing."""
    from .crosscheck import cross_check, parse_methods

    methods = parse_methods(args.cross_check)
    if args.method != "galerkin" and args.method not in methods:
        raise ParameterError(f"method {args.method!r} is not one of --cross-check {args.cross_check}")
    check = cross_check(model, methods, u=args.u, k=args.k, tol=tol, max_seconds=args.max_seconds)
    emit(check.to_json() if args.json else check.table())
    if any(not r.pairs for r in check.results):
        return EXIT_NOT_COMPUTED
    return EXIT_OK if check.passed else EXIT_NOT_CERTIFIED


def source_from_args(args):
    from .propagation import beam_source, isotropic_forward, read_source_csv

    if args.beam_width is not None and args.source != "beam":
        raise ParameterError(f"beam_width is only used by --source beam, not {args.source!r}")
    if args.source == "isotropic-forward":
        return isotropic_forward()
    if args.source == "beam":
        return beam_source(0.02 if args.beam_width is None else args.beam_width)
    if not args.source.lower().endswith(".csv"):
        raise ParameterError(f"source must be isotropic-forward, beam or a .csv file, got {args.source!r}")
    return read_source_csv(args.source)


def run_propagate(args):
    import numpy as np

    from .progress import terminal_progress
    from .propagation import check_z, propagate
    from .validation import check_int, check_output_file

    model = model_from_args(args)
    source = source_from_args(args)
    if not args.z:
        raise ParameterError("z needs at least one distance, e.g. --z 0,1,10")
    z_values = [check_z(z) for z in args.z]
    n_mu = check_int("mu_points", args.mu_points if args.mu_points is not None else (201 if args.json else 11),
                     3, 100001)
    plot = check_output_file("plot", args.plot, PLOT_SUFFIXES) if args.plot else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)  # reported in the output instead
        result = propagate(model, source, u=args.u, f_inf=args.f_inf, tol=args.tol, progress=terminal_progress())
    mu = np.linspace(-1.0, 1.0, n_mu)
    out = result.to_dict(z_values, mu)
    emit(json.dumps(out) if args.json else result.summary(z_values, mu))
    if plot:                                  # after the results are out: a failing plot loses nothing
        from .figures import propagation_figure
        propagation_figure(result, z_values, plot)
    return EXIT_OK if out["converged"] else EXIT_NOT_CERTIFIED


def run_beam(args):
    """beam: exit 0 when certified, 3 when computed but not certified (pitcheig.beam)."""
    import math

    import astropy.units as u

    from .beam import beam
    from .validation import check_real

    def positive(name, text, unit):
        return check_real(name, text, 0.0, math.inf, lo_open=True, hi_open=True) * unit

    if not args.energy:
        raise ParameterError("energy needs at least one value in TeV, e.g. --energy 1 or --energy 1,3,10")
    energy = u.Quantity([check_real("energy", x, 0.0, math.inf, lo_open=True, hi_open=True) for x in args.energy],
                        u.TeV)
    va = None if args.va is None else positive("va", args.va, u.km / u.s)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)  # reported in the output instead
        result = beam(positive("B", args.B, u.uG), positive("l", args.l, u.pc),
                      energy if len(args.energy) > 1 else energy[0], va=va, delta=args.delta,
                      species=args.species, charge=args.charge, mass_number=args.mass_number, ends=args.ends,
                      q_c=args.q_c, alpha=args.alpha, tol=args.tol)
    emit(json.dumps(result.to_dict()) if args.json else result.table())
    return EXIT_OK if result.converged else EXIT_NOT_CERTIFIED


def run_sweep_command(args):
    from .sweep import grid, output_format, parse_values, run_sweep, summary

    output_format(args.out)
    models = [m.strip() for m in args.model.split(",") if m.strip()]
    if not models:
        raise ParameterError("model: give at least one of flat, peak, physical (comma-separated)")
    points = grid(models, eps=parse_values("eps", args.eps) if args.eps is not None else None,
                  a=parse_values("a", args.a) if args.a is not None else None,
                  u=parse_values("u", args.u), ends=args.ends, delta=args.delta)
    try:
        report = run_sweep(points, args.out, k=args.k, tol=args.tol, workers=args.workers,
                           scheduler=args.scheduler, dask_local=args.dask_local, chunk=args.chunk, batch=args.batch,
                           point_timeout=args.point_timeout)
    except KeyboardInterrupt:
        print(f"pitcheig: interrupted; finished points are kept in {args.out} (and its journal), run the same "
              "command again to resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    counts = summary(report.rows)
    line = f"{len(report.rows)} points of this sweep in {args.out}: " + ", ".join(
        f"{n} {status}" for status, n in counts.items())
    if report.other_rows:
        line += f" ({report.other_rows} rows of other settings kept in the file, not reused)"
    emit(line)
    return EXIT_OK if set(counts) <= {"ok"} else EXIT_NOT_CERTIFIED


def run_plot_sweep(args):
    import os

    from .figures import sweep_figure
    from .problem import check_u
    from .sweep import output_format, read_rows
    from .validation import check_output_file

    output_format(args.file)
    if not os.path.isfile(args.file):
        raise ParameterError(f"file: {args.file!r} does not exist")
    out = check_output_file("out", args.out or os.path.splitext(args.file)[0] + ".png", PLOT_SUFFIXES)
    u = None if args.u is None else float(check_u(args.u))
    emit(sweep_figure(read_rows(args.file, strict=True), out, u=u))
    return EXIT_OK


def _infinite(text):
    return isinstance(text, str) and text.strip().lower() in ("inf", "infinity")


def run_shock(args):
    """shock: exit 0 when s is certified, 3 when computed but not certified (pitcheig.shock)."""
    import math

    from .shock import GAMMA_BETA_RANGE, spectral_index
    from .validation import check_real

    if args.gamma is not None:
        if _infinite(args.gamma):
            gamma_beta = math.inf
        else:
            gamma = check_real("gamma", args.gamma, 1.0, 1e4, lo_open=True)
            gamma_beta = math.sqrt((gamma - 1.0) * (gamma + 1.0))
            if gamma_beta < GAMMA_BETA_RANGE[0]:
                raise ParameterError(f"gamma must be a finite number in [{math.hypot(1.0, GAMMA_BETA_RANGE[0]):.12g},"
                                     f" 10000] or inf; got {args.gamma!r}")
    else:
        gamma_beta = math.inf if _infinite(args.gamma_beta) else check_real("gamma_beta", args.gamma_beta,
                                                                             *GAMMA_BETA_RANGE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)  # reported in the output instead
        model = model_from_args(args)
        result = spectral_index(gamma_beta, args.eos, u2=args.u2, upstream_model=model, downstream_model=model,
                                modes=args.modes, method=args.method, upstream=args.upstream, tol=args.tol)
    emit(json.dumps(result.to_dict()) if args.json else result.summary())
    if not math.isfinite(result.s):
        return EXIT_NOT_COMPUTED               # no root of det M(s): nothing was computed
    return EXIT_OK if result.converged else EXIT_NOT_CERTIFIED


def run_reproduce(args):
    from .studies import reproduce
    from .validation import check_output_dir

    return reproduce.main(["--out", check_output_dir("out", args.out)])


COMMANDS = {"eigs": run_eigs, "propagate": run_propagate, "beam": run_beam, "sweep": run_sweep_command,
            "plot-sweep": run_plot_sweep, "shock": run_shock,
            "reproduce": run_reproduce}


def main(argv=None):
    argv = join_negative_values(list(sys.argv[1:] if argv is None else argv))
    debug = "--debug" in argv                  # accepted anywhere on the line
    argv = [token for token in argv if token != "--debug"]
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except ParameterError as exc:
        print(f"pitcheig: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("pitcheig: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:   # noqa: BLE001 - the contract: one line and exit 4, never a traceback
        if debug:
            raise
        kind = "not certified" if isinstance(exc, ConvergenceError) else "internal error"
        text = " ".join(str(exc).split())
        print(f"pitcheig: could not compute ({kind}): {type(exc).__name__}: {text} "
              "(run with --debug for the traceback)", file=sys.stderr)
        return EXIT_NOT_COMPUTED


if __name__ == "__main__":
    sys.exit(main())
