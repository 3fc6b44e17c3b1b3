"""Reading a decision's appendix into rows of cells: plain text, Markdown, or Word.

Decree texts reach us in three shapes: a Word file (``.docx``, read with python-docx,
an optional extra), a Markdown table, or text copied out of a PDF or a web page, where
each row is flattened into cells separated by ``|`` and a cell's own line breaks
start new lines. :func:`read_sheet` turns any of them into :class:`Row` records, each
with the line (or Word table row) it starts on, and keeps the lines around the table
(the appendix's title, the decision's number) as the sheet's ``preamble``.

Nothing here knows what a cell means; :mod:`cchc_index.draft.table` does.
"""

from __future__ import annotations

import importlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final, Protocol, cast

from attrs import frozen

from ..codes import CODE_PATTERN
from ..errors import CchcIndexError, Location, Problem, RulesetError
from ..i18n import msg

__all__ = ["DocxUnavailableError", "Row", "Sheet", "read_sheet", "read_text"]

#: The command that installs what reading Word files needs.
INSTALL_HINT: Final = 'pip install "cchc-index[docx]"'
#: The suffixes read as text (Markdown tables included).
TEXT_SUFFIXES: Final = (".txt", ".md", ".markdown")


class DocxUnavailableError(CchcIndexError, ImportError):
    """python-docx, which reading Word files needs, is not installed."""


@frozen(kw_only=True)
class Row:
    """One row of the appendix's table: its cells, and where it starts."""

    line: int
    cells: tuple[str, ...]


@frozen(kw_only=True)
class Sheet:
    """Everything read from one source: the table's rows and the lines around it."""

    file: str | None
    rows: tuple[Row, ...]
    preamble: tuple[str, ...] = ()
    #: Footnote marks taken off figures (Word superscripts), by the row they were in.
    footnotes: tuple[tuple[int, str], ...] = ()


# -- text and Markdown ------------------------------------------------------------------

#: A cell boundary: a ``|`` not escaped as ``\|`` (Markdown).
_BAR: Final = re.compile(r"(?<!\\)\|")
_BREAK: Final = re.compile(r"<br\s*/?>", re.IGNORECASE)
_RULE: Final = re.compile(r":?-{3,}:?")
#: A first cell that opens a row by itself: a code as decrees write it (``1.1.``,
#: ``a)``, ``**II**``), a header word, or a total.
_OPENS: Final = re.compile(
    rf"[*_\s]*(?:\(?(?:{CODE_PATTERN.pattern})[.)]?|STT|TT|Mã|t[ổo]ng(?:\s+\S+)?|[-+•–])[*_\s]*",
    re.IGNORECASE,
)


_OPTION: Final = re.compile(r"\s*[-+•–]\s+\S.*")


def read_text(text: str, *, file: str | None = None) -> Sheet:
    """The rows of a table written as text: Markdown, or cells flattened with ``|``.

    Text without a single ``|`` but with tabs (a Word table pasted as text) has its
    cells split at the tabs. A line holding a ``|`` opens a new row when it starts
    with one (Markdown), when its first cell is a code or a header word, or when the
    row before it already has all its cells; any other line continues the cell the
    row before ended in. A blank line ends a row. Markdown's rule lines (``|---|``)
    are skipped.
    """
    rows: list[Row] = []
    preamble: list[str] = []
    width = 0  # cells in the widest row so far: a row with fewer is still open
    start, buffer = 0, ""

    def close() -> None:
        nonlocal buffer, width
        if buffer:
            cells = _cells(buffer)
            if not all(not c or _RULE.fullmatch(c) for c in cells):
                rows.append(Row(line=start, cells=cells))
                width = max(width, len(cells))
        buffer = ""

    text = unicodedata.normalize("NFC", _BREAK.sub("\n", text))
    if "|" not in text and "\t" in text:  # a Word table pasted as text: cells split by tabs
        text = text.replace("\t", " | ")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\u00a0", " ").rstrip()
        stripped = line.strip()
        if not stripped:
            close()
            continue
        if "|" not in stripped:
            if buffer:
                buffer += "\n" + stripped
            else:
                preamble.append(stripped)
            continue
        first = _BAR.split(stripped, maxsplit=1)[0]
        complete = bool(buffer) and _bars(buffer) >= max(width, 3) - 1
        # An option row whose empty first cell was lost (``- Không ban hành | 0``) opens
        # a row once the row before has its maximum; before that it may be a cell's line.
        option = bool(_OPTION.fullmatch(first)) and _bars(buffer) >= 2
        if not buffer or stripped.startswith("|") or _OPENS.fullmatch(first) or complete or option:
            close()
            start, buffer = number, stripped
        else:
            buffer += "\n" + stripped
    close()
    return Sheet(file=file, rows=tuple(rows), preamble=tuple(preamble))


def _bars(record: str) -> int:
    """How many cell boundaries a row has so far (a Markdown row's opening bar is none)."""
    record = record.strip()
    return len(_BAR.findall(record)) - record.startswith("|")


def _cells(record: str) -> tuple[str, ...]:
    record = record.strip()
    if record.startswith("|"):
        record = record[1:]
    if record.endswith("|") and not record.endswith("\\|"):
        record = record[:-1]
    return tuple(cell.strip().replace("\\|", "|") for cell in _BAR.split(record))


