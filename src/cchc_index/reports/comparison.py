"""The same units twice: two periods, two layers, or two rule sets side by side.

:func:`compare` sets two batches of results next to each other, unit by unit (matched
by name): the movement in rank, points, index and grade, and per criterion where the
change comes from. :func:`impact` scores the same units under an old and a new rule
set (a province's draft revision, or an override of a base set) and compares them,
naming the rule changes (:func:`~cchc_index.diff`) and listing the inputs the new
rules need that a unit's data does not give: listed, never guessed.

Units whose grade changes come first, then the largest moves of the index.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from attrs import frozen

from ..errors import CchcIndexError, InputError, Location, Problem
from ..i18n import msg
from ..language.model import Ruleset
from ..rulefiles.diff import RulesetDiff, diff
from ..scoring.batch import BatchItem, evaluate_many
from ..scoring.data import load_raw
from ..scoring.result import Result
from .overview import Placing, Refused, placings, refusal, unit_name

__all__ = ["Comparison", "CriterionChange", "Impact", "UnitChange", "compare", "impact"]


@frozen(kw_only=True)
class UnitChange:
    """One unit before and after: its placings and the criteria whose points moved.

    ``criteria`` holds (code, points before, points after) for every node whose points
    differ, largest change first; a code missing on one side shows ``None`` there.
    """

    unit: str
    before: Placing | None
    after: Placing | None
    criteria: tuple[tuple[str, Decimal | None, Decimal | None], ...] = ()

    @property
    def points(self) -> Decimal | None:
        """The change in points, when the unit is on both sides."""
        if self.before is None or self.after is None:
            return None
        return self.after.points - self.before.points

    @property
    def index(self) -> Decimal | None:
        """The change in the index, when the unit is on both sides."""
        if self.before is None or self.after is None:
            return None
        return self.after.index - self.before.index

    @property
    def rank(self) -> int | None:
        """Places gained (positive) or lost (negative)."""
        if self.before is None or self.after is None:
            return None
        return self.before.rank - self.after.rank

    @property
    def grade_changed(self) -> bool:
        """Whether the unit's grade differs between the two sides."""
        if self.before is None or self.after is None:
            return False
        return self.before.grade != self.after.grade


@frozen(kw_only=True)
class CriterionChange:
    """A criterion's total change across the units, with its gains and losses apart."""

    code: str
    name: str
    total: Decimal
    gains: Decimal
    losses: Decimal
    units: int


@frozen(kw_only=True)
class Comparison:
    """Two batches side by side (see the module's docstring)."""

    before: str
    after: str
    units: tuple[UnitChange, ...]
    criteria: tuple[CriterionChange, ...]
    refused: tuple[Refused, ...] = ()

    @property
    def gains(self) -> tuple[CriterionChange, ...]:
        """Criteria whose points rose in total, largest first."""
        return tuple(c for c in self.criteria if c.total > 0)

    @property
    def losses(self) -> tuple[CriterionChange, ...]:
        """Criteria whose points fell in total, largest first."""
        return tuple(sorted((c for c in self.criteria if c.total < 0), key=lambda c: c.total))

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: numbers as exact text."""
        return {
            "before": self.before,
            "after": self.after,
            "units": [_unit_dict(u) for u in self.units],
            "criteria": [
                {
                    "code": c.code,
                    "name": c.name,
                    "total": str(c.total),
                    "gains": str(c.gains),
                    "losses": str(c.losses),
                    "units": c.units,
                }
                for c in self.criteria
            ],
            "refused": [{"unit": r.unit, "messages": list(r.en)} for r in self.refused],
        }


@frozen(kw_only=True)
class Impact:
    """The same units under two rule sets: the comparison, the rule changes, the gaps."""

    comparison: Comparison
    changes: RulesetDiff
    #: Per unit, the inputs the new rules read that its data does not give.
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: the comparison, the rule changes and the missing inputs."""
        return {
            **self.comparison.to_dict(),
            "changes": self.changes.to_dict(),
            "missing": [{"unit": unit, "inputs": list(names)} for unit, names in self.missing],
        }


def compare(
    before: Iterable[Result | BatchItem],
    after: Iterable[Result | BatchItem],
    *,
    labels: tuple[str, str] = ("before", "after"),
    by: str = "index",
) -> Comparison:
    """Two batches of results side by side, units matched by name.

    A unit on one side only shows ``None`` on the other. Batch items that carry an
    error are listed in ``refused``.
    """
    left, refused = _named(before)
    right, more = _named(after)
    ranked_before = {p.unit: p for p in placings(left, by=by)}
    ranked_after = {p.unit: p for p in placings(right, by=by)}
    results_before, results_after = dict(left), dict(right)
    names = [*ranked_after, *(n for n in ranked_before if n not in ranked_after)]
    units = [
        UnitChange(
            unit=name,
            before=ranked_before.get(name),
            after=ranked_after.get(name),
            criteria=_moved(results_before.get(name), results_after.get(name)),
        )
        for name in names
    ]
    units.sort(key=lambda u: (not u.grade_changed, -abs(u.index or Decimal(0)), u.unit))
    return Comparison(
        before=labels[0],
        after=labels[1],
        units=tuple(units),
        criteria=_criteria(left, right),
        refused=(*refused, *more),
    )


