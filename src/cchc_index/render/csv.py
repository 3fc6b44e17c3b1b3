"""A result as CSV: one row per node, in tree order, for spreadsheets and other programs.

Numbers are exact machine text (``64.7``, never ``64,7``), dates ISO, statuses
their enum values, and the columns named in English, whatever the locale: a
program reads this file, and the ``.xlsx`` output is the one for people. Rows
follow :meth:`~cchc_index.Result.walk`, so each parent comes before its children
and the ``parent`` column ties them together.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Final

from ..errors import InputError, Problem
from ..i18n import msg
from ..numbers import format_plain
from ..scoring.result import NodeResult, Result

__all__ = ["COLUMNS", "csv_rows", "render_csv"]

#: The columns, in order.
COLUMNS: Final = (
    "code",
    "parent",
    "level",
    "name",
    "name_en",
    "max",
    "points",
    "pending",
    "lost",
    "potential",
    "status",
    "estimated",
    "responsible",
    "due",
    "assessor",
)


def _row(node: NodeResult) -> dict[str, str]:
    parent, _, _ = node.code.rpartition(".")
    return {
        "code": node.code,
        "parent": parent,
        "level": str(node.code.count(".") + 1),
        "name": node.name,
        "name_en": node.name_en or "",
        "max": format_plain(node.max),
        "points": format_plain(node.points),
        "pending": format_plain(node.pending),
        "lost": format_plain(node.lost),
        "potential": format_plain(node.potential),
        "status": node.status.value,
        "estimated": "true" if node.estimated else "false",
        "responsible": node.responsible or "",
        "due": node.due.isoformat() if node.due is not None else "",
        "assessor": node.assessor,
    }


def csv_rows(result: Result) -> list[dict[str, str]]:
    """One row per node, in tree order, every value as text (the rows :func:`render_csv` writes)."""
    return [_row(node) for node in result.walk()]


def render_csv(result: Result, *, columns: Sequence[str] = COLUMNS) -> str:
    """The result as CSV text (RFC 4180: comma-separated, a header row, CRLF line ends).

    ``columns`` picks and orders the columns (any of :data:`~cchc_index.render.csv.COLUMNS`).
    """
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise InputError(
            Problem(
                what=msg(
                    "unknown CSV columns {unknown}; the columns are {known}",
                    unknown=", ".join(unknown),
                    known=", ".join(COLUMNS),
                )
            )
        )
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(columns), lineterminator="\r\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(csv_rows(result))
    return out.getvalue()
