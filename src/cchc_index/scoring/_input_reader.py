"""A rule set's input checks written out as one Python function, input after input.

The one pass (:func:`~cchc_index.scoring._data_checks.read_quickly`) takes a unit's usual
values at once: a yes/no answer, a count or a level of its type and within its bounds,
a number as such. Looking up each value's check and calling it costs as much as the
checks themselves, so :func:`reader` writes, once per rule set, a function that looks
up each declared input in the unit's table and checks its value in place: a comparison
of types, the bounds as numbers. Numbers, whose check asks how finely they are written,
call their input's check (made in :mod:`cchc_index.scoring._data_checks`).

It accepts exactly what the checks accept, and gives the same values, in the order the
rule set declares its inputs: the reader's long way gives that order too. Anything else
(a value of another form, a name the rule set does not declare) gives ``None``, and the
reader's long way then says what is wrong.

As for the other generated code (:mod:`cchc_index.language._codegen`,
:mod:`cchc_index.scoring._driver`), the source is made of this module's fragments only:
every input name, level and bound reaches the function as a global bound to the value
(``_n3``, ``_l3``, ``_hi3``), never spliced into the source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..language._codegen import compile_source
from ..language.model import InputSpec, InputType
from ..numbers import LARGEST

__all__ = ["InputReader", "reader", "whole"]

#: Reads a unit's ``inputs`` table: the values by name, in declared order, or ``None``.
#: The names of the values given as estimates are appended to the list given.
InputReader = Callable[[Mapping[str, Any], list[str]], dict[str, Any] | None]

#: What the table does not give, and what a wrapper that is not one gives: no check
#: accepts it.
_ABSENT: Any = object()
_WRAPPER_KEYS = frozenset({"value", "estimate"})
_LARGEST = int(LARGEST)

_PROLOGUE = """\
def _read(_table, _marked):
    _get = _table.get
    _values = {}
    _left = _len(_table)
"""

#: Every input: looked up, and, when given, unwrapped ({ value = …, estimate = … }).
_LOOKUP = """\
    _x = _get(_n{i}, _absent)
    if _x is not _absent:
        _left -= 1
        if _type(_x) is _dict:
            _x = _unwrap(_x, _n{i}, _marked)
"""
_STORE = """\
        _values[_n{i}] = _x
"""
#: The check of each type, in place.
_CHECKS = {
    InputType.BOOL: "        if _type(_x) is not _bool:\n            return None\n",
    InputType.DATE: "        if _type(_x) is not _date:\n            return None\n",
    InputType.LEVEL: (
        "        if _type(_x) is not _str or _x not in _l{i}:\n            return None\n"
    ),
    InputType.COUNT: (
        "        if _type(_x) is not _int or not _lo{i} <= _x <= _hi{i}:\n            return None\n"
    ),
}
#: A number's check, called.
_NUMBER = """\
        _x = _c{i}(_x)
        if _x is _slow:
            return None
"""
_EPILOGUE = """\
    return None if _left else _values
"""


def _unwrap(given: dict[Any, Any], name: str, marked: list[str]) -> Any:
    """The value of ``{ value = …, estimate = … }``, its name marked if it is an estimate."""
    mark = given.get("estimate", False)
    if not given.keys() <= _WRAPPER_KEYS or "value" not in given or type(mark) is not bool:
        return _ABSENT
    if mark:
        marked.append(name)
    return given["value"]


def whole(value: Decimal | None) -> Decimal | int | None:
    """A bound as it compares fastest with ints: whole ones as ints (the same comparisons)."""
    if value is not None and value == value.to_integral_value():
        return int(value)
    return value


def reader(
    specs: Mapping[str, InputSpec], number_check: Callable[[str], Callable[[Any], Any]], slow: Any
) -> InputReader:
    """The function reading a unit's ``inputs`` table for the inputs ``specs`` declares.

    ``number_check`` gives the check of a number input by name, which gives ``slow``
    for a value it leaves to the reader's long way.
    """
    bound: dict[str, Any] = {
        "__builtins__": {},
        "_absent": _ABSENT,
        "_slow": slow,
        "_unwrap": _unwrap,
        "_type": type,
        "_dict": dict,
        "_bool": bool,
        "_date": date,
        "_str": str,
        "_int": int,
        "_len": len,
    }
    parts = [_PROLOGUE]
    for i, (name, spec) in enumerate(specs.items()):
        bound[f"_n{i}"] = name
        parts.append(_LOOKUP.format(i=i))
        kind = spec.type
        if kind is InputType.LEVEL:
            bound[f"_l{i}"] = frozenset(spec.levels)
        elif kind is InputType.COUNT:
            low, high = spec.bounds()
            # A count is below LARGEST, as every number is; its least bound is at least 0.
            most = whole(high)
            bound[f"_lo{i}"] = whole(low)
            bound[f"_hi{i}"] = _LARGEST - 1 if most is None or most >= _LARGEST else most
        elif kind not in _CHECKS:
            bound[f"_c{i}"] = number_check(name)
        parts.append(_CHECKS[kind].format(i=i) if kind in _CHECKS else _NUMBER.format(i=i))
        parts.append(_STORE.format(i=i))
    parts.append(_EPILOGUE)
    exec(compile_source("".join(parts), "input reader"), bound)  # our fragments only
    read: InputReader = bound["_read"]
    return read
