"""Results of the eigen-solve of eq. (15): eigenpairs with error estimates and diagnostics.

:func:`pitcheig.eigs` returns an :class:`EigenResult`: the eigenpairs
(:class:`Eigenpair`, labelled +1, +2, ... and -1, -2, ...), whether they are
certified (``converged``), the reason in ``message``, and what the adaptive solve
did (:class:`Diagnostics`), like the result of ``scipy.integrate.solve_bvp``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable

import mpmath
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import ConvergenceError, NotConvergedWarning

if TYPE_CHECKING:
    from chebpy.chebfun import Chebfun

__all__ = ["EigenResult", "Eigenpair", "Diagnostics"]


@dataclass
class Eigenpair:
    r"""One eigenpair of eq. (15), with its error estimate and flux residual.

    Made by the solvers (:func:`pitcheig.eigs`), not by users; each parameter is
    also an attribute.

    Parameters
    ----------
    label : int
        +1, +2, ... (positive lambda, increasing) or -1, -2, ... (negative lambda,
        decreasing).
    lam : float or mpmath.mpf
        The eigenvalue: a float, or an mpmath number for an arbitrary-precision solve
        (then ``error_estimate`` is still a float).
    error_estimate : float
        A-posteriori estimate of abs(lam - lambda_exact): the drift between the last
        two refinements, floored at the rounding level of the eigen-solve, plus
        abs(lam) times the model's relative accuracy (nonzero only for models whose D
        is itself computed, e.g. FirstPrinciples).  Absolute, not relative.
    residual : float
        The relative energy-norm flux residual r of the pair,
        :math:`\|(G_h - F_h)/p\|_p / \|F_h/p\|_p`, with ``G_h = (1 - mu^2) D Psi_h'`` the
        discrete flux and ``F_h = -lam int_{-1}^{mu} (u + s) Psi_h ds`` the flux the
        equation demands (:math:`\|v\|_p^2 = \int p v^2`, ``p = (1 - mu^2) D``; residual.py);
        the relative eigenvalue error is of the order of r^2 for Galerkin and of r for
        collocation.  NaN for solvers that have none (shooting).
    _build : callable or None, default None
        Internal: builds the eigenfunction on first use (None: the solver computed
        eigenvalues only).

    Attributes
    ----------
    eigenfunction : chebpy Chebfun
        Psi, piecewise, normalised so that abs(int (u + mu) Psi^2 dmu) = 1 and Psi > 0
        at mu = sign(lam) (the paper's Fig. 2 has the opposite sign, Phi(1) < 0).
        Built on first access; AttributeError for the shooting solver's pairs.

    Examples
    --------
    >>> import numpy as np
    >>> from pitcheig import Flat, eigs
    >>> pair = eigs(Flat(), k=1)[+1]
    >>> pair.label, f"{pair.lam:.9f}", bool(pair.error_estimate < 1e-11)
    (1, '14.528003409', True)
    >>> psi = pair.eigenfunction
    >>> print(f"{float(psi(1.0)):.6f}")          # Psi > 0 at mu = +1 for lam > 0
    3.214908
    >>> x, w = np.polynomial.legendre.leggauss(64)  # exact for this polynomial Psi^2
    >>> print(f"{np.sum(w * x * psi(x) ** 2):.9f}")   # the normalisation, u = 0
    1.000000000
    """

    label: int
    lam: float
    error_estimate: float
    residual: float
    _build: Callable[[], Any] | None = field(repr=False, default=None)

    @cached_property
    def eigenfunction(self) -> Chebfun:
        """Psi as a piecewise chebpy Chebfun, built on first access (see the class doc)."""
        if self._build is None:
            raise AttributeError(f"the eigenpair {self.label:+d} carries no eigenfunction "
                                 "(the shooting solver returns eigenvalues only)")
        return self._build()


@dataclass
class Diagnostics:
    """What the adaptive solve did: final mesh, sizes, history and time.

    Made by the solvers; each parameter is also an attribute.

    Parameters
    ----------
    breakpoints : list of float
        The final mesh's breakpoints, from -1 to 1 (empty for the shooting solver).
    degrees : list of int
        Polynomial degree of Psi on each piece of the final mesh.
    d_lengths : list of int
        Chebyshev length at which D was resolved on each piece.
    dofs : int
        Unknowns of the last discrete problem: the coefficients of Psi' on every
        piece plus one constant, sum(degrees) + 1.
    history : list of dict
        One entry per discrete solve: ``dofs``, ``pieces``, ``lambda`` (label ->
        eigenvalue), ``max_drift`` (relative, against the previous solve),
        ``max_tail`` (the worst Chebyshev tail of the eigenfunctions) and
        ``resolved``, or a ``note`` when a solve was skipped.
    seconds : float
        Wall-clock time of the whole solve.

    Examples
    --------
    >>> from pitcheig import Flat, eigs
    >>> d = eigs(Flat(), k=1).diagnostics
    >>> [float(x) for x in d.breakpoints], d.dofs == sum(int(n) for n in d.degrees) + 1
    ([-1.0, 1.0], True)
    >>> sorted(d.history[-1])
    ['dofs', 'lambda', 'max_drift', 'max_tail', 'pieces', 'resolved']
    """

    breakpoints: list
    degrees: list
    d_lengths: list
    dofs: int
    history: list
    seconds: float


@dataclass
class EigenResult:
    """Eigenpairs of one problem, whether they are certified, and why (not).

    What :func:`pitcheig.eigs` returns.  ``result[label]`` is the
    :class:`Eigenpair` with that label (KeyError if there is none).  Each
    parameter is also an attribute.

    Parameters
    ----------
    problem : dict
        The problem's parameters, JSON-ready (:meth:`pitcheig.problem.Problem.parameters`).
    pairs : list of Eigenpair
        The eigenpairs, ordered +1, -1, +2, -2, ...; empty when not even one
        eigen-solve was possible (a budget too small).
    converged : bool
        True only when every test of "How accuracy is judged" (README) passed for
        every pair.
    message : str
        What was certified, or why not.
    diagnostics : Diagnostics
        What the solve did.
    digits : int or None, default None
        Significant digits of an arbitrary-precision solve, else None.
    method : str, default "galerkin"
        The discretisation that computed it: "galerkin", "collocation", "nodal" or "shoot".

    Examples
    --------
    >>> from pitcheig import Flat, eigs
    >>> result = eigs(Flat(), k=1)
    >>> result.converged, result.labels, result.method
    (True, [1, -1], 'galerkin')
    >>> print(f"{result.eigenvalue(+1):.9f}", bool(result[+1].error_estimate < 1e-11))
    14.528003409 True
    >>> print(result.table())
     index                    lambda  error estimate   residual
        +1    1.45280034093...e+01 ...
        -1   -1.45280034093...e+01 ...
    converged: eigenvalues agree to 1e-12 between the last two refinements; max residual ...
    unknowns ..., pieces 1, ... ms
    """

    problem: dict
    pairs: list[Eigenpair]
    converged: bool
    message: str
    diagnostics: Diagnostics
    digits: int | None = None  # significant digits of an arbitrary-precision solve, else None
    method: str = "galerkin"   # the discretisation that computed it (adaptivity.METHODS, or "shoot")

    def format_lambda(self, lam: float | mpmath.mpf) -> str:
        """lam as printed: 17 significant digits, or ``digits`` in arbitrary precision."""
        return mpmath.nstr(lam, self.digits, strip_zeros=False) if self.digits else f"{float(lam):.16e}"

    def __getitem__(self, label: int) -> Eigenpair:
        for pair in self.pairs:
            if pair.label == label:
                return pair
        raise KeyError(f"no eigenpair with label {label}; have {[p.label for p in self.pairs]}")

    def eigenvalue(self, label: int) -> float | mpmath.mpf:
        """The eigenvalue lambda_label (a float, or an mpmath number when ``digits`` is set)."""
        return self[label].lam

    def eigenfunction(self, label: int) -> Chebfun:
        """Psi_label as a piecewise chebpy Chebfun (see :class:`Eigenpair`)."""
        return self[label].eigenfunction

    @property
    def labels(self) -> list[int]:
        """The labels of the pairs, in their order (+1, -1, +2, -2, ...)."""
        return [p.label for p in self.pairs]

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON object (see README)."""
        order = sorted(self.pairs, key=lambda p: (abs(p.label), -p.label))
        return {
            "problem": self.problem,
            "eigenvalues": [{"index": p.label,
                             "lambda": self.format_lambda(p.lam) if self.digits else float(p.lam),
                             "error_estimate": float(p.error_estimate)} for p in order],
            "dofs": int(self.diagnostics.dofs),
            "breakpoints": [float(x) for x in self.diagnostics.breakpoints],
            "converged": bool(self.converged),
            "message": self.message,
            "seconds": float(self.diagnostics.seconds),
            "method": self.method,
            **({"digits": self.digits} if self.digits else {}),
        }

    def table(self) -> str:
        """A readable table of the eigenvalues, error estimates and residuals, with the status."""
        width = max(24, (self.digits or 0) + 8)
        lines = [f"{'index':>6}  {'lambda':>{width}}  {'error estimate':>14}  {'residual':>9}"]
        for p in sorted(self.pairs, key=lambda p: (abs(p.label), -p.label)):
            residual = "-" if math.isnan(p.residual) else f"{p.residual:.1e}"
            lines.append(f"{p.label:>+6d}  {self.format_lambda(p.lam):>{width}}  {p.error_estimate:>14.2e}  "
                         f"{residual:>9}")
        d = self.diagnostics
        status = "converged" if self.converged else "NOT CONVERGED"
        lines.append(f"{status}: {self.message}")
        if d.degrees:
            lines.append(f"unknowns {d.dofs}, pieces {len(d.degrees)}, {d.seconds * 1e3:.1f} ms")
        else:
            lines.append(f"{d.seconds:.2f} s")
        return "\n".join(lines)


def report_failure(result: EigenResult, tol: float, on_failure: str, stacklevel: int = 4) -> EigenResult:
    """For a result that is not certified: warn (NotConvergedWarning) and return it,
    or raise ConvergenceError carrying it, per ``on_failure``."""
    text = (f"eigenvalues NOT certified to tol={tol:.0e}: {result.message}. "
            "Try a larger max_dofs/max_solves/max_seconds or a looser tol; see result.diagnostics.history")
    if on_failure == "raise":
        raise ConvergenceError(text, result)
    warnings.warn(text, NotConvergedWarning, stacklevel=stacklevel)
    return result


def relative_drift(new: ArrayLike, old: ArrayLike | None) -> NDArray[np.float64]:
    """|new - old| / |new| elementwise (inf where old is missing)."""
    if old is None:
        return np.full(np.shape(new), np.inf)
    return np.abs(np.asarray(new) - np.asarray(old)) / np.abs(np.asarray(new))
