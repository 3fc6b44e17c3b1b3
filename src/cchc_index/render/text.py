"""A result as a plain-text tree that fits a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import N_, gettext, msg
from ..reports.check import decree_notes
from ..reports.reconcile import Discrepancy
from ..scoring.result import Result
from . import _words as words

_HEAD = (N_("Code"), N_("Criterion"), N_("Points"), N_("Status"), N_("Responsible"))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(result: Result, *, locale: str = "vi", width: int = 110) -> str:
    """The result tree: code, name, points/max, status and responsible office, then totals."""
    lang = words.language(locale)

    def n(value: object) -> str:
        return words.number(value, lang)  # type: ignore[arg-type]

    lines = [
        words.title(result, lang),
        " · ".join(
            part
            for part in (
                result.ruleset,
                result.unit,
                msg("as of {day}", day=words.day(result.as_of, lang)).text(lang),
            )
            if part
        ),
    ]
    name_width = max(20, width - 62)
    head = [gettext(word, lang) for word in _HEAD]
    estimated = gettext(N_("(est.)"), lang)
    lines.append(f"{head[0]:<9} {head[1]:<{name_width}} {head[2]:>13}  {head[3]:<15} {head[4]}")
    for node in result.walk():
        depth = node.code.count(".")
        code = node.code
        name = node.name_en if lang == "en" and node.name_en else node.name
        name = "  " * depth + name
        if node.estimated:
            name = f"{name} {estimated}"
        score = f"{n(node.points)} / {n(node.max)}"
        lines.append(
            f"{code:<9} {_clip(name, name_width):<{name_width}} {score:>13}  "
            f"{words.status(node.status, lang):<15} {_clip(node.responsible or '', 30)}".rstrip()
        )
    lines.append(words.totals(result).text(lang))
    notes = tuple(decree_notes(result.context.ruleset)) if result.context is not None else ()
    if notes:
        lines.append(gettext(N_("The decree's figures, kept as written:"), lang))
        lines.extend(f"  - {note.where.node or ''}: {note.what.text(lang)}" for note in notes)
    return "\n".join(lines) + "\n"


def render_discrepancies(found: Sequence[Discrepancy], *, locale: str = "vi") -> str:
    """A reported sheet's discrepancies, one a line under a heading."""
    lang = words.language(locale)
    heading = gettext(N_("Discrepancies with the reported sheet:"), lang)
    lines = [heading, *(f"  - {d.message(lang)}" for d in found)]
    return "\n".join(lines) + "\n"
