"""Fuzzing: mutated rule files and data never escape the library's own errors.

Rule files travel between provinces and data comes from spreadsheets typed by
hand. Whatever is fed in, `load_ruleset`/`loads_ruleset` and `evaluate` either
succeed or raise `CchcIndexError` whose every problem names a location.
`nox -s fuzz` runs these with many more examples.
"""

from __future__ import annotations

import contextlib
import copy
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cchc_index as cc

ROOT = Path(__file__).resolve().parents[1]
RULE_FILES = [
    *sorted(ROOT.glob("rules/**/ruleset.toml")),
    ROOT / "tests/fixtures/every-kind/ruleset.toml",
    ROOT / "tests/fixtures/year/ruleset.toml",
]
TEXTS = [path.read_text(encoding="utf-8") for path in RULE_FILES]
EXAMPLE = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
DATA = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)
DAK_NONG = cc.load_ruleset("dak-nong/2022/huyen")

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


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mutated_text())
def test_mutated_rule_files(text: str) -> None:
    """A mutated rule file loads, or is refused with located problems."""
    try:
        ruleset = cc.loads_ruleset(text, file="fuzz.toml")
    except cc.CchcIndexError as error:
        located(error)
        return
    try:
        cc.evaluate(ruleset, {})
    except cc.CchcIndexError as error:
        located(error)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_garbage_bytes(data: bytes) -> None:
    """Arbitrary bytes, as a rule file or as a data file, give only located errors."""
    for text in (data.decode("utf-8", "replace"), data.decode("latin-1")):
        try:
            cc.loads_ruleset(text, file="fuzz.toml")
        except cc.CchcIndexError as error:
            located(error)


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


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mutated_data())
def test_mutated_data(data: Any) -> None:
    """Mutated data is scored, or refused with located problems, never a raw exception."""
    try:
        result = cc.evaluate(DAK_NONG, data)
    except cc.CchcIndexError as error:
        located(error)
        return
    for node in result.walk():
        assert node.points + node.pending + node.lost == node.max
        assert 0 <= node.points <= node.max


@settings(suppress_health_check=[HealthCheck.too_slow])
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
        with contextlib.suppress(cc.CchcIndexError):
            call()
