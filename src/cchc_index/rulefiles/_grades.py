"""Grades read from a rule file: each grade's threshold and conditions, checked and compiled.

What the conditions may name and call is said in :mod:`cchc_index.scoring.grades`,
which gives a result its grade.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from typing import Any

from ..errors import ExpressionError, Location, ProblemLog, suggest
from ..i18n import N_, msg
from ..language._rule_keys import GRADE_KEYS
from ..language.expressions import FUNCTIONS, Expression, Value, compile_expression
from ..language.model import Grade
from ..numbers import NumberError, to_decimal

__all__ = ["GRADE_FUNCTIONS", "GRADE_NAMES", "NODE_FUNCTIONS", "compile_grades"]

#: The totals a grade condition can name.
GRADE_NAMES = ("index", "points", "pending", "lost", "max", "potential")
#: What the names a grade condition may use are, for the message about one that is not.
_NAMES_SAID = N_("a total (index, points, pending, lost, max, potential) or a declared input")
_GRADE_KEYS = tuple(GRADE_KEYS)

#: The functions of a node's result a grade condition may call, with their arity.
NODE_FUNCTIONS = {
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
    **{name: (_placeholder, arity, arity) for name, arity in NODE_FUNCTIONS.items()},
}


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
            and call.func.id in NODE_FUNCTIONS
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
