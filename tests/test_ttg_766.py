"""Index 766 (QĐ 766/QĐ-TTg), province and commune: the rules as the texts write them.

Every expected figure here is worked out by hand from the formula document and the
METRICS sheet quoted in ``rules/ttg-766/2022/tinh/SOURCE.md``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import cchc_index as cc

PROVINCE = cc.load_ruleset("ttg-766/2022/tinh")
COMMUNE = cc.load_ruleset("ttg-766/2022/xa")

#: A unit whose every rate is 100 %, with at least one complaint.
PERFECT: dict[str, Any] = {
    "reporting_period": "quý",
    "tthc_published": 10,
    "tthc_published_on_time": 10,
    "tthc_to_disclose": 10,
    "tthc_disclosed_on_time": 10,
    "tthc_disclosed": 10,
    "tthc_disclosed_complete": 10,
    "files_received": 100,
    "files_received_bcqg": 100,
    "files_synced": 100,
    "files_previous_year": 400,
    "files_handled": 100,
    "files_handled_on_time": 100,
    "tthc_in_scope": 10,
    "tthc_online": 10,
    "services": 10,
    "services_with_online_files": 10,
    "files_received_online": 100,
    "files_end_to_end_eligible": 100,
    "files_end_to_end": 100,
    "tthc_with_fees": 10,
    "tthc_fees_integrated": 10,
    "files_with_fees": 100,
    "files_paid_online": 100,
    "files_paper_result": 100,
    "files_e_result": 100,
    "files_in_scope": 100,
    "files_digitised": 100,
    "files_reusing_data": 100,
    "files_linked_storage": 100,
    "tthc_for_citizens": 10,
    "tthc_citizen_data": 10,
    "files_citizen_data": 100,
    "communes_total": 10,
    "communes_e_certification": 10,
    "pakn_total": 10,
    "pakn_about_rules": 5,
    "pakn_about_staff": 5,
    "pakn_handled": 10,
    "pakn_on_time": 10,
    "pakn_unsatisfied": 0,
    "files_settled": 100,
    "files_settled_unsatisfied": 0,
}


def score(ruleset: cc.Ruleset, **changes: Any) -> cc.Result:
    commune = {"offers_e_certification": True} if ruleset is COMMUNE else {}
    inputs = {**PERFECT, **commune, **changes}
    return cc.evaluate(ruleset, {"inputs": inputs})


def test_the_groups_carry_the_decisions_maxima() -> None:
    # Sở Nội vụ Nam Định: 18, 20, 22 (online services), 22 (digitisation), 18.
    assert {code: PROVINCE[code].max for code in PROVINCE.fields} == {
        "1": 18,
        "2": 20,
        "3": 22,
        "4": 22,
        "5": 18,
    }
    assert PROVINCE.max == COMMUNE.max == 100


def test_maxima_the_texts_leave_open_are_kept_at_zero_and_said_to_be_open() -> None:
    report = cc.check_ruleset("ttg-766/2022/tinh")
    opened = sorted(str(f.where.node) for f in report.findings if "no maximum" in f.what.text("en"))
    assert opened == ["3.1", "3.2", "3.3", "3.5"]
    assert all(PROVINCE[code].max == 0 for code in opened)


@pytest.mark.parametrize("ruleset_id", ["ttg-766/2022/tinh", "ttg-766/2022/xa"])
def test_the_rule_sets_check_clean_and_their_examples_pass(ruleset_id: str) -> None:
    report = cc.check_ruleset(ruleset_id)
    assert report.errors == ()
    assert report.examples
    assert all(e.passed for e in report.examples)


def test_a_perfect_province_scores_100() -> None:
    res = score(PROVINCE)
    assert (res.points, res.lost) == (Decimal(100), Decimal(0))


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "value", "expected"),
    [
        # "Đạt từ 80% trở lên sẽ đạt điểm tối đa. Dưới 80% … Tỷ lệ × Điểm tối đa/80%"
        ("4.2", "files_digitised", "files_in_scope", 80, "4"),
        ("4.2", "files_digitised", "files_in_scope", 79, "3.95"),
        ("4.3", "files_reusing_data", "files_received", 40, "1"),
        # "Đạt từ 90% trở lên … Dưới 90% … /90%": 5.4 counts the satisfied files.
        ("5.4", "files_settled_unsatisfied", "files_settled", 10, "6"),
        ("5.4", "files_settled_unsatisfied", "files_settled", 55, "3"),
        # proportional (inferred): rate × max
        ("2.1", "files_handled_on_time", "files_handled", 85, "17"),
        ("3.6", "files_paid_online", "files_with_fees", 33, "3.3"),
    ],
)
def test_thresholds_and_proportions(
    code: str, numerator: str, denominator: str, value: int, expected: str
) -> None:
    res = score(PROVINCE, **{numerator: value, denominator: 100})
    assert res[code].points == Decimal(expected)


def test_an_empty_denominator_gives_nothing_where_the_text_shows_0() -> None:
    # "Nếu mẫu số = 0: hiển thị 0 hoặc N/A": 1.1 with nothing published scores 0.
    res = score(PROVINCE, tthc_published=0, tthc_published_on_time=0)
    assert (res["1.1"].points, res["1.1"].status.value) == (Decimal(0), "failed")


@pytest.mark.parametrize(
    ("period", "expected"),
    # 100 files of the previous year: a month's denominator is 100/12, a quarter's 25.
    [("tháng", "5.76"), ("quý", "1.92"), ("năm", "0.48")],
)
def test_the_sync_rate_falls_back_on_last_year_by_period(period: str, expected: str) -> None:
    # Neither system counts files in the period: "Mẫu số (kỳ báo cáo tháng) = Tổng số
    # lượng hồ sơ của báo cáo năm trước liền kề … / 12 tháng"; quý / 4; năm.
    res = score(
        PROVINCE,
        reporting_period=period,
        files_received=0,
        files_received_bcqg=0,
        files_received_online=0,
        files_reusing_data=0,
        files_linked_storage=0,
        files_synced=8,
        files_previous_year=100,
    )
    assert res["1.4"].points == Decimal(expected)


def test_without_last_years_figures_the_sync_rate_is_0() -> None:
    # "Nếu năm trước liền kề không có số liệu, tỷ lệ hồ sơ đồng bộ = 0."
    res = score(
        PROVINCE,
        files_received=0,
        files_received_bcqg=0,
        files_received_online=0,
        files_reusing_data=0,
        files_linked_storage=0,
        files_synced=0,
        files_previous_year=0,
    )
    assert res["1.4"].points == 0


def test_the_larger_count_of_the_two_systems_is_the_denominator() -> None:
    res = score(
        PROVINCE,
        files_received=80,
        files_received_bcqg=100,
        files_synced=80,
        files_received_online=80,
        files_reusing_data=80,
        files_linked_storage=80,
    )
    assert res["1.4"].points == Decimal("4.8")


def test_without_complaints_5_3s_points_are_shared_by_5_2_and_5_4() -> None:
    # METRICS row 22: "không có phản ánh, kiến nghị thì điểm số được chia điều cho 02 chỉ
    # tiêu" 5.2 and 5.4. With 5.4 at 3 of 6, group 5 is (6 + 3) × 18/12 = 13,5.
    res = score(
        PROVINCE,
        pakn_total=0,
        pakn_about_rules=0,
        pakn_about_staff=0,
        pakn_handled=0,
        pakn_on_time=0,
        files_settled_unsatisfied=55,
    )
    assert res["5.3"].status.value == "not_applicable"
    assert res["5.2"].status.value == "not_applicable"
    assert res["5.4"].points == 3
    assert res["5"].points == Decimal("13.5")
    rescale = res["5"].trace.step("rescale")
    assert rescale is not None
    assert rescale.value == Decimal("1.5")


def test_a_commune_gets_full_points_for_province_only_rows() -> None:
    res = score(COMMUNE, files_end_to_end=0, tthc_citizen_data=0, files_citizen_data=0)
    for code in ("3.4", "4.5.a", "4.5.b"):
        assert res[code].status.value == "not_applicable"
        assert res[code].lost == 0
    assert res.points == 100
    province = score(PROVINCE, files_end_to_end=0, tthc_citizen_data=0, files_citizen_data=0)
    assert province.points == 84


def test_a_commune_scores_its_own_certified_copies() -> None:
    res = score(COMMUNE, offers_e_certification=False)
    assert (res["4.6"].points, res["4.6"].lost) == (Decimal(0), Decimal(2))


def test_a_part_larger_than_its_whole_is_refused() -> None:
    with pytest.raises(cc.InputError) as caught:
        score(PROVINCE, files_handled_on_time=101)
    assert "handled_on_time_within_handled" in caught.value.problems[0].en
