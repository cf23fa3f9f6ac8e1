"""Parameter sweeps (solver/sweep.py): grids, executors, failures, resume, CLI.

The numbers of a sweep are eigs() results (tested elsewhere against independent
references); here what is checked is that every executor gives the *same* numbers,
that no work is lost or redone, and that failures are recorded.
"""

import io
import json
import math
import os
import subprocess
import sys

import pytest

from pitcheig import Peak, eigs
from pitcheig.errors import ParameterError
from pitcheig.sweep import _Progress, grid, journal_path, parse_values, read_rows, run_sweep, write_rows

SMALL = dict(models=["peak", "flat"], eps=[1e-3, 1e-2], a=[1e-4, 1e-1], u=[0.0, 0.01], ends="+1")


def test_parse_values_lists_and_ranges():
    assert parse_values("eps", "1e-2,1e-3") == [1e-2, 1e-3]
    assert parse_values("eps", "1e-4:1e-1:4log") == pytest.approx([1e-4, 1e-3, 1e-2, 1e-1], rel=1e-14)
    assert parse_values("u", "0:0.1:3") == pytest.approx([0.0, 0.05, 0.1])
    assert parse_values("u", "0, 1e-3:1e-1:3log") == pytest.approx([0.0, 1e-3, 1e-2, 1e-1])


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


def strip_seconds(rows):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in rows]


def same_rows(a, b):
    def eq(x, y):
        return x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
    return len(a) == len(b) and all(set(r) == set(s) and all(eq(r[k], s[k]) for k in r)
                                    for r, s in zip(strip_seconds(a), strip_seconds(b)))


def test_default_executor_and_local_dask_cluster_give_identical_numbers(tmp_path):
    pytest.importorskip("dask.distributed")
    points = grid(**SMALL)
    local = run_sweep(points, str(tmp_path / "local.csv"), workers=2)
    dask = run_sweep(points, str(tmp_path / "dask.parquet"), dask_local=2)
    assert same_rows(local, dask)
    assert all(r["status"] == "ok" for r in local)
    # and the numbers are eigs() itself (bit for bit: the solve is deterministic)
    row = next(r for r in local
               if r["model"] == "peak" and r["eps"] == 1e-3 and r["a"] == 1e-4 and r["u"] == 0)
    assert row["lambda_+1"] == eigs(Peak(1e-3, 1e-4, "+1"), u=0.0, k=2).eigenvalue(1)


def test_failing_point_is_recorded_and_the_sweep_goes_on(tmp_path):
    good = grid(["flat"], u=[0.0])
    bad = {"model": "peak", "ends": "+1", "eps": 0.5, "a": 1e-3, "u": 0.0}     # b >= 1: the solve raises
    rows = run_sweep(good + [bad], str(tmp_path / "s.csv"), workers=1)
    by_status = {r["status"]: r for r in rows}
    assert set(by_status) == {"ok", "failed"}
    assert "eps" in by_status["failed"]["message"] and math.isnan(by_status["failed"]["lambda_+1"])


def test_resume_skips_points_in_the_file_and_the_journal(tmp_path):
    out = str(tmp_path / "s.csv")
    points = grid(["peak"], eps=[1e-3, 1e-2], a=[1e-4], u=[0.0, 0.01], ends="+1")
    first = run_sweep(points[:2], out, workers=1)
    # mark the finished rows: a resumed sweep must keep them, not recompute them
    for r in first:
        r["lambda_+1"] = 123.0
    write_rows(out, first, 2)
    # an interrupted run left one more point in the journal, and half a line after it
    journal_row = dict(first[0], eps=points[2]["eps"], u=points[2]["u"], **{"lambda_+1": 456.0})
    with open(journal_path(out), "w") as fh:
        fh.write(json.dumps(journal_row) + "\n" + '{"model": "peak", "ends": "+1", "eps": 0.0')
    rows = run_sweep(points, out, workers=1)
    lam = {(r["eps"], r["u"]): r["lambda_+1"] for r in rows}
    assert [lam[(p["eps"], p["u"])] for p in points[:3]] == [123.0, 123.0, 456.0]
    assert 14 < lam[(points[3]["eps"], points[3]["u"])] < 100           # computed now
    assert not os.path.exists(journal_path(out)) and len(rows) == 4


