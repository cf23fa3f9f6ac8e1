"""Results of the eigen-solve: eigenpairs with error estimates and diagnostics."""

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np


@dataclass
class Eigenpair:
    """One eigenpair of eq. (15).

    label:          +1, +2, ... (positive lambda, increasing) or -1, -2, ...
                    (negative lambda, decreasing).
    lam:            the eigenvalue.
    error_estimate: a-posteriori estimate of |lam - lambda_exact|: the drift
                    between the last two refinements, floored at the rounding
                    level of the symmetric eigen-solve, plus |lam| times the
                    model's relative accuracy (nonzero only for models whose D is
                    itself computed, e.g. FirstPrinciples).
    residual:       max |G' + lam (u + mu) Psi| / max |lam (u + mu) Psi| of the
                    strong form (G = (1 - mu^2) D Psi'), including flux jumps.
    eigenfunction:  Psi as a piecewise chebpy Chebfun, normalised so that
                    |int (u + mu) Psi^2 dmu| = 1 and Psi > 0 at mu = sign(lam).
    """

    label: int
    lam: float
    error_estimate: float
    residual: float
    _build: object = field(repr=False, default=None)

    @cached_property
    def eigenfunction(self):
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
            "eigenvalues": [{"index": p.label, "lambda": float(p.lam),
                             "error_estimate": float(p.error_estimate)} for p in order],
            "dofs": int(self.diagnostics.dofs),
            "breakpoints": [float(x) for x in self.diagnostics.breakpoints],
            "converged": bool(self.converged),
            "message": self.message,
            "seconds": float(self.diagnostics.seconds),
        }

    def table(self):
        """A readable table of the eigenvalues."""
        lines = [f"{'index':>6}  {'lambda':>24}  {'error estimate':>14}  {'residual':>9}"]
        for p in sorted(self.pairs, key=lambda p: (abs(p.label), -p.label)):
            lines.append(f"{p.label:>+6d}  {p.lam:>24.16e}  {p.error_estimate:>14.2e}  {p.residual:>9.1e}")
        d = self.diagnostics
        status = "converged" if self.converged else "NOT CONVERGED"
        lines.append(f"{status}: {self.message}")
        lines.append(f"unknowns {d.dofs}, pieces {len(d.degrees)}, {d.seconds * 1e3:.1f} ms")
        return "\n".join(lines)


def relative_drift(new, old):
    """|new - old| / |new| elementwise (inf where old is missing)."""
    if old is None:
        return np.full(np.shape(new), np.inf)
    return np.abs(np.asarray(new) - np.asarray(old)) / np.abs(np.asarray(new))
