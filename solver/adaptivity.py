"""The adaptive solve: refine the mesh until D and the wanted eigenfunctions are
resolved on every piece, the eigenvalues stop drifting, and the flux residual
is small.

Loop (each step is one discrete solve):

1. resolve D on every piece (coefficient.py: Chebyshev samples 17, 33, ...,
   513 judged by :func:`~pitcheig.chebtech.resolved`; for a user D, first-kind
   samples and a probe between them); a piece where D is not resolved is
   split before any eigen-solve, until it is too narrow to split (then the
   result is not certified);
2. solve the pencil (discretisation.py, eigensolve.py) for the k wanted
   eigenpairs on each side;
3. judge every piece for every wanted eigenfunction with the one resolution
   oracle: the Chebyshev coefficients of Psi (relative to the global vscale of
   Psi) and those of sqrt(p_max) Psi', the energy density, relative to its
   global vscale (p = (1 - mu^2) D); unresolved pieces get the degree
   predicted from their coefficient decay, or are split geometrically toward
   the nearest model feature when that degree exceeds MAX_DEGREE (mesh.py);
4. once every piece is resolved, raise all degrees by an eighth and solve
   again; converged when the wanted eigenvalues moved by <= tol (relative,
   or the rounding floor) and the energy-norm flux residual r of every pair
   satisfies r**2 <= tol.

Never returns an unconverged result silently: ``converged`` is False, the
message says why, and a NotConvergedWarning is issued (or ConvergenceError
raised with ``on_failure="raise"``).

Threads: the matrices are small (a few hundred unknowns), and multi-threaded
OpenBLAS costs more in synchronisation than it gains, so eigs limits the BLAS
to one thread for the duration of the solve (threadpoolctl; ``blas_threads``).

The public API of this module is :func:`pitcheig.eigs`; the rest serves it and the other
solvers built on the same loop (propagation.py, sweep.py, crosscheck.py).
"""

from __future__ import annotations

import contextlib
import functools
import time
from typing import Any, Callable, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray
from numpy.polynomial import chebyshev
from threadpoolctl import ThreadpoolController

from .chebtech import chebpts2, piecewise_chebfun, resolved
from .coefficient import resolve_coefficient, splittable, unresolved_message
from .collocation import CollocationDiscretisation
from .eigensolve import TooFewEigenvalues
from .galerkin import GalerkinDiscretisation
from .nodal import NodalDiscretisation
from .residual import flux_residual
from .mesh import INITIAL_DEGREE, MAX_DEGREE, Mesh
from .models import CoefficientModel, RealLike
from .problem import Problem, check_u_validated
from .progress import ProgressCallback
from .result import Diagnostics, Eigenpair, EigenResult, relative_drift, report_failure
from .errors import ParameterError
from .validation import check_choice, check_int, check_real

__all__ = ["eigs"]

TOL_RANGE = (1e-14, 1e-4)
#: Default eigenvalue tolerance (relative).
TOL = 1e-12
#: The constant C of the rounding floor C sqrt(N) eps max(theta_scale / |theta|, 1)
#: of an eigenvalue (eigensolve.rounding_level; each discretisation's ``rounding_floor``).  C = 30 is
#: empirical: with C = 10 the largest ratio of true error to this floor over the
#: 560 reference values of tests/reference/peak_shooting.json was 1.05 (Galerkin).
ROUNDING_C = 30.0


#: The relative flux residual r of every pair (residual.py) must satisfy
#: r**2 <= RESIDUAL_FACTOR * tol, for either method.  It is a screen, not the
#: certificate (that is the drift between refinements of resolved pairs): for
#: Galerkin the eigenvalue error is of the order of r**2; for collocation r is
#: of the order of the eigenfunction's defect between the points; over the
#: reference grid at convergence r <= 3e-12 and r was 1.1 to 310 times the true
#: eigenvalue error (median 11, errors at the rounding level), so a pair far above
#: the bound is unresolved or spurious.
RESIDUAL_FACTOR = 1.0


