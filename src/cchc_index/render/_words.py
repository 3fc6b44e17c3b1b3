"""Words and numbers as people read them, in Vietnamese (default) or English."""

from __future__ import annotations

from ..i18n import Message, format_day, format_number, gettext, language, msg
from ..reports.explain import STATUS_WORDS
from ..scoring.result import Result, Status

__all__ = ["day", "language", "number", "status", "title", "totals"]

number = format_number
day = format_day


def status(value: Status, locale: str) -> str:
    """A status in words."""
    return gettext(STATUS_WORDS[value], locale)


def title(result: Result, locale: str) -> str:
    """The rule set's title in the reader's language: ``title_en`` in English when it has one."""
    ruleset = result.context.ruleset if result.context is not None else None
    if language(locale) == "en" and ruleset is not None and ruleset.title_en:
        return ruleset.title_en
    return result.title


def totals(result: Result) -> Message:
    """The line under a result's tree: points, pending, lost, potential and index."""
    return msg(
        "Total: {points} / {max} points · pending {pending} · lost {lost} · "
        "potential {potential} · index {index} %",
        points=result.points,
        max=result.max,
        pending=result.pending,
        lost=result.lost,
        potential=result.potential,
        index=result.index,
    )
