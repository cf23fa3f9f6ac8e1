r"""Eq. (15) in the layer coordinate t = (1 + mu)/(1 - u): the modes of lambda < 0 as u -> 1.

For u close to 1 the weight u + mu of eq. (15) is negative only on the layer
-1 < mu < -u, and the eigenfunctions of lambda < 0 live there, on the scale
eps_u = 1 - u (:mod:`pitcheig.problem`).  In t = (1 + mu)/eps_u eq. (15) is
exactly

.. math::

    \frac{d}{dt}\Big[t \Big(1 - \frac{\varepsilon_u t}{2}\Big) D(\mu(t)) \frac{dQ}{dt}\Big]
    + \kappa\, (t - 1)\, Q = 0, \qquad 0 < t < 2/\varepsilon_u,
    \qquad \kappa = \lambda\, \varepsilon_u^2 / 2,

whose eigenvalues kappa stay of order one (kappa_n -> -(2n + 1)^2 as u -> 1,
:func:`pitcheig.shock.laguerre_mode`), so nothing is lost to the scale of
lambda ~ 1/eps_u^2 that limits the mesh methods.  The wanted modes decay like
e^{-(2n+1) t} for t >> 1, so the interval is cut at T = min(2/eps_u,
T_CUT) with Q(T) = 0 when it is cut (the neglected part is of size e^{-T_CUT}
relative).  It is discretised by Chebyshev collocation (the equation imposed at
every second-kind Chebyshev point, the ends included: at t = 0 and t = 2/eps_u
that is the condition of boundedness, as for eq. (15) itself) in a variable y
of [-1, 1] with the Mobius map t(y) = a (1 + y)/(b - y), t(-1) = 0, t(1) = T,
t(0) = T_MID, which puts half of the points in the region t < T_MID where the
modes oscillate.  The number of points is doubled until the wanted modes'
Chebyshev coefficients are resolved (:func:`pitcheig.chebtech.resolved`).

This module is the upstream half of the shock problem (:mod:`pitcheig.shock`)
for Gamma beta > 1, where it replaces the mesh methods in the fluid frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import linalg

from .chebtech import chebpts2, resolved, vals2coeffs
from .models import CoefficientModel
from .validation import check_int, check_real

__all__ = ["LayerModes", "layer_modes"]

#: The cut of the semi-infinite layer: the modes are below e^{-T_CUT} ~ 1e-26 beyond.
T_CUT = 60.0
#: Half of the collocation points lie in t < T_MID.
T_MID = 2.0
#: Point counts tried (each a solve), and the coefficient tolerance of "resolved".
POINTS = (96, 192, 384, 768)
COEFF_TOL = 1e-13
#: |kappa| below this is the constant (kappa = 0) or a rounding image of the positive
#: family, whose kappa -> 0 as the weight's positive part grows; not a wanted mode.
KAPPA_FLOOR = 1e-6


def chebyshev_differentiation(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """The differentiation matrix on second-kind Chebyshev points x (ascending)."""
    n = x.size
    c = np.ones(n)
    c[0] = c[-1] = 2.0
    c *= (-1.0) ** np.arange(n)
    diff = x[:, None] - x[None, :] + np.eye(n)
    d = np.outer(c, 1.0 / c) / diff
    return d - np.diag(d.sum(axis=1))


def mobius_map(top: float, mid: float) -> tuple[float, float]:
    """(a, b) of t(y) = a (1 + y)/(b - y) with t(-1) = 0, t(0) = mid, t(1) = top (top > 2 mid)."""
    b = top / (top - 2.0 * mid)
    return mid * b, b


@dataclass
class LayerModes:
    """The modes Q_n(t) of lambda < 0 of eq. (15) in the layer coordinate.

    Parameters
    ----------
    u : float
        The flow speed, in (0, 1).
    kappa : ndarray
        kappa_n = lambda_{-(n+1)} (1 - u)^2 / 2, n = 0 .. k - 1, decreasing.
    coefficients : ndarray
        Chebyshev coefficients in y of each Q_n (column n), normalised Q_n(0) = 1.
    top : float
        The end T of the t-interval (2/(1 - u), or T_CUT when cut).
    points : int
        Collocation points of the accepted solve.
    resolved : bool
        Whether D on the grid and every wanted mode's coefficients fell below COEFF_TOL.
    message : str
        Why not, when not resolved.

    Examples
    --------
    >>> from pitcheig import Flat
    >>> modes = layer_modes(Flat(), 1 - 1e-6, 2)
    >>> [round(float(k), 4) for k in modes.kappa]
    [-1.0, -9.0]
    """

    u: float
    kappa: NDArray[np.float64]
    coefficients: NDArray[np.float64]
    top: float
    points: int
    resolved: bool
    message: str = ""

    def __call__(self, t: ArrayLike, n: int) -> NDArray[np.float64]:
        """Q_n(t); 0 beyond the cut (t > T).

        Parameters
        ----------
        t : array_like
            Layer coordinate, t >= 0.
        n : int
            Mode index, 0 <= n < k.

        Returns
        -------
        ndarray
            The mode's values.

        Examples
        --------
        >>> from pitcheig import Flat
        >>> float(layer_modes(Flat(), 0.999, 1)(0.0, 0)[()])
        1.0
        """
        t = np.asarray(t, dtype=float)
        a, b = mobius_map(self.top, min(T_MID, self.top / 4.0))
        y = (b * t - a) / (t + a)               # the inverse of t = a (1 + y)/(b - y)
        inside = t <= self.top
        values = np.polynomial.chebyshev.chebval(np.clip(y, -1.0, 1.0), self.coefficients[:, n])
        return np.where(inside, values, 0.0)


def _solve(model, u, k, n, top):
    eps_u = 1.0 - u
    a, b = mobius_map(top, min(T_MID, top / 4.0))
    y = chebpts2(n).copy()
    t = a * (1.0 + y) / (b - y)
    dy_dt = (b - y) ** 2 / (a * (1.0 + b))
    d = dy_dt[:, None] * chebyshev_differentiation(y)
    mu = np.minimum(-1.0 + eps_u * t, 1.0)
    d_values = np.asarray(model(mu), dtype=float)
    p = t * (1.0 - 0.5 * eps_u * t) * d_values
    op = d @ (p[:, None] * d)
    weight = t - 1.0
    cut = top < 2.0 / eps_u
    if cut:                                      # Q(T) = 0 in place of the equation at t = T
        op[-1, :] = 0.0
        op[-1, -1] = 1.0
        weight[-1] = 0.0
    d_coefficients = vals2coeffs(d_values)
    d_resolved = resolved(d_coefficients, float(np.max(np.abs(d_coefficients))), COEFF_TOL).happy
    kappa, vectors = linalg.eig(op, -np.diag(weight))
    good = np.isfinite(kappa) & (np.abs(kappa.imag) <= 1e-8 * np.abs(kappa)) & (kappa.real < -KAPPA_FLOOR)
    kappa, vectors = kappa.real[good], vectors.real[:, good]
    order = np.argsort(-kappa)[:k]
    kappa, vectors = kappa[order], vectors[:, order]
    vectors = vectors / vectors[0]               # Q_n(t = 0) = 1 (t = 0 is y = -1, the first point)
    return kappa, vals2coeffs(vectors), d_resolved


def layer_modes(model: CoefficientModel, u: float, k: int, points: int | None = None) -> LayerModes:
    """The k modes of eq. (15) with lambda < 0 nearest 0, in t = (1 + mu)/(1 - u).

    Parameters
    ----------
    model : CoefficientModel
        D(mu) in the fluid frame (evaluated at mu = -1 + (1 - u) t).
    u : float
        Flow speed in (0, 1); meant for u near 1 (it works for any u, but for
        small u the mesh methods of :func:`pitcheig.eigs` are the better tool).
    k : int
        Number of modes, in [1, 50].
    points : int or None, default None
        Solve with exactly this many collocation points, in [16, 2000] (None:
        the first of POINTS = 96, 192, 384, 768 that resolves every mode).

    Returns
    -------
    LayerModes
        kappa_n and the modes; ``resolved`` False when even the largest point
        count left a mode unresolved.

    Raises
    ------
    ParameterError
        For u outside (0, 1) or k outside [1, 50].

    Examples
    --------
    >>> from pitcheig import Flat
    >>> modes = layer_modes(Flat(), 0.999, 3)
    >>> modes.resolved, [round(float(x), 3) for x in modes.kappa]
    (True, [-0.999, -8.998, -24.996])
    """
    u = check_real("u", u, 0.0, 1.0, lo_open=True, hi_open=True)
    k = check_int("k", k, 1, 50)
    if points is not None:
        points = check_int("points", points, 16, 2000)
    top = min(2.0 / (1.0 - u), T_CUT)
    for n in (points,) if points is not None else POINTS:
        kappa, coefficients, d_resolved = _solve(model, u, k, n, top)
        vscale = np.max(np.abs(coefficients), axis=0) if kappa.size else np.ones(0)
        modes_resolved = kappa.size == k and all(resolved(coefficients[:, j], vscale[j], COEFF_TOL).happy
                                                 for j in range(k))
        if d_resolved and modes_resolved:
            return LayerModes(u, kappa, coefficients, top, n, True)
    why = [] if d_resolved else [f"D is not resolved on {n} points of the layer grid"]
    why += [] if modes_resolved else [f"the modes are not resolved with {n} points"]
    return LayerModes(u, kappa, coefficients, top, n, False, "; ".join(why))
