"""Valid values of a rule set's inputs and manual points, and the ways people write them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import hypothesis.strategies as st

from ..errors import ExpressionError
from ..language.expressions import Namespace
from ..language.model import InputSpec, InputType, Ruleset
from ..language.trace import InputValue
from ..numbers import LARGEST, format_plain
from ._drawing import _cents, _day_in, _decimal_between, _toml_number

_LE_CONSTRAINT = re.compile(r"\s*(\w+)\s*<=\s*(\w+)\s*")


def _value(spec: InputSpec, year: int) -> st.SearchStrategy[InputValue]:
    """A valid value of a declared input, already of the type the reader converts to."""
    kind = spec.type
    if kind is InputType.BOOL:
        return st.booleans()
    if kind is InputType.DATE:
        return _day_in(year)
    if kind is InputType.LEVEL:
        return st.sampled_from(spec.levels)
    low, high = spec.bounds()
    if kind is InputType.COUNT:
        lo = 0 if low is None else int(low.to_integral_value(rounding="ROUND_CEILING"))
        hi = 10**6 if high is None else int(high.to_integral_value(rounding="ROUND_FLOOR"))
        return st.one_of(st.integers(lo, min(hi, lo + 100)), st.integers(lo, hi))
    if kind is InputType.NUMBER:
        near = _decimal_between(
            Decimal(-(10**6)) if low is None else low,
            Decimal(10**6) if high is None else high,
            places=4,
        )
        if low is None and high is None:  # people's numbers stay below LARGEST (10^15)
            huge = LARGEST - Decimal("0.01")
            return st.one_of(near, _decimal_between(-huge, huge))
        return near
    # Ratios and percents have natural bounds.
    assert low is not None
    assert high is not None
    return _decimal_between(low, high, places=4)


def _localized(value: Decimal, locale: str, *, group: bool) -> str:
    """``value`` written the way ``locale`` writes numbers (``-1.234,5`` in ``vi``)."""
    sep, point = (".", ",") if locale == "vi" else (",", ".")
    text = format_plain(value)
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    if group:
        head = len(whole) % 3 or 3
        whole = sep.join([whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))])
    return sign + whole + (point + fraction if fraction else "")


def _written(spec: InputSpec, value: InputValue, locale: str) -> st.SearchStrategy[Any]:
    """The ways a person can write ``value`` in a data file."""
    ways: list[Any] = [value]
    if isinstance(value, bool):
        yes, no = ("có", "không") if locale == "vi" else ("yes", "no")
        ways.append(yes if value else no)
    elif isinstance(value, date):
        ways += [value.isoformat(), value.strftime("%d/%m/%Y")]
    elif isinstance(value, int | Decimal) and not isinstance(value, bool):
        number = Decimal(value)
        ways += [
            number,
            _localized(number, locale, group=False),
            _localized(number, locale, group=True),
        ]
        if spec.type is InputType.RATIO:
            ways.append(_localized(number * 100, locale, group=False) + "%")
        if spec.type is InputType.PERCENT:
            ways.append(_localized(number, locale, group=True) + " %")
    return st.integers(0, len(ways) - 1).map(ways.__getitem__)


def _respect_constraints(ruleset: Ruleset, values: dict[str, InputValue]) -> None:
    """Bring ``a <= b`` constraints into line, and drop an input of any other broken one."""
    for constraint in ruleset.constraints:
        found = _LE_CONSTRAINT.fullmatch(constraint.expression.text)
        if found:
            a, b = found.groups()
            va, vb = values.get(a), values.get(b)
            if not (isinstance(va, int | Decimal) and isinstance(vb, int | Decimal)) or va <= vb:
                continue
            spec = ruleset.inputs[a]
            low = spec.bounds()[0]
            if (low is None or vb >= low) and (spec.type is not InputType.COUNT or vb == int(vb)):
                values[a] = int(vb) if spec.type is InputType.COUNT else Decimal(vb)
    changed = True
    while changed:
        changed = False
        for constraint in ruleset.constraints:
            names = constraint.expression.names
            if not names <= values.keys():
                continue
            try:
                holds = constraint.expression.evaluate(Namespace(values))
            except ExpressionError:
                holds = False
            if holds is not True:
                del values[sorted(names)[0]]  # the constraint is then not checked
                changed = True


def _manual_points(maximum: Decimal, locale: str) -> st.SearchStrategy[Any]:
    top = int((maximum * 100).to_integral_value(rounding="ROUND_FLOOR"))
    points = st.one_of(st.integers(0, top).map(_cents), st.just(maximum))
    return points.flatmap(
        lambda p: st.sampled_from((p, _toml_number(p), _localized(p, locale, group=False)))
    )


def _is_manual(ruleset: Ruleset, code: str) -> bool:
    rule = ruleset.criteria[code].rule
    return rule is not None and type(rule).name == "manual"
