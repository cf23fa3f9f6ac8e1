r"""The spectral index s of particles accelerated at a shock, by the eigenfunction method.

The problem (Kirk & Schneider 1987; Kirk, Guthmann, Gallant & Achterberg 2000).
A planar shock rests at z = 0; the upstream fluid (1) at z < 0 and the
downstream fluid (2) at z > 0 both flow in +z with speeds u1 > u2 > 0 (units
of c).  Ultra-relativistic test particles obey, in each fluid, eq. (15)'s
transport equation in mixed coordinates (z in the shock frame, momentum p and
pitch cosine mu in the fluid's rest frame),

.. math::

    \Gamma (u + \mu) \frac{\partial f}{\partial z}
    = \frac{\partial}{\partial \mu}\Big[(1 - \mu^2) D(\mu) \frac{\partial f}{\partial \mu}\Big],

and a power law f = p^{-s} g(z, mu) separates into the eigenpairs of eq. (15),
g = sum_j c_j Psi_j(mu) exp(-lambda_j z / Gamma).  Bounded solutions keep

* upstream: the modes with lambda < 0 only (they decay as z -> -inf); for u1
  near 1 these are the layer modes of :mod:`pitcheig.problem`, confined to
  mu < -u1 and with lambda ~ -2 (2n + 1)^2 / (1 - u1)^2;
* downstream: the constant (lambda = 0) and the modes with lambda > 0.

f is a Lorentz scalar: at z = 0 the upstream g1(mu1), seen in the downstream
frame, is g2(mu2) = (p1/p2)^s g1(mu1), with (v = u_rel, the upstream fluid's
speed in the downstream frame)

.. math::

    \mu_1 = \frac{\mu_2 - v}{1 - v \mu_2}, \qquad
    \frac{p_2}{p_1} = \frac{1}{\Gamma_v (1 - v \mu_2)}.

g2 must then lie in the span of the downstream modes kept, i.e. be orthogonal,
in the weight (u2 + mu) of eq. (15), to every *forbidden* downstream mode
Psi_{-j} (lambda < 0).  With N upstream modes and the first N forbidden
downstream modes this is the N x N system

.. math::

    M_{jn}(s) = \int_{-1}^{1} (u_2 + \mu_2)\, \Psi^{(2)}_{-j}(\mu_2)
                \big[\Gamma_v (1 - v \mu_2)\big]^{-s} \Psi^{(1)}_{-n}(\mu_1(\mu_2))\, d\mu_2,
    \qquad \det M(s) = 0,

and s is its smallest root above 3.  Its error estimate is the sum of three
measured changes: N -> N/2 modes, coarser modes (eigs at function_tol 1e-9
instead of 1e-12; the layer collocation on half the points), and half the
quadrature nodes.  The angular distributions at the shock carry their own
estimate (their change under the first two), which is reported, not certified.

**The upstream modes as u1 -> 1.**  They live on the layer mu1 < -u1 of width
1 - u1 ~ 1/(2 Gamma1^2), where the mesh methods of :func:`pitcheig.eigs` lose
accuracy (their eigenvalues ~ 1/(1 - u1)^2; item 1 of issue 17).  As the
literature does, the package changes variables to the layer coordinate
t = (1 + mu1)/(1 - u1), in which eq. (15) with D = 1 is exactly
d/dt[t (1 - (1 - u1) t / 2) Q'] + kappa (t - 1) Q = 0, kappa = lambda (1 - u1)^2 / 2,
on 0 <= t <= 2/(1 - u1).  Three routes ("upstream"):

* "layer" (the default for Gamma1 beta1 >= 1): that equation by Chebyshev
  collocation (:mod:`pitcheig.layer`), whose accuracy does not depend on Gamma1;
* "mesh" (the default below): :func:`pitcheig.eigs` in the fluid frame;
* the limit Gamma1 -> inf (gamma_beta1 = inf), where the equation becomes
  Laguerre's, solved in closed form by

  .. math::

      Q_n(t) = e^{-(2n+1) t} L_n\big(2 (2n + 1) t\big), \qquad \kappa_n = -(2n + 1)^2,

  and the map mu2 -> t becomes t = c (1 + mu2)/(1 - mu2), c = (1 + u2)/(1 - u2),
  with p2/p1 proportional to 1/(1 - mu2).

Jump conditions (cold upstream, P1 = 0): particle number, energy and momentum
fluxes n Gamma u, w Gamma^2 u and w Gamma^2 u^2 + P are continuous, w the
enthalpy density.  With Theta = P/(n m c^2) and h = w/(n m c^2) they reduce to
h2 Gamma2 = Gamma1 and Gamma1 u1 = h2 Gamma2 u2 + Theta2/(Gamma2 u2) (:func:`jump_conditions`).
Equations of state: a fixed adiabatic index (h = 1 + gamma_hat Theta /
(gamma_hat - 1)), or the Synge (Juttner) gas, h = K3(1/Theta)/K2(1/Theta).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special

from .errors import ConvergenceError, NotConvergedWarning, ParameterError
from .layer import T_CUT, layer_modes
from .models import CoefficientModel, Flat
from .validation import check_choice, check_exact, check_int, check_real

__all__ = ["Jump", "jump_conditions", "ShockResult", "spectral_index", "laguerre_mode", "SYNGE"]

#: The name of the Synge (Juttner) equation of state of a single-species ideal gas.
SYNGE = "synge"
#: Range of Gamma1 beta1 accepted (besides inf, the ultra-relativistic limit).
GAMMA_BETA_RANGE = (1e-3, 1e4)
#: Range of a fixed adiabatic index.
INDEX_RANGE = (1.0, 2.0)
#: Accuracy asked of the upstream and downstream eigenvalues (s depends on the
#: eigenfunctions only, which eigs resolves to function_tol whatever this is).
EIG_TOL = 1e-8
#: function_tol of the eigenfunctions, and the coarser one whose change of s is
#: the discretisation part of the error estimate.
FUNCTION_TOL, COARSE_FUNCTION_TOL = 1e-12, 1e-9
#: Gauss-Legendre nodes of the matching integrals (half of them for the estimate).
QUADRATURE_NODES = 400
#: Points of the scan for a sign change of det M(s) above s = 3.
SCAN_POINTS = 400


@dataclass(frozen=True)
class Jump:
    """The shock jump: speeds in the shock frame and the compression.

    Parameters
    ----------
    gamma_beta1 : float
        Gamma1 beta1 of the upstream flow (inf: the ultra-relativistic limit).
    u1, u2 : float
        Upstream and downstream flow speeds in the shock frame, units of c.
    r : float
        Compression n2/n1 (inf in the ultra-relativistic limit).
    theta2 : float
        Downstream P/(n m c^2) (kT/mc^2 for an ideal gas); inf in the limit, nan
        when u2 was prescribed.
    eos : str
        The equation of state ("synge", the fixed index as a fraction such as
        "4/3", or "prescribed u2").

    Examples
    --------
    >>> j = jump_conditions(math.inf, "4/3")
    >>> j.u2
    0.3333333333333333
    """

    gamma_beta1: float
    u1: float
    u2: float
    r: float
    theta2: float
    eos: str

    @property
    def gamma1(self) -> float:
        """Upstream Lorentz factor."""
        return math.hypot(1.0, self.gamma_beta1)

    @property
    def u_rel(self) -> float:
        """Speed of the upstream fluid in the downstream frame, (u1 - u2)/(1 - u1 u2)."""
        return (self.u1 - self.u2) / (1.0 - self.u1 * self.u2)

    @property
    def velocity_ratio(self) -> float:
        """u1/u2: the r of 3r/(r - 1) in the non-relativistic limit."""
        return self.u1 / self.u2

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields (inf written as the string "inf").

        Returns
        -------
        dict
            gamma_beta1, gamma1, u1, u2, u_rel, r, theta2, eos.

        Examples
        --------
        >>> jump_conditions(1.0, "5/3").to_dict()["eos"]
        '5/3'
        """
        return {k: _json_number(v) for k, v in (("gamma_beta1", self.gamma_beta1), ("gamma1", self.gamma1),
                                                 ("u1", self.u1), ("u2", self.u2), ("u_rel", self.u_rel),
                                                 ("r", self.r), ("theta2", self.theta2))} | {"eos": self.eos}


