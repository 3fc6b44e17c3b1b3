"""The fill-in template: a rule set as a protected sheet that looks like the decree's table.

One row per criterion (code, name, max, responsible office, due date), and below
each leaf one row per input its rule reads (with its unit and allowed values),
then the input cells: one column per assessment layer (lượt đánh giá), a
"not applicable" and an "estimate" column, and a note. Only those cells are
unlocked; each carries data validation. Nothing is a formula.

Reading back never depends on labels: a hidden column A marks every row
(``node:3.4``, ``input:files_resolved``, ``meta:as_of``), a hidden row names every
column (``code``, ``layer:self``, ``not_applicable`` …), and cell A1 of each sheet
says what the sheet is. The second sheet holds the rule set's identity and how to
type numbers, yes/no, dates.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from .. import __version__
from ..errors import InputError, Location, Problem
from ..i18n import format_number, gettext, msg
from ..kinds.manual import Manual
from ..language.model import Assessor, Criterion, InputSpec, InputType, Ruleset
from ..numbers import LARGEST, format_plain
from ._book import need_ruleset, save
from ._openpyxl import require_openpyxl
from ._words import INFO_ROWS, INSTRUCTIONS, language, layer_label, number_format, word

__all__ = ["Sheet", "allowed", "validation", "write_template"]

#: Cell A1 of the form sheet, the info sheet and a batch sheet made by this module.
FORM_MARK = "cchc-index form 1"
INFO_MARK = "cchc-index info 1"
#: Column A of the hidden row that names every column of the form.
COLUMNS_MARK = "columns"
#: Rows of the form: the unit's name, the day the score is taken, the year assessed.
META = ("unit", "as_of", "period")
#: Where the meta values are typed (column C, under the criterion names).
META_COLUMN = 3
#: The form's columns, by key; ``layer:<id>`` columns go where ``layers`` stands.
COLUMNS = ("marker", "code", "name", "max", "responsible", "due", "unit", "allowed", "layers")
TAIL_COLUMNS = ("not_applicable", "estimate", "note")
#: The first row of the table (rows 1–4: title and meta; 6: hidden keys; 7: headings).
KEYS_ROW, HEAD_ROW, FIRST_ROW = 6, 7, 8


_DATE = InputSpec(name="date", type=InputType.DATE, label="date")
_YEAR = {"type": "whole", "operator": "between", "formula1": "1990", "formula2": "2200"}
_FILL_INPUT = "FFF2CC"
_FILL_HEAD = "DDEBF7"
_WIDTHS = {"marker": 16, "code": 9, "name": 62, "max": 9, "responsible": 26, "due": 10}
_WIDTHS |= {"unit": 11, "allowed": 26, "not_applicable": 12, "estimate": 11, "note": 32}


def keys(layers: Sequence[str]) -> tuple[str, ...]:
    """The form's column keys, in order (column A is ``marker``)."""
    head = COLUMNS[:-1]
    return (*head, *(f"layer:{layer}" for layer in layers), *TAIL_COLUMNS)


def allowed(spec: InputSpec, lang: str) -> str:
    """What an input accepts, in words: ``số nguyên ≥ 0``, ``0 … 100``, ``có / không``."""
    if spec.type is InputType.BOOL:
        return word("bool", lang)
    if spec.type is InputType.DATE:
        return word("date", lang)
    if spec.type is InputType.LEVEL:
        return " / ".join(spec.levels)
    low, high = spec.bounds()
    if spec.type is InputType.COUNT and high is None and low == 0:
        return word("count", lang)
    if low is None and high is None:
        return word("number", lang)
    shown = {"low": "-∞" if low is None else format_number(low, lang)}
    shown["high"] = "+∞" if high is None else format_number(high, lang)
    return word("range", lang, **shown) + (" %" if spec.type is InputType.PERCENT else "")


