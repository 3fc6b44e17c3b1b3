"""Nothing escapes, nothing misleads: hostile values refused with the library's own errors.

Each test is a case that once escaped as a Python exception (``decimal.Overflow``,
``ValueError`` of a long integer, ``RecursionError``, ``TypeError``, ``OSError``), or
was refused with a message that misled or quoted a megabyte back.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import cchc_index as cc
from cchc_index._echo import STR_LIMIT
from cchc_index.i18n import echo, msg
from cchc_index.rulefiles.loader import parse_ruleset
from cchc_index.scoring.data import load_raw

ROOT = Path(__file__).resolve().parents[1]
EVERY_KIND = ROOT / "tests/fixtures/every-kind/ruleset.toml"
DAK_NONG = cc.load_ruleset("dak-nong/2022/huyen")
#: A number written as text with a million and one digits.
MILLION_DIGITS = "1" * 1_000_001
#: An integer with more digits than ``str()`` converts (4,300).
LONG_INT = 10**5000
#: The most characters a refusal may take: the message, its place, both languages.
SHORT = 600


def refused(error: type[cc.CchcIndexError], call: Any) -> cc.CchcIndexError:
    """The library's error raised by ``call()``, checked to be located and short."""
    with pytest.raises(error) as caught:
        call()
    for problem in caught.value.problems:
        assert str(problem.where), problem
        assert len(str(problem)) < SHORT, str(problem)[:SHORT]
    return caught.value


def deep_list(depth: int) -> list[Any]:
    """A list nested ``depth`` deep."""
    nested: list[Any] = []
    for _ in range(depth):
        nested = [nested]
    return nested


def every_kind(old: str, new: str) -> str:
    """The every-kind fixture's text with the first ``old`` (a regex) replaced by ``new``."""
    text = EVERY_KIND.read_text(encoding="utf-8")
    changed = re.sub(old, new, text, count=1, flags=re.MULTILINE)
    assert changed != text
    return changed


# -- numbers too large, too long, too deep ---------------------------------------------


def test_a_million_digits_as_text_in_data(tmp_path: Path) -> None:
    """A number written with a million digits is too large, said in words, quoted short."""
    path = tmp_path / "data.toml"
    path.write_text(f'[inputs]\ninnovation_initiatives = "{MILLION_DIGITS}"\n', encoding="utf-8")

    error = refused(cc.InputError, lambda: cc.evaluate(DAK_NONG, path))

    problem = error.problems[0]
    assert (str(path), "innovation_initiatives") == (problem.where.file, problem.where.input)
    assert "too large" in problem.en
    assert "1,000,001 characters" in problem.en
    assert "1.000.001 ký tự" in problem.vi


def test_a_million_digits_in_a_rule_file() -> None:
    """The same number as a rule file's total, as text or as a TOML float, is located."""
    for written in (f'"{MILLION_DIGITS}"', f"1.{MILLION_DIGITS}"):
        text = every_kind(r"^max = .*$", f"max = {written}")
        error = refused(cc.RulesetError, lambda text=text: cc.loads_ruleset(text, file="r.toml"))
        assert ("r.toml", "max") == (error.problems[0].where.file, error.problems[0].where.key)


def test_a_million_digits_in_json_data(tmp_path: Path) -> None:
    """JSON data with a million-digit float and a 5,000-digit integer: two located refusals."""
    path = tmp_path / "data.json"
    path.write_text(
        '{"inputs": {"innovation_initiatives": 1.'
        + MILLION_DIGITS
        + ', "files_resolved": '
        + "1" * 5000
        + "}}",
        encoding="utf-8",
    )

    error = refused(cc.InputError, lambda: cc.evaluate(DAK_NONG, path))

    assert {"innovation_initiatives", "files_resolved"} == {p.where.input for p in error}
    assert all("Decimal(" not in p.en for p in error)


def test_a_long_integer_in_a_rule_file() -> None:
    """An integer of 5,000 digits in TOML is refused without Python's advice on limits."""
    text = every_kind(r"^max = .*$", "max = " + "1" * 5000)

    error = refused(cc.RulesetError, lambda: cc.loads_ruleset(text, file="r.toml"))

    assert "4,300 digits" in error.problems[0].en
    assert "sys." not in error.problems[0].en


@pytest.mark.parametrize(
    "data",
    [
        {"inputs": {"innovation_initiatives": LONG_INT}},
        {"inputs": {"institutional_plan_completion": LONG_INT}},
        {"period": LONG_INT},
        {"criteria": {"9": {"points": LONG_INT}}},
        {"criteria": {"9": {"points": -LONG_INT}}},
    ],
    ids=["count", "percent", "period", "points", "negative-points"],
)
def test_a_long_integer_through_the_api(data: dict[str, Any]) -> None:
    """Integers too long for ``str()`` are refused, shown by their first digits and length."""
    error = refused(cc.InputError, lambda: cc.evaluate(DAK_NONG, data))

    assert "5,001 digits" in error.problems[0].en


