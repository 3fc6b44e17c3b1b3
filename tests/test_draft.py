"""Drafting a rule file from a decree's appendix: reading, shapes, checks, Word, round trips."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index import Ruleset
from cchc_index.draft import DocxUnavailableError, read_sheet, recognise
from cchc_index.draft.reading import read_text
from cchc_index.draft.table import parse_points
from cchc_index.numbers import format_plain
from cchc_index.rulefiles.dump import rule_table
from cchc_index.rulefiles.loader import parse_ruleset
from cchc_index.testing import raw_rulesets

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "decrees"
LAM_SON = FIXTURES / "lam-son-xa-2024.txt"
D = Decimal

#: The fixture's tree as its table prints it: code → maximum (9 prints 4, its points 3).
LAM_SON_TREE = {
    "I": D(20),
    "I.1": D(4),
    "I.1.1": D(2),
    "I.1.2": D(2),
    "I.2": D(3),
    "I.2.1": D(2),
    "I.2.2": D(1),
    "I.3": D(3),
    "I.3.a": D(1),
    "I.3.b": D(2),
    "I.4": D(4),
    "I.5": D(3),
    "I.6": D(3),
    "II": D(30),
    "II.7": D(6),
    "II.7.1": D(3),
    "II.7.2": D(3),
    "II.8": D(20),
    "II.8.1": D(8),
    "II.8.2": D(4),
    "II.8.3": D(8),
    "II.8.3.a": D(4),
    "II.8.3.b": D(4),
    "II.9": D(4),
    "II.9.a": D(2),
    "II.9.b": D(1),
    "III": D(50),
    "III.10": D(15),
    "III.10.1": D(5),
    "III.10.2": D(10),
    "III.11": D(15),
    "III.11.1": D(10),
    "III.11.2": D(5),
    "III.12": D(20),
    "III.12.a": D(4),
    "III.12.b": D(4),
    "III.12.c": D(4),
    "III.12.d": D(4),
    "III.12.đ": D(4),
}
#: The scoring kind each leaf's text is drafted to.
LAM_SON_KINDS = {
    "I.1.1": "check",
    "I.1.2": "linear",
    "I.2.1": "deduct",
    "I.2.2": "check",
    "I.3.a": "check",
    "I.3.b": "bands",
    "I.4": "manual",
    "I.5": "per_item",
    "I.6": "linear",
    "II.7.1": "check",
    "II.7.2": "bands",
    "II.8.1": "linear",
    "II.8.2": "deduct",
    "II.8.3.a": "bands",
    "II.8.3.b": "linear",
    "II.9.a": "check",
    "II.9.b": "manual",
    "III.10.1": "check",
    "III.10.2": "manual",
    "III.11.1": "deduct",
    "III.11.2": "linear",
    "III.12.a": "bands",
    "III.12.b": "check",
    "III.12.c": "deduct",
    "III.12.d": "linear",
    "III.12.đ": "per_item",
}
ID = "lam-son/2024/xa"


def tree(text: str) -> dict[str, Decimal]:
    """A drafted rule file's codes and maxima, read back as TOML."""
    raw = tomllib.loads(text, parse_float=Decimal)
    return {code: D(str(node["max"])) for code, node in raw["criteria"].items()}


def tree_of(ruleset: Ruleset) -> dict[str, Decimal]:
    """A rule set's codes and maxima."""
    return {node.code: node.max for node in ruleset}


# -- the provincial appendix ------------------------------------------------------------


def test_fixture_tree() -> None:
    """Every criterion of the messy appendix is placed with its code and printed maximum."""
    drafted = cc.draft_ruleset(LAM_SON, id=ID)
    assert LAM_SON_TREE == tree(drafted.toml)
    assert list(LAM_SON_TREE) == [node.code for node in drafted.report.nodes]


def test_fixture_shapes() -> None:
    """Each leaf's scoring text is drafted to the kind its words say; the rest is manual."""
    drafted = cc.draft_ruleset(LAM_SON, id=ID, keep_decree_figures=True)
    assert drafted.ruleset is not None
    kinds = {n.code: n.rule.name for n in drafted.ruleset.leaves() if n.rule is not None}
    assert LAM_SON_KINDS == kinds
    assert {"check": 7, "linear": 6, "deduct": 4, "bands": 4, "manual": 3, "per_item": 2} == (
        drafted.report.kinds
    )


