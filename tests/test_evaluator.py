"""Scoring a unit: states over time, not-applicable policies, parents, the result object."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

import cchc_index as cc
from cchc_index import Result, Ruleset, Status, Step
from helpers import ruleset_from

D = Decimal


def check(code: str, name: str, **extra: Any) -> dict[str, Any]:
    """A leaf of max 2 scored by the yes/no input ``name``."""
    return {"name": code, "max": 2, "rule": {"kind": "check", "input": name}, **extra}


#: Field 1 (max 4): two yes/no leaves due on 30/11, not applicable means full points.
PAIR = ruleset_from(
    {
        "1": {"name": "F", "max": 4},
        "1.1": check("1.1", "a", due="30/11"),
        "1.2": check("1.2", "b", due="30/11"),
    },
    inputs={"a": "bool", "b": "bool"},
)
#: Field 1 (max 4) of two leaves that rescale away; field 2 (max 4) of one leaf.
RESCALING = ruleset_from(
    {
        "1": {"name": "F", "max": 4},
        "1.1": check("1.1", "a", not_applicable="rescale"),
        "1.2": check("1.2", "b", not_applicable="rescale"),
        "2": {"name": "G", "max": 4},
        "2.1": {"name": "2.1", "max": 4, "rule": {"kind": "check", "input": "c"}},
    },
    inputs={"a": "bool", "b": "bool", "c": "bool"},
)


class TestTime:
    """A leaf without a value is not due before its deadline and missing after it."""

    def test_not_due(self, every_kind: Ruleset, every_kind_data: dict[str, Any]) -> None:
        """Before 30/11 the manual 1.4 is not due: its points are pending, not lost."""
        node = cc.evaluate(every_kind, every_kind_data)["1.4"]

        assert (Status.NOT_DUE, D(0), D(2), D(0)) == (
            node.status,
            node.points,
            node.pending,
            node.lost,
        )
        assert (Step("not_due", None, "2023-11-30"),) == node.trace.steps
        assert date(2023, 11, 30) == node.due

    def test_missing(self, every_kind: Ruleset, every_kind_data: dict[str, Any]) -> None:
        """After 30/11 the same leaf is missing: its points are lost."""
        node = cc.evaluate(every_kind, every_kind_data, as_of=date(2023, 12, 1))["1.4"]

        assert (Status.MISSING, D(0), D(0), D(2)) == (
            node.status,
            node.points,
            node.pending,
            node.lost,
        )
        assert (Step("missing", None, "2023-11-30"),) == node.trace.steps

    @pytest.mark.parametrize(
        ("as_of", "status"),
        [(date(2023, 11, 29), Status.NOT_DUE), (date(2023, 12, 1), Status.MISSING)],
    )
    def test_around_the_deadline(self, every_kind: Ruleset, as_of: date, status: Status) -> None:
        """The day before the deadline is not due; the day after is missing."""
        assert status == cc.evaluate(every_kind, {}, as_of=as_of)["1.4"].status

    def test_value_given_before_due(self, every_kind: Ruleset) -> None:
        """A value given early is scored at once."""
        res = cc.evaluate(every_kind, {"criteria": {"1.4": {"points": 2}}}, as_of=date(2023, 1, 1))

        assert Status.ACHIEVED == res["1.4"].status

    @pytest.mark.parametrize(
        ("argument", "in_data", "expected"),
        [
            (date(2023, 12, 20), date(2023, 9, 20), date(2023, 12, 20)),
            (None, date(2023, 9, 20), date(2023, 9, 20)),
            (None, None, date(2023, 12, 31)),
        ],
    )
    def test_as_of_precedence(
        self, every_kind: Ruleset, argument: date | None, in_data: date | None, expected: date
    ) -> None:
        """``as_of`` comes from the argument, else the data, else the period's last day."""
        data = {} if in_data is None else {"as_of": in_data}

        res = cc.evaluate(every_kind, data, as_of=argument)

        assert (expected, 2023) == (res.as_of, res.period)

    @pytest.mark.parametrize(
        ("period", "as_of", "due", "status"),
        [
            (2022, date(2023, 1, 10), date(2022, 11, 30), Status.MISSING),
            (2024, date(2024, 6, 1), date(2024, 11, 30), Status.NOT_DUE),
            (2024, None, date(2024, 11, 30), Status.MISSING),
        ],
    )
    def test_month_day_in_period(
        self, every_kind: Ruleset, period: int, as_of: date | None, due: date, status: Status
    ) -> None:
        """A day-and-month deadline falls in the year of the data's ``period``."""
        res = cc.evaluate(every_kind, {"period": period}, as_of=as_of)

        assert (period, due, status) == (res.period, res["1.4"].due, res["1.4"].status)

    def test_month_day_after_the_year(self, every_kind: Ruleset) -> None:
        """Scoring a year after it ended keeps its deadlines in the rule set's year."""
        res = cc.evaluate(every_kind, {}, as_of=date(2024, 1, 15))

        assert (2023, date(2023, 11, 30), Status.MISSING) == (
            res.period,
            res["1.4"].due,
            res["1.4"].status,
        )

    def test_datetime_as_of(self, every_kind: Ruleset) -> None:
        """A datetime ``as_of`` is taken as its day, as a datetime in the data is."""
        res = cc.evaluate(every_kind, {}, as_of=datetime(2023, 9, 20, 8, 30))

        assert (date(2023, 9, 20), Status.NOT_DUE) == (res.as_of, res["1.4"].status)

    @pytest.mark.parametrize("as_of", ["2023-09-20", 20230920])
    def test_as_of_not_a_date(self, every_kind: Ruleset, as_of: Any) -> None:
        """An ``as_of`` argument that is not a date is an input error."""
        with pytest.raises(cc.InputError):
            cc.evaluate(every_kind, {}, as_of=as_of)


