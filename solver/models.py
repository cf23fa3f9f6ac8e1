"""Coefficient models D(mu) of eq. (15) of Malkov et al. (2010), normalised to nu_theta (eq. 11).

A model is a callable ``D(mu)`` (a :class:`CoefficientModel`) that also knows

* ``breakpoints``: interior points where D is not smooth (they become mesh
  breakpoints, so no piece of a discretisation straddles a kink);
* ``gradings``: where its internal length scales sit, used to build the
  initial mesh (see :mod:`pitcheig.mesh`);
* ``parameters()``: a JSON-ready description.

Models (SPEC section 2):

* :class:`Flat` -- D = 1 (eq. 17);
* :class:`Peak` -- eqs. (24)-(26): D = 1 + sum over peaked ends of F(w_s)/a,
  w_s = (1 - s mu)/b, b = j1^2 eps/2 (eq. 35), F(w) = (pi/2) J1(j1 sqrt w)^2/(j1^2 w)
  for w <= 1 and 0 beyond (:func:`peak_shape`);
* :class:`Physical` -- the peak model with a tied to eps by eq. (11):
  a = (delta ln(1/eps) + eps^{3/2})/6 (:func:`physical_a`);
* :class:`FirstPrinciples` -- D from the resonant sum of eqs. (4)-(5) itself;
* :class:`UserModel` -- any positive callable with optional breakpoints;
* :func:`make_model` -- a named model from CLI-style parameters.

Every parameter may be given as a float, int, str, ``fractions.Fraction``,
``decimal.Decimal`` or ``mpmath.mpf`` and is kept exactly (:mod:`pitcheig.exact`);
a value outside its range raises :class:`~pitcheig.errors.ParameterError`.

Constants:

* ``J1_ZERO`` = 3.8317059702075125: j1, the first positive zero of the Bessel function J1;
* ``EPS_MAX`` = 2 / j1^2 = 0.13622...: eps must stay below it, so that the peak
  width b = j1^2 eps / 2 stays below 1.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np
from scipy import special

from typing import TYPE_CHECKING, Any, Callable, Iterable, cast

from numpy.typing import ArrayLike, NDArray

from .errors import ParameterError
from .exact import to_mpf
from .validation import check_choice, check_exact, check_real, check_user_values

if TYPE_CHECKING:
    from .turbulence import ResonantTable

__all__ = ["CoefficientModel", "Flat", "Peak", "Physical", "FirstPrinciples", "UserModel", "make_model",
           "peak_shape", "physical_a", "J1_ZERO", "EPS_MAX"]

#: A real parameter as accepted (pitcheig.exact): kept exactly, "0.1" being 1/10 (an
#: mpmath.mpf is accepted too; it is untyped, so it is not listed).
RealLike = float | int | str | Fraction | Decimal

#: j1, the first positive zero of the Bessel function J1.
J1_ZERO = float(special.jn_zeros(1, 1)[0])

#: eps must keep the peak width b = j1^2 eps / 2 below 1.
EPS_MAX = 2.0 / J1_ZERO**2
#: Smallest eps and a accepted.  Below eps ~ 1e-10 the transition layer
#: (width ~ 4 sqrt(a) b in mu) approaches the spacing of doubles near mu = 1.
EPS_MIN = 1e-10
A_MIN, A_MAX = 1e-10, 1e4

ENDS = ("both", "+1", "-1")


@dataclass(frozen=True)
class Grading:
    """Geometric mesh grading requested by a model.

    Mesh points are placed at ``origin + direction * first * ratio**k``
    (k = 0, 1, ...) until they come within one step of ``limit``.  The model
    says where a length scale ``first`` sits; :mod:`pitcheig.mesh` decides
    the ratio.
    """

    origin: float
    first: float
    limit: float

    @property
    def direction(self) -> float:
        """+1 when the points march toward larger mu, else -1."""
        return 1.0 if self.limit > self.origin else -1.0


class CoefficientModel(ABC):
    """A positive diffusion coefficient D(mu) on [-1, 1]: the interface of every model.

    D is the coefficient of eq. (15), normalised to nu_theta (eq. 11).  A model
    is called on an array of mu and returns D there; it also carries ``name``,
    ``breakpoints`` (interior points where D or a derivative is not smooth),
    ``gradings`` (where its length scales sit, for the initial mesh),
    ``accuracy`` (relative accuracy of D as evaluated; 0 for closed forms) and
    ``parameters()``.  The built-in models subclass it; for your own D use
    :class:`UserModel`, which checks the callable's values and probes for
    features no breakpoint marks.

    Examples
    --------
    >>> from pitcheig import Peak
    >>> model = Peak(eps=1e-3, a=1e-4)
    >>> isinstance(model, CoefficientModel), model.name, model.accuracy
    (True, 'peak', 0.0)
    >>> [round(x, 6) for x in model.breakpoints]
    [-0.992659, 0.992659]
    >>> [round(float(d), 6) for d in model([0.0, 1.0])]
    [1.0, 3927.990817]
    """

    name = "model"
    breakpoints: tuple = ()
    gradings: tuple = ()
    #: relative accuracy of D as evaluated (0 for closed forms).  Since D -> D (1 +- eta)
    #: moves every eigenvalue by at most a factor (1 +- eta) (Rayleigh quotient of the
    #: energy, monotone in D), eigs() adds |lambda| * accuracy to each error estimate.
    accuracy: float = 0.0
    #: exact values of the parameters as given (name -> pitcheig.exact.Exact)
    exact: dict = {}
    #: for user-supplied D only: the narrowest unmarked feature that the probe of
    #: pitcheig.coefficient looks for.  None marks a built-in model: continuous at its
    #: breakpoints, with its features known (pitcheig.coefficient samples it differently)
    feature_width: float | None = None

    @abstractmethod
    def __call__(self, mu: ArrayLike) -> NDArray[np.float64]:
        """D at the points ``mu`` (array in, array out)."""

    def evaluate(self, mu: ArrayLike, t_minus: ArrayLike, t_plus: ArrayLike) -> NDArray[np.float64]:
        """D at ``mu`` given also the distances ``t_minus, t_plus = 1 + mu, 1 - mu`` to the ends,
        computed accurately by the caller (see :func:`pitcheig.mesh.piece_points`).
        Models with structure within a few ulps of mu = +-1 override this."""
        return self(mu)

    def is_constant_on(self, left: float, right: float) -> bool:
        """Whether D is constant on [left, right] by construction (then it needs no
        sampling: coefficient.resolve_coefficient).  False unless a model knows."""
        return False

    @abstractmethod
    def parameters(self) -> dict[str, Any]:
        """A JSON-ready dict of the model's parameters."""

    def exact_parameters(self) -> dict[str, str]:
        """The parameters as the exact decimal strings that were solved for."""
        return {name: value.decimal() for name, value in self.exact.items()}

    def binary_inputs(self) -> list[str]:
        """Names of the parameters that were given as binary doubles whose value is not
        the decimal they print as (their exact binary value is the one used in
        arbitrary precision)."""
        return [name for name, value in self.exact.items() if value.differs_from_typed]


