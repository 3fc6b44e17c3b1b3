"""The generated code of the data's one pass: the input reader, and counts in constraints.

A rule set's inputs are read by one generated function (``scoring._input_reader``), which
must accept exactly the values each input's own check accepts, give the same values in
the rule set's order, and hold none of the rule file's text. A rule set's constraints add
and subtract two counts as ints (``language._codegen.generate_holds``): whether each holds
must be what the reference interpreter says.
"""

from __future__ import annotations

import linecache
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index.language.expressions import (
    FUNCTIONS,
    Namespace,
    compile_expression,
    generate_constraints,
    reference,
)
from cchc_index.numbers import LARGEST
from cchc_index.scoring._data_checks import CALLABLE, SLOW, checks
from helpers import ruleset_from

pytestmark = pytest.mark.property

D = Decimal
_LARGEST = int(LARGEST)

#: One input of every type, a count bounded on both sides and one bounded by a fraction.
INPUTS: dict[str, Any] = {
    "ok": "bool",
    "n": "count",
    "few": {"type": "count", "min": 2, "max": 5},
    "half": {"type": "count", "max": D("4.5")},
    "share": "ratio",
    "rate": "percent",
    "amount": {"type": "number", "min": D("-2.5"), "max": 1000},
    "day": "date",
    "grade": {"type": "level", "levels": ["đạt", "không đạt"]},
    "os_system_import": "bool",
}
RULESET = ruleset_from(
    {"1": {"name": "F", "max": 1}, "1.1": {"name": "L", "max": 1, "rule": {"kind": "manual"}}},
    inputs=INPUTS,
)

_edges: list[Any] = [
    0,
    1,
    2,
    4,
    5,
    6,
    -1,
    _LARGEST - 1,
    _LARGEST,
    10**40,
    True,
    False,
    D(0),
    D("-0"),
    D("0.5"),
    D("1.0"),
    D("4.5"),
    D("99.999"),
    D(100),
    D("100.0000000000001"),
    D("7.5000000000000"),
    D("NaN"),
    D("Infinity"),
    D("-2.5"),
    D("1E+3"),
    1.5,
    "đạt",
    "Đạt",
    "",
    date(2023, 9, 20),
    None,
    [],
    {},
]
_values = st.sampled_from(_edges)
_wrapped = st.one_of(
    _values,
    st.builds(lambda v, e: {"value": v, "estimate": e}, _values, st.sampled_from([True, False, 1])),
    st.builds(lambda v: {"value": v}, _values),
    st.builds(lambda v: {"value": v, "note": "x"}, _values),
    st.just({"estimate": True}),
)
tables = st.dictionaries(st.sampled_from([*INPUTS, "unknown"]), _wrapped, max_size=len(INPUTS) + 1)


def expected(table: dict[str, Any]) -> tuple[dict[str, Any], list[str]] | None:
    """What each input's own check makes of ``table``, in declared order; ``None`` if any
    value is left to the reader's long way."""
    quick = checks(RULESET).inputs
    values: dict[str, Any] = {}
    marked: list[str] = []
    for name, entry in table.items():
        if name not in quick:
            return None
        if type(entry) is dict:
            mark = entry.get("estimate", False)
            if not entry.keys() <= {"value", "estimate"} or "value" not in entry:
                return None
            if type(mark) is not bool:
                return None
            if mark:
                marked.append(name)
            entry = entry["value"]
        value = quick[name](entry)
        if value is SLOW:
            return None
        values[name] = value
    return {n: values[n] for n in RULESET.inputs if n in values}, sorted(marked)


@given(tables)
def test_the_reader_accepts_what_each_inputs_check_accepts(table: dict[str, Any]) -> None:
    marked: list[str] = []
    read = checks(RULESET).read_inputs(table, marked)
    want = expected(table)
    if want is None:
        assert read is None
        return
    assert read is not None
    values, estimates = want
    assert list(values.items()) == list(read.items())
    assert [(type(v), repr(v)) for v in values.values()] == [
        (type(v), repr(v)) for v in read.values()
    ]
    assert estimates == sorted(marked)


