"""Parameter sweeps (solver/sweep.py, solver/sweep_store.py): grids, executors, failures,
resume, the CLI.

The numbers of a sweep are eigs() results (tested elsewhere against independent
references); here what is checked is that every executor gives the *same* numbers,
that no work is lost, redone or wrongly reused, and that failures are recorded.
"""

import io
import json
import math
import os
import signal
import subprocess
import sys
import time

import pytest

from pitcheig import Peak, eigs
from pitcheig.errors import ParameterError
from pitcheig.sweep import (_Batches, _Progress, grid, journal_path, parse_values, read_rows, row_key, run_sweep,
                            solve_chunk, solve_point, write_rows)

SMALL = dict(models=["peak", "flat"], eps=[1e-3, 1e-2], a=[1e-4, 1e-1], u=[0.0, 0.01], ends="+1")


def test_parse_values_lists_and_ranges():
    assert parse_values("eps", "1e-2,1e-3") == [1e-2, 1e-3]
    assert parse_values("eps", "1e-4:1e-1:4log") == pytest.approx([1e-4, 1e-3, 1e-2, 1e-1], rel=1e-14)
    assert parse_values("u", "0:0.1:3") == pytest.approx([0.0, 0.05, 0.1], abs=1e-15)
    assert parse_values("u", "0, 1e-3:1e-1:3log") == pytest.approx([0.0, 1e-3, 1e-2, 1e-1], rel=1e-14)
    assert parse_values("u", "-0.1,0") == [-0.1, 0.0]


@pytest.mark.parametrize("text", ["", "nan", "1e-3,abc", "0:1e-1:3log", "1:2:x", "1:2", "1:2:0"])
def test_parse_values_rejects_bad_text(text):
    with pytest.raises(ParameterError, match="eps"):
        parse_values("eps", text)


def test_grid_sizes_and_validation():
    points = grid(**SMALL)
    assert len(points) == 2 * 2 * 2 + 2          # peak: eps x a x u; flat: u
    physical = grid(["physical"], eps=[2.1e-3], u=[0.0])
    assert physical[0]["a"] == pytest.approx(1.1880264716989e-4, rel=1e-10)   # eq. (11), delta = 1e-4
    with pytest.raises(ParameterError, match="eps"):
        grid(["peak"], eps=[0.5], a=[1e-3])      # b >= 1
    with pytest.raises(ParameterError, match="model"):
        grid(["bogus"], eps=[1e-3])
    with pytest.raises(ParameterError, match="model"):
        grid([], eps=[1e-3])
    # a parameter that no requested model uses is refused, not ignored
    with pytest.raises(ParameterError, match="eps is not used"):
        grid(["flat"], eps=[1e-3])
    with pytest.raises(ParameterError, match="delta is not used"):
        grid(["peak"], eps=[1e-3], a=[1e-3], delta=1e-5)
    assert len(grid(["peak", "flat"], eps=[1e-3], a=[1e-3], u=[0.0])) == 2


def strip_seconds(rows):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in rows]


def same_rows(a, b):
    def eq(x, y):
        return x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
    key = lambda r: (r["model"], r["u"], str(r["eps"]), str(r["a"]))   # noqa: E731
    a, b = sorted(strip_seconds(a), key=key), sorted(strip_seconds(b), key=key)
    return len(a) == len(b) and all(set(r) == set(s) and all(eq(r[k], s[k]) for k in r) for r, s in zip(a, b))


def test_default_executor_and_local_dask_cluster_give_identical_numbers(tmp_path):
    pytest.importorskip("dask.distributed")
    points = grid(**SMALL)
    local = run_sweep(points, str(tmp_path / "local.csv"), workers=2).rows
    dask = run_sweep(points, str(tmp_path / "dask.parquet"), dask_local=2).rows
    assert same_rows(local, dask)
    assert all(r["status"] == "ok" for r in local) and len(local) == len(points)
    # and the numbers are eigs() itself (bit for bit: the solve is deterministic)
    row = next(r for r in local
               if r["model"] == "peak" and r["eps"] == 1e-3 and r["a"] == 1e-4 and r["u"] == 0)
    assert row["lambda_+1"] == eigs(Peak(1e-3, 1e-4, "+1"), u=0.0, k=2).eigenvalue(1)
    assert row["method"] == "galerkin" and row["function_tol"] == 1e-12 and row["tol"] == 1e-12


