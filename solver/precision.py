"""Arbitrary-precision eigenvalues of the Galerkin discretisation (issue 15,
item 3): ``eigs(..., method="galerkin", digits=N)``.

The discrete eigenvalue of galerkin.py converges to lambda at a rate set by the
mesh, not by the arithmetic, so the expensive part of a 30-digit eigenvalue is
only the last step.  The route:

1. The double-precision adaptive loop (adaptivity._adapt) chooses the mesh:
   breakpoints and degrees on which D and the wanted eigenfunctions are
   resolved to ``function_tol``.
2. Levels.  Galerkin's eigenvalue error is of the order of the square of the
   energy error of Psi (galerkin.py), and the Chebyshev coefficients of Psi
   decay geometrically on every piece, so a relative eigenvalue error
   10^-(N + GUARD_DIGITS) needs the degrees of the double mesh times
   (N + GUARD_DIGITS) / (2 log10(1/function_tol)).  Level 1 has those
   degrees, level 2 a quarter more (plus 2); the quadrature (Gauss with
   m = n + ceil(n_D / 2) + 2 points, galerkin.py) grows with the Chebyshev
   length n_D of D extrapolated from its double-precision resolution in the same
   ratio.  Further levels, a quarter more each, are added while the drift
   between the last two levels is above the target.
3. On each level the forms of galerkin.py (energy, local weight, moments) are
   assembled in ball arithmetic (python-flint ``arb`` at
   (N + GUARD_DIGITS + 10) log2(10) bits) in the coordinates of the double
   discretisation on the same mesh (its energy-orthonormalising r_inv is a fixed,
   exactly representable basis change, so the energy is I + O(1e-16)): the
   problem solved is the one typed, with u, eps, a (and delta) as exact decimals
   and the peak edge mu = +-(1 - b) at its exact position.
4. Each eigenpair (c, y; lambda) of the double solve on the level mesh is refined
   by Newton's method on the bordered system::

       E x - lambda W x = 0,   l^T x = 1   (l = x0 / |x0|^2),

   its residual computed in ball arithmetic and its Jacobian
   [[E - lambda0 W, -W x0], [l^T, 0]] factored once in double precision.  The
   contraction per step is about kappa(J) * 1e-16 (J is well conditioned: E = I
   and the eigenvalue simple), so each step gains ~14 digits; it stops when the
   eigenvalue correction is below 10^-(N + GUARD_DIGITS) relative.  The
   eigenvalue reported is the Rayleigh quotient x^T E x / x^T W x at the final x.

Error estimate of each eigenvalue: the drift between the last two levels (the
finer one is reported; with geometric convergence its own error is far
smaller), plus the last Newton correction and the radius of the ball.
``converged`` when every estimate is at most 10^-N relative.  The eigenfunctions
returned are those of the double-precision solve on the finest level (chebpy
Chebfuns; resolved to function_tol).

The problem is eq. (15) of Malkov et al. (2010) with D = 1 (eq. 17 at u = 0) or the
peak model of eqs. (24)-(26) (the physical model: a from eq. 11); other models are
refused (ParameterError), as D must be evaluated in ball arithmetic.  This module is
reached through ``eigs(model, u, k, digits=N)`` (method "galerkin", the default);
what it exposes itself is D in ball arithmetic (:class:`ArbCoefficient`), the working
precision (:func:`working_bits`) and the constants of the route:
:data:`GUARD_DIGITS`, :data:`MAX_NEWTON`, :data:`MAX_EXTRA_LEVELS`,
:data:`LEVEL_GROWTH` (empirical choices, tested by tests/test_precision.py against
an independent Legendre continuant and an independent mpmath shooting code).

Progress: the internal ``eigs_digits`` and ``solve`` take ``progress``, a callable
given a one-line message (str) as each level starts, after each eigenvalue's Newton
refinement, after each level (its unknowns and drift) and at the end; nothing is
printed, and the result does not depend on it.

Examples
--------
>>> import mpmath
>>> from pitcheig import Flat, eigs
>>> result = eigs(Flat(), u="0", k=1, digits=20)          # u typed as a decimal: exactly 0
>>> result.converged, result.method, result.digits
(True, 'galerkin', 20)
>>> mpmath.nstr(result[1].lam, 20)
'14.528003409361438089'
"""

