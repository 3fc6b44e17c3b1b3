"""Words and numbers as people read them, in Vietnamese (default) or English."""

from __future__ import annotations

from ..i18n import N_, gettext, language
from ..numbers import format_day, format_number
from ..result import Status

__all__ = ["day", "language", "number", "status"]

#: What each status is called; translated where shown.
STATUS_WORDS: dict[Status, str] = {
    Status.ACHIEVED: N_("achieved"),
    Status.PARTIAL: N_("partial"),
    Status.FAILED: N_("failed"),
    Status.NOT_DUE: N_("not yet due"),
    Status.NOT_APPLICABLE: N_("not applicable"),
    Status.MISSING: N_("missing"),
}

number = format_number
day = format_day


def status(value: Status, locale: str) -> str:
    """A status in words."""
    return gettext(STATUS_WORDS[value], locale)