def validation(spec: InputSpec | None, maximum: Decimal | None = None) -> dict[str, str] | None:
    """Data-validation settings for an input's cell (``maximum``: a manual points cell)."""
    if spec is None:
        if maximum is None:  # a yes-mark column: not applicable, estimate
            return {"type": "list", "formula1": '"x"'}
        return {"type": "decimal", "operator": "between", "formula1": "0"} | {
            "formula2": format_plain(maximum)
        }
    if spec.type is InputType.BOOL:
        # The words offered are those the reader recognises (_book._TRUE, _FALSE): input
        # vocabulary, the same in a workbook of either language, so not translated.
        return {"type": "list", "formula1": '"có,không"'}
    if spec.type is InputType.DATE:
        return {"type": "date", "operator": "greaterThan", "formula1": "0"}
    if spec.type is InputType.LEVEL:
        listed = ",".join(spec.levels)
        # An inline list cannot hold a comma or a quote and is at most 255 characters.
        if len(listed) > 250 or any("," in v or '"' in v for v in spec.levels):
            return None
        return {"type": "list", "formula1": f'"{listed}"'}
    low, high = spec.bounds()
    kind = "whole" if spec.type is InputType.COUNT else "decimal"
    low = 1 - LARGEST if low is None else low
    high = LARGEST - 1 if high is None else high
    return {"type": kind, "operator": "between", "formula1": format_plain(low)} | {
        "formula2": format_plain(high)
    }


def rows(ruleset: Ruleset) -> Iterator[tuple[str, str, str | None]]:
    """The form's rows, ``(kind, name, owner)``: criteria in decree order, inputs near their use.

    ``("node", code, None)`` for a criterion; ``("input", name, code)`` for an input
    that follows criterion ``code``: the first leaf whose rule reads it. An input
    no rule reads (``files_received``, known only to constraints) follows the
    first leaf that reads an input tied to it by a constraint; any left over
    close the sheet under a heading, ``("section", "other", None)``.
    """
    read = {n for leaf in ruleset.leaves() if leaf.rule for n in leaf.rule.names}
    ties: dict[str, set[str]] = {}
    for constraint in ruleset.constraints:
        for name in constraint.expression.names:
            ties.setdefault(name, set()).update(constraint.expression.names - {name})
    placed: set[str] = set()
    for node in ruleset:
        yield "node", node.code, None
        near = set(node.rule.names) if node.rule else set()
        todo = list(near)
        while todo:  # the unread inputs tied to these, transitively
            for other in ties.get(todo.pop(), ()):
                if other not in read and other not in near:
                    near.add(other)
                    todo.append(other)
        for name in ruleset.inputs:
            if name in near and name not in placed:
                placed.add(name)
                yield "input", name, node.code
    rest = [name for name in ruleset.inputs if name not in placed]
    if rest:
        yield "section", "other", None
        yield from (("input", name, None) for name in rest)


def _due(node: Criterion) -> str | None:
    """A deadline as people write it: ``30/11`` (in the year assessed) or ``30/11/2023``."""
    if isinstance(node.due, date):
        return node.due.strftime("%d/%m/%Y")
    return None if node.due is None else str(node.due)


class Sheet:
    """Writes cells of one worksheet with the template's styles."""

    def __init__(self, ws: Any, lang: str) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        self.ws, self.lang = ws, lang
        self.font, self.align, self.protect = Font, Alignment, Protection
        self.input_fill = PatternFill("solid", fgColor=_FILL_INPUT)
        self.head_fill = PatternFill("solid", fgColor=_FILL_HEAD)
        thin = Side(style="thin", color="BFBFBF")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.validations: dict[tuple[tuple[str, str], ...], Any] = {}

    def put(self, row: int, column: int, value: object, *, text: bool = False) -> Any:
        """Write a value; text stays text, even when it starts with ``=`` or looks like 1.10."""
        cell = self.ws.cell(row=row, column=column)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text
        if text:
            cell.number_format = "@"
        return cell

    def field(self, row: int, column: int, settings: dict[str, str] | None, prompt: str) -> Any:
        """An unlocked input cell, with data validation when ``settings`` are given."""
        cell = self.ws.cell(row=row, column=column)
        cell.protection = self.protect(locked=False)
        cell.fill = self.input_fill
        cell.border = self.border
        if settings is not None:
            self.check(settings, prompt).add(cell.coordinate)
        return cell

    def check(self, settings: dict[str, str], prompt: str) -> Any:
        """The sheet's data validation with these settings and prompt, made on first use."""
        from openpyxl.worksheet.datavalidation import DataValidation

        key = (*sorted(settings.items()), ("prompt", prompt))
        if key not in self.validations:
            check = DataValidation(allow_blank=True, showErrorMessage=True, **settings)
            check.showInputMessage = True
            check.errorTitle = word("invalid", self.lang)[:32]
            check.error = check.prompt = prompt[:255]
            self.ws.add_data_validation(check)
            self.validations[key] = check
        return self.validations[key]

    def protect_sheet(self) -> None:
        """Lock every cell but the input cells."""
        protection = self.ws.protection
        protection.sheet = True
        # Resizing rows and columns is harmless and helps printing; the rest stays locked.
        protection.formatColumns = protection.formatRows = False


