r"""The eigenproblem of eq. (15) of Malkov et al. (2010) and the validation of its parameters.

.. math::

    \frac{d}{d\mu}\Big[(1 - \mu^2)\, D(\mu)\, \frac{d\Psi}{d\mu}\Big]
    + \lambda\, (u + \mu)\, \Psi = 0, \qquad -1 < \mu < 1,

with :math:`\Psi` bounded at :math:`\mu = -1` and :math:`\mu = +1`.

A :class:`Problem` is a coefficient model (see :mod:`pitcheig.models`) and the flow
speed u of the scattering centres in units of c: 0, or 1e-300 <= abs(u) < 1.

As abs(u) -> 1 the weight u + mu is negative only on a layer of width 1 - abs(u) at
the end mu = -sign(u): the eigenvalues of the other sign grow like 2/(1 - abs(u))^2
(D = 1) and their eigenfunctions live in that layer.  The problem then carries a
breakpoint at mu = -u and a geometric grading from it on the scale 1 - abs(u)
(``breakpoints``, ``gradings``), which the mesh methods start from.  What degrades:
those eigenvalues are the smallest theta = 1/lambda of the solve, so their relative
rounding floor grows like lambda_{+1}/abs(lambda) (measured for D = 1: 1.5e-7 relative at
u = 0.999); beyond abs(u) = 0.999 the solves are not certified (budget or flux
residual) and say so.  The arbitrary-precision route, the shooting solver and the
half-range problem are validated only for abs(u) <= U_VALIDATED = 0.5 and refuse more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from .errors import ParameterError
from .exact import Exact
from .models import CoefficientModel, Grading, RealLike, UserModel
from .validation import check_exact

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike, NDArray

__all__ = ["Problem"]

#: Accepted flow speeds: abs(u) < U_LIMIT (the weight u + mu still changes sign).
U_LIMIT = 1.0
#: Largest abs(u) at which every route (digits, shoot, propagate) is tested; the mesh
#: methods of eigs are tested to abs(u) = 0.999 (tests/test_problem.py).
U_VALIDATED = 0.5
#: Below this 1 - abs(u), the problem grades the mesh toward mu = -u (module doc).
U_LAYER = 0.1
#: The first grading step, as a fraction of the layer width 1 - abs(u).
U_LAYER_FIRST = 1.0 / 8.0
#: Smallest nonzero |u| accepted: the advective eigenvalue (~ -6u) comes from the
#: rank-one term b b^T / (2u), whose size |b|^2/(2|u|) overflows for subnormal u.
U_TINY = 1e-300


def check_u(value: RealLike) -> Exact:
    """The exact u: 0 or 1e-300 <= abs(u) < 1."""
    u = check_exact("u", value, -U_LIMIT, U_LIMIT, lo_open=True, hi_open=True)
    if u.fraction != 0 and abs(float(u)) < U_TINY:      # doubles, like the bounds of check_exact
        raise ParameterError(f"u must be 0 or a finite number with {U_TINY:g} <= |u| < {U_LIMIT:g}; got {value!r}")
    return u


def check_u_validated(u: float, route: str) -> None:
    """Refuse abs(u) > U_VALIDATED for a route not tested beyond it (``route`` names it)."""
    if abs(u) > U_VALIDATED:
        raise ParameterError(f"u must be within [-{U_VALIDATED:g}, {U_VALIDATED:g}] for {route} (validated "
                             f"there; the mesh methods of eigs take abs(u) < {U_LIMIT:g}); got {u!r}")


@dataclass(frozen=True)
class Problem:
    """Eq. (15) for coefficient ``model`` and flow speed ``u`` in (-1, 1).

    The eigenproblem itself, validated, and nothing about how to solve it:
    :func:`pitcheig.eigs` builds one from its ``model`` and ``u`` arguments.
    A frozen (immutable, hashable) dataclass.

    Parameters
    ----------
    model : CoefficientModel or callable
        The coefficient D(mu) of eq. (15), normalised to nu_theta (eq. 11):
        a model of :mod:`pitcheig.models`, or a plain vectorised callable
        D(mu), which is wrapped in a :class:`~pitcheig.models.UserModel`
        without breakpoints.
    u : float, str, int, Fraction or Decimal, default 0.0
        Flow speed of the scattering centres in units of c: 0, or
        1e-300 <= abs(u) < 1 (a subnormal u would overflow the advective
        term; see the module doc for abs(u) -> 1).  Any number type of :mod:`pitcheig.exact` is accepted and kept
        exactly: the attribute ``u`` holds the nearest double and ``u_exact``
        the exact value (what arbitrary precision solves for).

    Raises
    ------
    ParameterError
        ``model`` is neither a coefficient model nor callable, or ``u`` is not
        a finite number in the accepted range.

    Examples
    --------
    >>> from pitcheig import Peak, Problem
    >>> problem = Problem(Peak(eps=1e-3, a=1e-4), u="0.01")
    >>> problem.u, problem.u_exact.fraction
    (0.01, Fraction(1, 100))
    >>> problem.parameters()["u"], problem.exact_parameters()["u"]
    (0.01, '0.01')
    >>> Problem(lambda mu: 1 + mu**2).model.name
    'user'
    """

    model: CoefficientModel
    u: float = 0.0
    u_exact: Exact = field(init=False, repr=False, compare=False)

    if TYPE_CHECKING:    # what __init__ accepts, which the field types (the stored values) do not say
        def __init__(self, model: CoefficientModel | Callable[[NDArray[np.float64]], ArrayLike],
                     u: RealLike = 0.0) -> None: ...

    def __post_init__(self) -> None:
        model = self.model
        if not isinstance(model, CoefficientModel):
            if not callable(model):
                raise ParameterError("model must be a coefficient model or a callable D(mu); "
                                     f"got {type(model).__name__}")
            object.__setattr__(self, "model", UserModel(model))
        u = check_u(self.u)
        object.__setattr__(self, "u_exact", u)
        object.__setattr__(self, "u", float(u))

    @property
    def breakpoints(self) -> tuple[float, ...]:
        """The model's breakpoints, and mu = -u when 1 - abs(u) <= U_LAYER (module doc)."""
        extra = (-self.u,) if 1.0 - abs(self.u) <= U_LAYER else ()
        return tuple(self.model.breakpoints) + extra

    @property
    def gradings(self) -> tuple[Grading, ...]:
        """The model's gradings, and, when 1 - abs(u) <= U_LAYER, gradings from mu = -u toward
        both ends starting at U_LAYER_FIRST (1 - abs(u)): the layer where u + mu < 0."""
        width = 1.0 - abs(self.u)
        if width > U_LAYER:
            return tuple(self.model.gradings)
        first = U_LAYER_FIRST * width
        return tuple(self.model.gradings) + (Grading(-self.u, first, 1.0), Grading(-self.u, first, -1.0))

    def parameters(self) -> dict[str, Any]:
        """Every parameter, JSON-ready (the doubles used in double precision)."""
        return {**self.model.parameters(), "u": self.u}

    def exact_parameters(self) -> dict[str, str]:
        """Every parameter as the exact decimal string solved for in arbitrary precision."""
        return {**self.model.exact_parameters(), "u": self.u_exact.decimal()}

    def binary_inputs(self) -> list[str]:
        """Parameters that were given as binary doubles (their exact binary value is used)."""
        return self.model.binary_inputs() + (["u"] if self.u_exact.differs_from_typed else [])
