"""Parameter sweeps: one eigen-solve per point of a grid over (model, ends, eps, a, u),
on local processes by default or on a Dask cluster, never losing finished work.

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
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

import numpy as np

from .adaptivity import FUNCTION_TOL, TOL, TOL_RANGE
from .errors import NotConvergedWarning, ParameterError
from .problem import check_u
from .sweep_store import (FORMATS, POINT, columns, journal_path, open_store, output_format, read_rows,
                          row_key, write_rows)
from .validation import check_choice, check_int, check_output_file, check_real

__all__ = ["grid", "parse_values", "run_sweep", "read_rows", "write_rows", "solve_point", "journal_path",
           "output_format", "columns", "summary", "SweepReport"]

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

def parse_values(name, text):
    """Numbers from the command line: a comma-separated list ``1e-2,1e-3``, or a range
    ``start:stop:count`` (``count`` points, linear) or ``start:stop:countlog``
    (geometric, start and stop > 0), both ends included; ranges and numbers can be
    mixed in one list (``0,1e-3:1e-1:3log``)."""
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


def grid(models, eps=None, a=None, u=(0.0,), ends=None, delta=None):
    """The points of a sweep: every model with every combination of its parameters.

    flat takes one point per u; peak takes eps x a; physical takes eps (a from
    eq. 11 with ``delta``, default 1e-4).  ``ends`` (default "both") applies to peak
    and physical.  A parameter that none of the models uses is refused, not
    ignored, and every value is checked against the models' ranges here, so a bad
    grid fails before any work (ParameterError)."""
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
        combos = {"flat": [(None, None)], "peak": [(e, x) for e in eps or () for x in a or ()],
                  "physical": [(e, None) for e in eps or ()]}[name]
        if not combos:
            raise ParameterError(f"model {name!r} needs {' and '.join(k for k in ('eps', 'a') if k in used)} values")
        for e, x in combos:
            options = {key: value for key, value in (("eps", e), ("a", x), ("ends", ends), ("delta", delta))
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


def solve_point(point, k=2, tol=TOL, point_timeout=POINT_TIMEOUT):
    """One row: the eigenvalues of one point, or the error that stopped it (never raises).

    The solve gets max_seconds = point_timeout; a point that uses it all, or runs
    past the alarm at ALARM_FACTOR x point_timeout + ALARM_GRACE, is recorded as
    status "failed" with a message starting "timeout:"."""
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
    """What a sweep did: ``counts`` by status of its points, ``other_rows`` (rows of other
    settings in the file, kept and not reused), ``computed`` (points solved now),
    ``tasks`` (batches sent to the executor, not counting re-runs of the points of a
    dead worker), and ``rows`` (this sweep's rows, read back from the file when asked
    for)."""

    path: str
    keys: set = field(repr=False)
    counts: dict
    other_rows: int
    computed: int
    tasks: int = 0

    @property
    def rows(self):
        return [r for r in read_rows(self.path) if _safe_key(r) in self.keys]


def _safe_key(row):
    try:
        return row_key(row)
    except (KeyError, TypeError, ValueError):
        return None


def run_sweep(points, out, k=2, tol=TOL, workers=None, scheduler=None, dask_local=None, batch=None,
              progress=None, point_timeout=POINT_TIMEOUT, chunk=None):
    """Solve every point whose row is not already in ``out`` with these settings; returns a
    SweepReport.

    points: from :func:`grid` (or dicts with model, ends, eps, a, u, delta);
    k, tol: as for eigs; workers: local processes (default: CPU count);
    scheduler: address of a running dask.distributed scheduler; dask_local: start
    a LocalCluster with this many workers; batch: points per task, in [1, 100000]
    (default: automatic, about TASK_SECONDS of measured solve time per task, one
    point per task until the first rows are back, smaller batches at the end; see
    the module docstring); chunk: the same as batch (its former name, the CLI's
    ``--chunk``); progress: None (only on a terminal), True or False;
    point_timeout: seconds per point (each point of a batch has its own), in
    [1e-3, 1e6] (None: 300).  Every argument is checked, and the output path
    tried, before any work.
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
    counts = {}
    for key in keys:
        status = store.status[key]
        counts[status] = counts.get(status, 0) + 1
    other = sum(1 for key in store.status if key not in keys)
    return SweepReport(path=str(out), keys=keys, counts=counts, other_rows=other, computed=len(todo), tasks=tasks)


def summary(rows):
    """Counts by status, e.g. {'ok': 398, 'not-converged': 1, 'failed': 1}."""
    counts = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return counts
