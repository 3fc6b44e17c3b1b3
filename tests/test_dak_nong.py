"""The Đắk Nông 2022 district rule set, evaluated on Đắk Song's report of 20/9/2023."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import cchc_index as cc
from cchc_index.scoring.data import read_unit
from cchc_index.scoring.examples import example_paths, verify_example

RULESET_ID = "dak-nong/2022/huyen"
EXAMPLE = (
    Path(__file__).resolve().parents[1]
    / "rules"
    / "dak-nong"
    / "2022"
    / "huyen"
    / "examples"
    / "dak-song-2023-09-20.toml"
)
AS_OF = date(2023, 9, 20)

#: What the report states per field (points, not yet due), read off the seed.
REPORTED_FIELDS = {
    "1": (Decimal("12"), Decimal("1")),
    "2": (Decimal("8.7"), Decimal("0")),
    "3": (Decimal("9.5"), Decimal("1")),
    "4": (Decimal("5.5"), Decimal("2")),
    "5": (Decimal("9.5"), Decimal("0.5")),
    "6": (Decimal("8"), Decimal("0")),
    "7": (Decimal("9"), Decimal("0.5")),
    "8": (Decimal("2.5"), Decimal("0")),
    "9": (Decimal("0"), Decimal("10")),
}


@pytest.fixture(scope="module")
def ruleset() -> cc.Ruleset:
    """The rule set, loaded by its id."""
    return cc.load_ruleset(RULESET_ID)


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    """The example data file, read raw with exact decimals."""
    with EXAMPLE.open("rb") as handle:
        return tomllib.load(handle, parse_float=Decimal)


@pytest.fixture(scope="module")
def result(ruleset: cc.Ruleset) -> cc.Result:
    """Đắk Song's result as of 20/9/2023."""
    return cc.evaluate(ruleset, EXAMPLE, as_of=AS_OF)