from __future__ import annotations

import math
import time
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

import mpmath
import numpy as np
from scipy import linalg

from .galerkin import GalerkinDiscretisation, quadrature_size
from .mesh import Mesh
from .models import Flat, Peak
from .progress import ProgressCallback

if TYPE_CHECKING:
    from .models import CoefficientModel
    from .problem import Problem
    from .result import EigenResult

__all__ = ["ArbCoefficient", "working_bits", "GUARD_DIGITS", "MAX_NEWTON", "MAX_EXTRA_LEVELS", "LEVEL_GROWTH"]

#: Digits beyond the requested ones that the levels and Newton steps aim for.
GUARD_DIGITS = 4
#: Newton steps allowed per eigenpair (each gains ~14 digits; 3-4 are used at 30-60 digits).
MAX_NEWTON = 8
#: Levels allowed beyond the first two.
MAX_EXTRA_LEVELS = 3
#: Growth of the degrees (and of D's Chebyshev length) from one level to the next.
LEVEL_GROWTH = 1.25


def _flint():
    """python-flint, imported on use (only arbitrary-precision solves need it)."""
    import flint
    return flint


def working_bits(digits: int) -> int:
    r"""Bits of the ball arithmetic used for a ``digits``-digit eigenvalue.

    :math:`\lceil (N + G + 10) \log_2 10 \rceil` for N = ``digits`` and
    G = :data:`GUARD_DIGITS`: the guard digits that the levels and the Newton steps
    aim for, and 10 more for the cancellation in D = 1 + F/a (eq. 25, F of eq. 26)
    and in the distances 1 - mu, 1 + mu to the ends.

    Parameters
    ----------
    digits : int
        Significant digits wanted, a positive integer (``eigs`` accepts [17, 60]).

    Returns
    -------
    int
        The working precision in bits (python-flint ``ctx.prec``).

    Examples
    --------
    >>> working_bits(30)
    147
    >>> working_bits(60)
    246
    """
    return math.ceil((digits + GUARD_DIGITS + 10) * math.log2(10))


def arb_from_mpf(x):
    """An mpmath number as an exact arb."""
    flint = _flint()
    man, exp = x.man_exp
    return flint.arb(int(man)) * flint.arb(2) ** int(exp)


def arb_to_mpf(x, dps):
    """The midpoint of an arb as an mpmath number (exact at dps digits)."""
    man, exp = x.mid().man_exp()
    with mpmath.workdps(dps):
        return mpmath.mpf((int(man), int(exp)))


def arb_exact(fraction):
    """A Fraction as an arb at the working precision."""
    flint = _flint()
    return flint.arb(fraction.numerator) / fraction.denominator


# --- D in ball arithmetic -----------------------------------------------------------

def check_model(model):
    """ParameterError unless D has a closed form this module evaluates in ball arithmetic
    (flat, peak, physical); eigs calls it before any work."""
    from .errors import ParameterError
    if not isinstance(model, (Flat, Peak)):
        raise ParameterError("digits with method='galerkin' supports the flat, peak and physical models "
                             f"(D known in closed form); got {type(model).__name__}")


