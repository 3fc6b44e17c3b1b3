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

import ast
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from typing import Any

from attrs import frozen

from ..errors import ExpressionError, Location, ProblemLog, suggest
from ..i18n import N_, msg
from ..language._rule_keys import GRADE_KEYS
from ..language.expressions import FUNCTIONS, Expression, Namespace, Value, compile_expression
from ..language.model import Grade, Ruleset
from ..language.trace import Step
from ..numbers import NumberError, format_plain, to_decimal

__all__ = ["GRADE_NAMES", "GradeResult", "compile_grades", "grade"]

#: The totals a grade condition can name.
GRADE_NAMES = ("index", "points", "pending", "lost", "max", "potential")
#: What the names a grade condition may use are, for the message about one that is not.
_NAMES_SAID = N_("a total (index, points, pending, lost, max, potential) or a declared input")
_GRADE_KEYS = tuple(GRADE_KEYS)

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
    raw: Any,
    codes: Mapping[str, object],
    log: ProblemLog,
    where: Callable[..., Location],
    inputs: Collection[str] = (),
) -> tuple[Grade, ...]:
    """Check the ``grades`` list of a rule set; problems go to ``log``.

    Conditions may read the totals and the declared ``inputs``.
    """
    names = (*GRADE_NAMES, *(name for name in inputs if name not in GRADE_NAMES))
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
        unknown = [k for k in entry if k not in _GRADE_KEYS]
        for name in unknown:
            log.add(
                msg(
                    "{key}: unknown grade key {name!r}{hint}",
                    key=key,
                    name=name,
                    hint=suggest(name, _GRADE_KEYS),
                ),
                **place,
                key=key,
            )
        threshold = _threshold(entry, "at_least", key, log, place)
        strict = _threshold(entry, "above", key, log, place)
        of = entry.get("of", "index")
        if of not in ("index", "points"):
            log.add(
                msg('{key}: \'of\' must be "index" or "points", not {of!r}', key=key, of=of),
                **place,
                key=key,
            )
        conditions = _conditions(entry, "when", names, codes, log, key, place)
        forcing = _conditions(entry, "forced_by", names, codes, log, key, place)
        if conditions is not None and forcing is not None and of in ("index", "points"):
            grades.append(
                Grade(
                    label=entry["label"],
                    label_en=entry.get("label_en"),
                    at_least=threshold,
                    above=strict,
                    of=of,
                    when=conditions,
                    forced_by=forcing,
                )
            )
    return tuple(grades)


def _conditions(
    entry: Mapping[str, Any],
    name: str,
    names: Collection[str],
    codes: Mapping[str, object],
    log: ProblemLog,
    key: str,
    place: dict[str, Any],
) -> tuple[Expression, ...] | None:
    """The expressions of ``when`` or ``forced_by``: one text or a list; ``None`` if refused."""
    texts = entry.get(name, [])
    texts = [texts] if isinstance(texts, str) else texts
    if not isinstance(texts, list):
        log.add(
            msg("{key}: {name!r} must be an expression or a list of them", key=key, name=name),
            **place,
            key=f"{key}.{name}",
        )
        return None
    found = [_condition(text, names, codes, log, f"{key}.{name}", place) for text in texts]
    if any(c is None for c in found):
        return None
    return tuple(c for c in found if c is not None)


def _at(location: Location) -> dict[str, Any]:
    return {"file": location.file, "line": location.line}


def _threshold(
    entry: Mapping[str, Any], name: str, key: str, log: ProblemLog, place: dict[str, Any]
) -> Decimal | None:
    if name not in entry:
        return None
    try:
        return to_decimal(entry[name])
    except (TypeError, ValueError) as exc:
        wrong = msg("{key}: {name!r} must be a number", key=key, name=name)
        if isinstance(exc, NumberError) and exc.reason is not None:  # a number, unusable
            wrong = msg(
                "{key}: {name!r}: {why}", key=key, name=name, why=exc.refusal(entry[name], wrong)
            )
        log.add(wrong, **place, key=key)
        return None


def _condition(
    text: Any,
    names: Collection[str],
    codes: Mapping[str, object],
    log: ProblemLog,
    key: str,
    place: dict[str, Any],
) -> Expression | None:
    where = Location(file=place["file"], line=place["line"], key=key)
    try:
        expression = compile_expression(
            text, names, where=where, functions=GRADE_FUNCTIONS, known_as=_NAMES_SAID
        )
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
                    key=key,
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
            **{name: (bound[name], arity, arity) for name, arity in _ARITY.items()},
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
