"""Each scoring kind, at its edges, with the trace it leaves."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import cchc_index as cc
from cchc_index import Ruleset, Status, Step, Used
from helpers import leaf_ruleset, score_leaf

D = Decimal


class TestCheck:
    """``check``: the points when the value is the expected yes/no, else 0."""

    rs = leaf_ruleset({"kind": "check", "input": "ok"}, max=2, inputs={"ok": "bool"})

    def test_yes(self) -> None:
        """Yes gives the max, with the input used and a ``check`` step."""
        node = score_leaf(self.rs, {"ok": True})

        assert (D(2), D(0), Status.ACHIEVED) == (node.points, node.lost, node.status)
        assert (Step("check", D(2), "yes"),) == node.trace.steps
        assert (Used("ok", "bool", True),) == node.trace.used
        assert "check" == node.trace.kind

    def test_no(self) -> None:
        """No gives 0 points, all of them lost."""
        node = score_leaf(self.rs, {"ok": False})

        assert (D(0), D(2), Status.FAILED) == (node.points, node.lost, node.status)
        assert (Step("check", D(0), "no"),) == node.trace.steps

    @pytest.mark.parametrize(("value", "expected"), [(False, D(2)), (True, D(0))])
    def test_expect_false(self, value: bool, expected: Decimal) -> None:
        """``expect = false`` awards the points when the answer is no."""
        rs = leaf_ruleset(
            {"kind": "check", "input": "ok", "expect": False}, max=2, inputs={"ok": "bool"}
        )

        assert expected == score_leaf(rs, {"ok": value}).points

    @pytest.mark.parametrize(("n", "expected"), [(5, D(2)), (4, D(0))])
    def test_metric(self, n: int, expected: Decimal) -> None:
        """A comparison metric decides the check."""
        rs = leaf_ruleset({"kind": "check", "metric": "n >= 5"}, max=2, inputs={"n": "count"})

        assert expected == score_leaf(rs, {"n": n}).points

    def test_metric_not_yes_no(self) -> None:
        """A metric that gives a number is an expression error naming the node."""
        rs = leaf_ruleset({"kind": "check", "metric": "n + 1"}, max=2, inputs={"n": "count"})

        with pytest.raises(cc.ExpressionError) as info:
            score_leaf(rs, {"n": 1})

        assert ["1.1"] == [p.where.node for p in info.value.problems]


#: From high to low: 100 % → 4, 95 % to below 100 % → 3, 85 % to below 95 % → 2, else 0.
DESCENDING = [
    {"at_least": D(1), "points": D(4)},
    {"at_least": D("0.95"), "below": D(1), "points": D(3)},
    {"at_least": D("0.85"), "below": D("0.95"), "points": D(2)},
    {"below": D("0.85"), "points": D(0)},
]
#: From low to high: below 10 → 0, 10 to 20 (both included) → 1, above 20 → 2.
ASCENDING = [
    {"below": D(10), "points": D(0)},
    {"at_least": D(10), "at_most": D(20), "points": D(1)},
    {"above": D(20), "points": D(2)},
]


class TestBands:
    """``bands``: the points of the one band the value falls in."""

    descending = leaf_ruleset(
        {"kind": "bands", "input": "rate", "bands": DESCENDING}, inputs={"rate": "ratio"}
    )
    ascending = leaf_ruleset(
        {"kind": "bands", "input": "x", "bands": ASCENDING}, max=2, inputs={"x": "number"}
    )

    @pytest.mark.parametrize(
        ("rate", "expected"),
        [
            ("1", "4"),  # exactly at an inclusive lower bound with no upper one
            ("0.9999999", "3"),  # just below an exclusive upper bound
            ("0.95", "3"),  # exactly at an inclusive lower bound
            ("0.9499999", "2"),  # just below it: the band under
            ("0.9500001", "3"),
            ("0.85", "2"),
            ("0.8499999", "0"),
            ("0", "0"),
        ],
    )
    def test_descending_edges(self, rate: str, expected: str) -> None:
        """Bounds listed high to low are exact, with no float error at the edges."""
        assert D(expected) == score_leaf(self.descending, {"rate": D(rate)}).points

    @pytest.mark.parametrize(
        ("x", "expected"),
        [
            ("-5", "0"),
            ("9.9999999", "0"),
            ("10", "1"),  # inclusive lower bound
            ("20", "1"),  # inclusive upper bound (at_most)
            ("20.0000001", "2"),  # exclusive lower bound (above)
            ("1000", "2"),
        ],
    )
    def test_ascending_edges(self, x: str, expected: str) -> None:
        """Bounds listed low to high work the same way."""
        assert D(expected) == score_leaf(self.ascending, {"x": D(x)}).points

    def test_trace(self) -> None:
        """The trace holds the metric's value and the band matched, with its interval."""
        node = score_leaf(self.descending, {"rate": D("0.95")})

        assert (
            Step("metric", D("0.95"), "rate"),
            Step("band", D(3), "[0.95, 1)"),
        ) == node.trace.steps
        assert (Used("rate", "ratio", D("0.95")),) == node.trace.used

    def test_metric_trace(self, every_kind: Ruleset, every_kind_data: dict[str, Any]) -> None:
        """A metric band records the expression, its value and every input it read."""
        node = cc.evaluate(every_kind, every_kind_data)["2.1"]

        assert (
            Step("metric", D("0.9"), "div(files_on_time, files_resolved)"),
            Step("band", D(2), "[0.85, 0.95)"),
        ) == node.trace.steps
        assert (
            Used("files_on_time", "count", 900),
            Used("files_resolved", "count", 1000),
        ) == node.trace.used

    def test_no_band(self) -> None:
        """A value no band covers scores 0 with a ``no_band`` step."""
        rs = leaf_ruleset(
            {"kind": "bands", "input": "rate", "bands": [{"at_least": D("0.5"), "points": D(2)}]},
            max=2,
            inputs={"rate": "ratio"},
        )

        node = score_leaf(rs, {"rate": D("0.4")})

        assert (D(0), Status.FAILED) == (node.points, node.status)
        assert (Step("metric", D("0.4"), "rate"), Step("no_band", D(0))) == node.trace.steps


