"""Fuzzing: mutated rule files and data never escape the library's own errors.

Rule files travel between provinces and data comes from spreadsheets typed by
hand. Whatever is fed in, `load_ruleset`/`loads_ruleset` and `evaluate` either
succeed or raise `CchcIndexError` whose every problem names a location.

Two mutators: one edits the text of every bundled rule file (cut, repeat, splice
tokens), the other the parsed tables of every bundled rule set and worked example
(drop keys, change types, huge and tiny numbers, deep nesting, keys that are not
text, hostile Python objects handed to the API). Every call is counted: the run
ends with a line "fuzz: N inputs tried, 0 escaped" (``tests/conftest.py``).

The default run is quick; ``nox -s fuzz`` (the ``thorough`` profile) runs
:data:`THOROUGH_EXAMPLES` examples per test, well over 100,000 inputs in all.
"""

from __future__ import annotations

import contextlib
import copy
import os
import tomllib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index._echo import echo_repr
from cchc_index.rulefiles.loader import parse_ruleset

ROOT = Path(__file__).resolve().parents[1]
RULE_FILES = [
    *sorted(ROOT.glob("rules/**/ruleset.toml")),
    ROOT / "tests/fixtures/every-kind/ruleset.toml",
    ROOT / "tests/fixtures/year/ruleset.toml",
    ROOT / "tests/fixtures/extending/dak-nong-2023/ruleset.toml",
]
TEXTS = [path.read_text(encoding="utf-8") for path in RULE_FILES]
EXAMPLE = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
DATA = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)
DAK_NONG = cc.load_ruleset("dak-nong/2022/huyen")
#: Every bundled rule set and fixture as parsed tables, with the folder it lives in.
RAW_RULESETS = [
    (tomllib.loads(text, parse_float=Decimal), path)
    for text, path in zip(TEXTS, RULE_FILES, strict=True)
]
#: Every worked example beside a bundled rule set (and the fixture unit), parsed.
EXAMPLE_FILES = [
    *sorted(ROOT.glob("rules/**/examples/*.toml")),
    ROOT / "tests/fixtures/every-kind-data.toml",
]
RAW_EXAMPLES = [
    tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal) for path in EXAMPLE_FILES
]

#: Examples per fuzz test in the thorough profile (``nox -s fuzz``): 7 tests, 105,000 examples.
THOROUGH_EXAMPLES = 15_000
_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
#: Settings of every fuzz test: the profile's examples, or many more when thorough.
FUZZ = settings(
    max_examples=THOROUGH_EXAMPLES if _PROFILE == "thorough" else settings().max_examples,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Inputs tried and those that escaped as something else than the library's errors.
TALLY = {"tried": 0, "escapes": 0}
_T = TypeVar("_T")


def attempt(call: Callable[[], _T], *, argument: bool = False) -> _T | None:
    """``call()``, counted; the library's errors must be located, anything else escapes.

    A refused ``argument`` of a public function (a wrong type) is the library's error
    too, but has no place in a file to name.
    """
    TALLY["tried"] += 1
    try:
        return call()
    except cc.CchcIndexError as error:
        if not argument:
            located(error)
        return None
    except BaseException:
        TALLY["escapes"] += 1
        raise


#: Fragments that tend to break a rule file in interesting ways.
TOKENS = [
    '"',
    "'",
    "[",
    "]",
    "{",
    "}",
    "=",
    ",",
    ".",
    "\n",
    "#",
    "0",
    "-1",
    "1e999",
    "nan",
    "inf",
    "true",
    '"x"',
    "1.10",
    "01",
    "__class__",
    "kind",
    '"bands"',
    "at_least",
    "below",
    "max",
    "9" * 30,
    "2023-02-30",
    "\x00",
    "\ufeff",
    "Đ",
    "(",
    ")",
    "**",
    "div(",
    "extends",
    "remove",
]

pytestmark = pytest.mark.property


def located(error: cc.CchcIndexError) -> None:
    """Every problem says where: a file, line, criterion, input or key."""
    assert error.problems
    for problem in error.problems:
        assert str(problem.where), problem
        assert problem.en
        assert problem.vi


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """A bundled rule file with a few lines cut, repeated, or spliced with tokens."""
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["splice", "delete", "duplicate", "swap"]))
        line = lines[index]
        if action == "splice":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.sampled_from(TOKENS)) + line[at:]
        elif action == "delete":
            del lines[index]
            if not lines:
                lines = [""]
        elif action == "duplicate":
            lines.insert(index, line)
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], line
    return "\n".join(lines)


@FUZZ
@given(mutated_text())
def test_mutated_rule_files(text: str) -> None:
    """A mutated rule file loads, or is refused with located problems."""
    ruleset = attempt(lambda: cc.loads_ruleset(text, file="fuzz.toml"))
    if ruleset is not None:
        attempt(lambda: cc.evaluate(ruleset, {}))


