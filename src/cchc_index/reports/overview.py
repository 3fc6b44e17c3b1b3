"""The province's view: all its units at once, as figures a Home Affairs office publishes.

:func:`overview` scores a batch of units and gathers what the office that owns the
index looks at: the ranking with grades, the distribution of the index, a heat map
of criterion × unit (the share of each maximum obtained, pending apart), the criteria
where the province loses most points and the offices they belong to, each field's
mean, median, minimum and maximum, the units whose reported totals disagree with
their own figures, and how stable the ranking is when one field's weight moves.

Nothing here formats: numbers stay :class:`~decimal.Decimal`; the renderers in
:mod:`cchc_index.render.overview` turn an :class:`Overview` into Markdown or HTML,
and :meth:`Overview.to_dict` into JSON.
"""

from __future__ import annotations

import contextlib
import decimal
import os
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen

from ..codes import parent_code
from ..errors import CchcIndexError, InputError, Location, Problem
from ..i18n import msg
from ..language.model import Ruleset
from ..numbers import CONTEXT, format_plain
from ..scoring.batch import evaluate_many
from ..scoring.data import load_raw
from ..scoring.result import Result
from .reconcile import Discrepancy, reconcile

__all__ = [
    "Bin",
    "Cell",
    "FieldStats",
    "HeatRow",
    "Loss",
    "OfficeLoss",
    "Overview",
    "Placing",
    "Refused",
    "Sensitivity",
    "overview",
    "placings",
    "refusal",
    "sensitivity",
    "unit_name",
]

#: The share by which :func:`sensitivity` moves one field's weight, up and down.
WEIGHT_SHIFT = Decimal("0.1")
#: The distribution's bins: ten points of the index each, the last one closed at 100.
_BIN_WIDTH = Decimal(10)
#: Heat-map shares are for the eye: four places (0,8333 of the maximum) are plenty.
_SHARE = Decimal("0.0001")


@frozen(kw_only=True)
class Placing:
    """One unit in the ranking: rank (ties share it), totals and grade."""

    rank: int
    unit: str
    points: Decimal
    max: Decimal
    index: Decimal
    pending: Decimal
    grade: str | None = None
    grade_en: str | None = None


@frozen(kw_only=True)
class Bin:
    """Units whose index is in ``[low, high)`` (the last bin includes 100)."""

    low: Decimal
    high: Decimal
    count: int


@frozen(kw_only=True)
class Cell:
    """One criterion of one unit: the share of its maximum obtained and pending.

    Both are ``None`` where the criterion is worth nothing for that unit (a maximum
    of 0, or not applicable and rescaled away).
    """

    unit: str
    share: Decimal | None
    pending: Decimal | None
    status: str


@frozen(kw_only=True)
class HeatRow:
    """A criterion's row of the heat map: one cell per unit, in ranking order."""

    code: str
    name: str
    name_en: str | None
    max: Decimal
    cells: tuple[Cell, ...]


@frozen(kw_only=True)
class Loss:
    """Points a criterion lost across the province, and in how many units."""

    code: str
    name: str
    name_en: str | None
    responsible: str | None
    lost: Decimal
    units: int


@frozen(kw_only=True)
class OfficeLoss:
    """Points lost across the province on the criteria of one responsible office."""

    responsible: str | None
    lost: Decimal
    criteria: tuple[str, ...]


@frozen(kw_only=True)
class FieldStats:
    """A field's points across the units: mean, median, minimum and maximum."""

    code: str
    name: str
    name_en: str | None
    max: Decimal
    mean: Decimal
    median: Decimal
    low: Decimal
    high: Decimal


@frozen(kw_only=True)
class Refused:
    """A unit whose data was refused, with the messages that say why."""

    unit: str
    vi: tuple[str, ...]
    en: tuple[str, ...]


@frozen(kw_only=True)
class Sensitivity:
    """What moving one field's weight by ``shift`` does to the ranking.

    ``moved`` holds every unit whose rank changes: (unit, rank before, rank after).
    """

    code: str
    name: str
    name_en: str | None
    shift: Decimal
    moved: tuple[tuple[str, int, int], ...]