def test_a_list_nested_990_deep() -> None:
    """A deeply nested list as an input is not a number, and is quoted a few levels deep."""
    data = {"inputs": {"innovation_initiatives": deep_list(990)}}

    error = refused(cc.InputError, lambda: cc.evaluate(DAK_NONG, data))

    assert "[[[[...]]]]" in error.problems[0].en


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Decimal("Infinity"), "infinity"),
        (Decimal("NaN"), "NaN"),
        (float("inf"), "infinity"),
        (Decimal("1E+20"), "too large"),
        ("100.000.000.000.000.000", "too large"),
        (Decimal("0.0000000000001"), "decimal places"),
        ("0,0000000000001", "decimal places"),
    ],
)
def test_unusable_numbers_are_said_in_words(value: object, words: str) -> None:
    """Infinite, too large and too precise numbers are not called "not a number"."""
    data = {"inputs": {"institutional_plan_completion": value}}

    error = refused(cc.InputError, lambda: cc.evaluate(DAK_NONG, data))

    assert words in error.problems[0].en
    assert "is not a number" not in error.problems[0].en
    assert "Decimal('Infinity')" not in error.problems[0].en


# -- messages echo a value cut, with its length -------------------------------------------


def test_one_helper_cuts_every_echoed_value() -> None:
    """A message parameter is cut when shown, with its length, in each language.

    A value quoted as the offending one (``!r``) is cut short; text written out (a list
    of the names allowed, a path) is given room, but a megabyte of it is cut too.
    """
    quoted = msg("{value!r} is wrong", value="x" * 5000)
    written = msg("allowed: {value}", value="x" * 5000)

    assert len(quoted.text("en")) < SHORT
    assert "(5,000 characters)" in quoted.text("en")
    assert "(5.000 ký tự)" in quoted.text("vi")
    assert len(written.text("en")) < 2 * STR_LIMIT
    assert "(5,000 characters)" in written.text("en")
    assert "x" * 500 in msg("allowed: {names}", names="x" * 500).text("en")
    assert "'xx" in str(echo("x" * 5000).text("en"))


def test_echoing_never_fails() -> None:
    """Objects whose ``repr`` raises, long integers and deep lists are shown all the same."""

    class Hostile:
        def __repr__(self) -> str:
            raise RuntimeError("no")

        __str__ = __repr__

    assert "<Hostile>" == msg("{v!r}", v=Hostile()).text("en")
    assert "<Hostile>" == msg("{v}", v=Hostile()).text("en")
    assert msg("{v!r}", v=[Hostile()]).text("en").startswith("[")
    assert msg("{v} {v!r}", v=deep_list(5000)).text("en")
    assert "10000000000000000000… (5,001 digits)" == msg("{v}", v=LONG_INT).text("en")
    assert "'ab'" == msg("{v!r}", v="ab").text("en")


# -- values of the wrong type where a key expects a name --------------------------------


@pytest.mark.parametrize("written", ["[]", "{}", "[1, 2]", "{ a = 1 }"])
def test_a_rule_kind_that_is_no_name(written: str) -> None:
    """``kind = []`` or ``kind = {}`` is an unknown kind at its line, not a TypeError."""
    text = every_kind(r'kind = "[a-z_]+"', f"kind = {written}")

    error = refused(cc.RulesetError, lambda: cc.loads_ruleset(text, file="r.toml"))

    assert "kind" == error.problems[0].where.key
    assert error.problems[0].where.line is not None


@pytest.mark.parametrize("written", ["[]", "{}"])
def test_a_rounding_mode_that_is_no_name(written: str) -> None:
    """``rounding = { mode = [] }`` is refused at its key."""
    text = every_kind(r'mode = "half_up"', f"mode = {written}")

    error = refused(cc.RulesetError, lambda: cc.loads_ruleset(text, file="r.toml"))

    assert "mode" == error.problems[0].where.key


# -- where a constraint failed ----------------------------------------------------------------

CONSTRAINED = """\
[ruleset]
id = "thu/2023/xa"
title = "Thử"
level = "xa"
year = 2023
max = 1

[inputs.late]
type = "count"
label = "Trễ hạn"

[inputs.resolved]
type = "count"
label = "Đã giải quyết"

[constraints.late_share]
expr = "late / resolved <= 1"

[criteria."1"]
name = "Tiêu chí"
max = 1
rule = { kind = "linear", input = "resolved", zero = 0, full = 10 }
"""


def test_a_failing_constraint_names_its_file_and_name(tmp_path: Path) -> None:
    """A constraint that fails to evaluate (÷ 0) is located at its file, line and name."""
    rules = tmp_path / "ruleset.toml"
    rules.write_text(CONSTRAINED, encoding="utf-8")
    ruleset = cc.load_ruleset(rules)

    error = refused(
        cc.InputError, lambda: cc.evaluate(ruleset, {"inputs": {"late": 1, "resolved": 0}})
    )

    (problem,) = error.problems
    assert (str(rules), 16, "late_share") == (
        problem.where.file,
        problem.where.line,
        problem.where.key,
    )
    assert "constraint 'late_share'" in problem.en
    assert "division by zero" in problem.en


