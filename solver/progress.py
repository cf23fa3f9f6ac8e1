"""Progress of long work (issue 16): shown on a terminal, quiet off one.

The library never prints: its long-running functions (``propagate``, the
arbitrary-precision solves, ``pitcheig reproduce``'s studies) accept a
``progress`` callable and call it with one-line messages.  The command line
passes :func:`terminal_progress`, which writes them, time-stamped, to stderr
when stderr is a terminal and returns None (no reporting) otherwise, so that
piped or logged output holds results only.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["terminal_progress", "ProgressCallback"]

#: What a ``progress=`` argument accepts: a callable taking one message, or None.
ProgressCallback = Callable[[str], None] | None


def terminal_progress(stream: TextIO | None = None, force: bool = False) -> ProgressCallback:
    """A progress callback that writes to ``stream`` if it is a terminal, else None.

    Parameters
    ----------
    stream : file-like, optional
        Where messages go (default ``sys.stderr``, looked up when called).
    force : bool, optional
        Report even when ``stream`` is not a terminal (default False).

    Returns
    -------
    callable or None
        ``report(message)`` writing ``[  12.3 s] message`` (seconds since this call)
        and flushing; None when ``stream`` is not a terminal and ``force`` is False.

    Examples
    --------
    >>> import io
    >>> from pitcheig.progress import terminal_progress
    >>> terminal_progress(io.StringIO()) is None          # not a terminal: quiet
    True
    >>> out = io.StringIO()
    >>> report = terminal_progress(out, force=True)
    >>> report("level 1 done")
    >>> out.getvalue().endswith("] level 1 done\\n")
    True
    """
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    if not force and not (callable(isatty) and isatty()):
        return None
    start = time.monotonic()

    def report(message: str) -> None:
        try:
            stream.write(f"[{time.monotonic() - start:7.1f} s] {message}\n")
            stream.flush()
        except (BrokenPipeError, ValueError):     # a closed terminal must not stop the work
            pass

    return report