def test_fixture_rules_read_only_the_text() -> None:
    """Thresholds, points and caps are the text's own."""
    drafted = cc.draft_ruleset(LAM_SON, id=ID, keep_decree_figures=True)
    raw = tomllib.loads(drafted.toml, parse_float=Decimal)["criteria"]
    assert {"kind": "linear", "input": "c_ii_8_1_rate", "zero": 0, "full": 95} == raw["II.8.1"][
        "rule"
    ]
    assert [
        {"at_least": 50, "points": 4},
        {"at_least": 30, "below": 50, "points": 2},
        {"at_least": 10, "below": 30, "points": 1},
        {"below": 10, "points": 0},
    ] == raw["II.8.3.a"]["rule"]["bands"]
    assert {"kind": "deduct", "input": "c_iii_12_c_count", "per": D("0.25")} == raw["III.12.c"][
        "rule"
    ]
    assert {"kind": "per_item", "input": "c_iii_12_dd_count", "per_item": 2} == raw["III.12.đ"][
        "rule"
    ]
    # Options given as rows under their criterion (- Đạt 100% | 3) are its scoring text.
    assert [
        {"at_least": 100, "points": 3},
        {"at_least": 80, "below": 100, "points": 2},
        {"below": 80, "points": 0},
    ] == raw["II.7.2"]["rule"]["bands"]
    assert "- Đạt 100%: 3 điểm\n- Từ 80% đến dưới 100%: 2 điểm" in raw["II.7.2"]["source"]
    assert {"kind": "check", "input": "c_i_2_2_done"} == raw["I.2.2"]["rule"]
    assert raw["I.4"]["source"].startswith("Cần xem lại / To review")
    assert "«Tuyên truyền bằng nhiều hình thức: 4 điểm" in raw["I.4"]["source"]


def test_fixture_scores() -> None:
    """The drafted rules score a commune's figures."""
    drafted = cc.draft_ruleset(LAM_SON, id=ID, keep_decree_figures=True)
    assert drafted.ruleset is not None
    inputs = {"c_ii_8_1_rate": 76, "c_ii_8_2_count": 1, "c_ii_8_3_a_rate": 35}
    res = cc.evaluate(drafted.ruleset, {"inputs": inputs})
    assert (D("6.4"), D(3), D(2)) == (
        res["II.8.1"].points,
        res["II.8.2"].points,
        res["II.8.3.a"].points,
    )


def test_fixture_head() -> None:
    """The title, the decision and its date are read above the table; the total from its row."""
    raw = tomllib.loads(cc.draft_ruleset(LAM_SON, id=ID).toml)["ruleset"]
    assert "BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ" == raw["title"]
    assert {"decision": "412/QĐ-UBND", "date": date(2024, 3, 15)} == raw["basis"]
    assert (100, 2024, "xa") == (raw["max"], raw["year"], raw["level"])


def test_fixture_report() -> None:
    """The report names the decree's wrong sum, the row it could not place, the footnotes."""
    drafted = cc.draft_ruleset(LAM_SON, id=ID)
    report = drafted.report
    assert not drafted.loads
    assert [("II.9", "children add up to 3")] == [
        (f.where.node, f.message("en")[:20]) for f in report.errors
    ]
    assert [68] == [row.line for row in report.unplaced]
    nodes = {n.code: n for n in report.nodes}
    assert ["the footnote mark 1 after its maximum was left out"] == [
        m.text("en") for m in nodes["I"].needs
    ]
    assert ["I", "I.4", "II.9", "II.9.b", "III.10.2"] == [n.code for n in report.to_review]
    shown = report.text("vi")
    assert "các tiêu chí bên dưới cộng lại được 3 nhưng quyết định ghi 4" in shown
    assert "Điểm thưởng (không tính vào tổng điểm)" in shown


def test_keep_decree_figures() -> None:
    """Asked to keep the decree's figures, the draft acknowledges the sum and loads."""
    drafted = cc.draft_ruleset(LAM_SON, id=ID, keep_decree_figures=True)
    raw = tomllib.loads(drafted.toml)["criteria"]["II.9"]
    assert {"sum": "QĐ in 4 điểm; các tiêu chí II.9.a, II.9.b cộng lại 3 điểm"} == raw[
        "acknowledge"
    ]
    assert raw["source"].startswith("Cần xem lại / To review: đã bỏ số chú thích 2")
    assert drafted.loads
    assert not drafted.report.errors