# -- tables built in Python: keys that are not text, odd arguments -------------------------


@pytest.mark.parametrize("key", [5, None, (1, 2), Decimal("1.1")])
def test_keys_that_are_not_text(key: object) -> None:
    """A mapping with a key no file could write is refused at the boundary, with its path."""
    data = {"inputs": {"innovation_initiatives": 2, key: 1}}
    raw = {"ruleset": {"id": "thu/2023/xa"}, "criteria": {key: {}}}

    data_error = refused(cc.InputError, lambda: cc.evaluate(DAK_NONG, data))
    rule_error = refused(cc.RulesetError, lambda: parse_ruleset(raw, file="r.toml"))

    assert str(data_error.problems[0].where.key).startswith("inputs.")
    assert "a key must be text" in data_error.problems[0].en
    assert ("r.toml", "criteria") == (
        rule_error.problems[0].where.file,
        str(rule_error.problems[0].where.key).split(".")[0],
    )


@pytest.mark.parametrize(
    "data",
    [
        {"criteria": {"1.3": {"points": 1, "note": {5: "x"}}}},
        {"reported": {"total": "1", 5: "x"}},
        {"reported": {"groups": {None: 1}}},
        {"inputs": {"innovation_initiatives": {"value": 2, (1,): True}}},
    ],
    ids=["note", "reported", "nested reported", "wrapper"],
)
def test_keys_that_are_not_text_anywhere_scoring_reads(data: dict[str, Any]) -> None:
    """Data that is otherwise the usual unit is searched too: each of these is refused."""
    error = refused(cc.InputError, lambda: cc.evaluate(DAK_NONG, data))

    assert any("a key must be text" in p.en for p in error.problems)


def test_keys_in_report_tables_are_left_to_the_report() -> None:
    """Scoring does not read a plan or the figures expected; what reads them refuses them."""
    data = {"inputs": {"innovation_initiatives": 2}, "plan": {"1.1": {5: 1}}}

    assert cc.evaluate(DAK_NONG, data).points >= 0
    error = refused(cc.InputError, lambda: load_raw(data))  # as reports read their data
    (problem,) = error.problems
    assert ("plan.1.1.5", "a key must be text, not 5") == (problem.where.key, problem.en)


class Unshowable:
    """An object whose ``repr`` and ``str`` raise."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")

    __str__ = __repr__


@pytest.mark.parametrize(
    "value", [LONG_INT, Unshowable(), "x" * 5000, 5], ids=["long-int", "unshowable", "long", "5"]
)
def test_odd_arguments_of_public_functions(value: object) -> None:
    """Odd codes, sources and paths are refused with the library's errors, quoted short."""
    result = cc.evaluate(DAK_NONG, {})

    with pytest.raises(cc.CchcIndexError):
        cc.explain(result, value)  # type: ignore[arg-type]
    with pytest.raises(cc.CchcIndexError):
        cc.load_ruleset(value)  # type: ignore[arg-type]
    report = cc.check_ruleset(value)  # type: ignore[arg-type]
    assert not report.ok()
    assert isinstance(value, str) or len(report.source) < 100  # text is kept as given


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        (decimal.DivisionUndefined(), "a division by zero"),
        (decimal.Overflow(), "a number too large"),
        (decimal.InvalidOperation(), "no number as its result"),
    ],
)
def test_a_failed_calculation_is_said_in_words(failure: ArithmeticError, words: str) -> None:
    """A failed calculation quoted in a message is said in words, not as a list of classes."""
    said = msg("the rule failed to score: {exc}", exc=failure)

    assert words in said.text("en")
    assert "<class" not in said.text("en")
    assert "<class" not in said.text("vi")


def test_a_long_code_is_quoted_with_its_true_length() -> None:
    """A code of 300 characters is cut where it is shown, saying 300, not the cut's length."""
    result = cc.evaluate(DAK_NONG, {})

    error = refused(cc.CchcIndexError, lambda: cc.explain(result, "x" * 300))

    assert "(300 characters)" in error.messages("en")[0]
    assert "(101 characters)" not in error.messages("en")[0]


def test_a_grade_threshold_too_large_says_so() -> None:
    """A grade's threshold of 10^20 is refused as too large, at its key."""
    text = (ROOT / "tests/fixtures/year/ruleset.toml").read_text(encoding="utf-8")
    text = text.replace("at_least = 90", "at_least = 1e20", 1)

    error = refused(cc.RulesetError, lambda: cc.loads_ruleset(text, file="r.toml"))

    assert "too large" in error.problems[0].en
