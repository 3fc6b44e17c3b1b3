"""The province's view: overview, comparison and impact, worked out by hand and as properties."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index import testing
from cchc_index.cli import main
from cchc_index.render.overview import (
    render_comparison_markdown,
    render_overview_html,
    render_overview_markdown,
)

#: Two fields: a rate worth 6 (office A) and a yes/no worth 4 (office B); grades at 80.
RULES_TEXT = """
[ruleset]
id = "mau/2026/xa"
title = "Mẫu"
title_en = "Sample"
level = "xa"
year = 2026
max = 10
grades = [
  { label = "Tốt", label_en = "Good", at_least = 80 },
  { label = "Đạt", label_en = "Fair" },
]

[inputs.files]
type = "count"
label = "Hồ sơ"
[inputs.on_time]
type = "count"
label = "Hồ sơ đúng hạn"
[inputs.done]
type = "bool"
label = "Đã thực hiện"
[constraints.part]
expr = "on_time <= files"

[criteria."1"]
name = "Tiến độ"
name_en = "Timeliness"
max = 6
responsible = "Bộ phận A"
[criteria."1.1"]
name = "Tỷ lệ đúng hạn"
max = 6
rule = { kind = "linear", metric = "div(on_time, files)", zero = 0, full = 1 }

[criteria."2"]
name = "Kiểm tra"
max = 4
responsible = "Bộ phận B"
[criteria."2.1"]
name = "Đã kiểm tra"
max = 4
rule = { kind = "check", input = "done" }
"""
RULES = cc.loads_ruleset(RULES_TEXT)


def unit(name: str, on_time: int, done: bool, **extra: Any) -> dict[str, Any]:
    return {"unit": name, "inputs": {"files": 100, "on_time": on_time, "done": done}, **extra}


UNITS = [
    unit("Xã A", 100, True),  # 6 + 4 = 10
    unit("Xã B", 50, True),  # 3 + 4 = 7
    unit("Xã C", 100, False),  # 6 + 0 = 6
    unit("Xã D", 50, True, reported={"total": 8}),  # 7, reports 8
    unit("Xã E", 120, True),  # refused: on time > files
]


@pytest.fixture(scope="module")
def seen() -> cc.Overview:
    return cc.overview(RULES, UNITS)


def test_the_ranking_shares_ties_and_carries_grades(seen: cc.Overview) -> None:
    assert [(p.rank, p.unit, p.points, p.grade) for p in seen.ranking] == [
        (1, "Xã A", D(10), "Tốt"),
        (2, "Xã B", D(7), "Đạt"),
        (2, "Xã D", D(7), "Đạt"),
        (4, "Xã C", D(6), "Đạt"),
    ]


def test_a_refused_unit_is_listed_and_the_others_go_on(seen: cc.Overview) -> None:
    (refused,) = seen.refused
    assert refused.unit == "Xã E"
    assert "on_time <= files" in refused.en[0]


def test_the_distribution_counts_every_scored_unit_once(seen: cc.Overview) -> None:
    counts = {b.low: b.count for b in seen.distribution}
    assert (counts[D(60)], counts[D(70)], counts[D(90)]) == (1, 2, 1)  # 100 is in the last bin
    assert sum(counts.values()) == len(seen.ranking)


def test_the_heat_map_gives_each_share_in_ranking_order(seen: cc.Overview) -> None:
    rate, done = seen.heatmap
    assert (rate.code, done.code) == ("1.1", "2.1")
    assert [(c.unit, c.share) for c in rate.cells] == [
        ("Xã A", D(1)),
        ("Xã B", D("0.5")),
        ("Xã D", D("0.5")),
        ("Xã C", D(1)),
    ]
    assert [c.share for c in done.cells] == [D(1), D(1), D(1), D(0)]


def test_losses_are_summed_by_criterion_and_by_office(seen: cc.Overview) -> None:
    assert [(loss.code, loss.lost, loss.units, loss.responsible) for loss in seen.losses] == [
        ("1.1", D(6), 2, "Bộ phận A"),
        ("2.1", D(4), 1, "Bộ phận B"),
    ]
    assert [(o.responsible, o.lost) for o in seen.offices] == [
        ("Bộ phận A", D(6)),
        ("Bộ phận B", D(4)),
    ]


def test_field_statistics(seen: cc.Overview) -> None:
    timeliness, checking = seen.fields
    assert (timeliness.mean, timeliness.median, timeliness.low, timeliness.high) == (
        D("4.5"),
        D("4.5"),
        D(3),
        D(6),
    )
    assert (checking.mean, checking.median, checking.low, checking.high) == (D(3), D(4), D(0), D(4))


def test_a_report_that_disagrees_is_named(seen: cc.Overview) -> None:
    ((name, (found,)),) = seen.discrepancies
    assert name == "Xã D"
    assert "the report states 8 points, the rules give 7" in found.message("en")


def test_moving_a_fields_weight_moves_the_ranks_it_can(seen: cc.Overview) -> None:
    # In the batch, no ±10 % moves anyone: C (6) stays below B and D (7) however the
    # two fields are weighted (e.g. checking × 0,9: B = 6,6/9,6 = 68,75 %, C = 62,5 %).
    assert all(s.moved == () for s in seen.sensitivity)
    # P = 1,8 + 4 = 5,8 ranks below Q = 6 + 0. Checking × 1,1: P = 6,2/10,4 = 59,6 %
    # passes Q = 6/10,4 = 57,7 %; checking × 0,9: P = 5,4/9,6 < Q = 6/9,6: no change.
    swap = cc.overview(RULES, [unit("Xã P", 30, True), unit("Xã Q", 100, False)])
    assert [p.unit for p in swap.ranking] == ["Xã Q", "Xã P"]
    moved = {(s.code, s.shift): s.moved for s in swap.sensitivity}
    assert moved[("2", D("0.1"))] == (("Xã Q", 1, 2), ("Xã P", 2, 1))
    assert moved[("2", D("-0.1"))] == ()


def test_renderers_show_every_part(seen: cc.Overview) -> None:
    markdown = render_overview_markdown(seen, locale="en")
    for part in ("Ranking", "Distribution of the index", "Where the province loses most points"):
        assert part in markdown
    page = render_overview_html(seen, locale="vi")
    assert page.count('<td class="heat') == 8  # 4 units × 2 criteria
    assert "hsl(120, 70%, 80%)" in page  # full points: green
    assert "hsl(0, 70%, 80%)" in page  # nothing: red
    assert "<svg" in page


def test_json_keeps_numbers_exact(seen: cc.Overview) -> None:
    data = json.loads(json.dumps(seen.to_dict()))
    assert data["ranking"][0] == {
        "rank": 1,
        "unit": "Xã A",
        "points": "10",
        "max": "10",
        "index": "100",
        "pending": "0",
        "grade": "Tốt",
        "grade_en": "Good",
    }


def test_year_over_year_movement() -> None:
    before = cc.evaluate_many(RULES, UNITS[:4])
    after = cc.evaluate_many(RULES, [unit("Xã A", 50, True), unit("Xã B", 100, True), *UNITS[2:4]])
    moved = cc.compare(before, after, labels=("2025", "2026"))
    first, second, *rest = moved.units
    # Grade changes first: A falls from Tốt to Đạt, B rises to Tốt.
    assert {first.unit, second.unit} == {"Xã A", "Xã B"}
    a = next(u for u in moved.units if u.unit == "Xã A")
    assert (a.points, a.rank, a.grade_changed) == (D(-3), -1, True)
    assert a.criteria == (("1", D(6), D(3)), ("1.1", D(6), D(3)))
    assert [(c.code, c.total, c.gains, c.losses) for c in moved.criteria] == [
        ("1.1", D(0), D(3), D(-3))
    ]
    assert all(u.points == 0 for u in rest)


def test_impact_of_a_revision_names_changes_and_missing_inputs() -> None:
    text = RULES_TEXT.replace(
        'rule = { kind = "check", input = "done" }',
        'rule = { kind = "check", input = "reported_on_time" }',
    ).replace(
        '[inputs.done]\ntype = "bool"\nlabel = "Đã thực hiện"',
        '[inputs.done]\ntype = "bool"\nlabel = "Đã thực hiện"\n'
        '[inputs.reported_on_time]\ntype = "bool"\nlabel = "Báo cáo đúng hạn"',
    )
    revised = cc.loads_ruleset(text.replace('id = "mau/2026/xa"', 'id = "mau-moi/2026/xa"'))
    found = cc.impact(RULES, revised, UNITS[:2])
    # No unit gives the new input: 2.1 is missing under the new rules, 4 points lost each.
    assert found.missing == (("Xã A", ("reported_on_time",)), ("Xã B", ("reported_on_time",)))
    a = next(u for u in found.comparison.units if u.unit == "Xã A")
    assert a.before is not None
    assert a.after is not None
    assert (a.before.points, a.after.points, a.grade_changed) == (D(10), D(6), True)
    assert [c.kind.value for c in found.changes.changes] == ["rule_changed", "input_added"]
    markdown = render_comparison_markdown(found, locale="en")
    assert "Inputs the new rules need that a unit does not give" in markdown
    assert "Xã A: reported\\_on\\_time" in markdown


@pytest.mark.property
@given(st.data())
def test_an_overview_accounts_for_every_unit_and_point(data: st.DataObject) -> None:
    ruleset = data.draw(testing.rulesets(max_depth=2))
    units = [
        {**data.draw(testing.data_for(ruleset)), "unit": f"U{i}"}
        for i in range(data.draw(st.integers(1, 4)))
    ]
    seen = cc.overview(ruleset, units)
    assert len(seen.ranking) + len(seen.refused) == len(units)
    assert sum(b.count for b in seen.distribution) == len(seen.ranking)
    for row in seen.heatmap:
        for cell in row.cells:
            assert cell.share is None or D(0) <= cell.share <= D(1)
    results = {i.result.unit: i.result for i in cc.evaluate_many(ruleset, units) if i.result}
    lost = sum((r[n.code].lost for r in results.values() for n in ruleset if n.is_leaf), D(0))
    assert sum((loss.lost for loss in seen.losses), D(0)) == lost
    assert [p.rank for p in seen.ranking] == sorted(p.rank for p in seen.ranking)


def test_the_command_writes_json_and_says_what_was_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    for i, data in enumerate(UNITS):
        (folder / f"{i}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES_TEXT, "utf-8")
    code = main(["overview", str(rules), str(folder), "--format", "json", "--locale", "en"])
    out, err = capsys.readouterr()
    assert code == 1  # one unit refused
    assert [p["unit"] for p in json.loads(out)["ranking"]] == ["Xã A", "Xã B", "Xã D", "Xã C"]
    assert err.startswith("Xã E: ")


def test_the_impact_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit;files;on_time;done\nXã A;100;100;có\nXã B;100;50;không\n", "utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES_TEXT, "utf-8")
    revised = tmp_path / "revised.toml"
    revised.write_text(
        RULES_TEXT.replace('id = "mau/2026/xa"', 'id = "mau-moi/2026/xa"').replace(
            "full = 1 }", "full = 0.8 }"
        ),
        "utf-8",
    )
    code = main(["impact", str(rules), str(revised), str(sheet), "--format", "markdown"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "| Xã B | 2 | 2 | 3 | 3,75 | +0,75 |" in out


def test_the_workbook_has_a_sheet_per_part_and_native_charts(
    seen: cc.Overview, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from cchc_index.excel import write_overview_workbook

    path = tmp_path / "tong-quan.xlsx"
    write_overview_workbook(seen, path, locale="en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Ranking",
        "Distribution",
        "Heat map",
        "Losses",
        "Fields",
        "Stability",
        "Problems",
    ]
    ranking = book["Ranking"]
    assert [c.value for c in ranking[4]] == [1, "Xã A", 10, 10, 100, 0, "Good"]
    heat = book["Heat map"]
    assert (heat["A5"].value, heat["B5"].value, heat["B5"].number_format) == ("Xã B", 0.5, "0%")
    assert heat["C7"].fill.fgColor.rgb.endswith("FF7F9F")  # Xã C, 2.1: nothing, light red
    assert len(book["Distribution"]._charts) == len(book["Fields"]._charts) == 1
