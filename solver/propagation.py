"""The half-range transport problem of eqs. (12)-(16): a source at z = 0, the
distribution relaxing along the flux tube z > 0.

    (u + mu) df/dz = d/dmu [(1 - mu^2) D(mu) df/dmu],   z >= 0,            (12)
    f(0, mu) = f0(mu) where u + mu > 0,  f bounded as z -> infinity,
    f(z, mu) = f_inf + sum_{lambda > 0} C_lambda Psi_lambda(mu) e^{-lambda z}.  (13)-(14)

Only the incoming half of f(0, mu) is data: the outgoing half (particles that
come back to the source) is part of the solution, which is why eq. (16) cannot
be used as it stands (it needs phi on the whole range) and the C_lambda are
instead fixed by the half-range condition (Fisch & Kruskal 1980; Kirk &
Schneider 1987).

Discrete route.  On the nodal discretisation of nodal.py the semi-discrete
system W df/dz = -E f is solved exactly: its bounded solutions are the
constant plus the eigenvectors with lambda > 0 (eigensolve.full_spectrum, with
lambda = 0 and its Jordan partner deflated exactly), and the half-range
condition is a square linear system on the nodes with W_i > 0.  It is square
because of Sylvester's law of inertia: E v = lambda W v has as many positive
eigenvalues as W has positive entries, less one for u > 0 (the constant takes
it) and the same for u = 0 (the Jordan partner takes one of each sign); for
u < 0 the small advective eigenvalue is positive and f_inf (what the flow
brings from z = infinity) must be given.

Mesh and convergence.  The pieces are those on which the shared adaptive step
(adaptivity.adaptive_mesh, with the Galerkin discretisation) resolved the
first eigenpairs (model features, peak layers), plus a geometric grading
toward mu = -u from both sides, where f(0, mu) jumps (data on one side,
solution on the other) and the modes of large lambda turn.  Every quantity is
recomputed on p-refined levels (level_degrees: at least DEGREES[level], and
the eigen-solver's degree plus 8 per level) until f_inf, lambda_1,
C_1 Psi_1(1) and f(z, mu) at CHECK_Z agree to tol between two levels; the
difference is the error estimate carried by every result.  Measured at
eps = 2.1e-3, a from eq. (11) (studies/beam_formation.py): from one uniform
degree 3 to 21 on these pieces (46 to 316 nodes) the error of f(0.01, mu)
falls from 4e-2 to 2e-11, exponentially; against an independent
finite-volume code (tests/reference/halfrange_reference.json) f_inf, f and
C_1 Psi_1 agree to 1e-10 .. 5e-12, the reference's own accuracy.  What does
not converge fast is f(z, mu) for z -> 0 within ~1e-3 of mu = -u (the corner
singularity): f_error and f_converged report it.

Flux.  int (u + mu) f dmu = 2 u f_inf for every z: each mode is B-orthogonal to
the constant, exactly so in the lumped rule, which is exact for the
interpolant (nodal.py); Propagation.flux integrates the interpolant by Gauss
quadrature independently of that rule.

Results as functions.  ``Propagation.distribution(z)`` returns f(z, .) and
``Propagation.mode(j)`` the half-range mode Psi_j as chebpy Chebfuns, piecewise
polynomials on the mesh's pieces, exactly the nodal solution's interpolant (like
``EigenResult.eigenfunction``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import linalg

from .adaptivity import MAX_DOFS_RANGE, MAX_SOLVES_RANGE, Budget, adaptive_mesh, resolve_coefficient_on
from .coefficient import unresolved_message
from .errors import ConvergenceError, NotConvergedWarning, ParameterError
from .mesh import Mesh
from .nodal import NodalDiscretisation
from .problem import Problem, check_u_validated
from .progress import ProgressCallback
from .eigensolve import full_spectrum
from .validation import check_choice, check_int, check_real, check_user_values

__all__ = ["propagate", "Propagation", "HalfRangeSolution", "Source", "isotropic_forward", "beam_source",
           "tabulated_source", "read_source_csv", "DEGREES", "CHECK_Z", "TOL_RANGE"]

#: Least GLL degree of each refinement level (all degrees are made odd, so the
#: piece centred on mu = -u has no node there: W_i = 0 would be a node with no
#: direction of propagation).
DEGREES = (13, 17, 25, 33, 49, 65)
#: Geometric grading toward mu = -u: smallest half-width and ratio.
TURNING_FIRST, TURNING_RATIO = 1e-3, 4.0
#: Distances at which convergence is judged (besides f_inf and C_1 Psi_1).
CHECK_Z = (0.01, 0.1, 1.0)
TOL_RANGE = (1e-12, 1e-2)
#: Largest |f0| accepted: f, its modes and the flux are sums of products with f0,
#: which must not overflow (f is linear in f0, so any source can be rescaled).
SOURCE_MAX = 1e150


# --- sources ----------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """The incoming distribution f0(mu) at z = 0 of eq. (12) (only u + mu > 0 is used).

    Parameters
    ----------
    name : str
        A label, reported in results and JSON.
    function : callable
        f0(mu), vectorised over a float array mu; it must return finite numbers.
    parameters : dict, optional
        Parameters of the source, reported with its name (default none).

    Raises
    ------
    ParameterError
        When called, if ``function`` raises or returns non-finite or ill-shaped values.

    Examples
    --------
    >>> from pitcheig.propagation import Source
    >>> f0 = Source("linear", lambda mu: 1.0 + 0.5 * mu)
    >>> f0([0.0, 1.0]).tolist()
    [1.0, 1.5]
    """

    name: str
    function: Callable[[NDArray[np.float64]], ArrayLike] = field(repr=False)
    parameters: dict[str, Any] = field(default_factory=dict)

    def __call__(self, mu: ArrayLike) -> NDArray[np.float64]:
        """f0 at the points ``mu`` (an array of floats, validated)."""
        mu = np.asarray(mu, dtype=float)
        try:
            with np.errstate(all="ignore"):
                values = self.function(mu)
        except ParameterError:
            raise
        except Exception as exc:     # noqa: BLE001 - any failure of user code is bad input
            raise ParameterError(f"source: f0 {self.name!r} raised {type(exc).__name__}: {exc}") from None
        return check_user_values(f"source: f0 {self.name!r}", values, mu)


def isotropic_forward() -> Source:
    """The source f0 = 1 + mu: isotropic plus a forward dipole.

    The source creates the anisotropy (the paper's phi(mu > 0) > phi(mu < 0),
    section 4).  A constant alone is no test: f = const solves eq. (12) and nothing
    relaxes.

    Returns
    -------
    Source

    Examples
    --------
    >>> from pitcheig.propagation import isotropic_forward
    >>> isotropic_forward()([0.0, 1.0]).tolist()
    [1.0, 2.0]
    """
    return Source("isotropic-forward", lambda mu: 1.0 + mu)


def beam_source(width: float = 0.02) -> Source:
    """The source f0 = exp(-(1 - mu)/width): a beam collimated within ~width of mu = 1.

    Parameters
    ----------
    width : float, optional
        The beam's width in mu, in [1e-6, 10] (default 0.02).

    Returns
    -------
    Source

    Raises
    ------
    ParameterError
        If ``width`` is outside its range or not a number.

    Examples
    --------
    >>> from pitcheig.propagation import beam_source
    >>> f0 = beam_source(0.1)
    >>> round(float(f0([0.9])[0]), 6)      # exp(-1)
    0.367879
    """
    width = check_real("beam_width", width, 1e-6, 10.0)
    return Source("beam", lambda mu: np.exp(-(1.0 - mu) / width), {"beam_width": width})


def tabulated_source(mu: ArrayLike, values: ArrayLike, name: str = "table") -> Source:
    """A source f0 from a table (mu_j, f_j), interpolated monotonically (PCHIP).

    Parameters
    ----------
    mu, values : array_like
        The table: distinct, finite mu_j (any order) and finite f_j, at least 2 rows.
        It must cover the incoming half range -u <= mu <= 1 of the solve it is used in
        (checked when the source is evaluated).
    name : str, optional
        The label of the source (default "table").

    Returns
    -------
    Source

    Raises
    ------
    ParameterError
        For a malformed table, or (when evaluated) at a mu outside the table.

    Examples
    --------
    >>> from pitcheig.propagation import tabulated_source
    >>> f0 = tabulated_source([-1.0, 0.0, 1.0], [0.0, 1.0, 3.0])
    >>> f0([0.0, 1.0]).tolist()
    [1.0, 3.0]
    """
    from scipy.interpolate import PchipInterpolator

    mu, values = np.asarray(mu, dtype=float), np.asarray(values, dtype=float)
    if mu.ndim != 1 or mu.size < 2 or values.shape != mu.shape:
        raise ParameterError("source table needs two columns mu, f with at least 2 rows")
    if not (np.all(np.isfinite(mu)) and np.all(np.isfinite(values))):
        raise ParameterError("source table: mu and f must be finite numbers")
    order = np.argsort(mu)
    mu, values = mu[order], values[order]
    if np.any(np.diff(mu) <= 0):
        raise ParameterError("source table: mu values must be distinct")
    interp = PchipInterpolator(mu, values, extrapolate=False)

    def f0(x):
        out = interp(x)
        if np.any(np.isnan(out)):
            outside = x[np.isnan(out)][0]
            raise ParameterError(f"source table covers mu in [{mu[0]:g}, {mu[-1]:g}] but the incoming half "
                                 f"range needs values from -u to 1 (outside at mu = {outside:.6g})")
        return out

    return Source(name, f0, {"table_rows": int(mu.size)})


def read_source_csv(path: str) -> Source:
    """A source f0 from a CSV file of two columns mu, f (see :func:`tabulated_source`).

    Parameters
    ----------
    path : str or path-like
        The file: two comma-separated columns, ``#`` comments and a header line allowed.

    Returns
    -------
    Source

    Raises
    ------
    ParameterError
        If the file cannot be read or is not a table of two numeric columns.

    Examples
    --------
    >>> import os, tempfile
    >>> from pitcheig.propagation import read_source_csv
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "f0.csv")
    ...     with open(path, "w") as out:
    ...         _ = out.write("mu,f\\n-1,1\\n1,2\\n")
    ...     f0 = read_source_csv(path)
    >>> f0([1.0]).tolist()
    [2.0]
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")            # an empty file: reported below
            data = np.genfromtxt(path, delimiter=",", dtype=float, comments="#")
    except OSError as exc:
        raise ParameterError(f"source: cannot read {path!r}: {exc.strerror or exc}") from None
    except ValueError as exc:                           # ragged rows, undecodable bytes
        raise ParameterError(f"source: {path!r} is not a CSV table of two columns mu, f: "
                             f"{' '.join(str(exc).split())[:200]}") from None
    data = np.atleast_2d(data)
    data = data[~np.all(np.isnan(data), axis=1)] if data.size else data
    if data.ndim != 2 or data.shape[1] != 2:
        raise ParameterError(f"source: {path!r} must have exactly two columns mu, f")
    return tabulated_source(data[:, 0], data[:, 1], name=str(path))


