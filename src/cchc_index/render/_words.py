"""Words and numbers as people read them, in Vietnamese (default) or English."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from ..numbers import format_number
from ..result import Status

STATUS_WORDS: dict[str, dict[Status, str]] = {
    "vi": {
        Status.ACHIEVED: "đạt",
        Status.PARTIAL: "đạt một phần",
        Status.FAILED: "không đạt",
        Status.NOT_DUE: "chưa đến hạn",
        Status.NOT_APPLICABLE: "không áp dụng",
        Status.MISSING: "thiếu số liệu",
    },
    "en": {
        Status.ACHIEVED: "achieved",
        Status.PARTIAL: "partial",
        Status.FAILED: "failed",
        Status.NOT_DUE: "not yet due",
        Status.NOT_APPLICABLE: "not applicable",
        Status.MISSING: "missing",
    },
}


def language(locale: str) -> str:
    """``en`` for any English locale, else ``vi``."""
    return "en" if locale.startswith("en") else "vi"


number = format_number


def day(value: date, locale: str) -> str:
    """A date the locale's way: ``20/09/2023`` in vi, ``20 Sep 2023`` in en."""
    if language(locale) == "vi":
        return value.strftime("%d/%m/%Y")
    return format_date(value, format="d MMM y", locale="en")


def status(value: Status, locale: str) -> str:
    """A status in words."""
    return STATUS_WORDS[language(locale)][value]