class TestNotApplicable:
    """Leaves that do not apply award full points or leave the maximum."""

    def test_full(self) -> None:
        """``full``: the leaf is worth its max, and the parent sums as usual."""
        res = cc.evaluate(
            PAIR, {"inputs": {"b": True}, "criteria": {"1.1": {"not_applicable": True}}}
        )

        leaf = res["1.1"]
        assert (Status.NOT_APPLICABLE, D(2), D(2)) == (leaf.status, leaf.points, leaf.max)
        assert (Step("not_applicable", D(2), "full"),) == leaf.trace.steps
        assert (Status.ACHIEVED, D(4)) == (res["1"].status, res["1"].points)

    def test_rescale(self, every_kind: Ruleset, every_kind_data: dict[str, Any]) -> None:
        """``rescale``: the leaf leaves; its siblings are scaled up to the parent's max."""
        res = cc.evaluate(every_kind, every_kind_data)

        assert (D(0), D(0), Status.NOT_APPLICABLE) == (
            res["2.4"].max,
            res["2.4"].points,
            res["2.4"].status,
        )
        parent = res["2"]
        assert (D(12), D("6.96"), D(0), D("5.04")) == (
            parent.max,
            parent.points,
            parent.pending,
            parent.lost,
        )
        assert "rescale" == parent.trace.kind
        assert (Step("sum", D("5.8")), Step("rescale", D("1.2"), "without 2.4")) == (
            parent.trace.steps
        )

    def test_rescale_pending(self, every_kind: Ruleset) -> None:
        """Pending points are scaled too, so points + pending + lost stays the max."""
        res = cc.evaluate(
            every_kind, {"criteria": {"2.4": {"not_applicable": True}}}, as_of=date(2023, 6, 1)
        )

        parent = res["2"]
        assert (D(0), D(12), D(0), Status.NOT_DUE) == (
            parent.points,
            parent.pending,
            parent.lost,
            parent.status,
        )

    def test_all_children_excluded(self) -> None:
        """A parent whose children all leave leaves too; the level above rescales."""
        na = {"not_applicable": True}
        res = cc.evaluate(RESCALING, {"inputs": {"c": True}, "criteria": {"1.1": na, "1.2": na}})

        assert (D(0), D(0), Status.NOT_APPLICABLE) == (
            res["1"].max,
            res["1"].points,
            res["1"].status,
        )
        assert (D(8), D(8), D(100)) == (res.max, res.points, res.index)
        assert Step("rescale", D(2), "without 1") == res.trace.step("rescale")

    def test_rescale_keeps_sum_when_nothing_leaves(self) -> None:
        """With every child applying, the parent is a plain sum."""
        res = cc.evaluate(RESCALING, {"inputs": {"a": True, "b": False, "c": True}})

        assert ("sum", D(2), D(6)) == (res["1"].trace.kind, res["1"].points, res.points)