# -- shapes, one by one -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "rule"),
    [
        ("Đạt: 2 điểm; không đạt: 0 điểm", "check", {"kind": "check", "input": "c_1_done"}),
        (
            "Đạt: 1 điểm; không đạt: 0 điểm",
            "check",
            {"kind": "check", "input": "c_1_done", "points": D(1)},
        ),
        (
            "Từ 90% trở lên: 2 điểm; từ 70% đến dưới 90%: 1 điểm; dưới 70%: 0 điểm",
            "bands",
            {
                "kind": "bands",
                "input": "c_1_rate",
                "bands": [
                    {"at_least": D(90), "points": D(2)},
                    {"at_least": D(70), "below": D(90), "points": D(1)},
                    {"below": D(70), "points": D(0)},
                ],
            },
        ),
        (
            "Tỷ lệ × điểm tối đa",
            "linear",
            {"kind": "linear", "input": "c_1_rate", "zero": D(0), "full": D(100)},
        ),
        (
            "Mỗi sáng kiến được 0,5 điểm, tối đa 1 điểm",
            "per_item",
            {"kind": "per_item", "input": "c_1_count", "per_item": D("0.5"), "cap": D(1)},
        ),
        (
            "Trừ 0,5 điểm cho mỗi văn bản ban hành chậm",
            "deduct",
            {"kind": "deduct", "input": "c_1_count", "per": D("0.5")},
        ),
        (
            "≥ 90%: 2 điểm; 70% ≤ tỷ lệ < 90%: 1 điểm; < 70%: 0 điểm",
            "bands",
            {
                "kind": "bands",
                "input": "c_1_rate",
                "bands": [
                    {"at_least": D(90), "points": D(2)},
                    {"at_least": D(70), "below": D(90), "points": D(1)},
                    {"below": D(70), "points": D(0)},
                ],
            },
        ),
        (
            "Trên 95%: 2 điểm; từ 80% - 95%: 1 điểm; dưới 80%: không điểm",
            "bands",
            {
                "kind": "bands",
                "input": "c_1_rate",
                "bands": [
                    {"above": D(95), "points": D(2)},
                    {"at_least": D(80), "at_most": D(95), "points": D(1)},
                    {"below": D(80), "points": D(0)},
                ],
            },
        ),
        (
            "Đạt từ 80% trở lên sẽ đạt điểm tối đa. Dưới 80% tính theo công thức: "
            "Tỷ lệ × Điểm tối đa / 80%",
            "linear",
            {"kind": "linear", "input": "c_1_rate", "zero": D(0), "full": D(80)},
        ),
        (
            "Mỗi trường hợp vi phạm trừ 0,5 điểm (trừ tối đa 1 điểm)",
            "deduct",
            {"kind": "deduct", "input": "c_1_count", "per": D("0.5"), "cap": D(1)},
        ),
        ("Tốt: 2 điểm; khá: 1 điểm; trung bình: 0,5 điểm", "manual", {"kind": "manual"}),
        (
            "Mỗi sáng kiến được 1 điểm; mỗi vi phạm trừ 1 điểm",
            "manual",
            {"kind": "manual"},
        ),
        (
            "Từ 90% trở lên: 2 điểm; từ 60% đến dưới 80%: 1 điểm",
            "manual",
            {"kind": "manual"},
        ),
    ],
)
def test_shapes(text: str, kind: str, rule: dict[str, Any]) -> None:
    """Each common wording gives its kind with the text's own figures; others are manual."""
    shape = recognise("1", "Tiêu chí", text, D(2))
    assert (kind, rule) == (shape.kind, shape.rule)
    assert (shape.review is not None) == (kind == "manual")


def test_check_label_says_what_to_answer() -> None:
    """A yes/no input is labelled with the criterion and the condition the text scores."""
    shape = recognise(
        "1.1",
        "Ban hành kế hoạch CCHC",
        "Thực hiện đúng: 1 điểm; thực hiện không đúng: 0 điểm",
        D(1),
    )
    assert shape.input is not None
    assert ("check", "Ban hành kế hoạch CCHC: thực hiện đúng") == (shape.kind, shape.input.label)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("**20**7", (D(20), "7")),
        ("1,5", (D("1.5"), None)),
        ("0.25", (D("0.25"), None)),
        ("**4**", (D(4), None)),
        ("12³", (D(12), "3")),
        ("2 điểm", (D(2), None)),
        ("2 (*)", (D(2), "*")),
        ("**15** (2)", (D(15), "2")),
        ("2,0", (D("2.0"), None)),
        ("", (None, None)),
    ],
)
def test_printed_maxima(cell: str, expected: tuple[Decimal | None, str | None]) -> None:
    """Maxima are read however they are printed; a glued footnote mark is set apart."""
    assert expected == parse_points(cell)


def test_line_breaks_inside_cells() -> None:
    """A cell's own line breaks continue the row; a name broken in two is one name."""
    sheet = read_text("1.1 | Tỷ lệ hồ sơ giải quyết\nđúng hạn | 8 | Tỷ lệ\n× điểm tối đa\n")
    assert (("1.1", "Tỷ lệ hồ sơ giải quyết\nđúng hạn", "8", "Tỷ lệ\n× điểm tối đa"),) == tuple(
        r.cells for r in sheet.rows
    )