class Method:
    """One discretisation behind the adaptive loop: its name, its class (the
    interface of GalerkinDiscretisation: solve, psi_chebyshev, dpsi_chebyshev,
    p_max, residual_nodes, rounding_floor) and its default eigenfunction
    resolution tolerance."""

    def __init__(self, name, discretisation, function_tol):
        self.name, self.discretisation, self.function_tol = name, discretisation, function_tol


#: The discretisations, each with its default function_tol.  It is 1e-12 for all
#: three (issue 15: eigenfunctions to 12 digits by default).  Galerkin's eigenvalue
#: error is of the order of the square of the energy error of Psi, so its
#: eigenvalues would need only 1e-8 (the default before issue 15); collocation is
#: not variational (error of the order of that of Psi itself), and the nodal
#: (lumped GLL Galerkin) method of the half-range problem adds the lumping error
#: of the weight, which is not squared, so they need 1e-12 for their eigenvalues.
METHODS = {
    "galerkin": Method("galerkin", GalerkinDiscretisation, 1e-12),
    "collocation": Method("collocation", CollocationDiscretisation, 1e-12),
    "nodal": Method("nodal", NodalDiscretisation, 1e-12),
}
#: Eigenfunction resolution tolerance of the Galerkin method (the default of eigs).
FUNCTION_TOL = METHODS["galerkin"].function_tol
#: Accepted budgets: unknowns of one discrete problem, discrete solves, seconds.
MAX_DOFS_RANGE = (1, 50000)
#: Default budgets of eigs: unknowns of one discrete problem, discrete solves.
MAX_DOFS, MAX_SOLVES = 6000, 16
MAX_SOLVES_RANGE = (1, 1000)
MAX_SECONDS_RANGE = (1e-3, 1e7)
#: Accepted significant digits of an arbitrary-precision solve (method "galerkin" or "shoot").
DIGITS_RANGE = (17, 60)


class Budget:
    """What one adaptive solve may spend: unknowns per discrete problem, discrete
    solves, and wall-clock seconds (None: unlimited).  Checked before every step,
    including each piece of the resolution of D, so it bounds all the work except
    a single eigen-solve or evaluation of D in progress."""

    def __init__(self, max_dofs, max_solves, max_seconds):
        self.max_dofs, self.max_solves, self.max_seconds = max_dofs, max_solves, max_seconds
        self.deadline = None if max_seconds is None else time.perf_counter() + max_seconds

    def exhausted(self, mesh=None, solves=0):
        """Why the next step may not be taken, or None."""
        if solves >= self.max_solves:
            return f"solve budget of {self.max_solves} solves exhausted"
        if mesh is not None and mesh.dofs > self.max_dofs:
            return f"unknowns would exceed max_dofs={self.max_dofs} (next mesh has {mesh.dofs})"
        if self.deadline is not None and time.perf_counter() > self.deadline:
            return f"time budget of max_seconds={self.max_seconds:g} s exhausted"
        return None


def judge_pieces(disc, pairs, tol):
    """Target degree of every piece for the wanted eigenfunctions to be resolved.

    As Chebfun's eigs does, resolution is judged on a combination of the wanted
    eigenfunctions: here the sum of the magnitudes of their Chebyshev
    coefficients, each scaled by its own vscale (so no cancellation can hide a
    tail), tested against tol * (number of functions).  Two sequences per piece,
    from the discretisation's Chebyshev data: Psi, and sqrt(p_max) Psi' (the
    energy density).

    Returns (targets, worst tail): targets[e] is None when piece e is resolved,
    else the degree predicted from the decay of its worst sequence (0 when
    nothing decays: split).
    """
    psi, dpsi = disc.chebyshev_data(pairs)
    energy = [np.sqrt(disc.p_max(e)) * coeffs for e, coeffs in enumerate(dpsi)]
    targets, worst = [], 0.0
    for family in (psi, energy):
        vscale = family_vscale(family)
        nfun = vscale.size
        for e, coeffs in enumerate(family):
            res = resolved(np.sum(np.abs(coeffs) / vscale, axis=1), float(nfun), tol)
            worst = max(worst, res.tail)
            if len(targets) <= e:
                targets.append(None)
            if not res.happy:
                need, have = res.needed or 0, targets[e]
                targets[e] = 0 if need == 0 or have == 0 else max(need, have or 0)
    return targets, worst


