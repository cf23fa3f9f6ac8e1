"""Coefficient models D(mu) of eq. (15), normalised to nu_theta (eq. 11).

A model is a callable ``D(mu)`` that also knows
* ``breakpoints``: interior points where D is not smooth (they become mesh
  breakpoints, so the collocation never straddles a kink);
* ``gradings``: where its internal length scales sit, used to build the
  initial mesh (see :mod:`pitcheig.mesh`);
* ``parameters()``: a JSON-ready description.

Models (SPEC section 2):
* :class:`Flat`  -- D = 1 (eq. 17);
* :class:`Peak`  -- eqs. (24)-(26): D = 1 + sum over peaked ends of F(w_s)/a,
  w_s = (1 - s mu)/b, b = j1^2 eps/2, F(w) = (pi/2) J1(j1 sqrt w)^2/(j1^2 w)
  for w <= 1 and 0 beyond;
* :func:`physical` -- the peak model with a tied to eps by eq. (11):
  a = (delta ln(1/eps) + eps^{3/2})/6;
* :class:`UserModel` -- any positive callable with optional breakpoints.
"""

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np
from scipy import special

from .errors import ParameterError
from .validation import check_choice, check_real

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
    def direction(self):
        return 1.0 if self.limit > self.origin else -1.0


class CoefficientModel(ABC):
    """A positive diffusion coefficient D(mu) on [-1, 1]."""

    name = "model"
    breakpoints: tuple = ()
    gradings: tuple = ()
    #: relative accuracy of D as evaluated (0 for closed forms).  Since D -> D (1 +- eta)
    #: moves every eigenvalue by at most a factor (1 +- eta) (Rayleigh quotient of the
    #: energy, monotone in D), eigs() adds |lambda| * accuracy to each error estimate.
    accuracy: float = 0.0

    @abstractmethod
    def __call__(self, mu):
        """D at the points ``mu`` (array in, array out)."""

    def evaluate(self, mu, t_minus, t_plus):
        """D at ``mu`` given also the distances t_-+ = 1 +- mu to the ends,
        computed accurately by the caller (see :func:`pitcheig.mesh.piece_points`).
        Models with structure within a few ulps of mu = +-1 override this."""
        return self(mu)

    @abstractmethod
    def parameters(self):
        """A JSON-ready dict of the model's parameters."""


class Flat(CoefficientModel):
    """D = 1: the unperturbed problem, eq. (17)."""

    name = "flat"

    def __call__(self, mu):
        return np.ones_like(np.asarray(mu, dtype=float))

    def parameters(self):
        return {"model": self.name}


def peak_shape(w):
    """F(w) of eq. (26): (pi/2) J1(j1 sqrt w)^2 / (j1^2 w) on [0, 1], 0 beyond.

    Written as (pi/2) (J1(z)/z)^2 with z = j1 sqrt(w), so w = 0 needs no
    special case beyond the series J1(z)/z = 1/2 - z^2/16 + O(z^4) for tiny z.
    F(0) = pi/8 and F has a double zero at w = 1, so D is C^1, not C^2, there.
    """
    w = np.asarray(w, dtype=float)
    z = J1_ZERO * np.sqrt(np.clip(w, 0.0, 1.0))
    small = z < 1e-4  # the neglected z^4/384 term is below 1e-18 there
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(small, 0.5 - z * z / 16.0, special.j1(z) / z)
    return np.where(w <= 1.0, 0.5 * math.pi * ratio * ratio, 0.0)