# --- the discrete half-range solve ------------------------------------------

@dataclass
class HalfRangeSolution:
    """The exact solution of the semi-discrete problem, eqs. (13)-(14), on one mesh.

    Built by :func:`propagate` (``Propagation.fine`` and ``.coarse``, its last two
    refinement levels), not by users.

    Parameters
    ----------
    disc : NodalDiscretisation
        The nodal (GLL) discretisation of the mesh.
    lam : ndarray
        The positive eigenvalues carried, ascending.
    modes : ndarray
        Nodal values of Psi_lambda (one column per eigenvalue), normalised as in
        ``eigs``: int (u + mu) Psi^2 dmu = 1 and Psi(1) > 0.
    coefficients : ndarray
        The half-range coefficients C_lambda of eq. (14).
    f_inf : float
        The limit of f as z -> infinity.
    condition : float
        2-norm condition number of the half-range system.
    ambiguous : int, optional
        Modes with abs(lambda) beyond the rounding level (they decay at once).

    Examples
    --------
    >>> from pitcheig import Flat
    >>> from pitcheig.propagation import isotropic_forward, propagate
    >>> fine = propagate(Flat(), isotropic_forward(), tol=1e-2, max_levels=2).fine
    >>> bool(fine.lam[0] > 0) and fine.modes.shape[1] == fine.lam.size
    True
    """

    disc: NodalDiscretisation
    lam: NDArray[np.float64]
    modes: NDArray[np.float64]
    coefficients: NDArray[np.float64]
    f_inf: float
    condition: float
    ambiguous: int = 0

    def nodal(self, z: float) -> NDArray[np.float64]:
        """Nodal values of f(z, .) = f_inf + sum C_lambda Psi_lambda e^(-lambda z), eq. (14)."""
        return self.f_inf + self.modes @ (self.coefficients * np.exp(-self.lam * z))

    def f(self, z: float, mu: ArrayLike) -> NDArray[np.float64]:
        """f(z, mu): the interpolant of the nodal solution at the points ``mu``."""
        return self.disc.interpolate(self.nodal(z), mu)

    def beam_mode(self, mu: ArrayLike) -> NDArray[np.float64]:
        """C_1 Psi_1(mu): the dominant decaying part, independent of normalisation."""
        return self.coefficients[0] * self.disc.interpolate(self.modes[:, 0], mu)

    def mode(self, j: int) -> Any:
        """Psi_j (j = 1 the slowest-decaying mode) as a chebpy Chebfun, ``eigs`` normalisation."""
        j = check_int("j", j, 1, int(self.lam.size))
        return self.disc.chebfun(self.modes[:, j - 1])

    def distribution(self, z: float) -> Any:
        """f(z, .) as a chebpy Chebfun (the interpolant of the nodal solution)."""
        return self.disc.chebfun(self.nodal(check_z(z)))