def test_decomposed_text() -> None:
    """Text copied with decomposed accents (NFD, as some PDFs give it) reads the same."""
    text = unicodedata.normalize("NFD", LAM_SON.read_text(encoding="utf-8"))
    drafted = cc.draft_ruleset(text, id=ID)
    assert LAM_SON_TREE == tree(drafted.toml)
    assert 4 == drafted.report.kinds["bands"]


def test_report_in_each_language() -> None:
    """The report words its figures the reader's way: 0,5 in Vietnamese, 0.5 in English."""
    report = cc.draft_ruleset(LAM_SON, id=ID).report
    assert "trừ 0,5 cho mỗi trường hợp" in report.text("vi")
    assert "deduction: 0.5 off for each" in report.text("en")


def test_tab_separated_text() -> None:
    """A Word table pasted as plain text, its cells split by tabs, reads like bars."""
    text = re.sub(r" ?\| ?", "\t", LAM_SON.read_text(encoding="utf-8"))
    drafted = cc.draft_ruleset(text, id=ID)
    assert LAM_SON_TREE == tree(drafted.toml)


def test_responsible_offices() -> None:
    """A column naming the office in charge (đơn vị chủ trì) is written as ``responsible``."""
    text = (
        "STT | Tiêu chí | Điểm tối đa | Cách chấm | Đơn vị chủ trì\n"
        "1 | Cải cách TTHC | 3 | | Văn phòng HĐND và UBND xã\n"
        "1.1 | Công khai TTHC | 1 | Đạt: 1 điểm; không đạt: 0 điểm |\n"
        "1.2 | Giải quyết hồ sơ | 2 | Tỷ lệ × điểm tối đa | Bộ phận một cửa\n"
    )
    drafted = cc.draft_ruleset(text, id="mau/2024/xa")
    assert drafted.ruleset is not None
    assert {"1": "Văn phòng HĐND và UBND xã", "1.1": None, "1.2": "Bộ phận một cửa"} == {
        node.code: node.responsible for node in drafted.ruleset
    }
    assert not drafted.report.findings  # every scored criterion has its office, above or on it


def test_numbering_that_jumps() -> None:
    """Siblings numbered 1, 2, 4 or a, b, d: the report asks whether a row was lost."""
    text = (
        "I | Phần I | 4 |\n1 | Một | 1 | Đạt: 1 điểm; không đạt: 0 điểm\n"
        "3 | Ba | 3 |\na | Điểm a | 1 | Đạt: 1 điểm; không đạt: 0 điểm\n"
        "b | Điểm b | 1 | Đạt: 1 điểm; không đạt: 0 điểm\n"
        "đ | Điểm đ | 1 | Đạt: 1 điểm; không đạt: 0 điểm\nIII | Phần III | 0 |\n"
    )
    report = cc.draft_ruleset(text, id="mau/2024/xa").report
    nodes = {n.code: n for n in report.nodes}
    assert ["the numbering jumps from 'I.1' to 'I.3': a row may be missing"] == [
        m.text("en") for m in nodes["I"].needs
    ]
    assert ["the numbering jumps from 'I.3.b' to 'I.3.đ': a row may be missing"] == [
        m.text("en") for m in nodes["I.3"].needs
    ]
    assert "the numbering jumps from 'I' to 'III': a row may be missing" in [
        m.text("en") for m in report.needs
    ]


def test_markdown_table() -> None:
    """A Markdown table, its rule line and its escaped bars, reads like any other."""
    text = (
        "| STT | Tiêu chí | Điểm tối đa | Cách chấm |\n|---|---|---|---|\n"
        "| 1 | Báo cáo \\| định kỳ | 2 | Đạt: 2 điểm; không đạt: 0 điểm |\n"
    )
    drafted = cc.draft_ruleset(text, id="mau/2024/xa")
    assert {"1": D(2)} == tree(drafted.toml)
    assert "Báo cáo | định kỳ" == drafted.report.nodes[0].name
    assert drafted.loads


def test_no_threshold_is_made_up() -> None:
    """Bands the text leaves open at the bottom stay open: the check says what scores 0."""
    text = "1 | Tỷ lệ | 2 | Từ 90% trở lên: 2 điểm; từ 70% đến dưới 90%: 1 điểm\n"
    drafted = cc.draft_ruleset(text, id="mau/2024/xa")
    raw = tomllib.loads(drafted.toml, parse_float=Decimal)["criteria"]["1"]["rule"]
    assert [{"at_least": 90, "points": 2}, {"at_least": 70, "below": 90, "points": 1}] == raw[
        "bands"
    ]
    assert "values of 'c_1_rate' below 70 fall in no band (they score 0)" in [
        f.what.text("en") for f in drafted.report.findings
    ]


