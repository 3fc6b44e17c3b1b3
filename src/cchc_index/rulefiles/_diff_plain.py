"""Plain forms: rule-set values as JSON-safe data, compared by value.

Both sides of a diff are compared, and stored in each :class:`~cchc_index.rulefiles.diff.Change`,
in this form: Decimals as canonical text (``4.0`` and ``4`` are the same maximum),
rules as dicts built from their attrs fields.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TypeAlias

import attrs

from ..kinds import Rule, Source
from ..kinds.bands import Band
from ..language.expressions import Expression
from ..language.model import Constraint, Criterion, InputSpec, MonthDay
from ..numbers import format_plain

#: A JSON-safe value: what :attr:`Change.old` and :attr:`Change.new` hold.
JsonValue: TypeAlias = "str | int | bool | list[JsonValue] | dict[str, JsonValue] | None"


def plain(value: object) -> JsonValue:
    """Any model value as JSON-safe data, compared by value.

    Decimals become canonical text (``4.0`` → ``"4"``), dates ISO text, enums their
    value, expressions their text; a :class:`~cchc_index.kinds.Source` is
    ``{"input": name}`` or ``{"metric": text}`` and a band ``{"interval": "[0.95, +∞)",
    "points": "4"}``. Other attrs objects become a dict of the fields that take part
    in their equality; anything else unknown becomes its text.
    """
    if isinstance(value, enum.Enum):  # before str and int: StrEnum is a str
        return plain(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, MonthDay):
        return str(value)
    if isinstance(value, Expression):
        return value.text
    if isinstance(value, Source):
        if value.expression is not None:
            return {"metric": value.expression.text}
        return {"input": value.input}
    if isinstance(value, Band):
        return {"interval": str(value), "points": format_plain(value.points)}
    if isinstance(value, Rule):
        return rule_dict(value)
    fields = _attrs_fields(value)
    if fields is not None:
        return fields
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=str)
    return str(value)


def rule_dict(rule: Rule) -> dict[str, JsonValue]:
    """A rule's comparable form: ``{"kind": name, <field>: <plain value>, ...}``.

    Built from the rule class's attrs fields, so any registered kind works without
    code of its own here.
    """
    kind = getattr(type(rule), "name", type(rule).__name__)
    fields = _attrs_fields(rule)
    # A kind that is not an attrs class is compared by its text.
    return {"kind": str(kind), **(fields if fields is not None else {"rule": repr(rule)})}


def _attrs_fields(value: object) -> dict[str, JsonValue] | None:
    """An attrs object's fields that take part in its equality, in plain form."""
    cls = type(value)
    if not attrs.has(cls):
        return None
    return {
        f.name: plain(getattr(value, f.name))
        for f in attrs.fields(cls)
        if f.eq and not f.name.startswith("_")
    }


def node_dict(node: Criterion) -> dict[str, JsonValue]:
    """A criterion's compared attributes (not its ``source`` note, line or origins)."""
    return {
        "name": node.name,
        "name_en": node.name_en,
        "max": plain(node.max),
        "responsible": node.responsible,
        "due": plain(node.due),
        "assessor": plain(node.assessor),
        "not_applicable": plain(node.not_applicable),
        "not_applicable_when": plain(node.not_applicable_when),
        "rescale_scope": node.rescale_scope,
        "rule": None if node.rule is None else rule_dict(node.rule),
    }


def _input_dict(spec: InputSpec) -> dict[str, JsonValue]:
    form = plain(spec)
    assert isinstance(form, dict)
    del form["name"]  # the key it is matched by
    return form


def _constraint_dict(constraint: Constraint) -> dict[str, JsonValue]:
    return {"expr": constraint.expression.text, "message": constraint.message}