def test_failing_point_is_recorded_and_the_sweep_goes_on(tmp_path):
    good = grid(["flat"], u=[0.0])
    bad = {"model": "peak", "ends": "+1", "eps": 0.5, "a": 1e-3, "u": 0.0, "delta": None}   # b >= 1: raises
    report = run_sweep(good + [bad], str(tmp_path / "s.csv"), workers=1)
    by_status = {r["status"]: r for r in report.rows}
    assert set(by_status) == {"ok", "failed"} and report.counts == {"ok": 1, "failed": 1}
    assert "eps" in by_status["failed"]["message"] and math.isnan(by_status["failed"]["lambda_+1"])


def test_a_point_past_its_timeout_is_recorded_as_failed():
    # point_timeout 1 ms: the solve's own time budget runs out before its first solve
    row = solve_point({"model": "flat", "ends": "none", "eps": None, "a": None, "u": 0.2, "delta": None},
                      point_timeout=1e-3)
    assert row["status"] == "failed" and row["message"].startswith("timeout:")
    assert math.isnan(row["lambda_+1"])


def test_batched_sweeps_give_the_rows_of_the_unbatched_one(tmp_path):
    """Batches change how points travel, not what is computed: one point per task, three,
    and the automatic size give the same keys and the same numbers (bit for bit)."""
    points = grid(**SMALL)
    reports = {batch: run_sweep(points, str(tmp_path / f"s{batch}.csv"), workers=2, batch=batch)
               for batch in (1, 3, None)}
    assert reports[1].tasks == len(points) and reports[3].tasks == math.ceil(len(points) / 3)
    assert reports[None].tasks <= len(points)
    rows = {batch: report.rows for batch, report in reports.items()}
    keys = {batch: sorted(map(row_key, r)) for batch, r in rows.items()}
    assert keys[1] == keys[3] == keys[None] and len(keys[1]) == len(points) == len(set(keys[1]))
    assert same_rows(rows[1], rows[3]) and same_rows(rows[1], rows[None])
    assert all(r["status"] == "ok" for r in rows[1])


def test_automatic_batch_size_follows_the_measured_solve_time():
    points = list(range(1000))
    batches = _Batches(points, parallel=2, target=0.5, window=10, in_flight=4)
    assert len(next(batches)) == 1 and len(next(batches)) == 1          # nothing measured yet
    batches.observe([{"seconds": 0.01}] * 10)                             # 50 solves per 0.5 s
    assert batches.size() == 50
    batches.observe([{"seconds": 0.1}] * 10)                              # a costlier part of the grid
    assert batches.size() == 5
    batches.observe([{"seconds": 1e-4}] * 10)                             # cheap: the share of the rest bounds it
    assert batches.size() == math.ceil(998 / 8)
    sent = [2] + [len(b) for b in batches]
    assert sum(sent) == len(points) and sent[-1] == 1 and max(sent[-5:]) <= 2    # shrinking at the end
    assert batches.tasks == len(sent) + 1
    fixed = _Batches(points[:7], parallel=2, size=3)
    assert [len(b) for b in fixed] == [3, 3, 1] and fixed.tasks == 3
    again = _Batches(points, parallel=1)
    assert [x for b in again for x in b] == points                        # each point once, in order


SLOW_U = 0.02


def _slow_at_u_002(model, u, **kwargs):
    """Stands in for eigs: the point u = 0.02 uses up its time budget (like a solve that
    does not finish in time) and then stops, unconverged; the others are solved."""
    if u == SLOW_U:
        time.sleep(kwargs["max_seconds"])
        kwargs["max_seconds"] = 1e-3
    return ORIGINAL_EIGS(model, u=u, **kwargs)


