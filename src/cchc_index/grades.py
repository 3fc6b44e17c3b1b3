"""Grades (xếp loại): a label from the total, with extra conditions over node results.

A rule set lists its grades in order::

    [[ruleset.grades]]
    label = "Tốt"
    at_least = 90                               # on the index (default) or `of = "points"`
    when = ["lowest_field_share() >= 0.5", 'node_lost("5.1") == 0']

    [[ruleset.grades]]
    label = "Khá"
    at_least = 80

    [[ruleset.grades]]
    label = "Yếu"                               # no threshold: everyone else

The first grade whose threshold and conditions all hold is given; the trace says,
for each grade tried, what decided it. Conditions are expressions over the totals
(``index``, ``points``, ``pending``, ``lost``, ``max``, ``potential``) and these
functions of a node's result: ``node_points(code)``, ``node_max(code)``,
``node_share(code)`` (points ÷ max), ``node_lost(code)``, ``node_pending(code)``,
``node_status(code)`` (a status word such as ``"achieved"``), and
``lowest_field_share()``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from attrs import frozen

from .errors import ExpressionError, Location, ProblemLog
from .expressions import FUNCTIONS, Expression, Namespace, Value, compile_expression
from .i18n import msg
from .model import Grade, Ruleset
from .numbers import format_plain, to_decimal
from .trace import Step

__all__ = ["GRADE_NAMES", "GradeResult", "compile_grades", "grade"]

#: The totals a grade condition can name.
GRADE_NAMES = ("index", "points", "pending", "lost", "max", "potential")

_ARITY = {
    "node_points": 1,
    "node_max": 1,
    "node_share": 1,
    "node_lost": 1,
    "node_pending": 1,
    "node_status": 1,
    "lowest_field_share": 0,
}


def _placeholder(*args: Value) -> Value:  # pragma: no cover - replaced when grading
    raise TypeError("grade functions are bound to a result when grading")


#: Rule functions plus the node functions; the latter are bound to a result when grading.
GRADE_FUNCTIONS: dict[str, tuple[Callable[..., Value], int, int]] = {
    **FUNCTIONS,
    **{name: (_placeholder, arity, arity) for name, arity in _ARITY.items()},
}


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


def compile_grades(
    raw: Any, codes: Mapping[str, object], log: ProblemLog, where: Callable[..., Location]
) -> tuple[Grade, ...]:
    """Check the ``grades`` list of a rule set; problems go to ``log``."""
    if not isinstance(raw, list) or not raw:
        log.add(
            msg("'grades' must be a list of tables: [[ruleset.grades]]"),
            **_at(where("ruleset", "grades")),
            key="grades",
        )
        return ()
    grades: list[Grade] = []
    for index, entry in enumerate(raw, start=1):
        key = f"grades[{index}]"
        place = _at(where("ruleset", "grades"))
        if not isinstance(entry, Mapping) or not isinstance(entry.get("label"), str):
            log.add(
                msg("{key} must be a table with a 'label'", key=key),
                **place,
                key=key,
            )
            continue
        threshold = _threshold(entry, key, log, place)
        of = entry.get("of", "index")
        if of not in ("index", "points"):
            log.add(
                msg('{key}: \'of\' must be "index" or "points", not {of!r}', key=key, of=of),
                **place,
                key=key,
            )
        texts = entry.get("when", [])
        texts = [texts] if isinstance(texts, str) else texts
        conditions = [_condition(text, codes, log, key, place) for text in texts]
        if all(c is not None for c in conditions) and of in ("index", "points"):
            grades.append(
                Grade(
                    label=entry["label"],
                    label_en=entry.get("label_en"),
                    at_least=threshold,
                    of=of,
                    when=tuple(c for c in conditions if c is not None),
                )
            )
    return tuple(grades)


def _at(location: Location) -> dict[str, Any]:
    return {"file": location.file, "line": location.line}


def _threshold(
    entry: Mapping[str, Any], key: str, log: ProblemLog, place: dict[str, Any]
) -> Decimal | None:
    if "at_least" not in entry:
        return None
    try:
        return to_decimal(entry["at_least"])
    except (TypeError, ValueError):
        log.add(
            msg("{key}: 'at_least' must be a number", key=key),
            **place,
            key=key,
        )
        return None


def _condition(
    text: Any, codes: Mapping[str, object], log: ProblemLog, key: str, place: dict[str, Any]
) -> Expression | None:
    where = Location(file=place["file"], line=place["line"], key=f"{key}.when")
    try:
        expression = compile_expression(text, GRADE_NAMES, where=where, functions=GRADE_FUNCTIONS)
    except ExpressionError as exc:
        log.extend(exc.problems, expression=True)
        return None
    for call in ast.walk(expression._tree):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id in _ARITY
            and call.args
        ):
            argument = call.args[0]
            if not isinstance(argument, ast.Constant) or argument.value not in codes:
                shown = getattr(argument, "value", "?")
                log.add(
                    msg(
                        "{key}: {id}() needs the code of a criterion, not {shown!r}",
                        key=key,
                        id=call.func.id,
                        shown=shown,
                    ),
                    **place,
                    key=f"{key}.when",
                )
                return None
    return expression


class _Totals:
    """What a grade condition sees of one result (duck-typed: any Result)."""

    def __init__(self, result: Any, ruleset: Ruleset) -> None:
        self.result = result
        self.ruleset = ruleset

    def names(self) -> dict[str, Value]:
        r = self.result
        return {
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
            **{name: (bound[name], arity, arity) for name, arity in _ARITY.items()},
        }


def grade(result: Any, ruleset: Ruleset) -> GradeResult | None:
    """The first of the rule set's grades that ``result`` reaches, with its trace."""
    if not ruleset.grades:
        return None
    totals = _Totals(result, ruleset)
    namespace = Namespace(totals.names(), functions=totals.functions())
    steps: list[Step] = []
    for candidate in ruleset.grades:
        value = result.index if candidate.of == "index" else result.points
        if candidate.at_least is not None and value < candidate.at_least:
            steps.append(
                Step(
                    "grade_threshold",
                    value,
                    f"{candidate.label}: {candidate.of} {format_plain(value)} < "
                    f"{format_plain(candidate.at_least)}",
                )
            )
            continue
        failed = next((c for c in candidate.when if namespace.run(c, node=None) is not True), None)
        if failed is not None:
            steps.append(Step("grade_condition", None, f"{candidate.label}: not {failed.text}"))
            continue
        steps.append(Step("grade", value, candidate.label))
        return GradeResult(label=candidate.label, label_en=candidate.label_en, steps=tuple(steps))
    steps.append(Step("no_grade", None, "no grade reached"))
    return GradeResult(label=None, steps=tuple(steps))
