"""Tests for :mod:`cchc_index.rulefiles.schema`: the editor's JSON Schema of rule files."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest
from attrs import frozen

from cchc_index import RulesetError, loads_ruleset
from cchc_index.kinds import KINDS, Rule, RuleSpec, register
from cchc_index.language._rule_keys import INHERITANCE_KEYS, Key, number
from cchc_index.rulefiles._inheritance import INHERITANCE_KEYS as CONSUMED_KEYS
from cchc_index.rulefiles.loader import parse_ruleset
from cchc_index.rulefiles.schema import SCHEMA_FILE, dumps, ruleset_schema, shipped_schema
from helpers import FIXTURES

ROOT = Path(__file__).parent.parent
RULE_FILES = [
    *sorted((ROOT / "rules").glob("**/ruleset.toml")),
    FIXTURES / "every-kind" / "ruleset.toml",
]
REGENERATE = "python -m cchc_index.rulefiles.schema > src/cchc_index/schemas/ruleset.schema.json"

#: A small complete rule file; the broken files below are edits of it.
VALID = """\
[ruleset]
id = "mau/2023/xa"
title = "Mẫu"
level = "xa"
year = 2023
max = 10
basis = { decision = "01/QĐ-UBND", date = 2023-01-05 }
rounding = { places = 2, mode = "half_up" }

[inputs.rate]
type = "ratio"
label = "Tỷ lệ"

[inputs.done]
type = "bool"
label = "Đã làm"

[constraints.rate_ok]
expr = "rate <= 1"

[criteria."1"]
name = "Lĩnh vực"
max = 10

[criteria."1.1"]
name = "Tỷ lệ"
max = 4
due = "30/11"
rule = { kind = "bands", input = "rate", bands = [
  { at_least = 0.95, points = 4 },
  { below = 0.95, points = 0 },
] }

[criteria."1.2"]
name = "Việc"
max = 6
rule = { kind = "check", input = "done" }
"""

#: A rule set that extends a bundled one and writes only what differs.
CHILD = """\
[ruleset]
extends = "dak-nong/2022/huyen"
id = "dak-nong/2023/huyen"
year = 2023
remove = ["3.4.3"]

[inputs.files_resolved]
label = "Hồ sơ đã giải quyết trong kỳ"

[constraints.resolved_within_received]
message = "không thể giải quyết nhiều hơn số hồ sơ đã tiếp nhận"

[criteria."1"]
name = "Công tác chỉ đạo, điều hành cải cách hành chính"

[criteria."3.4"]
max = 6

[criteria."3.5".rule]
kind = "check"
input = "tthc_quality_evaluated"
points = 1

[criteria."3.7"]
name = "Số hoá kết quả giải quyết thủ tục hành chính"
max = 2.5
rule = { kind = "check", input = "digitisation_carried_out" }
"""


def to_json(value: Any) -> Any:
    """A raw TOML value as JSON sees it (and Taplo shows it): Decimals as numbers, dates as text."""
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


def read(text: str) -> Any:
    """A rule file's text as the JSON instance a schema validator checks."""
    return to_json(tomllib.loads(text, parse_float=Decimal))


@pytest.fixture(scope="module")
def jsonschema() -> Any:
    """The ``jsonschema`` package (of the ``test`` extra)."""
    return pytest.importorskip("jsonschema")


def errors(jsonschema: Any, instance: Any, schema: Any = None) -> list[Any]:
    """Every validation error, with those nested under oneOf/anyOf flattened in."""
    validator = jsonschema.Draft202012Validator(ruleset_schema() if schema is None else schema)
    found: list[Any] = []
    todo = list(validator.iter_errors(instance))
    while todo:
        error = todo.pop()
        found.append(error)
        todo.extend(error.context)
    return found


def test_shipped_schema_is_current() -> None:
    """The schema file in the package is the one the declarations build today."""
    built = dumps(ruleset_schema()).splitlines(keepends=True)
    shipped = shipped_schema().replace("\r\n", "\n").splitlines(keepends=True)
    if built != shipped:
        diff = "".join(list(difflib.unified_diff(shipped, built, SCHEMA_FILE, "built"))[:40])
        pytest.fail(f"{SCHEMA_FILE} is out of date: run `{REGENERATE}`\n{diff}", pytrace=False)


