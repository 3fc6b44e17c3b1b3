"""``deduct``: start from the max and take points off per occurrence or flag, floor 0."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

from attrs import frozen

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


@register
@frozen(kw_only=True)
class Deduct(RecordedRule):
    """``max − min(occurrences × per, cap)``; a yes/no input counts as 1 or 0 occurrence."""

    name: ClassVar[str] = "deduct"
    keys: ClassVar[Mapping[str, Key]] = {
        **SOURCE_KEYS,
        "per": Key(
            vi="Số điểm bị trừ cho mỗi lần vi phạm.",
            en="The points taken off per occurrence.",
            schema=number(exclusiveMinimum=0),
            required=True,
        ),
        "cap": Key(
            vi="Số điểm bị trừ nhiều nhất (mặc định: điểm tối đa).",
            en="The most points taken off (default: the max).",
            schema=number(exclusiveMinimum=0),
        ),
    }

    source: Source
    per: Decimal
    cap: Decimal | None = None

    @classmethod
    def parse(cls, spec: RuleSpec) -> Deduct | None:
        spec.allow(*cls.keys)
        source = spec.source(InputType.COUNT, InputType.BOOL, InputType.NUMBER)
        per = spec.decimal("per", positive=True)
        cap = spec.decimal("cap", required=False, positive=True, at_most_max=True)
        if source is None or per is None or ("cap" in spec.raw and cap is None):
            return None
        return cls(source=source, per=per, cap=cap)

    @property
    def names(self) -> frozenset[str]:
        return self.source.names

    def _record(self, ctx: ScoringContext) -> RawScore:
        value = self.source.value(ctx)
        occurrences = Decimal(int(value)) if isinstance(value, bool) else self.source.number(ctx)
        cap = ctx.max if self.cap is None else self.cap
        taken = min(max(occurrences, Decimal(0)) * self.per, cap)
        return (
            ctx.max - taken,
            (
                ("items", occurrences, self.source.text),
                ("deduction", taken, ("× {}", self.per)),  # written when the trace is read
            ),
        )
