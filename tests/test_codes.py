"""Criterion codes as decrees write them: Roman parts, numbered criteria, lettered points."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index.codes import CODE_PATTERN, LETTERS, code_sort_key, parent_code, roman_value
from helpers import ruleset_from

#: Roman numerals in order, as a decree numbers its parts.
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XIV", "XL", "XC"]
#: The letters a decree numbers points with, in the Vietnamese order.
POINTS = list("abcdđeghiklmnopqrstuvxy")


@pytest.mark.parametrize(
    "code", ["I", "II.1", "IV.3.2", "1.đ", "3.4.a", "XII", "II.3.đ", "1.10", "999.y"]
)
def test_codes_as_decrees_write_them_are_accepted(code: str) -> None:
    """Roman parts, numbered criteria and lettered points, đ included, are codes."""
    assert CODE_PATTERN.fullmatch(code)


@pytest.mark.parametrize(
    "code", ["IIII", "VX", "IC", "ii", "A", "01", "1.01", "1..2", "1.", "1,1", "Đ", "1.aa", "1000"]
)
def test_what_no_decree_writes_is_refused(code: str) -> None:
    """Non-canonical numerals, upper-case letters, leading zeros and empty levels are not codes."""
    assert not CODE_PATTERN.fullmatch(code)


def test_roman_values() -> None:
    """Canonical numerals read as the numbers they stand for."""
    assert [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 40, 90] == [roman_value(r) for r in ROMAN]


def test_letters_follow_the_vietnamese_alphabet() -> None:
    """d comes before đ, đ before e, and every point letter keeps its place."""
    assert sorted(POINTS, key=code_sort_key) == POINTS
    assert LETTERS.index("d") < LETTERS.index("đ") < LETTERS.index("e")


@pytest.mark.parametrize(
    "ordered",
    [
        ["I", "II", "III", "IV", "V", "IX", "X"],
        ["1.1", "1.2", "1.9", "1.10", "1.11"],
        ["3.4.a", "3.4.b", "3.4.d", "3.4.đ", "3.4.e", "3.4.g"],
        ["II", "II.1", "II.1.a", "II.1.đ", "II.2", "III"],
    ],
)
def test_decree_order(ordered: list[str]) -> None:
    """Codes sort as the decree lists them, parents before their children."""
    shuffled = ordered[:]
    random.Random(0).shuffle(shuffled)
    assert ordered == sorted(shuffled, key=code_sort_key)


@st.composite
def _codes(draw: st.DrawFn) -> str:
    """A code of one to four levels, each numbered the way decrees number it."""
    levels = draw(st.integers(1, 4))
    segments = []
    for depth in range(levels):
        style = draw(st.sampled_from(("roman", "number", "letter") if depth == 0 else ("number",)))
        if depth == levels - 1 and depth > 0 and draw(st.booleans()):
            style = "letter"
        if style == "roman":
            segments.append(draw(st.sampled_from(ROMAN)))
        elif style == "letter":
            segments.append(draw(st.sampled_from(POINTS)))
        else:
            segments.append(str(draw(st.integers(1, 999))))
    return ".".join(segments)


@pytest.mark.property
@given(st.lists(_codes(), min_size=1, max_size=30, unique=True), st.randoms())
def test_order_is_total_and_consistent(codes: list[str], shuffler: random.Random) -> None:
    """Any codes sort the same whatever order they come in; distinct codes never tie;
    a parent comes before each of its descendants.
    """
    assert all(CODE_PATTERN.fullmatch(code) for code in codes)
    first = sorted(codes, key=code_sort_key)
    shuffler.shuffle(codes)
    assert sorted(codes, key=code_sort_key) == first
    assert len({code_sort_key(code) for code in codes}) == len(codes)
    for code in codes:
        parent = parent_code(code)
        while parent is not None:
            assert code_sort_key(parent) < code_sort_key(code)
            parent = parent_code(parent)


def test_a_rule_set_keeps_its_codes_as_written_in_decree_order() -> None:
    """A decree's parts, criteria and points load, stay as written and come in its order."""
    ruleset = ruleset_from(
        {
            "II": {"name": "Phần II", "max": 3},
            "II.1": {"name": "Tiêu chí 1", "max": 3},
            "II.1.đ": {"name": "Điểm đ", "max": 1, "rule": {"kind": "check", "input": "a"}},
            "II.1.d": {"name": "Điểm d", "max": 1, "rule": {"kind": "check", "input": "a"}},
            "II.1.e": {"name": "Điểm e", "max": 1, "rule": {"kind": "check", "input": "a"}},
            "I": {"name": "Phần I", "max": 1, "rule": {"kind": "check", "input": "a"}},
        },
        inputs={"a": "bool"},
    )

    assert ["I", "II", "II.1", "II.1.d", "II.1.đ", "II.1.e"] == list(ruleset.criteria)
    assert ("II.1.d", "II.1.đ", "II.1.e") == ruleset["II.1"].children
    result = cc.evaluate(ruleset, {"inputs": {"a": True}})
    assert ["I", "II", "II.1", "II.1.d", "II.1.đ", "II.1.e"] == [n.code for n in result.walk()]


def test_a_code_no_decree_writes_is_refused_with_the_way_to_write_it() -> None:
    """The loader names the refused code and says how decrees number their levels."""
    with pytest.raises(cc.RulesetError) as caught:
        ruleset_from({"1": {"name": "x", "max": 1}, "1.01": {"name": "y", "max": 1}})

    (problem,) = (p for p in caught.value.problems if p.where.node == "1.01")
    assert "Roman numerals for parts (I, II)" in problem.en
    assert "(a, d, đ, e)" in problem.en
