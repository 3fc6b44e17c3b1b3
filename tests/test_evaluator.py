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
        [
            (date(2023, 11, 29), Status.NOT_DUE),
            (date(2023, 11, 30), Status.NOT_DUE),
            (date(2023, 12, 1), Status.MISSING),
        ],
    )
    def test_around_the_deadline(self, every_kind: Ruleset, as_of: date, status: Status) -> None:
        """The deadline day itself is still in time; missing begins the day after."""
        assert status == cc.evaluate(every_kind, {}, as_of=as_of)["1.4"].status

    @pytest.mark.parametrize("as_of", [date(2023, 1, 1), date(2023, 12, 31), date(2025, 6, 1)])
    def test_province_criteria_wait_for_the_province(self, as_of: date) -> None:
        """A criterion the province assesses stays pending, at any date, until it is given."""
        ruleset = ruleset_from(
            {
                "1": {"name": "G", "max": 3},
                "1.1": {"name": "Tự chấm", "max": 1, "rule": {"kind": "check", "input": "a"}},
                "1.2": {
                    "name": "Tỉnh chấm",
                    "max": 2,
                    "due": "30/6",
                    "assessor": "province",
                    "rule": {"kind": "manual"},
                },
            },
            inputs={"a": "bool"},
        )

        res = cc.evaluate(ruleset, {"inputs": {"a": True}}, as_of=as_of)
        given = cc.evaluate(
            ruleset,
            {
                "layers": {
                    "self": {"inputs": {"a": True}},
                    "appraisal": {"criteria": {"1.2": {"points": 1}}},
                }
            },
            as_of=as_of,
        )

        assert (Status.NOT_DUE, D(2), D(0)) == (res["1.2"].status, res["1.2"].pending, res.lost)
        assert "province" == res["1.2"].trace.steps[0].what
        assert (Status.PARTIAL, D(1), D(1)) == (
            given["1.2"].status,
            given["1.2"].points,
            given.lost,
        )

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


def _leaf(max: int | str, name: str = "a", **extra: Any) -> dict[str, Any]:
    return {"name": "x", "max": max, "rule": {"kind": "check", "input": name}, **extra}


#: Part II (max 10): criterion 1 (4) of two points, criterion 2 (6) of one leaf; every
#: leaf "not assigned" when so marked.
PART_II = {
    "II": {"name": "Phần II", "max": 10},
    "II.1": {"name": "Tiêu chí 1", "max": 4},
    "II.1.a": _leaf(2, not_applicable="rescale"),
    "II.1.b": _leaf(2, "b", not_applicable="rescale"),
    "II.2": {"name": "Tiêu chí 2", "max": 6},
    "II.2.a": _leaf(6, "c", not_applicable="rescale"),
}
PART_II_INPUTS = {"a": "bool", "b": "bool", "c": "bool"}
#: The same part, rescaling as a whole (as decrees' footnotes say).
SCOPED = ruleset_from(
    {**PART_II, "II": {**PART_II["II"], "rescale_scope": True}}, inputs=PART_II_INPUTS
)


class TestRescaleScope:
    """Leaves not assigned leave the maximum of the whole scope, which rescales the rest."""

    def test_the_scope_rescales_what_is_assigned(self) -> None:
        """Without II.1.a (2 points) the rest (8) are scaled up to 10; II.1 only sums."""
        res = cc.evaluate(
            SCOPED,
            {
                "inputs": {"b": True, "c": False},
                "criteria": {"II.1.a": {"not_applicable": True}},
            },
        )

        assert (D(2), D(2), D(0)) == (res["II.1"].max, res["II.1"].points, res["II.1"].lost)
        assert "left_out" == res["II.1"].trace.steps[1].what
        assert (D(10), D("2.5"), D("7.5")) == (res["II"].max, res["II"].points, res["II"].lost)
        rescale = res["II"].trace.step("rescale")
        assert rescale is not None
        assert (D("1.25"), "without II.1.a") == (rescale.value, rescale.detail)

    def test_without_a_scope_each_parent_rescales_its_own(self) -> None:
        """The same data under per-parent rescaling: II.1 scales b up to 4 by itself."""
        plain = ruleset_from(PART_II, inputs=PART_II_INPUTS)
        data = {"inputs": {"b": True, "c": False}, "criteria": {"II.1.a": {"not_applicable": True}}}

        res = cc.evaluate(plain, data)

        assert (D(4), D(4)) == (res["II.1"].max, res["II.1"].points)
        assert D(4) == res["II"].points

    def test_a_whole_criterion_not_assigned_is_named(self) -> None:
        """When II.1 loses both points it leaves too, and the scope names it, not its leaves."""
        res = cc.evaluate(
            SCOPED,
            {
                "inputs": {"c": True},
                "criteria": {
                    "II.1.a": {"not_applicable": True},
                    "II.1.b": {"not_applicable": True},
                },
            },
        )

        assert Status.NOT_APPLICABLE == res["II.1"].status
        rescale = res["II"].trace.step("rescale")
        assert rescale is not None
        assert "without II.1" == rescale.detail
        assert D(10) == res["II"].points


