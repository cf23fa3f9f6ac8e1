"""Sections 4.4-6: beam sustainability (eqs. 38-44) and the numbers of sections 5-6.

Run:   python -m pitcheig.studies.sustainability        (about 5 s)

Numbers only (verdicts in studies/referee.py):

* eq. (40): the instability threshold, by quadrature of eq. (38) with a power-law
  background F_C = p^-q_c and a narrow beam (:func:`threshold_ratio`), against
  delta F_C/(q_c - 2);
* eq. (41): the beam integral F_B = p_par^-2 int p_perp F_B dp_perp = int beam dmu
  (p ~ p_par, dmu = -p_perp dp_perp / p^2), measured on the computed
  eigenfunctions (Psi - Phi near mu = 1, in units of |Phi(1)|), against the
  paper's lambda_1 b^2/2 and against lambda_1 b^2/4, the integral of the
  triangular profile (1 - w) that the inner solution (eq. 28 with g ~ 0 for
  w < 1) gives;
* eqs. (42)-(44): A, p_Bmax, K; eqs. (46)-(48): L_Smax; section 5-6: r_g, the
  energy with r_g = l, and the scaling of width and excess with momentum
  (eps ~ p), from computed eigenfunctions over eps with a from eq. (11).

Physical constants come from astropy.constants (CODATA), units from astropy.units.
"""

import math

import numpy as np
from scipy import integrate

Q_C = (4.6, 4.7)             # the paper's background index range (sec. 4.4)
K_PAPER, DELTA, ALPHA = 1e-6, 1e-4, 1e-3
B_MUG = 3.0                   # the paper's field, microgauss
EPS_SCALING = (5e-4, 1e-3, 2.1e-3, 4e-3)


def threshold_ratio(q_c, p_par=1.0):
    """Eq. (38) at gamma = 0 for F_C = p^-q_c: the beam term 2 int p_perp p_par^2/p^2 F_B
    dp_perp = 2 p_par^2 F_B (narrow beam, p ~ p_par) balances delta int p_perp^3/p^2
    (-p dF_C/dp) dp_perp = delta q_c int p_perp^3 p^(-2-q_c) dp_perp; so the
    threshold F_th = delta q_c I / (2 p_par^2), returned over eq. (40)'s delta F_C/(q_c - 2)."""
    f = lambda pp: pp**3 * (p_par**2 + pp**2) ** (-1.0 - q_c / 2.0)  # noqa: E731
    integral = integrate.quad(f, 0.0, np.inf, epsabs=0.0, epsrel=1e-13, limit=200)[0]
    return q_c * integral / (2.0 * p_par**2) / (p_par ** (-q_c) / (q_c - 2.0))


def beam_integral(eps, a, lam0, phi, widths=(1.0, 2.0, 4.0)):
    """int_{1 - W b}^1 (Psi - Phi) dmu / |Phi(1)| for W in ``widths`` (Psi scaled to
    Phi as in eigenfunctions.beam), with lambda_1 b^2/2 and b^2 lambda_1/4 beside it."""
    from pitcheig import J1_ZERO
    from pitcheig.studies.eigenfunctions import scaled_peak_eigenfunction
    lam, psi, converged = scaled_peak_eigenfunction(eps, a, phi)
    b = J1_ZERO**2 * eps / 2
    phi1 = abs(float(phi(np.array([1.0]))[0]))
    out = {}
    for w in widths:
        t, wt = np.polynomial.legendre.leggauss(200)
        mu = 1.0 - w * b * (t + 1.0) / 2.0
        out[f"W={w:g}"] = float(np.sum(wt * np.abs(psi(mu) - phi(mu))) * w * b / 2.0 / phi1)
    return {"eps": eps, "a": a, "b": b, "measured": out, "paper": lam0 * b * b / 2,
            "triangle": lam0 * b * b / 4, "converged": converged}