def test_unreachable_maximum() -> None:
    """A maximum the text never gives is reported, and acknowledged only when asked."""
    text = "1 | Kế hoạch | 2 | Có: 1 điểm; không có: 0 điểm\nTổng cộng | | 2 |\n"
    plain = cc.draft_ruleset(text, id="mau/2024/xa")
    assert not plain.loads
    assert ["its text gives at most 1 of its maximum 2 points"] == [
        m.text("en") for m in plain.report.nodes[0].needs
    ]
    kept = cc.draft_ruleset(text, id="mau/2024/xa", keep_decree_figures=True)
    assert kept.loads


def test_total_that_does_not_add_up() -> None:
    """A total row that is not the fields' sum is kept only when asked."""
    text = "I | Phần I | 3 | Đạt: 3 điểm; không đạt: 0 điểm\nTổng cộng | | 5 |\n"
    assert not cc.draft_ruleset(text, id="mau/2024/xa").loads
    kept = cc.draft_ruleset(text, id="mau/2024/xa", keep_decree_figures=True)
    assert kept.loads
    assert kept.ruleset is not None
    assert D(5) == kept.ruleset.max


def test_rows_not_placed() -> None:
    """A point before any criterion, a repeated code, an orphan: each said, with its line."""
    text = "a | Điểm a | 1 |\n1 | Tiêu chí 1 | 1 |\n1 | Lại tiêu chí 1 | 1 |\n3.1 | Mồ côi | 1 |\n"
    report = cc.draft_ruleset(text, id="mau/2024/xa").report
    assert [
        (1, "point 'a' comes before any criterion it can belong to"),
        (3, "the code '1' is already in the table"),
        (4, "its parent '3' is not in the table above it"),
    ] == [(u.line, u.why.text("en")) for u in report.unplaced]


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("/no/such/decree.txt", "no such file"),
        ("decree.pdf", "cannot read a decree from a '.pdf' file"),
        ("Không có bảng nào ở đây.\nChỉ là văn bản.", "no criterion found"),
    ],
)
def test_bad_sources(source: str, words: str) -> None:
    """A source that cannot be read raises the library's error, saying where and what."""
    with pytest.raises(cc.RulesetError) as info:
        cc.draft_ruleset(source, id="mau/2024/xa")
    assert words in info.value.messages("en")[0]


def test_bad_id() -> None:
    """The id is checked before anything is read."""
    with pytest.raises(cc.RulesetError, match="province"):
        cc.draft_ruleset(LAM_SON, id="Lâm Sơn 2024")


def test_not_utf8(tmp_path: Path) -> None:
    """A text file in a legacy encoding is refused, not misread."""
    path = tmp_path / "qd.txt"
    path.write_bytes("1 | Báo cáo | 2 |".encode("utf-16"))
    with pytest.raises(cc.RulesetError, match="UTF-8"):
        cc.draft_ruleset(path, id="mau/2024/xa")


# -- the bundled Đắk Nông rule set, as a Markdown table ---------------------------------


def markdown_table(
    ruleset: Ruleset, *, as_decrees_number: bool = False, scoring: dict[str, str] | None = None
) -> str:
    """A rule set's tree as a decree's appendix in Markdown: codes, names, maxima, sources.

    Codes are whole (``I.1.2.a``), or, ``as_decrees_number``, as a decree numbers each
    row: the part, the criterion's number within it, a point's letter (``I``, ``1.2``,
    ``a``). The last column is each node's source, or its text in ``scoring``.
    """
    lines = [
        f"# {ruleset.title}",
        "",
        "| STT | Lĩnh vực, tiêu chí, tiêu chí thành phần | Điểm tối đa | Cách chấm |",
        "|---|---|---|---|",
    ]
    for node in ruleset:
        source = (scoring or {}).get(node.code, node.source or "")
        source = source.replace("|", "\\|").replace("\n", "<br>")
        name = " ".join(node.name.split()).replace("|", "\\|")
        bold = "**" if node.parent is None else ""
        maximum = format_plain(node.max).replace(".", ",")
        code = decree_number(node.code) if as_decrees_number else node.code
        lines.append(f"| {bold}{code}{bold} | {bold}{name}{bold} | {maximum} | {source} |")
    lines.append(f"| | **Tổng cộng** | **{format_plain(ruleset.max)}** | |")
    return "\n".join(lines) + "\n"


def decree_number(code: str) -> str:
    """A code as the decree's row writes it: ``I.1.2`` → ``1.2``, ``I.1.2.a`` → ``a``."""
    segments = code.split(".")
    if segments[-1].islower():
        return segments[-1]
    if segments[0].isupper() and len(segments) > 1:
        return ".".join(segments[1:])
    return code


