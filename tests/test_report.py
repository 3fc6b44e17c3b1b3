"""The mid-year report (``cchc_index.report``) and the plan it opens with (``reports.plan``)."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index import InputError, Report, Result, Ruleset, Status
from cchc_index.render import render_report_html, render_report_markdown, render_report_text
from cchc_index.reports.plan import COUNTS, PARTS, STATES, FieldPlan, Plan, read_plan
from cchc_index.reports.report import build_report
from cchc_index.rulefiles.loader import parse_ruleset
from cchc_index.testing import data_for, raw_rulesets

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
AS_OF = date(2023, 9, 20)


@pytest.fixture(scope="module")
def rs() -> Ruleset:
    """The bundled Đắk Nông district rules."""
    return cc.load_ruleset("dak-nong/2022/huyen")


@pytest.fixture(scope="module")
def seed(rs: Ruleset) -> Report:
    """The report of the seed example, Đắk Song on 20/9/2023."""
    return cc.report(rs, EXAMPLE, as_of=AS_OF)


@pytest.fixture
def raw() -> dict[str, Any]:
    """The seed example's data, read afresh so that a test may change it."""
    with EXAMPLE.open("rb") as f:
        return tomllib.load(f, parse_float=Decimal)


# -- the plan (section I) ----------------------------------------------------------------


def test_seed_plan_is_the_reports(seed: Report) -> None:
    """57 tasks in 7 fields, 50 under way, per field 8/7, 4/4, 17/17, 2/2, 5/4, 4/3, 17/13."""
    plan = seed.plan
    assert plan is not None

    assert 57 == plan.total
    assert 50 == plan.under_way
    expected = [("1", 8, 7), ("2", 4, 4), ("3", 17, 17), ("4", 2, 2), ("5", 5, 4), ("6", 4, 3)]
    expected.append(("7", 17, 13))
    assert expected == [(f.code, f.total, f.under_way) for f in plan]
    assert FieldPlan(
        code="7",
        total=17,
        under_way=13,
        not_started=2,
        not_applicable=1,
        overdue=1,
        note=plan.fields[6].note,
    ) == plan.field("7")
    assert all(0 == f.unreported for f in plan)
    assert plan.field("8") is None


def test_plan_counts_left_out_are_not_reported(rs: Ruleset) -> None:
    """A count the data leaves out is None (not reported), which is not 0."""
    plan = read_plan(rs, {"plan": {"2": {"total": 4}}})
    assert plan is not None

    assert None is plan.fields[0].under_way
    assert None is plan.under_way
    assert None is plan.share("under_way")
    assert 4 == plan.fields[0].unreported


def test_no_plan_table_is_no_plan(rs: Ruleset) -> None:
    """Data without [plan] has no plan; the report then opens with its key figures."""
    assert None is read_plan(rs, {"inputs": {}})


@pytest.mark.parametrize(
    ("plan", "where", "words"),
    [
        ({"10": {"total": 3}}, "plan.10", "did you mean '1'"),
        ({"3.4": {"total": 3}}, "plan.3.4", "per field"),
        ({"1": {"total": -1}}, "plan.1.total", "from 0 to 100,000"),
        ({"1": {"total": 7.5}}, "plan.1.total", "not a number of tasks"),
        ({"1": {"total": "8"}}, "plan.1.total", "not a number of tasks"),
        ({"1": {"total": True}}, "plan.1.total", "not a number of tasks"),
        ({"1": {"under_way": 3}}, "plan.1", "'total'"),
        ({"1": {"total": 8, "under_way": 7, "not_started": 2}}, "plan.1", "add up to 9"),
        ({"1": {"total": 8, "under_way": 2, "done": 3}}, "plan.1", "'under_way'"),
        ({"1": {"total": 8, "done": 5, "behind_target": 4}}, "plan.1", "'total'"),
        ({"1": {"total": 8, "under_wya": 2}}, "plan.1.under_wya", "did you mean 'under_way'"),
        ({"1": {"total": 8, "note": 3}}, "plan.1.note", "text"),
        ({"1": 8}, "plan.1", "table of counts"),
        ([1, 2], "plan", "table of fields"),
    ],
)
def test_bad_plans_are_located_input_errors(
    rs: Ruleset, plan: object, where: str, words: str
) -> None:
    """Every bad plan is an InputError located at its key, with what is wrong."""
    with pytest.raises(InputError) as caught:
        read_plan(rs, {"plan": plan})

    [problem] = caught.value.problems
    assert where == problem.where.key
    assert words in problem.message("en")


