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
