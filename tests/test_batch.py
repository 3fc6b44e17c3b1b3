"""A province at once: evaluate_many, group-relative criteria, ranking, units sheets."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

import cchc_index as cc

ROOT = Path(__file__).resolve().parents[1]
YEAR = cc.load_ruleset(ROOT / "tests/fixtures/year")
DAK_NONG = cc.load_ruleset("dak-nong/2022/huyen")
EXAMPLE = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"


def commune(name: str, revenue: str, on_time: int = 99) -> dict[str, Any]:
    """One commune's data for the year rule set."""
    return {
        "unit": name,
        "inputs": {
            "files_resolved": 100,
            "files_on_time": on_time,
            "revenue_share": D(revenue),
            "leaders_disciplined": 0,
            "initiatives_recognised": 0,
            "late_reports": 0,
        },
        "criteria": {"2.3": {"points": 4}},
    }


def test_relative_criterion_compares_with_the_group() -> None:
    """At or above the communes' mean revenue share gives the points; below, none."""
    items = list(
        cc.evaluate_many(YEAR, [commune("A", "0.7"), commune("B", "0.9"), commune("C", "1")])
    )
    points = {item.unit: item.result["2.1"].points for item in items if item.result}

    assert {"A": D("0"), "B": D("4"), "C": D("4")} == points
    mean = items[0].result.nodes["2.1"].trace.step("mean") if items[0].result else None
    assert mean is not None
    assert mean.value is not None
    assert D("0.8667") == mean.value.quantize(D("0.0001"))


def test_single_unit_waits_for_the_group() -> None:
    """Evaluated alone, a relative criterion is pending with a clear reason."""
    res = cc.evaluate(YEAR, commune("A", "0.7"))

    assert ("not_due", D("4")) == (res["2.1"].status.value, res["2.1"].pending)
    assert res["2.1"].trace.step("group_needed") is not None


def test_single_unit_with_a_given_statistic() -> None:
    """evaluate(group=...) takes the group's statistic directly."""
    res = cc.evaluate(YEAR, commune("A", "0.7"), group={"2.1": D("0.65")})

    assert D("4") == res["2.1"].points


def test_bad_unit_does_not_lose_the_others() -> None:
    """A unit whose data is refused carries its error; the others are scored."""
    bad = commune("B", "0.9")
    bad["inputs"]["files_on_time"] = 101
    items = list(cc.evaluate_many(YEAR, [commune("A", "0.8"), bad, commune("C", "1")]))

    assert [True, False, True] == [item.ok for item in items]
    assert "B" == items[1].unit
    assert items[1].error is not None
    assert "on_time_within_resolved" in items[1].error.problems[0].en


def test_streams_without_relative_criteria() -> None:
    """Without relative criteria, results come out as units go in (a generator)."""
    seen: list[int] = []

    def units() -> Any:
        for i in range(3):
            seen.append(i)
            yield EXAMPLE

    stream = cc.evaluate_many(DAK_NONG, units())
    first = next(stream)

    assert ([0], D("64.7")) == (seen, first.result.points if first.result else None)


def test_evaluate_many_equals_evaluate() -> None:
    """Each batch result is what evaluate gives for that unit alone (with its group)."""
    units = [commune("A", "0.7", 90), commune("B", "0.9", 99), commune("C", "1", 80)]
    group = {"2.1": (D("0.7"), D("0.9"), D("1"))}

    batch = [item.result for item in cc.evaluate_many(YEAR, units)]
    alone = [cc.evaluate(YEAR, unit, group=group) for unit in units]

    assert alone == batch


class TestRank:
    def test_competition_ranking(self) -> None:
        """Ties share a rank and the next rank skips: 1, 2, 2, 4."""
        units = [
            commune("D", "1", 80),
            commune("B", "1", 90),
            commune("A", "1", 99),
            commune("C", "1", 90),
        ]
        ranking = cc.rank(cc.evaluate_many(YEAR, units))

        assert [(1, "A"), (2, "B"), (2, "C"), (4, "D")] == [
            (r.rank, r.result.unit) for r in ranking
        ]

    def test_identical_units_rank_together(self) -> None:
        """Two identical units rank 1 and 1."""
        results = [cc.evaluate(DAK_NONG, EXAMPLE), cc.evaluate(DAK_NONG, EXAMPLE)]

        assert [1, 1] == [r.rank for r in cc.rank(results)]

    def test_errors_are_left_out(self) -> None:
        """Batch items that carry an error do not take a place."""
        bad = commune("B", "0.9")
        bad["inputs"]["revenue_share"] = D("2")
        ranking = cc.rank(cc.evaluate_many(YEAR, [commune("A", "0.9"), bad]))

        assert ["A"] == [r.result.unit for r in ranking]

    def test_by_points_and_unknown_key(self) -> None:
        """Ranking by points works; an unknown key is an input error."""
        results = [cc.evaluate(DAK_NONG, EXAMPLE)]

        assert D("64.7") == cc.rank(results, by="points")[0].value
        with pytest.raises(cc.InputError):
            cc.rank(results, by="name")


