"""pitcheig.beam and `pitcheig beam`: the beam in physical units (sections 3, 4.3, 4.4, 5).

The unit conversions are checked against a hand calculation written here in Gaussian
units with the constants typed in (CODATA 2018/2022 values to 9-10 digits), independent
of the SI route through astropy.constants that pitcheig.beam takes.
"""

import json
import math
import subprocess
import sys

import astropy.units as u
import pytest

from pitcheig import J1_ZERO, ParameterError
from pitcheig.beam import beam
from pitcheig.cli import main
from pitcheig.models import physical_a

# Gaussian constants, typed in (not from astropy): erg per TeV, statcoulomb, c in cm/s,
# proton mass in g, cm per pc
ERG_PER_TEV = 1.602176634
E_STATC = 4.803204713e-10
C_CGS = 2.99792458e10
M_P_G = 1.67262192e-24
CM_PER_PC = 3.0856775814913673e18
B_GAUSS = 3e-6
EPS_PAPER = 2.1e-3          # eq. (35): a 10 degree beam


def hand_gyroradius_pc(e_tev, mass_g=M_P_G, z=1):
    """r_g = p c/(Z e B), p c = sqrt(E^2 - (m c^2)^2), all in Gaussian units."""
    e = e_tev * ERG_PER_TEV
    pc = math.sqrt(e * e - (mass_g * C_CGS**2) ** 2)
    return pc / (z * E_STATC * B_GAUSS) / CM_PER_PC


L_PAPER = hand_gyroradius_pc(1.0) / EPS_PAPER * u.pc      # eps = 2.1e-3 at 1 TeV (about 0.17 pc)


@pytest.fixture(scope="module")
def paper():
    return beam(3 * u.uG, L_PAPER, 1 * u.TeV, delta=1e-4)


def test_paper_parameters_give_a_certified_width_in_degrees_and_an_excess(paper):
    assert paper.converged, paper.message
    p = paper[0]
    assert p.eps == pytest.approx(EPS_PAPER, rel=1e-8)
    assert p.width.unit == u.deg and p.width_eq35.unit == u.deg
    # eq. (35): arccos(1 - b) with b = j1^2 eps/2 ~ 0.0154: about 10 degrees (the paper's Delta theta)
    b = J1_ZERO**2 * EPS_PAPER / 2
    assert p.width_eq35.to_value(u.deg) == pytest.approx(math.degrees(math.acos(1 - b)), rel=1e-10)
    assert 9.9 < p.width_eq35.to_value(u.deg) < 10.2
    # measured: the half-width of |Psi - Phi| is about half of b (studies/eigenfunctions.py: 0.48 b)
    assert 0.4 < p.half_width_mu / b < 0.6
    assert p.width.to_value(u.deg) == pytest.approx(math.degrees(math.acos(1 - p.half_width_mu)), rel=1e-9)
    assert 0 < p.errors["width"].to_value(u.deg) < 1e-6 * p.width.to_value(u.deg)
    # the beam amplitude ~ 0.1 (section 4.3), near eq. (36) lambda_1 b/2 (within 10 %)
    assert 0.09 < p.excess < 0.12
    assert p.excess == pytest.approx(p.excess_eq36, rel=0.1)
    assert p.b == pytest.approx(b, rel=1e-8)
    assert p.excess_eq36 == pytest.approx(p.lambda_1 * p.b / 2, rel=1e-14)
    assert 0 < p.errors["excess"] < 1e-6 * p.excess
    assert 14.5 < p.lambda_1 < 14.8                     # the flat 14.528 raised by the peaks
    table = paper.table()
    assert "certified" in table and "deg" in table and "pc" in table


def test_unit_conversions_against_a_hand_calculation(paper):
    p = paper[0]
    l_cm = L_PAPER.to_value(u.pc) * CM_PER_PC
    e = ERG_PER_TEV
    pc = math.sqrt(e * e - (M_P_G * C_CGS**2) ** 2)
    beta = pc / e
    assert p.gyroradius.to_value(u.pc) == pytest.approx(hand_gyroradius_pc(1.0), rel=1e-8)
    assert p.p_times_c.to_value(u.TeV) == pytest.approx(pc / ERG_PER_TEV, rel=1e-9)
    assert p.beta == pytest.approx(beta, rel=1e-9)
    a = (1e-4 * math.log(1 / p.eps) + p.eps**1.5) / 6           # eq. (11), written out
    assert p.a == pytest.approx(a, rel=1e-13) and p.a == pytest.approx(physical_a(p.eps, 1e-4), rel=1e-15)
    nu = beta * C_CGS / l_cm * a                                 # nu_theta = (v/l) a, eq. (11)
    assert p.nu_theta.to_value(1 / u.s) == pytest.approx(nu, rel=1e-8)
    assert p.scattering_length.to_value(u.pc) == pytest.approx(C_CGS / nu / CM_PER_PC, rel=1e-8)
    inverse_l = p.lambda_1 / 6 * (1e-4 * math.log(1 / p.eps) + p.eps**1.5)      # eq. (46)
    assert p.inverse_L == pytest.approx(inverse_l, rel=1e-13)
    assert p.decay_length.to_value(u.pc) == pytest.approx(L_PAPER.to_value(u.pc) / inverse_l, rel=1e-12)
    big_a = 8 / (p.lambda_1 * J1_ZERO**4 * (4.65 - 2))          # eq. (42)
    assert p.A == pytest.approx(big_a, rel=1e-13)
    omega_c = E_STATC * B_GAUSS / (M_P_G * C_CGS)               # non-relativistic proton, Gaussian
    k_small = C_CGS / (l_cm * omega_c)                           # eq. (44)
    assert p.K == pytest.approx(k_small, rel=1e-8)
    p_over_mc = math.sqrt(1e-4 * beta * big_a / 1e-3) / k_small  # eq. (43), V_A/c = delta v/c
    assert p.p_bmax_over_mc == pytest.approx(p_over_mc, rel=1e-8)
    assert p.p_bmax_times_c.to_value(u.TeV) == pytest.approx(p_over_mc * M_P_G * C_CGS**2 / ERG_PER_TEV, rel=1e-8)