# -- Word -------------------------------------------------------------------------------


class _Font(Protocol):
    @property
    def superscript(self) -> bool | None: ...


class _Run(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def font(self) -> _Font: ...


class _Paragraph(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def runs(self) -> Sequence[_Run]: ...


class _Cell(Protocol):
    @property
    def paragraphs(self) -> Sequence[_Paragraph]: ...
    @property
    def _tc(self) -> object: ...  # the cell's XML element: the same for a merged cell


class _TableRow(Protocol):
    @property
    def cells(self) -> Sequence[_Cell]: ...


class _Table(Protocol):
    @property
    def rows(self) -> Sequence[_TableRow]: ...


class _Document(Protocol):
    """The little of python-docx's ``Document`` this reader uses."""

    @property
    def paragraphs(self) -> Sequence[_Paragraph]: ...
    @property
    def tables(self) -> Sequence[_Table]: ...


def _open_docx() -> Callable[[str], _Document]:
    try:
        module = importlib.import_module("docx")
    except ImportError:
        raise DocxUnavailableError(
            Problem(
                what=msg("reading Word files needs python-docx: {command}", command=INSTALL_HINT),
            )
        ) from None
    return cast("Callable[[str], _Document]", module.Document)


def read_docx(path: str | os.PathLike[str]) -> Sheet:
    """The rows of every table of a Word file, numbered across tables from 1.

    A cell's paragraphs become its lines. Superscript runs (footnote marks typed after
    a figure) are left out of the cell and listed in :attr:`Sheet.footnotes`. A merged
    cell, which python-docx repeats in every column and row it spans, is read where
    it starts and blank elsewhere, so the other cells keep their columns.
    """
    document = _open_docx()
    file = os.fspath(path)
    try:
        opened = document(file)
    except Exception as exc:  # python-docx raises many kinds on a file that is not Word
        raise RulesetError(
            Problem(
                where=Location(file=file),
                what=msg(
                    "cannot read the Word file ({reason})", reason=str(exc) or type(exc).__name__
                ),
            )
        ) from None
    rows: list[Row] = []
    footnotes: list[tuple[int, str]] = []
    for table in opened.tables:
        above: list[object] = []
        for table_row in table.rows:
            number = len(rows) + 1
            cells: list[str] = []
            here = [cell._tc for cell in table_row.cells]
            for column, cell in enumerate(table_row.cells):
                # A merged cell is repeated in each grid column and row it spans: its text
                # is read where it starts, and the rest of it is blank.
                if (column and here[column] is here[column - 1]) or (
                    column < len(above) and here[column] is above[column]
                ):
                    cells.append("")
                    continue
                lines = []
                for paragraph in cell.paragraphs:
                    kept = [run.text for run in paragraph.runs if not run.font.superscript]
                    marks = [run.text for run in paragraph.runs if run.font.superscript]
                    footnotes.extend((number, mark.strip()) for mark in marks if mark.strip())
                    lines.append("".join(kept) if paragraph.runs else paragraph.text)
                joined = "\n".join(line.strip() for line in lines if line.strip())
                cells.append(unicodedata.normalize("NFC", joined))
            above = here
            rows.append(Row(line=number, cells=tuple(cells)))
    preamble = tuple(p.text.strip() for p in opened.paragraphs if p.text.strip())
    return Sheet(file=file, rows=tuple(rows), preamble=preamble, footnotes=tuple(footnotes))


# -- any source -------------------------------------------------------------------------


def read_sheet(source: str | os.PathLike[str]) -> Sheet:
    """The rows of a decree's table, from a path (``.docx``, ``.txt``, ``.md``) or text.

    A string holding a line break, or a ``|``, is the text itself; any other string
    and any path name a file.
    """
    if isinstance(source, str) and ("\n" in source or "|" in source):
        return read_text(source)
    if not isinstance(source, str | os.PathLike):
        raise RulesetError(
            Problem(
                what=msg(
                    "a decree is given as its text or a file path, not {type}",
                    type=type(source).__name__,
                )
            )
        )
    path = Path(source)
    file = os.fspath(source)
    suffix = path.suffix.lower()
    if suffix not in (*TEXT_SUFFIXES, ".docx"):
        raise RulesetError(
            Problem(
                where=Location(file=file),
                what=msg(
                    "cannot read a decree from a {suffix!r} file: give a .docx, .txt or .md file",
                    suffix=suffix or path.name,
                ),
            )
        )
    if not path.is_file():
        raise RulesetError(Problem(where=Location(file=file), what=msg("no such file")))
    if suffix == ".docx":
        return read_docx(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RulesetError(
            Problem(
                where=Location(file=file),
                what=msg("the file is not UTF-8 text"),
            )
        ) from None
    except OSError as exc:
        raise RulesetError(
            Problem(
                where=Location(file=file),
                what=msg("cannot read the file ({reason})", reason=exc.strerror or str(exc)),
            )
        ) from None
    return read_text(text, file=file)


def lines_of(rows: Iterable[Row]) -> Iterator[str]:
    """Each row as one line of text, cells joined by `` | `` (for messages)."""
    for row in rows:
        yield " | ".join(cell.replace("\n", " ") for cell in row.cells)
