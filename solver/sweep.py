"""Parameter sweeps: one eigen-solve per point of a grid over (model, ends, eps, a, u),
on local processes by default or on a Dask cluster, never losing finished work.
For example::

    report = run_sweep(grid(["peak"], eps=[1e-3, 1e-4], a=[1e-4], u=[0.0]), "sweep.parquet")
    report.counts, report.rows

Executors (the same points give bit-identical rows on each: every solve is
deterministic, with one BLAS thread and a fixed Lanczos start vector):

* ``workers=N`` (default: the number of CPUs): a pool of N local processes;
  ``workers=1`` is the same pool with one process.  The workers die with the
  driver (PR_SET_PDEATHSIG on Linux, and a watchdog of the parent elsewhere);
* ``dask_local=N``: a ``dask.distributed.LocalCluster`` of N one-thread worker
  processes started on loopback (127.0.0.1) for the sweep and closed after it;
* ``scheduler="tcp://host:8786"``: an existing ``dask.distributed`` scheduler.

Batches: points are sent to the executor in batches (one task solves a list of
points, one after another), so that the executor's per-task cost (about a
millisecond for local processes, several for Dask: scheduling, transfer, the
driver's file write) stays a small part of the solve time.  The batch size is
chosen automatically (:class:`_Batches`): the first tasks hold one point each;
from then on a batch holds about TASK_SECONDS of work, from the mean solve time
measured inside the workers over the last ESTIMATE_ROWS rows, and never more
than 1/IN_FLIGHT of a worker's share of the points not yet sent, so batches
shrink towards the end and the workers finish together.  ``batch=N`` fixes it
(N points per task, in BATCH_RANGE).  Batching changes no row: every point is
still solved on its own by :func:`solve_point`, with its own ``point_timeout``
(a point that times out is recorded as before and the rest of its batch goes
on); the rows of a batch reach the output when the batch finishes (about
TASK_SECONDS after it started with the automatic size).
studies/bench_sweep.py measures the overheads.

Storage (sweep_store.py): rows reach the output while the sweep runs (CSV
appended, Parquet through a journal and row groups), and a sweep started again
skips every point whose row is already there *with the same settings*: the key
is every parameter and setting that changes a row (model, ends, eps, a, u,
delta, k, tol, method, function_tol).  Rows of other settings in the file are
kept and never reused.  A point whose solve raises is recorded with status
"failed" and the error; one that runs past ``point_timeout`` seconds as
"failed" with "timeout: ..."; an unconverged one as "not-converged", with its
numbers and the solver's reason.

Columns: ``model, ends, eps, a, u, delta, k, tol, method, function_tol``, then
``lambda_+1, error_+1, lambda_-1, error_-1, ..., lambda_-k, error_-k, unknowns,
seconds, status, message``.  eps, a and delta are empty (NaN) where the model
has none; for model physical, a is the value eq. (11) gives.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import math
import os
import signal
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np

from . import sweep_store
from .adaptivity import FUNCTION_TOL, TOL, TOL_RANGE
from .errors import NotConvergedWarning, ParameterError
from .problem import check_u
from .sweep_store import FORMATS, POINT, columns, journal_path, open_store, output_format, row_key
from .sweep_store import write_rows as write_rows   # re-exported for the tests and tools (not in __all__)
from .validation import check_choice, check_int, check_output_file, check_real

# The public API.  columns, journal_path, output_format and write_rows (sweep_store.py)
# stay importable from here for the CLI and the tests, but are not part of it.
__all__ = ["grid", "parse_values", "run_sweep", "read_rows", "solve_point", "summary", "SweepReport"]

#: A point of a sweep: a dict with model, ends, eps, a, u and delta (what :func:`grid` makes).
Point = Mapping[str, Any]
#: A row of a sweep (a dict of the columns of the module docstring).
Row = dict[str, Any]
#: A file name: a str or a path-like object.
PathLike = Union[str, "os.PathLike[str]"]

MODELS = ("flat", "peak", "physical")
#: What a sweep runs at every point: the adaptive Galerkin solver (pitcheig.eigs)
#: with its default eigenfunction tolerance.  Part of every row and of its key.
SOLVER = {"method": "galerkin", "function_tol": FUNCTION_TOL}
#: Target work per task of the automatic batch size (seconds of solving), and the
#: accepted range of a batch size given by hand (points per task).
TASK_SECONDS = 0.5
BATCH_RANGE = (1, 100000)
#: The automatic batch size uses the mean solve time of the last this-many rows
#: (so a slow first solve in a fresh worker, or a costlier part of the grid, is
#: followed within a few batches).
ESTIMATE_ROWS = 100
#: Tasks kept in flight per worker (the rest wait in the driver).
IN_FLIGHT = 4
#: Default seconds one point may take (the slowest certified solves of the accepted
#: box take ~10 s: k = 50 at eps = a = 1e-8), and the accepted range.
POINT_TIMEOUT = 300.0
POINT_TIMEOUT_RANGE = (1e-3, 1e6)
#: The alarm that backs up the solver's own time budget fires at this multiple of
#: point_timeout plus this many seconds (the budget is checked between steps; a
#: step in progress may overrun it).
ALARM_FACTOR, ALARM_GRACE = 1.5, 5.0
#: The workers' watchdog looks for the death of the driver this often (seconds).
WATCHDOG_SECONDS = 1.0
#: Environment of the workers of a LocalCluster we start.  Dask's nannies set
#: MALLOC_TRIM_THRESHOLD_=65536, which also freezes glibc's mmap threshold at
#: 128 kB, so every matrix of a solve is mmapped and unmapped afresh: measured
#: 45 % slower solves (studies/bench_sweep.py).  A 1 GiB trim threshold and a
#: 64 MiB mmap threshold restore in-process speed.  Set the same in the
#: configuration of a cluster you connect to with ``scheduler``.
WORKER_ENVIRON = {"MALLOC_TRIM_THRESHOLD_": 2**30, "MALLOC_MMAP_THRESHOLD_": 2**26}
#: Dask configuration of a LocalCluster we start: the workers' statistical profiler
#: samples every thread's stack every 10 ms under the GIL, and the system monitor
#: and event-loop tick wake every 0.5 s / 20 ms; all slow a solve made of many small
#: numpy calls.  Measured (studies/bench_sweep.py, 2 workers): solves inside the
#: workers 21.6 % slower than bare with Dask's defaults, 9.9 % with these.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False,
                 "distributed.admin.system-monitor.interval": "5s",
                 "distributed.admin.tick.interval": "500ms"}


# --- grids --------------------------------------------------------------------

def parse_values(name: str, text: str) -> list[float]:
    """The numbers of a sweep axis written as text, as ``pitcheig sweep --eps`` takes them.

    A comma-separated list ``1e-2,1e-3``, or a range ``start:stop:count`` (``count``
    points, linear; ``countlin`` is the same) or ``start:stop:countlog`` (geometric,
    start and stop > 0), both ends included; ranges and numbers can be mixed in one
    list (``0,1e-3:1e-1:3log``).  Empty items are skipped.  The values are not checked
    against a model's range here: :func:`grid` does that.

    Parameters
    ----------
    name : str
        The parameter's name, used in error messages (e.g. ``"eps"``).
    text : str
        The list, e.g. ``"1e-8:1e-1:50log"``.

    Returns
    -------
    list of float
        The values in the order written (duplicates kept).

    Raises
    ------
    ParameterError
        For no values, a non-number, a non-finite number, a range that is not
        start:stop:count[log], a count outside [1, 100000], or a log range with
        start or stop <= 0.

    Examples
    --------
    >>> from pitcheig.sweep import parse_values
    >>> parse_values("u", "-0.1, 0, 0.1")
    [-0.1, 0.0, 0.1]
    >>> [f"{x:g}" for x in parse_values("eps", "1e-4:1e-1:4log")]
    ['0.0001', '0.001', '0.01', '0.1']
    >>> parse_values("u", "0:0.1:3")
    [0.0, 0.05, 0.1]
    """
    values = []
    for part in (p.strip() for p in str(text).split(",")):
        if not part:
            continue
        if ":" in part:
            values.extend(_parse_range(name, part))
        else:
            values.append(_number(name, part))
    if not values:
        raise ParameterError(f"{name}: no values given (e.g. 1e-3,1e-2 or 1e-8:1e-1:50log)")
    return values


def _number(name, text):
    try:
        value = float(text)
    except ValueError:
        raise ParameterError(f"{name}: not a number: {text!r}") from None
    if not math.isfinite(value):
        raise ParameterError(f"{name} must be a finite number, got {text!r}")
    return value


def _parse_range(name, text):
    pieces = text.split(":")
    if len(pieces) != 3:
        raise ParameterError(f"{name}: a range is start:stop:count or start:stop:countlog, got {text!r}")
    start, stop = _number(name, pieces[0]), _number(name, pieces[1])
    spec = pieces[2].strip().lower()
    log = spec.endswith("log")
    count_text = spec[:-3] if log else spec.removesuffix("lin")
    try:
        count = int(count_text)
    except ValueError:
        raise ParameterError(f"{name}: range count must be an integer, got {pieces[2]!r}") from None
    if not 1 <= count <= 100000:
        raise ParameterError(f"{name}: range count must be in [1, 100000], got {count}")
    if log:
        if start <= 0 or stop <= 0:
            raise ParameterError(f"{name}: a log range needs start and stop > 0, got {text!r}")
        return [float(x) for x in np.geomspace(start, stop, count)]
    return [float(x) for x in np.linspace(start, stop, count)]


def grid(models: Sequence[str], eps: Sequence[float] | None = None, a: Sequence[float] | None = None,
         u: Sequence[float] = (0.0,), ends: str | None = None, delta: float | None = None) -> list[dict[str, Any]]:
    """The points of a sweep: every model with every combination of its parameters.

    Each point is one eigenproblem, eq. (15) of Malkov et al. (2010), for one
    coefficient model D(mu) at one flow speed u: ``flat`` (D = 1, eq. 17) takes one
    point per u; ``peak`` (eqs. 24-26) takes eps x a x u; ``physical`` takes eps x u,
    with a tied to eps by eq. (11), a = (delta ln(1/eps) + eps^(3/2))/6.  A parameter
    that none of the models uses is refused, not ignored, and every value is checked
    against the models' ranges here (by :func:`pitcheig.models.make_model`), so that a
    bad grid fails before any work.

    Parameters
    ----------
    models : sequence of {"flat", "peak", "physical"}
        The models, at least one.
    eps : sequence of float, optional
        The peak parameter eps (peak and physical; required by them), each in the
        models' range [1e-10, 2/j1^2).
    a : sequence of float, optional
        The inverse peak height a (peak only; required by it), each in [1e-10, 1e4].
    u : sequence of float, default (0.0,)
        Flow speeds, each 0 or 1e-300 <= abs(u) <= 0.5.
    ends : {"both", "+1", "-1"}, optional
        Which ends of D carry a peak (peak and physical; default "both").
    delta : float, optional
        V_A/v of the physical model, in (0, 1] (default 1e-4).

    Returns
    -------
    list of dict
        One dict per point, with keys ``model``, ``ends`` ("none" for flat), ``eps``,
        ``a`` (for physical, the value eq. (11) gives), ``u`` and ``delta`` (None where
        the model has none); models in the order given, then eps, a, u.

    Raises
    ------
    ParameterError
        For no model, an unknown model, a parameter none of the models uses, a model
        without the values it needs, no u, or a value outside its range.

    Examples
    --------
    >>> from pitcheig.sweep import grid
    >>> points = grid(["flat", "peak"], eps=[1e-3], a=[1e-4, 1e-2], u=[0.0, 0.1])
    >>> len(points)
    6
    >>> points[0]
    {'model': 'flat', 'ends': 'none', 'eps': None, 'a': None, 'u': 0.0, 'delta': None}
    >>> points[-1]
    {'model': 'peak', 'ends': 'both', 'eps': 0.001, 'a': 0.01, 'u': 0.1, 'delta': None}
    >>> p = grid(["physical"], eps=[1e-3])[0]
    >>> print(f"{p['a']:.6e}")                          # eq. (11) at delta = 1e-4
    1.203997e-04
    """
    from .models import MODEL_PARAMETERS, make_model

    models = list(models)
    if not models:
        raise ParameterError("model: give at least one of " + ", ".join(MODELS))
    for name in models:
        check_choice("model", name, MODELS)
    given = {"eps": eps, "a": a, "ends": ends, "delta": delta}
    for key, value in given.items():
        if value is not None and not any(key in MODEL_PARAMETERS[m] for m in models):
            raise ParameterError(f"{key} is not used by model(s) {', '.join(models)}")
    speeds = [float(check_u(x)) for x in u]
    if not speeds:
        raise ParameterError("u: no values given")
    points = []
    for name in models:
        used = MODEL_PARAMETERS[name]
        by_model: dict[str, list[tuple[float | None, float | None]]] = {
            "flat": [(None, None)], "peak": [(e, x) for e in eps or () for x in a or ()],
            "physical": [(e, None) for e in eps or ()]}
        combos = by_model[name]
        if not combos:
            raise ParameterError(f"model {name!r} needs {' and '.join(k for k in ('eps', 'a') if k in used)} values")
        for e, x in combos:
            options: dict[str, Any] = {key: value for key, value in (("eps", e), ("a", x), ("ends", ends),
                                                                     ("delta", delta))
                                       if key in used and value is not None}
            model = make_model(name, **options)            # validates eps, a, delta, ends
            for speed in speeds:
                points.append({"model": name, "ends": model.ends if hasattr(model, "ends") else "none",
                               "eps": getattr(model, "eps", None), "a": getattr(model, "a", None), "u": speed,
                               "delta": getattr(model, "delta", None)})
    return points


def point_key(point, k, tol):
    """The key of the row a point gives with these settings (sweep_store.row_key)."""
    return row_key({**point, "k": k, "tol": tol, **SOLVER})


# --- one solve ----------------------------------------------------------------

class PointTimeout(Exception):
    """A point ran past its alarm (the backstop of the cooperative time budget)."""


@contextlib.contextmanager
def _alarm(seconds):
    """Raise PointTimeout in this thread after ``seconds`` (only in a process's main
    thread, where signals are delivered: local workers; Dask runs tasks in threads
    and relies on the solver's own max_seconds)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def ring(signum, frame):
        raise PointTimeout

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def failed_row(point, k, tol, message):
    """The row of a point that could not be solved (every column, numbers NaN)."""
    row = {name: math.nan for name in columns(k)}
    row.update({name: point.get(name) for name in POINT})
    row.update(k=k, tol=tol, **SOLVER, unknowns=0, seconds=0.0, status="failed", message=message)
    return row


def solve_point(point: Point, k: int = 2, tol: float = TOL, point_timeout: float = POINT_TIMEOUT) -> Row:
    """One row of a sweep: the eigenvalues of one point, or the error that stopped it.

    Solves eq. (15) of Malkov et al. (2010) for the point's model and u with the
    adaptive Galerkin solver, ``eigs(model, u, k, tol, function_tol=FUNCTION_TOL)``
    (``SOLVER``), and returns the row of the module docstring's columns: lambda and
    its error estimate for the labels +1, -1, ..., +k, -k, the unknowns, the seconds,
    the status ("ok", "not-converged" with the solver's reason, or "failed" with the
    error) and the message.  It never raises: whatever stops a point is recorded in
    its row, so that a sweep goes on.  The solve gets ``max_seconds = point_timeout``;
    a point that uses it all, or runs past the alarm at ALARM_FACTOR x point_timeout +
    ALARM_GRACE (1.5 point_timeout + 5 s; only in a process's main thread), is
    recorded as "failed" with a message starting "timeout:".  Deterministic: the same
    point and settings give the same numbers (not the same ``seconds``).

    Parameters
    ----------
    point : dict
        A point of :func:`grid`: ``model``, ``ends`` and ``u``, and ``eps``, ``a``,
        ``delta`` (None or NaN where the model has none).
    k : int, default 2
        Eigenvalues per side, in [1, 50].
    tol : float, default 1e-12
        Relative eigenvalue tolerance of eigs, in [1e-14, 1e-4].
    point_timeout : float, default 300
        Seconds the point may take, > 0.

    Returns
    -------
    dict
        The row: every column of the module docstring for this k (numbers NaN where
        not computed; ``k`` and ``tol`` as given, checked by eigs: a value out of
        range gives a "failed" row).

    Examples
    --------
    >>> from pitcheig.sweep import grid, solve_point
    >>> row = solve_point(grid(["flat"], u=[0.0])[0], k=1)
    >>> row["status"], row["unknowns"] > 0
    ('ok', True)
    >>> print(f"{row['lambda_+1']:.8f} {row['lambda_-1']:.8f}")     # eq. (17); the paper quotes 14.54
    14.52800341 -14.52800341
    >>> bool(row["error_+1"] < 1e-10)
    True
    """
    from .adaptivity import eigs
    from .models import make_model

    row = failed_row(point, k, tol, "")
    start = time.perf_counter()
    timeout = f"timeout: the point took more than point_timeout = {point_timeout:g} s"
    try:
        used = {"eps": point.get("eps"), "a": point.get("a"), "delta": point.get("delta"),
                "ends": None if point["ends"] == "none" else point["ends"]}
        model = make_model(point["model"], **{key: v for key, v in used.items()
                                              if v is not None and not (isinstance(v, float) and math.isnan(v))})
        with warnings.catch_warnings(), _alarm(ALARM_FACTOR * point_timeout + ALARM_GRACE):
            warnings.simplefilter("ignore", NotConvergedWarning)
            result = eigs(model, u=point["u"], k=k, tol=tol, function_tol=SOLVER["function_tol"],
                          max_seconds=point_timeout)
        if not result.converged and time.perf_counter() - start >= point_timeout:
            row["message"] = f"{timeout}: {result.message}"
        else:
            for pair in result.pairs:
                label = f"{pair.label:+d}"
                row[f"lambda_{label}"], row[f"error_{label}"] = pair.lam, pair.error_estimate
            row.update(unknowns=result.diagnostics.dofs,
                       status="ok" if result.converged else "not-converged", message=result.message)
    except PointTimeout:
        row["message"] = timeout
    except Exception as exc:   # noqa: BLE001 - a failing point is recorded, the sweep goes on
        row["message"] = f"{type(exc).__name__}: {exc}"
    row["seconds"] = time.perf_counter() - start
    return row


def warm_up():
    """Import the solver and run one small solve: a freshly spawned worker otherwise
    spends its first task (about 1 s) importing scipy, sympy and chebpy."""
    solve_point({"model": "flat", "ends": "none", "eps": None, "a": None, "u": 0.0, "delta": None}, 1, 1e-10)


def solve_chunk(points, k, tol, point_timeout=POINT_TIMEOUT):
    """Rows of a list of points (the unit of work sent to an executor)."""
    return [solve_point(p, k, tol, point_timeout) for p in points]


# --- executors ----------------------------------------------------------------

def _die_with_parent(parent):
    """Initializer of a local worker: it must not outlive the driver (a SIGKILLed
    driver cannot shut its pool down).  On Linux the kernel sends SIGKILL when the
    parent dies (prctl PR_SET_PDEATHSIG); everywhere a daemon thread checks the
    parent every WATCHDOG_SECONDS and exits when it is gone."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)          # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:                             # it died before prctl took effect
        os._exit(1)

    def watch():
        while True:
            time.sleep(WATCHDOG_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="pitcheig-parent-watchdog", daemon=True).start()


class _Local:
    """concurrent.futures over local processes that die with the driver."""

    death = (BrokenProcessPool,)

    def __init__(self, workers):
        self.workers = self.parallel = workers
        self.pool = self._pool()

    def _pool(self):
        return cf.ProcessPoolExecutor(max_workers=self.workers, initializer=_die_with_parent,
                                      initargs=(os.getpid(),))

    def submit(self, chunk, k, tol, point_timeout):
        return self.pool.submit(solve_chunk, chunk, k, tol, point_timeout)

    def restart(self):
        """A worker died: the pool is broken, start a new one."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._pool()

    def wait_first(self, pending):
        return cf.wait(pending, return_when=cf.FIRST_COMPLETED)

    def close(self):
        self.pool.shutdown(cancel_futures=True)


class _Dask:
    """dask.distributed: an existing scheduler, or a LocalCluster on loopback."""

    def __init__(self, scheduler=None, local_workers=None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ParameterError("scheduler: the Dask executors need dask.distributed "
                                 "(pip install 'pitcheig[sweep]')") from None
        self.cluster = None
        if local_workers:
            import dask

            environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}), **WORKER_ENVIRON)
            with dask.config.set({"distributed.nanny.pre-spawn-environ": environ, **WORKER_CONFIG}):
                self.cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise ParameterError(f"scheduler: cannot connect to {scheduler!r}: {exc}") from None
        self.client.run(warm_up)
        #: worker threads of the cluster (for the batch size)
        self.parallel = max(1, sum(self.client.nthreads().values()))

    def submit(self, chunk, k, tol, point_timeout):
        return self.client.submit(solve_chunk, chunk, k, tol, point_timeout, pure=False)

    def wait_first(self, pending):
        from dask.distributed import wait
        return wait(pending, return_when="FIRST_COMPLETED")

    @property
    def death(self):
        from distributed import KilledWorker
        return (KilledWorker,)

    def restart(self):
        """Dask replaces dead workers itself (and gives up on a task with KilledWorker)."""

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _executor(workers, scheduler, dask_local):
    if scheduler and dask_local:
        raise ParameterError("give either scheduler or dask_local, not both")
    if scheduler or dask_local:
        return _Dask(scheduler, dask_local)
    return _Local(workers)


