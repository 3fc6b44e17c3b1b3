"""What a leaf's rule is scored with: its context, and the namespace of the unit's expressions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from ..errors import Location
from ..kinds import ScoringContext
from ..language.expressions import Namespace
from ..language.model import Ruleset
from ..language.trace import InputValue
from ._plan import _NO_VALUES, _SPARE, Plan, PlanNode, Values
from .data import UnitData

__all__ = ["Contexts"]


class Contexts:
    """The contexts built-in and custom kinds score with, and the namespace lent to a unit."""

    plan: Plan
    ruleset: Ruleset
    unit: UnitData
    values: Mapping[str, InputValue]
    estimated: frozenset[str]
    namespace: Namespace | None
    lent: tuple[Values, Namespace] | None
    shared: ScoringContext | None

    def context(
        self, node: PlanNode, manual: Decimal | None, group: Decimal | Sequence[Decimal] | None
    ) -> ScoringContext:
        return ScoringContext(
            code=node.code,
            max=node.max,
            values=self.values,
            specs=self.ruleset.inputs,
            namespace=self.namespace or self.make_namespace(),
            estimated=self.estimated,
            manual=manual,
            group=group,
        )

    def share(
        self, node: PlanNode, manual: Decimal | None, group: Decimal | Sequence[Decimal] | None
    ) -> ScoringContext:
        """The context of a built-in kind: one per unit, pointed at each leaf in turn.

        A built-in kind reads it while it scores and keeps nothing of it.
        """
        ctx = self.shared
        if ctx is None:
            ctx = self.shared = self.context(node, manual, group)
        else:
            ctx.code = node.code
            ctx.max = node.max
            ctx.manual = manual
            ctx.group = group
        return ctx

    def make_namespace(self) -> Namespace:
        """The namespace of this unit's expressions.

        Building simpleeval's evaluator costs more than most expressions do, so for data
        given as a mapping a namespace serves one unit after another: it is lent from the
        plan's spare ones, sees this unit's values through its :class:`Values`, and is
        given back when the unit is scored (:meth:`release`). Data read from a file gets
        a namespace of its own, which names the file in its errors.
        """
        if self.unit.source is not None:
            self.namespace = Namespace(self.values, where=Location(file=self.unit.source))
            return self.namespace
        try:
            lent = self.plan.spare.pop()
        except IndexError:
            values = Values()
            lent = (values, Namespace(values, where=Location(file=None)))
        lent[0].target = self.values
        self.lent = lent
        self.namespace = lent[1]
        return self.namespace

    def release(self) -> None:
        """Give the namespace lent to this unit back to the plan, seeing no values."""
        lent, self.lent = self.lent, None
        if lent is not None:
            lent[0].target = _NO_VALUES
            spare = self.plan.spare
            if len(spare) < _SPARE:
                spare.append(lent)