def numbered_like_a_decree(ruleset: Ruleset) -> bool:
    """Whether every code can be written the decree's way: nothing numbered below a point."""
    return all(not any(s.islower() for s in node.code.split(".")[:-1]) for node in ruleset)


def test_dak_nong_round_trip() -> None:
    """Đắk Nông's tree, rendered as a table, is drafted back code for code, maximum for maximum."""
    ruleset = cc.load_ruleset("dak-nong/2022/huyen")
    drafted = cc.draft_ruleset(markdown_table(ruleset), id="dak-nong/2022/huyen")
    assert tree_of(ruleset) == tree(drafted.toml)
    assert drafted.loads
    assert ruleset.title == (drafted.ruleset.title if drafted.ruleset else None)
    assert not drafted.report.unplaced


def decree_words(rule: Any, maximum: Decimal) -> str | None:
    """A rule in the words decrees score with, or ``None`` for a kind they word otherwise."""
    table = rule_table(rule)

    def shown(value: Decimal) -> str:
        return format_plain(value).replace(".", ",")

    if table["kind"] == "check":
        return f"Đạt: {shown(table.get('points', maximum))} điểm; không đạt: 0 điểm"
    if table["kind"] == "per_item" and table["per_item"] > 0:
        cap = table.get("cap", maximum)
        return f"Mỗi sáng kiến được {shown(table['per_item'])} điểm, tối đa {shown(cap)} điểm"
    if table["kind"] == "deduct" and table["per"] > 0:
        return f"Mỗi trường hợp vi phạm trừ {shown(table['per'])} điểm"
    if table["kind"] == "linear" and table["zero"] == 0 and table["full"] > 0:
        full = table["full"] * (100 if table["full"] <= 1 else 1)
        return f"Tỷ lệ × điểm tối đa / {shown(full)}%"
    bounds = [v for b in table.get("bands", ()) for k, v in b.items() if k != "points"]
    if table["kind"] == "bands" and len(table["bands"]) > 1 and all(v >= 0 for v in bounds):
        scale = 100 if all(v <= 1 for v in bounds) else 1
        said = []
        for band in table["bands"]:
            edges = {k: shown(v * scale) for k, v in band.items() if k != "points"}
            if set(edges) == {"at_least"}:
                words = f"từ {edges['at_least']}% trở lên"
            elif set(edges) == {"above"}:
                words = f"trên {edges['above']}%"
            elif set(edges) == {"at_least", "below"}:
                words = f"từ {edges['at_least']}% đến dưới {edges['below']}%"
            elif set(edges) == {"below"}:
                words = f"dưới {edges['below']}%"
            elif set(edges) == {"at_most"}:
                words = f"từ {edges['at_most']}% trở xuống"
            else:
                return None
            said.append(f"{words}: {shown(band['points'])} điểm")
        return "; ".join(said)
    return None


def test_dak_nong_rules_in_decree_words() -> None:
    """Đắk Nông's rules, worded the way decrees score, are drafted back to their kinds."""
    ruleset = cc.load_ruleset("dak-nong/2022/huyen")
    worded: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for node in ruleset.leaves():
        assert node.rule is not None
        words = decree_words(node.rule, node.max)
        if words is not None:
            worded[node.code], kinds[node.code] = words, node.rule.name
    text = markdown_table(ruleset, scoring=worded)
    drafted = cc.draft_ruleset(text, id="dak-nong/2022/huyen")
    assert kinds == {n.code: n.kind for n in drafted.report.nodes if n.code in worded}
    assert 18 == len(worded)
    assert tree_of(ruleset) == tree(drafted.toml)


# -- Word -------------------------------------------------------------------------------


def build_docx(text: str, path: Path) -> Path:
    """A Word file of the appendix text: its paragraphs, and its table with bold figures and
    footnote marks as superscript runs."""
    docx = pytest.importorskip("docx")
    sheet = read_text(text)
    document = docx.Document()
    for line in sheet.preamble[:8]:
        document.add_paragraph(line)
    width = max(len(row.cells) for row in sheet.rows)
    table = document.add_table(rows=0, cols=width)
    for row in sheet.rows:
        cells = table.add_row().cells
        if "TỔNG CỘNG" in row.cells[0]:  # the total spans the first two columns
            cells[0].merge(cells[1])
            cells = table.rows[-1].cells
        for cell, content in zip(cells, row.cells, strict=False):
            paragraph = cell.paragraphs[0]
            figure, footnote = _split_figure(content)
            if figure is not None:
                paragraph.add_run(figure).bold = True
                if footnote:
                    paragraph.add_run(footnote).font.superscript = True
                continue
            for number, line in enumerate(content.replace("**", "").split("\n")):
                (paragraph if number == 0 else cell.add_paragraph()).add_run(line)
    document.save(str(path))
    return path


