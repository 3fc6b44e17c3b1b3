"""Safe expressions: the function table, exact arithmetic, and what is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index import Location
from cchc_index.language.expressions import (
    MAX_DEPTH,
    MAX_LENGTH,
    Namespace,
    Value,
    compile_expression,
)

D = Decimal
#: The inputs every expression here may name.
NAMES = ("a", "b", "n", "m", "ok", "day", "files_on_time", "files_resolved")
#: Their values for one unit: counts are ints, other numbers Decimal.
VALUES: dict[str, Value] = {
    "a": D("1.5"),
    "b": D(-4),
    "n": 3,
    "m": 0,
    "ok": True,
    "day": date(2023, 9, 20),
    "files_on_time": 15739,
    "files_resolved": 17604,
}
HERE = Location(file="ruleset.toml", line=7, node="2.1", key="metric")


def run(text: str, **values: Value) -> Value:
    """Compile ``text`` and evaluate it over :data:`VALUES` (with any overrides)."""
    expression = compile_expression(text, NAMES, where=HERE)
    return expression.evaluate(Namespace({**VALUES, **values}), node="2.1")


def refusal(text: object) -> cc.Problem:
    """The one problem of compiling ``text``, which must be refused."""
    with pytest.raises(cc.ExpressionError) as info:
        compile_expression(text, NAMES, where=HERE)
    [problem] = info.value.problems
    assert HERE == problem.where
    return problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("min(n, a, 2)", D("1.5")),
        ("min(7)", D(7)),
        ("max(n, a, b)", 3),
        ("abs(b)", D(4)),
        ("abs(-0.25)", D("0.25")),
        ("div(n, 4)", D("0.75")),
        ("div(n, m)", D(0)),
        ("div(n, m, 1)", D(1)),
        ("clamp(b, 0, 1)", D(0)),
        ("clamp(n, 0, 2)", D(2)),
        ("clamp(a, 0, 2)", D("1.5")),
        ("round(1.005, 2)", D("1.01")),
        ("round(2.5)", D(3)),
        ("round(-2.5)", D(-3)),
        ("round(a)", D(2)),
        ("n if ok else 0", 3),
        ("n > 2 and not ok", False),
        ("a * 2 - b / 4", D(4)),
        ("-a + +n", D("1.5")),
        ("1 < n <= 3", True),
    ],
)
def test_functions_and_operators(text: str, expected: Value) -> None:
    """Each function of the table and each operator gives its exact value."""
    assert expected == run(text)


def test_decimal_literals() -> None:
    """Literals are Decimal: 0.1 + 0.2 is exactly 0.3."""
    assert (True, D("0.3")) == (run("0.1 + 0.2 == 0.3"), run("0.1 + 0.2"))
    assert isinstance(run("0.1 + 0.2"), Decimal)


def test_count_division_is_decimal() -> None:
    """A count divided by a count is an exact Decimal, not a float."""
    value = run("files_on_time / files_resolved")

    assert isinstance(value, Decimal)
    assert D("0.8940581685980458986593955919109293") == value


def test_names_recorded() -> None:
    """An expression records the inputs it reads, and only those."""
    expression = compile_expression("div(files_on_time, files_resolved) + 1", NAMES, where=HERE)

    assert frozenset({"files_on_time", "files_resolved"}) == expression.names
    assert "div(files_on_time, files_resolved) + 1" == expression.text


@pytest.mark.parametrize(
    ("text", "values"),
    [("n / m", {}), ("a / (n - 3)", {}), ("1 / 0", {}), ("n / b", {"b": D(0)})],
)
def test_division_by_zero(text: str, values: dict[str, Value]) -> None:
    """Dividing by zero fails with an ExpressionError naming the node and the values."""
    with pytest.raises(cc.ExpressionError) as info:
        run(text, **values)

    [problem] = info.value.problems
    assert "2.1" == problem.where.node
    assert f"expression {text!r} failed with" in problem.en
    assert "division by zero (use div(a, b, default)" in problem.en


@pytest.mark.parametrize(
    "text", ["n < day", "abs(day)", "round(a, 1.5)", "round(a, 11)", "min(n, day)", "1e999999 * 10"]
)
def test_evaluation_failures_wrapped(text: str) -> None:
    """Wrong types, bad arguments and overflow become ExpressionError, never bare errors."""
    with pytest.raises(cc.ExpressionError) as info:
        run(text)

    assert "2.1" == info.value.problems[0].where.node


def test_text_repetition_is_contained() -> None:
    """Text times a huge count is refused or fails as an ExpressionError, not MemoryError."""
    with pytest.raises(cc.ExpressionError):
        compile_expression("'ab' * n", NAMES, where=HERE).evaluate(
            Namespace({"n": 10**17}), node="2.1"
        )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("n.real", "Attribute is not allowed"),
        ("n.__class__", "Attribute is not allowed"),
        ("n[0]", "Subscript is not allowed"),
        ("lambda: 1", "Lambda is not allowed"),
        ("[x for x in n]", "ListComp is not allowed"),
        ("{x: 1 for x in n}", "DictComp is not allowed"),
        ("n ** 2", "Pow is not allowed"),
        ("n // 2", "FloorDiv is not allowed"),
        ("n % 2", "Mod is not allowed"),
        ("n << 1", "LShift is not allowed"),
        ("f'{n}'", "JoinedStr is not allowed"),
        ("[1, 2]", "List is not allowed"),
        ("(m := 1)", "NamedExpr is not allowed"),
        ("n in (1, 2)", "In is not allowed"),
        ("n is None", "Is is not allowed"),
        ("b'x'", "literal bytes is not allowed"),
        ("...", "literal ellipsis is not allowed"),
        ("nn + 1", "name 'nn' is not a declared input (did you mean 'n'?)"),
        ("files_ontime", "(did you mean 'files_on_time'?)"),
        ("zzz", "name 'zzz' is not a declared input"),
        ("round", "function 'round' must be called"),
        ("foo(n)", "'foo' is not a function expressions may call"),
        ("rand()", "'rand' is not a function expressions may call (did you mean 'round'?)"),
        ("__import__('os')", "'__import__' is not a function expressions may call"),
        ("(lambda: 1)()", "'Lambda' is not a function expressions may call"),
        ("round(n, places=1)", "round() takes its arguments in order, without names"),
        ("div(n, n, default=1)", "(default=… is refused): write div(a, b, default)"),
        ("max(**n)", "max() takes plain arguments only"),
        ("max(*n)", "max() takes plain arguments only"),
        ("abs(n, 2)", "abs() takes 1 to 1 arguments, not 2"),
        ("min()", "min() takes 1 to 50 arguments, not 0"),
        ("clamp(n, 0)", "clamp() takes 3 to 3 arguments, not 2"),
        ("n +", "not a valid expression"),
        ("n = 1", "not a valid expression"),
        ("", "the expression is empty"),
        ("   ", "the expression is empty"),
        ("n + " * MAX_LENGTH + "n", f"longer than {MAX_LENGTH} characters"),
        ("(" * (MAX_DEPTH + 1) + "n" + ")" * (MAX_DEPTH + 1), "nests too deeply"),
        ("-" * (MAX_DEPTH + 5) + "n", "nests too deeply"),
        ("not " * (MAX_DEPTH + 5) + "ok", "nests too deeply"),
        ("'" + "x" * 300 + "'", "literal str is not allowed"),
    ],
)
def test_refused(text: str, words: str) -> None:
    """Anything outside the whitelist is refused at compile time, with the place."""
    problem = refusal(text)

    assert words in problem.en
    assert problem.vi


@pytest.mark.parametrize("text", [None, 5, ["n"]])
def test_not_text(text: object) -> None:
    """An expression must be text."""
    assert "an expression must be text" in refusal(text).en


def test_depth_limit_is_not_hit_by_ordinary_formulas() -> None:
    """A realistic formula compiles: nested calls and a ternary well within the limits."""
    text = "clamp(round(div(files_on_time, files_resolved, 0) * 4, 2), 0, 4) if ok else 0"

    assert D("3.58") == run(text)


def test_div_as_documented() -> None:
    """The rule-format page gives div's default in order, as the checker takes it."""
    page = (Path(__file__).resolve().parents[1] / "docs/rule-format.md").read_text("utf-8")

    assert "`div(a, b, default)`" in page
    assert "`div(a, b, default=0)` (a safe division)" not in page
    assert (D(1), D(0)) == (run("div(n, m, 1)"), run("div(n, m)"))