def base_mesh(problem):
    """(mesh, d_lengths, unresolved): the mesh on which the shared adaptive step
    (adaptivity.adaptive_mesh) resolved lambda_{+-1}, lambda_{+-2} with the
    Galerkin discretisation, whose energy forms the nodal one shares (model
    features, peak layers; the nodal method's own eigenvalue adaptivity, at its
    function_tol of 1e-12, refines further than this starting mesh needs:
    measured 1190 against 1008 nodes and 16 against 11 s at eps = 2.1e-3 for
    the same f within tol), plus a
    geometric grading toward mu = -u from both sides (ratio TURNING_RATIO, first
    TURNING_FIRST); a new piece inherits the degree of the piece it was cut from.
    D is resolved once: the pieces the adaptive step kept reuse its resolution,
    only the pieces cut by the grading are resolved here.  ``unresolved`` lists the
    pieces where D is not resolved even at the longest length."""
    model, u = problem.model, problem.u
    mesh0, d_cache, _ = adaptive_mesh(problem, "galerkin", k=2)     # only a starting mesh
    x0, n0 = np.asarray(mesh0.breakpoints, dtype=float), np.asarray(mesh0.degrees)
    x = [p for p in x0 if abs(p + u) > 2 * TURNING_FIRST]
    x.extend(-u + sign * d for d in _turning_distances() for sign in (-1.0, 1.0))
    x = np.unique(np.clip(np.asarray(x), -1.0, 1.0))
    # drop only coincident points: the adaptive pieces near mu = +-1 can be a few hundred ulps wide
    x = x[np.concatenate([[True], np.diff(x) > 8 * np.spacing(np.maximum(np.abs(x[1:]), 1e-300))])]
    x[0], x[-1] = -1.0, 1.0
    parent = np.clip(np.searchsorted(x0, 0.5 * (x[:-1] + x[1:])) - 1, 0, n0.size - 1)
    mesh = Mesh(x, n0[parent], tuple(model.gradings))
    resolve_coefficient_on(model, mesh, d_cache, Budget(MAX_DOFS_RANGE[1], MAX_SOLVES_RANGE[1], None))
    resolution = [d_cache[interval] for interval in mesh.intervals()]
    unresolved = [(float(lo), float(hi)) for (lo, hi), (happy, _) in zip(mesh.intervals(), resolution)
                  if not happy]
    return mesh, [length for _, length in resolution], unresolved


