"""Fuzzing the error contract (issue 12): the API and the CLI over the accepted box and just
outside it, with the probes of the issue among the examples.

API: eigs either raises ParameterError (a ValueError; one line that names a parameter)
or returns an EigenResult; a certified flat result (D = 1) must agree with the
independent Legendre pencil of conftest.  CLI: main() returns 0, 2, 3 or 4 for every
command line, never raises, and a bad input (2) prints one line on stderr and nothing on
stdout.  The solves are kept small (k <= 2, moderate eps and a) so that the examples run
in under a minute; the hard corners have their own tests.

The default run is derandomized (the same EXAMPLES examples every time, so CI is
reproducible); PITCHEIG_FUZZ_EXAMPLES=2000 explores that many fresh random ones.
"""

import contextlib
import io
import math
import os
import tempfile
import warnings

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import legendre_flat_eigenvalues
from pitcheig import ConvergenceError, EigenResult, Flat, NotConvergedWarning, ParameterError, Peak, eigs
from pitcheig.cli import main
from pitcheig.exact import parse_exact

EXAMPLES = int(os.environ.get("PITCHEIG_FUZZ_EXAMPLES", "80"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="PITCHEIG_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow])

#: names a ParameterError message may start with (validation names the parameter first)
NAMES = ("u", "k", "tol", "function_tol", "max_dofs", "max_solves", "max_seconds", "on_failure", "layout",
         "blas_threads", "eps", "a", "ends", "model", "method", "digits")

JUNK = st.one_of(st.none(), st.booleans(), st.text(max_size=6), st.lists(st.floats(), max_size=2),
                 st.sampled_from([math.nan, math.inf, -math.inf, 1e-320, 1e400, "1/3", "0x10", "1e-3", "-0.1"]))


def near(lo, hi):
    """Values inside [lo, hi] and just outside it, as floats and as strings."""
    values = st.one_of(st.floats(lo, hi), st.sampled_from([lo, hi, lo * 0.999 if lo > 0 else lo - 1e-9,
                                                           hi * 1.001 if hi > 0 else hi + 1e-9]))
    return st.one_of(values, values.map(repr))


API_ARGUMENTS = st.fixed_dictionaries({}, optional={
    "u": st.one_of(near(-0.5, 0.5), JUNK), "k": st.one_of(st.integers(0, 3), JUNK),
    "tol": st.one_of(near(1e-13, 1e-4), JUNK), "max_dofs": st.one_of(st.integers(0, 400), JUNK),
    "max_solves": st.one_of(st.integers(0, 4), JUNK), "max_seconds": st.one_of(near(1e-3, 5.0), JUNK),
    "on_failure": st.sampled_from(["warn", "raise", "ignore"]), "layout": st.sampled_from(["graded", "global", 1]),
    "method": st.sampled_from(["galerkin", "collocation", "nodal", "shoot", "fem"]),
})


@FUZZ
@given(model=st.sampled_from(["flat", "peak"]), eps=st.one_of(near(1e-6, 0.1), JUNK),
       a=st.one_of(near(1e-6, 1e3), JUNK), kwargs=API_ARGUMENTS)
@example(model="flat", eps=None, a=None, kwargs={"max_solves": 0, "on_failure": "warn"})
@example(model="flat", eps=None, a=None, kwargs={"max_dofs": 0, "on_failure": "warn"})
@example(model="flat", eps=None, a=None, kwargs={"max_dofs": "100"})
@example(model="flat", eps=None, a=None, kwargs={"max_dofs": None})
@example(model="flat", eps=None, a=None, kwargs={"max_dofs": math.nan})
@example(model="flat", eps=None, a=None, kwargs={"u": 1e-320})
@example(model="flat", eps=None, a=None, kwargs={"u": "0.1", "k": 2})
def test_api_contract(model, eps, a, kwargs):
    try:
        d = Flat() if model == "flat" else Peak(eps, a, "+1")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", NotConvergedWarning)
            result = eigs(d, **kwargs)
    except ParameterError as exc:
        assert isinstance(exc, ValueError) and "\n" not in str(exc)
        assert str(exc).split()[0].rstrip(":") in NAMES, str(exc)
        return
    except ConvergenceError as exc:            # allowed only when asked for
        assert kwargs.get("on_failure") == "raise" and not exc.result.converged
        return
    assert isinstance(result, EigenResult) and isinstance(result.converged, bool)
    # a NotConvergedWarning exactly when the result is not certified
    assert any(issubclass(w.category, NotConvergedWarning) for w in caught) is (not result.converged)
    if result.converged and model == "flat":
        tol = float(parse_exact(kwargs.get("tol", 1e-12)))      # eigs accepted it, so it parses
        u = result.problem["u"]
        reference = legendre_flat_eigenvalues(u, max(result.labels))
        advective = -1 if u > 0 else 1
        for pair in result.pairs:
            if u != 0 and abs(u) < 1e-6 and pair.label == advective:
                # the reference drops |lambda| < 1e-12; the advective eigenvalue is -6u (1 + O(u))
                # (hypothesis found u = 4.5e-166: lambda_{-1} = -2.7e-165, right)
                assert pair.lam == pytest.approx(-6 * u, rel=1e-5)
            else:
                assert pair.lam == pytest.approx(reference[pair.label], rel=max(1e3 * tol, 1e-10))


FLAGS = {"eigs": ["--model", "--eps", "--a", "--delta", "--u", "--ends", "--k", "--tol", "--method", "--digits",
                  "--max-seconds", "--json", "--cross-check"],
         "propagate": ["--model", "--eps", "--a", "--u", "--source", "--z", "--tol", "--mu-points", "--f-inf",
                       "--beam-width", "--json"],
         "plot-sweep": ["--u", "--out"]}
VALUES = {"--model": st.sampled_from(["flat", "peak", "physical", "bogus", ""]),
          "--ends": st.sampled_from(["both", "+1", "-1", "+2"]),
          "--method": st.sampled_from(["galerkin", "collocation", "nodal", "shoot", "x"]),
          "--cross-check": st.sampled_from(["galerkin,collocation", "galerkin,shoot", "galerkin", "x,y"]),
          "--source": st.sampled_from(["isotropic-forward", "beam", "nosuch.csv", "x"]),
          "--k": st.sampled_from(["1", "2", "0", "-1", "x"]), "--digits": st.sampled_from(["17", "5", "x"]),
          "--mu-points": st.sampled_from(["3", "11", "2", "x"]),
          "--max-seconds": st.sampled_from(["0.5", "5", "0", "-1"]),
          "--out": st.sampled_from(["x.png", "/nonexist/x.png", "x.svgz"])}
NUMBER_TEXT = st.one_of(st.sampled_from(["1e-3", "1e-2", "0.01", "-1e-3", "0", "nan", "-inf", "1e400", "abc",
                                         "0.5", "0.6", "1e-320", "-0.05", "1,2", "0,-1"]),
                        st.floats(-1, 1).map(repr))


VALID = {"--eps": st.sampled_from(["1e-3", "0.01", "1e-4", "0.05"]), "--a": st.sampled_from(["1e-4", "0.01", "1"]),
         "--u": st.sampled_from(["0", "0.01", "-0.05", "-1e-3", "0.3"]), "--k": st.sampled_from(["1", "2"]),
         "--tol": st.sampled_from(["1e-10", "1e-8"]), "--z": st.sampled_from(["0.1", "0,1", "1,10"])}


@st.composite
def command_lines(draw):
    """Mostly well-formed lines (a model with its parameters, half the time valid) plus
    random flags with random values: inside the accepted box and just outside it."""
    command = draw(st.sampled_from(sorted(FLAGS)))
    argv = [command] + (["sweep.csv"] if command == "plot-sweep" else [])
    if command != "plot-sweep" and draw(st.integers(0, 3)):
        model = draw(st.sampled_from(["flat", "flat", "peak", "physical"]))
        argv += ["--model", model]
        needs = {"flat": [], "peak": ["--eps", "--a"], "physical": ["--eps"]}[model]
        for flag in needs:
            argv += [flag, draw(VALID[flag] if draw(st.integers(0, 3)) else NUMBER_TEXT)]
        if command == "propagate":
            argv += ["--source", draw(st.sampled_from(["isotropic-forward", "beam"]))]
        if command == "eigs":
            argv += ["--k", "1"]
    for flag in draw(st.lists(st.sampled_from(FLAGS[command]), max_size=4, unique=True)):
        if flag in argv:
            continue
        argv.append(flag)
        if flag != "--json":
            use_valid = flag in VALID and draw(st.booleans())
            argv.append(draw(VALID[flag] if use_valid else VALUES.get(flag, NUMBER_TEXT)))
    return argv


@FUZZ
@given(argv=command_lines())
@example(argv=["eigs", "--model", "flat", "--u", "-1e-3"])
@example(argv=["eigs", "--model", "physical", "--eps", "1e-3", "--a", "1e-4"])
@example(argv=["eigs", "--model", "peak", "--eps", "1e-3", "--a", "1e-4", "--delta", "5"])
@example(argv=["eigs", "--model", "flat", "--u", "1e-320"])
@example(argv=["eigs", "--model", "flat", "--u", "1e400"])
@example(argv=["eigs", "--model", "flat", "--tol", "1/10000"])
@example(argv=["propagate", "--model", "flat", "--source", "isotropic-forward", "--mu-points", "11"])
@example(argv=["propagate", "--model", "flat", "--source", "beam", "--plot", "/nonexist/x.png"])
@example(argv=["plot-sweep", "sweep.csv"])
@example(argv=["eigs"])
@example(argv=["eigs", "--model"])
def test_cli_contract(argv):
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as directory:
        os.chdir(directory)
        try:
            with open("sweep.csv", "w") as fh:
                fh.write("model,ends\npeak,+1\n")                  # a damaged sweep file
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(argv)
                except SystemExit as exc:      # --help and the like
                    code = exc.code
        finally:
            os.chdir(here)
    out, err = out.getvalue(), err.getvalue()
    assert code in (0, 2, 3, 4), (argv, code, err)
    assert "Traceback" not in err
    if code == 2:
        assert out == "" and len(err.strip().splitlines()) == 1, (argv, err)
