"""``manual``: points given by an assessor in the unit's data, checked against the max."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from attrs import frozen

from ..language._rule_keys import Key
from ._base import RawScore, RecordedRule, RuleSpec, ScoringContext
from ._registry import register


@register
@frozen(kw_only=True)
class Manual(RecordedRule):
    """Points written in the data under ``[criteria."<code>"] points = …``."""

    name: ClassVar[str] = "manual"
    keys: ClassVar[Mapping[str, Key]] = {}  # the points are in the unit's data

    @classmethod
    def parse(cls, spec: RuleSpec) -> Manual:
        spec.allow(*cls.keys)
        return cls()

    @property
    def names(self) -> frozenset[str]:
        return frozenset()

    def ready(self, ctx: ScoringContext) -> bool:
        return ctx.manual is not None

    def _record(self, ctx: ScoringContext) -> RawScore:
        assert ctx.manual is not None  # the evaluator scores only ready rules
        return ctx.manual, (("manual", ctx.manual, None),)
