"""What a result says, laid out once as a :class:`~._document.Document`; words shared with reports.

Markdown, HTML and plain text write the same document (see :mod:`._document`),
so the words live here only: every text is English in the code, marked for the
catalogs, and translated here, where it is shown; numbers and dates are written
the reader's way (``64,7``, ``20.845``, ``89,4 %``, ``20/9/2023`` in Vietnamese).
Nothing here computes a score: every number is read from the result or report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..i18n import N_, Message, Named, format_day, format_number, gettext, language, msg
from ..reports.check import Finding, decree_notes
from ..reports.explain import STATUS_WORDS
from ..reports.reconcile import Discrepancy
from ..reports.report import FieldReport
from ..scoring.result import NodeResult, Result, Status
from . import _words as words
from ._document import (
    Bar,
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Paragraph,
    Table,
    runs,
    strong,
)

__all__ = ["Words", "chart", "discrepancy_list", "note_list", "result_document"]


class Words:
    """Translation and number formatting for one language."""

    def __init__(self, locale: str) -> None:
        self.lang = language(locale)
        self.estimate = gettext(N_("est."), self.lang)

    def __call__(self, text: str | Message | Named) -> str:
        """A marked constant, a message or a name in the reader's language."""
        if isinstance(text, Message | Named):
            return text.text(self.lang)
        return gettext(text, self.lang)

    def n(self, value: Decimal | int) -> str:
        return format_number(Decimal(value), self.lang)

    def count(self, value: int | None) -> str:
        return "–" if value is None else self.n(value)

    def percent(self, value: Decimal) -> str:
        return f"{self.n(value)} %"

    def status(self, status: Status) -> str:
        return gettext(STATUS_WORDS[status], self.lang)

    def name(self, node: NodeResult) -> str:
        return node.name_en if self.lang == "en" and node.name_en else node.name


# -- a result: the tree, a chart, the totals ------------------------------------------


def _tree(result: Result, w: Words) -> Table:
    rows = []
    strong_rows = []
    for i, node in enumerate(result.walk()):
        name = w.name(node)
        if node.estimated:
            name = f"{name} ({w.estimate})"
        rows.append(
            (
                node.code,
                name,
                w.n(node.points),
                w.n(node.max),
                w.n(node.pending),
                w.n(node.lost),
                w.status(node.status),
                node.responsible or "",
            )
        )
        if "." not in node.code:
            strong_rows.append(i)
    return Table(
        head=tuple(
            w(h)
            for h in (
                N_("Code"),
                N_("Criterion"),
                N_("Points"),
                N_("Max"),
                N_("Pending"),
                N_("Lost"),
                N_("Status"),
                N_("Responsible"),
            )
        ),
        rows=tuple(rows),
        numeric=frozenset({2, 3, 4, 5}),
        strong_rows=frozenset(strong_rows),
        depth=tuple(node.code.count(".") for node in result.walk()),
    )


def chart(fields: Iterable[NodeResult | FieldReport], w: Words) -> Chart:
    bars = []
    for node in fields:
        name = w(node.name) if isinstance(node, FieldReport) else w.name(node)
        bars.append(
            Bar(
                label=f"{node.code}. {name}",
                max=node.max,
                points=node.points,
                pending=node.pending,
                lost=node.lost,
                text=w(
                    msg(
                        "{points} of {max} · pending {pending} · lost {lost}",
                        points=node.points,
                        max=node.max,
                        pending=node.pending,
                        lost=node.lost,
                    )
                ),
            )
        )
    return Chart(
        title=w(N_("Points per field against the maximum")),
        bars=tuple(bars),
        legend=(w(N_("Obtained")), w(N_("Pending")), w(N_("Lost"))),
    )


def _totals(result: Result, w: Words) -> Paragraph:
    return Paragraph(runs(strong(w(words.totals(result)))))


def discrepancy_list(found: Sequence[Discrepancy], w: Words) -> Bullets:
    return Bullets(tuple(runs(d.message(w.lang)) for d in found))


def note_list(notes: Sequence[Finding], w: Words) -> Bullets:
    """The decree's inconsistencies kept as written, each with the node it is at."""
    return Bullets(
        tuple(runs(f"{n.where.node}: {w(n.what)}" if n.where.node else w(n.what)) for n in notes)
    )


def result_document(
    result: Result, discrepancies: Sequence[Discrepancy] = (), *, locale: str = "vi"
) -> Document:
    """A result as a document: heading, the tree, a chart of the fields, totals, discrepancies."""
    w = Words(locale)
    about = " · ".join(
        part
        for part in (
            result.ruleset,
            result.unit,
            w(msg("as of {day}", day=format_day(result.as_of, w.lang))),
        )
        if part
    )
    fields = [n for n in result.fields if n.max]
    blocks: list[Block] = [Paragraph(runs(about)), _tree(result, w)]
    if fields:
        blocks.append(chart(fields, w))
    blocks.append(_totals(result, w))
    if result.grade is not None and result.grade.label:
        label = result.grade.label_en if w.lang == "en" and result.grade.label_en else None
        blocks.append(Paragraph(runs(w(msg("Grade: {grade}", grade=label or result.grade.label)))))
    if discrepancies:
        blocks.append(Heading(2, w(N_("Discrepancies with the reported sheet"))))
        blocks.append(discrepancy_list(discrepancies, w))
    notes = tuple(decree_notes(result.context.ruleset)) if result.context is not None else ()
    if notes:
        blocks.append(Heading(2, w(N_("The decree's figures, kept as written"))))
        blocks.append(note_list(notes, w))
    return Document(title=words.title(result, w.lang), lang=w.lang, blocks=tuple(blocks))
