"""Grades (xếp loại): a label from the total, with conditions over results and inputs.

A rule set lists its grades in order::

    [[ruleset.grades]]
    label = "Không hoàn thành nhiệm vụ"
    forced_by = ["corruption_cases > 0"]        # whatever the points, if any holds

    [[ruleset.grades]]
    label = "Tốt"
    at_least = 90                               # on the index (default) or `of = "points"`
    when = ["lowest_field_share() >= 0.5", 'node_lost("5.1") == 0']

    [[ruleset.grades]]
    label = "Khá"
    above = 80                                  # strictly above: "trên 80"

    [[ruleset.grades]]
    label = "Yếu"                               # no threshold: everyone else

A grade any of whose ``forced_by`` conditions holds is given first, whatever the
points; otherwise the first grade whose threshold and ``when`` conditions all hold
is given. The trace says, for each grade tried, what decided it. Conditions are
expressions over the declared inputs, the totals (``index``, ``points``,
``pending``, ``lost``, ``max``, ``potential``, which win over an input of the same
name) and these functions of a node's result: ``node_points(code)``,
``node_max(code)``, ``node_share(code)`` (points ÷ max), ``node_lost(code)``,
``node_pending(code)``, ``node_status(code)`` (a status word such as
``"achieved"``), and ``lowest_field_share()``. A condition that reads an input the
unit did not give cannot hold; the trace says which input was missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from attrs import frozen

from ..language.expressions import FUNCTIONS, Expression, Namespace, Value
from ..language.model import Grade, Ruleset
from ..language.trace import Step
from ..numbers import format_plain
from ..rulefiles._grades import NODE_FUNCTIONS

__all__ = ["GradeResult", "grade"]


@frozen(kw_only=True)
class GradeResult:
    """The grade a result was given (``label`` is ``None`` if none was reached), and why."""

    label: str | None
    label_en: str | None = None
    steps: tuple[Step, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "label": self.label,
            "label_en": self.label_en,
            "steps": [s.to_dict() for s in self.steps],
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> GradeResult:
        """Inverse of :meth:`to_dict`."""
        return cls(
            label=raw.get("label"),
            label_en=raw.get("label_en"),
            steps=tuple(Step.from_dict(s) for s in raw.get("steps", ())),
        )


class _Totals:
    """What a grade condition sees of one result (duck-typed: any Result)."""

    def __init__(self, result: Any, ruleset: Ruleset) -> None:
        self.result = result
        self.ruleset = ruleset

    def names(self) -> dict[str, Value]:
        r = self.result
        context = getattr(r, "context", None)
        known = getattr(context, "known", None)
        inputs: Mapping[str, Value] = getattr(known, "inputs", {})
        return {
            **inputs,
            "index": r.index,
            "points": r.points,
            "pending": r.pending,
            "lost": r.lost,
            "max": r.max,
            "potential": r.points + r.pending,
        }

    def functions(self) -> dict[str, tuple[Callable[..., Value], int, int]]:
        nodes = self.result.nodes

        def share(code: Value) -> Decimal:
            node = nodes[str(code)]
            return node.points / node.max if node.max else Decimal(1)

        def lowest() -> Decimal:
            fields = [code for code in self.ruleset.fields if code in nodes]
            return min((share(code) for code in fields), default=Decimal(1))

        bound: dict[str, Callable[..., Value]] = {
            "node_points": lambda code: nodes[str(code)].points,
            "node_max": lambda code: nodes[str(code)].max,
            "node_share": share,
            "node_lost": lambda code: nodes[str(code)].lost,
            "node_pending": lambda code: nodes[str(code)].pending,
            "node_status": lambda code: nodes[str(code)].status.value,
            "lowest_field_share": lowest,
        }
        return {
            **FUNCTIONS,
            **{name: (bound[name], arity, arity) for name, arity in NODE_FUNCTIONS.items()},
        }


def grade(result: Any, ruleset: Ruleset) -> GradeResult | None:
    """The grade ``result`` reaches among the rule set's grades, with its trace."""
    if not ruleset.grades:
        return None
    totals = _Totals(result, ruleset)
    values = totals.names()
    namespace = Namespace(values, functions=totals.functions())
    steps: list[Step] = []

    def holds(condition: Expression) -> bool:
        absent = sorted(condition.names - values.keys())
        if absent:
            steps.append(Step("grade_unknown", None, f"{condition.text}: {', '.join(absent)}"))
            return False
        return namespace.run(condition, node=None) is True

    for candidate in ruleset.grades:
        forced = next((c for c in candidate.forced_by if holds(c)), None)
        if forced is not None:
            steps.append(Step("grade_forced", None, f"{candidate.label}: {forced.text}"))
            return _given(candidate, steps)
    for candidate in ruleset.grades:
        value = result.index if candidate.of == "index" else result.points
        if not candidate.reaches(value):
            sign, edge = (
                ("<", candidate.at_least)
                if candidate.at_least is not None and value < candidate.at_least
                else ("≤", candidate.above)
            )
            steps.append(
                Step(
                    "grade_threshold",
                    value,
                    f"{candidate.label}: {candidate.of} {format_plain(value)} {sign} "
                    f"{format_plain(edge or Decimal(0))}",
                )
            )
            continue
        failed = next((c for c in candidate.when if not holds(c)), None)
        if failed is not None:
            steps.append(Step("grade_condition", None, f"{candidate.label}: not {failed.text}"))
            continue
        steps.append(Step("grade", value, candidate.label))
        return _given(candidate, steps)
    steps.append(Step("no_grade", None, "no grade reached"))
    return GradeResult(label=None, steps=tuple(steps))


def _given(grade: Grade, steps: list[Step]) -> GradeResult:
    return GradeResult(label=grade.label, label_en=grade.label_en, steps=tuple(steps))
