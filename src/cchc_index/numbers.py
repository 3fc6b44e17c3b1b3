"""Exact numbers: conversion to :class:`~decimal.Decimal`, strict locale parsing, rounding.

Points are never floats. Rule files are read with ``parse_float=Decimal`` so that
``7.5`` in TOML is ``Decimal("7.5")``; numbers typed by people ("65,7", "20.845")
are parsed strictly for one locale and never guessed.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from functools import cached_property

from attrs import field, frozen, validators

from .i18n import Message, msg

__all__ = [
    "ROUNDING_MODES",
    "NumberError",
    "Rounding",
    "exact_decimal",
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
#: The finest step a number may have: :data:`PLACES` decimal places.
FINEST = Decimal(1).scaleb(-PLACES)
#: ``to_finest(value, FINEST)`` raises :class:`decimal.Rounded` for a number written with
#: more places than :data:`PLACES`, zeros too (``7.5000000000000``): how finely a number
#: is written, asked without taking it apart (``as_tuple()`` costs more). For numbers
#: below :data:`LARGEST`; the context's own method, as a keyword argument costs more.
to_finest = decimal.Context(prec=34, traps=[decimal.Rounded, decimal.InvalidOperation]).quantize

#: For reading numbers only: any exponent, so that reading a number of a million
#: digits gives a number that is then refused for its size, not an Overflow.
_READING = decimal.Context(
    Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[decimal.InvalidOperation]
)


class NumberError(ValueError):
    """A value refused as a number; ``reason`` says in words why, when it is a number at all.

    ``reason`` is ``None`` for text that is no number; otherwise the value is a number
    that cannot be used (infinite, too large, too finely divided).
    """

    def __init__(self, reason: Message | None = None) -> None:
        super().__init__(reason.text("en") if reason is not None else "not a number")
        self.reason = reason

    def refusal(self, value: object, otherwise: Message) -> Message:
        """What to tell about ``value``: the reason when there is one, else ``otherwise``."""
        if self.reason is None:
            return otherwise
        return msg("{value!r}: {reason}", value=value, reason=self.reason)


def exact_decimal(text: str) -> Decimal:
    """The Decimal written by ``text``, however large its exponent (a TOML or JSON reader hook)."""
    with decimal.localcontext(_READING):
        return Decimal(text)


_LOCALE_PATTERNS = {
    # vi: dot groups thousands, comma marks decimals ("20.845", "65,7").
    "vi": (re.compile(r"[+-]?([1-9][0-9]{0,2}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?"), ".", ","),
    # en: comma groups thousands, dot marks decimals ("20,845", "65.7").
    "en": (re.compile(r"[+-]?([1-9][0-9]{0,2}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?"), ",", "."),
}


_TOO_LARGE = msg("too large: a score or count here is below 10^15 (a million billion)")
#: Integers of more bits than this are at or above LARGEST, without converting them.
_LARGEST_BITS = _LARGEST_INT.bit_length()


def to_decimal(value: object) -> Decimal:
    """Convert an exact number (``int``, ``Decimal``, canonical text) to a finite Decimal.

    Floats are accepted through their shortest ``repr`` (``0.1`` becomes
    ``Decimal("0.1")``), the value a person typed. Booleans and other types are
    refused with :class:`TypeError`; NaN, infinities, text that is no number, and numbers
    too large or too finely divided with :class:`NumberError` (a :class:`ValueError`)
    saying why.
    """
    if type(value) is int and -_LARGEST_INT < value < _LARGEST_INT:
        return Decimal(value)  # the usual count, which passes every check below
    if isinstance(value, bool):
        raise TypeError("a yes/no value is not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        if value.bit_length() > _LARGEST_BITS:  # Decimal() of a billion digits takes long
            raise NumberError(_TOO_LARGE)
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = exact_decimal(value.strip())
        except decimal.InvalidOperation:
            raise NumberError() from None
    else:
        raise TypeError(f"{type(value).__name__} is not a number")
    if not result.is_finite():
        raise NumberError(msg("infinity and NaN (not a number) cannot be counted or scored"))
    if not result:
        return Decimal(0)  # also "0E-999999", which would print as a billion zeros
    if result.copy_abs() >= LARGEST:
        raise NumberError(_TOO_LARGE)
    try:
        to_finest(result, FINEST)
    except decimal.Rounded:
        raise NumberError(
            msg("more decimal places than the {places} a number may have", places=PLACES)
        ) from None
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
        raise NumberError()
    return to_decimal(cleaned.replace(group, "").replace(point, "."))


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
        # The context's own method: a keyword argument costs Decimal more than the rounding.
        return plain(context.quantize(value, exponent))

    @cached_property
    def _quantum(self) -> tuple[Decimal, decimal.Context]:
        """The exponent rounded to, and the scoring context with the policy's rounding mode."""
        context = CONTEXT.copy()
        context.rounding = ROUNDING_MODES[self.mode]
        return Decimal(1).scaleb(-self.places), context