class ArbCoefficient:
    r"""D(mu) of the flat and peak models in ball arithmetic (python-flint ``arb``).

    The peak model of eqs. (24)-(26): for each end s = +-1 that carries a peak,
    :math:`w_s = t_s / b` (eq. 24) with :math:`t_s = 1 - s\mu` and
    :math:`b = j_1^2 \varepsilon / 2`, and
    :math:`D = 1 + \sum_s F(w_s) / a` (eq. 25), where
    :math:`F(w) = (\pi/2) J_1(j_1 \sqrt{w})^2 / (j_1^2 w)` for w < 1 and 0 beyond
    (eq. 26); D = 1 for the flat model.  D is evaluated from the distances
    :math:`t_- = 1 + \mu` and :math:`t_+ = 1 - \mu` to the ends, so that no digits
    are lost to 1 - mu near mu = 1; eps, a (or delta, eq. 11 for the physical
    model) are the exact values the user gave (``Peak.mp_parameters``), b and
    :math:`j_1` are computed with ``dps`` digits.

    Parameters
    ----------
    model : Flat, Peak or Physical
        The coefficient model.
    dps : int
        Decimal digits of the mpmath evaluation of b, 1/a and :math:`j_1`
        (positive; the Galerkin route uses ``digits + GUARD_DIGITS + 10``).  The
        arbs are then rounded to the python-flint working precision in force.

    Attributes
    ----------
    edges : dict
        The model's double breakpoints +-(1 - b) (float) mapped to their exact
        positions (arb), for the meshes of the Galerkin route.

    Raises
    ------
    ParameterError
        Any model other than flat, peak or physical (D not known in closed form).

    Examples
    --------
    >>> import flint
    >>> from pitcheig import Peak
    >>> with flint.ctx.workprec(working_bits(30)):
    ...     d = ArbCoefficient(Peak("1e-3", "1e-4", "+1"), 44)
    ...     t = d.b / 2                           # t_+ = b/2: w = 1/2, on the +1 peak
    ...     inside, outside = d(2 - t, t), d(flint.arb(1), flint.arb(1))
    >>> print(inside.str(12, radius=False), outside)
    412.823729300 1
    """

    def __init__(self, model: CoefficientModel, dps: int) -> None:
        check_model(model)
        flint = _flint()
        self.signs: tuple[float, ...] = ()
        self.edges: dict[float, Any] = {}
        if isinstance(model, Peak):
            with mpmath.workdps(dps):
                b, a = model.mp_parameters()
                self.b, self.inv_a = arb_from_mpf(b), 1 / arb_from_mpf(a)
                self.j1 = arb_from_mpf(mpmath.besseljzero(1, 1))
            self.half_pi = flint.arb.pi() / 2
            self.signs = model.signs
            for s in self.signs:
                self.edges[float(s * (1.0 - model.peak_width))] = s * (1 - self.b)

    def __call__(self, t_minus: Any, t_plus: Any) -> Any:
        """D at the point with distances ``t_minus`` = 1 + mu and ``t_plus`` = 1 - mu to the
        ends (arbs, t > 0): an arb (the int 1 for the flat model)."""
        d = 1
        for s in self.signs:
            w = (t_plus if s > 0 else t_minus) / self.b
            if w < 1:
                z = self.j1 * w.sqrt()
                ratio = z.bessel_j(1) / z
                d = d + self.half_pi * ratio * ratio * self.inv_a
        return d


# --- the forms of galerkin.py in ball arithmetic ------------------------------------

@lru_cache(maxsize=512)
def gauss_rule(m, bits):
    """Gauss-Legendre nodes and weights on [-1, 1] (arb, decreasing nodes)."""
    flint = _flint()
    with flint.ctx.workprec(bits):
        return tuple(flint.arb.legendre_p_root(m, j, weight=True) for j in range(m))


@lru_cache(maxsize=512)
def legendre_tables(m, n, bits):
    """(V, I): arb matrices m x n of P_k(xi_j) and int_{-1}^{xi_j} P_k (k < n) at the
    m Gauss nodes; int P_0 = xi + 1, int P_k = (P_(k+1) - P_(k-1)) / (2k + 1)."""
    flint = _flint()
    with flint.ctx.workprec(bits):
        v_rows, i_rows = [], []
        for x, _ in gauss_rule(m, bits):
            p = [flint.arb(1), x]
            for k in range(1, n):
                # midpoints only: the recurrence is stable, but the balls of a three-term
                # recurrence double at every step (2^80 at degree 80), and arb then drops
                # midpoint bits to match them
                p.append((((2 * k + 1) * x * p[k] - k * p[k - 1]) / (k + 1)).mid())
            v_rows.extend(p[:n])
            i_rows.extend([x + 1] + [(p[k + 1] - p[k - 1]) / (2 * k + 1) for k in range(1, n)])
        return flint.arb_mat(m, n, v_rows), flint.arb_mat(m, n, i_rows)


