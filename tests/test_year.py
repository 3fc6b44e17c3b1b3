"""The assessment year: layers of assessment, bonus and penalty, grades."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

import cchc_index as cc

ROOT = Path(__file__).resolve().parents[1]
YEAR = cc.load_ruleset(ROOT / "tests/fixtures/year")

SELF: dict[str, Any] = {
    "files_resolved": 100,
    "files_on_time": 99,
    "revenue_share": D("0.9"),
    "leaders_disciplined": 0,
    "initiatives_recognised": 0,
    "late_reports": 0,
}


def unit(**layers: dict[str, Any]) -> dict[str, Any]:
    """Layered data for one unit; the self layer defaults to SELF's inputs."""
    given = {"self": {"inputs": SELF}, **layers}
    return {"unit": "Xã A", "layers": given}


GROUP = {"2.1": (D("0.8"), D("0.9"), D("1"))}


class TestLayers:
    def test_later_layer_overrides_value_by_value(self) -> None:
        """The appraisal's on-time count replaces the unit's; its other values stay."""
        res = cc.evaluate(YEAR, unit(appraisal_1={"inputs": {"files_on_time": 95}}), group=GROUP)

        assert ("appraisal_1", D("7")) == (res.layer, res["1.1"].points)
        assert D("10") == res.layers["self"]["1.1"].points
        assert ["self", "appraisal_1"] == list(res.layers)

    def test_changes_list_every_node_the_layer_changed(self) -> None:
        """changes() names each node whose points moved, from, to, and which layer moved them."""
        res = cc.evaluate(
            YEAR,
            unit(
                appraisal_1={"inputs": {"files_on_time": 95}},
                appraisal_2={"criteria": {"2.3": {"points": 3}}},
            ),
            group=GROUP,
        )
        changes = [(c.code, c.before, c.after, c.layer) for c in res.changes()]

        assert [
            ("1", D("10"), D("7"), "appraisal_1"),
            ("1.1", D("10"), D("7"), "appraisal_1"),
            ("2", D("6"), D("9"), "appraisal_2"),
            ("2.3", D("0"), D("3"), "appraisal_2"),
        ] == changes
        assert D("-3") == res.changes()[0].difference

    def test_a_layer_touching_nothing_changes_nothing(self) -> None:
        """A later layer repeating the same values leaves every node as it was."""
        res = cc.evaluate(YEAR, unit(appraisal_1={"inputs": {"files_on_time": 99}}), group=GROUP)

        assert [] == res.changes()
        assert res.layers["self"].points == res.points

    def test_flat_data_is_one_layer(self) -> None:
        """Data without [layers] is the first layer, and the result's only one."""
        res = cc.evaluate(YEAR, {"inputs": SELF, "criteria": {"2.3": {"points": 4}}}, group=GROUP)

        assert ["self"] == list(res.layers)
        assert res is res.layers["self"]

    def test_unit_layer_cannot_speak_for_the_province(self) -> None:
        """In layered data, the unit's own layer may not give the province's points."""
        data = unit(self={"inputs": SELF, "criteria": {"2.3": {"points": 4}}})

        with pytest.raises(cc.InputError) as caught:
            cc.evaluate(YEAR, data)

        assert ["2.3"] == [p.where.node for p in caught.value.problems]

    @pytest.mark.parametrize(
        ("data", "words"),
        [
            ({"layers": {"appraisal": {}}}, "unknown assessment layer 'appraisal'"),
            ({"layers": {"appraisal_1": {"input": {}}}}, "unknown key 'input' in layer"),
            ({"layers": {"appraisal_1": 3}}, "layer 'appraisal_1' must be a table"),
            ({"inputs": {}, "layers": {"self": {}}}, "layer 'self' is given twice"),
        ],
    )
    def test_bad_layers(self, data: dict[str, Any], words: str) -> None:
        """Unknown layers and malformed layer tables are input errors."""
        with pytest.raises(cc.InputError) as caught:
            cc.evaluate(YEAR, data)

        assert any(words in p.en for p in caught.value.problems), caught.value.messages("en")

    def test_constraints_hold_after_each_layer(self) -> None:
        """A later layer that breaks a constraint with the earlier values is refused."""
        with pytest.raises(cc.InputError) as caught:
            cc.evaluate(YEAR, unit(appraisal_1={"inputs": {"files_on_time": 101}}))

        assert "on_time_within_resolved" in caught.value.problems[0].en

    def test_round_trip_keeps_the_layers(self) -> None:
        """to_dict / from_dict keeps every layer's result and the grade."""
        res = cc.evaluate(YEAR, unit(appraisal_1={"inputs": {"files_on_time": 95}}), group=GROUP)
        back = cc.Result.from_dict(json.loads(json.dumps(res.to_dict())))

        assert res == back
        assert res.changes() == back.changes()