class Flat(CoefficientModel):
    """D = 1: the unperturbed problem, eq. (17).

    Eq. (15) with D = 1 at u = 0 is the paper's eq. (17), whose first eigenvalue
    it quotes as lambda_1 ~ 14.54 (and lambda_2 ~ 2 lambda_1); the exact values
    are 14.528003409361 and 42.048546179052 (the Legendre continuant of
    tests/conftest.py at 30 digits), so lambda_2 ~ 2.9 lambda_1.  It takes no parameters.

    Examples
    --------
    >>> from pitcheig import eigs
    >>> Flat()([-1.0, 0.0, 1.0])
    array([1., 1., 1.])
    >>> result = eigs(Flat(), k=2)
    >>> print(f"{result.eigenvalue(+1):.9f} {result.eigenvalue(+2):.8f}")
    14.528003409 42.04854618
    """

    name = "flat"

    def __call__(self, mu: ArrayLike) -> NDArray[np.float64]:
        return np.ones_like(np.asarray(mu, dtype=float))

    def is_constant_on(self, left: float, right: float) -> bool:
        """Always True: D = 1 everywhere."""
        return True

    def parameters(self) -> dict[str, Any]:
        """``{"model": "flat"}``."""
        return {"model": self.name}


def peak_shape(w: ArrayLike) -> NDArray[np.float64]:
    """F(w) of eq. (26): (pi/2) J1(j1 sqrt w)^2 / (j1^2 w) on [0, 1], 0 beyond.

    Written as (pi/2) (J1(z)/z)^2 with z = j1 sqrt(w), so w = 0 needs no
    special case beyond the series J1(z)/z = 1/2 - z^2/16 + O(z^4) for tiny z.
    F(0) = pi/8 and F has a double zero at w = 1, so D is C^1, not C^2, there.
    The peak model's D is 1 + F(w)/a (eq. 25) with w = (1 - mu)/b (eq. 24).

    Parameters
    ----------
    w : array_like of float
        The stretched variable of eq. (24), w = (1 - s mu)/b; any real (negative
        w is clipped to 0, w > 1 gives 0).

    Returns
    -------
    numpy.ndarray of float
        F(w), of the shape of ``w`` (a 0-d array for a scalar).

    Examples
    --------
    >>> import math
    >>> print(peak_shape([0.0, 0.5, 1.0, 2.0]).round(8))
    [0.39269908 0.04118237 0.         0.        ]
    >>> bool(abs(peak_shape(0.0) - math.pi / 8) < 1e-16)
    True
    """
    w = np.asarray(w, dtype=float)
    z = J1_ZERO * np.sqrt(np.clip(w, 0.0, 1.0))
    small = z < 1e-4  # the neglected z^4/384 term is below 1e-18 there
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(small, 0.5 - z * z / 16.0, special.j1(z) / z)
    return np.where(w <= 1.0, 0.5 * math.pi * ratio * ratio, 0.0)