def test_schema_is_draft_2020_12(jsonschema: Any) -> None:
    """The schema is itself a valid draft 2020-12 schema."""
    schema = ruleset_schema()

    jsonschema.Draft202012Validator.check_schema(schema)
    assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_rule_files_validate(jsonschema: Any, path: Path) -> None:
    """Every bundled rule file and the every-kind fixture pass the schema."""
    assert [] == [e.message for e in errors(jsonschema, read(path.read_text("utf-8")))]


def test_small_file_validates(jsonschema: Any) -> None:
    """The file the broken files are made from is valid, to the loader and the schema."""
    loads_ruleset(VALID)

    assert [] == [e.message for e in errors(jsonschema, read(VALID))]


def test_child_may_be_partial(jsonschema: Any) -> None:
    """A file that extends another may leave out what the parent gives, and partial tables."""
    loads_ruleset(CHILD)

    assert [] == [e.message for e in errors(jsonschema, read(CHILD))]


def test_file_without_extends_must_be_complete(jsonschema: Any) -> None:
    """The same partial file without ``extends`` misses the keys a complete file needs."""
    text = CHILD.replace('extends = "dak-nong/2022/huyen"\n', "").replace("remove = ", "# ")
    missing = {
        (e.json_path, e.message)
        for e in errors(jsonschema, read(text))
        if e.validator == "required"
    }

    assert {
        ("$.ruleset", "'title' is a required property"),
        ("$.ruleset", "'max' is a required property"),
        ("$.inputs.files_resolved", "'type' is a required property"),
        ("$.criteria['3.4']", "'name' is a required property"),
    } <= missing


def test_child_still_names_itself(jsonschema: Any) -> None:
    """Even a file that extends another gives its own ``id``."""
    text = CHILD.replace('id = "dak-nong/2023/huyen"\n', "")

    assert ["'id' is a required property"] == [e.message for e in errors(jsonschema, read(text))]