def test_every_plan_problem_at_once(rs: Ruleset, tmp_path: Path) -> None:
    """All of a file's plan problems come together, each located in the file."""
    data = tmp_path / "unit.toml"
    data.write_text(
        '[plan."1"]\ntotal = -1\n[plan."12"]\ntotal = 3\n[plan."2"]\ntotal = 2\nunder_way = 3\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_plan(rs, data)

    assert ["plan.1.total", "plan.12", "plan.2"] == [p.where.key for p in caught.value.problems]
    assert all(str(data) == p.where.file for p in caught.value.problems)


def test_report_tells_plan_and_data_problems_together(rs: Ruleset) -> None:
    """A report of data with bad inputs and a bad plan lists both kinds of problem."""
    with pytest.raises(InputError) as caught:
        cc.report(rs, {"inputs": {"files_resolved": -1}, "plan": {"1": {"total": -2}}})

    assert ["files_resolved", None] == [p.where.input for p in caught.value.problems]
    assert "plan.1.total" == caught.value.problems[1].where.key


@given(
    st.dictionaries(
        st.sampled_from(("1", "2", "3", "7")),
        st.tuples(st.integers(0, 60), st.lists(st.integers(0, 20), min_size=7, max_size=7)),
    )
)
def test_plan_is_accepted_exactly_when_it_adds_up(
    fields: dict[str, tuple[int, list[int]]],
) -> None:
    """A plan is read when its states fit in the total and its parts in under_way; else refused."""
    rs = cc.load_ruleset("dak-nong/2022/huyen")
    raw = {
        code: {"total": total, **dict(zip((*STATES, *PARTS), counts, strict=True))}
        for code, (total, counts) in fields.items()
    }

    def fits(entry: dict[str, int]) -> bool:
        states = sum(entry[s] for s in STATES)
        return states <= entry["total"] and sum(entry[p] for p in PARTS) <= entry["under_way"]

    if all(fits(entry) for entry in raw.values()):
        plan = read_plan(rs, {"plan": raw})
        assert plan is not None
        assert [c for c in rs.fields if c in raw] == [f.code for f in plan]
        assert all(raw[f.code][name] == f.count(name) for f in plan for name in COUNTS)
        assert sum(e["total"] for e in raw.values()) == plan.total
    else:
        with pytest.raises(InputError):
            read_plan(rs, {"plan": raw})


# -- the report's content ----------------------------------------------------------------


def test_seed_report_range(seed: Report) -> None:
    """Secured 64,7; 15 pending of which 10 are the province's; best case 79,7 (69,7 of 90)."""
    r = seed.range

    assert (Decimal("64.7"), Decimal("15"), Decimal("20.3")) == (r.points, r.pending, r.lost)
    assert (Decimal("79.7"), Decimal("64.7"), Decimal("79.7")) == (
        r.potential,
        r.index,
        r.best_index,
    )
    parts = [
        ("self", Decimal(90), Decimal("64.7"), Decimal(5), Decimal("69.7")),
        ("province", Decimal(10), Decimal(0), Decimal(10), Decimal(10)),
    ]
    assert parts == [(p.assessor, p.max, p.points, p.pending, p.potential) for p in r.parts]
    assert r.estimated


def test_seed_report_losses(seed: Report) -> None:
    """Section II lists every point not obtained, failed or not yet due, with its office."""
    first = seed.fields[0]
    assert ("1", Decimal(12), Decimal(14)) == (first.code, first.points, first.max)
    assert ["1.1", "1.2"] == [e.code for e in first.losses]
    inspection, innovation = first.losses
    assert (Status.NOT_DUE, Decimal(1), date(2023, 11, 30), "Phòng Nội vụ") == (
        inspection.status,
        inspection.pending,
        inspection.due,
        inspection.responsible,
    )
    assert (Status.PARTIAL, Decimal(1)) == (innovation.status, innovation.lost)
    assert ["3.4.1", "3.4.2", "3.4.3", "3.5"] == [e.code for e in seed.fields[2].losses]
    assert ["3.4.1", "3.4.2", "3.4.3"] == [e.code for e in seed.fields[2].failed]
    assert ["3.5"] == [e.code for e in seed.fields[2].not_due]
    assert Decimal(5) == sum(e.pending for e in seed.losses if e.assessor == "self")


def test_seed_report_assessment_and_next_steps(seed: Report) -> None:
    """III names the largest losses and the fields that lost nothing; IV groups by office."""
    assert ["7.2", "3.4.3", "2.1"] == [e.code for e in seed.shortcomings]
    assert ["4"] == [f.code for f in seed.on_track]
    offices = [(t.responsible, t.gain) for t in seed.next_steps]
    assert ("Văn phòng HĐND&UBND huyện", Decimal("12.5")) == offices[0]
    assert (None, Decimal(10)) == offices[-1]
    assert "province" == seed.next_steps[-1].assessor
    assert sum(t.gain for t in seed.next_steps) == sum(
        o.gain for t in seed.next_steps for o in t.opportunities
    )


def test_seed_report_figures_and_discrepancy(seed: Report) -> None:
    """Key figures are the data's numeric inputs; the reported 65,7 is flagged."""
    figures = {f.name: f.value for f in seed.figures}
    assert 20845 == figures["files_received"]
    assert 17604 == figures["files_resolved"]
    assert Decimal("10.94") == figures["online_service_rate"]
    assert "apologised_all_late_files" not in figures  # a yes/no is not a figure
    assert [("total", Decimal("65.7"), Decimal("64.7"))] == [
        (d.code, d.reported, d.computed) for d in seed.discrepancies
    ]


def test_report_needs_a_result() -> None:
    """build_report() of something else is the library's InputError."""
    with pytest.raises(InputError):
        build_report("64.7")  # type: ignore[arg-type]


def test_report_of_a_result_read_back(seed: Report) -> None:
    """A result read back from JSON still reports, without what-if, figures and parts."""
    assert seed.result is not None
    back = Result.from_dict(seed.result.to_dict())
    report = build_report(back)

    assert seed.range.points == report.range.points
    assert () == report.next_steps
    assert () == report.figures
    assert "64,7" in render_report_markdown(report)


def test_report_without_plan_opens_with_figures(rs: Ruleset, raw: dict[str, Any]) -> None:
    """Without [plan], section I is the key figures."""
    del raw["plan"]
    report = cc.report(rs, raw, as_of=AS_OF)

    assert report.plan is None
    text = render_report_text(report, locale="en")
    assert "I. KEY FIGURES" in text
    assert "II. POINTS PER FIELD" in text


# -- rendered, in Vietnamese and English ----------------------------------------------------


@pytest.mark.parametrize("render", [render_report_markdown, render_report_html, render_report_text])
def test_vietnamese_numbers(seed: Report, render: Callable[..., str]) -> None:
    """Vietnamese numbers and dates, whatever the catalog: 64,7 · 20.845 · 89,4 % · 30/11/2023."""
    out = render(seed, locale="vi")

    for shown in ("64,7", "20.845", "17.604", "89,4 %", "10,94 %", "30/11/2023", "79,7"):
        assert shown in out
    assert "Phòng Nội vụ" in out
    assert "Văn phòng HĐND&" in out  # (&amp; in HTML)
    assert "Phòng Tài chính – Kế hoạch" in out


@pytest.mark.parametrize("render", [render_report_markdown, render_report_html, render_report_text])
def test_english_numbers(seed: Report, render: Callable[..., str]) -> None:
    """English numbers and dates: 64.7 · 20,845 · 89.4 % · 30 Nov 2023; the English words."""
    out = render(seed, locale="en")

    for shown in ("64.7", "20,845", "89.4 %", "30 Nov 2023", "not yet due"):
        assert shown in out
    assert "plan progress" in out.lower()  # capitals in the text's headings
    assert "57 tasks in 7 fields" in out
    assert "1/1 point pending" in out  # one point, not "1 points"


def test_offices_in_italics(seed: Report) -> None:
    """Markdown and HTML set each responsible office in italics, as the seed report does."""
    assert "(*Phòng Nội vụ*)" in render_report_markdown(seed)
    assert "(<em>Phòng Nội vụ</em>)" in render_report_html(seed)


def test_vietnamese_words(seed: Report) -> None:
    """The Vietnamese report's words (these need the merged catalog)."""
    out = render_report_markdown(seed, locale="vi")

    for words in (
        "Tiến độ thực hiện kế hoạch",
        "chưa đến hạn (hạn 30/11/2023)",
        "không đạt",
        "64,7/100 điểm",
        "Kế hoạch có 57 nhiệm vụ thuộc 7 lĩnh vực",
        "Phương hướng, nhiệm vụ thời gian tới",
    ):
        assert words in out


def test_report_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`cchc-index report` writes Markdown by default, HTML and text on request, or to a file."""
    from cchc_index.cli import main

    args = ["report", "dak-nong/2022/huyen", str(EXAMPLE)]
    assert 0 == main(args)
    assert "| 3. " in capsys.readouterr().out
    assert 0 == main([*args, "--format", "html", "--locale", "en"])
    assert "<svg" in capsys.readouterr().out
    page = tmp_path / "report.html"
    assert 0 == main([*args, "--format", "html", "-o", str(page)])
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert 0 == main([*args, "--format", "text", "--as-of", "2024-01-15", "--locale", "en"])
    out = capsys.readouterr().out
    # After the year only the province's 10 points are pending; the unit's 5 are lost.
    assert "Not yet due: 10 points." in out
    assert "Lost: 25.3 points." in out


def test_report_command_bad_data(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Bad plan data exits 1 with the located problem on stderr."""
    from cchc_index.cli import main

    data = tmp_path / "unit.toml"
    data.write_text('[plan."11"]\ntotal = 3\n', encoding="utf-8")

    assert 1 == main(["report", "dak-nong/2022/huyen", str(data), "--locale", "en"])
    captured = capsys.readouterr()
    assert "" == captured.out
    assert "key 'plan.11'" in captured.err
    assert "did you mean '1'" in captured.err


def test_report_command_unwritable_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An output file that cannot be written exits 1, naming the file."""
    from cchc_index.cli import main

    target = tmp_path / "missing-folder" / "r.md"
    assert 1 == main(["report", "dak-nong/2022/huyen", str(EXAMPLE), "-o", str(target)])
    assert str(target) in capsys.readouterr().err


# -- properties ---------------------------------------------------------------------------


@st.composite
def _units(draw: st.DrawFn) -> tuple[Ruleset, dict[str, Any]]:
    ruleset = parse_ruleset(draw(raw_rulesets(max_depth=3, max_children=3)))
    return ruleset, draw(data_for(ruleset))


@pytest.mark.property
@given(_units())
def test_report_totals_are_the_results(unit: tuple[Ruleset, dict[str, Any]]) -> None:
    """The report's totals are the result's; its fields add up to them; every loss is listed."""
    ruleset, data = unit
    result = cc.evaluate(ruleset, copy.deepcopy(data))
    report = build_report(result)
    r = report.range

    assert (result.points, result.pending, result.lost, result.max, result.index) == (
        r.points,
        r.pending,
        r.lost,
        r.max,
        r.index,
    )
    assert r.potential == result.potential
    if result.trace.kind == "sum":  # not rescaled: the fields add up to the total
        assert result.points == sum((f.points for f in report.fields), Decimal(0))
        assert result.pending == sum((f.pending for f in report.fields), Decimal(0))
    if r.parts:
        assert result.points == sum((p.points for p in r.parts), Decimal(0))
        assert result.max == sum((p.max for p in r.parts), Decimal(0))
    expected = [
        n.code
        for n in result.walk()
        if n.is_leaf and n.status is not Status.NOT_APPLICABLE and (n.lost or n.pending)
    ]
    assert expected == [e.code for e in report.losses]
    assert all(e.reason is not None for e in report.losses)
    for locale in ("vi", "en"):
        assert render_report_markdown(report, locale=locale)
        assert render_report_text(report, locale=locale)
        assert render_report_html(report, locale=locale).count('<svg class="bar"') == len(
            report.fields
        )


@pytest.mark.property
@given(_units())
def test_next_steps_cover_every_opportunity(unit: tuple[Ruleset, dict[str, Any]]) -> None:
    """Section IV holds each opportunity once, grouped by office, gains adding up."""
    ruleset, data = unit
    result = cc.evaluate(ruleset, data)
    report = build_report(result)
    found = [o for t in report.next_steps for o in t.opportunities]

    assert sorted(o.code for o in result.opportunities(locale="en")) == sorted(
        o.code for o in found
    )
    for tasks in report.next_steps:
        assert tasks.gain == sum((o.gain for o in tasks.opportunities), Decimal(0))
        assert {tasks.responsible} == {o.responsible for o in tasks.opportunities}


def test_plan_model_is_frozen(seed: Report) -> None:
    """Report records are frozen: a renderer cannot change what it shows."""
    assert isinstance(seed.plan, Plan)
    with pytest.raises(AttributeError):
        seed.plan.fields = ()  # type: ignore[misc]


def test_a_ruleset_that_is_not_one_is_refused_before_the_plan_is_read() -> None:
    """A plan is read against the rule set's fields; a wrong argument is an InputError."""
    with pytest.raises(cc.InputError, match="needs a Ruleset"):
        cc.report("dak-nong/2022/huyen", {"plan": {"1": {"total": 1}}})  # type: ignore[arg-type]
