"""Results and reports as one self-contained HTML page: tables, and an inline SVG bar per field.

The page loads nothing from outside (no script, font, image or style sheet), so
it can be mailed, archived and opened offline; its CSS lays it out on a screen
and on A4 paper, where the bars keep their meaning in black and white (hatched
pending points, cross-hatched lost ones). Every text goes through
:func:`html.escape`; numbers in the SVG geometry are written by this module from
the result's exact decimals, never taken from text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

from ..numbers import format_plain
from ..reports.reconcile import Discrepancy
from ..reports.report import Report
from ..scoring.result import Result
from ._document import (
    Bar,
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Heat,
    HeatMap,
    Histogram,
    Paragraph,
    Run,
    Table,
)
from ._layout import result_document
from ._report import report_document

__all__ = ["document_html", "render_html", "render_report_html"]

_HUNDRED = Decimal(100)
#: The colours of points obtained, pending and lost (hatched too, for black-and-white print).
_OBTAINED, _PENDING, _LOST = "#2e7d32", "#f9a825", "#c62828"

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; padding: 1.5rem; max-width: 60rem; color: #1a1a1a; background: #fff;
  font: 15px/1.45 "Times New Roman", "Noto Serif", "DejaVu Serif", serif; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; text-align: center; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; text-transform: uppercase; }
h3 { font-size: 1rem; margin: 1.1rem 0 .4rem; }
p, li { overflow-wrap: break-word; }
ul { padding-left: 1.4rem; }
em { font-style: italic; }
.wide { width: 100%; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
th, td { border: 1px solid #999; padding: .2rem .35rem; vertical-align: top;
  text-align: left; overflow-wrap: break-word; }
th { background: #eee; font-weight: bold; }
th.num { text-align: right; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.strong td { font-weight: bold; }
figure.chart { margin: .5rem 0 1rem; }
figure.chart figcaption { font-weight: bold; margin-bottom: .3rem; }
table.bars td { border: 0; padding: .15rem .3rem; vertical-align: middle; }
table.bars td.label { width: 38%; }
table.bars td.bar { width: 40%; }
table.bars td.text { width: 22%; font-size: .85rem; }
svg.bar { display: block; width: 100%; height: 1.2rem; overflow: visible; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; font-size: .85rem; }
.legend svg { width: 1.6rem; height: .9rem; vertical-align: middle; margin-right: .3rem; }
figure.histogram svg { display: block; width: 100%; max-width: 36rem; height: auto; }
table.heat { table-layout: fixed; font-size: .75rem; }
table.heat td { text-align: center; padding: .1rem; white-space: nowrap; }
table.heat td.unit { text-align: left; width: 10rem; overflow: hidden; text-overflow: ellipsis; }
table.heat td.pending { outline: 2px dashed #1565c0; outline-offset: -3px; }
table.heat td.none { background: #f4f4f4; color: #777; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .wide { overflow: visible; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li, figure.chart { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
@media (max-width: 40rem) {
  body { padding: .6rem; font-size: 13px; }
  table { font-size: .75rem; }
  th, td { padding: .15rem .2rem; }
  th { hyphens: auto; overflow-wrap: anywhere; }
}
""".strip()


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _runs(parts: Sequence[Run]) -> str:
    out = []
    for run in parts:
        text = _e(run.text)
        if run.style == "em":
            text = f"<em>{text}</em>"
        elif run.style == "strong":
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def _table(table: Table) -> str:
    def cls(column: int) -> str:
        return ' class="num"' if column in table.numeric else ""

    head = "".join(f'<th{cls(c)} scope="col">{_e(h)}</th>' for c, h in enumerate(table.head))
    rows = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, text in enumerate(row):
            style = ""
            if c == 1 and r < len(table.depth) and table.depth[r]:
                style = f' style="padding-left:{0.35 + 1.1 * table.depth[r]:.2f}rem"'
            cells.append(f"<td{cls(c)}{style}>{_e(text)}</td>")
        strong = ' class="strong"' if r in table.strong_rows else ""
        rows.append(f"<tr{strong}>{''.join(cells)}</tr>")
    caption = f"<caption>{_e(table.caption)}</caption>" if table.caption else ""
    return (
        f'<div class="wide"><table>{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _x(value: Decimal) -> str:
    """An SVG coordinate, exact to a hundredth."""
    return format_plain(value.quantize(Decimal("0.01")))


def _patterns(key: str) -> str:
    """The hatching of pending and lost points, so the bars read in black and white too."""
    return (
        "<defs>"
        f'<pattern id="pending-{key}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{_PENDING}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2"/></pattern>'
        f'<pattern id="lost-{key}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{_LOST}"/>'
        '<path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1.2"/></pattern>'
        "</defs>"
    )


def _bar_svg(bar: Bar, longest: Decimal, key: str) -> str:
    """One field's bar: its length is its max (the longest max fills the cell), split in three.

    Lengths are percentages of the cell, so the hatching is never stretched.
    """
    scale = _HUNDRED / longest if longest else Decimal(0)
    segments = (
        ("obtained", bar.points, _OBTAINED),
        ("pending", bar.pending, f"url(#pending-{key})"),
        ("lost", bar.lost, f"url(#lost-{key})"),
    )
    x = Decimal(0)
    rects = []
    for name, value, fill in segments:
        width = value * scale
        if width > 0:
            rects.append(
                f'<rect class="{name}" x="{_x(x)}%" y="12%" width="{_x(width)}%" '
                f'height="76%" fill="{fill}"/>'
            )
        x += width
    frame = (
        f'<rect class="max" x="0" y="12%" width="{_x(bar.max * scale)}%" height="76%" '
        'fill="none" stroke="#000" stroke-width="1.5"/>'
    )
    label = _e(f"{bar.label}: {bar.text}")
    return (
        f'<svg class="bar" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{label}</title>{_patterns(key)}{''.join(rects)}{frame}</svg>"
    )


def _swatch(fill: str, key: str) -> str:
    return (
        '<svg role="presentation" xmlns="http://www.w3.org/2000/svg">'
        f'{_patterns(key)}<rect x="0.5" y="0.5" width="95%" height="90%" fill="{fill}" '
        'stroke="#000" stroke-width="1"/></svg>'
    )


def _chart(chart: Chart, number: int) -> str:
    longest = max((bar.max for bar in chart.bars), default=Decimal(0))
    rows = "".join(
        f'<tr><td class="label">{_e(bar.label)}</td>'
        f'<td class="bar">{_bar_svg(bar, longest, f"{number}-{i}")}</td>'
        f'<td class="text">{_e(bar.text)}</td></tr>'
        for i, bar in enumerate(chart.bars)
    )
    obtained, pending, lost = (_e(word) for word in chart.legend)
    key = f"{number}-legend"
    legend = (
        '<div class="legend">'
        f"<span>{_swatch(_OBTAINED, key)}{obtained}</span>"
        f"<span>{_swatch(f'url(#pending-{key})', key)}{pending}</span>"
        f"<span>{_swatch(f'url(#lost-{key})', key)}{lost}</span>"
        "</div>"
    )
    return (
        f'<figure class="chart"><figcaption>{_e(chart.title)}</figcaption>'
        f'<table class="bars"><tbody>{rows}</tbody></table>{legend}</figure>'
    )


def _histogram(histogram: Histogram) -> str:
    """Vertical columns, one per bin, in an SVG whose geometry is computed here."""
    tallest = max((count for _, count in histogram.bins), default=0) or 1
    width, height, gap = 200, 100, 3
    step = Decimal(width) / max(len(histogram.bins), 1)
    columns = []
    for i, (label, count) in enumerate(histogram.bins):
        tall = Decimal(height - 16) * count / tallest
        x = step * i + Decimal(gap) / 2
        y = Decimal(height - 12) - tall
        columns.append(
            f'<rect x="{_x(x)}" y="{_x(y)}" width="{_x(step - gap)}" height="{_x(tall)}" '
            f'fill="{_OBTAINED}"><title>{_e(label)}: {count}</title></rect>'
            f'<text x="{_x(x + (step - gap) / 2)}" y="{_x(y - 1)}" font-size="6" '
            f'text-anchor="middle">{count}</text>'
            f'<text x="{_x(x + (step - gap) / 2)}" y="{height - 4}" font-size="5.5" '
            f'text-anchor="middle">{_e(label)}</text>'
        )
    return (
        f'<figure class="histogram"><figcaption>{_e(histogram.title)}</figcaption>'
        f'<svg role="img" aria-label="{_e(histogram.title)}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(columns)}'
        "</svg></figure>"
    )


def _heat_cell(heat: Heat) -> str:
    if heat.share is None:
        return f'<td class="none" title="{_e(heat.title)}">{_e(heat.text)}</td>'
    # Red (0) to green (1) through yellow, light enough to read the number on it.
    hue = int((heat.share * 120).to_integral_value())
    pending = " pending" if heat.pending else ""
    return (
        f'<td class="heat{pending}" style="background: hsl({hue}, 70%, 80%)" '
        f'title="{_e(heat.title)}">{_e(heat.text)}</td>'
    )


def _heatmap(heatmap: HeatMap) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in heatmap.head)
    rows = "".join(
        f'<tr><td class="unit">{_e(label)}</td>{"".join(_heat_cell(h) for h in cells)}</tr>'
        for label, cells in heatmap.rows
    )
    note = f"<p>{_e(heatmap.note)}</p>" if heatmap.note else ""
    return (
        f'<div class="wide"><table class="heat"><caption>{_e(heatmap.title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>{note}"
    )


def _block(block: Block, number: int) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 6)
        return f"<h{level}>{_e(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_runs(block.runs)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_runs(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Histogram):
        return _histogram(block)
    if isinstance(block, HeatMap):
        return _heatmap(block)
    return _chart(block, number)


def document_html(document: Document) -> str:
    """A document as one self-contained HTML page (UTF-8, inline CSS and SVG, no script)."""
    body = "\n".join(_block(block, i) for i, block in enumerate(document.blocks))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(document.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(document.title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n"
        f"<body>\n<h1>{_e(document.title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def render_html(
    result: Result, *, locale: str = "vi", discrepancies: Sequence[Discrepancy] = ()
) -> str:
    """A result as an HTML page: the tree as a table, a bar per field, totals, discrepancies."""
    return document_html(result_document(result, discrepancies, locale=locale))


def render_report_html(report: Report, *, locale: str = "vi") -> str:
    """A mid-year report (:func:`cchc_index.report`) as an HTML page, printable on A4."""
    return document_html(report_document(report, locale=locale))
