"""What the ``cchc-index`` command prints: results to stdout or a file, problems to stderr."""

from __future__ import annotations

import os
import sys

from ..errors import CchcIndexError, Location, Problem
from ..i18n import msg

__all__ = ["emit", "failed", "quiet_stdout"]


def failed(error: CchcIndexError, locale: str) -> int:
    """Print every located problem on stderr; the exit code of a rule-set or data problem."""
    for line in error.messages(locale):
        print(line, file=sys.stderr)
    return 1


def emit(text: str, output: str | None, locale: str) -> int:
    """Print ``text``, or write it to the file ``output`` (UTF-8); a file that cannot be written
    exits 1 with the reason."""
    if output is None:
        print(text, end="")
        return 0
    try:
        with open(output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as exc:
        problem = CchcIndexError(
            Problem(
                where=Location(file=output),
                what=msg("cannot write the file ({reason})", reason=exc.strerror or str(exc)),
            )
        )
        return failed(problem, locale)
    return 0


def quiet_stdout() -> None:
    """After a broken pipe, point stdout at devnull, so Python's own flush at exit is quiet.

    What the Python documentation recommends for SIGPIPE (``signal`` module, "Note on
    SIGPIPE").
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (a test's)
        pass
