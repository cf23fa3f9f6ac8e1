"""Two methods on one problem: the cross-check of ``eigs --cross-check M1,M2``.

Each method solves the problem on its own (adaptivity.eigs with method=M); for
every label both eigenvalues, their difference and the combined error
estimate (the sum of the two estimates: if each covers its own error, the sum
covers the difference) are reported.  The verdict is computed by one rule:
the two methods *agree* on a label when |lam_1 - lam_2| <= estimate_1 +
estimate_2, and the cross-check *passes* when both results are certified and
every label agrees.
"""

import json
import warnings
from dataclasses import dataclass

from .errors import NotConvergedWarning, ParameterError


@dataclass
class CrossCheck:
    """Both results and the verdict (see the module doc)."""

    methods: tuple
    results: tuple

    def rows(self):
        """Per label: (label, lam_1, lam_2, |difference|, combined estimate, agree)."""
        first, second = self.results
        out = []
        for label in first.labels:
            if label not in second.labels:
                continue
            p, q = first[label], second[label]
            difference = abs(float(p.lam) - float(q.lam))
            combined = float(p.error_estimate) + float(q.error_estimate)
            out.append((label, float(p.lam), float(q.lam), difference, combined, difference <= combined))
        return out

    @property
    def passed(self):
        rows = self.rows()
        return (all(r.converged for r in self.results) and bool(rows)
                and len(rows) == len(self.results[0].labels) and all(row[5] for row in rows))

    def verdict(self):
        """The verdict in words, naming the first reason it failed."""
        if self.passed:
            return "passed: every |difference| <= the combined estimate, both certified"
        empty = [m for m, r in zip(self.methods, self.results) if not r.pairs]
        if empty:
            return f"FAILED: {', '.join(empty)} computed nothing"
        if any(not row[5] for row in self.rows()):
            return "FAILED: a difference exceeds the combined estimate"
        return "FAILED: " + ", ".join(m for m, r in zip(self.methods, self.results) if not r.converged) \
            + " not certified"

    def table(self):
        m1, m2 = self.methods
        lines = [f"{'index':>6}  {m1:>24}  {m2:>24}  {'difference':>10}  {'combined est':>12}  verdict"]
        for label, a, b, diff, comb, agree in self.rows():
            lines.append(f"{label:>+6d}  {a:>24.16e}  {b:>24.16e}  {diff:>10.2e}  {comb:>12.2e}  "
                         f"{'agree' if agree else 'DISAGREE'}")
        for name, result in zip(self.methods, self.results):
            status = "converged" if result.converged else "NOT CONVERGED"
            lines.append(f"{name}: {status}: {result.message} ({result.diagnostics.dofs} unknowns, "
                         f"{result.diagnostics.seconds * 1e3:.1f} ms)")
        lines.append("cross-check " + self.verdict())
        return "\n".join(lines)

    def to_dict(self):
        return {
            "methods": list(self.methods),
            "eigenvalues": [{"index": label, "lambda": dict(zip(self.methods, (a, b))), "difference": diff,
                             "combined_estimate": comb, "agree": agree}
                            for label, a, b, diff, comb, agree in self.rows()],
            "results": {name: r.to_dict() for name, r in zip(self.methods, self.results)},
            "passed": self.passed, "verdict": self.verdict(),
        }

    def to_json(self):
        return json.dumps(self.to_dict())


def parse_methods(text):
    """'galerkin,collocation' -> ('galerkin', 'collocation'): two different known methods."""
    from .adaptivity import METHODS
    known = (*METHODS, "shoot")
    names = tuple(part.strip() for part in str(text).split(","))
    if len(names) != 2 or len(set(names)) != 2 or not all(n in known for n in names):
        raise ParameterError(f"cross_check must be two different methods of {', '.join(known)} "
                             f"separated by a comma; got {text!r}")
    return names


def cross_check(model, methods=("galerkin", "collocation"), **options):
    """Solve with both methods (keyword options as for eigs) and return a CrossCheck.
    Unconverged results are kept (their failure is part of the verdict), not warned about."""
    from .adaptivity import eigs
    names = parse_methods(methods if isinstance(methods, str) else ",".join(methods))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)
        results = tuple(eigs(model, method=name, **options) for name in names)
    return CrossCheck(methods=names, results=results)