def _turning_distances():
    d, out = TURNING_FIRST, []
    while d < 1.0:
        out.append(d)
        d *= TURNING_RATIO
    return out


def level_degrees(base, level):
    """GLL degrees of refinement level ``level``: at least DEGREES[level] and the base
    degree plus 8 per level, made odd (see DEGREES)."""
    n = np.maximum(DEGREES[level], np.asarray(base) + 8 * level)
    return n + (1 - n % 2)


def solve_half_range(model, u, source, breakpoints, degrees, f_inf, d_lengths):
    """The discrete half-range problem on one mesh (see the module doc)."""
    disc, lam, modes, ambiguous = half_range_modes(model, u, breakpoints, degrees, d_lengths)
    f_inf, coefficients, condition = match_source(disc, modes, source, f_inf)
    return HalfRangeSolution(disc=disc, lam=lam, modes=modes, coefficients=coefficients, f_inf=f_inf,
                             condition=condition, ambiguous=ambiguous)


def half_range_modes(model, u, breakpoints, degrees, d_lengths):
    """(disc, lam, modes, ambiguous): the decaying modes of the semi-discrete problem,
    lam ascending, modes as nodal values (columns) in eigs() normalisation; d_lengths:
    D's resolved Chebyshev length on each piece (base_mesh)."""
    disc = NodalDiscretisation(model, u, Mesh(np.asarray(breakpoints, dtype=float), np.asarray(degrees)), d_lengths)
    if np.any(disc.weight == 0.0):
        raise ConvergenceError("a node sits on mu = -u (no direction of propagation); mesh construction bug")
    m0, b, _ = disc.pencil()
    theta, c, y = full_spectrum(m0, b, u)
    positive, ambiguous = _decaying(theta, disc.weight, u)
    # modes beyond the rounding level may carry a meaningless sign: they decay at once
    lam = 1.0 / np.maximum(np.abs(theta[positive][::-1]), 1e-300)
    modes = disc.nodal_values(c[positive][::-1], y[:, positive][:, ::-1])
    return disc, lam, _normalise(disc, modes), ambiguous


def match_source(disc, modes, source, f_inf=None):
    """(f_inf, C, condition): the square half-range system on the nodes with W_i > 0.

    For u >= 0 the unknowns are f_inf and the C_lambda; for u < 0, f_inf is given."""
    incoming = disc.weight > 0
    rhs = source(disc.mu[incoming])
    if not np.all(np.isfinite(rhs)):
        raise ParameterError("source f0 must be finite on the incoming half range u + mu > 0")
    if disc.u < 0:
        system, rhs = modes[incoming], rhs - f_inf
    else:
        system = np.column_stack([np.ones(np.count_nonzero(incoming)), modes[incoming]])
    if system.shape[0] != system.shape[1]:
        raise ConvergenceError(f"half-range system is {system.shape[0]} x {system.shape[1]}: the discrete "
                               "spectrum does not have the inertia of the weight")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", linalg.LinAlgWarning)   # reported as diagnostics["condition"]
        solution = linalg.solve(system, rhs)
    condition = float(np.linalg.cond(system))
    if disc.u >= 0:
        return float(solution[0]), solution[1:], condition
    return float(f_inf), solution, condition


