"""The README's commands and the CI script agree, and its API example runs."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def readme_commands():
    text = (ROOT / "README.md").read_text()
    return [line.strip() for line in text.splitlines() if line.startswith("    python3 -m venv")]


def test_ci_runs_exactly_the_readme_test_command():
    main_job, test_command = readme_commands()
    assert "pytest" in test_command and "pitcheig reproduce" in main_job
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in [line.strip() for line in ci]


def test_readme_api_example_values():
    from pitcheig import Peak, eigs
    text = (ROOT / "README.md").read_text()
    quoted = float(re.search(r"result.eigenvalue\(\+1\)\s+# ([0-9.]+)", text).group(1))
    result = eigs(Peak(eps=2.1e-3, a=1e-4, ends="+1"), u=0.0, k=2)
    assert result.converged
    assert result.eigenvalue(1) == pytest.approx(quoted, rel=1e-12)


def test_readme_digits_example_prints_what_it_says():
    """The README's 30-digit line: its quoted value is what eigs(digits=30) prints (the
    value itself is checked against the independent reference in test_precision.py)."""
    import mpmath
    from pitcheig import Peak, eigs
    text = (ROOT / "README.md").read_text()
    quoted = re.search(r"digits=30\)\[\+1\]\.lam\s+# mpf ([0-9.]+)", text).group(1)
    result = eigs(Peak("1e-3", "1e-4"), u="0", k=1, digits=30)
    assert result.converged and mpmath.nstr(result[+1].lam, 30) == quoted