class Peak(CoefficientModel):
    """Peaked coefficient of eqs. (24)-(26) at the ends listed in ``ends``.

    D(mu) = 1 + sum over the peaked ends s of F(w_s)/a, w_s = (1 - s mu)/b
    (eqs. 24-25), F of eq. (26) (:func:`peak_shape`).  The peak is
    b = j1^2 eps/2 ~ 7.34 eps wide in mu and D(s) = 1 + pi/(8a) high; D is C^1
    but not C^2 at mu = s(1 - b), which is a breakpoint of every mesh, and
    for small a it climbs from ~1 to ~1/a in a layer of width ~ 4 sqrt(a) b
    (``layer_width``) inside it.

    Parameters
    ----------
    eps : float, str, Fraction or Decimal
        The paper's epsilon (r_g / l); the peak width is ``b = j1**2 * eps / 2``
        (eq. 35), which must be < 1.  Accepted: [1e-10, 2/j1^2) = [1e-10, 0.13622...).
        Kept exactly (a str "1e-3" is 1/1000); ``eps`` holds the nearest double.
    a : float, str, Fraction or Decimal
        Inverse peak height: D(+-1) = 1 + pi/(8a).  Accepted: [1e-10, 1e4].
    ends : {"both", "+1", "-1"}, default "both"
        Which ends carry a peak (the paper analyses the +1 end).

    Raises
    ------
    ParameterError
        ``eps``, ``a`` or ``ends`` outside the accepted range.

    Examples
    --------
    >>> from pitcheig import eigs
    >>> model = Peak(eps=1e-3, a=1e-4)
    >>> print(f"b = {model.peak_width:.6f}, D(1) = {float(model(1.0)):.4f}")
    b = 0.007341, D(1) = 3927.9908
    >>> print(f"{eigs(model, k=1).eigenvalue(+1):.9f}")
    14.552651258

    A peak at one end only (the spectrum is then no longer symmetric):

    >>> Peak(1e-3, 1e-4, ends="+1").breakpoints
    (0.992659014678938,)
    """

    name = "peak"

    def __init__(self, eps: RealLike, a: RealLike, ends: str = "both") -> None:
        self.exact = {"eps": check_exact("eps", eps, EPS_MIN, EPS_MAX, hi_open=True),
                      "a": check_exact("a", a, A_MIN, A_MAX)}
        self._set_shape(float(self.exact["eps"]), float(self.exact["a"]), ends)

    def _set_shape(self, eps, a, ends):
        self.eps, self.a = eps, a
        self.ends = check_choice("ends", ends, ENDS)
        self.peak_width = 0.5 * J1_ZERO**2 * self.eps
        # For small a, D climbs from 1 to ~1/a in a layer just inside w = 1:
        # D = 1 + C (1-w)^2 / a with C = (pi/8) J0(j1)^2 ~ 0.064, so D = 2 at
        # 1 - w = sqrt(a/C) ~ 3.96 sqrt(a).  Its width in mu:
        c_layer = math.pi / 8.0 * special.j0(J1_ZERO) ** 2
        self.layer_width = self.peak_width * min(0.5, math.sqrt(self.a / c_layer))
        self.signs = {"both": (1.0, -1.0), "+1": (1.0,), "-1": (-1.0,)}[self.ends]
        self.breakpoints = tuple(sorted(s * (1.0 - self.peak_width) for s in self.signs))
        self.gradings = tuple(self._gradings())

    def _gradings(self):
        b = self.peak_width
        for s in self.signs:
            edge = s * (1.0 - b)
            # inside the peak: from the layer at w = 1 toward the end mu = s
            yield Grading(origin=edge, first=self.layer_width, limit=s)
            # outside: the outer solution carries log(1 - s mu) (eq. 23),
            # whose only scale is the distance b to the end; grade from mu = s
            yield Grading(origin=s, first=b, limit=0.0)

    def __call__(self, mu: ArrayLike) -> NDArray[np.float64]:
        mu = np.asarray(mu, dtype=float)
        return self.evaluate(mu, 1.0 + mu, 1.0 - mu)

    def evaluate(self, mu: ArrayLike, t_minus: ArrayLike, t_plus: ArrayLike) -> NDArray[np.float64]:
        """D from the distances to the ends: near mu = 1, 1 - mu carries only
        ~1e-16 / b relative accuracy (1.5e-9 for eps = 1e-8), t_+ carries 1e-16."""
        d = np.ones_like(np.asarray(mu, dtype=float))
        for s in self.signs:
            w = (t_plus if s > 0 else t_minus) / self.peak_width
            d = d + peak_shape(w) / self.a
        return d

    def is_constant_on(self, left: float, right: float) -> bool:
        """Whether [left, right] lies outside the peaks, where D = 1: abs(mu) <= 1 - b (eq. 25)."""
        edge = 1.0 - self.peak_width
        return all(right <= edge if s > 0 else left >= -edge for s in self.signs)

    def parameters(self) -> dict[str, Any]:
        """eps, a, ends and the peak width b (doubles), JSON-ready."""
        return {"model": self.name, "eps": self.eps, "a": self.a, "ends": self.ends,
                "peak_width": self.peak_width}

    def mp_parameters(self) -> tuple[Any, Any]:
        """(b, a) as mpmath numbers at the working precision, from the exact eps and a:
        b = j1^2 eps / 2 (eq. 35)."""
        j1 = mpmath.besseljzero(1, 1)
        return j1**2 * to_mpf(self.exact["eps"]) / 2, self._mp_a()

    def _mp_a(self):
        return to_mpf(self.exact["a"])


