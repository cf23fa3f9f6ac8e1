"""The eigenproblem of eq. (15) and the validation of its parameters.

    d/dmu [ (1 - mu^2) D(mu) dPsi/dmu ] + lambda (u + mu) Psi = 0,  -1 < mu < 1,
    Psi bounded at mu = -1 and mu = +1.

A :class:`Problem` is a coefficient model (see models.py) and the flow speed
u of the scattering centres in units of c.
"""

from dataclasses import dataclass

from .errors import ParameterError
from .models import CoefficientModel, UserModel
from .validation import check_real

#: Accepted flow speeds.  The solver is correct for any |u| < 1 (the weight
#: still changes sign) but is tested on [-0.5, 0.5], so that is what it accepts.
U_MAX = 0.5


@dataclass(frozen=True)
class Problem:
    """Eq. (15) for coefficient ``model`` and flow speed ``u`` in [-0.5, 0.5].

    ``model`` may also be a plain callable D(mu), which is wrapped in a
    :class:`~pitcheig.models.UserModel` without breakpoints.
    """

    model: CoefficientModel
    u: float = 0.0

    def __post_init__(self):
        model = self.model
        if not isinstance(model, CoefficientModel):
            if not callable(model):
                raise ParameterError("model must be a coefficient model or a callable D(mu); "
                                     f"got {type(model).__name__}")
            object.__setattr__(self, "model", UserModel(model))
        object.__setattr__(self, "u", check_real("u", self.u, -U_MAX, U_MAX))

    def parameters(self):
        """Every parameter, JSON-ready."""
        return {**self.model.parameters(), "u": self.u}
