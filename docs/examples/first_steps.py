r"""
First steps: the flat problem D = 1 to 30 digits
================================================

Eq. (17) of Malkov et al. (2010), the unperturbed problem of eq. (15) with D = 1,

.. math::

   \frac{d}{d\mu}\Big[(1-\mu^2)\frac{d\Psi}{d\mu}\Big] + \lambda (u+\mu)\Psi = 0,
   \qquad \Psi \text{ bounded at } \mu = \pm 1,

at u = 0 (typed as the decimal "0", so the arbitrary-precision solve treats it
exactly).  We ask for lambda_{+-1..+-4} to 30 significant digits: the double-precision
adaptive solve chooses the mesh, and Newton's method on the discrete Galerkin system
in ball arithmetic refines the eigenpairs on two richer meshes, whose drift is the
error estimate.  The spectrum is symmetric, lambda_{-n} = -lambda_{+n}, because D is.

:Parameters: D = 1, u = 0, k = 4, digits = 30.
:Run time: about 0.3 s.
:Run: ``python docs/examples/first_steps.py``
"""

import mpmath

from pitcheig import Flat, eigs


def main():
    """Solve, print the table, and return {label: lambda} (mpmath numbers)."""
    result = eigs(Flat(), u="0", k=4, digits=30)
    print(result.table())
    return {p.label: p.lam for p in result.pairs}, result


if __name__ == "__main__":
    values, result = main()
    print("lambda_+1 =", mpmath.nstr(values[1], 30), "certified" if result.converged else "NOT certified")