def _json_number(x: float) -> float | str | None:
    """x for JSON: inf as "inf", nan as null (strict JSON has neither)."""
    if math.isnan(x):
        return None
    return x if math.isfinite(x) else ("inf" if x > 0 else "-inf")


def _parse_eos(eos: str | float | Fraction) -> tuple[str, Fraction | None]:
    """("synge", None) or (text, gamma_hat) for a fixed adiabatic index."""
    if isinstance(eos, str) and eos.strip().lower() == SYNGE:
        return SYNGE, None
    exact = check_exact("eos (a fixed adiabatic index, or 'synge')", eos, *INDEX_RANGE, lo_open=True)
    index = exact.fraction
    return str(index), index


#: Below this Theta the Synge enthalpy comes from the asymptotic series of K3/K2
#: (its first omitted term is below 1e-16 relative there; the Bessel ratio loses
#: eps/Theta to cancellation in h - 1).
SYNGE_SERIES_BELOW = 3e-3
#: h - 1 = sum_k c_k Theta^k for the Synge gas: K3(x)/K2(x) - 1 at x = 1/Theta from
#: the Hankel expansions of K_nu (derived with sympy; tests/test_shock.py re-derives it).
SYNGE_SERIES = (0.0, 5 / 2, 15 / 8, -15 / 8, 135 / 128, 45 / 32, -7425 / 1024)


def enthalpy_excess(theta: float, index: Fraction | None) -> float:
    """h - 1 of the downstream gas at Theta = P/(n m c^2): Synge (index None) or a fixed index."""
    if index is None:
        if theta < SYNGE_SERIES_BELOW:
            return float(np.polynomial.polynomial.polyval(theta, SYNGE_SERIES))
        x = 1.0 / theta
        k2, k3 = special.kve(2, x), special.kve(3, x)
        return (k3 - k2) / k2
    return float(index / (index - 1)) * theta