#: Criterion 1.1 is scored on tasks done of tasks assigned, and does not apply when none were.
TASKS = ruleset_from(
    {
        "1": {"name": "Nhiệm vụ", "max": 4},
        "1.1": {
            "name": "Tỷ lệ hoàn thành nhiệm vụ được giao",
            "max": 2,
            "not_applicable": "rescale",
            "not_applicable_when": "assigned == 0",
            "rule": {"kind": "linear", "metric": "div(done, assigned)", "zero": 0, "full": 1},
        },
        "1.2": _leaf(2),
    },
    inputs={"assigned": "count", "done": "count", "a": "bool"},
    constraints={"done_within_assigned": "done <= assigned"},
)


class TestNotApplicableWhen:
    """The data decides that a leaf does not apply: a figure, not a flag."""

    def test_no_task_assigned_takes_the_leaf_out(self) -> None:
        """0 tasks assigned: 1.1 leaves the maximum and 1.2 is scaled up to 4."""
        res = cc.evaluate(TASKS, {"inputs": {"assigned": 0, "done": 0, "a": True}})

        assert (Status.NOT_APPLICABLE, D(0)) == (res["1.1"].status, res["1.1"].max)
        assert "not_applicable_when" == res["1.1"].trace.steps[0].what
        assert "assigned == 0" == res["1.1"].trace.steps[0].detail
        assert ["assigned", "done"] == [u.name for u in res["1.1"].trace.used]
        assert (D(4), D(4)) == (res["1"].max, res["1"].points)

    def test_tasks_assigned_are_scored(self) -> None:
        """Tasks assigned: the rule scores them (3 of 4 done: 1,5 points)."""
        res = cc.evaluate(TASKS, {"inputs": {"assigned": 4, "done": 3, "a": True}})

        assert (Status.PARTIAL, D("1.5")) == (res["1.1"].status, res["1.1"].points)

    def test_undecided_until_the_deciding_figure_is_given(self) -> None:
        """Without the count of tasks assigned, 1.1 waits: before its deadline it is pending."""
        res = cc.evaluate(TASKS, {"inputs": {"done": 0, "a": True}}, as_of=date(2023, 6, 1))

        assert (Status.NOT_DUE, D(2)) == (res["1.1"].status, res["1.1"].pending)

    def test_a_condition_over_undeclared_names_is_refused_at_load(self) -> None:
        """The condition is checked like every expression, and located on its node."""
        with pytest.raises(cc.ExpressionError) as caught:
            ruleset_from({"1": _leaf(1, not_applicable_when="assgned == 0")}, inputs={"a": "bool"})

        (problem,) = caught.value.problems
        assert ("1", "not_applicable_when") == (problem.where.node, problem.where.key)
        assert "'assgned' is not a declared input" in problem.en

    def test_only_on_leaves(self) -> None:
        """A parent does not apply when its children do not: the key is refused there."""
        with pytest.raises(cc.RulesetError, match="belongs on a leaf"):
            ruleset_from(
                {"1": {"name": "x", "max": 1, "not_applicable_when": "a"}, "1.1": _leaf(1)},
                inputs={"a": "bool"},
            )


class TestDecreeAsWritten:
    """A decree's own inconsistency, acknowledged, is kept: its maximum stands."""

    def test_children_short_of_the_printed_max(self) -> None:
        """The decree prints 6 over children worth 5: 1 point can never be obtained."""
        ruleset = ruleset_from(
            {
                "1": {"name": "x", "max": 6, "acknowledge": {"sum": "QĐ in 6 điểm"}},
                "1.1": _leaf(3),
                "1.2": _leaf(2, "b"),
            },
            inputs={"a": "bool", "b": "bool"},
        )

        res = cc.evaluate(ruleset, {"inputs": {"a": True, "b": True}})

        assert (D(6), D(5), D(1)) == (res["1"].max, res["1"].points, res["1"].lost)
        assert res.max == res.points + res.pending + res.lost
        shortfall = res["1"].trace.step("shortfall")
        assert shortfall is not None
        assert (D(1), "5") == (shortfall.value, shortfall.detail)

    def test_children_over_the_printed_max(self) -> None:
        """Children worth 7 under a printed 6: the points are capped at 6."""
        ruleset = ruleset_from(
            {
                "1": {"name": "x", "max": 6, "acknowledge": {"sum": "QĐ in 6 điểm"}},
                "1.1": _leaf(4),
                "1.2": _leaf(3, "b"),
            },
            inputs={"a": "bool", "b": "bool"},
        )

        full = cc.evaluate(ruleset, {"inputs": {"a": True, "b": True}})
        part = cc.evaluate(ruleset, {"inputs": {"a": False, "b": True}})

        assert (D(6), D(0)) == (full["1"].points, full["1"].lost)
        assert full["1"].trace.step("decree_cap") is not None
        assert (D(3), D(3)) == (part["1"].points, part["1"].lost)

    def test_a_printed_max_no_option_reaches(self) -> None:
        """Levels worth at most 1,5 of a printed 2: kept, and never achieved."""
        ruleset = ruleset_from(
            {
                "1": {
                    "name": "x",
                    "max": 2,
                    "acknowledge": {"unreachable": "QĐ in 2 điểm, mức cao nhất 1,5"},
                    "rule": {"kind": "bands", "input": "n", "bands": [{"points": "1.5"}]},
                }
            },
            inputs={"n": "count"},
        )

        res = cc.evaluate(ruleset, {"inputs": {"n": 3}})

        assert (D("1.5"), D("0.5"), Status.PARTIAL) == (res.points, res.lost, res["1"].status)