def _split_figure(cell: str) -> tuple[str | None, str | None]:
    if not cell.startswith("**") or cell.count("**") != 2:
        return None, None
    figure, _, tail = cell[2:].partition("**")
    if not figure.isdigit() or not (tail.isdigit() or not tail):
        return None, None
    return figure, tail or None


def test_word_round_trip(tmp_path: Path) -> None:
    """From a Word file: the same tree; and an Excel template of it keeps every code and max."""
    pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    from cchc_index import excel

    path = build_docx(LAM_SON.read_text(encoding="utf-8"), tmp_path / "qd-412.docx")
    drafted = cc.draft_ruleset(path, id=ID, keep_decree_figures=True)
    assert LAM_SON_TREE == tree(drafted.toml)
    nodes = {n.code: n for n in drafted.report.nodes}
    assert "the footnote mark 2 after its maximum was left out" in [
        m.text("en") for m in nodes["II.9"].needs
    ]
    assert drafted.ruleset is not None
    assert D(100) == drafted.ruleset.max  # the total row, its two first cells merged
    assert LAM_SON_KINDS == {
        n.code: n.rule.name for n in drafted.ruleset.leaves() if n.rule is not None
    }
    book = tmp_path / "mau.xlsx"
    excel.write_template(drafted.ruleset, book, locale="en")
    ws = openpyxl.load_workbook(book).worksheets[0]
    head = next(r for r in range(1, 30) if ws.cell(row=r, column=2).value == "Code")
    columns = {ws.cell(row=head, column=c).value: c for c in range(1, ws.max_column + 1)}
    shown = {
        ws.cell(row=r, column=columns["Code"]).value: ws.cell(
            row=r, column=columns["Max points"]
        ).value
        for r in range(head + 1, ws.max_row + 1)
        if ws.cell(row=r, column=columns["Code"]).value in LAM_SON_TREE
    }
    assert LAM_SON_TREE == {code: D(str(value)) for code, value in shown.items()}


def test_word_merged_cells(tmp_path: Path) -> None:
    """A code merged down over its options' rows, and a blank merged row, read as written."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("BỘ CHỈ SỐ CCHC CẤP XÃ")
    rows = [
        ("STT", "Tiêu chí", "Điểm tối đa", "Cách chấm"),
        ("1", "Ban hành kế hoạch CCHC", "2", ""),
        ("", "- Ban hành đúng hạn", "2", ""),
        ("", "- Không ban hành", "0", ""),
        ("2", "Tuyên truyền CCHC", "1", "Có tuyên truyền: 1 điểm; không tuyên truyền: 0 điểm"),
        ("", "", "", ""),
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(3, 0))  # the code spans its two options
    table.cell(4, 3).merge(table.cell(5, 3))  # the scoring text runs into a blank row
    path = tmp_path / "qd.docx"
    document.save(str(path))
    drafted = cc.draft_ruleset(path, id="mau/2024/xa")
    assert {"1": D(2), "2": D(1)} == tree(drafted.toml)
    assert {"check": 2} == drafted.report.kinds
    assert not drafted.report.unplaced


def test_word_without_python_docx(tmp_path: Path) -> None:
    """Without python-docx, a Word file is refused with the command that installs it."""
    code = (
        "import sys; sys.modules['docx'] = None\n"
        "import cchc_index as cc\n"
        "from cchc_index.draft import DocxUnavailableError\n"
        "try:\n"
        f"    cc.draft_ruleset({str(tmp_path / 'qd.docx')!r}, id='mau/2024/xa')\n"
        "except DocxUnavailableError as error:\n"
        "    print(error.messages('en')[0])\n"
    )
    (tmp_path / "qd.docx").write_bytes(b"PK")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 'reading Word files needs python-docx: pip install "cchc-index[docx]"' == (
        out.stdout.strip()
    )
    assert issubclass(DocxUnavailableError, cc.CchcIndexError)


def test_not_a_word_file(tmp_path: Path) -> None:
    """A .docx that is not one is the library's error."""
    pytest.importorskip("docx")
    path = tmp_path / "qd.docx"
    path.write_text("không phải tệp Word", encoding="utf-8")
    with pytest.raises(cc.RulesetError, match="cannot read the Word file"):
        read_sheet(path)


# -- properties -------------------------------------------------------------------------


