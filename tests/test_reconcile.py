"""Reconciling a reported score sheet with computed results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import cchc_index as cc
from cchc_index.reports.reconcile import Discrepancy, DiscrepancyKind, reconcile
from cchc_index.scoring.data import read_unit

EXAMPLE = (
    Path(__file__).resolve().parents[1]
    / "rules"
    / "dak-nong"
    / "2022"
    / "huyen"
    / "examples"
    / "dak-song-2023-09-20.toml"
)

#: The seed report's sheet: its fields and its stated total, as the report writes them.
SEED_SHEET: dict[str, object] = {
    "total": "65,7",
    "1": 12,
    "2": "8,7",
    "3": "9.5",
    "4": "5.5",
    "5": "9.5",
    "6": 8,
    "7": 9,
    "8": "2.5",
}


@pytest.fixture(scope="module")
def ruleset() -> cc.Ruleset:
    """The Đắk Nông district rule set."""
    return cc.load_ruleset("dak-nong/2022/huyen")


@pytest.fixture(scope="module")
def result(ruleset: cc.Ruleset) -> cc.Result:
    """Đắk Song's result as of 20/9/2023."""
    return cc.evaluate(ruleset, EXAMPLE, as_of=date(2023, 9, 20))


def only(found: list[Discrepancy]) -> Discrepancy:
    """The single discrepancy of a list that must hold exactly one."""
    assert 1 == len(found)
    return found[0]


def test_seed_sheet_differs_on_the_total_only(result: cc.Result) -> None:
    """The report's fields hold; its total 65,7 does not (they add up to 64,7)."""
    found = only(reconcile(result, SEED_SHEET))
    assert ("total", Decimal("65.7"), Decimal("64.7"), DiscrepancyKind.DIFFERS) == (
        found.code,
        found.reported,
        found.computed,
        found.kind,
    )
    assert Decimal(1) == found.difference


def test_example_reported_table(ruleset: cc.Ruleset, result: cc.Result) -> None:
    """The example's own ``[reported]`` table, kept raw on the data, gives the same finding."""
    reported = read_unit(ruleset, EXAMPLE).reported
    assert reported is not None
    assert ["total"] == [d.code for d in reconcile(result, reported)]


def test_messages_in_both_languages(result: cc.Result) -> None:
    """The message names both figures, in each language's own way of writing them."""
    found = only(reconcile(result, {"total": "65,7"}))
    assert "65,7" in found.message()
    assert "64,7" in found.message("vi")
    assert "65.7" in found.message("en")
    assert "64.7" in found.message("en")
    assert found.vi == found.message()


def test_sheet_that_holds(result: cc.Result) -> None:
    """A sheet whose every claim holds gives no discrepancy."""
    assert [] == reconcile(result, {"total": "64,7", "2": Decimal("8.70"), "3.4.1": 2.0})


def test_exact_comparison(result: cc.Result) -> None:
    """Equal decimals match whatever their scale; any difference at all is reported."""
    assert [] == reconcile(result, {"2": "8,70"})
    assert ["2"] == [d.code for d in reconcile(result, {"2": "8,71"})]


def test_unknown_code(result: cc.Result) -> None:
    """A claim for a code the rule set does not have is a discrepancy, with a suggestion."""
    found = only(reconcile(result, {"3.7": 1}))
    assert ("3.7", Decimal(1), None, DiscrepancyKind.UNKNOWN_CODE) == (
        found.code,
        found.reported,
        found.computed,
        found.kind,
    )
    assert found.difference is None


def test_above_max(result: cc.Result) -> None:
    """A claim above its node's max is out of range, whatever the computed points."""
    found = only(reconcile(result, {"1.2": 3}))
    assert ("1.2", Decimal(3), Decimal(1), DiscrepancyKind.OUT_OF_RANGE) == (
        found.code,
        found.reported,
        found.computed,
        found.kind,
    )
    assert "2" in found.message("en")


def test_total_above_max(result: cc.Result) -> None:
    """A total above the rule set's 100 points is out of range."""
    assert [DiscrepancyKind.OUT_OF_RANGE] == [d.kind for d in reconcile(result, {"total": 101})]


def test_negative(result: cc.Result) -> None:
    """Points below 0 are out of range."""
    assert [DiscrepancyKind.OUT_OF_RANGE] == [d.kind for d in reconcile(result, {"8": "-0,5"})]


def test_order(result: cc.Result) -> None:
    """Total first, then criteria in decree order, then unknown codes as written."""
    sheet: dict[str, object] = {"9.9": 1, "8": 3, "total": 1, "1": 1, "x": 1}
    assert ["total", "1", "8", "9.9", "x"] == [d.code for d in reconcile(result, sheet)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("65,7", Decimal("65.7")),
        (" 65,7 ", Decimal("65.7")),
        ("64.7", Decimal("64.7")),
        ("12", Decimal(12)),
        ("0,25", Decimal("0.25")),
        (8.7, Decimal("8.7")),
        (Decimal("8.70"), Decimal("8.7")),
    ],
)
def test_accepted_values(result: cc.Result, text: object, value: Decimal) -> None:
    """Vietnamese text, plain machine decimals, floats and Decimals are read exactly."""
    found = only(reconcile(result, {"9": text}))
    assert value == found.reported


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "",
        "65,7/90",
        "1.500",  # 1500 the Vietnamese way, 1.5 the machine way: ambiguous
        "65.7.1",
        "1e3",
        "NaN",
        True,
        None,
        [12],
        {"points": 12},
        float("nan"),
        float("inf"),
        Decimal("Infinity"),
        Decimal("1E+999999999"),
        Decimal("1E-999999999"),
        10**20,
        "9" * 1000,
    ],
)
def test_bad_values_raise_input_error(result: cc.Result, value: object) -> None:
    """A reported value that is not a number is an InputError naming its code."""
    with pytest.raises(cc.InputError) as caught:
        reconcile(result, {"3": value})
    assert ["3"] == [p.where.key for p in caught.value.problems]


def test_every_bad_value_is_listed(result: cc.Result) -> None:
    """All bad entries of a sheet are reported at once."""
    sheet: dict[Any, object] = {"1": "x", "2": "8,7", "3": None, 4: 5.5}
    with pytest.raises(cc.InputError) as caught:
        reconcile(result, sheet)
    assert 3 == len(caught.value.problems)


@pytest.mark.parametrize("reported", [None, [("total", 64.7)], "65,7", 64.7, {"total"}])
def test_non_mapping_raises_input_error(result: cc.Result, reported: Any) -> None:
    """A sheet that is not a mapping is an InputError."""
    with pytest.raises(cc.InputError):
        reconcile(result, reported)


def test_non_result_raises_input_error() -> None:
    """Reconciling something that is not a Result is an InputError."""
    not_a_result: Any = {"points": 64.7}
    with pytest.raises(cc.InputError):
        reconcile(not_a_result, {"total": 64.7})