def jump_conditions(gamma_beta1: float, eos: str | float | Fraction = SYNGE) -> Jump:
    r"""Downstream speed and compression of a shock into a cold gas.

    Conservation of particle number, energy and momentum across the shock,
    with P1 = 0 and h1 = 1 upstream, reads (per particle flux n Gamma u)

    .. math::

        h_2 \Gamma_2 = \Gamma_1, \qquad
        \Gamma_1 u_1 = h_2 \Gamma_2 u_2 + \frac{\Theta_2}{\Gamma_2 u_2},

    one equation for Theta2 once Gamma2 = Gamma1 / h2(Theta2) is substituted;
    its root other than the trivial Theta2 = 0 (no shock) is found by bracketing.
    In the ultra-relativistic limit u2 = gamma_hat - 1 (1/3 for the Synge gas,
    whose index tends to 4/3).

    Parameters
    ----------
    gamma_beta1 : float
        Gamma1 beta1 of the upstream flow in the shock frame, in [1e-3, 1e4], or
        ``math.inf`` for the ultra-relativistic limit.
    eos : str, float or Fraction, default "synge"
        "synge" (Juttner gas, h = K3(1/Theta)/K2(1/Theta)) or a fixed adiabatic
        index in (1, 2] (e.g. "4/3", "5/3"; the ultra-relativistic limit needs
        an index in (1, 2), so that u2 < 1).

    Returns
    -------
    Jump
        u1, u2, the compression r = n2/n1 and Theta2.

    Raises
    ------
    ParameterError
        For gamma_beta1 or eos out of range.

    Examples
    --------
    >>> j = jump_conditions(0.01, "5/3")        # non-relativistic: r -> 4
    >>> print(f"{j.r:.4f} {j.u1 / j.u2:.4f}")
    4.0001 3.9999
    """
    name, index = _parse_eos(eos)
    if gamma_beta1 == math.inf:
        u2 = 1.0 / 3.0 if index is None else float(index - 1)
        if not u2 < 1.0:
            raise ParameterError("eos: the ultra-relativistic limit needs a fixed index in (1, 2); got 2")
        return Jump(math.inf, 1.0, u2, math.inf, math.inf, name)
    gb1 = check_real("gamma_beta1", gamma_beta1, *GAMMA_BETA_RANGE)
    g1 = math.hypot(1.0, gb1)

    def gamma_beta2(theta):
        hm1 = enthalpy_excess(theta, index)
        return math.sqrt(max(gb1 * gb1 - hm1 * (hm1 + 2.0), 0.0)) / (1.0 + hm1)

    def momentum_balance(theta):
        gb2 = gamma_beta2(theta)
        if gb2 == 0.0:                       # Gamma2 = 1: the momentum flux of the gas at rest diverges
            return math.inf
        return ((1.0 + enthalpy_excess(theta, index)) * gb2 + theta / gb2 - gb1) / gb1

    # Theta where Gamma2 = 1 (h2 = Gamma1): the flux balance diverges there
    top = math.exp(optimize.brentq(lambda y: enthalpy_excess(math.exp(y), index) - (g1 - 1.0), -35.0, 35.0,
                                   xtol=1e-15, rtol=1e-15))
    grid = top * np.concatenate([np.logspace(-12, -0.5, 231), 1.0 - np.logspace(-0.5, -12, 231)[1:]])
    values = np.array([momentum_balance(th) for th in grid])
    change = np.nonzero((values[:-1] < 0) & (values[1:] >= 0))[0]
    if change.size == 0:
        raise ConvergenceError(f"no shock solution found for gamma_beta1 = {gb1:g}")
    i = change[-1]
    theta2 = optimize.brentq(momentum_balance, grid[i], grid[i + 1], xtol=1e-300, rtol=1e-15)
    gb2 = gamma_beta2(theta2)
    u1, u2 = gb1 / g1, gb2 / math.hypot(1.0, gb2)
    return Jump(gb1, u1, u2, gb1 / gb2, theta2, name)


def laguerre_mode(n: int, t: ArrayLike) -> NDArray[np.float64]:
    r"""The n-th upstream mode of the ultra-relativistic limit, e^{-(2n+1)t} L_n(2(2n+1)t).

    It solves d/dt[t Q'] + kappa (t - 1) Q = 0 on t >= 0, bounded at 0 and
    decaying at infinity, with kappa = -(2n + 1)^2: the limit u1 -> 1 of
    eq. (15) with D = 1 in the layer coordinate t = (1 + mu)/(1 - u1)
    (module docstring), so lambda_{-(n+1)} (1 - u1)^2 / 2 -> -(2n + 1)^2.

    Parameters
    ----------
    n : int
        Mode index, n >= 0.
    t : array_like
        Layer coordinate, t >= 0.

    Returns
    -------
    ndarray
        Q_n(t), with Q_n(0) = 1 (0 where e^{-(2n+1)t} underflows).

    Examples
    --------
    >>> laguerre_mode(1, [0.0, 1.0])
    array([ 1.        , -0.24893534])
    """
    t = np.asarray(t, dtype=float)
    rate = 2 * n + 1
    safe = np.minimum(t, 700.0 / rate)
    value = np.exp(-rate * safe) * special.eval_laguerre(n, 2 * rate * safe)
    return np.where(t * rate < 700.0, value, 0.0)


