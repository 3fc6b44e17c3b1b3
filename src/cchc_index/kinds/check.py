"""``check``: yes or no (đạt / không đạt): the points when the condition holds, else 0."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

from attrs import frozen

from ..errors import ExpressionError, Location, Problem
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


@register
@frozen(kw_only=True)
class Check(RecordedRule):
    """``points`` (default: the node's max) when the value is ``expect`` (default yes)."""

    name: ClassVar[str] = "check"
    keys: ClassVar[Mapping[str, Key]] = {
        **SOURCE_KEYS,
        "points": Key(
            vi="Số điểm khi đạt (mặc định: điểm tối đa của tiêu chí).",
            en="The points when the condition holds (default: the criterion's max).",
            schema=number(minimum=0),
        ),
        "expect": Key(
            vi="Giá trị được tính là đạt (mặc định true).",
            en="The value that counts as met (default true).",
            schema={"type": "boolean", "default": True},
        ),
    }

    source: Source
    points: Decimal | None = None
    expect: bool = True

    @classmethod
    def parse(cls, spec: RuleSpec) -> Check | None:
        spec.allow(*cls.keys)
        source = spec.source(InputType.BOOL)
        points = spec.decimal("points", required=False, at_most_max=True)
        expect = spec.raw.get("expect", True)
        if not isinstance(expect, bool):
            spec.problem(
                msg("'expect' must be true or false, not {expect!r}", expect=expect),
                key="expect",
            )
            return None
        if source is None or ("points" in spec.raw and points is None):
            return None
        return cls(source=source, points=points, expect=expect)

    @property
    def names(self) -> frozenset[str]:
        return self.source.names

    def best(self, max: Decimal) -> Decimal:
        return max if self.points is None else self.points

    def _record(self, ctx: ScoringContext) -> RawScore:
        value = self.source.value(ctx)
        if not isinstance(value, bool):
            raise ExpressionError(
                Problem(
                    where=Location(node=ctx.code),
                    what=msg(
                        "{text!r} gave {value!r}; a check needs yes or no",
                        text=self.source.text,
                        value=value,
                    ),
                )
            )
        passed = value is self.expect
        points = (ctx.max if self.points is None else self.points) if passed else Decimal(0)
        return points, (("check", points, "yes" if passed else "no"),)