class ArbPiece:
    """The forms of one piece [left, right] in the coordinates y of galerkin.piece_forms
    (Psi' = sum_k (r_inv y)_k P_k), in ball arithmetic:
    ``energy`` = int p psi_k' psi_l', ``loc`` = int (u+mu) Jpsi_k Jpsi_l,
    ``beta`` = int (u+mu) Jpsi_k, ``omega`` = int (u+mu), ``s`` = int psi_k (a row)."""

    def __init__(self, left, right, r_inv, m, coefficient, u, bits):
        flint = _flint()
        n = r_inv.shape[0]
        r = flint.arb_mat(n, n, [float(x) for x in r_inv.ravel()])
        v, integrals = legendre_tables(m, n, bits)
        h, centre = (right - left) / 2, (left + right) / 2
        energy_rows, weight = [], []
        for j, (x, w) in enumerate(gauss_rule(m, bits)):
            offset = h * x
            t_minus, t_plus = (1 + centre) + offset, (1 - centre) - offset
            p = t_minus * t_plus * coefficient(t_minus, t_plus)
            energy_rows.extend(w * p * v[j, k] for k in range(n))
            weight.append(h * w * (u + centre + offset))
        vp = flint.arb_mat(m, n, energy_rows)
        self.energy = h * (r.transpose() * (v.transpose() * vp) * r)
        jpsi = h * (integrals * r)                                  # Psi on the piece from y_e (m x n)
        q = flint.arb_mat(m, 1, weight)
        scaled = flint.arb_mat(m, n, [weight[j] * jpsi[j, k] for j in range(m) for k in range(n)])
        self.loc = jpsi.transpose() * scaled
        self.beta = jpsi.transpose() * q
        self.omega = (right - left) * (u + centre)
        self.s = 2 * h * flint.arb_mat(1, n, [r[0, k] for k in range(n)])
        self.size = n


class ArbPencil:
    """E x = lambda W x of galerkin.py on one mesh, in ball arithmetic: x = (c, y_1, ..., y_P)
    (E = diag(0, energy_1, ...), W = the weight B(Psi, v) = int (u + mu) Psi v)."""

    def __init__(self, disc, m_values, coefficient, u, bits):
        flint = _flint()
        with flint.ctx.workprec(bits):
            edges = [coefficient.edges.get(float(x), flint.arb(float(x))) for x in disc.mesh.breakpoints]
            self.pieces = [ArbPiece(edges[e], edges[e + 1], f.r_inv, m, coefficient, u, bits)
                           for e, (f, m) in enumerate(zip(disc.pieces, m_values))]
        self.u, self.bits, self.offsets = u, bits, disc.offsets

    def split(self, x):
        """(c, [y_e]) from an arb vector list x (length N + 1)."""
        flint = _flint()
        c = x[0]
        ys = [flint.arb_mat(hi - lo, 1, x[1 + lo:1 + hi]) for lo, hi in zip(self.offsets[:-1], self.offsets[1:])]
        return c, ys

    def products(self, x):
        """(E x, W x) as lists of arb (length N + 1)."""
        c, ys = self.split(x)
        before, moments = [], []
        running = c
        for piece, y in zip(self.pieces, ys):
            before.append(running)
            sy = (piece.s * y)[0, 0]
            moments.append((piece.beta.transpose() * y)[0, 0] + piece.omega * running)
            running = running + sy
        wc = sum(moments[1:], moments[0])
        ex, wx = [0 * c], [wc]
        after = 0 * c
        parts = []
        for piece, y, start, moment in reversed(list(zip(self.pieces, ys, before, moments))):
            wy = piece.loc * y + piece.beta * start + piece.s.transpose() * after
            parts.append((piece.energy * y, wy))
            after = after + moment
        for ey, wy in reversed(parts):
            ex.extend(ey[i, 0] for i in range(ey.nrows()))
            wx.extend(wy[i, 0] for i in range(wy.nrows()))
        return ex, wx