def write_template(
    ruleset: Ruleset,
    path: str | os.PathLike[str],
    *,
    locale: str = "vi",
    layers: Sequence[str] | None = None,
) -> None:
    """Write the fill-in workbook of ``ruleset`` to ``path`` (``.xlsx``).

    ``layers`` are the assessment layers to fill, one value column each: some of
    those the rule set declares (``Ruleset.layers``), by
    default its first alone, the self-assessment (``"self"``, "Tự đánh giá").
    Headings are Vietnamese, or English with ``locale="en"``.
    """
    need_ruleset(ruleset)
    lang = language(locale)
    layers = _layers(ruleset, layers)
    openpyxl = require_openpyxl()
    book = openpyxl.Workbook()
    _form(Sheet(book.active, lang), ruleset, tuple(layers))
    _info(Sheet(book.create_sheet(word("info", lang)), lang), ruleset, layers)
    from openpyxl.workbook.protection import WorkbookProtection

    book.security = WorkbookProtection(lockStructure=True)  # no sheet added, moved or deleted
    save(book, path, lang)


def _layers(ruleset: Ruleset, layers: Sequence[str] | None) -> list[str]:
    """The layers asked for, in the rule set's order; any the rule set lacks are refused."""
    declared = ruleset.layers
    if layers is None:
        return [declared[0]]
    chosen = [layers] if isinstance(layers, str) else list(layers)
    names = all(isinstance(x, str) for x in chosen)
    if chosen and names and len(set(chosen)) == len(chosen) and set(chosen) <= set(declared):
        return sorted(chosen, key=declared.index)
    raise InputError(
        Problem(
            where=Location(key="layers"),
            what=msg(
                "layers must be distinct layers the rule set declares, {declared}, not {layers!r}",
                declared=list(declared),
                layers=layers,
            ),
        )
    )


def _form(sheet: Sheet, ruleset: Ruleset, layers: tuple[str, ...]) -> None:
    ws, lang, en = sheet.ws, sheet.lang, sheet.lang == "en"
    ws.title = word("form", lang)
    columns = {key: i for i, key in enumerate(keys(layers), start=1)}
    sheet.put(1, 1, FORM_MARK)
    title = sheet.put(1, 2, (ruleset.title_en if en else None) or ruleset.title)
    title.font = sheet.font(bold=True, size=13)
    hints = {
        "as_of": word("hint:as_of", lang),
        "period": word("hint:period", lang, year=ruleset.year),
    }
    settings = {"as_of": validation(_DATE), "period": _YEAR}
    for row, key in enumerate(META, start=2):
        sheet.put(row, 1, f"meta:{key}")
        sheet.put(row, 2, word(f"meta:{key}", lang)).font = sheet.font(bold=True)
        shown = {"as_of": "dd/mm/yyyy", "period": "0"}.get(key, "@")
        prompt = hints.get(key, word(f"meta:{key}", lang))
        sheet.field(row, META_COLUMN, settings.get(key), prompt).number_format = shown
        if key in hints:
            sheet.put(row, META_COLUMN + 1, hints[key]).font = sheet.font(italic=True)
    for key, column in columns.items():
        sheet.put(KEYS_ROW, column, COLUMNS_MARK if key == "marker" else key)
        if key != "marker":
            label = layer_label(key[6:], lang) if key.startswith("layer:") else word(key, lang)
            head = sheet.put(HEAD_ROW, column, label)
            head.font, head.fill, head.border = sheet.font(bold=True), sheet.head_fill, sheet.border
            head.alignment = sheet.align(wrap_text=True, vertical="center", horizontal="center")
        letter = ws.cell(row=1, column=column).column_letter
        ws.column_dimensions[letter].width = _WIDTHS.get(key, 15)
    ws.row_dimensions[KEYS_ROW].hidden = True
    ws.column_dimensions["A"].hidden = True

    def values(province: bool) -> list[int]:
        """The layer columns a row's value may be typed in."""
        # In layered data the unit's own layer may not speak for the province.
        shut = f"layer:{ruleset.layers[0]}" if province and len(layers) > 1 else None
        return [c for k, c in columns.items() if k.startswith("layer:") and k != shut]

    for row, (kind, name, owner) in enumerate(rows(ruleset), start=FIRST_ROW):
        sheet.put(row, 1, f"{kind}:{name}")
        for column in range(2, len(columns) + 1):
            cell = ws.cell(row=row, column=column)
            cell.border = sheet.border
            cell.alignment = sheet.align(vertical="top", wrap_text=column == columns["name"])
        if kind == "node":
            province = ruleset.assessor_of(name) is Assessor.PROVINCE
            _node_row(sheet, row, ruleset[name], columns, values(province))
        elif kind == "input":
            depth = -1 if owner is None else owner.count(".")
            province = name in ruleset.province_inputs
            _input_row(sheet, row, ruleset.inputs[name], columns, depth, values(province))
        else:
            sheet.put(row, columns["name"], word("other", lang)).font = sheet.font(bold=True)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=columns["max"]).coordinate
    ws.print_title_rows = f"{HEAD_ROW}:{HEAD_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.protect_sheet()


