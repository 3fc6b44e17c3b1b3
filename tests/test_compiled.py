"""The compiled scoring path gives what simpleeval, the reference interpreter, gives.

Scoring runs a Python function generated once from each checked expression tree
(:mod:`cchc_index.language._codegen`); :func:`cchc_index.language.expressions.reference` makes every
expression run through simpleeval instead. Both are run on generated expressions
over values of every type (errors included), and on generated rule sets and data,
and must agree on everything: values as written, points, statuses, traces, the
problems raised, node by node.

The number of examples comes from the Hypothesis profile loaded in ``conftest.py``.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

import pytest
from attrs import frozen
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index import CchcIndexError, Location
from cchc_index.kinds import KINDS, Rule, RuleSpec, Score, ScoringContext, Source
from cchc_index.language.expressions import (
    FUNCTIONS,
    Expression,
    Namespace,
    Value,
    compile_expression,
    reference,
)
from cchc_index.rulefiles.loader import parse_ruleset
from cchc_index.scoring._data_checks import read_quickly
from cchc_index.scoring.data import UnitData, _Reader, load_raw
from cchc_index.testing import data_for, raw_rulesets
from helpers import fresh
from helpers import outcome as scored

pytestmark = pytest.mark.property

D = Decimal
#: The names expressions here may use; ``gone`` is declared but given no value.
NAMES = ("a", "b", "n", "ok", "level", "day", "gone")
HERE = Location(file="rules.toml", line=3, node="1.1", key="metric")

# -- expressions ------------------------------------------------------------------------

_numbers = st.sampled_from(["0", "1", "2", "0.5", "1.50", "3", "10", "0.0", "2E-2", "1e3", "-1"])
_small = st.sampled_from([D(0), D(1), D(2), D("0.5"), D("1.50"), D(-1), D(3), D("0.000")])
_any_value = st.one_of(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=-(10**6), max_value=10**6
    ),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.sampled_from(["đạt", "không đạt", ""]),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2025, 12, 31)),
    st.sampled_from([D("-0"), D("1E+5"), D("9" * 30)]),
)
#: Each name's usual values (small, so that comparisons meet equality), and now and
#: then a value of any type, so that the wrong types meet.
_usual: dict[str, st.SearchStrategy[Value]] = {
    "a": _small,
    "b": _small,
    "n": st.integers(0, 3),
    "ok": st.booleans(),
    "level": st.sampled_from(["đạt", "không đạt"]),
    "day": st.sampled_from([date(2023, 1, 1), date(2023, 9, 20)]),
}
_values = {name: st.one_of(*[usual] * 6, _any_value) for name, usual in _usual.items()}


def _call(name: str, *parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map(lambda args: f"{name}({', '.join(args)})")


def _numeric() -> st.SearchStrategy[str]:
    """Numeric expressions; now and then an atom of another type, which must fail alike."""
    atom = st.one_of(
        *[st.sampled_from(["a", "b", "n"]), _numbers] * 4,
        st.sampled_from(["gone", "ok", "level", "day", "'đạt'", "True"]),
    )
    num = st.deferred(_numeric)
    cond = st.deferred(_condition)
    compound = st.one_of(
        st.tuples(num, st.sampled_from(["+", "-", "*", "/"]), num).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(st.sampled_from(["-", "+"]), num).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(num, min_size=1, max_size=4)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        _call("abs", num),
        _call("div", num, num),
        _call("div", num, num, num),
        _call("clamp", num, num, num),
        _call("round", num),
        _call("round", num, st.sampled_from(["0", "1", "2", "2.5", "11", "n", "a"])),
        st.tuples(num, cond, num).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
    )
    return st.one_of(atom, atom, compound)


def _condition() -> st.SearchStrategy[str]:
    """Yes/no expressions: chained comparisons, ``and``/``or``/``not``, flags, levels, days."""
    num = st.deferred(_numeric)
    cond = st.deferred(_condition)
    ops = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
    return st.one_of(
        st.sampled_from(["ok", "True", "False", "level == 'đạt'", "day < day", "day >= day"]),
        st.tuples(num, st.lists(st.tuples(ops, num), min_size=1, max_size=3)).map(
            lambda t: "(" + t[0] + "".join(f" {o} {p}" for o, p in t[1]) + ")"
        ),
        st.tuples(st.sampled_from(["and", "or"]), st.lists(cond, min_size=2, max_size=3)).map(
            lambda t: "(" + f" {t[0]} ".join(t[1]) + ")"
        ),
        cond.map(lambda c: f"(not {c})"),
        st.tuples(cond, cond, cond).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
    )


#: Expressions of every form the checker admits, numeric or yes/no.
expressions = st.one_of(_numeric(), _condition())
#: A unit's values; ``gone`` never has one, the others now and then not.
units = st.fixed_dictionaries(_values).flatmap(
    lambda values: st.sets(st.sampled_from(sorted(values)), max_size=1).map(
        lambda dropped: {k: v for k, v in values.items() if k not in dropped}
    )
)


def outcome(expression: Expression, values: Mapping[str, Value]) -> tuple[Any, ...]:
    """An expression's value, as written and with its type, or the problems of its failure."""
    try:
        value = expression.evaluate(Namespace(values, where=HERE), node="1.1")
    except CchcIndexError as exc:
        return ("failed", type(exc).__name__, [repr(p) for p in exc.problems])
    return ("value", type(value), repr(value))