class TestLinear:
    """``linear``: proportional between the zero point and the full point, clamped."""

    rs = leaf_ruleset(
        {"kind": "linear", "input": "x", "zero": D(10), "full": D(20)}, inputs={"x": "number"}
    )

    @pytest.mark.parametrize(
        ("x", "expected"),
        [("-3", "0"), ("10", "0"), ("12.5", "1"), ("15", "2"), ("20", "4"), ("99", "4")],
    )
    def test_clamped_both_sides(self, x: str, expected: str) -> None:
        """Below the zero point is 0, above the full point is the max."""
        assert D(expected) == score_leaf(self.rs, {"x": D(x)}).points

    @pytest.mark.parametrize(
        ("late", "expected"), [("0", "4"), ("2.5", "3"), ("5", "2"), ("10", "0"), ("40", "0")]
    )
    def test_lower_is_better(self, late: str, expected: str) -> None:
        """A zero point above the full point scores a rate that should be low."""
        rs = leaf_ruleset(
            {"kind": "linear", "input": "late", "zero": D(10), "full": D(0)},
            inputs={"late": "percent"},
        )

        assert D(expected) == score_leaf(rs, {"late": D(late)}).points

    def test_trace(self) -> None:
        """The trace holds the value and its share of the way from zero to full."""
        node = score_leaf(self.rs, {"x": D(15)})

        assert (
            Step("metric", D(15), "x"),
            Step("linear", D("0.5"), "zero 10, full 20, points 4"),
        ) == node.trace.steps

    def test_share_clamped_in_trace(self) -> None:
        """A value past the full point is recorded with a share of exactly 1."""
        node = score_leaf(self.rs, {"x": D(30)})

        assert D(1) == node.trace.steps[1].value