def family_vscale(family):
    """max |f| over all pieces and their chebpts2 of every column (one function per column)
    of the Chebyshev series in ``family`` (one array per piece), pieces of one length at once."""
    by_length = {}
    for coeffs in family:
        by_length.setdefault(coeffs.shape[0], []).append(coeffs)
    return np.max([np.max(np.abs(np.matmul(chebyshev_values_matrix(n)[None], np.stack(group))), axis=(0, 1))
                   for n, group in by_length.items()], axis=0)


@functools.lru_cache(maxsize=512)
def chebyshev_values_matrix(n):
    """The n x n matrix from Chebyshev coefficients to values at the n points chebpts2(n)."""
    v = chebyshev.chebvander(chebpts2(n), n - 1)
    v.flags.writeable = False
    return v


def build_eigenfunction(disc, pairs, j):
    """Psi of pair j as a piecewise chebpy Chebfun (exact: Psi is a polynomial on each piece)."""
    edges = [f.left for f in disc.pieces] + [disc.pieces[-1].right]
    return piecewise_chebfun([disc.psi_chebyshev(pairs, e)[:, j] for e in range(len(disc.pieces))], edges)


def eigs(model: CoefficientModel | Callable[[NDArray[np.float64]], ArrayLike], u: RealLike = 0.0, k: int = 2,
         tol: float = TOL, function_tol: float | None = None, max_dofs: int | None = None,
         max_solves: int | None = None, on_failure: str = "warn", layout: str | None = None,
         blas_threads: int | None = 1, max_seconds: float | None = None, method: str = "galerkin",
         digits: int | None = None, progress: ProgressCallback = None) -> EigenResult:
    r"""Eigenpairs lambda_{+1..+k} and lambda_{-1..-k} of eq. (15), computed adaptively and certified.

    Solves eq. (15) of Malkov, Diamond, Drury & Sagdeev (2010),

    .. math::

        \frac{d}{d\mu}\Big[(1 - \mu^2)\, D(\mu)\, \frac{d\Psi}{d\mu}\Big]
        + \lambda\, (u + \mu)\, \Psi = 0, \qquad -1 < \mu < 1,

    with :math:`\Psi` bounded at both ends.  The ends :math:`\mu = \pm 1` are
    regular singular points with indicial roots 0, 0; "bounded" selects the
    analytic Frobenius solution and rejects the log-singular one.  Every method
    imposes this itself (Galerkin and nodal: naturally, the singular solution
    having infinite energy; collocation: the sympy-derived Frobenius end rows;
    shooting: a Frobenius start), so there is nothing to set at the ends.
    Where D itself peaks at an end is the model's business: ``Peak(eps, a,
    ends="+1")`` puts the peak of eqs. (24)-(26) at mu = +1 only, ``"both"``
    (the default) at both.

    The mesh is refined (h and p, graded toward the model's features) until the
    tests of "How accuracy is judged" (README) pass:

    1. D is resolved on every piece (Chebyshev coefficients, standardChop-style);
    2. every wanted eigenfunction is resolved on every piece: the Chebyshev
       coefficients of Psi and of the energy density fall below ``function_tol``;
    3. the eigenvalues stopped drifting: after every piece is resolved, all degrees
       are raised by an eighth and the problem solved again, and every wanted
       eigenvalue must move by at most ``tol`` relative (or the rounding floor
       30 sqrt(N) eps_mach max(Theta/abs(theta), 1) of the solve);
    4. the relative energy-norm flux residual r of every pair satisfies r^2 <= tol;
    5. (collocation) no wanted eigenvalue has a relative imaginary part above 1e-8.

    ``converged=True`` promises exactly that; each pair's ``error_estimate``
    (absolute) is then the drift, floored at the rounding level, plus abs(lambda)
    times the model's own relative accuracy.  It is an a-posteriori estimate, not
    a proven bound: on the 560 reference eigenvalues of
    tests/reference/peak_shooting.json (eps from 1e-1 to 1e-8, a from 1 to 1e-8,
    u in {0, 0.01}, both end settings) every estimate covered the true error, the
    largest relative error being about 1e-13.  A result that is not certified is
    never returned silently: ``converged`` is False, ``message`` says why, and a
    :class:`~pitcheig.errors.NotConvergedWarning` is issued (or a
    :class:`~pitcheig.errors.ConvergenceError` raised, ``on_failure="raise"``).

    Labels: :math:`\lambda_{+1} < \lambda_{+2} < \dots` are the positive
    eigenvalues, :math:`\lambda_{-1} > \lambda_{-2} > \dots` the negative ones.
    lambda = 0 (Psi constant) is never returned; at u = 0 its Jordan partner (the
    diffusive mode) is not mistaken for an eigenvalue.  For u != 0 the advective
    eigenvalue (sign opposite to u; -6u for D = 1 and small u, growing like
    2/(1 - abs(u))^2 as abs(u) -> 1) is returned among the others: it is
    lambda_{-1} for u > 0 and lambda_{+1} for u < 0.

    Parameters
    ----------
    model : CoefficientModel or callable
        D(mu) > 0, normalised to nu_theta (eq. 11): a model of
        :mod:`pitcheig.models` (:class:`~pitcheig.models.Flat`,
        :class:`~pitcheig.models.Peak`, :class:`~pitcheig.models.Physical`,
        :class:`~pitcheig.models.FirstPrinciples`,
        :class:`~pitcheig.models.UserModel`), or a plain vectorised callable,
        which becomes a UserModel without breakpoints.
    u : float, str, int, Fraction or Decimal, default 0.0
        Flow speed of the scattering centres in units of c: 0 or
        1e-300 <= abs(u) < 1 (abs(u) <= 0.5 with ``digits`` or method "shoot").
        Kept exactly (a str "0.1" is 1/10), which matters only with ``digits``.
        As abs(u) -> 1 the eigenvalues of sign -sign(u) grow like
        2/(1 - abs(u))^2 and lose relative accuracy (:mod:`pitcheig.problem`);
        tested to abs(u) = 0.999.  Those layer modes (lambda < 0 for u > 0) are
        computed without that loss, for any u < 1, in the layer coordinate by
        :func:`pitcheig.layer.layer_modes`.
    k : int, default 2
        Number of eigenvalues wanted on each side, in [1, 50]: the result has
        the 2k pairs labelled +1..+k and -1..-k.
    tol : float, default 1e-12
        Target relative accuracy of the eigenvalues, in [1e-14, 1e-4]: the
        largest accepted relative drift between the last two refinements, and
        r^2 <= tol for the flux residual.  With ``digits`` the target is
        10**-digits instead.
    function_tol : float or None, default None
        Resolution tolerance of the eigenfunctions: on every piece the Chebyshev
        coefficients of Psi and of the flux must fall below function_tol times
        their vscale, in [1e-14, 1e-4].  None: the method's default, 1e-12
        (eigenfunctions to 12 digits; Galerkin's eigenvalues alone would need
        only about sqrt(tol), as its eigenvalue error is of the order of the
        square of the energy error of Psi), or the model's relative accuracy
        when that is larger (a D known only to ~1e-6, FirstPrinciples).
    max_dofs : int or None, default None
        Budget of unknowns of one discrete problem, in [1, 50000] (None: 6000).
        Splitting pieces to resolve D counts against it too.
    max_solves : int or None, default None
        Budget of discrete solves, in [1, 1000] (None: 16).  Exhausting either
        budget returns an unconverged result.  (With method="shoot", which has no
        mesh, max_dofs, max_solves, function_tol and layout must be left at
        None: a setting that would be ignored is refused.)
    on_failure : {"warn", "raise"}, default "warn"
        What to do when the result cannot be certified: "warn" returns it with
        ``converged=False`` and issues a NotConvergedWarning; "raise" raises a
        ConvergenceError whose ``result`` attribute carries it.
    layout : {"graded", "global"} or None, default None
        "graded" (also None): the model-graded piecewise mesh of mesh.py.
        "global": one Chebyshev interval [-1, 1], p-refinement only (for
        convergence comparisons; D's kinks then cost algebraic convergence).
    blas_threads : int or None, default 1
        BLAS threads used inside the solve, in [1, 256] (restored afterwards).
        The matrices have a few hundred rows, where a second OpenBLAS thread
        costs more in synchronisation than it gains (measured 3x slower on 2
        cores, studies/bench_solve.py); None leaves the thread pools alone.
    max_seconds : float or None, default None
        Wall-clock budget in [1e-3, 1e7] s (None: no limit), checked before
        every step (each piece of the resolution of D, each solve).
    method : {"galerkin", "collocation", "nodal", "shoot"}, default "galerkin"
        The discretisation (README, "Methods"): "galerkin", the left-definite
        Legendre-Galerkin method (every computed lambda real, abs(lambda_h)
        decreasing monotonically under refinement); "collocation", Chebyshev
        collocation of the integrated first-order system with the sympy-derived
        Frobenius end rows (collocation.py); "nodal", the lumped Gauss-Lobatto
        Galerkin method of the half-range solver (nodal.py); all three run the
        same adaptive loop.  "shoot": the Frobenius-series shooting solver
        (shoot.py; flat, peak and physical models, eigenvalues only, ``digits``
        for arbitrary precision).  Comparing two methods on one problem is the
        way to doubt a result (:func:`pitcheig.crosscheck.cross_check`).
    digits : int or None, default None
        Significant digits of an arbitrary-precision solve, in [17, 60], with
        method="galerkin" (precision.py: the adaptive double-precision mesh, then
        Newton on the discrete system in ball arithmetic on two or more richer
        meshes; error estimate from their drift; eigenfunctions are the
        double-precision ones; flat, peak and physical models) or "shoot"
        (eigenvalues only, slower).  The eigenvalues are then mpmath numbers.
        The collocation and nodal methods work in double precision only.
    progress : callable or None, default None
        Called with one-line messages during the long solves, ``digits`` or
        method "shoot" (each refinement level and eigenvalue); the double-precision
        adaptive loop, milliseconds long, reports nothing.  The CLI passes
        :func:`pitcheig.progress.terminal_progress` (stderr, on a terminal only).

    Returns
    -------
    EigenResult
        The pairs (``result[+1]``, ``result.eigenvalue(-2)``,
        ``result.eigenfunction(+1)``, a piecewise chebpy Chebfun normalised so
        that abs(int (u + mu) Psi^2 dmu) = 1 and Psi > 0 at mu = sign(lambda)),
        ``converged``, ``message`` and ``diagnostics`` (mesh, degrees, history,
        seconds).  When not even one eigen-solve was possible (a budget too
        small), ``pairs`` is empty.

    Raises
    ------
    ParameterError
        Any argument outside its range (the message names it and the range),
        a setting the chosen method would ignore, or a user D that is not a
        real, finite, positive, vectorised callable.  Raised before any work
        (a user D: when it is first sampled).
    ConvergenceError
        Only with ``on_failure="raise"``, when the result is not certified.

    See Also
    --------
    pitcheig.models : the coefficient models.
    pitcheig.crosscheck.cross_check : two methods on one problem, and the verdict.
    pitcheig.propagation.propagate : the half-range problem (eqs. 12-16).

    Notes
    -----
    A typical solve takes 10-100 ms (the peak model at eps = 1e-3, a = 1e-4:
    about 500 unknowns on 11 pieces).  Chebfun's ``eigs`` is the model of the
    loop; unlike it, eigenvalue drift and the residual are checked, not only
    the resolution of the eigenfunctions.

    Examples
    --------
    The peak model of eqs. (24)-(26) at eps = 1e-3, a = 1e-4 (each value
    printed to the digits its error estimate supports):

    >>> from pitcheig import Flat, Peak, eigs
    >>> result = eigs(Peak(eps=1e-3, a=1e-4), k=2)
    >>> result.converged, result.labels
    (True, [1, -1, 2, -2])
    >>> for pair in result.pairs:
    ...     print(f"{pair.label:+d} {pair.lam:13.8f}  {pair.error_estimate < 1e-10}")
    +1   14.55265126  True
    -1  -14.55265126  True
    +2   42.35191921  True
    -2  -42.35191921  True

    A peak at mu = +1 only breaks the symmetry of the spectrum:

    >>> one = eigs(Peak(eps=1e-3, a=1e-4, ends="+1"), k=1)
    >>> print(f"{one.eigenvalue(+1):.9f} {one.eigenvalue(-1):.9f}")
    14.552647237 -14.528007432

    A flow u = 0.01 adds the advective eigenvalue, about -6u for D = 1:

    >>> print(f"{eigs(Flat(), u=0.01, k=1).eigenvalue(-1):.6f}")
    -0.060013

    Another method for the same problem, and 20 digits in arbitrary precision:

    >>> print(f"{eigs(Flat(), k=1, method='collocation').eigenvalue(+1):.9f}")
    14.528003409
    >>> exact = eigs(Flat(), k=1, digits=20)
    >>> exact.format_lambda(exact.eigenvalue(+1))
    '14.528003409361438089'

    A result that cannot be certified (here: a budget of one solve) warns, or
    raises on request:

    >>> from pitcheig import ConvergenceError
    >>> try:
    ...     eigs(Flat(), k=1, max_solves=1, on_failure="raise")
    ... except ConvergenceError as exc:
    ...     print(exc.result.converged, "|", exc.result.message)
    False | solve budget of 1 solves exhausted
    """
    check_choice("method", method, (*METHODS, "shoot"))
    if method == "shoot":
        unused = [name for name, value in (("function_tol", function_tol), ("max_dofs", max_dofs),
                                           ("max_solves", max_solves), ("layout", layout)) if value is not None]
        if unused:
            raise ParameterError(f"{unused[0]} is not used by method 'shoot' (it has no mesh); leave it unset")
        from .shoot import solve
        # shoot checks the model itself: a plain callable becomes a UserModel there, which it refuses
        return solve(cast(Any, model), u=u, k=k, digits=digits, tol=tol, on_failure=on_failure,
                     max_seconds=max_seconds, progress=progress)
    if digits is not None and method != "galerkin":
        raise ParameterError(f"digits needs method='galerkin' or 'shoot' ({method} works in double precision)")
    problem = Problem(model, u)
    k = check_int("k", k, 1, 50)
    tol = check_real("tol", tol, *TOL_RANGE)
    chosen = METHODS[method]
    function_tol = check_real("function_tol", default_function_tol(chosen, problem.model)
                              if function_tol is None else function_tol, *TOL_RANGE)
    budget = Budget(check_int("max_dofs", MAX_DOFS if max_dofs is None else max_dofs, *MAX_DOFS_RANGE),
                    check_int("max_solves", MAX_SOLVES if max_solves is None else max_solves, *MAX_SOLVES_RANGE),
                    None if max_seconds is None else check_real("max_seconds", max_seconds, *MAX_SECONDS_RANGE))
    check_choice("on_failure", on_failure, ("warn", "raise"))
    layout = "graded" if layout is None else layout
    check_choice("layout", layout, ("graded", "global"))
    if blas_threads is not None:
        check_int("blas_threads", blas_threads, 1, 256)
    if digits is not None:
        from .precision import check_model
        digits = check_int("digits", digits, *DIGITS_RANGE)
        check_model(problem.model)
        check_u_validated(problem.u, "digits (arbitrary precision)")
    start = time.perf_counter()
    with _blas_limit(blas_threads):
        state = _adapt(problem, chosen, k, tol, function_tol, budget, layout)
        if digits is not None:
            from .precision import eigs_digits
            result = eigs_digits(problem, state, k, digits, function_tol, start, budget, progress=progress)
            return result if result.converged else report_failure(result, 10.0 ** -digits, on_failure)
    return _finish(problem, chosen, state, tol, time.perf_counter() - start, on_failure)