@settings(max_examples=settings().max_examples * 10)  # cheap examples: ten times as many
@given(expressions, units)
def test_a_compiled_expression_computes_what_simpleeval_computes(
    text: str, values: dict[str, Value]
) -> None:
    """Same value, of the same type, written the same way; or the same error, word for word."""
    try:
        expression = compile_expression(text, NAMES, where=HERE)
    except cc.ExpressionError:
        assume(False)  # refused at load (text multiplied, say): never run at all
        raise
    with reference():
        expected = outcome(expression, values)
    assert expected == outcome(expression, values)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("a / b", {"a": D(1), "b": D(0)}),
        ("a + level", {"a": D(1), "level": "đạt"}),
        ("a < level", {"a": D(1), "level": "đạt"}),
        ("day < a", {"a": D(1), "day": date(2023, 1, 1)}),
        ("gone + 1", {}),
        ("a if gone else b", {"a": D(1), "b": D(2)}),
        ("round(a, 11)", {"a": D(1)}),
        ("round(a, n)", {"a": D(1), "n": D("0.5")}),
        ("a * b", {"a": D("1E+999990"), "b": D("1E+999990")}),
        ("min(a, level)", {"a": D(1), "level": "x"}),
        ("ok * 2", {"ok": True}),
    ],
)
def test_failures_are_the_reference_failures(text: str, values: dict[str, Value]) -> None:
    """Division by zero, wrong types, a name without a value, overflow: the same error."""
    expression = compile_expression(text, NAMES, where=HERE)
    with reference():
        expected = outcome(expression, values)
    assert "failed" == expected[0]
    assert expected == outcome(expression, values)


def test_an_expression_of_a_wider_table_calls_the_namespace_functions() -> None:
    """A namespace with functions of its own (grades' node_points) is called as simpleeval would."""
    table = {**FUNCTIONS, "twice": (lambda x: x * 2, 1, 1)}
    expression = compile_expression("twice(a) + 1", NAMES, where=HERE, functions=table)
    namespace = Namespace({"a": D("1.5")}, functions=table)
    with reference():
        expected = namespace.run(expression)
    assert D(4) == expected == namespace.run(expression)
    # Without the function in its table, the namespace fails as simpleeval fails.
    bare = Namespace({"a": D("1.5")})
    with pytest.raises(cc.ExpressionError) as compiled:
        bare.run(expression)
    with reference(), pytest.raises(cc.ExpressionError) as interpreted:
        bare.run(expression)
    assert interpreted.value.problems == compiled.value.problems


def test_an_expression_pickles_and_runs_again() -> None:
    """The generated function is made again from the tree when an expression is unpickled."""
    expression = compile_expression("div(a, n, 1) + 0.50", NAMES, where=HERE)
    back = pickle.loads(pickle.dumps(expression))
    assert expression == back
    assert D("2.00") == back.evaluate(Namespace({"a": D(3), "n": 2}))


