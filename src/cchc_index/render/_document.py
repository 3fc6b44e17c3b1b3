"""A small document model (headings, paragraphs, lists, tables, charts) and its plain-text form.

A report is laid out once, in words, as a :class:`Document`; each syntax
(plain text here, Markdown in :mod:`.markdown`, HTML in :mod:`.html`) only
writes the blocks its own way. So the three outputs of a report never disagree
on what they say. Texts in a document are already translated and their numbers
already written the reader's way: the blocks carry words, not data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Literal

from attrs import field, frozen

__all__ = [
    "Bar",
    "Block",
    "Bullets",
    "Chart",
    "Document",
    "Heading",
    "Heat",
    "HeatMap",
    "Histogram",
    "Paragraph",
    "Run",
    "Table",
    "em",
    "histogram_table",
    "plain_text",
    "strong",
    "to_text",
]

Style = Literal["plain", "em", "strong"]


@frozen
class Run:
    """A piece of text in one style: plain, emphasised (*italics*: offices) or strong."""

    text: str
    style: Style = "plain"


def em(text: str) -> Run:
    """Text in italics: how the seed report names a responsible office."""
    return Run(text, "em")


def strong(text: str) -> Run:
    """Text in bold."""
    return Run(text, "strong")


Runs = tuple[Run, ...]


def runs(*parts: str | Run) -> Runs:
    """Runs from plain strings and runs, empty strings dropped."""
    return tuple(p if isinstance(p, Run) else Run(p) for p in parts if p)


@frozen
class Heading:
    """A heading: level 1 the title, 2 a section (I, II …), 3 a part of a section."""

    level: int
    text: str


@frozen
class Paragraph:
    """A paragraph of runs."""

    runs: Runs


@frozen
class Bullets:
    """A list, each item a line of runs."""

    items: tuple[Runs, ...]


@frozen
class Table:
    """A table: a header row and rows of cells; ``numeric`` columns are right-aligned.

    ``strong_rows`` are the indices of rows to set in bold (fields, totals), and
    ``depth`` the indentation of each row's second cell (0 for a field).
    """

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    strong_rows: frozenset[int] = frozenset()
    depth: tuple[int, ...] = ()
    caption: str | None = None


@frozen
class Bar:
    """One field of a chart: points obtained, pending and lost against its max.

    The numbers are the result's, exactly; ``text`` is what the bar is labelled with.
    """

    label: str
    max: Decimal
    points: Decimal
    pending: Decimal
    lost: Decimal
    text: str


@frozen
class Chart:
    """A bar chart, one bar per field; only the HTML syntax draws it (an inline SVG per bar).

    ``legend`` names the three segments: obtained, pending, lost.
    """

    title: str
    bars: tuple[Bar, ...]
    legend: tuple[str, str, str]


@frozen
class Histogram:
    """Counts per bin (how many units scored 80 to 90 …): columns in HTML, a table elsewhere."""

    title: str
    head: tuple[str, str]
    bins: tuple[tuple[str, int], ...]


@frozen
class Heat:
    """One cell of a heat map: the shares (0 to 1) obtained and pending, and what it shows.

    Both shares are ``None`` where the cell is worth nothing (a maximum of 0).
    """

    share: Decimal | None
    pending: Decimal | None
    text: str
    title: str


@frozen
class HeatMap:
    """A table of shares: colour-coded in HTML, the numbers themselves elsewhere.

    ``head`` names the columns, the first being the rows' own label; each row is its
    label and one :class:`Heat` per further column.
    """

    title: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Heat, ...]], ...]
    note: str = ""

    def as_table(self) -> Table:
        """The same cells as a plain table, for the syntaxes that cannot colour them."""
        return Table(
            head=self.head,
            rows=tuple((label, *(h.text for h in cells)) for label, cells in self.rows),
            numeric=frozenset(range(1, len(self.head))),
            caption=self.title,
        )


Block = Heading | Paragraph | Bullets | Table | Chart | Histogram | HeatMap


@frozen
class Document:
    """A title, a language (``vi``/``en``) and the blocks that follow it."""

    title: str
    lang: str
    blocks: tuple[Block, ...] = field(factory=tuple)


def plain_text(parts: Iterable[Run]) -> str:
    """The runs' text, without styles."""
    return "".join(r.text for r in parts)


def _width(text: str) -> int:
    """How many columns ``text`` takes in a terminal (combining marks take none)."""
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(width - _width(text), 0)
    return gap + text if right else text + gap


def _table_text(table: Table) -> list[str]:
    cells = [list(table.head), *([*row] for row in table.rows)]
    for i, depth in enumerate(table.depth, start=1):
        if i < len(cells) and len(cells[i]) > 1 and depth:
            cells[i][1] = "  " * depth + cells[i][1]
    widths = [max(_width(row[c]) for row in cells) for c in range(len(table.head))]
    lines = []
    for index, row in enumerate(cells):
        line = "  ".join(
            _pad(cell, widths[c], c in table.numeric) for c, cell in enumerate(row)
        ).rstrip()
        lines.append(line)
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def to_text(document: Document) -> str:
    """The document as plain text that fits a terminal or an e-mail."""
    lines: list[str] = [document.title, "=" * _width(document.title)]
    for block in document.blocks:
        for line in _block_text(block):
            if line or (lines and lines[-1]):  # one blank line between blocks, never two
                lines.append(line)
    return "\n".join(lines).rstrip("\n") + "\n"


def _block_text(block: Block) -> Sequence[str]:
    if isinstance(block, Heading):
        # Sections in capitals, as the seed report writes them.
        return ["", block.text.upper() if block.level <= 2 else block.text, ""]
    if isinstance(block, Paragraph):
        return [plain_text(block.runs)]
    if isinstance(block, Bullets):
        return [f"  - {plain_text(item)}" for item in block.items]
    if isinstance(block, Table):
        caption = [block.caption] if block.caption else []
        return [*caption, *_table_text(block)]
    if isinstance(block, Histogram):
        return _block_text(_histogram_table(block))
    if isinstance(block, HeatMap):
        return [*_block_text(block.as_table()), *([block.note] if block.note else [])]
    return []  # a chart is drawn only where there is somewhere to draw it


def _histogram_table(histogram: Histogram) -> Table:
    return Table(
        head=histogram.head,
        rows=tuple((label, str(count)) for label, count in histogram.bins),
        numeric=frozenset({1}),
        caption=histogram.title,
    )


def histogram_table(histogram: Histogram) -> Table:
    """A histogram's bins as a table (label, count), for syntaxes that do not draw."""
    return _histogram_table(histogram)