def _decaying(theta, weight, u):
    """Which of the (ascending) theta = 1/lambda are the decaying modes, lambda > 0.

    Their number is fixed by Sylvester's law of inertia (module doc): the
    positive entries of W, less one for u >= 0.  Taking the largest theta by
    count rather than by sign matters where D is huge on tiny pieces (a ~ 1e-8):
    there modes with |lambda| > 1e15 have |theta| below the rounding level of
    the solve and a computed sign that means nothing.  Those modes decay within
    z ~ 1/|lambda|; their number is returned (``ambiguous``) and a result whose
    count disagrees with the signs above the rounding level is refused.
    """
    count = int(np.count_nonzero(weight > 0)) - (1 if u >= 0 else 0)
    floor = 100.0 * theta.size * np.finfo(float).eps * float(np.max(np.abs(theta)))
    positive = np.zeros(theta.size, dtype=bool)
    positive[theta.size - count:] = True
    wrong = (positive & (theta < -floor)) | (~positive & (theta > floor))
    if np.any(wrong):
        raise ConvergenceError(f"the discrete spectrum has {int(np.count_nonzero(theta > floor))} clearly "
                               f"positive eigenvalues where the inertia of the weight says {count}")
    return positive, int(np.count_nonzero(np.abs(theta) <= floor))


def _normalise(disc, modes):
    """Scale Psi to |int (u + mu) Psi^2| = 1 and Psi(1) > 0, as eigs() does for lambda > 0."""
    norm = np.sqrt(np.abs(disc.weight @ modes**2))
    sign = np.sign(modes[-1])
    sign[sign == 0] = 1.0
    return modes * (sign / norm)


# --- the adaptive driver and its result -----------------------------------

