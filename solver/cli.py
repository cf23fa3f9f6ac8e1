"""Command line: ``pitcheig eigs ...`` (see README for the contract).

    pitcheig eigs --model {flat,peak,physical} [--eps E] [--a A] [--delta DELTA]
                  [--u U] [--ends {both,+1,-1}] [--k K] [--tol T] [--json]

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
    e.add_argument("--model", required=True, choices=("flat", "peak", "physical"))
    e.add_argument("--eps", type=_number, help="peak parameter eps (peak width b = j1^2 eps/2)")
    e.add_argument("--a", type=_number, help="inverse peak height a (model peak)")
    e.add_argument("--delta", type=_number, default=1e-4, help="V_A/c for model physical, eq. (11)")
    e.add_argument("--u", type=_number, default=0.0, help="flow speed in units of c, [-0.5, 0.5]")
    e.add_argument("--ends", choices=ENDS, default="both", help="which ends carry a peak")
    e.add_argument("--k", type=_integer, default=2, help="eigenvalues wanted on each side")
    e.add_argument("--tol", type=_number, default=1e-12, help="relative eigenvalue tolerance")
    e.add_argument("--json", action="store_true", help="print exactly one JSON object")
    return parser


def run_eigs(args):
    model = make_model(args.model, eps=args.eps, a=args.a, delta=args.delta, ends=args.ends)
    if args.model == "flat" and (args.eps is not None or args.a is not None):
        raise ParameterError("model 'flat' takes no --eps or --a (D = 1)")
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


def main(argv=None):
    try:
        args = build_parser().parse_args(argv)
        return run_eigs(args)
    except ParameterError as exc:
        print(f"pitcheig: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
