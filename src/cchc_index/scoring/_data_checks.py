"""A rule set's data checks compiled once: one closure per input, the manual leaves' maxima.

Reading a unit's data (:mod:`cchc_index.scoring.data`) checks each value against its input's
declaration. The usual values (a yes/no answer, a count, a level, a number as such,
within bounds) are checked by a closure made for that input when the rule set is
first read, which holds its type and bounds as plain values: a few comparisons, no
dispatch on the type. A closure gives :data:`SLOW` for anything else, which then
takes the reader's long way, the one that says what is wrong with a value: so the
closures only ever accept what the long way accepts, and give the same value.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..kinds.manual import Manual
from ..language._makers import maker
from ..language.expressions import FUNCTIONS, generate_constraints, reference_in_force
from ..language.model import InputSpec, InputType, Ruleset
from ..numbers import FINEST, LARGEST, to_decimal, to_finest
from ..rulefiles._text_keys import plain_text_keys
from ._input_reader import reader, whole
from ._unit_data import TOP_KEYS, Statements, UnitData

__all__ = ["CALLABLE", "SLOW", "Checks", "checks", "points_given", "read_quickly"]

#: What a check gives for a value it leaves to the reader's long way.
SLOW: Any = object()
_LARGEST = int(LARGEST)
#: Compared with a Decimal, a Decimal zero is quicker than an int one.
_ZERO = Decimal(0)
_NUMBERS = frozenset({Decimal, int})
#: A check: the value as the data keeps it, or :data:`SLOW`.
Check = Callable[[Any], Any]
#: The functions a generated constraint calls, by name.
CALLABLE: Mapping[str, Callable[..., Any]] = {name: spec[0] for name, spec in FUNCTIONS.items()}


class Checks:
    """What reading a unit's data needs of the rule set, worked out once."""

    __slots__ = (
        "first_layer",
        "holds",
        "ids",
        "inputs",
        "manual_bounds",
        "manual_max",
        "read_inputs",
        "reported",
    )

    def __init__(self, ruleset: Ruleset) -> None:
        #: Each input's check, by name.
        self.inputs: dict[str, Check] = {
            name: _check(spec) for name, spec in ruleset.inputs.items()
        }
        #: Every input's usual value read at once, in one generated function.
        self.read_inputs = reader(ruleset.inputs, self.inputs.__getitem__, SLOW)
        #: The layer flat data is, and the rule sets data written for may name.
        self.first_layer = ruleset.layers[0]
        self.ids = frozenset((ruleset.id, *ruleset.lineage))
        #: Whether every constraint whose inputs are given holds, in one generated function.
        self.holds = (
            generate_constraints(
                [c.expression for c in ruleset.constraints],
                counts=[n for n, spec in ruleset.inputs.items() if spec.type is InputType.COUNT],
            )
            if ruleset.constraints
            else None
        )
        #: The maximum of each leaf whose points the data gives (a manual rule), by code.
        self.manual_max: dict[str, Decimal] = {
            node.code: node.max
            for node in ruleset.criteria.values()
            if node.is_leaf and isinstance(node.rule, Manual)
        }
        #: The same maxima as the one pass compares them, for those below LARGEST: the
        #: maximum, and the largest whole number within it (ints compare fastest with ints).
        self.manual_bounds: dict[str, tuple[Decimal, int]] = {
            code: (most, int(most)) for code, most in self.manual_max.items() if most < LARGEST
        }
        #: The keys the reported figures usually have: the codes, and the total.
        self.reported = frozenset((*ruleset.criteria, "total"))


def checks(ruleset: Ruleset) -> Checks:
    """The rule set's compiled checks, made on first use and kept with it."""
    memo = ruleset._memo
    found: Checks | None = memo.get("checks")
    if found is None:
        found = memo["checks"] = Checks(ruleset)
    return found


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
        least, most = whole(low), whole(high)
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
        kind = type(value)
        if kind is Decimal and value.is_finite() and -LARGEST < value < LARGEST:
            # What to_decimal asks of a Decimal, at once: a zero however written is 0.
            if not value:
                exact = Decimal(0)
            else:
                try:
                    to_finest(value, FINEST)
                except decimal.Rounded:
                    return SLOW
                exact = value
        elif kind is int:
            try:
                exact = to_decimal(value)
            except (TypeError, ValueError):
                return SLOW
        else:
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
    # A note that is not text may hold tables: the reader's long way searches them.
    if len(entry) != 1 and (len(entry) != 2 or type(entry.get("note")) is not str):
        return None
    value = entry["points"]
    if type(value) not in _NUMBERS:
        return None
    try:
        points = to_decimal(value)
    except (TypeError, ValueError):
        return None
    return points if 0 <= points <= most else None


