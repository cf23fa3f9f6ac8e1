"""One-line validation of user parameters.

Each check raises :class:`~pitcheig.errors.ParameterError` (a ``ValueError``)
whose message names the parameter and the allowed range; the CLI prints that
line and exits with code 2.
"""

import math
import numbers

from .errors import ParameterError


def _fmt(x):
    return f"{x:.6g}" if isinstance(x, float) else str(x)


def check_real(name, value, lo=-math.inf, hi=math.inf, lo_open=False, hi_open=False):
    """Return ``float(value)`` if it is a finite real in the stated interval."""
    interval = f"{'(' if lo_open else '['}{_fmt(lo)}, {_fmt(hi)}{')' if hi_open else ']'}"
    message = f"{name} must be a finite number in {interval}; got {value!r}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(message)
    x = float(value)
    if not math.isfinite(x):
        raise ParameterError(message)
    below = x <= lo if lo_open else x < lo
    above = x >= hi if hi_open else x > hi
    if below or above:
        raise ParameterError(message)
    return x


def check_int(name, value, lo, hi):
    """Return ``int(value)`` if it is an integer in ``[lo, hi]``."""
    message = f"{name} must be an integer in [{lo}, {hi}]; got {value!r}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ParameterError(message)
    if not lo <= int(value) <= hi:
        raise ParameterError(message)
    return int(value)


def check_choice(name, value, choices):
    """Return ``value`` if it is one of ``choices``."""
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise ParameterError(f"{name} must be one of {allowed}; got {value!r}")
    return value