def test_counts_are_read_within_their_bounds() -> None:
    read = checks(RULESET).read_inputs
    assert read({"few": 2, "half": 4, "n": _LARGEST - 1}, []) == {
        "n": _LARGEST - 1,
        "few": 2,
        "half": 4,
    }
    for table in ({"few": 1}, {"few": 6}, {"half": 5}, {"n": _LARGEST}, {"n": True}):
        assert read(table, []) is None


def test_the_reader_holds_none_of_the_rule_files_text() -> None:
    read = checks(RULESET).read_inputs
    source = "".join(linecache.getlines(read.__code__.co_filename))
    assert source.startswith("def _read(_table, _marked):")
    names = [name for name in INPUTS if len(name) > 3]  # not "n", found in "_len"
    for text in (*names, "đạt", "import", "'", '"', "4.5", "1000"):
        assert text not in source


# -- counts added and subtracted as ints in the constraints ----------------------------

_NAMES = ("n", "m", "k")
_counts = st.one_of(
    st.integers(0, 20), st.integers(0, _LARGEST - 1), st.sampled_from([0, _LARGEST - 1])
)
_atoms = st.sampled_from([*_NAMES, "1", "0.5", "10"])
_sides = st.one_of(
    _atoms,
    st.tuples(_atoms, st.sampled_from(["+", "-"]), _atoms).map(" ".join),
    st.tuples(st.sampled_from(_NAMES), st.sampled_from(["+", "-", "*", "/"]), _atoms).map(
        lambda t: f"({' '.join(t)})"
    ),
    st.tuples(_atoms, _atoms).map(lambda t: f"max({t[0]} - {t[1]}, 0)"),
)
_conditions = st.tuples(_sides, st.sampled_from(["<", "<=", "==", "!=", ">="]), _sides).map(
    " ".join
)


def _asked_one_by_one(texts: list[str], values: dict[str, int]) -> Any:
    """Whether every constraint whose inputs are given holds, each asked by the reference
    interpreter; or the name of the error the first that fails raises."""
    with reference():
        for text in texts:
            expression = compile_expression(text, _NAMES, where=cc.Location())
            if not expression.names <= values.keys():
                continue
            try:
                held = expression.evaluate(Namespace(values), node="1")
            except cc.CchcIndexError as exc:
                return type(exc).__name__
            if held is not True:
                return False
    return True


@given(
    st.lists(_conditions, min_size=1, max_size=4),
    st.dictionaries(st.sampled_from(_NAMES), _counts),
)
def test_counts_in_constraints_hold_as_the_reference_says(
    texts: list[str], values: dict[str, int]
) -> None:
    expressions = [compile_expression(t, _NAMES, where=cc.Location()) for t in texts]
    holds = generate_constraints(expressions, counts=_NAMES)
    source = "".join(linecache.getlines(holds.__code__.co_filename))
    want = _asked_one_by_one(texts, values)
    try:
        found: Any = holds(values, CALLABLE)
    except ArithmeticError:
        found = "ExpressionError"  # the reader asks each again, which says what failed
    assert want == found or (want == "ExpressionError" and found is False), source


def test_two_counts_are_added_as_ints_and_anything_else_by_the_operators() -> None:
    sum_of_counts = compile_expression("n + m <= k - n", _NAMES, where=cc.Location())
    with_a_number = compile_expression("n + 1 <= n * m", _NAMES, where=cc.Location())
    holds = generate_constraints([sum_of_counts, with_a_number], counts=("n", "m", "k"))
    source = "".join(linecache.getlines(holds.__code__.co_filename))
    assert "(_x2 + _x1)" in source  # k, m, n are _x0, _x1, _x2: in name order
    assert "(_x0 - _x2)" in source
    assert "_add(_x2, _c" in source
    assert "_mul(" in source
    assert holds({"n": 1, "m": 2, "k": 4}, {"max": FUNCTIONS["max"][0]}) is True
    assert holds({"n": 2, "m": 1, "k": 4}, {}) is False
