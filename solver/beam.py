"""The beam at mu = 1 in physical units (Malkov et al. 2010, sections 3, 4.3, 4.4, 5).

:func:`beam` takes the field B, the outer scale l of the turbulence, the particle's
total energy E (one or several), the Alfven speed V_A (or delta = V_A/v directly) and
the species, and returns, per energy, with error estimates:

* the momentum p = sqrt(E^2 - (m c^2)^2)/c, the speed v = p c^2/E, the gyroradius
  r_g = p c/(abs(Z) e B) (Gaussian; p/(abs(Z) e B) in SI), eps = r_g/l (section 4.3: eps =
  v/(l Omega) = r_g/l, Omega the relativistic gyrofrequency), delta = V_A/v (after
  eq. 6) and a = (delta ln(1/eps) + eps^{3/2})/6 (eq. 11, :func:`pitcheig.models.physical_a`);
* lambda_1 = lambda_{+1} of ``eigs(Physical(eps, delta, ends), k=1)`` at u = 0 (section 4:
  u << 1 is set to 0).  ``ends="both"`` by default because the physical D_mumu of
  eqs. (4)-(10) is even in mu: it peaks at mu = +1 *and* at mu = -1 (particles aligned
  with the field, moving either way along it).  The beam observed is the one at
  mu = +1; the one at mu = -1 is its mirror image in lambda_{-1} = -lambda_{+1};
* the beam's angular width: the paper's Delta theta = arccos(1 - b), b = j1^2 eps/2
  (eq. 35), and the width measured on the computed eigenfunction: Phi, the flat (D = 1,
  eq. 17) eigenfunction of lambda_1, is scaled onto Psi by least squares on abs(mu) <= 1/2
  (away from both peaks, where Psi = Phi up to O(delta lambda)); the half-width t_half is
  the distance from mu = 1 at which abs(Psi - Phi) falls to half its value at mu = 1, and
  the angle is arccos(1 - t_half) = 2 arcsin(sqrt(t_half/2));
* the beam amplitude measured on the eigenfunctions, 1 - Psi(1)/Phi(1) (the fractional
  deficit of Psi at the end, which is the beam excess of section 4.3 for C_1 Phi(1) < 0),
  beside eq. (36), lambda_1 b/2 (lambda_1 the computed one);
* nu_theta = (v/l) a (eq. 11), the scattering length c/nu_theta (the unit of z in eq. 12),
  L^{-1} = (lambda_1/6)(delta ln(1/eps) + eps^{3/2}) = lambda_1 a and the decay length
  l/L^{-1} of the anisotropy (eq. 46; it equals (c/nu_theta)/lambda_1 times v/c);
* p_Bmax of eqs. (41)-(44): A = 8/(lambda_1 j1^4 (q_c - 2)), and with F_0 = alpha F_C in
  eq. (42), eps(p_Bmax)^2 = (V_A/c) A/alpha, i.e. p_Bmax/(m_p c) = K^{-1} sqrt((V_A/c) A/alpha)
  with K = c/(l omega_c), omega_c = e B/(m_p c) the non-relativistic proton cyclotron
  frequency (eq. 44).  For charge abs(Z) (eq. 42 with r_g = p c/(abs(Z) e B)) this is
  p_Bmax = abs(Z) e B l sqrt((V_A/c) A/alpha)/c, the same for Z = 1.  lambda_1 (hence A) is
  the one at the energy of the row, not at p_Bmax (the paper's estimate takes lambda_1
  as a constant, ~14.5).

Certification.  Per energy the eigenfunctions are computed twice, on different
adaptive meshes: Psi and Phi at ``function_tol`` = 1e-12 (the values returned) and at 1e-10 (the
check).  The error estimate of every measured number is the difference between the two
(as for eigs, it bounds the error of the coarser one and overestimates that of the
returned one), plus the rounding of mu = 1 - t near mu = 1 for the half-width.  A row is
``converged`` only if all four eigen-solves are converged, the half-width is found and
resolved (abs(Psi - Phi) decreases monotonically over the samples, spaced by a ratio of
1.01 in t, before its bracketed crossing, which is then located by Brent's method) and
every error estimate is within ``tol`` (relative).  The flat solves are shared by all
energies.  Measured at delta = 1e-4: certified from eps = 1e-8 (estimates ~1e-10 of the
width, ~1e-14 absolute of the excess) up to b = 1/4 (eps = 0.034); at eps = 1e-9 the beam,
5e-8 of Phi, is at the eigenfunctions' noise, abs(Psi - Phi) is not monotone on the samples
and the row is not certified; for b > 1/4 the peaks reach the fit window and no width is
measured.  About 0.2-0.4 s per energy on one core.

Bad input raises :class:`~pitcheig.errors.ParameterError` before any solve: Quantities
of the wrong kind or sign, E <= m c^2, delta outside (0, 1), eps outside the range the
models accept, [1e-10, 2/j1^2).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import NDArray

from .errors import ConvergenceError, NotConvergedWarning, ParameterError
from .models import ENDS, EPS_MAX, EPS_MIN, J1_ZERO, Flat, Physical, physical_a
from .validation import check_choice, check_int, check_real

if TYPE_CHECKING:
    from astropy.units import Quantity

__all__ = ["beam", "BeamResult", "BeamPoint", "measure_beam"]

#: An eigenfunction as eigs returns it: called on a float array of mu, returns Psi there.
Eigenfunction = Callable[[NDArray[np.float64]], NDArray[np.float64]]

SPECIES = ("proton", "electron", "nucleus")
#: function_tol of the solves whose eigenfunctions are returned, and of the check solves
FUNCTION_TOL, CHECK_FUNCTION_TOL = 1e-12, 1e-10
#: Phi is scaled onto Psi by least squares on |mu| <= FIT_HALF_WIDTH (Gauss-Legendre, FIT_NODES)
FIT_HALF_WIDTH, FIT_NODES = 0.5, 200
#: the measurement needs the peaks (width b) to stay clear of the fit window: b <= B_MAX_MEASURED
B_MAX_MEASURED = 0.25
#: samples of |Psi - Phi| in t = 1 - mu: geometric from T_FIRST * b to 1 - FIT_HALF_WIDTH, ratio SAMPLE_RATIO
T_FIRST, SAMPLE_RATIO = 1e-6, 1.01
#: absolute rounding of t = 1 - mu near mu = 1 (the spacing of doubles below 1, twice)
T_ROUNDING = 2.0 * np.finfo(float).eps
TOL_RANGE = (1e-14, 1e-2)
Q_C_RANGE, ALPHA_RANGE = (2.0, 10.0), (0.0, 1.0)


def _units():
    import astropy.constants as const
    import astropy.units as u
    return u, const


def _quantity(name, value, unit, example):
    """value as a float array in ``unit``, checked finite and positive (ParameterError otherwise)."""
    u, _ = _units()
    if not isinstance(value, u.Quantity):
        raise ParameterError(f"{name} must be an astropy Quantity in units of {example} (e.g. 3 * u.{unit}); "
                             f"got {value!r}")
    if not value.unit.is_equivalent(u.Unit(unit)):
        raise ParameterError(f"{name} must be in units of {example} ({u.Unit(unit).physical_type}); "
                             f"got unit {value.unit.to_string()!r}")
    x = np.atleast_1d(np.asarray(value.to_value(unit), dtype=float))
    if x.ndim != 1 or x.size == 0:
        raise ParameterError(f"{name} must be a scalar or a non-empty 1-d Quantity; got shape {x.shape}")
    if not np.all(np.isfinite(x) & (x > 0.0)):
        raise ParameterError(f"{name} must be finite and > 0 {unit}; got {value!r}")
    return x


def _species(species, charge, mass_number):
    """(mass, |Z|, label) of the species; a nucleus is A atomic mass units (its binding
    energy, ~1e-3 of the mass, is neglected: E >> m c^2 at the energies of interest)."""
    _, const = _units()
    check_choice("species", species, SPECIES)
    if species != "nucleus":
        for key, value in (("charge", charge), ("mass_number", mass_number)):
            if value is not None:
                raise ParameterError(f"{key} is only used by species 'nucleus', not {species!r}")
        return (const.m_p, 1, "proton") if species == "proton" else (const.m_e, 1, "electron")
    if charge is None or mass_number is None:
        raise ParameterError("species 'nucleus' needs charge Z (integer in [1, 118]) and mass_number A "
                             "(integer in [Z, 300])")
    z = check_int("charge", charge, 1, 118)
    a = check_int("mass_number", mass_number, z, 300)
    return a * const.u, z, f"nucleus Z = {z}, A = {a}"


@dataclass(frozen=True)
class BeamPoint:
    """The beam at one energy, as :func:`beam` computes it (one per energy of its result).

    Every dimensional field is an astropy Quantity, every other a float; the equation
    numbers are those of Malkov et al. (2010).  :func:`beam` makes these; a user reads
    them (``result[i].width``) and does not build one.  ``errors`` maps a field name to
    its error estimate (same unit): for ``lambda_1`` the estimate of eigs; for
    ``half_width_mu``, ``width`` and ``excess`` the difference between the returned and
    the check solves plus the rounding (module docstring, Certification); ``inverse_L``,
    ``decay_length`` and ``A`` carry the relative error of lambda_1, ``p_bmax_times_c``
    and ``p_bmax_over_mc`` half of it (p_Bmax goes as lambda_1^(-1/2)).  The other fields
    have no entry: ``excess_eq36`` and ``e_bmax`` inherit the relative error of lambda_1
    and of p_Bmax, the rest are closed-form functions of the inputs (exact up to
    rounding).  NaN marks a measurement that could not be made (then ``converged`` is
    False and ``message`` says why).

    Parameters
    ----------
    energy : Quantity (energy)
        The total energy E of the particle (TeV).
    p_times_c : Quantity (energy)
        The momentum times c, p c = sqrt(E^2 - (m c^2)^2) (TeV).
    beta : float
        v/c = p c/E, in (0, 1).
    gyroradius : Quantity (length)
        r_g = p c/(abs(Z) e B) (pc).
    eps : float
        r_g/l (section 4.3), in [1e-10, 2/j1^2).
    delta : float
        V_A/v (after eq. 6), in (0, 1).
    a : float
        (delta ln(1/eps) + eps^(3/2))/6, eq. (11).
    lambda_1 : float
        lambda_(+1) of ``eigs(Physical(eps, delta, ends), k=1)`` at u = 0.
    b : float
        The peak width j1^2 eps/2 in mu, eq. (35).
    width_eq35 : Quantity (angle)
        The paper's beam width arccos(1 - b), eq. (35) (deg).
    width : Quantity (angle)
        The width measured on the eigenfunctions, arccos(1 - half_width_mu) (deg);
        NaN if not measured.
    half_width_mu : float
        t_half, the distance from mu = 1 at which abs(Psi - Phi) falls to half its
        value at mu = 1 (:func:`measure_beam`); NaN if not measured.
    excess : float
        The measured beam amplitude 1 - Psi(1)/Phi(1).
    excess_eq36 : float
        The paper's amplitude lambda_1 b/2, eq. (36).
    nu_theta : Quantity (frequency)
        The scattering frequency (v/l) a, eq. (11) (1/s).
    scattering_length : Quantity (length)
        c/nu_theta, the unit of z in eq. (12) (pc).
    inverse_L : float
        L^(-1) = (lambda_1/6)(delta ln(1/eps) + eps^(3/2)) = lambda_1 a, after eq. (46).
    decay_length : Quantity (length)
        l/L^(-1), the e-folding length of the anisotropy, eq. (46) (pc).
    A : float
        8/(lambda_1 j1^4 (q_c - 2)), defined after eq. (42).
    K : float
        c/(l omega_c), omega_c = e B/(m_p c), eq. (44).
    p_bmax_times_c : Quantity (energy)
        p_Bmax c, eq. (43) with F_0 = alpha F_C in eq. (42) (TeV).
    p_bmax_over_mc : float
        p_Bmax/(m_p c) = K^(-1) sqrt((V_A/c) A/alpha), eq. (43).
    e_bmax : Quantity (energy)
        The total energy at p_Bmax (TeV).
    converged : bool
        True only if all four eigen-solves converged and every measurement is resolved
        within ``tol``.
    message : str
        "certified", or why not.
    errors : dict, optional
        Error estimates by field name (default: none).
    dofs : int, optional
        Unknowns of the returned physical solve (default 0).

    Examples
    --------
    >>> import astropy.units as u
    >>> from pitcheig.beam import beam
    >>> point = beam(3 * u.uG, 0.17159 * u.pc, 1 * u.TeV, delta=1e-4)[0]
    >>> print(f"eps = {point.eps:.4g}, width = {point.width:.4f}, excess = {point.excess:.5f}")
    eps = 0.0021, width = 6.9655 deg, excess = 0.10570
    >>> bool(point.errors["width"] < 1e-9 * point.width), point.converged
    (True, True)
    """

    energy: Quantity
    p_times_c: Quantity         # momentum times c, p c = sqrt(E^2 - (m c^2)^2)
    beta: float
    gyroradius: Quantity
    eps: float
    delta: float
    a: float
    lambda_1: float
    b: float
    width_eq35: Quantity        # arccos(1 - b), eq. (35)
    width: Quantity             # measured on the eigenfunctions
    half_width_mu: float        # t_half, in mu
    excess: float               # 1 - Psi(1)/Phi(1)
    excess_eq36: float          # lambda_1 b / 2
    nu_theta: Quantity          # eq. (11)
    scattering_length: Quantity  # c / nu_theta
    inverse_L: float            # eq. (46)
    decay_length: Quantity      # l / L^{-1}
    A: float                    # eq. (42)
    K: float                    # eq. (44)
    p_bmax_times_c: Quantity    # p_Bmax c, eq. (43)
    p_bmax_over_mc: float       # p_Bmax/(m_p c) = K^-1 sqrt((V_A/c) A/alpha), eq. (43)
    e_bmax: Quantity            # total energy at p_Bmax
    converged: bool
    message: str
    errors: dict[str, Any] = field(default_factory=dict)
    dofs: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every field as {"value", "unit"[, "error_estimate"]}; a measurement
        that could not be made is null."""
        u, _ = _units()

        def number(x):
            return float(x) if math.isfinite(float(x)) else None
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if key in ("errors", "converged", "message", "dofs"):
                continue
            entry = ({"value": number(value.value), "unit": value.unit.to_string()} if isinstance(value, u.Quantity)
                     else {"value": number(value), "unit": ""})
            if key in self.errors:
                err = self.errors[key]
                entry["error_estimate"] = number(err.to_value(value.unit) if isinstance(err, u.Quantity) else err)
            out[key] = entry
        out.update(converged=bool(self.converged), message=self.message, dofs=int(self.dofs))
        return out


