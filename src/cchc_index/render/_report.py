"""What a mid-year report says, section by section, laid out once as a document.

The report (:class:`~cchc_index.Report`) is data; this turns it into the words of
the seed report's four sections. Markdown, HTML and plain text then write the
same document, so the three never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..i18n import N_, format_day, msg
from ..reports.explain import Explanation, quantity
from ..reports.plan import PARTS, STATES, Plan
from ..reports.report import FieldReport, Figure, OfficeTasks, Report
from ..scoring.result import Status
from ._document import Block, Bullets, Document, Heading, Paragraph, Run, Table, em, runs, strong
from ._layout import Words, chart, discrepancy_list, note_list

__all__ = ["report_document"]

#: The column heads of a plan's task states, in the table's order.
_STATE_HEADS = {
    "under_way": N_("Under way"),
    "done": N_("of which done"),
    "behind_target": N_("of which behind target"),
    "not_yet_due": N_("Not yet due"),
    "not_started": N_("Not started"),
    "overdue": N_("Overdue"),
    "not_applicable": N_("Not applicable"),
}
#: Section numbers, as the seed report numbers them.
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def report_document(report: Report, *, locale: str = "vi") -> Document:
    """The mid-year report as a document (its four sections, numbered as the seed's)."""
    w = Words(locale)
    blocks: list[Block] = list(_header(report, w))
    sections = (
        (_plan_title(report), _section_plan(report, w)),
        (N_("Points per field"), _section_points(report, w)),
        (N_("Overall assessment"), _section_overall(report, w)),
        (N_("What to do next"), _section_next(report, w)),
    )
    number = 0
    for title, content in sections:
        if not content:
            continue
        blocks.append(Heading(2, f"{_ROMAN[number]}. {w(title)}"))
        blocks.extend(content)
        number += 1
    title = w(N_("Administrative reform report"))
    if report.unit:
        title = w(msg("Administrative reform report: {unit}", unit=report.unit))
    return Document(title=title, lang=w.lang, blocks=tuple(blocks))


def _header(report: Report, w: Words) -> Iterable[Block]:
    when = format_day(report.as_of, w.lang)
    yield Paragraph(
        runs(
            w(
                msg(
                    "Mid-year report of the year {period}, as of {day}",
                    period=str(report.period),
                    day=when,
                )
            )
        )
    )
    rules = w(report.title)
    if report.basis:
        rules = w(msg("{title} ({basis})", title=rules, basis=report.basis))
    yield Paragraph(runs(w(msg("Rules: {rules}", rules=rules)), f" · {report.ruleset}"))


def _plan_title(report: Report) -> str:
    if report.plan is not None and report.figures:
        return N_("Plan progress and key figures")
    return N_("Plan progress") if report.plan is not None else N_("Key figures")


def _section_plan(report: Report, w: Words) -> list[Block]:
    blocks: list[Block] = []
    plan = report.plan
    if plan is not None and plan.fields:
        blocks.extend(_plan(plan, report, w))
    if report.figures:
        if plan is not None:
            blocks.append(Heading(3, w(N_("Key figures of the period"))))
        blocks.append(_figures(report.figures, w))
    return blocks


def _plan(plan: Plan, report: Report, w: Words) -> list[Block]:
    under_way = plan.under_way
    share = plan.share("under_way")
    if under_way is None or share is None:
        opening = msg(
            "The plan has {total} in {fields}.",
            total=quantity(plan.total, "task"),
            fields=quantity(len(plan), "field"),
        )
    else:
        opening = msg(
            "The plan has {total} in {fields}; {under_way} of them are under way ({share}).",
            total=quantity(plan.total, "task"),
            fields=quantity(len(plan), "field"),
            under_way=Decimal(under_way),
            share=msg("{value} %", value=(share * 100).quantize(Decimal("0.1"))),
        )
    states = [s for s in (*STATES[:1], *PARTS, *STATES[1:]) if plan.count(s) is not None]
    names = {f.code: f.name for f in report.fields}
    rows = []
    for found in plan.fields:
        name = names.get(found.code)
        rows.append(
            (
                f"{found.code}. {w(name)}" if name is not None else found.code,
                w.count(found.total),
                *(w.count(found.count(s)) for s in states),
            )
        )
    rows.append((w(N_("Total")), w.count(plan.total), *(w.count(plan.count(s)) for s in states)))
    table = Table(
        head=(w(N_("Field")), w(N_("Tasks")), *(w(_STATE_HEADS[s]) for s in states)),
        rows=tuple(rows),
        numeric=frozenset(range(1, len(states) + 2)),
        strong_rows=frozenset({len(rows) - 1}),
    )
    blocks: list[Block] = [Paragraph(runs(w(opening))), table]
    notes = [runs(strong(f"{f.code}."), " ", f.note or "") for f in plan.fields if f.note]
    unreported = [f for f in plan.fields if f.unreported]
    if unreported:
        notes.extend(
            runs(
                w(
                    msg(
                        "Field {code}: no state is reported for {count} of its {total}.",
                        code=f.code,
                        count=Decimal(f.unreported),
                        total=quantity(f.total, "task"),
                    )
                )
            )
            for f in unreported
        )
    if notes:
        blocks.append(Bullets(tuple(notes)))
    return blocks


def _figure_value(figure: Figure, w: Words) -> str:
    value = figure.value
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return str(value)
    if figure.type == "percent":
        shown = w.percent(Decimal(value))
    elif figure.type == "ratio":
        shown = w.percent(Decimal(value) * 100)
    else:
        shown = w.n(value)
    return f"{shown} ({w.estimate})" if figure.estimated else shown


def _figures(figures: Sequence[Figure], w: Words) -> Table:
    return Table(
        head=(w(N_("Figure")), w(N_("Value"))),
        rows=tuple((w(f.label), _figure_value(f, w)) for f in figures),
        numeric=frozenset({1}),
    )


def _section_points(report: Report, w: Words) -> list[Block]:
    r = report.range
    opening = msg(
        "Points obtained so far: {points} of {max} ({index} %).",
        points=r.points,
        max=quantity(r.max),
        index=r.index,
    )
    overview = Table(
        head=tuple(w(h) for h in (N_("Field"), N_("Points"), N_("Max"), N_("Pending"), N_("Lost"))),
        rows=tuple(
            (
                f"{f.code}. {w(f.name)}" + (f" ({w.estimate})" if f.estimated else ""),
                w.n(f.points),
                w.n(f.max),
                w.n(f.pending),
                w.n(f.lost),
            )
            for f in report.fields
        ),
        numeric=frozenset({1, 2, 3, 4}),
    )
    blocks: list[Block] = [Paragraph(runs(w(opening))), overview]
    if report.fields:
        blocks.append(chart(report.fields, w))
    for number, found in enumerate(report.fields, start=1):
        blocks.extend(_field(number, found, w))
    if report.discrepancies:
        blocks.append(Heading(3, w(N_("Discrepancies with the reported sheet"))))
        blocks.append(discrepancy_list(report.discrepancies, w))
    if report.decree_notes:
        blocks.append(Heading(3, w(N_("The decree's figures, kept as written"))))
        blocks.append(note_list(report.decree_notes, w))
    return blocks


def _field(number: int, found: FieldReport, w: Words) -> list[Block]:
    template = (
        N_("{number}. {name}: {points}/{max} (estimate)")
        if found.estimated
        else N_("{number}. {name}: {points}/{max}")
    )
    heading = w(
        msg(
            template,
            number=str(number),
            name=found.name,
            points=found.points,
            max=quantity(found.max),
        )
    )
    blocks: list[Block] = [Heading(3, heading)]
    if not found.losses:
        if found.status is Status.NOT_APPLICABLE:
            blocks.append(Paragraph(runs(w(N_("The field does not apply to the unit.")))))
        else:
            blocks.append(Paragraph(runs(w(N_("Every point of the field is obtained.")))))
        return blocks
    if found.lost and found.pending:
        summary = msg(
            "Not obtained: {missing}, of which {lost} lost and {pending} not yet due:",
            missing=quantity(found.lost + found.pending),
            lost=found.lost,
            pending=found.pending,
        )
    elif found.pending:
        summary = msg("Not obtained: {pending}, not yet due:", pending=quantity(found.pending))
    else:
        summary = msg("Not obtained: {lost}, lost:", lost=quantity(found.lost))
    blocks.append(Paragraph(runs(w(summary))))
    blocks.append(Bullets(tuple(_loss(e, w) for e in found.losses)))
    return blocks


def _amount(e: Explanation, w: Words) -> str:
    if e.pending:
        return w(msg("{pending}/{max} pending", pending=e.pending, max=quantity(e.max)))
    if e.status is Status.FAILED:
        return w(msg("{lost}/{max} lost", lost=e.lost, max=quantity(e.max)))
    return w(
        msg(
            "{lost}/{max} lost ({status})",
            lost=e.lost,
            max=quantity(e.max),
            status=e.status_word,
        )
    )


def _office(responsible: str | None) -> tuple[Run, ...]:
    return runs(" (", em(responsible), ")") if responsible else ()


def _loss(e: Explanation, w: Words) -> tuple[Run, ...]:
    reason = w(e.reason) if e.reason is not None else ""
    return (
        *runs(strong(e.code), " ", w(e.name), ": ", _amount(e, w)),
        *(runs(" — ", reason) if reason else ()),
        *_office(e.responsible),
    )


def _section_overall(report: Report, w: Words) -> list[Block]:
    r = report.range
    lines = [
        runs(
            w(
                msg(
                    "Secured: {points} of {max} (index {index} %).",
                    points=r.points,
                    max=quantity(r.max),
                    index=r.index,
                )
            )
        ),
        runs(w(msg("Not yet due: {pending}.", pending=quantity(r.pending)))),
        runs(w(msg("Lost: {lost}.", lost=quantity(r.lost)))),
    ]
    best = (
        msg(
            "Best case, if every pending point is obtained: {potential} of {max} "
            "(index {index} %).",
            potential=r.potential,
            max=quantity(r.max),
            index=r.best_index,
        )
        if r.best_index is not None
        else msg(
            "Best case, if every pending point is obtained: {potential} of {max}.",
            potential=r.potential,
            max=quantity(r.max),
        )
    )
    lines.append(runs(w(best)))
    for part in r.parts:
        template = (
            N_(
                "Assessed by the province: {points} of {max} secured, {pending} pending, "
                "best case {potential}."
            )
            if part.assessor == "province"
            else N_(
                "Self-assessed: {points} of {max} secured, {pending} pending, "
                "best case {potential}."
            )
        )
        lines.append(
            runs(
                w(
                    msg(
                        template,
                        points=part.points,
                        max=quantity(part.max),
                        pending=part.pending,
                        potential=part.potential,
                    )
                )
            )
        )
    if r.grade:
        label = r.grade_en if w.lang == "en" and r.grade_en else r.grade
        lines.append(runs(w(msg("Grade: {grade}", grade=label))))
    if r.estimated:
        lines.append(runs(w(N_("Some of these points rest on estimates."))))
    blocks: list[Block] = [
        Heading(3, w(N_("The range of the year's score"))),
        Bullets(tuple(lines)),
    ]
    blocks.append(Heading(3, w(N_("On track"))))
    if report.on_track:
        blocks.append(
            Bullets(
                tuple(
                    runs(
                        w(
                            msg(
                                "{code}. {name}: {points}/{max}, nothing lost "
                                "({pending} not yet due).",
                                code=f.code,
                                name=f.name,
                                points=f.points,
                                max=quantity(f.max),
                                pending=f.pending,
                            )
                        )
                    )
                    for f in report.on_track
                )
            )
        )
    else:
        blocks.append(Paragraph(runs(w(N_("Every field has lost points.")))))
    blocks.append(Heading(3, w(N_("Shortcomings"))))
    if report.shortcomings:
        blocks.append(
            Bullets(
                tuple(
                    (
                        *runs(
                            w(
                                msg(
                                    "{name}: {lost} lost (of a maximum of {max})",
                                    name=e.name,
                                    lost=quantity(e.lost),
                                    max=quantity(e.max),
                                )
                            )
                        ),
                        *(runs(" — ", w(e.reason)) if e.reason is not None else ()),
                        *_office(e.responsible),
                    )
                    for e in report.shortcomings
                )
            )
        )
    else:
        blocks.append(Paragraph(runs(w(N_("No point has been lost so far.")))))
    return blocks


def _section_next(report: Report, w: Words) -> list[Block]:
    blocks: list[Block] = []
    for tasks in report.next_steps:
        blocks.append(Heading(3, _office_heading(tasks, w)))
        blocks.append(
            Bullets(
                tuple(
                    runs(
                        strong(o.code),
                        " ",
                        _node_name(report, o.code, o.name, w),
                        ": ",
                        w(msg("+{gain}", gain=quantity(o.gain))),
                        " — ",
                        w(o.advice),
                    )
                    for o in tasks.opportunities
                )
            )
        )
    return blocks


def _office_heading(tasks: OfficeTasks, w: Words) -> str:
    if tasks.responsible is not None:
        who = tasks.responsible
    elif tasks.assessor == "province":
        who = w(N_("Assessed by the province"))
    else:
        who = w(N_("No responsible office named"))
    return w(msg("{office}: up to {gain}", office=who, gain=quantity(tasks.gain)))


def _node_name(report: Report, code: str, name: str, w: Words) -> str:
    result = report.result
    if result is not None and code in result:
        return w.name(result[code])
    return name
