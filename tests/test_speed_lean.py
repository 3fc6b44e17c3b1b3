"""The lean scoring path gives exactly the results the plain one gives.

Scoring records each node's figures and trace as plain values while it scores, and
makes a :class:`NodeResult` (with its :class:`Trace`) only when the node is read. It
reuses a node's record for another unit that gives the node the very same values,
rounds each value once, and lends simpleeval's namespaces from one unit to the next
(see docs/performance.md). None of that may show: these tests hold results scored
*warm* (after other units, with every shortcut taken) against results scored *cold*
(by a fresh copy of the rule set, which has kept nothing), down to how each number is
written (``repr``), and check that a result reads, copies and pickles like one whose
nodes were all made at once.

The number of examples comes from the Hypothesis profile loaded in ``conftest.py``.
"""

from __future__ import annotations

import contextlib
import copy
import pickle
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

import pytest
from attrs import evolve, frozen
from hypothesis import given
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index import Result, Ruleset
from cchc_index.kinds import Score, ScoringContext
from cchc_index.kinds.check import Check
from cchc_index.kinds.linear import Linear
from cchc_index.language.expressions import Namespace
from cchc_index.language.trace import Trace
from cchc_index.rulefiles.loader import parse_ruleset
from cchc_index.scoring._plan import _TRIAL, Memo
from cchc_index.scoring._records import TraceRecord
from cchc_index.scoring.data import read_unit
from cchc_index.scoring.result import NodeResult
from cchc_index.testing import data_for, raw_rulesets
from helpers import exactly, fresh, outcome, ruleset_from

pytestmark = pytest.mark.property

D = Decimal


