"""Scoring a whole province: many units at once, group-relative criteria, ranking.

:func:`evaluate_many` streams one :class:`BatchItem` per unit, in order; a unit
whose data is refused carries its error and the others go on. Only when the rule
set has group-relative criteria does it first read every unit, to know the group.
:func:`rank` orders results with competition ranking (1, 2, 2, 4).
:func:`read_units` reads a CSV sheet, one unit a row and one input a column.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import frozen

from ..errors import CchcIndexError, ExpressionError, InputError, Location, Problem
from ..i18n import msg
from ..kinds import ScoringContext
from ..language.expressions import Namespace
from ..language.model import Ruleset
from .data import UnitData, read_unit
from .evaluator import Group, as_of_day, score_unit
from .result import Result

__all__ = ["BatchItem", "Ranked", "evaluate_many", "rank", "read_units"]

#: Columns of a units sheet that are not inputs.
_UNIT_COLUMNS = ("unit", "as_of", "period")
_POINTS_PREFIX = "points:"
_NOT_APPLICABLE_PREFIX = "not_applicable:"
_FLAGS = dict.fromkeys(("có", "co", "x", "yes", "true", "1"), True) | dict.fromkeys(
    ("không", "khong", "no", "false", "0"), False
)


@frozen(kw_only=True)
class BatchItem:
    """One unit of a batch: its result, or the error that its data raised."""

    index: int
    unit: str | None
    result: Result | None = None
    error: CchcIndexError | None = None

    @property
    def ok(self) -> bool:
        """Whether the unit was scored."""
        return self.result is not None


def evaluate_many(
    ruleset: Ruleset,
    units: Iterable[Mapping[str, Any] | str | os.PathLike[str]],
    *,
    as_of: date | None = None,
) -> Iterator[BatchItem]:
    """Score every unit (mappings or data files) against ``ruleset``, one item per unit.

    Results stream out as units come in, unless the rule set compares units with
    their group (the ``relative`` kind): then every unit is read first, the group's
    values are gathered, and each unit is scored with them.
    """
    when = as_of_day(as_of)
    relative = [n for n in ruleset.leaves() if n.rule is not None and n.rule.needs_group]
    if not relative:
        for index, data in enumerate(units):
            yield _one(ruleset, index, data, when, None)
        return
    read: list[tuple[int, UnitData | CchcIndexError, str | None]] = []
    for index, data in enumerate(units):
        try:
            checked = read_unit(ruleset, data)
            read.append((index, checked, checked.unit))
        except CchcIndexError as exc:
            read.append((index, exc, _name(data)))
    group = _group(ruleset, [u for _, u, _ in read if isinstance(u, UnitData)], relative)
    for index, outcome, name in read:
        if isinstance(outcome, CchcIndexError):
            yield BatchItem(index=index, unit=name, error=outcome)
            continue
        try:
            result = score_unit(ruleset, outcome, as_of=when, group=group)
            yield BatchItem(index=index, unit=name, result=result)
        except CchcIndexError as exc:
            yield BatchItem(index=index, unit=name, error=exc)


def _one(
    ruleset: Ruleset, index: int, data: Any, when: date | None, group: Group | None
) -> BatchItem:
    try:
        unit = read_unit(ruleset, data)
        return BatchItem(
            index=index, unit=unit.unit, result=score_unit(ruleset, unit, as_of=when, group=group)
        )
    except CchcIndexError as exc:
        return BatchItem(index=index, unit=_name(data), error=exc)


def _name(data: Any) -> str | None:
    if isinstance(data, Mapping):
        name = data.get("unit")
        return name if isinstance(name, str) else None
    return str(data) if isinstance(data, str | os.PathLike) else None


def _group(ruleset: Ruleset, units: list[UnitData], relative: list[Any]) -> Group:
    """Every unit's value of each relative criterion's metric, by criterion code."""
    values: dict[str, list[Decimal]] = {}
    for unit in units:
        known = unit.final
        namespace = Namespace(known.inputs)
        for node in relative:
            ctx = ScoringContext(
                code=node.code,
                max=node.max,
                values=known.inputs,
                specs=ruleset.inputs,
                namespace=namespace,
            )
            if known.is_not_applicable(node.code) or not node.rule.ready(ctx):
                continue
            try:
                values.setdefault(node.code, []).append(node.rule.source.number(ctx))
            except ExpressionError:
                continue  # reported when that unit is scored
    return {code: tuple(found) for code, found in values.items()}


@frozen(kw_only=True)
class Ranked:
    """A result's place in a ranking."""

    rank: int
    result: Result
    value: Decimal


