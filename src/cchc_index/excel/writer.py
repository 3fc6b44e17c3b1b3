"""Results as a workbook: the tree with points, pending, lost and status, for one or many units.

A renderer: it shows what :func:`cchc_index.evaluate` computed and never computes
a score. Codes are text cells; numbers are real numbers whose format Excel draws
the reader's way (``64,7`` in a Vietnamese Excel). With a reported score sheet,
what :func:`cchc_index.reconcile` finds goes to a sheet of its own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from ..errors import InputError, Location, Problem
from ..i18n import msg
from ..render import _words as words
from ..reports.reconcile import Discrepancy, reconcile
from ..scoring.result import LayerChange, Result
from . import _book
from ._openpyxl import require_openpyxl
from ._words import language, layer_label, number_format, result_word

__all__ = ["write_results_workbook"]

_TREE: tuple[str, ...] = ("code", "name", "points", "max", "pending", "lost", "status")
_TREE += ("estimated", "responsible", "due")
_SUMMARY = ("unit", "points", "max", "pending", "lost", "potential", "index", "status", "as_of")
_FOUND = ("unit", "code", "reported", "computed", "difference", "message")
_CHANGES = ("unit", "code", "layer", "before", "after", "difference")
_WIDTHS = {"code": 9, "name": 60, "responsible": 28, "message": 90, "unit": 28, "as_of": 13}
_HEAD_ROW = 4
#: Characters a sheet name may not hold, and its longest length.
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_SHEET_LENGTH = 31

Reported = Mapping[str, object] | Sequence[Mapping[str, object] | None] | None


def write_results_workbook(
    results: Result | Sequence[Result],
    path: str | os.PathLike[str],
    *,
    locale: str = "vi",
    reported: Reported = None,
) -> None:
    """Write one :class:`~cchc_index.Result`, or several, as an ``.xlsx`` workbook.

    One sheet per result with the whole tree; with several results, a summary
    sheet first. ``reported`` is a reported score sheet (``{"total": "65,7",
    "1": 12}``) for one result, or one per result (``None`` where there is none);
    the discrepancies :func:`~cchc_index.reconcile` finds get a sheet of their own.
    """
    lang = language(locale)
    many = isinstance(results, Iterable) and not isinstance(results, str | bytes | Mapping)
    chosen = [results] if isinstance(results, Result) else list(results) if many else []
    if not chosen or not all(isinstance(r, Result) for r in chosen):
        raise InputError(
            Problem(
                what=msg(
                    "write_results_workbook() needs a Result or a list of them (from evaluate)"
                ),
            )
        )
    sheets = _reported(chosen, reported)
    found = [
        (result, d)
        for result, sheet in zip(chosen, sheets, strict=True)
        if sheet is not None
        for d in reconcile(result, sheet)
    ]
    book = require_openpyxl().Workbook()
    writer = _Writer(book, lang)
    if len(chosen) > 1:
        writer.summary(chosen)
    names = {result_word(key, lang).casefold() for key in ("summary", "changes", "discrepancies")}
    for number, result in enumerate(chosen, start=1):
        title = result_word("results", lang) if len(chosen) == 1 else result.unit or str(number)
        writer.tree(result, _sheet_name(title, number, names))
    changes = [(result, change) for result in chosen for change in result.changes()]
    if changes:
        writer.changes(changes)
    if found:
        writer.discrepancies(found)
    book.remove(book.worksheets[0])  # the empty sheet every new workbook starts with
    _book.save(book, path, lang)


def _reported(results: list[Result], reported: Reported) -> list[Mapping[str, object] | None]:
    if reported is None:
        return [None] * len(results)
    if isinstance(reported, Mapping) and len(results) == 1:
        return [reported]
    many = isinstance(reported, Sequence) and not isinstance(reported, str | Mapping)
    if many and len(reported) == len(results):
        return list(reported)  # type: ignore[arg-type]
    raise InputError(
        Problem(
            where=Location(key="reported"),
            what=msg("reported must be one sheet for one result, or a list with one per result"),
        )
    )


def _sheet_name(title: str, number: int, taken: set[str]) -> str:
    """A unique, valid sheet name from a unit's name."""
    base = name = _BAD_SHEET.sub(" ", title).strip("' ")[:_SHEET_LENGTH] or str(number)
    while name.casefold() in taken:
        suffix = f" ({number})"
        name = base[: _SHEET_LENGTH - len(suffix)] + suffix
        number += 1
    taken.add(name.casefold())
    return name