@frozen(kw_only=True)
class Overview:
    """A batch of units under one rule set, as the province looks at it."""

    ruleset: str
    title: str
    title_en: str | None
    ranking: tuple[Placing, ...]
    distribution: tuple[Bin, ...]
    heatmap: tuple[HeatRow, ...]
    losses: tuple[Loss, ...]
    offices: tuple[OfficeLoss, ...]
    fields: tuple[FieldStats, ...]
    discrepancies: tuple[tuple[str, tuple[Discrepancy, ...]], ...] = ()
    sensitivity: tuple[Sensitivity, ...] = ()
    refused: tuple[Refused, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: numbers as text (exact), records as mappings."""
        return {
            "ruleset": self.ruleset,
            "title": self.title,
            "title_en": self.title_en,
            "ranking": [_plain(p) for p in self.ranking],
            "distribution": [_plain(b) for b in self.distribution],
            "heatmap": [
                {**_plain(row, skip=("cells",)), "cells": [_plain(c) for c in row.cells]}
                for row in self.heatmap
            ],
            "losses": [_plain(loss) for loss in self.losses],
            "offices": [_plain(office) for office in self.offices],
            "fields": [_plain(f) for f in self.fields],
            "discrepancies": [
                {"unit": unit, "messages": [d.message("en") for d in found]}
                for unit, found in self.discrepancies
            ],
            "sensitivity": [_plain(s) for s in self.sensitivity],
            "refused": [_plain(r) for r in self.refused],
        }


def unit_name(result: Result, index: int) -> str:
    """The unit's name, or its place in the batch (``#3``) when the data names none."""
    return result.unit or f"#{index + 1}"


def overview(
    ruleset: Ruleset,
    units: Iterable[Mapping[str, Any] | str | os.PathLike[str]],
    *,
    as_of: date | None = None,
    by: str = "index",
    progress: Callable[[int], None] | None = None,
) -> Overview:
    """Score ``units`` (what :func:`~cchc_index.evaluate_many` takes) and gather the view.

    Units whose data is refused are listed in ``refused`` with their messages; the rest
    go on. ``by`` orders the ranking (``index``, ``points`` or ``potential``).
    ``progress`` is called with the number of units read so far (a progress bar).
    """
    raws: list[Mapping[str, Any]] = []
    refused: list[Refused] = []
    for position, unit in enumerate(units):
        try:
            raw, _ = load_raw(unit)
        except CchcIndexError as error:
            refused.append(refusal(str(unit), error))
            continue
        raws.append(raw)
        if progress is not None:
            progress(position + 1)
    items = list(evaluate_many(ruleset, raws, as_of=as_of))
    results: list[tuple[str, Result]] = []
    discrepancies: list[tuple[str, tuple[Discrepancy, ...]]] = []
    for item, raw in zip(items, raws, strict=True):
        if item.result is None:
            assert item.error is not None
            refused.append(refusal(item.unit or f"#{item.index + 1}", item.error))
            continue
        name = unit_name(item.result, item.index)
        results.append((name, item.result))
        reported = raw.get("reported")
        if isinstance(reported, Mapping):
            found = tuple(reconcile(item.result, reported))
            if found:
                discrepancies.append((name, found))
    ranking = placings(results, by=by)
    order = {p.unit: i for i, p in enumerate(ranking)}
    results.sort(key=lambda pair: order[pair[0]])
    losses = _losses(ruleset, results)
    return Overview(
        ruleset=ruleset.id,
        title=ruleset.title,
        title_en=ruleset.title_en,
        ranking=ranking,
        distribution=_distribution(r for _, r in results),
        heatmap=_heatmap(ruleset, results),
        losses=losses,
        offices=_offices(losses),
        fields=_fields(ruleset, results),
        discrepancies=tuple(discrepancies),
        sensitivity=sensitivity(ruleset, results),
        refused=tuple(refused),
    )


def placings(results: Sequence[tuple[str, Result]], *, by: str = "index") -> tuple[Placing, ...]:
    """Named results ranked best first; equal values share a rank (1, 2, 2, 4)."""
    if by not in ("index", "points", "potential"):
        raise InputError(
            Problem(
                where=Location(key="by"),
                what=msg('rank by "index", "points" or "potential", not {by!r}', by=by),
            )
        )
    ordered = sorted(results, key=lambda pair: (-getattr(pair[1], by), pair[0]))
    placed: list[Placing] = []
    last: Decimal | None = None
    for position, (name, result) in enumerate(ordered, start=1):
        value: Decimal = getattr(result, by)
        place = placed[-1].rank if placed and value == last else position
        last = value
        grade = result.grade
        placed.append(
            Placing(
                rank=place,
                unit=name,
                points=result.points,
                max=result.max,
                index=result.index,
                pending=result.pending,
                grade=grade.label if grade is not None and grade.label else None,
                grade_en=grade.label_en if grade is not None else None,
            )
        )
    return tuple(placed)


def sensitivity(
    ruleset: Ruleset, results: Sequence[tuple[str, Result]], *, shift: Decimal = WEIGHT_SHIFT
) -> tuple[Sensitivity, ...]:
    """For each field, weight moved by ``+shift`` and ``-shift``: the ranks that change.

    The index is recomputed as the weighted points over the weighted maximum, the
    moved field's points and maximum both multiplied by ``1 ± shift``, others by 1.
    """
    if len(results) < 2:
        return ()
    fields = [c for c in ruleset.fields if ruleset.criteria[c].max > 0]
    base = _ranks([(name, result.index) for name, result in results])
    found: list[Sensitivity] = []
    with _exact():
        for code in fields:
            for sign in (1, -1):
                weight = 1 + sign * shift
                moved = _ranks([(name, _weighted(r, code, weight)) for name, r in results])
                changed = tuple(
                    (name, base[name], moved[name])
                    for name, _ in results
                    if base[name] != moved[name]
                )
                found.append(
                    Sensitivity(
                        code=code,
                        name=ruleset.criteria[code].name,
                        name_en=ruleset.criteria[code].name_en,
                        shift=sign * shift,
                        moved=changed,
                    )
                )
    return tuple(found)


def _weighted(result: Result, code: str, weight: Decimal) -> Decimal:
    node = result[code]
    points = result.points + node.points * (weight - 1)
    maximum = result.max + node.max * (weight - 1)
    return points / maximum if maximum else Decimal(0)


def _ranks(values: Sequence[tuple[str, Decimal]]) -> dict[str, int]:
    ordered = sorted(values, key=lambda pair: (-pair[1], pair[0]))
    ranks: dict[str, int] = {}
    last: Decimal | None = None
    place = 0
    for position, (name, value) in enumerate(ordered, start=1):
        if value != last:
            place, last = position, value
        ranks[name] = place
    return ranks


def _distribution(results: Iterable[Result]) -> tuple[Bin, ...]:
    counts = [0] * 10
    for result in results:
        slot = min(int(max(result.index, Decimal(0)) // _BIN_WIDTH), 9)
        counts[slot] += 1
    return tuple(
        Bin(low=_BIN_WIDTH * i, high=_BIN_WIDTH * (i + 1), count=n) for i, n in enumerate(counts)
    )


def _leaves(ruleset: Ruleset) -> list[str]:
    """Scored leaves worth something, in decree order: the heat map's and losses' rows."""
    return [n.code for n in ruleset if n.is_leaf and n.max > 0]


def _heatmap(ruleset: Ruleset, results: Sequence[tuple[str, Result]]) -> tuple[HeatRow, ...]:
    rows = []
    with _exact():
        for code in _leaves(ruleset):
            node = ruleset.criteria[code]
            cells = []
            for name, result in results:
                scored = result[code]
                worth = scored.max
                cells.append(
                    Cell(
                        unit=name,
                        share=_share(scored.points, worth),
                        pending=_share(scored.pending, worth),
                        status=scored.status.value,
                    )
                )
            rows.append(
                HeatRow(
                    code=code,
                    name=node.name,
                    name_en=node.name_en,
                    max=node.max,
                    cells=tuple(cells),
                )
            )
    return tuple(rows)


def _losses(ruleset: Ruleset, results: Sequence[tuple[str, Result]]) -> tuple[Loss, ...]:
    found = []
    for code in _leaves(ruleset):
        node = ruleset.criteria[code]
        lost = [result[code].lost for _, result in results]
        total = sum(lost, Decimal(0))
        if total:
            found.append(
                Loss(
                    code=code,
                    name=node.name,
                    name_en=node.name_en,
                    responsible=_office(ruleset, code),
                    lost=total,
                    units=sum(1 for x in lost if x),
                )
            )
    return tuple(sorted(found, key=lambda loss: -loss.lost))  # stable: decree order


def _office(ruleset: Ruleset, code: str | None) -> str | None:
    """The office in charge of a criterion: its own, else its nearest ancestor's."""
    while code is not None:
        node = ruleset.criteria[code]
        if node.responsible:
            return node.responsible
        code = parent_code(code)
    return None


def _offices(losses: Sequence[Loss]) -> tuple[OfficeLoss, ...]:
    lost: dict[str | None, Decimal] = defaultdict(Decimal)
    codes: dict[str | None, list[str]] = defaultdict(list)
    for loss in losses:
        lost[loss.responsible] += loss.lost
        codes[loss.responsible].append(loss.code)
    return tuple(
        sorted(
            (
                OfficeLoss(responsible=office, lost=total, criteria=tuple(codes[office]))
                for office, total in lost.items()
            ),
            key=lambda office: -office.lost,
        )
    )


def _fields(ruleset: Ruleset, results: Sequence[tuple[str, Result]]) -> tuple[FieldStats, ...]:
    if not results:
        return ()
    stats = []
    with _exact():
        for code in ruleset.fields:
            node = ruleset.criteria[code]
            points = [result[code].points for _, result in results]
            stats.append(
                FieldStats(
                    code=code,
                    name=node.name,
                    name_en=node.name_en,
                    max=node.max,
                    mean=sum(points, Decimal(0)) / len(points),
                    median=statistics.median(points),
                    low=min(points),
                    high=max(points),
                )
            )
    return tuple(stats)


def refusal(unit: str, error: CchcIndexError) -> Refused:
    """A refused unit with its error's messages in both languages."""
    return Refused(unit=unit, vi=tuple(error.messages("vi")), en=tuple(error.messages("en")))


def _share(part: Decimal, worth: Decimal) -> Decimal | None:
    return (part / worth).quantize(_SHARE, rounding=decimal.ROUND_HALF_UP) if worth else None


def _exact() -> contextlib.AbstractContextManager[decimal.Context]:
    return decimal.localcontext(CONTEXT)


def _plain(record: attrs.AttrsInstance, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attribute in attrs.fields(type(record)):
        if attribute.name in skip:
            continue
        value = getattr(record, attribute.name)
        out[attribute.name] = _json(value)
    return out


def _json(value: object) -> Any:
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value
