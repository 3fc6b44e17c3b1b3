"""Results and reports as Markdown (CommonMark with pipe tables), for wikis, e-mail and pandoc.

Every text is escaped, so a criterion name or an office with ``*``, ``|`` or ``<``
in it never turns into markup; responsible offices are in *italics*, as the seed
report writes them. Charts are left to the HTML form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..reports.reconcile import Discrepancy
from ..reports.report import Report
from ..scoring.result import Result
from ._document import (
    Block,
    Bullets,
    Document,
    Heading,
    HeatMap,
    Histogram,
    Paragraph,
    Run,
    Table,
    histogram_table,
)
from ._layout import result_document
from ._report import report_document

__all__ = ["document_markdown", "render_markdown", "render_report_markdown"]

#: Characters that are markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?[0-9A-Za-z]+;))")
#: What makes a line a heading, a list item, a quote or a break when it starts one: a mark,
#: or a number and its ``.`` or ``)`` (escaped on the mark, since ``\4`` is no escape).
_LINE_START = re.compile(r"^(\s*)(?:([#+\-=>])|(\d+)([.)]))")
#: Line breaks and tabs inside a text: a newline would end a table row or a list item.
_BREAKS = re.compile(r"[\t\r\n\f\v]+")
#: Indentation of a criterion under its field, in a table cell (no-break spaces survive).
_INDENT = "\u00a0\u00a0"


def escape(text: str) -> str:
    """``text`` with every character Markdown would read as markup escaped."""
    return _INLINE.sub(r"\\\1", _BREAKS.sub(" ", text))


def _start(text: str) -> str:
    """``text`` (escaped) made safe to start a line: a leading ``1.`` or ``-`` makes no list."""

    def escaped(found: re.Match[str]) -> str:
        lead, mark, number, dot = found.groups()
        return f"{lead}\\{mark}" if mark else f"{lead}{number}\\{dot}"

    return _LINE_START.sub(escaped, text, count=1)


def _line(text: str) -> str:
    """Escaped text that starts a line."""
    return _start(escape(text))


def _runs(parts: Sequence[Run]) -> str:
    out = []
    for run in parts:
        text = escape(run.text)
        if not text.strip():
            out.append(text)
            continue
        # Markup goes around the words, not around the spaces next to them.
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        core = text.strip()
        if run.style == "em":
            core = f"*{core}*"
        elif run.style == "strong":
            core = f"**{core}**"
        out.append(f"{lead}{core}{trail}")
    return _start("".join(out))


def _table(table: Table) -> list[str]:
    def cell(text: str, row: int, column: int) -> str:
        shown = escape(text)
        if column == 1 and row < len(table.depth):
            shown = _INDENT * table.depth[row] + shown
        if row in table.strong_rows and shown:
            shown = f"**{shown}**"
        return shown

    lines = []
    if table.caption:
        lines.extend([_line(table.caption), ""])
    lines.append("| " + " | ".join(escape(h) for h in table.head) + " |")
    lines.append(
        "|"
        + "|".join("---:" if c in table.numeric else "---" for c in range(len(table.head)))
        + "|"
    )
    lines.extend(
        "| " + " | ".join(cell(text, r, c) for c, text in enumerate(row)) + " |"
        for r, row in enumerate(table.rows)
    )
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * min(block.level, 6) + " " + escape(block.text)]
    if isinstance(block, Paragraph):
        return [_runs(block.runs)]
    if isinstance(block, Bullets):
        return [f"- {_runs(item)}" for item in block.items]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Histogram):
        return _table(histogram_table(block))
    if isinstance(block, HeatMap):
        return [*_table(block.as_table()), *(["", _line(block.note)] if block.note else [])]
    return []  # charts: see the HTML form


def document_markdown(document: Document) -> str:
    """A document in Markdown: its title as the first-level heading, then its blocks."""
    parts = [f"# {escape(document.title)}"]
    parts.extend("\n".join(lines) for block in document.blocks if (lines := _block(block)))
    return "\n\n".join(parts) + "\n"


def render_markdown(
    result: Result, *, locale: str = "vi", discrepancies: Sequence[Discrepancy] = ()
) -> str:
    """A result in Markdown: the tree as a table, the totals, a reported sheet's discrepancies."""
    return document_markdown(result_document(result, discrepancies, locale=locale))


def render_report_markdown(report: Report, *, locale: str = "vi") -> str:
    """A mid-year report (:func:`cchc_index.report`) in Markdown."""
    return document_markdown(report_document(report, locale=locale))