@dataclass
class ShockResult:
    """The spectral index s of f ~ p^-s and the angular distributions at the shock.

    Parameters
    ----------
    s : float
        The spectral index (nan when no root was found).
    error_estimate : float
        Absolute: the sum of the three parts in ``estimates``.
    converged : bool
        Every eigen-solve certified and error_estimate <= tol * s.
    message : str
        Why not, when not converged.
    jump : Jump
        Speeds and compression.
    modes : int
        Number N of upstream and of forbidden downstream modes used.
    estimates : dict
        "modes" (change from N/2 modes), "discretisation" (coarser modes: eigs
        at function_tol 1e-9, or the layer collocation on half the points),
        "quadrature" (half the nodes).
    method : str
        What ran: the upstream route (ROUTE_LABELS) and the downstream eigs method.
    coefficients : ndarray
        a_n of the upstream expansion g1 = sum a_n Psi_{-n} at the shock.
    seconds : float
        Wall-clock time.
    distribution_error : float
        Estimate of the error of g2 (and so of g1) relative to its maximum on
        mu2 in [-1, 0.99]: its largest change under N -> N/2 modes and under the
        coarser modes of the discretisation estimate.
    downstream_scale : float
        The factor that makes the isotropic part of g2 equal to 1.
    upstream_modes : object
        The upstream modes used (Chebfuns of eigs, the layer collocation, or
        the closed-form limit modes), which evaluate g1 and g2; internal.

    Examples
    --------
    >>> res = spectral_index(math.inf, "4/3", modes=8)
    >>> print(f"{res.s:.5f}", res.converged)
    4.22698 True
    """

    s: float
    error_estimate: float
    converged: bool
    message: str
    jump: Jump
    modes: int
    estimates: dict[str, float]
    method: str
    coefficients: NDArray[np.float64] = field(repr=False)
    seconds: float
    distribution_error: float = math.nan
    downstream_scale: float = 1.0
    upstream_modes: Any = field(repr=False, default=None)

    def downstream(self, mu: ArrayLike) -> NDArray[np.float64]:
        """g2(mu) at the shock in the downstream frame, normalised to 1 far downstream.

        Parameters
        ----------
        mu : array_like
            Downstream-frame pitch cosines in [-1, 1).

        Returns
        -------
        ndarray
            g2(mu); f -> g2's isotropic part (= 1) as z -> inf.

        Examples
        --------
        >>> res = spectral_index(math.inf, "4/3", modes=8)
        >>> bool(res.downstream([0.0])[0] > 0)
        True
        """
        mu = np.asarray(mu, dtype=float)
        return self.upstream_modes.transformed(self.s, self.coefficients, mu) * self.downstream_scale

    def upstream_layer(self, t: ArrayLike) -> NDArray[np.float64]:
        """g1 at the shock in the upstream frame against t = (1 + mu1)/(1 - u1), normalised to 1 at t = 0.

        As Gamma1 -> inf, g1 lives in mu1 + 1 = O(1 - u1), so this coordinate
        is the one that has a limit (the only one offered at gamma_beta1 = inf).

        Parameters
        ----------
        t : array_like
            Layer coordinate, 0 <= t <= 2/(1 - u1) (any t >= 0 in the limit).

        Returns
        -------
        ndarray
            g1(mu1 = -1 + (1 - u1) t) / g1(-1).

        Raises
        ------
        ParameterError
            For t outside that range.

        Examples
        --------
        >>> res = spectral_index(math.inf, "4/3", modes=8)
        >>> float(res.upstream_layer([0.0])[0])
        1.0
        """
        t = np.asarray(t, dtype=float)
        top = math.inf if self.jump.u1 == 1.0 else 2.0 / (1.0 - self.jump.u1)
        if not (np.all(t >= 0.0) and np.all(t <= top)):
            raise ParameterError(f"t must lie in [0, {top:.6g}] (mu1 in [-1, 1])")
        return self.upstream_modes.layer_values(self.coefficients, t) / self.upstream_modes.layer_values(
            self.coefficients, np.zeros(1))[0]

    def upstream(self, mu: ArrayLike) -> NDArray[np.float64]:
        """g1(mu) at the shock in the upstream frame, normalised to 1 at mu = -1 (finite Gamma1 only).

        Parameters
        ----------
        mu : array_like
            Upstream-frame pitch cosines in [-1, 1].

        Returns
        -------
        ndarray
            g1(mu) / g1(-1).

        Raises
        ------
        ParameterError
            In the ultra-relativistic limit (use :meth:`upstream_layer`).

        Examples
        --------
        >>> res = spectral_index(0.1, modes=8)
        >>> float(res.upstream([-1.0])[0])
        1.0
        """
        if self.jump.u1 == 1.0:
            raise ParameterError("upstream(mu) has no limit as gamma_beta1 -> inf; use upstream_layer(t)")
        mu = np.asarray(mu, dtype=float)
        return self.upstream_layer((1.0 + mu) / (1.0 - self.jump.u1))

    def summary(self) -> str:
        """A few lines for the terminal: s with its estimate or NOT CERTIFIED, the jump, the parts.

        Returns
        -------
        str
            The text ``pitcheig shock`` prints.

        Examples
        --------
        >>> print(spectral_index(math.inf, "4/3", modes=8).summary().splitlines()[0])
        s = 4.226979 +- 1e-06 (certified)
        """
        j = self.jump
        if math.isfinite(self.s) and self.error_estimate > 0:
            digits = max(1, min(15, int(math.floor(math.log10(abs(self.s) / self.error_estimate))) + 1))
        else:
            digits = 15
        state = "certified" if self.converged else f"NOT CERTIFIED: {self.message}"
        lines = [f"s = {self.s:.{digits}g} +- {self.error_estimate:.2g} ({state})",
                 f"upstream Gamma1 beta1 = {j.gamma_beta1:.6g} (u1 = {j.u1:.12g}), downstream u2 = {j.u2:.12g} "
                 f"({j.eos}), compression r = {j.r:.6g}, u_rel = {j.u_rel:.12g}",
                 f"{self.modes} modes each side, {self.method}; estimate parts: "
                 + ", ".join(f"{k} {v:.1g}" for k, v in self.estimates.items())
                 + f"; {self.seconds:.2f} s"]
        return "\n".join(lines)

    def to_dict(self, points: int = 21) -> dict[str, Any]:
        """JSON-ready result with the distributions sampled on ``points`` points.

        Parameters
        ----------
        points : int, default 21
            Samples of g2 on mu2 in [-1, 0.99], and of g1 on mu1 in [-1, 1] (on
            t in [0, 10] in the ultra-relativistic limit).

        Returns
        -------
        dict
            s, error_estimate, converged, message, the jump, modes, estimates,
            method, seconds and the two sampled distributions.

        Examples
        --------
        >>> spectral_index(math.inf, "4/3", modes=8).to_dict(points=3)["downstream"]["mu"]
        [-1.0, 0.0, 0.99]
        """
        mu = np.linspace(-1.0, 1.0, points)
        mu[-1] = 0.99                       # g2 ~ (1 - mu)^-s grows toward mu = 1 in the limit
        ok = math.isfinite(self.s)
        if self.jump.u1 == 1.0:
            t = np.linspace(0.0, 10.0, points)
            up = {"t": t.tolist(), "g": self.upstream_layer(t).tolist() if ok else None}
        else:
            mu1 = np.linspace(-1.0, 1.0, points)
            up = {"mu": mu1.tolist(), "g": self.upstream(mu1).tolist() if ok else None}
        return {"s": _json_number(self.s), "error_estimate": _json_number(self.error_estimate),
                "converged": self.converged, "message": self.message, "jump": self.jump.to_dict(),
                "modes": self.modes, "estimates": {k: _json_number(v) for k, v in self.estimates.items()},
                "method": self.method, "seconds": self.seconds,
                "distribution_error": _json_number(self.distribution_error),
                "downstream": {"mu": mu.tolist(), "g": self.downstream(mu).tolist() if ok else None},
                "upstream": up}


