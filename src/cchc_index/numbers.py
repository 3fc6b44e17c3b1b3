"""Exact numbers: conversion to :class:`~decimal.Decimal`, strict locale parsing, rounding.

Points are never floats. Rule files are read with ``parse_float=Decimal`` so that
``7.5`` in TOML is ``Decimal("7.5")``; numbers typed by people ("65,7", "20.845")
are parsed strictly for one locale and never guessed.
"""

from __future__ import annotations

import decimal
import re
from datetime import date
from decimal import Decimal
from functools import cached_property

from attrs import field, frozen, validators

__all__ = [
    "ROUNDING_MODES",
    "Rounding",
    "format_number",
    "format_plain",
    "parse_number",
    "plain",
    "to_decimal",
]

#: Rounding modes a rule set may name, and the :mod:`decimal` constant behind each.
#: ``half_up`` is what Excel's ROUND does, hence the default.
ROUNDING_MODES: dict[str, str] = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}

#: Arithmetic context for all scoring: enough digits for any realistic count, and
#: every exceptional condition trapped, so nothing silently becomes NaN or Infinity.
CONTEXT = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

_ONE = Decimal(1)

#: Numbers people give are below this in size (a trillion: no count or sum of money
#: in a rule set comes near it) ...
LARGEST = Decimal(10) ** 15
#: ... and have at most this many decimal places.
PLACES = 12
_LARGEST_INT = int(LARGEST)

_LOCALE_PATTERNS = {
    # vi: dot groups thousands, comma marks decimals ("20.845", "65,7").
    "vi": (re.compile(r"[+-]?([1-9][0-9]{0,2}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?"), ".", ","),
    # en: comma groups thousands, dot marks decimals ("20,845", "65.7").
    "en": (re.compile(r"[+-]?([1-9][0-9]{0,2}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?"), ",", "."),
}


def to_decimal(value: object) -> Decimal:
    """Convert an exact number (``int``, ``Decimal``, canonical text) to a finite Decimal.

    Floats are accepted through their shortest ``repr`` (``0.1`` becomes
    ``Decimal("0.1")``), the value a person typed. Booleans, NaN and infinities are
    refused with :class:`ValueError` or :class:`TypeError`.
    """
    if type(value) is int and -_LARGEST_INT < value < _LARGEST_INT:
        return Decimal(value)  # the usual count, which passes every check below
    if isinstance(value, bool):
        raise TypeError("a yes/no value is not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise TypeError(f"{type(value).__name__} is not a number")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    if not result:
        return Decimal(0)  # also "0E-999999", which would print as a billion zeros
    exponent = result.as_tuple().exponent
    if abs(result) >= LARGEST or (isinstance(exponent, int) and result and exponent < -PLACES):
        raise ValueError(f"{value!r} is too large or too finely divided to be a score or count")
    return result


def parse_number(text: str, locale: str = "vi") -> Decimal:
    """Parse a number written the way ``locale`` writes it, strictly.

    >>> parse_number("65,7"), parse_number("20.845"), parse_number("65.7", "en")
    (Decimal('65.7'), Decimal('20845'), Decimal('65.7'))

    Text that the locale would not write (``"12.5"`` in ``vi``) is refused with
    :class:`ValueError` rather than read as something else.
    """
    language = "en" if locale.startswith("en") else "vi"
    pattern, group, point = _LOCALE_PATTERNS[language]
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not pattern.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not a number written the {language!r} way")
    return to_decimal(cleaned.replace(group, "").replace(point, "."))


def format_number(value: Decimal, locale: str = "vi") -> str:
    """A number the locale's way: ``64,7`` and ``20.845`` in vi, ``64.7`` and ``20,845`` in en.

    >>> format_number(Decimal("20845")), format_number(Decimal("64.7"), "en")
    ('20.845', '64.7')
    """
    # Babel is imported when something is first shown: scoring never needs it.
    from babel.numbers import format_decimal

    language = "en" if locale.startswith("en") else "vi"
    # Babel quantizes to the pattern's 12 places in the current context: a large figure
    # needs the precision of its own digits plus those places.
    digits = len(value.as_tuple().digits) if value.is_finite() else 0
    with decimal.localcontext() as context:
        context.prec = max(context.prec, digits + 14)
        return format_decimal(value, format="#,##0.############", locale=language)


def format_day(value: date, locale: str = "vi") -> str:
    """A date the locale's way: ``20/9/2023`` in vi, ``20 Sep 2023`` in en."""
    from babel.dates import format_date

    language = "en" if locale.startswith("en") else "vi"
    return format_date(value, format="d MMM y" if language == "en" else "d/M/y", locale=language)


def plain(value: Decimal) -> Decimal:
    """The same number without trailing zeros (``64.70`` → ``64.7``), never in exponent form."""
    short = value.normalize(CONTEXT)
    # normalize() writes 100 as 1E+2; whole numbers get their zeros back.
    return short.quantize(_ONE) if short == short.to_integral_value() else short


def format_plain(value: Decimal) -> str:
    """Canonical, exponent-free text of a Decimal, trailing zeros dropped (``64.7``)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@frozen(kw_only=True)
class Rounding:
    """A rule set's rounding policy: decimal places and mode (default: 2, half-up)."""

    places: int = field(default=2, validator=[validators.ge(0), validators.le(10)])
    mode: str = field(default="half_up", validator=validators.in_(ROUNDING_MODES))

    def __call__(self, value: Decimal) -> Decimal:
        """Round ``value`` to the policy's places, as Excel's ROUND would with half-up.

        Trailing zeros are dropped (``4.00`` is kept as ``4``) so that results
        print the way people write them.
        """
        exponent, context = self._quantum
        return plain(value.quantize(exponent, context=context))

    @cached_property
    def _quantum(self) -> tuple[Decimal, decimal.Context]:
        """The exponent rounded to, and the scoring context with the policy's rounding mode."""
        context = CONTEXT.copy()
        context.rounding = ROUNDING_MODES[self.mode]
        return Decimal(1).scaleb(-self.places), context
