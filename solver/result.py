"""Results of the eigen-solve: eigenpairs with error estimates and diagnostics."""

import math
import warnings
from dataclasses import dataclass, field
from functools import cached_property

import mpmath
import numpy as np

from .errors import ConvergenceError, NotConvergedWarning


@dataclass
class Eigenpair:
    """One eigenpair of eq. (15).

    Attributes
    ----------
    label : int
        +1, +2, ... (positive lambda, increasing) or -1, -2, ... (negative lambda,
        decreasing).
    lam : float or mpmath.mpf
        The eigenvalue: a float, or an mpmath number for an arbitrary-precision solve
        (then ``error_estimate`` is still a float).
    error_estimate : float
        A-posteriori estimate of ``|lam - lambda_exact|``: the drift between the last
        two refinements, floored at the rounding level of the eigen-solve, plus
        ``|lam|`` times the model's relative accuracy (nonzero only for models whose D
        is itself computed, e.g. FirstPrinciples).
    residual : float
        The relative energy-norm flux residual r of the pair,
        ``|(G_h - F_h)/p|_p / |F_h/p|_p``, with ``G_h = (1 - mu^2) D Psi_h'`` the
        discrete flux and ``F_h = -lam int_{-1}^{mu} (u + s) Psi_h ds`` the flux the
        equation demands (``|v|_p^2 = int p v^2``, ``p = (1 - mu^2) D``; residual.py);
        the relative eigenvalue error is of the order of r^2 for Galerkin and of r for
        collocation.  NaN for solvers that have none (shooting).
    eigenfunction : chebpy Chebfun
        Psi, piecewise, normalised so that ``|int (u + mu) Psi^2 dmu| = 1`` and Psi > 0
        at mu = sign(lam).
    """

    label: int
    lam: float
    error_estimate: float
    residual: float
    _build: object = field(repr=False, default=None)

    @cached_property
    def eigenfunction(self):
        if self._build is None:
            raise AttributeError(f"the eigenpair {self.label:+d} carries no eigenfunction "
                                 "(the shooting solver returns eigenvalues only)")
        return self._build()


@dataclass
class Diagnostics:
    """What the adaptive solve did: final mesh, sizes, history and time."""

    breakpoints: list
    degrees: list
    d_lengths: list
    dofs: int
    history: list
    seconds: float


@dataclass
class EigenResult:
    """Eigenpairs of one problem, whether they are certified, and why (not)."""

    problem: dict
    pairs: list
    converged: bool
    message: str
    diagnostics: Diagnostics
    digits: object = None      # significant digits of an arbitrary-precision solve, else None
    method: str = "galerkin"   # the discretisation that computed it (adaptivity.METHODS, or "shoot")

    def format_lambda(self, lam):
        """lam as printed: 17 significant digits, or ``digits`` in arbitrary precision."""
        return mpmath.nstr(lam, self.digits, strip_zeros=False) if self.digits else f"{float(lam):.16e}"

    def __getitem__(self, label):
        for pair in self.pairs:
            if pair.label == label:
                return pair
        raise KeyError(f"no eigenpair with label {label}; have {[p.label for p in self.pairs]}")

    def eigenvalue(self, label):
        return self[label].lam

    def eigenfunction(self, label):
        return self[label].eigenfunction

    @property
    def labels(self):
        return [p.label for p in self.pairs]

    def to_dict(self):
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

    def table(self):
        """A readable table of the eigenvalues."""
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


def report_failure(result, tol, on_failure, stacklevel=4):
    """For a result that is not certified: warn (NotConvergedWarning) and return it,
    or raise ConvergenceError carrying it, per ``on_failure``."""
    text = (f"eigenvalues NOT certified to tol={tol:.0e}: {result.message}. "
            "Try a larger max_dofs/max_solves/max_seconds or a looser tol; see result.diagnostics.history")
    if on_failure == "raise":
        raise ConvergenceError(text, result)
    warnings.warn(text, NotConvergedWarning, stacklevel=stacklevel)
    return result


def relative_drift(new, old):
    """|new - old| / |new| elementwise (inf where old is missing)."""
    if old is None:
        return np.full(np.shape(new), np.inf)
    return np.abs(np.asarray(new) - np.asarray(old)) / np.abs(np.asarray(new))
