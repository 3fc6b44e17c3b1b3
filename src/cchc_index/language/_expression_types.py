"""Kinds of value through an expression, checked once at load: numbers, yes/no, text, dates.

Each declared input has a kind (a count is a number, a ``level`` is text); the kinds
flow through the operators and functions of the checked tree, so a rule file that
multiplies text (``'a' * 9``), compares text with a number, or gives yes/no where a
number is needed is refused where it is written, not while a unit is scored. A name
whose kind is not known (a grade's totals) takes part as anything.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum

from ..i18n import N_, Message, msg
from .model import InputSpec, InputType

__all__ = ["Kind", "kind_of"]


class Kind(Enum):
    """What an expression's part gives."""

    NUMBER = N_("a number")
    BOOL = N_("yes/no")
    TEXT = N_("text")
    DATE = N_("a date")
    ANY = "anything"


_INPUT_KINDS = {
    InputType.COUNT: Kind.NUMBER,
    InputType.NUMBER: Kind.NUMBER,
    InputType.RATIO: Kind.NUMBER,
    InputType.PERCENT: Kind.NUMBER,
    InputType.BOOL: Kind.BOOL,
    InputType.LEVEL: Kind.TEXT,
    InputType.DATE: Kind.DATE,
}
#: The functions of rules and grades whose arguments and value are all numbers.
_NUMERIC = frozenset({"min", "max", "abs", "div", "clamp", "round"})


def kind_of(node: ast.expr, names: object, refuse: Callable[[Message], Exception]) -> Kind:
    """The kind ``node`` gives, over inputs ``names`` (a mapping of specs, or just names).

    ``refuse`` makes the error raised for a part whose kinds do not go together.
    """
    kinds: Mapping[str, Kind] = {}
    if isinstance(names, Mapping):
        kinds = {
            name: _INPUT_KINDS[spec.type]
            for name, spec in names.items()
            if isinstance(spec, InputSpec)
        }
    return _Walk(kinds, refuse).kind(node)


class _Walk:
    def __init__(self, kinds: Mapping[str, Kind], refuse: Callable[[Message], Exception]) -> None:
        self.kinds = kinds
        self.refuse = refuse

    def kind(self, node: ast.expr) -> Kind:
        if isinstance(node, ast.Constant):
            return _constant(node.value)
        if isinstance(node, ast.Name):
            return self.kinds.get(node.id, Kind.ANY)
        if isinstance(node, ast.BinOp):
            self.number(node.left, node)
            self.number(node.right, node)
            return Kind.NUMBER
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                self.kind(node.operand)
                return Kind.BOOL
            self.number(node.operand, node)
            return Kind.NUMBER
        if isinstance(node, ast.BoolOp):
            parts = {self.kind(value) for value in node.values}
            return Kind.BOOL if parts == {Kind.BOOL} else Kind.ANY
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            self.kind(node.test)
            return self.same(node.body, node.orelse, node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            for argument in node.args:
                if node.func.id in _NUMERIC:
                    self.number(argument, node)
                else:
                    self.kind(argument)
            return Kind.NUMBER if node.func.id in _NUMERIC else Kind.ANY
        return Kind.ANY  # the whitelist has refused everything else already

    def number(self, part: ast.expr, whole: ast.expr) -> None:
        found = self.kind(part)
        if found not in (Kind.NUMBER, Kind.ANY):
            raise self.refuse(
                msg(
                    "{part} is {kind} where {whole} needs a number",
                    part=ast.unparse(part),
                    kind=msg(found.value),
                    whole=ast.unparse(whole),
                )
            )

    def compare(self, node: ast.Compare) -> Kind:
        left = node.left
        for right in node.comparators:
            self.same(left, right, node)
            left = right
        return Kind.BOOL

    def same(self, one: ast.expr, other: ast.expr, whole: ast.expr) -> Kind:
        """The kind both parts give; refused when they give different kinds."""
        first, second = self.kind(one), self.kind(other)
        if Kind.ANY in (first, second):
            return second if first is Kind.ANY else first
        if first is not second:
            raise self.refuse(
                msg(
                    "{whole} puts {first} ({one}) with {second} ({other})",
                    whole=ast.unparse(whole),
                    first=msg(first.value),
                    one=ast.unparse(one),
                    second=msg(second.value),
                    other=ast.unparse(other),
                )
            )
        return first


def _constant(value: object) -> Kind:
    if isinstance(value, bool):
        return Kind.BOOL
    if isinstance(value, int | float | Decimal):
        return Kind.NUMBER
    if isinstance(value, str):
        return Kind.TEXT
    if isinstance(value, date):
        return Kind.DATE
    return Kind.ANY
