"""Expressions in rule files are untrusted: a catalogue of attacks, every one refused at load.

Rule files travel between provinces. Each attempt below is known against
simpleeval-style sandboxes; each must be refused when the rule file is loaded,
with an ExpressionError that names the criterion, and quickly. Scoring runs Python
functions generated from the checked trees (see docs/security.md): the generator is
held to the same catalogue on its own, as if the checker let everything through.
"""

from __future__ import annotations

import ast
import contextlib
import linecache
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest

import cchc_index as cc
from cchc_index.language._codegen import NotGeneratedError, generate, generate_holds
from cchc_index.language.expressions import (
    _OPERATORS,
    FUNCTIONS,
    compile_expression,
    generate_constraints,
    reference,
)

HEAD = """\
[ruleset]
id = "thu/2023/xa"
title = "Thử"
level = "xa"
year = 2023
max = 1

[inputs.files]
type = "count"
label = "Hồ sơ"

[criteria."1"]
name = "Tiêu chí"
max = 1
"""

ATTACKS = [
    # attribute and dunder access
    "files.__class__",
    "files.__class__.__mro__[1].__subclasses__()",
    "(1).__class__.__bases__[0].__subclasses__()",
    "''.__class__.__mro__[-1].__subclasses__()",
    "files.real",
    "max.__self__",
    "__builtins__",
    "__import__('os').system('id')",
    "globals()",
    "locals()",
    "vars()",
    "getattr(files, '__class__')",
    "type(files)",
    "open('/etc/passwd').read()",
    "eval('1')",
    "exec('import os')",
    "compile('1', '', 'eval')",
    # generators, frames, comprehensions, lambdas
    "(x for x in [1]).gi_frame.f_globals",
    "[x for x in [1]]",
    "{x: 1 for x in [1]}",
    "{1, 2}",
    "(lambda: 1)()",
    "lambda: 1",
    "[1][0]",
    "(1, 2)",
    "{'a': 1}['a']",
    # format-string tricks
    "f'{files.__class__}'",
    "'{0.__class__}'.format(files)",
    "'%s' % files",
    # huge powers, shifts, strings and nesting
    "9 ** 9 ** 9",
    "10 ** 100000",
    "1 << 100000",
    "files >> 1",
    "'a' * 10 ** 9",
    "(" * 200 + "1" + ")" * 200,
    "-" * 5000 + "1",
    "1 + " * 1500 + "1",
    "'" + "a" * 5000 + "'",
    # names and functions not allowed
    "undeclared_input + 1",
    "rand()",
    "randint(1)",
    "print(files)",
    "min",
    "files if files else __import__('os')",
    "max(files, key=print)",
    "min(*[1, 2])",
    # Decimal context tricks and walrus
    "decimal.getcontext()",
    "Decimal('1')",
    "(x := 1)",
    "files @ files",
    "not files is None",
    "files in [1, 2]",
    "...",
    "b'bytes'",
    "1j",
    "None",
    "await files",
    "yield files",
]


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("key", ["formula", "metric"])
def test_attack_is_refused_at_load(attack: str, key: str) -> None:
    """The attack never runs: loading refuses it, naming criterion '1', in well under a second."""
    kind = "formula" if key == "formula" else "linear"
    extra = "" if key == "formula" else ", zero = 0, full = 10"
    # A TOML literal string holds the attack as written, with no escapes to interpret.
    text = HEAD + f"rule = {{ kind = \"{kind}\", {key} = '''{attack}'''{extra} }}\n"
    started = time.perf_counter()

    with pytest.raises(cc.ExpressionError) as caught:
        cc.loads_ruleset(text, file="attack.toml")

    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{attack!r} took {elapsed:.2f} s"
    [problem] = caught.value.problems
    assert ("1", "attack.toml") == (problem.where.node, problem.where.file)


def test_catalogue_is_long_enough() -> None:
    """At least thirty distinct attempts."""
    assert len(set(ATTACKS)) >= 30


@pytest.mark.parametrize(
    "constraint",
    ["files.__class__ == 1", "__import__('os') == 1", "files ** 2 < 10"],
)
def test_constraints_are_checked_the_same_way(constraint: str) -> None:
    """Constraints are expressions too, refused at load."""
    text = HEAD.replace(
        '[criteria."1"]', f'[constraints.c]\nexpr = """{constraint}"""\n\n[criteria."1"]'
    )
    text += 'rule = { kind = "manual" }\n'

    with pytest.raises(cc.ExpressionError):
        cc.loads_ruleset(text)


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_is_refused_by_the_generator_too(attack: str) -> None:
    """Handed the raw parsed tree, unchecked, the generator writes no function for any attack."""
    try:
        tree = ast.parse(attack, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return  # Python itself cannot parse it: there is no tree to generate from
    with pytest.raises(NotGeneratedError):
        generate(tree.body, names={"files"}, functions=FUNCTIONS, operators=_OPERATORS)
    with pytest.raises(NotGeneratedError):  # a rule set's constraints, all in one function
        generate_holds([(tree.body, {"files"})], functions=FUNCTIONS, operators=_OPERATORS)


def test_the_constraints_function_holds_no_text_of_the_rule_file() -> None:
    """A rule set's constraints in one function: names and literals bound, not written."""
    sneaky = "\"'); __import__('os').system('id'); ('\""
    first = compile_expression(f"files != {sneaky}", {"files"}, where=cc.Location())
    second = compile_expression("div(files, 2) <= done", {"files", "done"}, where=cc.Location())
    holds = generate_constraints([first, second])
    source = "".join(linecache.getlines(holds.__code__.co_filename))

    assert source.startswith("def _holds(_v, _f):")
    for text in ("files", "done", "import", "os", "system", "div", "'", '"'):
        assert text not in source
    assert holds({"files": Decimal(4), "done": 2}, {"div": FUNCTIONS["div"][0]}) is True
    assert holds({"files": Decimal(4), "done": 1}, {"div": FUNCTIONS["div"][0]}) is False
    assert holds({"files": Decimal(4)}, {}) is True  # the second is not asked: no "done"


def test_generated_source_holds_no_text_of_the_rule_file() -> None:
    """Names, literals and calls reach the generated function as bound values, not as source."""
    sneaky = "\"'); __import__('os').system('id'); ('\""
    expression = compile_expression(
        f"files if {sneaky} == files else div(files, 2)", {"files"}, where=cc.Location()
    )
    code = expression._code
    source = "".join(linecache.getlines(code.__code__.co_filename))
    assert source.startswith("def _expression(_v, _f):")
    for text in ("files", "import", "os", "system", "div", "'", '"'):
        assert text not in source
    assert {} == code.__globals__["__builtins__"]
    assert {"files"} == {v for k, v in code.__globals__.items() if k.startswith("_n")}


@contextlib.contextmanager
def _compiled() -> Iterator[None]:
    yield


@pytest.mark.parametrize("path", [_compiled, reference], ids=["compiled", "reference"])
def test_runtime_failures_are_contained(path: Callable[[], Any]) -> None:
    """What can only fail while scoring (a division by zero) is an ExpressionError, either way."""
    text = HEAD + 'rule = { kind = "formula", formula = "1 / (files - files)" }\n'
    rs = cc.loads_ruleset(text)

    with path(), pytest.raises(cc.ExpressionError) as caught:
        cc.evaluate(rs, {"inputs": {"files": 3}})

    assert "division by zero" in caught.value.problems[0].en
    assert "1" == caught.value.problems[0].where.node
