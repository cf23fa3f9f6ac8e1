"""The public API is typed (issue 16): every function and class in the ``__all__`` of
a public module has annotations on all its parameters and on its return value, and
mypy (configured in pyproject.toml, ``[tool.mypy]``) passes on the public modules.
The annotation rule is checked on itself with an unannotated function."""

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from test_docstrings import PUBLIC_MODULES

ROOT = Path(__file__).resolve().parents[1]


def unannotated(obj):
    """Names of the parameters (and 'return') of `obj` that carry no annotation."""
    if inspect.isclass(obj):
        if obj.__init__ is object.__init__:
            return []
        target, skip_return = obj.__init__, True
    else:
        target, skip_return = obj, False
    sig = inspect.signature(target)
    out = [n for n, p in sig.parameters.items()
           if n not in ("self", "cls") and p.annotation is inspect.Parameter.empty]
    if not skip_return and sig.return_annotation is inspect.Signature.empty:
        out.append("return")
    return out


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_functions_are_annotated(name):
    module = importlib.import_module(name)
    bad = {}
    for attr in getattr(module, "__all__", []):
        obj = getattr(module, attr)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            missing = unannotated(obj)
            if missing:
                bad[attr] = missing
    assert not bad, f"{name}: unannotated {bad}"


def test_rule_flags_an_unannotated_function():
    def typed(x: float, *, k: int = 1) -> float:
        return x * k

    def untyped(x, k=1):
        return x * k

    assert unannotated(typed) == []
    assert unannotated(untyped) == ["x", "k", "return"]


def test_mypy_checks_exactly_the_public_modules():
    tomllib = pytest.importorskip("tomllib")        # Python >= 3.11
    files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["files"]
    as_modules = {"pitcheig." + f.removesuffix(".py").replace("/", ".").removeprefix("solver.") for f in files}
    assert as_modules == set(PUBLIC_MODULES)


def test_mypy_passes_on_the_public_modules():
    pytest.importorskip("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
