"""Turning what people typed into typed input values, strictly, for one locale."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..errors import ProblemLog, suggest
from ..i18n import echo, msg
from ..language.model import InputSpec, InputType
from ..language.trace import InputValue
from ..numbers import LARGEST, NumberError, format_plain, parse_number, to_decimal

_TRUE = {"true", "yes", "có", "co", "x"}
_FALSE = {"false", "no", "không", "khong"}
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_LARGEST = int(LARGEST)
#: The types whose values are Decimals (a count is an int), and numbers given as such.
_DECIMAL_TYPES = (InputType.RATIO, InputType.PERCENT, InputType.NUMBER)
_NUMBERS = (Decimal, int)


class ValueReader:
    """Converts raw values to an input's type, logging a located problem for each refusal."""

    def __init__(self, log: ProblemLog, locale: str = "vi") -> None:
        self.log = log
        self.locale = locale

    def date(self, value: Any, **where: Any) -> date | None:
        """A date from a date, an ISO text or a dd/mm/yyyy text."""
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            text = value.strip()
            try:
                if match := _DMY.fullmatch(text):
                    day, month, year = (int(g) for g in match.groups())
                    return date(year, month, day)
                return date.fromisoformat(text)
            except ValueError:
                pass
        self.log.add(
            msg('{value!r} is not a date (write 2023-09-20 or "20/09/2023")', value=value),
            **where,
        )
        return None

    def value(self, spec: InputSpec, value: Any) -> InputValue | None:
        """One input value converted to its type and checked against its bounds."""
        kind = spec.type
        # The usual values take a short way: a yes/no answer, a count, a level or a
        # number as such, within bounds, is itself (a number as to_decimal gives it).
        # Anything else takes the long way below, which says what is wrong with it.
        if kind is InputType.BOOL and isinstance(value, bool):
            return value
        if type(value) is int and kind is InputType.COUNT:
            low, high = spec.bounds()
            if (
                -_LARGEST < value < _LARGEST
                and (low is None or value >= low)
                and (high is None or value <= high)
            ):
                return value
        elif type(value) is str and kind is InputType.LEVEL and value in spec.levels:
            return value
        elif type(value) in _NUMBERS and kind in _DECIMAL_TYPES:
            try:
                exact = to_decimal(value)
            except (TypeError, ValueError):
                pass
            else:
                low, high = spec.bounds()
                if (low is None or exact >= low) and (high is None or exact <= high):
                    return exact
        where: dict[str, Any] = {"input": spec.name}
        shown = echo(value)
        if kind is InputType.BOOL:
            if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
                return value.strip().lower() in _TRUE
            self.log.add(
                msg("{shown} is not yes/no (write true or false)", shown=shown),
                **where,
            )
            return None
        if kind is InputType.DATE:
            return self.date(value, **where)
        if kind is InputType.LEVEL:
            if isinstance(value, str) and value in spec.levels:
                return value
            self.log.add(
                msg(
                    "{shown} is not one of the levels {list}{hint}",
                    shown=shown,
                    list=list(spec.levels),
                    hint=suggest(value, spec.levels),
                ),
                **where,
            )
            return None
        number = self.number(spec, value)
        if number is None:
            return None
        low, high = spec.bounds()
        if (low is not None and number < low) or (high is not None and number > high):
            span = f"{'-∞' if low is None else format_plain(low)} … " + (
                "+∞" if high is None else format_plain(high)
            )
            self.log.add(
                msg(
                    "{number} is outside the allowed range {span} for a {type}",
                    number=format_plain(number),
                    span=span,
                    type=kind.value,
                ),
                **where,
            )
            return None
        if kind is InputType.COUNT:
            if number != number.to_integral_value():
                self.log.add(
                    msg("{number} is not a whole number; a count is", number=format_plain(number)),
                    **where,
                )
                return None
            return int(number)
        return number

    def number(self, spec: InputSpec, value: Any) -> Decimal | None:
        where: dict[str, Any] = {"input": spec.name}
        try:
            if isinstance(value, str):
                text = value.strip()
                scale = Decimal(1)
                if text.endswith("%") and spec.type in (InputType.RATIO, InputType.PERCENT):
                    text = text[:-1].strip()
                    scale = Decimal("0.01") if spec.type is InputType.RATIO else Decimal(1)
                return parse_number(text, self.locale) * scale
            return to_decimal(value)
        except (TypeError, ValueError) as exc:
            a, b = ("65,7", "20.845") if self.locale == "vi" else ("65.7", "20,845")
            hint = msg(
                "{value!r} is not a number (in {locale!r} text, write {a} or {b})",
                value=value,
                locale=self.locale,
                a=a,
                b=b,
            )
            refused = exc.refusal(value, hint) if isinstance(exc, NumberError) else hint
            self.log.add(refused, **where)
            return None
