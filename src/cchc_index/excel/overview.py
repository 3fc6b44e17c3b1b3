"""A province's overview as a workbook: one sheet per part, native Excel charts.

A renderer of :class:`~cchc_index.Overview`: the ranking, the distribution of the
index (with a column chart), the heat map (shares as percentages, each cell filled
from red to green, pending points in italics), the losses by criterion and office,
the fields (with a chart of mean against maximum) and the ranking's stability.
Numbers are real numbers, formatted the reader's way by Excel; codes are text.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..i18n import N_, gettext
from ..reports.overview import Overview
from . import _book
from ._openpyxl import require_openpyxl
from ._words import language, number_format

__all__ = ["write_overview_workbook"]

_HEAD_ROW = 3
_BAD_SHEET = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def write_overview_workbook(
    found: Overview, path: str | os.PathLike[str], *, locale: str = "vi"
) -> None:
    """Write ``found`` (from :func:`cchc_index.overview`) as an ``.xlsx`` workbook."""
    openpyxl = require_openpyxl()
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font, PatternFill

    lang = language(locale)

    def t(text: str) -> str:
        return gettext(text, lang)

    book = openpyxl.Workbook()
    book.remove(book.active)
    title = found.title_en if lang == "en" and found.title_en else found.title

    def sheet(name: str, heading: str, head: Sequence[str]) -> Any:
        """A sheet named ``name`` (short), its part's ``heading`` under the title."""
        ws = book.create_sheet(t(name).translate(_BAD_SHEET)[:31])
        ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
        ws.cell(row=2, column=1, value=t(heading)).font = Font(italic=True)
        for column, text in enumerate(head, start=1):
            cell = ws.cell(row=_HEAD_ROW, column=column, value=t(text))
            cell.font = Font(bold=True)
            ws.column_dimensions[cell.column_letter].width = 40 if column == 2 else 12
        ws.freeze_panes = ws.cell(row=_HEAD_ROW + 1, column=1).coordinate
        return ws

    def put(ws: Any, row: int, values: Sequence[object]) -> None:
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column, value=value)
            if isinstance(value, Decimal):
                cell.number_format = number_format(value)
            elif isinstance(value, str):
                cell.data_type = "s"
                cell.number_format = "@"

    ranking = sheet(
        N_("Ranking"), N_("Ranking"), (N_("Rank"), N_("Unit"), N_("Points"), N_("Max"), N_("Index"))
    )
    for extra, text in ((6, N_("Pending")), (7, N_("Grade"))):
        ranking.cell(row=_HEAD_ROW, column=extra, value=t(text)).font = Font(bold=True)
    for row, p in enumerate(found.ranking, start=_HEAD_ROW + 1):
        grade = (p.grade_en if lang == "en" and p.grade_en else p.grade) or ""
        put(ranking, row, (p.rank, p.unit, p.points, p.max, p.index, p.pending, grade))

    spread = sheet(N_("Distribution"), N_("Distribution of the index"), (N_("Index"), N_("Units")))
    for row, b in enumerate(found.distribution, start=_HEAD_ROW + 1):
        put(spread, row, (f"{b.low}–{b.high}", b.count))
    chart = BarChart()
    chart.type, chart.title, chart.legend = "col", t(N_("Units by index, in steps of 10")), None
    last = _HEAD_ROW + len(found.distribution)
    chart.add_data(
        Reference(spread, min_col=2, min_row=_HEAD_ROW, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(spread, min_col=1, min_row=_HEAD_ROW + 1, max_row=last))
    spread.add_chart(chart, "D3")

    heat = sheet(
        N_("Heat map"),
        N_("Per unit and criterion: points as a share (%) of the criterion's maximum"),
        (N_("Unit"),),
    )
    for column, row_of in enumerate(found.heatmap, start=2):
        cell = heat.cell(row=_HEAD_ROW, column=column, value=row_of.code)
        cell.font, cell.data_type = Font(bold=True), "s"
    for row, p in enumerate(found.ranking, start=_HEAD_ROW + 1):
        put(heat, row, (p.unit,))
        for column, row_of in enumerate(found.heatmap, start=2):
            share = row_of.cells[row - _HEAD_ROW - 1]
            cell = heat.cell(row=row, column=column)
            if share.share is None:
                cell.value = "—"
                continue
            cell.value, cell.number_format = share.share, "0%"
            cell.fill = PatternFill("solid", fgColor=_colour(share.share))
            if share.pending:
                cell.font = Font(italic=True, color="1565C0")

    losses = sheet(
        N_("Losses"),
        N_("Where the province loses most points"),
        (N_("Code"), N_("Criterion"), N_("Responsible"), N_("Points lost"), N_("Units")),
    )
    for row, loss in enumerate(found.losses, start=_HEAD_ROW + 1):
        name = loss.name_en if lang == "en" and loss.name_en else loss.name
        put(losses, row, (loss.code, name, loss.responsible or "", loss.lost, loss.units))

    fields = sheet(
        N_("Fields"),
        N_("Fields across the units"),
        (N_("Code"), N_("Field"), N_("Max"), N_("Mean"), N_("Median"), N_("Lowest"), N_("Highest")),
    )
    for row, f in enumerate(found.fields, start=_HEAD_ROW + 1):
        name = f.name_en if lang == "en" and f.name_en else f.name
        mean = f.mean.quantize(Decimal("0.01"))
        put(fields, row, (f.code, name, f.max, mean, f.median, f.low, f.high))
    if found.fields:
        bars = BarChart()
        bars.type, bars.title = "bar", t(N_("Fields across the units"))
        last = _HEAD_ROW + len(found.fields)
        bars.add_data(
            Reference(fields, min_col=3, max_col=4, min_row=_HEAD_ROW, max_row=last),
            titles_from_data=True,
        )
        bars.set_categories(Reference(fields, min_col=1, min_row=_HEAD_ROW + 1, max_row=last))
        fields.add_chart(bars, "I3")

    stable = sheet(
        N_("Stability"),
        N_("How stable the ranking is (a field's weight ±10 %)"),
        (N_("Code"), N_("Field"), N_("Weight"), N_("Units that change rank"), N_("Largest moves")),
    )
    for row, s in enumerate(found.sensitivity, start=_HEAD_ROW + 1):
        biggest = sorted(s.moved, key=lambda m: -abs(m[1] - m[2]))[:3]
        moves = "; ".join(f"{unit} {before} → {after}" for unit, before, after in biggest)
        name = s.name_en if lang == "en" and s.name_en else s.name
        put(stable, row, (s.code, name, s.shift, len(s.moved), moves))
        stable.cell(row=row, column=3).number_format = "+0%;-0%"

    if found.discrepancies or found.refused:
        problems = sheet(
            N_("Problems"),
            N_("Reported totals that disagree with the unit's figures"),
            (N_("Unit"), N_("What was found")),
        )
        row = _HEAD_ROW + 1
        for unit, discrepancies in found.discrepancies:
            for d in discrepancies:
                put(problems, row, (unit, d.message(lang)))
                row += 1
        for refused in found.refused:
            for message in refused.en if lang == "en" else refused.vi:
                put(problems, row, (refused.unit, message))
                row += 1
    _book.save(book, path, lang)


def _colour(share: Decimal) -> str:
    """Red (nothing) through yellow to green (full points), light enough to read on.

    The colour runs red → yellow over the first half and yellow → green over the
    second, then is mixed half with white; all in integers, from the exact share.
    """
    half = Decimal("0.5")
    red = 255 if share <= half else int(255 * (1 - share) * 2)
    green = 255 if share >= half else int(255 * share * 2)
    light = [(c + 255) // 2 for c in (red, green, 64)]
    return "".join(f"{c:02X}" for c in light)