#: The top-level keys of the usual flat unit: the reader checks nothing else of the rest.
_FLAT_KEYS = frozenset(TOP_KEYS) - {"layers"}
#: The Decimal of each whole number of points below _FEW, made once: the points a manual
#: leaf is usually given.
_FEW = 100
_WHOLE = tuple(Decimal(n) for n in range(_FEW))
#: The types of the figures a unit reports, as they usually are: nothing to search.
_REPORTED_TYPES = frozenset({int, Decimal, str})
_statements = maker(Statements)
_unit_data = maker(UnitData)


def read_quickly(ruleset: Ruleset, raw: Mapping[str, Any], file: str | None) -> UnitData | None:
    """The usual flat unit, checked in one pass; ``None`` for anything else.

    A unit of one layer whose values are all of their usual forms (see :func:`_check`),
    whose criteria entries are manual points, whose constraints hold and whose
    top-level values are plain gets the very :class:`UnitData` the reader would make.
    Everything else, and every unit with a problem, is left to the reader, which says
    what is wrong.

    Every key of what it accepts is text: each is found among the names and codes the
    rule set knows, which no ``5``, ``None`` or tuple equals, or (the reported figures)
    searched. So accepted data needs no search for keys that are not text
    (:func:`~cchc_index.rulefiles._text_keys.refuse_odd_keys`). The tables only reports read
    (:data:`~cchc_index.scoring._unit_data.REPORT_KEYS`) are searched by the reports.
    """
    if type(raw) is not dict or not raw.keys() <= _FLAT_KEYS:
        return None
    checked = checks(ruleset)
    get = raw.get
    unit, as_of, period = get("unit"), get("as_of"), get("period")
    declared, reported = get("ruleset"), get("reported")
    if (
        (
            reported is not None
            and (type(reported) is not dict or not _plain_figures(reported, checked))
        )
        or get("locale", "vi") not in ("vi", "en")
        or (declared is not None and (type(declared) is not str or declared not in checked.ids))
        or (unit is not None and type(unit) is not str)
        or (as_of is not None and type(as_of) is not date)
        or (period is not None and (type(period) is not int or not 1990 <= period <= 2200))
    ):
        return None
    table = get("inputs", {})
    entries = get("criteria", {})
    if type(table) is not dict or type(entries) is not dict:
        return None
    marked: list[str] = []
    values = checked.read_inputs(table, marked)
    if values is None:
        return None
    if reference_in_force():
        return None  # the reader runs the constraints through simpleeval
    if checked.holds is not None:
        try:
            if not checked.holds(values, CALLABLE):
                return None
        except Exception:  # the reader says what failed
            return None
    points: dict[str, Decimal] = {}
    bounds = checked.manual_bounds
    for code_, entry in entries.items():
        # A manual leaf's points, perhaps with a note, as points_given takes them: a
        # whole number, or a Decimal (from TOML) of no more places than a number may have.
        within = bounds.get(code_)
        if within is not None and type(entry) is dict:
            size = len(entry)
            if size == 1 or (size == 2 and type(entry.get("note")) is str):
                stated: Any = entry.get("points")
                kind = type(stated)
                if kind is int:
                    if 0 <= stated <= within[1]:
                        points[code_] = _WHOLE[stated] if stated < _FEW else Decimal(stated)
                        continue
                elif kind is Decimal and stated.is_finite() and _ZERO < stated <= within[0]:
                    try:
                        to_finest(stated, FINEST)  # no more places than a number may have
                    except decimal.Rounded:
                        pass  # the reader's long way says so
                    else:
                        points[code_] = stated  # to_decimal gives the very value
                        continue
        found = points_given(checked, code_, entry)
        if found is None:
            return None
        points[code_] = found
    # Made with their quick constructors (see cchc_index.language._makers), in field order.
    layer = _statements(checked.first_layer, values, frozenset(marked), points, {}, {})
    return _unit_data((layer,), unit, as_of, period, reported, file)


def _plain_figures(reported: dict[Any, Any], checked: Checks) -> bool:
    """Whether every key of the reported figures is text, nested tables' keys too.

    The usual figures (a number or a text by code, or for the total) are seen to be so
    by two searches the set and the dict make themselves; anything else is searched.
    """
    if reported.keys() <= checked.reported and _REPORTED_TYPES.issuperset(
        map(type, reported.values())
    ):
        return True
    return plain_text_keys(reported)
