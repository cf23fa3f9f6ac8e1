"""Parameter sweeps: one eigen-solve per point of a grid over (model, ends, eps, a, u),
on local processes by default or on a Dask cluster, never losing finished work.

    rows = run_sweep(grid(["peak"], eps=[1e-3, 1e-4], a=[1e-4], u=[0.0]), "sweep.parquet")

Executors (the same points give bit-identical rows on each: every solve is
deterministic, with one BLAS thread and a fixed Lanczos start vector):

* ``workers=N`` (default: the number of CPUs): a pool of N local processes;
  ``workers=1`` is the same pool with one process;
* ``dask_local=N``: a ``dask.distributed.LocalCluster`` of N one-thread worker
  processes started on loopback (127.0.0.1) for the sweep and closed after it;
* ``scheduler="tcp://host:8786"``: an existing ``dask.distributed`` scheduler.

Points are sent in chunks of about CHUNK_SECONDS of work, so the executor's
per-task cost (milliseconds for Dask) stays a small part of the solve time
(studies/bench_sweep.py measures it).

Never losing work.  Every finished row is appended at once to a journal next to
the output (``OUT.journal.jsonl``, one JSON object per line, flushed and
fsynced; JSON floats round-trip exactly).  At the end the output file is
rewritten atomically from the rows already in it plus the journal, sorted
by point, and the journal is removed.  A sweep that is started again skips
every point already in the output or the journal, so an interrupted sweep
resumes, and a finished one computes nothing.  A point whose solve raises is
recorded with status "failed" and the error message; an unconverged one
with status "not-converged", its numbers and the solver's reason.

Output format by suffix: ``.parquet`` (pyarrow) or ``.csv`` (17 significant
digits, exact).  Columns: model, ends, eps, a, u, k, tol, then lambda_+1,
error_+1, lambda_-1, error_-1, ..., lambda_-k, error_-k, unknowns, seconds,
status, message.  eps and a are empty (NaN) where the model has none (flat);
for model physical, a is the value eq. (11) gives.
"""

import concurrent.futures as cf
import csv
import json
import math
import os
import sys
import time
import warnings
from collections import deque
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from .errors import NotConvergedWarning, ParameterError
from .validation import check_choice, check_int, check_real

PARAMETERS = ("model", "ends", "eps", "a", "u")
MODELS = ("flat", "peak", "physical")
#: Target work per task sent to an executor (seconds), from a solve-time guess
#: (0.25, 0.5 and 1 s gave the same overheads within noise in studies/bench_sweep.py).
CHUNK_SECONDS = 0.5
SOLVE_SECONDS_GUESS = 0.04
#: Tasks kept in flight per worker (the rest wait in the driver).
IN_FLIGHT = 4
FORMATS = (".parquet", ".csv")
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


def grid(models, eps=(), a=(), u=(0.0,), ends="both", delta=1e-4):
    """The points of a sweep: every model with every combination of its parameters.

    flat ignores eps and a (one point per u); peak takes eps x a; physical takes
    eps (a from eq. 11 with ``delta``).  Values are checked against the models'
    ranges here, so a bad grid fails before any work (ParameterError)."""
    from .models import make_model

    check_choice("ends", ends, ("both", "+1", "-1"))
    points = []
    for name in models:
        check_choice("model", name, MODELS)
        if name == "flat":
            combos = [(None, None)]
        elif name == "peak":
            combos = [(e, x) for e in eps for x in a]
        else:
            combos = [(e, None) for e in eps]
        if not combos:
            needs = "eps and a" if name == "peak" else "eps"
            raise ParameterError(f"model '{name}' needs {needs} values")
        for e, x in combos:
            model = make_model(name, eps=e, a=x, delta=delta, ends=ends)    # validates eps and a
            a_value = getattr(model, "a", None)
            for speed in u:
                check_real("u", speed, -0.5, 0.5)
                points.append({"model": name, "ends": ends if name != "flat" else "none",
                               "eps": e, "a": a_value, "u": float(speed), "delta": delta})
    return points


def point_key(row):
    """Identity of a point (NaN/None eps and a compare equal)."""
    def norm(x):
        return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)
    return (row["model"], row["ends"], norm(row["eps"]), norm(row["a"]), float(row["u"]))


# --- one solve ----------------------------------------------------------------

def columns(k):
    """Column names of a sweep with k eigenvalues per side."""
    eig = []
    for j in range(1, k + 1):
        for label in (f"+{j}", f"-{j}"):
            eig += [f"lambda_{label}", f"error_{label}"]
    return [*PARAMETERS, "k", "tol", *eig, "unknowns", "seconds", "status", "message"]


