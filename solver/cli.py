"""Command line: ``pitcheig eigs ...`` (see README for the contract).

    pitcheig eigs --model {flat,peak,physical,first-principles} [--eps E] [--a A] [--delta DELTA]
                  [--u U] [--ends {both,+1,-1}] [--k K] [--tol T] [--json]
                  [--method {collocation,shoot}] [--digits N]

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


def build_parser():
    parser = _Parser(prog="pitcheig", description="Eigenvalues of eq. (15), Malkov et al. (2010).")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    e = commands.add_parser("eigs", help="eigenvalues lambda_{+-1..+-K} with error estimates")
    e.add_argument("--model", required=True, choices=("flat", "peak", "physical", "first-principles"))
    e.add_argument("--eps", type=_number, help="peak parameter eps (peak width b = j1^2 eps/2)")
    e.add_argument("--a", type=_number, help="inverse peak height a (model peak)")
    e.add_argument("--delta", type=_number, default=1e-4, help="V_A/c for model physical, eq. (11)")
    e.add_argument("--u", type=_number, default=0.0, help="flow speed in units of c, [-0.5, 0.5]")
    e.add_argument("--ends", choices=ENDS, default="both", help="which ends carry a peak")
    e.add_argument("--k", type=_integer, default=2, help="eigenvalues wanted on each side")
    e.add_argument("--tol", type=_number, default=1e-12, help="relative eigenvalue tolerance")
    e.add_argument("--method", choices=("collocation", "shoot"), default="collocation",
                   help="the adaptive Chebyshev solver, or the independent Frobenius-series shooting")
    e.add_argument("--digits", type=_integer, help="with --method shoot: significant digits (17..60)")
    e.add_argument("--json", action="store_true", help="print exactly one JSON object")
    r = commands.add_parser("reproduce",
                                help="check every claim of the paper; writes report.md, CSV, JSON, PNG")
    r.add_argument("--out", default="results", help="output directory (default results/)")
    return parser


def run_eigs(args):
    model = make_model(args.model, eps=args.eps, a=args.a, delta=args.delta, ends=args.ends)
    if args.model == "flat" and (args.eps is not None or args.a is not None):
        raise ParameterError("model 'flat' takes no --eps or --a (D = 1)")
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


def main(argv=None):
    try:
        args = build_parser().parse_args(argv)
        if args.command == "reproduce":
            from .studies import reproduce
            return reproduce.main(["--out", args.out])
        return run_eigs(args)
    except ParameterError as exc:
        print(f"pitcheig: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