def first_error(sheet: Path) -> None:
    """Read and score a units sheet; raise the first error any unit carries."""
    for item in cc.evaluate_many(YEAR, cc.read_units(sheet)):
        if item.error is not None:
            raise item.error


class TestReadUnits:
    def test_vietnamese_sheet(self, tmp_path: Path) -> None:
        """Semicolon CSV, Vietnamese numbers, manual points and flags: read and scored."""
        sheet = tmp_path / "xa.csv"
        sheet.write_text(
            "unit;files_resolved;files_on_time;revenue_share;leaders_disciplined;"
            "initiatives_recognised;late_reports;points:2.3\n"
            "Xã A;1.000;990;0,9;0;0;0;4\n"
            "Xã B;1.000;950;0,95;1;;;3,5\n",
            encoding="utf-8",
        )
        units = cc.read_units(sheet)
        items = list(cc.evaluate_many(YEAR, units))

        assert {"files_resolved": "1.000", "files_on_time": "990"}.items() <= units[0][
            "inputs"
        ].items()
        assert [True, True] == [item.ok for item in items]
        assert items[1].result is not None
        assert D("3.5") == items[1].result["2.3"].points

    def test_bad_cells_are_located(self, tmp_path: Path) -> None:
        """A cell typed the other locale's way is refused for that unit only."""
        sheet = tmp_path / "xa.csv"
        sheet.write_text('unit,revenue_share\nXã A,"0,9"\nXã B,0.9\n', encoding="utf-8")
        items = list(cc.evaluate_many(YEAR, cc.read_units(sheet)))

        assert [True, False] == [item.ok for item in items]

    @pytest.mark.parametrize("text", ["", "unit,a\nx,1,2\n", "unit,not_applicable:2.2\nx,maybe\n"])
    def test_malformed_sheets(self, tmp_path: Path, text: str) -> None:
        """An empty sheet or a row longer than the header is refused; odd flags reach the reader."""
        sheet = tmp_path / "xa.csv"
        sheet.write_text(text, encoding="utf-8")

        with pytest.raises(cc.InputError):
            first_error(sheet)

    def test_unreadable_file(self, tmp_path: Path) -> None:
        """A missing or non-UTF-8 sheet is an input error."""
        with pytest.raises(cc.InputError):
            cc.read_units(tmp_path / "missing.csv")
        (tmp_path / "latin.csv").write_bytes("unit\nX\xe3 A\n".encode("cp1252"))
        with pytest.raises(cc.InputError):
            cc.read_units(tmp_path / "latin.csv")


@pytest.mark.parametrize(
    "group",
    [1.5, "abc", (1, 2), [1, 2], {5: 1}],
    ids=["float", "text", "tuple", "list", "code-not-text"],
)
def test_a_group_that_is_no_mapping_of_codes(group: Any) -> None:
    """``group=`` must map criterion codes to figures: anything else is an input error."""
    with pytest.raises(cc.InputError) as caught:
        cc.evaluate(YEAR, commune("A", "0.7"), group=group)

    assert "group" == caught.value.problems[0].where.key


@pytest.mark.parametrize(
    "figures",
    ["x", ["1", "2"], (1.5, "a"), [], float("nan"), [D("NaN")], 10**5000, [[1]]],
    ids=["text", "texts", "mixed", "empty", "nan", "nan-in-list", "long-int", "nested"],
)
def test_a_group_figure_that_is_no_number(figures: Any) -> None:
    """A criterion's group figures that are not numbers are refused at that criterion."""
    with pytest.raises(cc.InputError) as caught:
        cc.evaluate(YEAR, commune("A", "0.7"), group={"2.1": figures})

    problem = caught.value.problems[0]
    assert ("2.1", "group") == (problem.where.node, problem.where.key)
    assert len(problem.en) < 200


def test_group_figures_as_floats_and_ints() -> None:
    """Floats (by their repr) and ints are figures like Decimals: the same points."""
    as_decimals = cc.evaluate(YEAR, commune("A", "0.7"), group={"2.1": (D("0.5"), D("1"))})
    floats: Any = {"2.1": [0.5, 1]}
    as_floats = cc.evaluate(YEAR, commune("A", "0.7"), group=floats)

    assert as_decimals["2.1"].points == as_floats["2.1"].points
