"""Checking a unit's data: every problem at once, exact numbers, estimates, files."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import cchc_index as cc
from cchc_index import Problem, Ruleset
from cchc_index.scoring.data import read_unit
from helpers import FIXTURES, ruleset_from, where

D = Decimal

#: A rule set whose inputs cover the types the fixture lacks (ratio, date).
TYPED = ruleset_from(
    {"1": {"name": "F", "max": 1}, "1.1": {"name": "X", "max": 1, "rule": {"kind": "manual"}}},
    inputs={"share": "ratio", "pct": "percent", "day": "date", "n": "count", "x": "number"},
)


def problems(ruleset: Ruleset, data: Any) -> tuple[Problem, ...]:
    """The problems of checking ``data``, which must fail."""
    with pytest.raises(cc.InputError) as info:
        cc.evaluate(ruleset, data)
    return info.value.problems


def only(ruleset: Ruleset, data: Any) -> Problem:
    """The one problem of checking ``data``."""
    found = problems(ruleset, data)
    assert 1 == len(found), [str(p) for p in found]
    return found[0]


def test_every_problem_at_once(every_kind: Ruleset) -> None:
    """One InputError lists every problem of the data, in the order found."""
    data = {
        "inputs": {
            "files_resolved": "nhiều",
            "initiatives": -1,
            "online_rate": D(101),
            "plan_issued": 5,
            "propaganda": "tot",
            "files_resolve": 3,
        },
        "criteria": {"9.9": {"points": 1}, "2.1": {"points": 1}, "1.4": {"points": 3}},
    }

    found = problems(every_kind, data)

    assert [
        (None, "files_resolved"),
        (None, "initiatives"),
        (None, "online_rate"),
        (None, "plan_issued"),
        (None, "propaganda"),
        (None, "files_resolve"),
        ("9.9", None),
        ("2.1", None),
        ("1.4", None),
    ] == where(found)


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("files_resolved", "nhiều", "'nhiều' is not a number (in 'vi' text, write 65,7 or 20.845)"),
        ("files_resolved", True, "True is not a number"),
        ("files_resolved", [1], "[1] is not a number"),
        ("files_resolved", D(-1), "-1 is outside the allowed range 0 … +∞ for a count"),
        ("files_resolved", D("2.5"), "2.5 is not a whole number; a count is"),
        ("plan_issued", 1, "1 is not yes/no"),
        ("propaganda", "tot", "is not one of the levels"),
        ("propaganda", "tot", "(did you mean 'tốt'?)"),
        ("online_rate", D("100.01"), "100.01 is outside the allowed range 0 … 100 for a percent"),
        ("online_rate", D(-1), "outside the allowed range 0 … 100"),
        ("revenue", D(-5), "-5 is outside the allowed range 0 … +∞"),
    ],
)
def test_wrong_value(every_kind: Ruleset, name: str, value: object, words: str) -> None:
    """A value of the wrong type or outside its bounds is an error naming the input."""
    problem = only(every_kind, {"inputs": {name: value}})

    assert words in problem.en
    assert name == problem.where.input


@pytest.mark.parametrize("value", [D("1.01"), D(2), "101 %", D(-0.5)])
def test_ratio_above_one(value: object) -> None:
    """A ratio lies from 0 to 1 (a percent text is divided by 100)."""
    assert "outside the allowed range 0 … 1" in only(TYPED, {"inputs": {"share": value}}).en


def test_constraint(every_kind: Ruleset) -> None:
    """A broken constraint is reported with the values that break it and its message."""
    problem = only(every_kind, {"inputs": {"files_resolved": 10, "files_on_time": 11}})

    assert (
        "constraint 'on_time_within_resolved' is broken: files_on_time <= files_resolved "
        "does not hold for files_on_time = 11, files_resolved = 10 "
        "(hồ sơ đúng hạn không thể nhiều hơn hồ sơ đã giải quyết)"
    ) == problem.en
    assert "files_on_time, files_resolved" == problem.where.input


def test_constraint_skipped_when_an_input_is_bad(every_kind: Ruleset) -> None:
    """A constraint is not checked over an input that is already wrong."""
    problem = only(every_kind, {"inputs": {"files_resolved": -10, "files_on_time": 11}})

    assert "files_resolved" == problem.where.input


def test_unknown_names(every_kind: Ruleset) -> None:
    """Unknown inputs, codes and keys are reported with the closest known name."""
    found = problems(
        every_kind,
        {
            "inputs": {"files_resolve": 1},
            "criteria": {"3.3": {"points": 1}, "1.4": {"pionts": 1}},
            "as_off": "2023-01-01",
        },
    )

    assert [
        "unknown key 'as_off' in the data (did you mean 'as_of'?)",
        "unknown input 'files_resolve' (did you mean 'files_resolved'?)",
        "the rule set has no criterion '3.3' (did you mean '3.2'?)",
        "unknown key 'pionts' (did you mean 'points'?)",
    ] == [p.en for p in found]


class _Posing:
    """A key that hashes as a name the rule set knows and raises when compared."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __hash__(self) -> int:
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("compared")

    def __repr__(self) -> str:
        return "Posing()"