class TestPerItem:
    """``per_item``: points per item, capped at the max."""

    rs = leaf_ruleset(
        {"kind": "per_item", "input": "n", "per_item": D("0.5")}, max=2, inputs={"n": "count"}
    )

    @pytest.mark.parametrize(
        ("n", "expected", "status"),
        [
            (0, "0", Status.FAILED),
            (1, "0.5", Status.PARTIAL),
            (3, "1.5", Status.PARTIAL),
            (4, "2", Status.ACHIEVED),
            (9, "2", Status.ACHIEVED),
        ],
    )
    def test_points(self, n: int, expected: str, status: Status) -> None:
        """Items times points each, never above the cap."""
        node = score_leaf(self.rs, {"n": n})

        assert (D(expected), status) == (node.points, node.status)

    def test_cap_step(self) -> None:
        """The cap is recorded only when it limits the points."""
        capped = score_leaf(self.rs, {"n": 9}).trace.steps
        exact = score_leaf(self.rs, {"n": 4}).trace.steps

        assert (Step("items", D(9), "n"), Step("per_item", D("0.5")), Step("cap", D(2))) == capped
        assert ["items", "per_item"] == [s.what for s in exact]


class TestLevels:
    """``levels``: each named grade is a share of the max."""

    @pytest.mark.parametrize(
        ("level", "share", "points"),
        [
            ("xuất sắc", "1", "2"),
            ("tốt", "0.75", "1.5"),
            ("hoàn thành", "0.5", "1"),
            ("không hoàn thành", "0", "0"),
        ],
    )
    def test_shares(self, every_kind: Ruleset, level: str, share: str, points: str) -> None:
        """Criterion 1.3 (max 2) gives its share of the max for each level."""
        node = cc.evaluate(every_kind, {"inputs": {"propaganda": level}})["1.3"]

        assert D(points) == node.points
        assert (Step("level", D(share), level),) == node.trace.steps
        assert (Used("propaganda", "level", level),) == node.trace.used


class TestDeduct:
    """``deduct``: from the max, per occurrence or flag, never below 0."""

    rs = leaf_ruleset({"kind": "deduct", "input": "n", "per": D(1)}, inputs={"n": "count"})

    @pytest.mark.parametrize(("n", "expected"), [(0, "4"), (1, "3"), (4, "0"), (10, "0")])
    def test_floor(self, n: int, expected: str) -> None:
        """Each occurrence takes ``per`` off; the result stops at 0."""
        assert D(expected) == score_leaf(self.rs, {"n": n}).points

    def test_trace_floor(self) -> None:
        """The deduction recorded is what was taken, not occurrences × per."""
        node = score_leaf(self.rs, {"n": 10})

        assert (Step("items", D(10), "n"), Step("deduction", D(4), "× 1")) == node.trace.steps

    @pytest.mark.parametrize(("flag", "expected"), [(True, "2.5"), (False, "4")])
    def test_per_flag(self, flag: bool, expected: str) -> None:
        """A yes/no input counts as one occurrence or none."""
        rs = leaf_ruleset(
            {"kind": "deduct", "input": "late", "per": D("1.5")}, inputs={"late": "bool"}
        )

        assert D(expected) == score_leaf(rs, {"late": flag}).points

    def test_cap(self) -> None:
        """``cap`` limits what can be taken off in all."""
        rs = leaf_ruleset(
            {"kind": "deduct", "input": "n", "per": D(1), "cap": D(3)}, inputs={"n": "count"}
        )

        assert D(1) == score_leaf(rs, {"n": 10}).points


