"""The documentation site builds without a single warning (issue 16: ``-W``), by the
README's command (the gallery rendered without running it: tests/test_examples.py runs
the examples), so that a docstring that stops being valid reStructuredText fails here."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_docs_build_with_warnings_as_errors(tmp_path):
    readme = (ROOT / "README.md").read_text()
    assert "python -m sphinx -W --keep-going -b html docs docs/_build/html" in readme
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-D", "plot_gallery=0",
                           "-b", "html",
                           str(ROOT / "docs"), str(tmp_path / "html")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    html = tmp_path / "html"
    assert (html / "api" / "eigs.html").exists()
    # every example is rendered, with its script and notebook downloadable
    examples = sorted(p.stem for p in (ROOT / "docs" / "examples").glob("*.py"))
    for name in examples:
        assert (html / "gallery" / f"{name}.html").exists(), name
        page = (html / "gallery" / f"{name}.html").read_text()
        assert f"{name}.py" in page and f"{name}.ipynb" in page, name