def _stuck_at_u_002(model, u, **kwargs):
    """Stands in for eigs: the point u = 0.02 ignores its time budget (a step that never
    returns), so only the alarm can stop it."""
    if u == SLOW_U:
        time.sleep(30)
    return ORIGINAL_EIGS(model, u=u, **kwargs)


ORIGINAL_EIGS = None


def test_a_timeout_inside_a_batch_fails_that_point_only(tmp_path, monkeypatch):
    """One task of six points, one of which runs out of its point_timeout: it is recorded
    as a timeout, the five others of its batch get their numbers, and it took about
    its own timeout, not more."""
    import multiprocessing

    from pitcheig import adaptivity
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the stand-in reaches the workers only through fork")
    global ORIGINAL_EIGS
    ORIGINAL_EIGS = adaptivity.eigs
    monkeypatch.setattr(adaptivity, "eigs", _slow_at_u_002)
    points = grid(["flat"], u=[0.0, 0.01, SLOW_U, 0.03, 0.04, 0.05])
    report = run_sweep(points, str(tmp_path / "s.csv"), workers=1, batch=6, point_timeout=0.5)
    assert report.tasks == 1 and report.counts == {"ok": 5, "failed": 1}
    rows = {r["u"]: r for r in report.rows}
    slow = rows.pop(SLOW_U)
    assert slow["status"] == "failed" and slow["message"].startswith("timeout:") and math.isnan(slow["lambda_+1"])
    assert 0.5 <= slow["seconds"] < 5
    assert all(r["status"] == "ok" and math.isfinite(r["lambda_+1"]) for r in rows.values())


def test_the_alarm_stops_a_stuck_point_inside_a_batch(monkeypatch):
    """The backstop: a point that ignores its budget is stopped by the alarm at its own
    deadline and the next points of the batch are solved (in this process's main
    thread, as in a local worker)."""
    from pitcheig import adaptivity, sweep
    global ORIGINAL_EIGS
    ORIGINAL_EIGS = adaptivity.eigs
    monkeypatch.setattr(adaptivity, "eigs", _stuck_at_u_002)
    monkeypatch.setattr(sweep, "ALARM_FACTOR", 1.0)
    monkeypatch.setattr(sweep, "ALARM_GRACE", 0.0)
    start = time.perf_counter()
    rows = solve_chunk(grid(["flat"], u=[0.01, SLOW_U, 0.03]), 2, 1e-12, point_timeout=0.3)
    assert time.perf_counter() - start < 10
    assert [r["status"] for r in rows] == ["ok", "failed", "ok"]
    assert rows[1]["message"].startswith("timeout:") and 0.3 <= rows[1]["seconds"] < 2


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_rows_reach_the_file_while_the_sweep_runs(tmp_path, suffix, monkeypatch):
    """After the first task, its rows are readable (CSV: in the file; Parquet: in the
    journal, which read_rows merges) before the sweep ends."""
    from pitcheig import sweep
    out = str(tmp_path / f"s{suffix}")
    seen = []
    original = sweep._results

    def watching(*args, **kwargs):
        for rows in original(*args, **kwargs):
            yield rows
            seen.append(len(read_rows(out)))        # after the driver stored this task's rows

    monkeypatch.setattr(sweep, "_results", watching)
    run_sweep(grid(["flat"], u=[0.0, 0.01, 0.02, 0.03]), out, workers=1, chunk=1)
    assert seen == [1, 2, 3, 4]