def physical_a(eps: float | mpmath.mpf, delta: float | mpmath.mpf) -> float | mpmath.mpf:
    """a of eq. (11): (delta ln(1/eps) + eps^{3/2}) / 6 (floats, or mpmath numbers).

    With D normalised to nu_theta, the peak's inverse height is a = nu_theta l / v
    (text after eq. 26), and eq. (11) gives nu_theta = (v/l)(delta ln(1/eps) + eps^{3/2})/6.

    Parameters
    ----------
    eps : float or mpmath.mpf
        The paper's epsilon, > 0 (no range check here: :class:`Physical` checks).
    delta : float or mpmath.mpf
        V_A / c, > 0.

    Returns
    -------
    float or mpmath.mpf
        a; an mpmath number (at the working precision) when either input is one.

    Examples
    --------
    >>> print(f"{physical_a(2.1e-3, 1e-4):.6e}")
    1.188026e-04
    >>> import mpmath
    >>> with mpmath.workdps(30):
    ...     print(mpmath.nstr(physical_a(mpmath.mpf("2.1e-3"), mpmath.mpf("1e-4")), 20))
    0.00011880264716989...
    """
    if isinstance(eps, mpmath.mpf) or isinstance(delta, mpmath.mpf):
        return (delta * mpmath.log(1 / eps) + eps * mpmath.sqrt(eps)) / 6
    return (delta * math.log(1.0 / eps) + eps**1.5) / 6.0


class Physical(Peak):
    """The peak model with a tied to eps by eq. (11); delta = V_A/c.

    The shape of :class:`Peak` (eqs. 24-26) with a = (delta ln(1/eps) + eps^{3/2})/6
    (:func:`physical_a`), so that the only parameters are the physical ones.

    Parameters
    ----------
    eps : float, str, Fraction or Decimal
        The paper's epsilon, in [1e-10, 2/j1^2) as for :class:`Peak`.
    delta : float, str, Fraction or Decimal, default 1e-4
        V_A / c, in (0, 1].  The a it gives by eq. (11) must lie in [1e-10, 1e4].
    ends : {"both", "+1", "-1"}, default "both"
        Which ends carry a peak.

    Raises
    ------
    ParameterError
        ``eps``, ``delta`` or ``ends`` outside its range, or an a outside [1e-10, 1e4].

    Examples
    --------
    A beam about 10 degrees wide (eq. 35: width ~ sqrt(2b) = j1 sqrt(eps) rad, so eps ~ 2.1e-3):

    >>> from pitcheig import eigs
    >>> model = Physical(eps=2.1e-3)
    >>> print(f"a = {model.a:.6e}, b = {model.peak_width:.6f}")
    a = 1.188026e-04, b = 0.015416
    >>> print(f"{eigs(model, k=1).eigenvalue(+1):.9f}")
    14.628506619
    """

    name = "physical"

    def __init__(self, eps: RealLike, delta: RealLike = 1e-4, ends: str = "both") -> None:
        self.exact = {"eps": check_exact("eps", eps, EPS_MIN, EPS_MAX, hi_open=True),
                      "delta": check_exact("delta", delta, 0.0, 1.0, lo_open=True)}
        eps, self.delta = float(self.exact["eps"]), float(self.exact["delta"])
        a = physical_a(eps, self.delta)
        if not A_MIN <= a <= A_MAX:
            raise ParameterError(f"delta = {delta!r} and eps = {eps!r} give a = {a:.3g} by eq. (11), outside "
                                 f"[{A_MIN:g}, {A_MAX:g}]: raise delta or eps")
        self._set_shape(eps, a, ends)

    def parameters(self) -> dict[str, Any]:
        """Those of :class:`Peak` (with the a of eq. 11) and delta, JSON-ready."""
        return {**super().parameters(), "delta": self.delta}

    def _mp_a(self):
        return physical_a(to_mpf(self.exact["eps"]), to_mpf(self.exact["delta"]))


