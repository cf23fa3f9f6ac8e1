"""Named exceptions and warnings of pitcheig.

Every message says what went wrong and what the user can do about it.  The error
contract of :func:`pitcheig.eigs` (README, "The error contract"): bad input raises
:class:`ParameterError` before any work; a result that cannot be certified is
returned with ``converged=False`` and a :class:`NotConvergedWarning`, or, with
``on_failure="raise"``, raised as a :class:`ConvergenceError` that carries it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ParameterError", "ConvergenceError", "NotConvergedWarning"]


class ParameterError(ValueError):
    """A parameter is outside its allowed range.

    The message is one line naming the parameter and the allowed range,
    e.g. ``eps must be a finite number in [1e-10, 0.136221); got -1``.
    The CLI prints it and exits with code 2.  It is a ``ValueError``, so
    ``except ValueError`` catches it too.

    Parameters
    ----------
    message : str
        The one-line explanation: the parameter, its accepted range and the value given.

    Examples
    --------
    >>> from pitcheig import Peak
    >>> try:
    ...     Peak(eps=-1, a=1e-4)
    ... except ParameterError as exc:
    ...     print(exc)
    eps must be a finite number in [1e-10, 0.136221); got -1
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)


class ConvergenceError(RuntimeError):
    """The adaptive solver could not certify the requested accuracy.

    Raised only when the caller asks for it (``on_failure="raise"``); the
    default is to return the result with ``converged=False`` and the
    diagnostics that explain why.  The ``result`` attribute carries that
    unconverged result.

    Parameters
    ----------
    message : str
        Why the result is not certified and what to try (a larger budget, a looser tol).
    result : EigenResult, Propagation or None, default None
        The unconverged result: an :class:`~pitcheig.result.EigenResult` from
        :func:`pitcheig.eigs` (its ``pairs`` may be empty when not even one
        eigen-solve was possible), a :class:`~pitcheig.propagation.Propagation` from
        :func:`pitcheig.propagation.propagate`, or None when there is none.

    Examples
    --------
    One discrete solve cannot show that the eigenvalues stopped drifting:

    >>> from pitcheig import Peak, eigs
    >>> try:
    ...     eigs(Peak(eps=1e-3, a=1e-4), k=1, max_solves=1, on_failure="raise")
    ... except ConvergenceError as exc:
    ...     print(exc.result.converged, "|", exc.result.message)
    False | solve budget of 1 solves exhausted
    """

    def __init__(self, message: str, result: Any = None) -> None:
        super().__init__(message)
        self.result = result


class NotConvergedWarning(RuntimeWarning):
    """Issued when a result is returned with ``converged=False``.

    The warning's text is the result's ``message`` with a remedy; the result
    itself is returned, so its diagnostics can be read.  Turn it into an
    exception with ``warnings.simplefilter("error", NotConvergedWarning)``, or
    ask :func:`pitcheig.eigs` for a :class:`ConvergenceError` with
    ``on_failure="raise"``.

    Parameters
    ----------
    message : str
        Why the result is not certified and what to try.

    Examples
    --------
    >>> import warnings
    >>> from pitcheig import Peak, eigs
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     result = eigs(Peak(eps=1e-3, a=1e-4), k=1, max_solves=1)
    >>> caught[0].category.__name__, result.converged
    ('NotConvergedWarning', False)
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
