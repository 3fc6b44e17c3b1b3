"""Criterion codes as decrees write them, and the order decrees list them in.

A code is the path of a node in the tree, its segments joined by dots, each segment
written the way the decision numbers that level:

- parts (phần) in upper-case Roman numerals: ``I``, ``II``, ``IV``, ``XII``;
- fields and criteria in Arabic numbers without a leading zero: ``1``, ``12``;
- points (điểm) in lower-case letters, Vietnamese ones included: ``a``, ``b``, … ``d``,
  ``đ``, ``e``, ``g``, ``h``.

So ``II.3.đ`` is point đ of criterion 3 of part II. Codes stay text exactly as
written (``1.10`` is not ``1.1``); :func:`code_sort_key` orders them as the decree
does: ``1.9`` before ``1.10``, ``d`` before ``đ`` before ``e``, ``IV`` before ``IX``.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "CODE_PATTERN",
    "LETTERS",
    "code_sort_key",
    "parent_code",
    "roman_value",
    "segment_sort_key",
]

#: The letters that number points, in the order of the Vietnamese alphabet (which has
#: no f, j, w or z; they are accepted too, where the Latin alphabet puts them, since a
#: decree may borrow them for a long list).
LETTERS: Final = "abcdđefghijklmnopqrstuvwxyz"
_LETTER_RANK: Final = {letter: rank for rank, letter in enumerate(LETTERS)}

#: A canonical Roman numeral from I to MMMCMXCIX: ``IIII`` and ``VX`` are not numerals.
_ROMAN: Final = r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_SEGMENT: Final = rf"(?:[1-9][0-9]{{0,2}}|[{LETTERS}]|{_ROMAN})"
#: A whole code: segments joined by dots.
CODE_PATTERN: Final = re.compile(rf"{_SEGMENT}(?:\.{_SEGMENT})*")
_ROMAN_DIGITS: Final = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

#: How each kind of segment sorts against the others, were a decree to mix them on one
#: level: numbers, then letters, then Roman numerals.
_NUMBER, _LETTER, _NUMERAL = 0, 1, 2


def roman_value(numeral: str) -> int:
    """The value of a canonical Roman numeral (``"XIV"`` → 14)."""
    total = 0
    for here, after in zip(numeral, (*numeral[1:], ""), strict=True):
        value = _ROMAN_DIGITS[here]
        total += -value if after and _ROMAN_DIGITS[after] > value else value
    return total


def segment_sort_key(segment: str) -> tuple[int, int]:
    """Where one segment of a code falls among its siblings in decree order."""
    if segment.isdigit():
        return (_NUMBER, int(segment))
    rank = _LETTER_RANK.get(segment)
    if rank is not None:
        return (_LETTER, rank)
    return (_NUMERAL, roman_value(segment))


def code_sort_key(code: str) -> tuple[tuple[int, int], ...]:
    """Decree order for codes: ``1.9`` < ``1.10``, ``1.d`` < ``1.đ`` < ``1.e``, ``II`` < ``IV``.

    Parents come before their children, since a tuple sorts before its extensions.
    """
    return tuple(segment_sort_key(segment) for segment in code.split("."))


def parent_code(code: str) -> str | None:
    """The parent's code (``"3.4"`` for ``"3.4.1"``), ``None`` for a top-level node."""
    head, dot, _ = code.rpartition(".")
    return head if dot else None
