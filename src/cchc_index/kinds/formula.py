"""``formula``: points from a safe expression over the inputs, brought back into [0, max]."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

from attrs import frozen

from ..i18n import msg
from ..language._rule_keys import TEXT, Key
from ..language.expressions import Expression
from ._base import RawScore, RecordedRule, RuleSpec, ScoringContext, Source
from ._registry import register


@register
@frozen(kw_only=True)
class Formula(RecordedRule):
    """The expression's value as points (the evaluator clamps it into ``[0, max]``)."""

    name: ClassVar[str] = "formula"
    keys: ClassVar[Mapping[str, Key]] = {
        "formula": Key(
            vi='Biểu thức cho số điểm: "0.5 * min(1, div(revenue, revenue_estimate))".',
            en='An expression giving the points: "0.5 * min(1, div(revenue, revenue_estimate))".',
            schema=TEXT,
            required=True,
        ),
    }

    formula: Expression

    @classmethod
    def parse(cls, spec: RuleSpec) -> Formula | None:
        spec.allow(*cls.keys)
        if "formula" not in spec.raw:
            spec.problem(msg("missing key 'formula'"), key="formula")
            return None
        expression = spec.expression(spec.raw["formula"], key="formula")
        return None if expression is None else cls(formula=expression)

    @property
    def names(self) -> frozenset[str]:
        return self.formula.names

    def best(self, max: Decimal) -> None:
        return None

    def _record(self, ctx: ScoringContext) -> RawScore:
        points = Source(expression=self.formula).number(ctx)
        return points, (("formula", points, self.formula.text),)