class FiniteCorrelationBackground:
    """B(t) = F(mu) / ((1 - mu^2) nu_theta), t = 1 - |mu|: the finite-correlation-time part
    F of eq. (7) (derived form, minus its resonant delta -> 0 limit eq. 4;
    :func:`pitcheig.correlation.finite_correlation_part`) in the normalisation of
    eq. (11).  It replaces the paper's background 1 (eq. 25); at y >> 1 it is twice
    eq. (8)'s, because eq. (7) as printed is half of what eqs. (1)-(3) give.

    B is smooth and bounded on [0, 1] (1.90 at mu = 0, ~2.6 near mu = 1 at eps = 2.1e-3,
    delta = 1e-4), so it is held as one Chebyshev interpolant in log t on
    [T_MIN, T_MAX] and continued by its end values beyond (B is even in mu and
    analytic in t at the ends).  ``accuracy`` bounds its relative error: F's own
    error estimate, the interpolant's coefficient tail, the rounding of mu = 1 - t
    near the end (eps_mach / T_MIN), and the two continuations, estimated from the
    interpolant's variation next to them, plus SAFETY times the largest interpolation
    error measured against eq. (7) itself at the midpoints of every other gap between
    the nodes.  Measured at eps = 2.1e-3, delta = 1e-4: stated ~3e-3, the error at six
    other points <= 1.6e-3 (B has a feature near t ~ eps that one interpolant of degree
    40 follows only to that level; a piecewise one would do better at more cost).
    Building it costs ~1.5 DEGREE evaluations of eq. (7), 0.05-1.6 s each: ~45 s.
    """

    T_MIN, T_MAX, DEGREE = 1e-8, 1.0 - 1e-3, 40
    #: factor between the largest sampled interpolation error and the stated one
    SAFETY = 2.0

    def __init__(self, eps, delta):
        from .chebtech import chebpts2, vals2coeffs
        from .correlation import finite_correlation_part
        from .turbulence import nu_theta
        self._lo, self._hi = math.log(self.T_MIN), math.log(self.T_MAX)
        x = chebpts2(self.DEGREE + 1)
        x_check = 0.5 * (x[1:] + x[:-1])[::2]
        s = self._lo + (self._hi - self._lo) * 0.5 * (np.concatenate([x, x_check]) + 1.0)
        t_all = np.exp(s)
        f_all, err_all = finite_correlation_part(1.0 - t_all, eps, delta)
        nu = nu_theta(eps, delta)
        b_all = f_all / (t_all * (2.0 - t_all)) / nu
        n = x.size
        f, err, b = f_all[:n], err_all[:n], b_all[:n]
        self._coeffs = vals2coeffs(b)
        sampled = float(np.max(np.abs(self(t_all[n:]) / b_all[n:] - 1.0)))
        scale = float(np.max(np.abs(b)))
        tail = float(np.max(np.abs(self._coeffs[-3:]))) / scale
        own = float(np.max(err / np.abs(f)))
        near_one = abs(float(self(np.array([self.T_MIN]))[0] - self(np.array([10.0 * self.T_MIN]))[0])) / 9.0
        mu_low = 1.0 - self.T_MAX
        near_zero = abs(float(self(np.array([self.T_MAX]))[0] - self(np.array([1.0 - 10.0 * mu_low]))[0])) / 99.0
        self.accuracy = (own + tail + self.SAFETY * sampled + np.finfo(float).eps / self.T_MIN
                         + (near_one + near_zero) / scale)

    def __call__(self, t):
        x = (2.0 * np.log(np.clip(np.asarray(t, dtype=float), self.T_MIN, self.T_MAX)) - self._lo - self._hi) \
            / (self._hi - self._lo)
        return np.polynomial.chebyshev.chebval(x, self._coeffs)


