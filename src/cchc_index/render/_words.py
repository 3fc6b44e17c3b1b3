"""Words and numbers as people read them, in Vietnamese (default) or English."""

from __future__ import annotations

from ..explain import STATUS_WORDS
from ..i18n import gettext, language
from ..numbers import format_day, format_number
from ..result import Status

__all__ = ["day", "language", "number", "status"]

number = format_number
day = format_day


def status(value: Status, locale: str) -> str:
    """A status in words."""
    return gettext(STATUS_WORDS[value], locale)
