"""The plan's steps written out as one function (``scoring._driver``), and the quick
constructors results are made with (``language._makers``).

The driver runs in the compiled path only; with the reference interpreter in force the
scorer takes the steps one by one. Scoring a run of units through one rule set both
ways, records found again and made afresh, must give the same results node by node.
"""

from __future__ import annotations

import contextlib
import linecache
import random
from datetime import date
from decimal import Decimal
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index.language._makers import maker
from cchc_index.language.expressions import reference
from cchc_index.language.trace import Step, Trace, Used
from cchc_index.rulefiles.loader import loads_ruleset, parse_ruleset
from cchc_index.scoring import _driver
from cchc_index.scoring._plan import plan_for
from cchc_index.scoring.result import NodeResult
from cchc_index.scoring.status import Status
from cchc_index.testing import data_for, raw_rulesets
from helpers import fresh, ruleset_from
from helpers import outcome as scored

pytestmark = pytest.mark.property


@st.composite
def runs(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A rule set and a run of units for it, some of them the same unit again, and the
    first two again on the period's first and last days: the same leaves then wait,
    not yet due and then missing, so that the records found again must tell them apart."""
    raw = draw(raw_rulesets())
    ruleset = parse_ruleset(raw)
    units = draw(st.lists(data_for(ruleset), min_size=2, max_size=6))
    redated = [
        {**data, "as_of": date(data.get("period", ruleset.year), month, day)}
        for month, day in ((1, 1), (12, 31))
        for data in units[:2]
    ]
    return raw, [*units, *units[:2], *redated]


@given(runs())
def test_a_run_of_units_scores_the_same_both_ways(
    run: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    raw, units = run
    compiled_rules = fresh(parse_ruleset(raw))
    with written_at_once():
        compiled = [scored(compiled_rules, data) for data in units]
    with reference():
        interpreted_rules = fresh(parse_ruleset(raw))
        interpreted = [scored(interpreted_rules, data) for data in units]

    assert interpreted == compiled


HOSTILE = """
[ruleset]
id = "thu/2024/xa"
title = "x"
level = "xa"
year = 2024
max = 2

[inputs.files_done]
type = "bool"
label = "__import__('os').system('echo owned') #"

[criteria."1"]
name = "'); import os; ('"
max = 2

[criteria."1.1"]
name = "\\"\\"\\" exec('1') \\"\\"\\""
max = 1
rule = { kind = "check", input = "files_done" }

[criteria."1.2"]
name = "x"
max = 1
rule = { kind = "manual" }
"""


def test_the_driver_holds_none_of_the_rule_files_text() -> None:
    """Codes, names and input names reach the function as bound values, not as source."""
    ruleset = loads_ruleset(HOSTILE)
    data = {"inputs": {"files_done": True}, "criteria": {"1.2": {"points": 1}}}
    with written_at_once():
        result = cc.evaluate(ruleset, data)
    drive = plan_for(ruleset).driver
    assert drive is not None  # the compiled path ran it
    filename = drive.__code__.co_filename
    source = "".join(linecache.getlines(filename))

    assert result.points == Decimal(2)
    assert "files_done" not in source
    assert "import" not in source
    assert "exec" not in source
    assert "1.1" not in source


def test_the_reference_path_does_not_write_a_driver() -> None:
    ruleset = loads_ruleset(HOSTILE)
    with written_at_once(), reference():
        cc.evaluate(ruleset, {"inputs": {"files_done": True}})

    assert plan_for(ruleset).driver is None


def test_a_plans_first_units_take_the_steps_one_by_one() -> None:
    """The driver is written once the plan has scored WRITTEN_AFTER units, not before."""
    ruleset = loads_ruleset(HOSTILE)
    data = {"inputs": {"files_done": True}}
    with mock.patch.object(_driver, "WRITTEN_AFTER", 3):
        first = [cc.evaluate(ruleset, data) for _ in range(3)]
        assert plan_for(ruleset).driver is None
        later = cc.evaluate(ruleset, data)
        assert plan_for(ruleset).driver is not None

    assert {repr(r) for r in first} == {repr(later)}


def _check(max: int, name: str, **extra: Any) -> dict[str, Any]:
    return {"name": "x", "max": max, "rule": {"kind": "check", "input": name}, **extra}


#: Every way a parent goes in the driver: summed in place (``2``, ``3`` and the root),
#: capped by the decree's own figures (``1``: children worth 7 under a printed 6),
#: deferring to a rescale scope above (``2.1``), and rescaled when a leaf does not apply
#: (``2.1.1``, whenever ``n`` is 0); a leaf that does not apply keeping its points
#: (``3.1``), and deadlines on either side of the days scored.
SHAPES = ruleset_from(
    {
        "1": {"name": "x", "max": 6, "acknowledge": {"sum": "QĐ in 6 điểm"}},
        "1.1": _check(4, "a", due="31/03"),
        "1.2": _check(3, "b"),
        "2": {"name": "x", "max": 4, "rescale_scope": True},
        "2.1": {"name": "x", "max": 2},
        "2.1.1": _check(1, "c", not_applicable="rescale", not_applicable_when="n == 0"),
        "2.1.2": _check(1, "d", due="30/09"),
        "2.2": _check(2, "e"),
        "3": {"name": "x", "max": 2},
        "3.1": _check(1, "f", due="30/09", not_applicable="full", not_applicable_when="n == 0"),
        "3.2": _check(1, "g", due="30/09"),
    },
    inputs=dict.fromkeys("abcdefg", "bool") | {"n": "count"},
)


def test_every_shape_of_parent_scores_the_same_both_ways() -> None:
    """Units of every kind of answer (yes, no, an estimate, none) on three days, both ways."""
    draw = random.Random(766)
    answers = (True, False, {"value": True, "estimate": True}, None)
    days = [date(SHAPES.year, 1, 15), date(SHAPES.year, 6, 30), date(SHAPES.year, 12, 31)]
    units = []
    for _ in range(1500):
        given = {name: draw.choice(answers) for name in "abcdefg"}
        inputs = {name: value for name, value in given.items() if value is not None}
        units.append({"as_of": draw.choice(days), "inputs": {**inputs, "n": draw.randint(0, 1)}})
    compiled_rules = fresh(SHAPES)
    with written_at_once():
        compiled = [scored(compiled_rules, data) for data in units]
    with reference():
        interpreted_rules = fresh(SHAPES)
        interpreted = [scored(interpreted_rules, data) for data in units]

    assert plan_for(compiled_rules).driver is not None
    assert interpreted == compiled


def written_at_once() -> contextlib.AbstractContextManager[object]:
    """Within this block, a plan's driver is written for its first unit."""
    return mock.patch.object(_driver, "WRITTEN_AFTER", 0)


# -- quick constructors ------------------------------------------------------------------

_decimals = st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=0, max_value=99)
_text = st.text(max_size=8)
_steps = st.builds(Step, _text, st.none() | _decimals, st.none() | _text)
_used = st.builds(
    Used,
    _text,
    st.sampled_from(["count", "bool"]),
    st.integers(0, 9) | st.booleans(),
    st.booleans(),
)
_traces = st.builds(
    Trace, _text, st.lists(_used, max_size=2).map(tuple), st.lists(_steps, max_size=3).map(tuple)
)
_nodes = st.builds(
    NodeResult,
    code=_text,
    name=_text,
    max=_decimals,
    points=_decimals,
    pending=_decimals,
    lost=_decimals,
    status=st.sampled_from(Status),
    trace=_traces,
    estimated=st.booleans(),
    name_en=st.none() | _text,
    responsible=st.none() | _text,
    due=st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    assessor=st.sampled_from(["self", "province"]),
    children=st.lists(_text, max_size=3).map(tuple),
    defined_in=st.none(),
)