class TestFormula:
    """``formula``: points from an expression, clamped into ``[0, max]``."""

    rs = leaf_ruleset(
        {"kind": "formula", "formula": "a - b"}, max=2, inputs={"a": "number", "b": "number"}
    )

    def test_within(self, every_kind: Ruleset, every_kind_data: dict[str, Any]) -> None:
        """A value within range is the points, with a ``formula`` step and no clamp."""
        node = cc.evaluate(every_kind, every_kind_data)["2.3"]

        assert D("1.8") == node.points
        assert (
            Step("formula", D("1.8"), "2 * div(revenue, revenue_estimate)"),
        ) == node.trace.steps

    @pytest.mark.parametrize(("a", "before", "expected"), [(5, "3", "2"), (0, "-2", "0")])
    def test_clamp(self, a: int, before: str, expected: str) -> None:
        """Above the max or below 0 is brought back, recorded as a ``clamp`` step."""
        node = score_leaf(self.rs, {"a": a, "b": 2})

        assert D(expected) == node.points
        assert Step("clamp", D(before), "0 … 2") == node.trace.step("clamp")
        assert D(2) - D(expected) == node.lost

    def test_division_by_zero(self) -> None:
        """Dividing by a zero input fails with an expression error naming the node."""
        rs = leaf_ruleset(
            {"kind": "formula", "formula": "a / b"}, max=2, inputs={"a": "number", "b": "number"}
        )

        with pytest.raises(cc.ExpressionError) as info:
            score_leaf(rs, {"a": 1, "b": 0})

        assert ["1.1"] == [p.where.node for p in info.value.problems]
        assert "division by zero" in info.value.problems[0].en


class TestManual:
    """``manual``: points written in the data by an assessor."""

    rs = leaf_ruleset({"kind": "manual"}, max=2, due="30/11")

    @pytest.mark.parametrize(
        ("given", "expected"), [(D("1.5"), "1.5"), ("1,5", "1.5"), (2, "2"), (0, "0")]
    )
    def test_points(self, given: object, expected: str) -> None:
        """The points given (a number, or Vietnamese text) are the node's points."""
        node = score_leaf(self.rs, {}, criteria={"1.1": {"points": given}})

        assert D(expected) == node.points
        assert (Step("manual", D(expected)),) == node.trace.steps

    @pytest.mark.parametrize("given", [D("2.01"), D(3), D(-1)])
    def test_outside_max(self, given: Decimal) -> None:
        """Points above the max (or below 0) are refused as input errors."""
        with pytest.raises(cc.InputError) as info:
            score_leaf(self.rs, {}, criteria={"1.1": {"points": given}})

        assert [("1.1", "points")] == [(p.where.node, p.where.key) for p in info.value.problems]


class TestRounding:
    """A leaf's points are rounded by the rule set's policy, recorded as a step."""

    @staticmethod
    def linear(**rounding: Any) -> Ruleset:
        """Max 2 from 0 to 200: a value of 100.5 gives exactly 1.005 before rounding."""
        rule = {"kind": "linear", "input": "x", "zero": D(0), "full": D(200)}
        return leaf_ruleset(rule, max=2, inputs={"x": "number"}, rounding=rounding or None)

    def test_half_up(self) -> None:
        """1.005 becomes 1.01 (half-up, like Excel's ROUND), with a ``rounding`` step."""
        node = score_leaf(self.linear(), {"x": D("100.5")})

        assert (D("1.01"), D("0.99")) == (node.points, node.lost)
        assert Step("rounding", D("1.005"), "2 places, half_up") == node.trace.steps[-1]

    @pytest.mark.parametrize(
        ("mode", "places", "expected"),
        [("half_even", 2, "1"), ("down", 2, "1"), ("up", 2, "1.01"), ("half_up", 1, "1")],
    )
    def test_policy(self, mode: str, places: int, expected: str) -> None:
        """The rule set's mode and places are the ones applied."""
        node = score_leaf(self.linear(mode=mode, places=places), {"x": D("100.5")})

        assert D(expected) == node.points

    def test_no_step_when_exact(self) -> None:
        """Points already at the policy's places leave no rounding step."""
        node = score_leaf(self.linear(), {"x": D(101)})

        assert D("1.01") == node.points
        assert None is node.trace.step("rounding")
