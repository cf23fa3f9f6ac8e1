"""One-line validation of user parameters.

Each check raises :class:`~pitcheig.errors.ParameterError` (a ``ValueError``)
whose message names the parameter and the allowed range; the CLI prints that
line and exits with code 2.  Numbers may be given as ``int``, ``float``,
``str``, ``fractions.Fraction``, ``decimal.Decimal`` or ``mpmath.mpf`` (see
:mod:`pitcheig.exact`); the range test is done on the nearest double, since the
documented bounds are decimals held as doubles (so ``a = "1e-10"`` is inside
[1e-10, 1e4] although 1/10^10 is a hair below the double 1e-10).
"""

import math
import numbers

import numpy as np

from .errors import ParameterError
from .exact import parse_exact


def _fmt(x):
    return f"{x:.6g}" if isinstance(x, float) else str(x)


def interval_text(lo, hi, lo_open=False, hi_open=False):
    """"[lo, hi]", "(lo, hi]", ... as printed in messages."""
    return f"{'(' if lo_open else '['}{_fmt(lo)}, {_fmt(hi)}{')' if hi_open else ']'}"


def check_exact(name, value, lo=-math.inf, hi=math.inf, lo_open=False, hi_open=False):
    """The exact value (:class:`~pitcheig.exact.Exact`) of a finite real in the stated interval."""
    message = f"{name} must be a finite number in {interval_text(lo, hi, lo_open, hi_open)}; got {value!r}"
    exact = parse_exact(value)
    if exact is None:
        raise ParameterError(message)
    x = float(exact)           # the bounds are decimals written as doubles: compare like with like
    below = x <= lo if lo_open else x < lo
    above = x >= hi if hi_open else x > hi
    if below or above:
        raise ParameterError(message)
    return exact


def check_real(name, value, lo=-math.inf, hi=math.inf, lo_open=False, hi_open=False):
    """Return the double nearest to ``value`` if it is a finite real in the stated interval."""
    return float(check_exact(name, value, lo, hi, lo_open, hi_open))


def check_int(name, value, lo, hi):
    """Return ``int(value)`` if it is an integer (not a bool, not a float) in ``[lo, hi]``."""
    message = f"{name} must be an integer in [{lo}, {hi}]; got {value!r}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ParameterError(message)
    if not lo <= int(value) <= hi:
        raise ParameterError(message)
    return int(value)


def check_choice(name, value, choices):
    """Return ``value`` if it is one of ``choices``."""
    try:
        ok = value in choices
    except (TypeError, ValueError):   # unhashable values, arrays
        ok = False
    if not ok:
        allowed = ", ".join(repr(c) for c in choices)
        raise ParameterError(f"{name} must be one of {allowed}; got {value!r}")
    return value


def check_user_values(what, values, mu):
    """Values returned by a user callable at the points ``mu``, as a real float array
    of mu's shape: a scalar is broadcast; complex values (with a nonzero imaginary
    part), non-numeric or non-finite values and any other shape raise
    ParameterError naming ``what``."""
    try:
        array = np.asarray(values)
    except Exception:          # noqa: BLE001 - ragged sequences and other oddities
        raise ParameterError(f"{what} returned {type(values).__name__}, not numbers") from None
    if array.dtype.kind == "c":
        if np.any(array.imag != 0):
            raise ParameterError(f"{what} returned complex values; it must be real")
        array = array.real
    if array.dtype.kind not in "biuf":
        raise ParameterError(f"{what} returned values of type {array.dtype}, not real numbers")
    if array.shape not in ((), np.shape(mu)):
        raise ParameterError(f"{what} returned shape {array.shape} for input of shape {np.shape(mu)}; "
                             "it must be vectorised (same shape, or a scalar)")
    array = np.broadcast_to(array.astype(float), np.shape(mu)).copy()
    bad = ~np.isfinite(array)
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ParameterError(f"{what} is not finite at mu = {np.ravel(mu)[i]:.17g} "
                             f"(value {array.flat[i]!r})")
    return array


def check_output_file(name, path, suffixes):
    """Check, before any work, that ``path`` can be written: its suffix is one of
    ``suffixes`` and a file can be created there (tried, and removed again if it
    did not exist).  Returns the path as a string."""
    import os

    text = os.fspath(path) if path is not None else ""
    suffix = os.path.splitext(text)[1].lower()
    if suffix not in suffixes:
        raise ParameterError(f"{name} must be a file ending in {' or '.join(suffixes)}; got {text!r}")
    if os.path.isdir(text):
        raise ParameterError(f"{name}: {text!r} is a directory")
    existed = os.path.exists(text)
    try:
        with open(text, "ab"):
            pass
    except OSError as exc:
        raise ParameterError(f"{name}: cannot write {text!r}: {exc.strerror or exc}") from None
    if not existed:
        os.remove(text)
    return text


def check_output_dir(name, path):
    """Create the directory ``path`` (and its parents) now, before any work, and check
    that a file can be written in it.  Returns the path as a string."""
    import os
    import tempfile

    text = os.fspath(path)
    try:
        os.makedirs(text, exist_ok=True)
        with tempfile.TemporaryFile(dir=text):
            pass
    except OSError as exc:
        raise ParameterError(f"{name}: cannot write into directory {text!r}: {exc.strerror or exc}") from None
    return text
