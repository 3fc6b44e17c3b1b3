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

from .._echo import short
from ..errors import InputError, Problem, ProblemLog, suggest
from ..i18n import N_, Message, Named, Said, msg
from ..numbers import format_plain, parse_number, to_decimal
from ..scoring.result import NodeResult, Result

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
class Discrepancy(Said):
    """One reported claim that the computed result does not bear out.

    ``reported`` is the value the sheet states; ``computed`` the result's points
    for the same code (``None`` when the code does not exist). ``what`` says what is
    wrong, translated where shown, like :class:`cchc_index.errors.Problem`.
    """

    code: str
    reported: Decimal | None
    computed: Decimal | None
    what: Message
    kind: DiscrepancyKind = DiscrepancyKind.DIFFERS

    @property
    def difference(self) -> Decimal | None:
        """``reported − computed``, or ``None`` when either side is missing."""
        if self.reported is None or self.computed is None:
            return None
        return self.reported - self.computed

    def to_dict(self) -> dict[str, str | None]:
        """The discrepancy as JSON-safe data: numbers as text, the words in both languages."""

        def text(value: Decimal | None) -> str | None:
            return None if value is None else format_plain(value)

        return {
            "code": self.code,
            "kind": self.kind.value,
            "reported": text(self.reported),
            "computed": text(self.computed),
            "difference": text(self.difference),
            "en": self.en,
            "vi": self.vi,
        }

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
                what=msg(
                    "reconcile() needs a Result (from evaluate), not {type}",
                    type=type(result).__name__,
                ),
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
                what=msg(
                    "a reported sheet must be a mapping of codes to points, not {type}",
                    type=type(reported).__name__,
                ),
            )
        )
    log = ProblemLog()
    claims: dict[str, Decimal] = {}
    for code, value in reported.items():
        if not isinstance(code, str):
            log.add(
                msg(
                    'criterion codes are text (write "{code}"), not {type}',
                    code=code,
                    type=type(code).__name__,
                ),
                key=short(code),
            )
            continue
        number = _number(value)
        if number is None:
            log.add(
                msg("{value!r} is not a number of points (write 65,7, 64.7 or 12)", value=value),
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
    what = (
        msg("the total")
        if node is None
        else msg("criterion {code!r} ({name})", code=code, name=Named(node.name, node.name_en))
    )
    if not Decimal(0) <= reported <= maximum:
        template = (
            N_("{what}: the report states {reported} points, below 0; the rules give {computed}")
            if reported < 0
            else N_(
                "{what}: the report states {reported} points, above the maximum of {max}; "
                "the rules give {computed}"
            )
        )
        return [
            Discrepancy(
                code=code,
                reported=reported,
                computed=computed,
                kind=DiscrepancyKind.OUT_OF_RANGE,
                what=msg(template, what=what, reported=reported, computed=computed, max=maximum),
            )
        ]
    if reported == computed:
        return []
    return [
        Discrepancy(
            code=code,
            reported=reported,
            computed=computed,
            kind=DiscrepancyKind.DIFFERS,
            what=msg(
                "{what}: the report states {reported} points, the rules give {computed} "
                "(difference {difference:+})",
                what=what,
                reported=reported,
                computed=computed,
                difference=reported - computed,
            ),
        )
    ]


def _unknown(code: str, reported: Decimal, result: Result) -> Discrepancy:
    known = [TOTAL, *result.nodes]
    return Discrepancy(
        code=code,
        reported=reported,
        computed=None,
        kind=DiscrepancyKind.UNKNOWN_CODE,
        what=msg(
            "the report states {reported} points for criterion {code!r}, which rule set "
            "{ruleset!r} does not have{hint}",
            reported=reported,
            code=code,
            ruleset=result.ruleset,
            hint=suggest(code, known),
        ),
    )
