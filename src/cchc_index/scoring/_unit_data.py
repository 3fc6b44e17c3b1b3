"""What a unit's data says, once checked: its layers of statements, and the unit itself."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from attrs import field, frozen

from ..language.trace import InputValue

#: The top-level keys of a unit's data, in the order the messages list them.
TOP_KEYS = (
    "unit",
    "ruleset",
    "as_of",
    "period",
    "locale",
    "inputs",
    "criteria",
    "layers",
    "reported",
    "expected",
    "plan",
)

#: The top-level tables that reports read and scoring does not: a plan of the year's
#: work, the figures a reconciliation expects. Whatever reads them checks them.
REPORT_KEYS = ("expected", "plan")

__all__ = ["REPORT_KEYS", "TOP_KEYS", "Statements", "UnitData"]


@frozen(kw_only=True)
class Statements:
    """What one assessment layer says: input values and per-criterion statements.

    A later layer overrides an earlier one value by value (:meth:`over`).
    """

    layer: str
    inputs: Mapping[str, InputValue] = field(factory=dict)
    estimated: frozenset[str] = frozenset()
    points: Mapping[str, Decimal] = field(factory=dict)
    not_applicable: Mapping[str, bool] = field(factory=dict)
    estimated_nodes: Mapping[str, bool] = field(factory=dict)

    def over(self, earlier: Statements) -> Statements:
        """This layer's statements laid over ``earlier``: its values win, the rest stay."""
        return Statements(
            layer=self.layer,
            inputs={**earlier.inputs, **self.inputs},
            # An estimate is the mark of the value it came with.
            estimated=(earlier.estimated - self.inputs.keys()) | self.estimated,
            points={**earlier.points, **self.points},
            not_applicable={**earlier.not_applicable, **self.not_applicable},
            estimated_nodes={**earlier.estimated_nodes, **self.estimated_nodes},
        )

    def is_not_applicable(self, code: str) -> bool:
        """Whether this layer says the leaf ``code`` does not apply."""
        return self.not_applicable.get(code, False)

    def is_estimated(self, code: str) -> bool:
        """Whether this layer marks the criterion ``code`` as an estimate."""
        return self.estimated_nodes.get(code, False)


@frozen(kw_only=True)
class UnitData:
    """One unit's checked data: its layers of statements, in assessment order."""

    layers: tuple[Statements, ...]
    unit: str | None = None
    as_of: date | None = None
    period: int | None = None
    reported: Mapping[str, Any] | None = None
    source: str | None = None

    def cumulative(self) -> list[Statements]:
        """Each present layer laid over all earlier ones: what was known after it."""
        known: list[Statements] = []
        for layer in self.layers:
            known.append(layer.over(known[-1]) if known else layer)
        return known

    @property
    def final(self) -> Statements:
        """Everything the data says, every later layer laid over the earlier ones."""
        return self.cumulative()[-1]

    @property
    def inputs(self) -> Mapping[str, InputValue]:
        """The input values finally known (every layer laid down)."""
        return self.final.inputs

    @property
    def estimated(self) -> frozenset[str]:
        """The inputs whose final value is an estimate."""
        return self.final.estimated