@pytest.mark.parametrize(
    "data",
    [
        {_Posing("unit"): "x"},
        {"inputs": {_Posing("files_resolved"): 1}},
        {"criteria": {_Posing("1.4"): {"points": 1}}},
        {"reported": {"1": 1, _Posing("total"): 1}},
    ],
)
def test_a_key_that_fails_when_compared_is_refused(every_kind: Ruleset, data: Any) -> None:
    """A key whose own == raises is refused as a key that is not text, not let escape."""
    assert ["a key must be text, not Posing()"] == [p.en for p in problems(every_kind, data)]


@pytest.mark.parametrize(
    ("criteria", "words"),
    [
        ({"2.1": {"points": 3}}, "criterion '2.1' is scored by its 'bands' rule"),
        ({"1.4": {"points": 3}}, "3 points is outside 0 … 2"),
        ({"1.4": {"points": D(-1)}}, "-1 points is outside 0 … 2"),
        ({"1.4": {"points": "hai"}}, "'hai' is not a number"),
        ({"1": {"points": 1}}, "for leaf criteria only"),
        ({"1": {"not_applicable": True}}, "for leaf criteria only"),
        ({"2.4": {"not_applicable": "yes"}}, "'not_applicable' must be true or false"),
        ({"2.4": True}, "write a criterion's data as a table"),
    ],
)
def test_criterion_statements(every_kind: Ruleset, criteria: dict[str, Any], words: str) -> None:
    """Points go on manual leaves only, within their max; flags are yes or no."""
    problem = only(every_kind, {"criteria": criteria})

    assert words in problem.en
    assert next(iter(criteria)) == problem.where.node


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("n", "20.845", 20845),
        ("n", "1.234.567", 1234567),
        ("n", " 17604 ", 17604),
        ("pct", "89,4 %", D("89.4")),
        ("pct", "89,4%", D("89.4")),
        ("share", "89,4 %", D("0.894")),
        ("share", "0,75", D("0.75")),
        ("x", "-65,7", D("-65.7")),
    ],
)
def test_vietnamese_numbers(name: str, text: str, expected: object) -> None:
    """Numbers written the Vietnamese way are read exactly; counts become ints."""
    value = read_unit(TYPED, {"inputs": {name: text}}).inputs[name]

    assert (expected, type(expected)) == (value, type(value))


@pytest.mark.parametrize("text", ["12.5", "1,234.5", "20.84", "12,", "1.2.3"])
def test_ambiguous_numbers_refused(text: str) -> None:
    """Text that Vietnamese would not write is refused, never guessed."""
    assert "is not a number (in 'vi' text" in only(TYPED, {"inputs": {"x": text}}).en


def test_english_locale() -> None:
    """With ``locale = "en"`` the same text reads the English way."""
    unit = read_unit(TYPED, {"locale": "en", "inputs": {"x": "12.5", "n": "20,845"}})

    assert {"x": D("12.5"), "n": 20845} == dict(unit.inputs)


@pytest.mark.parametrize(
    "value", [D("NaN"), D("Infinity"), D("-Infinity"), float("nan"), float("inf"), "NaN", "inf"]
)
def test_non_finite_refused(value: object) -> None:
    """NaN and infinities are never numbers, whatever form they come in."""
    assert "x" == only(TYPED, {"inputs": {"x": value}}).where.input


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("28/02/2023", date(2023, 2, 28)),
        ("29/02/2024", date(2024, 2, 29)),
        ("2023-09-20", date(2023, 9, 20)),
        (date(2023, 9, 20), date(2023, 9, 20)),
    ],
)
def test_dates(value: object, expected: date) -> None:
    """Dates are read from ISO or dd/mm/yyyy text, or taken as they are."""
    assert expected == read_unit(TYPED, {"inputs": {"day": value}}).inputs["day"]


