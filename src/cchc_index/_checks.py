"""A rule set's data checks compiled once: one closure per input, the manual leaves' maxima.

Reading a unit's data (:mod:`cchc_index.data`) checks each value against its input's
declaration. The usual values (a yes/no answer, a count, a level, a number as such,
within bounds) are checked by a closure made for that input when the rule set is
first read, which holds its type and bounds as plain values: a few comparisons, no
dispatch on the type. A closure gives :data:`SLOW` for anything else, which then
takes the reader's long way, the one that says what is wrong with a value: so the
closures only ever accept what the long way accepts, and give the same value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from .expressions import FUNCTIONS
from .kinds.manual import Manual
from .model import InputSpec, InputType, Ruleset
from .numbers import LARGEST, to_decimal

__all__ = ["CALLABLE", "SLOW", "Checks", "checks", "points_given"]

#: What a check gives for a value it leaves to the reader's long way.
SLOW: Any = object()
_LARGEST = int(LARGEST)
_NUMBERS = frozenset({Decimal, int})
#: A check: the value as the data keeps it, or :data:`SLOW`.
Check = Callable[[Any], Any]
#: The functions a generated constraint calls, by name.
CALLABLE: Mapping[str, Callable[..., Any]] = {name: spec[0] for name, spec in FUNCTIONS.items()}


class Checks:
    """What reading a unit's data needs of the rule set, worked out once."""

    __slots__ = ("constraints", "inputs", "manual_max")

    def __init__(self, ruleset: Ruleset) -> None:
        #: Each input's check, by name.
        self.inputs: dict[str, Check] = {
            name: _check(spec) for name, spec in ruleset.inputs.items()
        }
        #: Each constraint with the inputs it needs and its generated function.
        self.constraints = tuple(
            (c.expression.names, c.expression._code, c) for c in ruleset.constraints
        )
        #: The maximum of each leaf whose points the data gives (a manual rule), by code.
        self.manual_max: dict[str, Decimal] = {
            node.code: node.max
            for node in ruleset.criteria.values()
            if node.is_leaf and isinstance(node.rule, Manual)
        }


def checks(ruleset: Ruleset) -> Checks:
    """The rule set's compiled checks, made on first use and kept with it."""
    memo = ruleset._memo
    found: Checks | None = memo.get("checks")
    if found is None:
        found = memo["checks"] = Checks(ruleset)
    return found


def _bound(value: Decimal | None) -> Decimal | int | None:
    """A bound as it compares fastest with ints: whole ones as ints (the same comparisons)."""
    if value is not None and value == value.to_integral_value():
        return int(value)
    return value


def _check(spec: InputSpec) -> Check:
    """The check of the usual values of ``spec``: those the reader takes at once."""
    kind = spec.type
    low, high = spec.bounds()
    if kind is InputType.BOOL:
        return lambda value: value if type(value) is bool else SLOW
    if kind is InputType.DATE:
        return lambda value: value if type(value) is date else SLOW
    if kind is InputType.LEVEL:
        levels = frozenset(spec.levels)
        return lambda value: value if type(value) is str and value in levels else SLOW
    if kind is InputType.COUNT:
        # A count's lowest bound is at least 0, so -LARGEST < value holds with it.
        least, most = _bound(low), _bound(high)
        assert least is not None
        assert least >= 0
        if most is None:
            return lambda value: value if type(value) is int and least <= value < _LARGEST else SLOW
        return lambda value: (
            value if type(value) is int and least <= value <= most and value < _LARGEST else SLOW
        )
    return _number_check(low, high)


def _number_check(low: Decimal | None, high: Decimal | None) -> Check:
    """The check of a ratio, percent or plain number given as a number, within bounds."""

    def check(value: Any) -> Any:
        if type(value) not in _NUMBERS:
            return SLOW
        try:
            exact = to_decimal(value)
        except (TypeError, ValueError):
            return SLOW
        if (low is None or exact >= low) and (high is None or exact <= high):
            return exact
        return SLOW

    return check


def points_given(checked: Checks, code: str, entry: Mapping[str, Any]) -> Decimal | None:
    """The points of a manual leaf's usual entry (``points``, perhaps a ``note``), or ``None``.

    ``None`` leaves the entry to the reader's long way, which checks it key by key.
    """
    most = checked.manual_max.get(code)
    if most is None or type(entry) is not dict or "points" not in entry:
        return None
    if len(entry) != 1 and (len(entry) != 2 or "note" not in entry):
        return None
    value = entry["points"]
    if type(value) not in _NUMBERS:
        return None
    try:
        points = to_decimal(value)
    except (TypeError, ValueError):
        return None
    return points if 0 <= points <= most else None
