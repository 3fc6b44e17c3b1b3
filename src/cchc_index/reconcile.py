"""Checking a reported score sheet against computed results, exactly.

A mid-year report states points per field and a total ("65,7/90"); the rule set,
evaluated on the report's own figures, gives what those points must be.
:func:`reconcile` compares the two and returns one :class:`Discrepancy` per
claim that does not hold:

* a value that differs from the computed points (compared as exact decimals:
  ``8.70`` equals ``8.7``, ``65.7`` differs from ``64.7``);
* a value outside ``0 … max`` of its node (or of the whole rule set for ``"total"``);
* a code the result does not have.

``"total"`` is compared with :attr:`Result.points`; every other key is a
criterion code (text such as ``"3.4"``, never a number).

Reported values may be ``int``, :class:`~decimal.Decimal`, ``float`` (read through
its shortest repr, ``8.7`` → ``Decimal("8.7")``) or text. Text is read the
Vietnamese way first (``"65,7"``, ``"20.845"``, see
:func:`cchc_index.numbers.parse_number`). A plain machine decimal without
grouping (``"64.7"``) is accepted too, because Vietnamese reports often write
points that way ("9.5/17"), but only where the two readings cannot disagree:
``"1.500"`` reads 1500 the Vietnamese way and 1.5 the machine way, so it is
refused as ambiguous rather than guessed. Anything that is not a number (yes/no,
empty text, ``"65,7/90"``, NaN, a list) raises :class:`InputError`, with every
bad value of the sheet listed at once; nothing else escapes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum

from attrs import frozen

from .errors import InputError, Problem, ProblemLog, suggest, suggest_vi
from .numbers import format_number, format_plain, parse_number, to_decimal
from .result import NodeResult, Result

__all__ = ["TOTAL", "Discrepancy", "DiscrepancyKind", "reconcile"]

#: The key of a reported sheet that holds the total (compared with ``Result.points``).
TOTAL = "total"

#: A machine-written decimal: digits, optionally one dot and more digits; no grouping.
_MACHINE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
#: Longer text is not a number of points anyone wrote.
_MAX_TEXT = 64


class DiscrepancyKind(StrEnum):
    """What is wrong with one reported claim."""

    DIFFERS = "differs"  #: the reported points are not the computed points
    OUT_OF_RANGE = "out_of_range"  #: the reported points are below 0 or above the max
    UNKNOWN_CODE = "unknown_code"  #: the result has no criterion with this code


@frozen(kw_only=True)
class Discrepancy:
    """One reported claim that the computed result does not bear out.

    ``reported`` is the value the sheet states; ``computed`` the result's points
    for the same code (``None`` when the code does not exist). ``en`` and ``vi``
    say what is wrong, like :class:`cchc_index.errors.Problem`.
    """

    code: str
    reported: Decimal | None
    computed: Decimal | None
    en: str
    vi: str
    kind: DiscrepancyKind = DiscrepancyKind.DIFFERS

    @property
    def difference(self) -> Decimal | None:
        """``reported − computed``, or ``None`` when either side is missing."""
        if self.reported is None or self.computed is None:
            return None
        return self.reported - self.computed

    def message(self, locale: str = "vi") -> str:
        """The message in ``locale`` (``vi`` or ``en``)."""
        return self.en if locale.startswith("en") else self.vi

    def __str__(self) -> str:
        return f"{self.code}: {self.vi} / {self.en}"


def reconcile(result: Result, reported: Mapping[str, object]) -> list[Discrepancy]:
    """Compare a reported score sheet with ``result``; one :class:`Discrepancy` per bad claim.

    ``reported`` maps ``"total"`` and criterion codes to the points a report states.
    The list is in order: the total first, then criteria in decree order, then codes
    the result does not have, in the sheet's order. An empty list means every claim
    holds. Values that are not numbers raise :class:`InputError`.

    >>> reconcile(res, {"total": "65,7", "1": 12})          # doctest: +SKIP
    [Discrepancy(code='total', reported=Decimal('65.7'), computed=Decimal('64.7'), ...)]
    """
    if not isinstance(result, Result):
        raise InputError(
            Problem(
                en=f"reconcile() needs a Result (from evaluate), not {type(result).__name__}",
                vi=f"reconcile() cần một Result (từ evaluate), không phải {type(result).__name__}",
            )
        )
    claims = _read_sheet(reported)
    found: list[Discrepancy] = []
    if TOTAL in claims:
        found.extend(_check(TOTAL, claims[TOTAL], result.points, result.max, None))
    for node in result.walk():
        if node.code in claims:
            found.extend(_check(node.code, claims[node.code], node.points, node.max, node))
    for code, value in claims.items():
        if code != TOTAL and code not in result.nodes:
            found.append(_unknown(code, value, result))
    return found


def _read_sheet(reported: object) -> dict[str, Decimal]:
    """Every claim of the sheet as an exact Decimal; all bad entries raised together."""
    if not isinstance(reported, Mapping):
        raise InputError(
            Problem(
                en=f"a reported sheet must be a mapping of codes to points, "
                f"not {type(reported).__name__}",
                vi=f"bảng điểm báo cáo phải là mapping từ mã tiêu chí đến điểm, "
                f"không phải {type(reported).__name__}",
            )
        )
    log = ProblemLog()
    claims: dict[str, Decimal] = {}
    for code, value in reported.items():
        if not isinstance(code, str):
            log.add(
                f'criterion codes are text (write "{code}"), not {type(code).__name__}',
                f'mã tiêu chí là văn bản (viết "{code}"), không phải {type(code).__name__}',
                key=repr(code),
            )
            continue
        number = _number(value)
        if number is None:
            log.add(
                f"{value!r} is not a number of points (write 65,7, 64.7 or 12)",
                f"{value!r} không phải là số điểm (viết 65,7, 64.7 hoặc 12)",
                node=None if code == TOTAL else code,
                key=code,
            )
            continue
        claims[code] = number
    log.raise_if_any(InputError)
    return claims


def _number(value: object) -> Decimal | None:
    """A reported value as a Decimal, or ``None`` when it is not (unambiguously) a number."""
    try:
        if isinstance(value, str):
            number = _parse_text(value)
            if number is None:
                return None
        else:
            number = to_decimal(value)
    except (TypeError, ValueError, ArithmeticError):
        return None
    return number


def _parse_text(text: str) -> Decimal | None:
    """Vietnamese text, or a plain machine decimal where the two readings cannot differ."""
    if len(text) > _MAX_TEXT:
        return None
    try:
        vietnamese: Decimal | None = parse_number(text, "vi")
    except ValueError:
        vietnamese = None
    cleaned = text.strip()
    machine = to_decimal(cleaned) if _MACHINE.fullmatch(cleaned) else None
    if vietnamese is not None and machine is not None and vietnamese != machine:
        return None  # "1.500": 1500 the Vietnamese way, 1.5 the machine way
    return vietnamese if vietnamese is not None else machine


def _check(
    code: str, reported: Decimal, computed: Decimal, maximum: Decimal, node: NodeResult | None
) -> list[Discrepancy]:
    """The discrepancy of one known code's claim, if any."""
    if node is None:
        what_en, what_vi = "the total", "tổng điểm"
    else:
        what_en = f"criterion {code!r} ({node.name_en or node.name})"
        what_vi = f"tiêu chí {code!r} ({node.name})"
    if not Decimal(0) <= reported <= maximum:
        where_en = "below 0" if reported < 0 else f"above the maximum of {_en(maximum)}"
        where_vi = "nhỏ hơn 0" if reported < 0 else f"vượt điểm tối đa {_vi(maximum)}"
        return [
            Discrepancy(
                code=code,
                reported=reported,
                computed=computed,
                kind=DiscrepancyKind.OUT_OF_RANGE,
                en=f"{what_en}: the report states {_en(reported)} points, {where_en}; "
                f"the rules give {_en(computed)}",
                vi=f"{what_vi}: báo cáo ghi {_vi(reported)} điểm, {where_vi}; "
                f"tính theo quy tắc được {_vi(computed)} điểm",
            )
        ]
    if reported == computed:
        return []
    difference = reported - computed
    return [
        Discrepancy(
            code=code,
            reported=reported,
            computed=computed,
            kind=DiscrepancyKind.DIFFERS,
            en=f"{what_en}: the report states {_en(reported)} points, the rules give "
            f"{_en(computed)} (difference {_signed(_en(difference), difference)})",
            vi=f"{what_vi}: báo cáo ghi {_vi(reported)} điểm, tính theo quy tắc được "
            f"{_vi(computed)} điểm (chênh lệch {_signed(_vi(difference), difference)})",
        )
    ]


def _unknown(code: str, reported: Decimal, result: Result) -> Discrepancy:
    known = [TOTAL, *result.nodes]
    return Discrepancy(
        code=code,
        reported=reported,
        computed=None,
        kind=DiscrepancyKind.UNKNOWN_CODE,
        en=f"the report states {_en(reported)} points for criterion {code!r}, which rule set "
        f"{result.ruleset!r} does not have{suggest(code, known)}",
        vi=f"báo cáo ghi {_vi(reported)} điểm cho tiêu chí {code!r}, nhưng bộ tiêu chí "
        f"{result.ruleset!r} không có tiêu chí này{suggest_vi(code, known)}",
    )


def _en(value: Decimal) -> str:
    """A number as English text: ``64.7``."""
    return format_plain(value)


def _vi(value: Decimal) -> str:
    """A number as Vietnamese text: ``64,7``, ``20.845``."""
    return format_number(value, "vi")


def _signed(text: str, value: Decimal) -> str:
    """``text`` with an explicit ``+`` for a positive difference."""
    return f"+{text}" if value > 0 else text