def test_alfven_speed_electron_and_nucleus_conversions():
    res = beam(3 * u.uG, 1 * u.pc, [1, 10] * u.TeV, va=20 * u.km / u.s, species="nucleus", charge=2,
               mass_number=4)
    assert res.converged, res.message
    assert len(res) == 2
    mass_he = 4 * 1.66053907e-24                                  # 4 atomic mass units, g
    for p, e_tev in zip(res.points, (1.0, 10.0)):
        assert p.gyroradius.to_value(u.pc) == pytest.approx(hand_gyroradius_pc(e_tev, mass_he, 2), rel=1e-8)
        assert p.delta == pytest.approx(20e5 / (p.beta * C_CGS), rel=1e-9)     # delta = V_A/v
    assert res.column("width").unit == u.deg and res.column("excess").shape == (2,)
    assert "E [TeV]" in res.table()                                 # several energies: a table
    # a 1 TeV electron: r_g = p c/(e B) with p c = E to 1e-13
    e = beam(3 * u.uG, 1 * u.pc, 1 * u.TeV, delta=1e-4, species="electron")[0]
    assert e.gyroradius.to_value(u.pc) == pytest.approx(ERG_PER_TEV / (E_STATC * B_GAUSS) / CM_PER_PC, rel=1e-8)


@pytest.mark.parametrize("kwargs, name", [
    (dict(B=3.0), "B"),                                      # a bare number: no unit
    (dict(B=3 * u.pc), "B"),                                 # the wrong kind
    (dict(B=-3 * u.uG), "B"),
    (dict(l=0 * u.pc), "l"),
    (dict(energy=-1 * u.TeV), "energy"),
    (dict(energy=0.5 * u.GeV), "energy"),                    # below m_p c^2 (total energy)
    (dict(l=1e-8 * u.pc), "eps"),                            # eps = r_g/l >= 2/j1^2
    (dict(delta=1.5), "delta"),
    (dict(delta=None, va=4e5 * u.km / u.s), "delta"),        # V_A > v
    (dict(delta=None), "va"),                                # neither va nor delta
    (dict(va=20 * u.km / u.s), "va"),                        # both
    (dict(species="muon"), "species"),
    (dict(charge=2), "charge"),                              # only for species nucleus
    (dict(species="nucleus", charge=3, mass_number=2), "mass_number"),
    (dict(q_c=2.0), "q_c"),
    (dict(alpha=0), "alpha"),
    (dict(ends="-1"), "ends"),                               # no peak under the beam at +1
])
def test_bad_input_raises_parameter_error_naming_the_parameter(kwargs, name):
    args = dict(B=3 * u.uG, l=1 * u.pc, energy=1 * u.TeV, delta=1e-4)
    args.update(kwargs)
    with pytest.raises(ParameterError, match=name):
        beam(**args)


@pytest.mark.parametrize("argv, name", [
    (["--B", "-3", "--l", "1", "--energy", "1", "--delta", "1e-4"], "B"),
    (["--B", "3", "--l", "1", "--energy", "1,x", "--delta", "1e-4"], "energy"),
    (["--B", "3", "--l", "1", "--energy", "1", "--delta", "2"], "delta"),
    (["--B", "3", "--l", "1", "--energy", "1", "--delta", "1e-4", "--va", "20"], "va"),
    (["--B", "3", "--l", "1e-7", "--energy", "1", "--delta", "1e-4"], "eps"),
    (["--B", "3", "--l", "1", "--energy", "1", "--delta", "1e-4", "--charge", "2"], "charge"),
])
def test_cli_bad_input_exits_2_with_one_line(capsys, argv, name):
    assert main(["beam", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and name in err and "Traceback" not in err


def test_cli_certified_exits_0_with_one_json_object():
    out = subprocess.run([sys.executable, "-m", "pitcheig.cli", "beam", "--B", "3", "--l",
                          repr(float(L_PAPER.to_value(u.pc))), "--energy", "1", "--delta", "1e-4", "--json"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["converged"] is True and len(data["points"]) == 1
    point = data["points"][0]
    assert point["width"]["unit"] == "deg" and 5 < point["width"]["value"] < 10
    assert point["scattering_length"]["unit"] == "pc" and point["p_bmax_times_c"]["unit"] == "TeV"
    assert data["inputs"]["B"] == {"value": 3.0, "unit": "uG"}


def test_cli_uncertified_exits_3(capsys):
    # eps = 0.05: b = 0.37, the peaks reach the least-squares window, so no width is measured
    l_pc = repr(hand_gyroradius_pc(1.0) / 0.05)
    assert main(["beam", "--B", "3", "--l", l_pc, "--energy", "1", "--delta", "1e-4", "--json"]) == 3
    data = json.loads(capsys.readouterr().out)
    assert data["converged"] is False and "window" in data["message"]
    assert data["points"][0]["width"]["value"] is None            # NaN is not JSON: null


def test_cli_nothing_computed_exits_4(capsys, monkeypatch):
    import pitcheig.beam
    from pitcheig import ConvergenceError

    def nothing(model, function_tol, what):
        raise ConvergenceError(f"the eigen-solve of {what} computed nothing: budget")
    monkeypatch.setattr(pitcheig.beam, "_solve", nothing)
    assert main(["beam", "--B", "3", "--l", "1", "--energy", "1", "--delta", "1e-4"]) == 4
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