def rank(results: Iterable[Result | BatchItem], by: str = "index") -> list[Ranked]:
    """Order results by ``by`` (``index``, ``points`` or ``potential``), best first.

    Competition ranking: equal values share a rank and the next rank skips
    (1, 2, 2, 4). Values are compared exactly, as Decimals, so 64.70 ties 64.7.
    Among equals the order is the unit's name, then the order given. Batch items
    that carry an error are left out.
    """
    if by not in ("index", "points", "potential"):
        raise InputError(
            Problem(
                where=Location(key="by"),
                what=msg('rank by "index", "points" or "potential", not {by!r}', by=by),
            )
        )
    scored: list[Result] = []
    for item in results:
        if isinstance(item, BatchItem):
            if item.result is not None:
                scored.append(item.result)
        elif isinstance(item, Result):
            scored.append(item)
        else:
            raise InputError(
                Problem(
                    what=msg(
                        "rank() takes results or batch items, not {type}", type=type(item).__name__
                    ),
                )
            )
    ordered = sorted(
        enumerate(scored),
        key=lambda pair: (-getattr(pair[1], by), pair[1].unit or "", pair[0]),
    )
    ranking: list[Ranked] = []
    for position, (_, result) in enumerate(ordered, start=1):
        value: Decimal = getattr(result, by)
        place = ranking[-1].rank if ranking and ranking[-1].value == value else position
        ranking.append(Ranked(rank=place, result=result, value=value))
    return ranking


def read_units(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read a CSV sheet of units: one unit a row, one input a column.

    The header names the inputs; ``unit``, ``as_of`` and ``period`` columns are the
    unit's name, day and year; ``points:<code>`` gives a manual criterion's points and
    ``not_applicable:<code>`` (có/không) marks a leaf that does not apply. Cells are
    kept as text and read by the rule set's input types, the Vietnamese way by
    default (``20.845``, ``89,4``); empty cells are values not given. Commas,
    semicolons and tabs are recognised as separators.
    """
    import csv  # here, not at the top: scoring never reads a sheet
    import io

    if not isinstance(path, str | os.PathLike):
        raise InputError(
            Problem(
                what=msg(
                    "a units sheet is named by its path, not {type}", type=type(path).__name__
                ),
            )
        )
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, ValueError) as exc:  # ValueError: not UTF-8, or a NUL in the path
        raise InputError(
            Problem(
                where=Location(file=str(file)),
                what=msg("cannot read the units sheet ({exc}); save it as UTF-8 CSV", exc=exc),
            )
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError(
            Problem(
                where=Location(file=str(file), line=1),
                what=msg("the units sheet has no header row"),
            )
        )
    header = [cell.strip() for cell in rows[0]]
    units: list[dict[str, Any]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise InputError(
                Problem(
                    where=Location(file=str(file), line=number),
                    what=msg(
                        "row {number} has {count} cells but the header has {columns}",
                        number=number,
                        count=len(row),
                        columns=len(header),
                    ),
                )
            )
        units.append(_unit(dict(zip(header, (c.strip() for c in row), strict=False))))
    return units


def _unit(cells: Mapping[str, str]) -> dict[str, Any]:
    unit: dict[str, Any] = {"inputs": {}, "criteria": {}}
    for column, cell in cells.items():
        if not cell:
            continue
        if column in _UNIT_COLUMNS:
            unit[column] = int(cell) if column == "period" and cell.isdigit() else cell
        elif column.startswith(_POINTS_PREFIX):
            code = column.removeprefix(_POINTS_PREFIX)
            unit["criteria"].setdefault(code, {})["points"] = cell
        elif column.startswith(_NOT_APPLICABLE_PREFIX):
            code = column.removeprefix(_NOT_APPLICABLE_PREFIX)
            # Unknown words stay text, for the data reader to refuse with its location.
            flag: bool | str = _FLAGS.get(cell.lower(), cell)
            unit["criteria"].setdefault(code, {})["not_applicable"] = flag
        else:
            unit["inputs"][column] = cell
    return unit
