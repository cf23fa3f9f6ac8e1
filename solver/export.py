"""Eigenpairs to a file and back (issue 16, item 3): ``pitcheig eigs --save FILE``.

What is written, for every eigenpair of an :class:`~pitcheig.result.EigenResult`:
the eigenvalue of eq. (15) of Malkov et al. (2010) (a float, or a decimal string with
``digits`` significant digits), its error estimate, and the eigenfunction Psi
(normalised as eigs returns it, abs(int (u + mu) Psi^2 dmu) = 1, Psi > 0 at
mu = sign lambda) both

* as Chebyshev coefficients per piece: on piece [x_e, x_(e+1)] of ``breakpoints``,
  Psi(mu) = sum_k c_k T_k(xi), xi = (2 mu - x_e - x_(e+1)) / (x_(e+1) - x_e) -- exactly the
  polynomial the solver computed (Galerkin: Psi is a polynomial on each piece); and
* as values on a mu grid (``GRID_POINTS`` points, uniform, plus the same number
  graded geometrically toward each end, where the peaks are).

Formats, by suffix: ``.npz`` (numpy arrays; the coefficients of pair j on piece e
under ``coeffs_<label>_<e>``) or ``.json`` (one object, lists).  :func:`load` reads
either back into the same dict and :func:`evaluate` evaluates a saved eigenfunction.
Tested (tests/test_export.py): the saved coefficients reproduce ``eigs``' eigenfunctions
to 1e-13 of their maximum, and ``.npz`` and ``.json`` hold the same numbers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np
from numpy.polynomial import chebyshev
from numpy.typing import ArrayLike, NDArray

from .errors import ParameterError

if TYPE_CHECKING:
    from .result import EigenResult

__all__ = ["save", "load", "evaluate", "eigenpair_data", "mu_grid"]

#: A file name: a str or a path-like object.
PathLike = Union[str, "os.PathLike[str]"]

#: Points of the uniform part of the saved mu grid (and of each graded end part).
GRID_POINTS = 1001
#: The suffixes :func:`save` writes.
FORMATS = (".npz", ".json")


def check_path(path: PathLike, option: str = "--save") -> Path:
    """The path as a Path, or ParameterError unless its suffix is .npz or .json."""
    path = Path(path)
    if path.suffix not in FORMATS:
        raise ParameterError(f"{option} must end in .npz or .json; got {str(path)!r}")
    return path


def mu_grid() -> NDArray[np.float64]:
    """The mu grid on which :func:`save` tabulates every eigenfunction.

    The union of ``GRID_POINTS`` = 1001 uniform points on [-1, 1] and, toward each end
    mu = +1 and mu = -1, ``GRID_POINTS`` points graded geometrically in the distance
    1 - abs(mu) from 1 down to 1e-12, where the peaks of D (width b = j1^2 eps/2,
    eq. (35) of Malkov et al. 2010) and the beam sit.  Duplicates are removed and the
    points sorted.

    Returns
    -------
    numpy.ndarray of float, shape (3001,)
        Sorted, distinct points of [-1, 1], both ends included.

    Examples
    --------
    >>> from pitcheig.export import mu_grid
    >>> mu = mu_grid()
    >>> mu.size, float(mu[0]), float(mu[-1])
    (3001, -1.0, 1.0)
    >>> print(f"{1.0 - mu[-2]:.1e}")     # the point next to the end mu = 1
    1.0e-12
    """
    ends = 1.0 - np.geomspace(1.0, 1e-12, GRID_POINTS)
    return np.unique(np.concatenate([np.linspace(-1.0, 1.0, GRID_POINTS), ends, -ends]))


def eigenpair_data(result: EigenResult) -> dict[str, Any]:
    """The eigenpairs of an eigs result as the dict that :func:`save` writes.

    For every eigenpair of eq. (15) of Malkov et al. (2010) in ``result``, ordered
    +1, -1, +2, -2, ...: the eigenvalue, its error estimate, the eigenfunction Psi
    (normalised as eigs returns it) on :func:`mu_grid`, and its Chebyshev coefficients
    on every piece of the mesh (see the module docstring for the convention).

    Parameters
    ----------
    result : EigenResult
        What :func:`pitcheig.eigs` returned, certified or not (``converged`` is
        recorded).  Every pair must carry its eigenfunction: the shooting solver's
        results do not (AttributeError).

    Returns
    -------
    dict
        ``problem``, ``converged``, ``message``, ``method``, ``digits`` (as in the
        result); ``labels`` (list of int); ``lambda`` (floats, or decimal strings of
        ``digits`` significant digits for an arbitrary-precision result);
        ``error_estimate`` (floats); ``mu`` (the grid, array); ``psi`` (array, one row
        per label, Psi on ``mu``); ``breakpoints`` (array, the mesh); ``coefficients``
        (dict label -> list of arrays, one per piece).

    Raises
    ------
    AttributeError
        If a pair has no eigenfunction (``method="shoot"``).

    Examples
    --------
    >>> from pitcheig import Flat, eigs
    >>> from pitcheig.export import eigenpair_data
    >>> data = eigenpair_data(eigs(Flat(), k=1))
    >>> data["labels"], [round(x, 6) for x in data["lambda"]]
    ([1, -1], [14.528003, -14.528003])
    >>> data["psi"].shape, data["breakpoints"].tolist()
    ((2, 3001), [-1.0, 1.0])
    """
    pairs = sorted(result.pairs, key=lambda p: (abs(p.label), -p.label))
    mu = mu_grid()
    data: dict[str, Any] = {
        "problem": result.problem, "converged": bool(result.converged), "message": result.message,
        "method": result.method, "digits": result.digits, "labels": [p.label for p in pairs],
        "lambda": [result.format_lambda(p.lam) if result.digits else float(p.lam) for p in pairs],
        "error_estimate": [float(p.error_estimate) for p in pairs], "mu": mu, "psi": [], "coefficients": {}}
    breakpoints = None
    for p in pairs:
        psi = p.eigenfunction
        funs = list(psi.funs)
        support = [float(funs[0].support[0])] + [float(f.support[1]) for f in funs]
        breakpoints = support if breakpoints is None else breakpoints
        data["coefficients"][p.label] = [np.asarray(f.coeffs, dtype=float) for f in funs]
        data["psi"].append(np.asarray(psi(mu), dtype=float))
    data["breakpoints"] = np.asarray(breakpoints if breakpoints is not None else [], dtype=float)
    data["psi"] = np.asarray(data["psi"])
    return data


def save(result: EigenResult, path: PathLike) -> Path:
    """Write the eigenpairs of an eigs result to a ``.npz`` or ``.json`` file.

    The file holds the dict of :func:`eigenpair_data` (eigenvalues of eq. (15) of
    Malkov et al. 2010, error estimates, the eigenfunctions on a mu grid and as
    Chebyshev coefficients per piece); :func:`load` reads it back.  An existing file
    is replaced.  In ``.npz`` the eigenvalues are stored as strings (so that an
    arbitrary-precision result keeps its digits) and the coefficients of pair
    ``label`` on piece ``e`` under ``coeffs_<label:+d>_<e>``.

    Parameters
    ----------
    result : EigenResult
        What :func:`pitcheig.eigs` returned (with eigenfunctions: not ``method="shoot"``).
    path : str or os.PathLike
        The file to write; its suffix, ``.npz`` or ``.json``, chooses the format.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ParameterError
        If the suffix is neither ``.npz`` nor ``.json`` (checked before anything is
        written).
    AttributeError
        If a pair has no eigenfunction (``method="shoot"``).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from pitcheig import Flat, eigs
    >>> from pitcheig.export import load, save
    >>> result = eigs(Flat(), k=1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = save(result, pathlib.Path(tmp) / "flat.json")
    ...     data = load(path)
    >>> path.name, data["labels"], data["converged"]
    ('flat.json', [1, -1], True)
    """
    path = check_path(path)
    data = eigenpair_data(result)
    if path.suffix == ".json":
        out = {**data, "mu": data["mu"].tolist(), "psi": data["psi"].tolist(),
               "breakpoints": data["breakpoints"].tolist(),
               "coefficients": {str(label): [c.tolist() for c in coeffs]
                                for label, coeffs in data["coefficients"].items()}}
        path.write_text(json.dumps(out))
        return path
    arrays = {"mu": data["mu"], "psi": data["psi"], "breakpoints": data["breakpoints"],
              "labels": np.asarray(data["labels"], dtype=int),
              "error_estimate": np.asarray(data["error_estimate"]),
              "lambda": np.asarray([str(x) for x in data["lambda"]]),
              "meta": np.asarray(json.dumps({k: data[k] for k in ("problem", "converged", "message", "method",
                                                                   "digits")}))}
    for label, coeffs in data["coefficients"].items():
        for e, c in enumerate(coeffs):
            arrays[f"coeffs_{label:+d}_{e}"] = c
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)
    return path


def load(path: PathLike) -> dict[str, Any]:
    """Read a file written by :func:`save` back into the dict of :func:`eigenpair_data`.

    Both formats give the same dict: ``mu``, ``psi`` and ``breakpoints`` as numpy
    arrays, ``coefficients`` as a dict from the integer label to a list of arrays (one
    per piece), ``lambda`` as floats (or decimal strings when the result had
    ``digits``), the other entries as written.  Nothing is executed on loading
    (``.npz`` is read with ``allow_pickle=False``).

    Parameters
    ----------
    path : str or os.PathLike
        A ``.npz`` or ``.json`` file written by :func:`save`.

    Returns
    -------
    dict
        The saved eigenpairs (see :func:`eigenpair_data`); pass it to :func:`evaluate`.

    Raises
    ------
    ParameterError
        If the suffix is neither ``.npz`` nor ``.json``.
    OSError
        If the file cannot be read (e.g. FileNotFoundError).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from pitcheig import Flat, eigs
    >>> from pitcheig.export import load, save
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     data = load(save(eigs(Flat(), k=1), pathlib.Path(tmp) / "flat.npz"))
    >>> sorted(data)
    ['breakpoints', 'coefficients', 'converged', 'digits', 'error_estimate', 'labels',
     'lambda', 'message', 'method', 'mu', 'problem', 'psi']
    >>> print(f"{data['lambda'][0]:.6f}")
    14.528003
    """
    path = check_path(path, "path")
    if path.suffix == ".json":
        raw = json.loads(path.read_text())
        raw["coefficients"] = {int(label): [np.asarray(c) for c in coeffs]
                               for label, coeffs in raw["coefficients"].items()}
        for key in ("mu", "psi", "breakpoints"):
            raw[key] = np.asarray(raw[key])
        return raw
    with np.load(path, allow_pickle=False) as archive:
        meta = json.loads(str(archive["meta"]))
        labels = [int(x) for x in archive["labels"]]
        pieces = len(archive["breakpoints"]) - 1
        coefficients = {label: [archive[f"coeffs_{label:+d}_{e}"] for e in range(pieces)] for label in labels}
        lam = [str(x) for x in archive["lambda"]]
        return {**meta, "labels": labels, "lambda": lam if meta["digits"] else [float(x) for x in lam],
                "error_estimate": archive["error_estimate"].tolist(), "mu": archive["mu"],
                "psi": archive["psi"], "breakpoints": archive["breakpoints"], "coefficients": coefficients}


def evaluate(data: Mapping[str, Any], label: int, mu: ArrayLike) -> NDArray[np.float64]:
    """Evaluate a saved eigenfunction Psi at any mu from its Chebyshev coefficients.

    On the piece [x_e, x_(e+1)] of ``data["breakpoints"]`` that holds mu,
    Psi(mu) = sum_k c_k T_k(xi) with xi = (2 mu - x_e - x_(e+1)) / (x_(e+1) - x_e)
    (numpy.polynomial.chebyshev.chebval): the polynomial the solver computed, so that
    it matches ``eigs(...).eigenfunction(label)`` to about 1e-13 of its maximum
    (tests/test_export.py).  Points outside [-1, 1] are evaluated on the first or
    last piece (extrapolation, not meaningful).

    Parameters
    ----------
    data : dict
        What :func:`load` (or :func:`eigenpair_data`) returned.
    label : int
        The eigenpair: one of ``data["labels"]`` (+1, -1, +2, ...).
    mu : float or array_like of float
        Points of [-1, 1].

    Returns
    -------
    numpy.ndarray of float
        Psi at ``mu``, of the shape of ``mu`` (0-d for a scalar).

    Raises
    ------
    KeyError
        If ``label`` is not one of ``data["labels"]``.

    Examples
    --------
    >>> from pitcheig import Flat, eigs
    >>> from pitcheig.export import eigenpair_data, evaluate
    >>> data = eigenpair_data(eigs(Flat(), k=1))
    >>> print(evaluate(data, 1, [-1.0, 0.0, 1.0]).round(6))
    [-0.038483 -1.106321  3.214908]
    """
    mu = np.asarray(mu, dtype=float)
    x = data["breakpoints"]
    piece = np.clip(np.searchsorted(x, mu, side="right") - 1, 0, len(x) - 2)
    out = np.empty_like(mu)
    for e, coeffs in enumerate(data["coefficients"][label]):
        here = piece == e
        xi = (2.0 * mu[here] - x[e] - x[e + 1]) / (x[e + 1] - x[e])
        out[here] = chebyshev.chebval(xi, coeffs)
    return out