class _Writer:
    def __init__(self, book: Any, lang: str) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.book, self.lang = book, lang
        self.font, self.align = Font, Alignment
        self.fill = PatternFill("solid", fgColor="DDEBF7")

    def sheet(self, title: str, columns: Sequence[str], heading: Sequence[str]) -> Any:
        ws = self.book.create_sheet(title)
        ws.cell(row=1, column=1, value=heading[0]).font = self.font(bold=True, size=13)
        for row, line in enumerate(heading[1:], start=2):
            ws.cell(row=row, column=1, value=line)
        for column, key in enumerate(columns, start=1):
            cell = ws.cell(row=_HEAD_ROW, column=column, value=result_word(key, self.lang))
            cell.font, cell.fill = self.font(bold=True), self.fill
            cell.alignment = self.align(wrap_text=True, vertical="center", horizontal="center")
            ws.column_dimensions[cell.column_letter].width = _WIDTHS.get(key, 12)
        ws.freeze_panes = ws.cell(row=_HEAD_ROW + 1, column=3).coordinate
        return ws

    def put(self, ws: Any, row: int, column: int, value: object) -> Any:
        """One cell: numbers with their own format, dates as dates, text as text."""
        cell = ws.cell(row=row, column=column)
        cell.value = value
        if isinstance(value, Decimal):
            cell.number_format = number_format(value)
        elif isinstance(value, date):
            cell.number_format = "dd/mm/yyyy"
        elif isinstance(value, str):
            cell.data_type = "s"  # a code stays "1.10"; a name never turns into a formula
            cell.number_format = "@"
        return cell

    def row(self, ws: Any, row: int, values: Sequence[object], *, bold: bool = False) -> None:
        for column, value in enumerate(values, start=1):
            cell = self.put(ws, row, column, value)
            if bold:
                cell.font = self.font(bold=True)

    def tree(self, result: Result, title: str) -> None:
        lang = self.lang
        as_of = msg("as of {day}", day=words.day(result.as_of, lang)).text(lang)
        parts = [result.ruleset, result.unit, as_of]
        if len(result.layers) > 1 or result.layer != "self":
            parts.append(msg("Layer: {layer}", layer=layer_label(result.layer, lang)).text(lang))
        heading = [words.title(result, lang), " · ".join(filter(None, parts))]
        if result.grade is not None and result.grade.label:
            label = (result.grade.label_en if lang == "en" else None) or result.grade.label
            heading.append(msg("Grade: {grade}", grade=label).text(lang))
        ws = self.sheet(title, _TREE, heading)
        row = _HEAD_ROW
        for row, node in enumerate(result.walk(), start=_HEAD_ROW + 1):
            depth = node.code.count(".")
            name = (node.name_en if lang == "en" else None) or node.name
            self.row(
                ws,
                row,
                [
                    node.code,
                    name,
                    node.points,
                    node.max,
                    node.pending,
                    node.lost,
                    words.status(node.status, lang),
                    result_word("yes", lang) if node.estimated else None,
                    node.responsible,
                    node.due,
                ],
                bold=depth == 0,
            )
            ws.cell(row=row, column=2).alignment = self.align(indent=2 * depth, wrap_text=True)
        total = [result_word("total", lang), None, result.points, result.max, result.pending]
        total += [result.lost, words.status(result.status, lang)]
        total.append(result_word("yes", lang) if result.estimated else None)
        self.row(ws, row + 1, total, bold=True)
        self.row(ws, row + 2, [result_word("index", lang), None, result.index], bold=True)
        self.row(ws, row + 3, [result_word("potential", lang), None, result.potential])

    def summary(self, results: Sequence[Result]) -> None:
        ws = self.sheet(result_word("summary", self.lang), _SUMMARY, [results[0].title])
        for row, result in enumerate(results, start=_HEAD_ROW + 1):
            values = [result.unit, result.points, result.max, result.pending, result.lost]
            values += [result.potential, result.index, words.status(result.status, self.lang)]
            self.row(ws, row, [*values, result.as_of])

    def changes(self, changes: Sequence[tuple[Result, LayerChange]]) -> None:
        ws = self.sheet(result_word("changes", self.lang), _CHANGES, [changes[0][0].title])
        for row, (result, change) in enumerate(changes, start=_HEAD_ROW + 1):
            layer = layer_label(change.layer, self.lang)
            values = [result.unit, change.code, layer, change.before, change.after]
            self.row(ws, row, [*values, change.difference])

    def discrepancies(self, found: Sequence[tuple[Result, Discrepancy]]) -> None:
        ws = self.sheet(result_word("discrepancies", self.lang), _FOUND, [found[0][0].title])
        for row, (result, d) in enumerate(found, start=_HEAD_ROW + 1):
            code = result_word("total", self.lang) if d.code == "total" else d.code
            values = [result.unit, code, d.reported, d.computed, d.difference]
            self.row(ws, row, [*values, d.message(self.lang)])
