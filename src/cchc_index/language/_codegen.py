"""Python functions generated from checked expression trees, the way attrs writes ``__init__``.

:func:`generate` turns the tree of an expression that :mod:`cchc_index.language.expressions`
has checked into the source of one Python function, compiles it once and keeps the
source in :mod:`linecache` so that a traceback through it reads. The source is made
of this module's own fragments only: every input name, text literal, number and
function of the rule file reaches the function as a global (``_n0``, ``_c0``, ``_s0``)
bound to the value, never as text spliced into the source, so no rule file can put
code of its own into it. The generator refuses, a second time, any syntax node
outside its own small table, whatever the checker let through.

The function computes what simpleeval computes with the same operators and function
table (see docs/security.md): the same operator functions in the same order, ``and``,
``or``, ``not``, ``… if … else …`` and chained comparisons with the short-circuits
simpleeval's handlers have, and the same exceptions, which the caller turns into the
same errors.
"""

from __future__ import annotations

import ast
import hashlib
import linecache
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from types import CodeType
from typing import Any

__all__ = ["Generated", "NotGeneratedError", "compile_source", "generate", "generate_holds"]

#: A generated expression: called with the unit's values and the callable functions by
#: name, it gives the expression's value.
Generated = Callable[[Mapping[str, Any], Mapping[str, Callable[..., Any]]], Any]

#: Comparison operators, written as Python writes them: the comparison is Python's own
#: (``operator.lt`` is ``<``), chained as simpleeval chains it.
_COMPARISONS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
#: Arithmetic, always through the expression language's own operator functions (they
#: refuse text and booleans, and bring ints to Decimal), by the global they are bound to.
_ARITHMETIC: dict[type[ast.AST], str] = {
    ast.Add: "_add",
    ast.Sub: "_sub",
    ast.Mult: "_mul",
    ast.Div: "_div",
    ast.USub: "_neg",
    ast.UAdd: "_pos",
}
_BOOLEAN: dict[type[ast.boolop], str] = {ast.And: " and ", ast.Or: " or "}
#: The syntax nodes written; nothing else is.
_NODES = frozenset(
    {ast.Constant, ast.Name, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Call}
)
#: The only literal values a checked tree holds (numbers were made Decimal).
_LITERALS = (Decimal, str, bool)
#: The longest text literal (the checker's bound too).
_LONGEST = 200


class NotGeneratedError(ValueError):
    """A tree holds what the generator does not write; never raised for a checked tree."""


def generate(
    tree: ast.expr,
    *,
    names: Collection[str],
    functions: Collection[str],
    operators: Mapping[type[ast.AST], Callable[..., Any]],
) -> Generated:
    """The function computing ``tree`` (a checked expression's tree).

    ``names`` are the inputs it may read, ``functions`` the names it may call, and
    ``operators`` the arithmetic functions by operator node type; anything else in the
    tree raises :class:`NotGeneratedError`.
    """
    writer = _Writer(names, functions, operators)
    body = writer.write(tree)
    source = f"def _expression(_v, _f):\n    return {body}\n"
    # The source holds no value of the rule file, so expressions of the same shape share
    # it: compiled once, and kept in linecache under one name, however many rule sets.
    code = _COMPILED.get(source)
    if code is None:
        if len(_COMPILED) >= _MOST_KEPT:
            _COMPILED.clear()
        code = _COMPILED[source] = compile_source(source, "expression")
    # No builtins: the function can reach nothing but its bound globals.
    namespace: dict[str, Any] = {"__builtins__": {}, **writer.bound}
    exec(code, namespace)  # our own fragments only, see above
    generated: Generated = namespace["_expression"]
    return generated


def generate_holds(
    trees: Sequence[tuple[ast.expr, Collection[str]]],
    *,
    functions: Collection[str],
    operators: Mapping[type[ast.AST], Callable[..., Any]],
    counts: Collection[str] = (),
) -> Generated:
    """One function: whether every tree whose names all have a value gives ``True``.

    The conditions of a rule set's constraints, in order, in one function rather than
    one call each: a tree whose inputs are not all given is not asked, as when each is
    asked on its own, and the first that does not hold ends it (``False``).

    ``counts`` are the inputs whose values are always whole numbers below
    :data:`~cchc_index.numbers.LARGEST` (counts, as the data's checks give them). The sum
    or difference of two of them is exact as an int, and compares as the operator
    function's Decimal does, so it is written as Python's own ``+`` or ``-``: only
    whether a constraint holds is asked here, never its value.
    """
    every = sorted(frozenset().union(*(names for _, names in trees)))
    writer = _Writer(every, functions, operators)
    writer.counts = frozenset(counts)
    # Each input is looked up once, into a local (``_x0``), and is given when it is not
    # the bound marker: a value the mapping holds, whatever it is, as ``in`` would say.
    writer.local = {name: f"_x{i}" for i, name in enumerate(every)}
    lines = ["def _holds(_v, _f):", "    _g = _v.get"]
    marker = writer.bind("_m", object())
    lines += [
        f"    {writer.local[name]} = _g({writer.bind('_n', name)}, {marker})" for name in every
    ]
    for tree, names in trees:
        given = " and ".join(f"{writer.local[name]} is not {marker}" for name in sorted(names))
        lines.append(f"    if {given or 'True'} and ({writer.write(tree)}) is not True:")
        lines.append("        return False")
    lines.append("    return True")
    namespace: dict[str, Any] = {"__builtins__": {}, **writer.bound}
    exec(compile_source("\n".join(lines) + "\n", "constraints"), namespace)  # our fragments
    holds: Generated = namespace["_holds"]
    return holds