def test_rerunning_a_finished_sweep_computes_nothing(tmp_path):
    out = str(tmp_path / "s.parquet")
    points = grid(["flat"], u=[0.0, 0.01])
    rows = run_sweep(points, out, workers=1)
    stamp = os.stat(out).st_mtime_ns
    again = run_sweep(points, out, workers=1)
    assert os.stat(out).st_mtime_ns == stamp and same_rows(rows, again)
    with pytest.raises(ParameterError, match="k=2"):
        run_sweep(points, out, k=3, workers=1)


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
    assert header[:7] == ["model", "ends", "eps", "a", "u", "k", "tol"]
    assert header[7:11] == ["lambda_+1", "error_+1", "lambda_-1", "error_-1"]
    assert header[-4:] == ["unknowns", "seconds", "status", "message"]
    png = tmp_path / "s.png"
    res = cli("plot-sweep", str(out), "--out", str(png))
    assert res.returncode == 0, res.stderr and png.stat().st_size > 10000


@pytest.mark.parametrize("args, name", [
    (["--model", "peak", "--eps", "0", "--a", "1e-3", "--out", "x.csv"], "eps"),
    (["--model", "peak", "--eps", "1e-3", "--a", "1e-3", "--out", "x.txt"], "out"),
    (["--model", "peak", "--eps", "1e-3:1e-2:xlog", "--a", "1e-3", "--out", "x.csv"], "eps"),
    (["--model", "bogus", "--eps", "1e-3", "--out", "x.csv"], "model"),
    (["--model", "peak", "--eps", "1e-3", "--out", "x.csv"], "a"),
    (["--model", "flat", "--u", "0.9", "--out", "x.csv"], "u"),
    (["--model", "flat", "--out", "x.csv", "--workers", "0"], "workers"),
])
def test_cli_sweep_bad_input_exits_2(args, name, tmp_path):
    res = cli("sweep", *args, cwd=tmp_path)
    assert res.returncode == 2 and res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1 and name in res.stderr and "Traceback" not in res.stderr


def test_cli_sweep_interrupted_then_resumed(tmp_path):
    """SIGINT once the journal holds a row; the rerun computes only the rest."""
    import signal
    import time

    out = tmp_path / "s.csv"
    args = [sys.executable, "-m", "pitcheig.cli", "sweep", "--model", "peak", "--eps", "1e-4:1e-1:8log",
            "--a", "1e-8:1:8log", "--ends", "+1", "--out", str(out), "--workers", "1", "--chunk", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    journal = tmp_path / "s.csv.journal.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and not (journal.exists() and journal.read_text().count("\n") >= 2):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the sweep finished before it could be interrupted")
    assert proc.returncode == 130 and "resume" in err and not out.exists()
    saved = {json.loads(line)["eps"] for line in journal.read_text().splitlines() if line.strip()}
    assert saved
    res = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    rows = read_rows(str(out))
    keys = [(r["eps"], r["a"]) for r in rows]
    assert len(rows) == 64 and len(set(keys)) == 64 and not journal.exists()


def _crash_at_u_002(point, k=2, tol=1e-12):
    """Stands in for solve_point in forked workers: dies like a segfault at u = 0.02."""
    if point["u"] == 0.02:
        os._exit(1)
    return ORIGINAL_SOLVE_POINT(point, k, tol)


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
    rows = run_sweep(points, str(tmp_path / "s.csv"), workers=2, chunk=2)
    status = {r["u"]: r["status"] for r in rows}
    assert status == {0.0: "ok", 0.01: "ok", 0.02: "failed", 0.03: "ok", 0.04: "ok", 0.05: "ok"}
    failed = next(r for r in rows if r["u"] == 0.02)
    assert "worker process died" in failed["message"]
