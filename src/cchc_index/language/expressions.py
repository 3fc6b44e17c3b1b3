"""Safe expressions over a unit's inputs: checked and parsed once at load, evaluated in Decimal.

Expressions appear in rule files as metrics (``files_on_time / files_resolved``),
formulas and constraints (``files_on_time <= files_resolved``). They are
evaluated by simpleeval, behind this one module, with three layers of defence:

1. Before parsing, the text's length and nesting are bounded, so a hostile file
   cannot exhaust the parser.
2. After parsing, every syntax node is checked against a small whitelist: numbers,
   declared input names, arithmetic (``+ - * /``), comparisons, ``and``/``or``/``not``,
   ``a if cond else b`` and calls to the functions in :data:`FUNCTIONS` with the
   right number of arguments. No attributes, subscripts, lambdas, comprehensions,
   f-strings, powers or shifts. Numeric literals become :class:`~decimal.Decimal`.
3. Evaluation runs in a trapped Decimal context; any failure (division by zero,
   overflow, comparing a number with text) becomes an :class:`ExpressionError`
   naming the node and the expression.

simpleeval is the reference interpreter: an expression means what simpleeval computes
with :data:`FUNCTIONS` and these operators. Scoring runs the Python function generated
once from the checked tree (:mod:`cchc_index.language._codegen`), which computes the same and
fails the same way; :func:`reference` runs everything through simpleeval instead, which
is how the tests hold the two equal (see docs/security.md).
"""

from __future__ import annotations

import ast
import contextlib
import decimal
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

import simpleeval
from attrs import field, frozen

from ..errors import ExpressionError, Location, Problem, suggest
from ..i18n import N_, Message, msg
from ..numbers import CONTEXT
from ._codegen import Generated, NotGeneratedError, generate, generate_holds
from ._expression_types import kind_of
from ._functions import _OPERATORS as _OPERATORS
from ._functions import FUNCTIONS as FUNCTIONS
from ._functions import Value as Value

__all__ = ["FUNCTIONS", "Expression", "Namespace", "compile_expression", "reference"]

#: The longest expression text accepted, in characters.
MAX_LENGTH = 2_000
#: The deepest nesting of syntax nodes accepted (a flat sum of n inputs nests n deep).
MAX_DEPTH = 100

_ALLOWED_NODES = (
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Constant,
)
_MAX_TEXT_LITERAL = 200
#: What the names of a rule's expression are (see ``known_as``).
_INPUT_SAID = N_("a declared input")


class _RefusedError(Exception):
    """A private signal from the checker; converted to a located problem at the boundary."""

    def __init__(self, what: Message) -> None:
        super().__init__(what.template)
        self.what = what


def _refuse_node(node: ast.AST) -> _RefusedError:
    what = type(node).__name__
    return _RefusedError(
        msg("{what} is not allowed in an expression", what=what),
    )