def default_function_tol(method, model):
    """The method's function_tol (1e-12), or the model's relative accuracy when D itself is
    known only to that (FirstPrinciples: ~1e-6): resolving Psi far below the error that
    D's own error puts into it would cost unknowns and tell nothing."""
    return max(method.function_tol, min(float(model.accuracy), TOL_RANGE[1]))


def _blas_limit(threads):
    """Context that limits the BLAS thread pools (threadpoolctl), or does nothing."""
    if threads is None:
        return contextlib.nullcontext()
    return _threadpools().limit(limits=threads, user_api="blas")


@functools.lru_cache(maxsize=1)
def _threadpools():
    """The process's thread pools, found once: scanning the loaded libraries costs
    about 1.6 ms, 8 % of a typical solve (measured with studies/bench_sweep.py)."""
    return ThreadpoolController()


def _adapt(problem, method, k, tol, function_tol, budget, layout="graded"):
    """The refinement loop, for any discretisation ``method`` (a Method); returns the
    last discretisation, pairs and history."""
    model, u = problem.model, problem.u
    if layout == "global":
        mesh, max_degree = Mesh(np.array([-1.0, 1.0]), np.array([INITIAL_DEGREE])), budget.max_dofs - 1
    else:
        mesh, max_degree = Mesh.initial(problem), MAX_DEGREE     # the model's features and the layer at -u
    d_cache, history = {}, []
    previous, disc, pairs, drift, d_problem, d_lengths, start = None, None, None, None, None, [], None
    splitting_for_d = None
    while True:
        status = budget.exhausted(mesh, len(history)) or resolve_coefficient_on(model, mesh, d_cache, budget)
        if status:
            if splitting_for_d:
                status += (f", with D still unresolved near mu = {splitting_for_d:.12g}: a jump or kink that no "
                           "breakpoint marks, or D's own rounding noise (e.g. a D computed from mu alone "
                           "within ~1e-6 of mu = +-1)")
            break
        d_info = [d_cache[interval] for interval in mesh.intervals()]
        bad = [e for e, (happy, _) in enumerate(d_info) if not happy]
        split = [e for e in bad if layout == "graded" and splittable(*mesh.intervals()[e])]
        if split:
            splitting_for_d = float(np.mean(mesh.intervals()[split[0]]))
            mesh = mesh.split(split)
            continue
        splitting_for_d = None
        if bad:
            # D cannot be resolved: solve anyway, but the result is not certified
            d_problem = unresolved_message(model, *mesh.intervals()[bad[0]], pieces=len(bad),
                                           global_interval=layout == "global")
        d_lengths = [n for _, n in d_info]
        disc = method.discretisation(model, u, mesh, d_lengths)
        try:
            pairs = disc.solve(k, start=start)
        except TooFewEigenvalues:
            # too few unknowns for k pairs of each sign (large k): double the degrees
            history.append({"dofs": mesh.dofs, "pieces": mesh.pieces, "note": f"fewer than k={k} per sign"})
            disc, pairs, mesh = None, None, mesh.refine([min(2 * n, max_degree + 1) for n in mesh.degrees],
                                                       max_degree)
            continue
        targets, tail = judge_pieces(disc, pairs, function_tol)
        unresolved = np.asarray([t is not None for t in targets])
        drift = relative_drift(pairs.lam, previous)
        floor = ROUNDING_C * disc.rounding_floor(pairs)
        history.append({"dofs": mesh.dofs, "pieces": mesh.pieces,
                        "lambda": {lab: float(x) for lab, x in zip(pairs.labels, pairs.lam)},
                        "max_drift": float(np.max(drift)), "max_tail": tail,
                        "resolved": not unresolved.any()})
        if not unresolved.any() and np.all(drift <= np.maximum(tol, floor)):
            status = d_problem
            break
        previous, start = pairs.lam, (disc, pairs)
        refined = mesh.enrich() if not unresolved.any() else mesh.refine(targets, max_degree)
        if refined.pieces == mesh.pieces and np.array_equal(refined.degrees, mesh.degrees):
            status = (f"the eigenfunctions are not resolved and the mesh cannot be refined further "
                      f"(degree limit {max_degree} of one interval, from max_dofs)")
            break
        mesh = refined
    return {"disc": disc, "pairs": pairs, "drift": drift, "history": history, "mesh": mesh,
            "status": status, "d_lengths": d_lengths if disc else [], "d_cache": d_cache}