class FirstPrinciples(CoefficientModel):
    """D from first principles: background + D_mumu / ((1 - mu^2) nu_theta), both ends.

    D_mumu is the resonant GS sum of eqs. (4)-(5), all n, normalised by nu_theta of
    eq. (11): with z = y / abs(mu)^{3/2}, y = sqrt((1 - mu^2)/eps) (eq. 5),
    D_mumu / (1 - mu^2) = (2 pi / 3)(v/l) abs(mu) G(z), G = z^{4/3} S(z), so

        D = background(mu) + R,   R = (2 pi / 3) abs(mu) G(z) / a,   a = nu_theta / (v/l) (eq. 11).

    The background is the finite-correlation-time term of eq. (8) in the same
    normalisation: 1 as in the paper's eq. (25), or with ``background="finite-correlation"``
    eq. (7)'s finite-correlation-time part (:class:`FiniteCorrelationBackground`,
    :meth:`_background`).
    G comes from one table for every eps (:func:`pitcheig.turbulence.resonant_table`,
    package data written by :func:`pitcheig.turbulence.write_resonant_table`, with the
    limits of eqs. 9 and 6 below and above it).  Unlike :class:`Peak`, the shape is not
    cut at w = 1 and includes all n and the eq. (6) wings.

    Representation: on pieces in t = 1 - abs(mu) (graded by 2 from b/256 to t = 1/2, then
    by MU_RATIO in abs(mu) down to MU_FLOOR, then [0, MU_FLOOR]; a piece is bisected while
    its fit misses the table by more than SPLIT_TOL, at most MAX_SPLITS times), sqrt(R)
    is interpolated at degree DEGREE (second-kind Chebyshev points in t), and
    D = background + P(t)^2: a polynomial of degree 2 DEGREE per piece, which the solver
    resolves exactly, and D >= background = 1 by construction.  All piece ends are
    breakpoints (D is only continuous there), and so is mu = 0.

    ``accuracy`` bounds the relative error of D, maximised over the pieces:
    (largest (D - background)/D on the piece) x (the table's stated error of G on the
    piece's z range) + SAFETY x (the fit's largest deviation from the table at
    CHECK x DEGREE first-kind points of the piece).  What the table leaves out (the
    harmonics of S too fast for its pieces, n >~ 10 near the peak) is inside its
    stated error; what the fit leaves out (harmonics too fast for a degree-DEGREE piece
    in mu) is inside the measured deviation.  Eigenvalues inherit it: D -> D (1 +- eta)
    moves lambda by at most a factor (1 +- eta) (Rayleigh quotient, monotone).

    Parameters
    ----------
    eps : float, str, Fraction or Decimal
        The paper's epsilon, in [1e-6, 2/j1^2).
    delta : float, str, Fraction or Decimal, default 1e-4
        V_A / c, in (0, 1]; sets nu_theta, hence a, by eq. (11).
    table : ResonantTable or None, default None
        The table of G (None: the package's, :func:`pitcheig.turbulence.resonant_table`).
    background : {"flat", "finite-correlation"}, default "flat"
        The normalised background: 1 (eq. 25), or eq. (7)'s finite-correlation-time
        part (:class:`FiniteCorrelationBackground`; tens of seconds to build).

    Raises
    ------
    ParameterError
        ``eps``, ``delta`` or ``background`` outside its range.

    Examples
    --------
    Building the model costs about 0.3 s; its D is known to a relative ~1e-6, which
    :func:`pitcheig.eigs` adds to every error estimate:

    >>> model = FirstPrinciples(eps=2.1e-3)
    >>> print(f"a = {model.a:.6e}, accuracy below 1e-6: {model.accuracy < 1e-6}")
    a = 1.188026e-04, accuracy below 1e-6: True
    >>> float(model(0.5)) > 1.0        # D >= background = 1 by construction
    True
    """

    name = "first-principles"

    #: degree of the interpolant of sqrt(R) per piece
    DEGREE = 32
    #: pieces in t = 1 - |mu| graded by GRADING_RATIO from FINEST * b up to t = 1/2, then
    #: in |mu| by MU_RATIO from 1/2 down to MU_FLOOR (the eq. 6 wings oscillate with
    #: z ~ |mu|^{-3/2} there: ~8 periods of the n = 1 harmonic per piece at eps = 2.1e-3)
    GRADING_RATIO, FINEST = 2.0, 2.0**-8
    MU_RATIO, MU_FLOOR = 1.25, 0.15
    #: check points per piece, in units of DEGREE (first-kind points: none is a node)
    CHECK = 8
    #: a piece whose fit deviates from the table by more than SPLIT_TOL is bisected
    SPLIT_TOL, MAX_SPLITS = 1e-7, 3
    #: factor between the largest deviation seen at the check points and the stated one
    SAFETY = 2.0

    #: the normalised background: "flat" (1, the paper's eq. 25) or "finite-correlation"
    #: (eq. 7's finite-correlation-time part, :class:`FiniteCorrelationBackground`; ~30 s to build)
    BACKGROUNDS = ("flat", "finite-correlation")

    def __init__(self, eps: RealLike, delta: RealLike = 1e-4, table: ResonantTable | None = None,
                 background: str = "flat") -> None:
        from . import turbulence
        self.exact = {"eps": check_exact("eps", eps, 1e-6, EPS_MAX, hi_open=True),
                      "delta": check_exact("delta", delta, 0.0, 1.0, lo_open=True)}
        self.eps, self.delta = float(self.exact["eps"]), float(self.exact["delta"])
        self.background = check_choice("background", background, self.BACKGROUNDS)
        self._finite = (FiniteCorrelationBackground(self.eps, self.delta) if background == "finite-correlation"
                        else None)
        self.a = physical_a(self.eps, self.delta)
        self.peak_width = b = 0.5 * J1_ZERO**2 * self.eps
        self._table = turbulence.resonant_table() if table is None else table
        t = [0.0, b * self.FINEST]
        while t[-1] * self.GRADING_RATIO < 0.5:
            t.append(t[-1] * self.GRADING_RATIO)
        m = 0.5
        while m > self.MU_FLOOR * self.MU_RATIO:
            t.append(1.0 - m)
            m /= self.MU_RATIO
        t += [1.0 - self.MU_FLOOR, 1.0]
        pieces = [(lo, hi, 0) for lo, hi in zip(t[:-1], t[1:])]
        self._pieces, worst, self.fit_deviation = [], 0.0, 0.0
        while pieces:
            lo, hi, depth = pieces.pop(0)
            coeffs, deviation, error = self._fit(lo, hi)
            if deviation > self.SPLIT_TOL and depth < self.MAX_SPLITS:
                mid = 0.5 * (lo + hi)
                pieces[:0] = [(lo, mid, depth + 1), (mid, hi, depth + 1)]
                continue
            self._pieces.append((lo, hi, coeffs))
            worst = max(worst, error)
            self.fit_deviation = max(self.fit_deviation, deviation)
        self._edges = np.array([p[0] for p in self._pieces] + [1.0])       # in t, ascending
        self._coeffs = [p[2] for p in self._pieces]
        self.accuracy = worst + (self._finite.accuracy if self._finite is not None else 0.0)
        inner = [1.0 - float(e) for e in self._edges[1:-1]]
        self.breakpoints = tuple(sorted({0.0, *inner, *(-m for m in inner)}))
        self.gradings = (Grading(origin=1.0, first=b, limit=0.0), Grading(origin=-1.0, first=b, limit=0.0))

    def _background(self, t):
        """The normalised background of D at t = 1 - |mu|: 1 as in the paper's eq. (25), or
        eq. (7)'s finite-correlation-time part (``background="finite-correlation"``)."""
        t = np.asarray(t, dtype=float)
        return np.ones_like(t) if self._finite is None else self._finite(t)

    def _z(self, t):
        """z = y / |mu|^{3/2} (eq. 5) at t = 1 - |mu|."""
        with np.errstate(divide="ignore"):
            return np.sqrt(t * (2.0 - t) / self.eps) / (1.0 - t) ** 1.5

    def _resonant(self, t):
        """(R, relative error bound of G) at t = 1 - |mu| from the table (eqs. 4-5)."""
        g, err = self._table.g(self._z(t))
        return 2.0 * math.pi / 3.0 * (1.0 - t) * g / self.a, err

    def _fit(self, lo, hi):
        """Interpolate sqrt(R) on t in [lo, hi]; return (coefficients, deviation, error): the
        largest relative deviation of D from the table's D at the check points, and the
        piece's share of ``accuracy`` (see the class doc)."""
        x = np.cos(np.pi * np.arange(self.DEGREE + 1) / self.DEGREE)[::-1]
        r, _ = self._resonant(0.5 * (lo + hi) + 0.5 * (hi - lo) * x)
        coeffs = np.polynomial.chebyshev.chebfit(x, np.sqrt(r), self.DEGREE)
        n = self.CHECK * self.DEGREE
        xc = -np.cos((np.arange(n) + 0.5) * np.pi / n)
        tc = 0.5 * (lo + hi) + 0.5 * (hi - lo) * xc
        rc, _ = self._resonant(tc)
        background = self._background(tc)
        d_table = background + rc
        d_fit = background + np.polynomial.chebyshev.chebval(xc, coeffs) ** 2
        deviation = float(np.max(np.abs(d_fit - d_table) / d_table))
        t_nodes = 0.5 * (lo + hi) + 0.5 * (hi - lo) * x
        weight = float(np.max(np.concatenate([rc / d_table, r / (self._background(t_nodes) + r)])))
        g_error = self._table.max_error(float(self._z(lo)), float(self._z(hi)))
        return coeffs, deviation, weight * g_error + self.SAFETY * deviation

    def __call__(self, mu: ArrayLike) -> NDArray[np.float64]:
        mu = np.asarray(mu, dtype=float)
        return self.evaluate(mu, 1.0 + mu, 1.0 - mu)

    def evaluate(self, mu: ArrayLike, t_minus: ArrayLike, t_plus: ArrayLike) -> NDArray[np.float64]:
        """D from the distance t to the nearer end (accurate near mu = +-1)."""
        mu = np.asarray(mu, dtype=float)
        t = np.broadcast_to(np.clip(np.minimum(t_minus, t_plus), 0.0, 1.0), mu.shape)
        k = np.clip(np.searchsorted(self._edges, t, side="right") - 1, 0, len(self._coeffs) - 1)
        p = np.empty(mu.shape)
        for i in np.unique(k):
            sel = k == i
            lo, hi = self._edges[i], self._edges[i + 1]
            p[sel] = np.polynomial.chebyshev.chebval((2.0 * t[sel] - lo - hi) / (hi - lo), self._coeffs[i])
        return self._background(t) + p * p

    def parameters(self) -> dict[str, Any]:
        """eps, delta, a (eq. 11), the peak width b, ``accuracy`` and the background, JSON-ready."""
        return {"model": self.name, "eps": self.eps, "delta": self.delta, "a": self.a,
                "peak_width": self.peak_width, "accuracy": self.accuracy, "background": self.background}