class Peak(CoefficientModel):
    """Peaked coefficient of eqs. (24)-(26) at the ends listed in ``ends``.

    Parameters
    ----------
    eps : float
        The paper's epsilon; the peak width is ``b = j1**2 * eps / 2`` (eq. 35),
        which must be < 1.  Accepted: [1e-10, 2/j1^2).
    a : float
        Inverse peak height: D(+-1) = 1 + pi/(8a).  Accepted: [1e-10, 1e4].
    ends : {"both", "+1", "-1"}
        Which ends carry a peak.
    """

    name = "peak"

    def __init__(self, eps, a, ends="both"):
        self.eps = check_real("eps", eps, EPS_MIN, EPS_MAX, hi_open=True)
        self.a = check_real("a", a, A_MIN, A_MAX)
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

    def __call__(self, mu):
        mu = np.asarray(mu, dtype=float)
        return self.evaluate(mu, 1.0 + mu, 1.0 - mu)

    def evaluate(self, mu, t_minus, t_plus):
        """D from the distances to the ends: near mu = 1, 1 - mu carries only
        ~1e-16 / b relative accuracy (1.5e-9 for eps = 1e-8), t_+ carries 1e-16."""
        d = np.ones_like(np.asarray(mu, dtype=float))
        for s in self.signs:
            w = (t_plus if s > 0 else t_minus) / self.peak_width
            d = d + peak_shape(w) / self.a
        return d

    def parameters(self):
        return {"model": self.name, "eps": self.eps, "a": self.a, "ends": self.ends,
                "peak_width": self.peak_width}


def physical_a(eps, delta):
    """a of eq. (11): (delta ln(1/eps) + eps^{3/2}) / 6."""
    return (delta * math.log(1.0 / eps) + eps**1.5) / 6.0


class Physical(Peak):
    """The peak model with a tied to eps by eq. (11); delta = V_A/c."""

    name = "physical"

    def __init__(self, eps, delta=1e-4, ends="both"):
        eps = check_real("eps", eps, EPS_MIN, EPS_MAX, hi_open=True)
        self.delta = check_real("delta", delta, 0.0, 1.0, lo_open=True)
        super().__init__(eps, physical_a(eps, self.delta), ends)

    def parameters(self):
        return {**super().parameters(), "delta": self.delta}


class FirstPrinciples(CoefficientModel):
    """D from first principles: 1 + D_mumu / ((1 - mu^2) nu_theta), both ends.

    D_mumu is the resonant GS sum of eqs. (4)-(5), all n
    (:func:`pitcheig.turbulence.resonant_sum`), normalised by nu_theta of
    eq. (11); the 1 is the finite-correlation-time background of eq. (8) in
    the same normalisation, as in the paper's eq. (25).  (Eq. (8) itself has
    a ln(1 - mu^2) that the exact eq. (7) does not have at mu = +-1, so it is
    not used inside the peak.)  Unlike :class:`Peak`, the shape is not cut at
    w = 1 and includes all n and the eq. (6) wings.

    D is held as a piecewise Chebyshev interpolant on |mu| (degree ``degree`` on
    pieces graded geometrically toward mu = 1 on the scale b); ``accuracy`` is
    the larger of the sum's error estimate and the interpolant's last
    coefficients, relative to D.  Eigenvalues inherit it: D -> D (1 +- eta)
    moves lambda by at most a factor (1 +- eta) (Rayleigh quotient, monotone).
    """

    name = "first-principles"

    def __init__(self, eps, delta=1e-4, degree=20):
        from .turbulence import N_EXACT, d_mumu_resonant
        self.eps = check_real("eps", eps, 1e-6, EPS_MAX, hi_open=True)
        self.delta = check_real("delta", delta, 0.0, 1.0, lo_open=True)
        self.a = physical_a(self.eps, self.delta)
        self.peak_width = 0.5 * J1_ZERO**2 * self.eps
        b = self.peak_width
        t = [1.0, 0.5] + [b * 2.0**k for k in range(4, -9, -1) if b * 2.0**k < 0.5] + [0.0]
        self._edges = 1.0 - np.array(t)                  # 0 < ... < 1 in |mu|
        x = np.cos(np.pi * np.arange(degree + 1) / degree)[::-1]   # Chebyshev points of the 2nd kind
        coeffs, worst = [], 0.0
        for lo, hi in zip(self._edges[:-1], self._edges[1:]):
            mu = 0.5 * (lo + hi) + 0.5 * (hi - lo) * x
            mu = np.clip(mu, 0.0, 1.0)
            d = np.empty(mu.size)
            inner = mu < 1.0
            res, rel = d_mumu_resonant(mu[inner], self.eps, N_EXACT)
            d[inner] = 1.0 + res / ((1.0 - mu[inner]) * (1.0 + mu[inner]) * self.a)
            d[~inner] = 1.0 + math.pi / (8.0 * self.a)     # y -> 0: y^{4/3} S -> 3/16 (eq. 10)
            c = np.polynomial.chebyshev.chebfit(x, d, degree)
            coeffs.append(c)
            res_rel = rel * (d[inner] - 1.0) / d[inner]
            worst = max(worst, float(np.max(res_rel, initial=0.0)),
                        float(np.max(np.abs(c[-3:])) / np.max(np.abs(d))))
        self._coeffs = coeffs
        self.accuracy = worst
        self.breakpoints = (0.0,)      # D ~ 1 + c |mu|^{11/2} is not smooth at mu = 0
        self.gradings = (Grading(origin=1.0, first=b, limit=0.0), Grading(origin=-1.0, first=b, limit=0.0))

    def __call__(self, mu):
        m = np.abs(np.asarray(mu, dtype=float))
        k = np.clip(np.searchsorted(self._edges, m, side="right") - 1, 0, len(self._coeffs) - 1)
        out = np.empty(m.shape)
        for i, c in enumerate(self._coeffs):
            sel = k == i
            lo, hi = self._edges[i], self._edges[i + 1]
            out[sel] = np.polynomial.chebyshev.chebval((2.0 * m[sel] - lo - hi) / (hi - lo), c)
        return out

    def parameters(self):
        return {"model": self.name, "eps": self.eps, "delta": self.delta, "a": self.a,
                "peak_width": self.peak_width, "accuracy": self.accuracy}


