"""``per_item``: points per item, capped (1 point per initiative, at most 2)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

from attrs import frozen

from ..language._rule_keys import Key, number
from ..language.model import InputType
from ..language.trace import RawStep
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
class PerItem(RecordedRule):
    """``min(items × per_item, cap)``; the cap defaults to the node's max."""

    name: ClassVar[str] = "per_item"
    keys: ClassVar[Mapping[str, Key]] = {
        **SOURCE_KEYS,
        "per_item": Key(
            vi="Số điểm cho mỗi mục.",
            en="The points per item.",
            schema=number(exclusiveMinimum=0),
            required=True,
        ),
        "cap": Key(
            vi="Số điểm nhiều nhất (mặc định: điểm tối đa).",
            en="The most points given (default: the max).",
            schema=number(exclusiveMinimum=0),
        ),
    }

    source: Source
    per_item: Decimal
    cap: Decimal | None = None

    @classmethod
    def parse(cls, spec: RuleSpec) -> PerItem | None:
        spec.allow(*cls.keys)
        source = spec.source(InputType.COUNT, InputType.NUMBER)
        per_item = spec.decimal("per_item", positive=True)
        cap = spec.decimal("cap", required=False, positive=True, at_most_max=True)
        if source is None or per_item is None or ("cap" in spec.raw and cap is None):
            return None
        return cls(source=source, per_item=per_item, cap=cap)

    @property
    def names(self) -> frozenset[str]:
        return self.source.names

    def best(self, max: Decimal) -> Decimal:
        return max if self.cap is None else self.cap

    def _record(self, ctx: ScoringContext) -> RawScore:
        items = self.source.number(ctx)
        cap = ctx.max if self.cap is None else self.cap
        raw = items * self.per_item
        counted: RawStep = ("items", items, self.source.text)
        each: RawStep = ("per_item", self.per_item, None)
        if raw > cap:
            return cap, (counted, each, ("cap", cap, None))
        return raw, (counted, each)
