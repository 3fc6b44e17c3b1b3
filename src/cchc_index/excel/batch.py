"""Batch sheets: one unit per row, under a header row of input names.

A province scoring all its communes keeps one row per commune. The header row
names the columns as :func:`cchc_index.read_units` does for a CSV sheet: ``unit``,
``as_of``, ``period``, an input's name (``files_resolved``), ``points:<code>`` for
a manual criterion's points and ``not_applicable:<code>`` (x or có for yes).
Rows above the header are free (a title, labels); rows below it are units, blank
rows skipped. :func:`~cchc_index.excel.write_units_template` writes such a sheet, labels above
the header.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ..errors import InputError, Location, Problem, ProblemLog, suggest
from ..i18n import msg
from ..kinds.manual import Manual
from ..language.model import InputSpec, InputType, Ruleset
from . import _book
from ._book import Cells, convert_date, convert_flag, convert_number, convert_text, convert_year
from ._openpyxl import require_openpyxl
from ._words import language, word
from .template import Sheet, allowed, validation

__all__ = ["read_units_workbook", "write_units_template"]

#: How far down the header row is looked for.
_HEADER_ROWS = 20
#: How many rows of a written batch sheet carry data validation, beyond the units given.
_SPARE_ROWS = 500
_META = {"unit": convert_text, "as_of": convert_date, "period": convert_year}


def write_units_template(
    ruleset: Ruleset,
    path: str | os.PathLike[str],
    *,
    locale: str = "vi",
    units: Sequence[str] = (),
) -> None:
    """Write a batch sheet for ``ruleset``: labels in row 1, the header in row 2, ``units`` below.

    The header holds the machine names (``unit``, ``as_of``, ``period``, every
    input, ``points:<code>`` for every manual criterion); each column carries the
    same data validation as the template's cells.
    """
    _book.need_ruleset(ruleset)
    lang = language(locale)
    book = require_openpyxl().Workbook()
    sheet = Sheet(book.active, lang)
    sheet.ws.title = word("units", lang)
    date = InputSpec(name="as_of", type=InputType.DATE, label="as_of")
    columns: list[tuple[str, str, dict[str, str] | None]] = [
        ("unit", word("meta:unit", lang), None),
        ("as_of", word("meta:as_of", lang), validation(date)),
        ("period", word("meta:period", lang), None),
    ]
    for spec in ruleset.inputs.values():
        label = (spec.label_en if lang == "en" else None) or spec.label
        columns.append((spec.name, f"{label} ({allowed(spec, lang)})", validation(spec)))
    for leaf in ruleset.leaves():
        if isinstance(leaf.rule, Manual):
            label = f"{leaf.code} {(leaf.name_en if lang == 'en' else None) or leaf.name}"
            columns.append((f"points:{leaf.code}", label, validation(None, leaf.max)))
    last = len(units) + 2 + _SPARE_ROWS
    for column, (key, label, settings) in enumerate(columns, start=1):
        head = sheet.put(1, column, label)
        head.alignment = sheet.align(wrap_text=True, vertical="top")
        sheet.put(2, column, key, text=True).font = sheet.font(bold=True)
        letter = head.column_letter
        sheet.ws.column_dimensions[letter].width = 30 if column == 1 else 16
        if settings is not None:
            sheet.check(settings, label).add(f"{letter}3:{letter}{last}")
    for row, unit in enumerate(units, start=3):
        sheet.put(row, 1, unit)
    sheet.ws.freeze_panes = "B3"
    _book.save(book, path, lang)


def read_units_workbook(
    path: str | os.PathLike[str], ruleset: Ruleset, *, sheet: str | None = None
) -> list[dict[str, Any]]:
    """Read a batch sheet: one data mapping per unit row, in the sheet's order.

    ``sheet`` names the sheet; by default, the first sheet with a header row. Each
    mapping is what a TOML data file holds and has been checked against
    ``ruleset``; every problem of every row, at its cell, is raised as one
    :class:`~cchc_index.InputError`.
    """
    _book.need_ruleset(ruleset)
    file, values, formulas = _book.open_book(path)
    known = _known(ruleset)
    if sheet is not None and sheet not in values.sheetnames:
        raise InputError(
            Problem(
                where=Location(file=file, key=str(sheet)),
                what=msg(
                    "the workbook has no sheet {sheet!r}; it has {sheets}",
                    sheet=sheet,
                    sheets=values.sheetnames,
                ),
            )
        )
    found = [
        (ws, row)
        for ws in ([values[sheet]] if sheet is not None else values.worksheets)
        if (row := _header(ws, known)) is not None
    ]
    if not found:
        raise InputError(
            Problem(
                where=Location(file=file, key=sheet),
                what=msg(
                    "no header row of input names (such as {example!r}) in the first {rows} rows",
                    example=next(iter(ruleset.inputs), "unit"),
                    rows=_HEADER_ROWS,
                ),
            )
        )
    ws, header = found[0]
    log = ProblemLog(file=file)
    cells = Cells(ws, formulas[ws.title], log)
    columns = _columns(cells, header, known)
    units: list[dict[str, Any]] = []
    for row in range(header + 1, ws.max_row + 1):
        if all(
            cells.raw(row, c) is None and cells.formulas.cell(row=row, column=c).data_type != "f"
            for c in columns.values()
        ):
            continue
        raw, places = _unit(cells, row, columns, ruleset)
        _book.check(ruleset, raw, places, log)
        units.append(raw)
    log.raise_if_any(InputError)
    return units


def _known(ruleset: Ruleset) -> set[str]:
    leaves = [leaf.code for leaf in ruleset.leaves()]
    return {
        *_META,
        *ruleset.inputs,
        *(f"points:{code}" for code in leaves),
        *(f"not_applicable:{code}" for code in leaves),
    }


def _header(ws: Any, known: set[str]) -> int | None:
    """The first row naming at least one known column."""
    for row in range(1, min(ws.max_row, _HEADER_ROWS) + 1):
        for column in range(1, ws.max_column + 1):
            value = ws.cell(row=row, column=column).value
            if isinstance(value, str) and value.strip() in known:
                return row
    return None


def _columns(cells: Cells, header: int, known: set[str]) -> dict[str, int]:
    """The header's columns by key; numbers, unknown names and repeats are logged."""
    columns: dict[str, int] = {}
    for column in range(1, cells.values.max_column + 1):
        key = cells.raw(header, column)
        ref = cells.ref(header, column)
        if key is None:
            continue
        if not isinstance(key, str):
            cells.log.add(
                msg(
                    "the header cell holds the number {key!r}: Excel dropped a code's "
                    "text form; type criterion codes as text ('1.10)",
                    key=key,
                ),
                key=ref,
            )
        elif key not in known:
            cells.log.add(
                msg("unknown column {key!r}{hint}", key=key, hint=suggest(key, known)),
                key=ref,
            )
        elif key in columns:
            cells.log.add(msg("column {key!r} appears twice", key=key), key=ref)
        else:
            columns[key] = column
    return columns