TYPED = """
[ruleset]
id = "mau/2025/xa"
title = "Mẫu"
level = "xa"
year = 2025
max = 1
offices = false
[inputs.done]
type = "bool"
label = "Đã thực hiện"
[inputs.files]
type = "count"
label = "Hồ sơ"
[inputs.grade]
type = "level"
label = "Mức"
levels = ["tốt", "đạt"]
[criteria."1"]
name = "Tiêu chí"
max = 1
rule = { kind = "formula", formula = "FORMULA" }
"""


@pytest.mark.parametrize(
    ("formula", "said"),
    [
        ("'a' * 9", "'a' is text where 'a' * 9 needs a number"),
        ("1 < 2 < 'a'", "1 < 2 < 'a' puts a number (2) with text ('a')"),
        ("done + 1", "done is yes/no where done + 1 needs a number"),
        ("min(files, grade)", "grade is text where min(files, grade) needs a number"),
        ("files if done else grade", "puts a number (files) with text (grade)"),
        ("grade > files", "grade > files puts text (grade) with a number (files)"),
    ],
)
def test_kinds_of_value_that_do_not_go_together_are_refused_at_load(
    formula: str, said: str
) -> None:
    """Each input's kind flows through the expression: a mismatch is found where it is written."""
    with pytest.raises(cc.ExpressionError) as caught:
        cc.loads_ruleset(TYPED.replace("FORMULA", formula.replace('"', "'")), file="mau.toml")
    (problem,) = caught.value.problems
    assert (problem.where.node, problem.where.key) == ("1", "formula")
    assert said in problem.en


@pytest.mark.parametrize(
    "formula",
    ["div(files, 2) if done else 0", "1 if grade == 'tốt' and not done else 0", "min(1, files)"],
)
def test_kinds_that_go_together_are_taken(formula: str) -> None:
    cc.loads_ruleset(TYPED.replace("FORMULA", formula.replace('"', "'")))


_counts = st.integers(-(10**40), 10**40) | st.integers(-(10**15), 10**15)


@given(_counts, _counts)
def test_two_counts_add_and_subtract_as_the_context_does(a: int, b: int) -> None:
    """Counts are summed as integers when that is exact: the same value, written the same."""
    from cchc_index.language._functions import _add, _subtract
    from cchc_index.numbers import CONTEXT

    for mine, theirs in (
        (_add(a, b), CONTEXT.add(a, b)),
        (_subtract(a, b), CONTEXT.subtract(a, b)),
    ):
        assert mine.as_tuple() == theirs.as_tuple()