def check_expected(result: cc.Result, expected: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Every difference between ``result`` and an example's ``[expected]`` table.

    Keys are ``"total"`` or node codes; values map ``points``/``pending``/``lost``
    to numbers, compared as exact decimals.
    """
    differences = []
    for code, wanted in expected.items():
        actual: cc.Result | cc.NodeResult = result if code == "total" else result[code]
        for key, value in wanted.items():
            got = getattr(actual, key)
            if Decimal(value) != got:
                differences.append(f"{code}.{key}: expected {value}, got {got}")
    return differences


def with_inputs(example: Mapping[str, Any], **changes: object) -> dict[str, Any]:
    """The example data as a mapping, with some inputs replaced."""
    data = {k: v for k, v in example.items() if k not in ("expected", "reported")}
    data["inputs"] = {**example["inputs"], **changes}
    return data


def test_loads_by_id(ruleset: cc.Ruleset) -> None:
    """The id finds the bundled file, whose head says what it is."""
    assert ("dak-nong/2022/huyen", "huyen", 2022, Decimal(100)) == (
        ruleset.id,
        ruleset.level,
        ruleset.year,
        ruleset.max,
    )
    assert ("1", "2", "3", "4", "5", "6", "7", "8", "9") == ruleset.fields


def test_field_maxima(ruleset: cc.Ruleset) -> None:
    """The eight self-assessed fields carry the maxima the report gives; 9 is the province's."""
    expected = ["14", "11", "17", "7.5", "11", "11", "15.5", "3", "10"]
    assert [Decimal(m) for m in expected] == [ruleset[code].max for code in ruleset.fields]
    assert ["self"] * 8 + ["province"] == [ruleset[code].assessor.value for code in ruleset.fields]


def test_every_leaf_has_an_office_or_is_a_remainder_or_province(ruleset: cc.Ruleset) -> None:
    """Named criteria say who is responsible; only remainders and the province's part may not."""
    unowned = [
        node.code
        for node in ruleset.leaves()
        if node.responsible is None
        and not node.name.startswith("Các tiêu chí khác")
        and node.assessor.value != "province"
    ]
    assert [] == unowned


def test_inspection_deadline(ruleset: cc.Ruleset) -> None:
    """The CCHC inspection is due on 30/11."""
    assert date(2023, 11, 30) == ruleset["1.1"].due_in(2023)


def test_fields_match_the_report(result: cc.Result) -> None:
    """Field by field, points and not-yet-due points are those the report gives."""
    actual = {field.code: (field.points, field.pending) for field in result.fields}
    assert REPORTED_FIELDS == actual


def test_total(result: cc.Result) -> None:
    """64,7 secured, 15 pending (5 self-assessed + the province's 10), 20,3 lost, of 100."""
    assert (Decimal("64.7"), Decimal(15), Decimal("20.3"), Decimal(100)) == (
        result.points,
        result.pending,
        result.lost,
        result.max,
    )
    assert Decimal("69.7") == result.potential - result["9"].pending


def test_field_2_is_an_estimate(result: cc.Result) -> None:
    """Field 2 rests on an estimated completion rate; no other field does."""
    assert ["2"] == [field.code for field in result.fields if field.estimated]
    assert result.estimated


def test_province_part_is_pending(result: cc.Result) -> None:
    """The province has not assessed its 10 points by 20/9: not yet due, not failed."""
    province = result["9"]
    assert (cc.Status.NOT_DUE, "province", Decimal(10)) == (
        province.status,
        province.assessor,
        province.pending,
    )


def test_named_criteria(result: cc.Result) -> None:
    """The criteria the report names score as it says."""
    actual = {
        code: (result[code].points, result[code].status)
        for code in ("1.1", "1.2", "3.4.1", "3.4.2", "3.4.3", "5.1", "7.2", "8.1", "8.2")
    }
    assert {
        "1.1": (Decimal(0), cc.Status.NOT_DUE),
        "1.2": (Decimal(1), cc.Status.PARTIAL),
        "3.4.1": (Decimal(2), cc.Status.PARTIAL),
        "3.4.2": (Decimal(0), cc.Status.FAILED),
        "3.4.3": (Decimal(0), cc.Status.FAILED),
        "5.1": (Decimal(0), cc.Status.FAILED),
        "7.2": (Decimal(0), cc.Status.FAILED),
        "8.1": (Decimal("0.25"), cc.Status.PARTIAL),
        "8.2": (Decimal("0.25"), cc.Status.PARTIAL),
    } == actual


def test_on_time_rate_is_derived(result: cc.Result) -> None:
    """The on-time rate comes from the counts (15.739 / 17.604 ≈ 89,4 %), not from an input."""
    metric = next(step for step in result["3.4.1"].trace.steps if step.what == "metric")
    assert metric.value is not None
    assert Decimal("0.894") == metric.value.quantize(Decimal("0.001"))


def test_points_add_up_at_every_node(result: cc.Result) -> None:
    """``points + pending + lost == max`` holds exactly at every node."""
    broken = [n.code for n in result.walk() if n.points + n.pending + n.lost != n.max]
    assert [] == broken


def test_expected_table(result: cc.Result, example: dict[str, Any]) -> None:
    """The example's own ``[expected]`` table holds."""
    assert [] == check_expected(result, example["expected"])


def test_example_verifies(ruleset: cc.Ruleset) -> None:
    """The library's own example check agrees with the helper above."""
    assert [] == verify_example(ruleset, EXAMPLE)
    # The bundled rule set may be read from the installed package or from the checkout.
    [found] = example_paths(ruleset)
    assert found.parts[-5:] == EXAMPLE.parts[-5:]


def test_reported_is_kept(ruleset: cc.Ruleset) -> None:
    """The report's claims travel with the data, raw."""
    unit = read_unit(ruleset, EXAMPLE)
    assert unit.reported is not None
    assert "65,7" == unit.reported["total"]


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"files_on_time": 17_000}, "resolved_adds_up"),
        ({"files_on_time": 18_000}, "on_time_within_resolved"),
        ({"files_new": 19_000}, "received_adds_up"),
        ({"files_resolved": 21_000, "files_on_time": 19_135}, "resolved_within_received"),
    ],
)
def test_inconsistent_counts_are_refused(
    ruleset: cc.Ruleset, example: dict[str, Any], changes: dict[str, int], constraint: str
) -> None:
    """Counts that break a declared constraint raise InputError naming the constraint."""
    with pytest.raises(cc.InputError) as caught:
        cc.evaluate(ruleset, with_inputs(example, **changes), as_of=AS_OF)
    assert any(constraint in p.en for p in caught.value.problems)


def test_after_the_deadline_pending_becomes_missing(
    ruleset: cc.Ruleset, example: dict[str, Any]
) -> None:
    """After 30/11 the inspection, still without a value, is missing: its point is lost."""
    late = cc.evaluate(ruleset, with_inputs(example), as_of=date(2023, 12, 1))
    assert (cc.Status.MISSING, Decimal(0), Decimal(1)) == (
        late["1.1"].status,
        late["1.1"].pending,
        late["1.1"].lost,
    )
