"""pitcheig: eigenvalues of the pitch-angle scattering problem, eq. (15) of
Malkov, Diamond, Drury & Sagdeev (2010), to near machine precision.

    d/dmu [ (1 - mu^2) D(mu) dPsi/dmu ] + lambda (u + mu) Psi = 0,
    Psi bounded at mu = +-1.

Public API::

    from pitcheig import eigs, Peak
    result = eigs(Peak(eps=1e-3, a=1e-4), u=0.0, k=2)
    result.eigenvalue(+1), result[+1].error_estimate, result.eigenfunction(+1)
"""

from .adaptivity import eigs
from .errors import ConvergenceError, NotConvergedWarning, ParameterError
from .models import (EPS_MAX, J1_ZERO, CoefficientModel, FirstPrinciples, Flat, Peak, Physical, UserModel,
                     make_model)
from .problem import Problem
from .result import Diagnostics, Eigenpair, EigenResult



def __getattr__(name):
    """``__version__``: the installed distribution's version (package metadata, from
    pyproject.toml), read on first use (importlib.metadata costs ~50 ms at import)."""
    if name != "__version__":
        raise AttributeError(f"module 'pitcheig' has no attribute {name!r}")
    from importlib import metadata
    try:
        return metadata.version("pitcheig")
    except metadata.PackageNotFoundError:      # running from a source tree that is not installed
        return "0+unknown"

__all__ = [
    "eigs", "Problem", "FirstPrinciples", "Flat", "Peak", "Physical", "UserModel", "CoefficientModel",
    "make_model",
    "EigenResult", "Eigenpair", "Diagnostics", "ParameterError", "ConvergenceError",
    "NotConvergedWarning", "J1_ZERO", "EPS_MAX",
]
