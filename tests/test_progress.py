"""Progress of long work (solver/progress.py, issue 16): on a terminal only.

Checked: the callback is silent off a terminal and writes time-stamped lines on one
(a pseudo-terminal from the pty module, a real TTY); ``propagate`` reports each level
and returns the same numbers with and without a callback; ``pitcheig propagate`` run
with stderr a pipe writes nothing to stderr."""

import io
import os
import pty
import subprocess
import sys

import numpy as np

from pitcheig import Flat
from pitcheig.progress import terminal_progress
from pitcheig.propagation import isotropic_forward, propagate


def test_quiet_off_a_terminal_and_time_stamped_on_one():
    assert terminal_progress(io.StringIO()) is None
    leader, follower = pty.openpty()
    try:
        with os.fdopen(follower, "w", closefd=False) as tty:
            report = terminal_progress(tty)
            assert report is not None
            report("level 2 done")
        assert b"] level 2 done" in os.read(leader, 1000)
    finally:
        os.close(leader)
        os.close(follower)


def test_propagate_reports_each_level_and_is_unchanged_by_it():
    messages = []
    shown = propagate(Flat(), isotropic_forward(), tol=1e-8, progress=messages.append)
    plain = propagate(Flat(), isotropic_forward(), tol=1e-8)
    levels = [m for m in messages if "level" in m]
    assert messages[0].startswith("propagate: mesh of") and len(levels) == len(shown.diagnostics["history"]) - 1
    assert shown.f_inf == plain.f_inf and np.array_equal(shown.lam, plain.lam)


def test_cli_propagate_is_quiet_when_stderr_is_a_pipe():
    proc = subprocess.run([sys.executable, "-m", "pitcheig.cli", "propagate", "--model", "flat", "--source",
                           "isotropic-forward", "--z", "0.1", "--tol", "1e-6"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stderr == "" and "converged" in proc.stdout


def test_eigs_passes_progress_to_the_long_solves():
    """eigs(digits=...) and eigs(method="shoot") forward ``progress`` (precision.py and
    shoot.py call it per level and eigenvalue; tests/test_precision.py and
    tests/test_shoot.py check the messages themselves)."""
    from pitcheig import eigs
    for kwargs in ({"digits": 20}, {"method": "shoot"}):
        messages = []
        with_progress = eigs(Flat(), k=1, progress=messages.append, **kwargs)
        without = eigs(Flat(), k=1, **kwargs)
        assert messages and with_progress.eigenvalue(1) == without.eigenvalue(1), kwargs


def test_cli_digits_is_quiet_when_stderr_is_a_pipe():
    proc = subprocess.run([sys.executable, "-m", "pitcheig.cli", "eigs", "--model", "flat", "--k", "1",
                           "--digits", "20"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stderr == "" and "14.52800340936143808" in proc.stdout