def test_resume_skips_points_already_in_the_file(tmp_path):
    out = str(tmp_path / "s.csv")
    points = grid(["peak"], eps=[1e-3, 1e-2], a=[1e-4], u=[0.0, 0.01], ends="+1")
    first = run_sweep(points[:2], out, workers=1).rows
    # mark the finished rows: a resumed sweep must keep them, not recompute them
    for r in first:
        r["lambda_+1"] = 123.0
    write_rows(out, first, 2)
    # an interrupted run left half a line at the end of the CSV
    with open(out, "a") as fh:
        fh.write("peak,+1,0.001,0.0001,0.")
    report = run_sweep(points, out, workers=1)
    lam = {(r["eps"], r["u"]): r["lambda_+1"] for r in report.rows}
    assert [lam[(p["eps"], p["u"])] for p in points[:2]] == [123.0, 123.0]
    assert all(14 < lam[(p["eps"], p["u"])] < 100 for p in points[2:])          # computed now
    assert report.computed == 2 and len(read_rows(out)) == 4


def test_parquet_resumes_from_its_journal(tmp_path):
    out = str(tmp_path / "s.parquet")
    points = grid(["flat"], u=[0.0, 0.01, 0.02])
    rows = run_sweep(points[:1], out, workers=1).rows
    # an interrupted run left one more row in the journal, half a line, and a line that is no row
    journal_row = dict(rows[0], u=points[1]["u"], **{"lambda_+1": 456.0})
    with open(journal_path(out), "w") as fh:
        fh.write(json.dumps(journal_row) + "\n{}\n" + '{"model": "flat", "ends": "none", "eps": ')
    report = run_sweep(points, out, workers=1)
    lam = {r["u"]: r["lambda_+1"] for r in report.rows}
    assert lam[points[1]["u"]] == 456.0 and 13 < lam[points[2]["u"]] < 15
    assert report.computed == 1 and not os.path.exists(journal_path(out)) and len(read_rows(out)) == 3


def test_rerun_with_other_settings_recomputes_and_never_reuses(tmp_path):
    """The resume key holds tol (and every other setting): a re-run with another tol
    recomputes its rows; the rows of the first tol stay, labelled, and are not counted."""
    out = str(tmp_path / "s.parquet")
    points = grid(["flat"], u=[0.0, 0.01])
    first = run_sweep(points, out, workers=1)
    stamp = os.stat(out).st_mtime_ns
    again = run_sweep(points, out, workers=1)
    assert again.computed == 0 and os.stat(out).st_mtime_ns == stamp and same_rows(first.rows, again.rows)
    other = run_sweep(points, out, tol=1e-10, workers=1)
    assert other.computed == 2 and other.counts == {"ok": 2} and other.other_rows == 2
    assert sorted(r["tol"] for r in read_rows(out)) == [1e-12, 1e-12, 1e-10, 1e-10]
    assert {r["tol"] for r in other.rows} == {1e-10}
    with pytest.raises(ParameterError, match="k=2"):
        run_sweep(points, out, k=3, workers=1)


@pytest.mark.parametrize("kwargs, name", [({"chunk": -5}, "chunk"), ({"chunk": 0}, "chunk"),
                                          ({"batch": 0}, "batch"), ({"batch": 100001}, "batch"),
                                          ({"batch": "x"}, "batch"), ({"batch": 2, "chunk": 3}, "batch"),
                                          ({"point_timeout": 0}, "point_timeout"), ({"workers": 0}, "workers"),
                                          ({"tol": "x"}, "tol")])
def test_bad_sweep_arguments_before_any_work(tmp_path, kwargs, name):
    out = tmp_path / "s.csv"
    with pytest.raises(ParameterError, match=name):
        run_sweep(grid(["flat"], u=[0.0]), str(out), **kwargs)
    assert not out.exists()