def failed_row(point, k, tol, message):
    """The row of a point that could not be solved (every column, numbers NaN)."""
    row = {name: math.nan for name in columns(k)}
    row.update({name: point.get(name) for name in PARAMETERS})
    row.update(k=k, tol=tol, unknowns=0, seconds=0.0, status="failed", message=message)
    return row


def solve_point(point, k=2, tol=1e-12):
    """One row: the eigenvalues of one point, or the error that stopped it (never raises)."""
    from .adaptivity import eigs
    from .models import make_model

    row = failed_row(point, k, tol, "")
    start = time.perf_counter()
    try:
        model = make_model(point["model"], eps=point.get("eps"), a=point.get("a"),
                           delta=point.get("delta", 1e-4),
                           ends=point["ends"] if point["ends"] != "none" else "both")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotConvergedWarning)
            result = eigs(model, u=point["u"], k=k, tol=tol)
        for pair in result.pairs:
            label = f"{pair.label:+d}"
            row[f"lambda_{label}"], row[f"error_{label}"] = pair.lam, pair.error_estimate
        row.update(unknowns=result.diagnostics.dofs,
                   status="ok" if result.converged else "not-converged", message=result.message)
    except Exception as exc:   # noqa: BLE001 - a failing point is recorded, the sweep goes on
        row["message"] = f"{type(exc).__name__}: {exc}"
    row["seconds"] = time.perf_counter() - start
    return row


def warm_up():
    """Import the solver and run one small solve: a freshly spawned worker otherwise
    spends its first task (about 1 s) importing scipy, sympy and chebpy."""
    solve_point({"model": "flat", "ends": "none", "eps": None, "a": None, "u": 0.0}, 1, 1e-10)


def solve_chunk(points, k, tol):
    """Rows of a list of points (the unit of work sent to an executor)."""
    return [solve_point(p, k, tol) for p in points]


# --- storage ------------------------------------------------------------------

def output_format(path):
    suffix = os.path.splitext(str(path))[1].lower()
    if suffix not in FORMATS:
        raise ParameterError(f"out must end in .parquet or .csv, got {str(path)!r}")
    if suffix == ".parquet":
        _pyarrow()
    return suffix


def journal_path(path):
    return f"{path}.journal.jsonl"


def read_rows(path):
    """Rows of a sweep file (.parquet or .csv) as dicts, plus its unfinished journal."""
    rows = []
    if os.path.exists(path):
        rows = _read_parquet(path) if output_format(path) == ".parquet" else _read_csv(path)
    journal = journal_path(path)
    if os.path.exists(journal):
        with open(journal) as fh:
            for line in fh:
                line = line.strip()
                if line:
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError:
                        pass       # a line cut by the interruption: that point is redone
    return rows


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ParameterError("out: .parquet needs pyarrow (pip install 'pitcheig[sweep]'); "
                             "or use .csv") from None
    return pyarrow, pyarrow.parquet


def _read_parquet(path):
    _, pq = _pyarrow()

    return pq.read_table(path).to_pylist()


def _read_csv(path):
    with open(path, newline="") as fh:
        return [_typed(row) for row in csv.DictReader(fh)]


def _typed(row):
    out = {}
    for name, text in row.items():
        if name in ("model", "ends", "status", "message"):
            out[name] = text
        elif name in ("k", "unknowns"):
            out[name] = int(text)
        else:
            out[name] = float(text) if text != "" else math.nan
    return out


