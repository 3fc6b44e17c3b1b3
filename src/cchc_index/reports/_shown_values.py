"""Message parameters written the reader's way: quantities, dates, percentages, a band's bounds.

A :class:`~cchc_index.i18n.Message` translates its template where it is shown and
writes its Decimal parameters the reader's way. What else a sentence about points
needs is here: a number of points (or tasks, fields) in its right plural form, a
date in each language's form, a percentage, and a rate rounded so that it never
seems to cross a bound it did not cross.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Final

from attrs import frozen

from ..i18n import Message, Shown, format_day, format_number, language, msg, ngettext
from ..kinds.bands import Band
from ..numbers import plain

__all__ = ["day", "near", "parse_interval", "percent", "quantity"]

#: The interval of a band as a trace writes it: ``[0.85, 0.95)``, ``(-∞, 50]``.
_INTERVAL = re.compile(r"([\[(])(-∞|[-+0-9.E]+), (\+∞|[-+0-9.E]+)([\])])")
#: The most decimals a rate is shown with, however close it is to a bound.
_MOST_PLACES: Final = 6


@frozen
class _Counted:
    """A number of something (``point``, ``task``, ``field``), in the right form.

    The form is chosen where it is shown, from the catalog's plural forms:
    ``1 point``, ``2,5 points`` in English; ``1 điểm`` in Vietnamese.
    """

    noun: str
    value: Decimal

    def text(self, locale: str | None = None) -> str:
        lang = language(locale)
        n = 1 if self.value == 1 else 2  # the English rule; Vietnamese has a single form
        # Literal calls, so that Babel extracts each pair as one entry with plural forms.
        if self.noun == "task":
            form = ngettext("{value} task", "{value} tasks", n, lang)
        elif self.noun == "field":
            form = ngettext("{value} field", "{value} fields", n, lang)
        else:
            form = ngettext("{value} point", "{value} points", n, lang)
        return form.format(value=format_number(self.value, lang))


@frozen
class _Day:
    """A date written each language's way where it is shown (``30/11/2023``, ``30 Nov 2023``)."""

    value: date

    def text(self, locale: str | None = None) -> str:
        return format_day(self.value, language(locale))


def quantity(value: Decimal | int, noun: str = "point") -> Shown:
    """``value`` points (or tasks, fields) as a message parameter: ``1 point``, ``2,5 điểm``."""
    return _Counted(noun, Decimal(value))


def day(value: date) -> Shown:
    """A date as a message parameter, each language's way (``30/11/2023``, ``30 Nov 2023``)."""
    return _Day(value)


def percent(value: Decimal) -> Message:
    """A percentage as a message parameter: ``89,4 %`` in Vietnamese, ``89.4 %`` in English."""
    return msg("{value} %", value=plain(value))


def parse_interval(detail: str) -> Band | None:
    """The band a trace's interval text stands for (points unknown, so 0)."""
    found = _INTERVAL.fullmatch(detail.strip())
    if found is None:
        return None
    left, low, high, right = found.groups()
    try:
        return Band(
            points=Decimal(0),
            low=None if low == "-∞" else Decimal(low),
            low_inclusive=left == "[",
            high=None if high == "+∞" else Decimal(high),
            high_inclusive=right == "]",
        )
    except ArithmeticError:
        return None


def near(value: Decimal, bounds: Sequence[Decimal]) -> Decimal:
    """``value`` with the fewest decimals (one at least) that keep it on its side of every bound.

    89.40581… is shown 89.4; 94.996 next to a bound of 95 is shown 94.996, not 95.
    """
    exact = plain(value)
    exponent = exact.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -1:
        return exact
    for places in range(1, _MOST_PLACES + 1):
        shown = plain(value.quantize(Decimal(1).scaleb(-places)))
        if all((shown > b) == (value > b) and (shown < b) == (value < b) for b in bounds):
            return shown
    return plain(value.quantize(Decimal(1).scaleb(-_MOST_PLACES)))
