"""What the rows of a decree's table mean: the header, each row's code, name, maximum and scoring.

Decrees number each level locally: a part ``I``, its criteria ``1``, ``1.1``, their
points ``a``, ``b``, ``đ``. :func:`place` gives every row its whole code (``I.1.1.a``)
from the rows above it, reads the maximum however it is printed (``**20**7`` is 20 with
the footnote 7 glued on; ``1,5`` is 1.5), and keeps what it could not place, with the
line and the reason, for the draft's report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs
from attrs import frozen

from ..codes import CODE_PATTERN, LETTERS, parent_code
from ..i18n import Message, msg
from ..numbers import format_plain
from .reading import Sheet

__all__ = ["Columns", "Entry", "Placed", "Unplaced", "parse_points", "place", "plain"]


@frozen(kw_only=True)
class Entry:
    """One criterion row: its whole code, the code as written, and its cells' meaning."""

    line: int
    code: str
    written: str
    name: str
    max: Decimal | None
    scoring: str
    #: The office in charge (đơn vị chủ trì), when the table has a column for it.
    responsible: str | None = None
    #: Remarks on how the row was read (a footnote mark dropped from its maximum, …).
    notes: tuple[Message, ...] = ()


@frozen(kw_only=True)
class Unplaced:
    """A row that is not a criterion of the tree, and why."""

    line: int
    text: str
    why: Message


@frozen(kw_only=True)
class Columns:
    """Which cell holds what (0-based); ``None`` when the table has no such column."""

    code: int = 0
    name: int = 1
    max: int | None = 2
    scoring: int | None = 3
    responsible: int | None = None


@frozen(kw_only=True)
class Placed:
    """The table read as a tree, with the rows that are not part of it."""

    entries: tuple[Entry, ...]
    unplaced: tuple[Unplaced, ...]
    total: Decimal | None = None
    total_line: int | None = None
    header_line: int | None = None


_BOLD: Final = re.compile(r"\*\*|__")
_SUPERSCRIPTS: Final = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: A figure printed bold with a footnote number glued after it: ``**20**7``.
_BOLD_FOOTNOTE: Final = re.compile(r"\*\*\s*([0-9]+(?:[.,][0-9]+)?)\s*\*\*\s*([0-9]{1,2})")
#: A figure with a note mark in brackets after it: ``2 (*)``, ``20 (1)``.
_MARKED: Final = re.compile(r"(.*?[0-9])\s*\((\*+|[0-9]{1,2})\)")
_FIGURE: Final = re.compile(r"([0-9]+(?:[.,][0-9]+)?)(?:\s*điểm)?", re.IGNORECASE)
_TOTAL: Final = re.compile(r"t[ổo]ng\s*(?:c[ộo]ng|đi[ểe]m|s[ốo]\s*đi[ểe]m)?", re.IGNORECASE)
#: A code cell as decrees write it: ``1.1.``, ``a)``, ``(b)``, ``Phần II``.
_WRITTEN_CODE: Final = re.compile(
    r"(?:ph[ầa]n\s+)?\(?\s*([^\s().]+(?:\.[^\s().]+)*)\s*[.):]?", re.IGNORECASE
)
#: A name that carries its own code when the code cell is empty: ``1.1. Ban hành …``.
_NAME_CODE: Final = re.compile(r"((?:[IVX]+|[0-9]+(?:\.[0-9]+)*|[a-zđ]))[.)]\s+(\S.*)", re.DOTALL)
_BULLETS: Final = ("-", "+", "•", "–", "*")
_BULLET: Final = re.compile(r"^\s*[-+•–]\s*")
_NUMBERING: Final = re.compile(r"\(?[0-9]+\)?")
_HEADERS: Final = {
    "code": ("stt", "tt", "mã", "mã số", "số tt", "số thứ tự"),
    "max": ("điểm tối đa", "điểm chuẩn", "thang điểm", "điểm"),
    "scoring": ("cách chấm", "cách tính", "hướng dẫn", "phương pháp", "ghi chú", "cách thức"),
    "name": ("lĩnh vực", "tiêu chí", "nội dung"),
    "responsible": (
        "đơn vị chủ trì",
        "cơ quan chủ trì",
        "cơ quan, đơn vị chủ trì",
        "đơn vị thực hiện",
        "cơ quan thực hiện",
        "đơn vị phụ trách",
    ),
}