def _tables(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``inputs`` tables of ``data``: the top-level one and each layer's."""
    layers = data.get("layers", {})
    found = [data.get("inputs"), *(layer.get("inputs") for layer in layers.values())]
    return [table for table in found if isinstance(table, dict)]


def rewritten(data: dict[str, Any], *, zeros: bool, estimate: bool) -> dict[str, Any]:
    """``data`` with its numbers written with a trailing zero, or every input an estimate.

    The same values, written differently or marked differently: a record reused for
    them would show the wrong text or the wrong marks.
    """
    changed = copy.deepcopy(data)
    for table in _tables(changed):
        for name, entry in table.items():
            value = entry["value"] if isinstance(entry, dict) else entry
            if zeros and type(value) is Decimal:
                value = _one_more_zero(value)
            if estimate:
                table[name] = {"value": value, "estimate": True}
            elif isinstance(entry, dict):
                entry["value"] = value
            else:
                table[name] = value
    return changed


def _one_more_zero(value: Decimal) -> Decimal:
    """The same number written with one more trailing zero: ``0.5`` as ``0.50``."""
    text = format(value, "f")
    return Decimal(f"{text}0" if "." in text else f"{text}.0")


@st.composite
def batches(draw: st.DrawFn) -> tuple[Ruleset, list[dict[str, Any]]]:
    """A rule set and units for it: drawn ones, repeated, and rewritten (see ``rewritten``)."""
    ruleset = parse_ruleset(draw(raw_rulesets()))
    drawn = draw(st.lists(data_for(ruleset), min_size=1, max_size=3))
    units = [*drawn, *drawn]
    for data in drawn:
        units.append(rewritten(data, zeros=True, estimate=False))
        units.append(rewritten(data, zeros=False, estimate=True))
        units.append(rewritten(data, zeros=True, estimate=True))
    units.extend(draw(st.lists(data_for(ruleset, invalid=True), max_size=1)))
    return ruleset, draw(st.permutations(units))


@given(batches())
def test_a_warm_plan_shows_exactly_what_a_fresh_one_shows(
    drawn: tuple[Ruleset, list[dict[str, Any]]],
) -> None:
    """Records reused between units, values rounded once, namespaces lent from unit to
    unit: each unit's result is, to the last digit written, the result it gets alone.
    """
    ruleset, units = drawn
    warm = [outcome(ruleset, data) for data in units]
    assert [outcome(ruleset, data) for data in units] == warm
    assert [outcome(fresh(ruleset), data) for data in units] == warm


@given(batches())
def test_a_batch_shows_exactly_what_a_fresh_plan_shows(
    drawn: tuple[Ruleset, list[dict[str, Any]]],
) -> None:
    """evaluate_many's results (and refusals), warm, are those of a fresh rule set."""
    ruleset, units = drawn

    def batch(rules: Ruleset) -> list[tuple[Any, ...]]:
        return [
            (item.index, item.unit)
            + (
                ("scored", exactly(item.result))
                if item.result is not None
                else ("refused", [repr(p) for p in item.error.problems] if item.error else None)
            )
            for item in cc.evaluate_many(rules, units)
        ]

    warm = batch(ruleset)
    assert batch(ruleset) == warm
    assert batch(fresh(ruleset)) == warm


@st.composite
def scored(draw: st.DrawFn) -> tuple[Ruleset, dict[str, Any], list[str]]:
    """A rule set, valid data for it, and its codes in a drawn order."""
    ruleset = parse_ruleset(draw(raw_rulesets()))
    return ruleset, draw(data_for(ruleset)), draw(st.permutations(list(ruleset.criteria)))


@given(scored())
def test_nodes_are_the_same_whatever_order_they_are_read_in(
    drawn: tuple[Ruleset, dict[str, Any], list[str]],
) -> None:
    """A node is made when first read, once: reading in any order gives the same nodes,
    and reading one again gives the very same object."""
    ruleset, data, codes = drawn
    first = cc.evaluate(ruleset, data)
    shuffled = {code: first[code] for code in codes}
    assert all(first[code] is node for code, node in shuffled.items())
    walked = cc.evaluate(ruleset, data)
    assert [repr(shuffled[code]) for code in walked.nodes] == [repr(node) for node in walked.walk()]
    assert list(first.nodes) == list(ruleset.criteria) == [n.code for n in walked.walk()]


@given(scored())
def test_a_result_reads_copies_and_pickles_like_one_made_at_once(
    drawn: tuple[Ruleset, dict[str, Any], list[str]],
) -> None:
    """The nodes' mapping compares, copies and pickles as the plain dict of its nodes."""
    ruleset, data, _ = drawn
    result = cc.evaluate(ruleset, data)
    nodes = dict(result.nodes)
    assert result.nodes == nodes
    assert nodes == result.nodes
    assert repr(result.nodes) == repr(nodes)
    assert len(result.nodes) == len(nodes)
    for back in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
        assert back == result
        assert type(back.nodes) is dict
        assert exactly(back) == exactly(result)
    assert Result.from_dict(result.to_dict()) == result
    assert copy.copy(result) == result


def _unread(node: NodeResult) -> bool:
    """Whether ``node`` still holds its trace as scoring recorded it (not laid out yet)."""
    return isinstance(NodeResult.__dict__["trace"].slot.__get__(node), TraceRecord)


@given(batches())
def test_a_trace_read_late_shows_its_own_units_values(
    drawn: tuple[Ruleset, list[dict[str, Any]]],
) -> None:
    """Every unit scored and walked first, every trace read last (records reused between
    units meanwhile): each trace is the one its unit shows scored alone."""
    ruleset, units = drawn
    results = []
    for data in units:
        with contextlib.suppress(cc.CchcIndexError):
            result = cc.evaluate(ruleset, data)
            results.append((data, result, list(result.walk())))
    assert all(_unread(node) for _, _, nodes in results for node in nodes)
    for data, result, _ in results:
        assert exactly(result) == exactly(cc.evaluate(fresh(ruleset), data))


@given(scored())
def test_a_node_compares_copies_and_pickles_before_its_trace_is_read(
    drawn: tuple[Ruleset, dict[str, Any], list[str]],
) -> None:
    """Equality, hashing, repr, evolve, copies and pickles read the trace laid out: a node
    whose trace was never read is the node whose trace was."""
    ruleset, data, _ = drawn
    for node in cc.evaluate(fresh(ruleset), data).walk():
        again = cc.evaluate(fresh(ruleset), data)[node.code]
        assert _unread(node)
        assert _unread(again)
        back = NodeResult.from_dict(node.to_dict())
        assert not _unread(node)  # to_dict read it
        assert (node, hash(node), repr(node)) == (again, hash(again), repr(again))
        assert (back, hash(back)) == (node, hash(node))
        for copied in (
            pickle.loads(pickle.dumps(cc.evaluate(fresh(ruleset), data)[node.code])),
            copy.deepcopy(cc.evaluate(fresh(ruleset), data)[node.code]),
            evolve(cc.evaluate(fresh(ruleset), data)[node.code]),
        ):
            assert not _unread(copied)
            assert copied == node
        assert type(node.trace) is Trace
        assert node.trace is node.trace  # laid out once, then kept


def test_a_trace_given_is_kept_as_given() -> None:
    """A node made by hand keeps the trace it was given, whatever it is."""
    trace = Trace("manual", (), (cc.Step("manual", D(1)),))
    node = NodeResult(
        code="1",
        name="F",
        max=D(1),
        points=D(1),
        pending=D(0),
        lost=D(0),
        status=cc.Status.ACHIEVED,
        trace=trace,
    )
    assert node.trace is trace
    odd: Any = None
    assert evolve(node, trace=odd).trace is None


def test_the_nodes_mapping_refuses_what_a_dict_refuses() -> None:
    """Unknown codes, and things that are no code, are refused as by a dict of nodes."""
    result = cc.evaluate(
        ruleset_from(
            {"1": {"name": "F", "max": 2}, "1.1": _check("1.1", "a")}, inputs={"a": "bool"}
        ),
        {"inputs": {"a": True}},
    )
    with pytest.raises(KeyError):
        result.nodes["9"]
    unhashable: Any = ["1"]
    with pytest.raises(TypeError):
        result.nodes[unhashable]
    with pytest.raises(TypeError):
        _ = unhashable in result.nodes
    with pytest.raises(cc.UnknownCodeError):
        result["9"]
    assert "1.1" in result
    assert "9" not in result
    assert result.nodes.get("9") is None


def _check(code: str, name: str) -> dict[str, Any]:
    return {"name": code, "max": 2, "rule": {"kind": "check", "input": name}}


def test_a_value_written_differently_is_shown_as_written() -> None:
    """Equal values written differently, or marked differently, are not one record."""
    ruleset = ruleset_from(
        {
            "1": {"name": "F", "max": 2},
            "1.1": {
                "name": "1.1",
                "max": 2,
                "rule": {"kind": "linear", "input": "r", "zero": 0, "full": 1},
            },
        },
        inputs={"r": "ratio"},
    )
    units: list[dict[str, Any]] = [
        {"inputs": {"r": D("0.5")}},
        {"inputs": {"r": D("0.50")}},
        {"inputs": {"r": {"value": D("0.5"), "estimate": True}}},
        {"inputs": {"r": D("0.5")}, "criteria": {"1.1": {"estimate": True}}},
        {"inputs": {"r": D("0.5")}},
    ]
    for data in units:
        assert outcome(ruleset, data) == outcome(fresh(ruleset), data)
    node = cc.evaluate(ruleset, units[1])["1.1"]
    assert repr(D("0.50")) == repr(node.trace.steps[0].value) == repr(node.trace.used[0].value)


# -- the kinds ---------------------------------------------------------------------------------


def test_score_gives_the_steps_the_trace_records(
    every_kind: Ruleset, every_kind_data: dict[str, Any]
) -> None:
    """A built-in kind's score() gives the points and steps its leaf's trace records
    (the evaluator adds the clamp and the rounding)."""
    result = cc.evaluate(every_kind, every_kind_data)
    known = read_unit(every_kind, every_kind_data).final
    compared: set[str] = set()
    scored = (cc.Status.ACHIEVED, cc.Status.PARTIAL, cc.Status.FAILED)
    for node in result.walk():
        rule = every_kind[node.code].rule
        if not node.is_leaf or rule is None or node.status not in scored:
            continue
        ctx = ScoringContext(
            code=node.code,
            max=node.max,
            values=known.inputs,
            specs=every_kind.inputs,
            namespace=Namespace(known.inputs),
            estimated=known.estimated,
            manual=known.points.get(node.code),
        )
        score = rule.score(ctx)
        kept = tuple(s for s in node.trace.steps if s.what not in ("clamp", "rounding"))
        assert score.steps == kept
        assert all(type(step.detail) in (str, type(None)) for step in score.steps)
        compared.add(rule.name)
    assert {"bands", "check", "deduct", "formula", "levels", "linear", "per_item"} <= compared


def test_every_kind_gives_the_details_it_always_gave(
    every_kind: Ruleset, every_kind_data: dict[str, Any]
) -> None:
    """Details recorded as templates or bands read as the text they always were."""
    result = cc.evaluate(every_kind, every_kind_data)
    details = {s.what: s.detail for node in result.walk() for s in node.trace.steps}
    assert "zero 0, full 50, points" in str(details["linear"])
    assert details["deduction"] == "× 1"
    band = details["band"]
    assert band is not None
    assert band.startswith(("[", "("))
    assert band.endswith(("]", ")"))


@frozen(kw_only=True)
class _Doubled(Check):
    """A kind of one's own built on a built-in one: its own score() is what counts."""

    name: ClassVar[str] = "doubled_check"

    def score(self, ctx: ScoringContext) -> Score:
        base = super().score(ctx)
        return Score(base.points / 2, (*base.steps, cc.Step("halved", base.points / 2)))


def test_a_subclass_of_a_built_in_kind_is_scored_by_its_own_score() -> None:
    """The evaluator asks a kind of one's own for score(), even one built on a built-in kind."""
    ruleset = ruleset_from(
        {"1": {"name": "F", "max": 2}, "1.1": _check("1.1", "a")}, inputs={"a": "bool"}
    )
    leaf = ruleset["1.1"]
    assert isinstance(leaf.rule, Check)
    own = evolve(leaf, rule=_Doubled(source=leaf.rule.source))
    changed = evolve(ruleset, criteria={**ruleset.criteria, "1.1": own})
    node = cc.evaluate(changed, {"inputs": {"a": True}})["1.1"]
    assert (D(1), "halved") == (node.points, node.trace.steps[-1].what)


# -- namespaces lent from one unit to the next -------------------------------------------------


def test_a_failing_expression_names_the_values_of_its_own_unit() -> None:
    """The namespace that evaluated other units' expressions shows the failing unit's values."""
    ruleset = ruleset_from(
        {
            "1": {"name": "F", "max": 2},
            "1.1": {
                "name": "1.1",
                "max": 2,
                "rule": {"kind": "linear", "metric": "a / b", "zero": 0, "full": 1},
            },
        },
        inputs={"a": "count", "b": "count"},
    )
    assert isinstance(ruleset["1.1"].rule, Linear)
    assert cc.evaluate(ruleset, {"inputs": {"a": 1, "b": 2}})["1.1"].points == D(1)
    with pytest.raises(cc.ExpressionError) as caught:
        cc.evaluate(ruleset, {"inputs": {"a": 7, "b": 0}})
    (problem,) = caught.value.problems
    assert "'a': 7" in problem.en
    assert "'b': 0" in problem.en
    assert problem.where.node == "1.1"
    assert cc.evaluate(ruleset, {"inputs": {"a": 3, "b": 4}})["1.1"].points == D("1.5")
    units = [{"inputs": {"a": 1, "b": 0}}, {"inputs": {"a": 2}}]
    items = list(cc.evaluate_many(ruleset, units, as_of=date(2024, 1, 1)))
    assert items[0].error is not None
    assert "'a': 1" in items[0].error.problems[0].en
    assert items[1].result is not None
    assert items[1].result["1.1"].status is cc.Status.MISSING


def test_a_memo_is_given_up_when_its_records_stop_being_found_again() -> None:
    """A node's records kept while one unit is scored again and again are let go once
    different units come: each run of misses is judged on its own, not the whole past."""
    memo = Memo()
    record = object()
    memo.keep(("same",), record)
    memo.hits += 10 * _TRIAL  # the same unit, scored again and again
    for n in range(_TRIAL - 1):  # then one unit after another, each new
        assert memo.keep(("new", n), record)
    assert memo.on  # the first run saw the many records found again
    for n in range(_TRIAL):
        memo.keep(("newer", n), record)
    assert not memo.on
    assert memo.entries == {}


def test_a_memo_found_again_often_enough_stays() -> None:
    memo = Memo()
    for n in range(10 * _TRIAL):
        assert memo.keep((n,), n)
        memo.hits += 1  # one record found again for each made afresh
    assert memo.on