# -- rule sets and data ------------------------------------------------------------------


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A raw rule set of every kind and units for it: valid, layered and invalid data."""
    raw = draw(raw_rulesets())
    ruleset = parse_ruleset(raw)
    units = [
        draw(data_for(ruleset)),
        draw(data_for(ruleset, layers=True)),
        draw(data_for(ruleset, invalid=True)),
    ]
    return raw, units


@given(cases())
def test_the_compiled_path_scores_what_the_reference_scores(
    case: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    """On generated rule sets and data: the same points, statuses, traces and errors."""
    raw, units = case
    compiled = [scored(fresh(parse_ruleset(raw)), data) for data in units]
    with reference():
        interpreted = [scored(fresh(parse_ruleset(raw)), data) for data in units]
    assert interpreted == compiled


def test_expression_failures_while_scoring_are_the_reference_failures() -> None:
    """A metric and a condition dividing by zero: the same problems either way.

    (A condition comparing text with a number is refused at load: see test_expressions.)
    """
    raw = {
        "ruleset": {"id": "thu/2023/xa", "title": "Thử", "level": "xa", "year": 2023, "max": 3},
        "inputs": {
            "a": {"type": "count", "label": "A"},
            "b": {"type": "count", "label": "B"},
            "g": {"type": "level", "label": "G", "levels": ["x", "y"]},
        },
        "constraints": {"c": {"expr": "a >= b - b / b"}},
        "criteria": {
            "1": {
                "name": "F",
                "max": 1,
                "rule": {"kind": "linear", "metric": "a / b", "zero": 0, "full": 1},
            },
            "2": {
                "name": "G",
                "max": 1,
                "not_applicable_when": "g == 'y' or a > 1 / b",
                "rule": {"kind": "formula", "formula": "a - b"},
            },
            "3": {"name": "H", "max": 1, "rule": {"kind": "formula", "formula": "a * b"}},
        },
    }
    for data in (
        {"inputs": {"a": 1, "b": 0, "g": "x"}},
        {"inputs": {"a": 2, "b": 1, "g": "x"}},
        {"inputs": {"a": 0}},
    ):
        compiled = scored(fresh(parse_ruleset(raw)), data)
        with reference():
            interpreted = scored(fresh(parse_ruleset(raw)), data)
        assert interpreted == compiled
        assert "scored" != compiled[0] or data["inputs"].get("b") != 0


def _as_read(unit: UnitData) -> tuple[Any, ...]:
    """A unit as read, every value with its type and as written."""
    return (
        unit,
        [[(type(v), repr(v)) for v in layer.inputs.values()] for layer in unit.layers],
        [[repr(p) for p in layer.points.values()] for layer in unit.layers],
    )


@given(st.data())
def test_the_one_pass_reader_reads_what_the_reader_reads(data: st.DataObject) -> None:
    """Data read in one pass is the reader's, value for value; what it leaves, the reader reads."""
    ruleset = parse_ruleset(data.draw(raw_rulesets()))
    unit = data.draw(
        st.one_of(
            data_for(ruleset), data_for(ruleset, layers=True), data_for(ruleset, invalid=True)
        )
    )
    quick = read_quickly(ruleset, unit, "unit.toml")
    try:
        expected = _Reader(ruleset, unit, "unit.toml").read()
    except cc.InputError:
        assert quick is None
        return
    if quick is not None:
        assert _as_read(expected) == _as_read(quick)


def test_the_usual_unit_is_read_in_one_pass() -> None:
    """The Đắk Nông example takes the one pass, and gives what the reader gives."""
    ruleset = cc.load_ruleset("dak-nong/2022/huyen")
    example = "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
    raw, _ = load_raw(example)
    quick = read_quickly(ruleset, raw, None)
    assert quick is not None
    assert _as_read(_Reader(ruleset, raw, None).read()) == _as_read(quick)


@frozen(kw_only=True)
class _Squared(Rule):
    """A province's own kind, reading a metric through the context's namespace."""

    name: ClassVar[str] = "squared_for_compiled_test"

    source: Source

    @classmethod
    def parse(cls, spec: RuleSpec) -> _Squared | None:
        spec.allow("input", "metric")
        source = spec.source()
        return None if source is None else cls(source=source)

    @property
    def names(self) -> frozenset[str]:
        return self.source.names

    def score(self, ctx: ScoringContext) -> Score:
        value = self.source.number(ctx)
        return Score(value * value, (cc.Step("squared", value * value),))


