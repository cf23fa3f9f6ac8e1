"""Exact values of user parameters.

In arbitrary precision the problem solved must be the one the user typed:
``--u 0.1`` means u = 1/10, not the binary double nearest to it.  Every
parameter is therefore held as an exact rational (:class:`fractions.Fraction`)
next to the double that the double-precision solvers use:

* ``str`` ("0.1", "1e-3", "-5E-2", "1/3"), ``int``, ``fractions.Fraction``,
  ``decimal.Decimal`` and ``mpmath.mpf`` are converted exactly;
* a ``float`` (or numpy floating) is its exact binary value, and
  :attr:`Exact.from_binary` records that, so a result can say so.

mpmath code converts with :func:`to_mpf` at its own working precision, so
raising the precision refines the same problem.
"""

import decimal
import math
import numbers
from fractions import Fraction
from typing import NamedTuple

import mpmath
import numpy as np


class Exact(NamedTuple):
    """An exact parameter value and whether it came from a binary double."""

    fraction: Fraction
    from_binary: bool = False

    def __float__(self):
        try:
            return float(self.fraction)    # int / int: correctly rounded
        except OverflowError:              # beyond the doubles: out of every accepted range
            return math.inf if self.fraction > 0 else -math.inf

    @property
    def differs_from_typed(self):
        """A binary double whose value is not the decimal it prints as (0.1, 1e-3; not
        0.0 or 0.5): the exact binary value then differs from what was typed."""
        return self.from_binary and Fraction(repr(float(self.fraction))) != self.fraction

    def decimal(self):
        """The exact value as a decimal string when it terminates (every value typed
        as a decimal or given as a double does), else as "p/q"."""
        return exact_string(self.fraction)


def exact_string(fraction):
    """Exact decimal expansion of ``fraction`` if its denominator is 2^i 5^j, else "p/q"."""
    den = fraction.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{fraction.numerator}/{fraction.denominator}"
    places = max(twos, fives)            # fraction * 10^places is an integer
    scaled = fraction * 10**places
    digits = str(abs(scaled.numerator))
    sign = "-" if fraction < 0 else ""
    if places == 0:
        return sign + digits
    digits = digits.rjust(places + 1, "0")
    text = f"{digits[:-places]}.{digits[-places:]}".rstrip("0").rstrip(".")
    return sign + text


def parse_exact(value):
    """Exact value of ``value``, or None if it is not a finite real number."""
    if isinstance(value, Exact):
        return value
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        try:
            return Exact(Fraction(text))
        except (ValueError, ZeroDivisionError):
            return None
    if isinstance(value, (float, np.floating)):
        x = float(value)
        return Exact(Fraction(x), True) if math.isfinite(x) else None
    if isinstance(value, numbers.Rational):
        return Exact(Fraction(value.numerator, value.denominator))
    if isinstance(value, decimal.Decimal):
        return Exact(Fraction(value)) if value.is_finite() else None
    if isinstance(value, mpmath.mpf):
        if not mpmath.isfinite(value):
            return None
        man, exp = value.man_exp
        return Exact(Fraction(int(man)) * Fraction(2) ** int(exp))
    return None


def to_mpf(value):
    """An Exact, Fraction or number as an mpmath number at the current working precision."""
    fraction = value.fraction if isinstance(value, Exact) else Fraction(value)
    return mpmath.mpf(fraction.numerator) / fraction.denominator