def test_progress_only_on_a_terminal():
    quiet = io.StringIO()
    _Progress(10, stream=quiet).update(5)              # StringIO is not a TTY
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    meter = _Progress(10, stream=shown, enabled=True)
    meter.update(5)
    assert "5/10 points" in shown.getvalue() and "solves/s" in shown.getvalue() and "ETA" in shown.getvalue()


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pitcheig.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def test_cli_sweep_and_plot(tmp_path):
    out = tmp_path / "s.csv"
    res = cli("sweep", "--model", "peak", "--eps", "1e-3:1e-2:2log", "--a", "1e-4,1e-2", "--u", "0",
              "--ends", "+1", "--out", str(out), "--workers", "2")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""                            # not a TTY: no progress
    rows = read_rows(str(out))
    assert len(rows) == 4 and {r["status"] for r in rows} == {"ok"}
    header = out.read_text().splitlines()[0].split(",")
    assert header[:10] == ["model", "ends", "eps", "a", "u", "delta", "k", "tol", "method", "function_tol"]
    assert header[10:14] == ["lambda_+1", "error_+1", "lambda_-1", "error_-1"]
    assert header[-4:] == ["unknowns", "seconds", "status", "message"]
    png = tmp_path / "s.png"
    res = cli("plot-sweep", str(out), "--out", str(png))
    assert res.returncode == 0, res.stderr
    assert png.stat().st_size > 10000
    # a re-run with another --tol recomputes (before: "4 ok" from the old rows, exit 0)
    res = cli("sweep", "--model", "peak", "--eps", "1e-3:1e-2:2log", "--a", "1e-4,1e-2", "--u", "0",
              "--ends", "+1", "--out", str(out), "--workers", "2", "--tol", "1e-10")
    assert res.returncode == 0 and "4 ok" in res.stdout and "4 rows of other settings" in res.stdout
    assert len(read_rows(str(out))) == 8


@pytest.mark.parametrize("args, name", [
    (["--model", "peak", "--eps", "0", "--a", "1e-3", "--out", "x.csv"], "eps"),
    (["--model", "peak", "--eps", "1e-3", "--a", "1e-3", "--out", "x.txt"], "out"),
    (["--model", "peak", "--eps", "1e-3:1e-2:xlog", "--a", "1e-3", "--out", "x.csv"], "eps"),
    (["--model", "bogus", "--eps", "1e-3", "--out", "x.csv"], "model"),
    (["--model", "peak", "--eps", "1e-3", "--out", "x.csv"], "a"),
    (["--model", "flat", "--u", "1.5", "--out", "x.csv"], "u"),
    (["--model", "flat", "--out", "x.csv", "--workers", "0"], "workers"),
    (["--model", "flat", "--out", "x.csv", "--chunk", "-5"], "chunk"),
    (["--model", "flat", "--out", "x.csv", "--chunk", "0"], "chunk"),
    (["--model", "flat", "--out", "x.csv", "--chunk", "100001"], "chunk"),
    (["--model", "", "--out", "x.csv"], "model"),
    (["--model", ",", "--out", "x.csv"], "model"),
    (["--model", "flat", "--eps", "1e-3", "--out", "x.csv"], "eps"),
    (["--model", "flat", "--a", "1e-3", "--out", "x.csv"], "a"),
    (["--model", "flat", "--out", "nosuchdir/x.csv"], "out"),
    (["--model", "flat", "--out", "x.csv", "--point-timeout", "-1"], "point_timeout"),
])
def test_cli_sweep_bad_input_exits_2(args, name, tmp_path):
    res = cli("sweep", *args, cwd=tmp_path)
    assert res.returncode == 2 and res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1 and name in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("value", ["0", "-5", "100001", "x"])
def test_cli_sweep_batch_out_of_range_exits_2(value, tmp_path):
    if "--batch" not in cli("sweep", "--help").stdout:
        pytest.skip("the CLI has no --batch option (solver/cli.py; --chunk is the same and is tested above)")
    res = cli("sweep", "--model", "flat", "--out", "x.csv", "--batch", value, cwd=tmp_path)
    assert res.returncode == 2 and res.stdout == "" and "batch" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "x.csv").exists()