def _dense_weight(disc):
    """W of the double discretisation in the coordinates (c, y): [[2u, b^T], [b, M0]]."""
    n = disc.size
    w = np.empty((n + 1, n + 1))
    w[0, 0] = disc.two_u
    w[0, 1:] = w[1:, 0] = disc.b
    w[1:, 1:] = disc.weight_matrix()
    return w


def newton_refine(pencil, jacobian_parts, x0, lam0, digits):
    """Newton on the bordered system (module doc, step 4) for one eigenpair.

    Returns (lambda, x, last correction (relative), steps), lambda the Rayleigh
    quotient in ball arithmetic; raises ArithmeticError if it does not converge
    within MAX_NEWTON steps."""
    flint = _flint()
    energy0, weight0 = jacobian_parts
    n = x0.size
    ell = x0 / (x0 @ x0)
    jac = np.zeros((n + 1, n + 1))
    jac[:n, :n] = energy0 - lam0 * weight0
    jac[:n, n] = -(weight0 @ x0)
    jac[n, :n] = ell
    lu = linalg.lu_factor(jac)
    target = 10.0 ** -(digits + GUARD_DIGITS)
    with flint.ctx.workprec(pencil.bits):
        x = [flint.arb(float(v)) for v in x0]
        lam = flint.arb(float(lam0))
        ell_arb = [flint.arb(float(v)) for v in ell]
        for step in range(1, MAX_NEWTON + 1):
            ex, wx = pencil.products(x)
            residual = [e - lam * w for e, w in zip(ex, wx)]
            residual.append(sum((li * xi for li, xi in zip(ell_arb, x)), -flint.arb(1)))
            delta = linalg.lu_solve(lu, -np.array([float(r) for r in residual]))
            x = [xi + float(d) for xi, d in zip(x, delta[:n])]
            lam = lam + float(delta[n])
            change = abs(delta[n]) / abs(lam0)
            if change <= target and np.linalg.norm(delta[:n]) <= math.sqrt(target) * np.linalg.norm(x0):
                ex, wx = pencil.products(x)
                quotient = sum((a * b for a, b in zip(ex, x)), 0 * lam) / sum((a * b for a, b in zip(wx, x)), 0 * lam)
                return quotient, x, change, step
    raise ArithmeticError(f"Newton refinement did not converge in {MAX_NEWTON} steps (last change {change:.1e})")


def level_mesh(mesh, d_lengths, factor, function_tol, digits):
    """The mesh of one level and the Chebyshev lengths of D it assumes (module doc, step 2;
    the quadrature follows from them by galerkin.quadrature_size)."""
    # at least the double mesh on level 1, and strictly more on every later level
    # (factor > 1), so that two levels never coincide and fake a zero drift
    scale = factor * max(1.0, (digits + GUARD_DIGITS) / (2.0 * math.log10(1.0 / function_tol)))
    degrees = np.ceil(mesh.degrees * scale).astype(int) + math.ceil(2 * factor)
    d_scale = factor * (digits + GUARD_DIGITS + 2) / 16.0
    return Mesh(mesh.breakpoints, degrees, mesh.gradings), [math.ceil(nd * d_scale) for nd in d_lengths]


