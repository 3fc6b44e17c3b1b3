"""The expression language's values, operators and function table, in exact Decimal.

Every operator and function here takes numbers only where it computes (a text times
a count would build a huge string), and computes in the trapped context
:data:`~cchc_index.numbers.CONTEXT`, named explicitly, so that no caller needs to
enter it. simpleeval (the reference interpreter) and the generated functions
(:mod:`cchc_index.language._codegen`) call the very same ones.
"""

from __future__ import annotations

import ast
import decimal
import operator
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from ..numbers import CONTEXT

__all__ = ["FUNCTIONS", "OPERATORS", "Value"]

#: A value an expression can see or produce.
Value = Decimal | int | bool | str | date


def _number(value: Value) -> Decimal:
    if type(value) is Decimal or type(value) is int:  # the usual values, asked first
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"{value!r} is not a number")
    return Decimal(value)


# Arithmetic names its context (the trapped CONTEXT) rather than reading the thread's:
# the same result as under ``localcontext(CONTEXT)``, without entering one per expression.
_context_add = CONTEXT.add
_context_subtract = CONTEXT.subtract
_context_multiply = CONTEXT.multiply
_context_divide = CONTEXT.divide


#: Sums and differences of two counts below this are exact in the context too, so they
#: are computed as integers (the same value, written the same way) and made Decimal once.
_EXACT_BELOW = 10**30


def _add(a: Value, b: Value) -> Decimal:
    if type(a) is int and type(b) is int and -_EXACT_BELOW < a + b < _EXACT_BELOW:
        return Decimal(a + b)  # two counts, the usual case of a constraint
    return _context_add(_number(a), _number(b))


def _subtract(a: Value, b: Value) -> Decimal:
    if type(a) is int and type(b) is int and -_EXACT_BELOW < a - b < _EXACT_BELOW:
        return Decimal(a - b)
    return _context_subtract(_number(a), _number(b))


def _multiply(a: Value, b: Value) -> Decimal:
    # Numbers only: text times a count would build a huge string.
    return _context_multiply(_number(a), _number(b))


def _negate(a: Value) -> Decimal:
    return CONTEXT.minus(_number(a))


def _plus(a: Value) -> Decimal:
    return CONTEXT.plus(_number(a))


def _divide(a: Value, b: Value) -> Decimal:
    # Counts are ints; int / int would give a float, so both sides go to Decimal.
    return _context_divide(_number(a), _number(b))


def _safe_div(a: Value, b: Value, default: Value = Decimal(0)) -> Decimal:
    """``a / b``, or ``default`` when ``b`` is zero (no files resolved, no rate)."""
    divisor = _number(b)
    return _number(default) if divisor == 0 else _context_divide(_number(a), divisor)


def _clamp(x: Value, low: Value, high: Value) -> Decimal:
    """``x`` limited to ``[low, high]``."""
    return min(max(_number(x), _number(low)), _number(high))


def _round(x: Value, places: Value = 0) -> Decimal:
    """Half-up rounding, as Excel's ROUND."""
    digits = _number(places)
    if digits != digits.to_integral_value(context=CONTEXT) or not 0 <= digits <= 10:
        raise ValueError("round() takes 0 to 10 places")
    exponent = Decimal(1).scaleb(-int(digits), context=CONTEXT)
    return _number(x).quantize(exponent, rounding=decimal.ROUND_HALF_UP, context=CONTEXT)


def _min(*args: Value) -> Value:
    return min(args)


def _max(*args: Value) -> Value:
    return max(args)


def _abs(x: Value) -> Decimal:
    return CONTEXT.abs(_number(x))


#: The whole function table: name → (function, fewest arguments, most arguments).
FUNCTIONS: dict[str, tuple[Callable[..., Value], int, int]] = {
    "min": (_min, 1, 50),
    "max": (_max, 1, 50),
    "abs": (_abs, 1, 1),
    "div": (_safe_div, 2, 3),
    "clamp": (_clamp, 3, 3),
    "round": (_round, 1, 2),
}

_OPERATORS: dict[type[ast.AST], Callable[..., Any]] = {
    ast.Add: _add,
    ast.Sub: _subtract,
    ast.Mult: _multiply,
    ast.Div: _divide,
    ast.USub: _negate,
    ast.UAdd: _plus,
    ast.Not: operator.not_,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}

OPERATORS = _OPERATORS