class UserModel(CoefficientModel):
    """A user-supplied positive D(mu).

    Parameters
    ----------
    func : callable
        Vectorised ``func(mu) -> D``: given a float array it must return real,
        finite, positive values of the same shape (or a scalar).  Complex or
        non-finite values, another shape, or an exception raised by ``func``
        give a :class:`ParameterError` naming the callable.
    breakpoints : sequence of numbers in (-1, 1), optional
        Interior points where D or a derivative jumps.  D is never sampled at a
        piece's ends (first-kind Chebyshev points, and a probe that stops a few
        ulps short of them), so a jump at a breakpoint is seen from each side
        as its one-sided limit.
    name : str, default "user"
        The model's name in parameters(), messages and JSON.
    feature_width : float, default 1e-5
        The narrowest unmarked feature looked for (default 1e-5, accepted
        [1e-9, 0.1]).  Besides the points the solver samples, D is probed on a
        grid of spacing feature_width / 2 on every piece (finer on pieces
        shorter than 64 feature widths: 32 points per piece at least); a
        disagreement with D's Chebyshev interpolant refines that piece, and a
        feature that refinement cannot resolve (a jump or kink with no
        breakpoint) is reported, never certified.  **A feature narrower than
        feature_width can go unseen.**  Costs about 2 / feature_width
        evaluations of ``func`` per mesh (2e5 by default).

    Raises
    ------
    ParameterError
        ``func`` not callable, ``breakpoints`` not numbers in (-1, 1), or
        ``feature_width`` outside its range; later, when D is sampled, bad values
        of ``func`` (see above).

    Examples
    --------
    A D with a kink at mu = 0, marked as a breakpoint (the probe looks for
    features down to 1e-3 here, which keeps it cheap):

    >>> import numpy as np
    >>> from pitcheig import eigs
    >>> model = UserModel(lambda mu: 1 + 0.5 * np.abs(mu), breakpoints=[0.0], feature_width=1e-3)
    >>> result = eigs(model, k=1)
    >>> print(result.converged, f"{result.eigenvalue(+1):.9f}")
    True 19.741889288

    Bad values are refused, naming the callable:

    >>> def complex_d(mu):
    ...     return 1.0 + 1j * mu
    >>> try:
    ...     eigs(UserModel(complex_d), k=1)
    ... except ParameterError as exc:
    ...     print(exc)
    D: user D 'complex_d' (model 'user') returned complex values; it must be real
    """

    #: default narrowest feature looked for by the probe
    FEATURE_WIDTH = 1e-5
    FEATURE_WIDTH_RANGE = (1e-9, 0.1)

    def __init__(self, func: Callable[[NDArray[np.float64]], ArrayLike], breakpoints: Iterable[RealLike] = (),
                 name: str = "user", feature_width: float = FEATURE_WIDTH) -> None:
        if not callable(func):
            raise ParameterError(f"D must be a callable D(mu); got {type(func).__name__}")
        if isinstance(breakpoints, (str, bytes)) or not hasattr(breakpoints, "__iter__"):
            raise ParameterError(f"breakpoints must be a sequence of numbers in (-1, 1); got {breakpoints!r}")
        points = [check_real("breakpoints", x, -1.0, 1.0, lo_open=True, hi_open=True) for x in breakpoints]
        self.func = func
        self.breakpoints = tuple(sorted(set(points)))
        self.name = str(name)
        self.feature_width = check_real("feature_width", feature_width, *self.FEATURE_WIDTH_RANGE)

    def describe(self) -> str:
        """How messages name the callable."""
        label = getattr(self.func, "__qualname__", None) or type(self.func).__name__
        return f"user D {label!r} (model {self.name!r})"

    def __call__(self, mu: ArrayLike) -> NDArray[np.float64]:
        mu = np.asarray(mu, dtype=float)
        try:
            with np.errstate(all="ignore"):
                values = self.func(mu)
        except Exception as exc:     # noqa: BLE001 - any failure of user code is bad input
            raise ParameterError(f"D: {self.describe()} raised {type(exc).__name__}: {exc}") from None
        return check_user_values(f"D: {self.describe()}", values, mu)

    def parameters(self) -> dict[str, Any]:
        """The name, the breakpoints and feature_width, JSON-ready (the callable is not)."""
        return {"model": self.name, "breakpoints": list(self.breakpoints), "feature_width": self.feature_width}