def compile_source(source: str, what: str) -> CodeType:
    """``source`` compiled, and kept in :mod:`linecache` so that a traceback shows its lines.

    Its file name says ``what`` it is and a digest of it: ``<cchc_index expression …>``.
    """
    digest = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()[:12]
    filename = f"<cchc_index {what} {digest}>"
    code = compile(source, filename, "exec")
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return code


#: Compiled sources, by source text (a few per shape of expression in use).
_COMPILED: dict[str, CodeType] = {}
_MOST_KEPT = 2048


class _Writer:
    """Writes the Python text of a tree, binding what it refers to as globals."""

    def __init__(
        self,
        names: Collection[str],
        functions: Collection[str],
        operators: Mapping[type[ast.AST], Callable[..., Any]],
    ) -> None:
        self.names = names
        self.functions = functions
        self.operators = operators
        self.bound: dict[str, Any] = {}
        #: The local variable holding each input's value, when the function has one.
        self.local: Mapping[str, str] = {}
        #: The inputs two of which are added or subtracted as ints (see generate_holds).
        self.counts: frozenset[str] = frozenset()

    def bind(self, prefix: str, value: object) -> str:
        """A new global holding ``value``: ``_n0``, ``_c3`` …

        Each literal gets its own, the very object of the tree: ``1.0`` and ``1`` are
        equal Decimals, but a trace shows them as written.
        """
        name = f"{prefix}{len(self.bound)}"
        self.bound[name] = value
        return name

    def write(self, node: ast.AST, depth: int = 0) -> str:
        if depth > 200:  # the checker stops at 100
            raise NotGeneratedError("expression nests too deeply")
        if type(node) not in _NODES:  # exactly these classes, no subclass of them
            raise NotGeneratedError(type(node).__name__)
        deeper = depth + 1
        if isinstance(node, ast.Constant):
            value = node.value
            if type(value) not in _LITERALS or (type(value) is str and len(value) > _LONGEST):
                raise NotGeneratedError(f"literal {type(value).__name__}")
            return self.bind("_c", value)
        if isinstance(node, ast.Name):
            if node.id not in self.names:
                raise NotGeneratedError(f"name {node.id!r}")
            local = self.local.get(node.id)
            return local if local is not None else f"_v[{self.bind('_n', node.id)}]"
        if isinstance(node, ast.BinOp):
            function = self.arithmetic(node.op)
            left, right = self.write(node.left, deeper), self.write(node.right, deeper)
            if self.counts and self.of_counts(node):
                return f"({left} {'+' if type(node.op) is ast.Add else '-'} {right})"
            return f"{function}({left}, {right})"
        if isinstance(node, ast.UnaryOp):
            operand = self.write(node.operand, deeper)
            if type(node.op) is ast.Not and ast.Not in self.operators:
                return f"(not {operand})"
            return f"{self.arithmetic(node.op)}({operand})"
        if isinstance(node, ast.BoolOp):
            joint = _BOOLEAN.get(type(node.op))
            if joint is None or len(node.values) < 2:
                raise NotGeneratedError(type(node.op).__name__)
            return "(" + joint.join(self.write(v, deeper) for v in node.values) + ")"
        if isinstance(node, ast.Compare):
            if not node.ops or len(node.ops) != len(node.comparators):
                raise NotGeneratedError("comparison")
            parts = [self.write(node.left, deeper)]
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                written = _COMPARISONS.get(type(op))
                if written is None or type(op) not in self.operators:
                    raise NotGeneratedError(type(op).__name__)
                parts += [written, self.write(comparator, deeper)]
            return "(" + " ".join(parts) + ")"
        if isinstance(node, ast.IfExp):
            body = self.write(node.body, deeper)
            test = self.write(node.test, deeper)
            orelse = self.write(node.orelse, deeper)
            return f"({body} if {test} else {orelse})"
        assert isinstance(node, ast.Call)
        func = node.func
        if not isinstance(func, ast.Name) or func.id not in self.functions:
            raise NotGeneratedError("call")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise NotGeneratedError("call arguments")
        # The function is looked up before its arguments are computed, as simpleeval does:
        # an unknown one fails first.
        called = f"_f[{self.bind('_s', func.id)}]"
        return f"{called}({', '.join(self.write(a, deeper) for a in node.args)})"

    def of_counts(self, node: ast.BinOp) -> bool:
        """Whether ``node`` adds or subtracts two counts (see :func:`generate_holds`)."""
        return (
            type(node.op) in (ast.Add, ast.Sub)
            and type(node.left) is ast.Name
            and type(node.right) is ast.Name
            and node.left.id in self.counts
            and node.right.id in self.counts
        )

    def arithmetic(self, op: ast.AST) -> str:
        name = _ARITHMETIC.get(type(op))
        function = self.operators.get(type(op))
        if name is None or function is None:
            raise NotGeneratedError(type(op).__name__)
        self.bound[name] = function
        return name
