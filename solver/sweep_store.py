"""Where the rows of a sweep live: one file, .csv or .parquet, written while the sweep runs.

Rows reach the file in batches as they finish, so memory stays bounded and no
finished work is lost:

* ``.csv`` (17 significant digits, exact): every finished task's rows are
  appended to the file itself, flushed and fsynced; a reader sees them at once.
  A line cut by an interruption is removed when the sweep is started again
  (its point is then redone).
* ``.parquet``: rows are appended at once to a journal next to it,
  ``OUT.journal.jsonl`` (one JSON object per line, flushed and fsynced; JSON
  floats round-trip exactly): that is the live, crash-safe view
  (:func:`read_rows` merges it).  The Parquet file is written alongside as row
  groups of BATCH_ROWS rows (``OUT.tmp``: the rows already in OUT, the journal,
  then the new rows) and replaces OUT atomically when the sweep ends; then the
  journal is removed.  A Parquet file has its index at the end, so OUT itself
  changes only then.

Rows are in completion order (no sort: sorting would hold every row in memory).
A sweep started again skips every point whose key (every parameter and setting
of the row, :func:`row_key`) is already in the file or the journal.
"""

import csv
import json
import math
import os

from .errors import ParameterError

FORMATS = (".parquet", ".csv")
#: Columns of a sweep with k eigenvalues per side: the point, the settings, the
#: numbers, and what happened.
POINT = ("model", "ends", "eps", "a", "u", "delta")
SETTINGS = ("k", "tol", "method", "function_tol")
TEXT = ("model", "ends", "method", "status", "message")
INTEGER = ("k", "unknowns")
#: Rows per Parquet row group (and per batch read back): bounds the memory of a sweep.
BATCH_ROWS = 5000


def columns(k):
    """Column names of a sweep with k eigenvalues per side."""
    eig = []
    for j in range(1, k + 1):
        for label in (f"+{j}", f"-{j}"):
            eig += [f"lambda_{label}", f"error_{label}"]
    return [*POINT, *SETTINGS, *eig, "unknowns", "seconds", "status", "message"]