def momentum_scaling(lam0, phi, delta=DELTA, eps_values=EPS_SCALING):
    """Excess 1 - Psi(1)/Phi(1) and the beam's half-width (in angle, degrees) over eps
    (eps ~ p at fixed l and B), a from eq. (11): the paper's 'width ~ sqrt(p), excess ~ p'."""
    from pitcheig.models import physical_a
    from pitcheig.studies.eigenfunctions import beam
    rows = []
    for eps in eps_values:
        r = beam(eps, physical_a(eps, delta), lam0, phi)
        rows.append({"eps": eps, "excess": float(r["deficit"]), "half_width_mu": r["half_width"],
                     "half_width_deg": math.degrees(math.acos(1.0 - r["half_width"])),
                     "converged": r["converged"]})
    return rows


def physical_numbers(lam1):
    """r_g, E(r_g = 1 pc), K, p_Bmax, L_Smax with astropy units (sections 4.4, 5, 6)."""
    from astropy import constants as const
    from astropy import units as u

    from pitcheig import J1_ZERO
    m_p = const.m_p
    mc2 = (m_p * const.c**2).to(u.GeV)
    field = B_MUG * u.uG
    # r_g = p c/(e B) in Gaussian units; in SI r_g = p/(e B)
    r_g_mc_1ug = (m_p * const.c / (const.e.si * (1 * u.uG).to(u.T))).to(u.pc)
    e_knee = (const.e.si * field.to(u.T) * (1 * u.pc) * const.c).to(u.PeV)        # r_g = l for p >> mc
    omega_c = (const.e.si * field.to(u.T) / m_p).to(1 / u.s)
    out = {"mc2_GeV": mc2.value, "r_g_at_mc_1uG_pc": r_g_mc_1ug.value, "E_rg_1pc_3uG_PeV": e_knee.value}
    out["l_over_pc_at_K"] = (const.c / (omega_c * K_PAPER)).to(u.pc).value * B_MUG   # l B_muG, pc
    energy = 1 * u.TeV
    eps_1tev = 1e-3
    out["K_from_eps"] = eps_1tev * (mc2 / energy).decompose().value
    for q_c in Q_C:
        out[f"A_{q_c}"] = 8.0 / (lam1 * J1_ZERO**4 * (q_c - 2.0))
    a_mid = 8.0 / (lam1 * J1_ZERO**4 * (sum(Q_C) / 2 - 2.0))
    out["A_mid"] = a_mid
    out["p_Bmax_TeV"] = (math.sqrt(DELTA * a_mid / ALPHA) / K_PAPER * mc2).to(u.TeV).value
    out["L_coefficient"] = 6.0 / lam1
    p_10 = 10 * u.TeV
    length = 6.0 / lam1 * const.c / omega_c * K_PAPER**-2.5 * ((mc2 / p_10).decompose()) ** 1.5
    out["L_Smax_pc"] = length.to(u.pc).value
    # K = c/(l omega_c) and eps mc/p with eps = r_g/l: the same number for any l, p (eq. 44)
    l_test, p_test = 0.7 * u.pc, 3.0 * u.TeV
    k_direct = (const.c / (l_test * omega_c)).decompose().value
    eps_test = (p_test / const.c / (const.e.si * field.to(u.T)) / l_test).decompose().value
    out["eq44_K_direct"], out["eq44_eps_mc_over_p"] = k_direct, eps_test * (mc2 / p_test).decompose().value
    return out


def results():
    from pitcheig.models import physical_a
    from pitcheig.studies.eigenfunctions import A_SMALL, EPS_FIG, EPS_SEQUENCE, flat_phi
    lam0, phi = flat_phi()
    return {"lambda_flat": lam0,
            "threshold_ratio": {str(q): threshold_ratio(q) for q in Q_C},
            "beam_integral": [beam_integral(EPS_FIG, physical_a(EPS_FIG, DELTA), lam0, phi)]
            + [beam_integral(eps, A_SMALL, lam0, phi) for eps in EPS_SEQUENCE],
            "scaling": momentum_scaling(lam0, phi), "physical": physical_numbers(lam0)}


def main():
    from pitcheig.studies import print_results
    return print_results(results())


if __name__ == "__main__":
    main()
