"""Writing a rule set back as a rule file: ``dumps_ruleset(rs)`` gives TOML that loads to ``rs``.

Useful to flatten a chain of extending files into one, to store a rule set built
in code, and to check that nothing is lost between the model and the format
(the property suite loads what this writes and compares).

Rules are written from their attrs fields, so a province's own kind is written
too, as long as its fields carry the names of its keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from .expressions import Expression
from .kinds import Rule, Source
from .kinds.bands import Band
from .model import Acknowledgement, Criterion, InputSpec, MonthDay, NotApplicable, Ruleset
from .numbers import Rounding, format_plain

__all__ = ["dumps_ruleset"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def dumps_ruleset(ruleset: Ruleset) -> str:
    """The rule set as the text of one self-contained rule file."""
    lines: list[str] = [f"# {ruleset.id}: written by cchc_index", "", "[ruleset]"]
    head: dict[str, Any] = {
        "id": ruleset.id,
        "title": ruleset.title,
        "title_en": ruleset.title_en,
        "level": ruleset.level,
        "year": ruleset.year,
        "max": ruleset.max,
    }
    if ruleset.basis is not None:
        head["basis"] = {
            "decision": ruleset.basis.decision,
            "date": ruleset.basis.date,
            "issuer": ruleset.basis.issuer,
        }
    if ruleset.rounding != Rounding():
        head["rounding"] = {"places": ruleset.rounding.places, "mode": ruleset.rounding.mode}
    if ruleset.layers != ("self", "appraisal"):
        head["layers"] = list(ruleset.layers)
    if not ruleset.offices:
        head["offices"] = False
    head["acknowledge"] = _acknowledged(ruleset.acknowledged)
    lines.extend(_pairs(head))
    for grade in ruleset.grades:
        lines.extend(["", "[[ruleset.grades]]"])
        lines.extend(
            _pairs(
                {
                    "label": grade.label,
                    "label_en": grade.label_en,
                    "at_least": grade.at_least,
                    "above": grade.above,
                    "of": None if grade.of == "index" else grade.of,
                    "when": [c.text for c in grade.when] or None,
                    "forced_by": [c.text for c in grade.forced_by] or None,
                }
            )
        )
    for name, spec in ruleset.inputs.items():
        lines.extend(["", f"[inputs.{_key(name)}]", *_pairs(_input(spec))])
    for constraint in ruleset.constraints:
        lines.extend(["", f"[constraints.{_key(constraint.name)}]"])
        lines.extend(_pairs({"expr": constraint.expression.text, "message": constraint.message}))
    for node in ruleset:
        lines.extend(["", f"[criteria.{_string(node.code)}]", *_pairs(_criterion(node))])
    return "\n".join(lines) + "\n"


def _input(spec: InputSpec) -> dict[str, Any]:
    return {
        "type": spec.type.value,
        "label": spec.label,
        "label_en": spec.label_en,
        "unit": spec.unit,
        "min": spec.min,
        "max": spec.max,
        "levels": list(spec.levels) or None,
        "note": spec.note,
    }


def _criterion(node: Criterion) -> dict[str, Any]:
    due: Any = node.due
    if isinstance(due, MonthDay):
        due = str(due)
    return {
        "name": node.name,
        "name_en": node.name_en,
        "max": node.max,
        "responsible": node.responsible,
        "due": due,
        "assessor": None if node.assessor.value == "self" else node.assessor.value,
        "source": node.source,
        "not_applicable": None
        if node.not_applicable is NotApplicable.FULL
        else node.not_applicable.value,
        "not_applicable_when": None
        if node.not_applicable_when is None
        else node.not_applicable_when.text,
        "rescale_scope": node.rescale_scope or None,
        "acknowledge": _acknowledged(node.acknowledged),
        "adjust": None if node.adjust is None else node.adjust.value,
        "rule": None if node.rule is None else rule_table(node.rule),
    }


def _acknowledged(acknowledged: tuple[Acknowledgement, ...]) -> dict[str, str] | None:
    return {a.issue.value: a.note for a in acknowledged} or None


def rule_table(rule: Rule) -> dict[str, Any]:
    """A rule as the table a rule file writes: ``kind`` and its keys."""
    table: dict[str, Any] = {"kind": rule.name}
    kind: Any = type(rule)  # every registered kind is an attrs class
    for field in attrs.fields(kind):
        value = getattr(rule, field.name)
        if isinstance(value, Source):
            if value.expression is not None:
                table["metric"] = value.expression.text
            else:
                table["input"] = value.input
        elif value is not None and value != field.default:
            table[field.name] = _plain(value)
    return table


def _plain(value: Any) -> Any:
    if isinstance(value, Expression):
        return value.text
    if isinstance(value, Band):
        band: dict[str, Any] = {}
        if value.low is not None:
            band["at_least" if value.low_inclusive else "above"] = value.low
        if value.high is not None:
            band["at_most" if value.high_inclusive else "below"] = value.high
        band["points"] = value.points
        return band
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _pairs(table: Mapping[str, Any]) -> Iterable[str]:
    for key, value in table.items():
        if value is not None:
            yield f"{_key(key)} = {_value(value)}"


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items() if v is not None)
        return f"{{ {inner} }}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