def adaptive_mesh(problem, method="galerkin", k=2, tol=TOL, budget=None):
    """The shared adaptive step for a solver built on one of the discretisations
    (the half-range problem, propagation.py): the loop of :func:`eigs` for the k
    wanted pairs of ``method``, returning (mesh, d_cache, status): the mesh on which
    they were resolved, the resolution of D on its pieces (interval -> (happy,
    length), reusable by :func:`resolve_coefficient_on` for pieces cut later), and
    why they are not certified (None when they are)."""
    chosen = METHODS[method]
    budget = budget or Budget(MAX_DOFS, MAX_SOLVES, None)
    state = _adapt(problem, chosen, k, tol, default_function_tol(chosen, problem.model), budget)
    mesh = state["disc"].mesh if state["disc"] is not None else state["mesh"]
    return mesh, state["d_cache"], state["status"]


def resolve_coefficient_on(model, mesh, cache, budget):
    """Resolve D on every piece of ``mesh`` not yet in ``cache`` (interval -> (happy,
    length)); returns the budget's reason to stop, or None when all are done."""
    for interval in mesh.intervals():
        if interval not in cache:
            stop = budget.exhausted()
            if stop:
                return stop + " while resolving D"
            cache[interval] = resolve_coefficient(model, *interval)
    return None