def plain(text: str) -> str:
    """A cell's text without bold markers, its lines trimmed and empty ones dropped."""
    lines = (_BOLD.sub("", line).strip(" \t*_") for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    """A cell's text on one line."""
    return " ".join(plain(text).split())


def parse_points(cell: str) -> tuple[Decimal | None, str | None]:
    """A printed maximum and the footnote mark glued to it, if any; ``(None, None)`` if blank.

    Raises :class:`ValueError` when the cell holds something else than a figure.
    """
    text = unicodedata.normalize("NFC", cell).strip()
    footnote = None
    glued = _BOLD_FOOTNOTE.fullmatch(text)
    if glued:
        text, footnote = glued.group(1), glued.group(2)
    else:
        text = _BOLD.sub("", text).strip(" *_")
        marks = "".join(c for c in text if c in _SUPERSCRIPTS)
        if marks and text.endswith(marks):
            footnote = str(int("".join(str(_SUPERSCRIPTS.index(c)) for c in marks)))
            text = text[: -len(marks)].strip()
    marked = _MARKED.fullmatch(text)
    if marked:
        text, footnote = marked.group(1), marked.group(2)
    if not text:
        return None, footnote
    figure = _FIGURE.fullmatch(text)
    if figure is None:
        raise ValueError(text)
    return Decimal(figure.group(1).replace(",", ".")), footnote


def _columns(cells: Sequence[str]) -> Columns | None:
    """The columns a header row names, or ``None`` when the row is not a header."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        words = one_line(cell).lower().strip(" .:")
        for role in ("code", "max", "scoring", "responsible", "name"):
            if role in found:
                continue
            names = _HEADERS[role]
            if (role == "code" and words in names) or (
                role != "code" and any(words.startswith(n) for n in names)
            ):
                found[role] = index
                break
    if "code" not in found or len(found) < 3:
        return None
    return Columns(
        code=found["code"],
        name=found.get("name", found["code"] + 1),
        max=found.get("max"),
        scoring=found.get("scoring"),
        responsible=found.get("responsible"),
    )


def _numbering(cells: Sequence[str]) -> bool:
    """Whether a row only numbers the columns: ``(1) | (2) | (3) | (4)``, or ``1 | 2 | 3``."""
    shown = [one_line(c) for c in cells if one_line(c)]
    if len(shown) < 3 or not all(_NUMBERING.fullmatch(c) for c in shown):
        return False
    numbers = [int(c.strip("()")) for c in shown]
    return numbers == list(range(1, len(numbers) + 1))


def _is_option(code_cell: str, name: str) -> bool:
    """Whether a row is one option of the criterion above it: ``| - Ban hành đúng hạn | 1 |``."""
    code = one_line(code_cell)
    return (not code and bool(_BULLET.match(name))) or code in _BULLETS


def _with_option(entry: Entry, cells: Sequence[str], columns: Columns) -> Entry:
    """The criterion with one more option of its scoring: ``- Ban hành đúng hạn: 1 điểm``."""
    option = _BULLET.sub("", one_line(_cell(cells, columns.name)))
    try:
        points, _ = parse_points(_cell(cells, columns.max))
    except ValueError:
        points = None
    clause = option if points is None else f"{option}: {format_plain(points)} điểm"
    extra = one_line(_cell(cells, columns.scoring))
    clause = f"- {clause} ({extra})" if extra else f"- {clause}"
    scoring = f"{entry.scoring}\n{clause}" if entry.scoring else clause
    return attrs.evolve(entry, scoring=scoring)


def _cell(cells: Sequence[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _written_code(cell: str) -> str | None:
    text = one_line(cell)
    match = _WRITTEN_CODE.fullmatch(text)
    if match is None:
        return None
    code = match.group(1)
    return code if CODE_PATTERN.fullmatch(code) else None


def _segments(code: str) -> list[str]:
    return code.split(".")


def _is_roman(segment: str) -> bool:
    return segment.isupper() and segment.isalpha()


def _is_letter(segment: str) -> bool:
    return len(segment) == 1 and segment in LETTERS


class _Placer:
    """Gives each row its whole code from the rows above it, as a reader of the decree does."""

    def __init__(self) -> None:
        self.part: str | None = None  # the current part (phần), a Roman numeral
        self.numbered: str | None = None  # the last criterion numbered with digits
        self.codes: set[str] = set()

    def place(self, written: str) -> tuple[str | None, Message | None]:
        segments = _segments(written)
        head = segments[0]
        if _is_roman(head):
            code = written
        elif _is_letter(head):
            if self.numbered is None:
                return None, msg(
                    "point {code!r} comes before any criterion it can belong to", code=written
                )
            code = f"{self.numbered}.{written}"
        else:
            code = f"{self.part}.{written}" if self.part else written
        if code in self.codes:
            return None, msg("the code {code!r} is already in the table", code=code)
        parent = parent_code(code)
        if parent is not None and parent not in self.codes:
            return None, msg("its parent {parent!r} is not in the table above it", parent=parent)
        self.codes.add(code)
        if len(segments) == 1 and _is_roman(head):
            self.part = code
        if not _is_letter(_segments(code)[-1]):
            self.numbered = code
        return code, None


def place(sheet: Sheet) -> Placed:
    """Read the sheet's rows as the decree's tree: codes, names, maxima, scoring texts."""
    columns = Columns()
    header_line: int | None = None
    placer = _Placer()
    entries: list[Entry] = []
    unplaced: list[Unplaced] = []
    total: Decimal | None = None
    total_line: int | None = None
    footnotes = dict(sheet.footnotes)
    after_header = False
    for row in sheet.rows:
        cells = row.cells
        if not any(one_line(c) for c in cells):
            continue  # a row left blank (the rest of cells merged from above)
        text = " | ".join(one_line(c) for c in cells)
        header = _columns(cells)
        if header is not None:
            if header_line is None:
                columns, header_line = header, row.line
            after_header = True
            continue  # a header repeated on each page
        if after_header and _numbering(cells):
            after_header = False
            continue  # the column numbers under a header: (1) | (2) | (3) | (4)
        after_header = False
        written_cell = _cell(cells, columns.code)
        name = plain(_cell(cells, columns.name))
        if _TOTAL.fullmatch(one_line(written_cell)) or _TOTAL.fullmatch(one_line(name)):
            try:
                total, _ = parse_points(_cell(cells, columns.max))
                total_line = row.line
            except ValueError:
                unplaced.append(
                    Unplaced(line=row.line, text=text, why=msg("the total is not a figure"))
                )
            continue
        written = _written_code(written_cell) if one_line(written_cell) else None
        if written is None and not one_line(written_cell):
            inline = _NAME_CODE.fullmatch(name)
            if inline is not None and CODE_PATTERN.fullmatch(inline.group(1)):
                written, name = inline.group(1), inline.group(2)
        if written is None and entries and _is_option(written_cell, name):
            entries[-1] = _with_option(entries[-1], cells, columns)
            continue
        if written is None and entries and _BULLET.match(one_line(written_cell)):
            # The option's empty first cell was lost in copying: its cells moved left.
            entries[-1] = _with_option(entries[-1], ("", *cells), columns)
            continue
        if written is None:
            why = (
                msg("no code in its first column")
                if not one_line(written_cell)
                else msg(
                    "{cell!r} is not a code as decrees write them", cell=one_line(written_cell)
                )
            )
            unplaced.append(Unplaced(line=row.line, text=text, why=why))
            continue
        code, refused = placer.place(written)
        if code is None:
            assert refused is not None
            unplaced.append(Unplaced(line=row.line, text=text, why=refused))
            continue
        notes: list[Message] = []
        try:
            maximum, footnote = parse_points(_cell(cells, columns.max))
        except ValueError as exc:
            maximum, footnote = None, None
            notes.append(msg("its maximum {cell!r} is not a figure", cell=str(exc)))
        footnote = footnote or footnotes.get(row.line)
        if footnote is not None:
            notes.append(
                msg("the footnote mark {mark} after its maximum was left out", mark=footnote)
            )
        entries.append(
            Entry(
                line=row.line,
                code=code,
                written=written,
                name=" ".join(name.split()),
                max=maximum,
                scoring=plain(_cell(cells, columns.scoring)),
                responsible=one_line(_cell(cells, columns.responsible)) or None,
                notes=tuple(notes),
            )
        )
    return Placed(
        entries=tuple(entries),
        unplaced=tuple(unplaced),
        total=total,
        total_line=total_line,
        header_line=header_line,
    )
