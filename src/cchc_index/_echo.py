"""Values echoed back in messages: cut to a readable length, and never failing to be shown.

A message quotes what it refuses (``'abc' is not a number``). What it refuses may be a
megabyte of digits, an integer too long for ``str()``, a list nested a thousand deep,
or an object whose ``repr`` raises. :func:`echo_repr` and :func:`echo_str` show any of
them in a few dozen characters, and say how long the whole was when it was cut.
"""

from __future__ import annotations

import reprlib
from decimal import Decimal
from typing import Any, Final

__all__ = ["REPR_LIMIT", "STR_LIMIT", "echo_repr", "echo_str", "short"]

#: The most characters of a value quoted with ``!r`` (an offending value).
REPR_LIMIT: Final = 100
#: The most characters of a value written as text (a path, a list of the names allowed,
#: a reason): room for what the library itself lists, a bound on anything else.
STR_LIMIT: Final = 1_000
#: Integers with more bits than this are shown by their first digits and their length.
_LONG_INT_BITS: Final = 200


class _Bounded(reprlib.Repr):
    """``reprlib.Repr`` that also bounds integers and nesting, and survives any ``__repr__``."""

    def __init__(self, *, items: int, chars: int) -> None:
        super().__init__()
        # A structure nested a thousand deep is cut here, far from the recursion limit.
        self.maxlevel = 3
        self.maxlist = self.maxtuple = self.maxset = self.maxfrozenset = items
        self.maxdict = items
        self.maxstring = self.maxlong = self.maxother = chars

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > _LONG_INT_BITS:
            return _leading_digits(x)[0]
        return repr(x)

    def repr_instance(self, x: Any, level: int) -> str:
        try:
            text = repr(x)
        except Exception:
            return f"<{type(x).__name__}>"
        return text if len(text) <= self.maxother else text[: self.maxother - 1] + "…"


#: For a value quoted as the offending one, and for a list of choices written out.
_REPR = _Bounded(items=6, chars=30)
_LISTED = _Bounded(items=40, chars=60)


def _leading_digits(x: int) -> tuple[str, int]:
    """The first digits of a long integer with an ellipsis, and how many digits it has.

    ``str()`` refuses integers of more than 4,300 digits; Decimal converts any.
    """
    digits = Decimal(x).as_tuple().digits
    sign = "-" if x < 0 else ""
    return sign + "".join(map(str, digits[:20])) + "…", len(digits)


def echo_repr(value: object) -> tuple[str, int | None]:
    """``repr(value)`` cut to about :data:`REPR_LIMIT` characters, and the full length if cut.

    The length is in characters for text, in digits for an integer, and ``None``
    when nothing was cut (or the length is not known, for a nested structure).
    """
    if isinstance(value, str):
        if len(value) <= REPR_LIMIT:
            return repr(value), None
        return repr(value[:REPR_LIMIT])[:-1] + "…" + repr(value)[-1:], len(value)
    if type(value) is int and value.bit_length() > _LONG_INT_BITS:
        return _leading_digits(value)
    if isinstance(value, Decimal) and len(value.as_tuple().digits) > REPR_LIMIT // 2:
        # Shown as written, not as Decimal('…'): the digits are what the reader typed.
        return str(value)[: REPR_LIMIT // 2] + "…", len(value.as_tuple().digits)
    try:
        text = _REPR.repr(value)
    except Exception:
        return f"<{type(value).__name__}>", None
    if len(text) > 2 * REPR_LIMIT:
        return text[: 2 * REPR_LIMIT] + "…", None
    return text, None


def short(value: object) -> str:
    """Text for a place (a key, a code, a source) that may be anything: text as it is, else
    its short ``repr``. Text is cut where it is shown, with its true length."""
    return value if isinstance(value, str) else echo_repr(value)[0]


def echo_str(value: object) -> tuple[str, int | None]:
    """``str(value)`` cut to :data:`STR_LIMIT` characters, and the full length if cut."""
    if isinstance(value, str):
        if len(value) <= STR_LIMIT:
            return value, None
        return value[:STR_LIMIT] + "…", len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > _LONG_INT_BITS:
            return _leading_digits(value)
        return str(value), None
    if isinstance(value, list | tuple | set | frozenset | dict):
        try:
            text = _LISTED.repr(value)
        except Exception:
            return f"<{type(value).__name__}>", None
        return (text, None) if len(text) <= STR_LIMIT else (text[:STR_LIMIT] + "…", None)
    try:
        text = str(value)
    except Exception:
        return f"<{type(value).__name__}>", None
    if len(text) > STR_LIMIT:
        return text[:STR_LIMIT] + "…", len(text)
    return text, None
