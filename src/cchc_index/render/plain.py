"""A mid-year report and a node's explanation as plain text, for a terminal or an e-mail."""

from __future__ import annotations

from ..i18n import N_, Message, format_day, gettext, language
from ..reports.explain import Explanation
from ..reports.report import Report
from ._document import to_text
from ._report import report_document

__all__ = ["render_explanation", "render_report_text"]


def render_report_text(report: Report, *, locale: str = "vi") -> str:
    """A mid-year report (:func:`cchc_index.report`) as plain text."""
    return to_text(report_document(report, locale=locale))


def render_explanation(explanation: Explanation, *, locale: str = "vi") -> str:
    """One node's explanation (:func:`cchc_index.explain`) as plain text: what, from what, why."""
    lang = language(locale)

    def t(text: str | Message) -> str:
        return text.text(lang) if isinstance(text, Message) else gettext(text, lang)

    def part(title: str, items: tuple[Message, ...]) -> list[str]:
        return [f"{t(title)}:", *(f"  - {t(item)}" for item in items)] if items else []

    def line(title: str, text: str) -> str:
        return f"{t(title)}: {text}"

    e = explanation
    lines = [t(e.headline)]
    if e.responsible:
        lines.append(line(N_("Responsible office"), e.responsible))
    if e.due is not None:
        lines.append(line(N_("Due"), format_day(e.due, lang)))
    lines.append(line(N_("Scored by"), t(e.kind_word)))
    if e.estimated:
        lines.append(t(N_("The points rest on estimates.")))
    lines.extend(part(N_("Figures used"), e.figures))
    lines.extend(part(N_("How the points were reached"), e.steps))
    lines.extend(part(N_("Its criteria"), e.children))
    if e.reason is not None:
        lines.append(line(N_("Why points were not obtained"), t(e.reason)))
    if e.next_step is not None:
        lines.append(line(N_("Next step"), t(e.next_step)))
    if e.needs is not None:
        lines.append(line(N_("What it takes"), t(e.needs)))
    return "\n".join(lines) + "\n"