@pytest.mark.parametrize(
    ("data", "as_of", "status"),
    [
        ({"inputs": {"a": True, "b": True}}, None, Status.ACHIEVED),
        ({"inputs": {"a": True, "b": False}}, None, Status.PARTIAL),
        ({"inputs": {"a": False, "b": False}}, None, Status.FAILED),
        ({}, date(2023, 6, 1), Status.NOT_DUE),
        ({}, None, Status.MISSING),
        ({"inputs": {"a": True}}, date(2023, 6, 1), Status.PARTIAL),
        ({"inputs": {"a": False}}, None, Status.FAILED),
        (
            {"inputs": {"a": True}, "criteria": {"1.2": {"not_applicable": True}}},
            None,
            Status.ACHIEVED,
        ),
        (
            {"criteria": {"1.1": {"not_applicable": True}, "1.2": {"not_applicable": True}}},
            None,
            Status.NOT_APPLICABLE,
        ),
    ],
)
def test_parent_status(data: dict[str, Any], as_of: date | None, status: Status) -> None:
    """A parent's status follows from its children's."""
    res = cc.evaluate(PAIR, data, as_of=as_of)

    assert (status, status) == (res["1"].status, res.status)


class TestResult:
    """The result object: totals, lookup, invariants, serialisation."""

    @pytest.fixture
    def res(self, every_kind: Ruleset, every_kind_data: dict[str, Any]) -> Result:
        """The fixture unit's result."""
        return cc.evaluate(every_kind, every_kind_data)

    def test_totals(self, res: Result) -> None:
        """Totals of the fixture unit, computed by hand."""
        assert (D(30), D("15.46"), D(8), D("6.54"), D("23.46"), D("51.53")) == (
            res.max,
            res.points,
            res.pending,
            res.lost,
            res.potential,
            res.index,
        )
        assert (Status.PARTIAL, "Xã Mẫu", "mau/2023/xa") == (res.status, res.unit, res.ruleset)

    def test_invariants(self, res: Result) -> None:
        """At every node points + pending + lost == max and potential == points + pending."""
        for node in res.walk():
            assert node.max == node.points + node.pending + node.lost, node.code
            assert node.potential == node.points + node.pending, node.code
            assert D(0) <= node.points <= node.max, node.code
        assert res.potential == res.points + res.pending

    def test_walk_order(self, res: Result, every_kind: Ruleset) -> None:
        """``walk()`` gives every node in tree order, parents first."""
        assert list(every_kind.criteria) == [n.code for n in res.walk()]
        assert ("1", "2", "3") == tuple(n.code for n in res.fields)

    def test_unknown_code(self, res: Result) -> None:
        """An unknown code raises UnknownCodeError, which is also a KeyError."""
        with pytest.raises(KeyError) as info:
            res["x"]

        assert isinstance(info.value, cc.UnknownCodeError)
        assert "x" not in res

    def test_to_dict_is_json(self, res: Result) -> None:
        """``to_dict()`` holds only JSON types; numbers are exact text."""
        raw = res.to_dict()

        def kinds(value: object) -> set[type]:
            if isinstance(value, dict):
                return {dict}.union(*(kinds(v) for v in value.values()))
            if isinstance(value, list):
                return {list}.union(*(kinds(v) for v in value))
            return {type(value)}

        assert kinds(raw) <= {dict, list, str, int, bool, type(None)}
        assert ("15.46", "51.53", "23.46") == (raw["points"], raw["index"], raw["potential"])
        assert "6.96" == {n["code"]: n for n in raw["nodes"]}["2"]["points"]

    def test_round_trip(self, res: Result) -> None:
        """A result read back from its JSON equals the original."""
        back = Result.from_dict(json.loads(json.dumps(res.to_dict())))

        assert res == back

    def test_deterministic(self, every_kind: Ruleset, every_kind_data: dict[str, Any]) -> None:
        """The same data gives the same result, down to its JSON."""
        first = cc.evaluate(every_kind, every_kind_data)
        second = cc.evaluate(every_kind, every_kind_data)

        assert first == second
        assert json.dumps(first.to_dict()) == json.dumps(second.to_dict())

    def test_input_not_mutated(self, every_kind: Ruleset, every_kind_data: dict[str, Any]) -> None:
        """``evaluate`` leaves the caller's mapping as it was."""
        before = copy.deepcopy(every_kind_data)

        cc.evaluate(every_kind, every_kind_data, as_of=date(2023, 12, 31))

        assert before == every_kind_data

    def test_not_a_ruleset(self, every_kind_data: dict[str, Any]) -> None:
        """``evaluate`` needs a Ruleset, and says so with an input error."""
        with pytest.raises(cc.InputError):
            cc.evaluate("mau/2023/xa", every_kind_data)  # type: ignore[arg-type]