@FUZZ
@given(st.binary(max_size=400))
def test_garbage_bytes(data: bytes) -> None:
    """Arbitrary bytes, as a rule file or as a data file, give only located errors."""
    for text in (data.decode("utf-8", "replace"), data.decode("latin-1")):
        attempt(lambda text=text: cc.loads_ruleset(text, file="fuzz.toml"))  # type: ignore[misc]


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(["20.845", "89,4 %", "1,5", "12.5", "có", "không", "31/02/2023", "1.10"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    """The seed example's data with values replaced, keys removed or invented."""
    data: Any = copy.deepcopy(DATA)
    for _ in range(draw(st.integers(1, 5))):
        table = draw(st.sampled_from(["inputs", "criteria", "top"]))
        if table == "top":
            key = draw(st.sampled_from(["as_of", "period", "unit", "locale", "layers", "zz"]))
            data[key] = draw(VALUES)
        elif table == "inputs":
            names = [*DAK_NONG.inputs, "files_ontime"]
            data["inputs"][draw(st.sampled_from(names))] = draw(
                st.one_of(VALUES, st.fixed_dictionaries({"value": VALUES, "estimate": VALUES}))
            )
        else:
            code = draw(st.sampled_from([*DAK_NONG.criteria, "1.10", "9.9", "3.4.1.1"]))
            key = draw(st.sampled_from(["points", "not_applicable", "estimate", "pts"]))
            data["criteria"][code] = {key: draw(VALUES)}
    return data


@FUZZ
@given(mutated_data())
def test_mutated_data(data: Any) -> None:
    """Mutated data is scored, or refused with located problems, never a raw exception."""
    result = attempt(lambda: cc.evaluate(DAK_NONG, data))
    if result is None:
        return
    for node in result.walk():
        assert node.points + node.pending + node.lost == node.max
        assert 0 <= node.points <= node.max


@FUZZ
@given(st.one_of(VALUES, st.binary(max_size=50)))
def test_wrong_types_at_the_api(value: Any) -> None:
    """Wrong types handed to the public functions are the library's errors too."""
    for call in (
        lambda: cc.load_ruleset(value),
        lambda: cc.loads_ruleset(value),
        lambda: cc.evaluate(DAK_NONG, value),
        lambda: cc.evaluate(value, {}),
        lambda: cc.Result.from_dict(value),
        lambda: cc.reconcile(value, {}),
        lambda: cc.read_units(value),
        lambda: cc.rank([value]),
        lambda: list(cc.evaluate_many(DAK_NONG, [value])),
    ):
        attempt(call, argument=True)


# -- the second mutator: tables, not text ------------------------------------------------


class Hostile:
    """An object that cannot be shown: its ``repr`` and ``str`` raise."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")

    __str__ = __repr__


class Deep:
    """Stands for a list nested ``depth`` deep, made afresh each time it is drawn."""

    def __init__(self, depth: int) -> None:
        self.depth = depth

    def make(self) -> list[Any]:
        nested: list[Any] = [1]
        for _ in range(self.depth - 1):
            nested = [nested]
        return nested


#: Values a mutated table may hold where any other value was: wrong types, numbers
#: too large, too small or not numbers, long text, deep nesting, odd Python objects.
ODD_VALUES: list[Any] = [
    None,
    True,
    [],
    {},
    [1, "a"],
    {"kind": []},
    {"a": {"b": {}}},
    0,
    -1,
    10**20,
    10**5000,
    -(10**5000),
    Decimal("1E+999999"),
    Decimal("1E-999999"),
    Decimal("-0"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    float("nan"),
    float("-inf"),
    1e308,
    5e-324,
    "",
    " ",
    "1" * 100_000,
    "9" * 30,
    "1e999999999",
    "NaN",
    "x" * 300,
    "../" * 40,
    "\x00",
    "Đ",
    "2023-02-30",
    date(1, 1, 1),
    date(9999, 12, 31),
    b"bytes",
    (1, 2),
    {1, 2},
    frozenset(),
    Fraction(1, 3),
    1j,
    object(),
    Hostile(),
    Deep(50),
    Deep(990),
]
#: Keys a mutated table may gain, or put in place of one of its own.
ODD_KEYS: list[Any] = ["", "zz", "kind", "__class__", "1.10", "9.9.9", 5, None, (1, 2), Hostile()]


def _places(table: Any, path: tuple[Any, ...] = (), depth: int = 0) -> list[tuple[Any, ...]]:
    """The path of every value inside ``table`` (nested tables and lists, a few levels deep)."""
    found: list[tuple[Any, ...]] = []
    if depth > 5:
        return found
    items = table.items() if isinstance(table, dict) else enumerate(table)
    for key, value in items:
        found.append((*path, key))
        if isinstance(value, dict | list):
            found.extend(_places(value, (*path, key), depth + 1))
    return found


def _parent(table: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        table = table[key]
    return table


class Shown:
    """A drawn value, shown short when Hypothesis reports it (its own repr may be huge or raise)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Shown({echo_repr(self.value)[0]})"


def _fresh(value: Any) -> Any:
    # A copy for each draw: a mutation of one example must not change the next one's
    # values (Hypothesis replays the same choices and expects the same data).
    return value.make() if isinstance(value, Deep) else copy.deepcopy(value)


#: An odd value or key, a fresh copy each time, shown short when Hypothesis reports it.
odd_values = st.sampled_from(ODD_VALUES).map(lambda value: Shown(_fresh(value)))
odd_keys = st.sampled_from(ODD_KEYS).map(Shown)


@st.composite
def mutated_table(draw: st.DrawFn, tables: list[Any]) -> Shown:
    """One of ``tables`` with a few values dropped, replaced, nested deep or re-keyed."""
    table: Any = copy.deepcopy(draw(st.sampled_from(tables)))
    for _ in range(draw(st.integers(1, 4))):
        places = _places(table)
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent = _parent(table, path)
        key = path[-1]
        action = draw(st.sampled_from(["drop", "replace", "replace", "nest", "rekey", "add"]))
        if action == "drop":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(
                odd_values | st.integers().map(Shown) | st.text(max_size=8).map(Shown)
            ).value
        elif action == "nest":
            parent[key] = draw(st.sampled_from([[parent[key]], {"value": parent[key]}]))
            for _ in range(draw(st.integers(0, 40))):
                parent[key] = [parent[key]]
        elif isinstance(parent, dict):
            odd = draw(odd_keys).value
            with contextlib.suppress(TypeError):  # an unhashable key cannot be a key at all
                parent[odd] = parent.pop(key) if action == "rekey" else draw(odd_values).value
    return Shown(table)


@FUZZ
@given(st.integers(0, len(RAW_RULESETS) - 1), st.data())
def test_mutated_rule_set_tables(which: int, data: st.DataObject) -> None:
    """Every bundled rule set, its tables mutated, loads or is refused; what loads scores."""
    raw, path = RAW_RULESETS[which]
    table = data.draw(mutated_table([raw])).value
    ruleset = attempt(lambda: parse_ruleset(table, file=str(path)))
    if ruleset is not None:
        example = data.draw(st.sampled_from(RAW_EXAMPLES))
        result = attempt(lambda: cc.evaluate(ruleset, example))
        if result is not None:
            attempt(lambda: cc.explain(result, next(iter(result.nodes))))


@FUZZ
@given(mutated_table(RAW_EXAMPLES))
def test_mutated_example_tables(shown: Shown) -> None:
    """Every worked example, its tables mutated, is scored or refused with located problems."""
    table = shown.value
    for ruleset in (DAK_NONG, EVERY_KIND):
        result = attempt(lambda ruleset=ruleset: cc.evaluate(ruleset, table))  # type: ignore[misc]
        if result is not None and "reported" in table:
            attempt(lambda result=result: cc.reconcile(result, table["reported"]))  # type: ignore[misc]


@FUZZ
@given(odd_values | odd_keys)
def test_odd_values_at_every_argument(shown: Shown) -> None:
    """An odd value in any argument of the public functions is refused with located problems."""
    value = shown.value
    result = cc.evaluate(DAK_NONG, DATA)
    for call in (
        lambda: cc.evaluate(DAK_NONG, DATA, as_of=value),
        lambda: cc.evaluate(DAK_NONG, DATA, group=value),
        lambda: cc.evaluate(DAK_NONG, DATA, group={"1.1": value}),
        lambda: cc.evaluate(DAK_NONG, {"inputs": value}),
        lambda: cc.evaluate(DAK_NONG, {"criteria": {"9": value}}),
        lambda: cc.evaluate(DAK_NONG, {"layers": value}),
        lambda: parse_ruleset(value),
        lambda: parse_ruleset({"ruleset": value}),
        lambda: cc.reconcile(result, value),
        lambda: cc.reconcile(result, {"total": value}),
        lambda: cc.explain(result, value),
        lambda: cc.rank([result], by=value),
        lambda: cc.diff(DAK_NONG, value),
        lambda: cc.check_ruleset(value),
        lambda: cc.Result.from_dict({**result.to_dict(), "points": value}),
    ):
        attempt(call, argument=True)


EVERY_KIND = cc.load_ruleset(ROOT / "tests/fixtures/every-kind")