def refine_level(problem, mesh, d_lengths, coefficient, u_arb, k, digits, progress=None, level=1):
    """The 2k eigenvalues of one level in ball arithmetic: (labels, [lambda arb], [Newton change],
    the double discretisation and pairs); ``progress`` (a callable or None) is told of each
    eigenvalue refined (``level`` is its number, for the message)."""
    from .eigensolve import solve_pencil
    disc = GalerkinDiscretisation(problem.model, problem.u, mesh, d_lengths)
    weight0 = _dense_weight(disc)
    pairs = solve_pencil(weight0[1:, 1:], disc.b, disc.s, disc.u, k)
    energy0 = np.eye(disc.size + 1)
    energy0[0, 0] = 0.0
    m_values = [quadrature_size(n, nd) for n, nd in zip(mesh.degrees, d_lengths)]
    pencil = ArbPencil(disc, m_values, coefficient, u_arb, working_bits(digits))
    values, changes = [], []
    for j in range(len(pairs.labels)):
        x0 = np.concatenate([[pairs.c[j]], pairs.y[:, j]])
        lam, _, change, steps = newton_refine(pencil, (energy0, weight0), x0, pairs.lam[j], digits)
        values.append(lam)
        changes.append(change)
        if progress is not None:
            progress(f"galerkin, {digits} digits, level {level} ({mesh.dofs} unknowns): "
                     f"lambda_{int(pairs.labels[j]):+d} refined in {steps} Newton step(s), "
                     f"last change {change:.1e} ({j + 1} of {len(pairs.labels)})")
    return pairs.labels, values, changes, disc, pairs


def solve(problem: Problem, k: int, digits: int, function_tol: float, mesh: Mesh, d_lengths: list[int],
          deadline: float | None = None, max_dofs: int | None = None,
          progress: ProgressCallback = None) -> dict[str, Any]:
    """Levels until the drift is below 10^-digits (module doc).  Returns a dict with
    ``labels``, ``lam`` (mpmath numbers), ``error`` (floats, absolute), ``status``
    (None when certified, else why not), ``disc``/``pairs`` (the double solve of
    the finest level) and ``levels`` (unknowns and max relative drift per level).
    ``deadline`` (time.perf_counter()) and ``max_dofs`` bound the levels as they bound
    the double-precision loop: a level beyond either is not started.  ``progress``
    (None, or a callable taking a str) is given a one-line message as each level starts,
    after each eigenvalue's Newton refinement and after each level; it does not change
    the result."""
    flint = _flint()
    dps = digits + GUARD_DIGITS + 10
    bits = working_bits(digits)
    with flint.ctx.workprec(bits):
        coefficient = ArbCoefficient(problem.model, dps)
        u_arb = arb_exact(problem.u_exact.fraction)
    levels: list[dict[str, Any]] = []
    computed: list[tuple] = []
    status: str | None = None
    factor = 1.0
    while status is None:
        level_grid, level_d_lengths = level_mesh(mesh, d_lengths, factor, function_tol, digits)
        if max_dofs is not None and level_grid.dofs > max_dofs:
            status = f"unknowns would exceed max_dofs={max_dofs} (level {len(levels) + 1} has {level_grid.dofs})"
            break
        if progress is not None:
            progress(f"galerkin, {digits} digits: level {len(levels) + 1} ({level_grid.dofs} unknowns): "
                     f"assembling in {bits}-bit ball arithmetic")
        try:
            computed.append(refine_level(problem, level_grid, level_d_lengths, coefficient, u_arb, k, digits,
                                         progress, len(levels) + 1))
        except ArithmeticError as exc:
            status = str(exc)
            break
        drift = _drift(computed, bits)
        levels.append({"dofs": level_grid.dofs, "max_drift": None if drift is None else float(np.max(drift))})
        if progress is not None:
            progress(f"galerkin, {digits} digits: level {len(levels)} done ({level_grid.dofs} unknowns), "
                     + ("no drift yet (first level)" if drift is None else
                        f"max relative drift {float(np.max(drift)):.1e} (target {10.0 ** -digits:.0e})"))
        if drift is not None and np.max(drift) <= 10.0 ** -digits:
            break
        if len(levels) >= 2 + MAX_EXTRA_LEVELS:
            status = f"the drift between levels stayed above 1e-{digits} after {len(levels)} levels"
        elif deadline is not None and time.perf_counter() > deadline:
            status = "max_seconds reached between levels"
        factor *= LEVEL_GROWTH
    out: dict[str, Any] = {"labels": [], "lam": [], "error": [], "status": status, "disc": None, "pairs": None,
                           "levels": levels}
    if not computed:
        return out
    labels, values, changes, disc, pairs = computed[-1]
    drift = _drift(computed, bits)
    if drift is None:
        out["status"] = status or "only one level computed: no drift to estimate the error"
        drift = np.full(len(values), np.inf)
    with flint.ctx.workprec(bits):
        magnitudes = [float(abs(v)) for v in values]
        out["error"] = [m * (d + ch) + float(v.rad()) for m, d, ch, v in zip(magnitudes, drift, changes, values)]
    out.update(labels=labels, lam=[arb_to_mpf(v, dps) for v in values], disc=disc, pairs=pairs)
    return out


