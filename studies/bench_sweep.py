"""Benchmark of the sweep executors (issue 6): solves per second and the per-solve
overhead of each executor relative to a bare solve, measured side by side in one run.

Run:   python -m pitcheig.studies.bench_sweep [--points 400]     (about 1 minute)
       python -m pitcheig.studies.bench_sweep --memory 100000     (peak memory; about 15 minutes)

Grid: model peak at the +1 end, eps 1e-6 .. 1e-1 x a 1e-8 .. 1 (geometric, 20 x 20
for 400 points), u = 0, k = 2, tol = 1e-12.

* bare: solve_point on every point in this process, one after another (no
  executor, no file), after a warm-up; the faster of two passes, T;
* local 1 and 2 workers, Dask LocalCluster with 2 workers: run_sweep into a fresh
  CSV file (journal writes and fsyncs included), wall time W, cluster start-up
  timed separately and including the warm-up every fresh process needs (imports,
  the solver's per-size quadrature caches; the bare run and the forked local
  workers have it already).  The cluster's workers get WORKER_ENVIRON (sweep.py): with
  Dask's default MALLOC_TRIM_THRESHOLD_ the solves themselves were 45 % slower.
* overhead = (W x workers - T) / T: the time each worker spends on anything but
  solving, relative to the solve time (0 for a perfect executor; the issue's
  target is <= 10 %).  With 2 workers on this 2-core machine the main process
  (scheduling, journal) shares the cores with the workers, which is counted.
"""

import argparse
import os
import tempfile
import time

import numpy as np


def points_grid(n_side):
    from pitcheig.sweep import grid
    return grid(["peak"], eps=list(np.geomspace(1e-6, 1e-1, n_side)), a=list(np.geomspace(1e-8, 1.0, n_side)),
                u=[0.0], ends="+1")


def bare(points):
    from pitcheig.sweep import solve_point
    start = time.perf_counter()
    for p in points:
        solve_point(p)
    return time.perf_counter() - start


def timed_sweep(points, workdir, name, **executor):
    from pitcheig.sweep import run_sweep
    out = os.path.join(workdir, f"{name}.csv")
    start = time.perf_counter()
    rows = run_sweep(points, out, progress=False, **executor).rows
    wall = time.perf_counter() - start
    assert len(rows) == len(points)
    return wall, rows


def dask_sweep(points, workdir, workers):
    """LocalCluster start-up, then the sweep on it (run_sweep's scheduler path)."""
    import dask
    from dask.distributed import LocalCluster

    from pitcheig.sweep import WORKER_CONFIG, WORKER_ENVIRON
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}), **WORKER_ENVIRON)
    start = time.perf_counter()
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ, **WORKER_CONFIG}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
    try:
        from dask.distributed import Client

        with Client(cluster) as client:
            # the same warm-up as the bare run had (imports and the solver's per-size caches);
            # the local pools fork from this warmed process and need none
            client.run(bare, points[::10])
        startup = time.perf_counter() - start
        wall, rows = timed_sweep(points, workdir, f"dask{workers}", scheduler=cluster.scheduler_address)
    finally:
        cluster.close()
    return startup, wall, rows


def report(name, wall, workers, rows, total, n, extra=""):
    """One line: wall, rate, overhead, split into slower solves in the workers and the rest."""
    inside = sum(r["seconds"] for r in rows)
    overhead = (wall * workers - total) / total
    slower = (inside - total) / total
    print(f"{name:<26}{wall:8.2f}{n / wall:10.1f}{100 * overhead:10.1f}%{100 * slower:12.1f}%"
          f"{100 * (overhead - slower):12.1f}%{extra}")
    return {"seconds": wall, "rate": n / wall, "overhead": overhead, "solve_slowdown": slower,
            "scheduling": overhead - slower}


def peak_rss_mib():
    """Peak resident memory of this process so far (MiB; Linux reports KiB)."""
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(n_points, workers=2):
    """A sweep of n_points cheap points (model flat, u on a grid of n_points values in
    [-0.5, 0.5]) into CSV and into Parquet, in this process: the driver's peak resident
    memory against its peak before the sweep (imports and one solve), and the time.
    The rows go to the file in batches while the sweep runs; the driver keeps only the
    points, their keys and their statuses."""
    from pitcheig.sweep import grid, run_sweep
    bare(points_grid(2))                      # imports and caches
    before = peak_rss_mib()
    points = grid(["flat"], u=list(np.linspace(-0.5, 0.5, n_points)))
    out = {"points": len(points), "rss_before_mib": before}
    with tempfile.TemporaryDirectory() as workdir:
        for suffix in (".csv", ".parquet"):
            start = time.perf_counter()
            report = run_sweep(points, os.path.join(workdir, f"memory{suffix}"), workers=workers, progress=False)
            out[suffix] = {"seconds": time.perf_counter() - start, "counts": report.counts,
                           "peak_rss_mib": peak_rss_mib()}
            print(f"{len(points)} points into {suffix}: {out[suffix]['seconds']:.0f} s, {report.counts}, "
                  f"driver peak RSS {out[suffix]['peak_rss_mib']:.0f} MiB (before the sweep {before:.0f} MiB)",
                  flush=True)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=400, help="grid size (a square number)")
    parser.add_argument("--memory", type=int, metavar="N",
                        help="instead: peak driver memory of an N-point sweep of model flat (CSV, Parquet)")
    args = parser.parse_args(argv)
    if args.memory:
        return memory(args.memory)
    n_side = int(round(np.sqrt(args.points)))
    points = points_grid(n_side)
    n = len(points)
    bare(points[::10])          # warm-up: imports and caches, as the workers' first chunk has
    total = min(bare(points), bare(points))
    print(f"{n} points; bare solve: {total:.2f} s in all, {1e3 * total / n:.1f} ms per solve, "
          f"{n / total:.1f} solves/s")
    print(f"{'executor':<26}{'wall s':>8}{'solves/s':>10}{'overhead':>11}{'of which:':>11}{'':>13}")
    print(f"{'':<55}{'slower solve':>12}{'the rest':>12}")
    results = {"bare": {"seconds": total, "rate": n / total}}
    with tempfile.TemporaryDirectory() as workdir:
        for name, workers in (("local, 1 worker", 1), ("local, 2 workers", 2)):
            wall, rows = timed_sweep(points, workdir, f"local{workers}", workers=workers)
            results[name] = report(name, wall, workers, rows, total, n)
        for workers in (1, 2):
            name = f"dask LocalCluster, {workers}"
            startup, wall, rows = dask_sweep(points, workdir, workers)
            results[name] = report(name, wall, workers, rows, total, n, f"   (+ {startup:.1f} s start-up)")
            results[name]["startup"] = startup
    print("overhead = (wall x workers - bare) / bare (target <= 10 %); 'slower solve' = (sum of the solve "
          "times measured inside the workers - bare) / bare; 'the rest' = scheduling, transfer, journal, "
          "idle tail.")
    return results


if __name__ == "__main__":
    main()
