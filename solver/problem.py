"""The eigenproblem of eq. (15) and the validation of its parameters.

    d/dmu [ (1 - mu^2) D(mu) dPsi/dmu ] + lambda (u + mu) Psi = 0,  -1 < mu < 1,
    Psi bounded at mu = -1 and mu = +1.

A :class:`Problem` is a coefficient model (see models.py) and the flow speed
u of the scattering centres in units of c.
"""

from dataclasses import dataclass, field

from .errors import ParameterError
from .exact import Exact
from .models import CoefficientModel, UserModel
from .validation import check_exact

#: Accepted flow speeds.  The solver is correct for any |u| < 1 (the weight
#: still changes sign) but is tested on [-0.5, 0.5], so that is what it accepts.
U_MAX = 0.5
#: Smallest nonzero |u| accepted: the advective eigenvalue (~ -6u) comes from the
#: rank-one term b b^T / (2u), whose size |b|^2/(2|u|) overflows for subnormal u.
U_TINY = 1e-300


def check_u(value):
    """The exact u: 0 or 1e-300 <= |u| <= 0.5."""
    u = check_exact("u", value, -U_MAX, U_MAX)
    if u.fraction != 0 and abs(float(u)) < U_TINY:      # doubles, like the bounds of check_exact
        raise ParameterError(f"u must be 0 or a finite number with {U_TINY:g} <= |u| <= {U_MAX:g}; got {value!r}")
    return u


@dataclass(frozen=True)
class Problem:
    """Eq. (15) for coefficient ``model`` and flow speed ``u`` in [-0.5, 0.5].

    ``model`` may also be a plain callable D(mu), which is wrapped in a
    :class:`~pitcheig.models.UserModel` without breakpoints.  ``u`` may be any
    number type of :mod:`pitcheig.exact`; ``u`` holds the nearest double and
    ``u_exact`` the exact value (what arbitrary precision solves for).
    """

    model: CoefficientModel
    u: float = 0.0
    u_exact: Exact = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        model = self.model
        if not isinstance(model, CoefficientModel):
            if not callable(model):
                raise ParameterError("model must be a coefficient model or a callable D(mu); "
                                     f"got {type(model).__name__}")
            object.__setattr__(self, "model", UserModel(model))
        u = check_u(self.u)
        object.__setattr__(self, "u_exact", u)
        object.__setattr__(self, "u", float(u))

    def parameters(self):
        """Every parameter, JSON-ready (the doubles used in double precision)."""
        return {**self.model.parameters(), "u": self.u}

    def exact_parameters(self):
        """Every parameter as the exact decimal string solved for in arbitrary precision."""
        return {**self.model.exact_parameters(), "u": self.u_exact.decimal()}

    def binary_inputs(self):
        """Parameters that were given as binary doubles (their exact binary value is used)."""
        return self.model.binary_inputs() + (["u"] if self.u_exact.differs_from_typed else [])