def _finish(problem, method, state, tol, seconds, on_failure):
    disc, pairs = state["disc"], state["pairs"]
    if pairs is None:
        mesh = state["mesh"]
        message = f"no eigen-solve was possible: {state['status']}"
        diagnostics = Diagnostics(breakpoints=list(mesh.breakpoints), degrees=list(mesh.degrees), d_lengths=[],
                                  dofs=mesh.dofs, history=state["history"], seconds=seconds)
        result = EigenResult(problem=problem.parameters(), pairs=[], converged=False, message=message,
                             diagnostics=diagnostics, method=method.name)
        return report_failure(result, tol, on_failure)
    drift = state["drift"]
    d_lengths = state["d_lengths"]
    floor = ROUNDING_C * disc.rounding_floor(pairs)
    residuals = flux_residual(disc, pairs)
    worst_residual = float(np.max(residuals))
    model_accuracy = float(problem.model.accuracy)
    out = []
    for j, label in enumerate(pairs.labels):
        lam, res = float(pairs.lam[j]), float(residuals[j])
        estimate = abs(lam) * (max(float(drift[j]), float(floor[j])) + model_accuracy)
        out.append(Eigenpair(label=label, lam=lam, error_estimate=estimate, residual=res,
                             _build=lambda j=j: build_eigenfunction(disc, pairs, j)))
    out.sort(key=lambda p: (abs(p.label), -p.label))
    status = state["status"] or pairs.defect
    residual_bound = np.sqrt(RESIDUAL_FACTOR * tol)
    if status is None and worst_residual > residual_bound:
        status = f"flux residual {worst_residual:.1e} above sqrt(tol) = {residual_bound:.1e}"
    converged = status is None
    message = (f"eigenvalues agree to {tol:.0e} between the last two refinements; "
               f"max residual {worst_residual:.1e}") if converged else status
    above = float(np.max(floor))
    if converged and above > tol:
        message += (f"; some error estimates are set by a rounding floor above tol (up to {above:.0e} "
                    "relative: the first-order rounding bound of the solve, e.g. the rank-one term of a small u)")
    if model_accuracy > 0:
        message += (f"; error estimates include the model's relative accuracy {model_accuracy:.1e} "
                    "(D known only to that)")
    diagnostics = Diagnostics(breakpoints=list(disc.mesh.breakpoints), degrees=list(disc.mesh.degrees),
                              d_lengths=list(d_lengths), dofs=disc.mesh.dofs,
                              history=state["history"], seconds=seconds)
    result = EigenResult(problem=problem.parameters(), pairs=out, converged=converged,
                         message=message, diagnostics=diagnostics, method=method.name)
    return result if converged else report_failure(result, tol, on_failure)
