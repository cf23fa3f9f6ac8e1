"""
Two discretisations cross-checked: Galerkin against Chebyshev collocation
=========================================================================

Eq. (15) with the peak model of eqs. (24)-(26), Peak(eps=1e-3, a=1e-4) at both
ends, u = 0.  The left-definite Galerkin method and
Chebyshev collocation of the integrated first-order system (with the sympy-derived
Frobenius rows at mu = +-1) share the problem and the adaptive loop; their
discretisations are separate modules (galerkin.py, collocation.py).  Each returns
certified eigenvalues with error estimates, and the
cross-check passes when every difference is within the two estimates combined.

:Parameters: Peak(1e-3, 1e-4), u = 0, k = 2, methods galerkin and collocation.
:Run time: about 0.2 s.
:Run: ``python docs/examples/cross_check.py``, or
  ``pitcheig eigs --model peak --eps 1e-3 --a 1e-4 --cross-check galerkin,collocation``
"""

from pitcheig import Peak
from pitcheig.crosscheck import cross_check


def main():
    """Run the cross-check, print its table, return the CrossCheck."""
    check = cross_check(Peak(1e-3, 1e-4), ("galerkin", "collocation"), k=2)
    print(check.table())
    return check


if __name__ == "__main__":
    main()
