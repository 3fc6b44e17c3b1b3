"""Reading a filled template back: the same mapping a TOML data file gives.

Rows and columns are found by the template's hidden markers, never by their
labels, so a translated or re-worded sheet reads the same. What breaks the
markers is refused rather than guessed at: a code that Excel turned into a
number (``1.1`` where ``1.10`` stood), rows moved, sorted or merged so that a
row's code no longer matches its marker, rows deleted or copied. Every problem
of the workbook, with its cell (``Chấm điểm!I29`` in ``Location.key``), is
raised at once as one :class:`~cchc_index.InputError`.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import Any

from ..errors import InputError, Location, Problem, ProblemLog
from ..i18n import Message, msg
from ..language.model import InputSpec, Ruleset
from . import _book
from ._book import Cells, convert_date, convert_flag, convert_number, convert_text, convert_year
from .template import COLUMNS_MARK, FORM_MARK, INFO_MARK, META, META_COLUMN

__all__ = ["read_workbook"]


def read_workbook(path: str | os.PathLike[str], ruleset: Ruleset) -> dict[str, Any]:
    """Read a template filled in Excel: ``{"unit", "as_of", "period", "inputs", "criteria", …}``.

    The mapping is what a TOML data file holds, ready for :func:`cchc_index.evaluate`:
    flat for a template of the rule set's first layer alone, else one table per
    layer column that holds anything under ``"layers"``. The not-applicable and
    estimate marks and the notes belong to the template's first layer. The data
    has been checked against ``ruleset`` already; every problem, located at its
    cell, is raised as one :class:`~cchc_index.InputError`.
    """
    _book.need_ruleset(ruleset)
    file, values, formulas = _book.open_book(path)
    log = ProblemLog(file=file)
    form = _book.find_sheet(values, FORM_MARK)
    if form is None:
        raise InputError(
            Problem(
                where=Location(file=file),
                what=msg(
                    "no sheet of this workbook is a cchc-index template (its cell A1 "
                    "would read {mark!r}); make one with write_template, or read a "
                    "sheet of one unit per row with read_units_workbook",
                    mark=FORM_MARK,
                ),
            )
        )
    reader = _Form(ruleset, Cells(form, formulas[form.title], log))
    raw = reader.read()
    info: Any = _book.find_sheet(values, INFO_MARK)
    rows = [] if info is None else range(2, info.max_row + 1)
    found = [row for row in rows if info.cell(row=row, column=1).value == "ruleset"]
    if found:
        cells = Cells(info, formulas[info.title], log)
        declared = cells.read(found[0], 3, convert_text)
        if declared is not None:
            raw["ruleset"] = declared
            reader.places["ruleset"] = cells.ref(found[0], 3)
    else:
        log.add(
            msg(
                "the template's second sheet, which names its rule set, is gone: "
                "write a new template"
            ),
        )
    _book.check(ruleset, raw, reader.places, log)
    log.raise_if_any(InputError)
    return raw


class _Form:
    """Reads the form sheet of a template, row by row, by its markers."""

    def __init__(self, ruleset: Ruleset, cells: Cells) -> None:
        self.ruleset, self.cells = ruleset, cells
        self.log = cells.log
        self.places: dict[str, str] = {}
        self.given: set[str] = set()
        self.head = 1
        self.rows: dict[str, int] = {}
        self.columns: dict[str, int] = {}

    def problem(
        self, what: Message, key: str, *, node: str | None = None, input: str | None = None
    ) -> None:
        self.log.add(what, key=key, node=node, input=input)

    def read(self) -> dict[str, Any]:
        self.scan()
        raw: dict[str, Any] = {}
        for key, convert in zip(META, (convert_text, convert_date, convert_year), strict=True):
            row = self.rows.get(f"meta:{key}")
            if row is not None:
                self.places[key] = self.cells.ref(row, META_COLUMN)
                value = self.cells.read(row, META_COLUMN, convert)
                if value is not None:
                    raw[key] = value
        missing = [
            c for c in ("code", "not_applicable", "estimate", "note") if c not in self.columns
        ]
        layers = {k[6:]: c for k, c in self.columns.items() if k.startswith("layer:")}
        if missing or not layers:
            if self.columns:
                self.problem(
                    msg(
                        "the template's hidden row of column names lacks {missing}: the sheet "
                        "was changed; write a new template",
                        missing=missing or ["layer:…"],
                    ),
                    self.cells.title,
                )
            return {**raw, "inputs": {}, "criteria": {}}
        for name, column in layers.items():
            self.places[f"layers.{name}"] = self.cells.ref(self.head, column)
        tables: dict[str, dict[str, Any]] = {n: {"inputs": {}, "criteria": {}} for n in layers}
        self.inputs(layers, tables)
        self.criteria(layers, tables)
        if list(layers) == [self.ruleset.layers[0]]:
            return {**raw, **tables[self.ruleset.layers[0]]}  # flat, as a TOML file writes it
        given = {name: table for name, table in tables.items() if any(table.values())}
        return {**raw, "layers": given}

    def scan(self) -> None:
        """Find every marked row and the named columns; refuse copies and merges."""
        ws, title = self.cells.values, self.cells.title
        first = None
        for row in range(1, ws.max_row + 1):
            marker = ws.cell(row=row, column=1).value
            if marker == COLUMNS_MARK:
                first, self.head = row, row + 1
                for column in range(2, ws.max_column + 1):
                    key = ws.cell(row=row, column=column).value
                    if isinstance(key, str):
                        self.columns.setdefault(key, column)
            elif isinstance(marker, str) and marker.partition(":")[0] in ("node", "input", "meta"):
                if marker in self.rows:
                    self.problem(
                        msg(
                            "rows {first} and {row} both hold {marker!r}: a row was copied",
                            first=self.rows[marker],
                            row=row,
                            marker=marker,
                        ),
                        self.cells.ref(row, 2),
                    )
                else:
                    self.rows[marker] = row
        for merged in ws.merged_cells.ranges:
            if first is not None and merged.max_row > first:
                self.problem(
                    msg(
                        "cells {coord} are merged: rows of the table must stay apart",
                        coord=merged.coord,
                    ),
                    f"{title}!{merged.coord}",
                )
        if first is None:
            self.problem(
                msg("the template's hidden row of column names is gone: write a new template"),
                title,
            )

    def row(self, kind: str, name: str) -> int | None:
        """The row marked ``kind:name``, its code cell checked; ``None`` (logged) when broken."""
        row = self.rows.get(f"{kind}:{name}")
        title = self.cells.title
        where = {"input": name} if kind == "input" else {"node": name}
        if row is None:
            if kind == "node":
                missing = msg(
                    "the row of criterion {name!r} is missing: rows were deleted; "
                    "write a new template",
                    name=name,
                )
            else:
                missing = msg(
                    "the row of input {name!r} is missing: rows were deleted; write a new template",
                    name=name,
                )
            self.problem(missing, title, **where)
            return None
        column = self.columns["code"]
        ref = self.cells.ref(row, column)
        code = self.cells.values.cell(row=row, column=column).value
        expected = name if kind == "node" else None
        if isinstance(code, int | float) and not isinstance(code, bool) and kind == "node":
            self.problem(
                msg(
                    "the code {code!r} is a number: Excel dropped its text form, which "
                    "must read {name!r}; type it again as text ('{name})",
                    code=code,
                    name=name,
                ),
                ref,
                **where,
            )
            return None
        if (code.strip() if isinstance(code, str) else code) != expected:
            if kind == "node":
                moved = msg(
                    "the code cell reads {code!r} but the row is node {name!r}: rows were "
                    "moved, sorted or merged; fill in a new template",
                    code=code,
                    name=name,
                )
            else:
                moved = msg(
                    "the code cell reads {code!r} but the row is input {name!r}: rows were "
                    "moved, sorted or merged; fill in a new template",
                    code=code,
                    name=name,
                )
            self.problem(moved, ref, **where)
            return None
        return row

    def place(self, key: str, ref: str, *, given: bool) -> None:
        """Remember where ``key`` sits: the cells holding a value, else the first cell."""
        if key not in self.places or (given and key not in self.given):
            self.places[key] = ref
        elif given:
            self.places[key] += f", {ref}"
        if given:
            self.given.add(key)

    def inputs(self, layers: dict[str, int], tables: dict[str, dict[str, Any]]) -> None:
        """Each input's value in each layer's column; its estimate mark goes with the first."""
        first = next(iter(layers))
        for name, spec in self.ruleset.inputs.items():
            row = self.row("input", name)
            if row is None:
                continue

            def convert(value: object, shown: str, spec: InputSpec = spec) -> object:
                return _book.convert_input(spec, value, shown)

            for layer, column in layers.items():
                value = self.cells.read(row, column, convert, input=name)
                self.place(f"input:{name}", self.cells.ref(row, column), given=value is not None)
                if value is None:
                    continue
                estimate = layer == first and self.cells.read(
                    row, self.columns["estimate"], convert_flag, input=name
                )
                tables[layer]["inputs"][name] = (
                    {"value": value, "estimate": True} if estimate else value
                )
        self.unknown("input", self.ruleset.inputs)

    def criteria(self, layers: dict[str, int], tables: dict[str, dict[str, Any]]) -> None:
        """Each criterion's points per layer; its marks and note go with the first layer."""
        columns, first = self.columns, next(iter(layers))
        for code in self.ruleset.criteria:
            row = self.row("node", code)
            if row is None:
                continue
            for layer, column in layers.items():
                statement: dict[str, Any] = {}
                points = self.cells.read(row, column, convert_number, node=code)
                ref = self.cells.ref(row, column)
                self.place(f"node:{code}", ref, given=points is not None)
                self.place(f"node:{code}:points", ref, given=points is not None)
                if points is not None:
                    statement["points"] = points
                if layer == first:
                    for key in ("not_applicable", "estimate"):
                        self.places[f"node:{code}:{key}"] = self.cells.ref(row, columns[key])
                        if self.cells.read(row, columns[key], convert_flag, node=code):
                            statement[key] = True
                    note = self.cells.read(row, columns["note"], convert_text, node=code)
                    if note is not None:
                        statement["note"] = note
                if statement:
                    tables[layer]["criteria"][code] = statement
        self.unknown("node", self.ruleset.criteria)

    def unknown(self, kind: str, known: Collection[str]) -> None:
        """Report rows of criteria or inputs the rule set does not have."""
        for marker, row in self.rows.items():
            prefix, _, name = marker.partition(":")
            if prefix == kind and name not in known:
                self.problem(
                    msg(
                        "row {row} is for {name!r}, which the rule set does not have: the "
                        "template was made for another version of the rules",
                        row=row,
                        name=name,
                    ),
                    self.cells.ref(row, 2),
                )