def check_positive(model, mu, values):
    """Raise ParameterError unless D is positive and finite at every sample."""
    bad = ~(np.isfinite(values) & (values > 0.0))
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ParameterError(
            f"coefficient D must be positive and finite on [-1, 1]; "
            f"got D({mu.flat[i]:.6g}) = {values.flat[i]!r} for model {model.name!r}")


#: The parameters each named model takes (anything else given is refused, not ignored).
MODEL_PARAMETERS = {"flat": (), "peak": ("eps", "a", "ends"), "physical": ("eps", "delta", "ends"),
                    "first-principles": ("eps", "delta")}
MODEL_NAMES = tuple(MODEL_PARAMETERS)


def make_model(name: str, eps: RealLike | None = None, a: RealLike | None = None, delta: RealLike | None = None,
               ends: str | None = None) -> CoefficientModel:
    """Build a named model from CLI-style parameters (None: not given).

    A parameter the model does not use is refused with a ParameterError rather
    than ignored (``--a`` for model physical, whose a comes from eq. 11, say);
    defaults: delta = 1e-4, ends = "both".

    Parameters
    ----------
    name : {"flat", "peak", "physical", "first-principles"}
        The model: :class:`Flat` (no parameters), :class:`Peak` (eps, a, ends),
        :class:`Physical` (eps, delta, ends) or :class:`FirstPrinciples` (eps, delta).
    eps : float, str, Fraction, Decimal or None, default None
        Required by every model but flat; range as for the model's class.
    a : float, str, Fraction, Decimal or None, default None
        Required by peak, refused by the others.
    delta : float, str, Fraction, Decimal or None, default None
        physical and first-principles only (None: 1e-4).
    ends : {"both", "+1", "-1"} or None, default None
        peak and physical only (None: "both").

    Returns
    -------
    CoefficientModel
        The model, its parameters checked.

    Raises
    ------
    ParameterError
        An unknown name, a missing required parameter, one the model does not use,
        or a value outside its range.

    Examples
    --------
    >>> make_model("peak", eps=1e-3, a="1e-4").parameters()["a"]
    0.0001
    >>> try:
    ...     make_model("physical", eps=2.1e-3, a=1e-4)
    ... except ParameterError as exc:
    ...     print(exc)
    a is not used by model 'physical' (it takes eps, delta, ends)
    """
    check_choice("model", name, MODEL_NAMES)
    given = {key: value for key, value in (("eps", eps), ("a", a), ("delta", delta), ("ends", ends))
             if value is not None}
    used = MODEL_PARAMETERS[name]
    for key in given:
        if key not in used:
            takes = ", ".join(used) if used else "no parameters"
            raise ParameterError(f"{key} is not used by model {name!r} (it takes {takes})")
    for key in ("eps", "a"):
        if key in used and key not in given:
            raise ParameterError(f"model {name!r} needs {' and '.join(k for k in ('eps', 'a') if k in used)}: "
                                 f"eps in [{EPS_MIN if name != 'first-principles' else 1e-6:g}, {EPS_MAX:.6g})"
                                 + (f", a in [{A_MIN:g}, {A_MAX:g}]" if "a" in used else ""))
    delta = 1e-4 if delta is None else delta
    ends = "both" if ends is None else ends
    if name == "flat":
        return Flat()
    # the checks above make eps (and a for peak) present for every other model
    eps_given, a_given = cast(RealLike, eps), cast(RealLike, a)
    if name == "peak":
        return Peak(eps_given, a_given, ends)
    if name == "first-principles":
        return FirstPrinciples(eps_given, delta)
    return Physical(eps_given, delta, ends)