class _Upstream:
    """The upstream modes, each a function Q_n(t) of the layer coordinate t = (1 + mu1)/(1 - u1),
    seen from the downstream frame at the nodes x (mu2)."""

    def __init__(self, jump: Jump, modes: list[Callable[[NDArray[np.float64]], NDArray[np.float64]]]):
        self.jump, self.modes = jump, modes

    def layer_values(self, a, t):
        """g1 = sum a_n Q_n(t)."""
        return sum(a_n * q(t) for a_n, q in zip(a, self.modes))

    def layer_coordinate(self, x):
        """t(x): (1 + x)(1 - v)/((1 - u1)(1 - v x)), and c (1 + x)/(1 - x) in the limit u1 -> 1."""
        j = self.jump
        if j.u1 == 1.0:
            return (1.0 + j.u2) / (1.0 - j.u2) * (1.0 + x) / (1.0 - x)
        v = j.u_rel
        return (1.0 + x) * (1.0 - v) / ((1.0 - j.u1) * (1.0 - v * x))

    def modes_at(self, x, n_modes):
        """Q_n(t(x)) for the downstream-frame nodes x, shape (n_modes, len(x))."""
        t = self.layer_coordinate(x)
        return np.array([q(t) for q in self.modes[:n_modes]])

    def momentum_ratio(self, x):
        """p2/p1 up to a constant factor: 1/(1 - v x) (the limit v -> 1 included)."""
        v = self.jump.u_rel
        return 1.0 / (1.0 - v * x)

    def transformed(self, s, a, x):
        """g2(x) up to normalisation: (p2/p1)^s g1(mu1(x))."""
        return self.momentum_ratio(x) ** s * (a @ self.modes_at(x, len(a)))


def _limit_modes(n_modes):
    return [lambda t, n=n: laguerre_mode(n, t) for n in range(n_modes)]