BROKEN = [
    ("unknown top-level table", '[criteria."1"]', '[rulesett]\nx = 1\n\n[criteria."1"]', "$"),
    ("unknown [ruleset] key", 'level = "xa"', 'level = "xa"\nlevle = "xa"', "$.ruleset"),
    ("unknown basis key", "date = 2023-01-05", "dated = 2023-01-05", "$.ruleset.basis"),
    ("unknown rounding key", "places = 2,", "place = 2,", "$.ruleset.rounding"),
    ("unknown input key", 'label = "Đã làm"', 'label = "Đã làm"\nunits = "việc"', "$.inputs.done"),
    (
        "unknown constraint key",
        'expr = "rate <= 1"',
        'expr = "rate <= 1"\nmsg = "x"',
        "$.constraints",
    ),
    ("unknown criterion key", 'name = "Việc"', 'name = "Việc"\nresponsable = "VP"', "$.criteria"),
    (
        "unknown rule key",
        'input = "done" }',
        'input = "done", point = 6 }',
        "$.criteria['1.2'].rule",
    ),
    ("unknown band key", "{ below = 0.95,", "{ under = 0.95,", "$.criteria['1.1'].rule.bands[1]"),
    ("two lower bounds", "at_least = 0.95,", "at_least = 0.95, above = 0.9,", ".bands[0]"),
    ("bad kind", 'kind = "check"', 'kind = "chek"', "$.criteria['1.2'].rule.kind"),
    ("input and metric", 'input = "done" }', 'input = "done", metric = "done" }', ".rule"),
    ("neither input nor metric", 'kind = "check", input = "done"', 'kind = "check"', ".rule"),
    ("rule not a table", 'rule = { kind = "check", input = "done" }', 'rule = "check"', ".rule"),
    ("bad code: leading zero", '[criteria."1.2"]', '[criteria."1.02"]', "$.criteria"),
    ("bad code: capital letter", '[criteria."1.2"]', '[criteria."1.B"]', "$.criteria"),
    ("bad id", 'id = "mau/2023/xa"', 'id = "Mẫu 2023"', "$.ruleset.id"),
    ("bad input name", "[inputs.done]", "[inputs.min]", "$.inputs"),
    ("text for a number", "max = 6\n", 'max = "six"\n', "$.criteria['1.2'].max"),
    ("yes/no for a number", "max = 6\n", "max = true\n", "$.criteria['1.2'].max"),
    ("negative max", "max = 6\n", "max = -6\n", "$.criteria['1.2'].max"),
    ("text for a year", "year = 2023", 'year = "2023"', "$.ruleset.year"),
    ("blank title", 'title = "Mẫu"', 'title = "  "', "$.ruleset.title"),
    ("bad input type", 'type = "bool"', 'type = "boolean"', "$.inputs.done.type"),
    ("bad assessor", "max = 6\n", 'max = 6\nassessor = "tinh"\n', ".assessor"),
    ("bad not_applicable", "max = 6\n", 'max = 6\nnot_applicable = "zero"\n', ".not_applicable"),
    ("bad rounding mode", 'mode = "half_up"', 'mode = "half-up"', "$.ruleset.rounding.mode"),
    ("too many places", "places = 2", "places = 11", "$.ruleset.rounding.places"),
    ("bad due", 'due = "30/11"', 'due = "cuối năm"', "$.criteria['1.1'].due"),
    ("levels on a ratio", 'label = "Tỷ lệ"', 'label = "Tỷ lệ"\nlevels = ["a"]', ".rate"),
    ("bounds on a yes/no", 'label = "Đã làm"', 'label = "Đã làm"\nmin = 0', ".done"),
    ("level input without levels", 'type = "bool"', 'type = "level"', "$.inputs.done"),
    ("no title", 'title = "Mẫu"\n', "", "$.ruleset"),
    ("no criterion name", 'name = "Việc"\n', "", "$.criteria['1.2']"),
    ("no criteria", VALID, VALID.split("[criteria")[0], "$"),
    ("remove without extends", "year = 2023", 'year = 2023\nremove = ["1.2"]', "$.ruleset"),
]