def _number(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def row_key(row):
    """Identity of a row: every parameter and setting that changes its numbers
    (NaN and None compare equal; numbers as floats)."""
    return (row["model"], row["ends"], _number(row["eps"]), _number(row["a"]), float(row["u"]),
            _number(row["delta"]), int(row["k"]), float(row["tol"]), row["method"], float(row["function_tol"]))


def valid_row(row, k):
    """Whether ``row`` (e.g. a journal line) is a row of a sweep with k eigenvalues per side."""
    if not isinstance(row, dict) or not set(columns(k)) <= set(row):
        return False
    try:
        row_key(row)
    except (TypeError, ValueError, KeyError):
        return False
    return True


def output_format(path):
    suffix = os.path.splitext(str(path))[1].lower()
    if suffix not in FORMATS:
        raise ParameterError(f"out must end in .parquet or .csv, got {str(path)!r}")
    if suffix == ".parquet":
        _pyarrow()
    return suffix


def journal_path(path):
    return f"{path}.journal.jsonl"


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ParameterError("out: .parquet needs pyarrow (pip install 'pitcheig[sweep]'); "
                             "or use .csv") from None
    return pyarrow, pyarrow.parquet


# --- reading -------------------------------------------------------------------

def _typed(row):
    out = {}
    for name, text in row.items():
        if name in TEXT:
            out[name] = text
        elif name in INTEGER:
            out[name] = int(text)
        else:
            out[name] = float(text) if text != "" else math.nan
    return out


def _bad_file(path, why):
    return ParameterError(f"file: {path!r} is not a pitcheig sweep file: {why}")


def iter_csv(path, strict=False):
    """Rows of a sweep CSV; a row that does not parse is skipped (or, strict, refused)."""
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        if strict and (not reader.fieldnames or not set(POINT + SETTINGS) <= set(reader.fieldnames)):
            raise _bad_file(path, f"columns {reader.fieldnames} lack {list(POINT + SETTINGS)}")
        for number, row in enumerate(reader, start=2):
            try:
                if None in row or None in row.values():
                    raise ValueError("wrong number of cells")
                yield _typed(row)
            except (ValueError, TypeError) as exc:
                if strict:
                    raise _bad_file(path, f"line {number}: {exc}") from None


def iter_parquet(path, strict=False, names=None):
    """Rows of a sweep Parquet file, one batch at a time (or only the columns ``names``)."""
    _, pq = _pyarrow()
    try:
        source = pq.ParquetFile(path)
        if strict and not set(POINT + SETTINGS) <= set(source.schema_arrow.names):
            raise _bad_file(path, f"columns {source.schema_arrow.names} lack {list(POINT + SETTINGS)}")
        for batch in source.iter_batches(batch_size=BATCH_ROWS, columns=names):
            yield from batch.to_pylist()
    except ParameterError:
        raise
    except Exception as exc:   # noqa: BLE001 - pyarrow raises many kinds for a damaged file
        raise _bad_file(path, f"{type(exc).__name__}: {exc}") from None


def iter_journal(path, k=None):
    """Rows of a journal; a line cut by an interruption, or one that is not a row, is skipped
    (its point is redone)."""
    if not os.path.exists(path):
        return
    with open(path) as fh:
        for line in fh:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if valid_row(row, k if k is not None else _k_of(row)):
                yield row


def _k_of(row):
    try:
        return int(row.get("k", 0)) if isinstance(row, dict) else 0
    except (TypeError, ValueError):
        return 0


def read_rows(path, strict=False):
    """Every row of a sweep file (.parquet or .csv) as dicts, with its unfinished journal.
    ``strict``: a file that is missing, damaged or not a sweep is a ParameterError (plot-sweep)."""
    fmt = output_format(path)
    rows = []
    if os.path.exists(path):
        if os.path.getsize(path) == 0 and strict:
            raise _bad_file(path, "it is empty")
        if os.path.getsize(path) > 0:
            rows = list(iter_parquet(path, strict) if fmt == ".parquet" else iter_csv(path, strict))
    elif strict:
        raise ParameterError(f"file: {path!r} does not exist")
    rows.extend(iter_journal(journal_path(path)))
    return [_normalise_row(r) for r in rows]


def _normalise_row(row):
    """Missing numbers as NaN whatever the file format (parquet stores them as null)."""
    return {name: (math.nan if value is None and name not in TEXT else value) for name, value in row.items()}


# --- writing --------------------------------------------------------------------

class CsvStore:
    """A sweep CSV: rows appended as they finish (see the module doc).  A new file is
    created with its first rows, so a sweep that stops before any (a scheduler that
    cannot be reached, say) leaves nothing behind."""

    def __init__(self, path, k):
        self.path, self.k, self.names = path, k, columns(k)
        self.status, self.fh = {}, None       # key -> status of every row in the file
        if os.path.exists(path) and os.path.getsize(path) > 0:
            self._check_header()
            self._drop_cut_line()
            for row in iter_csv(path):
                self.status[row_key(row)] = row["status"]

    def _check_header(self):
        with open(self.path, newline="") as fh:
            header = next(csv.reader(fh), [])
        _check_columns(self.path, header, self.names)

    def _drop_cut_line(self):
        """An interrupted write can leave a last line without its newline: remove it."""
        with open(self.path, "rb+") as fh:
            end = fh.seek(0, os.SEEK_END)
            position = end
            while position > 0:
                step = min(65536, position)
                fh.seek(position - step)
                block = fh.read(step)
                if position == end and block.endswith(b"\n"):
                    return
                newline = block.rfind(b"\n")
                if newline >= 0:
                    fh.truncate(position - step + newline + 1)
                    return
                position -= step

    def append(self, rows):
        if self.fh is None:
            new = not os.path.exists(self.path) or os.path.getsize(self.path) == 0
            self.fh = open(self.path, "a", newline="")
            self.writer = csv.writer(self.fh)
            if new:
                self.writer.writerow(self.names)
        for row in rows:
            self.writer.writerow([_csv_cell(row.get(n)) for n in self.names])
        self.fh.flush()
        os.fsync(self.fh.fileno())

    def close(self, finished=True):
        if self.fh is not None:
            self.fh.close()


class ParquetStore:
    """A sweep Parquet file with its journal (see the module doc)."""

    def __init__(self, path, k):
        self.path, self.k, self.names = path, k, columns(k)
        self.status, self.writer, self.buffer = {}, None, []
        self.tmp, self.journal_name = f"{path}.tmp", journal_path(path)
        if os.path.exists(self.tmp):
            os.remove(self.tmp)                # an interrupted finish: OUT and the journal hold everything
        if os.path.exists(path):
            _, pq = _pyarrow()
            try:
                names = pq.ParquetFile(path).schema_arrow.names
            except Exception as exc:   # noqa: BLE001
                raise ParameterError(f"out: {path!r} is not a readable Parquet file ({exc}); choose another "
                                     "file") from None
            _check_columns(path, names, self.names)
            for row in iter_parquet(path, names=list(POINT + SETTINGS) + ["status"]):
                self.status[row_key(row)] = row["status"]
        self.in_journal = {}
        for row in iter_journal(self.journal_name, k):
            key = row_key(row)
            if key not in self.status:
                self.status[key] = self.in_journal[key] = row["status"]
        self.journal = open(self.journal_name, "a")
        _end_cut_line(self.journal_name, self.journal)

    def append(self, rows):
        for row in rows:
            self.journal.write(json.dumps(row) + "\n")
        self.journal.flush()
        os.fsync(self.journal.fileno())
        self._open_writer()
        self.buffer.extend(rows)
        if len(self.buffer) >= BATCH_ROWS:
            self._write_buffer()

    def _open_writer(self):
        """Start OUT.tmp: the rows already in OUT, then those of the journal, one batch at a time."""
        if self.writer is not None:
            return
        pa, pq = _pyarrow()
        self.writer = pq.ParquetWriter(self.tmp, _schema(self.k))
        if os.path.exists(self.path):
            for batch in pq.ParquetFile(self.path).iter_batches(batch_size=BATCH_ROWS):
                self.writer.write_table(pa.Table.from_batches([batch]).cast(_schema(self.k)))
        seen = set()
        for row in iter_journal(self.journal_name, self.k):
            key = row_key(row)
            if key in self.in_journal and key not in seen:
                seen.add(key)
                self.buffer.append(row)
                if len(self.buffer) >= BATCH_ROWS:
                    self._write_buffer()

    def _write_buffer(self):
        pa, _ = _pyarrow()
        clean = [{n: _nan_to_none(r.get(n)) for n in self.names} for r in self.buffer]
        self.writer.write_table(pa.Table.from_pylist(clean, schema=_schema(self.k)))
        self.buffer = []

    def close(self, finished=True):
        """Finished: OUT.tmp replaces OUT and the journal goes.  Interrupted: OUT stays as
        it was and the journal keeps the new rows (the next run resumes from them)."""
        self.journal.close()
        if finished and (self.writer is not None or self.in_journal):
            self._open_writer()
            if self.buffer:
                self._write_buffer()
            self.writer.close()
            os.replace(self.tmp, self.path)
            os.remove(self.journal_name)
        elif self.writer is not None:
            self.writer.close()
            os.remove(self.tmp)
        elif os.path.exists(self.journal_name) and os.path.getsize(self.journal_name) == 0:
            os.remove(self.journal_name)


def open_store(path, k):
    return ParquetStore(path, k) if output_format(path) == ".parquet" else CsvStore(path, k)


def _check_columns(path, have, want):
    if list(have) == list(want):
        return
    k_have = sum(1 for name in have if str(name).startswith("lambda_+"))
    if k_have and set(POINT + SETTINGS) <= set(have):
        k_want = sum(1 for name in want if name.startswith("lambda_+"))
        raise ParameterError(f"out: {path!r} holds a sweep with k={k_have}, not k={k_want}; choose another file")
    raise ParameterError(f"out: {path!r} has other columns than a sweep of this pitcheig ({list(have)[:8]}...); "
                         "choose another file")


def _end_cut_line(path, journal):
    """An interrupted write can leave a last line without its newline: end it, so the
    rows appended now start on a line of their own (the cut line is skipped on reading)."""
    if os.path.getsize(path) > 0:
        with open(path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) != b"\n":
                journal.write("\n")


def _schema(k):
    pa, _ = _pyarrow()
    fields = []
    for name in columns(k):
        kind = pa.string() if name in TEXT else pa.int64() if name in INTEGER else pa.float64()
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


def _nan_to_none(x):
    return None if isinstance(x, float) and math.isnan(x) else x


def _csv_cell(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return repr(float(x)) if isinstance(x, float) else str(x)


def write_rows(path, rows, k):
    """Write ``rows`` to a new sweep file (replacing it): used by tests and tools."""
    for name in (path, journal_path(path)):
        if os.path.exists(name):
            os.remove(name)
    store = open_store(path, k)
    store.append(list(rows))
    store.close()