@pytest.mark.parametrize("value", ["31/02/2023", "29/02/2023", "2023-02-30", "20/9", 20230920])
def test_impossible_dates_refused(value: object) -> None:
    """A date that does not exist, or is not a date at all, is refused."""
    assert "is not a date" in only(TYPED, {"inputs": {"day": value}}).en


def test_as_of_refused() -> None:
    """The data's own ``as_of`` is checked like any date."""
    assert "as_of" == only(TYPED, {"as_of": "31/02/2023"}).where.key


def test_estimates_propagate(every_kind: Ruleset, every_kind_data: dict[str, Any]) -> None:
    """An estimated input marks the leaves that use it and every node above them."""
    res = cc.evaluate(every_kind, every_kind_data)

    assert {"2.2", "2"} == {n.code for n in res.walk() if n.estimated}
    assert res.estimated
    assert res["2.2"].trace.used[0].estimated


def test_estimated_node(every_kind: Ruleset) -> None:
    """A criterion marked ``estimate = true`` carries the flag up to the root."""
    res = cc.evaluate(every_kind, {"criteria": {"1.4": {"points": 1, "estimate": True}}})

    assert {"1.4", "1"} == {n.code for n in res.walk() if n.estimated}
    assert res.estimated


def test_no_estimate(every_kind: Ruleset, every_kind_data: dict[str, Any]) -> None:
    """Without estimates nothing is flagged."""
    every_kind_data["inputs"]["online_rate"] = 25

    res = cc.evaluate(every_kind, every_kind_data)

    assert [] == [n.code for n in res.walk() if n.estimated]
    assert not res.estimated


def test_value_table_without_flag(every_kind: Ruleset) -> None:
    """``{ value = ... }`` alone is the value, not an estimate."""
    unit = read_unit(every_kind, {"inputs": {"initiatives": {"value": 1}}})

    assert (1, frozenset()) == (unit.inputs["initiatives"], unit.estimated)


@pytest.mark.parametrize(
    "value", [{"value": 1, "estimate": "yes"}, {"estimated": True, "value": 1}, {"estimate": True}]
)
def test_estimate_form(every_kind: Ruleset, value: dict[str, Any]) -> None:
    """Only ``{ value = ..., estimate = true/false }`` is a value with a flag."""
    assert "write a value as" in only(every_kind, {"inputs": {"initiatives": value}}).en


def test_toml_and_json_files(
    tmp_path: Path, every_kind: Ruleset, every_kind_data: dict[str, Any]
) -> None:
    """A TOML file, a JSON file and a mapping of the same data score the same."""
    json_path = tmp_path / "unit.json"
    json_path.write_text(json.dumps(every_kind_data, default=str), encoding="utf-8")

    from_mapping = cc.evaluate(every_kind, every_kind_data)

    assert from_mapping == cc.evaluate(every_kind, FIXTURES / "every-kind-data.toml")
    assert from_mapping == cc.evaluate(every_kind, str(json_path))


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("unit.json", '{"inputs": {"online_rate": NaN}}', "not valid JSON"),
        ("unit.json", "[1, 2]", "must be a JSON object"),
        ("unit.json", '{"inputs": ', "not valid JSON"),
        ("unit.toml", "[inputs]\nonline_rate = nan\n", "infinity and NaN"),
        ("unit.toml", "[inputs\n", "not valid TOML"),
        ("unit.toml", "", "the file is empty"),
    ],
)
def test_bad_files(
    tmp_path: Path, every_kind: Ruleset, name: str, content: str, words: str
) -> None:
    """Unreadable data files are input errors naming the file."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    problem = only(every_kind, path)

    assert words in problem.en
    assert str(path) == problem.where.file


@pytest.mark.parametrize("data", [42, None, [("inputs", {})], b"unit.toml", "khong-co.toml"])
def test_not_data(every_kind: Ruleset, data: object) -> None:
    """Anything but a mapping or an existing file's path is an input error."""
    problems(every_kind, data)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"inputs": [1, 2]}, "inputs"),
        ({"criteria": "1.4"}, "criteria"),
        ({"unit": 5}, "unit"),
        ({"period": "2023"}, "period"),
        ({"locale": "fr"}, "locale"),
        ({"ruleset": "khac/2023/xa"}, "ruleset"),
        ({"ruleset": []}, "ruleset"),
        ({"ruleset": {"id": "khac"}}, "ruleset"),
    ],
)
def test_wrong_top_level(every_kind: Ruleset, data: dict[str, Any], key: str) -> None:
    """Top-level values of the wrong type are reported under their key."""
    assert key == only(every_kind, data).where.key