@pytest.mark.parametrize(
    ("old", "new", "where"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_broken_files_fail(jsonschema: Any, old: str, new: str, where: str) -> None:
    """A broken file fails the schema where it is broken, and the loader refuses it too."""
    assert old in VALID
    text = VALID.replace(old, new)

    found = errors(jsonschema, read(text))

    assert [e for e in found if where in e.json_path], [(e.json_path, e.message) for e in found]
    with pytest.raises(RulesetError):
        loads_ruleset(text)


def test_every_kind_is_listed() -> None:
    """The schema offers every registered kind, each with its own table."""
    schema = ruleset_schema()

    assert sorted(KINDS) == schema["$defs"]["rule"]["properties"]["kind"]["enum"]
    for name, cls in KINDS.items():
        table = schema["$defs"][f"rule.{name}"]
        assert ["kind", *cls.keys] == list(table["properties"])
        assert table["additionalProperties"] is False


def test_inheritance_keys_are_declared() -> None:
    """``extends`` and ``remove``, consumed before validation, are in the schema too."""
    assert set(CONSUMED_KEYS) == set(INHERITANCE_KEYS)
    assert set(INHERITANCE_KEYS) <= set(ruleset_schema()["$defs"]["ruleset"]["properties"])


@frozen(kw_only=True)
class Bonus(Rule):
    """A province's own kind: a fixed bonus."""

    name: ClassVar[str] = "bonus_for_tests"
    keys: ClassVar[Mapping[str, Key]] = {
        "bonus": Key(vi="Điểm thưởng.", en="The bonus.", schema=number(minimum=0), required=True)
    }

    @classmethod
    def parse(cls, spec: RuleSpec) -> Bonus:
        spec.allow(*cls.keys)
        return cls()


@frozen(kw_only=True)
class Undeclared(Rule):
    """A province's kind that declares no keys."""

    name: ClassVar[str] = "undeclared_for_tests"


@pytest.fixture
def province_kinds() -> Iterator[None]:
    """Register the test kinds for one test, and take them out of the registry after."""
    register(Bonus)
    register(Undeclared)
    try:
        yield
    finally:
        del KINDS[Bonus.name], KINDS[Undeclared.name]


@pytest.mark.usefixtures("province_kinds")
def test_registered_kind_appears(jsonschema: Any) -> None:
    """A kind a province registers is in the schema generated after it, with its keys."""
    schema = ruleset_schema()
    rule = 'rule = { kind = "check", input = "done" }'

    assert Bonus.name in schema["$defs"]["rule"]["properties"]["kind"]["enum"]
    ok = VALID.replace(rule, f'rule = {{ kind = "{Bonus.name}", bonus = 6 }}')
    assert [] == errors(jsonschema, read(ok), schema)
    bad = VALID.replace(rule, f'rule = {{ kind = "{Bonus.name}", bonsu = 6 }}')
    assert {"'bonus' is a required property"} <= {
        e.message for e in errors(jsonschema, read(bad), schema)
    }
    # A kind without declared keys is left open.
    free = VALID.replace(rule, f'rule = {{ kind = "{Undeclared.name}", anything = 1 }}')
    assert [] == errors(jsonschema, read(free), schema)


def test_registered_kind_is_gone_after() -> None:
    """The test kinds do not leak into other tests."""
    assert Bonus.name not in ruleset_schema()["$defs"]["rule"]["properties"]["kind"]["enum"]


# -- The loader and the schema accept the same keys ------------------------------------------

_UNKNOWN = re.compile(r"unknown [^']*key '([^']+)'")


def _tables() -> list[tuple[str, tuple[str, ...], list[str]]]:
    """(name, path to the table in VALID, the keys the schema declares there)."""
    schema = ruleset_schema()
    defs = schema["$defs"]
    ruleset = defs["ruleset"]["properties"]
    tables = [
        ("top level", (), list(schema["properties"])),
        ("[ruleset]", ("ruleset",), [k for k in ruleset if k not in INHERITANCE_KEYS]),
        ("basis", ("ruleset", "basis"), list(ruleset["basis"]["properties"])),
        ("rounding", ("ruleset", "rounding"), list(ruleset["rounding"]["properties"])),
        ("input", ("inputs", "rate"), list(defs["input"]["properties"])),
        (
            "constraint",
            ("constraints", "rate_ok"),
            list(defs["constraint"]["properties"]),
        ),
        ("criterion", ("criteria", "1.1"), list(defs["criterion"]["properties"])),
        (
            "band",
            ("criteria", "1.1", "rule", "bands", "0"),
            list(defs["rule.bands"]["properties"]["bands"]["items"]["properties"]),
        ),
    ]
    for name in sorted(KINDS):
        keys = [k for k in defs[f"rule.{name}"]["properties"] if k != "kind"]
        tables.append((f"{name} rule", ("criteria", "1.2", "rule", name), keys))
    return tables


@pytest.mark.parametrize(
    ("path", "keys"), [t[1:] for t in _tables()], ids=[t[0] for t in _tables()]
)
def test_loader_accepts_what_the_schema_declares(path: tuple[str, ...], keys: list[str]) -> None:
    """In every table, the loader refuses an undeclared key and none of the declared ones."""
    raw = tomllib.loads(VALID, parse_float=Decimal)
    if path and path[-1] in KINDS:  # a rule of that kind replaces 1.2's
        raw["criteria"]["1.2"]["rule"] = {"kind": path[-1]}
        path = path[:-1]
    table: Any = raw
    for step in path:
        table = table[int(step)] if isinstance(table, list) else table[step]
    for key in keys:
        table.setdefault(key, "x")
    table["zzz_unknown"] = 1

    with pytest.raises(RulesetError) as caught:
        parse_ruleset(raw)

    refused = {m.group(1) for p in caught.value.problems if (m := _UNKNOWN.search(p.en))}
    assert {"zzz_unknown"} == refused
