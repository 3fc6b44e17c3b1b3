"""A deliberately naive scorer of a loaded rule set, as someone would write it by hand.

It is the yardstick of ``bench.py``: it reads the same loaded :class:`Ruleset`, but
scores the way a first script would: every metric or formula is handed to
``simpleeval.simple_eval`` as text (so it is parsed again on every call, with a new
evaluator each time), the rules are plain ``if``/``elif`` Python, and parents sum their
children. It checks no data, keeps no trace and builds no result objects: it only
gives each node's points. The benchmark asserts that its field totals equal the
library's on the data it times, so the comparison is between two scorers that agree.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import simpleeval

from cchc_index.model import Criterion, NotApplicable, Ruleset

__all__ = ["naive_score"]

_ZERO = Decimal(0)


def _div(a: Any, b: Any, default: Any = 0) -> Decimal:
    return Decimal(default) if b == 0 else Decimal(a) / Decimal(b)


def _clamp(x: Any, low: Any, high: Any) -> Any:
    return min(max(x, low), high)


def _round(x: Any, places: Any = 0) -> Decimal:
    exponent = Decimal(1).scaleb(-int(places))
    return Decimal(x).quantize(exponent, rounding=decimal.ROUND_HALF_UP)


FUNCTIONS = {"div": _div, "min": min, "max": max, "abs": abs, "clamp": _clamp, "round": _round}


def _inputs(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The data's input values, unwrapping ``{ value = ..., estimate = true }``."""
    values: dict[str, Any] = {}
    for name, value in raw.get("inputs", {}).items():
        values[name] = value["value"] if isinstance(value, Mapping) else value
    return values


def _number(value: Any) -> Decimal:
    return Decimal(int(value)) if isinstance(value, bool) else Decimal(value)


def _value(rule: Any, inputs: Mapping[str, Any]) -> Any:
    """The rule's input, or its metric evaluated from its text."""
    source = rule.source
    if source.expression is not None:
        return simpleeval.simple_eval(source.expression.text, names=inputs, functions=FUNCTIONS)
    return inputs[source.input]


def _leaf(node: Criterion, inputs: Mapping[str, Any], manual: Mapping[str, Any]) -> Decimal | None:
    """A leaf's raw points, or ``None`` when its values are not given."""
    rule: Any = node.rule
    kind = rule.name
    if kind == "manual":
        given = manual.get(node.code, {}).get("points")
        return None if given is None else _number(given)
    if not all(name in inputs for name in rule.names):
        return None
    if kind == "check":
        met = _value(rule, inputs) is rule.expect
        return (node.max if rule.points is None else rule.points) if met else _ZERO
    if kind == "bands":
        value = _number(_value(rule, inputs))
        for band in rule.bands:
            if band.low is not None and (
                value < band.low or (value == band.low and not band.low_inclusive)
            ):
                continue
            if band.high is not None and (
                value > band.high or (value == band.high and not band.high_inclusive)
            ):
                continue
            return band.points
        return _ZERO
    if kind == "linear":
        value = _number(_value(rule, inputs))
        share = min(max((value - rule.zero) / (rule.full - rule.zero), _ZERO), Decimal(1))
        return share * (node.max if rule.points is None else rule.points)
    if kind == "per_item":
        cap = node.max if rule.cap is None else rule.cap
        return min(_number(_value(rule, inputs)) * rule.per_item, cap)
    if kind == "levels":
        return node.max * rule.shares[_value(rule, inputs)]
    if kind == "deduct":
        cap = node.max if rule.cap is None else rule.cap
        return node.max - min(max(_number(_value(rule, inputs)), _ZERO) * rule.per, cap)
    if kind == "formula":
        text = rule.formula.text
        return _number(simpleeval.simple_eval(text, names=inputs, functions=FUNCTIONS))
    return None  # relative: needs the group, left pending here


def naive_score(ruleset: Ruleset, data: Mapping[str, Any]) -> dict[str, Decimal]:
    """Every node's points for one unit's raw ``data`` (a single layer), by code."""
    inputs = _inputs(data)
    manual = data.get("criteria", {})
    places = Decimal(1).scaleb(-ruleset.rounding.places)
    points: dict[str, Decimal] = {}
    maxima: dict[str, Decimal] = {}
    # Leaves first, then parents from the deepest up: codes with more dots first.
    for node in ruleset.leaves():
        maxima[node.code] = node.max
        if manual.get(node.code, {}).get("not_applicable"):
            if node.not_applicable is NotApplicable.FULL:
                points[node.code] = node.max
            else:
                points[node.code], maxima[node.code] = _ZERO, _ZERO
            continue
        raw = _leaf(node, inputs, manual)
        if raw is None:  # not due yet, or missing: no points either way
            points[node.code] = _ZERO
            continue
        clamped = min(max(raw, _ZERO), node.max)
        points[node.code] = clamped.quantize(places, rounding=decimal.ROUND_HALF_UP)
    parents = [n for n in ruleset.criteria.values() if n.children]
    for node in sorted(parents, key=lambda n: -n.code.count(".")):
        total = sum((points[c] for c in node.children), _ZERO)
        kept = sum((maxima[c] for c in node.children), _ZERO)
        if kept and kept != node.max:  # children not assigned: rescale the rest
            total = (total * node.max / kept).quantize(places, rounding=decimal.ROUND_HALF_UP)
        points[node.code], maxima[node.code] = total, node.max if kept else _ZERO
    return points
