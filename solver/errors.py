"""Named exceptions and warnings of pitcheig.

Every message says what went wrong and what the user can do about it.
"""


class ParameterError(ValueError):
    """A parameter is outside its allowed range.

    The message is one line naming the parameter and the allowed range,
    e.g. ``eps must be a finite number in (0, 0.1362]; got -1``.
    The CLI prints it and exits with code 2.
    """


class ConvergenceError(RuntimeError):
    """The adaptive solver could not certify the requested accuracy.

    Raised only when the caller asks for it (``on_failure="raise"``); the
    default is to return the result with ``converged=False`` and the
    diagnostics that explain why.  The ``result`` attribute carries that
    unconverged result.
    """

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = result


class NotConvergedWarning(RuntimeWarning):
    """Issued when a result is returned with ``converged=False``."""