@pytest.mark.property
@given(raw=raw_rulesets(max_depth=3, max_children=4), bars=st.booleans())
def test_any_tree_round_trips(raw: dict[str, Any], bars: bool) -> None:
    """Any tree rendered as a table (Markdown, or flattened with bars) drafts back to itself."""
    ruleset = parse_ruleset(raw)
    text = markdown_table(ruleset)
    if bars:  # as copied out of a PDF: no leading bars, no rule line
        text = "\n".join(
            line.strip("|").strip() for line in text.splitlines() if not line.startswith("|---")
        )
    drafted = cc.draft_ruleset(text, id=ruleset.id)
    assert tree_of(ruleset) == tree(drafted.toml)


@pytest.mark.property
@given(raw=raw_rulesets(max_depth=4, max_children=4))
def test_any_tree_numbered_as_decrees_do(raw: dict[str, Any]) -> None:
    """Rows numbered the decree's way (``I``, ``1.2``, ``a``) draft back to the whole codes."""
    ruleset = parse_ruleset(raw)
    assume(numbered_like_a_decree(ruleset))
    drafted = cc.draft_ruleset(markdown_table(ruleset, as_decrees_number=True), id=ruleset.id)
    assert tree_of(ruleset) == tree(drafted.toml)
    assert not drafted.report.unplaced


@pytest.mark.property
@given(raw=raw_rulesets(max_depth=2, kinds=("check", "bands", "linear", "per_item", "deduct")))
def test_any_rule_in_decree_words(raw: dict[str, Any]) -> None:
    """Any rule of the common kinds, worded the way decrees score, drafts back to its kind."""
    ruleset = parse_ruleset(raw)
    worded: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for node in ruleset.leaves():
        assert node.rule is not None
        words = decree_words(node.rule, node.max)
        if words is not None and node.max > 0:
            worded[node.code], kinds[node.code] = words, node.rule.name
    drafted = cc.draft_ruleset(markdown_table(ruleset, scoring=worded), id=ruleset.id)
    assert kinds == {n.code: n.kind for n in drafted.report.nodes if n.code in worded}


@pytest.mark.property
@given(text=st.text(st.sampled_from("|*\n 1.aIđ%:;-x×điểmTổng"), max_size=120) | st.text())
def test_any_text_is_read_or_refused(text: str) -> None:
    """Whatever the text, the drafter drafts it or raises the library's own error."""
    try:
        drafted = cc.draft_ruleset(text, id="mau/2024/xa")
    except cc.CchcIndexError:
        return
    tomllib.loads(drafted.toml)  # whatever it drafted is a TOML file


# -- the command ------------------------------------------------------------------------


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``cchc-index draft`` writes the rule file where the id says, and the report to stderr."""
    from cchc_index.cli import main

    output = tmp_path / "rules" / "lam-son" / "2024" / "xa" / "ruleset.toml"
    code = main(["draft", str(LAM_SON), "-o", str(output), "--keep-decree-figures"])
    captured = capsys.readouterr()
    assert (0, "") == (code, captured.out)
    assert "Dự thảo lam-son/2024/xa: đã đọc 49 dòng, xếp được 39 tiêu chí" in captured.err
    assert LAM_SON_TREE == tree_of(cc.load_ruleset(output))


def test_command_without_the_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A draft that does not load yet is still written; the exit code says it does not load."""
    from cchc_index.cli import main

    output = tmp_path / "ruleset.toml"
    code = main(["draft", str(LAM_SON), "-o", str(output), "--id", ID, "--locale", "en"])
    assert 1 == code
    assert f"{output}:" in (err := capsys.readouterr().err)
    assert "criterion 'II.9': children add up to 3" in err
    assert LAM_SON_TREE == tree(output.read_text(encoding="utf-8"))


def test_command_keeps_an_edited_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing rule file (perhaps edited by hand) is overwritten only with --force."""
    from cchc_index.cli import main

    output = tmp_path / "ruleset.toml"
    output.write_text("# đã sửa tay\n", encoding="utf-8")
    argv = ["draft", str(LAM_SON), "-o", str(output), "--id", ID, "--locale", "en"]
    assert 1 == main(argv)
    assert "the file exists: give --force to overwrite it" in capsys.readouterr().err
    assert "# đã sửa tay\n" == output.read_text(encoding="utf-8")
    assert 0 == main([*argv, "--force", "--keep-decree-figures"])
    assert LAM_SON_TREE == tree(output.read_text(encoding="utf-8"))


def test_command_bad_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An output path that names no id, without --id, is refused with the reason."""
    from cchc_index.cli import main

    assert 1 == main(["draft", str(LAM_SON), "-o", str(tmp_path / "x.toml"), "--locale", "en"])
    assert "is not <province>/<year>/<level>" in capsys.readouterr().err