def test_a_kind_of_ones_own_takes_the_general_way_with_the_same_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A registered kind is asked for its score(), its metric run compiled or interpreted alike."""
    monkeypatch.setitem(KINDS, _Squared.name, _Squared)
    raw = {
        "ruleset": {"id": "thu/2023/xa", "title": "Thử", "level": "xa", "year": 2023, "max": 2},
        "inputs": {"a": {"type": "count", "label": "A"}, "b": {"type": "count", "label": "B"}},
        "criteria": {
            "1": {"name": "F", "max": 1, "rule": {"kind": _Squared.name, "metric": "div(a, b)"}},
            "2": {"name": "G", "max": 1, "rule": {"kind": _Squared.name, "metric": "a / b"}},
        },
    }
    given: list[dict[str, Any]] = [
        {"inputs": {"a": 1, "b": 2}},
        {"inputs": {"a": 1, "b": 0}},
        {"inputs": {}},
    ]
    for data in given:
        compiled = scored(fresh(parse_ruleset(raw)), data)
        with reference():
            assert scored(fresh(parse_ruleset(raw)), data) == compiled
    result = cc.evaluate(parse_ruleset(raw), {"inputs": {"a": 1, "b": 2}})
    assert (D("0.25"), "squared") == (result["1"].points, result["1"].trace.steps[0].what)


@pytest.mark.parametrize("read_first", [(), ("1.1",), ("total", "9", "3.4.1")])
def test_every_node_read_at_once_is_the_node_read_by_code(read_first: tuple[str, ...]) -> None:
    """Iterating a result's nodes gives the very objects lookups give, in order."""
    ruleset = cc.load_ruleset("dak-nong/2022/huyen")
    example = "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
    result = cc.evaluate(ruleset, example)
    nodes = result.nodes
    early = {code: nodes[code] for code in read_first if code in nodes}
    values = list(nodes.values())
    items = list(nodes.items())
    assert [code for code, _ in items] == list(nodes)
    assert all(node is nodes[code] for code, node in items)
    assert [id(node) for node in values] == [id(node) for _, node in items]
    assert all(early[code] is nodes[code] for code in early)
    assert list(result.walk()) == values
    assert len(nodes.values()) == len(nodes.items()) == len(nodes)
    assert values[0] in nodes.values()
    assert (values[0].code, values[0]) in nodes.items()
    assert repr(nodes.values()).startswith("ValuesView({")
    assert repr(nodes.items()).startswith("ItemsView({")
    assert pickle.loads(pickle.dumps(nodes)) == dict(items)


#: Numbers as data may give them: every form, and every way of being refused.
GIVEN = [
    Decimal("1.8"),
    Decimal("2.00"),
    Decimal("1.80"),
    Decimal("0.50"),
    Decimal("0.0"),
    Decimal("-0"),
    Decimal("-1.5"),
    Decimal("0.000000000001"),
    Decimal("1.0000000000001"),
    Decimal("1.5000000000000"),
    Decimal("1.500000000000"),
    Decimal("0.0000000000000"),
    Decimal("1E+1"),
    Decimal("12.5"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("1E+20"),
    2,
    0,
    -1,
    True,
    1.5,
]


def assert_read_alike(unit: dict[str, Any]) -> None:
    """The one pass reads ``unit`` as the reader does, value and form, or leaves it to the
    reader, which refuses it or reads it."""
    ruleset = cc.load_ruleset("dak-nong/2022/huyen")
    quick = read_quickly(ruleset, unit, None)
    try:
        expected = _Reader(ruleset, unit, None).read()
    except cc.InputError:
        assert quick is None
        return
    if quick is not None:
        assert _as_read(expected) == _as_read(quick)


@pytest.mark.parametrize("points", GIVEN)
@pytest.mark.parametrize("note", [False, True])
def test_points_given_in_one_pass_are_the_readers(points: object, note: bool) -> None:
    """A manual leaf's points read in one pass are the reader's, value and form."""
    entry: dict[str, Any] = {"points": points, **({"note": "ghi chú"} if note else {})}
    assert_read_alike({"criteria": {"2.2": entry}})


@pytest.mark.parametrize("given", GIVEN)
def test_numbers_given_in_one_pass_are_the_readers(given: object) -> None:
    """A percent given in one pass is the reader's, value and form, or both refuse it."""
    assert_read_alike({"inputs": {"online_service_rate": given}})
