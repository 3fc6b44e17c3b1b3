"""A JSON Schema for rule files, built from the key declarations the loader itself reads.

Editors that check TOML against a JSON Schema (Taplo, VS Code's "Even Better TOML")
use it to validate and complete a ``ruleset.toml`` as it is typed. The package
ships it as ``cchc_index/schemas/ruleset.schema.json``; regenerate that file after
changing a key or registering a kind::

    python -m cchc_index.rulefiles.schema > src/cchc_index/schemas/ruleset.schema.json

The schema checks a file's shape: its keys, their types, enums, codes and names.
Only the loader checks the rest (maxima adding up, expressions, bands meeting, a
rule on every leaf), and a file that ``extends`` another is checked for its own
keys, leaving to its parent what it does not write.
"""

from __future__ import annotations

import json
import keyword
import sys
from collections.abc import Mapping
from importlib import resources
from typing import Any

from ..kinds import KINDS, Rule
from ..language._rule_keys import (
    CODE,
    CONSTRAINT_KEYS,
    CRITERION_KEYS,
    IDENTIFIER,
    INHERITANCE_KEYS,
    INPUT_KEYS,
    KIND,
    RULESET_KEYS,
    TOP_KEYS,
    Key,
    required_keys,
    table,
    text_or,
)
from ..language.expressions import FUNCTIONS
from ..language.model import InputType
from ._places import ID_PATTERN

__all__ = ["SCHEMA_FILE", "dumps", "ruleset_schema", "shipped_schema"]

#: Where the package keeps the generated schema, relative to the package.
SCHEMA_FILE = "schemas/ruleset.schema.json"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def ruleset_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a rule file, with every registered kind.

    A file without ``[ruleset] extends`` must be complete; one with it may leave out
    what its parent gives (``title``, ``max``, a criterion's ``name``, …).
    """
    tables = {
        "ruleset": {"$ref": "#/$defs/ruleset"},
        "inputs": _entries("input", {**IDENTIFIER, "not": {"enum": _reserved()}}),
        "constraints": _entries("constraint"),
        "criteria": _entries("criterion", CODE),
    }
    return {
        "$schema": _DRAFT,
        "title": "cchc_index rule file (ruleset.toml)",
        "description": "Bộ tiêu chí Chỉ số CCHC: một tỉnh, một cấp, một năm.\n\n"
        "A rule set of the administrative reform index: one province, level and year.",
        "type": "object",
        "properties": {name: {**key.fragment(), **tables[name]} for name, key in TOP_KEYS.items()},
        "required": required_keys(TOP_KEYS, complete=False),
        "additionalProperties": False,
        # A file that extends nothing must be complete (one without [ruleset] is
        # refused anyway, by "required").
        "if": {"properties": {"ruleset": {"type": "object", "required": ["extends"]}}},
        "else": _complete(),
        "$defs": {
            "ruleset": _ruleset(),
            "input": _input(),
            "constraint": text_or(table(CONSTRAINT_KEYS, complete=False)),
            "criterion": table(CRITERION_KEYS, complete=False),
            "rule": _rule(),
            **{f"rule.{name}": _kind(name, KINDS[name]) for name in sorted(KINDS)},
        },
    }


def dumps(schema: Mapping[str, Any]) -> str:
    """The schema as the package ships it: indented JSON, Vietnamese left readable."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def shipped_schema() -> str:
    """The text of the schema file shipped in the package (:data:`SCHEMA_FILE`)."""
    return (resources.files("cchc_index") / SCHEMA_FILE).read_text(encoding="utf-8")


def _entries(definition: str, names: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A table of named entries (``[inputs.<name>]``), each one the ``definition``."""
    schema: dict[str, Any] = {"additionalProperties": {"$ref": f"#/$defs/{definition}"}}
    if names is not None:
        schema["propertyNames"] = dict(names)
    return schema


def _reserved() -> list[str]:
    """Names an input may not take: Python keywords and the expression functions."""
    return sorted({*keyword.kwlist, *FUNCTIONS})


def _ruleset() -> dict[str, Any]:
    schema = table({**RULESET_KEYS, **INHERITANCE_KEYS}, complete=False)
    schema["properties"]["id"]["pattern"] = f"^(?:{ID_PATTERN.pattern})$"
    schema["dependentRequired"] = {"remove": ["extends"]}
    return schema


def _input() -> dict[str, Any]:
    schema = table(INPUT_KEYS, complete=False)
    numeric = [t.value for t in InputType if t.numeric]
    schema["allOf"] = [
        {
            "if": {"required": ["type"], "properties": {"type": {"not": {"enum": numeric}}}},
            "then": {"properties": {"min": False, "max": False}},
        },
        {
            "if": {"required": ["type"], "properties": {"type": {"not": {"const": "level"}}}},
            "then": {"properties": {"levels": False}},
        },
    ]
    return schema


def _complete() -> dict[str, Any]:
    """What a file that extends nothing must give besides what every file gives."""

    def entries(keys: Mapping[str, Key]) -> dict[str, Any]:
        return {"additionalProperties": {"required": required_keys(keys)}}

    inputs = entries(INPUT_KEYS)
    inputs["additionalProperties"].update(
        {
            "if": {"required": ["type"], "properties": {"type": {"const": "level"}}},
            "then": {"required": ["levels"]},
        }
    )
    return {
        "required": required_keys(TOP_KEYS),
        "properties": {
            "ruleset": {"required": required_keys(RULESET_KEYS)},
            "inputs": inputs,
            "constraints": entries(CONSTRAINT_KEYS),
            "criteria": entries(CRITERION_KEYS),
        },
    }


def _rule() -> dict[str, Any]:
    """A rule table: its ``kind`` picks the keys it may hold."""
    names = sorted(KINDS)
    return {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {**KIND.fragment(), "enum": names}},
        "x-taplo": {"initKeys": ["kind"]},
        "allOf": [
            {
                "if": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {"kind": {"const": name}},
                },
                "then": {"$ref": f"#/$defs/rule.{name}"},
            }
            for name in names
        ],
    }


def _kind(name: str, cls: type[Rule]) -> dict[str, Any]:
    """The rule table of one kind; open when the kind declares no keys."""
    doc = (cls.__doc__ or "").strip().splitlines()
    declared = any("keys" in vars(c) for c in cls.__mro__ if c not in (Rule, object))
    schema = table(cls.keys, closed=declared)
    schema["properties"] = {"kind": {"const": name}, **schema["properties"]}
    schema["required"] = ["kind", *schema.get("required", ())]
    schema["x-taplo"] = {"initKeys": schema["required"]}
    if doc:
        schema = {"description": doc[0], **schema}
    return schema


if __name__ == "__main__":
    # Bytes, so that the file is UTF-8 with "\n" line ends on every platform.
    sys.stdout.buffer.write(dumps(ruleset_schema()).encode("utf-8"))