@dataclass(frozen=True)
class BeamResult:
    """What :func:`beam` returns: one :class:`BeamPoint` per energy, the inputs, and the verdict.

    ``result[i]`` is the :class:`BeamPoint` of the i-th energy and ``len(result)`` the
    number of energies; :meth:`column` gives one field over the energies, :meth:`table`
    the text the CLI prints and :meth:`to_dict` its JSON object.  :func:`beam` makes
    these; a user reads them.

    Parameters
    ----------
    inputs : dict
        The inputs as checked: ``B``, ``l``, ``energy`` (Quantities), ``species`` (a
        label), ``charge`` (abs(Z)), ``mass`` (Quantity), ``ends``, ``q_c``, ``alpha``,
        ``tol``, and ``va`` (Quantity) or ``delta`` -- whichever was given.
    points : tuple of BeamPoint
        One per energy, in the order given.
    converged : bool
        True only if every point is certified (:attr:`BeamPoint.converged`).
    message : str
        The verdict, naming the energies that are not certified and why.
    seconds : float
        Wall time of the solves and measurements.

    Examples
    --------
    >>> import astropy.units as u
    >>> from pitcheig.beam import beam
    >>> result = beam(3 * u.uG, 1 * u.pc, [1, 3] * u.TeV, va=20 * u.km / u.s)
    >>> len(result), result.converged
    (2, True)
    >>> print(result.column("width").round(4))
    [2.8994 5.0456] deg
    >>> [f"{eps:.4g}" for eps in result.column("eps")]
    ['0.0003603', '0.001081']
    """

    inputs: dict[str, Any]
    points: tuple[BeamPoint, ...]
    converged: bool
    message: str
    seconds: float

    def __len__(self) -> int:
        return len(self.points)

    def __getitem__(self, i: int) -> BeamPoint:
        return self.points[i]

    def column(self, name: str) -> Any:
        """The field ``name`` over the energies: a Quantity array, or a float array."""
        u, _ = _units()
        values = [getattr(p, name) for p in self.points]
        if isinstance(values[0], u.Quantity):
            return u.Quantity(values)
        return np.array(values, dtype=float)

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON object: every Quantity as {"value", "unit"[, "error_estimate"]}."""
        u, _ = _units()
        inputs = {key: ({"value": float(v.value), "unit": v.unit.to_string()} if isinstance(v, u.Quantity)
                        and v.isscalar else
                        {"value": [float(x) for x in np.atleast_1d(v.value)], "unit": v.unit.to_string()}
                        if isinstance(v, u.Quantity) else v)
                  for key, v in self.inputs.items()}
        return {"inputs": inputs, "points": [p.to_dict() for p in self.points],
                "converged": bool(self.converged), "message": self.message, "seconds": float(self.seconds)}

    def table(self) -> str:
        """The text the CLI prints: for one energy every property with its unit and error
        estimate; for several, width and excess against energy."""
        u, _ = _units()
        status = "certified" if self.converged else "NOT CERTIFIED"
        species = self.inputs["species"]
        head = (f"beam of {species} at B = {self.inputs['B']:.6g}, l = {self.inputs['l']:.6g}, "
                f"ends = {self.inputs['ends']} (lambda_1 of Physical(eps, delta), u = 0)")
        if len(self.points) == 1:
            p = self.points[0]

            def line(label, value, key=None, fmt=".10g"):
                err = p.errors.get(key) if key else None
                if isinstance(value, u.Quantity):
                    text = f"{value.value:{fmt}} {value.unit.to_string()}"
                    if err is not None:
                        text += f"  (+- {err.to_value(value.unit):.2g})"
                else:
                    text = f"{value:{fmt}}" + (f"  (+- {err:.2g})" if err is not None else "")
                return f"  {label:<44} {text}"
            lines = [head,
                     line("energy E (total)", p.energy), line("momentum p c", p.p_times_c),
                     line("v / c", p.beta, fmt=".12g"), line("gyroradius r_g = p c/(Z e B)", p.gyroradius),
                     line("eps = r_g / l", p.eps), line("delta = V_A / v", p.delta),
                     line("a (eq. 11)", p.a), line("lambda_1", p.lambda_1, "lambda_1", ".15g"),
                     line("b = j1^2 eps/2 (eq. 35)", p.b),
                     line("width, eq. 35: arccos(1 - b)", p.width_eq35, fmt=".6f"),
                     line("width, measured: |Psi - Phi| at half", p.width, "width", ".6f"),
                     line("  (half-width in mu)", p.half_width_mu, "half_width_mu", ".6e"),
                     line("excess, measured: 1 - Psi(1)/Phi(1)", p.excess, "excess", ".8f"),
                     line("excess, eq. 36: lambda_1 b/2", p.excess_eq36, fmt=".8f"),
                     line("nu_theta (eq. 11)", p.nu_theta),
                     line("scattering length c/nu_theta", p.scattering_length, "scattering_length", ".6g"),
                     line("L^-1 (eq. 46)", p.inverse_L, "inverse_L", ".6g"),
                     line("decay length l/L^-1", p.decay_length, "decay_length", ".6g"),
                     line("A (eq. 42)", p.A, "A", ".6g"), line("K (eq. 44)", p.K, fmt=".6g"),
                     line("p_Bmax c (eq. 43)", p.p_bmax_times_c, "p_bmax_times_c", ".6g"),
                     line("p_Bmax/(m_p c) (eq. 43)", p.p_bmax_over_mc, "p_bmax_over_mc", ".6g"),
                     line("E_Bmax (total)", p.e_bmax, fmt=".6g")]
        else:
            lines = [head, f"{'E [TeV]':>10} {'eps':>10} {'lambda_1':>12} {'width [deg]':>12} {'+-':>8} "
                           f"{'eq.35 [deg]':>11} {'excess':>10} {'+-':>8} {'eq.36':>9} {'decay [pc]':>11} "
                           f"{'p_Bmax c [TeV]':>14}  certified"]
            for p in self.points:
                lines.append(f"{p.energy.to_value(u.TeV):>10.4g} {p.eps:>10.4g} {p.lambda_1:>12.8f} "
                             f"{p.width.to_value(u.deg):>12.6f} {p.errors['width'].to_value(u.deg):>8.1e} "
                             f"{p.width_eq35.to_value(u.deg):>11.6f} {p.excess:>10.6f} {p.errors['excess']:>8.1e} "
                             f"{p.excess_eq36:>9.6f} {p.decay_length.to_value(u.pc):>11.5g} "
                             f"{p.p_bmax_times_c.to_value(u.TeV):>14.5g}  {'yes' if p.converged else 'no'}")
        lines.append(f"{status}: {self.message}; {self.seconds:.2f} s")
        return "\n".join(lines)


def _solve(model, function_tol, what):
    """eigs(model, k=1) at u = 0; ConvergenceError when nothing was computed."""
    from .adaptivity import eigs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotConvergedWarning)    # reported in the result instead
        result = eigs(model, u=0.0, k=1, function_tol=function_tol)
    if not result.pairs:
        raise ConvergenceError(f"the eigen-solve of {what} computed nothing: {result.message}", result)
    return result


def _gauss_window():
    x, w = np.polynomial.legendre.leggauss(FIT_NODES)
    return FIT_HALF_WIDTH * x, FIT_HALF_WIDTH * w


def measure_beam(psi: Eigenfunction, phi: Eigenfunction, b: float) -> tuple[float, float, str]:
    """The beam's amplitude and half-width, measured on a computed eigenfunction.

    Phi, the flat (D = 1, eq. (17) of Malkov et al. 2010) eigenfunction, is scaled onto
    Psi by least squares on abs(mu) <= ``FIT_HALF_WIDTH`` = 1/2 (``FIT_NODES`` = 200
    Gauss-Legendre nodes), away from both peaks, where Psi = Phi up to O(delta lambda);
    the scale is put on Phi so that Psi is left as computed.  Then

    * the excess is 1 - Psi(1)/Phi(1), the measured counterpart of eq. (36),
      lambda_1 b/2 (section 4.3);
    * the half-width t_half is the distance from mu = 1 at which abs(Psi - Phi) falls to
      half its value at mu = 1, the measured counterpart of the width b of eq. (35):
      abs(Psi - Phi) is sampled at t = 1 - mu from ``T_FIRST`` b = 1e-6 b to 1/2 with
      ratio ``SAMPLE_RATIO`` = 1.01, must decrease monotonically up to its first sample
      below half, and the crossing so bracketed is located by Brent's method
      (scipy.optimize.brentq, relative tolerance 4 machine epsilons).

    The same measurement as studies/eigenfunctions.py; :func:`beam` certifies it by
    repeating it on a second pair of solves.

    Parameters
    ----------
    psi : callable
        Psi(mu) on a float array, e.g. ``eigs(Physical(eps, delta), k=1).eigenfunction(1)``
        (or any model with a peak of width b at mu = +1).
    phi : callable
        Phi(mu) on a float array: ``eigs(Flat(), k=1).eigenfunction(1)`` (same label as psi).
    b : float
        The peak width j1^2 eps/2 of eq. (35), > 0; the half-width is measured only for
        b <= ``B_MAX_MEASURED`` = 1/4 (beyond, the peaks reach the fit window).

    Returns
    -------
    excess : float
        1 - Psi(1)/Phi(1) (always computed).
    half_width : float
        t_half in mu, or NaN when it could not be measured.
    problem : str
        "" when the half-width was measured, else why not (b > 1/4; abs(Psi - Phi) never
        falls to half within 1 - mu <= 1/2; or it is not monotone before the crossing,
        i.e. the beam is at the eigenfunctions' noise).

    Examples
    --------
    >>> from pitcheig import J1_ZERO, Flat, Physical, eigs
    >>> from pitcheig.beam import measure_beam
    >>> eps = 2.1e-3
    >>> b = J1_ZERO**2 * eps / 2                                  # eq. (35)
    >>> psi = eigs(Physical(eps, 1e-4), k=1).eigenfunction(1)
    >>> phi = eigs(Flat(), k=1).eigenfunction(1)
    >>> excess, half, problem = measure_beam(psi, phi, b)
    >>> print(f"excess {excess:.4f}, half-width {half / b:.3f} b", repr(problem))
    excess 0.1057, half-width 0.479 b ''
    """
    from scipy.optimize import brentq

    mu, w = _gauss_window()
    p, f = psi(mu), phi(mu)
    scale = float(np.sum(w * p * f) / np.sum(w * f * f))
    one = np.array([1.0])
    psi1, phi1 = float(psi(one)[0]), scale * float(phi(one)[0])
    excess = 1.0 - psi1 / phi1
    if b > B_MAX_MEASURED:
        return excess, math.nan, (f"b = {b:.3g} > {B_MAX_MEASURED:g}: the peaks reach the least-squares window "
                                  f"|mu| <= {FIT_HALF_WIDTH:g}, no width is measured")

    def diff(t):
        t = np.atleast_1d(np.asarray(t, dtype=float))
        return np.abs(psi(1.0 - t) - scale * phi(1.0 - t))

    d0 = abs(psi1 - phi1)
    top = 1.0 - FIT_HALF_WIDTH
    n = int(math.ceil(math.log(top / (T_FIRST * b)) / math.log(SAMPLE_RATIO))) + 1
    t = np.concatenate([[0.0], np.geomspace(T_FIRST * b, top, n)])
    g = diff(t) - 0.5 * d0
    below = np.flatnonzero(g < 0.0)
    if below.size == 0:
        return excess, math.nan, f"|Psi - Phi| does not fall to half its end value within 1 - mu <= {top:g}"
    i = int(below[0])
    if np.any(np.diff(g[: i + 1]) > 0.0):
        return excess, math.nan, ("|Psi - Phi| is not monotone before its half-value crossing: the half-width "
                                  "is not resolved by the sampling")
    half = brentq(lambda s: float(diff(s)[0]) - 0.5 * d0, t[i - 1], t[i], xtol=1e-300, rtol=4 * np.finfo(float).eps)
    return excess, half, ""


def _angle(t):
    """arccos(1 - t) in radians, as 2 arcsin(sqrt(t/2)) (no cancellation for small t)."""
    return 2.0 * math.asin(math.sqrt(0.5 * t))


def beam(B: Quantity, l: Quantity, energy: Quantity,  # noqa: E741 - l is the paper's symbol
         va: Quantity | None = None, delta: float | None = None, species: str = "proton",
         charge: int | None = None, mass_number: int | None = None, ends: str = "both", q_c: float = 4.65,
         alpha: float = 1e-3, tol: float = 1e-6) -> BeamResult:
    """The beam at mu = 1 in physical units, certified (section 4.3 of Malkov et al. 2010).

    From the field B, the outer scale l of the turbulence, the particle's total energy E
    and V_A (or delta), per energy: p and v (relativistic), r_g = p c/(abs(Z) e B),
    eps = r_g/l (section 4.3), a (eq. 11); lambda_1 = lambda_(+1) of
    ``eigs(Physical(eps, delta, ends), k=1)`` at u = 0; the beam's width, by eq. (35)
    (arccos(1 - b), b = j1^2 eps/2) and measured on the eigenfunctions
    (:func:`measure_beam`); its amplitude, measured (1 - Psi(1)/Phi(1)) and by eq. (36)
    (lambda_1 b/2); nu_theta and c/nu_theta (eq. 11); L^(-1) and the decay length
    l/L^(-1) (eq. 46); A, K and p_Bmax (eqs. 42-44).  The module docstring gives the
    physics and the certification: every eigenfunction is computed twice, on different
    adaptive meshes, and the difference is the error estimate.  About 0.1-0.4 s per
    energy on one core (measured), plus 1-2 s for the first call in a process (imports
    and one-time set-up).

    Parameters
    ----------
    B : Quantity (magnetic flux density)
        The field, a scalar > 0, e.g. ``3 * u.uG``.
    l : Quantity (length)
        The outer scale of the turbulence, eq. (2), a scalar > 0, e.g. ``1 * u.pc``.
    energy : Quantity (energy)
        The total energy E of the particle (not the kinetic energy), > m c^2: a scalar
        or a 1-d array, e.g. ``1 * u.TeV`` or ``[1, 3, 10] * u.TeV``.
    va : Quantity (speed), optional
        The Alfven speed V_A, a scalar > 0, e.g. ``20 * u.km / u.s``; then delta = V_A/v
        is computed per energy and must be in (0, 1).  Give exactly one of va and delta.
    delta : float, optional
        V_A/v (after eq. 6), in (0, 1), the same at every energy (then V_A = delta v).
    species : {"proton", "electron", "nucleus"}, default "proton"
        The particle; a nucleus needs ``charge`` and ``mass_number``.
    charge : int, optional
        Z of a nucleus, in [1, 118] (only with ``species="nucleus"``).
    mass_number : int, optional
        A of a nucleus, in [Z, 300]; its mass is A atomic mass units (only with
        ``species="nucleus"``).
    ends : {"both", "+1"}, default "both"
        Which ends of D carry a peak: "both" because the physical D of eqs. (4)-(10) is
        even in mu; "+1" for the paper's one-peak analysis.
    q_c : float, default 4.65
        The momentum index of the background, F_C ~ p^(-q_c) (before eq. 40), in (2, 10].
    alpha : float, default 1e-3
        The anisotropic fraction F_0/F_C used in eq. (43), in (0, 1].
    tol : float, default 1e-6
        The relative accuracy to which lambda_1, the measured half-width and the excess
        must be certified, in [1e-14, 1e-2].

    Returns
    -------
    BeamResult
        ``result[i]`` (a :class:`BeamPoint` per energy, in the order given),
        ``.column(name)``, ``.converged`` (True only if every eigen-solve converged and
        every measurement is resolved within tol), ``.message``, ``.table()``,
        ``.to_dict()``.

    Raises
    ------
    ParameterError
        Before any solve, for bad input: a Quantity of the wrong kind, sign or shape
        (B, l and va must be scalars), E <= m c^2, delta outside (0, 1), eps = r_g/l
        outside the models' range [1e-10, 2/j1^2), or an option out of its range.
    ConvergenceError
        If an eigen-solve computed no eigenpair at all.

    Warns
    -----
    NotConvergedWarning
        If a point is not certified (the result says why, in ``message``).

    Examples
    --------
    The paper's beam A: eps = 2.1e-3 at 1 TeV (about 10 degrees by eq. 35):

    >>> import astropy.units as u
    >>> from pitcheig.beam import beam
    >>> result = beam(3 * u.uG, 0.17159 * u.pc, 1 * u.TeV, delta=1e-4)
    >>> result.converged
    True
    >>> p = result[0]
    >>> print(f"{p.lambda_1:.6f} {p.width_eq35:.3f} {p.width:.3f} {p.excess:.4f} {p.excess_eq36:.4f}")
    14.628505 10.074 deg 6.965 deg 0.1057 0.1128
    >>> print(f"{p.decay_length:.1f}, {p.p_bmax_times_c:.3f}")
    98.7 pc, 4.659 TeV
    """
    u, const = _units()
    b_field = _quantity("B", B, "uG", "magnetic flux density (e.g. microgauss)")[0] * u.uG
    if np.ndim(B) or np.ndim(l):
        raise ParameterError("B and l must be scalars (one field and one scale per call)")
    length = _quantity("l", l, "pc", "length (e.g. pc)")[0] * u.pc
    energies = _quantity("energy", energy, "TeV", "energy (e.g. TeV)") * u.TeV
    mass, z, label = _species(species, charge, mass_number)
    if check_choice("ends", ends, ENDS) == "-1":
        raise ParameterError("ends must be 'both' or '+1': the beam at mu = +1 forms on the peak of D there; "
                             "got '-1'")
    q_c = check_real("q_c", q_c, *Q_C_RANGE, lo_open=True)
    alpha = check_real("alpha", alpha, *ALPHA_RANGE, lo_open=True)
    tol = check_real("tol", tol, *TOL_RANGE)
    if (va is None) == (delta is None):
        raise ParameterError("give exactly one of va (the Alfven speed, a Quantity such as 20 km/s) and "
                             "delta = V_A/v in (0, 1)")
    if va is not None:
        if np.ndim(va):
            raise ParameterError("va must be a scalar")
        v_alfven = _quantity("va", va, "km / s", "speed (e.g. km/s)")[0] * u.km / u.s
    else:
        delta = check_real("delta", delta, 0.0, 1.0, lo_open=True, hi_open=True)

    rest = (mass * const.c**2).to(u.TeV)
    # eq. (35)-(46) inputs per energy, all checked before any solve
    rows = []
    for e in energies:
        if e <= rest:
            raise ParameterError(f"energy must exceed the rest energy m c^2 = {rest.to(u.GeV):.6g} of a {label} "
                                 f"(it is the total energy); got {e:.6g}")
        with np.errstate(all="ignore"):                          # huge or tiny inputs: eps is checked below
            ratio = float((rest / e).to_value(u.dimensionless_unscaled))
            beta = math.sqrt((1.0 - ratio) * (1.0 + ratio))       # v/c = p c/E, without squaring E
            p = (beta * e / const.c).to(u.kg * u.m / u.s)
            v = beta * const.c
            r_g = (p / (z * const.e.si * b_field)).to(u.pc)      # SI form of r_g = p c/(Z e B)
            eps = float((r_g / length).to_value(u.dimensionless_unscaled))
        if not EPS_MIN <= eps < EPS_MAX:
            raise ParameterError(f"eps = r_g/l must be in [{EPS_MIN:g}, {EPS_MAX:.6g}) (the models' range); "
                                 f"E = {e:.6g} gives r_g = {r_g:.4g}, eps = {eps:.4g} at l = {length:.6g}: "
                                 f"change l, B or the energy")
        if va is not None:
            d = float((v_alfven / v).to_value(u.dimensionless_unscaled))
            if not 0.0 < d < 1.0:
                raise ParameterError(f"delta = V_A/v must be in (0, 1); got {d:.6g} at E = {e:.6g}")
        else:
            d = cast(float, delta)                  # given, and checked in (0, 1) above
        try:
            model = Physical(eps, d, ends)
        except ParameterError as exc:
            raise ParameterError(f"at E = {e:.6g}: {exc}") from None
        rows.append((e, p, beta, v, r_g, eps, d, model))

    start = time.perf_counter()
    flat = [_solve(Flat(), ft, "the flat problem D = 1") for ft in (FUNCTION_TOL, CHECK_FUNCTION_TOL)]
    setting = {"B": b_field, "l": length, "charge": z, "mass": mass, "q_c": q_c, "alpha": alpha, "tol": tol}
    points = [_point(row, flat, setting) for row in rows]
    bad = [p for p in points if not p.converged]
    message = ("every eigen-solve converged and every measurement resolved within tol = "
               f"{tol:.0e}" if not bad else
               "; ".join(f"E = {p.energy:.4g}: {p.message}" for p in bad))
    inputs = {"B": b_field, "l": length, "energy": energies if np.ndim(energy) else energies[0],
              "species": label, "charge": z, "mass": mass.to(u.kg), "ends": ends, "q_c": q_c, "alpha": alpha,
              "tol": tol, **({"va": v_alfven} if va is not None else {"delta": delta})}
    result = BeamResult(inputs=inputs, points=tuple(points), converged=not bad, message=message,
                        seconds=time.perf_counter() - start)
    if bad:
        warnings.warn(f"beam NOT certified: {message}", NotConvergedWarning, stacklevel=2)
    return result


def _point(row, flat, setting):
    """One BeamPoint: the solves (returned and check), the measurements on the eigenfunctions
    (eqs. 35, 36) and the physical quantities (eqs. 11, 42-46)."""
    u, const = _units()
    e, p, beta, v, r_g, eps, d, model = row
    sols = [_solve(model, ft, f"Physical(eps={eps:.6g}, delta={d:.6g})") for ft in (FUNCTION_TOL, CHECK_FUNCTION_TOL)]
    reasons = [f"{what} not converged: {r.message}" for what, r in
               (("flat solve", flat[0]), ("flat check solve", flat[1]), ("physical solve", sols[0]),
                ("physical check solve", sols[1])) if not r.converged]
    lam, lam_err = float(sols[0].eigenvalue(1)), float(sols[0][1].error_estimate)
    b = 0.5 * J1_ZERO**2 * eps                                              # eq. (35)
    excess, half, problem = measure_beam(sols[0].eigenfunction(1), flat[0].eigenfunction(1), b)
    check = measure_beam(sols[1].eigenfunction(1), flat[1].eigenfunction(1), b)
    reasons += [problem] if problem else [f"check solve: {check[2]}"] if check[2] else []
    excess_err = abs(excess - check[0]) + 4 * np.finfo(float).eps
    half_err = abs(half - check[1]) + T_ROUNDING
    width = math.degrees(_angle(half)) if math.isfinite(half) else math.nan
    width_err = math.degrees(half_err / math.sqrt(half * (2.0 - half))) if math.isfinite(half) else math.nan
    tol = setting["tol"]
    if not excess_err <= tol * abs(excess):
        reasons.append(f"the excess is not resolved: estimate {excess_err:.2g} > tol x {abs(excess):.3g}")
    if math.isfinite(half) and not half_err <= tol * half:
        reasons.append(f"the half-width is not resolved: estimate {half_err:.2g} > tol x {half:.3g}")
    if not lam_err <= tol * lam:
        reasons.append(f"lambda_1 is not certified to tol: estimate {lam_err:.2g}")
    with np.errstate(all="ignore"):                  # extreme B or l: checked just below
        physics = _physics(v, beta, eps, d, lam, setting)
    overflowed = [name for name, value in physics.items()
                  if not 0.0 < float(getattr(value, "value", value)) < math.inf]
    if overflowed:
        reasons.append(f"{', '.join(overflowed)} overflow or underflow double precision "
                       f"(B = {setting['B']:.3g}, l = {setting['l']:.3g})")
    rel = lam_err / lam                       # of everything computed from lambda_1 alone
    errors = {"lambda_1": lam_err, "excess": excess_err, "half_width_mu": half_err, "width": width_err * u.deg,
              **{key: rel * physics[key] for key in ("inverse_L", "decay_length", "A")},
              **{key: 0.5 * rel * physics[key] for key in ("p_bmax_times_c", "p_bmax_over_mc")}}
    return BeamPoint(energy=e, p_times_c=(p * const.c).to(u.TeV), beta=beta, gyroradius=r_g, eps=eps, delta=d,
                     a=physical_a(eps, d), lambda_1=lam, b=b, width_eq35=math.degrees(_angle(b)) * u.deg,
                     width=width * u.deg, half_width_mu=half, excess=excess, excess_eq36=0.5 * lam * b,
                     **physics, converged=not reasons, message="; ".join(reasons) if reasons else "certified",
                     errors=errors, dofs=int(sols[0].diagnostics.dofs))


def _physics(v, beta, eps, delta, lam, setting):
    """nu_theta and c/nu_theta (eq. 11), L^{-1} and l/L^{-1} (eq. 46), A (eq. 42), K (eq. 44)
    and p_Bmax (eq. 43), as Quantities where dimensional."""
    u, const = _units()
    length, b_field, alpha = setting["l"], setting["B"], setting["alpha"]
    nu = (v / length * physical_a(eps, delta)).to(1 / u.s)                 # nu_theta, eq. (11)
    inverse_l = lam / 6.0 * (delta * math.log(1.0 / eps) + eps**1.5)       # eq. (46), = lambda_1 a
    big_a = 8.0 / (lam * J1_ZERO**4 * (setting["q_c"] - 2.0))              # eq. (42)
    omega_c = (const.e.si * b_field / const.m_p).to(1 / u.s)               # non-relativistic proton, eq. (44)
    k_small = float((const.c / (length * omega_c)).to_value(u.dimensionless_unscaled))
    eps_max = math.sqrt(delta * beta * big_a / alpha)     # eq. (42) with F_0 = alpha F_C; V_A/c = delta v/c
    p_bmax = eps_max * setting["charge"] * const.e.si * b_field * length   # = m_p c eps_max/K for Z = 1
    p_bmax_times_c = (p_bmax * const.c).to(u.TeV)
    return {"nu_theta": nu, "scattering_length": (const.c / nu).to(u.pc), "inverse_L": inverse_l,
            "decay_length": (length / inverse_l).to(u.pc), "A": big_a, "K": k_small,
            "p_bmax_times_c": p_bmax_times_c,
            "p_bmax_over_mc": float((p_bmax / (const.m_p * const.c)).to_value(u.dimensionless_unscaled)),
            "e_bmax": np.sqrt(p_bmax_times_c**2 + (setting["mass"] * const.c**2) ** 2).to(u.TeV)}