class TestAdjustments:
    def test_bonus_and_penalty_move_the_total(self) -> None:
        """A bonus adds, a penalty takes away, and the trace shows both."""
        inputs = {**SELF, "initiatives_recognised": 1, "late_reports": 3}
        res = cc.evaluate(YEAR, {"inputs": inputs, "criteria": {"2.3": {"points": 2}}}, group=GROUP)

        assert (D("18"), D("1"), D("1.5")) == (
            sum((res[c].points for c in ("1", "2")), D(0)),
            res["8"].points,
            res["9"].points,
        )
        assert D("17.5") == res.points
        assert [("bonus", D("1")), ("penalty", D("1.5"))] == [
            (s.what, s.value) for s in res.trace.steps if s.what in ("bonus", "penalty")
        ]
        assert res.points + res.pending + res.lost == res.max

    def test_total_stays_within_bounds(self) -> None:
        """A bonus never lifts the total above the maximum; the cap is in the trace."""
        inputs = {**SELF, "initiatives_recognised": 5}
        res = cc.evaluate(YEAR, {"inputs": inputs, "criteria": {"2.3": {"points": 4}}}, group=GROUP)

        assert (D("20"), D("100")) == (res.points, res.index)
        assert res.trace.step("cap") is not None

    def test_penalty_floors_at_zero(self) -> None:
        """A penalty never takes the total below 0."""
        inputs = {**SELF, "files_on_time": 0, "revenue_share": D("0"), "leaders_disciplined": 2}
        data = {"inputs": {**inputs, "late_reports": 6}, "criteria": {"2.3": {"points": 1}}}
        res = cc.evaluate(YEAR, data, group=GROUP)

        assert D("0") == res.points
        assert res.points + res.pending + res.lost == res.max

    @pytest.mark.parametrize(
        ("extra", "words"),
        [
            ('[criteria."1.2"]\nname = "x"\nmax = 0\nadjust = "bonus"\n', "only a top-level"),
            ('[criteria."7"]\nname = "x"\nmax = 1\nadjust = "gift"\n', "'adjust' must be one"),
        ],
    )
    def test_bad_adjust(self, extra: str, words: str) -> None:
        """adjust belongs on top-level nodes and names bonus or penalty."""
        text = (ROOT / "tests/fixtures/year/ruleset.toml").read_text(encoding="utf-8") + extra

        with pytest.raises(cc.RulesetError) as caught:
            cc.loads_ruleset(text)

        assert any(words in p.en for p in caught.value.problems)