def write_rows(path, rows, k):
    """Write all rows atomically (temporary file, then rename)."""
    names = columns(k)
    tmp = f"{path}.tmp"
    if output_format(path) == ".parquet":
        pa, pq = _pyarrow()

        clean = [{n: _nan_to_none(r.get(n)) for n in names} for r in rows]
        pq.write_table(pa.Table.from_pylist(clean, schema=_schema(k)), tmp)
    else:
        with open(tmp, "w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(names)
            for r in rows:
                writer.writerow([_csv_cell(r.get(n)) for n in names])
    os.replace(tmp, path)


def _schema(k):
    pa, _ = _pyarrow()

    fields = []
    for name in columns(k):
        if name in ("model", "ends", "status", "message"):
            fields.append(pa.field(name, pa.string()))
        elif name in ("k", "unknowns"):
            fields.append(pa.field(name, pa.int64()))
        else:
            fields.append(pa.field(name, pa.float64()))
    return pa.schema(fields)


def _nan_to_none(x):
    return None if isinstance(x, float) and math.isnan(x) else x


def _csv_cell(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return repr(float(x)) if isinstance(x, float) else str(x)


# --- executors ----------------------------------------------------------------

class _Local:
    """concurrent.futures over local processes."""

    death = (BrokenProcessPool,)

    def __init__(self, workers):
        self.workers = workers
        self.pool = cf.ProcessPoolExecutor(max_workers=workers)

    def submit(self, chunk, k, tol):
        return self.pool.submit(solve_chunk, chunk, k, tol)

    def restart(self):
        """A worker died: the pool is broken, start a new one."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = cf.ProcessPoolExecutor(max_workers=self.workers)

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
            self.client.run(warm_up)
        else:
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise ParameterError(f"scheduler: cannot connect to {scheduler!r}: {exc}") from None
            self.client.run(warm_up)

    def submit(self, chunk, k, tol):
        return self.client.submit(solve_chunk, chunk, k, tol, pure=False)



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


def _end_cut_line(path, journal):
    """An interrupted write can leave a last line without its newline: end it, so the
    rows appended now start on a line of their own (the cut line is skipped on reading)."""
    if os.path.getsize(path) > 0:
        with open(path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) != b"\n":
                journal.write("\n")


def chunked(points, size):
    return [points[i:i + size] for i in range(0, len(points), size)]


def _results(executor, chunks, k, tol, in_flight):
    """Rows of every chunk as they finish, with a bounded number of tasks in flight
    (10^6 points never sit in memory as futures).

    A worker that dies (segfault, out of memory: BrokenProcessPool, KilledWorker)
    takes its tasks with it.  Their points become suspects and are solved one at a
    time, alone in flight, so a point that kills a worker again is identified and
    recorded as failed while every other point gets its numbers.
    """
    queue, suspects, pending = deque(chunks), deque(), {}
    while queue or suspects or pending:
        if suspects:                                  # isolate: one suspect, nothing else in flight
            if not pending:
                point = suspects.popleft()
                pending[executor.submit([point], k, tol)] = ([point], True)
        else:
            while queue and len(pending) < in_flight:
                chunk = queue.popleft()
                pending[executor.submit(chunk, k, tol)] = (chunk, False)
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


def run_sweep(points, out, k=2, tol=1e-12, workers=None, scheduler=None, dask_local=None, chunk=None,
              progress=None):
    """Solve every point not already in ``out`` and write ``out``; returns all its rows.

    points: from :func:`grid` (or dicts with model, ends, eps, a, u);
    k, tol: as for eigs; workers: local processes (default: CPU count);
    scheduler: address of a running dask.distributed scheduler; dask_local: start
    a LocalCluster with this many workers; chunk: points per task (default about
    CHUNK_SECONDS of work); progress: None (only on a terminal), True or False.
    """
    output_format(out)
    k = check_int("k", k, 1, 50)
    tol = check_real("tol", tol, 1e-14, 1e-4)
    workers = check_int("workers", workers if workers is not None else (os.cpu_count() or 1), 1, 1024)
    if dask_local is not None:
        dask_local = check_int("dask_local", dask_local, 1, 1024)
    existing = read_rows(out)
    for row in existing:
        if int(row.get("k", k)) != k:
            raise ParameterError(f"out: {out!r} holds a sweep with k={row['k']}, not k={k}; "
                                 "choose another file")
    done = {point_key(r) for r in existing}
    todo = [p for p in points if point_key(p) not in done]
    seen, unique = set(), []
    for p in todo:                                   # a grid may repeat a point
        if point_key(p) not in seen:
            seen.add(point_key(p))
            unique.append(p)
    if unique:
        size = chunk or max(1, int(CHUNK_SECONDS / SOLVE_SECONDS_GUESS))
        size = min(size, max(1, math.ceil(len(unique) / (IN_FLIGHT * max(workers, dask_local or 1)))))
        meter = _Progress(len(unique), enabled=progress)
        executor = _executor(workers, scheduler, dask_local)
        try:
            with open(journal_path(out), "a") as journal:
                _end_cut_line(journal_path(out), journal)
                for rows in _results(executor, chunked(unique, size), k, tol,
                                     IN_FLIGHT * max(workers, dask_local or 1)):
                    for row in rows:
                        journal.write(json.dumps(row) + "\n")
                    journal.flush()
                    os.fsync(journal.fileno())
                    meter.update(len(rows))
        finally:
            executor.close()
    rows = list({point_key(r): r for r in read_rows(out)}.values())   # the last copy of a point wins
    rows.sort(key=lambda r: tuple((x is None, x) for x in point_key(r)))
    if unique or os.path.exists(journal_path(out)):
        write_rows(out, rows, k)
        if os.path.exists(journal_path(out)):
            os.remove(journal_path(out))
    return [_normalise_row(r) for r in read_rows(out)]


def _normalise_row(row):
    """Missing numbers as NaN whatever the file format (parquet stores them as null)."""
    text = ("model", "ends", "status", "message")
    return {name: (math.nan if value is None and name not in text else value) for name, value in row.items()}


def summary(rows):
    """Counts by status, e.g. {'ok': 398, 'not-converged': 1, 'failed': 1}."""
    counts = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return counts