def _node_row(
    sheet: Sheet, row: int, node: Criterion, columns: dict[str, int], values: list[int]
) -> None:
    lang, depth = sheet.lang, node.code.count(".")
    sheet.put(row, columns["code"], node.code, text=True)
    name = sheet.put(row, columns["name"], (node.name_en if lang == "en" else None) or node.name)
    name.alignment = sheet.align(indent=min(2 * depth, 12), wrap_text=True, vertical="top")
    name.font = sheet.font(bold=depth == 0)
    sheet.put(row, columns["max"], node.max).number_format = number_format(node.max)
    sheet.put(row, columns["responsible"], node.responsible)
    sheet.put(row, columns["due"], _due(node), text=True)
    if not node.is_leaf:
        return
    if isinstance(node.rule, Manual):
        prompt = word("points", lang, max=format_number(node.max, lang))
        sheet.put(row, columns["allowed"], prompt)
        for column in values:
            sheet.field(row, column, validation(None, node.max), prompt)
    marks = word("not_applicable", lang), word("estimate", lang)
    sheet.field(row, columns["not_applicable"], validation(None), marks[0])
    sheet.field(row, columns["estimate"], validation(None), marks[1])
    sheet.field(row, columns["note"], None, word("note", lang)).alignment = sheet.align(
        wrap_text=True, vertical="top"
    )


def _input_row(
    sheet: Sheet, row: int, spec: InputSpec, columns: dict[str, int], depth: int, values: list[int]
) -> None:
    lang = sheet.lang
    label = sheet.put(row, columns["name"], (spec.label_en if lang == "en" else None) or spec.label)
    indent = min(2 * depth + 4, 14)
    label.alignment = sheet.align(indent=indent, wrap_text=True, vertical="top")
    label.font = sheet.font(italic=True)
    sheet.put(row, columns["unit"], spec.unit)
    words = allowed(spec, lang)
    sheet.put(row, columns["allowed"], words)
    shown = {InputType.DATE: "dd/mm/yyyy", InputType.COUNT: "#,##0"}.get(spec.type, "General")
    if spec.type in (InputType.BOOL, InputType.LEVEL):
        shown = "@"
    for column in values:
        sheet.field(row, column, validation(spec), words).number_format = shown
    sheet.field(row, columns["estimate"], validation(None), word("estimate", lang))


def _info(sheet: Sheet, ruleset: Ruleset, layers: Sequence[str]) -> None:
    ws, lang = sheet.ws, sheet.lang
    values: dict[str, object] = {
        "ruleset": ruleset.id,
        "title": (ruleset.title_en if lang == "en" else None) or ruleset.title,
        "basis": None if ruleset.basis is None else str(ruleset.basis),
        "level": ruleset.level,
        "year": ruleset.year,
        "max": ruleset.max,
        "layers": ", ".join(layer_label(layer, lang) for layer in layers),
        "generator": f"cchc-index {__version__}",
    }
    sheet.put(1, 1, INFO_MARK)
    sheet.put(1, 2, word("info", lang)).font = sheet.font(bold=True, size=13)
    for row, (key, label) in enumerate(INFO_ROWS, start=2):
        sheet.put(row, 1, key)
        sheet.put(row, 2, gettext(label, lang)).font = sheet.font(bold=True)
        sheet.put(row, 3, values[key], text=key == "ruleset")
    start = len(INFO_ROWS) + 3
    for row, line in enumerate(INSTRUCTIONS, start=start):
        sheet.put(row, 2, f"{row - start + 1}.")
        sheet.put(row, 3, gettext(line, lang)).alignment = sheet.align(wrap_text=True)
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 100
    sheet.protect_sheet()
