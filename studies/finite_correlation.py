"""The finite-correlation-time D_mumu of eq. (7) and its limits (section 3).

Run:   python -m pitcheig.studies.finite_correlation [--write-cache]   (about 4 minutes)

Numbers only (verdicts in studies/referee.py), all from pitcheig.correlation:

* the delta -> 0 limit of eq. (7), derived and as printed, against eq. (4);
* the large-y limit: eq. (7)'s finite-correlation part F against eq. (8)'s two forms;
* the share of |n| >= 2 (the paper: n = +-1 suffices);
* where F overtakes the resonant part, against the paper's validity condition;
* D/(1 - mu^2) at y = j1 over its peak, against the paper's "~delta".

The tables cost minutes (eq. 7 takes 0.1-2 s per point), and they are
deterministic, so `pitcheig reproduce` reads them from studies/data/
finite_correlation.json (written by ``--write-cache``) and recomputes one entry of
the delta-limit and eq. (8) tables in every run: :func:`verify_cache` reports
whether they agree, and the report's certification includes that check.
"""

import argparse
import json
from importlib import resources

#: the entries recomputed on every run to check the cache (mu, eps, delta)
CHECK_DELTA = {"points": ((0.9, 2.1e-3),), "deltas": (1e-4,)}
CHECK_EQ8 = {"mus": (0.5,), "epss": (1e-3,)}
#: agreement required between the cache and a recomputation (the tables' own accuracy ~1e-10)
CACHE_RTOL = 1e-8
CACHE_NAME = "finite_correlation.json"


def compute():
    """Every table of pitcheig.correlation (minutes)."""
    from pitcheig import correlation as co
    return {"delta_limit": co.delta_limit_table(), "eq8": co.eq8_table(), "bessel_sum": co.bessel_sum_table(),
            "validity": co.validity_table(), "plateau": co.plateau_table()}


def _jsonable(obj):
    return json.loads(json.dumps(obj, default=float))


def load_cache():
    return json.loads(resources.files("pitcheig.studies").joinpath("data", CACHE_NAME).read_text())


def verify_cache(cache):
    """Recompute CHECK_DELTA and CHECK_EQ8 and compare with the cached rows: returns
    {"agrees": bool, "max_rel_diff": float, "entries": n}."""
    from pitcheig import correlation as co
    fresh = co.delta_limit_table(**CHECK_DELTA) + co.eq8_table(**CHECK_EQ8, delta=1e-4)
    keys = (("mu", "eps", "delta"), ("mu", "eps"))
    worst, found = 0.0, 0
    for row in _jsonable(fresh):
        table, key = (cache["delta_limit"], keys[0]) if "delta" in row else (cache["eq8"], keys[1])
        match = [c for c in table if all(c[k] == row[k] for k in key)]
        if not match:
            return {"agrees": False, "max_rel_diff": float("inf"), "entries": found}
        found += 1
        for name in ("derived", "F/eq8_integral"):
            if name in row:
                worst = max(worst, abs(row[name] / match[0][name] - 1.0))
    return {"agrees": worst <= CACHE_RTOL, "max_rel_diff": worst, "entries": found}


def results():
    """The cached tables, checked against a recomputation of two entries."""
    cache = load_cache()
    return dict(cache, cache_check=verify_cache(cache))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-cache", action="store_true",
                        help=f"recompute every table and write studies/data/{CACHE_NAME}")
    args = parser.parse_args(argv)
    if args.write_cache:
        import os
        out = _jsonable(compute())
        path = os.path.join(os.path.dirname(__file__), "data", CACHE_NAME)
        with open(path, "w") as fh:
            json.dump(out, fh, indent=1)
        print(f"wrote {path}")
        return out
    res = results()
    from pitcheig.studies import print_results
    return print_results(res)


if __name__ == "__main__":
    main()