class _Checker:
    """Walks a parsed expression, refusing anything outside the whitelist."""

    def __init__(
        self,
        source: str,
        names: Collection[str],
        functions: Mapping[str, tuple[Callable[..., Value], int, int]],
        known_as: str = _INPUT_SAID,
    ) -> None:
        self.source = source
        self.declared = names
        self.functions = functions
        self.known_as = known_as
        self.used: set[str] = set()

    def check(self, node: ast.AST, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise _RefusedError(msg("expression nests too deeply"))
        if not isinstance(node, _ALLOWED_NODES):
            raise _refuse_node(node)
        if isinstance(node, ast.Constant):
            self._constant(node)
            return
        if isinstance(node, ast.Name):
            self._name(node)
            return
        if isinstance(node, ast.Call):
            self._call(node, depth)
            return
        if isinstance(node, ast.BinOp | ast.UnaryOp) and type(node.op) not in _OPERATORS:
            raise _refuse_node(node.op)
        if isinstance(node, ast.Compare):
            for op in node.ops:
                if type(op) not in _OPERATORS:
                    raise _refuse_node(op)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.check(child, depth + 1)
            elif not isinstance(child, ast.operator | ast.unaryop | ast.cmpop | ast.boolop):
                raise _refuse_node(child)

    def _constant(self, node: ast.Constant) -> ast.expr:
        """Refuse what literals may not be; numbers come back as exact Decimal constants."""
        value = node.value
        if isinstance(value, bool):
            return node
        if isinstance(value, int | float):
            text = ast.get_source_segment(self.source, node)
            try:
                exact = Decimal(text) if text else Decimal(repr(value))
            except decimal.InvalidOperation:  # hex or octal literals
                exact = Decimal(int(value))
            if not exact.is_finite():
                raise _RefusedError(msg("number is not finite"))
            # simpleeval returns a Constant's value as is, so it may hold a Decimal.
            return ast.copy_location(ast.Constant(value=exact), node)  # type: ignore[arg-type]
        if isinstance(value, str) and len(value) <= _MAX_TEXT_LITERAL:
            return node
        raise _RefusedError(
            msg("literal {type} is not allowed", type=type(value).__name__),
        )

    def _name(self, node: ast.Name) -> None:
        if node.id not in self.declared:
            if node.id in self.functions:
                raise _RefusedError(
                    msg("function {id!r} must be called, not used as a value", id=node.id),
                )
            raise _RefusedError(
                msg(
                    "name {id!r} is not {known_as}{hint}",
                    id=node.id,
                    known_as=msg(self.known_as),
                    hint=suggest(node.id, self.declared),
                ),
            )
        self.used.add(node.id)

    def _call(self, node: ast.Call, depth: int) -> None:
        functions = self.functions
        if not isinstance(node.func, ast.Name) or node.func.id not in functions:
            shown = node.func.id if isinstance(node.func, ast.Name) else type(node.func).__name__
            raise _RefusedError(
                msg(
                    "{shown!r} is not a function expressions may call{hint}; allowed: {names}",
                    shown=shown,
                    hint=suggest(shown, functions),
                    names=", ".join(functions),
                ),
            )
        name = node.func.id
        if node.keywords and node.keywords[0].arg is not None:
            hint = msg(": write div(a, b, default)") if name == "div" else ""
            raise _RefusedError(
                msg(
                    "{name}() takes its arguments in order, without names "
                    "({keyword}=… is refused){hint}",
                    name=name,
                    keyword=node.keywords[0].arg,
                    hint=hint,
                ),
            )
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise _RefusedError(
                msg("{name}() takes plain arguments only", name=name),
            )
        _, fewest, most = functions[name]
        if not fewest <= len(node.args) <= most:
            raise _RefusedError(
                msg(
                    "{name}() takes {fewest} to {most} arguments, not {count}",
                    name=name,
                    fewest=fewest,
                    most=most,
                    count=len(node.args),
                ),
            )
        for arg in node.args:
            self.check(arg, depth + 1)


class _Transformer(ast.NodeTransformer):
    """Applies the checker's constant conversion throughout the tree."""

    def __init__(self, checker: _Checker) -> None:
        self.checker = checker

    def visit_Constant(self, node: ast.Constant) -> ast.expr:
        return self.checker._constant(node)


@frozen
class Expression:
    """An expression checked and parsed once; evaluate it many times with :meth:`evaluate`.

    ``_code`` is the function generated from the checked tree (``_generate``), which
    scoring runs; ``_tree`` is what simpleeval, the reference, interprets.
    """

    text: str
    names: frozenset[str]
    _tree: ast.expr = field(eq=False, repr=False)
    _code: Generated = field(eq=False, repr=False)
    #: The functions the expression calls, by name.
    _calls: frozenset[str] = field(eq=False, repr=False, default=frozenset())

    def evaluate(self, namespace: Namespace, *, node: str | None = None) -> Value:
        """The expression's value over ``namespace``; failures raise :class:`ExpressionError`."""
        return namespace.run(self, node=node)

    def __reduce__(self) -> tuple[Any, ...]:
        # A generated function does not pickle: it is generated again from the tree.
        return (_restored, (self.text, self.names, self._tree, self._calls))


def _restored(
    text: str, names: frozenset[str], tree: ast.expr, calls: frozenset[str]
) -> Expression:
    return Expression(text, names, tree, _generate(tree, names, calls), calls)


def _generate(tree: ast.expr, names: Collection[str], calls: Collection[str]) -> Generated:
    """The Python function computing a checked ``tree`` (see :mod:`._codegen`)."""
    return generate(tree, names=names, functions=calls, operators=_OPERATORS)


def generate_constraints(
    expressions: Sequence[Expression], *, counts: Collection[str] = ()
) -> Generated:
    """One function telling whether every expression whose inputs are all given holds.

    Called with the unit's values and the callable functions, as an expression's own
    function is; what it raises, each expression would (the caller asks them one by one
    to say which). ``counts`` are the inputs whose values are always whole numbers below
    :data:`~cchc_index.numbers.LARGEST`.
    """
    calls = frozenset().union(*(e._calls for e in expressions))
    return generate_holds(
        [(e._tree, e.names) for e in expressions],
        functions=calls,
        operators=_OPERATORS,
        counts=counts,
    )


def compile_expression(
    text: object,
    names: Collection[str],
    *,
    where: Location,
    functions: Mapping[str, tuple[Callable[..., Value], int, int]] = FUNCTIONS,
    known_as: str = "",
) -> Expression:
    """Check and parse ``text`` for the inputs ``names``; raise :class:`ExpressionError`.

    ``where`` (file, line, node) is attached to the error, with the expression text.
    ``functions`` is the table of callable functions (name → function, fewest and most
    arguments); grade conditions use a wider one than rules. ``known_as`` says what the
    ``names`` are, for the message about a name that is none of them (a message marked
    with :func:`~cchc_index.i18n.N_`; by default, declared inputs).
    """

    def refuse(reason: Message) -> ExpressionError:
        # The text is quoted as every value is (cut to a readable length, with its length).
        return ExpressionError(
            Problem(
                where=where, what=msg("expression {text!r}: {reason}", text=text, reason=reason)
            )
        )

    if not isinstance(text, str):
        raise refuse(msg("an expression must be text"))
    if not text.strip():
        raise refuse(msg("the expression is empty"))
    if len(text) > MAX_LENGTH:
        raise refuse(
            msg("longer than {limit} characters", limit=MAX_LENGTH),
        )
    # Bracket depth is bounded before parsing: Python's parser itself recurses.
    depth = 0
    for char in text:
        depth += char in "([{"
        depth -= char in ")]}"
        if depth > MAX_DEPTH:
            raise refuse(msg("expression nests too deeply"))
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        detail = getattr(exc, "msg", None) or type(exc).__name__
        raise refuse(msg("not a valid expression ({detail})", detail=detail)) from None
    checker = _Checker(text.strip(), names, functions, known_as or _INPUT_SAID)
    try:
        checker.check(tree.body)
        kind_of(tree.body, names, _RefusedError)  # kinds of value go together, or refused
        body = _Transformer(checker).visit(tree.body)
    except _RefusedError as exc:
        raise refuse(exc.what) from None
    except RecursionError:
        raise refuse(msg("expression nests too deeply")) from None
    used = frozenset(checker.used)
    calls = frozenset(
        call.func.id
        for call in ast.walk(body)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
    )
    try:
        code = _generate(body, used, calls)
    except NotGeneratedError as exc:  # pragma: no cover - the checker admits only what it writes
        raise refuse(msg("{what} is not allowed in an expression", what=str(exc))) from None
    return Expression(text.strip(), used, body, code, calls)


#: Whether expressions run through simpleeval, the reference interpreter (:func:`reference`).
_REFERENCE: ContextVar[bool] = ContextVar("cchc_index_reference", default=False)


def reference_in_force() -> bool:
    """Whether expressions run through simpleeval here (see :func:`reference`)."""
    return _REFERENCE.get()


@contextlib.contextmanager
def reference() -> Iterator[None]:
    """Within this block, every expression runs through simpleeval, the reference interpreter.

    Results must not change: the differential tests score the same rule sets and data
    both ways and compare everything, errors included.
    """
    token = _REFERENCE.set(True)
    try:
        yield
    finally:
        _REFERENCE.reset(token)


class Namespace:
    """The values one unit's expressions see; one per evaluation, so it is never shared."""

    __slots__ = ("_callable", "_engine", "_functions", "_values", "_where")

    def __init__(
        self,
        values: Mapping[str, Value],
        *,
        where: Location | None = None,
        functions: Mapping[str, tuple[Callable[..., Value], int, int]] = FUNCTIONS,
    ) -> None:
        self._values = values
        self._where = where or Location()
        self._functions = functions
        #: The functions a generated expression calls, by name.
        self._callable = (
            _CALLABLE
            if functions is FUNCTIONS
            else {name: spec[0] for name, spec in functions.items()}
        )
        self._engine: simpleeval.SimpleEval | None = None

    def _make_engine(self) -> simpleeval.SimpleEval:
        # Built on first use: many units' rules read their inputs without an expression.
        engine = simpleeval.SimpleEval(
            operators=dict(_OPERATORS),
            functions=dict(self._callable),
            names=self._values,
        )
        # Only the node types the checker admits may ever be evaluated.
        allowed = (*_ALLOWED_NODES, ast.Expr)
        engine.nodes = {k: v for k, v in engine.nodes.items() if k in allowed}
        return engine

    def run(self, expression: Expression, *, node: str | None = None) -> Value:
        """Evaluate ``expression``; wrap every failure into :class:`ExpressionError`."""
        if _REFERENCE.get():
            return self.interpret(expression, node=node)
        try:
            if self._callable is _CALLABLE:
                # The table's functions name their context: none to enter.
                result: Value = expression._code(self._values, _CALLABLE)
            else:  # a wider table's own functions read the thread's context
                with decimal.localcontext(CONTEXT):
                    result = expression._code(self._values, self._callable)
        except KeyError as exc:
            raise self.failure(expression, node, self.undefined(expression, exc)) from None
        except (ArithmeticError, TypeError, ValueError, RecursionError) as exc:
            raise self.failure(expression, node, exc) from None
        if isinstance(result, float):  # unreachable through the checker; kept as a guard
            result = Decimal(repr(result))
        return result

    def interpret(self, expression: Expression, *, node: str | None = None) -> Value:
        """:meth:`run` by simpleeval, the reference interpreter."""
        if self._engine is None:
            self._engine = self._make_engine()
        try:
            with decimal.localcontext(CONTEXT):
                result: Value = self._engine.eval(
                    expression.text, previously_parsed=expression._tree
                )
        except (
            ArithmeticError,
            TypeError,
            ValueError,
            RecursionError,
            simpleeval.InvalidExpression,
        ) as exc:
            raise self.failure(expression, node, exc) from None
        if isinstance(result, float):  # unreachable through the checker; kept as a guard
            result = Decimal(repr(result))
        return result

    def undefined(self, expression: Expression, exc: KeyError) -> simpleeval.InvalidExpression:
        """The error simpleeval raises for a name or a function it is not given.

        A generated expression looks both up by subscript; a :class:`KeyError` from
        anywhere else (a function of the table) is no such lookup, and goes on as it
        would from simpleeval.
        """
        key = exc.args[0] if len(exc.args) == 1 else None
        if isinstance(key, str):
            if key in expression.names and key not in self._values:
                return simpleeval.NameNotDefined(key, expression.text)
            if key in expression._calls and key not in self._callable:
                return simpleeval.FunctionNotDefined(key, expression.text)
        raise exc

    def failure(
        self, expression: Expression, node: str | None, exc: BaseException
    ) -> ExpressionError:
        """The :class:`ExpressionError` of ``expression`` failing with ``exc``."""
        shown = {n: self._values.get(n) for n in sorted(expression.names)}
        where = Location(
            file=self._where.file, line=self._where.line, node=node or self._where.node
        )
        return ExpressionError(
            Problem(
                where=where,
                what=msg(
                    "expression {text!r} failed with {values}: {reason}",
                    text=expression.text,
                    values=shown,
                    reason=_describe_failure(exc),
                ),
            )
        )


#: The default table's functions, by name.
_CALLABLE: Mapping[str, Callable[..., Value]] = {name: spec[0] for name, spec in FUNCTIONS.items()}


def _describe_failure(exc: BaseException) -> Message | str:
    if isinstance(exc, ZeroDivisionError | decimal.DivisionByZero | decimal.DivisionUndefined):
        return msg("division by zero (use div(a, b, default) where the divisor can be 0)")
    if isinstance(exc, decimal.Overflow):
        return msg("number too large")
    if isinstance(exc, TypeError):
        return msg("values of the wrong type ({detail})", detail=str(exc))
    return str(exc) or type(exc).__name__