# --- the driver ----------------------------------------------------------------

class _Progress:
    """count, rate and ETA on a terminal (stderr); silent otherwise."""

    def __init__(self, total, stream=None, enabled=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total, self.done, self.start = total, 0, time.perf_counter()

    def update(self, n):
        self.done += n
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else float("inf")
        self.stream.write(f"\r{self.done}/{self.total} points, {rate:.1f} solves/s, ETA {eta:.0f} s   ")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


class _Batches:
    """The batches of a sweep, made as they are needed: ``size`` points each if given,
    else the automatic size (see the module docstring).  :meth:`observe` takes the
    rows of every finished task: their "seconds" (measured inside the workers) give
    the solve-time estimate."""

    def __init__(self, points, parallel, size=None, target=TASK_SECONDS, window=ESTIMATE_ROWS,
                 in_flight=IN_FLIGHT):
        self.points, self.parallel, self.fixed = points, max(1, parallel), size
        self.target, self.in_flight = target, in_flight
        self.seconds = deque(maxlen=window)
        self.sent = self.tasks = 0

    def observe(self, rows):
        self.seconds.extend(max(0.0, float(r["seconds"])) for r in rows)

    def size(self):
        """Points in the next batch."""
        if self.fixed:
            return self.fixed
        if not self.seconds:                       # nothing measured yet: one point per task
            return 1
        mean = sum(self.seconds) / len(self.seconds)
        by_time = int(self.target / mean) if mean > 0 else BATCH_RANGE[1]
        share = math.ceil((len(self.points) - self.sent) / (self.in_flight * self.parallel))
        return max(1, min(by_time, share, BATCH_RANGE[1]))

    def __iter__(self):
        return self

    def __next__(self):
        if self.sent >= len(self.points):
            raise StopIteration
        batch = self.points[self.sent:self.sent + self.size()]
        self.sent += len(batch)
        self.tasks += 1
        return batch


def _results(executor, chunks, k, tol, point_timeout, in_flight):
    """Rows of every chunk (batch of points) as they finish, with a bounded number of
    tasks in flight (10^6 points never sit in memory as futures).  ``chunks`` is
    iterated lazily, one batch per free slot, so a :class:`_Batches` sizes each
    batch from the rows already yielded.

    A worker that dies (segfault, out of memory: BrokenProcessPool, KilledWorker)
    takes its tasks with it.  Their points become suspects and are solved one at a
    time, alone in flight, so a point that kills a worker again is identified and
    recorded as failed while every other point gets its numbers.
    """
    chunks, suspects, pending = iter(chunks), deque(), {}
    exhausted = False
    while not exhausted or suspects or pending:
        if suspects:                                  # isolate: one suspect, nothing else in flight
            if not pending:
                point = suspects.popleft()
                pending[executor.submit([point], k, tol, point_timeout)] = ([point], True)
        else:
            while not exhausted and len(pending) < in_flight:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                else:
                    pending[executor.submit(chunk, k, tol, point_timeout)] = (chunk, False)
        if not pending:
            continue
        done, _ = executor.wait_first(set(pending))
        died = False
        for future in done:
            chunk, alone = pending.pop(future)
            try:
                yield future.result()
            except executor.death as exc:
                died = True
                if alone:
                    yield [failed_row(chunk[0], k, tol, f"the worker process died solving this point "
                                                        f"({type(exc).__name__}: {exc})")]
                else:
                    suspects.extend(chunk)
        if died and isinstance(executor, _Local):
            for chunk, _ in pending.values():      # a broken pool fails every task in flight
                suspects.extend(chunk)
            pending.clear()
            executor.restart()


@dataclass
class SweepReport:
    """What a sweep did, as :func:`run_sweep` returns it.

    :func:`run_sweep` makes these; a user reads ``counts`` and ``rows``.

    Parameters
    ----------
    path : str
        The output file.
    keys : set of tuple
        The row keys (every parameter and setting of a row) of this sweep's points.
    counts : dict
        Status ("ok", "not-converged", "failed") -> number of this sweep's points, those
        found in the file included.
    other_rows : int
        Rows of other settings in the file, kept and not reused.
    computed : int
        Points solved by this call (the others were already in the file).
    tasks : int, default 0
        Batches sent to the executor, not counting re-runs of the points of a dead
        worker.

    Examples
    --------
    >>> import os, tempfile
    >>> from pitcheig.sweep import grid, run_sweep
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = os.path.join(tmp, "sweep.csv")
    ...     first = run_sweep(grid(["flat"], u=[0.0, 0.1]), out, k=1, workers=1)
    ...     again = run_sweep(grid(["flat"], u=[0.0, 0.1, 0.2]), out, k=1, workers=1)
    ...     rows = again.rows
    >>> first.computed, again.computed, again.counts, len(rows)
    (2, 1, {'ok': 3}, 3)
    """

    path: str
    keys: set[tuple[Any, ...]] = field(repr=False)
    counts: dict[str, int]
    other_rows: int
    computed: int
    tasks: int = 0

    @property
    def rows(self) -> list[Row]:
        """This sweep's rows, read back from the file now (other settings' rows left out)."""
        return [r for r in read_rows(self.path) if _safe_key(r) in self.keys]


def _safe_key(row):
    try:
        return row_key(row)
    except (KeyError, TypeError, ValueError):
        return None


def run_sweep(points: Iterable[Point], out: PathLike, k: int = 2, tol: float = TOL, workers: int | None = None,
              scheduler: str | None = None, dask_local: int | None = None, batch: int | None = None,
              progress: bool | None = None, point_timeout: float | None = POINT_TIMEOUT,
              chunk: int | None = None) -> SweepReport:
    """Solve eq. (15) at every point of a grid, in parallel, into a resumable file.

    Every point whose row is not already in ``out`` with these settings is solved by
    :func:`solve_point` (the adaptive Galerkin solver, eigenvalues lambda_(+1..+k) and
    lambda_(-1..-k) of eq. (15) of Malkov et al. 2010) on the executor chosen, and its
    row appended to ``out`` as soon as its batch finishes; a sweep started again skips
    the points already there (see the module docstring: executors, batches, storage
    and columns).  A point that fails, times out or does not converge is recorded with
    its status, and the sweep goes on; a worker that dies is replaced and the point
    that killed it recorded as failed.  Every argument is checked, and the output path
    tried, before any work.

    Parameters
    ----------
    points : iterable of dict
        From :func:`grid` (or dicts with model, ends, eps, a, u, delta); a repeated
        point is solved once.
    out : str or os.PathLike
        The output file, ``.csv`` or ``.parquet`` (needs pyarrow); created if missing,
        its rows of other settings kept.
    k : int, default 2
        Eigenvalues per side, in [1, 50] (as for eigs).
    tol : float, default 1e-12
        Relative eigenvalue tolerance, in [1e-14, 1e-4] (as for eigs).
    workers : int, optional
        Local worker processes, in [1, 1024] (default: the number of CPUs).
    scheduler : str, optional
        Address of a running dask.distributed scheduler, e.g. ``"tcp://host:8786"``
        (needs dask.distributed).
    dask_local : int, optional
        Start a dask LocalCluster on 127.0.0.1 with this many one-thread workers, in
        [1, 1024], for this sweep (not with ``scheduler``).
    batch : int, optional
        Points per task, in [1, 100000] (default: automatic, about TASK_SECONDS = 0.5 s
        of measured solve time per task, one point per task until the first rows are
        back, smaller batches at the end).
    progress : bool, optional
        Count, rate and ETA on stderr: None (default) only if stderr is a terminal.
    point_timeout : float or None, default 300
        Seconds per point (each point of a batch has its own), in [1e-3, 1e6]; None
        means the default.
    chunk : int, optional
        The same as ``batch`` (its former name, the CLI's ``--chunk``).

    Returns
    -------
    SweepReport
        ``counts`` by status of this sweep's points, ``computed`` (points solved now),
        ``other_rows``, ``tasks`` and ``rows`` (this sweep's rows, read from the file).

    Raises
    ------
    ParameterError
        Before any work: a bad suffix or an output path that cannot be written, an
        argument out of range, both ``scheduler`` and ``dask_local``, ``batch`` and
        ``chunk`` that differ, a file that is not a sweep with these k, dask missing,
        or a scheduler that cannot be reached.

    Examples
    --------
    >>> import os, tempfile
    >>> from pitcheig.sweep import grid, run_sweep
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     report = run_sweep(grid(["flat"], u=[0.0, 0.1]), os.path.join(tmp, "sweep.csv"), k=1, workers=1)
    ...     rows = report.rows
    >>> report.counts, report.computed
    ({'ok': 2}, 2)
    >>> [f"{row['u']:g}: {row['lambda_+1']:.6f}" for row in sorted(rows, key=lambda row: row["u"])]
    ['0: 14.528003', '0.1: 11.641925']
    """
    output_format(out)
    check_output_file("out", out, FORMATS)
    check_output_file("out", journal_path(out), (".jsonl",))
    k = check_int("k", k, 1, 50)
    tol = check_real("tol", tol, *TOL_RANGE)
    workers = check_int("workers", workers if workers is not None else (os.cpu_count() or 1), 1, 1024)
    if dask_local is not None:
        dask_local = check_int("dask_local", dask_local, 1, 1024)
    if batch is not None:
        batch = check_int("batch", batch, *BATCH_RANGE)
    if chunk is not None:
        chunk = check_int("chunk", chunk, *BATCH_RANGE)
        if batch is not None and batch != chunk:
            raise ParameterError(f"batch: give batch or chunk (the same), not both ({batch} and {chunk})")
        batch = chunk
    point_timeout = check_real("point_timeout", POINT_TIMEOUT if point_timeout is None else point_timeout,
                               *POINT_TIMEOUT_RANGE)
    store = open_store(out, k)
    keys, todo = set(), []
    for p in points:                                 # a grid may repeat a point
        key = point_key(p, k, tol)
        if key not in keys:
            keys.add(key)
            if key not in store.status:
                todo.append(p)
    finished = False
    tasks = 0
    try:
        if todo:
            meter = _Progress(len(todo), enabled=progress)
            executor = _executor(workers, scheduler, dask_local)
            try:
                batches = _Batches(todo, executor.parallel, batch)
                for rows in _results(executor, batches, k, tol, point_timeout, IN_FLIGHT * executor.parallel):
                    store.append(rows)
                    for row in rows:
                        store.status[row_key(row)] = row["status"]
                    batches.observe(rows)
                    meter.update(len(rows))
                tasks = batches.tasks
            finally:
                executor.close()
        finished = True
    finally:
        store.close(finished)
    counts: dict[str, int] = {}
    for key in keys:
        status = store.status[key]
        counts[status] = counts.get(status, 0) + 1
    other = sum(1 for key in store.status if key not in keys)
    return SweepReport(path=str(out), keys=keys, counts=counts, other_rows=other, computed=len(todo), tasks=tasks)


def read_rows(path: PathLike, strict: bool = False) -> list[Row]:
    """Every row of a sweep file (.parquet or .csv), with the rows of its unfinished journal.

    Reads what :func:`run_sweep` wrote, also while it runs or after it was
    interrupted (the journal of a Parquet sweep holds the rows not yet in the file).
    Rows are dicts of the columns of the module docstring, in completion order;
    missing numbers (eps, a, delta where the model has none, the numbers of a
    failed point) are NaN whatever the format.  It calls
    ``pitcheig.sweep_store.read_rows`` (the storage layer).

    Parameters
    ----------
    path : str or os.PathLike
        The sweep file, ending in .parquet or .csv.
    strict : bool, default False
        If True, a file that is missing, empty, damaged or not a sweep is a
        ParameterError; if False, a missing file gives no rows.

    Returns
    -------
    list of dict
        The rows of every setting in the file (:attr:`SweepReport.rows` keeps one
        sweep's).

    Raises
    ------
    ParameterError
        If the suffix is neither .parquet nor .csv, if a .parquet file is asked for
        without pyarrow, or (``strict``) if the file is missing or not a sweep.

    Examples
    --------
    >>> import os, tempfile
    >>> from pitcheig.sweep import grid, read_rows, run_sweep, summary
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = os.path.join(tmp, "sweep.csv")
    ...     _ = run_sweep(grid(["flat"], u=[0.0, 0.1]), out, k=1, workers=1)
    ...     rows = read_rows(out)
    >>> summary(rows), sorted(row["u"] for row in rows)
    ({'ok': 2}, [0.0, 0.1])
    >>> print(f"{rows[0]['eps']}")                       # the flat model has no eps
    nan
    """
    return sweep_store.read_rows(path, strict)


def summary(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many rows of a sweep have each status.

    Parameters
    ----------
    rows : iterable of dict
        Rows of a sweep (:func:`read_rows`, :attr:`SweepReport.rows`), each with a
        ``status``: "ok", "not-converged" or "failed".

    Returns
    -------
    dict
        Status -> count, in order of first appearance, e.g.
        ``{'ok': 398, 'not-converged': 1, 'failed': 1}``; empty for no rows.

    Examples
    --------
    >>> from pitcheig.sweep import summary
    >>> summary([{"status": "ok"}, {"status": "failed"}, {"status": "ok"}])
    {'ok': 2, 'failed': 1}
    """
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return counts
