"""Writing a rule set back as a rule file: ``dumps_ruleset(rs)`` gives TOML that loads to ``rs``.

Useful to flatten a chain of extending files into one, to store a rule set built
in code, and to check that nothing is lost between the model and the format
(the property suite loads what this writes and compares).

Rules are written from their attrs fields, so a province's own kind is written
too, as long as its fields carry the names of its keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..kinds import Rule, Source
from ..kinds.bands import Band
from ..language.expressions import Expression
from ..language.model import Acknowledgement, Criterion, InputSpec, MonthDay, NotApplicable, Ruleset
from ..numbers import Rounding
from ._toml_write import toml_key, toml_pairs, toml_string

__all__ = ["dumps_ruleset"]


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
    lines.extend(toml_pairs(head))
    for grade in ruleset.grades:
        lines.extend(["", "[[ruleset.grades]]"])
        lines.extend(
            toml_pairs(
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
        lines.extend(["", f"[inputs.{toml_key(name)}]", *toml_pairs(_input(spec))])
    for constraint in ruleset.constraints:
        lines.extend(["", f"[constraints.{toml_key(constraint.name)}]"])
        lines.extend(
            toml_pairs({"expr": constraint.expression.text, "message": constraint.message})
        )
    for node in ruleset:
        lines.extend(["", f"[criteria.{toml_string(node.code)}]", *toml_pairs(_criterion(node))])
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
