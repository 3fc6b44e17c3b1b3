"""``levels``: named grades, each a share of the max (excellent 100 %, good 75 %, …)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

from attrs import frozen

from ..i18n import msg
from ..language._rule_keys import TEXT, Key, number
from ..language.model import InputType
from ._base import RawScore, RecordedRule, RuleSpec, ScoringContext, Source
from ._registry import register


@register
@frozen(kw_only=True)
class Levels(RecordedRule):
    """``share × max`` for the level given; every declared level needs a share."""

    name: ClassVar[str] = "levels"
    keys: ClassVar[Mapping[str, Key]] = {
        "input": Key(
            vi="Tên một đầu vào kiểu level.",
            en="The name of a declared input of type level.",
            schema=TEXT,
            required=True,
        ),
        "shares": Key(
            vi='Tỷ lệ điểm tối đa (0 đến 1) cho từng mức: { "tốt" = 1, "khá" = 0.75 }.',
            en='The share of the max (0 to 1) of each level: { "tốt" = 1, "khá" = 0.75 }.',
            schema={
                "type": "object",
                "minProperties": 1,
                "additionalProperties": number(minimum=0, maximum=1),
            },
            required=True,
        ),
    }

    source: Source
    shares: Mapping[str, Decimal]

    @classmethod
    def parse(cls, spec: RuleSpec) -> Levels | None:
        spec.allow(*cls.keys)
        if "metric" in spec.raw:
            spec.problem(
                msg("a levels rule reads one input of type level, not a metric"),
                key="metric",
            )
            return None
        source = spec.source(InputType.LEVEL)
        raw = spec.raw.get("shares")
        if not isinstance(raw, Mapping) or not raw:
            spec.problem(
                msg("'shares' must be a table: level name = share of the max (0 to 1)"),
                key="shares",
            )
            return None
        shares: dict[str, Decimal] = {}
        for level, value in raw.items():
            share = spec.number(value, key=f"shares.{level}")
            if share is not None and share > 1:
                spec.problem(
                    msg(
                        "share of level {level!r} is {share}; shares run from 0 to 1",
                        level=level,
                        share=share,
                    ),
                    key=f"shares.{level}",
                )
            elif share is not None:
                shares[level] = share
        if source is None or len(shares) != len(raw):
            return None
        declared = spec.inputs[str(source.input)].levels
        for level in shares:
            if level not in declared:
                spec.problem(
                    msg(
                        "level {level!r} is not one of the input's levels {list}",
                        level=level,
                        list=list(declared),
                    ),
                    key=f"shares.{level}",
                )
        for level in declared:
            if level not in shares:
                spec.problem(
                    msg("level {level!r} of the input has no share", level=level),
                    key="shares",
                )
        if set(shares) != set(declared):
            return None
        return cls(source=source, shares=shares)

    @property
    def names(self) -> frozenset[str]:
        return self.source.names

    def best(self, max: Decimal) -> Decimal:
        return max * max_share(self.shares)

    def _record(self, ctx: ScoringContext) -> RawScore:
        level = str(self.source.value(ctx))
        share = self.shares[level]
        return ctx.max * share, (("level", share, level),)


def max_share(shares: Mapping[str, Decimal]) -> Decimal:
    """The largest share any level gives."""
    return max(shares.values())