def impact(
    old: Ruleset,
    new: Ruleset,
    units: Iterable[Mapping[str, Any] | str | os.PathLike[str]],
    *,
    as_of: date | None = None,
    by: str = "index",
) -> Impact:
    """Score ``units`` under ``old`` and ``new`` and say what the change does to them."""
    raws: list[Mapping[str, Any]] = []
    refused: list[Refused] = []
    for unit in units:
        try:
            raws.append(load_raw(unit)[0])
        except CchcIndexError as error:
            refused.append(refusal(str(unit), error))
    # Each side keeps its own refusals: new rules may refuse data the old ones took.
    comparison = compare(
        evaluate_many(old, raws, as_of=as_of),
        evaluate_many(new, raws, as_of=as_of),
        labels=(old.id, new.id),
        by=by,
    )
    comparison = Comparison(
        before=comparison.before,
        after=comparison.after,
        units=comparison.units,
        criteria=comparison.criteria,
        refused=(*refused, *comparison.refused),
    )
    return Impact(comparison=comparison, changes=diff(old, new), missing=_missing(new, raws))


def _named(
    items: Iterable[Result | BatchItem],
) -> tuple[list[tuple[str, Result]], list[Refused]]:
    named: list[tuple[str, Result]] = []
    refused: list[Refused] = []
    seen: set[str] = set()
    for position, item in enumerate(items):
        if isinstance(item, BatchItem):
            if item.error is not None:
                refused.append(refusal(item.unit or f"#{item.index + 1}", item.error))
                continue
            assert item.result is not None
            result, position = item.result, item.index
        elif isinstance(item, Result):
            result = item
        else:
            raise InputError(
                Problem(
                    what=msg(
                        "compare() takes results or batch items, not {type}",
                        type=type(item).__name__,
                    )
                )
            )
        name = unit_name(result, position)
        if name in seen:
            raise InputError(
                Problem(
                    where=Location(key="unit"),
                    what=msg(
                        "two units are both named {unit!r}: name every unit once to compare them",
                        unit=name,
                    ),
                )
            )
        seen.add(name)
        named.append((name, result))
    return named, refused


def _moved(
    before: Result | None, after: Result | None
) -> tuple[tuple[str, Decimal | None, Decimal | None], ...]:
    if before is None or after is None:
        return ()
    codes = [*after.nodes, *(c for c in before.nodes if c not in after.nodes)]
    moved = []
    for code in codes:
        old = before.nodes[code].points if code in before.nodes else None
        new = after.nodes[code].points if code in after.nodes else None
        if old != new:
            moved.append((code, old, new))
    return tuple(sorted(moved, key=lambda m: -abs((m[2] or Decimal(0)) - (m[1] or Decimal(0)))))


def _criteria(
    before: Sequence[tuple[str, Result]], after: Sequence[tuple[str, Result]]
) -> tuple[CriterionChange, ...]:
    """Leaves' total change over the units present on both sides."""
    old = dict(before)
    gains: dict[str, Decimal] = defaultdict(Decimal)
    losses: dict[str, Decimal] = defaultdict(Decimal)
    units: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for name, result in after:
        earlier = old.get(name)
        if earlier is None:
            continue
        for node in result.walk():
            if not node.is_leaf:
                continue
            was = earlier.nodes[node.code].points if node.code in earlier.nodes else Decimal(0)
            delta = node.points - was
            names[node.code] = node.name
            if delta:
                units[node.code] += 1
                (gains if delta > 0 else losses)[node.code] += delta
    found = [
        CriterionChange(
            code=code,
            name=names[code],
            total=gains[code] + losses[code],
            gains=gains[code],
            losses=losses[code],
            units=units[code],
        )
        for code in names
        if units[code]
    ]
    return tuple(sorted(found, key=lambda c: -c.total))


def _missing(
    new: Ruleset, raws: Sequence[Mapping[str, Any]]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per unit, the inputs the new rules read that its data does not give."""
    needed: set[str] = set()
    for node in new:
        if node.rule is not None:
            needed |= set(node.rule.names)
        if node.not_applicable_when is not None:
            needed |= set(node.not_applicable_when.names)
    found = []
    for position, raw in enumerate(raws):
        given = raw.get("inputs")
        given = given if isinstance(given, Mapping) else {}
        lacking = tuple(sorted(n for n in needed if n in new.inputs and n not in given))
        if lacking:
            unit = raw.get("unit")
            found.append((unit if isinstance(unit, str) and unit else f"#{position + 1}", lacking))
    return tuple(found)


def _unit_dict(change: UnitChange) -> dict[str, Any]:
    def side(placing: Placing | None) -> dict[str, Any] | None:
        if placing is None:
            return None
        return {
            "rank": placing.rank,
            "points": str(placing.points),
            "index": str(placing.index),
            "grade": placing.grade,
        }

    return {
        "unit": change.unit,
        "before": side(change.before),
        "after": side(change.after),
        "grade_changed": change.grade_changed,
        "criteria": [
            {
                "code": code,
                "before": None if old is None else str(old),
                "after": None if new is None else str(new),
            }
            for code, old, new in change.criteria
        ],
    }
