"""pitcheig.shock against the independent reference of tests/reference/shock/.

The reference (eigenfunction_reference.py, written by a helper session that did not read
solver/shock.py or solver/layer.py) computes the same index with Legendre-series modes in
its own stretched variable, a different discretisation and different code; its JSON holds
each value with an error estimate from its own convergence in modes, degree and cut-off
(make_reference.py).  Each check: |ours - reference| <= our estimate + theirs.  The two
share the formulation (the matching of KS87), not code: a slip in the physics would be
common to both, which the exact limits of tests/test_shock.py (3r/(r - 1), the Laguerre
limit) and the published 4.23 +- 0.01 guard against."""

import json
import math
from pathlib import Path

import pytest

from pitcheig.shock import jump_conditions, spectral_index

REFERENCE = json.loads((Path(__file__).parent / "reference" / "shock" / "shock_reference.json").read_text())


def _close(ours, value, error):
    assert ours.converged, ours.message
    assert abs(ours.s - value) <= ours.error_estimate + error, (ours.s, value, ours.error_estimate, error)


@pytest.mark.parametrize("entry", REFERENCE["s_fixed_velocity_ratio"], ids=lambda e: f"u1={e['u1']}")
def test_fixed_velocity_ratio(entry):
    u1 = entry["u1"]
    _close(spectral_index(u1 / math.sqrt(1 - u1 * u1), u2=entry["u2"]), entry["s"], entry["error"])


@pytest.mark.parametrize("entry", REFERENCE["s_synge"], ids=lambda e: f"u1={e['u1']:.4f}")
def test_synge_gas(entry):
    gamma_beta1 = entry["u1"] / math.sqrt(1 - entry["u1"] ** 2)
    ours = spectral_index(round(gamma_beta1, 9))                   # the table's Gamma1 beta1 = 0.1, 1, 3, 10
    assert ours.jump.u2 == pytest.approx(entry["u2"], rel=1e-9)
    _close(ours, entry["s"], entry["error"])


def test_u2_one_third_at_gamma_beta_10():
    entry = REFERENCE["s_u2_one_third"]["gamma_beta1_10"]
    _close(spectral_index(10.0, u2=1 / 3), entry["s"], entry["error"])


def test_ultra_relativistic_limit():
    entry = REFERENCE["s_ultra_relativistic"]
    _close(spectral_index(math.inf, u2=1 / 3), entry["s"], entry["error"])


@pytest.mark.parametrize("eos", ["5/3", "4/3", "synge"])
def test_jump_conditions(eos):
    for entry in REFERENCE["jump_conditions"][eos]:
        ours = jump_conditions(entry["gamma_beta1"], eos)
        assert ours.u2 == pytest.approx(entry["u2"], rel=1e-11)
        assert ours.r == pytest.approx(entry["r"], rel=1e-11)