def _unit(
    cells: Cells, row: int, columns: dict[str, int], ruleset: Ruleset
) -> tuple[dict[str, Any], dict[str, str]]:
    """One unit row's data mapping, and where each value sits."""
    raw: dict[str, Any] = {}
    inputs: dict[str, Any] = {}
    criteria: dict[str, dict[str, Any]] = {}
    places: dict[str, str] = {}
    for key, column in columns.items():
        head, _, code = key.partition(":")
        ref = cells.ref(row, column)
        if key in _META:
            places[key] = ref
            value = cells.read(row, column, _META[key])
            if value is not None:
                raw[key] = value
        elif key in ruleset.inputs:
            places[f"input:{key}"] = ref
            spec = ruleset.inputs[key]

            def convert(value: object, shown: str, spec: InputSpec = spec) -> object:
                return _book.convert_input(spec, value, shown)

            value = cells.read(row, column, convert, input=key)
            if value is not None:
                inputs[key] = value
        elif head == "not_applicable":
            places[f"node:{code}:not_applicable"] = ref
            if cells.read(row, column, convert_flag, node=code):
                criteria.setdefault(code, {})["not_applicable"] = True
        else:  # points:<code>
            places[f"node:{code}"] = places[f"node:{code}:points"] = ref
            points = cells.read(row, column, convert_number, node=code)
            if points is not None:
                criteria.setdefault(code, {})["points"] = points
    return {**raw, "inputs": inputs, "criteria": criteria}, places