def test_cli_sweep_interrupted_then_resumed(tmp_path):
    """SIGINT once the file holds rows; the rerun computes only the rest."""
    out = tmp_path / "s.csv"
    args = [sys.executable, "-m", "pitcheig.cli", "sweep", "--model", "peak", "--eps", "1e-4:1e-1:8log",
            "--a", "1e-8:1:8log", "--ends", "+1", "--out", str(out), "--workers", "1", "--chunk", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not (out.exists() and out.read_text().count("\n") >= 3):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the sweep finished before it could be interrupted")
    assert proc.returncode == 130 and "resume" in err
    saved = len(read_rows(str(out)))
    assert 2 <= saved < 64
    res = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    rows = read_rows(str(out))
    keys = [(r["eps"], r["a"]) for r in rows]
    assert len(rows) == 64 and len(set(keys)) == 64


def test_workers_die_with_a_killed_driver(tmp_path):
    """SIGKILL of the driver (no chance to shut the pool down): its workers must not
    stay behind.  Before the parent-death setting they lived on for minutes."""
    out = tmp_path / "s.csv"
    proc = subprocess.Popen([sys.executable, "-m", "pitcheig.cli", "sweep", "--model", "peak",
                             "--eps", "1e-6:1e-1:60log", "--a", "1e-8:1:60log", "--out", str(out),
                             "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not (out.exists() and out.read_text().count("\n") >= 2):
        time.sleep(0.05)
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert children, "the sweep started no workers"
    proc.kill()
    proc.wait()
    deadline = time.time() + 10
    alive = children
    while alive and time.time() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in children if _alive(int(pid))]
    for pid in alive:
        os.kill(int(pid), signal.SIGKILL)
    assert not alive


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:                 # a zombie waits only for its reaper
        return fh.read().split()[2] != "Z"


def _crash_at_u_002(point, *args, **kwargs):
    """Stands in for solve_point in forked workers: dies like a segfault at u = 0.02."""
    if point["u"] == 0.02:
        os._exit(1)
    return ORIGINAL_SOLVE_POINT(point, *args, **kwargs)


ORIGINAL_SOLVE_POINT = None


def test_a_point_that_kills_its_worker_is_isolated_and_recorded(tmp_path, monkeypatch):
    """The pool breaks; every point in flight is re-run alone; only the culprit fails."""
    import multiprocessing

    from pitcheig import sweep
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the stand-in reaches the workers only through fork")
    global ORIGINAL_SOLVE_POINT
    ORIGINAL_SOLVE_POINT = sweep.solve_point
    monkeypatch.setattr(sweep, "solve_point", _crash_at_u_002)
    points = grid(["flat"], u=[0.0, 0.01, 0.02, 0.03, 0.04, 0.05])
    rows = run_sweep(points, str(tmp_path / "s.csv"), workers=2, chunk=2).rows
    status = {r["u"]: r["status"] for r in rows}
    assert status == {0.0: "ok", 0.01: "ok", 0.02: "failed", 0.03: "ok", 0.04: "ok", 0.05: "ok"}
    failed = next(r for r in rows if r["u"] == 0.02)
    assert "worker process died" in failed["message"]


@pytest.mark.parametrize("content, why", [(b"garbage", "not a pitcheig sweep file"), (b"", "empty"),
                                          (b"mu,f\n0,1\n", "lack"),
                                          (b"model,ends,eps,a,u,delta,k,tol,method,function_tol\n"
                                           b"peak,+1,abc,1,0,,2,1e-12,galerkin,1e-8\n", "line 2")])
def test_plot_sweep_refuses_damaged_files(tmp_path, content, why):
    for suffix in (".csv", ".parquet"):
        path = tmp_path / f"bad{suffix}"
        path.write_bytes(content)
        res = cli("plot-sweep", str(path), "--out", str(tmp_path / "x.png"))
        if suffix == ".parquet" and why == "line 2":
            why = "not a pitcheig sweep file"
        assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
        assert len(res.stderr.strip().splitlines()) == 1 and (why in res.stderr or "sweep file" in res.stderr)