@dataclass
class Propagation:
    """f(z, mu) of the half-range problem (12)-(14), with error estimates.

    Returned by :func:`propagate`; not built by users.  ``f(z, mu)`` evaluates
    the solution, ``distribution(z)`` and ``mode(j)`` return f(z, .) and the
    half-range mode Psi_j as chebpy Chebfuns, ``f_error`` and ``f_converged``
    judge f at given points, ``flux`` checks the conservation law
    int (u + mu) f dmu = 2 u f_inf, ``summary`` and ``to_dict`` report.

    Parameters
    ----------
    problem : dict
        The problem's parameters (model, u, f_inf_given).
    source : Source
        The incoming distribution f0.
    fine, coarse : HalfRangeSolution
        The last two refinement levels; the results are those of ``fine``, the error
        estimates their differences.
    errors : dict
        Estimates for f_inf, lambda_1, C_1 Psi_1(1) and f at each distance of CHECK_Z.
    converged : bool
        Whether the two levels agree to tol on all of them.
    message : str
        Why the result is (or is not) converged.
    diagnostics : dict
        Nodes, degrees, pieces, condition number, tol, source scale and the history
        of the levels.

    Examples
    --------
    >>> from pitcheig import Flat
    >>> from pitcheig.propagation import isotropic_forward, propagate
    >>> res = propagate(Flat(), isotropic_forward(), tol=1e-8)
    >>> res.converged, round(res.f_inf, 6)
    (True, 1.718212)
    >>> f = res.distribution(0.1)            # a chebpy Chebfun of mu
    >>> bool(abs(f(0.5) - res.f(0.1, [0.5])[0]) < 1e-12)
    True
    >>> psi = res.mode(1)                    # Psi_1, int (u + mu) Psi^2 = 1, Psi(1) > 0
    >>> bool(psi(1.0) > 0), round(float(res.lam[0]), 4)
    (True, 14.528)
    """

    problem: dict[str, Any]
    source: Source
    fine: HalfRangeSolution
    coarse: HalfRangeSolution
    errors: dict[str, float]
    converged: bool
    message: str
    diagnostics: dict[str, Any]

    @property
    def f_inf(self) -> float:
        """f as z -> infinity (determined by the source for u >= 0, given for u < 0)."""
        return self.fine.f_inf

    @property
    def lam(self) -> NDArray[np.float64]:
        """The positive eigenvalues lambda carried by the solution, ascending."""
        return self.fine.lam

    @property
    def coefficients(self) -> NDArray[np.float64]:
        """C_lambda of eq. (14), for Psi normalised by int (u + mu) Psi^2 = 1, Psi(1) > 0."""
        return self.fine.coefficients

    def distribution(self, z: float) -> Any:
        """f(z, .) as a chebpy Chebfun on [-1, 1].

        The Chebfun is the solution's interpolant on the mesh (one polynomial per
        piece), exactly what ``f(z, mu)`` evaluates for z > 0; its error is
        estimated by ``f_error(z, mu)``.  At z = 0 it is the discrete solution: on
        the incoming half it interpolates the data f0 at the nodes, while
        ``f(0, mu)`` returns f0 itself there.

        Parameters
        ----------
        z : float
            The distance along the flux tube, z >= 0.

        Returns
        -------
        chebpy.chebfun.Chebfun

        Raises
        ------
        ParameterError
            If z is negative or not a number.
        """
        return self.fine.distribution(z)

    def mode(self, j: int) -> Any:
        """The half-range mode Psi_j (j = 1: lambda_1, the slowest) as a chebpy Chebfun.

        Normalised as in ``eigs``: int (u + mu) Psi^2 dmu = 1 and Psi(1) > 0; its
        coefficient in eq. (14) is ``coefficients[j - 1]``.

        Parameters
        ----------
        j : int
            The mode's index, 1 <= j <= len(lam).

        Returns
        -------
        chebpy.chebfun.Chebfun

        Raises
        ------
        ParameterError
            If j is out of range.
        """
        return self.fine.mode(j)

    def f(self, z: float, mu: ArrayLike) -> NDArray[np.float64]:
        """f(z, mu) at the points mu (z >= 0 a number).

        At z = 0 the incoming half (u + mu >= 0) is the data f0 itself, and f
        jumps at mu = -u; the outgoing half is the computed one (the nodal
        solution matches f0 at the incoming nodes, the interpolant between them
        is not used there)."""
        z, mu = check_z(z), np.asarray(mu, dtype=float)
        values = self.fine.f(z, mu)
        if z == 0.0:
            incoming = self.problem["u"] + mu >= 0
            values[incoming] = self.source(mu[incoming])
        return values

    def f_error(self, z: float, mu: ArrayLike) -> NDArray[np.float64]:
        """Estimate of abs(f - f_exact) at (z, mu): the difference from the previous level
        (zero for the data at z = 0).  Largest at z -> 0 on the outgoing side next
        to mu = -u, the corner where the solution is singular."""
        z, mu = check_z(z), np.asarray(mu, dtype=float)
        error = np.abs(self.fine.f(z, mu) - self.coarse.f(z, mu))
        if z == 0.0:
            error[self.problem["u"] + mu >= 0] = 0.0
        return error

    def f_converged(self, z: float, mu: ArrayLike, tol: float | None = None) -> bool:
        """True when the error estimate of f(z, .) on ``mu`` is within tol (default:
        the tol of the solve) relative to max abs(f0)."""
        tol = self.diagnostics["tol"] if tol is None else tol
        return bool(np.max(self.f_error(z, mu)) <= tol * self.diagnostics["source_scale"])

    def flux(self, z: float) -> float:
        """int (u + mu) f(z, mu) dmu (Gauss quadrature of the interpolant)."""
        return float(self.fine.disc.integrate_flux(self.fine.nodal(check_z(z))))

    def flux_scale(self) -> float:
        """sum_i abs(W_i) abs(f_i(0)): the size of the two counter-streaming fluxes whose
        difference is the net flux (the denominator of the relative drift)."""
        return float(np.abs(self.fine.disc.weight) @ np.abs(self.fine.nodal(0.0)))

    def flux_drift(self, z_values: Sequence[float]) -> float:
        """max_z abs(flux(z) - flux(z_0)) / flux_scale() over the given distances."""
        fluxes = [self.flux(z) for z in z_values]
        return max(abs(x - fluxes[0]) for x in fluxes) / self.flux_scale()

    def to_dict(self, z_values: Sequence[float], mu: ArrayLike) -> dict[str, Any]:
        """JSON-ready: f on the mu grid at each z with error estimates, f_inf,
        eigenvalues and coefficients, the flux at each z and its drift.
        ``converged`` is the verdict on exactly these numbers: the solve converged
        and f is within tol at every printed (z, mu); ``solve_converged`` is the
        solve's own verdict (f_inf, lambda_1, C_1 Psi_1(1), f at CHECK_Z)."""
        mu = np.asarray(mu, dtype=float)
        z_values = [check_z(z) for z in z_values]
        f_converged = [self.f_converged(z, mu) for z in z_values]
        return {
            "problem": self.problem, "source": {"name": self.source.name, **self.source.parameters},
            "f_inf": self.f_inf, "f_inf_error": self.errors["f_inf"],
            "eigenvalues": [float(x) for x in self.lam[:10]],
            "coefficients": [float(x) for x in self.coefficients[:10]],
            "coefficient_convention": "Psi normalised by int (u+mu) Psi^2 dmu = 1 and Psi(1) > 0",
            "beam_mode_at_1": self.errors["beam_mode_value"],
            "mu": mu.tolist(), "z": z_values,
            "f": [self.f(z, mu).tolist() for z in z_values],
            "f_error": [float(np.max(self.f_error(z, mu))) for z in z_values],
            "f_converged": f_converged,
            "flux": [self.flux(z) for z in z_values], "flux_exact": 2.0 * self.problem["u"] * self.f_inf,
            "flux_relative_drift": self.flux_drift(z_values),
            "converged": bool(self.converged and all(f_converged)), "solve_converged": self.converged,
            "message": self.verdict(z_values, mu), "diagnostics": self.diagnostics,
        }

    def verdict(self, z_values: Sequence[float], mu: ArrayLike) -> str:
        """The message for the printed numbers f(z, mu): the solve's message, and which
        z are not within tol at these points (f near mu = -u converges slowly as z -> 0)."""
        bad = [z for z in z_values if not self.f_converged(z, mu)]
        if not bad:
            return self.message
        worst = ", ".join(f"z = {z:g}: {np.max(self.f_error(z, mu)):.1e}" for z in bad)
        limit = self.diagnostics["tol"] * self.diagnostics["source_scale"]
        note = (f"f NOT within tol x max|f0| = {limit:.1e} at the printed mu for {worst} "
                "(the corner mu = -u, z -> 0, converges slowly)")
        return note if self.converged else f"{self.message}; {note}"

    def summary(self, z_values: Sequence[float], mu: ArrayLike) -> str:
        """A plain-text report: f_inf, the leading modes, f on the grid ``mu``, the flux, and the
        verdict on exactly the printed numbers."""
        z_values, mu = [check_z(z) for z in z_values], np.asarray(mu, dtype=float)
        lines = [f"f_inf = {self.f_inf:.15g}  (error estimate {self.errors['f_inf']:.1e})",
                 "leading modes (Psi: int (u+mu) Psi^2 = 1, Psi(1) > 0):"]
        for j in range(min(4, self.lam.size)):
            lines.append(f"  lambda_{j + 1} = {self.lam[j]:.12g}   C = {self.coefficients[j]: .12g}")
        lines.append("       mu  " + "".join(f"{f'f(z={z:g})':>20}" for z in z_values))
        table = np.column_stack([self.f(z, mu) for z in z_values])
        for m, row in zip(mu, table):
            lines.append(f"{m:9.3f}  " + "".join(f"{v:20.12g}" for v in row))
        errors = ", ".join(f"{np.max(self.f_error(z, mu)):.1e}" for z in z_values)
        lines.append(f"error estimates of f (max over the printed mu, per z): {errors}")
        lines.append(f"flux int (u+mu) f dmu = {self.flux(z_values[0]):.3e} (exact 2 u f_inf = "
                     f"{2 * self.problem['u'] * self.f_inf:.3e}); relative drift over z: "
                     f"{self.flux_drift(z_values):.1e}")
        certified = self.converged and all(self.f_converged(z, mu) for z in z_values)
        lines.append(("converged: " if certified else "NOT CONVERGED: ") + self.verdict(z_values, mu))
        return "\n".join(lines)