class TestGrades:
    def full(self, **changes: Any) -> cc.Result:
        inputs = {**SELF, **changes}
        return cc.evaluate(
            YEAR, {"inputs": inputs, "criteria": {"2.3": {"points": 4}}}, group=GROUP
        )

    def test_first_grade_reached(self) -> None:
        """Full marks with every condition met: Tốt, decided by the first grade."""
        res = self.full()

        assert res.grade is not None
        assert ("Tốt", "Good") == (res.grade.label, res.grade.label_en)
        assert ["grade"] == [s.what for s in res.grade.steps]

    def test_condition_decides(self) -> None:
        """A disciplined leader blocks Tốt through its condition; the trace says which."""
        res = self.full(leaders_disciplined=1, initiatives_recognised=1)

        assert D("100") == res.index
        assert res.grade is not None
        assert "Khá" == res.grade.label
        assert 'Tốt: not node_lost("2.2") == 0' == res.grade.steps[0].detail

    def test_threshold_decides(self) -> None:
        """Below every threshold but the last: the catch-all grade."""
        res = self.full(files_on_time=50, revenue_share=D("0.1"))

        assert res.grade is not None
        assert "Yếu" == res.grade.label
        assert ["grade_threshold"] * 3 + ["grade"] == [s.what for s in res.grade.steps]

    def test_no_grades_declared(self) -> None:
        """A rule set without grades gives no grade."""
        rs = cc.load_ruleset("dak-nong/2022/huyen")
        example = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"

        assert None is cc.evaluate(rs, example).grade

    def decree(self, grades: str) -> cc.Ruleset:
        """The year's rule set with ``grades`` (TOML) in place of its own."""
        text = (ROOT / "tests/fixtures/year/ruleset.toml").read_text(encoding="utf-8")
        head, _, rest = text.partition("[[ruleset.grades]]")
        _, _, tail = rest.partition("[inputs.files_resolved]")
        return cc.loads_ruleset(f"{head}{grades}\n[inputs.files_resolved]{tail}")

    def graded(self, ruleset: cc.Ruleset, **changes: Any) -> cc.Result:
        inputs = {**SELF, **changes}
        return cc.evaluate(
            ruleset, {"inputs": inputs, "criteria": {"2.3": {"points": 4}}}, group=GROUP
        )

    def test_a_disqualifying_fact_forces_the_grade(self) -> None:
        """ "Không hoàn thành nhiệm vụ" if a leader was disciplined, whatever the points."""
        ruleset = self.decree(
            """
[[ruleset.grades]]
label = "Hoàn thành xuất sắc nhiệm vụ"
at_least = 90

[[ruleset.grades]]
label = "Không hoàn thành nhiệm vụ"
forced_by = ["leaders_disciplined > 0", "late_reports >= 3"]
"""
        )

        clean = self.graded(ruleset)
        forced = self.graded(ruleset, late_reports=3)

        assert "Hoàn thành xuất sắc nhiệm vụ" == (clean.grade and clean.grade.label)
        assert forced.index >= 80
        assert forced.grade is not None
        assert "Không hoàn thành nhiệm vụ" == forced.grade.label
        assert ("grade_forced", "Không hoàn thành nhiệm vụ: late_reports >= 3") == (
            forced.grade.steps[-1].what,
            forced.grade.steps[-1].detail,
        )

    def test_strict_and_inclusive_thresholds(self) -> None:
        """ "Trên 90" is strictly above: exactly 90 falls to the next grade."""
        ruleset = self.decree(
            """
[[ruleset.grades]]
label = "Tốt"
above = 90

[[ruleset.grades]]
label = "Khá"
at_least = 90
"""
        )
        full = self.graded(ruleset)
        ninety = cc.evaluate(
            ruleset,
            {"inputs": {**SELF}, "criteria": {"2.3": {"points": 2}}},
            group=GROUP,
        )

        assert (D(100), "Tốt") == (full.index, full.grade and full.grade.label)
        assert (D(90), "Khá") == (ninety.index, ninety.grade and ninety.grade.label)
        assert ninety.grade is not None
        assert "Tốt: index 90 ≤ 90" == ninety.grade.steps[0].detail

    def test_conditions_read_declared_inputs(self) -> None:
        """A grade's condition may read the unit's figures; one it lacks cannot hold."""
        ruleset = self.decree(
            """
[[ruleset.grades]]
label = "Tốt"
at_least = 80
when = "late_reports == 0 and points >= 16"

[[ruleset.grades]]
label = "Khá"
"""
        )
        given = self.graded(ruleset)
        late = self.graded(ruleset, late_reports=1)
        inputs = {k: v for k, v in SELF.items() if k != "late_reports"}
        unknown = cc.evaluate(
            ruleset, {"inputs": inputs, "criteria": {"2.3": {"points": 4}}}, group=GROUP
        )

        assert ["Tốt", "Khá"] == [r.grade.label if r.grade else None for r in (given, late)]
        assert unknown.grade is not None
        assert "Khá" == unknown.grade.label
        assert "grade_unknown" == unknown.grade.steps[0].what
        assert str(unknown.grade.steps[0].detail).endswith(": late_reports")

    def test_a_name_neither_total_nor_input_is_refused_as_such(self) -> None:
        """The message says what grade conditions may read: totals or declared inputs."""
        with pytest.raises(cc.ExpressionError) as caught:
            self.decree('[[ruleset.grades]]\nlabel = "A"\nwhen = "late_report == 0"\n')

        (problem,) = caught.value.problems
        assert "is not a total (index, points, pending, lost, max, potential) or a" in problem.en
        assert "did you mean 'late_reports'?" in problem.en

    @pytest.mark.parametrize(
        ("grade", "words"),
        [
            ('label = "A"\nwhen = "node_share(\\"7\\") > 0"', "needs the code of a criterion"),
            ('label = "A"\nabove = "chín mươi"', "'above' must be a number"),
            ('label = "A"\nforced_by = 3', "'forced_by' must be an expression or a list"),
            ('label = "A"\nat_most = 3', "unknown grade key 'at_most'"),
            ('label = "A"\nwhen = "unknown_fn() > 0"', "not a function expressions may call"),
            ('label = "A"\nat_least = "chín mươi"', "'at_least' must be a number"),
            ('label = "A"\nof = "rank"', "'of' must be"),
            ("at_least = 1", "must be a table with a 'label'"),
        ],
    )
    def test_bad_grades(self, grade: str, words: str) -> None:
        """Malformed grades are refused at load time, located."""
        text = (ROOT / "tests/fixtures/year/ruleset.toml").read_text(encoding="utf-8")
        text = text.replace('[[ruleset.grades]]\nlabel = "Yếu"', f"[[ruleset.grades]]\n{grade}")

        with pytest.raises(cc.RulesetError) as caught:
            cc.loads_ruleset(text, file="year.toml")

        found = [p for p in caught.value.problems if words in p.en]
        assert found, caught.value.messages("en")
        assert "year.toml" == found[0].where.file
