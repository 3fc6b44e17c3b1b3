"""``relative``: points by comparing a unit with its group (the province's mean, median, rank).

"≥ the province's mean → 2, below → 0" reads::

    rule = { kind = "relative", metric = "div(revenue, revenue_estimate)", compare = "mean" }

``compare`` is ``mean``, ``median`` or ``rank`` (with ``top``: points for the first
``top`` units, 1 being the highest value). ``lower_is_better`` turns the comparison
round for figures that should be low (late files). The group's figures come from
:func:`cchc_index.evaluate_many`, or from ``evaluate(..., group=...)``; without them
the criterion stays pending, with a ``group_needed`` step saying why.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from attrs import frozen

from ..errors import InputError, Location, Problem, ProblemLog
from ..i18n import msg
from ..language._rule_keys import Key, number
from ..language.model import InputType
from ..language.trace import RawStep
from ..numbers import to_decimal
from ._base import (
    SOURCE_KEYS,
    RawScore,
    RecordedRule,
    RuleSpec,
    ScoringContext,
    Source,
)
from ._registry import register

_NUMERIC = (InputType.COUNT, InputType.NUMBER, InputType.RATIO, InputType.PERCENT)
_COMPARISONS = ("mean", "median", "rank")


@register
@frozen(kw_only=True)
class Relative(RecordedRule):
    """``points`` (default max) when the unit is at or better than the group's statistic."""

    name: ClassVar[str] = "relative"
    needs_group: ClassVar[bool] = True
    keys: ClassVar[Mapping[str, Key]] = {
        **SOURCE_KEYS,
        "compare": Key(
            vi="So với: mean (trung bình), median (trung vị) hoặc rank (thứ hạng, cần top).",
            en="Compared with: mean, median or rank (which needs top).",
            schema={"enum": list(_COMPARISONS)},
            required=True,
        ),
        "top": Key(
            vi="Với rank: số đơn vị đứng đầu được điểm.",
            en="With rank: how many units at the top get the points.",
            schema={"type": "integer", "minimum": 1},
        ),
        "points": Key(
            vi="Số điểm khi đạt (mặc định: điểm tối đa).",
            en="The points when the unit is at or better than the group (default: max).",
            schema=number(minimum=0),
        ),
        "lower_is_better": Key(
            vi="true nếu giá trị càng thấp càng tốt (ví dụ tỷ lệ trễ hạn).",
            en="true when lower values are better (a late-file rate, say).",
            schema={"type": "boolean", "default": False},
        ),
    }

    source: Source
    compare: str
    top: int | None = None
    points: Decimal | None = None
    lower_is_better: bool = False

    @classmethod
    def parse(cls, spec: RuleSpec) -> Relative | None:
        spec.allow(*cls.keys)
        source = spec.source(*_NUMERIC)
        compare = spec.raw.get("compare")
        top = spec.raw.get("top")
        lower = spec.raw.get("lower_is_better", False)
        points = spec.decimal("points", required=False, at_most_max=True)
        ok = source is not None and ("points" not in spec.raw or points is not None)
        if compare not in _COMPARISONS:
            spec.problem(
                msg(
                    "'compare' must be one of {list}, not {compare!r}",
                    list=list(_COMPARISONS),
                    compare=compare,
                ),
                key="compare",
            )
            ok = False
        if (compare == "rank") != (top is not None) or (
            top is not None and (not isinstance(top, int) or isinstance(top, bool) or top < 1)
        ):
            spec.problem(
                msg("'top' (a whole number ≥ 1) goes with compare = \"rank\", and only with it"),
                key="top",
            )
            ok = False
        if not isinstance(lower, bool):
            spec.problem(
                msg("'lower_is_better' must be true or false"),
                key="lower_is_better",
            )
            ok = False
        if not ok or source is None:
            return None
        return cls(
            source=source, compare=str(compare), top=top, points=points, lower_is_better=lower
        )

    @property
    def names(self) -> frozenset[str]:
        return self.source.names

    def best(self, max: Decimal) -> Decimal:
        return max if self.points is None else self.points

    def _record(self, ctx: ScoringContext) -> RawScore:
        value = self.source.number(ctx)
        group = ctx.group
        assert group is not None  # the evaluator scores a relative rule only with its group
        steps: list[RawStep] = [("metric", value, self.source.text)]
        if self.compare == "rank":
            values = _values(group)
            better = sum(1 for v in values if (v < value if self.lower_is_better else v > value))
            rank = better + 1  # competition ranking: ties share the better rank
            passed = rank <= (self.top or 0)
            steps.append(("rank", Decimal(rank), ("top {} of {}", self.top, len(values))))
        else:
            statistic = _statistic(group, self.compare)
            passed = value <= statistic if self.lower_is_better else value >= statistic
            steps.append((self.compare, statistic, "group"))
        top = ctx.max if self.points is None else self.points
        points = top if passed else Decimal(0)
        steps.append(("check", points, "yes" if passed else "no"))
        return points, tuple(steps)


def check_group(group: object) -> dict[str, Decimal | tuple[Decimal, ...]] | None:
    """``evaluate(group=...)`` checked: by criterion code, the group's statistic or its figures.

    Numbers are taken as :func:`~cchc_index.numbers.to_decimal` takes them (an int, a
    float by its ``repr``, a Decimal); anything else is refused with an
    :class:`~cchc_index.errors.InputError` naming the criterion, every problem at once.
    A code whose value is ``None`` has no group figures yet.
    """
    if group is None:
        return None
    if not isinstance(group, Mapping):
        raise InputError(
            Problem(
                where=Location(key="group"),
                what=msg(
                    "'group' must map criterion codes to the group's figure or figures, "
                    'such as {{"2.1": [0.8, 0.9]}}, not {type}',
                    type=type(group).__name__,
                ),
            )
        )
    log = ProblemLog()
    checked: dict[str, Decimal | tuple[Decimal, ...]] = {}
    for code, value in group.items():
        where: dict[str, Any] = {"node": code if isinstance(code, str) else None, "key": "group"}
        if not isinstance(code, str):
            log.add(msg("'group' is keyed by criterion codes, not {code!r}", code=code), **where)
            continue
        if value is None:
            continue
        figures = _figures(value)
        if figures is None:
            log.add(
                msg(
                    "the group's figures must be a number or a list of numbers, not {value!r}",
                    value=value,
                ),
                **where,
            )
        elif isinstance(figures, tuple) and not figures:
            log.add(msg("the group has no figures to compare with"), **where)
        else:
            checked[code] = figures
    log.raise_if_any(InputError)
    return checked


def _figures(value: object) -> Decimal | tuple[Decimal, ...] | None:
    """One number, or a list of them, as Decimals; ``None`` if it is neither."""
    try:
        if isinstance(value, Sequence) and not isinstance(value, str | bytes):
            return tuple(_figure(v) for v in value)
        return _figure(value)
    except (TypeError, ValueError):
        return None


def _figure(value: object) -> Decimal:
    if isinstance(value, str | bytes):  # to_decimal reads text; a group's figure is no text
        raise TypeError("text is not a figure")
    return to_decimal(value)


def _values(group: Decimal | Sequence[Decimal]) -> Sequence[Decimal]:
    return [group] if isinstance(group, Decimal) else list(group)


def _statistic(group: Decimal | Sequence[Decimal], compare: str) -> Decimal:
    """The group's mean or median; a single Decimal is taken as the statistic itself."""
    if isinstance(group, Decimal):
        return group
    values = list(group)
    if compare == "median":
        return Decimal(statistics.median(values))
    return sum(values, Decimal(0)) / len(values)
