"""The province's view and its comparisons, laid out once and written in each syntax.

:func:`overview_document` lays out an :class:`~cchc_index.Overview` (ranking, the
distribution of the index, the heat map, where points are lost, field statistics,
ranking stability, disagreeing reports); :func:`comparison_document` a
:class:`~cchc_index.Comparison` or an :class:`~cchc_index.Impact`. The ``render_…``
functions write them as Markdown, HTML (inline SVG, colour-coded heat map) or text.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..i18n import N_, msg
from ..reports.comparison import Comparison, CriterionChange, Impact, UnitChange
from ..reports.overview import Overview, Placing, Refused
from ..rulefiles.diff import describe
from ._document import (
    Block,
    Bullets,
    Document,
    Heading,
    Heat,
    HeatMap,
    Histogram,
    Paragraph,
    Table,
    runs,
    to_text,
)
from ._layout import Words
from .html import document_html
from .markdown import document_markdown

__all__ = [
    "comparison_document",
    "overview_document",
    "render_comparison_html",
    "render_comparison_markdown",
    "render_comparison_text",
    "render_overview_html",
    "render_overview_markdown",
    "render_overview_text",
]

#: How many criteria the "where points are lost" and "gains/losses" tables name.
TOP = 10
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def overview_document(found: Overview, *, locale: str = "vi") -> Document:
    """The overview as a document (see the module's docstring)."""
    w = Words(locale)
    title = found.title_en if w.lang == "en" and found.title_en else found.title
    blocks: list[Block] = [
        Paragraph(
            runs(
                w(
                    msg(
                        "{ruleset} · {scored} units scored, {refused} refused",
                        ruleset=found.ruleset,
                        scored=len(found.ranking),
                        refused=len(found.refused),
                    )
                )
            )
        ),
        Heading(2, w(N_("Ranking"))),
        _ranking(found.ranking, w),
        Heading(2, w(N_("Distribution of the index"))),
        Histogram(
            title=w(N_("Units by index, in steps of 10")),
            head=(w(N_("Index")), w(N_("Units"))),
            bins=tuple((f"{w.n(b.low)}–{w.n(b.high)}", b.count) for b in found.distribution),
        ),
    ]
    if found.heatmap and found.ranking:
        blocks.append(Heading(2, w(N_("Share of each criterion's maximum obtained"))))
        blocks.append(_heatmap(found, w))
    if found.losses:
        blocks.append(Heading(2, w(N_("Where the province loses most points"))))
        blocks.append(
            Table(
                head=(
                    w(N_("Code")),
                    w(N_("Criterion")),
                    w(N_("Responsible")),
                    w(N_("Points lost")),
                    w(N_("Units")),
                ),
                rows=tuple(
                    (
                        loss.code,
                        _name(loss.name, loss.name_en, w),
                        loss.responsible or "",
                        w.n(loss.lost),
                        str(loss.units),
                    )
                    for loss in found.losses[:TOP]
                ),
                numeric=frozenset({3, 4}),
            )
        )
        blocks.append(
            Table(
                head=(w(N_("Responsible")), w(N_("Points lost")), w(N_("Criteria"))),
                rows=tuple(
                    (
                        office.responsible or w(N_("(no office named)")),
                        w.n(office.lost),
                        ", ".join(office.criteria),
                    )
                    for office in found.offices
                ),
                numeric=frozenset({1}),
                caption=w(N_("By responsible office")),
            )
        )
    if found.fields:
        blocks.append(Heading(2, w(N_("Fields across the units"))))
        blocks.append(
            Table(
                head=(
                    w(N_("Code")),
                    w(N_("Field")),
                    w(N_("Max")),
                    w(N_("Mean")),
                    w(N_("Median")),
                    w(N_("Lowest")),
                    w(N_("Highest")),
                ),
                rows=tuple(
                    (
                        f.code,
                        _name(f.name, f.name_en, w),
                        w.n(f.max),
                        w.n(_cents(f.mean)),
                        w.n(_cents(f.median)),
                        w.n(f.low),
                        w.n(f.high),
                    )
                    for f in found.fields
                ),
                numeric=frozenset({2, 3, 4, 5, 6}),
            )
        )
    if found.sensitivity:
        blocks.append(Heading(2, w(N_("How stable the ranking is (a field's weight ±10 %)"))))
        blocks.append(_stability(found, w))
    if found.discrepancies:
        blocks.append(Heading(2, w(N_("Reported totals that disagree with the unit's figures"))))
        blocks.append(
            Bullets(
                tuple(
                    runs(f"{unit}: {d.message(w.lang)}")
                    for unit, discrepancies in found.discrepancies
                    for d in discrepancies
                )
            )
        )
    blocks.extend(_refused(found.refused, w))
    return Document(
        title=w(msg("Overview: {title}", title=title)), lang=w.lang, blocks=tuple(blocks)
    )


def _ranking(placed: tuple[Placing, ...], w: Words) -> Table:
    return Table(
        head=(
            w(N_("Rank")),
            w(N_("Unit")),
            w(N_("Points")),
            w(N_("Index")),
            w(N_("Pending")),
            w(N_("Grade")),
        ),
        rows=tuple(
            (
                str(p.rank),
                p.unit,
                f"{w.n(p.points)} / {w.n(p.max)}",
                w.n(p.index),
                w.n(p.pending),
                (p.grade_en if w.lang == "en" and p.grade_en else p.grade) or "",
            )
            for p in placed
        ),
        numeric=frozenset({0, 2, 3, 4}),
    )


def _heatmap(found: Overview, w: Words) -> HeatMap:
    units = [p.unit for p in found.ranking]
    codes = [row.code for row in found.heatmap]
    rows = []
    for position, unit in enumerate(units):
        cells = []
        for row in found.heatmap:
            cell = row.cells[position]
            if cell.share is None:
                text = "—"
            else:
                text = w.n((cell.share * _HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            title = f"{unit} · {row.code} {_name(row.name, row.name_en, w)}: {text}"
            if cell.pending:
                pending = (cell.pending * _HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                title += " · " + w(msg("pending {pending} %", pending=w.n(pending)))
            cells.append(Heat(share=cell.share, pending=cell.pending, text=text, title=title))
        rows.append((unit, tuple(cells)))
    return HeatMap(
        title=w(N_("Per unit and criterion: points as a share (%) of the criterion's maximum")),
        head=(w(N_("Unit")), *codes),
        rows=tuple(rows),
        note=w(
            N_("A dashed outline marks a criterion with points still pending; — is worth nothing.")
        ),
    )


def _stability(found: Overview, w: Words) -> Table:
    rows = []
    for s in found.sensitivity:
        biggest = sorted(s.moved, key=lambda m: -abs(m[1] - m[2]))[:3]
        shown = "; ".join(f"{unit} {before} → {after}" for unit, before, after in biggest)
        rows.append(
            (
                s.code,
                _name(s.name, s.name_en, w),
                f"{'+' if s.shift > 0 else '−'}{w.n(abs(s.shift) * _HUNDRED)} %",
                str(len(s.moved)),
                shown,
            )
        )
    return Table(
        head=(
            w(N_("Code")),
            w(N_("Field")),
            w(N_("Weight")),
            w(N_("Units that change rank")),
            w(N_("Largest moves")),
        ),
        rows=tuple(rows),
        numeric=frozenset({3}),
    )


def comparison_document(found: Comparison | Impact, *, locale: str = "vi") -> Document:
    """A comparison (two periods or layers) or an impact (two rule sets) as a document."""
    w = Words(locale)
    comparison = found.comparison if isinstance(found, Impact) else found
    blocks: list[Block] = []
    if isinstance(found, Impact):
        title = w(
            msg(
                "What the change of rules does: {before} → {after}",
                before=comparison.before,
                after=comparison.after,
            )
        )
        changed = [u for u in comparison.units if u.grade_changed]
        blocks.append(
            Paragraph(
                runs(
                    w(
                        msg(
                            "{units} units, {changed} of them change grade; {rules} rule changes",
                            units=len(comparison.units),
                            changed=len(changed),
                            rules=len(found.changes.changes),
                        )
                    )
                )
            )
        )
    else:
        title = w(msg("{before} → {after}", before=comparison.before, after=comparison.after))
    blocks.append(Heading(2, w(N_("Units"))))
    blocks.append(_units(comparison.units, w))
    if comparison.gains:
        blocks.append(Heading(2, w(N_("Largest gains by criterion"))))
        blocks.append(_criteria(comparison.gains[:TOP], w))
    if comparison.losses:
        blocks.append(Heading(2, w(N_("Largest losses by criterion"))))
        blocks.append(_criteria(comparison.losses[:TOP], w))
    if isinstance(found, Impact):
        if found.changes.changes:
            blocks.append(Heading(2, w(N_("The rule changes"))))
            blocks.append(
                Bullets(
                    tuple(runs(f"{c.code}: {describe(c, w.lang)}") for c in found.changes.changes)
                )
            )
        if found.missing:
            blocks.append(Heading(2, w(N_("Inputs the new rules need that a unit does not give"))))
            blocks.append(
                Bullets(tuple(runs(f"{unit}: {', '.join(names)}") for unit, names in found.missing))
            )
    blocks.extend(_refused(comparison.refused, w))
    return Document(title=title, lang=w.lang, blocks=tuple(blocks))


def _refused(refused: tuple[Refused, ...], w: Words) -> list[Block]:
    """The units whose data was refused, each message under its unit's name."""
    if not refused:
        return []
    items = tuple(
        runs(f"{r.unit}: {message}")
        for r in refused
        for message in (r.en if w.lang == "en" else r.vi)
    )
    return [Heading(2, w(N_("Units whose data was refused"))), Bullets(items)]


def _units(changes: tuple[UnitChange, ...], w: Words) -> Table:
    def place(p: Placing | None) -> str:
        return "" if p is None else str(p.rank)

    def points(p: Placing | None) -> str:
        return "" if p is None else w.n(p.points)

    def grade(p: Placing | None) -> str:
        if p is None:
            return ""
        return (p.grade_en if w.lang == "en" and p.grade_en else p.grade) or ""

    rows = []
    for u in changes:
        delta = u.points
        grades = f"{grade(u.before)} → {grade(u.after)}" if u.grade_changed else grade(u.after)
        where = "; ".join(
            f"{code} {_signed(w, (new or Decimal(0)) - (old or Decimal(0)))}"
            for code, old, new in u.criteria
            if "." in code
        )
        rows.append(
            (
                u.unit,
                place(u.before),
                place(u.after),
                points(u.before),
                points(u.after),
                "" if delta is None else _signed(w, delta),
                grades,
                _first(where, 3),
            )
        )
    return Table(
        head=(
            w(N_("Unit")),
            w(N_("Rank before")),
            w(N_("Rank after")),
            w(N_("Points before")),
            w(N_("Points after")),
            w(N_("Change")),
            w(N_("Grade")),
            w(N_("Where from")),
        ),
        rows=tuple(rows),
        numeric=frozenset({1, 2, 3, 4, 5}),
    )


def _criteria(changes: tuple[CriterionChange, ...], w: Words) -> Table:
    rows = tuple((c.code, c.name, _signed(w, c.total), str(c.units)) for c in changes)
    return Table(
        head=(w(N_("Code")), w(N_("Criterion")), w(N_("Change")), w(N_("Units"))),
        rows=rows,
        numeric=frozenset({2, 3}),
    )


def _signed(w: Words, value: Decimal) -> str:
    shown = w.n(abs(value))
    return f"+{shown}" if value > 0 else (f"−{shown}" if value < 0 else shown)


def _first(listed: str, count: int) -> str:
    parts = listed.split("; ") if listed else []
    return "; ".join(parts[:count]) + ("; …" if len(parts) > count else "")


def _name(name: str, name_en: str | None, w: Words) -> str:
    return name_en if w.lang == "en" and name_en else name


def _cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def render_overview_markdown(found: Overview, *, locale: str = "vi") -> str:
    """The overview in Markdown (the heat map as a table of percentages)."""
    return document_markdown(overview_document(found, locale=locale))


def render_overview_html(found: Overview, *, locale: str = "vi") -> str:
    """The overview as one self-contained HTML page: SVG histogram, colour-coded heat map."""
    return document_html(overview_document(found, locale=locale))


def render_overview_text(found: Overview, *, locale: str = "vi") -> str:
    """The overview as plain text."""
    return to_text(overview_document(found, locale=locale))


def render_comparison_markdown(found: Comparison | Impact, *, locale: str = "vi") -> str:
    """A comparison or an impact in Markdown."""
    return document_markdown(comparison_document(found, locale=locale))


def render_comparison_html(found: Comparison | Impact, *, locale: str = "vi") -> str:
    """A comparison or an impact as one self-contained HTML page."""
    return document_html(comparison_document(found, locale=locale))


def render_comparison_text(found: Comparison | Impact, *, locale: str = "vi") -> str:
    """A comparison or an impact as plain text."""
    return to_text(comparison_document(found, locale=locale))