def _drift(computed, bits):
    """Relative drift of every eigenvalue between the last two levels (None with one level)."""
    if len(computed) < 2:
        return None
    flint = _flint()
    with flint.ctx.workprec(bits):
        return np.array([float(abs(a - b) / abs(a)) for a, b in zip(computed[-1][1], computed[-2][1])])


def eigs_digits(problem: Problem, state: dict[str, Any], k: int, digits: int, function_tol: float, start: float,
                budget: Any, progress: ProgressCallback = None) -> EigenResult:
    """The EigenResult of an arbitrary-precision Galerkin solve, from the state of the double
    adaptive loop (adaptivity._adapt) that chose the mesh; ``progress`` (None, or a callable
    taking a str) is passed on to :func:`solve` and told when the result is ready."""
    from .adaptivity import build_eigenfunction
    from .result import Diagnostics, Eigenpair, EigenResult
    out: dict[str, Any]
    if state["pairs"] is None or state["status"]:
        out = {"labels": [], "lam": [], "error": [], "disc": None, "pairs": None, "levels": [],
               "status": f"the double-precision solve that chooses the mesh is not certified: {state['status']}"}
    else:
        if progress is not None:
            progress(f"galerkin, {digits} digits: double-precision mesh of {state['disc'].mesh.dofs} unknowns "
                     "chosen; refining in ball arithmetic")
        out = solve(problem, k, digits, function_tol, state["disc"].mesh, state["d_lengths"], budget.deadline,
                    budget.max_dofs, progress)
    disc, pairs = out["disc"], out["pairs"]
    target = 10.0 ** -digits
    result_pairs = []
    for j, (label, lam, error) in enumerate(zip(out["labels"], out["lam"], out["error"])):
        result_pairs.append(Eigenpair(label=label, lam=lam, error_estimate=error, residual=math.nan,
                                      _build=partial(build_eigenfunction, disc, pairs, j)))
    result_pairs.sort(key=lambda p: (abs(p.label), -p.label))
    uncertain = [p.label for p in result_pairs if not p.error_estimate <= target * abs(float(p.lam))]
    status = out["status"] or (f"error estimates of {uncertain} above {target:.0e} (relative)" if uncertain else None)
    levels = out["levels"]
    if status is None:
        message = (f"Galerkin in {digits}-digit ball arithmetic (Newton on the discrete system); error estimates "
                   f"from the drift between the last two of {len(levels)} meshes "
                   f"({', '.join(str(lv['dofs']) for lv in levels)} unknowns)")
    else:
        message = status
    binary = problem.binary_inputs()
    if binary:
        message += (f"; {', '.join(binary)} given as binary double(s): solved at the exact binary value "
                    "(pass a string or Fraction for a decimal)")
    mesh = disc.mesh if disc is not None else state["mesh"]
    diagnostics = Diagnostics(breakpoints=list(mesh.breakpoints), degrees=list(mesh.degrees),
                              d_lengths=list(state["d_lengths"]), dofs=mesh.dofs,
                              history=state["history"] + [{"precision_level": i + 1, **lv}
                                                          for i, lv in enumerate(levels)],
                              seconds=time.perf_counter() - start)
    params = {**problem.exact_parameters(), "k": k, "function_tol": function_tol, "method": "galerkin",
              "digits": digits}
    if progress is not None:
        progress(f"galerkin, {digits} digits: done, {'certified' if status is None else 'not certified'} "
                 f"({len(levels)} level(s), {diagnostics.seconds:.1f} s)")
    return EigenResult(problem=params, pairs=result_pairs, converged=status is None, message=message,
                       diagnostics=diagnostics, digits=digits, method="galerkin")