def _mesh_modes(result, u1, n_modes):
    """Psi_{-1..-N} of an eigs result as functions of t (mu1 = -1 + (1 - u1) t)."""
    funcs = [result.eigenfunction(-j) for j in range(1, n_modes + 1)]
    return [lambda t, f=f: f(np.minimum(-1.0 + (1.0 - u1) * np.asarray(t, dtype=float), 1.0)) for f in funcs]


def _layer_mode_list(modes):
    return [lambda t, n=n: modes(t, n) for n in range(modes.kappa.size)]


def _negative_modes(model, u, n_modes, method, function_tol):
    """The eigs result holding Psi_{-1..-N} at speed u: forbidden downstream, kept upstream."""
    from .adaptivity import eigs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)
        return eigs(model, u=u, k=n_modes, tol=EIG_TOL, function_tol=function_tol, method=method)


class _Matching:
    """det M(s) for one set of modes and nodes, and its smallest root above 3."""

    def __init__(self, upstream, down_funcs, u2, n_modes, nodes):
        x, w = special.roots_legendre(nodes)
        self.upstream, self.x = upstream, x
        self.left = np.array([f(x) for f in down_funcs[:n_modes]]) * ((u2 + x) * w)
        self.right = upstream.modes_at(x, n_modes)
        self.log_ratio = np.log(upstream.momentum_ratio(x))

    def raw(self, s):
        """M(s) as defined (module docstring)."""
        return self.left @ (self.right * np.exp(s * self.log_ratio)).T

    def matrix(self, s):
        """M(s) with rows and columns scaled to unit norm (same sign of det, better conditioned)."""
        m = self.raw(s)
        m = m / np.linalg.norm(m, axis=1, keepdims=True)
        return m / np.linalg.norm(m, axis=0, keepdims=True)

    def det(self, s):
        return float(np.linalg.det(self.matrix(s)))

    def root(self, s_max):
        grid = 3.0 + (s_max - 3.0) * np.linspace(1e-9, 1.0, SCAN_POINTS) ** 2
        values = np.array([self.det(s) for s in grid])
        change = np.nonzero(np.sign(values[1:]) != np.sign(values[:-1]))[0]
        if change.size == 0:
            return math.nan
        i = change[0]
        return optimize.brentq(self.det, grid[i], grid[i + 1], xtol=1e-15, rtol=1e-15)

    def null_vector(self, s):
        _, _, vt = np.linalg.svd(self.raw(s))
        return vt[-1]


def _check_model(name, model):
    if model is None:
        return Flat()
    if not isinstance(model, CoefficientModel):
        raise ParameterError(f"{name} must be a CoefficientModel of pitcheig.models; got {type(model).__name__}")
    return model


