"""Eigenpairs to a file and back (issue 16, item 3): ``pitcheig eigs --save FILE``.

What is written, for every eigenpair of an :class:`~pitcheig.result.EigenResult`:
the eigenvalue (a float, or a decimal string with ``digits`` significant digits),
its error estimate, and the eigenfunction Psi (normalised as eigs returns it,
``|int (u + mu) Psi^2| = 1``, Psi > 0 at mu = sign lambda) both

* as Chebyshev coefficients per piece: on piece [x_e, x_(e+1)] of ``breakpoints``,
  Psi(mu) = sum_k c_k T_k(xi), xi = (2 mu - x_e - x_(e+1)) / (x_(e+1) - x_e) -- exactly the
  polynomial the solver computed (Galerkin: Psi is a polynomial on each piece); and
* as values on a mu grid (``GRID_POINTS`` points, uniform, plus the same number
  graded geometrically toward each end, where the peaks are).

Formats, by suffix: ``.npz`` (numpy arrays; the coefficients of pair j on piece e
under ``coeffs_<label>_<e>``) or ``.json`` (one object, lists).  :func:`load` reads
either back into the same dict and :func:`evaluate` evaluates a saved eigenfunction.
"""

import json
from pathlib import Path

import numpy as np
from numpy.polynomial import chebyshev

from .errors import ParameterError

#: Points of the uniform part of the saved mu grid (and of each graded end part).
GRID_POINTS = 1001
#: The suffixes :func:`save` writes.
FORMATS = (".npz", ".json")


def check_path(path, option="--save"):
    """The path as a Path, or ParameterError unless its suffix is .npz or .json."""
    path = Path(path)
    if path.suffix not in FORMATS:
        raise ParameterError(f"{option} must end in .npz or .json; got {str(path)!r}")
    return path


def mu_grid():
    """The saved mu grid: uniform on [-1, 1] and graded to 1e-12 of each end."""
    ends = 1.0 - np.geomspace(1.0, 1e-12, GRID_POINTS)
    return np.unique(np.concatenate([np.linspace(-1.0, 1.0, GRID_POINTS), ends, -ends]))


def eigenpair_data(result):
    """The dict that :func:`save` writes (see the module doc)."""
    pairs = sorted(result.pairs, key=lambda p: (abs(p.label), -p.label))
    mu = mu_grid()
    data = {"problem": result.problem, "converged": bool(result.converged), "message": result.message,
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


def save(result, path):
    """Write the eigenpairs of ``result`` to ``path`` (.npz or .json)."""
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


def load(path):
    """Read a file written by :func:`save` into the dict of :func:`eigenpair_data`."""
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


def evaluate(data, label, mu):
    """Psi of pair ``label`` at ``mu`` from its saved Chebyshev coefficients per piece."""
    mu = np.asarray(mu, dtype=float)
    x = data["breakpoints"]
    piece = np.clip(np.searchsorted(x, mu, side="right") - 1, 0, len(x) - 2)
    out = np.empty_like(mu)
    for e, coeffs in enumerate(data["coefficients"][label]):
        here = piece == e
        xi = (2.0 * mu[here] - x[e] - x[e + 1]) / (x[e + 1] - x[e])
        out[here] = chebyshev.chebval(xi, coeffs)
    return out
