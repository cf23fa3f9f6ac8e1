"""Every public object documents itself (issue 16): each module of the public API
declares ``__all__``, and every function and class in it has a numpydoc docstring with
``Parameters`` (when it takes any), ``Returns`` (functions that return something) and
``Examples`` sections; every public method has at least a summary line.  The examples
are then run as doctests, so a documented example cannot silently stop working.

The rule is checked on itself: an undocumented function in a throwaway module is
flagged (``test_rule_flags_an_undocumented_function``), so the check can fail."""

import doctest
import importlib
import inspect
import types

import numpy as np
import pytest
from numpydoc.docscrape import FunctionDoc

# the public API: the modules the docs site's API reference is generated from
PUBLIC_MODULES = [
    "pitcheig.adaptivity", "pitcheig.models", "pitcheig.result", "pitcheig.errors", "pitcheig.problem",
    "pitcheig.propagation", "pitcheig.sweep", "pitcheig.export", "pitcheig.beam", "pitcheig.precision",
    "pitcheig.shoot", "pitcheig.turbulence", "pitcheig.correlation", "pitcheig.progress", "pitcheig.shock",
    "pitcheig.layer",
    "pitcheig.symbolic.frobenius", "pitcheig.symbolic.taylor",
]


def _own_parameters(obj):
    """Names of the parameters a caller passes (not self/cls)."""
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return []
    return [n for n, p in sig.parameters.items() if n not in ("self", "cls")
            and not (inspect.isclass(obj) and target is object.__init__)]


def _returns_something(func):
    ann = inspect.signature(func).return_annotation
    return ann not in (None, "None", type(None))


def _class_param_doc(cls):
    """numpydoc reads a class's Parameters from its own docstring (or __init__'s)."""
    doc = FunctionDoc(cls)
    if not doc["Parameters"] and cls.__init__ is not object.__init__ and cls.__init__.__doc__:
        doc["Parameters"] = FunctionDoc(cls.__init__)["Parameters"]
    return doc


def problems_of(module):
    """The list of documentation defects of `module` (empty when it is complete)."""
    out = []
    names = getattr(module, "__all__", None)
    if names is None:
        return [f"{module.__name__}: no __all__"]
    if not (module.__doc__ or "").strip():
        out.append(f"{module.__name__}: no module docstring")
    for name in names:
        obj = getattr(module, name, None)
        where = f"{module.__name__}.{name}"
        if obj is None:
            out.append(f"{where}: listed in __all__ but missing")
            continue
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue                       # constants are documented in the module docstring
        if not (obj.__doc__ or "").strip():
            out.append(f"{where}: no docstring")
            continue
        doc = _class_param_doc(obj) if inspect.isclass(obj) else FunctionDoc(obj)
        documented = {p.name.split(":")[0].strip().lstrip("*") for p in doc["Parameters"]}
        documented = {n.strip() for d in documented for n in d.split(",")}
        missing = [p for p in _own_parameters(obj) if p not in documented]
        if missing:
            out.append(f"{where}: parameters not documented: {missing}")
        if inspect.isfunction(obj) and _returns_something(obj) and not (doc["Returns"] or doc["Yields"]):
            out.append(f"{where}: no Returns section")
        if not "".join(doc["Examples"]).strip():
            out.append(f"{where}: no Examples section")
        if inspect.isclass(obj):
            for mname, member in vars(obj).items():
                if mname.startswith("_"):
                    continue
                func = member.fget if isinstance(member, property) else member
                if isinstance(func, (staticmethod, classmethod)):
                    func = func.__func__
                if inspect.isfunction(func) and not (func.__doc__ or "").strip():
                    out.append(f"{where}.{mname}: no docstring")
    return out


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_module_is_documented(name):
    problems = problems_of(importlib.import_module(name))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    np.set_printoptions(legacy=False)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                                      verbose=False, report=True)
    assert failures == 0, f"{failures} of {tried} doctest examples in {name} failed (see the captured output)"


def test_rule_flags_an_undocumented_function():
    fake = types.ModuleType("fake", "A module.")

    def documented(x):
        """Twice x.

        Parameters
        ----------
        x : float
            A number.

        Returns
        -------
        float

        Examples
        --------
        >>> documented(1)
        2
        """
        return 2 * x

    def bare(x):
        return x

    fake.documented, fake.bare = documented, bare
    fake.__all__ = ["documented"]
    assert problems_of(fake) == []
    fake.__all__ = ["documented", "bare"]
    assert problems_of(fake) == ["fake.bare: no docstring"]
    bare.__doc__ = "Only a summary."
    assert set(problems_of(fake)) == {"fake.bare: parameters not documented: ['x']",
                                      "fake.bare: no Returns section",      # unannotated: may return
                                      "fake.bare: no Examples section"}
    del fake.__all__
    assert problems_of(fake) == ["fake: no __all__"]