def spectral_index(gamma_beta1: float, eos: str | float | Fraction = SYNGE, *, u2: float | None = None,
                   upstream_model: CoefficientModel | None = None,
                   downstream_model: CoefficientModel | None = None, modes: int = 16,
                   method: str = "collocation", upstream: str = "auto", tol: float = 1e-6,
                   on_failure: str = "warn") -> ShockResult:
    r"""The index s of f ~ p^-s at a shock, by matching eq. (15)'s eigenfunctions (module docstring).

    Parameters
    ----------
    gamma_beta1 : float
        Gamma1 beta1 of the upstream flow in the shock frame, in [1e-3, 1e4], or
        ``math.inf`` for the ultra-relativistic limit (computed with the
        closed-form limiting modes :func:`laguerre_mode`; needs a flat upstream D).
    eos : str, float or Fraction, default "synge"
        Equation of state for :func:`jump_conditions` ("synge" or a fixed index
        in (1, 2], e.g. "4/3").  Ignored when ``u2`` is given.
    u2 : float or None, default None
        Prescribe the downstream speed instead, in (0, u1) (e.g. u1/4 for a
        compression 4 at any speed, or 1/3 with gamma_beta1 = inf).
    upstream_model, downstream_model : CoefficientModel or None, default None
        D(mu) in each fluid frame (None: isotropic, D = 1).
    modes : int, default 16
        Number N of upstream and forbidden downstream modes, in [2, 50] (even);
        the estimate compares with N/2.
    method : {"collocation", "galerkin", "nodal"}, default "collocation"
        Discretisation of the eigenfunctions by :func:`pitcheig.eigs`: the
        downstream ones always, the upstream ones on the "mesh" route.
        Collocation is the default because it certifies the upstream layer
        modes up to Gamma1 beta1 ~ 10, where Galerkin runs out of its solve budget.
    upstream : {"auto", "mesh", "layer"}, default "auto"
        How the upstream modes are computed for finite Gamma1: "mesh",
        :func:`pitcheig.eigs` in the fluid frame (accuracy degrades with
        Gamma1 as the layer thins: flagged beyond Gamma1 beta1 ~ 15);
        "layer", Chebyshev collocation of eq. (15) rescaled to the layer
        coordinate (:mod:`pitcheig.layer`), uniform in Gamma1 but for a D
        smooth on the layer (one Chebyshev series: a kink is flagged as not
        resolved); "auto": "layer" for Gamma1 beta1 >= 1 unless the upstream D
        has a breakpoint on the layer, else "mesh".  (gamma_beta1 = inf always uses the
        closed-form limit modes.)
    tol : float, default 1e-6
        Relative accuracy asked of s, in [1e-10, 1e-2].
    on_failure : {"warn", "raise"}, default "warn"
        As in :func:`pitcheig.eigs`.

    Returns
    -------
    ShockResult
        s, its error estimate and its parts, the jump, the distributions.

    Raises
    ------
    ParameterError
        For any parameter out of range.
    ConvergenceError
        With on_failure="raise", when s is not certified.

    Examples
    --------
    >>> u1 = 0.01                                        # compression u1/u2 = 4
    >>> res = spectral_index(u1 / math.sqrt(1 - u1**2), u2=u1 / 4, modes=8)
    >>> print(f"{res.s:.6f}")                            # 4 - u1^2/4
    3.999975
    """
    start = time.perf_counter()
    modes = check_int("modes", modes, 2, 50)
    if modes % 2:
        raise ParameterError(f"modes must be an even integer in [2, 50]; got {modes}")
    method = check_choice("method", method, ("collocation", "galerkin", "nodal"))
    tol = check_real("tol", tol, 1e-10, 1e-2)
    check_choice("on_failure", on_failure, ("warn", "raise"))
    up_model, down_model = _check_model("upstream_model", upstream_model), _check_model("downstream_model",
                                                                                          downstream_model)
    jump = _jump(gamma_beta1, eos, u2)
    limit = jump.gamma_beta1 == math.inf
    if limit and not isinstance(up_model, Flat):
        raise ParameterError("upstream_model must be Flat (D = 1) in the ultra-relativistic limit "
                             "(gamma_beta1 = inf): the limiting modes are those of D = 1")
    route = _upstream_route(upstream, jump, up_model)
    solves = {"downstream": _negative_modes(down_model, jump.u2, modes, method, FUNCTION_TOL),
              "downstream, coarse": _negative_modes(down_model, jump.u2, modes, method, COARSE_FUNCTION_TOL)}
    failed = []
    if route == "limit":
        up = up_coarse = _Upstream(jump, _limit_modes(modes))
    elif route == "mesh":
        solves["upstream"] = _negative_modes(up_model, jump.u1, modes, method, FUNCTION_TOL)
        solves["upstream, coarse"] = _negative_modes(up_model, jump.u1, modes, method, COARSE_FUNCTION_TOL)
        up = _Upstream(jump, _mesh_modes(solves["upstream"], jump.u1, modes))
        up_coarse = _Upstream(jump, _mesh_modes(solves["upstream, coarse"], jump.u1, modes))
    else:
        coarse_layer = layer_modes(up_model, jump.u1, modes)
        # the check on twice the points; not attempted when the first is already unresolved
        fine_layer = (layer_modes(up_model, jump.u1, modes, points=2 * coarse_layer.points)
                      if coarse_layer.resolved else coarse_layer)
        if not (coarse_layer.resolved and fine_layer.kappa.size == modes):
            failed.append(f"upstream layer modes: {coarse_layer.message} (try upstream='mesh')")
        up, up_coarse = _Upstream(jump, _layer_mode_list(fine_layer)), _Upstream(jump, _layer_mode_list(coarse_layer))
    failed += [f"{name}: {res.message}" for name, res in solves.items() if not res.converged]

    def funcs(name):
        labels = set(solves[name].labels)
        return [solves[name].eigenfunction(-j) for j in range(1, modes + 1) if -j in labels]

    down, down_coarse = funcs("downstream"), funcs("downstream, coarse")
    s_max = max(20.0, 3.0 * jump.velocity_ratio / (jump.velocity_ratio - 1.0) * 3.0)
    complete = all(len(m) == modes for m in (down, down_coarse, up.modes, up_coarse.modes))
    if complete:
        s, estimates, coefficients, scale, distribution_error = _match(up, up_coarse, down, down_coarse, jump.u2,
                                                                       modes, s_max)
    else:
        s, coefficients, scale, distribution_error = math.nan, np.full(modes, math.nan), math.nan, math.nan
        estimates = {"modes": math.nan, "discretisation": math.nan, "quadrature": math.nan}
        failed.append(f"fewer than {modes} modes were computed on one side; no matching")
    error = float(sum(estimates.values()))
    reasons = failed + ([] if math.isfinite(s) or not complete else [f"no root of det M(s) in (3, {s_max:g}]"])
    if math.isfinite(s) and not error <= tol * s:
        reasons.append(f"error estimate {error:.2g} exceeds tol * s = {tol * s:.2g} "
                       f"(modes {estimates['modes']:.1g}, discretisation {estimates['discretisation']:.1g}, "
                       f"quadrature {estimates['quadrature']:.1g})")
    result = ShockResult(s=s, error_estimate=error if math.isfinite(s) else math.nan, converged=not reasons,
                         message="; ".join(reasons), jump=jump, modes=modes, estimates=estimates,
                         method=f"upstream: {ROUTE_LABELS[route]}{method if route == 'mesh' else ''}; "
                                f"downstream: eigs, {method}",
                         coefficients=coefficients, seconds=time.perf_counter() - start,
                         distribution_error=distribution_error, downstream_scale=scale, upstream_modes=up)
    if not result.converged:
        text = f"s NOT certified: {result.message}"
        if on_failure == "raise":
            raise ConvergenceError(text, result=result)
        warnings.warn(text, NotConvergedWarning, stacklevel=2)
    return result