@given(st.one_of(_nodes, _traces, _steps, _used))
def test_a_quick_constructor_makes_what_the_class_makes(made: Any) -> None:
    cls = type(made)
    values = [getattr(made, field.name) for field in attrs.fields(cls)]

    again = maker(cls)(*values)

    assert type(again) is cls
    assert again == made
    assert repr(again) == repr(made)
    assert hash(again) == hash(made)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        again.__setattr__(attrs.fields(cls)[0].name, None)


@given(_nodes, st.integers(0, 3))
def test_a_quick_constructor_of_parts_makes_what_the_class_makes(
    made: NodeResult, longer: int
) -> None:
    """Values given as tuples of fields (each perhaps longer than its part) make the node
    the class makes."""
    head, figures, tail = (
        ("code", "name"),
        ("max", "points", "pending", "lost", "status", "estimated"),
        ("name_en", "responsible", "due", "assessor", "children", "defined_in"),
    )
    make = maker(NodeResult, head, figures, "trace", tail)

    def values(names: tuple[str, ...]) -> tuple[Any, ...]:
        return tuple(getattr(made, name) for name in names) + (None,) * longer

    again = make(values(head), values(figures), made.trace, values(tail))

    assert (again, repr(again), hash(again)) == (made, repr(made), hash(made))


def test_the_parts_of_a_quick_constructor_name_every_field_once() -> None:
    @attrs.frozen
    class Pair:
        a: int
        b: int

    assert maker(Pair, ("b", "a"))((2, 1)) == Pair(1, 2)
    assert maker(Pair, "b", "a")(2, 1) == Pair(1, 2)
    for parts in (("a",), ("a", "a"), (("a", "b"), "b"), ("a", "b", "c")):
        with pytest.raises(TypeError, match="every field once"):
            maker(Pair, *parts)


def test_a_class_that_checks_its_fields_gets_no_quick_constructor() -> None:
    @attrs.frozen
    class Checked:
        value: int = attrs.field(validator=attrs.validators.instance_of(int))

    @attrs.frozen
    class Converted:
        value: int = attrs.field(converter=int)

    @attrs.frozen
    class Finished:
        value: int

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen(slots=False)
    class Unslotted:
        value: int

    for cls in (Checked, Converted, Finished, Unslotted):
        with pytest.raises(TypeError):
            maker(cls)
