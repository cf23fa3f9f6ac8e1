"""Bad input gets a one-line ParameterError naming the parameter and its range."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pitcheig import Flat, ParameterError, Peak, Physical, Problem, UserModel, eigs
from pitcheig.models import EPS_MAX


@pytest.mark.parametrize("kwargs, name", [
    (dict(eps=0.0, a=1.0), "eps"), (dict(eps=-1e-3, a=1.0), "eps"), (dict(eps=math.nan, a=1.0), "eps"),
    (dict(eps=math.inf, a=1.0), "eps"), (dict(eps=0.2, a=1.0), "eps"),      # b = j1^2 eps / 2 >= 1
    (dict(eps=1e-3, a=0.0), "a"), (dict(eps=1e-3, a=-2.0), "a"), (dict(eps=1e-3, a=math.nan), "a"),
    (dict(eps=1e-3, a=1.0, ends="+2"), "ends"), (dict(eps="0.1x", a=1.0), "eps"), (dict(eps=True, a=1.0), "eps"),
    (dict(eps="nan", a=1.0), "eps"), (dict(eps=None, a=1.0), "eps"), (dict(eps=[1e-3], a=1.0), "eps"),
])
def test_peak_rejects_bad_parameters(kwargs, name):
    with pytest.raises(ParameterError) as info:
        Peak(**kwargs)
    message = str(info.value)
    assert message.startswith(name) and "\n" not in message
    if name != "ends":
        assert "[" in message or "(" in message  # the allowed range is stated


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_eps_accepted_exactly_on_its_documented_range(eps):
    inside = 1e-10 <= eps < EPS_MAX
    try:
        Peak(eps, 1.0)
        assert inside
    except ParameterError as exc:
        assert not inside and str(exc).startswith("eps")


def test_problem_and_solver_parameters():
    with pytest.raises(ParameterError, match=r"^u must be a finite number in \(-1, 1\)"):
        Problem(Flat(), u=1.0)
    with pytest.raises(ParameterError, match=r"^u must be within \[-0.5, 0.5\] for digits"):
        eigs(Flat(), u=0.7, digits=20)
    with pytest.raises(ParameterError, match="^k must be an integer"):
        eigs(Flat(), k=0)
    with pytest.raises(ParameterError, match="^tol must be"):
        eigs(Flat(), tol=1e-20)
    with pytest.raises(ParameterError, match="^delta must be"):
        Physical(1e-3, delta=0.0)
    assert isinstance(ParameterError("x"), ValueError)  # the API contract: a ValueError


def test_user_coefficient_must_be_positive():
    with pytest.raises(ParameterError, match="^coefficient D must be positive"):
        eigs(UserModel(lambda mu: 1.0 - 2.0 * mu**2), k=1)
    with pytest.raises(ParameterError, match="^D: user D .* is not finite"):
        eigs(lambda mu: mu * 0.0 + math.nan, k=1)
    with pytest.raises(ParameterError, match="^breakpoints"):
        UserModel(lambda mu: 1.0 + 0 * mu, breakpoints=[1.5])


@pytest.mark.parametrize("kwargs, name", [
    ({"max_solves": 0}, "max_solves"), ({"max_dofs": 0}, "max_dofs"), ({"max_dofs": "100"}, "max_dofs"),
    ({"max_dofs": -1}, "max_dofs"), ({"max_dofs": math.nan}, "max_dofs"), ({"max_dofs": 100.0}, "max_dofs"),
    ({"max_seconds": 0}, "max_seconds"), ({"max_seconds": "soon"}, "max_seconds"),
    ({"blas_threads": 0}, "blas_threads"), ({"on_failure": "ignore"}, "on_failure"), ({"layout": "x"}, "layout"),
    ({"k": 2.0}, "k"), ({"k": True}, "k"), ({"tol": None}, "tol"), ({"function_tol": 1.0}, "function_tol"),
    ({"u": "1e-320"}, "u"), ({"u": [0.1]}, "u"),
])
def test_every_eigs_argument_is_validated(kwargs, name):
    """Before: max_solves=0 or max_dofs=0 raised ConvergenceError, max_dofs="100" or None a
    TypeError, and max_dofs=nan meant no limit.  (None now means the documented default.)"""
    with pytest.raises(ParameterError) as info:
        eigs(Flat(), **kwargs)
    assert str(info.value).startswith(name) and "\n" not in str(info.value)


@pytest.mark.parametrize("kwargs, name", [({"max_dofs": 100}, "max_dofs"), ({"layout": "global"}, "layout"),
                                          ({"function_tol": 1e-8}, "function_tol"), ({"max_solves": 3}, "max_solves")])
def test_settings_that_shooting_would_ignore_are_refused(kwargs, name):
    with pytest.raises(ParameterError, match=f"^{name} is not used by method 'shoot'"):
        eigs(Flat(), method="shoot", **kwargs)
    with pytest.raises(ParameterError, match="^digits needs method='galerkin' or 'shoot'"):
        eigs(Flat(), method="collocation", digits=20)