#: What each upstream route runs (the ShockResult's ``method``).
ROUTE_LABELS = {"limit": "closed-form Laguerre modes of the limit Gamma1 -> inf",
                "mesh": "eigs in the fluid frame, ",
                "layer": "Chebyshev collocation in the layer coordinate (pitcheig.layer)"}
#: Upstream Gamma1 beta1 from which route "auto" takes the layer coordinate.
LAYER_FROM = 1.0


def _upstream_route(upstream, jump, model):
    """"limit", "mesh" or "layer" from the user's choice, the speed and D: "auto" takes the
    layer for Gamma1 beta1 >= LAYER_FROM unless D has a breakpoint on the layer's interval
    (one Chebyshev series in t cannot resolve a kink; the mesh methods put a breakpoint there)."""
    check_choice("upstream", upstream, ("auto", "mesh", "layer"))
    if jump.gamma_beta1 == math.inf:
        return "limit"
    if upstream != "auto":
        return upstream
    reach = -1.0 + (1.0 - jump.u1) * min(2.0 / (1.0 - jump.u1), T_CUT)
    kinked = any(b < reach for b in getattr(model, "breakpoints", ()))
    return "layer" if jump.gamma_beta1 >= LAYER_FROM and not kinked else "mesh"


def _jump(gamma_beta1, eos, u2):
    """The jump conditions, or the prescribed u2 with u1 from gamma_beta1."""
    if gamma_beta1 != math.inf:
        try:
            gamma_beta1 = check_real("gamma_beta1", gamma_beta1, *GAMMA_BETA_RANGE)
        except ParameterError as exc:
            raise ParameterError(f"{exc} (or math.inf, the ultra-relativistic limit)") from None
    if u2 is None:
        return jump_conditions(gamma_beta1, eos)
    u1 = 1.0 if gamma_beta1 == math.inf else gamma_beta1 / math.hypot(1.0, gamma_beta1)
    u2 = check_real("u2", u2, 0.0, u1, lo_open=True, hi_open=True)
    r = math.inf if u1 == 1.0 else gamma_beta1 / (u2 / math.sqrt(1.0 - u2 * u2))
    return Jump(gamma_beta1, u1, u2, r, math.nan, "prescribed u2")


#: Where the distribution's error estimate is measured: g2 on mu2 in [-1, 0.99].
DISTRIBUTION_GRID = np.linspace(-1.0, 0.99, 200)


def _g2(matching, up, s, n_modes, u2):
    """(a, scale, g2 on DISTRIBUTION_GRID) of one matching at its root s."""
    a = matching.null_vector(s)
    a = a / (a @ up.modes_at(np.array([-1.0]), n_modes)[:, 0])         # g1(-1) = 1
    scale = _downstream_scale(up, s, a, u2)
    return a, scale, scale * up.transformed(s, a, DISTRIBUTION_GRID)


def _match(up, up_coarse, down, down_coarse, u2, modes, s_max):
    """s, its estimates, the coefficients and scale of g, and the distribution's error estimate.

    The three variations of the estimate (N/2 modes, the coarser modes, half the
    quadrature nodes) each give their own root; the distribution's estimate is the
    largest change of g2 on DISTRIBUTION_GRID (relative to max |g2|) under the first two."""
    fine = _Matching(up, down, u2, modes, QUADRATURE_NODES)
    variants = {"modes": (_Matching(up, down, u2, modes // 2, QUADRATURE_NODES), up, modes // 2),
                "discretisation": (_Matching(up_coarse, down_coarse, u2, modes, QUADRATURE_NODES), up_coarse, modes),
                "quadrature": (_Matching(up, down, u2, modes, QUADRATURE_NODES // 2), up, modes)}
    s = fine.root(s_max)
    roots = {name: m.root(s_max) for name, (m, _, _) in variants.items()}
    estimates = {name: abs(s - r) for name, r in roots.items()}
    if not math.isfinite(s):
        return s, estimates, np.full(modes, math.nan), math.nan, math.nan
    a, scale, g = _g2(fine, up, s, modes, u2)
    changes = []
    for name in ("modes", "discretisation"):
        m, modes_of, n = variants[name]
        changes.append(np.max(np.abs(g - _g2(m, modes_of, roots[name], n, u2)[2])) / np.max(np.abs(g))
                       if math.isfinite(roots[name]) else math.nan)
    return s, estimates, a, scale, float(max(changes))


def _downstream_scale(upstream, s, a, u2):
    """The factor that makes g2's isotropic part, int (u2 + mu) g2 / (2 u2), equal to 1 (f far downstream)."""
    x, w = special.roots_legendre(QUADRATURE_NODES)
    return float(2.0 * u2 / (w @ ((u2 + x) * upstream.transformed(s, a, x))))