class UserModel(CoefficientModel):
    """A user-supplied positive D(mu).

    Parameters
    ----------
    func : callable
        Vectorised ``func(mu) -> D``; must be positive and finite on [-1, 1].
        Positivity is checked wherever D is sampled; a violation raises
        :class:`ParameterError`.
    breakpoints : sequence of float, optional
        Interior points where D (or a derivative) jumps.
    name : str, optional
    """

    def __init__(self, func, breakpoints=(), name="user"):
        if not callable(func):
            raise ParameterError(f"D must be a callable D(mu); got {type(func).__name__}")
        points = []
        for x in breakpoints:
            points.append(check_real("breakpoints", x, -1.0, 1.0, lo_open=True, hi_open=True))
        self.func = func
        self.breakpoints = tuple(sorted(set(points)))
        self.name = str(name)

    def __call__(self, mu):
        mu = np.asarray(mu, dtype=float)
        return np.broadcast_to(np.asarray(self.func(mu), dtype=float), mu.shape).copy()

    def parameters(self):
        return {"model": self.name, "breakpoints": list(self.breakpoints)}


def check_positive(model, mu, values):
    """Raise ParameterError unless D is positive and finite at every sample."""
    bad = ~(np.isfinite(values) & (values > 0.0))
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ParameterError(
            f"coefficient D must be positive and finite on [-1, 1]; "
            f"got D({mu.flat[i]:.6g}) = {values.flat[i]!r} for model {model.name!r}")


def make_model(name, eps=None, a=None, delta=1e-4, ends="both"):
    """Build a named model from CLI-style parameters."""
    check_choice("model", name, ("flat", "peak", "physical", "first-principles"))
    if name == "flat":
        return Flat()
    if name == "peak":
        if eps is None or a is None:
            raise ParameterError(f"model 'peak' needs eps in [{EPS_MIN:g}, {EPS_MAX:.6g}) "
                                 f"and a in [{A_MIN:g}, {A_MAX:g}]")
        return Peak(eps, a, ends)
    if name == "first-principles":
        if eps is None:
            raise ParameterError(f"model 'first-principles' needs eps in [1e-06, {EPS_MAX:.6g})")
        return FirstPrinciples(eps, delta)
    if eps is None:
        raise ParameterError(f"model 'physical' needs eps in [{EPS_MIN:g}, {EPS_MAX:.6g})")
    return Physical(eps, delta, ends)
