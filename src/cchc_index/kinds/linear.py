"""``linear``: proportional between a zero point and a full point (tỷ lệ × điểm tối đa)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

from attrs import frozen

from ..i18n import msg
from ..language._rule_keys import Key, number
from ..language.model import InputType
from ._base import (
    SOURCE_KEYS,
    RawScore,
    RecordedRule,
    RuleSpec,
    ScoringContext,
    Source,
)
from ._registry import register

_ZERO, _ONE = Decimal(0), Decimal(1)
_NUMERIC = (InputType.COUNT, InputType.NUMBER, InputType.RATIO, InputType.PERCENT)


@register
@frozen(kw_only=True)
class Linear(RecordedRule):
    """``points × (value − zero) / (full − zero)``, clamped to ``[0, points]``.

    ``zero`` above ``full`` scores a value that should be low (a late-file rate).
    """

    name: ClassVar[str] = "linear"
    keys: ClassVar[Mapping[str, Key]] = {
        **SOURCE_KEYS,
        "zero": Key(
            vi="Giá trị cho 0 điểm.",
            en="The value that gives 0 points.",
            schema=number(),
            required=True,
        ),
        "full": Key(
            vi="Giá trị cho đủ điểm (nhỏ hơn zero nếu giá trị càng thấp càng tốt).",
            en="The value that gives full points (below zero when lower is better).",
            schema=number(),
            required=True,
        ),
        "points": Key(
            vi="Số điểm khi đạt full (mặc định: điểm tối đa).",
            en="The points at full (default: the max).",
            schema=number(minimum=0),
        ),
    }

    source: Source
    zero: Decimal
    full: Decimal
    points: Decimal | None = None

    @classmethod
    def parse(cls, spec: RuleSpec) -> Linear | None:
        spec.allow(*cls.keys)
        source = spec.source(*_NUMERIC)
        zero = spec.decimal("zero", signed=True)
        full = spec.decimal("full", signed=True)
        points = spec.decimal("points", required=False, at_most_max=True)
        if zero is not None and full is not None and zero == full:
            spec.problem(
                msg("'zero' and 'full' must differ"),
                key="full",
            )
            return None
        if source is None or zero is None or full is None:
            return None
        if "points" in spec.raw and points is None:
            return None
        return cls(source=source, zero=zero, full=full, points=points)

    @property
    def names(self) -> frozenset[str]:
        return self.source.names

    def best(self, max: Decimal) -> Decimal:
        return max if self.points is None else self.points

    def _record(self, ctx: ScoringContext) -> RawScore:
        value = self.source.number(ctx)
        share = (value - self.zero) / (self.full - self.zero)
        share = min(max(share, _ZERO), _ONE)
        top = ctx.max if self.points is None else self.points
        return (
            share * top,
            (
                ("metric", value, self.source.text),
                # The detail is written when the trace is read (see RawStep).
                ("linear", share, ("zero {}, full {}, points {}", self.zero, self.full, top)),
            ),
        )