def check_z(z: float) -> float:
    """A distance z >= 0 (any number type of pitcheig.exact) as a float."""
    return check_real("z", z, 0.0, 1e300)


def _difference(fine, coarse, mu):
    """Largest differences between two levels: f_inf, lambda_1, C_1 Psi_1(1), f at CHECK_Z."""
    out = {"f_inf": abs(fine.f_inf - coarse.f_inf),
           "lambda_1": abs(fine.lam[0] - coarse.lam[0]),
           "beam_mode": abs(fine.beam_mode(np.array([1.0]))[0] - coarse.beam_mode(np.array([1.0]))[0])}
    for z in CHECK_Z:
        out[f"f(z={z:g})"] = float(np.max(np.abs(fine.f(z, mu) - coarse.f(z, mu))))
    return out


def propagate(model: Any, source: Source | Callable[[NDArray[np.float64]], ArrayLike], u: float = 0.0,
              f_inf: float | None = None, tol: float = 1e-8, max_levels: int = len(DEGREES),
              on_failure: str = "warn", progress: ProgressCallback = None) -> Propagation:
    """Solve the half-range problem (12)-(14) for the source f0, adaptively.

    The distribution f(z, mu) = f_inf + sum_{lambda > 0} C_lambda Psi_lambda(mu)
    e^(-lambda z) (eq. 14) with f(0, mu) = f0(mu) on the incoming half u + mu > 0,
    on p-refined levels of a mesh that resolves D, until two levels agree (module
    doc).  The paper's eq. (16) needs f on the whole range; the half-range
    condition used here (Fisch & Kruskal 1980) needs only the incoming half.

    Parameters
    ----------
    model : CoefficientModel or callable
        D(mu) (see :mod:`pitcheig.models`); a plain callable becomes a UserModel.
    source : Source or callable
        f0(mu), used on the incoming half range u + mu > 0 (see isotropic_forward,
        beam_source, tabulated_source, read_source_csv); max abs(f0) there must be
        positive and at most 1e150.
    u : float, optional
        Flow speed in [-0.5, 0.5] (default 0; the half-range problem is validated
        there only).  For u < 0 the flow brings particles
        from z = infinity and f_inf must be given.
    f_inf : float or None, optional
        Only for u < 0 (for u >= 0 it is determined by the source).
    tol : float, optional
        Target accuracy of f_inf, C_1 Psi_1(1) and f at z in CHECK_Z, relative to
        max abs(f0) on the incoming half range, in [1e-12, 1e-2] (default 1e-8).
    max_levels : int, optional
        Refinement levels tried (level_degrees), in [2, len(DEGREES)] (default all 6).
    on_failure : {"warn", "raise"}, optional
        On non-convergence: return with ``converged=False`` and a
        NotConvergedWarning (default), or raise ConvergenceError (carrying the result).
    progress : callable or None, optional
        Called with a one-line message after the mesh is built and after each
        refinement level (default None; the CLI passes pitcheig.progress.terminal_progress()).

    Returns
    -------
    Propagation
        ``converged`` is False when two levels never agree to tol, or D is not
        resolved on some piece.

    Raises
    ------
    ParameterError
        For bad input (each message names the parameter and its range).
    ConvergenceError
        With ``on_failure="raise"``, when not converged.

    Examples
    --------
    >>> from pitcheig import Flat
    >>> from pitcheig.propagation import beam_source, propagate
    >>> res = propagate(Flat(), beam_source(0.1), u=0.05, tol=1e-8)
    >>> res.converged, round(res.f_inf, 6), round(float(res.lam[0]), 4)
    (True, 0.208204, 12.981)
    >>> bool(abs(res.flux(0.5) - 2 * 0.05 * res.f_inf) < 1e-10)     # eq. (12) conserves the flux
    True
    """
    problem = Problem(model, u)
    check_u_validated(problem.u, "the half-range problem")
    tol = check_real("tol", tol, *TOL_RANGE)
    check_choice("on_failure", on_failure, ("warn", "raise"))
    if not isinstance(source, Source):
        if not callable(source):
            raise ParameterError("source must be a callable f0(mu) or a pitcheig Source")
        source = Source("user", source)
    if problem.u < 0:
        if f_inf is None:
            raise ParameterError("f_inf is required for u < 0 (the flow brings particles from z = infinity)")
        f_inf = check_real("f_inf", f_inf, -SOURCE_MAX, SOURCE_MAX)
    elif f_inf is not None:
        raise ParameterError("f_inf is determined by the source for u >= 0; give it only for u < 0")
    model, u = problem.model, problem.u
    mesh, d_lengths, unresolved = base_mesh(problem)
    breakpoints, base_degrees = mesh.breakpoints, mesh.degrees
    if progress is not None:
        progress(f"propagate: mesh of {len(breakpoints) - 1} pieces (D resolved, graded toward mu = -u)")
    mu_check = np.linspace(-1.0, 1.0, 401)
    scale = float(np.max(np.abs(source(np.linspace(-u, 1.0, 2001)[1:]))))
    if not 0.0 < scale <= SOURCE_MAX:
        raise ParameterError(f"source f0 must not vanish identically on the incoming half range and must stay "
                             f"within |f0| <= {SOURCE_MAX:g} (f is linear in f0: rescale it); max |f0| = {scale:.3g}")
    max_levels = check_int("max_levels", max_levels, 2, len(DEGREES))
    history: list[dict[str, Any]] = []
    levels: list[HalfRangeSolution] = []
    status: str | None = None
    for level in range(max_levels):
        degrees = level_degrees(base_degrees, level)
        levels.append(solve_half_range(model, u, source, breakpoints, degrees, f_inf, d_lengths))
        current = levels[-1]
        entry = {"level": level, "max_degree": int(np.max(degrees)), "nodes": current.disc.size,
                 "f_inf": current.f_inf, "lambda_1": float(current.lam[0]), "condition": current.condition,
                 "modes_beyond_rounding": current.ambiguous}
        history.append(entry)
        if len(levels) > 1:
            entry["differences"] = _difference(current, levels[-2], mu_check)
            worst = max(v / (abs(current.lam[0]) if key == "lambda_1" else scale)
                        for key, v in entry["differences"].items())
            if progress is not None:
                progress(f"propagate: level {level + 1}/{max_levels}, {current.disc.size} nodes, "
                         f"largest relative change {worst:.1e} (tol {tol:.0e})")
            if worst <= tol:
                break
    else:
        status = (f"{max_levels} refinement levels (up to {current.disc.size} nodes) still differ by "
                  f"{worst:.1e} (relative) > tol = {tol:.0e}")
    if unresolved:
        # the levels share the quadrature of D: their agreement cannot show that D was integrated
        left, right = unresolved[0]
        status = unresolved_message(model, left, right, pieces=len(unresolved))
    fine, coarse = levels[-1], levels[-2]
    errors = dict(history[-1]["differences"])
    errors["beam_mode_value"] = float(fine.beam_mode(np.array([1.0]))[0])
    converged = status is None
    checked = ", ".join(f"{z:g}" for z in CHECK_Z)
    message = status if status is not None else (
        f"f_inf, lambda_1, C_1 Psi_1(1) and f(z) at z = {checked} agree to {tol:.0e} "
        "(relative to max |f0|) between the last two levels "
        f"({history[-2]['nodes']} and {history[-1]['nodes']} nodes)")
    accuracy = float(getattr(model, "accuracy", 0.0))
    if accuracy > 0:
        message += (f"; the error estimates cover the discretisation only: D itself is known to a relative "
                    f"{accuracy:.1e}, which moves lambda and f - f_inf at that order")
    diagnostics = {"model_accuracy": accuracy, "tol": tol, "source_scale": scale, "nodes": fine.disc.size,
                   "degrees": [f.degree for f in fine.disc.pieces], "pieces": len(breakpoints) - 1,
                   "breakpoints": [float(x) for x in breakpoints], "condition": fine.condition,
                   "modes": int(fine.lam.size), "history": history}
    result = Propagation(problem={**problem.parameters(), "f_inf_given": f_inf if u < 0 else None},
                         source=source, fine=fine, coarse=coarse, errors=errors, converged=converged,
                         message=message, diagnostics=diagnostics)
    if not converged:
        text = f"propagation NOT converged to tol={tol:.0e}: {message}"
        if on_failure == "raise":
            raise ConvergenceError(text, result)
        warnings.warn(text, NotConvergedWarning, stacklevel=2)
    return result
